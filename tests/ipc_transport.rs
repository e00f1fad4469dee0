//! ipc:// accept filters (`ZMQ_IPC_FILTER_PID`/`_UID`/`_GID`, checked with the peer's
//! `SO_PEERCRED` on accept) and `ZMQ_USE_FD` with a Unix socket, through the socket
//! API. A refused peer is closed before any byte of the greeting; an admitted one
//! reads the greeting's first byte, 0xff.

mod common;

use std::io::Read;
use std::os::fd::AsRawFd;
use std::os::unix::net::{UnixListener, UnixStream};
use std::time::Duration;

use common::*;
use oxzmq::{Context, Socket};

const IPC_FILTER_PID: i32 = 58;
const IPC_FILTER_UID: i32 = 59;
const IPC_FILTER_GID: i32 = 60;
const USE_FD: i32 = 89;

/// Connect a plain Unix stream to `endpoint` and read what comes first: `Some(byte)`
/// if the listener admitted us, `None` if it closed the connection.
fn first_byte(endpoint: &str) -> Option<u8> {
    let mut stream = UnixStream::connect(&endpoint["ipc://".len()..]).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut byte = [0u8; 1];
    match stream.read(&mut byte).unwrap() {
        0 => None,
        _ => Some(byte[0]),
    }
}

fn filtered(ctx: &Context, option: i32, value: u32) -> (Socket, String) {
    let mut s = socket(ctx, PULL);
    s.set_option(option, Some(&value.to_ne_bytes())).unwrap();
    let endpoint = bind_fresh(&mut s, "ipc");
    (s, endpoint)
}

#[test]
fn peers_are_filtered_by_credentials() {
    let ctx = Context::new();
    let (uid, gid) = (ids::uid(), ids::gid());
    let me = std::process::id();
    let (_s, endpoint) = filtered(&ctx, IPC_FILTER_PID, me + 1);
    assert_eq!(first_byte(&endpoint), None);
    let (_s, endpoint) = filtered(&ctx, IPC_FILTER_PID, me);
    assert_eq!(first_byte(&endpoint), Some(0xff));
    let (_s, endpoint) = filtered(&ctx, IPC_FILTER_UID, uid.wrapping_add(1));
    assert_eq!(first_byte(&endpoint), None);
    let (_s, endpoint) = filtered(&ctx, IPC_FILTER_UID, uid);
    assert_eq!(first_byte(&endpoint), Some(0xff));
    let (_s, endpoint) = filtered(&ctx, IPC_FILTER_GID, gid);
    assert_eq!(first_byte(&endpoint), Some(0xff));
    // No filter: everyone.
    let mut open = socket(&ctx, PULL);
    let endpoint = bind_fresh(&mut open, "ipc");
    assert_eq!(first_byte(&endpoint), Some(0xff));
}

/// The process's own user and group ids, read from `/proc`.
mod ids {
    fn status_field(name: &str) -> u32 {
        let status = std::fs::read_to_string("/proc/self/status").unwrap();
        let line = status.lines().find(|line| line.starts_with(name)).unwrap();
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    }

    pub fn uid() -> u32 {
        status_field("Uid:")
    }

    pub fn gid() -> u32 {
        status_field("Gid:")
    }
}

#[test]
fn use_fd_adopts_a_listening_unix_socket() {
    let dir = unused_endpoint("ipc");
    let path = dir["ipc://".len()..].to_owned();
    let listener = UnixListener::bind(&path).unwrap();
    let ctx = Context::new();
    let mut server = socket(&ctx, PULL);
    set_int(&mut server, USE_FD, listener.as_raw_fd());
    server.bind("ipc:///not/this/path").unwrap();
    assert_eq!(last_endpoint(&mut server), format!("ipc://{path}"));
    let mut client = socket(&ctx, PUSH);
    client.connect(&format!("ipc://{path}")).unwrap();
    send(&mut client, b"adopted", false);
    assert_eq!(recv(&mut server).data(), b"adopted");
    drop(server);
    drop(client);
    drop(ctx);
    // The socket file is the application's: still there.
    assert!(std::path::Path::new(&path).exists());
    std::fs::remove_file(&path).unwrap();
    let _ = std::fs::remove_dir(std::path::Path::new(&path).parent().unwrap());
}

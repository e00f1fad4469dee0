//! Helpers shared by the tcp/ipc integration tests.
#![allow(dead_code)]

use oxzmq::{Context, Msg, Socket};

pub const PAIR: i32 = 0;
pub const PULL: i32 = 7;
pub const PUSH: i32 = 8;
pub const LINGER: i32 = 17;
pub const RECONNECT_IVL: i32 = 18;
pub const SNDHWM: i32 = 23;
pub const RCVHWM: i32 = 24;
pub const RCVTIMEO: i32 = 27;
pub const SNDTIMEO: i32 = 28;
pub const LAST_ENDPOINT: i32 = 32;
pub const IMMEDIATE: i32 = 39;
pub const DONTWAIT: i32 = 1;
pub const SNDMORE: i32 = 2;

/// The transports under test.
pub const TRANSPORTS: [&str; 2] = ["tcp", "ipc"];

pub fn set_int(socket: &mut Socket, option: i32, value: i32) {
    socket
        .set_option(option, Some(&value.to_ne_bytes()))
        .unwrap();
}

pub fn last_endpoint(socket: &mut Socket) -> String {
    let mut buf = [0u8; 256];
    let n = socket.get_option(LAST_ENDPOINT, &mut buf).unwrap();
    let text = buf[..n].strip_suffix(&[0]).unwrap_or(&buf[..n]);
    String::from_utf8(text.to_vec()).unwrap()
}

/// A socket whose blocking calls give up after 10 s, so a hang fails the test.
pub fn socket(ctx: &Context, kind: i32) -> Socket {
    let mut s = ctx.socket(kind).unwrap();
    set_int(&mut s, RCVTIMEO, 10_000);
    set_int(&mut s, SNDTIMEO, 10_000);
    s
}

pub fn send(socket: &mut Socket, data: &[u8], more: bool) {
    let mut msg = Msg::from_slice(data);
    socket
        .send(&mut msg, if more { SNDMORE } else { 0 })
        .unwrap();
}

pub fn recv(socket: &mut Socket) -> Msg {
    socket.recv(0).unwrap()
}

/// Bind `socket` to a fresh endpoint of `transport`; returns what to connect to.
pub fn bind_fresh(socket: &mut Socket, transport: &str) -> String {
    match transport {
        "tcp" => socket.bind("tcp://127.0.0.1:*").unwrap(),
        _ => socket.bind("ipc://*").unwrap(),
    }
    last_endpoint(socket)
}

/// An endpoint nobody listens on yet: a port the kernel just handed out and took
/// back, or a path in a fresh directory.
pub fn unused_endpoint(transport: &str) -> String {
    match transport {
        "tcp" => {
            let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            format!("tcp://{}", listener.local_addr().unwrap())
        }
        _ => {
            let dir = std::env::temp_dir().join(format!(
                "oxzmq-test-{}-{}",
                std::process::id(),
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos()
            ));
            std::fs::create_dir_all(&dir).unwrap();
            format!("ipc://{}/sock", dir.display())
        }
    }
}

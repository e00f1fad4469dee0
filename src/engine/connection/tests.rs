//! The connection engine against a ZMTP peer speaking over a socket pair.

use super::*;
use crate::ctx::io_thread::IoThread;
use crate::ctx::mailbox::Mailbox;
use crate::ctx::options::CtxOptions;
use crate::engine::SocketLink;
use crate::options::Options;
use crate::zmtp::Event;
use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::time::Duration;

/// An engine on one end of a socket pair, started in a fresh I/O thread for a
/// socket whose mailbox is returned; the other end is the wire a test speaks on.
fn start_engine(endpoint: &str) -> (IoThread, Arc<Mailbox>, UnixStream) {
    let thread = IoThread::start("engine-test", &CtxOptions::default()).unwrap();
    let socket = Arc::new(Mailbox::new().unwrap());
    let setup = Arc::new(Setup {
        socket: Arc::new(SocketLink::new(socket.clone(), 0)),
        options: Options::new(0),
        endpoint: endpoint.into(),
        conflate: false,
    });
    let (ours, wire) = UnixStream::pair().unwrap();
    ours.set_nonblocking(true).unwrap();
    let stream = Stream::Ipc(mio::net::UnixStream::from_std(ours));
    let engine = Engine::new(stream, setup, None, Instant::now()).unwrap();
    let io = thread.handle();
    let token = io.token();
    io.send(Box::new(move |reactor| {
        reactor.add(token, Box::new(engine))
    }));
    (thread, socket, wire)
}

/// A whole ZMTP 3.1 NULL handshake of a PAIR peer: greeting and READY.
fn pair_handshake() -> Vec<u8> {
    let mut bytes = vec![0xFF, 0, 0, 0, 0, 0, 0, 0, 1, 0x7F, 3, 1];
    bytes.extend_from_slice(b"NULL");
    bytes.resize(64, 0);
    bytes.extend_from_slice(b"\x04\x1a\x05READY\x0bSocket-Type\x00\x00\x00\x04PAIR");
    bytes
}

/// Write `bytes` and shut our side down while the I/O thread is held, so that one
/// readiness event reports the data and the end of stream together.
fn send_then_close_at_once(thread: &IoThread, wire: &mut UnixStream, bytes: &[u8]) {
    let (blocked_tx, blocked_rx) = std::sync::mpsc::channel();
    let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
    thread.handle().send(Box::new(move |_| {
        blocked_tx.send(()).unwrap();
        let _ = release_rx.recv();
    }));
    blocked_rx.recv().unwrap();
    wire.write_all(bytes).unwrap();
    wire.shutdown(std::net::Shutdown::Write).unwrap();
    release_tx.send(()).unwrap();
}

/// The socket's side: wait for a command in its mailbox.
fn next_command(mailbox: &Mailbox) -> Command {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let mut commands = Vec::new();
        mailbox.take_all(&mut commands);
        if let Some(command) = commands.into_iter().next() {
            return command;
        }
        assert!(mailbox.wait(Some(deadline)).unwrap(), "no command came");
    }
}

/// Read from the wire into `peer` until it has an event (sending what it has
/// to say meanwhile).
fn next_event(wire: &mut UnixStream, peer: &mut Session) -> Event {
    let mut buf = [0u8; 4096];
    loop {
        flush(wire, peer);
        if let Some(event) = peer.poll_event() {
            return event;
        }
        let n = wire.read(&mut buf).unwrap();
        assert!(n > 0, "the engine closed the connection");
        peer.feed(&buf[..n], Instant::now());
    }
}

fn flush(wire: &mut UnixStream, peer: &mut Session) {
    let mut out = Vec::new();
    peer.drain_transmit(&mut out);
    wire.write_all(&out).unwrap();
}

#[test]
fn an_accepted_connection_attaches_a_pipe_and_moves_messages_both_ways() {
    let (thread, socket, mut wire) = start_engine("ipc://@engine-test");
    // A PAIR peer on the wire: the handshake gives the socket a pipe.
    wire.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut peer = Session::new(SessionConfig::new(0), Instant::now()).unwrap();
    flush(&mut wire, &mut peer);
    match next_event(&mut wire, &mut peer) {
        Event::Ready { .. } => {}
        other => panic!("{other:?}"),
    }
    let Command::Attach(pipe) = next_command(&socket) else {
        panic!("no pipe");
    };
    let mut pipe = *pipe;
    assert_eq!(pipe.endpoint(), Some("ipc://@engine-test"));
    // Wire to socket, with the connection's metadata.
    let mut first = Msg::from_slice(b"one");
    first.set_more(true);
    peer.send(first).unwrap();
    peer.send(Msg::from_vec(vec![9u8; 100_000])).unwrap();
    flush(&mut wire, &mut peer);
    let mut got = Vec::new();
    while got.len() < 2 {
        let mut msg = Msg::new();
        if pipe.read_into(&mut msg) {
            got.push(msg);
        } else if !pipe.check_read() {
            next_command(&socket);
        }
    }
    assert_eq!(got[0].data(), b"one");
    assert!(got[0].more());
    assert_eq!(got[1].len(), 100_000);
    let meta = got[1].metadata().unwrap();
    assert_eq!(meta.get("Socket-Type"), Some(&b"PAIR"[..]));
    assert!(meta.get("Peer-Address").is_some());
    // Socket to wire.
    pipe.write(Msg::from_slice(b"back"));
    pipe.flush();
    match next_event(&mut wire, &mut peer) {
        Event::Message(msg) => assert_eq!(msg.data(), b"back"),
        other => panic!("{other:?}"),
    }
    // The socket lets go (linger 0): the engine closes the connection.
    drop(pipe);
    let mut buf = [0u8; 16];
    assert_eq!(wire.read(&mut buf).unwrap(), 0);
    thread.stop();
}

/// Data and the end of stream arrive before the engine's first read, under one
/// readiness edge: the short read that takes the data must not end reading
/// (hostile-peer suite: a half-closed connection stayed open forever).
#[test]
fn an_end_of_stream_behind_the_data_is_seen() {
    let (thread, socket, mut wire) = start_engine("ipc://@engine-eof-test");
    // A whole 3.1 NULL PAIR handshake, one message, then our side shut.
    let mut bytes = pair_handshake();
    bytes.extend_from_slice(b"\x00\x03hey");
    send_then_close_at_once(&thread, &mut wire, &bytes);
    let Command::Attach(pipe) = next_command(&socket) else {
        panic!("no pipe");
    };
    let mut pipe = *pipe;
    let mut msg = Msg::new();
    while !pipe.read_into(&mut msg) {
        if !pipe.check_read() {
            next_command(&socket);
        }
    }
    assert_eq!(msg.data(), b"hey");
    // The engine read the end of stream and closed its side.
    wire.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut rest = Vec::new();
    wire.read_to_end(&mut rest)
        .expect("the engine kept the connection open");
    drop(pipe);
    thread.stop();
}

/// A large frame (a pooled body, see `POOLED_BODY`) cut short by the peer's end of
/// stream, everything under one readiness edge: the short read into the body's own
/// buffer must not end reading, or the end of stream behind it is never seen.
#[test]
fn an_end_of_stream_behind_a_truncated_pooled_body_is_seen() {
    let (thread, socket, mut wire) = start_engine("ipc://@engine-eof-body-test");
    // A long data frame announcing 20,000 bytes, of which 19,000 come.
    let mut bytes = pair_handshake();
    bytes.push(0x02);
    bytes.extend_from_slice(&20_000u64.to_be_bytes());
    bytes.extend(std::iter::repeat_n(7u8, 19_000));
    send_then_close_at_once(&thread, &mut wire, &bytes);
    let Command::Attach(pipe) = next_command(&socket) else {
        panic!("no pipe");
    };
    // Keep the pipe: dropping it would end the engine (linger 0) and hide the bug.
    wire.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut rest = Vec::new();
    wire.read_to_end(&mut rest)
        .expect("the engine kept the connection open after the peer's end of stream");
    drop(pipe);
    thread.stop();
}

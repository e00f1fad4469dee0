//! tcp:// connection limits and timers: a peer that never finishes its handshake
//! (`ZMQ_HANDSHAKE_IVL`), a frame over `ZMQ_MAXMSGSIZE` (the connection goes, the
//! socket lives on), a silent peer detected by heartbeats, and many connections to
//! one socket.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::*;
use oxzmq::zmtp::{Event, Session, SessionConfig};
use oxzmq::{Context, Error, Msg};

const MAXMSGSIZE: i32 = 22;
const HANDSHAKE_IVL: i32 = 66;
const HEARTBEAT_IVL: i32 = 75;
const HEARTBEAT_TIMEOUT: i32 = 77;

/// Read until the peer closes the connection; returns how long that took, or `None`
/// if it stayed open for 10 s.
fn wait_for_close(stream: &mut TcpStream) -> Option<Duration> {
    let start = Instant::now();
    stream
        .set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    let mut buf = [0u8; 1024];
    while start.elapsed() < Duration::from_secs(10) {
        match stream.read(&mut buf) {
            Ok(0) => return Some(start.elapsed()),
            Ok(_) => {}
            Err(err) if err.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(err) if err.kind() == std::io::ErrorKind::TimedOut => {}
            Err(_) => return Some(start.elapsed()),
        }
    }
    None
}

/// Drive a ZMTP session of `socket_type` over `stream` until its handshake is done.
fn handshake(stream: &mut TcpStream, socket_type: i32) -> Session {
    let now = Instant::now();
    let mut peer = Session::new(SessionConfig::new(socket_type), now).unwrap();
    let mut wire = Vec::new();
    let mut buf = [0u8; 4096];
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    loop {
        peer.drain_transmit(&mut wire);
        stream.write_all(&wire).unwrap();
        wire.clear();
        if let Some(Event::Ready { .. }) = peer.poll_event() {
            return peer;
        }
        let n = stream.read(&mut buf).unwrap();
        assert!(n > 0, "closed during the handshake");
        peer.feed(&buf[..n], now);
    }
}

#[test]
fn a_peer_that_never_greets_is_dropped_after_the_handshake_interval() {
    let ctx = Context::new();
    let mut pull = socket(&ctx, PULL);
    set_int(&mut pull, HANDSHAKE_IVL, 100);
    let endpoint = bind_fresh(&mut pull, "tcp");
    let mut silent = TcpStream::connect(&endpoint["tcp://".len()..]).unwrap();
    let took = wait_for_close(&mut silent).expect("the silent peer was never dropped");
    assert!(took >= Duration::from_millis(50), "{took:?}");
    drop(pull);
    ctx.terminate().unwrap();
}

#[test]
fn an_oversized_frame_drops_the_connection_not_the_socket() {
    let ctx = Context::new();
    let mut pull = socket(&ctx, PULL);
    pull.set_option(MAXMSGSIZE, Some(&100i64.to_ne_bytes()))
        .unwrap();
    let endpoint = bind_fresh(&mut pull, "tcp");
    let mut push = socket(&ctx, PUSH);
    set_int(&mut push, RECONNECT_IVL, 10);
    push.connect(&endpoint).unwrap();
    send(&mut push, &[1u8; 100], false);
    assert_eq!(recv(&mut pull).len(), 100);
    send(&mut push, &[2u8; 101], false);
    // The PULL drops that connection and the PUSH reconnects: messages that fit
    // arrive again (those written into the dropped connection are lost), and the
    // oversized one never does.
    set_int(&mut pull, RCVTIMEO, 100);
    let mut arrived = None;
    for _ in 0..100 {
        send(&mut push, b"small", false);
        if let Ok(msg) = pull.recv(0) {
            arrived = Some(msg);
            break;
        }
    }
    assert_eq!(arrived.expect("no reconnection").data(), b"small");
    drop(push);
    drop(pull);
    ctx.terminate().unwrap();
}

#[test]
fn heartbeats_drop_a_silent_peer() {
    let ctx = Context::new();
    let mut pull = socket(&ctx, PULL);
    set_int(&mut pull, HEARTBEAT_IVL, 50);
    set_int(&mut pull, HEARTBEAT_TIMEOUT, 150);
    let endpoint = bind_fresh(&mut pull, "tcp");
    let mut stream = TcpStream::connect(&endpoint["tcp://".len()..]).unwrap();
    // A proper PUSH peer that, once connected, never answers a PING.
    let _peer = handshake(&mut stream, PUSH);
    let took = wait_for_close(&mut stream).expect("the silent peer was never dropped");
    assert!(took >= Duration::from_millis(100), "{took:?}");
    drop(pull);
    ctx.terminate().unwrap();
}

#[test]
fn many_connections_to_one_socket() {
    let ctx = Context::new();
    let mut pull = socket(&ctx, PULL);
    let endpoint = bind_fresh(&mut pull, "tcp");
    let mut pushes: Vec<_> = (0..100)
        .map(|_| {
            let mut push = socket(&ctx, PUSH);
            push.connect(&endpoint).unwrap();
            push
        })
        .collect();
    for (i, push) in pushes.iter_mut().enumerate() {
        send(push, &(i as u32).to_le_bytes(), false);
    }
    let mut seen = [false; 100];
    for _ in 0..100 {
        let msg = recv(&mut pull);
        let i = u32::from_le_bytes(msg.data().try_into().unwrap()) as usize;
        assert!(!seen[i], "duplicate");
        seen[i] = true;
    }
    // Closing them all leaves the PULL without peers, and nothing is left over.
    pushes.clear();
    set_int(&mut pull, RCVTIMEO, 50);
    assert_eq!(pull.recv(0).unwrap_err(), Error::Again);
    drop(pull);
    ctx.terminate().unwrap();
}

#[test]
fn connect_and_close_cycles() {
    let ctx = Context::new();
    let mut pull = socket(&ctx, PULL);
    let endpoint = bind_fresh(&mut pull, "tcp");
    for i in 0..300u32 {
        let mut push = socket(&ctx, PUSH);
        push.connect(&endpoint).unwrap();
        send(&mut push, &i.to_le_bytes(), false);
        drop(push);
        let msg = recv(&mut pull);
        assert_eq!(msg.data(), &i.to_le_bytes());
    }
    let mut msg = Msg::new();
    assert_eq!(
        pull.recv_into(&mut msg, DONTWAIT).unwrap_err(),
        Error::Again
    );
    drop(pull);
    ctx.terminate().unwrap();
}

//! tcp:// and ipc:// connection lifecycle: connect before bind, reconnection after
//! the peer goes and comes back, socket types refused at the handshake, linger on
//! close, unbind/disconnect, and the errors of bind and connect.

mod common;

use std::io::{Read, Write};
use std::time::Instant;

use common::*;
use oxzmq::zmtp::{Event, Session, SessionConfig};
use oxzmq::{Context, Error, Msg};

#[test]
fn connect_before_bind_delivers_what_was_queued() {
    for transport in TRANSPORTS {
        let ctx = Context::new();
        let endpoint = unused_endpoint(transport);
        let mut push = socket(&ctx, PUSH);
        set_int(&mut push, RECONNECT_IVL, 10);
        push.connect(&endpoint).unwrap();
        for i in 0..5u8 {
            send(&mut push, &[i], false);
        }
        let mut pull = socket(&ctx, PULL);
        pull.bind(&endpoint).unwrap();
        for i in 0..5u8 {
            assert_eq!(recv(&mut pull).data(), &[i], "{transport}");
        }
        drop(push);
        drop(pull);
        ctx.terminate().unwrap();
    }
}

#[test]
fn reconnects_after_the_peer_is_closed_and_rebound() {
    for transport in TRANSPORTS {
        let ctx = Context::new();
        let endpoint = unused_endpoint(transport);
        let mut pull = socket(&ctx, PULL);
        pull.bind(&endpoint).unwrap();
        let mut push = socket(&ctx, PUSH);
        set_int(&mut push, RECONNECT_IVL, 10);
        push.connect(&endpoint).unwrap();
        send(&mut push, b"before", false);
        assert_eq!(recv(&mut pull).data(), b"before");
        drop(pull);
        let mut pull = socket(&ctx, PULL);
        set_int(&mut pull, RCVTIMEO, 100);
        pull.bind(&endpoint).unwrap();
        // Messages written into the dying connection may be lost; keep sending
        // until one comes through the new one.
        let start = Instant::now();
        let mut arrived = None;
        for i in 0..200u32 {
            send(&mut push, &i.to_le_bytes(), false);
            if let Ok(msg) = pull.recv(0) {
                arrived = Some(msg);
                break;
            }
        }
        let msg = arrived.unwrap_or_else(|| panic!("{transport}: no reconnection"));
        assert_eq!(msg.len(), 4);
        assert!(start.elapsed().as_secs() < 10);
        drop(push);
        drop(pull);
        ctx.terminate().unwrap();
    }
}

#[test]
fn incompatible_socket_types_are_refused_at_the_handshake() {
    for transport in TRANSPORTS {
        let ctx = Context::new();
        let mut pair = socket(&ctx, PAIR);
        let endpoint = bind_fresh(&mut pair, transport);
        // A PUSH may not talk to a PAIR: its messages never arrive, and the PAIR
        // is still free for a proper peer.
        let mut push = socket(&ctx, PUSH);
        push.connect(&endpoint).unwrap();
        send(&mut push, b"wrong", false);
        let mut other = socket(&ctx, PAIR);
        other.connect(&endpoint).unwrap();
        send(&mut other, b"right", false);
        assert_eq!(recv(&mut pair).data(), b"right");
        set_int(&mut pair, RCVTIMEO, 200);
        assert_eq!(pair.recv(0).unwrap_err(), Error::Again);
        set_int(&mut push, LINGER, 0);
        drop(push);
        drop(other);
        drop(pair);
        ctx.terminate().unwrap();
    }
}

#[test]
fn push_to_push_is_refused_on_the_wire() {
    let ctx = Context::new();
    let mut push = socket(&ctx, PUSH);
    let endpoint = bind_fresh(&mut push, "tcp");
    let mut stream = std::net::TcpStream::connect(&endpoint["tcp://".len()..]).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    // A hand-driven ZMTP peer announcing PUSH.
    let now = Instant::now();
    let mut peer = Session::new(SessionConfig::new(PUSH), now).unwrap();
    let mut wire = Vec::new();
    let mut buf = [0u8; 4096];
    let outcome = loop {
        peer.drain_transmit(&mut wire);
        if !wire.is_empty() && stream.write_all(&wire).is_err() {
            break None;
        }
        wire.clear();
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break None,
            Ok(n) => peer.feed(&buf[..n], now),
        }
        match peer.poll_event() {
            Some(Event::Ready { .. }) => break Some("ready"),
            Some(Event::Error(_)) => break None,
            _ => {}
        }
    };
    assert_eq!(outcome, None, "the PUSH accepted a PUSH peer");
    // The socket has no peer: nothing can be sent.
    let mut msg = Msg::from_slice(b"x");
    assert_eq!(push.send(&mut msg, DONTWAIT).unwrap_err(), Error::Again);
    drop(push);
    ctx.terminate().unwrap();
}

#[test]
fn linger_delivers_queued_messages_after_close() {
    for transport in TRANSPORTS {
        let receiving = Context::new();
        let mut pull = socket(&receiving, PULL);
        let endpoint = bind_fresh(&mut pull, transport);
        let sending = Context::new();
        let mut push = socket(&sending, PUSH);
        push.connect(&endpoint).unwrap();
        let payload = vec![3u8; 1000];
        for _ in 0..2000 {
            send(&mut push, &payload, false);
        }
        // Default linger (-1): closing and terminating wait until all is sent. The
        // receiver reads meanwhile (2 MB do not fit in its queue and the kernel's).
        let receiver = std::thread::spawn(move || {
            for _ in 0..2000 {
                assert_eq!(recv(&mut pull).len(), 1000);
            }
            pull
        });
        drop(push);
        sending.terminate().unwrap();
        let pull = receiver.join().unwrap();
        drop(pull);
        receiving.terminate().unwrap();
    }
}

#[test]
fn linger_waits_for_a_peer_that_binds_after_the_close() {
    for transport in TRANSPORTS {
        let endpoint = unused_endpoint(transport);
        let sending = Context::new();
        let mut push = socket(&sending, PUSH);
        set_int(&mut push, RECONNECT_IVL, 10);
        push.connect(&endpoint).unwrap();
        send(&mut push, b"late", false);
        drop(push);
        let terminating = std::thread::spawn(move || sending.terminate());
        let receiving = Context::new();
        let mut pull = socket(&receiving, PULL);
        pull.bind(&endpoint).unwrap();
        assert_eq!(recv(&mut pull).data(), b"late", "{transport}");
        terminating.join().unwrap().unwrap();
        drop(pull);
        receiving.terminate().unwrap();
    }
}

#[test]
fn linger_zero_does_not_wait() {
    let endpoint = unused_endpoint("tcp");
    let ctx = Context::new();
    let mut push = socket(&ctx, PUSH);
    push.connect(&endpoint).unwrap();
    send(&mut push, b"never", false);
    set_int(&mut push, LINGER, 0);
    drop(push);
    let start = Instant::now();
    ctx.terminate().unwrap();
    assert!(start.elapsed().as_secs() < 5);
}

#[test]
fn a_finite_linger_gives_up_on_an_absent_peer() {
    let endpoint = unused_endpoint("tcp");
    let ctx = Context::new();
    let mut push = socket(&ctx, PUSH);
    push.connect(&endpoint).unwrap();
    send(&mut push, b"nobody", false);
    set_int(&mut push, LINGER, 200);
    drop(push);
    let start = Instant::now();
    ctx.terminate().unwrap();
    let took = start.elapsed();
    assert!(took.as_millis() >= 150, "{took:?}");
    assert!(took.as_secs() < 5, "{took:?}");
}

#[test]
fn bind_and_connect_errors() {
    let ctx = Context::new();
    let mut a = socket(&ctx, PULL);
    let mut b = socket(&ctx, PULL);
    let endpoint = bind_fresh(&mut a, "tcp");
    assert_eq!(b.bind(&endpoint).unwrap_err(), Error::AddrInUse);
    assert_eq!(Error::AddrInUse.errno(), 98);
    assert_eq!(b.connect("tcp://127.0.0.1:*").unwrap_err(), Error::Invalid);
    assert_eq!(b.connect("tcp://127.0.0.1").unwrap_err(), Error::Invalid);
    assert_eq!(b.bind("tcp://nonsense:*").unwrap_err(), Error::NoDevice);
    // An ipc path a live socket holds is refused (libzmq would steal it).
    let ipc = unused_endpoint("ipc");
    a.bind(&ipc).unwrap();
    assert_eq!(b.bind(&ipc).unwrap_err(), Error::AddrInUse);
    assert_eq!(b.unbind(&ipc).unwrap_err(), Error::NotFound);
    assert_eq!(b.disconnect(&ipc).unwrap_err(), Error::NotFound);
    // Unbind by the resolved endpoint; the wildcard string names nothing.
    assert_eq!(a.unbind("tcp://127.0.0.1:*").unwrap_err(), Error::NotFound);
    a.unbind(&endpoint).unwrap();
    let path = ipc["ipc://".len()..].to_owned();
    assert!(std::path::Path::new(&path).exists());
    a.unbind(&ipc).unwrap();
    // The listeners are closed when unbind returns: the port and the path are free
    // again (the file is gone), and rebinding works at once.
    assert!(!std::path::Path::new(&path).exists());
    b.bind(&endpoint).unwrap();
    b.bind(&ipc).unwrap();
    assert!(std::path::Path::new(&path).exists());
    // ipc://* makes a private directory, removed with the file.
    let any = bind_fresh(&mut a, "ipc");
    let any_path = std::path::PathBuf::from(&any["ipc://".len()..]);
    assert!(any_path.exists());
    a.unbind(&any).unwrap();
    assert!(!any_path.parent().unwrap().exists());
    drop(a);
    drop(b);
    ctx.terminate().unwrap();
    assert!(!std::path::Path::new(&path).exists());
}

#[test]
fn disconnect_stops_the_flow() {
    let ctx = Context::new();
    let mut pull = socket(&ctx, PULL);
    let endpoint = bind_fresh(&mut pull, "tcp");
    let mut push = socket(&ctx, PUSH);
    push.connect(&endpoint).unwrap();
    send(&mut push, b"one", false);
    assert_eq!(recv(&mut pull).data(), b"one");
    push.disconnect(&endpoint).unwrap();
    assert_eq!(push.disconnect(&endpoint).unwrap_err(), Error::NotFound);
    let mut msg = Msg::from_slice(b"two");
    assert_eq!(push.send(&mut msg, DONTWAIT).unwrap_err(), Error::Again);
    drop(push);
    drop(pull);
    ctx.terminate().unwrap();
}

#[test]
fn immediate_connects_queue_nothing_before_the_handshake() {
    let ctx = Context::new();
    let endpoint = unused_endpoint("tcp");
    let mut push = socket(&ctx, PUSH);
    set_int(&mut push, IMMEDIATE, 1);
    set_int(&mut push, RECONNECT_IVL, 10);
    push.connect(&endpoint).unwrap();
    let mut msg = Msg::from_slice(b"x");
    assert_eq!(push.send(&mut msg, DONTWAIT).unwrap_err(), Error::Again);
    let mut pull = socket(&ctx, PULL);
    pull.bind(&endpoint).unwrap();
    // The pipe appears with the connection; a blocking send waits for it.
    send(&mut push, b"after", false);
    assert_eq!(recv(&mut pull).data(), b"after");
    drop(push);
    drop(pull);
    ctx.terminate().unwrap();
}

#[test]
fn a_pair_keeps_the_endpoint_its_peer_made_it_refuse() {
    // As libzmq: a PAIR connected to one peer accepts a second zmq_connect and
    // keeps that endpoint (zmq_disconnect finds it), though nothing flows there.
    for transport in TRANSPORTS {
        let ctx = Context::new();
        let mut first = socket(&ctx, PAIR);
        let mut second = socket(&ctx, PAIR);
        let first_endpoint = bind_fresh(&mut first, transport);
        let second_endpoint = bind_fresh(&mut second, transport);
        let mut client = socket(&ctx, PAIR);
        client.connect(&first_endpoint).unwrap();
        client.connect(&second_endpoint).unwrap();
        send(&mut client, b"to the first", false);
        assert_eq!(recv(&mut first).data(), b"to the first");
        assert_eq!(client.disconnect(&second_endpoint), Ok(()));
        assert_eq!(client.disconnect(&second_endpoint), Err(Error::NotFound));
        send(&mut first, b"back", false);
        assert_eq!(recv(&mut client).data(), b"back");
        set_int(&mut client, LINGER, 0);
        drop((client, first, second));
        ctx.terminate().unwrap();
    }
}

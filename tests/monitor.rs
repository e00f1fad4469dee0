//! The socket monitor end to end, over tcp:// and ipc://: the events of a connection's
//! life on both sides, reconnection, bind failures, unbind and close, a peer that
//! breaks the handshake, the version 2 format with both endpoints, pipe statistics,
//! and starting, replacing and stopping monitors. Every wait is on an event.

mod common;

use std::io::{Read, Write};

use common::*;
use oxzmq::poll::{POLLIN, PollEntry, poll_entries};
use oxzmq::{Context, Error, Socket};

const ALL: u64 = 0xFFFF;
const CONNECTED: u64 = 0x0001;
const CONNECT_DELAYED: u64 = 0x0002;
const CONNECT_RETRIED: u64 = 0x0004;
const LISTENING: u64 = 0x0008;
const BIND_FAILED: u64 = 0x0010;
const ACCEPTED: u64 = 0x0020;
const CLOSED: u64 = 0x0080;
const DISCONNECTED: u64 = 0x0200;
const MONITOR_STOPPED: u64 = 0x0400;
const HANDSHAKE_FAILED_NO_DETAIL: u64 = 0x0800;
const HANDSHAKE_SUCCEEDED: u64 = 0x1000;
const HANDSHAKE_FAILED_PROTOCOL: u64 = 0x2000;
const PIPES_STATS: u64 = 0x1_0000;
const MECHANISM_MISMATCH: u64 = 0x1100_0002;

/// One event as a monitor reader sees it (version 1 has one value and one endpoint,
/// kept in `local`... or `remote`: the test compares the one it knows).
#[derive(Debug)]
struct Event {
    id: u64,
    values: Vec<u64>,
    /// Version 1: the endpoint; version 2: the local endpoint.
    local: String,
    /// Version 2 only.
    remote: String,
}

fn text(msg: &oxzmq::Msg) -> String {
    String::from_utf8(msg.data().to_vec()).unwrap()
}

fn read_v1(reader: &mut Socket) -> Event {
    let head = recv(reader);
    assert!(head.more());
    assert_eq!(head.len(), 6);
    let d = head.data();
    let endpoint = recv(reader);
    assert!(!endpoint.more());
    Event {
        id: u64::from(u16::from_ne_bytes([d[0], d[1]])),
        values: vec![u64::from(u32::from_ne_bytes([d[2], d[3], d[4], d[5]]))],
        local: text(&endpoint),
        remote: String::new(),
    }
}

fn word(msg: &oxzmq::Msg) -> u64 {
    assert!(msg.more());
    u64::from_ne_bytes(msg.data().try_into().unwrap())
}

fn read_v2(reader: &mut Socket) -> Event {
    let id = word(&recv(reader));
    let count = word(&recv(reader));
    let values = (0..count).map(|_| word(&recv(reader))).collect();
    let local = recv(reader);
    assert!(local.more());
    let remote = recv(reader);
    assert!(!remote.more());
    Event {
        id,
        values,
        local: text(&local),
        remote: text(&remote),
    }
}

/// Start a monitor of `socket` on a fresh inproc name and connect a reader to it.
fn watch(ctx: &Context, socket: &mut Socket, name: &str, events: u64, version: i32) -> Socket {
    let endpoint = format!("inproc://{name}");
    socket
        .monitor(Some(&endpoint), events, version, PAIR)
        .unwrap();
    let mut reader = common::socket(ctx, PAIR);
    reader.connect(&endpoint).unwrap();
    reader
}

/// Read version 1 events until `id` comes; the ones skipped must be among `allowed`.
fn expect_v1(reader: &mut Socket, id: u64, allowed: &[u64]) -> Event {
    loop {
        let event = read_v1(reader);
        if event.id == id {
            return event;
        }
        assert!(
            allowed.contains(&event.id),
            "waiting for {id:#x}, got {event:?}"
        );
    }
}

#[test]
fn a_connection_life_on_both_sides() {
    for transport in TRANSPORTS {
        let ctx = Context::new();
        let mut server = socket(&ctx, PAIR);
        let mut client = socket(&ctx, PAIR);
        let mut server_events = watch(&ctx, &mut server, &format!("s-{transport}"), ALL, 1);
        let mut client_events = watch(&ctx, &mut client, &format!("c-{transport}"), ALL, 1);
        let endpoint = bind_fresh(&mut server, transport);
        let listening = read_v1(&mut server_events);
        assert_eq!(
            (listening.id, listening.local.as_str()),
            (LISTENING, &*endpoint)
        );
        assert!(listening.values[0] > 2, "a descriptor: {listening:?}");

        client.connect(&endpoint).unwrap();
        if transport == "tcp" {
            // As libzmq: a TCP connect is first under way (EINPROGRESS).
            let delayed = read_v1(&mut client_events);
            assert_eq!(delayed.id, CONNECT_DELAYED);
            assert_eq!(delayed.values[0], libc::EINPROGRESS as u64);
            assert_eq!(delayed.local, endpoint);
        }
        let connected = read_v1(&mut client_events);
        assert_eq!(connected.id, CONNECTED);
        assert_eq!(connected.local, endpoint);
        let shake = read_v1(&mut client_events);
        assert_eq!((shake.id, shake.values[0]), (HANDSHAKE_SUCCEEDED, 0));

        let accepted = read_v1(&mut server_events);
        assert_eq!(accepted.id, ACCEPTED);
        assert!(accepted.local.starts_with(&format!("{transport}://")));
        let fd = accepted.values[0];
        assert_eq!(read_v1(&mut server_events).id, HANDSHAKE_SUCCEEDED);

        send(&mut client, b"hello", false);
        assert_eq!(recv(&mut server).data(), b"hello");

        // The client goes: its monitor stops; the server sees the connection lost.
        set_int(&mut client, LINGER, 0);
        drop(client);
        assert_eq!(read_v1(&mut client_events).id, MONITOR_STOPPED);
        let lost = read_v1(&mut server_events);
        assert_eq!((lost.id, lost.values[0]), (DISCONNECTED, fd));

        // The server closes: its listener, then its monitor.
        drop(server);
        let closed = read_v1(&mut server_events);
        assert_eq!((closed.id, closed.local.as_str()), (CLOSED, &*endpoint));
        assert_eq!(read_v1(&mut server_events).id, MONITOR_STOPPED);
        drop(server_events);
        drop(client_events);
        ctx.terminate().unwrap();
    }
}

#[test]
fn a_connect_to_nobody_is_retried_at_the_reconnect_interval() {
    for transport in TRANSPORTS {
        let ctx = Context::new();
        let mut client = socket(&ctx, PAIR);
        set_int(&mut client, RECONNECT_IVL, 50);
        let mut events = watch(&ctx, &mut client, &format!("retry-{transport}"), ALL, 1);
        let endpoint = unused_endpoint(transport);
        client.connect(&endpoint).unwrap();
        if transport == "tcp" {
            let delayed = read_v1(&mut events);
            assert_eq!(delayed.id, CONNECT_DELAYED);
        }
        // As libzmq: the descriptor of the failed attempt is reported closed (an ipc
        // connect fails at once), then the next attempt is scheduled.
        let closed = read_v1(&mut events);
        assert_eq!((closed.id, closed.local.as_str()), (CLOSED, &*endpoint));
        assert!(closed.values[0] > 2, "a descriptor: {closed:?}");
        let retried = read_v1(&mut events);
        assert_eq!(retried.id, CONNECT_RETRIED);
        assert_eq!(retried.local, endpoint);
        // The wait is the interval plus a random part of it.
        assert!((50..100).contains(&retried.values[0]), "{retried:?}");
        // And again, while nobody listens.
        expect_v1(&mut events, CONNECT_RETRIED, &[CONNECT_DELAYED, CLOSED]);
        drop(client);
        expect_v1(
            &mut events,
            MONITOR_STOPPED,
            &[CONNECT_DELAYED, CLOSED, CONNECT_RETRIED],
        );
        drop(events);
        ctx.terminate().unwrap();
    }
}

#[test]
fn bind_failures_and_unbind_are_reported() {
    let ctx = Context::new();
    let mut first = socket(&ctx, PAIR);
    let endpoint = bind_fresh(&mut first, "tcp");
    let mut second = socket(&ctx, PAIR);
    let mut events = watch(&ctx, &mut second, "bind-failed", ALL, 1);
    assert_eq!(second.bind(&endpoint), Err(Error::AddrInUse));
    // As libzmq: the socket it made is reported closed first, with no name (a tcp
    // listener is named once it listens).
    let closed = read_v1(&mut events);
    assert_eq!((closed.id, closed.local.as_str()), (CLOSED, ""));
    assert!(closed.values[0] > 2, "a descriptor: {closed:?}");
    let failed = read_v1(&mut events);
    assert_eq!(failed.id, BIND_FAILED);
    assert_eq!(failed.values[0], libc::EADDRINUSE as u64);
    // As libzmq: the address without its scheme.
    assert_eq!(failed.local, endpoint.trim_start_matches("tcp://"));

    // An ipc name in use: the closed socket is named by the endpoint.
    let name = format!("ipc://@oxzmq-monitor-taken-{}", std::process::id());
    first.bind(&name).unwrap();
    assert_eq!(second.bind(&name), Err(Error::AddrInUse));
    let closed = read_v1(&mut events);
    assert_eq!((closed.id, closed.local.as_str()), (CLOSED, &*name));
    let failed = read_v1(&mut events);
    assert_eq!(
        (failed.id, failed.local.as_str()),
        (BIND_FAILED, &name[6..])
    );

    // Nothing was opened for an unknown interface: BIND_FAILED alone (the next
    // event is the LISTENING below).
    assert_eq!(second.bind("tcp://no-such-if0:*"), Err(Error::NoDevice));
    let failed = read_v1(&mut events);
    assert_eq!(
        (failed.id, failed.values[0]),
        (BIND_FAILED, libc::ENODEV as u64)
    );

    let mine = bind_fresh(&mut second, "ipc");
    assert_eq!(read_v1(&mut events).id, LISTENING);
    second.unbind(&mine).unwrap();
    let closed = read_v1(&mut events);
    assert_eq!((closed.id, closed.local.as_str()), (CLOSED, &*mine));
    second.monitor(None, 0, 1, PAIR).unwrap();
    assert_eq!(read_v1(&mut events).id, MONITOR_STOPPED);
    drop((first, second, events));
    ctx.terminate().unwrap();
}

/// Wait until `socket`'s `ZMQ_FD` says a command may have come.
fn wait_for_command(socket: &Socket) {
    let mut fd = libc::pollfd {
        fd: socket.fd(),
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one valid pollfd.
    let ready = unsafe { libc::poll(&mut fd, 1, 10_000) };
    assert_eq!(ready, 1, "no command came");
}

#[test]
fn a_connection_lost_for_good_forgets_its_endpoint() {
    // As libzmq: with ZMQ_RECONNECT_IVL 0 or -1 a lost connection is not made
    // again, and the socket forgets the endpoint: zmq_disconnect is ENOENT.
    for (transport, ivl) in [("tcp", -1), ("tcp", 0), ("ipc", -1)] {
        let ctx = Context::new();
        let mut server = socket(&ctx, PAIR);
        let endpoint = bind_fresh(&mut server, transport);
        let mut client = socket(&ctx, PAIR);
        set_int(&mut client, RECONNECT_IVL, ivl);
        let mut events = watch(&ctx, &mut client, &format!("gone-{transport}{ivl}"), ALL, 1);
        client.connect(&endpoint).unwrap();
        expect_v1(
            &mut events,
            HANDSHAKE_SUCCEEDED,
            &[CONNECT_DELAYED, CONNECTED],
        );
        send(&mut server, b"last words", false);
        assert_eq!(recv(&mut client).data(), b"last words");
        send(&mut server, b"unread", false);
        // Once it is in the client's queue, the server goes.
        let mut entry = [PollEntry {
            fd: client.fd(),
            socket: true,
            events: POLLIN,
            revents: 0,
        }];
        assert_eq!(
            poll_entries(&mut entry, 10_000, None, |_| client.events()),
            Ok(1)
        );
        set_int(&mut server, LINGER, 0);
        drop(server);
        expect_v1(&mut events, DISCONNECTED, &[]);
        // The socket is told right after the event (nothing else is on its way).
        wait_for_command(&client);
        assert_eq!(client.disconnect(&endpoint), Err(Error::NotFound));
        // What came in before the loss can still be read.
        assert_eq!(recv(&mut client).data(), b"unread");
        drop((client, events));
        ctx.terminate().unwrap();
    }

    // A peer that breaks the protocol is not called again either, but libzmq
    // keeps its endpoint: the disconnect succeeds.
    let ctx = Context::new();
    let raw = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = format!("tcp://{}", raw.local_addr().unwrap());
    let mut client = socket(&ctx, PAIR);
    let mut events = watch(&ctx, &mut client, "gone-protocol", ALL, 1);
    client.connect(&endpoint).unwrap();
    let (mut peer, _) = raw.accept().unwrap();
    let mut greeting = [0u8; 64];
    greeting[0] = 0xFF;
    greeting[9] = 0x7F;
    greeting[10] = 3;
    greeting[12..17].copy_from_slice(b"PLAIN");
    peer.write_all(&greeting).unwrap();
    expect_v1(
        &mut events,
        DISCONNECTED,
        &[CONNECT_DELAYED, CONNECTED, HANDSHAKE_FAILED_PROTOCOL],
    );
    assert_eq!(client.disconnect(&endpoint), Ok(()));
    drop((client, events, peer));
    ctx.terminate().unwrap();
}

#[test]
fn a_tcp_refusal_under_reconnect_stop_forgets_the_endpoint() {
    // Draft ZMQ_RECONNECT_STOP with ZMQ_RECONNECT_STOP_CONN_REFUSED: as libzmq's
    // tcp connecter, the refused endpoint is forgotten.
    const RECONNECT_STOP: i32 = 109;
    let ctx = Context::new();
    let mut client = socket(&ctx, PAIR);
    set_int(&mut client, RECONNECT_STOP, 1);
    let mut events = watch(&ctx, &mut client, "refused-stop", ALL, 1);
    let endpoint = unused_endpoint("tcp");
    client.connect(&endpoint).unwrap();
    expect_v1(&mut events, CLOSED, &[CONNECT_DELAYED]);
    // Nothing has taken the socket's commands since the connect.
    wait_for_command(&client);
    assert_eq!(client.disconnect(&endpoint), Err(Error::NotFound));
    drop((client, events));
    ctx.terminate().unwrap();
}

#[test]
fn a_peer_with_another_mechanism_fails_the_handshake() {
    let ctx = Context::new();
    let mut server = socket(&ctx, PAIR);
    let mut events = watch(&ctx, &mut server, "bad-greeting", ALL, 1);
    let endpoint = bind_fresh(&mut server, "tcp");
    assert_eq!(read_v1(&mut events).id, LISTENING);
    let mut raw = std::net::TcpStream::connect(endpoint.trim_start_matches("tcp://")).unwrap();
    // A ZMTP 3.0 greeting asking for PLAIN, which the NULL server does not speak.
    let mut greeting = [0u8; 64];
    greeting[0] = 0xFF;
    greeting[9] = 0x7F;
    greeting[10] = 3;
    greeting[12..17].copy_from_slice(b"PLAIN");
    raw.write_all(&greeting).unwrap();
    assert_eq!(read_v1(&mut events).id, ACCEPTED);
    let failed = read_v1(&mut events);
    assert_eq!(failed.id, HANDSHAKE_FAILED_PROTOCOL);
    assert_eq!(failed.values[0], MECHANISM_MISMATCH);
    assert_eq!(read_v1(&mut events).id, DISCONNECTED);
    // The server closed the connection.
    let mut rest = Vec::new();
    raw.set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    raw.read_to_end(&mut rest).unwrap();
    drop((server, events));
    ctx.terminate().unwrap();
}

#[test]
fn a_peer_that_hangs_up_during_the_handshake_is_reported() {
    let ctx = Context::new();
    let mut server = socket(&ctx, PAIR);
    let mut events = watch(&ctx, &mut server, "hang-up", ALL, 1);
    let endpoint = bind_fresh(&mut server, "tcp");
    assert_eq!(read_v1(&mut events).id, LISTENING);
    let mut raw = std::net::TcpStream::connect(endpoint.trim_start_matches("tcp://")).unwrap();
    // One byte of the server's signature, then away: the unread rest makes the
    // close a reset.
    let mut first = [0u8; 1];
    raw.read_exact(&mut first).unwrap();
    assert_eq!(first[0], 0xFF);
    drop(raw);
    let accepted = read_v1(&mut events);
    assert_eq!(accepted.id, ACCEPTED);
    let failed = read_v1(&mut events);
    assert_eq!(failed.id, HANDSHAKE_FAILED_NO_DETAIL);
    assert_eq!(failed.values[0], libc::ECONNRESET as u64);
    let lost = read_v1(&mut events);
    assert_eq!(
        (lost.id, lost.values[0]),
        (DISCONNECTED, accepted.values[0])
    );
    drop((server, events));
    ctx.terminate().unwrap();
}

#[test]
fn version_2_names_both_endpoints() {
    let ctx = Context::new();
    let mut server = socket(&ctx, PAIR);
    let mut client = socket(&ctx, PAIR);
    let mut events = watch(&ctx, &mut server, "v2", ALL | PIPES_STATS, 2);
    let endpoint = bind_fresh(&mut server, "tcp");
    let listening = read_v2(&mut events);
    assert_eq!(listening.id, LISTENING);
    assert_eq!(listening.values.len(), 1);
    assert_eq!(
        (listening.local.as_str(), listening.remote.as_str()),
        (&*endpoint, "")
    );
    client.connect(&endpoint).unwrap();
    let accepted = read_v2(&mut events);
    assert_eq!(accepted.id, ACCEPTED);
    assert_eq!(accepted.local, endpoint);
    assert!(
        accepted.remote.starts_with("tcp://127.0.0.1:"),
        "{accepted:?}"
    );
    assert_ne!(accepted.remote, endpoint);
    let shake = read_v2(&mut events);
    assert_eq!(
        (shake.id, shake.values.clone()),
        (HANDSHAKE_SUCCEEDED, vec![0])
    );
    assert_eq!(shake.remote, accepted.remote);
    drop(client);
    drop(server);
    // The listener's CLOSED, and the connection's loss if the server saw it first.
    let mut seen = Vec::new();
    let last = loop {
        let event = read_v2(&mut events);
        if event.id == MONITOR_STOPPED {
            break event;
        }
        assert!([CLOSED, DISCONNECTED].contains(&event.id), "{event:?}");
        seen.push(event.id);
    };
    assert!(seen.contains(&CLOSED), "{seen:?}");
    assert_eq!((last.local.as_str(), last.remote.as_str()), ("", ""));
    drop(events);
    ctx.terminate().unwrap();
}

#[test]
fn pipe_statistics_count_what_waits_in_each_queue() {
    for transport in TRANSPORTS {
        let ctx = Context::new();
        let mut pull = socket(&ctx, PULL);
        let mut push = socket(&ctx, PUSH);
        // Not asked for: EINVAL.
        assert_eq!(pull.monitor_pipes_stats(), Err(Error::Invalid));
        let name = format!("stats-{transport}");
        let mut events = watch(&ctx, &mut pull, &name, PIPES_STATS, 2);
        // No pipe yet: EAGAIN.
        assert_eq!(pull.monitor_pipes_stats(), Err(Error::Again));
        let endpoint = bind_fresh(&mut pull, transport);
        push.connect(&endpoint).unwrap();
        for i in 0..5u8 {
            send(&mut push, &[i], false);
        }
        // Wait for the first message: the connection's pipe is there.
        let mut entry = [PollEntry {
            fd: pull.fd(),
            socket: true,
            events: POLLIN,
            revents: 0,
        }];
        assert_eq!(
            poll_entries(&mut entry, 10_000, None, |_| pull.events()),
            Ok(1)
        );
        // Ask until all five wait in the PULL's inbound queue (each answer is an
        // event the loop reads).
        let mut attempts = 0;
        loop {
            match pull.monitor_pipes_stats() {
                Ok(()) => {
                    let stats = read_v2(&mut events);
                    assert_eq!(stats.id, PIPES_STATS);
                    assert_eq!(stats.values.len(), 2);
                    assert_eq!(stats.local, endpoint);
                    if transport == "tcp" {
                        // The connection's peer, as the ACCEPTED event named it.
                        assert!(stats.remote.starts_with("tcp://127.0.0.1:"), "{stats:?}");
                        assert_ne!(stats.remote, endpoint);
                    } else {
                        // The connecting side of a Unix-domain socket has no name.
                        assert_eq!(stats.remote, "ipc://");
                    }
                    assert_eq!(stats.values[0], 0, "a PULL sends nothing");
                    if stats.values[1] == 5 {
                        break;
                    }
                    assert!(stats.values[1] < 5);
                }
                Err(err) => panic!("{err:?}"),
            }
            attempts += 1;
            assert!(attempts < 1_000_000, "the messages never arrived");
        }
        assert_eq!(recv(&mut pull).data(), &[0]);
        pull.monitor_pipes_stats().unwrap();
        assert_eq!(read_v2(&mut events).values, vec![0, 4]);
        drop((push, pull, events));
        ctx.terminate().unwrap();
    }
}

#[test]
fn monitors_start_replace_stop_and_check_their_arguments() {
    let ctx = Context::new();
    let mut s = socket(&ctx, PAIR);
    assert_eq!(
        s.monitor(Some("tcp://127.0.0.1:1"), ALL, 1, PAIR),
        Err(Error::ProtocolNotSupported)
    );
    assert_eq!(
        s.monitor(Some("inproc://x"), ALL | PIPES_STATS, 1, PAIR),
        Err(Error::Invalid)
    );
    assert_eq!(
        s.monitor(Some("inproc://x"), ALL, 2, 5),
        Err(Error::Invalid)
    );
    // A PUSH publisher, read by a PULL.
    s.monitor(Some("inproc://first"), ALL, 1, PUSH).unwrap();
    let mut first = socket(&ctx, PULL);
    first.connect("inproc://first").unwrap();
    bind_fresh(&mut s, "tcp");
    assert_eq!(read_v1(&mut first).id, LISTENING);
    // A second monitor replaces the first, which says it stopped.
    let mut second = watch(&ctx, &mut s, "second", ALL, 2);
    assert_eq!(read_v1(&mut first).id, MONITOR_STOPPED);
    bind_fresh(&mut s, "ipc");
    assert_eq!(read_v2(&mut second).id, LISTENING);
    // The first endpoint was released with its monitor: it can be bound again.
    let mut other = socket(&ctx, PAIR);
    other.bind("inproc://first").unwrap();
    // A monitor without MONITOR_STOPPED in its mask stops silently.
    s.monitor(None, 0, 1, PAIR).unwrap();
    assert_eq!(read_v2(&mut second).id, MONITOR_STOPPED);
    let mut quiet = watch(&ctx, &mut s, "quiet", LISTENING, 1);
    s.monitor(None, 0, 1, PAIR).unwrap();
    bind_fresh(&mut s, "ipc");
    quiet
        .set_option(RCVTIMEO, Some(&0i32.to_ne_bytes()))
        .unwrap();
    assert_eq!(quiet.recv(0).err(), Some(Error::Again));
    drop((s, first, second, other, quiet));
    ctx.terminate().unwrap();
}

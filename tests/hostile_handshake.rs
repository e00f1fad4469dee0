//! Hostile and broken peers during the greeting and the handshake, over tcp:// and
//! ipc://, with oxzmq binding and connecting: a wrong signature, garbage, absurd
//! versions, an unknown mechanism, a wrong or absent `Socket-Type`, commands or
//! messages before READY, a peer dripping a valid handshake one byte at a time,
//! and slow-loris peers that never finish (dropped by `ZMQ_HANDSHAKE_IVL`).
//!
//! Each case ends with the connection dropped and a good peer exchanging messages
//! with the same socket (see `raw_peer`).

mod raw_peer;

use std::io::{Read, Write};
use std::time::{Duration, Instant};

use oxzmq::zmtp::error::CommandKind;
use oxzmq::zmtp::{Event, ProtocolError, Session, SessionConfig};
use oxzmq::{Msg, Socket};
use raw_peer::wire::{self, good_greeting, good_handshake};
use raw_peer::*;

fn defaults(_: &mut Socket) {}

fn handshake_ivl(ms: i32) -> impl Fn(&mut Socket) {
    move |socket: &mut Socket| {
        socket
            .set_option(HANDSHAKE_IVL, Some(&ms.to_ne_bytes()))
            .unwrap()
    }
}

fn mechanism_field(name: &[u8]) -> [u8; 20] {
    let mut field = [0u8; 20];
    field[..name.len()].copy_from_slice(name);
    field
}

#[test]
fn a_zero_length_frame_in_place_of_a_signature() {
    // Not 0xFF first: a ZMTP 1.0 peer, whose first frame has length 0 (invalid).
    each_arena(PAIR, defaults, |arena| {
        let mut raw = arena.peer();
        raw.send(b"\x00\x01garbage");
        assert_dropped(
            &mut raw,
            Why::HandshakeFailed(ProtocolError::InvalidFrameSize),
        );
    });
}

#[test]
fn a_signature_that_announces_an_impossible_frame() {
    // 0xFF, then padding, then a clear low bit in byte 10: a ZMTP 1.0 long frame of
    // 2^64 - 1 bytes. It must be refused, not allocated.
    each_arena(PAIR, defaults, |arena| {
        let mut raw = arena.peer();
        raw.send(&[0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7E]);
        assert_dropped(
            &mut raw,
            Why::HandshakeFailed(ProtocolError::InvalidFrameSize),
        );
    });
}

#[test]
fn text_garbage_is_dropped_by_the_handshake_interval() {
    // "G" reads as a ZMTP 1.0 frame of 70 bytes that never completes, as libzmq
    // reads it: only the handshake interval ends it.
    each_arena(PAIR, handshake_ivl(200), |arena| {
        let mut raw = arena.peer();
        raw.send(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        assert_dropped(&mut raw, Why::HandshakeTimeout);
    });
}

#[test]
fn garbage_after_a_valid_signature() {
    each_arena(PAIR, defaults, |arena| {
        let mut raw = arena.peer();
        let mut bytes = good_greeting()[..10].to_vec();
        bytes.extend((0..54u8).map(|i| i.wrapping_mul(37).wrapping_add(3)));
        raw.send(&bytes);
        let theirs: [u8; 20] = bytes[12..32].try_into().unwrap();
        assert_dropped(
            &mut raw,
            Why::HandshakeFailed(ProtocolError::MechanismMismatch {
                ours: mechanism_field(b"NULL"),
                theirs,
            }),
        );
    });
}

#[test]
fn an_unknown_mechanism() {
    each_arena(PAIR, defaults, |arena| {
        let mut raw = arena.peer();
        raw.send(&wire::greeting(3, 1, b"BOGUS"));
        assert_dropped(
            &mut raw,
            Why::HandshakeFailed(ProtocolError::MechanismMismatch {
                ours: mechanism_field(b"NULL"),
                theirs: mechanism_field(b"BOGUS"),
            }),
        );
    });
}

#[test]
fn absurd_version_numbers_are_spoken_to_as_3_1() {
    // RFC 23: a peer announcing a higher version must accept ours; libzmq speaks 3.1
    // to any major version from 2 on. The conversation works, then the peer leaves.
    each_arena(PULL, defaults, |arena| {
        for (major, minor) in [(255, 255), (3, 200), (2, 0)] {
            let mut raw = arena.peer();
            let mut bytes = wire::greeting(major, minor, b"NULL");
            bytes.extend(wire::ready_as("PUSH"));
            bytes.extend(wire::frame(false, b"from the future"));
            raw.send(&bytes);
            let got = arena.socket().recv(0).unwrap();
            assert_eq!(got.data(), b"from the future");
            raw.shutdown_write();
            assert_dropped(&mut raw, Why::Disconnected(None));
        }
    });
}

#[test]
fn an_incompatible_socket_type() {
    // PUSH to PUSH: refused at READY.
    each_arena(PUSH, defaults, |arena| {
        let mut raw = arena.peer();
        raw.send(&good_handshake("PUSH"));
        assert_dropped(
            &mut raw,
            Why::HandshakeFailed(ProtocolError::IncompatibleSocketType(b"PUSH".to_vec())),
        );
    });
    each_arena(PAIR, defaults, |arena| {
        let mut raw = arena.peer();
        raw.send(&good_handshake("NOT-A-TYPE"));
        assert_dropped(
            &mut raw,
            Why::HandshakeFailed(ProtocolError::IncompatibleSocketType(
                b"NOT-A-TYPE".to_vec(),
            )),
        );
    });
}

#[test]
fn an_absent_socket_type_is_accepted_as_libzmq_does() {
    each_arena(PULL, defaults, |arena| {
        let mut raw = arena.peer();
        let mut bytes = good_greeting();
        bytes.extend(wire::ready(&[("X-Hello", b"world")]));
        bytes.extend(wire::frame(false, b"typeless"));
        raw.send(&bytes);
        let got = arena.socket().recv(0).unwrap();
        assert_eq!(got.data(), b"typeless");
        drop(raw);
    });
}

#[test]
fn a_malformed_ready() {
    each_arena(PAIR, defaults, |arena| {
        let mut raw = arena.peer();
        let mut bytes = good_greeting();
        // A property whose value length runs past the end of the command.
        bytes.extend(wire::command(
            "READY",
            b"\x0bSocket-Type\x00\x00\x01\x00PAIR",
        ));
        raw.send(&bytes);
        assert_dropped(
            &mut raw,
            Why::HandshakeFailed(ProtocolError::MalformedCommand(CommandKind::Ready)),
        );
    });
}

#[test]
fn commands_and_messages_before_ready() {
    let early: [(Vec<u8>, ProtocolError); 4] = [
        (
            wire::command("PING", b"\x00\x00"),
            ProtocolError::UnexpectedCommand,
        ),
        (
            wire::command("SUBSCRIBE", b"topic"),
            ProtocolError::UnexpectedCommand,
        ),
        (
            wire::frame(false, b"too early"),
            ProtocolError::InvalidSequence,
        ),
        (
            wire::command("ERROR", b"\x05go away"),
            ProtocolError::PeerError(b"go away".to_vec()),
        ),
    ];
    for (bytes, error) in early {
        each_arena(PAIR, defaults, |arena| {
            let mut raw = arena.peer();
            let mut all = good_greeting();
            all.extend_from_slice(&bytes);
            all.extend(wire::ready_as("PAIR"));
            raw.send(&all);
            assert_dropped(&mut raw, Why::HandshakeFailed(error.clone()));
        });
    }
}

#[test]
fn a_second_ready_after_the_handshake() {
    each_arena(PAIR, defaults, |arena| {
        let mut raw = arena.peer();
        let mut bytes = good_handshake("PAIR");
        bytes.extend(wire::frame(false, b"before"));
        bytes.extend(wire::ready_as("PAIR"));
        raw.send(&bytes);
        assert_eq!(arena.socket().recv(0).unwrap().data(), b"before");
        assert_dropped(
            &mut raw,
            Why::Disconnected(Some(ProtocolError::UnexpectedCommand)),
        );
    });
}

/// A ZMTP peer of `peer_type` whose every byte goes out on its own, reading what
/// arrives between bytes: the handshake, then `messages` as one multipart message.
fn drip(raw: &mut Raw, peer_type: i32, messages: &[&[u8]]) -> Session {
    let mut session = Session::new(SessionConfig::new(peer_type), Instant::now()).unwrap();
    raw.set_read_timeout(Some(Duration::from_millis(1)));
    let mut pending = Vec::new();
    let mut sent_messages = false;
    let mut buf = [0u8; 4096];
    let start = Instant::now();
    while !(sent_messages && pending.is_empty()) {
        assert!(start.elapsed() < GUARD * 3, "the drip stalled");
        session.drain_transmit(&mut pending);
        if !pending.is_empty() {
            raw.send(&pending[..1]);
            pending.remove(0);
        }
        if let Ok(n) = raw.read(&mut buf) {
            assert!(n > 0, "oxzmq dropped the dripping peer");
            session.feed(&buf[..n], Instant::now());
        }
        if let Some(event) = session.poll_event() {
            assert!(matches!(event, Event::Ready { .. }), "{event:?}");
            for (i, body) in messages.iter().enumerate() {
                let mut msg = Msg::from_slice(body);
                msg.set_more(i + 1 < messages.len());
                session.send(msg).unwrap();
            }
            sent_messages = true;
        }
    }
    session
}

#[test]
fn a_handshake_and_messages_dripped_one_byte_at_a_time_still_work() {
    each_arena(PAIR, defaults, |arena| {
        let mut raw = arena.peer();
        let big = vec![0x5Au8; 300];
        let mut session = drip(&mut raw, PAIR, &[b"one", &big, b"three"]);
        let one = arena.socket().recv(0).unwrap();
        assert!(one.more() && one.data() == b"one");
        let two = arena.socket().recv(0).unwrap();
        assert!(two.more() && two.data() == &big[..]);
        let three = arena.socket().recv(0).unwrap();
        assert!(!three.more() && three.data() == b"three");
        let mut back = Msg::from_slice(b"back");
        arena.socket().send(&mut back, 0).unwrap();
        assert_eq!(next_message(&mut raw, &mut session).data(), b"back");
        drop(raw);
    });
}

#[test]
fn a_peer_that_stops_inside_the_greeting_is_dropped_by_the_handshake_interval() {
    each_arena(PAIR, handshake_ivl(100), |arena| {
        let mut raw = arena.peer();
        raw.send(&good_greeting()[..5]);
        assert_dropped(&mut raw, Why::HandshakeTimeout);
    });
}

#[test]
fn a_slow_loris_that_keeps_dripping_is_dropped_by_the_handshake_interval() {
    // Progress does not extend the interval: it bounds the whole handshake.
    each_arena(PAIR, handshake_ivl(200), |arena| {
        let mut raw = arena.peer();
        let mut bytes = good_greeting();
        // A READY whose body (10,000 bytes) would take far longer than the interval.
        bytes.extend(wire::header(0x04, 10_000));
        bytes.extend(b"\x05READY");
        bytes.resize(bytes.len() + 10_000, 0);
        raw.set_read_timeout(Some(Duration::from_millis(5)));
        let mut buf = [0u8; 256];
        let start = Instant::now();
        let mut closed = false;
        for &byte in &bytes {
            assert!(start.elapsed() < GUARD, "the slow loris was never dropped");
            if raw.write(&[byte]).is_err() {
                closed = true;
                break;
            }
            match raw.read(&mut buf) {
                Ok(0) => {
                    closed = true;
                    break;
                }
                Err(err) if err.kind() == std::io::ErrorKind::ConnectionReset => {
                    closed = true;
                    break;
                }
                _ => {}
            }
        }
        assert!(closed, "the whole slow handshake was accepted");
        assert_dropped(&mut raw, Why::HandshakeTimeout);
    });
}

#[test]
fn a_handshake_command_announcing_2_pow_62_bytes_is_not_allocated() {
    // Nothing is reserved for what is only announced; the handshake interval ends
    // the wait for the rest.
    each_arena(PAIR, handshake_ivl(200), |arena| {
        let mut raw = arena.peer();
        let mut bytes = good_greeting();
        bytes.extend(wire::header(0x04, 1 << 62));
        bytes.extend(b"\x05READY");
        bytes.extend(vec![0u8; 1 << 20]);
        raw.send(&bytes);
        assert_dropped(&mut raw, Why::HandshakeTimeout);
    });
}

//! Hostile and broken peers after a good handshake, over tcp:// and ipc://, with
//! oxzmq binding and connecting: absurd frame lengths (2^63, and 2^63 - 1, which
//! must not be allocated), a frame above `ZMQ_MAXMSGSIZE`, reserved flag bits, an
//! abrupt reset (RST) in the middle of a frame or of a multipart message, a graceful
//! close in the middle of a large frame, and a half-open connection (the peer shuts
//! down its write side only).
//!
//! Each peer reads oxzmq's greeting and READY before it sends its own READY and
//! what follows, so the handshake is over on both sides (see
//! `Arena::greeted_peer`). Each case ends with the connection dropped and its
//! monitor events (the handshake succeeded, then `DISCONNECTED`), no part of a
//! broken message delivered, and a good peer exchanging messages with the same
//! socket.

mod raw_peer;

use oxzmq::Socket;
use oxzmq::zmtp::ProtocolError;
use raw_peer::wire;
use raw_peer::*;

fn defaults(_: &mut Socket) {}

#[test]
fn a_frame_of_2_pow_63_bytes_is_refused() {
    each_arena(PAIR, defaults, |arena| {
        let mut raw = arena.greeted_peer(&wire::good_greeting());
        let mut bytes = wire::ready_as("PAIR");
        bytes.extend(wire::header(0, 1 << 63));
        bytes.extend_from_slice(b"body");
        raw.send(&bytes);
        arena.assert_dropped(
            &mut raw,
            Why::Disconnected(Some(ProtocolError::InvalidFrameSize)),
        );
    });
}

#[test]
fn a_frame_announcing_2_pow_63_minus_1_bytes_is_not_allocated() {
    // A legal length nobody can send: room grows with what arrives, so the process
    // survives (an allocation of the announced size would abort it), and the
    // connection lives until the peer goes.
    each_arena(PAIR, defaults, |arena| {
        let mut raw = arena.greeted_peer(&wire::good_greeting());
        let mut bytes = wire::ready_as("PAIR");
        bytes.extend(wire::header(0, (1 << 63) - 1));
        bytes.extend(vec![7u8; 3 << 20]);
        raw.send(&bytes);
        raw.shutdown_write();
        arena.assert_dropped(&mut raw, Why::Disconnected(None));
    });
}

#[test]
fn a_frame_above_maxmsgsize_is_refused_on_its_header() {
    let limit = |socket: &mut Socket| {
        socket
            .set_option(MAXMSGSIZE, Some(&100i64.to_ne_bytes()))
            .unwrap()
    };
    each_arena(PULL, limit, |arena| {
        let mut raw = arena.greeted_peer(&wire::good_greeting());
        let mut bytes = wire::ready_as("PUSH");
        bytes.extend(wire::frame(false, &[1u8; 100]));
        // The header alone: the body never comes, the refusal does not wait for it.
        bytes.extend(wire::header(0, 101));
        raw.send(&bytes);
        assert_eq!(arena.socket().recv(0).unwrap().len(), 100);
        arena.assert_dropped(
            &mut raw,
            Why::Disconnected(Some(ProtocolError::MessageTooLarge {
                size: 101,
                limit: 100,
            })),
        );
        // A long-form header far above the limit, right after the handshake.
        let mut raw = arena.greeted_peer(&wire::good_greeting());
        let mut bytes = wire::ready_as("PUSH");
        bytes.extend(wire::header(0, 1 << 40));
        raw.send(&bytes);
        arena.assert_dropped(
            &mut raw,
            Why::Disconnected(Some(ProtocolError::MessageTooLarge {
                size: 1 << 40,
                limit: 100,
            })),
        );
    });
}

#[test]
fn reserved_flag_bits_are_refused() {
    each_arena(PAIR, defaults, |arena| {
        let mut raw = arena.greeted_peer(&wire::good_greeting());
        let mut bytes = wire::ready_as("PAIR");
        bytes.extend_from_slice(&[0x80, 1, b'x']);
        raw.send(&bytes);
        arena.assert_dropped(
            &mut raw,
            Why::Disconnected(Some(ProtocolError::InvalidFlags(0x80))),
        );
        // MORE on a command frame is refused too.
        let mut raw = arena.greeted_peer(&wire::good_greeting());
        let mut bytes = wire::ready_as("PAIR");
        bytes.extend_from_slice(&[0x05, 5, 4, b'P', b'I', b'N', b'G']);
        raw.send(&bytes);
        arena.assert_dropped(
            &mut raw,
            Why::Disconnected(Some(ProtocolError::InvalidFlags(0x05))),
        );
    });
}

#[test]
fn an_abrupt_reset_in_the_middle_of_a_frame() {
    each_arena(PAIR, defaults, |arena| {
        let (mut raw, _) = arena.handshaken_peer(PAIR);
        let mut bytes = wire::header(0, 1000);
        bytes.extend_from_slice(&[3u8; 10]);
        raw.send(&bytes);
        raw.reset();
        // A connection lost after its handshake: only DISCONNECTED.
        arena.assert_reported(Why::Disconnected(None));
        // Nothing of it reaches the socket: the good peer's message comes first
        // (checked by the exchange).
    });
}

#[test]
fn an_abrupt_reset_in_the_middle_of_a_multipart_message() {
    each_arena(PULL, defaults, |arena| {
        let mut raw = arena.greeted_peer(&wire::good_greeting());
        let mut bytes = wire::ready_as("PUSH");
        bytes.extend(wire::frame(false, b"whole"));
        bytes.extend(wire::frame(true, b"first part"));
        bytes.extend(wire::frame(true, b"second part"));
        bytes.extend(wire::header(0, 500));
        raw.send(&bytes);
        assert_eq!(arena.socket().recv(0).unwrap().data(), b"whole");
        raw.reset();
        arena.assert_reported(Why::Disconnected(None));
        // The two parts already decoded are rolled back: the good peer's message
        // is the next the socket sees (checked by the exchange).
    });
}

#[test]
fn a_graceful_close_in_the_middle_of_a_multipart_message() {
    each_arena(PULL, defaults, |arena| {
        let mut raw = arena.greeted_peer(&wire::good_greeting());
        let mut bytes = wire::ready_as("PUSH");
        bytes.extend(wire::frame(true, b"orphan part"));
        raw.send(&bytes);
        raw.shutdown_write();
        arena.assert_dropped(&mut raw, Why::Disconnected(None));
    });
}

#[test]
fn a_half_open_connection_delivers_what_came_then_closes() {
    each_arena(PAIR, defaults, |arena| {
        let (mut raw, mut peer) = arena.handshaken_peer(PAIR);
        for text in [&b"one"[..], b"two", b"three"] {
            peer.send(oxzmq::Msg::from_slice(text)).unwrap();
        }
        flush(&mut raw, &mut peer);
        raw.shutdown_write();
        for text in [&b"one"[..], b"two", b"three"] {
            assert_eq!(arena.socket().recv(0).unwrap().data(), text);
        }
        arena.assert_dropped(&mut raw, Why::Disconnected(None));
    });
}

#[test]
fn a_graceful_close_in_the_middle_of_a_large_frame() {
    // A body large enough to be read into a buffer of its own, cut short by the
    // peer's end of stream (in one burst, so the kernel may report both at once).
    each_arena(PULL, defaults, |arena| {
        let mut raw = arena.greeted_peer(&wire::good_greeting());
        let mut bytes = wire::ready_as("PUSH");
        bytes.extend(wire::header(0, 20_000));
        bytes.extend(vec![9u8; 19_000]);
        raw.send(&bytes);
        raw.shutdown_write();
        arena.assert_dropped(&mut raw, Why::Disconnected(None));
    });
}

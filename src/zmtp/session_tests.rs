//! Tests of whole sessions: two sessions talking in memory, and one session talking to
//! byte strings written by hand from the RFCs (older versions, hostile peers).

use std::time::{Duration, Instant};

use super::error::{CommandKind, ProtocolError};
use super::greeting::ZmtpVersion;
use super::{Event, Session, SessionConfig, SessionState};
use crate::Error;
use crate::msg::{Msg, metadata};

const PUB: i32 = 1;
const SUB: i32 = 2;
const REQ: i32 = 3;
const DEALER: i32 = 5;
const ROUTER: i32 = 6;
const PULL: i32 = 7;
const PUSH: i32 = 8;

fn session(socket_type: i32, now: Instant) -> Session {
    Session::new(SessionConfig::new(socket_type), now).unwrap()
}

fn output(session: &mut Session) -> Vec<u8> {
    let mut out = Vec::new();
    session.drain_transmit(&mut out);
    out
}

fn events(session: &mut Session) -> Vec<Event> {
    std::iter::from_fn(|| session.poll_event()).collect()
}

/// Carry bytes both ways until neither side has anything to say; feed `chunk` bytes
/// at a time. Returns the events of each side.
fn pump(a: &mut Session, b: &mut Session, now: Instant, chunk: usize) -> (Vec<Event>, Vec<Event>) {
    let (mut a_events, mut b_events) = (Vec::new(), Vec::new());
    loop {
        let to_b = output(a);
        let to_a = output(b);
        for piece in to_b.chunks(chunk) {
            b.feed(piece, now);
            b_events.extend(events(b));
        }
        for piece in to_a.chunks(chunk) {
            a.feed(piece, now);
            a_events.extend(events(a));
        }
        a_events.extend(events(a));
        b_events.extend(events(b));
        if to_a.is_empty()
            && to_b.is_empty()
            && a.pending_transmit() == 0
            && b.pending_transmit() == 0
        {
            return (a_events, b_events);
        }
    }
}

fn ready_metadata(event: &Event) -> &crate::msg::Metadata {
    match event {
        Event::Ready { metadata, .. } => metadata,
        other => panic!("expected Ready, got {other:?}"),
    }
}

fn message(event: &Event) -> &Msg {
    match event {
        Event::Message(msg) => msg,
        other => panic!("expected a message, got {other:?}"),
    }
}

fn error(event: Option<&Event>) -> &ProtocolError {
    match event {
        Some(Event::Error(err)) => err,
        other => panic!("expected an error, got {other:?}"),
    }
}

fn multipart(parts: &[&[u8]]) -> Vec<Msg> {
    parts
        .iter()
        .enumerate()
        .map(|(index, part)| {
            let mut msg = Msg::from_slice(part);
            msg.set_more(index + 1 < parts.len());
            msg
        })
        .collect()
}

#[test]
fn dealer_router_handshake_and_multipart_both_ways() {
    for chunk in [1, 7, 4096] {
        let now = Instant::now();
        let mut config = SessionConfig::new(DEALER);
        config.routing_id = b"dealer-1".to_vec();
        config.metadata = vec![(b"X-Hello".to_vec(), b"world".to_vec())];
        let mut dealer = Session::new(config, now).unwrap();
        let mut router = session(ROUTER, now);
        let (dealer_events, router_events) = pump(&mut dealer, &mut router, now, chunk);
        assert_eq!(dealer.state(), SessionState::Ready);
        assert_eq!(router.state(), SessionState::Ready);
        assert_eq!(dealer.version(), Some(ZmtpVersion::V3_1));
        let seen_by_router = ready_metadata(&router_events[0]);
        assert_eq!(
            seen_by_router.get(metadata::SOCKET_TYPE),
            Some(&b"DEALER"[..])
        );
        assert_eq!(
            seen_by_router.get(metadata::ROUTING_ID),
            Some(&b"dealer-1"[..])
        );
        assert_eq!(seen_by_router.get("x-hello"), Some(&b"world"[..]));
        let seen_by_dealer = ready_metadata(&dealer_events[0]);
        assert_eq!(
            seen_by_dealer.get(metadata::SOCKET_TYPE),
            Some(&b"ROUTER"[..])
        );
        assert_eq!(
            seen_by_dealer.get(metadata::ROUTING_ID),
            None,
            "empty Identity"
        );

        for msg in multipart(&[b"", b"request", &[9u8; 5000]]) {
            dealer.send(msg).unwrap();
        }
        for msg in multipart(&[b"reply"]) {
            router.send(msg).unwrap();
        }
        let (dealer_events, router_events) = pump(&mut dealer, &mut router, now, chunk);
        assert_eq!(router_events.len(), 3);
        let parts: Vec<&Msg> = router_events.iter().map(message).collect();
        assert!(parts[0].more() && parts[0].is_empty());
        assert!(parts[1].more() && parts[1].data() == b"request");
        assert!(!parts[2].more() && parts[2].data() == &[9u8; 5000][..]);
        assert_eq!(dealer_events.len(), 1);
        assert_eq!(message(&dealer_events[0]).data(), b"reply");
    }
}

#[test]
fn exact_bytes_against_a_hand_written_3_1_peer() {
    let now = Instant::now();
    let mut dealer = session(DEALER, now);
    // Only the signature goes out before the peer's greeting is seen.
    assert_eq!(output(&mut dealer), [0xFF, 0, 0, 0, 0, 0, 0, 0, 1, 0x7F]);
    assert_eq!(dealer.bytes_wanted(), 10);
    let mut peer = vec![0xFF, 0, 0, 0, 0, 0, 0, 0, 1, 0x7F, 3, 1];
    peer.extend_from_slice(b"NULL\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0");
    peer.extend_from_slice(&[0u8; 32]);
    // RFC 37's worked example: the server's READY, 28 bytes of body.
    peer.extend_from_slice(b"\x04\x1c\x05READY\x0bSocket-Type\x00\x00\x00\x06ROUTER");
    for &byte in &peer {
        dealer.feed(&[byte], now);
    }
    let out = output(&mut dealer);
    // Major version, the rest of the greeting, then READY with the RFC's 41 bytes.
    assert_eq!(out[0], 3);
    assert_eq!(out[1], 1);
    assert_eq!(&out[2..6], b"NULL");
    assert_eq!(out.len(), 1 + 53 + 2 + 41);
    assert_eq!(
        &out[54..],
        b"\x04\x29\x05READY\x0bSocket-Type\x00\x00\x00\x06DEALER\x08Identity\x00\x00\x00\x00"
    );
    assert!(matches!(dealer.poll_event(), Some(Event::Ready { .. })));
    assert!(dealer.poll_event().is_none());
}

#[test]
fn incompatible_socket_types_fail_both_sides() {
    let now = Instant::now();
    let mut push = session(PUSH, now);
    let mut other_push = session(PUSH, now);
    let (a, b) = pump(&mut push, &mut other_push, now, 4096);
    assert_eq!(
        error(a.last()),
        &ProtocolError::IncompatibleSocketType(b"PUSH".to_vec())
    );
    assert_eq!(error(b.last()).monitor_code(), Some(0x1000_0018));
    assert_eq!(push.state(), SessionState::Failed);
    assert_eq!(push.send(Msg::new()), Err(Error::Fsm));
    assert_eq!(push.poll_timeout(), None);
}

#[test]
fn push_pull_and_req_router_are_compatible() {
    let now = Instant::now();
    for (a, b) in [(PUSH, PULL), (REQ, ROUTER), (PUB, SUB)] {
        let mut first = session(a, now);
        let mut second = session(b, now);
        pump(&mut first, &mut second, now, 64);
        assert_eq!(first.state(), SessionState::Ready, "{a}-{b}");
        assert_eq!(second.state(), SessionState::Ready, "{a}-{b}");
    }
}

/// A 3.x greeting from a hand-written peer with the given minor version.
fn greeting_3x(minor: u8) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0, 0, 0, 0, 0, 0, 0, 1, 0x7F, 3, minor];
    bytes.extend_from_slice(b"NULL");
    bytes.extend_from_slice(&[0u8; 16 + 32]);
    bytes
}

fn ready_frame(socket_type: &[u8]) -> Vec<u8> {
    let mut body = b"\x05READY\x0bSocket-Type".to_vec();
    body.extend_from_slice(&(socket_type.len() as u32).to_be_bytes());
    body.extend_from_slice(socket_type);
    let mut frame = vec![0x04, body.len() as u8];
    frame.extend_from_slice(&body);
    frame
}

#[test]
fn errors_from_hand_written_peers() {
    let now = Instant::now();
    // The peer refuses with ERROR.
    let mut dealer = session(DEALER, now);
    let mut peer = greeting_3x(1);
    peer.extend_from_slice(b"\x04\x0b\x05ERROR\x04nope");
    dealer.feed(&peer, now);
    assert_eq!(
        error(dealer.poll_event().as_ref()),
        &ProtocolError::PeerError(b"nope".to_vec())
    );
    // A truncated READY (property length overruns the body).
    let mut dealer = session(DEALER, now);
    let mut peer = greeting_3x(1);
    peer.extend_from_slice(b"\x04\x11\x05READY\x0bSocket-Ty\x00");
    dealer.feed(&peer, now);
    assert_eq!(
        error(dealer.poll_event().as_ref()),
        &ProtocolError::MalformedCommand(CommandKind::Ready)
    );
    // A message before the handshake.
    let mut dealer = session(DEALER, now);
    let mut peer = greeting_3x(1);
    peer.extend_from_slice(b"\x00\x02hi");
    dealer.feed(&peer, now);
    assert_eq!(
        error(dealer.poll_event().as_ref()),
        &ProtocolError::InvalidSequence
    );
    // Reserved flag bits after the handshake.
    let mut dealer = session(DEALER, now);
    let mut peer = greeting_3x(1);
    peer.extend_from_slice(&ready_frame(b"ROUTER"));
    peer.extend_from_slice(&[0x00, 1, b'x', 0x80, 0]);
    dealer.feed(&peer, now);
    let got = events(&mut dealer);
    assert_eq!(got.len(), 3, "{got:?}");
    assert_eq!(message(&got[1]).data(), b"x");
    assert_eq!(error(got.last()), &ProtocolError::InvalidFlags(0x80));
    // Nothing more once failed.
    dealer.feed(b"\x00\x01y", now);
    assert!(dealer.poll_event().is_none());
    assert_eq!(dealer.bytes_wanted(), 0);
}

#[test]
fn max_msg_size_and_absurd_lengths() {
    let now = Instant::now();
    let mut config = SessionConfig::new(PULL);
    config.max_msg_size = Some(1000);
    let mut pull = Session::new(config, now).unwrap();
    let mut peer = greeting_3x(1);
    peer.extend_from_slice(&ready_frame(b"PUSH"));
    peer.extend_from_slice(&[0x02, 0, 0, 0, 0, 0, 0, 0x03, 0xE9]);
    pull.feed(&peer, now);
    assert!(matches!(pull.poll_event(), Some(Event::Ready { .. })));
    assert_eq!(
        error(pull.poll_event().as_ref()),
        &ProtocolError::MessageTooLarge {
            size: 1001,
            limit: 1000
        }
    );
    // No limit, a 2^62-byte frame announced: nothing is allocated, the session waits.
    let mut pull = session(PULL, now);
    let mut peer = greeting_3x(1);
    peer.extend_from_slice(&ready_frame(b"PUSH"));
    peer.extend_from_slice(&[0x02, 0x40, 0, 0, 0, 0, 0, 0, 0]);
    pull.feed(&peer, now);
    assert!(matches!(pull.poll_event(), Some(Event::Ready { .. })));
    assert!(pull.poll_event().is_none());
    assert_eq!(pull.bytes_wanted(), 1 << 62);
    assert!(pull.input_buffer().capacity() < 4096);
    // 2^63: an error.
    let mut pull = session(PULL, now);
    peer.truncate(peer.len() - 9);
    peer.extend_from_slice(&[0x02, 0x80, 0, 0, 0, 0, 0, 0, 0]);
    pull.feed(&peer, now);
    pull.poll_event();
    assert_eq!(
        error(pull.poll_event().as_ref()),
        &ProtocolError::InvalidFrameSize
    );
}

#[test]
fn bad_signature_when_1_0_is_off() {
    let now = Instant::now();
    let mut config = SessionConfig::new(DEALER);
    config.accept_v1 = false;
    let mut dealer = Session::new(config, now).unwrap();
    dealer.feed(b"GET / HTTP/1.0\r\n", now);
    assert_eq!(
        error(dealer.poll_event().as_ref()),
        &ProtocolError::BadSignature
    );
}

#[test]
fn subscriptions_over_3_1_are_commands() {
    let now = Instant::now();
    let mut sub = session(SUB, now);
    let mut publisher = session(PUB, now);
    pump(&mut sub, &mut publisher, now, 4096);
    sub.send_subscribe(b"weather").unwrap();
    sub.send_cancel(b"").unwrap();
    let wire = output(&mut sub);
    assert_eq!(&wire[..3], b"\x04\x11\x09");
    assert_eq!(&wire[3..19], b"SUBSCRIBEweather");
    assert_eq!(&wire[19..], b"\x04\x07\x06CANCEL");
    publisher.feed(&wire, now);
    let got = events(&mut publisher);
    assert!(matches!(&got[0], Event::Subscribe(topic) if &topic[..] == b"weather"));
    assert!(matches!(&got[1], Event::Cancel(topic) if topic.is_empty()));
}

#[test]
fn subscriptions_to_a_3_0_peer_are_messages() {
    let now = Instant::now();
    // We are SUB; the peer is a 3.0 PUB.
    let mut sub = session(SUB, now);
    let mut peer = greeting_3x(0);
    peer.extend_from_slice(&ready_frame(b"PUB"));
    sub.feed(&peer, now);
    assert!(matches!(
        sub.poll_event(),
        Some(Event::Ready {
            version: ZmtpVersion::V3_0,
            ..
        })
    ));
    output(&mut sub);
    sub.send_subscribe(b"A").unwrap();
    sub.send_cancel(b"B").unwrap();
    assert_eq!(output(&mut sub), [0x00, 2, 1, b'A', 0x00, 2, 0, b'B']);
    assert_eq!(sub.send_group(b"g", true), Err(Error::NotSupported));
    // We are PUB; the 3.0 SUB peer subscribes with messages.
    let mut publisher = session(PUB, now);
    let mut peer = greeting_3x(0);
    peer.extend_from_slice(&ready_frame(b"SUB"));
    peer.extend_from_slice(&[0x00, 3, 1, b'x', b'y', 0x00, 1, 0, 0x00, 1, 7]);
    publisher.feed(&peer, now);
    let got = events(&mut publisher);
    assert!(matches!(&got[1], Event::Subscribe(topic) if &topic[..] == b"xy"));
    assert!(matches!(&got[2], Event::Cancel(topic) if topic.is_empty()));
    assert_eq!(message(&got[3]).data(), [7]);
}

#[test]
fn zmtp_2_0_peer() {
    let now = Instant::now();
    let mut publisher = session(PUB, now);
    output(&mut publisher);
    // RFC 15: signature, revision 1, socket type SUB, anonymous identity frame,
    // then a subscription message %x01 "A".
    let peer = [
        0xFF, 0, 0, 0, 0, 0, 0, 0, 1, 0x7F, 0x01, 0x02, 0x00, 0x00, 0x00, 0x02, 0x01, b'A',
    ];
    publisher.feed(&peer[..11], now);
    // Major version, then our socket type (no 3.x fields for a 2.0 peer).
    assert_eq!(output(&mut publisher), [3, 1]);
    publisher.feed(&peer[11..], now);
    // Our identity frame in 2.0 framing.
    assert_eq!(output(&mut publisher), [0x00, 0x00]);
    let got = events(&mut publisher);
    let meta = ready_metadata(&got[0]);
    assert_eq!(meta.get(metadata::SOCKET_TYPE), Some(&b"SUB"[..]));
    assert!(matches!(&got[1], Event::Subscribe(topic) if &topic[..] == b"A"));
    assert_eq!(publisher.version(), Some(ZmtpVersion::V2_0));
    let mut msg = Msg::from_slice(b"news");
    msg.set_more(true);
    publisher.send(msg).unwrap();
    publisher.send(Msg::from_slice(&[1u8; 300])).unwrap();
    let wire = output(&mut publisher);
    assert_eq!(&wire[..6], [0x01, 4, b'n', b'e', b'w', b's']);
    assert_eq!(&wire[6..15], [0x02, 0, 0, 0, 0, 0, 0, 1, 44]);
    // A 2.0 peer of an incompatible type (PUSH to our PUB).
    let mut publisher = session(PUB, now);
    publisher.feed(&[0xFF, 0, 0, 0, 0, 0, 0, 0, 1, 0x7F, 0x01, 0x08], now);
    assert_eq!(
        error(publisher.poll_event().as_ref()),
        &ProtocolError::IncompatibleSocketType(b"PUSH".to_vec())
    );
}

#[test]
fn zmtp_1_0_peer() {
    let now = Instant::now();
    let mut config = SessionConfig::new(PUB);
    config.routing_id = b"me".to_vec();
    let mut publisher = Session::new(config, now).unwrap();
    // RFC 13: identity frame "sub-1" (length 6, flags 0), then nothing: 1.0
    // subscribers filter for themselves.
    publisher.feed(b"\x06\x00sub-1", now);
    let wire = output(&mut publisher);
    // Our signature is a 1.0 long frame header of length 3; "me" completes it.
    assert_eq!(wire, b"\xff\0\0\0\0\0\0\0\x03\x7fme");
    let got = events(&mut publisher);
    assert_eq!(
        ready_metadata(&got[0]).get(metadata::ROUTING_ID),
        Some(&b"sub-1"[..])
    );
    assert!(matches!(&got[1], Event::Subscribe(topic) if topic.is_empty()));
    let mut msg = Msg::from_slice(b"a");
    msg.set_more(true);
    publisher.send(msg).unwrap();
    publisher.send(Msg::new()).unwrap();
    assert_eq!(output(&mut publisher), [2, 1, b'a', 1, 0]);
    // Messages from a 1.0 peer.
    let mut pull = session(PULL, now);
    pull.feed(b"\x01\x00\x03\x01hi\x01\x00", now);
    let got = events(&mut pull);
    assert_eq!(got.len(), 3);
    assert!(message(&got[1]).more() && message(&got[1]).data() == b"hi");
    assert!(!message(&got[2]).more());
}

#[test]
fn handshake_timeout() {
    let start = Instant::now();
    let mut dealer = session(DEALER, start);
    assert_eq!(dealer.poll_timeout(), Some(start + Duration::from_secs(30)));
    dealer.handle_timeout(start + Duration::from_secs(29));
    assert!(dealer.poll_event().is_none());
    dealer.handle_timeout(start + Duration::from_secs(30));
    assert_eq!(
        error(dealer.poll_event().as_ref()),
        &ProtocolError::HandshakeTimeout
    );
    assert_eq!(dealer.poll_timeout(), None);
}

fn heartbeat_config(socket_type: i32) -> SessionConfig {
    let mut config = SessionConfig::new(socket_type);
    config.heartbeat_ivl = Some(Duration::from_millis(100));
    config.heartbeat_timeout = Some(Duration::from_millis(250));
    config.heartbeat_ttl_deciseconds = 20;
    config
}

#[test]
fn heartbeats_ping_pong_and_timeout() {
    let start = Instant::now();
    let ms = |n: u64| start + Duration::from_millis(n);
    let mut a = Session::new(heartbeat_config(DEALER), start).unwrap();
    let mut b = session(ROUTER, start);
    pump(&mut a, &mut b, start, 4096);
    assert_eq!(a.poll_timeout(), Some(ms(100)), "handshake deadline gone");
    a.handle_timeout(ms(100));
    let ping = output(&mut a);
    // RFC 37: PING, TTL 20 deciseconds (our ZMQ_HEARTBEAT_TTL), empty context.
    assert_eq!(ping, b"\x04\x07\x04PING\x00\x14");
    // The peer answers with PONG and arms the TTL it was given (2 s).
    b.feed(&ping, ms(101));
    assert!(b.poll_event().is_none());
    assert_eq!(output(&mut b), b"\x04\x05\x04PONG");
    assert_eq!(b.poll_timeout(), Some(ms(2101)));
    a.feed(b"\x04\x05\x04PONG", ms(102));
    assert!(a.poll_event().is_none());
    // Traffic arrived: no timeout pending, next PING at 200.
    assert_eq!(a.poll_timeout(), Some(ms(200)));
    // Now the peer goes silent: PINGs at 200 and 300, failure 250 ms after 200.
    a.handle_timeout(ms(200));
    a.handle_timeout(ms(300));
    assert!(a.poll_event().is_none());
    assert_eq!(a.poll_timeout(), Some(ms(400)));
    a.handle_timeout(ms(450));
    assert_eq!(
        error(a.poll_event().as_ref()),
        &ProtocolError::HeartbeatTimeout
    );
    // The peer, which got no traffic within the TTL after the PING, fails too.
    b.handle_timeout(ms(2101));
    assert_eq!(
        error(b.poll_event().as_ref()),
        &ProtocolError::HeartbeatTimeout
    );
}

#[test]
fn no_pings_to_a_3_0_peer() {
    let start = Instant::now();
    let mut dealer = Session::new(heartbeat_config(DEALER), start).unwrap();
    let mut peer = greeting_3x(0);
    peer.extend_from_slice(&ready_frame(b"ROUTER"));
    dealer.feed(&peer, start);
    assert!(matches!(dealer.poll_event(), Some(Event::Ready { .. })));
    assert_eq!(dealer.poll_timeout(), None);
}

#[test]
fn sending_before_ready_and_commands_are_refused() {
    let now = Instant::now();
    let mut dealer = session(DEALER, now);
    assert_eq!(dealer.send(Msg::from_slice(b"x")), Err(Error::Fsm));
    assert_eq!(dealer.send_subscribe(b"x"), Err(Error::Fsm));
    let mut router = session(ROUTER, now);
    pump(&mut dealer, &mut router, now, 4096);
    let mut command = Msg::from_slice(b"\x04PING\0\0");
    command.set_command(true);
    assert_eq!(dealer.send(command), Err(Error::Invalid));
}

#[test]
fn large_message_is_written_from_its_own_buffer_and_read_in_place() {
    let now = Instant::now();
    let mut push = session(PUSH, now);
    let mut pull = session(PULL, now);
    pump(&mut push, &mut pull, now, 4096);
    // 1 MiB bodies go into a pooled buffer of their own; 2 MiB ones into the input
    // buffer, reserved at once.
    for size in [1 << 20, 2 << 20] {
        let payload = vec![0xABu8; size];
        let payload_ptr = payload.as_ptr();
        push.send(Msg::from_vec(payload)).unwrap();
        let slices: Vec<&[u8]> = push.poll_transmit().collect();
        assert_eq!(slices.len(), 2);
        assert_eq!(slices[1].as_ptr(), payload_ptr, "payload not copied");
        // The engine reads the header and learns the body size.
        let header = slices[0].to_vec();
        let body = slices[1].to_vec();
        push.advance_transmit(header.len() + body.len());
        pull.feed(&header, now);
        assert!(pull.poll_event().is_none());
        assert_eq!(pull.bytes_wanted(), size);
        let body_start = match pull.body_room() {
            Some(room) => {
                assert_eq!(room.len(), size);
                room[..].copy_from_slice(&body);
                let start = room.as_ptr() as usize;
                pull.body_received(size, now);
                start
            }
            None => {
                let buffer = pull.input_buffer();
                buffer.reserve(size);
                let start = buffer.as_ptr() as usize + buffer.len();
                buffer.extend_from_slice(&body);
                pull.process_input(now);
                start
            }
        };
        let event = pull.poll_event().unwrap();
        let msg = message(&event);
        assert_eq!(msg.len(), size);
        assert!(msg.data().iter().all(|&b| b == 0xAB));
        assert_eq!(msg.data().as_ptr() as usize, body_start, "body not copied");
        assert!(pull.body_room().is_none());
    }
}

#[test]
fn error_after_the_handshake() {
    let now = Instant::now();
    let mut dealer = session(DEALER, now);
    let mut peer = greeting_3x(1);
    peer.extend_from_slice(&ready_frame(b"ROUTER"));
    peer.extend_from_slice(b"\x04\x06\x05READY");
    dealer.feed(&peer, now);
    let got = events(&mut dealer);
    assert_eq!(error(got.last()), &ProtocolError::UnexpectedCommand);
}

/// Take every message the way the engine does: runs of small messages first, then
/// one event, again and again.
fn small_runs_then_events(session: &mut Session) -> (Vec<Msg>, Vec<Event>) {
    let mut messages = Vec::new();
    let mut other = Vec::new();
    loop {
        session.poll_small_messages(|msg| {
            messages.push(msg);
            true
        });
        match session.poll_event() {
            None => return (messages, other),
            Some(Event::Message(msg)) => messages.push(msg),
            Some(event) => other.push(event),
        }
    }
}

#[test]
fn small_message_runs_match_events_and_leave_commands_to_the_session() {
    let now = Instant::now();
    let mut wire = greeting_3x(1);
    wire.extend_from_slice(&ready_frame(b"PUSH"));
    // Small parts, a PING between them, a part too large for a run, and a last part.
    wire.extend_from_slice(&[0x01, 2, b'a', b'b', 0x01, 0]);
    wire.extend_from_slice(b"\x04\x07\x04PING\x00\x00");
    wire.extend_from_slice(&[0x01, 40]);
    wire.extend_from_slice(&[7u8; 40]);
    wire.extend_from_slice(&[0x00, 1, b'z']);
    for chunk in [1, 5, wire.len()] {
        let mut pull = session(PULL, now);
        output(&mut pull);
        let mut messages = Vec::new();
        let mut ready = 0;
        for piece in wire.chunks(chunk) {
            pull.feed(piece, now);
            let (got, other) = small_runs_then_events(&mut pull);
            messages.extend(got);
            ready += other.len();
        }
        assert_eq!(ready, 1, "Ready, and nothing else but messages");
        let parts: Vec<(&[u8], bool)> = messages.iter().map(|m| (m.data(), m.more())).collect();
        assert_eq!(
            parts,
            [
                (&b"ab"[..], true),
                (&b""[..], true),
                (&[7u8; 40][..], true),
                (&b"z"[..], false)
            ]
        );
        // The PING was answered.
        let out = output(&mut pull);
        assert!(out.ends_with(b"\x04\x05\x04PONG"), "{out:?}");
    }
    // A PUB session reads subscriptions from messages: no runs there.
    let mut publisher = session(PUB, now);
    let mut wire = greeting_3x(0);
    wire.extend_from_slice(&ready_frame(b"SUB"));
    wire.extend_from_slice(&[0x00, 2, 1, b't']);
    publisher.feed(&wire, now);
    assert!(matches!(publisher.poll_event(), Some(Event::Ready { .. })));
    assert_eq!(publisher.poll_small_messages(|_| true), 0);
    assert!(matches!(publisher.poll_event(), Some(Event::Subscribe(_))));
}

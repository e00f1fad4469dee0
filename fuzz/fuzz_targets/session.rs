//! A whole session fed arbitrary bytes, optionally after a valid greeting and READY
//! so that traffic handling is reached: never a panic, events stop after an error,
//! and sending never panics whatever the state.
#![no_main]

use std::time::{Duration, Instant};

use libfuzzer_sys::fuzz_target;
use oxzmq::Msg;
use oxzmq::zmtp::{Event, Session, SessionConfig, SessionState};

/// Socket types paired with a compatible peer type name for the valid prelude.
const TYPES: [(i32, &[u8]); 8] = [
    (0, b"PAIR"),
    (1, b"SUB"),
    (2, b"PUB"),
    (5, b"ROUTER"),
    (6, b"DEALER"),
    (7, b"PUSH"),
    (8, b"PULL"),
    (9, b"XSUB"),
];

fn prelude(minor: u8, peer_type: &[u8]) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0, 0, 0, 0, 0, 0, 0, 1, 0x7F, 3, minor];
    bytes.extend_from_slice(b"NULL");
    bytes.extend_from_slice(&[0u8; 48]);
    let mut body = b"\x05READY\x0bSocket-Type".to_vec();
    body.extend_from_slice(&(peer_type.len() as u32).to_be_bytes());
    body.extend_from_slice(peer_type);
    bytes.extend_from_slice(&[0x04, body.len() as u8]);
    bytes.extend_from_slice(&body);
    bytes
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Some((&chunk, rest)) = rest.split_first() else {
        return;
    };
    let (socket_type, peer_type) = TYPES[usize::from(selector % 8)];
    let mut config = SessionConfig::new(socket_type);
    config.max_msg_size = if selector & 8 != 0 { Some(100) } else { None };
    config.heartbeat_ivl = Some(Duration::from_millis(10));
    config.heartbeat_ttl_deciseconds = 1;
    config.routing_id = if selector & 16 != 0 {
        b"id".to_vec()
    } else {
        Vec::new()
    };
    let start = Instant::now();
    let mut session = Session::new(config, start).unwrap();
    let mut input = Vec::new();
    if selector & 32 != 0 {
        input = prelude(u8::from(selector & 64 != 0), peer_type);
    }
    input.extend_from_slice(rest);

    let mut failed = false;
    let mut out = Vec::new();
    for (step, piece) in input.chunks(usize::from(chunk % 32) + 1).enumerate() {
        let now = start + Duration::from_millis(step as u64);
        session.feed(piece, now);
        while let Some(event) = session.poll_event() {
            assert!(!failed, "event after an error: {event:?}");
            if let Event::Error(_) = event {
                failed = true;
                assert_eq!(session.state(), SessionState::Failed);
            }
        }
        let _ = session.send(Msg::from_slice(piece));
        let _ = session.send_subscribe(piece);
        if let Some(deadline) = session.poll_timeout() {
            session.handle_timeout(deadline);
        }
        session.drain_transmit(&mut out);
        out.clear();
    }
});

//! Two sessions talking, the fuzzer choosing what is sent and how the bytes are cut
//! (partial writes, partial reads): every message arrives whole, in order, with its
//! MORE flag, and neither side ever fails.
#![no_main]

use std::collections::VecDeque;
use std::time::Instant;

use libfuzzer_sys::fuzz_target;
use oxzmq::Msg;
use oxzmq::zmtp::{Event, Session, SessionConfig, SessionState};

/// One side and the messages it has been sent but not yet received (by the other).
struct Side {
    session: Session,
    expected: VecDeque<(Vec<u8>, bool)>,
}

/// Move up to `limit` bytes from `from`'s output into `to`, as a partial write.
fn carry(from: &mut Session, to: &mut Session, limit: usize, now: Instant) {
    let bytes: Vec<u8> = from
        .poll_transmit()
        .flatten()
        .copied()
        .take(limit)
        .collect();
    from.advance_transmit(bytes.len());
    to.feed(&bytes, now);
}

fn check_events(receiver: &mut Session, expected: &mut VecDeque<(Vec<u8>, bool)>) {
    while let Some(event) = receiver.poll_event() {
        match event {
            Event::Ready { .. } => {}
            Event::Message(msg) => {
                let (data, more) = expected.pop_front().expect("unexpected message");
                assert_eq!(msg.data(), &data[..]);
                assert_eq!(msg.more(), more);
            }
            other => panic!("unexpected event {other:?}"),
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let now = Instant::now();
    let mut a = Side {
        session: Session::new(SessionConfig::new(5), now).unwrap(),
        expected: VecDeque::new(),
    };
    let mut b = Side {
        session: Session::new(SessionConfig::new(6), now).unwrap(),
        expected: VecDeque::new(),
    };
    let mut ops = data.iter().copied();
    while let Some(op) = ops.next() {
        let arg = usize::from(ops.next().unwrap_or(0));
        match op % 4 {
            // A partial write one way or the other.
            0 => carry(&mut a.session, &mut b.session, arg + 1, now),
            1 => carry(&mut b.session, &mut a.session, arg + 1, now),
            // Send a frame (size up to 255 * 40 so both header forms and the
            // zero-copy path are used) from a or b, once ready.
            _ => {
                let (sender, receiver) = if op % 4 == 2 {
                    (&mut a, &mut b)
                } else {
                    (&mut b, &mut a)
                };
                if sender.session.state() == SessionState::Ready {
                    let size = arg * ((usize::from(op) >> 2) % 40 + 1);
                    let more = op & 0x80 != 0;
                    let payload = vec![op; size];
                    let mut msg = Msg::from_vec(payload.clone());
                    msg.set_more(more);
                    sender.session.send(msg).unwrap();
                    receiver.expected.push_back((payload, more));
                }
            }
        }
        check_events(&mut a.session, &mut a.expected);
        check_events(&mut b.session, &mut b.expected);
    }
    // Deliver everything still in flight.
    for _ in 0..4 {
        carry(&mut a.session, &mut b.session, usize::MAX, now);
        carry(&mut b.session, &mut a.session, usize::MAX, now);
        check_events(&mut a.session, &mut a.expected);
        check_events(&mut b.session, &mut b.expected);
    }
    assert!(a.expected.is_empty() && b.expected.is_empty());
    assert_ne!(a.session.state(), SessionState::Failed);
    assert_ne!(b.session.state(), SessionState::Failed);
});

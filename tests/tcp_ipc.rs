//! tcp:// and ipc:// traffic end to end, through the engine's public API: PAIR and
//! PUSH/PULL with either side binding, sizes from 1 B to 1 MiB, multipart messages,
//! order over 10,000 messages, high-water marks, and connection metadata.

mod common;

use common::*;
use oxzmq::{Context, Error, Msg};

#[test]
fn pair_round_trip_both_ways_both_binders() {
    for transport in TRANSPORTS {
        for second_binds in [false, true] {
            let ctx = Context::new();
            let mut a = socket(&ctx, PAIR);
            let mut b = socket(&ctx, PAIR);
            let (binder, connecter) = if second_binds {
                (&mut b, &mut a)
            } else {
                (&mut a, &mut b)
            };
            let endpoint = bind_fresh(binder, transport);
            connecter.connect(&endpoint).unwrap();
            for round in 0..3u8 {
                send(&mut a, &[round; 5], false);
                assert_eq!(recv(&mut b).data(), &[round; 5]);
                send(&mut b, &[round + 10; 7], false);
                assert_eq!(recv(&mut a).data(), &[round + 10; 7]);
            }
            drop(a);
            drop(b);
            ctx.terminate().unwrap();
        }
    }
}

#[test]
fn push_pull_sizes_both_binders() {
    for transport in TRANSPORTS {
        for pull_binds in [true, false] {
            let ctx = Context::new();
            let mut push = socket(&ctx, PUSH);
            let mut pull = socket(&ctx, PULL);
            if pull_binds {
                let endpoint = bind_fresh(&mut pull, transport);
                push.connect(&endpoint).unwrap();
            } else {
                let endpoint = bind_fresh(&mut push, transport);
                pull.connect(&endpoint).unwrap();
            }
            for size in [1usize, 1024, 1 << 20] {
                let payload: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
                send(&mut push, &payload, false);
                let got = recv(&mut pull);
                assert_eq!(got.len(), size, "{transport} {size}");
                assert!(got.data() == &payload[..], "{transport} {size}: corrupted");
            }
            drop(push);
            drop(pull);
            ctx.terminate().unwrap();
        }
    }
}

#[test]
fn multipart_messages_stay_whole() {
    for transport in TRANSPORTS {
        let ctx = Context::new();
        let mut push = socket(&ctx, PUSH);
        let mut pull = socket(&ctx, PULL);
        let endpoint = bind_fresh(&mut pull, transport);
        push.connect(&endpoint).unwrap();
        let big = vec![7u8; 5000];
        for _ in 0..3 {
            send(&mut push, b"head", true);
            send(&mut push, b"", true);
            send(&mut push, &big, true);
            send(&mut push, b"tail", false);
        }
        for _ in 0..3 {
            let parts: Vec<Msg> = (0..4).map(|_| recv(&mut pull)).collect();
            assert_eq!(parts[0].data(), b"head");
            assert!(parts[1].is_empty());
            assert_eq!(parts[2].data(), &big[..]);
            assert_eq!(parts[3].data(), b"tail");
            let mores: Vec<bool> = parts.iter().map(Msg::more).collect();
            assert_eq!(mores, [true, true, true, false]);
        }
        drop(push);
        drop(pull);
        ctx.terminate().unwrap();
    }
}

#[test]
fn ten_thousand_messages_in_order() {
    for transport in TRANSPORTS {
        let ctx = Context::new();
        let mut push = socket(&ctx, PUSH);
        let mut pull = socket(&ctx, PULL);
        let endpoint = bind_fresh(&mut push, transport);
        pull.connect(&endpoint).unwrap();
        let sender = std::thread::spawn(move || {
            for i in 0..10_000u32 {
                send(&mut push, &i.to_le_bytes(), false);
            }
            push
        });
        for i in 0..10_000u32 {
            let msg = recv(&mut pull);
            assert_eq!(msg.data(), &i.to_le_bytes(), "{transport}: out of order");
        }
        let push = sender.join().unwrap();
        drop(push);
        drop(pull);
        ctx.terminate().unwrap();
    }
}

#[test]
fn send_high_water_mark_holds_a_sender_whose_peer_does_not_read() {
    for transport in TRANSPORTS {
        let ctx = Context::new();
        let mut push = socket(&ctx, PUSH);
        let mut pull = socket(&ctx, PULL);
        set_int(&mut push, SNDHWM, 10);
        set_int(&mut pull, RCVHWM, 10);
        let endpoint = bind_fresh(&mut pull, transport);
        push.connect(&endpoint).unwrap();
        // Let the connection come up first.
        send(&mut push, b"first", false);
        assert_eq!(recv(&mut pull).data(), b"first");
        // 64 KiB messages fill the kernel buffers quickly; then the pipes fill and
        // the sender is held back: memory stays bounded.
        let payload = vec![1u8; 64 * 1024];
        let mut sent = 0;
        loop {
            let mut msg = Msg::from_slice(&payload);
            match push.send(&mut msg, DONTWAIT) {
                Ok(()) => sent += 1,
                Err(Error::Again) => break,
                Err(err) => panic!("{err:?}"),
            }
            assert!(sent < 100_000, "{transport}: never held back");
        }
        // Everything sent arrives once the receiver reads.
        for _ in 0..sent {
            assert_eq!(recv(&mut pull).len(), payload.len());
        }
        drop(push);
        drop(pull);
        ctx.terminate().unwrap();
    }
}

#[test]
fn received_messages_carry_connection_metadata() {
    for transport in TRANSPORTS {
        let ctx = Context::new();
        let mut a = socket(&ctx, PAIR);
        let mut b = socket(&ctx, PAIR);
        let endpoint = bind_fresh(&mut a, transport);
        b.connect(&endpoint).unwrap();
        send(&mut b, b"who", false);
        let msg = recv(&mut a);
        let meta = msg.metadata().expect("metadata on a network message");
        assert_eq!(meta.get("Socket-Type"), Some(&b"PAIR"[..]));
        let address = String::from_utf8(meta.get("Peer-Address").unwrap().to_vec()).unwrap();
        if transport == "tcp" {
            assert_eq!(address, "127.0.0.1");
        } else {
            assert!(
                address.ends_with(&format!(":{}", std::process::id())),
                "{address}"
            );
        }
        assert!(meta.source_fd().is_some_and(|fd| fd > 2));
        drop(a);
        drop(b);
        ctx.terminate().unwrap();
    }
}

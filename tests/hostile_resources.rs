//! Hostile peers against oxzmq's resources, over tcp:// and ipc://: a peer that
//! never reads (the sender meets its high-water mark, `EAGAIN` with `ZMQ_DONTWAIT`,
//! and memory stays bounded), a frame announcing 2^63 - 1 bytes (nothing of that
//! size is allocated), and thousands of connect/close cycles (no descriptor,
//! thread or memory growth).
//!
//! Process-wide counters (RSS, descriptors, threads) are read from `/proc/self`, so
//! the cases of this file run one at a time (`SERIAL`).

mod raw_peer;

use std::sync::Mutex;

use oxzmq::{Error, Msg, Socket};
use raw_peer::wire::{self, good_handshake};
use raw_peer::*;

static SERIAL: Mutex<()> = Mutex::new(());

const MIB: u64 = 1 << 20;

fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

#[test]
fn a_peer_that_never_reads_meets_the_high_water_mark() {
    let _serial = serial();
    let hwm = |socket: &mut Socket| {
        socket
            .set_option(SNDHWM, Some(&10i32.to_ne_bytes()))
            .unwrap()
    };
    for socket_type in [PUSH, PAIR] {
        each_arena(socket_type, hwm, |arena| {
            // A good handshake, then the peer reads nothing ever again.
            let (raw, _session) = arena.handshaken_peer(arena.good_type());
            let payload = vec![0xA5u8; 64 * 1024];
            let before = rss_bytes();
            // The first send waits for the connection's pipe (with oxzmq binding it
            // comes with the handshake). Then each send may wait a moment for room:
            // the engine keeps taking messages while the kernel takes bytes, until
            // both are full and the pipe stays at its mark.
            let mut first = Msg::from_slice(&payload);
            arena.socket().send(&mut first, 0).unwrap();
            arena
                .socket()
                .set_option(SNDTIMEO, Some(&300i32.to_ne_bytes()))
                .unwrap();
            let mut sent = 1u64;
            loop {
                let mut msg = Msg::from_slice(&payload);
                match arena.socket().send(&mut msg, 0) {
                    Ok(()) => sent += 1,
                    Err(Error::Again) => break,
                    Err(err) => panic!("{err:?}"),
                }
                assert!(sent < 10_000, "the sender was never held back");
            }
            // Held back it stays: nothing more goes while the peer reads nothing.
            for _ in 0..100 {
                let mut msg = Msg::from_slice(&payload);
                assert_eq!(arena.socket().send(&mut msg, DONTWAIT), Err(Error::Again));
            }
            let grown = rss_bytes().saturating_sub(before);
            // The pipe's 10 messages, the engine's output batch (256 KiB) and what
            // the kernel took; 64 MiB is far above that and far below unbounded.
            assert!(
                grown < 64 * MIB,
                "{sent} messages queued, RSS grew by {} MiB",
                grown / MIB
            );
            eprintln!(
                "   never-reading peer: {sent} x 64 KiB accepted before EAGAIN, RSS +{} KiB",
                grown / 1024
            );
            raw.reset();
        });
    }
}

#[test]
fn a_frame_announcing_2_pow_63_minus_1_bytes_costs_what_arrives() {
    let _serial = serial();
    each_arena(
        PULL,
        |_| {},
        |arena| {
            let mut raw = arena.peer();
            let before = rss_bytes();
            let mut bytes = good_handshake("PUSH");
            bytes.extend(wire::header(0, (1 << 63) - 1));
            bytes.extend(vec![7u8; 4 << 20]);
            raw.send(&bytes);
            raw.shutdown_write();
            assert_dropped(&mut raw, Why::Disconnected(None));
            let grown = rss_bytes().saturating_sub(before);
            assert!(grown < 64 * MIB, "RSS grew by {} MiB", grown / MIB);
        },
    );
}

/// One connection that opens and goes away in one of several hostile ways.
fn cycle(arena: &mut Arena, i: usize) {
    let mut raw = arena.peer();
    match i % 4 {
        // Connect and close at once.
        0 => drop(raw),
        // Part of a greeting, then a reset.
        1 => {
            raw.send(&wire::good_greeting()[..7]);
            raw.reset();
        }
        // A whole handshake and half a message, then close.
        2 => {
            let mut bytes = good_handshake(wire::type_name(arena.good_type()));
            bytes.extend(wire::header(1, 100));
            raw.send(&bytes);
            drop(raw);
        }
        // A broken greeting: oxzmq drops it.
        _ => {
            raw.send(&wire::greeting(3, 1, b"NOPE"));
            raw.shutdown_write();
            let mut buf = [0u8; 256];
            raw.set_read_timeout(Some(GUARD));
            while std::io::Read::read(&mut raw, &mut buf).is_ok_and(|n| n > 0) {}
        }
    }
}

#[test]
fn thousands_of_connect_close_cycles_leak_nothing() {
    let _serial = serial();
    for transport in TRANSPORTS {
        for role in ROLES {
            // Reconnect at once: the connecting cycles are paced by reconnections.
            let quick = |socket: &mut Socket| {
                socket
                    .set_option(RECONNECT_IVL, Some(&1i32.to_ne_bytes()))
                    .unwrap()
            };
            let mut arena = Arena::new(transport, role, PULL, quick);
            // Warm up: the I/O thread, buffers and allocator pools exist before the
            // baseline is taken.
            for i in 0..200 {
                cycle(&mut arena, i);
            }
            arena.good_peer_exchange();
            let held = quiet_point(&mut arena);
            let fds = fd_count();
            let threads = thread_count();
            let rss = rss_bytes();
            drop(held);
            let cycles = 2000;
            for i in 0..cycles {
                cycle(&mut arena, i);
                // As an application using its socket would: the socket takes the
                // pipes of handshaken connections, and lets them go, as it is called.
                if i % 10 == 0 {
                    arena.socket().events().unwrap();
                }
            }
            arena.good_peer_exchange();
            let held = quiet_point(&mut arena);
            // Connections end in the I/O thread: give it the moments it needs.
            let fds_after = settles_to(fds, fd_count);
            let threads_after = settles_to(threads, thread_count);
            let grown = rss_bytes().saturating_sub(rss);
            eprintln!(
                "   {transport}, oxzmq {role:?}: {cycles} cycles, fds {fds} -> {fds_after}, \
                 threads {threads} -> {threads_after}, RSS +{} KiB",
                grown / 1024
            );
            assert!(fds_after <= fds, "{transport} {role:?}: descriptors leaked");
            assert_eq!(threads_after, threads, "{transport} {role:?}: threads grew");
            assert!(
                grown < 16 * MIB,
                "{transport} {role:?}: RSS grew by {grown} bytes"
            );
            drop(held);
            arena.finish();
        }
    }
}

/// The same state at both counts: connecting, oxzmq reconnects after the good peer
/// left; that connection is taken (and held) so both counts include it.
fn quiet_point(arena: &mut Arena) -> Option<Raw> {
    (arena.role == Role::Connects).then(|| arena.peer())
}

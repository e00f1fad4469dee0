//! The socket monitor (`zmq_socket_monitor`): where a socket's events go.
//!
//! A [`Monitor`] belongs to one socket and is shared, through the socket's
//! [`SocketLink`](crate::engine::SocketLink), by every I/O object of that socket:
//! listeners, connecters and connection engines in the I/O threads, and the socket
//! itself. Any of them calls [`Monitor::emit`]; later socket types and security
//! mechanisms (`HANDSHAKE_FAILED_AUTH` from ZAP) call the same function.
//!
//! While a monitor runs, the monitor holds the socket that publishes the events: a
//! PAIR (or, in the draft API, a PUSH) bound to the inproc endpoint the application
//! named, which the application connects its own PAIR to. Sending is never allowed to
//! block the caller (an I/O thread must keep moving messages): an event that finds
//! no reader connected, or the reader's queue at its high-water mark, is dropped
//! whole, as libzmq does. The lock guards the monitor socket (used from several
//! threads) and is held only while one event is encoded and queued; a socket that
//! is not monitored pays one relaxed load per event.
//!
//! The frames themselves are built in [`event`].

pub mod event;

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::msg::Msg;
use crate::socket::{DONTWAIT, SNDMORE, Socket};
pub use event::{Endpoints, Role, Version};

/// The running monitor: its socket and what it publishes.
struct Active {
    socket: Socket,
    events: u64,
    version: Version,
}

/// A socket's monitor: nothing, or a running one.
#[derive(Default)]
pub struct Monitor {
    /// The events asked for (0 while no monitor runs): read without the lock, so
    /// that emitting an event nobody wants costs one load.
    mask: AtomicU64,
    active: Mutex<Option<Active>>,
}

impl std::fmt::Debug for Monitor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Monitor")
            .field("mask", &self.mask.load(Ordering::Relaxed))
            .finish()
    }
}

impl Monitor {
    /// Whether the running monitor (if any) wants `event`.
    pub fn wants(&self, event: u64) -> bool {
        self.mask.load(Ordering::Relaxed) & event != 0
    }

    /// Publish `event` with its `values` and `endpoints`, if the monitor wants it.
    /// Never blocks: an event the monitor socket cannot take now is dropped.
    pub fn emit(&self, event: u64, values: &[u64], endpoints: &Endpoints) {
        if !self.wants(event) {
            return;
        }
        let mut active = self.lock();
        if let Some(active) = active.as_mut() {
            if active.events & event != 0 {
                active.publish(event, values, endpoints);
            }
        }
    }

    /// An event with one value, the common case.
    pub fn emit_one(&self, event: u64, value: u64, endpoints: &Endpoints) {
        self.emit(event, &[value], endpoints);
    }

    /// Start publishing `events` in format `version` on `socket` (already bound to
    /// its inproc endpoint). A monitor that was running is stopped first (it sends
    /// `MONITOR_STOPPED`); its socket is returned, for the caller to close outside
    /// the lock.
    pub fn start(&self, socket: Socket, events: u64, version: Version) -> Option<Socket> {
        let mut active = self.lock();
        let previous = active.take().map(Active::stop);
        *active = Some(Active {
            socket,
            events,
            version,
        });
        self.mask.store(events, Ordering::Relaxed);
        previous
    }

    /// Stop the running monitor, if any, after it sends `MONITOR_STOPPED` (when that
    /// was asked for). Returns its socket, for the caller to close outside the lock.
    pub fn stop(&self) -> Option<Socket> {
        let mut active = self.lock();
        self.mask.store(0, Ordering::Relaxed);
        active.take().map(Active::stop)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Active>> {
        // A panic elsewhere while publishing leaves the monitor usable.
        self.active.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Active {
    /// Send one event, whole or not at all.
    fn publish(&mut self, event: u64, values: &[u64], endpoints: &Endpoints) {
        let Some(frames) = event::encode(self.version, event, values, endpoints) else {
            return;
        };
        let last = frames.len() - 1;
        for (i, frame) in frames.into_iter().enumerate() {
            let flags = DONTWAIT | if i < last { SNDMORE } else { 0 };
            let mut msg = Msg::from_vec(frame);
            // Only the first part can fail for want of room or of a reader: once it
            // is queued, the socket takes the rest of the message.
            if self.socket.send(&mut msg, flags).is_err() {
                return;
            }
        }
    }

    /// Send `MONITOR_STOPPED` if it was asked for, and hand the socket back.
    fn stop(mut self) -> Socket {
        if self.events & event::MONITOR_STOPPED != 0 {
            self.publish(event::MONITOR_STOPPED, &[0], &Endpoints::default());
        }
        self.socket
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Context;

    const PAIR: i32 = 0;

    fn frames(reader: &mut Socket) -> Vec<Vec<u8>> {
        let mut out = Vec::new();
        loop {
            let msg = reader.recv(0).unwrap();
            out.push(msg.data().to_vec());
            if !msg.more() {
                return out;
            }
        }
    }

    #[test]
    fn events_reach_the_reader_and_stop_ends_them() {
        let ctx = Context::new();
        let mut publisher = ctx.socket(PAIR).unwrap();
        publisher.bind("inproc://monitor-unit").unwrap();
        let mut reader = ctx.socket(PAIR).unwrap();
        reader.connect("inproc://monitor-unit").unwrap();
        let monitor = Monitor::default();
        let events = event::LISTENING | event::MONITOR_STOPPED;
        assert!(monitor.start(publisher, events, Version::V1).is_none());
        assert!(monitor.wants(event::LISTENING));
        assert!(!monitor.wants(event::ACCEPTED));
        // Not asked for: nothing is sent.
        monitor.emit_one(event::ACCEPTED, 1, &Endpoints::bound("tcp://a:1"));
        monitor.emit_one(event::LISTENING, 7, &Endpoints::bound("tcp://a:2"));
        let got = frames(&mut reader);
        assert_eq!(&got[0][..2], &(event::LISTENING as u16).to_ne_bytes());
        assert_eq!(&got[0][2..], &7u32.to_ne_bytes());
        assert_eq!(got[1], b"tcp://a:2");
        let socket = monitor.stop().unwrap();
        drop(socket);
        let got = frames(&mut reader);
        assert_eq!(&got[0][..2], &(event::MONITOR_STOPPED as u16).to_ne_bytes());
        assert!(!monitor.wants(event::LISTENING));
        assert!(monitor.stop().is_none());
    }

    #[test]
    fn an_event_without_a_reader_is_dropped_not_waited_for() {
        let ctx = Context::new();
        let mut publisher = ctx.socket(PAIR).unwrap();
        publisher.bind("inproc://monitor-unread").unwrap();
        let monitor = Monitor::default();
        monitor.start(publisher, event::ALL_V1, Version::V2);
        // No reader: returns at once.
        monitor.emit_one(event::LISTENING, 3, &Endpoints::bound("ipc://x"));
        let mut reader = ctx.socket(PAIR).unwrap();
        reader.connect("inproc://monitor-unread").unwrap();
        monitor.emit_one(event::CLOSED, 4, &Endpoints::bound("ipc://x"));
        let got = frames(&mut reader);
        assert_eq!(got.len(), 5);
        assert_eq!(got[0], event::CLOSED.to_ne_bytes());
        assert_eq!(got[1], 1u64.to_ne_bytes());
        assert_eq!(got[2], 4u64.to_ne_bytes());
        assert_eq!(got[3], b"ipc://x");
        assert_eq!(got[4], b"");
        drop(monitor.stop());
    }
}

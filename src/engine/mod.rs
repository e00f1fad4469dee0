//! Network connections (`tcp://`, `ipc://`) as they live in the I/O threads.
//!
//! Each object here is a [`Handler`](crate::ctx::reactor::Handler) of an I/O thread's
//! reactor, and talks to its socket only through pipes and the socket's mailbox:
//! - [`listener`]: a bound endpoint; accepts connections and starts an engine for each;
//! - [`connecter`]: a connected endpoint; connects, reconnects with backoff, and keeps
//!   the socket's pipe across connections so messages sent before the peer exists
//!   (or while it restarts) are delivered when it comes;
//! - [`connection`]: the engine of one connection: a [`Stream`](stream::Stream) and a
//!   sans-IO ZMTP [`Session`](crate::zmtp::Session), moving frames between the wire and
//!   a [`PipeEnd`](crate::pipe::PipeEnd) in batches.
//!
//! Follow a message out: the socket writes it into its pipe; the pipe posts
//! `ActivateRead` to the I/O thread's mailbox if the engine had drained it; the engine
//! reads every message waiting, encodes them, and writes them with one `writev`. In:
//! the engine reads up to 64 KiB at once, decodes every frame, writes the messages
//! into the pipe and publishes them with one flush, which wakes the socket.

pub mod connecter;
#[cfg(test)]
mod connecter_tests;
pub mod connection;
pub mod listener;
pub mod monitoring;
pub mod stream;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};

use crate::ctx::mailbox::Mailbox;
use crate::monitor::Monitor;
use crate::options::Options;
use crate::pipe::Flow;

/// What a socket's network objects know of it while it lives and after it closes.
#[derive(Debug)]
pub struct SocketLink {
    /// The socket's mailbox (closed when the socket is).
    pub mailbox: Arc<Mailbox>,
    /// `ZMQ_LINGER` as the socket has it now: read when the socket lets a pipe go.
    linger: AtomicI32,
    /// The socket disconnected or unbound an endpoint while its
    /// `ZMQ_RECONNECT_STOP_AFTER_DISCONNECT` was set: its connecters stop reconnecting.
    disconnected: AtomicBool,
    /// Where the socket's events go (`zmq_socket_monitor`).
    pub monitor: Monitor,
}

impl SocketLink {
    /// A link to the socket owning `mailbox`, with its current `linger`.
    pub fn new(mailbox: Arc<Mailbox>, linger: i32) -> SocketLink {
        SocketLink {
            mailbox,
            linger: AtomicI32::new(linger),
            disconnected: AtomicBool::new(false),
            monitor: Monitor::default(),
        }
    }

    /// The socket's `ZMQ_LINGER` in milliseconds (-1: forever).
    pub fn linger(&self) -> i32 {
        self.linger.load(Ordering::Relaxed)
    }

    /// Record a new `ZMQ_LINGER`.
    pub fn set_linger(&self, linger: i32) {
        self.linger.store(linger, Ordering::Relaxed);
    }

    /// Record that the socket disconnected an endpoint under
    /// `ZMQ_RECONNECT_STOP_AFTER_DISCONNECT`.
    pub fn set_disconnected(&self) {
        self.disconnected.store(true, Ordering::Relaxed);
    }

    /// Whether [`SocketLink::set_disconnected`] was called.
    pub fn has_disconnected(&self) -> bool {
        self.disconnected.load(Ordering::Relaxed)
    }
}

/// What the connections of one bound or connected endpoint share: the socket, its
/// options as they were at `zmq_bind`/`zmq_connect` (as libzmq, later changes apply
/// to later endpoints), and the endpoint named on their pipes.
#[derive(Debug)]
pub struct Setup {
    /// The socket.
    pub socket: Arc<SocketLink>,
    /// The socket's options at bind/connect time.
    pub options: Options,
    /// The endpoint recorded on the socket's pipe (what unbind/disconnect look for).
    pub endpoint: String,
    /// Whether the socket's pipes conflate (`ZMQ_CONFLATE` on a type that honours it).
    pub conflate: bool,
}

impl Setup {
    /// The flow of messages from the socket to the wire: the socket's `ZMQ_SNDHWM`
    /// alone (libzmq does not add the peer's mark over a network).
    pub fn outbound_flow(&self) -> Flow {
        self.flow(self.options.sndhwm)
    }

    /// The flow of messages from the wire to the socket: its `ZMQ_RCVHWM`.
    pub fn inbound_flow(&self) -> Flow {
        self.flow(self.options.rcvhwm)
    }

    fn flow(&self, hwm: i32) -> Flow {
        Flow {
            hwm: if self.conflate { 0 } else { hwm.max(0) as u64 },
            conflate: self.conflate,
            // The engine reads and writes in batches (see `Flow::batch_wake`).
            batch_wake: true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flows_use_each_mark_alone() {
        let mailbox = Arc::new(Mailbox::new().unwrap());
        let mut options = Options::new(8);
        options.sndhwm = 7;
        options.rcvhwm = 0;
        let link = Arc::new(SocketLink::new(mailbox, -1));
        let setup = Setup {
            socket: link.clone(),
            options,
            endpoint: "tcp://127.0.0.1:1".into(),
            conflate: false,
        };
        assert_eq!(setup.outbound_flow().hwm, 7);
        assert_eq!(setup.inbound_flow().hwm, 0);
        link.set_linger(250);
        assert_eq!(setup.socket.linger(), 250);
        let conflating = Setup {
            conflate: true,
            ..setup
        };
        assert!(conflating.outbound_flow().conflate);
        assert_eq!(conflating.outbound_flow().hwm, 0);
    }
}

//! Pipes: the message channels between a socket and each of its peers.
//!
//! A pipe is two one-way [`channels`](channel) (one each way), each a lock-free
//! single-producer single-consumer queue ([`crate::sys::spsc`]). A [`PipeEnd`] is what
//! one side holds: the writing half of one channel and the reading half of the other,
//! plus the peer's mailbox for the rare wake-ups.
//!
//! Nothing on the message path takes a lock or makes a system call. The writer
//! publishes each complete message with one atomic operation; only if the reader had
//! found the queue empty does the writer post `ActivateRead` to the reader's mailbox.
//! High-water marks are counted in whole messages: the reader publishes how many it has
//! read once per batch of half the mark (libzmq's low-water mark), and the writer posts
//! nothing while it has credit. A writer out of credit flags itself as waiting in the
//! same word, and the reader's next publication wakes it with `ActivateWrite`.

mod channel;

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

use crate::ctx::command::Command;
use crate::ctx::mailbox::Mailbox;
use crate::monitor::Endpoints;
use crate::msg::Msg;

pub use channel::{Receiver, Sender, channel};

/// Identifies one end of a pipe (unique in the process).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct PipeId(pub u64);

impl PipeId {
    fn next() -> PipeId {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        PipeId(NEXT.fetch_add(1, Ordering::Relaxed))
    }
}

/// How one direction of a new pipe behaves.
#[derive(Clone, Copy, Debug, Default)]
pub struct Flow {
    /// High-water mark in messages; 0 = unlimited.
    pub hwm: u64,
    /// Keep only the newest message (`ZMQ_CONFLATE`).
    pub conflate: bool,
    /// Wake a writer waiting for room only once half the mark has been read, as
    /// libzmq does, instead of at the first read. For pipes to and from network
    /// engines, which read and write in batches: an eager wake-up there would cost a
    /// command per message while the pipe is full.
    pub batch_wake: bool,
}

/// How one end reaches the owner of the other end. Set when the pipe is made, or, for
/// an inproc connect that precedes its bind, when the bind happens: until then nothing
/// needs to reach the missing binder (it looks at every pipe it attaches).
type Link = Arc<OnceLock<Arc<Mailbox>>>;

fn link(mailbox: Option<Arc<Mailbox>>) -> Link {
    let cell = OnceLock::new();
    if let Some(m) = mailbox {
        let _ = cell.set(m);
    }
    Arc::new(cell)
}

/// One side of a pipe, held by a socket (or, for tcp, by a connection's session).
pub struct PipeEnd {
    id: PipeId,
    peer_id: PipeId,
    /// The owner of the other end.
    peer: Link,
    /// How the other end reaches our owner.
    own: Link,
    out: Sender,
    inp: Receiver,
    /// The peer has gone; once the inbound queue is drained the pipe is dead.
    peer_gone: bool,
    /// Set once the peer has been told we are gone (so it is told only once).
    hung_up: bool,
    /// The endpoint this pipe was made for, so unbind/disconnect find it.
    endpoint: Option<String>,
    /// What the peer adds to our marks (inproc: its receive mark to our send mark,
    /// its send mark to our receive mark), so new marks of ours can be applied.
    boost: Option<HwmBoost>,
    /// The endpoints of the network connection under this pipe, as monitor events
    /// name them (set by an engine that made the pipe at its handshake).
    connection: Option<Box<Endpoints>>,
}

/// The peer's share of an inproc pipe's high-water marks.
#[derive(Clone, Copy, Debug, Default)]
pub struct HwmBoost {
    /// The peer's `ZMQ_RCVHWM` (added to our `ZMQ_SNDHWM`).
    pub out: i32,
    /// The peer's `ZMQ_SNDHWM` (added to our `ZMQ_RCVHWM`).
    pub inp: i32,
}

/// libzmq's mark for a pipe: the sum of both sides' marks, or unlimited (0) when
/// either side is unlimited.
pub fn combined_hwm(ours: i32, peers: i32) -> u64 {
    if ours <= 0 || peers <= 0 {
        0
    } else {
        ours as u64 + peers as u64
    }
}

/// Make a pipe between the owners of `a` and `b`. `a_to_b` and `b_to_a` describe
/// the two directions. The first end returned belongs to `a`'s owner.
/// `b` may be unknown yet (`None`): see [`PipeEnd::adopt`].
pub fn pair(
    a: Arc<Mailbox>,
    b: Option<Arc<Mailbox>>,
    a_to_b: Flow,
    b_to_a: Flow,
) -> (PipeEnd, PipeEnd) {
    let (a_id, b_id) = (PipeId::next(), PipeId::next());
    let (a_link, b_link) = (link(Some(a)), link(b));
    let (ab_tx, ab_rx) = channel(a_to_b);
    let (ba_tx, ba_rx) = channel(b_to_a);
    let end_a = PipeEnd::new(a_id, b_id, b_link.clone(), a_link.clone(), ab_tx, ba_rx);
    let end_b = PipeEnd::new(b_id, a_id, a_link, b_link, ba_tx, ab_rx);
    (end_a, end_b)
}

impl PipeEnd {
    fn new(id: PipeId, peer_id: PipeId, peer: Link, own: Link, out: Sender, inp: Receiver) -> Self {
        PipeEnd {
            id,
            peer_id,
            peer,
            own,
            out,
            inp,
            peer_gone: false,
            hung_up: false,
            endpoint: None,
            boost: None,
            connection: None,
        }
    }

    /// Take ownership of this end: the peer's commands go to `mailbox` from now on
    /// (an inproc bind adopting a connect that was waiting for it).
    pub fn adopt(&self, mailbox: Arc<Mailbox>) {
        let _ = self.own.set(mailbox);
    }

    fn notify_peer(&self, command: Command) {
        if let Some(mailbox) = self.peer.get() {
            mailbox.send(command);
        }
    }

    /// This end's id (what the peer names in commands to us).
    pub fn id(&self) -> PipeId {
        self.id
    }

    /// Whether a new message may be written now (under the high-water mark). When it
    /// may not, the peer will send `ActivateWrite` once it has read enough.
    #[inline]
    pub fn check_write(&mut self) -> bool {
        !self.peer_gone && self.out.check_write()
    }

    /// Write one part. The caller checked [`check_write`](Self::check_write) before the
    /// first part of a message; further parts always fit.
    #[inline]
    pub fn write(&mut self, msg: Msg) {
        self.out.write(msg);
    }

    /// Write one part carrying `template`'s properties, relayed rather than
    /// reference-counted per message (see [`Sender::write_relayed`]).
    #[inline]
    pub fn write_relayed(&mut self, msg: Msg, template: &Msg) {
        self.out.write_relayed(msg, template);
    }

    /// Publish what was written; wake the peer if it had run dry.
    #[inline]
    pub fn flush(&mut self) {
        if self.out.flush() {
            self.notify_peer(Command::ActivateRead(self.peer_id));
        }
    }

    /// Drop the parts of an unfinished message (the pipe is going away mid-message).
    pub fn rollback(&mut self) {
        self.out.rollback();
    }

    /// Read the next part, if one is there. `None` does not arm `ActivateRead`; call
    /// [`check_read`](Self::check_read) before sleeping on the mailbox.
    #[inline]
    pub fn read_into(&mut self, out: &mut Msg) -> bool {
        let (got, wake_writer) = self.inp.read_into(out);
        if wake_writer {
            self.notify_peer(Command::ActivateWrite(self.peer_id));
        }
        got
    }

    /// Whether a part is ready to read. `false` also arms `ActivateRead`.
    pub fn check_read(&mut self) -> bool {
        self.inp.check_read()
    }

    /// Mark the peer gone (it sent `Hangup`).
    pub fn set_peer_gone(&mut self) {
        self.peer_gone = true;
        self.hung_up = true;
    }

    /// Whether the peer is gone and nothing is left to read: the pipe can be dropped.
    #[inline]
    pub fn is_dead(&mut self) -> bool {
        self.peer_gone && !self.inp.check_read()
    }

    /// Whether the peer has gone.
    #[inline]
    pub fn peer_gone(&self) -> bool {
        self.peer_gone
    }

    /// Change the high-water marks once the peer's options are known (inproc bind after
    /// connect).
    pub fn set_hwms(&self, out_hwm: u64, in_hwm: u64) {
        self.out.set_hwm(out_hwm);
        self.inp.set_hwm(in_hwm);
    }

    /// Record the peer's share of the marks (see [`HwmBoost`]).
    pub fn set_boost(&mut self, boost: HwmBoost) {
        self.boost = Some(boost);
    }

    /// Our marks changed: recompute the pipe's marks with the peer's share (our own
    /// marks alone when the peer's share is unknown).
    pub fn apply_own_hwms(&self, sndhwm: i32, rcvhwm: i32) {
        match self.boost {
            Some(boost) => self.set_hwms(
                combined_hwm(sndhwm, boost.out),
                combined_hwm(rcvhwm, boost.inp),
            ),
            None => self.set_hwms(sndhwm.max(0) as u64, rcvhwm.max(0) as u64),
        }
    }

    /// Messages queued each way, outbound (written here, not yet read by the peer)
    /// then inbound (written by the peer, not yet read here): what
    /// `ZMQ_EVENT_PIPES_STATS` reports.
    pub fn queue_counts(&self) -> (u64, u64) {
        (self.out.queued(), self.inp.queued())
    }

    /// The endpoint this pipe belongs to.
    pub fn endpoint(&self) -> Option<&str> {
        self.endpoint.as_deref()
    }

    /// The endpoints of the network connection under this pipe, if an engine
    /// recorded them.
    pub fn connection(&self) -> Option<&Endpoints> {
        self.connection.as_deref()
    }

    /// Record the endpoints of the network connection under this pipe.
    pub fn set_connection(&mut self, endpoints: Endpoints) {
        self.connection = Some(Box::new(endpoints));
    }

    /// Record the endpoint this pipe belongs to.
    pub fn set_endpoint(&mut self, endpoint: &str) {
        self.endpoint = Some(endpoint.to_owned());
    }
}

impl Drop for PipeEnd {
    fn drop(&mut self) {
        // An unfinished message never reaches the peer: libzmq's atomicity.
        self.out.rollback();
        if !self.hung_up {
            self.hung_up = true;
            self.notify_peer(Command::Hangup(self.peer_id));
        }
    }
}

impl fmt::Debug for PipeEnd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PipeEnd")
            .field("id", &self.id)
            .field("peer_id", &self.peer_id)
            .field("peer_gone", &self.peer_gone)
            .field("endpoint", &self.endpoint)
            .finish()
    }
}

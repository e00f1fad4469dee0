//! The engine of one connection: moves frames between a [`Stream`] and the socket's
//! pipe, driving one ZMTP [`Session`].
//!
//! Input: the engine reads as much as is there (64 KiB at a time, or straight into
//! the rest of a large frame's body) into the session's buffer, takes every decoded
//! message, stamps the connection's metadata on it and writes it into the pipe; one
//! flush per batch publishes them all. If the pipe is at its high-water mark, the
//! message waits in the engine and reading stops until the socket's `ActivateWrite`
//! (TCP then holds the peer back).
//!
//! Output: the engine takes every message waiting in the pipe (up to
//! [`OUT_BATCH`] bytes encoded), and writes them with `writev`, large payloads straight
//! from their buffers. When the pipe is empty it is armed, so the socket's next flush
//! posts `ActivateRead`. When the kernel buffer is full the engine asks for
//! writability and takes no more from the pipe, so the socket's `ZMQ_SNDHWM` applies.
//!
//! The stream is registered edge-triggered: readable interest always, writable only
//! while a write is blocked. A read shorter than the room offered means the kernel
//! had no more, so the engine waits for the next edge without another `read`.
//!
//! When the socket lets the pipe go (close, disconnect, unbind, or a PAIR refusing a
//! second peer) the engine delivers what is left in the pipe within the socket's
//! `ZMQ_LINGER`, then ends.

use std::io::{self, IoSlice};
use std::sync::Arc;
use std::time::{Duration, Instant};

use mio::Interest;
use mio::event::Source;

use super::Setup;
use super::stream::Stream;
use crate::ctx::command::Command;
use crate::ctx::reactor::{Cx, Handler, Readiness};
use crate::error::Result;
use crate::msg::{Metadata, Msg, metadata};
use crate::pipe::{self, PipeEnd};
use crate::zmtp::{Event, ProtocolError, Session, SessionConfig, SessionState};

/// Bytes offered to one `read` while frames are small.
const READ_CHUNK: usize = 64 * 1024;
/// A frame body from this size on is read into a buffer of its own (no copy).
const LARGE_FRAME: usize = 8 * 1024;
/// The longest frame header (ZMTP 3 long frame).
const MAX_HEADER: usize = 9;
/// The largest frame body the engine makes room for in one go, before a byte of it
/// has arrived; larger bodies get room doubling with what has arrived.
const UPFRONT_LIMIT: usize = 1 << 20;
/// Encoded bytes the engine gathers from the pipe before it writes.
pub const OUT_BATCH: usize = 256 * 1024;
/// Slices given to one `writev`.
const MAX_SLICES: usize = 64;

/// Why a connection ended.
#[derive(Debug)]
pub enum End {
    /// The peer closed the connection.
    PeerClosed,
    /// Reading or writing failed.
    Io(io::Error),
    /// The peer broke the protocol (or a handshake or heartbeat timer expired).
    Protocol(ProtocolError),
    /// The socket let the pipe go and everything was delivered, or its linger ran out.
    Finished,
}

/// One connection's engine.
pub struct Engine {
    stream: Stream,
    session: Session,
    setup: Arc<Setup>,
    pipe: Option<PipeEnd>,
    /// An empty message carrying the connection's metadata, copied onto each message.
    template: Msg,
    /// A message decoded while the pipe was full.
    stalled: Option<Msg>,
    /// Parts of an inbound message were written to the pipe, not yet its last.
    in_more: bool,
    /// Parts of an outbound message were taken from the pipe, not yet its last.
    out_more: bool,
    /// The stream may have unread data (no short read since its last readiness).
    may_read: bool,
    /// The last message received was large: read headers alone (see `read`).
    large_frames: bool,
    /// A write would block: writable interest is registered, waiting for the edge.
    write_blocked: bool,
    /// The socket let the pipe go: deliver what is left until this (`None`: forever).
    lingering: Option<Option<Instant>>,
    ended: Option<End>,
}

impl Engine {
    /// An engine for a connection established at `now`. With `pipe` (a connecter's
    /// pipe, made at `zmq_connect`) messages flow through it; without, the engine
    /// makes one when the handshake succeeds and gives the socket the other end.
    pub fn new(
        stream: Stream,
        setup: Arc<Setup>,
        pipe: Option<PipeEnd>,
        now: Instant,
    ) -> Result<Engine> {
        stream.tune(&setup.options);
        let session = Session::new(SessionConfig::from_options(&setup.options), now)?;
        Ok(Engine {
            stream,
            session,
            setup,
            pipe,
            template: Msg::new(),
            stalled: None,
            in_more: false,
            out_more: false,
            may_read: true,
            large_frames: false,
            write_blocked: false,
            lingering: None,
            ended: None,
        })
    }

    /// Register the stream and send the greeting.
    pub fn start(&mut self, cx: &mut Cx<'_>) {
        if let Err(err) = self
            .stream
            .register(cx.registry(), cx.token(), Interest::READABLE)
        {
            self.end(End::Io(err));
            return;
        }
        if let Some(pipe) = &self.pipe {
            cx.route(pipe.id());
        }
        self.pump(cx);
    }

    /// Whether the connection has ended (see [`Engine::end_reason`]).
    pub fn has_ended(&self) -> bool {
        self.ended.is_some()
    }

    /// Why the connection ended, once it has.
    pub fn end_reason(&self) -> Option<&End> {
        self.ended.as_ref()
    }

    /// Whether the handshake completed (at some point).
    pub fn handshake_done(&self) -> bool {
        self.template.metadata().is_some()
    }

    /// The stream is ready.
    pub fn ready(&mut self, cx: &mut Cx<'_>, readiness: Readiness) {
        if readiness.readable || readiness.error {
            self.may_read = true;
        }
        if readiness.writable || readiness.error {
            self.write_blocked = false;
        }
        self.pump(cx);
    }

    /// A command for our pipe.
    pub fn command(&mut self, cx: &mut Cx<'_>, command: Command) {
        match command {
            Command::ActivateRead(_) => self.pump_out(cx),
            Command::ActivateWrite(_) => self.pump(cx),
            Command::Hangup(_) => {
                if let Some(pipe) = &mut self.pipe {
                    pipe.set_peer_gone();
                }
                self.linger(cx);
                self.pump(cx);
            }
            Command::Attach(_) | Command::Stop => {}
        }
        self.check_finished();
    }

    /// The socket's end of the pipe is gone (known from elsewhere than a `Hangup`).
    pub fn peer_gone(&mut self) {
        if let Some(pipe) = &mut self.pipe {
            pipe.set_peer_gone();
        }
    }

    /// The socket is done with this connection (its pipe is gone or never came):
    /// deliver what is left within `ZMQ_LINGER`.
    pub fn linger(&mut self, cx: &mut Cx<'_>) {
        let linger = self.setup.socket.linger();
        if linger == 0 {
            self.end(End::Finished);
            return;
        }
        let until = u64::try_from(linger)
            .ok()
            .map(|ms| cx.now() + Duration::from_millis(ms));
        self.linger_until(until);
    }

    /// Deliver what is left in the pipe until `until` (`None`: however long it
    /// takes), then end.
    pub fn linger_until(&mut self, until: Option<Instant>) {
        if self.lingering.is_some() || self.ended.is_some() {
            return;
        }
        if self.pipe.is_none() {
            self.end(End::Finished);
            return;
        }
        self.lingering = Some(until);
        self.check_finished();
    }

    /// A deadline passed: the session's timers, or the end of lingering.
    pub fn timeout(&mut self, cx: &mut Cx<'_>) {
        if let Some(Some(until)) = self.lingering {
            if cx.now() >= until {
                self.end(End::Finished);
                return;
            }
        }
        self.session.handle_timeout(cx.now());
        self.pump(cx);
    }

    /// When [`Engine::timeout`] is next due.
    pub fn deadline(&self) -> Option<Instant> {
        if self.ended.is_some() {
            return None;
        }
        let linger = self.lingering.flatten();
        match (self.session.poll_timeout(), linger) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// The engine is done: give back the pipe (if it has one) for the next connection,
    /// without the remains of a message half sent or half received, so the peer of
    /// the next connection sees only whole messages.
    pub fn into_pipe(mut self) -> Option<PipeEnd> {
        let mut pipe = self.pipe.take()?;
        pipe.rollback();
        if self.out_more {
            let mut part = Msg::new();
            while pipe.read_into(&mut part) && part.more() {}
        }
        Some(pipe)
    }

    fn end(&mut self, why: End) {
        if self.ended.is_some() {
            return;
        }
        if let Some(pipe) = &mut self.pipe {
            // A message half received never reaches the socket.
            if self.in_more {
                pipe.rollback();
                self.in_more = false;
            }
            pipe.flush();
        }
        let protocol = matches!(why, End::Protocol(_));
        self.ended = Some(why);
        if protocol {
            // Best effort: let the peer see an ERROR command the session queued.
            self.write_out();
        }
    }

    /// Input, then output (input may have produced handshake replies or PONGs).
    fn pump(&mut self, cx: &mut Cx<'_>) {
        self.pump_in(cx);
        self.pump_out(cx);
        self.check_finished();
    }

    fn pump_in(&mut self, cx: &mut Cx<'_>) {
        while self.ended.is_none() {
            if !self.deliver(cx) || !self.may_read {
                return;
            }
            self.read(cx);
        }
    }

    /// One `read` into the session's buffer.
    fn read(&mut self, cx: &mut Cx<'_>) {
        let wanted = self.session.bytes_wanted();
        let buffer = self.session.input_buffer();
        let room = if wanted >= LARGE_FRAME {
            // The rest of a large frame's body exactly, so it arrives in one buffer
            // and becomes the message without a copy; beyond the upfront limit, room
            // grows with the data that actually came, not with what was announced.
            wanted.min(UPFRONT_LIMIT.max(buffer.len()))
        } else if self.large_frames {
            // The peer sends large frames: read the next header alone, so that the
            // body after it can be read straight into a buffer of its own.
            wanted.max(MAX_HEADER)
        } else {
            READ_CHUNK
        };
        buffer.reserve(room);
        match self.stream.read_into(buffer, room) {
            Ok(0) => self.end(End::PeerClosed),
            Ok(n) => {
                if n < room {
                    self.may_read = false;
                }
                self.session.process_input(cx.now());
            }
            Err(err) if err.kind() == io::ErrorKind::WouldBlock => self.may_read = false,
            Err(err) => self.end(End::Io(err)),
        }
    }

    /// Hand every decoded event on; `false` when input must pause (pipe full) or the
    /// connection ended.
    fn deliver(&mut self, cx: &mut Cx<'_>) -> bool {
        if let Some(msg) = self.stalled.take() {
            if !self.push_in(msg) {
                return false;
            }
        }
        let keep_going = loop {
            match self.session.poll_event() {
                None => break true,
                Some(Event::Ready { metadata, .. }) => self.on_ready(cx, metadata),
                Some(Event::Message(msg)) => {
                    self.large_frames = msg.len() >= LARGE_FRAME;
                    if !self.push_in(msg) {
                        break false;
                    }
                }
                Some(Event::Error(err)) => {
                    self.end(End::Protocol(err));
                    break false;
                }
                // No socket type built so far takes subscriptions or groups.
                Some(_) => {}
            }
        };
        if let Some(pipe) = &mut self.pipe {
            pipe.flush();
        }
        keep_going
    }

    /// Write one inbound part into the pipe; `false` (the part kept) if the pipe is
    /// full. With the socket gone, parts are dropped.
    fn push_in(&mut self, mut msg: Msg) -> bool {
        let Some(pipe) = &mut self.pipe else {
            return true;
        };
        if pipe.peer_gone() {
            return true;
        }
        if !self.in_more && !pipe.check_write() {
            self.stalled = Some(msg);
            return false;
        }
        msg.copy_properties_from(&self.template);
        self.in_more = msg.more();
        pipe.write(msg);
        true
    }

    /// The handshake succeeded: record the peer's properties, and give the socket its
    /// pipe end unless the pipe already exists.
    fn on_ready(&mut self, cx: &mut Cx<'_>, mut properties: Metadata) {
        if let Some(address) = self.stream.peer_address() {
            properties.insert(metadata::PEER_ADDRESS, address.as_bytes());
        }
        properties.set_source_fd(self.stream.fd());
        self.template.set_metadata(Arc::new(properties));
        if self.pipe.is_some() {
            return;
        }
        let socket = &self.setup.socket;
        let (ours, mut theirs) = pipe::pair(
            cx.mailbox().clone(),
            Some(socket.mailbox.clone()),
            self.setup.inbound_flow(),
            self.setup.outbound_flow(),
        );
        theirs.set_endpoint(&self.setup.endpoint);
        cx.route(ours.id());
        self.pipe = Some(ours);
        // A closed socket's mailbox drops this, which hangs up on our end.
        socket.mailbox.send(Command::Attach(Box::new(theirs)));
    }

    fn pump_out(&mut self, cx: &mut Cx<'_>) {
        while self.ended.is_none() {
            self.pull_from_pipe();
            if self.session.pending_transmit() == 0 {
                // Arm the pipe; a message that raced in is taken at once.
                let more = self.session.state() == SessionState::Ready
                    && self.pipe.as_mut().is_some_and(|pipe| pipe.check_read());
                if more {
                    continue;
                }
                return;
            }
            if self.write_blocked {
                return;
            }
            if !self.write_out() {
                self.write_blocked = true;
                let interest = Interest::READABLE | Interest::WRITABLE;
                if let Err(err) = self.stream.reregister(cx.registry(), cx.token(), interest) {
                    self.end(End::Io(err));
                }
                return;
            }
        }
    }

    /// Take messages from the pipe into the session, up to a batch.
    fn pull_from_pipe(&mut self) {
        if self.session.state() != SessionState::Ready {
            return;
        }
        let Some(pipe) = &mut self.pipe else {
            return;
        };
        while self.session.pending_transmit() < OUT_BATCH {
            let mut msg = Msg::new();
            if !pipe.read_into(&mut msg) {
                return;
            }
            self.out_more = msg.more();
            if self.session.send(msg).is_err() {
                // The session failed; the error event ends the connection.
                return;
            }
        }
    }

    /// One `writev` of pending output; `false` if the kernel took nothing (full).
    fn write_out(&mut self) -> bool {
        let mut slices = [IoSlice::new(&[]); MAX_SLICES];
        let count = self.session.io_slices(&mut slices);
        match self.stream.write_vectored(&slices[..count]) {
            Ok(written) => {
                self.session.advance_transmit(written);
                true
            }
            Err(err) if err.kind() == io::ErrorKind::WouldBlock => false,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => true,
            Err(err) => {
                self.end(End::Io(err));
                true
            }
        }
    }

    /// Lingering ends once the pipe is drained and everything is written.
    fn check_finished(&mut self) {
        if self.ended.is_some() || self.lingering.is_none() {
            return;
        }
        let drained = self.pipe.as_mut().is_none_or(|pipe| pipe.is_dead());
        let ready = self.session.state() == SessionState::Ready;
        // Before the handshake nothing of the pipe's has been queued: a drained pipe
        // means nothing is left to deliver.
        if drained && (!ready || self.session.pending_transmit() == 0) {
            self.end(End::Finished);
        }
    }
}

/// An accepted connection is a handler of its own; it ends with its connection.
impl Handler for Engine {
    fn start(&mut self, cx: &mut Cx<'_>) {
        Engine::start(self, cx);
    }

    fn ready(&mut self, cx: &mut Cx<'_>, readiness: Readiness) {
        Engine::ready(self, cx, readiness);
    }

    fn command(&mut self, cx: &mut Cx<'_>, command: Command) {
        Engine::command(self, cx, command);
    }

    fn timeout(&mut self, cx: &mut Cx<'_>) {
        Engine::timeout(self, cx);
    }

    fn deadline(&self) -> Option<Instant> {
        Engine::deadline(self)
    }

    fn close(&mut self, cx: &mut Cx<'_>) {
        self.linger(cx);
    }

    fn shutdown(&mut self, cx: &mut Cx<'_>) {
        // Every socket is closed: a connection without a pipe has nothing to deliver.
        if self.pipe.is_none() {
            self.end(End::Finished);
        } else {
            self.linger(cx);
        }
    }

    fn is_done(&self) -> bool {
        self.has_ended()
    }
}

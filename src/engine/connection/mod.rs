//! The engine of one connection: moves frames between a [`Stream`] and the socket's
//! pipe, driving one ZMTP [`Session`]. Its input path is in `inbound`, its output
//! path in `outbound`; this file holds its state, its lifecycle and its place in
//! the reactor.
//!
//! The stream is registered edge-triggered: readable interest always, writable only
//! once a write has blocked. Readiness, pipe commands and timers all end in
//! `Engine::pump`: input first (it may produce handshake replies or PONGs), then
//! output.
//!
//! When the socket lets the pipe go (close, disconnect, unbind, or a PAIR refusing a
//! second peer) the engine delivers what is left in the pipe within the socket's
//! `ZMQ_LINGER`, then ends.

mod inbound;
mod outbound;

pub use outbound::OUT_BATCH;

use std::io;
use std::sync::Arc;
use std::time::{Duration, Instant};

use mio::Interest;
use mio::event::Source;

use super::Setup;
use super::monitoring;
use super::stream::Stream;
use crate::ctx::command::Command;
use crate::ctx::reactor::{Cx, Handler, Readiness};
use crate::error::Result;
use crate::monitor::Endpoints;
use crate::msg::Msg;
use crate::pipe::PipeEnd;
use crate::zmtp::{ProtocolError, Session, SessionConfig, SessionState};

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
    /// The peer shut down its side: a short read no longer means the stream is
    /// drained, since the end of stream behind the data brings no new edge.
    read_closed: bool,
    /// The last message received was large: read headers alone (see `read`).
    large_frames: bool,
    /// Bytes offered to the next `read` of small frames (grows while reads fill it).
    read_chunk: usize,
    /// A write would block: writable interest is registered, waiting for the edge.
    write_blocked: bool,
    /// The socket let the pipe go: deliver what is left until this (`None`: forever).
    lingering: Option<Option<Instant>>,
    ended: Option<End>,
    /// The connection's endpoints, as its monitor events name them.
    endpoints: Endpoints,
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
            read_closed: false,
            large_frames: false,
            read_chunk: inbound::MIN_CHUNK,
            write_blocked: false,
            lingering: None,
            ended: None,
            endpoints: Endpoints::default(),
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

    /// Name the connection's endpoints for its monitor events (the listener or
    /// connecter that made it knows them).
    pub fn set_endpoints(&mut self, endpoints: Endpoints) {
        self.endpoints = endpoints;
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
        if readiness.read_closed {
            self.read_closed = true;
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
            Command::Attach(_) | Command::Stop | Command::EndpointGone(_) => {}
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
        let monitor = &self.setup.socket.monitor;
        let fd = self.stream.fd();
        monitoring::connection_ended(monitor, &self.endpoints, fd, self.handshake_done(), &why);
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

#[cfg(test)]
mod tests;

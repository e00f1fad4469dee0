//! A connected endpoint in its I/O thread: connects, runs an [`Engine`] while the
//! connection lives, and reconnects after it is lost.
//!
//! Unless `ZMQ_IMMEDIATE` is set, the socket's pipe is made at `zmq_connect` and the
//! connecter holds the far end between connections, so messages sent before the peer
//! is there (or while it restarts) wait in the pipe and go out on the next connection;
//! only a message cut in half by a lost connection is dropped, so the peer never sees
//! part of one. With `ZMQ_IMMEDIATE` each connection's engine makes a pipe at its
//! handshake, and the pipe goes when the connection does.
//!
//! Reconnecting waits `ZMQ_RECONNECT_IVL` plus a random part of it (so that many
//! clients of a restarted server do not return in lockstep), doubling up to
//! `ZMQ_RECONNECT_IVL_MAX` while attempts fail; -1 or 0 never reconnects, and after a
//! lost connection the socket is then told to forget the endpoint
//! ([`Command::EndpointGone`]), as libzmq's session does. As in libzmq, a
//! peer that breaks the protocol is not called again (its endpoint stays), and the draft
//! `ZMQ_RECONNECT_STOP` bits also stop after a refusal, after a connection lost during
//! the handshake, or once the socket has called `zmq_disconnect`/`zmq_unbind`. When
//! the socket lets go (close, disconnect) the connecter keeps trying to deliver what
//! is queued until `ZMQ_LINGER` runs out.

use std::io;
use std::sync::Arc;
use std::time::{Duration, Instant};

use mio::Interest;
use mio::event::Source;

use super::Setup;
use super::connection::{End, Engine};
use super::monitoring;
use super::stream::Stream;
use crate::ctx::command::Command;
use crate::ctx::reactor::{Cx, Handler, Readiness};
use crate::monitor::{Endpoints, Role, event};
use crate::pipe::PipeEnd;
use crate::transport::address::TcpConnect;
use crate::transport::{ipc, tcp};
use crate::zmtp::ProtocolError;

/// `ZMQ_RECONNECT_STOP_CONN_REFUSED`: stop after a refused connection.
const STOP_CONN_REFUSED: i32 = 1;
/// `ZMQ_RECONNECT_STOP_HANDSHAKE_FAILED`: stop after a failed handshake.
const STOP_HANDSHAKE_FAILED: i32 = 2;
/// `ZMQ_RECONNECT_STOP_AFTER_DISCONNECT`: stop once the socket has disconnected or
/// unbound an endpoint.
const STOP_AFTER_DISCONNECT: i32 = 4;

/// Where to connect.
#[derive(Debug)]
pub enum Target {
    /// A TCP address or host name (resolved at each attempt, as libzmq), with an
    /// optional source address.
    Tcp(TcpConnect),
    /// A Unix-domain address (path or abstract name).
    Ipc(std::os::unix::net::SocketAddr),
}

enum State {
    /// Waiting until the given time to connect.
    Waiting(Instant),
    /// A non-blocking connect is under way; it fails at the deadline if any.
    Connecting(Stream, Option<Instant>),
    /// A connection lives.
    Connected(Box<Engine>),
    /// Finished.
    Done,
}

/// A connected endpoint.
pub struct Connecter {
    target: Target,
    setup: Arc<Setup>,
    /// The socket's pipe while no connection holds it.
    pipe: Option<PipeEnd>,
    state: State,
    /// How long to wait before the next attempt.
    backoff: Backoff,
    /// The socket let go: deliver until then (`None`: forever).
    lingering: Option<Option<Instant>>,
}

/// The waits between connection attempts: `ZMQ_RECONNECT_IVL` plus a random part of
/// it, the interval doubling after each failure up to `ZMQ_RECONNECT_IVL_MAX` (when
/// that is above `ZMQ_RECONNECT_IVL`).
#[derive(Debug)]
struct Backoff {
    base: Duration,
    max: Duration,
    /// The interval now.
    current: Duration,
    /// State of the jitter generator (xorshift: cheap, and enough to spread the
    /// clients of a restarted server apart).
    random: u64,
}

impl Backoff {
    fn new(reconnect_ivl: i32, reconnect_ivl_max: i32) -> Backoff {
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64)
            ^ (u64::from(std::process::id()) << 32);
        let base = Duration::from_millis(reconnect_ivl.max(0) as u64);
        Backoff {
            base,
            max: Duration::from_millis(reconnect_ivl_max.max(0) as u64),
            current: base,
            random: seed | 1,
        }
    }

    /// The wait before the next attempt; the interval grows for the one after.
    fn next_wait(&mut self) -> Duration {
        self.random ^= self.random << 13;
        self.random ^= self.random >> 7;
        self.random ^= self.random << 17;
        let base_ms = self.base.as_millis() as u64;
        let jitter = match base_ms {
            0 => Duration::ZERO,
            ms => Duration::from_millis(self.random % ms),
        };
        let wait = self.current + jitter;
        if self.max > self.base {
            self.current = (self.current * 2).min(self.max);
        }
        wait
    }

    /// A connection succeeded: start over from the base interval.
    fn reset(&mut self) {
        self.current = self.base;
    }
}

impl Connecter {
    /// A connecter to `target` for the socket of `setup`, holding the far end of the
    /// socket's pipe (`None` with `ZMQ_IMMEDIATE`).
    pub fn new(target: Target, setup: Arc<Setup>, pipe: Option<PipeEnd>) -> Connecter {
        let connection = &setup.options.connection;
        let backoff = Backoff::new(connection.reconnect_ivl, connection.reconnect_ivl_max);
        Connecter {
            target,
            setup,
            pipe,
            state: State::Waiting(Instant::now()),
            backoff,
            lingering: None,
        }
    }

    fn stop_bits(&self) -> i32 {
        self.setup.options.connection.reconnect_stop
    }

    /// Start a connect now.
    fn attempt(&mut self, cx: &mut Cx<'_>) {
        let started = match &self.target {
            Target::Tcp(target) => match target.resolve() {
                Ok(resolved) => {
                    tcp::start_connect(&resolved, &self.setup.options.connection).map(Stream::Tcp)
                }
                Err(err) => Err(io::Error::from_raw_os_error(err.errno()).into()),
            },
            Target::Ipc(addr) => ipc::start_connect(addr).map(Stream::Ipc),
        };
        let mut stream = match started {
            Ok(stream) => stream,
            Err(failure) => {
                // As libzmq: the descriptor that failed at once is reported closed
                // before the next attempt is scheduled.
                if let Some(fd) = failure.closed_fd {
                    closed(&self.setup, fd);
                }
                return self.failed_attempt(cx, &failure.error);
            }
        };
        let interest = Interest::READABLE | Interest::WRITABLE;
        if let Err(err) = stream.register(cx.registry(), cx.token(), interest) {
            let fd = stream.fd();
            drop(stream);
            closed(&self.setup, fd);
            return self.failed_attempt(cx, &err);
        }
        // A non-blocking TCP connect is always under way at first (EINPROGRESS, which
        // mio does not pass on); a Unix-domain one completes or fails at once.
        if matches!(stream, Stream::Tcp(_)) {
            let endpoints = Endpoints::connecting(&self.setup.endpoint);
            let errno = libc::EINPROGRESS;
            monitoring::error_event(&self.setup, event::CONNECT_DELAYED, errno, &endpoints);
        }
        let timeout = self.setup.options.connection.connect_timeout;
        let deadline = (timeout > 0).then(|| cx.now() + Duration::from_millis(timeout as u64));
        self.state = State::Connecting(stream, deadline);
    }

    fn failed_attempt(&mut self, cx: &mut Cx<'_>, err: &io::Error) {
        let refused = matches!(err.raw_os_error(), Some(libc::ECONNREFUSED | libc::ENOENT));
        if refused && self.stop_bits() & STOP_CONN_REFUSED != 0 {
            // libzmq's tcp connecter then has its socket forget the endpoint.
            if matches!(self.target, Target::Tcp(_)) {
                self.forget_endpoint();
            }
            return self.finish();
        }
        self.schedule(cx);
    }

    /// Tell the socket that this endpoint is gone for good (unless the socket has
    /// already let it go). Sent before the pipe is dropped, so a socket woken by
    /// the pipe's hang-up has already forgotten the endpoint.
    fn forget_endpoint(&self) {
        if self.lingering.is_none() {
            let gone = Command::EndpointGone(self.setup.clone());
            self.setup.socket.mailbox.send(gone);
        }
    }

    /// Wait before the next attempt, or finish if reconnecting is off, or if
    /// `ZMQ_RECONNECT_STOP_AFTER_DISCONNECT` is set and the socket has disconnected
    /// an endpoint (libzmq records that for the whole socket).
    fn schedule(&mut self, cx: &mut Cx<'_>) {
        let after_disconnect = self.stop_bits() & STOP_AFTER_DISCONNECT != 0;
        // As libzmq 4.3.5, 0 does not reconnect either (rather than calling again in
        // a tight loop).
        if self.setup.options.connection.reconnect_ivl <= 0
            || (after_disconnect && self.setup.socket.has_disconnected())
        {
            return self.finish();
        }
        let wait = self.backoff.next_wait();
        let endpoints = Endpoints::connecting(&self.setup.endpoint);
        let wait_ms = wait.as_millis().min(i32::MAX as u128) as i32;
        monitoring::error_event(&self.setup, event::CONNECT_RETRIED, wait_ms, &endpoints);
        self.state = State::Waiting(cx.now() + wait);
    }

    /// A connect under way has completed (or failed).
    fn check_connect(&mut self, cx: &mut Cx<'_>) {
        let State::Connecting(stream, _) = &mut self.state else {
            return;
        };
        let failure = match stream.take_error() {
            Ok(Some(err)) | Err(err) => Some(err),
            Ok(None) if stream.is_connected() => None,
            // Not connected yet and no error: a spurious wake-up.
            Ok(None) => return,
        };
        let State::Connecting(mut stream, _) = std::mem::replace(&mut self.state, State::Done)
        else {
            return;
        };
        if let Some(err) = failure {
            closed(&self.setup, stream.fd());
            return self.failed_attempt(cx, &err);
        }
        // A connection was made: the next wait starts from the base interval again (in
        // libzmq each connection's loss starts a fresh connecter).
        self.backoff.reset();
        // The engine registers the stream itself.
        let _ = stream.deregister(cx.registry());
        let endpoints = monitoring::connection_endpoints(&stream, &self.setup, Role::Connect);
        monitoring::fd_event(&self.setup, event::CONNECTED, stream.fd(), &endpoints);
        match Engine::new(stream, self.setup.clone(), self.pipe.take(), cx.now()) {
            Ok(engine) => {
                let mut engine = Box::new(engine);
                engine.set_endpoints(endpoints);
                engine.start(cx);
                if let Some(until) = self.lingering {
                    engine.linger_until(until);
                }
                self.state = State::Connected(engine);
                self.after_engine(cx);
            }
            // A mechanism this build lacks: trying again would fail the same way.
            Err(_) => self.finish(),
        }
    }

    /// After the engine ran: if its connection ended, take the pipe back and decide
    /// what comes next.
    fn after_engine(&mut self, cx: &mut Cx<'_>) {
        let State::Connected(engine) = &self.state else {
            return;
        };
        if !engine.has_ended() {
            return;
        }
        let State::Connected(engine) = std::mem::replace(&mut self.state, State::Done) else {
            return;
        };
        let handshake_done = engine.handshake_done();
        let reason = engine.end_reason();
        let delivered = matches!(reason, Some(End::Finished));
        // As libzmq: a peer that breaks the protocol is not called again; a lost
        // connection or an expired timer is.
        let protocol_error = matches!(reason, Some(End::Protocol(err)) if !is_timeout(err));
        // With ZMQ_RECONNECT_STOP_HANDSHAKE_FAILED, a connection lost or timed out
        // before the handshake completed counts as a failed handshake too (a peer that
        // does not speak ZMTP).
        let handshake_failed = !handshake_done && reason.is_some() && !delivered;
        let pipe = engine.into_pipe();
        // With ZMQ_IMMEDIATE the pipe belonged to that connection: it goes with it.
        self.pipe = if self.setup.options.immediate {
            None
        } else {
            pipe
        };
        let stop = self.stop_bits();
        if delivered || protocol_error || (handshake_failed && stop & STOP_HANDSHAKE_FAILED != 0) {
            return self.finish();
        }
        if self.lingering.is_some() && self.pipe.as_mut().is_none_or(|pipe| pipe.is_dead()) {
            return self.finish();
        }
        if self.setup.options.connection.reconnect_ivl <= 0 {
            // A lost connection that will not be made again: as libzmq, the socket
            // forgets the endpoint (after a protocol error above it does not).
            self.forget_endpoint();
            return self.finish();
        }
        self.schedule(cx);
    }

    /// The socket lets go: deliver what is queued within its linger time.
    fn start_lingering(&mut self, cx: &mut Cx<'_>) {
        if self.lingering.is_none() {
            let linger = self.setup.socket.linger();
            if linger == 0 {
                return self.finish();
            }
            self.lingering = Some(
                u64::try_from(linger)
                    .ok()
                    .map(|ms| cx.now() + Duration::from_millis(ms)),
            );
        }
        match &mut self.state {
            State::Connected(engine) => engine.linger_until(self.lingering.flatten()),
            _ => {
                if self.pipe.as_mut().is_none_or(|pipe| pipe.is_dead()) {
                    self.finish();
                }
            }
        }
    }

    fn finish(&mut self) {
        // Dropping the pipe tells a living socket that this endpoint is gone.
        self.pipe = None;
        self.state = State::Done;
    }
}

/// A connect under way was given up: its descriptor closes.
fn closed(setup: &Setup, fd: i32) {
    let endpoints = Endpoints::connecting(&setup.endpoint);
    monitoring::fd_event(setup, event::CLOSED, fd, &endpoints);
}

/// Whether a protocol error is a timer's (the handshake or the heartbeats stalled):
/// libzmq reconnects after those, not after a broken protocol.
fn is_timeout(err: &ProtocolError) -> bool {
    matches!(
        err,
        ProtocolError::HandshakeTimeout | ProtocolError::HeartbeatTimeout
    )
}

impl Handler for Connecter {
    fn start(&mut self, cx: &mut Cx<'_>) {
        if let Some(pipe) = &self.pipe {
            cx.route(pipe.id());
        }
        self.attempt(cx);
    }

    fn ready(&mut self, cx: &mut Cx<'_>, readiness: Readiness) {
        match &mut self.state {
            State::Connecting(..) => self.check_connect(cx),
            State::Connected(engine) => {
                engine.ready(cx, readiness);
                self.after_engine(cx);
            }
            State::Waiting(_) | State::Done => {}
        }
    }

    fn command(&mut self, cx: &mut Cx<'_>, command: Command) {
        let hangup = matches!(command, Command::Hangup(_));
        match &mut self.state {
            State::Connected(engine) => {
                engine.command(cx, command);
                if hangup {
                    self.start_lingering(cx);
                }
                self.after_engine(cx);
            }
            _ => {
                if hangup {
                    if let Some(pipe) = &mut self.pipe {
                        pipe.set_peer_gone();
                    }
                    self.start_lingering(cx);
                }
            }
        }
    }

    fn timeout(&mut self, cx: &mut Cx<'_>) {
        if let Some(Some(until)) = self.lingering {
            if cx.now() >= until {
                return self.finish();
            }
        }
        match &mut self.state {
            State::Waiting(at) if cx.now() >= *at => self.attempt(cx),
            State::Connecting(stream, Some(at)) if cx.now() >= *at => {
                closed(&self.setup, stream.fd());
                self.state = State::Done;
                self.schedule(cx);
            }
            State::Connected(engine) => {
                engine.timeout(cx);
                self.after_engine(cx);
            }
            _ => {}
        }
    }

    fn deadline(&self) -> Option<Instant> {
        let own = match &self.state {
            State::Waiting(at) => Some(*at),
            State::Connecting(_, at) => *at,
            State::Connected(engine) => engine.deadline(),
            State::Done => return None,
        };
        match (own, self.lingering.flatten()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    fn close(&mut self, cx: &mut Cx<'_>) {
        // The socket has let its end of the pipe go (or will drop it on arrival): a
        // Hangup posted before this connecter was routed would have been lost.
        match &mut self.state {
            State::Connected(engine) => engine.peer_gone(),
            _ => {
                if let Some(pipe) = &mut self.pipe {
                    pipe.set_peer_gone();
                }
            }
        }
        self.start_lingering(cx);
        self.after_engine(cx);
    }

    fn is_done(&self) -> bool {
        matches!(self.state, State::Done)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn waits_are_the_interval_plus_jitter_below_it() {
        let mut backoff = Backoff::new(100, 0);
        for _ in 0..50 {
            let wait = backoff.next_wait();
            assert!(wait >= ms(100) && wait < ms(200), "{wait:?}");
        }
    }

    #[test]
    fn the_interval_doubles_up_to_the_maximum_and_resets() {
        let mut backoff = Backoff::new(100, 700);
        let mut currents = Vec::new();
        for _ in 0..5 {
            let before = backoff.current;
            let wait = backoff.next_wait();
            assert!(wait >= before && wait < before + ms(100));
            currents.push(before);
        }
        assert_eq!(currents, [ms(100), ms(200), ms(400), ms(700), ms(700)]);
        backoff.reset();
        assert_eq!(backoff.current, ms(100));
        // A maximum below the interval does not apply; 0 never waits.
        let mut flat = Backoff::new(100, 50);
        flat.next_wait();
        assert_eq!(flat.current, ms(100));
        assert_eq!(Backoff::new(0, 0).next_wait(), Duration::ZERO);
    }
}

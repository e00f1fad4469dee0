//! One ZMTP connection as a pure state machine: greeting, handshake, traffic.
//!
//! A [`Session`] owns no socket, reads no clock and starts no thread. The I/O engine
//! drives it:
//! - input: read from the socket straight into [`Session::body_room`] when it offers
//!   one (the rest of a large frame body), else into [`Session::input_buffer`]
//!   (reserving [`Session::bytes_wanted`] first, so a large frame body lands in one
//!   buffer), then call [`Session::body_received`] or [`Session::process_input`]; or
//!   hand over a copy with [`Session::feed`];
//! - events: call [`Session::poll_event`] until `None`: the peer's metadata once the
//!   handshake is done, then messages (with MORE flags), subscriptions, and a final
//!   error. Data frames are decoded only as events are polled, so an engine whose pipe
//!   is full stops polling (and reading) and the peer is held back by TCP;
//! - output: [`Session::io_slices`] gives `writev`-ready slices (greeting, commands,
//!   frame headers, and large payloads straight from their messages), and
//!   [`Session::advance_transmit`] records what was written;
//! - time: [`Session::poll_timeout`] says when to call [`Session::handle_timeout`]
//!   (handshake timeout, heartbeats); every entry point that needs the time is given it.
//!
//! The peer's version decides the conversation: ZMTP 3.x does the mechanism handshake
//! and uses commands (3.1 also for subscriptions and heartbeats); ZMTP 2.0 and 1.0 have
//! no handshake but an identity frame each way, subscriptions travel as messages
//! starting with byte 1 (subscribe) or 0 (cancel), and a 1.0 subscriber, which sends
//! none, is given a subscription to everything, as libzmq does.

use std::collections::VecDeque;
use std::io::IoSlice;
use std::time::Instant;

use bytes::{Buf, Bytes, BytesMut};

use super::command::Command;
use super::config::SessionConfig;
use super::decoder::Decoder;
use super::encoder::Encoder;
use super::error::ProtocolError;
use super::frame::Framing;
use super::greeting::{GreetingExchange, GreetingStatus, OurGreeting, PeerGreeting, ZmtpVersion};
use super::heartbeat::{Deadlines, Expiry};
use super::mechanism::{self, Mechanism, MechanismStatus};
use super::socket_type;
use crate::error::{Error, Result};
use crate::msg::{Metadata, Msg, metadata};

/// What the session reports to the engine.
#[derive(Debug)]
pub enum Event {
    /// The handshake succeeded: messages may flow both ways.
    Ready {
        /// The version spoken.
        version: ZmtpVersion,
        /// The peer's properties (`Socket-Type`, `Routing-Id`, `X-`...); the engine
        /// adds its own (`Peer-Address`) and attaches it to every message.
        metadata: Metadata,
    },
    /// A message frame (MORE set when more frames of the message follow).
    Message(Msg),
    /// The peer subscribes to a topic (SUBSCRIBE, or a message starting with byte 1
    /// on a PUB/XPUB socket).
    Subscribe(Bytes),
    /// The peer cancels a subscription (CANCEL, or a message starting with byte 0).
    Cancel(Bytes),
    /// The peer joins a group (JOIN, RADIO/DISH).
    Join(Bytes),
    /// The peer leaves a group (LEAVE).
    Leave(Bytes),
    /// The connection failed; nothing more will come and it must be closed.
    Error(ProtocolError),
}

/// Where a session stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionState {
    /// Exchanging greetings.
    Greeting,
    /// Exchanging handshake commands (3.x) or identity frames (1.0/2.0).
    Handshake,
    /// Messages flow.
    Ready,
    /// The connection failed.
    Failed,
}

/// The protocol state of one ZMTP connection.
pub struct Session {
    config: SessionConfig,
    state: SessionState,
    greeting: GreetingExchange,
    peer: Option<PeerGreeting>,
    input: BytesMut,
    decoder: Decoder,
    encoder: Encoder,
    mechanism: Box<dyn Mechanism>,
    deadlines: Deadlines,
    /// The time given with the latest input or timeout.
    now: Instant,
    events: VecDeque<Event>,
    /// Whether the peer's next frame begins a message.
    at_message_start: bool,
    /// The mechanism leaves traffic frames as they are: skip it per message.
    passthrough: bool,
}

impl Session {
    /// A session for a connection established at `now`, its greeting already queued
    /// for sending. `ENOTSUP` if the configured mechanism is not built yet.
    pub fn new(config: SessionConfig, now: Instant) -> Result<Session> {
        let mechanism = mechanism::for_kind(config.mechanism, config.local_properties())?;
        let ours = OurGreeting {
            mechanism: mechanism.name(),
            // NULL has no roles: "the as-server field MUST be zero".
            as_server: config.as_server && mechanism.name() != "NULL",
            socket_type: u8::try_from(config.socket_type).map_err(|_| Error::Invalid)?,
            identity: config.routing_id.clone(),
        };
        let mut session = Session {
            greeting: GreetingExchange::new(ours, config.accept_v1),
            deadlines: Deadlines::new(&config, now),
            decoder: Decoder::new(Framing::V3, config.max_msg_size),
            config,
            state: SessionState::Greeting,
            peer: None,
            input: BytesMut::new(),
            encoder: Encoder::new(Framing::V3),
            mechanism,
            now,
            events: VecDeque::new(),
            at_message_start: true,
            passthrough: false,
        };
        session.drive();
        Ok(session)
    }

    /// Where the session stands.
    pub fn state(&self) -> SessionState {
        self.state
    }

    /// The version spoken with the peer, once its greeting is in.
    pub fn version(&self) -> Option<ZmtpVersion> {
        self.peer.as_ref().map(|peer| peer.version)
    }

    /// The buffer the engine reads the peer's bytes into (append only; the session
    /// consumes from its front). Call [`Session::process_input`] after each read.
    pub fn input_buffer(&mut self) -> &mut BytesMut {
        &mut self.input
    }

    /// How many more bytes the session needs to make progress (at least 1 while the
    /// connection lives): exact for the rest of a frame body whose header arrived, so
    /// the engine can reserve that much room and read the body in place. A peer may
    /// announce a large frame it never sends: bound the reservation by policy.
    pub fn bytes_wanted(&self) -> usize {
        match self.state {
            SessionState::Failed => 0,
            SessionState::Greeting => self.greeting.bytes_wanted(&self.input),
            _ => self.decoder.bytes_wanted(&self.input),
        }
    }

    /// The rest of a large frame body that the decoder receives into a buffer of its
    /// own, for the engine to read straight into (then [`Session::body_received`]);
    /// `None` when there is none. Such a body needs no room in the input buffer.
    pub fn body_room(&mut self) -> Option<&mut [u8]> {
        if self.state == SessionState::Failed {
            return None;
        }
        self.decoder.body_room()
    }

    /// `n` bytes were read into [`Session::body_room`] at `now`.
    pub fn body_received(&mut self, n: usize, now: Instant) {
        self.decoder.body_filled(n);
        self.process_input(now);
    }

    /// Copy `data` (bytes read from the peer at `now`) in and process it.
    pub fn feed(&mut self, data: &[u8], now: Instant) {
        if self.state != SessionState::Failed {
            self.input.extend_from_slice(data);
        }
        self.process_input(now);
    }

    /// Process the bytes added to [`Session::input_buffer`], read at `now`: advance the
    /// greeting and the handshake. Messages are decoded by [`Session::poll_event`].
    pub fn process_input(&mut self, now: Instant) {
        self.now = now;
        self.drive();
    }

    /// The next event, decoding the next frame from the input if needed.
    pub fn poll_event(&mut self) -> Option<Event> {
        if let Some(event) = self.events.pop_front() {
            return Some(event);
        }
        while self.state == SessionState::Ready {
            let frame = match self.decoder.decode(&mut self.input) {
                Ok(Some(frame)) => frame,
                Ok(None) => return None,
                Err(err) => return self.fail_now(err),
            };
            self.deadlines.frame_received();
            let frame = if self.passthrough {
                frame
            } else {
                match self.mechanism.decode(frame) {
                    Ok(frame) => frame,
                    Err(err) => return self.fail_now(err),
                }
            };
            match self.traffic_event(frame) {
                Ok(Some(event)) => return Some(event),
                Ok(None) => {}
                Err(err) => return self.fail_now(err),
            }
        }
        self.events.pop_front()
    }

    /// Hand the small messages at the front of the input straight to `sink`, the way
    /// [`Session::poll_event`] would report them as `Event::Message`, until one that
    /// needs more than delivery (a command, a larger frame, an incomplete one) or until
    /// `sink` returns `false` (keeping the message it was given). Returns how many were
    /// handed over; 0 when the session cannot take this path now (not ready, events
    /// queued, a mechanism that transforms frames, a socket type that receives
    /// subscriptions): then [`Session::poll_event`] does the work. Call it before
    /// `poll_event`, and again after each event that one returns.
    #[inline]
    pub fn poll_small_messages(&mut self, sink: impl FnMut(Msg) -> bool) -> usize {
        if self.state != SessionState::Ready
            || !self.passthrough
            || !self.events.is_empty()
            || self.config.receives_subscriptions()
        {
            return 0;
        }
        let run = self.decoder.decode_small_run(&mut self.input, sink);
        if run.frames > 0 {
            self.deadlines.frame_received();
            self.at_message_start = !run.last_more;
        }
        run.frames
    }

    /// The event for one frame of traffic; `None` for commands handled here (PING).
    fn traffic_event(&mut self, frame: Msg) -> std::result::Result<Option<Event>, ProtocolError> {
        if !frame.is_command() {
            let starts_message = self.at_message_start;
            self.at_message_start = !frame.more();
            if starts_message && !frame.more() && self.config.receives_subscriptions() {
                match frame.data().split_first() {
                    Some((1, topic)) => return Ok(Some(Event::Subscribe(copy(topic)))),
                    Some((0, topic)) => return Ok(Some(Event::Cancel(copy(topic)))),
                    _ => {}
                }
            }
            return Ok(Some(Event::Message(frame)));
        }
        Ok(match Command::parse(frame.data())? {
            Command::Ping {
                ttl_deciseconds,
                context,
            } => {
                self.deadlines.ping_received(ttl_deciseconds, self.now);
                let pong = Command::Pong(context).to_msg();
                let pong = self.mechanism.encode(pong)?;
                self.encoder.encode(pong);
                None
            }
            Command::Pong(_) => None,
            Command::Subscribe(topic) => Some(Event::Subscribe(copy(topic))),
            Command::Cancel(topic) => Some(Event::Cancel(copy(topic))),
            Command::Join(group) => Some(Event::Join(copy(group))),
            Command::Leave(group) => Some(Event::Leave(copy(group))),
            Command::Error(reason) => return Err(ProtocolError::PeerError(reason.to_vec())),
            Command::Ready(_) | Command::Other { .. } => {
                return Err(ProtocolError::UnexpectedCommand);
            }
        })
    }

    /// Queue a message frame (its MORE flag says whether more frames follow).
    /// `EFSM` before the handshake is done or after a failure; `EINVAL` for a message
    /// marked as a command.
    pub fn send(&mut self, msg: Msg) -> Result<()> {
        if self.state != SessionState::Ready {
            return Err(Error::Fsm);
        }
        if msg.is_command() {
            return Err(Error::Invalid);
        }
        self.send_encoded(msg)
    }

    /// Queue a copy of `msg` when that is all it takes (a small data frame, a
    /// mechanism that leaves frames alone, the session ready); `false` (nothing done)
    /// otherwise: then hand the message itself to [`Session::send`]. The engine's way
    /// to encode from a message it keeps reusing.
    #[inline]
    pub fn send_copy(&mut self, msg: &Msg) -> bool {
        self.state == SessionState::Ready
            && self.passthrough
            && !msg.is_command()
            && self.encoder.encode_copy(msg)
    }

    fn send_encoded(&mut self, msg: Msg) -> Result<()> {
        if self.passthrough {
            self.encoder.encode(msg);
            return Ok(());
        }
        match self.mechanism.encode(msg) {
            Ok(msg) => {
                self.encoder.encode(msg);
                Ok(())
            }
            Err(err) => {
                let error = err.to_error();
                self.fail(err);
                Err(error)
            }
        }
    }

    /// Queue a subscription to `topic`: a SUBSCRIBE command to a ZMTP 3.1 peer, a
    /// message of byte 1 and the topic to older peers.
    pub fn send_subscribe(&mut self, topic: &[u8]) -> Result<()> {
        self.send_subscription(topic, true)
    }

    /// Queue the cancellation of a subscription to `topic` (CANCEL, or byte 0 + topic).
    pub fn send_cancel(&mut self, topic: &[u8]) -> Result<()> {
        self.send_subscription(topic, false)
    }

    fn send_subscription(&mut self, topic: &[u8], subscribe: bool) -> Result<()> {
        if self.state != SessionState::Ready {
            return Err(Error::Fsm);
        }
        let msg = if self.version() == Some(ZmtpVersion::V3_1) {
            let command = if subscribe {
                Command::Subscribe(topic)
            } else {
                Command::Cancel(topic)
            };
            command.to_msg()
        } else {
            let mut body = Vec::with_capacity(1 + topic.len());
            body.push(u8::from(subscribe));
            body.extend_from_slice(topic);
            Msg::from_vec(body)
        };
        self.send_encoded(msg)
    }

    /// Queue a JOIN (`join`) or LEAVE of `group`; ZMTP 3.1 peers only (`ENOTSUP`
    /// otherwise: older versions have no such command).
    pub fn send_group(&mut self, group: &[u8], join: bool) -> Result<()> {
        if self.state != SessionState::Ready {
            return Err(Error::Fsm);
        }
        if self.version() != Some(ZmtpVersion::V3_1) {
            return Err(Error::NotSupported);
        }
        let command = if join {
            Command::Join(group)
        } else {
            Command::Leave(group)
        };
        self.send_encoded(command.to_msg())
    }

    /// Unwritten output bytes.
    pub fn pending_transmit(&self) -> usize {
        self.encoder.pending()
    }

    /// Fill `out` with the unwritten output, in order; returns how many slices.
    pub fn io_slices<'a>(&'a self, out: &mut [IoSlice<'a>]) -> usize {
        self.encoder.io_slices(out)
    }

    /// The unwritten output as slices, in order.
    pub fn poll_transmit(&self) -> impl Iterator<Item = &[u8]> {
        self.encoder.slices()
    }

    /// Record that `written` bytes of the output went out.
    pub fn advance_transmit(&mut self, written: usize) {
        self.encoder.advance(written);
    }

    /// Move all unwritten output into `out` (copying): for in-memory transports and
    /// tests.
    pub fn drain_transmit(&mut self, out: &mut Vec<u8>) {
        self.encoder.drain_into(out);
    }

    /// When [`Session::handle_timeout`] is next due, if ever.
    pub fn poll_timeout(&self) -> Option<Instant> {
        match self.state {
            SessionState::Failed => None,
            _ => self.deadlines.next(),
        }
    }

    /// Handle the deadlines passed at `now`: send due PINGs, or fail the connection
    /// (handshake or heartbeat timeout, reported by [`Session::poll_event`]).
    pub fn handle_timeout(&mut self, now: Instant) {
        self.now = now;
        while self.state != SessionState::Failed {
            match self.deadlines.expire(now) {
                Expiry::Nothing => return,
                Expiry::Failed(err) => self.fail(err),
                Expiry::SendPing(ttl_deciseconds) => {
                    let ping = Command::Ping {
                        ttl_deciseconds,
                        context: &[],
                    };
                    // A failed encode has already failed the session.
                    let _ = self.send_encoded(ping.to_msg());
                }
            }
        }
    }

    /// Advance the greeting and the handshake as far as the input allows.
    fn drive(&mut self) {
        let result = loop {
            let progressed = match self.state {
                SessionState::Greeting => self.drive_greeting(),
                SessionState::Handshake => self.drive_handshake(),
                SessionState::Ready | SessionState::Failed => break Ok(()),
            };
            match progressed {
                Ok(true) => {}
                Ok(false) => break Ok(()),
                Err(err) => break Err(err),
            }
        };
        if let Err(err) = result {
            self.fail(err);
        }
    }

    /// One greeting step; `Ok(true)` once the peer's greeting is complete.
    fn drive_greeting(&mut self) -> std::result::Result<bool, ProtocolError> {
        let mut out = Vec::new();
        let status = self.greeting.advance(&self.input, &mut out);
        self.encoder.write_raw(&out);
        let GreetingStatus::Done(peer) = status? else {
            return Ok(false);
        };
        self.input.advance(peer.len);
        self.encoder.set_framing(peer.framing);
        self.decoder = Decoder::new(peer.framing, self.config.max_msg_size);
        if peer.version < ZmtpVersion::V3_0 {
            if let Some(number) = peer.socket_type {
                if !socket_type::compatible(self.config.socket_type, i32::from(number)) {
                    let name = socket_type::name_of(i32::from(number)).unwrap_or("?");
                    return Err(ProtocolError::IncompatibleSocketType(name.into()));
                }
            }
            // A greeting-less 1.0 peer already got our identity from the greeting.
            if peer.len > 0 {
                self.encoder
                    .encode(Msg::from_slice(&self.config.routing_id));
            }
        }
        self.peer = Some(peer);
        self.state = SessionState::Handshake;
        Ok(true)
    }

    /// One handshake step; `Ok(true)` once ready.
    fn drive_handshake(&mut self) -> std::result::Result<bool, ProtocolError> {
        let version = self.version().unwrap_or(ZmtpVersion::V3_1);
        if version < ZmtpVersion::V3_0 {
            let Some(identity) = self.decoder.decode(&mut self.input)? else {
                return Ok(false);
            };
            let metadata = self.old_peer_metadata(&identity);
            self.become_ready(version, metadata);
            return Ok(true);
        }
        while let Some(command) = self.mechanism.next_command() {
            self.encoder.encode(command);
        }
        match self.mechanism.status() {
            MechanismStatus::Ready => {
                let metadata = self.mechanism.take_peer_metadata().unwrap_or_default();
                self.become_ready(version, metadata);
                return Ok(true);
            }
            MechanismStatus::Error => return Err(ProtocolError::UnexpectedCommand),
            MechanismStatus::Handshaking => {}
        }
        let Some(frame) = self.decoder.decode(&mut self.input)? else {
            return Ok(false);
        };
        self.mechanism.process_command(&frame)?;
        Ok(true)
    }

    /// What a 1.0/2.0 peer told: its socket type (2.0 greeting) and its identity frame.
    fn old_peer_metadata(&self, identity: &Msg) -> Metadata {
        let mut metadata = Metadata::new();
        let peer_type = self.peer.as_ref().and_then(|peer| peer.socket_type);
        if let Some(name) = peer_type.and_then(|number| socket_type::name_of(i32::from(number))) {
            metadata.insert(metadata::SOCKET_TYPE, name.as_bytes());
        }
        if !identity.is_empty() {
            metadata.insert(metadata::ROUTING_ID, identity.data());
        }
        metadata
    }

    fn become_ready(&mut self, version: ZmtpVersion, metadata: Metadata) {
        self.state = SessionState::Ready;
        self.decoder.pool_bodies();
        self.passthrough = !self.mechanism.transforms_traffic();
        self.deadlines
            .handshake_done(self.now, version == ZmtpVersion::V3_1);
        self.events.push_back(Event::Ready { version, metadata });
        // A 1.0 subscriber filters for itself and sends no subscriptions: publish
        // everything to it.
        if version == ZmtpVersion::V1_0 && self.config.receives_subscriptions() {
            self.events.push_back(Event::Subscribe(Bytes::new()));
        }
    }

    fn fail(&mut self, err: ProtocolError) {
        if self.state == SessionState::Failed {
            return;
        }
        self.state = SessionState::Failed;
        self.input = BytesMut::new();
        self.events.push_back(Event::Error(err));
    }

    /// Fail, and return the error event (no other event is queued while traffic is
    /// being decoded).
    fn fail_now(&mut self, err: ProtocolError) -> Option<Event> {
        self.fail(err);
        self.events.pop_front()
    }
}

fn copy(bytes: &[u8]) -> Bytes {
    Bytes::copy_from_slice(bytes)
}

//! The engine's input path: from the stream into the socket's pipe.
//!
//! The engine reads as much as is there (8 KiB at first, doubling up to 64 KiB while
//! reads come back full) into the session's buffer, takes every decoded message (runs
//! of small ones straight from the buffer, see `Session::poll_small_messages`) and
//! writes it into the pipe with the connection's metadata relayed (carried once per
//! connection, see `Sender::write_relayed`); one flush per batch publishes them all.
//! After a large frame the engine reads the next header alone, so that a large body is
//! read straight into a buffer of its own (a pooled one from 8 KiB to 64 KiB) and
//! becomes the message without a copy. If the pipe is at its high-water mark, the message waits in the engine and
//! reading stops until the socket's `ActivateWrite` (TCP then holds the peer back).
//! A read shorter than the room offered means the kernel had no more, so the engine
//! waits for the next readiness edge without another `read`; a connection gone idle
//! with nothing buffered gives its large buffer back, so thousands of quiet
//! connections cost little memory.

use std::io;
use std::sync::Arc;

use super::{End, Engine};
use crate::ctx::command::Command;
use crate::ctx::reactor::Cx;
use crate::msg::{Metadata, Msg, metadata};
use crate::pipe::{self, PipeEnd};
use crate::zmtp::Event;

/// The most bytes offered to one `read` while frames are small.
const READ_CHUNK: usize = 64 * 1024;
/// The bytes offered to the first `read` after a connection was idle.
pub(super) const MIN_CHUNK: usize = 8 * 1024;
/// A frame body from this size on is read into a buffer of its own (no copy).
const LARGE_FRAME: usize = 8 * 1024;
/// The longest frame header (ZMTP 3 long frame).
const MAX_HEADER: usize = 9;
/// The largest frame body the engine makes room for in one go, before a byte of it
/// has arrived; larger bodies get room doubling with what has arrived.
const UPFRONT_LIMIT: usize = 1 << 20;
/// Messages decoded from one read before they are published to the socket.
const FLUSH_EVERY: usize = 256;

/// The engine's fields that a decoded message passes on its way into the pipe,
/// borrowed apart from the session that decodes it.
struct Inlet<'a> {
    pipe: &'a mut Option<PipeEnd>,
    /// Where a message the pipe refused (full) waits.
    stalled: &'a mut Option<Msg>,
    in_more: &'a mut bool,
    template: &'a Msg,
    /// Whole messages written since the last flush.
    unflushed: &'a mut usize,
}

impl Inlet<'_> {
    /// Write one inbound part into the pipe; `false` (the part kept in `stalled`) if
    /// the pipe is full. With the socket gone, parts are dropped. Publishes part of a
    /// long batch early, so the socket starts reading while the rest is decoded.
    #[inline]
    fn push(&mut self, msg: Msg) -> bool {
        let Some(pipe) = self.pipe else {
            return true;
        };
        if pipe.peer_gone() {
            return true;
        }
        if !*self.in_more && !pipe.check_write() {
            *self.stalled = Some(msg);
            return false;
        }
        let last = !msg.more();
        *self.in_more = !last;
        pipe.write_relayed(msg, self.template);
        if last {
            *self.unflushed += 1;
            if *self.unflushed >= FLUSH_EVERY {
                *self.unflushed = 0;
                pipe.flush();
            }
        }
        true
    }
}

impl Engine {
    pub(super) fn pump_in(&mut self, cx: &mut Cx<'_>) {
        while self.ended.is_none() {
            if !self.deliver(cx) {
                return;
            }
            if !self.may_read {
                self.release_idle_buffer();
                return;
            }
            self.read(cx);
        }
    }

    /// Everything read was handed on and the stream is drained: drop a buffer
    /// grown large (the next burst grows it again).
    fn release_idle_buffer(&mut self) {
        let buffer = self.session.input_buffer();
        if buffer.is_empty() && buffer.capacity() > MIN_CHUNK {
            *buffer = bytes::BytesMut::new();
            self.read_chunk = MIN_CHUNK;
        }
    }

    /// One `read` into the session's buffer.
    fn read(&mut self, cx: &mut Cx<'_>) {
        if let Some(room) = self.session.body_room() {
            // The rest of a large body, straight into its own (pooled) buffer.
            let asked = room.len();
            match self.stream.read_slice(room) {
                Ok(0) => self.end(End::PeerClosed),
                Ok(n) => {
                    if n < asked && !self.read_closed {
                        self.may_read = false;
                    }
                    self.session.body_received(n, cx.now());
                }
                Err(err) if err.kind() == io::ErrorKind::WouldBlock => self.may_read = false,
                Err(err) => self.end(End::Io(err)),
            }
            return;
        }
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
            self.read_chunk
        };
        buffer.reserve(room);
        match self.stream.read_into(buffer, room) {
            Ok(0) => self.end(End::PeerClosed),
            Ok(n) => {
                if n < room && !self.read_closed {
                    self.may_read = false;
                } else if room == self.read_chunk {
                    self.read_chunk = (room * 2).min(READ_CHUNK);
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
        let mut unflushed = 0;
        let keep_going = loop {
            let mut inlet = Inlet {
                pipe: &mut self.pipe,
                stalled: &mut self.stalled,
                in_more: &mut self.in_more,
                template: &self.template,
                unflushed: &mut unflushed,
            };
            if let Some(msg) = inlet.stalled.take() {
                if !inlet.push(msg) {
                    break false;
                }
            }
            // Runs of small messages go straight from the buffer into the pipe.
            let mut full = false;
            let handed = self.session.poll_small_messages(|msg| {
                full = !inlet.push(msg);
                !full
            });
            if handed > 0 {
                self.large_frames = false;
            }
            if full {
                break false;
            }
            match self.session.poll_event() {
                None => break true,
                Some(Event::Ready { metadata, .. }) => self.on_ready(cx, metadata),
                Some(Event::Message(msg)) => {
                    self.large_frames = msg.len() >= LARGE_FRAME;
                    // Pushed first thing in the next round (where a full pipe
                    // keeps it in `stalled`).
                    self.stalled = Some(msg);
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

    /// The handshake succeeded: record the peer's properties, and give the socket its
    /// pipe end unless the pipe already exists.
    fn on_ready(&mut self, cx: &mut Cx<'_>, mut properties: Metadata) {
        if let Some(address) = self.stream.peer_address() {
            properties.insert(metadata::PEER_ADDRESS, address.as_bytes());
        }
        properties.set_source_fd(self.stream.fd());
        self.template.set_metadata(Arc::new(properties));
        super::monitoring::handshake_succeeded(&self.setup, &self.endpoints);
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
        theirs.set_connection(self.endpoints.clone());
        cx.route(ours.id());
        self.pipe = Some(ours);
        // A closed socket's mailbox drops this, which hangs up on our end.
        socket.mailbox.send(Command::Attach(Box::new(theirs)));
    }
}

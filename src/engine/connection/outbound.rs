//! The engine's output path: from the socket's pipe onto the stream.
//!
//! The engine takes every message waiting in the pipe (up to [`OUT_BATCH`] bytes
//! encoded) and writes them with one vectored send, large payloads straight from their
//! buffers. When the pipe is empty it is armed, so the socket's next flush posts
//! `ActivateRead`. When the kernel buffer is full the engine registers for
//! writability and takes no more from the pipe, so the socket's `ZMQ_SNDHWM` holds
//! the application back.

use std::io::{self, IoSlice};

use mio::Interest;
use mio::event::Source;

use super::{End, Engine};
use crate::ctx::reactor::Cx;
use crate::msg::Msg;
use crate::zmtp::SessionState;

/// Encoded bytes the engine gathers from the pipe before it writes.
pub const OUT_BATCH: usize = 256 * 1024;
/// Slices given to one `writev`.
const MAX_SLICES: usize = 64;

impl Engine {
    pub(super) fn pump_out(&mut self, cx: &mut Cx<'_>) {
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
        // One message read into again and again: small ones are copied into the
        // session's output from here, large ones moved on.
        let mut msg = Msg::new();
        while self.session.pending_transmit() < OUT_BATCH {
            if !pipe.read_into(&mut msg) {
                return;
            }
            self.out_more = msg.more();
            if self.session.send_copy(&msg) {
                continue;
            }
            if self.session.send(msg.take()).is_err() {
                // The session failed; the error event ends the connection.
                return;
            }
        }
    }

    /// One `writev` of pending output; `false` if the kernel took nothing (full).
    pub(super) fn write_out(&mut self) -> bool {
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
}

//! Load-balanced sending: each whole message goes to the next pipe that has room.

use super::pipe_set::{PipeSet, Slot};
use super::rotation::Rotation;
use crate::error::{Error, Result};
use crate::msg::Msg;

/// The sending side shared by PUSH, and later DEALER, REQ….
#[derive(Default)]
pub struct LoadBalancer {
    /// Pipes with room. A pipe at its high-water mark leaves until its reader's
    /// `ActivateWrite`.
    pipes: Rotation,
    /// A message is half sent: its next part goes to the current pipe.
    more: bool,
    /// The pipe of a half-sent message went away: drop the rest of that message.
    dropping: bool,
}

impl LoadBalancer {
    /// A pipe joined (or has room again).
    pub fn activate(&mut self, slot: Slot) {
        self.pipes.activate(slot);
    }

    /// A pipe left.
    pub fn detach(&mut self, slot: Slot) {
        if self.pipes.remove(slot) && self.more {
            // The parts already written are rolled back by the pipe; the rest of the
            // message is dropped here so no peer sees half a message.
            self.more = false;
            self.dropping = true;
        }
    }

    /// Send one part.
    #[inline]
    pub fn send(&mut self, msg: &mut Msg, pipes: &mut PipeSet) -> Result<()> {
        if self.dropping {
            let part = msg.take();
            self.dropping = part.more();
            return Ok(());
        }
        let slot = if self.more {
            self.pipes.current()
        } else {
            self.find_writable(pipes)
        };
        let slot = slot.ok_or(Error::Again)?;
        let pipe = pipes.get_mut(slot);
        let part = msg.take();
        self.more = part.more();
        pipe.write(part);
        if !self.more {
            pipe.flush();
            self.pipes.advance();
        }
        Ok(())
    }

    /// Whether a new message could be sent now.
    pub fn has_out(&mut self, pipes: &mut PipeSet) -> bool {
        self.more || self.find_writable(pipes).is_some()
    }

    /// The first pipe in turn with room, dropping full pipes from the rotation.
    #[inline]
    fn find_writable(&mut self, pipes: &mut PipeSet) -> Option<Slot> {
        while let Some(slot) = self.pipes.current() {
            if pipes.get_mut(slot).check_write() {
                return Some(slot);
            }
            self.pipes.deactivate_current();
        }
        None
    }
}

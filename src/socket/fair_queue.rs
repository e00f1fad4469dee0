//! Fair-queued receiving: take messages from the pipes that have some, in turn, one
//! whole message (all its parts) at a time.

use super::pipe_set::{PipeSet, Slot};
use super::rotation::Rotation;
use crate::error::{Error, Result};
use crate::msg::Msg;

/// The receiving side shared by PULL, and later SUB, DEALER, ROUTER….
#[derive(Default)]
pub struct FairQueue {
    /// Pipes that may have messages. A pipe found empty by [`has_in`](Self::has_in)
    /// leaves until its writer's `ActivateRead`.
    pipes: Rotation,
    /// A message is half read: its next part must come from the current pipe.
    more: bool,
}

impl FairQueue {
    /// A pipe joined (or woke up): it takes part in the rotation.
    pub fn activate(&mut self, slot: Slot) {
        self.pipes.activate(slot);
    }

    /// A pipe left.
    pub fn detach(&mut self, slot: Slot) {
        if self.pipes.remove(slot) {
            self.more = false;
        }
    }

    /// The next part, from the pipe whose turn it is. Empty pipes stay in the
    /// rotation (reading them arms nothing); [`has_in`](Self::has_in) arms them.
    pub fn recv(&mut self, out: &mut Msg, pipes: &mut PipeSet) -> Result<()> {
        for _ in 0..self.pipes.len() {
            let Some(slot) = self.pipes.current() else {
                break;
            };
            let pipe = pipes.get_mut(slot);
            if pipe.read_into(out) {
                self.more = out.more();
                if !self.more {
                    self.pipes.advance();
                }
                return Ok(());
            }
            // Whole messages are published at once, so a pipe never runs dry halfway.
            self.more = false;
            if pipe.is_dead() {
                pipes.mark_dead(slot);
                self.pipes.deactivate_current();
            } else {
                self.pipes.advance();
            }
        }
        Err(Error::Again)
    }

    /// Whether some pipe has a part ready. Pipes found empty leave the rotation and
    /// are armed: their writer's next flush sends `ActivateRead`.
    pub fn has_in(&mut self, pipes: &mut PipeSet) -> bool {
        if self.more {
            return true;
        }
        while let Some(slot) = self.pipes.current() {
            let pipe = pipes.get_mut(slot);
            if pipe.check_read() {
                return true;
            }
            if pipe.peer_gone() {
                pipes.mark_dead(slot);
            }
            self.pipes.deactivate_current();
        }
        false
    }
}

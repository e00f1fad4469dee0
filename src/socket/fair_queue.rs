//! Fair-queued receiving: take messages from the pipes that have some, in turn, one
//! whole message (all its parts) at a time.

use super::pipe_set::{PipeSet, Slot};
use crate::error::{Error, Result};
use crate::msg::Msg;

/// The receiving side shared by PULL, and later SUB, DEALER, ROUTER….
#[derive(Default)]
pub struct FairQueue {
    /// Pipes that may have messages. A pipe found empty leaves the list until its
    /// writer's `ActivateRead`.
    active: Vec<Slot>,
    /// Index into `active` of the pipe whose turn it is.
    current: usize,
    /// A message is half read: its next part must come from `active[current]`.
    more: bool,
}

impl FairQueue {
    /// A pipe joined (or woke up): it takes part in the rotation.
    pub fn activate(&mut self, slot: Slot) {
        if !self.active.contains(&slot) {
            self.active.push(slot);
        }
    }

    /// A pipe left.
    pub fn detach(&mut self, slot: Slot) {
        if let Some(index) = self.active.iter().position(|&s| s == slot) {
            if self.more && index == self.current {
                self.more = false;
            }
            self.active.remove(index);
            if index < self.current {
                self.current -= 1;
            }
            if self.current >= self.active.len() {
                self.current = 0;
            }
        }
    }

    /// The next part, from the pipe whose turn it is. Empty pipes stay in the
    /// rotation (reading them arms nothing); [`has_in`](Self::has_in) arms them.
    pub fn recv(&mut self, out: &mut Msg, pipes: &mut PipeSet) -> Result<()> {
        let mut tries = self.active.len();
        while tries > 0 {
            if self.current >= self.active.len() {
                self.current = 0;
            }
            let slot = self.active[self.current];
            let pipe = pipes.get_mut(slot);
            if pipe.read_into(out) {
                self.more = out.more();
                if !self.more {
                    self.current += 1;
                }
                return Ok(());
            }
            // Whole messages are published at once, so a pipe never runs dry halfway.
            self.more = false;
            if pipe.is_dead() {
                pipes.mark_dead(slot);
                self.active.swap_remove(self.current);
            } else {
                self.current += 1;
            }
            tries -= 1;
        }
        Err(Error::Again)
    }

    /// Whether some pipe has a part ready. Pipes found empty leave the rotation and
    /// are armed: their writer's next flush sends `ActivateRead`.
    pub fn has_in(&mut self, pipes: &mut PipeSet) -> bool {
        if self.more {
            return true;
        }
        while !self.active.is_empty() {
            if self.current >= self.active.len() {
                self.current = 0;
            }
            let slot = self.active[self.current];
            let pipe = pipes.get_mut(slot);
            if pipe.check_read() {
                return true;
            }
            if pipe.peer_gone() {
                pipes.mark_dead(slot);
            }
            self.active.swap_remove(self.current);
        }
        false
    }
}

//! Load-balanced sending: each whole message goes to the next pipe that has room.

use super::pipe_set::{PipeSet, Slot};
use crate::error::{Error, Result};
use crate::msg::Msg;

/// The sending side shared by PUSH, and later DEALER, REQ….
#[derive(Default)]
pub struct LoadBalancer {
    /// Pipes with room. A pipe at its high-water mark leaves the list until its
    /// reader's `ActivateWrite`.
    active: Vec<Slot>,
    /// Index into `active` of the pipe whose turn it is.
    current: usize,
    /// A message is half sent: its next part goes to `active[current]`.
    more: bool,
    /// The pipe of a half-sent message went away: drop the rest of that message.
    dropping: bool,
}

impl LoadBalancer {
    /// A pipe joined (or has room again).
    pub fn activate(&mut self, slot: Slot) {
        if !self.active.contains(&slot) {
            self.active.push(slot);
        }
    }

    /// A pipe left.
    pub fn detach(&mut self, slot: Slot) {
        if let Some(index) = self.active.iter().position(|&s| s == slot) {
            if self.more && index == self.current {
                // The parts already written are rolled back by the pipe; the rest of
                // the message is dropped here so no peer sees half a message.
                self.more = false;
                self.dropping = true;
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

    /// Send one part.
    pub fn send(&mut self, msg: &mut Msg, pipes: &mut PipeSet) -> Result<()> {
        if self.dropping {
            let part = msg.take();
            self.dropping = part.more();
            return Ok(());
        }
        if !self.more && !self.find_writable(pipes) {
            return Err(Error::Again);
        }
        let slot = self.active[self.current];
        let pipe = pipes.get_mut(slot);
        let part = msg.take();
        self.more = part.more();
        pipe.write(part);
        if !self.more {
            pipe.flush();
            self.current += 1;
            if self.current >= self.active.len() {
                self.current = 0;
            }
        }
        Ok(())
    }

    /// Whether a new message could be sent now.
    pub fn has_out(&mut self, pipes: &mut PipeSet) -> bool {
        self.more || self.find_writable(pipes)
    }

    /// Make `active[current]` a pipe with room, dropping full pipes from the list.
    fn find_writable(&mut self, pipes: &mut PipeSet) -> bool {
        while !self.active.is_empty() {
            if self.current >= self.active.len() {
                self.current = 0;
            }
            if pipes.get_mut(self.active[self.current]).check_write() {
                return true;
            }
            self.active.swap_remove(self.current);
        }
        false
    }
}

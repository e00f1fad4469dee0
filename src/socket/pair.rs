//! `ZMQ_PAIR`: one peer, both directions.

use super::pattern::Pattern;
use super::pipe_set::{PipeSet, Slot};
use crate::error::{Error, Result};
use crate::msg::Msg;

/// An exclusive pair: a second peer is refused while the first is attached.
#[derive(Default)]
pub struct Pair {
    pipe: Option<Slot>,
    /// A message is half sent.
    more_out: bool,
}

impl Pattern for Pair {
    fn attach(&mut self, slot: Slot, _pipes: &mut PipeSet) -> bool {
        if self.pipe.is_some() {
            return false;
        }
        self.pipe = Some(slot);
        true
    }

    fn detach(&mut self, slot: Slot) {
        if self.pipe == Some(slot) {
            self.pipe = None;
            self.more_out = false;
        }
    }

    fn read_activated(&mut self, _slot: Slot) {}

    fn write_activated(&mut self, _slot: Slot) {}

    fn send(&mut self, msg: &mut Msg, pipes: &mut PipeSet) -> Result<()> {
        let slot = self.pipe.ok_or(Error::Again)?;
        let pipe = pipes.get_mut(slot);
        if !self.more_out && !pipe.check_write() {
            return Err(Error::Again);
        }
        let part = msg.take();
        self.more_out = part.more();
        pipe.write(part);
        if !self.more_out {
            pipe.flush();
        }
        Ok(())
    }

    fn recv(&mut self, out: &mut Msg, pipes: &mut PipeSet) -> Result<()> {
        let slot = self.pipe.ok_or(Error::Again)?;
        let pipe = pipes.get_mut(slot);
        if pipe.read_into(out) {
            return Ok(());
        }
        if pipe.is_dead() {
            pipes.mark_dead(slot);
        }
        Err(Error::Again)
    }

    fn has_in(&mut self, pipes: &mut PipeSet) -> bool {
        match self.pipe {
            Some(slot) => {
                let pipe = pipes.get_mut(slot);
                let ready = pipe.check_read();
                if !ready && pipe.peer_gone() {
                    pipes.mark_dead(slot);
                }
                ready
            }
            None => false,
        }
    }

    fn has_out(&mut self, pipes: &mut PipeSet) -> bool {
        match self.pipe {
            Some(slot) => self.more_out || pipes.get_mut(slot).check_write(),
            None => false,
        }
    }
}

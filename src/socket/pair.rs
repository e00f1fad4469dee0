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
    fn attach(&mut self, slot: Slot, pipes: &mut PipeSet) -> bool {
        if let Some(current) = self.pipe {
            // A peer that left and whose messages were all read holds no place (a
            // PAIR that only sends would otherwise never notice it is gone): the
            // socket removes it after this call.
            if !pipes.get_mut(current).is_dead() {
                return false;
            }
            pipes.mark_dead(current);
            self.more_out = false;
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

#[cfg(test)]
mod tests {
    use crate::Context;
    use crate::msg::Msg;

    const PAIR: i32 = 0;
    const SNDTIMEO: i32 = 28;

    /// A peer that left once its last message was read holds no place: the next
    /// peer is taken, even by a PAIR that only sends (hostile-peer suite: a tcp
    /// connection dropped after a message left the PAIR refusing every later one).
    #[test]
    fn a_gone_and_drained_peer_makes_room_for_the_next() {
        let ctx = Context::new();
        let mut a = ctx.socket(PAIR).unwrap();
        a.set_option(SNDTIMEO, Some(&5000i32.to_ne_bytes()))
            .unwrap();
        a.bind("inproc://pair-next-peer").unwrap();
        let mut first = ctx.socket(PAIR).unwrap();
        first.connect("inproc://pair-next-peer").unwrap();
        first.send(&mut Msg::from_slice(b"last words"), 0).unwrap();
        drop(first);
        assert_eq!(a.recv(0).unwrap().data(), b"last words");
        let mut second = ctx.socket(PAIR).unwrap();
        second.connect("inproc://pair-next-peer").unwrap();
        a.send(&mut Msg::from_slice(b"hello"), 0).unwrap();
        assert_eq!(second.recv(0).unwrap().data(), b"hello");
        drop(a);
        drop(second);
        ctx.terminate().unwrap();
    }
}

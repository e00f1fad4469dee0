//! `ZMQ_PUSH` (load-balanced sending) and `ZMQ_PULL` (fair-queued receiving).

use super::fair_queue::FairQueue;
use super::load_balancer::LoadBalancer;
use super::pattern::Pattern;
use super::pipe_set::{PipeSet, Slot};
use crate::error::Result;
use crate::msg::Msg;

/// PUSH: sends to its peers in turn; never receives.
#[derive(Default)]
pub struct Push {
    lb: LoadBalancer,
}

impl Pattern for Push {
    fn attach(&mut self, slot: Slot, _pipes: &mut PipeSet) -> bool {
        self.lb.activate(slot);
        true
    }
    fn detach(&mut self, slot: Slot) {
        self.lb.detach(slot);
    }
    fn read_activated(&mut self, _slot: Slot) {}
    fn write_activated(&mut self, slot: Slot) {
        self.lb.activate(slot);
    }
    #[inline]
    fn send(&mut self, msg: &mut Msg, pipes: &mut PipeSet) -> Result<()> {
        self.lb.send(msg, pipes)
    }
    fn has_out(&mut self, pipes: &mut PipeSet) -> bool {
        self.lb.has_out(pipes)
    }
}

/// PULL: receives from its peers fairly; never sends.
#[derive(Default)]
pub struct Pull {
    fq: FairQueue,
}

impl Pattern for Pull {
    fn attach(&mut self, slot: Slot, _pipes: &mut PipeSet) -> bool {
        self.fq.activate(slot);
        true
    }
    fn detach(&mut self, slot: Slot) {
        self.fq.detach(slot);
    }
    fn read_activated(&mut self, slot: Slot) {
        self.fq.activate(slot);
    }
    fn write_activated(&mut self, _slot: Slot) {}
    #[inline]
    fn recv(&mut self, out: &mut Msg, pipes: &mut PipeSet) -> Result<()> {
        self.fq.recv(out, pipes)
    }
    fn has_in(&mut self, pipes: &mut PipeSet) -> bool {
        self.fq.has_in(pipes)
    }
}

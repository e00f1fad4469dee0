//! What each socket type implements: how messages are routed among its pipes.

use super::pipe_set::{PipeSet, Slot};
use crate::error::{Error, Result};
use crate::msg::Msg;

/// The routing logic of one socket type. The socket core owns the pipes and handles
/// commands, blocking and options; a pattern decides which pipe a message goes to or
/// comes from.
pub trait Pattern: Send {
    /// A pipe joined. Return `false` to refuse it (a PAIR already has its peer); the
    /// socket then drops it.
    fn attach(&mut self, slot: Slot, pipes: &mut PipeSet) -> bool;

    /// A pipe left (its peer hung up, or the socket dropped it).
    fn detach(&mut self, slot: Slot);

    /// The pipe in `slot` has messages again.
    fn read_activated(&mut self, slot: Slot);

    /// The pipe in `slot` has room again.
    fn write_activated(&mut self, slot: Slot);

    /// Send one part. On success the part has been taken out of `msg`; `Again` leaves
    /// it in place (no pipe can take it now).
    fn send(&mut self, _msg: &mut Msg, _pipes: &mut PipeSet) -> Result<()> {
        Err(Error::NotSupported)
    }

    /// Receive one part into `out` (replacing its content); `Again` when none is ready.
    fn recv(&mut self, _out: &mut Msg, _pipes: &mut PipeSet) -> Result<()> {
        Err(Error::NotSupported)
    }

    /// Whether a part could be received now (`ZMQ_POLLIN`). Unlike `recv`, this arms
    /// every empty pipe, so the socket's mailbox hears when data arrives: call it
    /// before sleeping.
    fn has_in(&mut self, _pipes: &mut PipeSet) -> bool {
        false
    }

    /// Whether a message could be sent now (`ZMQ_POLLOUT`).
    fn has_out(&mut self, _pipes: &mut PipeSet) -> bool {
        false
    }
}

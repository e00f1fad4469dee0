//! The commands objects send each other across threads. Each carries owned data only.

use std::sync::Arc;

use crate::engine::Setup;
use crate::pipe::{PipeEnd, PipeId};

/// A command for a socket.
#[derive(Debug)]
pub enum Command {
    /// A new pipe to a peer: keep this end (a peer connected to or bound our endpoint).
    Attach(Box<PipeEnd>),
    /// The pipe `PipeId` of ours had run dry and now has messages again.
    ActivateRead(PipeId),
    /// The pipe `PipeId` of ours had hit its high-water mark and has room again.
    ActivateWrite(PipeId),
    /// The peer of our pipe `PipeId` is gone: read what is left, then drop the pipe.
    Hangup(PipeId),
    /// The context is terminating: blocking calls return `ETERM` from now on.
    Stop,
    /// The connecter of the connected endpoint made with this `Setup` has finished
    /// for good on its own (its connection was lost and `ZMQ_RECONNECT_IVL` is 0 or
    /// less, or a tcp connect was refused under `ZMQ_RECONNECT_STOP_CONN_REFUSED`):
    /// the socket forgets the endpoint, so `zmq_disconnect` of it is `ENOENT`, as in
    /// libzmq.
    EndpointGone(Arc<Setup>),
}

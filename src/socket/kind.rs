//! Socket types, by libzmq's numbers.

use crate::error::{Error, Result};

/// A socket type. Only the types oxzmq builds so far are constructible; the others are
/// refused with `EINVAL` by [`SocketType::from_raw`] until they work.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum SocketType {
    /// `ZMQ_PAIR` (0): exclusive pair.
    Pair,
    /// `ZMQ_PULL` (7): fair-queued receive.
    Pull,
    /// `ZMQ_PUSH` (8): load-balanced send.
    Push,
}

impl SocketType {
    /// The type for libzmq's number.
    pub fn from_raw(raw: i32) -> Result<SocketType> {
        match raw {
            0 => Ok(SocketType::Pair),
            7 => Ok(SocketType::Pull),
            8 => Ok(SocketType::Push),
            _ => Err(Error::Invalid),
        }
    }

    /// libzmq's number for the type (`ZMQ_TYPE`).
    pub fn raw(self) -> i32 {
        match self {
            SocketType::Pair => 0,
            SocketType::Pull => 7,
            SocketType::Push => 8,
        }
    }

    /// Whether `ZMQ_CONFLATE` applies to this type's pipes (libzmq honours it on
    /// DEALER, PULL, PUSH, PUB and SUB).
    pub fn honours_conflate(self) -> bool {
        matches!(self, SocketType::Pull | SocketType::Push)
    }
}

//! The message: the unit a socket sends and receives.
//!
//! PROVISIONAL: this minimal version fixes the API the rest of the engine uses; the
//! full version (inline small messages, metadata, groups) replaces it.

use bytes::Bytes;

/// A message part.
#[derive(Default)]
pub struct Msg {
    body: Bytes,
    flags: u8,
}

/// More parts of this message follow.
const FLAG_MORE: u8 = 1;

impl Msg {
    /// An empty message.
    pub fn new() -> Msg {
        Msg::default()
    }

    /// A message holding a copy of `data`.
    pub fn from_slice(data: &[u8]) -> Msg {
        Msg { body: Bytes::copy_from_slice(data), flags: 0 }
    }

    /// The payload.
    pub fn data(&self) -> &[u8] {
        &self.body
    }

    /// The payload size in bytes.
    pub fn len(&self) -> usize {
        self.body.len()
    }

    /// Whether the payload is empty.
    pub fn is_empty(&self) -> bool {
        self.body.is_empty()
    }

    /// Whether more parts follow.
    pub fn more(&self) -> bool {
        self.flags & FLAG_MORE != 0
    }

    /// Mark whether more parts follow.
    pub fn set_more(&mut self, more: bool) {
        if more {
            self.flags |= FLAG_MORE;
        } else {
            self.flags &= !FLAG_MORE;
        }
    }

    /// Move the message out, leaving an empty one behind.
    pub fn take(&mut self) -> Msg {
        std::mem::take(self)
    }
}

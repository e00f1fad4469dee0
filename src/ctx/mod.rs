//! PROVISIONAL skeleton: the context (replaced by the real one in the core work).

use crate::error::{Error, Result};
use crate::socket::Socket;

/// A ZeroMQ context.
#[derive(Clone, Default)]
pub struct Context {}

impl Context {
    /// A new context.
    pub fn new() -> Context {
        Context {}
    }

    /// A new socket of `socket_type`.
    pub fn socket(&self, _socket_type: i32) -> Result<Socket> {
        Err(Error::NotSupported)
    }
}

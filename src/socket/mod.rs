//! PROVISIONAL skeleton: the socket (replaced by the real one in the core work).

/// A ZeroMQ socket.
pub struct Socket {}

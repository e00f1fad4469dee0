//! ZMTP, the ZeroMQ Message Transport Protocol (RFC 37 for 3.1, 23 for 3.0, 15 for
//! 2.0, 13 for 1.0), as pure state machines: no sockets, no clock reads, no threads.
//!
//! Bytes go in, messages, events and bytes to send come out, and time is passed in.
//! The TCP and IPC transports' I/O engine drives one [`Session`] per connection:
//! - [`greeting`]: the 64-byte greeting and detection of 1.0/2.0/3.0/3.1 peers;
//! - [`frame`], [`decoder`], [`encoder`]: the framings, the incremental zero-copy
//!   decoder and the `writev`-friendly encoder;
//! - [`command`]: READY, ERROR, PING/PONG, SUBSCRIBE/CANCEL, JOIN/LEAVE;
//! - [`mechanism`]: the security handshake (NULL so far), behind a trait that PLAIN
//!   and CURVE will implement;
//! - [`heartbeat`]: handshake timeout and PING/PONG deadlines;
//! - [`session`]: all of it for one connection; [`config`]: its settings.
//!
//! Failures are [`ProtocolError`]s, final for their connection.

pub mod command;
pub mod config;
pub mod decoder;
pub mod encoder;
pub mod error;
pub mod frame;
pub mod greeting;
pub mod heartbeat;
pub mod mechanism;
pub mod session;
pub mod socket_type;

#[cfg(test)]
mod session_tests;

pub use config::SessionConfig;
pub use error::ProtocolError;
pub use greeting::ZmtpVersion;
pub use session::{Event, Session, SessionState};

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
//!
//! Two sessions talking in memory, the way an engine drives one over a socket:
//!
//! ```
//! use std::time::Instant;
//! use oxzmq::Msg;
//! use oxzmq::zmtp::{Event, Session, SessionConfig};
//!
//! let now = Instant::now();
//! let mut client = Session::new(SessionConfig::new(5 /* DEALER */), now)?;
//! let mut server = Session::new(SessionConfig::new(6 /* ROUTER */), now)?;
//! let mut wire = Vec::new();
//! // Greeting steps, then READY each way: three round trips.
//! for _ in 0..3 {
//!     client.drain_transmit(&mut wire);
//!     server.feed(&wire, now);
//!     wire.clear();
//!     server.drain_transmit(&mut wire);
//!     client.feed(&wire, now);
//!     wire.clear();
//! }
//! assert!(matches!(client.poll_event(), Some(Event::Ready { .. })));
//! assert!(matches!(server.poll_event(), Some(Event::Ready { .. })));
//! client.send(Msg::from_slice(b"hello"))?;
//! client.drain_transmit(&mut wire);
//! server.feed(&wire, now);
//! match server.poll_event() {
//!     Some(Event::Message(msg)) => assert_eq!(msg.data(), b"hello"),
//!     other => panic!("{other:?}"),
//! }
//! # Ok::<(), oxzmq::Error>(())
//! ```

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
pub use error::{HandshakeReport, ProtocolError};
pub use greeting::ZmtpVersion;
pub use session::{Event, Session, SessionState};

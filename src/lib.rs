//! oxzmq: the ZeroMQ engine in safe Rust.
//!
//! This crate holds sockets, pipes, pattern logic, transports and the I/O threads.
//! It has no C in it: the `oxzmq-capi` crate (folder `capi/`) puts the libzmq 4.3.5
//! ABI in front of it and builds `libzmq.so.5`.
//!
//! Follow one message: [`Socket::send`](socket::Socket::send) hands a [`Msg`] to the
//! socket type's routing logic (`socket/`), which writes it into a [`pipe`]; the peer
//! socket (inproc) or the connection's engine in an I/O thread (tcp, ipc) reads it
//! from the other end.
#![deny(unsafe_code)]
#![warn(missing_docs)]

pub mod ctx;
pub mod engine;
pub mod error;
pub mod monitor;
pub mod msg;
pub mod options;
pub mod pipe;
pub mod poll;
pub mod proxy;
pub mod socket;
pub mod sys;
pub mod transport;
pub mod util;
pub mod zmtp;

pub use ctx::Context;
pub use error::{Error, Result};
pub use msg::Msg;
pub use socket::Socket;

//! Small self-contained helpers that libzmq exposes beside sockets.
//!
//! [`z85`] is the printable encoding of RFC 32 (CURVE keys travel in it) and
//! [`timers`] the caller-driven timer set of `zmq_timers(3)`. Neither touches sockets
//! or threads; the C layer (`capi/src/util.rs`) exports them as the `zmq_z85_*` and
//! `zmq_timers_*` functions.

pub mod timers;
pub mod z85;

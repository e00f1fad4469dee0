//! The few places where the engine talks to the operating system below `std` and `mio`,
//! or needs memory tricks `std` cannot express safely. This is the only module where
//! `unsafe` is allowed; each block says why it is sound.
#![allow(unsafe_code)]

pub mod interfaces;
pub mod net;
pub mod signaler;
pub mod sockopt;
pub mod spsc;
pub mod thread;
pub mod unix_socket;
pub mod users;

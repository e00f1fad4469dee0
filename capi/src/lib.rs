//! The libzmq 4.3.5 C ABI over the oxzmq engine.
//!
//! This crate builds `libzmq.so.5` and `libzmq.a`. It holds every `extern "C"` function
//! of `zmq.h` and nothing else: each one checks its pointers and handle tags, runs its
//! body behind the panic boundary ([`ffi`]), and maps engine errors to `errno` exactly
//! as libzmq does. All `unsafe` of oxzmq that touches C lives here.
//!
//! API conventions (also in CONTRIBUTING.md): a function failing returns what libzmq
//! returns on failure (`-1`, `NULL`) and sets `errno`; it never aborts the process, even
//! where libzmq would assert (a NULL message, a NULL endpoint string).
#![allow(non_camel_case_types)]

pub mod ffi;
pub mod handle;

pub mod constants;
pub mod types;

pub mod ctx;
pub mod monitor;
pub mod msg;
pub mod poll;
pub mod proxy;
pub mod socket;
// Only draft functions are left unbuilt.
#[cfg(feature = "draft")]
pub mod unbuilt;
pub mod util;

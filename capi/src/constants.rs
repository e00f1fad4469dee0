//! Every constant of libzmq 4.3.5's `zmq.h`, with libzmq's value and C type.
//!
//! `include/zmq.h` is generated from these items by cbindgen (see `capi/cbindgen.toml`),
//! and `abi-test/` checks them against the generated header and against Debian's
//! libzmq header, so a value here is the value C programs see. Draft constants carry
//! `#[cfg(feature = "draft")]`, which the header renders as `#ifdef ZMQ_BUILD_DRAFT_API`.
//!
//! A few things of `zmq.h` are not Rust constants and live verbatim in `cbindgen.toml`:
//! the `ZMQ_MAKE_VERSION`/`ZMQ_VERSION` macros, `ZMQ_EXPORT`, the fallback definitions of
//! POSIX errno names (on Linux `<errno.h>` defines them all, so the system values
//! stand), and the draft message property strings (cbindgen cannot emit a string
//! constant; the Rust ones below are checked against the header's by `abi-test`).
//!
//! The items are split by topic; everything is re-exported here, so code says
//! `crate::constants::ZMQ_SNDHWM`.

// The order of these declarations is the order of the sections of the header.
mod general;

mod socket_types;

mod socket_options;

mod events;

pub use events::*;
pub use general::*;
pub use socket_options::*;
pub use socket_types::*;

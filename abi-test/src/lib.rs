//! ABI checks of `libzmq.so.5`'s Rust side against C headers, with ctest.
//!
//! The build script reads capi's sources ([`surface`]), renders them for ctest and as C
//! prototypes ([`render`]), and generates two test programs:
//!
//! - `tests/ours.rs`: capi against the generated `include/zmq.h` (draft API on);
//! - `tests/debian.rs`: capi against Debian's `/usr/include/zmq.h`, which is libzmq
//!   4.3.4's header (package `libzmq3-dev`), skipping the items of [`differences`].
//!
//! Each compares every constant's value, every type's size and alignment, every struct
//! field's offset and size, and every function's address (the C name binds to capi's
//! function) as ctest does. ctest 0.5 does not compare function *signatures*, so the
//! build script also compiles, against each header, a C file that declares every
//! exported function again with the C types its Rust signature means: a declaration
//! that conflicts with the header's is a compile error naming the function.
//!
//! Why ctest 0.5 and not ctest2: ctest2 0.4 parses Rust with an old parser (garando)
//! that refuses `unsafe extern "C" { ... }` blocks (the only form edition 2024 allows)
//! and C-string literals (`c"..."`); `#[unsafe(no_mangle)]` itself it accepts. ctest
//! 0.5 expands and parses with today's rustc and syn. ctest parses `extern` blocks, not
//! function definitions, which is why capi's surface is rendered for it first.

pub mod differences;
pub mod render;
pub mod surface;

//! The C types of `zmq.h`, laid out exactly as libzmq 4.3.5 lays them out.

use libc::{c_int, c_short, c_void};

/// A message, opaque to C: 64 bytes, aligned to a pointer, as libzmq's `zmq_msg_t`.
/// `capi::msg` stores an engine message inside it.
/// cbindgen:field-names=[_]
// The line above is cbindgen's instruction (the field is `_` in C), not a doc link.
#[allow(rustdoc::broken_intra_doc_links)]
#[repr(C, align(8))]
pub struct zmq_msg_t {
    pub _x: [u8; 64],
}

/// A file descriptor as `zmq.h` names it on POSIX.
pub type zmq_fd_t = c_int;

/// One entry of a `zmq_poll` set.
#[repr(C)]
pub struct zmq_pollitem_t {
    pub socket: *mut c_void,
    pub fd: zmq_fd_t,
    pub events: c_short,
    pub revents: c_short,
}

/// One event reported by `zmq_poller_wait`/`zmq_poller_wait_all` (draft).
#[cfg(feature = "draft")]
#[repr(C)]
pub struct zmq_poller_event_t {
    pub socket: *mut c_void,
    pub fd: zmq_fd_t,
    pub user_data: *mut c_void,
    pub events: c_short,
}

// The three callback types below are C *function* types in `zmq.h`
// (`typedef void(zmq_free_fn)(void *, void *);`), taken by pointer (`zmq_free_fn *ffn_`).
// Rust has no function types, so each alias here is the nullable pointer C passes;
// cbindgen.toml leaves the aliases out of the header (it declares libzmq's function
// typedefs verbatim) and renames `zmq_free_fn`/`zmq_thread_fn` to `... *` in prototypes.

/// Frees the data given to `zmq_msg_init_data` once the last message sharing it is gone
/// (C: `zmq_free_fn *`, may be NULL).
pub type zmq_free_fn = Option<unsafe extern "C" fn(data: *mut c_void, hint: *mut c_void)>;

/// A timer callback for the `zmq_timers_*` family (C: `zmq_timer_fn`, a function type
/// that decays to a pointer as a parameter).
pub type zmq_timer_fn = Option<unsafe extern "C" fn(timer_id: c_int, arg: *mut c_void)>;

/// A thread body for `zmq_threadstart` (C: `zmq_thread_fn *`).
pub type zmq_thread_fn = Option<unsafe extern "C" fn(arg: *mut c_void)>;

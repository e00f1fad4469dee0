//! The API functions whose feature oxzmq does not have yet.
//!
//! Each one exists (a C program that links against libzmq must link against us) and
//! fails honestly: it checks its handles as the built function will (`EFAULT` for a
//! NULL proxy socket as libzmq, `ENOTSOCK` for anything that is not a live socket),
//! then returns libzmq's failure value with `ENOTSUP`, which is what libzmq reports for
//! a feature it was built without. Nothing here pretends to work.
//!
//! When a feature is built, its function moves out of this file into the file of its
//! area (`socket.rs`, `monitor.rs` ...), and `tests-c`/the README's table follow.

use libc::{c_char, c_int, c_void};
use oxzmq::Error;

use crate::ffi_boundary;
use crate::handle;

/// `Ok` when `ptr` is a live socket handle, `ENOTSOCK` otherwise.
///
/// # Safety
/// `ptr` is NULL or a handle C got from `zmq_ctx_new`/`zmq_socket`, not used by another
/// thread during the call (libzmq's rule for sockets).
unsafe fn require_socket(ptr: *mut c_void) -> Result<(), Error> {
    // SAFETY: forwarded contract.
    match unsafe { handle::socket_mut(ptr) } {
        Some(_) => Ok(()),
        None => Err(Error::NotSocket),
    }
}

/// Draft: a DISH socket joins a group. Not built yet: `ENOTSUP`.
///
/// # Safety
/// `socket` is NULL or a handle from `zmq_ctx_new`/`zmq_socket`, used by no other
/// thread during the call; `group` is NULL or a NUL-terminated string.
#[cfg(feature = "draft")]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_join(socket: *mut c_void, group: *const c_char) -> c_int {
    let _ = group;
    ffi_boundary!(zmq_join, {
        // SAFETY: the caller's contract.
        unsafe { require_socket(socket)? };
        Err(Error::NotSupported)
    })
}

/// Draft: a DISH socket leaves a group. Not built yet: `ENOTSUP`.
///
/// # Safety
/// As [`zmq_join`].
#[cfg(feature = "draft")]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_leave(socket: *mut c_void, group: *const c_char) -> c_int {
    let _ = group;
    ffi_boundary!(zmq_leave, {
        // SAFETY: the caller's contract.
        unsafe { require_socket(socket)? };
        Err(Error::NotSupported)
    })
}

/// Draft: a PEER socket connects and returns the peer's routing id. Not built: 0, `ENOTSUP`.
///
/// 0 is libzmq's failure value for this function.
///
/// # Safety
/// As [`zmq_join`], with `endpoint` in place of `group`.
#[cfg(feature = "draft")]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_connect_peer(socket: *mut c_void, endpoint: *const c_char) -> u32 {
    let _ = endpoint;
    ffi_boundary!(zmq_connect_peer, {
        // SAFETY: the caller's contract.
        unsafe { require_socket(socket)? };
        Err(Error::NotSupported)
    })
}

/// Draft: the connection state of the peer with this routing id. Not built yet: `ENOTSUP`.
///
/// # Safety
/// `socket` as in [`zmq_join`]; `routing_id` is NULL or valid for
/// `routing_id_size` bytes.
#[cfg(feature = "draft")]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_socket_get_peer_state(
    socket: *mut c_void,
    routing_id: *const c_void,
    routing_id_size: usize,
) -> c_int {
    let _ = (routing_id, routing_id_size);
    ffi_boundary!(zmq_socket_get_peer_state, {
        // SAFETY: the caller's contract.
        unsafe { require_socket(socket)? };
        Err(Error::NotSupported)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ffi;
    use std::ptr::null_mut;

    /// A live context handle: a real handle that is not a socket.
    fn context_handle() -> *mut c_void {
        handle::new_context(oxzmq::Context::new())
    }

    #[cfg(feature = "draft")]
    #[test]
    fn draft_socket_functions_refuse_non_sockets_with_their_failure_value() {
        let ctx = context_handle();
        let group = c"news".as_ptr();
        let endpoint = c"tcp://127.0.0.1:5555".as_ptr();
        let calls: [(&str, &dyn Fn() -> i64, i64); 4] = [
            ("join", &|| unsafe { zmq_join(ctx, group) }.into(), -1),
            ("leave", &|| unsafe { zmq_leave(ctx, group) }.into(), -1),
            (
                "peer_state",
                &|| unsafe { zmq_socket_get_peer_state(ctx, null_mut(), 0) }.into(),
                -1,
            ),
            (
                "connect_peer",
                &|| unsafe { zmq_connect_peer(ctx, endpoint) }.into(),
                0,
            ),
        ];
        for (name, call, failure) in calls {
            ffi::set_errno(0);
            assert_eq!(call(), failure, "{name}");
            assert_eq!(ffi::errno(), libc::ENOTSOCK, "{name}");
        }
    }
}

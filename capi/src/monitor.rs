//! The socket monitor: `zmq_socket_monitor` and the draft
//! `zmq_socket_monitor_versioned` and `zmq_socket_monitor_pipes_stats`.
//!
//! Each checks its socket handle (`ENOTSOCK`) and its endpoint string (NULL stops
//! the monitor, as in libzmq; a string that is not UTF-8 is `EINVAL`), then hands
//! over to [`oxzmq::Socket::monitor`], which holds the behaviour.

use libc::{c_char, c_int, c_void};
use oxzmq::Error;

use crate::ffi::str_arg;
use crate::ffi_boundary;

/// `ZMQ_PAIR`: the type `zmq_socket_monitor` publishes on.
const PAIR: c_int = 0;
/// Event format 1, the one `zmq_socket_monitor` uses.
const EVENT_VERSION_1: c_int = 1;

/// The endpoint argument: `None` for NULL (stop monitoring).
///
/// # Safety
/// `endpoint` is NULL or a NUL-terminated string.
unsafe fn endpoint_arg<'a>(endpoint: *const c_char) -> Result<Option<&'a str>, Error> {
    if endpoint.is_null() {
        return Ok(None);
    }
    // SAFETY: non-NULL and NUL-terminated by the caller's contract.
    unsafe { str_arg(endpoint) }.map(Some)
}

/// Publish the socket's events on a PAIR bound to an inproc endpoint (NULL: stop).
///
/// `events` is the mask of events wanted; they are sent in event format 1.
///
/// # Safety
/// `socket` is NULL or a handle from `zmq_ctx_new`/`zmq_socket`, used by no other thread
/// during the call; `endpoint` is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_socket_monitor(
    socket: *mut c_void,
    endpoint: *const c_char,
    events: c_int,
) -> c_int {
    ffi_boundary!(zmq_socket_monitor, {
        // SAFETY: the caller's contract.
        let socket = unsafe { crate::socket::socket(socket) }?;
        // SAFETY: the caller's contract.
        let endpoint = unsafe { endpoint_arg(endpoint) }?;
        // libzmq widens the int with its sign: a negative mask has bits no version-1
        // event has, and is refused.
        let events = i64::from(events) as u64;
        socket.monitor(endpoint, events, EVENT_VERSION_1, PAIR)?;
        Ok(0)
    })
}

/// Draft: the socket monitor with a choice of event format and publishing socket.
///
/// `event_version` is 1 or 2; `monitor_type` is `ZMQ_PAIR` or `ZMQ_PUSH` (`ZMQ_PUB`,
/// which libzmq also allows, is `ENOTSUP` until oxzmq has PUB sockets).
///
/// # Safety
/// As [`zmq_socket_monitor`].
#[cfg(feature = "draft")]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_socket_monitor_versioned(
    socket: *mut c_void,
    endpoint: *const c_char,
    events: u64,
    event_version: c_int,
    monitor_type: c_int,
) -> c_int {
    ffi_boundary!(zmq_socket_monitor_versioned, {
        // SAFETY: the caller's contract.
        let socket = unsafe { crate::socket::socket(socket) }?;
        // SAFETY: the caller's contract.
        let endpoint = unsafe { endpoint_arg(endpoint) }?;
        socket.monitor(endpoint, events, event_version, monitor_type)?;
        Ok(0)
    })
}

/// Draft: raise one `ZMQ_EVENT_PIPES_STATS` event per pipe of the socket.
///
/// Its values are the messages queued outbound, then inbound. `EINVAL` if the socket's monitor does not publish
/// that event, `EAGAIN` if the socket has no pipes.
///
/// # Safety
/// `socket` is NULL or a handle from `zmq_ctx_new`/`zmq_socket`, used by no other thread
/// during the call.
#[cfg(feature = "draft")]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_socket_monitor_pipes_stats(socket: *mut c_void) -> c_int {
    ffi_boundary!(zmq_socket_monitor_pipes_stats, {
        // SAFETY: the caller's contract.
        unsafe { crate::socket::socket(socket) }?.monitor_pipes_stats()?;
        Ok(0)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ffi;
    use crate::handle;
    use std::ptr::null_mut;

    #[test]
    fn monitor_functions_refuse_null_and_non_sockets_with_enotsock() {
        let ctx = handle::new_context(oxzmq::Context::new());
        for target in [null_mut(), ctx] {
            // SAFETY: NULL and a context handle are what the functions must refuse;
            // the strings are NUL-terminated literals.
            unsafe {
                ffi::set_errno(0);
                assert_eq!(zmq_socket_monitor(target, c"inproc://m".as_ptr(), 0), -1);
                assert_eq!(ffi::errno(), libc::ENOTSOCK);
                #[cfg(feature = "draft")]
                {
                    ffi::set_errno(0);
                    let ep = c"inproc://m".as_ptr();
                    assert_eq!(zmq_socket_monitor_versioned(target, ep, 0, 1, 0), -1);
                    assert_eq!(ffi::errno(), libc::ENOTSOCK);
                    ffi::set_errno(0);
                    assert_eq!(zmq_socket_monitor_pipes_stats(target), -1);
                    assert_eq!(ffi::errno(), libc::ENOTSOCK);
                }
            }
        }
    }

    #[test]
    fn monitor_arguments_are_checked_as_libzmq_checks_them() {
        let ctx = handle::new_context(oxzmq::Context::new());
        // SAFETY: live handles from this test, NUL-terminated literals.
        unsafe {
            let s = crate::socket::zmq_socket(ctx, PAIR);
            // Not inproc.
            assert_eq!(
                zmq_socket_monitor(s, c"tcp://127.0.0.1:1".as_ptr(), 0xFFFF),
                -1
            );
            assert_eq!(ffi::errno(), libc::EPROTONOSUPPORT);
            // Malformed, unknown scheme.
            assert_eq!(zmq_socket_monitor(s, c"nowhere".as_ptr(), 0xFFFF), -1);
            assert_eq!(ffi::errno(), libc::EINVAL);
            assert_eq!(zmq_socket_monitor(s, c"foo://x".as_ptr(), 0xFFFF), -1);
            assert_eq!(ffi::errno(), libc::EPROTONOSUPPORT);
            // A negative mask has bits beyond version 1's.
            assert_eq!(zmq_socket_monitor(s, c"inproc://m".as_ptr(), -1), -1);
            assert_eq!(ffi::errno(), libc::EINVAL);
            // Stopping with no monitor running is fine.
            assert_eq!(zmq_socket_monitor(s, std::ptr::null(), 0), 0);
            assert_eq!(zmq_socket_monitor(s, c"inproc://m".as_ptr(), 0xFFFF), 0);
            #[cfg(feature = "draft")]
            {
                let ep = c"inproc://m2".as_ptr();
                // Version 1 cannot carry PIPES_STATS; unknown versions and types.
                assert_eq!(zmq_socket_monitor_versioned(s, ep, 0x1FFFF, 1, PAIR), -1);
                assert_eq!(ffi::errno(), libc::EINVAL);
                assert_eq!(zmq_socket_monitor_versioned(s, ep, 0xFFFF, 3, PAIR), -1);
                assert_eq!(ffi::errno(), libc::EINVAL);
                assert_eq!(zmq_socket_monitor_versioned(s, ep, 0xFFFF, 2, 7), -1);
                assert_eq!(ffi::errno(), libc::EINVAL);
                // PUB is libzmq's, not built here yet.
                assert_eq!(zmq_socket_monitor_versioned(s, ep, 0xFFFF, 2, 1), -1);
                assert_eq!(ffi::errno(), libc::ENOTSUP);
                // The monitor does not publish PIPES_STATS.
                assert_eq!(zmq_socket_monitor_pipes_stats(s), -1);
                assert_eq!(ffi::errno(), libc::EINVAL);
                assert_eq!(zmq_socket_monitor_versioned(s, ep, 0x1FFFF, 2, 8), 0);
                // ... now it does, but there is no pipe.
                assert_eq!(zmq_socket_monitor_pipes_stats(s), -1);
                assert_eq!(ffi::errno(), libc::EAGAIN);
            }
            assert_eq!(crate::socket::zmq_close(s), 0);
            assert_eq!(crate::ctx::zmq_ctx_term(ctx), 0);
        }
    }
}

//! `zmq_proxy`, `zmq_proxy_steerable` and the deprecated `zmq_device`.

use libc::{c_int, c_void};

use crate::ffi_boundary;
use crate::socket::socket;
use oxzmq::Error;
use oxzmq::proxy::{self, ProxySockets};

/// Check the handles and run the proxy. Frontend and backend must be given (libzmq
/// fails a NULL one with `EFAULT`); capture and control are optional. Frontend and
/// backend may be the same socket (one socket in both roles, as libzmq allows); any
/// other repetition is refused, since the proxy uses its sockets all at once.
///
/// # Safety
/// Each pointer is NULL or a socket handle used by no other thread during the call.
unsafe fn run(
    frontend: *mut c_void,
    backend: *mut c_void,
    capture: *mut c_void,
    control: *mut c_void,
) -> Result<c_int, Error> {
    if frontend.is_null() || backend.is_null() {
        return Err(Error::Fault);
    }
    let backend_role = if frontend == backend {
        std::ptr::null_mut()
    } else {
        backend
    };
    let given: Vec<*mut c_void> = [frontend, backend_role, capture, control]
        .into_iter()
        .filter(|p| !p.is_null())
        .collect();
    for (i, a) in given.iter().enumerate() {
        // SAFETY: forwarded contract; the borrow ends at once (validation only).
        unsafe { socket(*a) }?;
        if given[..i].contains(a) {
            // libzmq would use one socket in two roles; holding it twice at once is
            // not something safe code can do, so the call is refused.
            return Err(Error::Invalid);
        }
    }
    // SAFETY: checked live and pairwise distinct above, so these exclusive borrows do
    // not alias; the caller lets no other thread use them meanwhile.
    let optional = |p: *mut c_void| -> Result<_, Error> {
        if p.is_null() {
            Ok(None)
        } else {
            Ok(Some(unsafe { socket(p) }?))
        }
    };
    let sockets = ProxySockets {
        // SAFETY: as above.
        frontend: unsafe { socket(frontend) }?,
        backend: optional(backend_role)?,
        capture: optional(capture)?,
        control: optional(control)?,
    };
    proxy::run(sockets)?;
    Ok(0)
}

/// Shuttle messages between two sockets until the context terminates.
///
/// Returns -1 with `ETERM` then, as libzmq; each part is also copied to `capture` if
/// one is given.
///
/// # Safety
/// Each pointer is NULL or a socket handle used by no other thread during the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_proxy(
    frontend: *mut c_void,
    backend: *mut c_void,
    capture: *mut c_void,
) -> c_int {
    ffi_boundary!(zmq_proxy, {
        // SAFETY: forwarded contract.
        unsafe { run(frontend, backend, capture, std::ptr::null_mut()) }
    })
}

/// A proxy that a control socket steers.
///
/// Commands: `PAUSE`, `RESUME`, `TERMINATE` (returns 0) and `STATISTICS` (answered with
/// eight 64-bit counters).
///
/// # Safety
/// As [`zmq_proxy`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_proxy_steerable(
    frontend: *mut c_void,
    backend: *mut c_void,
    capture: *mut c_void,
    control: *mut c_void,
) -> c_int {
    ffi_boundary!(zmq_proxy_steerable, {
        // SAFETY: forwarded contract.
        unsafe { run(frontend, backend, capture, control) }
    })
}

/// The deprecated proxy.
///
/// `device_type` (`ZMQ_QUEUE`…) is ignored, as libzmq ignores it.
///
/// # Safety
/// As [`zmq_proxy`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_device(
    device_type: c_int,
    frontend: *mut c_void,
    backend: *mut c_void,
) -> c_int {
    let _ = device_type;
    ffi_boundary!(zmq_device, {
        // SAFETY: forwarded contract.
        unsafe {
            run(
                frontend,
                backend,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            )
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ffi, handle};
    use std::ptr::null_mut;

    /// A live context handle: a real handle that is not a socket.
    fn context_handle() -> *mut c_void {
        handle::new_context(oxzmq::Context::new())
    }

    #[test]
    fn proxy_refuses_a_missing_frontend_or_backend_with_efault() {
        let ctx = context_handle();
        // SAFETY: handles made here, used by this thread only.
        unsafe {
            assert_eq!(zmq_proxy(null_mut(), ctx, null_mut()), -1);
            assert_eq!(ffi::errno(), libc::EFAULT);
            assert_eq!(
                zmq_proxy_steerable(ctx, null_mut(), null_mut(), null_mut()),
                -1
            );
            assert_eq!(ffi::errno(), libc::EFAULT);
            assert_eq!(
                zmq_device(crate::constants::ZMQ_QUEUE, null_mut(), null_mut()),
                -1
            );
            assert_eq!(ffi::errno(), libc::EFAULT);
        }
    }

    #[test]
    fn proxy_refuses_a_handle_that_is_not_a_socket_with_enotsock() {
        let ctx = context_handle();
        // SAFETY: handles made here, used by this thread only.
        unsafe {
            assert_eq!(zmq_proxy(ctx, ctx, null_mut()), -1);
            assert_eq!(ffi::errno(), libc::ENOTSOCK);
            assert_eq!(zmq_device(crate::constants::ZMQ_QUEUE, ctx, ctx), -1);
            assert_eq!(ffi::errno(), libc::ENOTSOCK);
        }
    }

    #[test]
    fn proxy_refuses_a_socket_in_two_roles_beyond_front_and_back() {
        let ctx = oxzmq::Context::new();
        let s = handle::new_socket(ctx.socket(7).unwrap());
        let t = handle::new_socket(ctx.socket(8).unwrap());
        // SAFETY: handles made here, used by this thread only.
        unsafe {
            assert_eq!(zmq_proxy(s, t, s), -1);
            assert_eq!(ffi::errno(), libc::EINVAL);
            assert_eq!(zmq_proxy_steerable(s, t, null_mut(), t), -1);
            assert_eq!(ffi::errno(), libc::EINVAL);
            crate::socket::zmq_close(s);
            crate::socket::zmq_close(t);
        }
    }
}

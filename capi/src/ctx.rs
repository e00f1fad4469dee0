//! Context functions: `zmq_ctx_*`, `zmq_init`, `zmq_term`.

use libc::{c_int, c_void, size_t};

use crate::ffi::{bytes_arg, bytes_arg_mut};
use crate::{ffi_boundary, handle};
use oxzmq::{Context, Error};

/// The context behind `ctx`, or `EFAULT`.
///
/// # Safety
/// `ctx` is NULL or a pointer from `zmq_ctx_new`/`zmq_init`.
pub(crate) unsafe fn context<'a>(ctx: *mut c_void) -> Result<&'a Context, Error> {
    // SAFETY: forwarded contract.
    unsafe { handle::context(ctx) }.ok_or(Error::Fault)
}

/// Create a context.
///
/// # Safety
/// Always safe to call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_ctx_new() -> *mut c_void {
    ffi_boundary!(zmq_ctx_new, { Ok(handle::new_context(Context::new())) })
}

/// Create a context with `io_threads` I/O threads (deprecated form of `zmq_ctx_new`).
///
/// # Safety
/// Always safe to call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_init(io_threads: c_int) -> *mut c_void {
    ffi_boundary!(zmq_init, {
        if io_threads < 0 {
            return Err(Error::Invalid);
        }
        let ctx = Context::new();
        ctx.set(oxzmq::ctx::options::IO_THREADS, io_threads)?;
        Ok(handle::new_context(ctx))
    })
}

/// Terminate a context: wait until all its sockets are closed, then free it.
///
/// # Safety
/// `ctx` is NULL or a context pointer; no other thread uses the pointer after this
/// returns.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_ctx_term(ctx: *mut c_void) -> c_int {
    ffi_boundary!(zmq_ctx_term, {
        // SAFETY: forwarded contract.
        unsafe { context(ctx) }?.terminate()?;
        // SAFETY: termination finished; the caller gives up the pointer.
        drop(unsafe { handle::retire_context(ctx) });
        Ok(0)
    })
}

/// Same as `zmq_ctx_term` (deprecated name).
///
/// # Safety
/// As `zmq_ctx_term`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_term(ctx: *mut c_void) -> c_int {
    // SAFETY: same contract.
    unsafe { zmq_ctx_term(ctx) }
}

/// Same as `zmq_ctx_term` (deprecated name).
///
/// # Safety
/// As `zmq_ctx_term`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_ctx_destroy(ctx: *mut c_void) -> c_int {
    // SAFETY: same contract.
    unsafe { zmq_ctx_term(ctx) }
}

/// Make blocking calls on the context's sockets return `ETERM`; do not wait.
///
/// # Safety
/// `ctx` is NULL or a context pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_ctx_shutdown(ctx: *mut c_void) -> c_int {
    ffi_boundary!(zmq_ctx_shutdown, {
        // SAFETY: forwarded contract.
        unsafe { context(ctx) }?.shutdown();
        Ok(0)
    })
}

/// Set a context option.
///
/// # Safety
/// `ctx` is NULL or a context pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_ctx_set(ctx: *mut c_void, option: c_int, optval: c_int) -> c_int {
    ffi_boundary!(zmq_ctx_set, {
        // SAFETY: forwarded contract.
        unsafe { context(ctx) }?.set(option, optval)?;
        Ok(0)
    })
}

/// Read a context option.
///
/// # Safety
/// `ctx` is NULL or a context pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_ctx_get(ctx: *mut c_void, option: c_int) -> c_int {
    ffi_boundary!(zmq_ctx_get, {
        // SAFETY: forwarded contract.
        unsafe { context(ctx) }?.get(option)
    })
}

/// Set a context option from a buffer (draft).
///
/// # Safety
/// `ctx` is NULL or a context pointer; `optval` is NULL or valid for `optvallen` bytes.
#[cfg(feature = "draft")]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_ctx_set_ext(
    ctx: *mut c_void,
    option: c_int,
    optval: *const c_void,
    optvallen: size_t,
) -> c_int {
    ffi_boundary!(zmq_ctx_set_ext, {
        // SAFETY: forwarded contracts.
        let (ctx, value) = unsafe { (context(ctx)?, bytes_arg(optval, optvallen)?) };
        ctx.set_ext(option, value)?;
        Ok(0)
    })
}

/// Read a context option into a buffer (draft).
///
/// # Safety
/// `ctx` is NULL or a context pointer; `optvallen` is NULL or valid; `optval` is NULL
/// or valid for `*optvallen` bytes.
#[cfg(feature = "draft")]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_ctx_get_ext(
    ctx: *mut c_void,
    option: c_int,
    optval: *mut c_void,
    optvallen: *mut size_t,
) -> c_int {
    ffi_boundary!(zmq_ctx_get_ext, {
        // SAFETY: forwarded contract.
        let ctx = unsafe { context(ctx) }?;
        if optvallen.is_null() {
            return Err(Error::Invalid);
        }
        // SAFETY: checked non-NULL; valid by contract; `optval` valid for that length.
        let out = unsafe { bytes_arg_mut(optval, *optvallen)? };
        let written = ctx.get_ext(option, out)?;
        // SAFETY: as above.
        unsafe { *optvallen = written };
        Ok(0)
    })
}

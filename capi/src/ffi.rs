//! The shape every export shares: the panic boundary and the errno plumbing.
//!
//! Each `extern "C"` body runs inside `ffi_boundary!`. The body returns a
//! `Result<T, Error>`; an `Err` becomes the function's failure value (`-1`, `NULL`…)
//! with `errno` set, and a panic is caught, reported once on stderr and turned into
//! `EFAULT`-style failure instead of unwinding into C.

use oxzmq::Error;
use std::sync::atomic::{AtomicBool, Ordering};

/// Set the calling thread's C `errno`: `zmq_errno()` and C callers read it.
pub fn set_errno(code: i32) {
    // SAFETY: `__errno_location` returns the calling thread's errno slot, valid for the
    // thread's whole life; writing an int to it is what C's `errno = x` does.
    unsafe { *libc::__errno_location() = code };
}

/// The calling thread's C `errno`.
pub fn errno() -> i32 {
    // SAFETY: as in `set_errno`, the slot is valid for this thread.
    unsafe { *libc::__errno_location() }
}

/// The value a C function returns when it fails.
pub trait FailureValue {
    /// `-1`, `NULL`, `0`… as the libzmq function does.
    fn failure() -> Self;
}

impl FailureValue for i32 {
    fn failure() -> Self {
        -1
    }
}
impl FailureValue for i64 {
    fn failure() -> Self {
        -1
    }
}
impl FailureValue for u32 {
    fn failure() -> Self {
        0
    }
}
impl FailureValue for usize {
    fn failure() -> Self {
        0
    }
}
impl FailureValue for u64 {
    fn failure() -> Self {
        0
    }
}
impl FailureValue for () {
    fn failure() -> Self {}
}
impl<T> FailureValue for *mut T {
    fn failure() -> Self {
        std::ptr::null_mut()
    }
}
impl<T> FailureValue for *const T {
    fn failure() -> Self {
        std::ptr::null()
    }
}

/// Report a caught panic once per process; later ones only set errno.
pub fn report_panic(function: &str) {
    static REPORTED: AtomicBool = AtomicBool::new(false);
    if !REPORTED.swap(true, Ordering::Relaxed) {
        eprintln!("oxzmq: internal error (panic) in {function}; the call failed with EFAULT");
    }
}

/// Turn the outcome of an export's body into its C return value, setting errno on failure.
/// Inlined into every export: the success path is one branch.
#[inline(always)]
pub fn finish<T: FailureValue>(outcome: std::thread::Result<Result<T, Error>>, name: &str) -> T {
    match outcome {
        Ok(Ok(value)) => value,
        Ok(Err(err)) => fail(err),
        Err(_) => panicked(name),
    }
}

#[cold]
#[inline(never)]
fn fail<T: FailureValue>(err: Error) -> T {
    set_errno(err.errno());
    T::failure()
}

#[cold]
#[inline(never)]
fn panicked<T: FailureValue>(name: &str) -> T {
    report_panic(name);
    set_errno(libc::EFAULT);
    T::failure()
}

/// Run an export's body behind the panic boundary.
///
/// `ffi_boundary!(zmq_foo, { ...; Ok(value) })`: the block evaluates to
/// `Result<T, oxzmq::Error>`; `?` works inside it.
#[macro_export]
macro_rules! ffi_boundary {
    ($name:ident, $body:block) => {{
        let outcome = ::std::panic::catch_unwind(::std::panic::AssertUnwindSafe(
            || -> ::std::result::Result<_, ::oxzmq::Error> { $body },
        ));
        $crate::ffi::finish(outcome, stringify!($name))
    }};
}

/// Borrow a C string argument as `&str`, refusing NULL and non-UTF-8 with `EINVAL`.
///
/// # Safety
/// `ptr` is NULL or points to a NUL-terminated string that outlives `'a`.
pub unsafe fn str_arg<'a>(ptr: *const libc::c_char) -> Result<&'a str, Error> {
    if ptr.is_null() {
        return Err(Error::Invalid);
    }
    // SAFETY: non-NULL and NUL-terminated by the caller's contract.
    let cstr = unsafe { std::ffi::CStr::from_ptr(ptr) };
    cstr.to_str().map_err(|_| Error::Invalid)
}

/// Borrow `len` bytes at `ptr`; NULL is accepted only when `len` is 0.
///
/// # Safety
/// `ptr` is NULL or valid for reads of `len` bytes for `'a`.
pub unsafe fn bytes_arg<'a>(ptr: *const libc::c_void, len: usize) -> Result<&'a [u8], Error> {
    if len == 0 {
        return Ok(&[]);
    }
    if ptr.is_null() {
        return Err(Error::Invalid);
    }
    // SAFETY: non-NULL and valid for `len` bytes by the caller's contract.
    Ok(unsafe { std::slice::from_raw_parts(ptr.cast::<u8>(), len) })
}

/// Borrow `len` writable bytes at `ptr`; NULL is accepted only when `len` is 0.
///
/// # Safety
/// `ptr` is NULL or valid for writes of `len` bytes for `'a`, not aliased meanwhile.
pub unsafe fn bytes_arg_mut<'a>(ptr: *mut libc::c_void, len: usize) -> Result<&'a mut [u8], Error> {
    if len == 0 {
        return Ok(&mut []);
    }
    if ptr.is_null() {
        return Err(Error::Invalid);
    }
    // SAFETY: non-NULL and valid for `len` writable bytes by the caller's contract.
    Ok(unsafe { std::slice::from_raw_parts_mut(ptr.cast::<u8>(), len) })
}

//! `zmq_atomic_counter_*`: a thread-safe integer behind a `void *`.
//!
//! The return values follow libzmq (and its man pages), which are not symmetric:
//! `inc` returns the value *before* the increment, `dec` returns 1 if the value after
//! the decrement is non-zero and 0 if it reached zero. Arithmetic wraps like the C
//! `int` it stands for.

use std::sync::atomic::{AtomicI32, Ordering};

use libc::{c_int, c_void};

use oxzmq::Error;

use super::tagged::{self, TAG_COUNTER};
use crate::ffi_boundary;

/// The counter at `counter`, or `EFAULT`.
///
/// # Safety
/// As [`tagged::borrow`].
unsafe fn counter_arg<'a>(counter: *mut c_void) -> Result<&'a AtomicI32, Error> {
    // SAFETY: forwarded contract.
    let object = unsafe { tagged::borrow::<AtomicI32>(counter, TAG_COUNTER) };
    object.map(|o| &o.value).ok_or(Error::Fault)
}

/// Make a new counter, starting at 0.
///
/// # Safety
/// Always safe; `unsafe` only for uniformity with the other exports.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_atomic_counter_new() -> *mut c_void {
    ffi_boundary!(zmq_atomic_counter_new, {
        Ok(tagged::into_handle(TAG_COUNTER, AtomicI32::new(0)))
    })
}

/// Set the counter to `value`. A NULL or foreign handle sets `errno` to `EFAULT`.
///
/// # Safety
/// `counter` is NULL or a live counter from [`zmq_atomic_counter_new`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_atomic_counter_set(counter: *mut c_void, value: c_int) {
    ffi_boundary!(zmq_atomic_counter_set, {
        // SAFETY: forwarded contract.
        unsafe { counter_arg(counter)? }.store(value, Ordering::Release);
        Ok(())
    })
}

/// Add 1; returns the value before the increment (-1 with `EFAULT` on a bad handle).
///
/// # Safety
/// As [`zmq_atomic_counter_set`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_atomic_counter_inc(counter: *mut c_void) -> c_int {
    ffi_boundary!(zmq_atomic_counter_inc, {
        // SAFETY: forwarded contract.
        Ok(unsafe { counter_arg(counter)? }.fetch_add(1, Ordering::AcqRel))
    })
}

/// Subtract 1; returns 1 if the counter is still non-zero, 0 if it reached zero
/// (-1 with `EFAULT` on a bad handle).
///
/// # Safety
/// As [`zmq_atomic_counter_set`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_atomic_counter_dec(counter: *mut c_void) -> c_int {
    ffi_boundary!(zmq_atomic_counter_dec, {
        // SAFETY: forwarded contract.
        let before = unsafe { counter_arg(counter)? }.fetch_sub(1, Ordering::AcqRel);
        Ok(c_int::from(before.wrapping_sub(1) != 0))
    })
}

/// The counter's value (-1 with `EFAULT` on a bad handle).
///
/// # Safety
/// As [`zmq_atomic_counter_set`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_atomic_counter_value(counter: *mut c_void) -> c_int {
    ffi_boundary!(zmq_atomic_counter_value, {
        // SAFETY: forwarded contract.
        Ok(unsafe { counter_arg(counter)? }.load(Ordering::Acquire))
    })
}

/// Free the counter at `*counter_p` and set `*counter_p` to NULL. A NULL `*counter_p`
/// is a no-op (as deleting NULL is in libzmq); a NULL `counter_p` or a foreign handle
/// sets `errno` to `EFAULT` and frees nothing.
///
/// # Safety
/// `counter_p` is NULL or points to a `void *` that is NULL or a counter no other
/// thread uses any more.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_atomic_counter_destroy(counter_p: *mut *mut c_void) {
    ffi_boundary!(zmq_atomic_counter_destroy, {
        if counter_p.is_null() {
            return Err(Error::Fault);
        }
        // SAFETY: `counter_p` is a valid `void **` by the caller's contract.
        let counter = unsafe { *counter_p };
        if counter.is_null() {
            return Ok(());
        }
        // SAFETY: forwarded contract; nobody else uses the counter.
        unsafe { tagged::take::<AtomicI32>(counter, TAG_COUNTER) }.ok_or(Error::Fault)?;
        // SAFETY: as above.
        unsafe { *counter_p = std::ptr::null_mut() };
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ffi;

    #[test]
    fn the_man_page_sequence() {
        // SAFETY: one live counter, used by this thread only.
        unsafe {
            let mut counter = zmq_atomic_counter_new();
            assert!(!counter.is_null());
            assert_eq!(zmq_atomic_counter_value(counter), 0);
            assert_eq!(zmq_atomic_counter_inc(counter), 0);
            assert_eq!(zmq_atomic_counter_inc(counter), 1);
            assert_eq!(zmq_atomic_counter_inc(counter), 2);
            assert_eq!(zmq_atomic_counter_value(counter), 3);
            assert_eq!(zmq_atomic_counter_dec(counter), 1);
            assert_eq!(zmq_atomic_counter_dec(counter), 1);
            assert_eq!(zmq_atomic_counter_dec(counter), 0);
            zmq_atomic_counter_set(counter, 2);
            assert_eq!(zmq_atomic_counter_dec(counter), 1);
            assert_eq!(zmq_atomic_counter_dec(counter), 0);
            zmq_atomic_counter_destroy(&mut counter);
            assert!(counter.is_null());
        }
    }

    #[test]
    fn below_zero_and_past_int_max_behave_like_libzmq() {
        // SAFETY: one live counter, used by this thread only.
        unsafe {
            let mut counter = zmq_atomic_counter_new();
            // 0 - 1 is -1, which is not zero: libzmq answers 1.
            assert_eq!(zmq_atomic_counter_dec(counter), 1);
            assert_eq!(zmq_atomic_counter_value(counter), -1);
            zmq_atomic_counter_set(counter, c_int::MAX);
            assert_eq!(zmq_atomic_counter_inc(counter), c_int::MAX);
            assert_eq!(zmq_atomic_counter_value(counter), c_int::MIN);
            zmq_atomic_counter_destroy(&mut counter);
        }
    }

    #[test]
    fn counts_from_many_threads_add_up() {
        // SAFETY: the counter outlives the scoped threads; it is atomic.
        unsafe {
            let mut counter = zmq_atomic_counter_new();
            let shared = counter as usize;
            std::thread::scope(|scope| {
                for _ in 0..2 {
                    scope.spawn(move || {
                        for _ in 0..1000 {
                            zmq_atomic_counter_inc(shared as *mut c_void);
                        }
                    });
                }
            });
            assert_eq!(zmq_atomic_counter_value(counter), 2000);
            zmq_atomic_counter_destroy(&mut counter);
        }
    }

    #[test]
    fn null_and_foreign_handles_are_refused() {
        let mut not_a_counter: u64 = 0;
        let foreign = (&mut not_a_counter as *mut u64).cast::<c_void>();
        // SAFETY: NULL is allowed; `foreign` points to a readable, aligned word.
        unsafe {
            ffi::set_errno(0);
            assert_eq!(zmq_atomic_counter_inc(std::ptr::null_mut()), -1);
            assert_eq!(ffi::errno(), libc::EFAULT);
            ffi::set_errno(0);
            assert_eq!(zmq_atomic_counter_value(foreign), -1);
            assert_eq!(ffi::errno(), libc::EFAULT);
            zmq_atomic_counter_set(std::ptr::null_mut(), 5);
            ffi::set_errno(0);
            zmq_atomic_counter_destroy(std::ptr::null_mut());
            assert_eq!(ffi::errno(), libc::EFAULT);
            ffi::set_errno(0);
            let mut none: *mut c_void = std::ptr::null_mut();
            zmq_atomic_counter_destroy(&mut none);
            assert_eq!(ffi::errno(), 0);
            let mut wrong = foreign;
            zmq_atomic_counter_destroy(&mut wrong);
            assert_eq!(ffi::errno(), libc::EFAULT);
            assert_eq!(wrong, foreign, "a foreign pointer is not freed nor cleared");
        }
    }
}

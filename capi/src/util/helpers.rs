//! The undocumented helpers of `zmq.h` that perf tools use: stopwatches, `zmq_sleep`
//! and plain threads (`zmq_threadstart`/`zmq_threadclose`).
//!
//! Threads are created with `pthread_create` and default attributes, as libzmq does, so
//! a C thread body gets the stack size C programs expect; like libzmq's threads they
//! start with every signal blocked, leaving signal handling to the program's own threads.

use std::time::{Duration, Instant};

use libc::{c_int, c_ulong, c_void};

use oxzmq::Error;

use super::tagged::{self, TAG_STOPWATCH, TAG_THREAD};
use crate::ffi_boundary;
use crate::types::zmq_thread_fn;

/// Start a stopwatch; free it with [`zmq_stopwatch_stop`].
///
/// # Safety
/// Always safe; `unsafe` only for uniformity with the other exports.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_stopwatch_start() -> *mut c_void {
    ffi_boundary!(zmq_stopwatch_start, {
        Ok(tagged::into_handle(TAG_STOPWATCH, Instant::now()))
    })
}

/// Microseconds since `start`, saturating at `c_ulong::MAX`.
fn micros_since(start: Instant) -> c_ulong {
    c_ulong::try_from(start.elapsed().as_micros()).unwrap_or(c_ulong::MAX)
}

/// Microseconds since the stopwatch started; it keeps running.
/// 0 with `errno` `EFAULT` for a NULL or foreign handle.
///
/// # Safety
/// `watch` is NULL or a live stopwatch from [`zmq_stopwatch_start`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_stopwatch_intermediate(watch: *mut c_void) -> c_ulong {
    ffi_boundary!(zmq_stopwatch_intermediate, {
        // SAFETY: forwarded contract.
        let object = unsafe { tagged::borrow::<Instant>(watch, TAG_STOPWATCH) };
        Ok(micros_since(object.ok_or(Error::Fault)?.value))
    })
}

/// Microseconds since the stopwatch started; frees it.
/// 0 with `errno` `EFAULT` for a NULL or foreign handle.
///
/// # Safety
/// As [`zmq_stopwatch_intermediate`]; `watch` is not used again.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_stopwatch_stop(watch: *mut c_void) -> c_ulong {
    ffi_boundary!(zmq_stopwatch_stop, {
        // SAFETY: forwarded contract.
        let start = unsafe { tagged::take::<Instant>(watch, TAG_STOPWATCH) };
        Ok(micros_since(start.ok_or(Error::Fault)?))
    })
}

/// Sleep for `seconds` seconds; zero or negative returns at once.
///
/// # Safety
/// Always safe; `unsafe` only for uniformity with the other exports.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_sleep(seconds: c_int) {
    ffi_boundary!(zmq_sleep, {
        std::thread::sleep(Duration::from_secs(u64::try_from(seconds).unwrap_or(0)));
        Ok(())
    })
}

/// What a new thread needs to start: the C body and its argument.
struct ThreadStart {
    body: unsafe extern "C" fn(*mut c_void),
    arg: *mut c_void,
}

/// The first Rust frame of a `zmq_threadstart` thread.
extern "C" fn thread_main(start: *mut c_void) -> *mut c_void {
    // SAFETY: `zmq_threadstart` passes a `Box<ThreadStart>` it gave up ownership of.
    let start = unsafe { Box::from_raw(start.cast::<ThreadStart>()) };
    let ThreadStart { body, arg } = *start;
    // SAFETY: `sigset_t` is plain data that `sigfillset` initialises; blocking signals
    // in the calling thread has no memory-safety effect.
    unsafe {
        let mut all_signals: libc::sigset_t = std::mem::zeroed();
        libc::sigfillset(&mut all_signals);
        libc::pthread_sigmask(libc::SIG_BLOCK, &all_signals, std::ptr::null_mut());
    }
    // SAFETY: the caller of `zmq_threadstart` vouches that `body(arg)` may run here.
    unsafe { body(arg) };
    std::ptr::null_mut()
}

/// Start a thread running `func(arg)`; wait for it and free it with
/// [`zmq_threadclose`]. NULL with `errno` `EINVAL` for a NULL `func`, or the
/// `pthread_create` error (`EAGAIN`...) where libzmq would abort.
///
/// # Safety
/// `func` may be called with `arg` on another thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_threadstart(func: zmq_thread_fn, arg: *mut c_void) -> *mut c_void {
    ffi_boundary!(zmq_threadstart, {
        let body = func.ok_or(Error::Invalid)?;
        let start = Box::into_raw(Box::new(ThreadStart { body, arg }));
        // SAFETY: `pthread_t` is an integer on Linux; zero is a fine placeholder.
        let mut thread: libc::pthread_t = unsafe { std::mem::zeroed() };
        // SAFETY: `thread` is writable; NULL attributes mean defaults; `thread_main`
        // takes ownership of `start` when the thread is created.
        let rc = unsafe {
            libc::pthread_create(&mut thread, std::ptr::null(), thread_main, start.cast())
        };
        if rc != 0 {
            // SAFETY: no thread was created, so `start` is still ours.
            drop(unsafe { Box::from_raw(start) });
            return Err(Error::from_errno(rc));
        }
        Ok(tagged::into_handle(TAG_THREAD, thread))
    })
}

/// Wait for the thread to finish and free its handle. A NULL or foreign handle sets
/// `errno` to `EFAULT` and waits for nothing.
///
/// # Safety
/// `thread` is NULL or a handle from [`zmq_threadstart`] not yet closed; it is not
/// used again.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_threadclose(thread: *mut c_void) {
    ffi_boundary!(zmq_threadclose, {
        // SAFETY: forwarded contract.
        let id = unsafe { tagged::take::<libc::pthread_t>(thread, TAG_THREAD) };
        let id = id.ok_or(Error::Fault)?;
        // SAFETY: `id` is a joinable thread from `pthread_create`, joined only here.
        let rc = unsafe { libc::pthread_join(id, std::ptr::null_mut()) };
        if rc != 0 {
            return Err(Error::from_errno(rc));
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ffi;

    #[test]
    fn a_stopwatch_counts_up_and_stops() {
        // SAFETY: one live stopwatch, stopped once.
        unsafe {
            let watch = zmq_stopwatch_start();
            assert!(!watch.is_null());
            let first = zmq_stopwatch_intermediate(watch);
            let second = zmq_stopwatch_intermediate(watch);
            assert!(second >= first);
            assert!(zmq_stopwatch_stop(watch) >= second);
        }
    }

    #[test]
    fn bad_stopwatches_read_zero_with_efault() {
        let mut not_a_watch: u64 = 0;
        let foreign = (&mut not_a_watch as *mut u64).cast::<c_void>();
        // SAFETY: NULL is allowed; `foreign` is a readable, aligned word.
        unsafe {
            ffi::set_errno(0);
            assert_eq!(zmq_stopwatch_intermediate(std::ptr::null_mut()), 0);
            assert_eq!(ffi::errno(), libc::EFAULT);
            ffi::set_errno(0);
            assert_eq!(zmq_stopwatch_stop(foreign), 0);
            assert_eq!(ffi::errno(), libc::EFAULT);
        }
    }

    #[test]
    fn non_positive_sleeps_return_at_once() {
        let start = Instant::now();
        // SAFETY: always safe.
        unsafe {
            zmq_sleep(0);
            zmq_sleep(-5);
        }
        assert!(start.elapsed() < Duration::from_secs(1));
    }

    /// What the test thread body saw.
    #[derive(Default)]
    struct Report {
        ran: bool,
        interrupt_blocked: bool,
    }

    unsafe extern "C" fn record(arg: *mut c_void) {
        // SAFETY: the test passes a `Report` it does not touch until the join.
        let report = unsafe { &mut *arg.cast::<Report>() };
        report.ran = true;
        // SAFETY: querying the calling thread's mask into a zeroed `sigset_t`.
        unsafe {
            let mut mask: libc::sigset_t = std::mem::zeroed();
            libc::pthread_sigmask(libc::SIG_BLOCK, std::ptr::null(), &mut mask);
            report.interrupt_blocked = libc::sigismember(&mask, libc::SIGINT) == 1;
        }
    }

    #[test]
    fn a_thread_runs_its_body_with_signals_blocked_and_is_joined() {
        let mut report = Report::default();
        // SAFETY: `report` outlives the thread, which is joined before it is read.
        unsafe {
            let thread = zmq_threadstart(Some(record), (&mut report as *mut Report).cast());
            assert!(!thread.is_null());
            zmq_threadclose(thread);
        }
        assert!(report.ran);
        assert!(report.interrupt_blocked);
    }

    #[test]
    fn null_bodies_and_handles_are_refused() {
        // SAFETY: NULL arguments are allowed.
        unsafe {
            ffi::set_errno(0);
            assert!(zmq_threadstart(None, std::ptr::null_mut()).is_null());
            assert_eq!(ffi::errno(), libc::EINVAL);
            ffi::set_errno(0);
            zmq_threadclose(std::ptr::null_mut());
            assert_eq!(ffi::errno(), libc::EFAULT);
        }
    }
}

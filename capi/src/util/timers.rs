//! `zmq_timers_*`: the engine's timer set ([`oxzmq::util::timers`]) behind a `void *`.
//!
//! A C handler is a `zmq_timer_fn` plus its `void *arg`, wrapped in a closure. Handlers
//! commonly call back into the same set (to cancel themselves, add or reset timers);
//! the engine set is built for that, and each call here takes only a shared borrow of
//! it, so re-entry is sound. Destroying the set from inside one of its own handlers
//! would free it under the running `zmq_timers_execute`: that is refused with `EFAULT`
//! (libzmq would crash), and the set stays usable.
//!
//! These functions are stable in libzmq 4.3.5 (`ZMQ_HAVE_TIMERS`), not draft.

use libc::{c_int, c_long, c_void};

use oxzmq::Error;
use oxzmq::util::timers::Timers;

use super::tagged::{self, TAG_TIMERS};
use crate::ffi_boundary;
use crate::types::zmq_timer_fn;

/// The engine set with C handlers.
type CTimers = Timers<Box<dyn FnMut(i32)>>;

/// The set at `timers`, or `EFAULT`.
///
/// # Safety
/// As [`tagged::borrow`]; and the set is not destroyed during `'a`.
unsafe fn timers_arg<'a>(timers: *mut c_void) -> Result<&'a CTimers, Error> {
    // SAFETY: forwarded contract.
    let object = unsafe { tagged::borrow::<CTimers>(timers, TAG_TIMERS) };
    object.map(|o| &o.value).ok_or(Error::Fault)
}

/// Make a new, empty timer set.
///
/// # Safety
/// Always safe; `unsafe` only for uniformity with the other exports.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_timers_new() -> *mut c_void {
    ffi_boundary!(zmq_timers_new, {
        Ok(tagged::into_handle(TAG_TIMERS, CTimers::new()))
    })
}

/// Free the set at `*timers_p` and set `*timers_p` to NULL. `EFAULT` for a NULL or
/// foreign handle, or when called from one of the set's own handlers.
///
/// # Safety
/// `timers_p` is NULL or points to a `void *` that is NULL or a timer set handle; the
/// set is not used again once destroyed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_timers_destroy(timers_p: *mut *mut c_void) -> c_int {
    ffi_boundary!(zmq_timers_destroy, {
        if timers_p.is_null() {
            return Err(Error::Fault);
        }
        // SAFETY: `timers_p` is a valid `void **` by the caller's contract.
        let timers = unsafe { *timers_p };
        // SAFETY: forwarded contract.
        if unsafe { timers_arg(timers)? }.is_executing() {
            return Err(Error::Fault);
        }
        // SAFETY: not executing, so no other reference to the set is in use.
        unsafe { tagged::take::<CTimers>(timers, TAG_TIMERS) }.ok_or(Error::Fault)?;
        // SAFETY: as above.
        unsafe { *timers_p = std::ptr::null_mut() };
        Ok(0)
    })
}

/// Add a timer calling `handler(id, arg)` every `interval` ms; returns its id (> 0).
/// `EFAULT` for a bad set or a NULL handler, as libzmq.
///
/// # Safety
/// `timers` is NULL or a set handle; `handler` may be called with `arg` from
/// [`zmq_timers_execute`] on this set for as long as the timer lives.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_timers_add(
    timers: *mut c_void,
    interval: usize,
    handler: zmq_timer_fn,
    arg: *mut c_void,
) -> c_int {
    ffi_boundary!(zmq_timers_add, {
        // SAFETY: forwarded contract.
        let set = unsafe { timers_arg(timers)? };
        let handler = handler.ok_or(Error::Fault)?;
        // SAFETY: the caller vouched that `handler(id, arg)` may run from execute.
        let call: Box<dyn FnMut(i32)> = Box::new(move |id| unsafe { handler(id, arg) });
        Ok(set.add(interval as u64, call))
    })
}

/// Cancel timer `timer_id`; `EINVAL` if there is no such timer (or it was cancelled).
///
/// # Safety
/// `timers` is NULL or a set handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_timers_cancel(timers: *mut c_void, timer_id: c_int) -> c_int {
    ffi_boundary!(zmq_timers_cancel, {
        // SAFETY: forwarded contract.
        unsafe { timers_arg(timers)? }.cancel(timer_id)?;
        Ok(0)
    })
}

/// Give timer `timer_id` a new interval, counted from now; `EINVAL` for no such timer.
///
/// # Safety
/// `timers` is NULL or a set handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_timers_set_interval(
    timers: *mut c_void,
    timer_id: c_int,
    interval: usize,
) -> c_int {
    ffi_boundary!(zmq_timers_set_interval, {
        // SAFETY: forwarded contract.
        unsafe { timers_arg(timers)? }.set_interval(timer_id, interval as u64)?;
        Ok(0)
    })
}

/// Restart timer `timer_id` from now; `EINVAL` for no such timer.
///
/// # Safety
/// `timers` is NULL or a set handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_timers_reset(timers: *mut c_void, timer_id: c_int) -> c_int {
    ffi_boundary!(zmq_timers_reset, {
        // SAFETY: forwarded contract.
        unsafe { timers_arg(timers)? }.reset(timer_id)?;
        Ok(0)
    })
}

/// Milliseconds until the next timer is due: 0 if one is due, -1 (errno untouched) if
/// there are no timers; -1 with `EFAULT` for a bad set.
///
/// # Safety
/// `timers` is NULL or a set handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_timers_timeout(timers: *mut c_void) -> c_long {
    ffi_boundary!(zmq_timers_timeout, {
        // SAFETY: forwarded contract.
        Ok(unsafe { timers_arg(timers)? }.timeout())
    })
}

/// Run the handlers of every due timer.
///
/// # Safety
/// `timers` is NULL or a set handle; the handlers' own contracts hold.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_timers_execute(timers: *mut c_void) -> c_int {
    ffi_boundary!(zmq_timers_execute, {
        // SAFETY: forwarded contract; the set cannot be destroyed while it executes.
        unsafe { timers_arg(timers)? }.execute();
        Ok(0)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ffi;

    /// What the test handler sees: the set it runs in and how often it ran.
    struct Probe {
        timers: *mut c_void,
        calls: c_int,
        last_id: c_int,
        cancel_self: bool,
        destroy_refused: bool,
    }

    unsafe extern "C" fn on_timer(timer_id: c_int, arg: *mut c_void) {
        // SAFETY: the tests pass a `Probe` that outlives the set.
        let probe = unsafe { &mut *arg.cast::<Probe>() };
        probe.calls += 1;
        probe.last_id = timer_id;
        // SAFETY: re-entering the set from its own handler is supported.
        unsafe {
            let mut handle = probe.timers;
            probe.destroy_refused = zmq_timers_destroy(&mut handle) == -1
                && ffi::errno() == libc::EFAULT
                && handle == probe.timers;
            if probe.cancel_self {
                assert_eq!(zmq_timers_cancel(probe.timers, timer_id), 0);
            }
        }
    }

    fn probe(timers: *mut c_void, cancel_self: bool) -> Probe {
        Probe {
            timers,
            calls: 0,
            last_id: 0,
            cancel_self,
            destroy_refused: false,
        }
    }

    #[test]
    fn add_execute_cancel_with_a_zero_interval() {
        // SAFETY: one live set; the probe outlives it.
        unsafe {
            let mut timers = zmq_timers_new();
            assert!(!timers.is_null());
            assert_eq!(zmq_timers_timeout(timers), -1);
            let mut probe = probe(timers, false);
            let arg = (&mut probe as *mut Probe).cast();
            let id = zmq_timers_add(timers, 0, Some(on_timer), arg);
            assert!(id > 0);
            assert_eq!(zmq_timers_timeout(timers), 0);
            assert_eq!(zmq_timers_execute(timers), 0);
            assert_eq!((probe.calls, probe.last_id), (1, id));
            assert!(probe.destroy_refused);
            assert_eq!(zmq_timers_cancel(timers, id), 0);
            assert_eq!(zmq_timers_execute(timers), 0);
            assert_eq!(probe.calls, 1);
            assert_eq!(zmq_timers_timeout(timers), -1);
            assert_eq!(zmq_timers_destroy(&mut timers), 0);
            assert!(timers.is_null());
        }
    }

    #[test]
    fn a_c_handler_may_cancel_itself() {
        // SAFETY: one live set; the probe outlives it.
        unsafe {
            let mut timers = zmq_timers_new();
            let mut probe = probe(timers, true);
            let arg = (&mut probe as *mut Probe).cast();
            let id = zmq_timers_add(timers, 0, Some(on_timer), arg);
            assert_eq!(zmq_timers_execute(timers), 0);
            assert_eq!(zmq_timers_execute(timers), 0);
            assert_eq!(probe.calls, 1);
            ffi::set_errno(0);
            assert_eq!(zmq_timers_cancel(timers, id), -1);
            assert_eq!(ffi::errno(), libc::EINVAL);
            assert_eq!(zmq_timers_destroy(&mut timers), 0);
        }
    }

    #[test]
    fn unknown_ids_fail_with_einval_and_intervals_apply() {
        // SAFETY: one live set; the probe outlives it.
        unsafe {
            let mut timers = zmq_timers_new();
            for rc in [
                zmq_timers_cancel(timers, 1),
                zmq_timers_set_interval(timers, 1, 10),
                zmq_timers_reset(timers, 1),
            ] {
                assert_eq!(rc, -1);
                assert_eq!(ffi::errno(), libc::EINVAL);
            }
            let mut probe = probe(timers, false);
            let arg = (&mut probe as *mut Probe).cast();
            let id = zmq_timers_add(timers, 0, Some(on_timer), arg);
            // An hour away: not due, and the timeout says so.
            assert_eq!(zmq_timers_set_interval(timers, id, 3_600_000), 0);
            assert!(zmq_timers_timeout(timers) > 3_500_000);
            assert_eq!(zmq_timers_reset(timers, id), 0);
            assert_eq!(zmq_timers_execute(timers), 0);
            assert_eq!(probe.calls, 0);
            assert_eq!(zmq_timers_destroy(&mut timers), 0);
        }
    }

    #[test]
    fn bad_sets_and_null_handlers_fail_with_efault() {
        let null = std::ptr::null_mut();
        // SAFETY: NULL handles are allowed; the set is live.
        unsafe {
            let mut timers = zmq_timers_new();
            ffi::set_errno(0);
            assert_eq!(zmq_timers_add(timers, 10, None, null), -1);
            assert_eq!(ffi::errno(), libc::EFAULT);
            assert_eq!(zmq_timers_add(null, 10, Some(on_timer), null), -1);
            assert_eq!(zmq_timers_timeout(null), -1);
            assert_eq!(zmq_timers_execute(null), -1);
            assert_eq!(zmq_timers_cancel(null, 1), -1);
            assert_eq!(ffi::errno(), libc::EFAULT);
            assert_eq!(zmq_timers_destroy(&mut timers), 0);
            ffi::set_errno(0);
            assert_eq!(zmq_timers_destroy(&mut timers), -1);
            assert_eq!(ffi::errno(), libc::EFAULT);
            assert_eq!(zmq_timers_destroy(std::ptr::null_mut()), -1);
        }
    }
}

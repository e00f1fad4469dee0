//! Scheduling settings for the context's background threads, applied by the thread to
//! itself (`ZMQ_THREAD_SCHED_POLICY`, `ZMQ_THREAD_PRIORITY`, `ZMQ_THREAD_AFFINITY_CPU_*`).

use std::io;

use crate::ctx::options::CtxOptions;
use crate::error::Result;

/// Apply the context's settings to the calling thread. -1 (the default) leaves the
/// policy or priority alone; an empty CPU list leaves the affinity alone.
pub fn apply_scheduling(options: &CtxOptions) -> Result<()> {
    if options.thread_sched_policy >= 0 || options.thread_priority >= 0 {
        let mut policy = 0;
        // SAFETY: zeroed sched_param is a valid value; both out-pointers are live.
        let mut param: libc::sched_param = unsafe { std::mem::zeroed() };
        // SAFETY: pthread_self is always valid for the calling thread.
        let rc =
            unsafe { libc::pthread_getschedparam(libc::pthread_self(), &mut policy, &mut param) };
        if rc != 0 {
            return Err(io::Error::from_raw_os_error(rc).into());
        }
        if options.thread_sched_policy >= 0 {
            policy = options.thread_sched_policy;
        }
        if options.thread_priority >= 0 {
            param.sched_priority = options.thread_priority;
        }
        // SAFETY: a valid thread handle and a live sched_param.
        let rc = unsafe { libc::pthread_setschedparam(libc::pthread_self(), policy, &param) };
        if rc != 0 {
            return Err(io::Error::from_raw_os_error(rc).into());
        }
    }
    if !options.thread_affinity.is_empty() {
        // SAFETY: a zeroed cpu_set_t is the empty set.
        let mut set: libc::cpu_set_t = unsafe { std::mem::zeroed() };
        for &cpu in &options.thread_affinity {
            if (0..libc::CPU_SETSIZE).contains(&cpu) {
                // SAFETY: `cpu` is within the set's size, checked above.
                unsafe { libc::CPU_SET(cpu as usize, &mut set) };
            }
        }
        // SAFETY: pid 0 is the calling thread; the set is live and its size is given.
        let rc = unsafe { libc::sched_setaffinity(0, size_of::<libc::cpu_set_t>(), &set) };
        if rc != 0 {
            return Err(io::Error::last_os_error().into());
        }
    }
    Ok(())
}

/// CPU time used so far by all threads of this process (`CLOCK_PROCESS_CPUTIME_ID`);
/// zero if the clock cannot be read.
pub fn process_cpu_time() -> std::time::Duration {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a live, writable timespec; the clock id is a constant the
    // kernel knows. On failure `now` stays zero.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut now) };
    if rc != 0 {
        return std::time::Duration::ZERO;
    }
    std::time::Duration::new(
        now.tv_sec.max(0) as u64,
        now.tv_nsec.clamp(0, 999_999_999) as u32,
    )
}

#[cfg(test)]
mod cpu_time_tests {
    #[test]
    fn process_cpu_time_advances_with_work() {
        // Work until the clock has moved (however slowly this process is scheduled);
        // a clock that never moved would hang the test rather than pass it.
        let before = super::process_cpu_time();
        let mut x = 0u64;
        let mut after = before;
        while after <= before {
            for _ in 0..100_000 {
                x = x.wrapping_mul(31).wrapping_add(7);
                std::hint::black_box(x);
            }
            after = super::process_cpu_time();
        }
        assert!(after > before);
    }
}

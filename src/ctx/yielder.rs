//! Yielding the CPU to a peer thread, and noticing when that only feeds other tasks.
//!
//! A thread that waits for its peer (the socket's thread and the I/O thread of one
//! process, often pinned to one CPU together) yields rather than spin or sleep: the
//! peer then runs at once, fills or drains a batch, and neither pays a sleep and a
//! wake-up. But when unrelated busy tasks share the CPU, a yield hands one of them a
//! whole time slice (a millisecond or more), every yield of a loop another one, while
//! a thread asleep is woken, and scheduled ahead of them, the moment its peer signals.
//! So a yield that returns late, having given most of that time to tasks of other
//! processes (this process's own CPU time tells: a peer thread that ran a long batch
//! meanwhile is not contention), ends the yielding of that wait (even if what was
//! waited for came meanwhile: the peer may have had its turn too, but after another
//! task's whole slice), and when [`LATE_LIMIT`] of the last [`HISTORY`] yields were
//! late, the sign of a task that keeps the CPU busy rather than of passing load,
//! waits go to sleep at once for a while; then yields are tried again.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::sys::thread::process_cpu_time;

/// A yield whose time, less what this process used meanwhile, exceeds this handed the
/// CPU to another task for a long time (time slices are 0.7 ms and more).
const LATE: Duration = Duration::from_micros(250);
/// How many of the latest yields are remembered (bits of a `u32`).
const HISTORY: u32 = 16;
/// Late yields among the last [`HISTORY`] after which waits stop yielding.
const LATE_LIMIT: u32 = 3;
/// How long waits then stop yielding.
const BACK_OFF: Duration = Duration::from_millis(100);

/// The origin of the times kept in [`Yielder`].
fn epoch() -> Instant {
    static EPOCH: OnceLock<Instant> = OnceLock::new();
    *EPOCH.get_or_init(Instant::now)
}

fn nanos_since_epoch(at: Instant) -> u64 {
    u64::try_from(at.saturating_duration_since(epoch()).as_nanos()).unwrap_or(u64::MAX)
}

/// When a yield began, for [`Yielder::was_late`].
#[derive(Clone, Copy, Debug)]
pub struct YieldStart {
    wall: Instant,
    cpu: Duration,
}

/// One waiting thread's yield policy (atomic so that an owner behind `&self`, such as
/// a mailbox, can keep one; only its owner's thread uses it).
#[derive(Debug, Default)]
pub struct Yielder {
    /// Until when (nanoseconds since [`epoch`]) waits do not yield.
    quiet_until: AtomicU64,
    /// The latest yields, newest in bit 0: 1 for a late one.
    history: AtomicU32,
}

impl Yielder {
    /// A policy that yields until yielding proves useless.
    pub fn new() -> Yielder {
        Yielder::default()
    }

    /// Whether a wait may yield now (not while the CPU looks contended).
    #[inline]
    pub fn may_yield(&self) -> bool {
        let until = self.quiet_until.load(Ordering::Relaxed);
        until == 0 || nanos_since_epoch(Instant::now()) >= until
    }

    /// Yield the CPU once; returns when the yield began (wall clock and this
    /// process's CPU time), for [`Yielder::was_late`].
    #[inline]
    pub fn yield_now(&self) -> YieldStart {
        let start = YieldStart {
            wall: Instant::now(),
            cpu: process_cpu_time(),
        };
        std::thread::yield_now();
        start
    }

    /// Whether the yield begun at `start` was late: another task had the CPU for a
    /// long time. Then the wait should stop yielding; when [`LATE_LIMIT`] of the
    /// last [`HISTORY`] yields were late, waits sleep at once for a while.
    #[inline]
    pub fn was_late(&self, start: YieldStart) -> bool {
        let now = Instant::now();
        let elapsed = now.saturating_duration_since(start.wall);
        // Only the time that went to other processes counts.
        let late = elapsed >= LATE
            && elapsed.saturating_sub(process_cpu_time().saturating_sub(start.cpu)) >= LATE;
        let mask = (1u32 << HISTORY) - 1;
        let history = ((self.history.load(Ordering::Relaxed) << 1) | u32::from(late)) & mask;
        if history.count_ones() >= LATE_LIMIT {
            self.history.store(0, Ordering::Relaxed);
            self.quiet_until
                .store(nanos_since_epoch(now + BACK_OFF).max(1), Ordering::Relaxed);
        } else {
            self.history.store(history, Ordering::Relaxed);
        }
        late
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quick_yield_keeps_yielding_and_a_late_one_backs_off() {
        let yielder = Yielder::new();
        assert!(yielder.may_yield());
        let start = yielder.yield_now();
        // A yield that returned at once (measured from now) is no sign of contention.
        assert!(!yielder.was_late(yielder.yield_now()));
        assert!(yielder.may_yield());
        // One that began long ago, with none of the time used by this process, was
        // late; one whose time this process used (a peer's long batch) was not.
        let long_ago = YieldStart {
            wall: start.wall - LATE * 2,
            cpu: start.cpu,
        };
        let busy = YieldStart {
            wall: start.wall - LATE * 2,
            cpu: start.cpu.saturating_sub(LATE * 3),
        };
        assert!(!yielder.was_late(busy));
        // A late one ends this wait's yields; enough of them stop all waits from
        // yielding for a while.
        assert!(yielder.was_late(long_ago));
        assert!(yielder.may_yield(), "one late yield may be passing load");
        for _ in 0..HISTORY {
            assert!(!yielder.was_late(yielder.yield_now()));
        }
        for _ in 0..LATE_LIMIT - 1 {
            assert!(yielder.was_late(long_ago));
            assert!(!yielder.was_late(yielder.yield_now()));
            assert!(yielder.may_yield());
        }
        assert!(yielder.was_late(long_ago));
        assert!(!yielder.may_yield());
        // After the back-off, yields are tried again.
        yielder.quiet_until.store(
            nanos_since_epoch(Instant::now()).saturating_sub(1).max(1),
            Ordering::Relaxed,
        );
        assert!(yielder.may_yield());
    }
}

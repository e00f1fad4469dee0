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
        let used = process_cpu_time().saturating_sub(start.cpu);
        let late = is_late(elapsed, used);
        self.record(late, now);
        late
    }

    /// Remember one yield's verdict, made at `now`; back off after too many late ones.
    fn record(&self, late: bool, now: Instant) {
        let mask = (1u32 << HISTORY) - 1;
        let history = ((self.history.load(Ordering::Relaxed) << 1) | u32::from(late)) & mask;
        if history.count_ones() >= LATE_LIMIT {
            self.history.store(0, Ordering::Relaxed);
            self.quiet_until
                .store(nanos_since_epoch(now + BACK_OFF).max(1), Ordering::Relaxed);
        } else {
            self.history.store(history, Ordering::Relaxed);
        }
    }
}

/// The rule: a yield that took `elapsed` of wall time, while this process used `used`
/// of CPU time, was late if what went to other processes reaches [`LATE`].
fn is_late(elapsed: Duration, used: Duration) -> bool {
    elapsed.saturating_sub(used) >= LATE
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Made-up measurements, so that the verdicts do not depend on this machine's load.
    #[test]
    fn only_time_given_to_other_processes_makes_a_yield_late() {
        let quick = Duration::from_micros(5);
        assert!(!is_late(quick, Duration::ZERO));
        assert!(is_late(LATE * 2, Duration::ZERO));
        // A peer thread's long batch: this process used the time.
        assert!(!is_late(LATE * 2, LATE * 2));
        assert!(!is_late(LATE * 2, LATE + quick));
        assert!(is_late(LATE * 3, LATE));
    }

    #[test]
    fn enough_late_yields_among_the_last_ones_back_off_for_a_while() {
        let yielder = Yielder::new();
        let now = Instant::now();
        assert!(yielder.may_yield());
        // One late yield may be passing load.
        yielder.record(true, now);
        assert!(yielder.may_yield());
        // It is forgotten after HISTORY quick ones.
        for _ in 0..HISTORY {
            yielder.record(false, now);
        }
        for _ in 0..LATE_LIMIT - 1 {
            yielder.record(true, now);
            yielder.record(false, now);
            assert!(yielder.may_yield());
        }
        yielder.record(true, now);
        assert!(
            !yielder.may_yield(),
            "{LATE_LIMIT} late among the last {HISTORY}"
        );
        // After the back-off, yields are tried again.
        yielder.quiet_until.store(
            nanos_since_epoch(Instant::now()).saturating_sub(1).max(1),
            Ordering::Relaxed,
        );
        assert!(yielder.may_yield());
    }
}

//! Yielding the CPU to a peer thread, and noticing when that only feeds other tasks.
//!
//! A thread that waits for its peer (the socket's thread and the I/O thread of one
//! process, often pinned to one CPU together) yields rather than spin or sleep: the
//! peer then runs at once, fills or drains a batch, and neither pays a sleep and a
//! wake-up. But when unrelated busy tasks share the CPU, a yield hands one of them a
//! whole time slice (a millisecond or more), every yield of a loop another one, while
//! a thread asleep is woken, and scheduled ahead of them, the moment its peer signals.
//! So a yield that returns late ends the yielding of that wait (even if what was
//! waited for came meanwhile: the peer may have had its turn too, but after another
//! task's whole slice), and when [`LATE_LIMIT`] of the last [`HISTORY`] yields were
//! late, the sign of a task that keeps the CPU busy rather than of passing load,
//! waits go to sleep at once for a while; then yields are tried again.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// A yield that takes longer than this handed the CPU to someone for a long time
/// (time slices are 0.7 ms and more; a peer's batch takes tens of microseconds).
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

    /// Yield the CPU once; returns when the yield began, for [`Yielder::was_late`].
    #[inline]
    pub fn yield_now(&self) -> Instant {
        let start = Instant::now();
        std::thread::yield_now();
        start
    }

    /// Whether the yield begun at `start` was late: another task had the CPU for a
    /// long time. Then the wait should stop yielding; when [`LATE_LIMIT`] of the
    /// last [`HISTORY`] yields were late, waits sleep at once for a while.
    #[inline]
    pub fn was_late(&self, start: Instant) -> bool {
        let now = Instant::now();
        let late = now.saturating_duration_since(start) >= LATE;
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
        assert!(!yielder.was_late(Instant::now()));
        assert!(yielder.may_yield());
        // One that began long ago was late: this wait stops yielding; a streak of
        // them stops all waits from yielding for a while.
        assert!(yielder.was_late(start - LATE * 2));
        assert!(yielder.may_yield(), "one late yield may be passing load");
        for _ in 0..HISTORY {
            assert!(!yielder.was_late(Instant::now()));
        }
        for _ in 0..LATE_LIMIT - 1 {
            assert!(yielder.was_late(start - LATE * 2));
            assert!(!yielder.was_late(Instant::now()));
            assert!(yielder.may_yield());
        }
        assert!(yielder.was_late(start - LATE * 2));
        assert!(!yielder.may_yield());
        // After the back-off, yields are tried again.
        yielder.quiet_until.store(
            nanos_since_epoch(Instant::now()).saturating_sub(1).max(1),
            Ordering::Relaxed,
        );
        assert!(yielder.may_yield());
    }
}

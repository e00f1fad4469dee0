//! A set of repeating timers driven by the caller, as libzmq's `zmq_timers(3)`.
//!
//! Nothing runs on its own: the owner asks [`Timers::timeout`] how long it may wait
//! (typically as a poll timeout) and then calls [`Timers::execute`], which calls the
//! handler of every timer that is due and arms it again one interval later. Timers
//! repeat until cancelled. Time is counted in whole milliseconds from the set's creation,
//! so "due" in `timeout` and in `execute` mean exactly the same thing.
//!
//! Handlers may call back into the set they run from (cancel themselves or others, add,
//! reset), which libzmq programs do. That is why every method takes `&self`: the state
//! sits in a `RefCell` that is never borrowed while a handler runs. Each method has an
//! `_at` twin taking the current time, which is how the tests drive a fake clock.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeSet, HashMap};
use std::time::Instant;

use crate::error::{Error, Result};

/// One registered timer.
struct Timer<H> {
    interval_ms: u64,
    due_ms: u64,
    /// Tie-breaker for timers due at the same millisecond: they run in the order they
    /// were armed. Unique per arming, so it also keys the timer in [`Schedule::order`].
    arming: u64,
    /// Unique per timer ever added: tells a timer from a later one that reused its id.
    serial: u64,
    /// `None` while the handler is running (it is out on loan to `execute`).
    handler: Option<H>,
}

/// The mutable state of a [`Timers`].
struct Schedule<H> {
    timers: HashMap<i32, Timer<H>>,
    /// (due, arming, id) for every timer, earliest first.
    order: BTreeSet<(u64, u64, i32)>,
    last_id: i32,
    /// Source of `arming` and `serial` numbers.
    counter: u64,
}

impl<H> Schedule<H> {
    fn next_number(&mut self) -> u64 {
        self.counter += 1;
        self.counter
    }

    /// A positive id no live timer has. Ids count up and wrap to 1 after `i32::MAX`.
    fn fresh_id(&mut self) -> i32 {
        loop {
            self.last_id = if self.last_id == i32::MAX {
                1
            } else {
                self.last_id + 1
            };
            if !self.timers.contains_key(&self.last_id) {
                return self.last_id;
            }
        }
    }

    /// Put timer `id` (which must exist) on the schedule again, due at `due_ms`.
    fn rearm(&mut self, id: i32, due_ms: u64) {
        let arming = self.next_number();
        if let Some(timer) = self.timers.get_mut(&id) {
            self.order.remove(&(timer.due_ms, timer.arming, id));
            timer.due_ms = due_ms;
            timer.arming = arming;
            self.order.insert((due_ms, arming, id));
        }
    }

    /// Lend out the handler of `id` for one run, if the timer is still there, still due
    /// and not already running; it is armed for its next run first.
    fn take_due(&mut self, id: i32, now_ms: u64) -> Option<(H, u64)> {
        let timer = self.timers.get_mut(&id)?;
        if timer.due_ms > now_ms {
            return None;
        }
        let handler = timer.handler.take()?;
        let serial = timer.serial;
        let next_due = now_ms.saturating_add(timer.interval_ms);
        self.rearm(id, next_due);
        Some((handler, serial))
    }

    /// Take back a lent handler, unless its timer was cancelled meanwhile.
    fn give_back(&mut self, id: i32, serial: u64, handler: H) {
        if let Some(timer) = self.timers.get_mut(&id) {
            if timer.serial == serial && timer.handler.is_none() {
                timer.handler = Some(handler);
            }
        }
    }
}

/// Counts `execute` calls in progress; undone on drop so a panicking handler
/// does not leave the set marked as running.
struct RunningGuard<'a>(&'a Cell<u32>);

impl Drop for RunningGuard<'_> {
    fn drop(&mut self) {
        self.0.set(self.0.get() - 1);
    }
}

/// A set of repeating timers with handlers of type `H`.
///
/// Not thread-safe, like libzmq's: one thread uses a set at a time.
pub struct Timers<H = Box<dyn FnMut(i32)>> {
    origin: Instant,
    schedule: RefCell<Schedule<H>>,
    running: Cell<u32>,
}

impl<H: FnMut(i32)> Default for Timers<H> {
    fn default() -> Self {
        Self::new()
    }
}

impl<H: FnMut(i32)> Timers<H> {
    /// An empty set; its clock starts now.
    pub fn new() -> Self {
        Timers {
            origin: Instant::now(),
            schedule: RefCell::new(Schedule {
                timers: HashMap::new(),
                order: BTreeSet::new(),
                last_id: 0,
                counter: 0,
            }),
            running: Cell::new(0),
        }
    }

    /// The set's clock: whole milliseconds since it was created.
    pub fn now_ms(&self) -> u64 {
        u64::try_from(self.origin.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// Whether `execute` is running (a handler is on the call stack).
    pub fn is_executing(&self) -> bool {
        self.running.get() > 0
    }

    /// Add a timer that calls `handler(id)` every `interval_ms`, first `interval_ms`
    /// from now. Returns its id: positive and unlike any other live timer's.
    pub fn add(&self, interval_ms: u64, handler: H) -> i32 {
        self.add_at(self.now_ms(), interval_ms, handler)
    }

    /// [`add`](Self::add) with the current time given.
    pub fn add_at(&self, now_ms: u64, interval_ms: u64, handler: H) -> i32 {
        let mut schedule = self.schedule.borrow_mut();
        let id = schedule.fresh_id();
        let serial = schedule.next_number();
        let arming = schedule.next_number();
        let due_ms = now_ms.saturating_add(interval_ms);
        schedule.order.insert((due_ms, arming, id));
        let timer = Timer {
            interval_ms,
            due_ms,
            arming,
            serial,
            handler: Some(handler),
        };
        schedule.timers.insert(id, timer);
        id
    }

    /// Remove timer `id`; `EINVAL` if there is none (never added, or already cancelled).
    /// A timer may cancel itself from its own handler.
    pub fn cancel(&self, id: i32) -> Result<()> {
        let mut schedule = self.schedule.borrow_mut();
        let timer = schedule.timers.remove(&id).ok_or(Error::Invalid)?;
        schedule.order.remove(&(timer.due_ms, timer.arming, id));
        Ok(())
    }

    /// Give timer `id` a new interval and make it due that long from now.
    pub fn set_interval(&self, id: i32, interval_ms: u64) -> Result<()> {
        self.set_interval_at(self.now_ms(), id, interval_ms)
    }

    /// [`set_interval`](Self::set_interval) with the current time given.
    pub fn set_interval_at(&self, now_ms: u64, id: i32, interval_ms: u64) -> Result<()> {
        let mut schedule = self.schedule.borrow_mut();
        let timer = schedule.timers.get_mut(&id).ok_or(Error::Invalid)?;
        timer.interval_ms = interval_ms;
        schedule.rearm(id, now_ms.saturating_add(interval_ms));
        Ok(())
    }

    /// Restart timer `id`: due one full interval from now.
    pub fn reset(&self, id: i32) -> Result<()> {
        self.reset_at(self.now_ms(), id)
    }

    /// [`reset`](Self::reset) with the current time given.
    pub fn reset_at(&self, now_ms: u64, id: i32) -> Result<()> {
        let mut schedule = self.schedule.borrow_mut();
        let interval_ms = schedule.timers.get(&id).ok_or(Error::Invalid)?.interval_ms;
        schedule.rearm(id, now_ms.saturating_add(interval_ms));
        Ok(())
    }

    /// Milliseconds until the next timer is due: `0` if one is due now, `-1` if the set
    /// is empty.
    pub fn timeout(&self) -> i64 {
        self.timeout_at(self.now_ms())
    }

    /// [`timeout`](Self::timeout) with the current time given.
    pub fn timeout_at(&self, now_ms: u64) -> i64 {
        let schedule = self.schedule.borrow();
        match schedule.order.first() {
            None => -1,
            Some(&(due_ms, _, _)) => {
                i64::try_from(due_ms.saturating_sub(now_ms)).unwrap_or(i64::MAX)
            }
        }
    }

    /// Run the handler of every timer due now, earliest first, and arm each again one
    /// interval after now.
    ///
    /// Which timers run is fixed when the call starts: one added or re-armed by a handler
    /// waits for the next call even with a 0 ms interval (so this always returns), and one
    /// cancelled or pushed later by an earlier handler is skipped. If a handler panics,
    /// the panic propagates and that timer stays scheduled but silent.
    pub fn execute(&self) {
        self.execute_at(self.now_ms())
    }

    /// [`execute`](Self::execute) with the current time given.
    pub fn execute_at(&self, now_ms: u64) {
        let due_ids: Vec<i32> = self
            .schedule
            .borrow()
            .order
            .iter()
            .take_while(|&&(due_ms, _, _)| due_ms <= now_ms)
            .map(|&(_, _, id)| id)
            .collect();
        self.running.set(self.running.get() + 1);
        let _guard = RunningGuard(&self.running);
        for id in due_ids {
            // The borrow ends before the handler runs, so the handler may use `self`.
            let lent = self.schedule.borrow_mut().take_due(id, now_ms);
            if let Some((mut handler, serial)) = lent {
                handler(id);
                self.schedule.borrow_mut().give_back(id, serial, handler);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::rc::{Rc, Weak};

    type Log = Rc<RefCell<Vec<(u64, i32)>>>;
    type Set = Timers<Box<dyn FnMut(i32)>>;

    /// A handler that records (time, id) in `log`; `clock` tells it the fake time.
    fn recorder(log: &Log, clock: &Rc<Cell<u64>>) -> Box<dyn FnMut(i32)> {
        let (log, clock) = (log.clone(), clock.clone());
        Box::new(move |id| log.borrow_mut().push((clock.get(), id)))
    }

    fn fixture() -> (Set, Log, Rc<Cell<u64>>) {
        (Timers::new(), Rc::default(), Rc::new(Cell::new(0)))
    }

    /// Run `execute_at(t)` with the recorder clock set to `t`.
    fn run(set: &Set, clock: &Cell<u64>, t: u64) {
        clock.set(t);
        set.execute_at(t);
    }

    #[test]
    fn ids_are_positive_and_distinct() {
        let (set, log, clock) = fixture();
        let a = set.add_at(0, 10, recorder(&log, &clock));
        let b = set.add_at(0, 10, recorder(&log, &clock));
        assert!(a > 0 && b > 0 && a != b);
    }

    #[test]
    fn ids_wrap_around_skipping_live_ones() {
        let (set, log, clock) = fixture();
        let first = set.add_at(0, 10, recorder(&log, &clock));
        assert_eq!(first, 1);
        set.schedule.borrow_mut().last_id = i32::MAX - 1;
        assert_eq!(set.add_at(0, 10, recorder(&log, &clock)), i32::MAX);
        assert_eq!(set.add_at(0, 10, recorder(&log, &clock)), 2);
    }

    #[test]
    fn timeout_counts_down_to_zero_and_is_minus_one_when_empty() {
        let (set, log, clock) = fixture();
        assert_eq!(set.timeout_at(0), -1);
        set.add_at(0, 100, recorder(&log, &clock));
        assert_eq!(set.timeout_at(0), 100);
        assert_eq!(set.timeout_at(60), 40);
        assert_eq!(set.timeout_at(100), 0);
        assert_eq!(set.timeout_at(250), 0);
    }

    #[test]
    fn only_due_timers_run_and_they_repeat() {
        let (set, log, clock) = fixture();
        let fast = set.add_at(0, 100, recorder(&log, &clock));
        let slow = set.add_at(0, 250, recorder(&log, &clock));
        run(&set, &clock, 99);
        assert!(log.borrow().is_empty());
        run(&set, &clock, 100);
        run(&set, &clock, 200);
        run(&set, &clock, 250);
        assert_eq!(*log.borrow(), vec![(100, fast), (200, fast), (250, slow)]);
        // Re-armed one interval after the execute that ran it.
        assert_eq!(set.timeout_at(250), 50);
    }

    #[test]
    fn due_timers_run_earliest_first_then_in_arming_order() {
        let (set, log, clock) = fixture();
        let late = set.add_at(0, 30, recorder(&log, &clock));
        let early = set.add_at(0, 10, recorder(&log, &clock));
        let tie = set.add_at(0, 30, recorder(&log, &clock));
        run(&set, &clock, 40);
        assert_eq!(*log.borrow(), vec![(40, early), (40, late), (40, tie)]);
    }

    #[test]
    fn cancel_removes_and_refuses_unknown_ids() {
        let (set, log, clock) = fixture();
        assert_eq!(set.cancel(1), Err(Error::Invalid));
        let id = set.add_at(0, 10, recorder(&log, &clock));
        assert_eq!(set.cancel(id), Ok(()));
        assert_eq!(set.cancel(id), Err(Error::Invalid));
        assert_eq!(set.reset_at(0, id), Err(Error::Invalid));
        assert_eq!(set.set_interval_at(0, id, 5), Err(Error::Invalid));
        run(&set, &clock, 1000);
        assert!(log.borrow().is_empty());
        assert_eq!(set.timeout_at(1000), -1);
    }

    #[test]
    fn set_interval_and_reset_count_from_now() {
        let (set, log, clock) = fixture();
        let id = set.add_at(0, 100, recorder(&log, &clock));
        set.reset_at(70, id).unwrap();
        assert_eq!(set.timeout_at(70), 100);
        set.set_interval_at(80, id, 50).unwrap();
        assert_eq!(set.timeout_at(80), 50);
        run(&set, &clock, 130);
        assert_eq!(*log.borrow(), vec![(130, id)]);
        assert_eq!(set.timeout_at(130), 50);
    }

    #[test]
    fn huge_intervals_saturate_instead_of_overflowing() {
        let (set, log, clock) = fixture();
        set.add_at(10, u64::MAX, recorder(&log, &clock));
        assert_eq!(set.timeout_at(10), i64::MAX);
        run(&set, &clock, u64::MAX - 1);
        assert!(log.borrow().is_empty());
    }

    /// A set whose handlers can reach it, as C handlers reach theirs by pointer.
    fn shared_set() -> Rc<Set> {
        Rc::new(Timers::new())
    }

    #[test]
    fn a_handler_may_cancel_itself() {
        let set = shared_set();
        let weak: Weak<Set> = Rc::downgrade(&set);
        let calls = Rc::new(Cell::new(0));
        let counted = calls.clone();
        set.add_at(
            0,
            10,
            Box::new(move |id| {
                counted.set(counted.get() + 1);
                assert_eq!(weak.upgrade().unwrap().cancel(id), Ok(()));
            }),
        );
        set.execute_at(10);
        set.execute_at(20);
        assert_eq!(calls.get(), 1);
        assert_eq!(set.timeout_at(20), -1);
    }

    #[test]
    fn a_handler_may_cancel_a_timer_due_in_the_same_run() {
        let set = shared_set();
        let (log, clock): (Log, _) = (Rc::default(), Rc::new(Cell::new(0)));
        let weak = Rc::downgrade(&set);
        let victim = Rc::new(Cell::new(0));
        let target = victim.clone();
        let killer = set.add_at(
            0,
            10,
            Box::new(move |_| weak.upgrade().unwrap().cancel(target.get()).unwrap()),
        );
        victim.set(set.add_at(0, 10, recorder(&log, &clock)));
        set.execute_at(10);
        assert!(log.borrow().is_empty());
        assert_eq!(set.cancel(killer), Ok(()));
    }

    #[test]
    fn a_timer_added_by_a_handler_waits_for_the_next_run() {
        let set = shared_set();
        let (log, clock): (Log, _) = (Rc::default(), Rc::new(Cell::new(0)));
        let weak = Rc::downgrade(&set);
        let (inner_log, inner_clock) = (log.clone(), clock.clone());
        let spawner = set.add_at(
            0,
            0,
            Box::new(move |_| {
                let set = weak.upgrade().unwrap();
                set.add_at(0, 0, recorder(&inner_log, &inner_clock));
            }),
        );
        // Interval 0 everywhere: one run must still end, running each timer once.
        set.execute_at(0);
        assert!(log.borrow().is_empty());
        set.execute_at(0);
        assert_eq!(log.borrow().len(), 1);
        set.cancel(spawner).unwrap();
    }

    #[test]
    fn a_handler_may_reschedule_itself() {
        let set = shared_set();
        let weak = Rc::downgrade(&set);
        let id = set.add_at(
            0,
            10,
            Box::new(move |id| {
                weak.upgrade()
                    .unwrap()
                    .set_interval_at(10, id, 500)
                    .unwrap()
            }),
        );
        set.execute_at(10);
        assert_eq!(set.timeout_at(10), 500);
        set.cancel(id).unwrap();
    }

    #[test]
    fn execute_is_marked_while_handlers_run() {
        let set = shared_set();
        let weak = Rc::downgrade(&set);
        let seen = Rc::new(Cell::new(false));
        let seen_inside = seen.clone();
        set.add_at(
            0,
            0,
            Box::new(move |_| seen_inside.set(weak.upgrade().unwrap().is_executing())),
        );
        assert!(!set.is_executing());
        set.execute_at(0);
        assert!(seen.get());
        assert!(!set.is_executing());
    }

    #[test]
    fn the_real_clock_runs_a_zero_interval_timer_at_once() {
        let calls = Rc::new(Cell::new(0));
        let counted = calls.clone();
        let set: Set = Timers::new();
        let id = set.add(0, Box::new(move |_| counted.set(counted.get() + 1)));
        assert_eq!(set.timeout(), 0);
        set.execute();
        assert_eq!(calls.get(), 1);
        set.cancel(id).unwrap();
    }
}

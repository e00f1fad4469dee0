//! A socket's mailbox: the only way other threads talk to a socket.
//!
//! Commands are rare compared with messages (a pipe waking up, a new peer, the context
//! terminating), so a mutex-guarded queue is enough; what matters is that checking for
//! commands on the message path costs one relaxed load ([`Mailbox::has_pending`]).
//!
//! The eventfd ([`Signaler`]) is written only when it can matter: when the owner is
//! asleep in [`Mailbox::wait`] or in its own poll (an I/O thread's reactor, see
//! [`Mailbox::sleep_begins`]), or when its descriptor was handed out as `ZMQ_FD` (then
//! it must be readable whenever commands are pending). The owner announces sleep by
//! setting `sleeping` before its last look at `pending`, and a sender sets `pending`
//! before looking at `sleeping`; both are sequentially consistent, so at least one of
//! them sees the other and no wake-up is lost.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use super::command::Command;
use super::yielder::Yielder;
use crate::error::Result;
use crate::sys::signaler::Signaler;

/// How many times a waiter polls `pending` before it yields. A peer on another core
/// usually answers within this window (a few microseconds), which saves two system
/// calls and a scheduler wake-up per round trip.
const SPIN_ROUNDS: u32 = 64;

/// How many times a waiter then yields its CPU (polling `pending` between yields)
/// before it sleeps in the kernel. When the peer shares our CPU, yielding is what
/// lets it run and answer; spinning there would only delay it. When unrelated tasks
/// take the CPU instead, the waiter sleeps at once for a while (see `Yielder`).
const YIELD_ROUNDS: u32 = 32;

/// Commands for one object, plus the signal that wakes it.
#[derive(Debug)]
pub struct Mailbox {
    commands: Mutex<VecDeque<Command>>,
    pending: AtomicBool,
    sleeping: AtomicBool,
    fd_exposed: AtomicBool,
    signaled: AtomicBool,
    /// The owner is gone: commands are dropped instead of queued (written and read
    /// under the queue's lock).
    closed: AtomicBool,
    signaler: Signaler,
    /// The owner's yield policy in [`Mailbox::wait`].
    yielder: Yielder,
}

impl Mailbox {
    /// An empty mailbox.
    pub fn new() -> Result<Mailbox> {
        Ok(Mailbox {
            commands: Mutex::new(VecDeque::new()),
            pending: AtomicBool::new(false),
            sleeping: AtomicBool::new(false),
            fd_exposed: AtomicBool::new(false),
            signaled: AtomicBool::new(false),
            closed: AtomicBool::new(false),
            signaler: Signaler::new()?,
            yielder: Yielder::new(),
        })
    }

    /// Post a command (from any thread). To a closed mailbox the command is dropped,
    /// which for a new pipe hangs up on its other end.
    pub fn send(&self, command: Command) {
        let mut queue = self.lock();
        if self.closed.load(Ordering::Relaxed) {
            drop(queue);
            drop(command);
            return;
        }
        queue.push_back(command);
        drop(queue);
        if !self.pending.swap(true, Ordering::SeqCst)
            && (self.sleeping.load(Ordering::SeqCst) || self.fd_exposed.load(Ordering::SeqCst))
        {
            self.raise();
        }
    }

    /// Whether commands may be waiting (relaxed loads; for the message path).
    #[inline]
    pub fn has_pending(&self) -> bool {
        // A signal raised just after a drain is also work: it must be cleared, or
        // `ZMQ_FD` would stay readable with nothing behind it.
        self.pending.load(Ordering::Relaxed) || self.signaled.load(Ordering::Relaxed)
    }

    /// Move every waiting command into `out` (owner thread only).
    pub fn take_all(&self, out: &mut Vec<Command>) {
        if !self.pending.load(Ordering::Acquire) && !self.signaled.load(Ordering::Acquire) {
            return;
        }
        let mut queue = self.lock();
        self.pending.store(false, Ordering::SeqCst);
        out.extend(queue.drain(..));
        drop(queue);
        if self.signaled.swap(false, Ordering::AcqRel) {
            self.signaler.reset();
            // A sender may have raised between our drain and the reset; keep the
            // descriptor truthful for `ZMQ_FD` users.
            if self.pending.load(Ordering::SeqCst) {
                self.raise();
            }
        }
    }

    /// The owner is going away: refuse commands from now on and return those that
    /// wait, for the caller to drop outside the lock. Without this a pipe posted to a
    /// closed socket would stay in its queue forever, its other end never hearing
    /// that nobody reads it.
    pub fn close(&self) -> Vec<Command> {
        let mut queue = self.lock();
        self.closed.store(true, Ordering::Relaxed);
        self.pending.store(false, Ordering::SeqCst);
        queue.drain(..).collect()
    }

    /// The descriptor, for an owner that sleeps in its own `poll(2)` on it among
    /// others (an I/O thread) and says when with [`Mailbox::sleep_begins`] and
    /// [`Mailbox::sleep_ends`]. Unlike [`Mailbox::expose_fd`] this does not make
    /// every command write the eventfd: while the owner is awake it finds commands
    /// by [`Mailbox::has_pending`], and senders spare the system call (and the
    /// wake-up that would preempt them when the owner shares their CPU).
    pub fn poll_fd(&self) -> std::os::fd::RawFd {
        self.signaler.fd()
    }

    /// The owner of a [`Mailbox::poll_fd`] is about to sleep in its poll. Returns
    /// `false` if commands are pending already: then it must not block. Same
    /// handshake as [`Mailbox::wait`]: `sleeping` is set before the last look at
    /// `pending`, so a sender either sees the sleep and signals, or its command is
    /// seen here.
    pub fn sleep_begins(&self) -> bool {
        self.sleeping.store(true, Ordering::SeqCst);
        !self.pending.load(Ordering::SeqCst)
    }

    /// The owner of a [`Mailbox::poll_fd`] woke from its poll.
    pub fn sleep_ends(&self) {
        self.sleeping.store(false, Ordering::SeqCst);
    }

    /// Wait until a command is pending or `deadline` passes (`None`: forever).
    /// Returns whether a command is pending.
    pub fn wait(&self, deadline: Option<Instant>) -> Result<bool> {
        for _ in 0..SPIN_ROUNDS {
            if self.pending.load(Ordering::Acquire) {
                return Ok(true);
            }
            std::hint::spin_loop();
        }
        if self.yielder.may_yield() {
            for _ in 0..YIELD_ROUNDS {
                let start = self.yielder.yield_now();
                let late = self.yielder.was_late(start);
                if self.pending.load(Ordering::Acquire) {
                    return Ok(true);
                }
                if late {
                    break;
                }
            }
        }
        self.sleeping.store(true, Ordering::SeqCst);
        let outcome = loop {
            if self.pending.load(Ordering::SeqCst) {
                break Ok(true);
            }
            if deadline.is_some_and(|at| Instant::now() >= at) {
                break Ok(false);
            }
            match self.signaler.wait(deadline) {
                Ok(true) => {
                    // Clear a stale signal so the next wait does not spin on it.
                    if !self.pending.load(Ordering::SeqCst)
                        && self.signaled.swap(false, Ordering::AcqRel)
                    {
                        self.signaler.reset();
                    }
                }
                Ok(false) => {}
                Err(err) => break Err(err),
            }
        };
        self.sleeping.store(false, Ordering::SeqCst);
        outcome
    }

    /// The descriptor for `ZMQ_FD`: from now on it is kept readable while commands are
    /// pending, whether or not the owner sleeps.
    pub fn expose_fd(&self) -> std::os::fd::RawFd {
        if !self.fd_exposed.swap(true, Ordering::SeqCst) && self.pending.load(Ordering::SeqCst) {
            self.raise();
        }
        self.signaler.fd()
    }

    fn raise(&self) {
        // Write first, flag second: whoever clears the flag and then resets the
        // eventfd is sure to clear this write too; a flag set after such a reset keeps
        // `has_pending` true, so the next drain resets again. (The other order could
        // leave the descriptor readable with nothing pending, forever.)
        self.signaler.signal();
        self.signaled.store(true, Ordering::Release);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<Command>> {
        self.commands.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipe::{self, Flow};
    use std::sync::Arc;

    #[test]
    fn a_closed_mailbox_drops_commands_and_a_dropped_pipe_hangs_up() {
        let socket = Arc::new(Mailbox::new().unwrap());
        let engine = Arc::new(Mailbox::new().unwrap());
        socket.send(Command::Stop);
        let waiting = socket.close();
        assert_eq!(waiting.len(), 1);
        assert!(!socket.has_pending());
        let (ours, theirs) = pipe::pair(
            engine.clone(),
            Some(socket.clone()),
            Flow::default(),
            Flow::default(),
        );
        socket.send(Command::Attach(Box::new(theirs)));
        assert!(!socket.has_pending(), "nothing is queued once closed");
        let mut commands = Vec::new();
        engine.take_all(&mut commands);
        match commands.as_slice() {
            [Command::Hangup(id)] => assert_eq!(*id, ours.id()),
            other => panic!("{other:?}"),
        }
    }
}

//! Waiting on sockets and file descriptors together: `zmq_poll` and the draft poller.
//!
//! A socket is ready when its pattern says so (`ZMQ_EVENTS`); its mailbox descriptor
//! (`ZMQ_FD`) becomes readable when that may have changed. So a wait first asks every
//! socket for its events (which also processes its commands), and only if nothing is
//! ready sleeps in `poll(2)` on all descriptors at once, then asks again. The thread
//! sleeps in the kernel: no spinning, whatever the timeout.

pub mod poller;

use std::os::fd::RawFd;
use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::sys::signaler::{self, poll_timeout};

/// `ZMQ_POLLIN`.
pub const POLLIN: i16 = 1;
/// `ZMQ_POLLOUT`.
pub const POLLOUT: i16 = 2;
/// `ZMQ_POLLERR`.
pub const POLLERR: i16 = 4;
/// `ZMQ_POLLPRI`.
pub const POLLPRI: i16 = 8;

/// One thing to wait on.
#[derive(Clone, Copy, Debug)]
pub struct PollEntry {
    /// For a socket, its `ZMQ_FD`; otherwise the descriptor itself.
    pub fd: RawFd,
    /// Whether this is a socket (readiness comes from `socket_events`).
    pub socket: bool,
    /// The events asked for (`ZMQ_POLLIN`…).
    pub events: i16,
    /// The events that happened.
    pub revents: i16,
}

/// Wait until some entry is ready or `timeout_ms` passes (-1: forever, 0: don't wait).
/// `socket_events(i)` returns `ZMQ_EVENTS` of the socket of entry `i`. Returns how many
/// entries have `revents` set.
pub fn poll_entries(
    entries: &mut [PollEntry],
    timeout_ms: i64,
    sigmask: Option<&libc::sigset_t>,
    mut socket_events: impl FnMut(usize) -> Result<i16>,
) -> Result<usize> {
    let deadline =
        (timeout_ms > 0).then(|| Instant::now() + Duration::from_millis(timeout_ms as u64));
    let mut fds: Vec<libc::pollfd> = entries
        .iter()
        .map(|e| libc::pollfd {
            fd: e.fd,
            events: kernel_events(e),
            revents: 0,
        })
        .collect();
    // Once the deadline has passed, one more look at the sockets is allowed if a
    // socket's descriptor woke us, so an event right at the deadline is not missed;
    // after that the call returns whatever the descriptors say.
    let mut final_look = false;
    loop {
        let mut ready = 0;
        for (i, entry) in entries.iter_mut().enumerate() {
            entry.revents = 0;
            if entry.socket {
                entry.revents = socket_events(i)? & entry.events & (POLLIN | POLLOUT);
                ready += (entry.revents != 0) as usize;
            }
        }
        // Raw descriptors are always polled; the sockets' descriptors only matter
        // when nothing is ready yet and we sleep.
        let wait = if ready > 0 || timeout_ms == 0 {
            0
        } else {
            poll_timeout(deadline)
        };
        signaler::poll(&mut fds, wait, sigmask)?;
        let mut socket_woken = false;
        for (entry, fd) in entries.iter_mut().zip(&fds) {
            if entry.socket {
                socket_woken |= fd.revents != 0;
            } else {
                entry.revents = user_events(fd.revents) & (entry.events | POLLERR);
                ready += (entry.revents != 0) as usize;
            }
        }
        if ready > 0 || timeout_ms == 0 {
            return Ok(ready);
        }
        // A socket's descriptor woke us: look at the sockets again. Otherwise we
        // slept until the deadline.
        if deadline.is_some_and(|at| Instant::now() >= at) {
            if final_look || !socket_woken {
                return Ok(0);
            }
            final_look = true;
        }
    }
}

/// What to ask the kernel for an entry.
fn kernel_events(entry: &PollEntry) -> i16 {
    if entry.socket {
        return libc::POLLIN;
    }
    let mut events = 0;
    if entry.events & POLLIN != 0 {
        events |= libc::POLLIN;
    }
    if entry.events & POLLOUT != 0 {
        events |= libc::POLLOUT;
    }
    if entry.events & POLLPRI != 0 {
        events |= libc::POLLPRI;
    }
    events
}

/// The kernel's answer in `ZMQ_POLL*` terms; anything unexpected is `ZMQ_POLLERR`.
fn user_events(revents: i16) -> i16 {
    let mut events = 0;
    if revents & libc::POLLIN != 0 {
        events |= POLLIN;
    }
    if revents & libc::POLLOUT != 0 {
        events |= POLLOUT;
    }
    if revents & libc::POLLPRI != 0 {
        events |= POLLPRI;
    }
    if revents & !(libc::POLLIN | libc::POLLOUT | libc::POLLPRI) != 0 {
        events |= POLLERR;
    }
    events
}

/// Reject a timeout below -1 the way libzmq's callers see it.
pub fn check_timeout(timeout_ms: i64) -> Result<()> {
    if timeout_ms < -1 {
        Err(Error::Invalid)
    } else {
        Ok(())
    }
}

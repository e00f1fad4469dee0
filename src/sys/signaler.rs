//! A wake-up signal backed by a Linux `eventfd`.
//!
//! Each socket owns one: other threads signal it when they post a command to the
//! socket's mailbox, the socket's thread waits on it when a call must block, and C code
//! gets its descriptor as `ZMQ_FD` to wait in its own event loop.

use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::time::Instant;

use crate::error::{Error, Result};

/// An eventfd used as a level-triggered "something is pending" flag.
#[derive(Debug)]
pub struct Signaler {
    fd: OwnedFd,
}

impl Signaler {
    /// A new, unsignalled signaler.
    pub fn new() -> Result<Signaler> {
        // SAFETY: eventfd takes no pointers; a negative return is checked below.
        let raw = unsafe { libc::eventfd(0, libc::EFD_CLOEXEC | libc::EFD_NONBLOCK) };
        if raw < 0 {
            return Err(io::Error::last_os_error().into());
        }
        // SAFETY: `raw` is a fresh descriptor that nothing else owns.
        Ok(Signaler {
            fd: unsafe { OwnedFd::from_raw_fd(raw) },
        })
    }

    /// Make the descriptor readable (idempotent until [`reset`](Self::reset)).
    pub fn signal(&self) {
        let one: u64 = 1;
        loop {
            // SAFETY: writes 8 bytes from a live u64 to our own descriptor.
            let n = unsafe { libc::write(self.fd.as_raw_fd(), (&one as *const u64).cast(), 8) };
            // EAGAIN means the counter is already at its maximum: signalled anyway.
            if n >= 0 || io::Error::last_os_error().kind() != io::ErrorKind::Interrupted {
                return;
            }
        }
    }

    /// Clear the signal.
    pub fn reset(&self) {
        let mut value: u64 = 0;
        loop {
            // SAFETY: reads 8 bytes into a live u64 from our own descriptor.
            let n = unsafe { libc::read(self.fd.as_raw_fd(), (&mut value as *mut u64).cast(), 8) };
            if n >= 0 || io::Error::last_os_error().kind() != io::ErrorKind::Interrupted {
                return;
            }
        }
    }

    /// Block until signalled or until `deadline` (`None`: forever). Returns whether the
    /// signal is set. A signal delivered to the thread ends the wait with `Interrupted`,
    /// as libzmq's blocking calls return `EINTR`.
    pub fn wait(&self, deadline: Option<Instant>) -> Result<bool> {
        wait_readable(self.fd.as_raw_fd(), deadline)
    }

    /// The descriptor, for `ZMQ_FD` and `zmq_poll`.
    pub fn fd(&self) -> RawFd {
        self.fd.as_raw_fd()
    }
}

/// Milliseconds from now to `deadline`, rounded up, as `poll(2)` takes them.
pub fn poll_timeout(deadline: Option<Instant>) -> i32 {
    match deadline {
        None => -1,
        Some(at) => {
            let left = at.saturating_duration_since(Instant::now());
            let ms = left.as_micros().div_ceil(1000);
            ms.min(i32::MAX as u128) as i32
        }
    }
}

/// Wait until `fd` is readable or `deadline` passes.
pub fn wait_readable(fd: RawFd, deadline: Option<Instant>) -> Result<bool> {
    let mut item = libc::pollfd {
        fd,
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one valid pollfd, count 1.
    let n = unsafe { libc::poll(&mut item, 1, poll_timeout(deadline)) };
    if n < 0 {
        let err = io::Error::last_os_error();
        return Err(Error::from(err));
    }
    Ok(n > 0)
}

/// `poll(2)` over a set of descriptors for `zmq_poll` and the poller; with a signal
/// mask, `ppoll(2)` (for `zmq_ppoll`).
pub fn poll(
    items: &mut [libc::pollfd],
    timeout_ms: i32,
    sigmask: Option<&libc::sigset_t>,
) -> Result<usize> {
    let n = match sigmask {
        // SAFETY: the slice is a valid array of pollfd of the given length.
        None => unsafe { libc::poll(items.as_mut_ptr(), items.len() as libc::nfds_t, timeout_ms) },
        Some(mask) => {
            let timeout = (timeout_ms >= 0).then(|| libc::timespec {
                tv_sec: (timeout_ms / 1000) as libc::time_t,
                tv_nsec: ((timeout_ms % 1000) as libc::c_long) * 1_000_000,
            });
            let timeout_ptr = timeout.as_ref().map_or(std::ptr::null(), |t| t as *const _);
            // SAFETY: valid pollfd array; the timespec and the mask outlive the call.
            unsafe {
                libc::ppoll(
                    items.as_mut_ptr(),
                    items.len() as libc::nfds_t,
                    timeout_ptr,
                    mask,
                )
            }
        }
    };
    if n < 0 {
        return Err(io::Error::last_os_error().into());
    }
    Ok(n as usize)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn signal_then_wait_then_reset() {
        let s = Signaler::new().unwrap();
        assert!(!s.wait(Some(Instant::now())).unwrap());
        s.signal();
        s.signal();
        assert!(
            s.wait(Some(Instant::now() + Duration::from_secs(5)))
                .unwrap()
        );
        s.reset();
        assert!(!s.wait(Some(Instant::now())).unwrap());
    }
}

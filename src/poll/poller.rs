//! The draft `zmq_poller_*` set: a reusable list of sockets and descriptors with user
//! data, waited on with `poll_entries`.

use std::os::fd::RawFd;

use super::{PollEntry, poll_entries};
use crate::error::{Error, Result};

/// What a poller item watches: a socket (named by a key the caller chooses, the C
/// layer uses the handle address) or a raw descriptor.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Watched {
    /// A socket, by key.
    Socket(usize),
    /// A file descriptor.
    Fd(RawFd),
}

/// One item of a poller.
#[derive(Clone, Copy, Debug)]
pub struct PollerItem {
    /// What is watched.
    pub watched: Watched,
    /// Opaque user data handed back with events.
    pub user_data: usize,
    /// Events of interest.
    pub events: i16,
}

/// An event reported by [`Poller::wait`].
#[derive(Clone, Copy, Debug)]
pub struct PollerEvent {
    /// The item that is ready.
    pub item: PollerItem,
    /// The events that happened.
    pub revents: i16,
}

/// A set of sockets and descriptors to wait on.
#[derive(Default)]
pub struct Poller {
    items: Vec<PollerItem>,
}

impl Poller {
    /// Number of items.
    pub fn size(&self) -> usize {
        self.items.len()
    }

    /// Add an item; `EINVAL` if it is already there.
    pub fn add(&mut self, watched: Watched, user_data: usize, events: i16) -> Result<()> {
        if self.position(watched).is_some() {
            return Err(Error::Invalid);
        }
        self.items.push(PollerItem {
            watched,
            user_data,
            events,
        });
        Ok(())
    }

    /// Change the events of an item; `EINVAL` if it is not there.
    pub fn modify(&mut self, watched: Watched, events: i16) -> Result<()> {
        let index = self.position(watched).ok_or(Error::Invalid)?;
        self.items[index].events = events;
        Ok(())
    }

    /// Remove an item; `EINVAL` if it is not there.
    pub fn remove(&mut self, watched: Watched) -> Result<()> {
        let index = self.position(watched).ok_or(Error::Invalid)?;
        self.items.remove(index);
        Ok(())
    }

    fn position(&self, watched: Watched) -> Option<usize> {
        self.items.iter().position(|item| item.watched == watched)
    }

    /// Wait for up to `max` events. `socket_info(key)` gives a socket's descriptor
    /// and `ZMQ_EVENTS`. As libzmq: with no items, a negative timeout is `EFAULT`;
    /// nothing ready when the timeout ends is `EAGAIN`.
    pub fn wait(
        &self,
        max: usize,
        timeout_ms: i64,
        mut socket_fd: impl FnMut(usize) -> Result<RawFd>,
        mut socket_events: impl FnMut(usize) -> Result<i16>,
    ) -> Result<Vec<PollerEvent>> {
        if self.items.is_empty() && timeout_ms < 0 {
            return Err(Error::Fault);
        }
        let mut entries = Vec::with_capacity(self.items.len());
        for item in &self.items {
            let (fd, socket) = match item.watched {
                Watched::Socket(key) => (socket_fd(key)?, true),
                Watched::Fd(fd) => (fd, false),
            };
            entries.push(PollEntry {
                fd,
                socket,
                events: item.events,
                revents: 0,
            });
        }
        let items = &self.items;
        poll_entries(&mut entries, timeout_ms, None, |i| match items[i].watched {
            Watched::Socket(key) => socket_events(key),
            Watched::Fd(_) => Ok(0),
        })?;
        let events: Vec<PollerEvent> = self
            .items
            .iter()
            .zip(&entries)
            .filter(|(_, e)| e.revents != 0)
            .take(max)
            .map(|(item, e)| PollerEvent {
                item: *item,
                revents: e.revents,
            })
            .collect();
        if events.is_empty() {
            return Err(Error::Again);
        }
        Ok(events)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn add_modify_remove() {
        let mut p = Poller::default();
        p.add(Watched::Fd(0), 7, 1).unwrap();
        assert_eq!(p.add(Watched::Fd(0), 7, 1), Err(Error::Invalid));
        p.modify(Watched::Fd(0), 2).unwrap();
        assert_eq!(p.modify(Watched::Fd(1), 2), Err(Error::Invalid));
        assert_eq!(p.size(), 1);
        p.remove(Watched::Fd(0)).unwrap();
        assert_eq!(p.remove(Watched::Fd(0)), Err(Error::Invalid));
    }

    #[test]
    fn empty_poller_rules() {
        let p = Poller::default();
        let none = |_| Err(Error::NotSocket);
        assert_eq!(p.wait(1, -1, none, |_| Ok(0)).unwrap_err(), Error::Fault);
        assert_eq!(
            p.wait(1, 0, |_| Ok(0), |_| Ok(0)).unwrap_err(),
            Error::Again
        );
    }

    #[test]
    fn raw_fd_readiness() {
        let mut fds = [0; 2];
        // A pipe from std: UnixStream pair gives two connected descriptors.
        let (a, b) = std::os::unix::net::UnixStream::pair().unwrap();
        use std::io::Write;
        use std::os::fd::AsRawFd;
        (&a).write_all(b"x").unwrap();
        fds[0] = b.as_raw_fd();
        let mut p = Poller::default();
        p.add(Watched::Fd(fds[0]), 42, super::super::POLLIN)
            .unwrap();
        let events = p.wait(4, 1000, |_| Ok(0), |_| Ok(0)).unwrap();
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].item.user_data, 42);
    }
}

//! Transports: parsing endpoint strings and the per-transport bind/connect logic.

pub mod address;
pub mod inproc;
pub mod ipc;
pub mod tcp;

use std::io;
use std::os::fd::{AsRawFd, OwnedFd, RawFd};

use crate::error::{Error, Result};

/// A `zmq_bind` that failed: why, and the descriptor it had opened for the endpoint
/// and closed again, with the name libzmq gives it then. libzmq reports that
/// descriptor's `ZMQ_EVENT_CLOSED` before `BIND_FAILED`: a failed `bind` or `listen`
/// has one, a bad address, an unknown interface or a refused `SO_BINDTODEVICE`
/// (closed without an event in libzmq) has none.
#[derive(Debug)]
pub struct ListenFailure {
    /// The error `zmq_bind` returns.
    pub error: Error,
    /// The descriptor closed, and the endpoint its `CLOSED` names.
    pub closed: Option<(RawFd, String)>,
}

impl ListenFailure {
    /// `error` after `fd` was opened for `endpoint`: `fd` is closed here.
    pub fn closing(fd: OwnedFd, endpoint: String, error: impl Into<Error>) -> ListenFailure {
        let raw = fd.as_raw_fd();
        drop(fd);
        ListenFailure {
            error: error.into(),
            closed: Some((raw, endpoint)),
        }
    }
}

impl From<Error> for ListenFailure {
    fn from(error: Error) -> ListenFailure {
        ListenFailure {
            error,
            closed: None,
        }
    }
}

impl From<io::Error> for ListenFailure {
    fn from(error: io::Error) -> ListenFailure {
        Error::from(error).into()
    }
}

/// A connect attempt that failed at once: why, and the descriptor it had opened and
/// closed again (libzmq reports its `ZMQ_EVENT_CLOSED` before `CONNECT_RETRIED`), if
/// the attempt got that far.
#[derive(Debug)]
pub struct ConnectFailure {
    /// What failed.
    pub error: io::Error,
    /// The descriptor closed.
    pub closed_fd: Option<RawFd>,
}

impl ConnectFailure {
    /// `error` after `fd` was opened: `fd` is closed here.
    pub fn closing(fd: OwnedFd, error: io::Error) -> ConnectFailure {
        let raw = fd.as_raw_fd();
        drop(fd);
        ConnectFailure {
            error,
            closed_fd: Some(raw),
        }
    }
}

impl From<io::Error> for ConnectFailure {
    fn from(error: io::Error) -> ConnectFailure {
        ConnectFailure {
            error,
            closed_fd: None,
        }
    }
}

/// The transport named by an endpoint's scheme.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Transport {
    /// `inproc://`: between sockets of one context.
    Inproc,
    /// `tcp://`.
    Tcp,
    /// `ipc://`.
    Ipc,
    /// A scheme libzmq knows that oxzmq does not build yet (pgm, epgm, tipc, vmci,
    /// norm, ws, wss, udp).
    NotBuilt,
}

/// An endpoint split into its transport and address (`tcp://127.0.0.1:5555` →
/// `Tcp`, `127.0.0.1:5555`).
#[derive(Clone, Copy, Debug)]
pub struct Endpoint<'a> {
    /// The transport.
    pub transport: Transport,
    /// Everything after `://`.
    pub address: &'a str,
}

impl<'a> Endpoint<'a> {
    /// Split `uri`. A string without `://` or with an empty address is `EINVAL`; an
    /// unknown scheme is `EPROTONOSUPPORT`, as in libzmq.
    pub fn parse(uri: &'a str) -> Result<Endpoint<'a>> {
        let (scheme, address) = uri.split_once("://").ok_or(Error::Invalid)?;
        if address.is_empty() {
            return Err(Error::Invalid);
        }
        let transport = match scheme {
            "inproc" => Transport::Inproc,
            "tcp" => Transport::Tcp,
            "ipc" => Transport::Ipc,
            "pgm" | "epgm" | "tipc" | "vmci" | "norm" | "ws" | "wss" | "udp" => Transport::NotBuilt,
            _ => return Err(Error::ProtocolNotSupported),
        };
        Ok(Endpoint { transport, address })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_forms() {
        let e = Endpoint::parse("inproc://a").unwrap();
        assert_eq!(e.transport, Transport::Inproc);
        assert_eq!(e.address, "a");
        assert_eq!(Endpoint::parse("inproc").unwrap_err(), Error::Invalid);
        assert_eq!(Endpoint::parse("inproc://").unwrap_err(), Error::Invalid);
        assert_eq!(
            Endpoint::parse("foo://x").unwrap_err(),
            Error::ProtocolNotSupported
        );
        assert_eq!(
            Endpoint::parse("pgm://x").unwrap().transport,
            Transport::NotBuilt
        );
    }
}

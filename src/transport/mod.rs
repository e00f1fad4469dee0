//! Transports: parsing endpoint strings and the per-transport bind/connect logic.

pub mod address;
pub mod inproc;
pub mod ipc;
pub mod tcp;

use crate::error::{Error, Result};

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

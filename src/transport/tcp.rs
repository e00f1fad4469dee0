//! `tcp://` addresses and listening sockets, in the minimal form the engine needs
//! (the complete parser, with interface names and the `source;destination` form,
//! lives in `transport/address/`).
//!
//! Bind takes `*`, an IPv4 literal or a bracketed IPv6 literal (the latter only with
//! `ZMQ_IPV6`), and a port number or `*`/`0` for a free port; anything else is
//! `ENODEV`, as libzmq says of an unknown interface. Connect takes a literal or a host
//! name, resolved when connecting (as libzmq, an unknown host is not an error at
//! `zmq_connect`), and refuses the wildcard host or port with `EINVAL`.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, ToSocketAddrs};

use crate::error::{Error, Result};

/// Where a TCP connect goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConnectTarget {
    /// A literal address.
    Addr(SocketAddr),
    /// A host name, resolved at each attempt.
    Host {
        /// The name.
        host: String,
        /// The port.
        port: u16,
        /// Whether IPv6 results may be used (`ZMQ_IPV6`).
        ipv6: bool,
    },
}

impl ConnectTarget {
    /// The address to connect to now (a name is resolved; `None` if it does not).
    pub fn resolve(&self) -> Option<SocketAddr> {
        match self {
            ConnectTarget::Addr(addr) => Some(*addr),
            ConnectTarget::Host { host, port, ipv6 } => {
                let found = (host.as_str(), *port).to_socket_addrs().ok()?;
                let mut fallback = None;
                for addr in found {
                    if addr.is_ipv4() {
                        return Some(addr);
                    }
                    if *ipv6 && fallback.is_none() {
                        fallback = Some(addr);
                    }
                }
                fallback
            }
        }
    }
}

/// Split `host:port`, the host without IPv6 brackets. `EINVAL` without a port.
fn split(address: &str) -> Result<(&str, &str, bool)> {
    let (host, port) = address.rsplit_once(':').ok_or(Error::Invalid)?;
    match host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        Some(inner) => Ok((inner, port, true)),
        None => Ok((host, port, false)),
    }
}

/// A port number; `*` is `wildcard` (0) when allowed.
fn port(text: &str, wildcard_ok: bool) -> Result<u16> {
    match text {
        "*" if wildcard_ok => Ok(0),
        _ => text.parse::<u16>().map_err(|_| Error::Invalid),
    }
}

/// The address a `zmq_bind` to `tcp://address` listens on.
pub fn bind_address(address: &str, ipv6: bool) -> Result<SocketAddr> {
    let (host, port_text, bracketed) = split(address)?;
    let port = port(port_text, true)?;
    let ip = if host == "*" && !bracketed {
        if ipv6 {
            IpAddr::V6(Ipv6Addr::UNSPECIFIED)
        } else {
            IpAddr::V4(Ipv4Addr::UNSPECIFIED)
        }
    } else {
        match host.parse::<IpAddr>() {
            Ok(IpAddr::V6(_)) if !ipv6 => return Err(Error::NoDevice),
            Ok(ip) => ip,
            // Not a literal: an interface name, which this parser does not know.
            Err(_) => return Err(Error::NoDevice),
        }
    };
    Ok(SocketAddr::new(ip, port))
}

/// Where a `zmq_connect` to `tcp://address` goes. A `source;` prefix is ignored here.
pub fn connect_target(address: &str, ipv6: bool) -> Result<ConnectTarget> {
    let address = address.rsplit_once(';').map_or(address, |(_, dst)| dst);
    let (host, port_text, bracketed) = split(address)?;
    let port = port(port_text, false)?;
    if host.is_empty() || host == "*" {
        return Err(Error::Invalid);
    }
    match host.parse::<IpAddr>() {
        Ok(ip) => Ok(ConnectTarget::Addr(SocketAddr::new(ip, port))),
        Err(_) if bracketed => Err(Error::Invalid),
        Err(_) => Ok(ConnectTarget::Host {
            host: host.to_owned(),
            port,
            ipv6,
        }),
    }
}

/// The endpoint string of a bound address, as `ZMQ_LAST_ENDPOINT` shows it.
pub fn endpoint_of(addr: SocketAddr) -> String {
    match addr {
        SocketAddr::V4(v4) => format!("tcp://{}:{}", v4.ip(), v4.port()),
        SocketAddr::V6(v6) => format!("tcp://[{}]:{}", v6.ip(), v6.port()),
    }
}

/// A listening socket on `addr` (with `SO_REUSEADDR`, as libzmq) and its endpoint
/// with the real port.
pub fn listen(addr: SocketAddr) -> Result<(mio::net::TcpListener, String)> {
    let listener = mio::net::TcpListener::bind(addr)?;
    let local = listener.local_addr()?;
    Ok((listener, endpoint_of(local)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bind_forms() {
        let any4 = bind_address("*:5555", false).unwrap();
        assert_eq!(any4.to_string(), "0.0.0.0:5555");
        assert_eq!(bind_address("*:*", true).unwrap().to_string(), "[::]:0");
        assert_eq!(bind_address("127.0.0.1:0", false).unwrap().port(), 0);
        assert_eq!(
            bind_address("[::1]:*", true).unwrap().to_string(),
            "[::1]:0"
        );
        assert_eq!(bind_address("[::1]:*", false), Err(Error::NoDevice));
        assert_eq!(bind_address("localhost:*", false), Err(Error::NoDevice));
        assert_eq!(bind_address("127.0.0.1", false), Err(Error::Invalid));
        assert_eq!(bind_address("127.0.0.1:x", false), Err(Error::Invalid));
        assert_eq!(bind_address("127.0.0.1:70000", false), Err(Error::Invalid));
    }

    #[test]
    fn connect_forms() {
        assert_eq!(
            connect_target("127.0.0.1:5555", false).unwrap(),
            ConnectTarget::Addr("127.0.0.1:5555".parse().unwrap())
        );
        assert_eq!(connect_target("127.0.0.1:*", false), Err(Error::Invalid));
        assert_eq!(connect_target("*:5555", false), Err(Error::Invalid));
        assert_eq!(connect_target("127.0.0.1", false), Err(Error::Invalid));
        assert!(matches!(
            connect_target("[::1]:1", false).unwrap(),
            ConnectTarget::Addr(SocketAddr::V6(_))
        ));
        let named = connect_target("localhost:7", false).unwrap();
        assert!(matches!(named, ConnectTarget::Host { port: 7, .. }));
        assert_eq!(named.resolve().unwrap().port(), 7);
        let src = connect_target("127.0.0.1:0;127.0.0.1:9", false).unwrap();
        assert_eq!(src.resolve().unwrap().port(), 9);
    }

    #[test]
    fn listens_with_the_real_port() {
        let addr = bind_address("127.0.0.1:*", false).unwrap();
        let (_listener, endpoint) = listen(addr).unwrap();
        assert!(endpoint.starts_with("tcp://127.0.0.1:"));
        assert!(!endpoint.ends_with(":0"));
        let again: SocketAddr = endpoint["tcp://".len()..].parse().unwrap();
        assert_eq!(listen(again).unwrap_err(), Error::AddrInUse);
        assert_eq!(endpoint_of("[::1]:5".parse().unwrap()), "tcp://[::1]:5");
    }
}

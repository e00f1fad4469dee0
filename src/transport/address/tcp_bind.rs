//! tcp bind addresses: what `zmq_bind` accepts after `tcp://` (also the `source;` part of
//! a connect), and how each form becomes the socket address to bind, following libzmq 4.3.
//!
//! A local address is `host:port`. The host is `*` (all interfaces: `::` with `ZMQ_IPV6`
//! on, for a dual-stack socket, else `0.0.0.0`), a numeric address, or an interface name
//! (its first address of the socket's family); never a DNS name. The port may be `*` or
//! `0` (the OS picks). Errors: malformed text or a bad port `EINVAL`, an unknown
//! interface or a non-numeric host `ENODEV`; an address that is not local surfaces as
//! `EADDRNOTAVAIL` from the `bind` call itself.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV6};

use super::inet::parse_numeric_host;
use super::interfaces::{InterfaceSource, LazyTable};
use super::tcp_syntax::{self, HostPort, Zone};
use crate::error::{Error, Result};

/// The host of a local (bind or source) address, classified without lookups.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum TcpLocalHost {
    /// `*`: every interface.
    Any,
    /// A numeric address, already in the socket's family (an IPv4 literal is
    /// IPv4-mapped when `ZMQ_IPV6` is on, as libzmq's resolver returns it).
    Literal(IpAddr),
    /// Anything else: taken as an interface name, `ENODEV` if there is none.
    Interface(String),
}

/// A local tcp address as written: a bind address or a connect source.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct TcpLocal {
    /// The host.
    pub host: TcpLocalHost,
    /// The `%zone`, if any (applies when the result is IPv6).
    pub zone: Option<Zone>,
    /// The port; 0 lets the OS pick.
    pub port: u16,
    /// The socket's `ZMQ_IPV6`.
    pub ipv6: bool,
}

impl TcpLocal {
    /// Parse `host:port` as a local address. No lookups.
    ///
    /// libzmq tries an interface name before a numeric address; here a text that reads
    /// as a numeric address is one, so an interface literally named like an address
    /// (`10`) cannot be bound by name. Names like that are not used in practice.
    pub fn parse(text: &str, ipv6: bool) -> Result<TcpLocal> {
        let HostPort { host, zone, port } = tcp_syntax::split_host_port(text, true)?;
        let host = if host == "*" {
            TcpLocalHost::Any
        } else if let Some(ip) = parse_numeric_host(host, ipv6) {
            TcpLocalHost::Literal(ip)
        } else {
            TcpLocalHost::Interface(host.to_owned())
        };
        Ok(TcpLocal {
            host,
            zone,
            port,
            ipv6,
        })
    }

    /// The socket address to bind. Reads the interface table only for an interface
    /// name or a named zone.
    pub fn resolve(&self, interfaces: InterfaceSource<'_>) -> Result<SocketAddr> {
        self.resolve_in(&mut LazyTable::new(interfaces))
    }

    /// [`TcpLocal::resolve`] sharing one table read with the caller.
    pub(super) fn resolve_in(&self, table: &mut LazyTable<'_>) -> Result<SocketAddr> {
        // libzmq checks the zone before the host, so a bad zone is EINVAL even when
        // the host would be ENODEV.
        let scope = resolve_zone(self.zone.as_ref(), table)?;
        let ip = match &self.host {
            TcpLocalHost::Any if self.ipv6 => IpAddr::V6(Ipv6Addr::UNSPECIFIED),
            TcpLocalHost::Any => IpAddr::V4(Ipv4Addr::UNSPECIFIED),
            TcpLocalHost::Literal(ip) => *ip,
            TcpLocalHost::Interface(name) => table
                .get()?
                .address_of(name, self.ipv6)
                .ok_or(Error::NoDevice)?,
        };
        Ok(socket_addr(ip, self.port, scope))
    }
}

/// A parsed `tcp://` bind address.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct TcpBind {
    /// A `source;` prefix. libzmq resolves it (so an unknown interface there fails the
    /// bind with `ENODEV`) and then ignores it; so does this.
    pub ignored_source: Option<TcpLocal>,
    /// The address to bind.
    pub local: TcpLocal,
}

impl TcpBind {
    /// Parse a bind address (the text after `tcp://`). No lookups.
    pub fn parse(addr: &str, ipv6: bool) -> Result<TcpBind> {
        let (source, rest) = tcp_syntax::split_source(addr);
        let ignored_source = source.map(|text| TcpLocal::parse(text, ipv6)).transpose()?;
        let local = TcpLocal::parse(rest, ipv6)?;
        Ok(TcpBind {
            ignored_source,
            local,
        })
    }

    /// The socket address to bind.
    pub fn resolve(&self, interfaces: InterfaceSource<'_>) -> Result<SocketAddr> {
        let mut table = LazyTable::new(interfaces);
        if let Some(source) = &self.ignored_source {
            source.resolve_in(&mut table)?;
        }
        self.local.resolve_in(&mut table)
    }
}

/// Resolve a `tcp://` bind address (the text after `tcp://`) to the socket address to
/// bind, reading interfaces from the live system. With `ipv6` the result is IPv6 (the
/// listener must clear `IPV6_V6ONLY` so `::` also accepts IPv4, as libzmq does).
pub fn parse_tcp_bind(addr: &str, ipv6: bool) -> Result<SocketAddr> {
    parse_tcp_bind_with(addr, ipv6, InterfaceSource::System)
}

/// [`parse_tcp_bind`] reading interfaces from `interfaces`.
pub fn parse_tcp_bind_with(
    addr: &str,
    ipv6: bool,
    interfaces: InterfaceSource<'_>,
) -> Result<SocketAddr> {
    TcpBind::parse(addr, ipv6)?.resolve(interfaces)
}

/// zone is taken as written, as libzmq does.
pub(super) fn resolve_zone(zone: Option<&Zone>, table: &mut LazyTable<'_>) -> Result<u32> {
    match zone {
        None => Ok(0),
        Some(Zone::Index(index)) => Ok(*index),
        Some(Zone::Name(name)) => table.get()?.index_of(name).ok_or(Error::Invalid),
    }
}

/// A socket address; the scope applies to IPv6 only (libzmq sets it from the zone, 0
/// when there is none, whatever the address came from).
pub(super) fn socket_addr(ip: IpAddr, port: u16, scope: u32) -> SocketAddr {
    match ip {
        IpAddr::V4(v4) => SocketAddr::new(IpAddr::V4(v4), port),
        IpAddr::V6(v6) => SocketAddr::V6(SocketAddrV6::new(v6, port, 0, scope)),
    }
}

#[cfg(test)]
mod tests {
    use super::super::interfaces::tests::sample_table;
    use super::*;

    /// Bind through the sample table; the result as text, or the errno.
    fn bind(addr: &str, ipv6: bool) -> std::result::Result<String, i32> {
        let table = sample_table();
        parse_tcp_bind_with(addr, ipv6, InterfaceSource::Table(&table))
            .map(|sa| sa.to_string())
            .map_err(Error::errno)
    }

    const ENODEV: i32 = libc::ENODEV;
    const EINVAL: i32 = libc::EINVAL;

    #[test]
    fn bind_forms() {
        // Each row was checked against libzmq 4.3 (address bound, before the OS port).
        for (addr, ipv6, expect) in [
            ("*:5555", false, "0.0.0.0:5555"),
            ("*:*", false, "0.0.0.0:0"),
            ("*:*", true, "[::]:0"),
            ("*:0", false, "0.0.0.0:0"),
            ("127.0.0.1:*", false, "127.0.0.1:0"),
            ("0.0.0.0:*", true, "[::ffff:0.0.0.0]:0"),
            ("[::1]:*", true, "[::1]:0"),
            ("::1:*", true, "[::1]:0"),
            ("[::]:*", true, "[::]:0"),
            ("[127.0.0.1]:*", false, "127.0.0.1:0"),
            ("[127.0.0.1]:*", true, "[::ffff:127.0.0.1]:0"),
            ("[::ffff:127.0.0.1]:*", false, "127.0.0.1:0"),
            ("127.1:*", false, "127.0.0.1:0"),
            ("*:65535", false, "0.0.0.0:65535"),
            ("*%eth0:*", false, "0.0.0.0:0"),
            ("127.0.0.1%eth0:*", false, "127.0.0.1:0"),
            ("lo:*", false, "127.0.0.1:0"),
            ("lo:*", true, "[::1]:0"),
            ("eth0:5555", false, "192.0.2.2:5555"),
            ("eth0:5555", true, "[fd00::2]:5555"),
            ("eth0:1:80", false, "192.0.2.3:80"),
            ("lo%eth0:*", false, "127.0.0.1:0"),
            (
                "[fe80::fc:ff:fe00:1%eth0]:*",
                true,
                "[fe80::fc:ff:fe00:1%4]:0",
            ),
            ("[fe80::fc:ff:fe00:1%4]:*", true, "[fe80::fc:ff:fe00:1%4]:0"),
            (
                "fe80::fc:ff:fe00:1%eth0:*",
                true,
                "[fe80::fc:ff:fe00:1%4]:0",
            ),
            // A link-local bind without a zone resolves; the OS refuses it (EINVAL).
            ("[fe80::5]:*", true, "[fe80::5]:0"),
            // The source part of a bind is checked, then ignored.
            ("127.0.0.1:*;127.0.0.1:5555", false, "127.0.0.1:5555"),
            ("lo:*;*:*", false, "0.0.0.0:0"),
            ("[::1]:0;*:*", true, "[::]:0"),
        ] {
            assert_eq!(
                bind(addr, ipv6).as_deref(),
                Ok(expect),
                "{addr} ipv6={ipv6}"
            );
        }
    }

    #[test]
    fn bind_errors() {
        for (addr, ipv6, errno) in [
            ("[::1]:*", false, ENODEV),
            ("[::]:*", false, ENODEV),
            ("nosuch:*", false, ENODEV),
            ("ifb0:*", false, ENODEV),
            ("ifb0:*", true, ENODEV),
            ("v6only:*", false, ENODEV),
            ("LO:*", false, ENODEV),
            ("localhost:*", false, ENODEV),
            ("localhost:*", true, ENODEV),
            (":*", false, ENODEV),
            ("[]:*", false, ENODEV),
            ("[127.0.0.1:*", false, ENODEV),
            ("127.0.0.1]:*", false, ENODEV),
            ("**:*", false, ENODEV),
            ("* :*", false, ENODEV),
            ("127.0.0.256:*", false, ENODEV),
            ("[fe80::1%eth0]:*", false, ENODEV),
            ("*:65536", false, EINVAL),
            ("*:abc", false, EINVAL),
            ("*:5x", false, EINVAL),
            ("*:-1", false, EINVAL),
            ("*:", false, EINVAL),
            ("*", false, EINVAL),
            ("127.0.0.1", false, EINVAL),
            ("*:**", false, EINVAL),
            ("[::1]:", true, EINVAL),
            ("[fe80::1%]:*", true, EINVAL),
            ("[fe80::1%nosuch]:*", true, EINVAL),
            ("[fe80::1%0]:*", true, EINVAL),
            ("127.0.0.1%nosuch:*", false, EINVAL),
            ("nosuch%nosuch:*", false, EINVAL),
            ("nosuch:0;127.0.0.1:*", false, ENODEV),
            ("localhost:*;*:*", false, ENODEV),
            ("[::1]:0;*:*", false, ENODEV),
            ("127.0.0.1:abc;127.0.0.1:*", false, EINVAL),
            (";127.0.0.1:*", false, EINVAL),
            ("a;b;127.0.0.1:*", false, EINVAL),
            ("127.0.0.1:*;", false, EINVAL),
        ] {
            assert_eq!(bind(addr, ipv6), Err(errno), "{addr} ipv6={ipv6}");
        }
    }

    #[test]
    fn bind_parse_classifies_without_lookups() {
        let parsed = TcpBind::parse("eth0:7", false).unwrap();
        assert_eq!(parsed.local.host, TcpLocalHost::Interface("eth0".into()));
        assert_eq!(parsed.local.port, 7);
        let parsed = TcpBind::parse("*:*", true).unwrap();
        assert_eq!(parsed.local.host, TcpLocalHost::Any);
        assert!(parsed.ignored_source.is_none());
        let parsed = TcpBind::parse("10.1.2.3:9", true).unwrap();
        let mapped: IpAddr = "::ffff:10.1.2.3".parse().unwrap();
        assert_eq!(parsed.local.host, TcpLocalHost::Literal(mapped));
    }

    #[test]
    fn bind_on_the_live_system() {
        assert_eq!(
            parse_tcp_bind("lo:*", false),
            Ok("127.0.0.1:0".parse().unwrap())
        );
        assert_eq!(parse_tcp_bind("no-such-if0:*", false), Err(Error::NoDevice));
        // The parsed address goes straight to bind(2): a local one binds and reports
        // its port, a foreign one is EADDRNOTAVAIL as libzmq reports it.
        let local = parse_tcp_bind("127.0.0.1:*", false).unwrap();
        let listener = std::net::TcpListener::bind(local).unwrap();
        assert_ne!(listener.local_addr().unwrap().port(), 0);
        let foreign = parse_tcp_bind("203.0.113.77:*", false).unwrap();
        let err = Error::from(std::net::TcpListener::bind(foreign).unwrap_err());
        assert_eq!(err, Error::AddrNotAvailable);
    }
}

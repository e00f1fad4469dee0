//! tcp connect addresses: what `zmq_connect` accepts after `tcp://`, and how it becomes
//! the peer's socket address (and the source address to bind first), following libzmq 4.3.
//!
//! A connect address is `[source;]host:port`: a DNS name or a numeric address, and a
//! port (`0` is allowed, `*` is not); the optional source is a local address as for
//! bind (see [`super::tcp_bind`]). libzmq checks the text in `zmq_connect` and resolves
//! later in its I/O thread; here [`parse_tcp_connect`] is the check (no lookups) and
//! [`TcpConnect::resolve`] the lookup (may block on DNS).

use std::net::{IpAddr, SocketAddr, ToSocketAddrs};

use super::inet::parse_numeric_host;
use super::interfaces::{InterfaceSource, LazyTable};
use super::tcp_bind::{TcpLocal, resolve_zone, socket_addr};
use super::tcp_syntax::{self, HostPort, Zone};
use crate::error::{Error, Result};

/// The peer of a connect, as written.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct TcpPeer {
    /// The host: a DNS name or a numeric address, brackets and zone removed.
    pub host: String,
    /// The `%zone`, if any.
    pub zone: Option<Zone>,
    /// The port (0 is allowed, as in libzmq; the connection is then refused).
    pub port: u16,
}

/// A parsed `tcp://` connect address.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct TcpConnect {
    /// The local address to bind before connecting (`source;`), if any.
    pub source: Option<TcpLocal>,
    /// The peer.
    pub dest: TcpPeer,
    /// The socket's `ZMQ_IPV6`.
    pub ipv6: bool,
}

/// A connect address with its lookups done.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct TcpConnectResolved {
    /// The address to bind before connecting; its port may be 0.
    pub source: Option<SocketAddr>,
    /// The peer's address.
    pub dest: SocketAddr,
}

/// Parse a `tcp://` connect address (the text after `tcp://`): the checks `zmq_connect`
/// makes before returning, without lookups. `EINVAL` for what libzmq refuses at once
/// (`*` as host, `:*` as port, characters outside its set, no port) and for malformed
/// ports and sources, which libzmq only notices later while retrying in the background.
pub fn parse_tcp_connect(addr: &str, ipv6: bool) -> Result<TcpConnect> {
    if !tcp_syntax::connect_text_is_plausible(addr) {
        return Err(Error::Invalid);
    }
    let (source, rest) = tcp_syntax::split_source(addr);
    let source = source.map(|text| TcpLocal::parse(text, ipv6)).transpose()?;
    let HostPort { host, zone, port } = tcp_syntax::split_host_port(rest, false)?;
    Ok(TcpConnect {
        source,
        dest: TcpPeer {
            host: host.to_owned(),
            zone,
            port,
        },
        ipv6,
    })
}

impl TcpConnect {
    /// Resolve the source and the peer with the live system's interfaces and DNS. May
    /// block on DNS, so call it where blocking is acceptable.
    pub fn resolve(&self) -> Result<TcpConnectResolved> {
        self.resolve_with(InterfaceSource::System, &system_lookup)
    }

    /// [`TcpConnect::resolve`] with the interface table and the name lookup given: the
    /// lookup returns every address of a name, in the C library's order.
    pub fn resolve_with(
        &self,
        interfaces: InterfaceSource<'_>,
        lookup: &dyn Fn(&str) -> Result<Vec<IpAddr>>,
    ) -> Result<TcpConnectResolved> {
        let mut table = LazyTable::new(interfaces);
        let source = match &self.source {
            Some(source) => Some(source.resolve_in(&mut table)?),
            None => None,
        };
        let scope = resolve_zone(self.dest.zone.as_ref(), &mut table)?;
        let ip = match parse_numeric_host(&self.dest.host, self.ipv6) {
            Some(ip) => ip,
            None => self.look_up_peer(lookup)?,
        };
        Ok(TcpConnectResolved {
            source,
            dest: socket_addr(ip, self.dest.port, scope),
        })
    }

    /// Look the peer's name up and pick the address libzmq's `getaddrinfo` call would
    /// return: IPv4 only with `ZMQ_IPV6` off; with it on, the first IPv6 address, or
    /// else the first IPv4 address mapped into IPv6. No usable address is `EINVAL`.
    fn look_up_peer(&self, lookup: &dyn Fn(&str) -> Result<Vec<IpAddr>>) -> Result<IpAddr> {
        let host = self.dest.host.as_str();
        // An empty host or `*` never names a peer; don't ask the resolver about them
        // (an empty name would even be taken as "this host" by some resolvers).
        if host.is_empty() || host == "*" {
            return Err(Error::Invalid);
        }
        let found = lookup(host)?;
        let first_v4 = found.iter().find_map(|ip| match ip {
            IpAddr::V4(v4) => Some(*v4),
            IpAddr::V6(_) => None,
        });
        if !self.ipv6 {
            return first_v4.map(IpAddr::V4).ok_or(Error::Invalid);
        }
        found
            .iter()
            .find(|ip| ip.is_ipv6())
            .copied()
            .or_else(|| first_v4.map(|v4| IpAddr::V6(v4.to_ipv6_mapped())))
            .ok_or(Error::Invalid)
    }
}

/// The system's name lookup (`getaddrinfo` through std). A failed lookup is `EINVAL`,
/// the errno libzmq gives a connect address that does not resolve.
pub fn system_lookup(host: &str) -> Result<Vec<IpAddr>> {
    match (host, 0u16).to_socket_addrs() {
        Ok(found) => Ok(found.map(|addr| addr.ip()).collect()),
        Err(_) => Err(Error::Invalid),
    }
}

#[cfg(test)]
mod tests {
    use super::super::interfaces::tests::sample_table;
    use super::super::tcp_bind::TcpLocalHost;
    use super::*;

    const ENODEV: i32 = libc::ENODEV;
    const EINVAL: i32 = libc::EINVAL;

    /// A name lookup with fixed answers.
    fn fake_lookup(host: &str) -> Result<Vec<IpAddr>> {
        let list: &[&str] = match host {
            "dual" => &["192.0.2.10", "2001:db8::10", "192.0.2.11", "2001:db8::11"],
            "v4only" => &["192.0.2.20"],
            "v6only" => &["2001:db8::30"],
            _ => return Err(Error::Invalid),
        };
        Ok(list.iter().map(|ip| ip.parse().unwrap()).collect())
    }

    /// Parse and resolve a connect address through the sample table and fake lookup.
    fn connect(addr: &str, ipv6: bool) -> std::result::Result<(Option<String>, String), i32> {
        let table = sample_table();
        let parsed = parse_tcp_connect(addr, ipv6).map_err(Error::errno)?;
        let resolved = parsed
            .resolve_with(InterfaceSource::Table(&table), &fake_lookup)
            .map_err(Error::errno)?;
        Ok((
            resolved.source.map(|sa| sa.to_string()),
            resolved.dest.to_string(),
        ))
    }

    #[test]
    fn connect_forms() {
        let dest = |addr, ipv6| connect(addr, ipv6).map(|(_, dest)| dest);
        assert_eq!(
            dest("127.0.0.1:5555", false).as_deref(),
            Ok("127.0.0.1:5555")
        );
        assert_eq!(dest("127.0.0.1:0", false).as_deref(), Ok("127.0.0.1:0"));
        assert_eq!(
            dest("127.0.0.1:5555", true).as_deref(),
            Ok("[::ffff:127.0.0.1]:5555")
        );
        assert_eq!(dest("[::1]:5555", true).as_deref(), Ok("[::1]:5555"));
        assert_eq!(dest("::1:5555", true).as_deref(), Ok("[::1]:5555"));
        assert_eq!(
            dest("[127.0.0.1]:5555", false).as_deref(),
            Ok("127.0.0.1:5555")
        );
        assert_eq!(dest("127.1:5555", false).as_deref(), Ok("127.0.0.1:5555"));
        assert_eq!(
            dest("[fe80::1%eth0]:1", true).as_deref(),
            Ok("[fe80::1%4]:1")
        );
        // Names: IPv4 only without ZMQ_IPV6; with it, IPv6 first, else mapped IPv4.
        assert_eq!(dest("dual:1", false).as_deref(), Ok("192.0.2.10:1"));
        assert_eq!(dest("dual:1", true).as_deref(), Ok("[2001:db8::10]:1"));
        assert_eq!(
            dest("v4only:1", true).as_deref(),
            Ok("[::ffff:192.0.2.20]:1")
        );
        assert_eq!(dest("v6only:1", true).as_deref(), Ok("[2001:db8::30]:1"));
    }

    #[test]
    fn connect_sources() {
        let both = |addr, ipv6| connect(addr, ipv6);
        let pair = |src: &str, dst: &str| Ok((Some(src.to_owned()), dst.to_owned()));
        assert_eq!(
            both("127.0.0.1:0;127.0.0.1:5555", false),
            pair("127.0.0.1:0", "127.0.0.1:5555")
        );
        assert_eq!(
            both("127.0.0.1:*;127.0.0.1:5555", false),
            pair("127.0.0.1:0", "127.0.0.1:5555")
        );
        assert_eq!(
            both("lo:4000;dual:5555", false),
            pair("127.0.0.1:4000", "192.0.2.10:5555")
        );
        assert_eq!(
            both("eth0:0;dual:1", true),
            pair("[fd00::2]:0", "[2001:db8::10]:1")
        );
        assert_eq!(
            both("[::1]:0;[::1]:5555", true),
            pair("[::1]:0", "[::1]:5555")
        );
        assert_eq!(
            both("127.0.0.1:0;127.0.0.1:5555", false)
                .unwrap()
                .0
                .as_deref(),
            Some("127.0.0.1:0")
        );
        // A source that does not resolve fails the resolution.
        assert_eq!(both("nosuch:0;127.0.0.1:5555", false), Err(ENODEV));
        assert_eq!(both("dual:0;127.0.0.1:5555", false), Err(ENODEV));
        assert_eq!(both("[::1]:0;127.0.0.1:5555", false), Err(ENODEV));
        assert_eq!(both("a;b;127.0.0.1:5555", false), Err(EINVAL));
        let parsed = parse_tcp_connect("1.2.3.4:0;127.0.0.1:5555", false).unwrap();
        let source = parsed.source.unwrap();
        assert_eq!(
            source.host,
            TcpLocalHost::Literal("1.2.3.4".parse().unwrap())
        );
    }

    #[test]
    fn connect_errors() {
        for (addr, ipv6) in [
            // Refused by zmq_connect itself in libzmq.
            ("127.0.0.1:*", false),
            ("*:5555", false),
            ("*:5555", true),
            ("127.0.0.1", false),
            ("127.0.0.1:", false),
            ("127.0.0.1:abc", false),
            ("127.0.0.1:-1", false),
            ("*:0;127.0.0.1:5555", false),
            ("127.0.0.1:0;127.0.0.1:*", false),
            (";127.0.0.1:5555", false),
            ("a b:5555", false),
            ("-:5555", false),
            // Refused later by libzmq's resolver; refused at once here.
            ("127.0.0.1:65536", false),
            ("127.0.0.1:5x", false),
            ("127.0.0.1:abc;127.0.0.1:5555", false),
            ("127.0.0.1:0;", false),
            // Resolution failures.
            (":5555", false),
            ("[]:5555", false),
            ("[::1:5555", false),
            ("[::1]:5555", false),
            ("v6only:1", false),
            ("unknown:1", false),
            ("[fe80::1%nosuch]:1", true),
        ] {
            assert_eq!(connect(addr, ipv6), Err(EINVAL), "{addr} ipv6={ipv6}");
        }
    }

    #[test]
    fn connect_resolves_localhost_through_the_system() {
        let parsed = parse_tcp_connect("localhost:5555", false).unwrap();
        let resolved = parsed.resolve().unwrap();
        assert!(resolved.dest.ip().is_loopback());
        assert_eq!(resolved.dest.port(), 5555);
        assert!(resolved.source.is_none());
        let parsed = parse_tcp_connect("localhost:5555", true).unwrap();
        let dest = parsed.resolve().unwrap().dest;
        // ::1 where the hosts file has it, else 127.0.0.1 mapped into IPv6.
        assert!(dest.is_ipv6());
        assert!(matches!(dest.ip(), IpAddr::V6(v6) if v6.is_loopback()
            || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())));
    }
}

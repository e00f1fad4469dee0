//! `tcp://` sockets: the listening socket of a `zmq_bind`, the connecting socket of
//! each connect attempt, and the endpoint names `zmq_unbind`/`zmq_disconnect` match.
//!
//! Addresses are parsed and resolved by [`crate::transport::address`] (interface names,
//! `*`, IPv4, IPv6 with `ZMQ_IPV6`, host names on connect, the `source;` prefix). Here
//! they become OS sockets with the socket's options applied the way libzmq applies
//! them: before `bind`/`connect`, `SO_BINDTODEVICE` (its failure fails the bind, or the
//! connect attempt), `IP_TOS` (and `IPV6_TCLASS` on IPv6), `SO_PRIORITY`, `SO_SNDBUF`
//! and `SO_RCVBUF` when not -1, dual-stack IPv6, and `SO_REUSEADDR` on a listener or a
//! connect with a source address; then `listen` with `ZMQ_BACKLOG`. `ZMQ_USE_FD` makes
//! a bind adopt the application's listening socket instead (the address is then not
//! read, as in libzmq). Keepalives and `TCP_USER_TIMEOUT` go on each connection, once
//! it is established ([`crate::engine::stream::Stream::tune`]).

use std::io;
use std::net::SocketAddr;
use std::os::fd::{AsRawFd, OwnedFd, RawFd};

use super::address::tcp_syntax;
use super::address::{
    InterfaceSource, TcpConnect, TcpConnectResolved, TcpPeer, format_tcp_endpoint,
    parse_tcp_bind_with,
};
use super::{ConnectFailure, ListenFailure};
use crate::error::{Error, Result};
use crate::options::ConnectionOptions;
use crate::sys::sockopt::{self, Family};

/// Set what must be set before `bind`/`connect` on a new TCP socket for `addr`.
/// Only a failed `SO_BINDTODEVICE` is an error (libzmq ignores or asserts the rest).
fn prepare(fd: &OwnedFd, addr: &SocketAddr, options: &ConnectionOptions) -> io::Result<()> {
    let raw = fd.as_raw_fd();
    if addr.is_ipv6() {
        // Dual stack: `::` also accepts IPv4 peers, as libzmq sets it up.
        let _ = sockopt::set_int(raw, libc::IPPROTO_IPV6, libc::IPV6_V6ONLY, 0);
    }
    if !options.bindtodevice.is_empty() {
        sockopt::bind_to_device(raw, &options.bindtodevice)?;
    }
    set_tos_and_priority(raw, addr.is_ipv6(), options);
    set_buffers(raw, options);
    Ok(())
}

/// `ZMQ_TOS` (as `IP_TOS`, and `IPV6_TCLASS` on an IPv6 socket) and `ZMQ_PRIORITY`,
/// each when not 0. Failures are ignored: an unprivileged `SO_PRIORITY` above 6 is
/// `EPERM`, where libzmq would abort.
pub fn set_tos_and_priority(fd: RawFd, ipv6: bool, options: &ConnectionOptions) {
    if options.tos != 0 {
        let _ = sockopt::set_int(fd, libc::IPPROTO_IP, libc::IP_TOS, options.tos);
        if ipv6 {
            let _ = sockopt::set_int(fd, libc::IPPROTO_IPV6, libc::IPV6_TCLASS, options.tos);
        }
    }
    if options.priority != 0 {
        let _ = sockopt::set_int(fd, libc::SOL_SOCKET, libc::SO_PRIORITY, options.priority);
    }
}

/// `ZMQ_SNDBUF` and `ZMQ_RCVBUF`, each when not -1.
pub fn set_buffers(fd: RawFd, options: &ConnectionOptions) {
    if options.sndbuf >= 0 {
        let _ = sockopt::set_int(fd, libc::SOL_SOCKET, libc::SO_SNDBUF, options.sndbuf);
    }
    if options.rcvbuf >= 0 {
        let _ = sockopt::set_int(fd, libc::SOL_SOCKET, libc::SO_RCVBUF, options.rcvbuf);
    }
}

/// Listen for `zmq_bind(tcp://address)`: the listener and its endpoint with the real
/// address and port (`ZMQ_LAST_ENDPOINT`).
pub fn listen(
    address: &str,
    options: &ConnectionOptions,
) -> std::result::Result<(mio::net::TcpListener, String), ListenFailure> {
    if options.use_fd >= 0 {
        return Ok(adopt(options.use_fd, Family::Inet).and_then(finish_listener)?);
    }
    let addr = parse_tcp_bind_with(address, options.ipv6, InterfaceSource::System)?;
    listen_on(&addr, options)
}

/// A new TCP socket for `addr`; where the system has no IPv6 (`EAFNOSUPPORT`), an
/// IPv6 address that has an IPv4 form (`::`, `::ffff:a.b.c.d`) falls back to it, as
/// libzmq does with `ZMQ_IPV6` on such a system.
fn open_socket(addr: &mut SocketAddr) -> io::Result<OwnedFd> {
    match sockopt::tcp_socket(addr) {
        Err(err) if err.raw_os_error() == Some(libc::EAFNOSUPPORT) => {
            *addr = ipv4_fallback(addr).ok_or(err)?;
            sockopt::tcp_socket(addr)
        }
        other => other,
    }
}

/// The IPv4 form of an IPv6 socket address, if it has one.
fn ipv4_fallback(addr: &SocketAddr) -> Option<SocketAddr> {
    let SocketAddr::V6(v6) = addr else {
        return None;
    };
    let ip = if v6.ip().is_unspecified() {
        std::net::Ipv4Addr::UNSPECIFIED
    } else {
        v6.ip().to_ipv4_mapped()?
    };
    Some(SocketAddr::from((ip, v6.port())))
}

/// A listening socket on `addr` with `options` applied. As in libzmq, a socket that
/// cannot bind or listen is reported closed (with no endpoint name yet); one whose
/// `SO_BINDTODEVICE` is refused is closed without a report.
pub fn listen_on(
    addr: &SocketAddr,
    options: &ConnectionOptions,
) -> std::result::Result<(mio::net::TcpListener, String), ListenFailure> {
    let mut addr = *addr;
    let fd = open_socket(&mut addr)?;
    prepare(&fd, &addr, options)?;
    let listening = sockopt::set_int(fd.as_raw_fd(), libc::SOL_SOCKET, libc::SO_REUSEADDR, 1)
        .and_then(|()| sockopt::bind(&fd, &addr))
        .and_then(|()| sockopt::listen(&fd, options.backlog));
    if let Err(err) = listening {
        return Err(ListenFailure::closing(fd, String::new(), err));
    }
    Ok(finish_listener(fd)?)
}

fn finish_listener(fd: OwnedFd) -> Result<(mio::net::TcpListener, String)> {
    let listener = std::net::TcpListener::from(fd);
    let endpoint = format_tcp_endpoint(listener.local_addr()?);
    Ok((mio::net::TcpListener::from_std(listener), endpoint))
}

/// `ZMQ_USE_FD`: a descriptor of our own for the application's listening socket, which
/// must be a socket of `family` that listens. libzmq takes whatever it is given and
/// aborts later on a bad one; here a closed descriptor is `EBADF`, a file `ENOTSOCK`,
/// and a socket of another family or one that does not listen `EINVAL`.
pub fn adopt(fd: i32, family: Family) -> Result<OwnedFd> {
    if sockopt::family(fd)? != family
        || sockopt::get_int(fd, libc::SOL_SOCKET, libc::SO_ACCEPTCONN)? != 1
    {
        return Err(Error::Invalid);
    }
    let own = sockopt::duplicate(fd)?;
    sockopt::set_nonblocking(own.as_raw_fd())?;
    Ok(own)
}

/// Open a socket and start connecting it to `target.dest`, from `target.source` when
/// there is one. As in libzmq, a socket whose source bind or connect fails at once is
/// reported closed; one whose `SO_BINDTODEVICE` is refused is closed without a report.
pub fn start_connect(
    target: &TcpConnectResolved,
    options: &ConnectionOptions,
) -> std::result::Result<mio::net::TcpStream, ConnectFailure> {
    let mut dest = target.dest;
    let fd = open_socket(&mut dest)?;
    prepare(&fd, &dest, options)?;
    let started =
        bind_source(&fd, target.source, &dest).and_then(|()| sockopt::connect(&fd, &dest));
    if let Err(err) = started {
        return Err(ConnectFailure::closing(fd, err));
    }
    Ok(mio::net::TcpStream::from_std(std::net::TcpStream::from(fd)))
}

/// Bind a connecting socket to its `source` address, if it has one.
fn bind_source(fd: &OwnedFd, source: Option<SocketAddr>, dest: &SocketAddr) -> io::Result<()> {
    let Some(source) = source else {
        return Ok(());
    };
    // Several connects may share a source port towards different servers.
    sockopt::set_int(fd.as_raw_fd(), libc::SOL_SOCKET, libc::SO_REUSEADDR, 1)?;
    let source = match dest {
        SocketAddr::V4(_) => ipv4_fallback(&source).unwrap_or(source),
        SocketAddr::V6(_) => source,
    };
    sockopt::bind(fd, &source)
}

/// The name under which `zmq_unbind`/`zmq_disconnect` look for `tcp://address` when
/// it is not the string an endpoint was recorded under: the address resolved as for a
/// connect (numeric, or a host name through DNS; a `source;` prefix is dropped) and
/// printed as `ZMQ_LAST_ENDPOINT` prints it. So `tcp://localhost:5555` finds
/// `tcp://127.0.0.1:5555`, while an interface name or a `*` host finds nothing, as in
/// libzmq. `None` when it does not resolve.
pub fn lookup_name(address: &str, ipv6: bool) -> Option<String> {
    let (_, rest) = tcp_syntax::split_source(address);
    let split = tcp_syntax::split_host_port(rest, true).ok()?;
    let peer = TcpConnect {
        source: None,
        dest: TcpPeer {
            host: split.host.to_owned(),
            zone: split.zone,
            port: split.port,
        },
        ipv6,
    };
    let resolved = peer.resolve().ok()?;
    Some(format_tcp_endpoint(resolved.dest))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> ConnectionOptions {
        ConnectionOptions::default()
    }

    #[test]
    fn listens_with_the_real_port() {
        let (_listener, endpoint) = listen("127.0.0.1:*", &options()).unwrap();
        assert!(endpoint.starts_with("tcp://127.0.0.1:"));
        assert!(!endpoint.ends_with(":0"));
        let taken = &endpoint["tcp://".len()..];
        assert_eq!(
            listen(taken, &options()).unwrap_err().error,
            Error::AddrInUse
        );
        let (_lo, endpoint) = listen("lo:*", &options()).unwrap();
        assert!(endpoint.starts_with("tcp://127.0.0.1:"));
    }

    #[test]
    fn bind_errors_are_libzmqs() {
        assert_eq!(
            listen("no-such-if0:*", &options()).unwrap_err().error,
            Error::NoDevice
        );
        assert_eq!(
            listen("[::1]:*", &options()).unwrap_err().error,
            Error::NoDevice
        );
        assert_eq!(
            listen("127.0.0.1", &options()).unwrap_err().error,
            Error::Invalid
        );
        assert_eq!(
            listen("203.0.113.7:*", &options()).unwrap_err().error,
            Error::AddrNotAvailable
        );
        let mut ipv6 = options();
        ipv6.ipv6 = true;
        let (_listener, endpoint) = listen("[::1]:*", &ipv6).unwrap();
        assert!(endpoint.starts_with("tcp://[::1]:"), "{endpoint}");
        let mut device = options();
        device.bindtodevice = b"no-such-dev0".to_vec();
        let err = listen("127.0.0.1:*", &device).unwrap_err();
        assert!(
            matches!(err.error.errno(), libc::ENODEV | libc::EPERM),
            "{err:?}"
        );
        // As libzmq, a refused device closes the socket without a report.
        assert_eq!(err.closed, None);
    }

    #[test]
    fn a_socket_that_cannot_bind_is_reported_closed() {
        let (_listener, endpoint) = listen("127.0.0.1:*", &options()).unwrap();
        let taken = &endpoint["tcp://".len()..];
        // libzmq names it by nothing: the endpoint is set only once it listens.
        let (fd, name) = listen(taken, &options()).unwrap_err().closed.unwrap();
        assert!(fd > 2 && name.is_empty());
        let failed = listen("203.0.113.7:*", &options()).unwrap_err();
        assert!(failed.closed.is_some());
        // Nothing was opened for an unknown interface.
        assert!(
            listen("no-such-if0:*", &options())
                .unwrap_err()
                .closed
                .is_none()
        );
    }

    #[test]
    fn backlog_and_buffers_reach_the_listener() {
        let mut tuned = options();
        tuned.backlog = 7;
        tuned.rcvbuf = 50_000;
        tuned.tos = 0x20;
        let (listener, _) = listen("127.0.0.1:*", &tuned).unwrap();
        let fd = listener.as_raw_fd();
        assert_eq!(sockopt::listen_backlog(fd).unwrap(), 7);
        assert_eq!(
            sockopt::get_int(fd, libc::SOL_SOCKET, libc::SO_RCVBUF).unwrap(),
            100_000
        );
        assert_eq!(
            sockopt::get_int(fd, libc::IPPROTO_IP, libc::IP_TOS).unwrap(),
            0x20
        );
    }

    #[test]
    fn adopts_only_listening_sockets_of_its_family() {
        let std_listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let mut adopt_it = options();
        adopt_it.use_fd = std_listener.as_raw_fd();
        let (listener, endpoint) = listen("ignored", &adopt_it).unwrap();
        let port = std_listener.local_addr().unwrap().port();
        assert_eq!(endpoint, format!("tcp://127.0.0.1:{port}"));
        assert_ne!(listener.as_raw_fd(), std_listener.as_raw_fd());
        let unix = std::os::unix::net::UnixDatagram::unbound().unwrap();
        assert_eq!(
            adopt(unix.as_raw_fd(), Family::Inet).unwrap_err(),
            Error::Invalid
        );
        let client = std::net::TcpStream::connect(std_listener.local_addr().unwrap()).unwrap();
        assert_eq!(
            adopt(client.as_raw_fd(), Family::Inet).unwrap_err(),
            Error::Invalid
        );
        assert_eq!(adopt(-1, Family::Inet).unwrap_err().errno(), libc::EBADF);
    }

    #[test]
    fn connects_from_a_source_address() {
        let (listener, endpoint) = listen("127.0.0.1:*", &options()).unwrap();
        let dest: SocketAddr = endpoint["tcp://".len()..].parse().unwrap();
        let source_listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let source = source_listener.local_addr().unwrap();
        drop(source_listener);
        let target = TcpConnectResolved {
            source: Some(source),
            dest,
        };
        let stream = start_connect(&target, &options()).unwrap();
        let accepted = loop {
            match listener.accept() {
                Ok((_, peer)) => break peer,
                Err(err) if err.kind() == io::ErrorKind::WouldBlock => std::thread::yield_now(),
                Err(err) => panic!("{err}"),
            }
        };
        assert_eq!(accepted, source);
        drop(stream);
    }

    #[test]
    fn ipv4_forms_of_ipv6_addresses() {
        let v4 = |text: &str| ipv4_fallback(&text.parse().unwrap()).map(|a| a.to_string());
        assert_eq!(v4("[::]:5").as_deref(), Some("0.0.0.0:5"));
        assert_eq!(v4("[::ffff:127.0.0.1]:6").as_deref(), Some("127.0.0.1:6"));
        assert_eq!(v4("[::1]:7"), None);
        assert_eq!(v4("127.0.0.1:8"), None);
    }

    #[test]
    fn lookup_names_resolve_as_a_connect_does() {
        assert_eq!(
            lookup_name("localhost:5555", false).as_deref(),
            Some("tcp://127.0.0.1:5555")
        );
        assert_eq!(
            lookup_name("127.1:7", false).as_deref(),
            Some("tcp://127.0.0.1:7")
        );
        assert_eq!(
            lookup_name("lo:0;127.0.0.1:9", false).as_deref(),
            Some("tcp://127.0.0.1:9")
        );
        assert_eq!(
            lookup_name("[::1]:5", true).as_deref(),
            Some("tcp://[::1]:5")
        );
        assert_eq!(lookup_name("*:5", false), None);
        assert_eq!(lookup_name("no-such-host.invalid:5", false), None);
        assert_eq!(lookup_name("127.0.0.1", false), None);
    }
}

//! tcp:// endpoints and connection options through the socket API, checked on the
//! real descriptors: interface names and IPv6 on bind, a host name and a source
//! address on connect, the names unbind and disconnect accept, the options read back
//! from the connection (`ZMQ_SRCFD`), and `ZMQ_CONNECT_TIMEOUT` aborting a connect
//! that hangs.

mod common;

use std::collections::HashSet;
use std::net::SocketAddr;
use std::os::fd::AsRawFd;
use std::time::{Duration, Instant};

use common::*;
use oxzmq::sys::sockopt;
use oxzmq::{Context, Error, Msg, Socket};

const SNDBUF: i32 = 11;
const RCVBUF: i32 = 12;
const TCP_KEEPALIVE: i32 = 34;
const TCP_KEEPALIVE_IDLE: i32 = 36;
const TOS: i32 = 57;
const IPV6: i32 = 42;
const CONNECT_TIMEOUT: i32 = 79;
const TCP_MAXRT: i32 = 80;
const BACKLOG: i32 = 19;
const BINDTODEVICE: i32 = 92;

fn port_of(endpoint: &str) -> u16 {
    endpoint.rsplit(':').next().unwrap().parse().unwrap()
}

/// Send from `from`, receive on `to`, and return the connection's descriptor there.
fn connection_fd(from: &mut Socket, to: &mut Socket) -> i32 {
    send(from, b"probe", false);
    let msg: Msg = recv(to);
    assert_eq!(msg.data(), b"probe");
    msg.metadata().and_then(|m| m.source_fd()).unwrap()
}

#[test]
fn interface_names_and_ipv6_on_bind() {
    let ctx = Context::new();
    let mut server = socket(&ctx, PAIR);
    server.bind("tcp://lo:*").unwrap();
    let endpoint = last_endpoint(&mut server);
    assert!(endpoint.starts_with("tcp://127.0.0.1:"), "{endpoint}");
    assert_eq!(server.bind("tcp://no-such-if0:*"), Err(Error::NoDevice));
    assert_eq!(server.bind("tcp://[::1]:*"), Err(Error::NoDevice));
    assert_eq!(
        server.bind("tcp://203.0.113.77:*"),
        Err(Error::AddrNotAvailable)
    );
    assert_eq!(server.connect("tcp://*:5555"), Err(Error::Invalid));

    // A host name, resolved when connecting.
    let mut client = socket(&ctx, PAIR);
    client
        .connect(&format!("tcp://localhost:{}", port_of(&endpoint)))
        .unwrap();
    send(&mut client, b"hello", false);
    assert_eq!(recv(&mut server).data(), b"hello");

    // IPv6, dual-stack: an IPv4 peer reaches a `*` bind of an IPv6 socket.
    let mut v6 = socket(&ctx, PULL);
    set_int(&mut v6, IPV6, 1);
    v6.bind("tcp://*:*").unwrap();
    let any = last_endpoint(&mut v6);
    assert!(any.starts_with("tcp://[::]:"), "{any}");
    let mut v4_peer = socket(&ctx, PUSH);
    v4_peer
        .connect(&format!("tcp://127.0.0.1:{}", port_of(&any)))
        .unwrap();
    send(&mut v4_peer, b"v4 to v6", false);
    assert_eq!(recv(&mut v6).data(), b"v4 to v6");
    let mut v6_peer = socket(&ctx, PUSH);
    set_int(&mut v6_peer, IPV6, 1);
    v6_peer
        .connect(&format!("tcp://[::1]:{}", port_of(&any)))
        .unwrap();
    send(&mut v6_peer, b"v6 to v6", false);
    assert_eq!(recv(&mut v6).data(), b"v6 to v6");
}

#[test]
fn a_source_address_is_bound_before_connecting() {
    let ctx = Context::new();
    let mut server = socket(&ctx, PAIR);
    let endpoint = bind_fresh(&mut server, "tcp");
    let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let source = free.local_addr().unwrap();
    drop(free);
    let mut client = socket(&ctx, PAIR);
    set_int(&mut client, RECONNECT_IVL, 10);
    client
        .connect(&format!("tcp://{source};{}", &endpoint["tcp://".len()..]))
        .unwrap();
    let fd = connection_fd(&mut client, &mut server);
    // The accepted connection's peer is the source we named.
    assert_eq!(peer_of(fd), source);
}

/// The peer address of a connection the library owns (read through a duplicate of
/// its descriptor, which is ours to close).
fn peer_of(fd: i32) -> SocketAddr {
    let copy = std::net::TcpStream::from(sockopt::duplicate(fd).unwrap());
    copy.peer_addr().unwrap()
}

#[test]
fn unbind_and_disconnect_find_resolved_names() {
    let ctx = Context::new();
    let mut s = socket(&ctx, PULL);
    s.bind("tcp://*:*").unwrap();
    let endpoint = last_endpoint(&mut s);
    let port = port_of(&endpoint);
    assert_eq!(s.unbind(&format!("tcp://*:{port}")), Err(Error::NotFound));
    s.unbind(&format!("tcp://0.0.0.0:{port}")).unwrap();

    let mut c = socket(&ctx, PUSH);
    c.connect("tcp://127.0.0.1:9").unwrap();
    assert_eq!(c.disconnect("tcp://lo:9"), Err(Error::NotFound));
    c.disconnect("tcp://localhost:9").unwrap();
    c.connect("tcp://localhost:9").unwrap();
    assert_eq!(c.disconnect("tcp://127.0.0.1:9"), Err(Error::NotFound));
    // One operation: unbind finds a connected endpoint too.
    c.unbind("tcp://localhost:9").unwrap();
}

#[test]
fn options_reach_the_connections() {
    let ctx = Context::new();
    let mut a = socket(&ctx, PAIR);
    let mut b = socket(&ctx, PAIR);
    for s in [&mut a, &mut b] {
        set_int(s, SNDBUF, 100_000);
        set_int(s, RCVBUF, 60_000);
        set_int(s, TOS, 0x10);
        set_int(s, TCP_KEEPALIVE, 1);
        set_int(s, TCP_KEEPALIVE_IDLE, 44);
        set_int(s, TCP_MAXRT, 1234);
        set_int(s, BACKLOG, 9);
    }
    let endpoint = bind_fresh(&mut a, "tcp");
    b.connect(&endpoint).unwrap();
    for fd in [connection_fd(&mut b, &mut a), connection_fd(&mut a, &mut b)] {
        let get = |level, name| sockopt::get_int(fd, level, name).unwrap();
        assert_eq!(get(libc::SOL_SOCKET, libc::SO_SNDBUF), 200_000);
        assert_eq!(get(libc::SOL_SOCKET, libc::SO_RCVBUF), 120_000);
        assert_eq!(get(libc::IPPROTO_IP, libc::IP_TOS), 0x10);
        assert_eq!(get(libc::SOL_SOCKET, libc::SO_KEEPALIVE), 1);
        assert_eq!(get(libc::IPPROTO_TCP, libc::TCP_KEEPIDLE), 44);
        assert_eq!(get(libc::IPPROTO_TCP, libc::TCP_USER_TIMEOUT), 1234);
        assert_eq!(get(libc::IPPROTO_TCP, libc::TCP_NODELAY), 1);
    }
}

#[test]
fn bind_to_device_applies_or_fails_honestly() {
    let ctx = Context::new();
    let mut a = socket(&ctx, PAIR);
    a.set_option(BINDTODEVICE, Some(b"no-such-dev0")).unwrap();
    let err = a.bind("tcp://127.0.0.1:*").unwrap_err();
    // ENODEV, or EPERM where the process may not bind to devices at all.
    assert!(matches!(err.errno(), libc::ENODEV | libc::EPERM), "{err:?}");
    let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let allowed = sockopt::bind_to_device(probe.as_raw_fd(), b"lo").is_ok();
    a.set_option(BINDTODEVICE, Some(b"lo")).unwrap();
    if !allowed {
        assert_eq!(
            a.bind("tcp://127.0.0.1:*").unwrap_err().errno(),
            libc::EPERM
        );
        return;
    }
    let endpoint = bind_fresh(&mut a, "tcp");
    let mut b = socket(&ctx, PAIR);
    b.set_option(BINDTODEVICE, Some(b"lo")).unwrap();
    b.connect(&endpoint).unwrap();
    for fd in [connection_fd(&mut b, &mut a), connection_fd(&mut a, &mut b)] {
        assert_eq!(sockopt::bound_device(fd).unwrap(), "lo");
    }
}

/// The local ports of this host's TCP sockets in SYN_SENT towards `port`
/// (`/proc/net/tcp`: state 02, addresses in hex).
fn syn_sent_ports(port: u16) -> HashSet<u16> {
    let table = std::fs::read_to_string("/proc/net/tcp").unwrap();
    let mut ports = HashSet::new();
    for line in table.lines().skip(1) {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let (Some(local), Some(remote), Some(state)) =
            (fields.get(1), fields.get(2), fields.get(3))
        else {
            continue;
        };
        let hex_port = |addr: &str| u16::from_str_radix(addr.rsplit(':').next()?, 16).ok();
        if *state == "02" && hex_port(remote) == Some(port) {
            ports.extend(hex_port(local));
        }
    }
    ports
}

#[test]
fn a_connect_that_hangs_is_aborted_and_retried() {
    // A listener whose accept queue is full drops new SYNs: a connect to it hangs
    // (the kernel would retry its SYN after a second, from the same port).
    let addr: SocketAddr = "127.0.0.1:0".parse().unwrap();
    let fd = sockopt::tcp_socket(&addr).unwrap();
    sockopt::bind(&fd, &addr).unwrap();
    sockopt::listen(&fd, 0).unwrap();
    let listener = std::net::TcpListener::from(fd);
    let port = listener.local_addr().unwrap().port();
    // One established connection, never accepted, fills a queue of backlog 0.
    let filler = std::net::TcpStream::connect(listener.local_addr().unwrap()).unwrap();
    let ctx = Context::new();
    let mut push = socket(&ctx, PUSH);
    set_int(&mut push, CONNECT_TIMEOUT, 30);
    set_int(&mut push, RECONNECT_IVL, 10);
    push.connect(&format!("tcp://127.0.0.1:{port}")).unwrap();
    // Each attempt is a new socket with a new local port: seeing two of them in
    // SYN_SENT means the first was given up on and another made.
    let mut seen = HashSet::new();
    let start = Instant::now();
    while seen.len() < 2 {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "only {seen:?} tried"
        );
        seen.extend(syn_sent_ports(port));
        std::thread::yield_now();
    }
    drop(filler);
    drop(listener);
}

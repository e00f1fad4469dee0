//! Raw-socket peers for the hostile-peer tests (`tests/hostile_*.rs`).
//!
//! An [`Arena`] is one oxzmq socket on tcp:// or ipc://, either bound (the raw peer
//! connects to it) or connected to a raw listener the test owns (the raw peer is the
//! connection oxzmq makes, accepted by the test; oxzmq reconnects after a drop). The
//! raw peer is a plain [`Raw`] stream: the test writes whatever bytes it likes,
//! built with [`wire`], or drives a proper ZMTP [`Session`] over it to play a good
//! peer ([`Arena::good_peer_exchange`]).
//!
//! Every case ends with [`assert_dropped`] (oxzmq closed the connection) and a good
//! peer exchanging messages with the same socket. Hangs fail after [`GUARD`]; that
//! bound guards against a hang, nothing is timed.
#![allow(dead_code)]

pub mod wire;

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::os::fd::AsRawFd;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use oxzmq::zmtp::{Event, ProtocolError, Session, SessionConfig};
use oxzmq::{Context, Msg, Socket};

pub const PAIR: i32 = 0;
pub const PULL: i32 = 7;
pub const PUSH: i32 = 8;
const LINGER: i32 = 17;
pub const RECONNECT_IVL: i32 = 18;
const RCVTIMEO: i32 = 27;
pub const SNDTIMEO: i32 = 28;
const LAST_ENDPOINT: i32 = 32;
pub const MAXMSGSIZE: i32 = 22;
pub const SNDHWM: i32 = 23;
pub const HANDSHAKE_IVL: i32 = 66;
pub const DONTWAIT: i32 = 1;

/// How long anything may take before the test calls it a hang.
pub const GUARD: Duration = Duration::from_secs(10);

pub const TRANSPORTS: [&str; 2] = ["tcp", "ipc"];

/// Which side oxzmq takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// oxzmq binds; the raw peer connects.
    Binds,
    /// oxzmq connects to a raw listener; the raw peer is the accepted connection.
    Connects,
}

pub const ROLES: [Role; 2] = [Role::Binds, Role::Connects];

/// One raw connection to or from oxzmq.
pub enum Raw {
    Tcp(TcpStream),
    Unix(UnixStream),
}

impl Raw {
    fn connect(endpoint: &str) -> Raw {
        if let Some(addr) = endpoint.strip_prefix("tcp://") {
            let stream = TcpStream::connect(addr).unwrap();
            stream.set_nodelay(true).unwrap();
            Raw::Tcp(stream)
        } else {
            let path = endpoint.strip_prefix("ipc://").unwrap();
            Raw::Unix(UnixStream::connect(path).unwrap())
        }
    }

    pub fn set_read_timeout(&self, timeout: Option<Duration>) {
        match self {
            Raw::Tcp(s) => s.set_read_timeout(timeout).unwrap(),
            Raw::Unix(s) => s.set_read_timeout(timeout).unwrap(),
        }
    }

    /// Close our write side only (FIN for TCP); we can still read.
    pub fn shutdown_write(&self) {
        match self {
            Raw::Tcp(s) => s.shutdown(Shutdown::Write).unwrap(),
            Raw::Unix(s) => s.shutdown(Shutdown::Write).unwrap(),
        }
    }

    /// Close abruptly: for TCP with `SO_LINGER` 0, so the kernel sends RST.
    pub fn reset(self) {
        if let Raw::Tcp(stream) = &self {
            let linger = libc::linger {
                l_onoff: 1,
                l_linger: 0,
            };
            // SAFETY: the descriptor is open (owned by `stream`), and the pointer and
            // length describe a live `linger` for the duration of the call.
            let rc = unsafe {
                libc::setsockopt(
                    stream.as_raw_fd(),
                    libc::SOL_SOCKET,
                    libc::SO_LINGER,
                    (&raw const linger).cast(),
                    std::mem::size_of::<libc::linger>() as libc::socklen_t,
                )
            };
            assert_eq!(rc, 0, "SO_LINGER: {}", io::Error::last_os_error());
        }
        drop(self);
    }

    /// Write everything, ignoring a peer that already closed (a hostile peer keeps
    /// writing after the point oxzmq drops it).
    pub fn send(&mut self, bytes: &[u8]) {
        let _ = self.write_all(bytes);
    }
}

impl Read for Raw {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Raw::Tcp(s) => s.read(buf),
            Raw::Unix(s) => s.read(buf),
        }
    }
}

impl Write for Raw {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Raw::Tcp(s) => s.write(buf),
            Raw::Unix(s) => s.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

enum RawListener {
    Tcp(TcpListener),
    Unix(UnixListener, PathBuf),
}

impl RawListener {
    /// A listener on a fresh endpoint; returns it with the endpoint to connect to.
    fn new(transport: &str) -> (RawListener, String) {
        if transport == "tcp" {
            let listener = TcpListener::bind("127.0.0.1:0").unwrap();
            listener.set_nonblocking(true).unwrap();
            let endpoint = format!("tcp://{}", listener.local_addr().unwrap());
            (RawListener::Tcp(listener), endpoint)
        } else {
            let dir = fresh_dir();
            let path = dir.join("sock");
            let listener = UnixListener::bind(&path).unwrap();
            listener.set_nonblocking(true).unwrap();
            let endpoint = format!("ipc://{}", path.display());
            (RawListener::Unix(listener, dir), endpoint)
        }
    }

    /// The next connection oxzmq makes.
    fn accept(&self) -> Raw {
        let start = Instant::now();
        loop {
            let accepted = match self {
                RawListener::Tcp(l) => l.accept().map(|(s, _)| {
                    s.set_nonblocking(false).unwrap();
                    s.set_nodelay(true).unwrap();
                    Raw::Tcp(s)
                }),
                RawListener::Unix(l, _) => l.accept().map(|(s, _)| {
                    s.set_nonblocking(false).unwrap();
                    Raw::Unix(s)
                }),
            };
            match accepted {
                Ok(raw) => return raw,
                Err(err) if err.kind() == io::ErrorKind::WouldBlock => {
                    assert!(start.elapsed() < GUARD, "oxzmq never (re)connected");
                    std::thread::sleep(Duration::from_millis(1));
                }
                Err(err) => panic!("accept: {err}"),
            }
        }
    }
}

impl Drop for RawListener {
    fn drop(&mut self) {
        if let RawListener::Unix(_, dir) = self {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

fn fresh_dir() -> PathBuf {
    use std::sync::atomic::{AtomicU32, Ordering};
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let dir = std::env::temp_dir().join(format!(
        "oxzmq-hostile-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn set_int(socket: &mut Socket, option: i32, value: i32) {
    socket
        .set_option(option, Some(&value.to_ne_bytes()))
        .unwrap();
}

/// One oxzmq socket facing raw peers.
pub struct Arena {
    pub transport: &'static str,
    pub role: Role,
    pub socket_type: i32,
    socket: Option<Socket>,
    ctx: Option<Context>,
    listener: Option<RawListener>,
    endpoint: String,
    /// Messages the good peers exchanged so far (each exchange is unique).
    exchanges: u32,
    /// Raw connections made so far.
    connections: u32,
}

impl Arena {
    /// A socket of `socket_type` in `role` over `transport`; `configure` sets options
    /// before it binds or connects.
    pub fn new(
        transport: &'static str,
        role: Role,
        socket_type: i32,
        configure: impl FnOnce(&mut Socket),
    ) -> Arena {
        let ctx = Context::new();
        let mut socket = ctx.socket(socket_type).unwrap();
        set_int(&mut socket, RCVTIMEO, GUARD.as_millis() as i32);
        set_int(&mut socket, SNDTIMEO, GUARD.as_millis() as i32);
        set_int(&mut socket, LINGER, 0);
        set_int(&mut socket, RECONNECT_IVL, 10);
        configure(&mut socket);
        let (listener, endpoint) = match role {
            Role::Binds => {
                match transport {
                    "tcp" => socket.bind("tcp://127.0.0.1:*").unwrap(),
                    _ => socket.bind("ipc://*").unwrap(),
                }
                let mut buf = [0u8; 256];
                let n = socket.get_option(LAST_ENDPOINT, &mut buf).unwrap();
                let text = buf[..n].strip_suffix(&[0]).unwrap_or(&buf[..n]);
                (None, String::from_utf8(text.to_vec()).unwrap())
            }
            Role::Connects => {
                let (listener, endpoint) = RawListener::new(transport);
                socket.connect(&endpoint).unwrap();
                (Some(listener), endpoint)
            }
        };
        Arena {
            transport,
            role,
            socket_type,
            socket: Some(socket),
            ctx: Some(ctx),
            listener,
            endpoint,
            exchanges: 0,
            connections: 0,
        }
    }

    pub fn socket(&mut self) -> &mut Socket {
        self.socket.as_mut().unwrap()
    }

    /// A new raw connection with the socket.
    ///
    /// When oxzmq connects, every connection after the first is made on a fresh
    /// endpoint: as libzmq, a connecter whose peer broke the protocol gives its
    /// endpoint up for good, so the old endpoint is disconnected (it may already be
    /// gone) and a new listener is connected.
    pub fn peer(&mut self) -> Raw {
        if self.role == Role::Connects && self.connections > 0 {
            let old = std::mem::take(&mut self.endpoint);
            let _ = self.socket().disconnect(&old);
            let (listener, endpoint) = RawListener::new(self.transport);
            self.socket().connect(&endpoint).unwrap();
            self.listener = Some(listener);
            self.endpoint = endpoint;
        }
        self.connections += 1;
        match &self.listener {
            None => Raw::connect(&self.endpoint),
            Some(listener) => listener.accept(),
        }
    }

    /// A raw connection whose ZMTP handshake is done (we announced `peer_type`).
    pub fn handshaken_peer(&mut self, peer_type: i32) -> (Raw, Session) {
        let mut raw = self.peer();
        let session = handshake(&mut raw, peer_type);
        (raw, session)
    }

    /// The socket type a good peer of this socket has.
    pub fn good_type(&self) -> i32 {
        match self.socket_type {
            PUSH => PULL,
            PULL => PUSH,
            other => other,
        }
    }

    /// A well-behaved peer connects (or is connected to), and messages go each way
    /// the socket type allows: the socket survived whatever came before.
    pub fn good_peer_exchange(&mut self) {
        let (mut raw, mut peer) = self.handshaken_peer(self.good_type());
        self.exchanges += 1;
        let text = format!("good-{}-{}", self.transport, self.exchanges);
        if self.socket_type != PULL {
            let mut msg = Msg::from_slice(text.as_bytes());
            self.socket().send(&mut msg, 0).unwrap();
            // A pipe kept across reconnections (oxzmq connecting) may deliver what was
            // queued for the dropped connection first: skip it.
            loop {
                let got = next_message(&mut raw, &mut peer);
                if got.data() == text.as_bytes() {
                    break;
                }
            }
        }
        if self.socket_type != PUSH {
            peer.send(Msg::from_slice(text.as_bytes())).unwrap();
            flush(&mut raw, &mut peer);
            let got = self.socket().recv(0).unwrap();
            assert_eq!(got.data(), text.as_bytes());
        }
    }

    /// Close the socket and terminate the context (this must not hang).
    pub fn finish(mut self) {
        drop(self.socket.take());
        self.ctx.take().unwrap().terminate().unwrap();
    }
}

impl Drop for Arena {
    fn drop(&mut self) {
        drop(self.socket.take());
        if let Some(ctx) = self.ctx.take() {
            let _ = ctx.terminate();
        }
    }
}

/// How oxzmq should have ended a connection; what the socket monitor will report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Why {
    /// The handshake failed on this protocol error: libzmq reports
    /// `ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL` with its `monitor_code()`.
    HandshakeFailed(ProtocolError),
    /// The handshake did not finish within `ZMQ_HANDSHAKE_IVL`.
    HandshakeTimeout,
    /// An established connection was dropped: the peer broke the protocol (this
    /// error) or the connection (`None`); libzmq reports `ZMQ_EVENT_DISCONNECTED`.
    Disconnected(Option<ProtocolError>),
}

/// oxzmq closed the connection (we read end of stream or a reset) for `why`.
pub fn assert_dropped(raw: &mut Raw, why: Why) {
    let start = Instant::now();
    raw.set_read_timeout(Some(Duration::from_millis(50)));
    let mut buf = [0u8; 4096];
    loop {
        match raw.read(&mut buf) {
            Ok(0) => break,
            Ok(_) => {}
            Err(err)
                if matches!(
                    err.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) => {}
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            // A reset also ends the connection.
            Err(_) => break,
        }
        assert!(
            start.elapsed() < GUARD,
            "oxzmq kept the connection open ({why:?} expected)"
        );
    }
    // monitor: once zmq_socket_monitor exists, assert here that the socket reported
    // `why` (HANDSHAKE_FAILED_PROTOCOL with its code / DISCONNECTED) for this peer.
}

/// Drive a ZMTP session of `peer_type` over `raw` until its handshake is done.
pub fn handshake(raw: &mut Raw, peer_type: i32) -> Session {
    let mut session = Session::new(SessionConfig::new(peer_type), Instant::now()).unwrap();
    raw.set_read_timeout(Some(GUARD));
    let mut buf = [0u8; 4096];
    loop {
        flush(raw, &mut session);
        match session.poll_event() {
            Some(Event::Ready { .. }) => return session,
            Some(other) => panic!("handshake: {other:?}"),
            None => {}
        }
        let n = raw.read(&mut buf).expect("handshake read");
        assert!(n > 0, "oxzmq closed the connection during the handshake");
        session.feed(&buf[..n], Instant::now());
    }
}

/// Write what `session` has to say.
pub fn flush(raw: &mut Raw, session: &mut Session) {
    let mut out = Vec::new();
    session.drain_transmit(&mut out);
    raw.write_all(&out).unwrap();
}

/// The next message oxzmq sends to `session`.
pub fn next_message(raw: &mut Raw, session: &mut Session) -> Msg {
    raw.set_read_timeout(Some(GUARD));
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        flush(raw, session);
        match session.poll_event() {
            Some(Event::Message(msg)) => return msg,
            Some(other) => panic!("expected a message: {other:?}"),
            None => {}
        }
        let n = raw.read(&mut buf).expect("read");
        assert!(n > 0, "oxzmq closed the connection");
        session.feed(&buf[..n], Instant::now());
    }
}

/// Every transport and role, one fresh arena each.
pub fn each_arena(
    socket_type: i32,
    configure: impl Fn(&mut Socket),
    mut case: impl FnMut(&mut Arena),
) {
    for transport in TRANSPORTS {
        for role in ROLES {
            eprintln!("-- {transport}, oxzmq {role:?}");
            let mut arena = Arena::new(transport, role, socket_type, &configure);
            case(&mut arena);
            arena.good_peer_exchange();
            arena.finish();
        }
    }
}

/// `VmRSS` of this process in bytes.
pub fn rss_bytes() -> u64 {
    status_field("VmRSS:") * 1024
}

/// Threads of this process.
pub fn thread_count() -> u64 {
    status_field("Threads:")
}

fn status_field(name: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with(name)).unwrap();
    line[name.len()..]
        .trim()
        .trim_end_matches(" kB")
        .parse()
        .unwrap()
}

/// Open descriptors of this process.
pub fn fd_count() -> usize {
    std::fs::read_dir("/proc/self/fd").unwrap().count()
}

/// Wait (within [`GUARD`]) until `value()` is at most `limit`; returns the last value.
pub fn settles_to<T: PartialOrd + Copy>(limit: T, value: impl Fn() -> T) -> T {
    let start = Instant::now();
    loop {
        let now = value();
        if now <= limit || start.elapsed() >= GUARD {
            return now;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

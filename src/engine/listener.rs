//! A bound endpoint in its I/O thread: accepts connections and starts an
//! [`Engine`] for each (which gives the socket a pipe once the handshake succeeds).
//!
//! The listening socket itself is made by the socket's thread at `zmq_bind`, so that
//! `EADDRINUSE` and the real port of `tcp://…:*` are known before `zmq_bind` returns;
//! only accepting happens here. Peers refused by `ZMQ_TCP_ACCEPT_FILTER` or
//! `ZMQ_IPC_FILTER_*` are closed at once. When accepting fails for lack of
//! descriptors the listener pauses briefly instead of spinning.

use std::io;
use std::os::fd::AsRawFd;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use mio::Interest;
use mio::net::{TcpListener, UnixListener};

use super::Setup;
use super::connection::Engine;
use super::monitoring;
use super::stream::Stream;
use crate::ctx::command::Command;
use crate::ctx::reactor::{Cx, Handler, Readiness};
use crate::monitor::{Endpoints, Role, event};
use crate::sys::net::peer_credentials;
use crate::sys::users::user_in_group;

/// How long accepting pauses after the system ran out of descriptors or memory.
const ACCEPT_RETRY: Duration = Duration::from_millis(100);

/// The listening socket.
#[derive(Debug)]
pub enum Acceptor {
    /// `tcp://`.
    Tcp(TcpListener),
    /// `ipc://`.
    Ipc(UnixListener),
}

impl Acceptor {
    /// The listening descriptor (the value of `LISTENING` and `CLOSED` events).
    pub fn fd(&self) -> i32 {
        match self {
            Acceptor::Tcp(listener) => listener.as_raw_fd(),
            Acceptor::Ipc(listener) => listener.as_raw_fd(),
        }
    }

    fn accept(&self) -> io::Result<Stream> {
        match self {
            Acceptor::Tcp(listener) => listener.accept().map(|(s, _)| Stream::Tcp(s)),
            Acceptor::Ipc(listener) => listener.accept().map(|(s, _)| Stream::Ipc(s)),
        }
    }
}

/// Files an IPC listener owns: removed when it closes.
#[derive(Debug, Default)]
pub struct OwnedPath {
    /// The socket file.
    pub file: Option<PathBuf>,
    /// A directory made for `ipc://*`, removed after the file.
    pub dir: Option<PathBuf>,
}

impl OwnedPath {
    fn remove(&mut self) {
        if let Some(file) = self.file.take() {
            let _ = std::fs::remove_file(file);
        }
        if let Some(dir) = self.dir.take() {
            let _ = std::fs::remove_dir(dir);
        }
    }
}

impl Drop for OwnedPath {
    fn drop(&mut self) {
        self.remove();
    }
}

/// A bound endpoint.
pub struct Listener {
    acceptor: Acceptor,
    setup: Arc<Setup>,
    path: OwnedPath,
    retry_at: Option<Instant>,
    done: bool,
}

impl Listener {
    /// A listener accepting on `acceptor` for the socket of `setup`; `path` is
    /// removed when it closes.
    pub fn new(acceptor: Acceptor, setup: Arc<Setup>, path: OwnedPath) -> Listener {
        Listener {
            acceptor,
            setup,
            path,
            retry_at: None,
            done: false,
        }
    }

    fn accept_all(&mut self, cx: &mut Cx<'_>) {
        while !self.done && self.retry_at.is_none() {
            match self.acceptor.accept() {
                Ok(stream) => {
                    if !self.admits(&stream) {
                        continue;
                    }
                    let endpoints =
                        monitoring::connection_endpoints(&stream, &self.setup, Role::Bind);
                    let fd = stream.fd();
                    monitoring::fd_event(&self.setup, event::ACCEPTED, fd, &endpoints);
                    // A mechanism not built fails here; the connection is dropped.
                    if let Ok(mut engine) = Engine::new(stream, self.setup.clone(), None, cx.now())
                    {
                        engine.set_endpoints(endpoints);
                        cx.spawn(Box::new(engine));
                    }
                }
                Err(err) if err.kind() == io::ErrorKind::WouldBlock => return,
                Err(err) => {
                    let errno = err.raw_os_error().unwrap_or(libc::EIO);
                    let endpoints = Endpoints::bound(&self.setup.endpoint);
                    monitoring::error_event(&self.setup, event::ACCEPT_FAILED, errno, &endpoints);
                    match errno {
                        // The peer gave up before we accepted: next.
                        libc::ECONNABORTED | libc::EINTR | libc::EPROTO | libc::EPERM => {}
                        // Out of descriptors or memory: pause, or we would spin.
                        _ => self.retry_at = Some(cx.now() + ACCEPT_RETRY),
                    }
                }
            }
        }
    }

    /// Whether the accept filters let this peer in.
    fn admits(&self, stream: &Stream) -> bool {
        let connection = &self.setup.options.connection;
        match stream {
            Stream::Tcp(tcp) => {
                let filters = &connection.tcp_accept_filters;
                filters.is_empty()
                    || tcp
                        .peer_addr()
                        .is_ok_and(|peer| filters.iter().any(|f| f.matches(peer.ip())))
            }
            Stream::Ipc(unix) => {
                let (pids, uids, gids) = (
                    &connection.ipc_filter_pids,
                    &connection.ipc_filter_uids,
                    &connection.ipc_filter_gids,
                );
                if pids.is_empty() && uids.is_empty() && gids.is_empty() {
                    return true;
                }
                // As libzmq: the peer passes if any list names it, or if its user is
                // a listed member of one of the groups.
                peer_credentials(unix.as_raw_fd()).is_some_and(|(pid, uid, gid)| {
                    pids.contains(&pid)
                        || uids.contains(&uid)
                        || gids.contains(&gid)
                        || gids.iter().any(|&group| user_in_group(uid, group))
                })
            }
        }
    }
}

impl Handler for Listener {
    fn start(&mut self, cx: &mut Cx<'_>) {
        let registered = match &mut self.acceptor {
            Acceptor::Tcp(l) => cx.registry().register(l, cx.token(), Interest::READABLE),
            Acceptor::Ipc(l) => cx.registry().register(l, cx.token(), Interest::READABLE),
        };
        if registered.is_err() {
            self.close(cx);
            return;
        }
        self.accept_all(cx);
    }

    fn ready(&mut self, cx: &mut Cx<'_>, _readiness: Readiness) {
        self.accept_all(cx);
    }

    fn command(&mut self, _cx: &mut Cx<'_>, _command: Command) {}

    fn timeout(&mut self, cx: &mut Cx<'_>) {
        self.retry_at = None;
        self.accept_all(cx);
    }

    fn deadline(&self) -> Option<Instant> {
        self.retry_at
    }

    fn close(&mut self, _cx: &mut Cx<'_>) {
        if !self.done {
            let endpoints = Endpoints::bound(&self.setup.endpoint);
            monitoring::fd_event(&self.setup, event::CLOSED, self.acceptor.fd(), &endpoints);
        }
        self.done = true;
        self.path.remove();
    }

    fn is_done(&self) -> bool {
        self.done
    }
}

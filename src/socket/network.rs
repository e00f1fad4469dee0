//! A socket's `tcp://` and `ipc://` endpoints, as seen from the socket's thread.
//!
//! `zmq_bind` makes the listening socket here (so `EADDRINUSE` and the real port are
//! known at once) and hands it to an I/O thread as a
//! [`Listener`](crate::engine::listener::Listener); accepted connections come back as
//! pipes in `Attach` commands once their handshake succeeds. `zmq_connect` makes the
//! pipe at once (unless `ZMQ_IMMEDIATE`), attaches its end and hands the other to a
//! [`Connecter`](crate::engine::connecter::Connecter), so messages can be queued
//! before the peer exists. Unbind, disconnect and close let the pipes go (their
//! engines then deliver what is queued within `ZMQ_LINGER`) and tell the I/O objects
//! to finish, through the same task queue that started them, so the order holds.

use std::sync::{Arc, mpsc};
use std::time::Duration;

use mio::Token;

use super::Socket;
use crate::ctx::io_thread::IoHandle;
use crate::engine::connecter::{Connecter, Target};
use crate::engine::listener::{Acceptor, Listener, OwnedPath};
use crate::engine::{Setup, SocketLink};
use crate::error::{Error, Result};
use crate::monitor::Monitor;
use crate::pipe;
use crate::transport::address::parse_tcp_connect;
use crate::transport::{Endpoint, Transport, ipc, tcp};

/// An I/O object of the socket: where it lives and its token there.
struct Remote {
    io: IoHandle,
    token: Token,
}

/// How long closing a listener waits for its I/O thread (only a thread that died
/// would take longer).
const CLOSE_WAIT: Duration = Duration::from_secs(5);

impl Remote {
    /// Ask the object to finish (after everything sent to it before).
    fn close(&self) {
        let token = self.token;
        self.io.send(Box::new(move |reactor| reactor.close(token)));
    }

    /// Close a listener and wait until it has: its port or path is free when
    /// `zmq_unbind` or `zmq_close` returns, so it can be bound again at once
    /// (libzmq closes it later, and a quick rebind may fail).
    fn close_and_wait(&self) {
        let token = self.token;
        let (done, wait) = mpsc::channel();
        self.io.send(Box::new(move |reactor| {
            reactor.close(token);
            let _ = done.send(());
        }));
        let _ = wait.recv_timeout(CLOSE_WAIT);
    }
}

/// A bound endpoint, by its resolved name (`ZMQ_LAST_ENDPOINT`).
struct Bound {
    resolved: String,
    remote: Remote,
}

/// A connected endpoint, by the string given to `zmq_connect`.
struct Connected {
    given: String,
    remote: Remote,
    /// What its connecter was made with: names it in `Command::EndpointGone`.
    setup: Arc<Setup>,
}

/// The socket's network endpoints.
pub(super) struct Network {
    link: Arc<SocketLink>,
    bound: Vec<Bound>,
    connected: Vec<Connected>,
}

impl Network {
    /// No endpoints yet; `link` is what the I/O objects will know of the socket.
    pub(super) fn new(link: Arc<SocketLink>) -> Network {
        Network {
            link,
            bound: Vec::new(),
            connected: Vec::new(),
        }
    }

    /// The socket's `ZMQ_LINGER` changed.
    pub(super) fn set_linger(&self, linger: i32) {
        self.link.set_linger(linger);
    }

    /// Whether a pipe made for `endpoint` may still join: its network endpoint is
    /// still bound or connected (an `Attach` may arrive after an unbind).
    pub(super) fn admits(&self, endpoint: Option<&str>) -> bool {
        let Some(endpoint) = endpoint else {
            return true;
        };
        if !(endpoint.starts_with("tcp://") || endpoint.starts_with("ipc://")) {
            return true;
        }
        self.names(endpoint)
    }

    /// Whether an endpoint is recorded under `name`.
    fn names(&self, name: &str) -> bool {
        self.bound.iter().any(|b| b.resolved == name)
            || self.connected.iter().any(|c| c.given == name)
    }

    /// The socket's monitor (shared with its I/O objects).
    pub(super) fn monitor(&self) -> &Monitor {
        &self.link.monitor
    }

    /// Whether `endpoint` is one of the socket's bound network endpoints (as
    /// resolved): tells the monitor which side a pipe's endpoint is.
    pub(super) fn binds(&self, endpoint: &str) -> bool {
        self.bound.iter().any(|b| b.resolved == endpoint)
    }

    /// The connecter made with `setup` finished on its own for good: forget its
    /// endpoint, as libzmq's session asks its socket to when it will not reconnect.
    /// Its pipe, if any, is left to hang up by itself, so what it brought in can
    /// still be read.
    pub(super) fn forget(&mut self, setup: &Arc<Setup>) {
        self.connected.retain(|c| !Arc::ptr_eq(&c.setup, setup));
    }

    /// The socket closes: every I/O object finishes (connections linger).
    pub(super) fn close_all(&mut self) {
        for bound in self.bound.drain(..) {
            bound.remote.close_and_wait();
        }
        for connected in self.connected.drain(..) {
            connected.remote.close();
        }
    }
}

/// `ZMQ_RECONNECT_STOP_AFTER_DISCONNECT`.
const RECONNECT_STOP_AFTER_DISCONNECT: i32 = 4;

impl Socket {
    /// An I/O thread for a new endpoint (`EMTHREAD` if the context has none).
    fn io_thread(&self) -> Result<IoHandle> {
        let mut state = self.ctx.lock();
        let state = &mut *state;
        match state.threads.io_thread(&state.options)? {
            Some(thread) => Ok(thread.handle()),
            None => Err(Error::NoThread),
        }
    }

    /// What the connections of a new endpoint share.
    fn setup(&self, endpoint: &str) -> Setup {
        Setup {
            socket: self.net.link.clone(),
            options: self.options.clone(),
            endpoint: endpoint.to_owned(),
            conflate: self.options.conflate && self.kind.honours_conflate(),
        }
    }

    /// `zmq_bind` to a `tcp://` or `ipc://` endpoint.
    pub(super) fn bind_network(&mut self, endpoint: Endpoint<'_>) -> Result<()> {
        // As libzmq, an I/O thread is found before the endpoint is tried.
        let io = self.io_thread()?;
        let connection = &self.options.connection;
        let listening = match endpoint.transport {
            Transport::Tcp => {
                tcp::listen(endpoint.address, connection).map(|(listener, resolved)| {
                    (Acceptor::Tcp(listener), resolved, OwnedPath::default())
                })
            }
            _ => ipc::listen(endpoint.address, connection)
                .map(|(listener, resolved, owned)| (Acceptor::Ipc(listener), resolved, owned)),
        };
        match listening {
            Ok((acceptor, resolved, owned)) => {
                self.start_listener(io, acceptor, resolved, owned);
                Ok(())
            }
            Err(failure) => {
                self.monitor_bind_failed(endpoint.address, &failure);
                Err(failure.error)
            }
        }
    }

    /// Hand the listener of a new endpoint to an I/O thread.
    fn start_listener(
        &mut self,
        io: IoHandle,
        acceptor: Acceptor,
        resolved: String,
        owned: OwnedPath,
    ) {
        self.monitor_listening(&resolved, acceptor.fd());
        let listener = Listener::new(acceptor, Arc::new(self.setup(&resolved)), owned);
        let token = io.token();
        io.send(Box::new(move |reactor| {
            reactor.add(token, Box::new(listener))
        }));
        self.net.bound.push(Bound {
            resolved: resolved.clone(),
            remote: Remote { io, token },
        });
        self.options.last_endpoint = resolved;
    }

    /// `zmq_connect` to a `tcp://` or `ipc://` endpoint.
    pub(super) fn connect_network(&mut self, uri: &str, endpoint: Endpoint<'_>) -> Result<()> {
        let target = match endpoint.transport {
            Transport::Tcp => Target::Tcp(parse_tcp_connect(
                endpoint.address,
                self.options.connection.ipv6,
            )?),
            _ => Target::Ipc(ipc::connect_address(endpoint.address)?),
        };
        let io = self.io_thread()?;
        let setup = Arc::new(self.setup(uri));
        let token = io.token();
        self.options.last_endpoint = uri.to_owned();
        self.net.connected.push(Connected {
            given: uri.to_owned(),
            remote: Remote {
                io: io.clone(),
                token,
            },
            setup: setup.clone(),
        });
        let pipe = if self.options.immediate {
            None
        } else {
            let (mut ours, theirs) = pipe::pair(
                self.mailbox.clone(),
                Some(io.mailbox().clone()),
                setup.outbound_flow(),
                setup.inbound_flow(),
            );
            ours.set_endpoint(uri);
            // A PAIR that has its peer refuses the pipe. As libzmq, the call succeeds
            // and the endpoint is kept (`zmq_disconnect` finds it) and connects, its
            // monitor events included; the pipe its handshake then offers is refused
            // too, so nothing flows through it.
            self.attach(ours).then_some(theirs)
        };
        let connecter = Connecter::new(target, setup, pipe);
        io.send(Box::new(move |reactor| {
            reactor.add(token, Box::new(connecter))
        }));
        Ok(())
    }

    /// `zmq_unbind` or `zmq_disconnect` of a `tcp://` or `ipc://` endpoint: as in
    /// libzmq the two are one operation over bound and connected endpoints alike. An
    /// endpoint is found by the name it was recorded under (the resolved endpoint of a
    /// bind, the string given to a connect), or else, for tcp, by `uri` resolved as a
    /// connect resolves it (see [`tcp::lookup_name`]). Its connections go too.
    pub(super) fn term_network(&mut self, uri: &str, endpoint: Endpoint<'_>) -> Result<()> {
        let mut key = uri.to_owned();
        if !self.net.names(&key) && endpoint.transport == Transport::Tcp {
            match tcp::lookup_name(endpoint.address, self.options.connection.ipv6) {
                Some(resolved) => key = resolved,
                None => return Err(Error::NotFound),
            }
        }
        let (bound, kept): (Vec<_>, Vec<_>) =
            self.net.bound.drain(..).partition(|b| b.resolved == key);
        self.net.bound = kept;
        let (connected, kept): (Vec<_>, Vec<_>) =
            self.net.connected.drain(..).partition(|c| c.given == key);
        self.net.connected = kept;
        if bound.is_empty() && connected.is_empty() {
            return Err(Error::NotFound);
        }
        if self.options.connection.reconnect_stop & RECONNECT_STOP_AFTER_DISCONNECT != 0 {
            self.net.link.set_disconnected();
        }
        self.drop_pipes_of(&key);
        for bound in bound {
            bound.remote.close_and_wait();
        }
        for connected in connected {
            connected.remote.close();
        }
        Ok(())
    }

    fn drop_pipes_of(&mut self, endpoint: &str) {
        for slot in self.pipes.slots_for_endpoint(endpoint) {
            self.pattern.detach(slot);
            self.pipes.remove(slot);
        }
    }
}

//! When a [`Connecter`] calls again and when it gives up: a reactor driven by the test
//! thread runs one connecter against a scripted TCP peer in another thread. A
//! connecter that gives up leaves the reactor (its handler count drops to 0), which
//! is what the tests wait for; one that calls again is seen by the peer accepting
//! another connection.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use mio::{Events, Poll};

use super::connecter::{Connecter, Target};
use super::{Setup, SocketLink};
use crate::ctx::mailbox::Mailbox;
use crate::ctx::reactor::{Reactor, Tokens};
use crate::options::Options;
use crate::transport::address::parse_tcp_connect;
use crate::zmtp::{Session, SessionConfig};

/// `ZMQ_PAIR`, `ZMQ_PUSH`.
const PAIR: i32 = 0;
const PUSH: i32 = 8;
/// Long enough for anything here to happen on a loaded machine; only a broken
/// connecter reaches it.
const PATIENCE: Duration = Duration::from_secs(20);

/// What the peer does with each connection it accepts.
#[derive(Clone, Copy)]
enum Script {
    /// Close it at once (a connection lost during the handshake).
    Close,
    /// Greet as a PUSH socket (incompatible with the PAIR connecter: a protocol
    /// error), then wait for the connecter to close.
    GreetAsPush,
}

/// A connecter of a PAIR socket with `stop` as `ZMQ_RECONNECT_STOP`, in a reactor.
struct Rig {
    reactor: Reactor,
    events: Events,
    link: Arc<SocketLink>,
}

impl Rig {
    fn new(addr: SocketAddr, stop: i32, link_disconnected: bool) -> Rig {
        Rig::with_interval(addr, stop, link_disconnected, 5)
    }

    fn with_interval(addr: SocketAddr, stop: i32, link_disconnected: bool, ivl: i32) -> Rig {
        let tokens = Arc::new(Tokens::default());
        tokens.next();
        let mut reactor = Reactor::new(
            Poll::new().unwrap(),
            Arc::new(Mailbox::new().unwrap()),
            tokens.clone(),
        )
        .unwrap();
        let link = Arc::new(SocketLink::new(Arc::new(Mailbox::new().unwrap()), 0));
        if link_disconnected {
            link.set_disconnected();
        }
        let mut options = Options::new(PAIR);
        options.connection.reconnect_ivl = ivl;
        options.connection.reconnect_stop = stop;
        let endpoint = format!("tcp://{addr}");
        let setup = Arc::new(Setup {
            socket: link.clone(),
            options,
            endpoint: endpoint.clone(),
            conflate: false,
        });
        let target = Target::Tcp(parse_tcp_connect(&addr.to_string(), false).unwrap());
        reactor.add(tokens.next(), Box::new(Connecter::new(target, setup, None)));
        Rig {
            reactor,
            events: Events::with_capacity(16),
            link,
        }
    }

    /// Turn the reactor until `done` says so.
    fn run_until(&mut self, mut done: impl FnMut(&Reactor) -> bool) {
        let start = Instant::now();
        while !done(&self.reactor) {
            assert!(start.elapsed() < PATIENCE, "the connecter never got there");
            self.reactor.turn(&mut self.events).unwrap();
        }
    }

    /// Turn until the connecter has given up.
    fn run_until_given_up(&mut self) {
        self.run_until(|reactor| reactor.handler_count() == 0);
    }
}

/// A peer on 127.0.0.1 that plays `script` on each connection and reports each
/// accept.
fn peer(script: Script) -> (SocketAddr, mpsc::Receiver<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let (accepted, reports) = mpsc::channel();
    std::thread::spawn(move || serve(listener, script, accepted));
    (addr, reports)
}

fn serve(listener: TcpListener, script: Script, accepted: mpsc::Sender<()>) {
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else { return };
        if accepted.send(()).is_err() {
            return;
        }
        match script {
            Script::Close => drop(stream),
            Script::GreetAsPush => {
                // Speak ZMTP until the connecter drops the connection.
                let mut session = Session::new(SessionConfig::new(PUSH), Instant::now()).unwrap();
                let mut buf = [0u8; 512];
                loop {
                    let mut out = Vec::new();
                    session.drain_transmit(&mut out);
                    if stream.write_all(&out).is_err() {
                        break;
                    }
                    match stream.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => session.feed(&buf[..n], Instant::now()),
                    }
                }
            }
        }
    }
}

/// An address where nothing listens (a port the kernel handed out and took back).
fn closed_port() -> SocketAddr {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
}

#[test]
fn a_refusal_stops_only_with_conn_refused() {
    let mut rig = Rig::new(closed_port(), 1, false);
    rig.run_until_given_up();

    // Without the bit, it calls until someone answers.
    let addr = closed_port();
    let mut rig = Rig::new(addr, 0, false);
    for _ in 0..3 {
        rig.reactor.turn(&mut rig.events).unwrap();
    }
    let listener = TcpListener::bind(addr).unwrap();
    let (accepted, reports) = mpsc::channel();
    std::thread::spawn(move || serve(listener, Script::Close, accepted));
    rig.run_until(|_| reports.try_recv().is_ok());
    assert_eq!(rig.reactor.handler_count(), 1);
}

#[test]
fn a_protocol_error_is_never_retried() {
    let (addr, reports) = peer(Script::GreetAsPush);
    let mut rig = Rig::new(addr, 0, false);
    rig.run_until_given_up();
    assert!(reports.try_recv().is_ok());
}

#[test]
fn a_connection_lost_in_the_handshake_stops_only_with_handshake_failed() {
    let (addr, reports) = peer(Script::Close);
    let mut rig = Rig::new(addr, 2, false);
    rig.run_until_given_up();
    assert!(reports.try_recv().is_ok());

    // Without the bit: called again and again.
    let (addr, reports) = peer(Script::Close);
    let mut rig = Rig::new(addr, 0, false);
    let mut seen = 0;
    rig.run_until(|_| {
        seen += reports.try_iter().count();
        seen >= 3
    });
    assert_eq!(rig.reactor.handler_count(), 1);
}

#[test]
fn after_disconnect_stops_once_the_socket_has_disconnected() {
    // The bit alone does not stop a socket that never disconnected anything.
    let (addr, reports) = peer(Script::Close);
    let mut rig = Rig::new(addr, 4, false);
    let mut seen = 0;
    rig.run_until(|_| {
        seen += reports.try_iter().count();
        seen >= 2
    });
    assert!(!rig.link.has_disconnected());
    // Once it has, the next loss is the last.
    rig.link.set_disconnected();
    rig.run_until_given_up();

    let (addr, _reports) = peer(Script::Close);
    let mut rig = Rig::new(addr, 4, true);
    rig.run_until_given_up();
}

#[test]
fn an_interval_of_zero_or_minus_one_never_calls_again() {
    for ivl in [0, -1] {
        let mut rig = Rig::with_interval(closed_port(), 0, false, ivl);
        rig.run_until_given_up();
        let (addr, reports) = peer(Script::Close);
        let mut rig = Rig::with_interval(addr, 0, false, ivl);
        rig.run_until_given_up();
        assert!(reports.try_recv().is_ok(), "the first attempt is made");
    }
}

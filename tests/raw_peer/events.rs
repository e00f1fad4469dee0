//! The socket monitor of an [`Arena`](super::Arena): every event the socket
//! reports (format 1, read by a PAIR over inproc://), sorted into the connections
//! they belong to, so that a test can check the exact sequence one raw peer caused
//! while other connections (earlier peers, oxzmq's own reconnections, listeners)
//! report what they like.
//!
//! A connection is opened by `ACCEPTED` or `CONNECTED` (value: its descriptor) on an
//! endpoint and ended by `DISCONNECTED` with the same descriptor. Handshake events
//! carry no descriptor: one belongs to the open connection of its endpoint that has
//! not had its handshake event yet. When several such connections are open the event
//! cannot be placed; the connections it may belong to are marked, and asserting on
//! one of them fails rather than guess.

use std::collections::HashMap;

use oxzmq::zmtp::ProtocolError;
use oxzmq::zmtp::error::HandshakeReport;
use oxzmq::{Context, Error, Socket};

pub const CONNECTED: u16 = 0x0001;
pub const CONNECT_DELAYED: u16 = 0x0002;
pub const ACCEPTED: u16 = 0x0020;
pub const DISCONNECTED: u16 = 0x0200;
pub const HANDSHAKE_FAILED_NO_DETAIL: u16 = 0x0800;
pub const HANDSHAKE_SUCCEEDED: u16 = 0x1000;
pub const HANDSHAKE_FAILED_PROTOCOL: u16 = 0x2000;
pub const HANDSHAKE_FAILED_AUTH: u16 = 0x4000;
const ALL_EVENTS: u64 = 0xFFFF;
const HANDSHAKE_EVENTS: [u16; 4] = [
    HANDSHAKE_FAILED_NO_DETAIL,
    HANDSHAKE_SUCCEEDED,
    HANDSHAKE_FAILED_PROTOCOL,
    HANDSHAKE_FAILED_AUTH,
];

/// One event in format 1: id, value, endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MonitorEvent {
    pub id: u16,
    pub value: u32,
    pub endpoint: String,
}

/// Which connection of the socket a raw peer is: the `ordinal`-th (from 0)
/// connection reported on `endpoint`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnId {
    pub endpoint: String,
    pub ordinal: usize,
}

/// The events of one connection, in order.
#[derive(Debug, Default)]
pub struct Connection {
    pub fd: u32,
    pub events: Vec<(u16, u32)>,
    handshake_reported: bool,
    pub ended: bool,
    /// A handshake event came that may be this connection's or another's.
    pub ambiguous: bool,
}

/// The monitor reader and everything it read so far.
pub struct Watch {
    reader: Socket,
    /// Connections per endpoint, in the order they were opened.
    connections: HashMap<String, Vec<Connection>>,
    /// A `CONNECT_DELAYED` waiting for the `CONNECTED` of the same attempt.
    delayed: HashMap<String, u32>,
    /// Every event read, for failure messages.
    pub log: Vec<MonitorEvent>,
}

impl Watch {
    /// Monitor every event of `socket` on inproc://`name`, read by a PAIR of `ctx`
    /// that waits at most `guard_ms` for an event.
    pub fn start(ctx: &Context, socket: &mut Socket, name: &str, guard_ms: i32) -> Watch {
        let endpoint = format!("inproc://{name}");
        socket
            .monitor(Some(&endpoint), ALL_EVENTS, 1, super::PAIR)
            .unwrap();
        let mut reader = ctx.socket(super::PAIR).unwrap();
        reader
            .set_option(super::RCVTIMEO, Some(&guard_ms.to_ne_bytes()))
            .unwrap();
        reader.connect(&endpoint).unwrap();
        Watch {
            reader,
            connections: HashMap::new(),
            delayed: HashMap::new(),
            log: Vec::new(),
        }
    }

    /// Read one event (`flags` 0 waits up to the guard); `None` when none came.
    fn read(&mut self, flags: i32) -> Option<MonitorEvent> {
        let head = match self.reader.recv(flags) {
            Ok(msg) => msg,
            Err(Error::Again) => return None,
            Err(err) => panic!("monitor read: {err:?}"),
        };
        assert!(head.more() && head.len() == 6, "a v1 event head");
        let d = head.data();
        let endpoint = self.reader.recv(0).unwrap();
        assert!(!endpoint.more());
        Some(MonitorEvent {
            id: u16::from_ne_bytes([d[0], d[1]]),
            value: u32::from_ne_bytes([d[2], d[3], d[4], d[5]]),
            endpoint: String::from_utf8(endpoint.data().to_vec()).unwrap(),
        })
    }

    /// Take every event already queued (keeps the monitor's queue from filling).
    pub fn drain(&mut self) {
        while let Some(event) = self.read(super::DONTWAIT) {
            self.sort(event);
        }
    }

    /// Place one event with its connection; events of no connection (listeners,
    /// connect retries, closed descriptors, the monitor's own) are only logged.
    fn sort(&mut self, event: MonitorEvent) {
        self.log.push(event.clone());
        let list = self.connections.entry(event.endpoint.clone()).or_default();
        match event.id {
            CONNECT_DELAYED => {
                self.delayed.insert(event.endpoint, event.value);
            }
            ACCEPTED | CONNECTED => {
                let mut events = Vec::new();
                if event.id == CONNECTED
                    && let Some(value) = self.delayed.remove(&event.endpoint)
                {
                    events.push((CONNECT_DELAYED, value));
                }
                events.push((event.id, event.value));
                list.push(Connection {
                    fd: event.value,
                    events,
                    ..Connection::default()
                });
            }
            id if HANDSHAKE_EVENTS.contains(&id) => {
                let mut waiting: Vec<&mut Connection> = list
                    .iter_mut()
                    .filter(|c| !c.ended && !c.handshake_reported)
                    .collect();
                let ambiguous = waiting.len() > 1;
                for conn in &mut waiting {
                    conn.ambiguous |= ambiguous;
                    if !ambiguous {
                        conn.events.push((id, event.value));
                        conn.handshake_reported = true;
                    }
                }
            }
            DISCONNECTED => {
                if let Some(conn) = list.iter_mut().find(|c| !c.ended && c.fd == event.value) {
                    conn.events.push((DISCONNECTED, event.value));
                    conn.ended = true;
                }
            }
            _ => {}
        }
    }

    /// The events of connection `id`, once it has ended (waits for it within the
    /// guard; a missing event fails the test).
    pub fn ended(&mut self, id: &ConnId) -> &Connection {
        loop {
            let done = self
                .connections
                .get(&id.endpoint)
                .and_then(|list| list.get(id.ordinal))
                .is_some_and(|c| c.ended);
            if done {
                break;
            }
            match self.read(0) {
                Some(event) => self.sort(event),
                None => panic!(
                    "the monitor never reported the end of {id:?}; events so far: {:#?}",
                    self.log
                ),
            }
        }
        let conn = &self.connections[&id.endpoint][id.ordinal];
        assert!(
            !conn.ambiguous,
            "a handshake event of {id:?} could belong to another connection: {:#?}",
            self.log
        );
        conn
    }
}

/// What libzmq reports about the handshake of a connection that ended for `why`
/// (the events between the connection's opening and its `DISCONNECTED`).
pub fn handshake_events(why: &super::Why) -> Vec<(u16, u32)> {
    let failure = match why {
        super::Why::Disconnected(_) => return vec![(HANDSHAKE_SUCCEEDED, 0)],
        super::Why::HandshakeFailed(err) => err.handshake_report(),
        super::Why::HandshakeTimeout => ProtocolError::HandshakeTimeout.handshake_report(),
    };
    match failure {
        HandshakeReport::Protocol(code) => vec![(HANDSHAKE_FAILED_PROTOCOL, code)],
        HandshakeReport::Auth(status) => vec![(HANDSHAKE_FAILED_AUTH, status)],
        HandshakeReport::NoDetail(errno) => vec![(HANDSHAKE_FAILED_NO_DETAIL, errno as u32)],
        HandshakeReport::Silent => vec![],
    }
}

//! The socket monitor's events and their wire form: which events exist, what endpoints
//! an event names, and how an event becomes the frames a monitor socket sends.
//!
//! This file is pure: no sockets, no locks. Two formats exist, both libzmq's:
//!
//! - version 1 (`zmq_socket_monitor`): two frames. The first is 6 bytes, the event id
//!   as a 16-bit and its one value as a 32-bit unsigned integer, both in the host's
//!   byte order; the second is one endpoint (the local one for what a bind made, the
//!   remote one for what a connect made).
//! - version 2 (draft `zmq_socket_monitor_versioned`): the event id as a 64-bit
//!   integer, the number of values as a 64-bit integer, each value as a 64-bit
//!   integer, then the local and the remote endpoint, one frame each.
//!
//! Version 1 cannot carry events beyond bit 15 nor more than one value (a value must
//! fit 32 bits); [`encode`] refuses such an event instead of truncating it.

/// A connection to a remote peer was made (value: its descriptor).
pub const CONNECTED: u64 = 0x0001;
/// A non-blocking connect is under way (value: the errno that said so).
pub const CONNECT_DELAYED: u64 = 0x0002;
/// A reconnect attempt was scheduled (value: the wait in milliseconds).
pub const CONNECT_RETRIED: u64 = 0x0004;
/// The socket listens (value: the listening descriptor).
pub const LISTENING: u64 = 0x0008;
/// A bind failed (value: errno).
pub const BIND_FAILED: u64 = 0x0010;
/// A connection was accepted (value: its descriptor).
pub const ACCEPTED: u64 = 0x0020;
/// Accepting a connection failed (value: errno).
pub const ACCEPT_FAILED: u64 = 0x0040;
/// A descriptor was closed (value: the descriptor).
pub const CLOSED: u64 = 0x0080;
/// Closing a descriptor failed (value: errno).
pub const CLOSE_FAILED: u64 = 0x0100;
/// A connection broke (value: its descriptor).
pub const DISCONNECTED: u64 = 0x0200;
/// Monitoring stopped: the last event a monitor sends (value: 0).
pub const MONITOR_STOPPED: u64 = 0x0400;
/// The handshake failed for a system reason (value: errno).
pub const HANDSHAKE_FAILED_NO_DETAIL: u64 = 0x0800;
/// The handshake succeeded (value: 0).
pub const HANDSHAKE_SUCCEEDED: u64 = 0x1000;
/// The handshake failed on a protocol error (value: a `ZMQ_PROTOCOL_ERROR_*` code).
pub const HANDSHAKE_FAILED_PROTOCOL: u64 = 0x2000;
/// Authentication failed (value: the ZAP status code).
pub const HANDSHAKE_FAILED_AUTH: u64 = 0x4000;
/// Every event of version 1 (`ZMQ_EVENT_ALL`).
pub const ALL_V1: u64 = 0xFFFF;
/// Draft: queue lengths of one pipe (values: outbound, inbound), version 2 only.
pub const PIPES_STATS: u64 = 0x1_0000;

/// Which side made a connection or endpoint, which decides the endpoint version 1
/// reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Role {
    /// Neither (`MONITOR_STOPPED`): both endpoints are empty.
    #[default]
    None,
    /// A bind: a listener or a connection it accepted.
    Bind,
    /// A connect.
    Connect,
}

/// The two endpoints an event names, as `tcp://ip:port`, `ipc://path` or empty.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Endpoints {
    /// Our end.
    pub local: String,
    /// The peer's end.
    pub remote: String,
    /// Who made it.
    pub role: Role,
}

impl Endpoints {
    /// A bound endpoint without a connection (`LISTENING`, `BIND_FAILED`, ...).
    pub fn bound(endpoint: &str) -> Endpoints {
        Endpoints {
            local: endpoint.to_owned(),
            remote: String::new(),
            role: Role::Bind,
        }
    }

    /// A connected endpoint before a connection exists (`CONNECT_DELAYED`, ...).
    pub fn connecting(endpoint: &str) -> Endpoints {
        Endpoints {
            local: String::new(),
            remote: endpoint.to_owned(),
            role: Role::Connect,
        }
    }

    /// The one endpoint version 1 reports: the local end of what a bind made, the
    /// remote end of what a connect made.
    pub fn identifier(&self) -> &str {
        match self.role {
            Role::Bind => &self.local,
            Role::Connect => &self.remote,
            Role::None => "",
        }
    }
}

/// The event formats of `zmq_socket_monitor_versioned`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    /// `ZMQ_CURRENT_EVENT_VERSION`: the format of `zmq_socket_monitor`.
    V1,
    /// `ZMQ_CURRENT_EVENT_VERSION_DRAFT`: 64-bit ids, several values, both endpoints.
    V2,
}

impl Version {
    /// The version numbered `raw`, if it is one that exists.
    pub fn from_raw(raw: i32) -> Option<Version> {
        match raw {
            1 => Some(Version::V1),
            2 => Some(Version::V2),
            _ => None,
        }
    }

    /// Whether a monitor of this version may ask for `events`: version 1 has room
    /// for 16 event bits only.
    pub fn admits(self, events: u64) -> bool {
        match self {
            Version::V1 => events >> 16 == 0,
            Version::V2 => true,
        }
    }
}

/// The frames of one event, first to last (each but the last sent with MORE); `None`
/// if `version` cannot carry it.
pub fn encode(
    version: Version,
    event: u64,
    values: &[u64],
    endpoints: &Endpoints,
) -> Option<Vec<Vec<u8>>> {
    match version {
        Version::V1 => {
            let event = u16::try_from(event).ok()?;
            let [value] = values else {
                return None;
            };
            let value = u32::try_from(*value).ok()?;
            let mut head = Vec::with_capacity(6);
            head.extend_from_slice(&event.to_ne_bytes());
            head.extend_from_slice(&value.to_ne_bytes());
            Some(vec![head, endpoints.identifier().as_bytes().to_vec()])
        }
        Version::V2 => {
            let mut frames = Vec::with_capacity(values.len() + 4);
            frames.push(event.to_ne_bytes().to_vec());
            frames.push((values.len() as u64).to_ne_bytes().to_vec());
            frames.extend(values.iter().map(|v| v.to_ne_bytes().to_vec()));
            frames.push(endpoints.local.as_bytes().to_vec());
            frames.push(endpoints.remote.as_bytes().to_vec());
            Some(frames)
        }
    }
}

/// An errno or descriptor as an event value: libzmq widens the C `int`, so a
/// negative one keeps its sign bits.
pub fn int_value(value: i32) -> u64 {
    i64::from(value) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accepted() -> Endpoints {
        Endpoints {
            local: "tcp://127.0.0.1:5555".into(),
            remote: "tcp://127.0.0.1:41000".into(),
            role: Role::Bind,
        }
    }

    #[test]
    fn version_1_is_id_and_value_then_the_identifying_endpoint() {
        let frames = encode(Version::V1, ACCEPTED, &[17], &accepted()).unwrap();
        assert_eq!(frames.len(), 2);
        let mut head = 0x20u16.to_ne_bytes().to_vec();
        head.extend_from_slice(&17u32.to_ne_bytes());
        assert_eq!(frames[0], head);
        assert_eq!(frames[1], b"tcp://127.0.0.1:5555");
        // A connect names the remote end.
        let connected = Endpoints {
            role: Role::Connect,
            ..accepted()
        };
        let frames = encode(Version::V1, CONNECTED, &[9], &connected).unwrap();
        assert_eq!(frames[1], b"tcp://127.0.0.1:41000");
    }

    #[test]
    fn version_1_refuses_what_it_cannot_carry() {
        let e = accepted();
        assert!(encode(Version::V1, PIPES_STATS, &[1], &e).is_none());
        assert!(encode(Version::V1, ACCEPTED, &[1, 2], &e).is_none());
        assert!(encode(Version::V1, ACCEPTED, &[], &e).is_none());
        assert!(encode(Version::V1, ACCEPTED, &[1 << 32], &e).is_none());
    }

    #[test]
    fn version_2_has_every_value_and_both_endpoints() {
        let frames = encode(Version::V2, PIPES_STATS, &[3, 4], &accepted()).unwrap();
        let words: Vec<u64> = frames[..4]
            .iter()
            .map(|f| u64::from_ne_bytes(f[..].try_into().unwrap()))
            .collect();
        assert_eq!(words, [PIPES_STATS, 2, 3, 4]);
        assert_eq!(frames[4], b"tcp://127.0.0.1:5555");
        assert_eq!(frames[5], b"tcp://127.0.0.1:41000");
        assert_eq!(frames.len(), 6);
    }

    #[test]
    fn monitor_stopped_names_no_endpoint() {
        let none = Endpoints::default();
        let v1 = encode(Version::V1, MONITOR_STOPPED, &[0], &none).unwrap();
        assert!(v1[1].is_empty());
        let v2 = encode(Version::V2, MONITOR_STOPPED, &[0], &none).unwrap();
        assert!(v2[3].is_empty() && v2[4].is_empty());
    }

    #[test]
    fn versions_and_masks() {
        assert_eq!(Version::from_raw(1), Some(Version::V1));
        assert_eq!(Version::from_raw(2), Some(Version::V2));
        assert_eq!(Version::from_raw(0), None);
        assert_eq!(Version::from_raw(3), None);
        assert!(Version::V1.admits(ALL_V1));
        assert!(!Version::V1.admits(ALL_V1 | PIPES_STATS));
        assert!(Version::V2.admits(ALL_V1 | PIPES_STATS));
        assert_eq!(int_value(-1), u64::MAX);
        assert_eq!(int_value(111), 111);
    }

    #[test]
    fn bound_and_connecting_endpoints_identify_themselves() {
        assert_eq!(Endpoints::bound("ipc://x").identifier(), "ipc://x");
        assert_eq!(Endpoints::connecting("tcp://h:1").identifier(), "tcp://h:1");
        assert_eq!(Endpoints::connecting("tcp://h:1").local, "");
    }
}

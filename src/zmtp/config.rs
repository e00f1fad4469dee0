//! The settings of one ZMTP connection, taken from the socket's options.
//!
//! A [`SessionConfig`] is a plain snapshot: the I/O engine builds one from the
//! socket's [`Options`] when a connection starts, so later `zmq_setsockopt` calls
//! affect only later connections, as in libzmq.

use std::time::Duration;

use super::mechanism::LocalProperties;
use crate::options::{Mechanism as MechanismKind, Options};

/// Everything a [`Session`](super::Session) needs to know about its socket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionConfig {
    /// Our socket type number (`ZMQ_TYPE`).
    pub socket_type: i32,
    /// The security mechanism (`ZMQ_MECHANISM`).
    pub mechanism: MechanismKind,
    /// Whether we take the mechanism's server role (sent as the greeting's as-server
    /// flag; NULL has no roles and always sends 0).
    pub as_server: bool,
    /// `ZMQ_ROUTING_ID`: announced as `Identity` by REQ, DEALER and ROUTER, and sent as
    /// the identity frame to ZMTP 1.0/2.0 peers.
    pub routing_id: Vec<u8>,
    /// `ZMQ_MAXMSGSIZE` as a limit on every inbound frame; `None` for none.
    pub max_msg_size: Option<u64>,
    /// `ZMQ_HANDSHAKE_IVL`: the time from connection to the end of the handshake;
    /// `None` for no limit.
    pub handshake_ivl: Option<Duration>,
    /// `ZMQ_HEARTBEAT_IVL`: time between our PINGs; `None` for no heartbeats.
    pub heartbeat_ivl: Option<Duration>,
    /// `ZMQ_HEARTBEAT_TTL` in tenths of a second, sent in our PINGs (0: none).
    pub heartbeat_ttl_deciseconds: u16,
    /// `ZMQ_HEARTBEAT_TIMEOUT`: how long after a PING silence means the peer is gone;
    /// `None` for never.
    pub heartbeat_timeout: Option<Duration>,
    /// `ZMQ_METADATA`: application properties announced in the handshake.
    pub metadata: Vec<(Vec<u8>, Vec<u8>)>,
    /// Whether ZMTP 1.0 peers (no greeting) are accepted; libzmq 4.3 accepts them.
    pub accept_v1: bool,
}

/// A millisecond option as a duration, `None` when not positive.
fn positive_ms(ms: i32) -> Option<Duration> {
    u64::try_from(ms)
        .ok()
        .filter(|&ms| ms > 0)
        .map(Duration::from_millis)
}

impl SessionConfig {
    /// The settings of a socket of `socket_type` with libzmq's default options.
    pub fn new(socket_type: i32) -> SessionConfig {
        SessionConfig::from_options(&Options::new(socket_type))
    }

    /// The settings for a new connection of a socket with `options`.
    pub fn from_options(options: &Options) -> SessionConfig {
        let connection = &options.connection;
        let heartbeat_ivl = positive_ms(connection.heartbeat_ivl);
        // -1 (the default) means "the heartbeat interval"; 0 means no timeout.
        let heartbeat_timeout = if connection.heartbeat_timeout < 0 {
            heartbeat_ivl
        } else {
            positive_ms(connection.heartbeat_timeout)
        };
        SessionConfig {
            socket_type: options.socket_type,
            mechanism: options.security.mechanism,
            as_server: options.security.as_server,
            routing_id: options.routing_id.clone(),
            max_msg_size: u64::try_from(options.maxmsgsize).ok(),
            handshake_ivl: positive_ms(connection.handshake_ivl),
            heartbeat_ivl,
            heartbeat_ttl_deciseconds: connection.heartbeat_ttl,
            heartbeat_timeout,
            metadata: options.metadata.clone(),
            accept_v1: true,
        }
    }

    /// Whether this socket type announces its routing id (`Identity`) in READY:
    /// REQ, DEALER and ROUTER do, even when it is empty (as libzmq).
    pub fn announces_identity(&self) -> bool {
        matches!(self.socket_type, 3 | 5 | 6)
    }

    /// Whether this socket type receives subscriptions (PUB, XPUB), so that a message
    /// starting with byte 1 or 0 from the peer is a subscribe or cancel.
    pub fn receives_subscriptions(&self) -> bool {
        matches!(self.socket_type, 1 | 9)
    }

    /// What the mechanism announces for this socket.
    pub fn local_properties(&self) -> LocalProperties {
        LocalProperties {
            socket_type: self.socket_type,
            identity: self.announces_identity().then(|| self.routing_id.clone()),
            metadata: self.metadata.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::{HEARTBEAT_IVL, HEARTBEAT_TIMEOUT, HEARTBEAT_TTL, MAXMSGSIZE};

    #[test]
    fn defaults_follow_libzmq() {
        let config = SessionConfig::new(5);
        assert_eq!(config.socket_type, 5);
        assert_eq!(config.mechanism, MechanismKind::Null);
        assert_eq!(config.max_msg_size, None);
        assert_eq!(config.handshake_ivl, Some(Duration::from_secs(30)));
        assert_eq!(config.heartbeat_ivl, None);
        assert_eq!(config.heartbeat_timeout, None);
        assert!(config.announces_identity());
        assert_eq!(config.local_properties().identity, Some(Vec::new()));
        assert_eq!(SessionConfig::new(8).local_properties().identity, None);
    }

    #[test]
    fn from_set_options() {
        let mut options = Options::new(1);
        options.set(MAXMSGSIZE, &1000i64.to_ne_bytes()).unwrap();
        options.set(HEARTBEAT_IVL, &500i32.to_ne_bytes()).unwrap();
        options.set(HEARTBEAT_TTL, &2500i32.to_ne_bytes()).unwrap();
        let config = SessionConfig::from_options(&options);
        assert_eq!(config.max_msg_size, Some(1000));
        assert_eq!(config.heartbeat_ivl, Some(Duration::from_millis(500)));
        assert_eq!(config.heartbeat_timeout, Some(Duration::from_millis(500)));
        assert_eq!(config.heartbeat_ttl_deciseconds, 25);
        assert!(config.receives_subscriptions());
        options.set(HEARTBEAT_TIMEOUT, &0i32.to_ne_bytes()).unwrap();
        assert_eq!(
            SessionConfig::from_options(&options).heartbeat_timeout,
            None
        );
        options
            .set(HEARTBEAT_TIMEOUT, &2000i32.to_ne_bytes())
            .unwrap();
        assert_eq!(
            SessionConfig::from_options(&options).heartbeat_timeout,
            Some(Duration::from_secs(2))
        );
    }
}

//! The deadlines of one connection: handshake timeout and ZMTP 3.1 heartbeats.
//!
//! No clock is read here: every call is given `now`, and [`Deadlines::next`] tells the
//! engine when to call [`Deadlines::expire`] again. The rules, as libzmq applies them:
//! - `ZMQ_HANDSHAKE_IVL`: the handshake must end this long after the connection began;
//! - `ZMQ_HEARTBEAT_IVL`: once the handshake is done, a PING goes out every interval
//!   (carrying our `ZMQ_HEARTBEAT_TTL`);
//! - `ZMQ_HEARTBEAT_TIMEOUT`: sending a PING starts a timeout unless one runs already;
//!   any frame from the peer stops it, and its expiry means the peer is gone;
//! - a PING from the peer with a non-zero TTL starts a timer of that TTL unless one
//!   runs already; any later frame from the peer stops it, and its expiry means the
//!   peer considers us gone.

use std::time::{Duration, Instant};

use super::config::SessionConfig;
use super::error::ProtocolError;

/// What an expired deadline asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expiry {
    /// Nothing is due yet.
    Nothing,
    /// Send a PING with this TTL (tenths of a second).
    SendPing(u16),
    /// The connection failed.
    Failed(ProtocolError),
}

/// The pending deadlines of one connection.
#[derive(Debug)]
pub struct Deadlines {
    handshake: Option<Instant>,
    next_ping: Option<Instant>,
    ping_timeout: Option<Instant>,
    peer_ttl: Option<Instant>,
    heartbeat_ivl: Option<Duration>,
    heartbeat_timeout: Option<Duration>,
    heartbeat_ttl_deciseconds: u16,
}

impl Deadlines {
    /// The deadlines of a connection that began at `now`.
    pub fn new(config: &SessionConfig, now: Instant) -> Deadlines {
        Deadlines {
            handshake: config.handshake_ivl.map(|ivl| now + ivl),
            next_ping: None,
            ping_timeout: None,
            peer_ttl: None,
            heartbeat_ivl: config.heartbeat_ivl,
            heartbeat_timeout: config.heartbeat_timeout,
            heartbeat_ttl_deciseconds: config.heartbeat_ttl_deciseconds,
        }
    }

    /// The handshake ended at `now`; start heartbeats if `heartbeats` (the peer speaks
    /// ZMTP 3.1) and an interval is set.
    pub fn handshake_done(&mut self, now: Instant, heartbeats: bool) {
        self.handshake = None;
        if heartbeats {
            self.next_ping = self.heartbeat_ivl.map(|ivl| now + ivl);
        }
    }

    /// A frame arrived from the peer: it is alive.
    pub fn frame_received(&mut self) {
        self.ping_timeout = None;
        self.peer_ttl = None;
    }

    /// The peer sent PING with `ttl_deciseconds` at `now`.
    pub fn ping_received(&mut self, ttl_deciseconds: u16, now: Instant) {
        if ttl_deciseconds > 0 && self.peer_ttl.is_none() {
            self.peer_ttl = Some(now + Duration::from_millis(u64::from(ttl_deciseconds) * 100));
        }
    }

    /// The earliest pending deadline.
    pub fn next(&self) -> Option<Instant> {
        [
            self.handshake,
            self.next_ping,
            self.ping_timeout,
            self.peer_ttl,
        ]
        .into_iter()
        .flatten()
        .min()
    }

    /// Handle the deadlines passed at `now`. Failures win over a due PING.
    pub fn expire(&mut self, now: Instant) -> Expiry {
        let passed = |deadline: Option<Instant>| deadline.is_some_and(|at| at <= now);
        if passed(self.handshake) {
            self.handshake = None;
            return Expiry::Failed(ProtocolError::HandshakeTimeout);
        }
        if passed(self.ping_timeout) || passed(self.peer_ttl) {
            self.ping_timeout = None;
            self.peer_ttl = None;
            return Expiry::Failed(ProtocolError::HeartbeatTimeout);
        }
        if passed(self.next_ping) {
            self.next_ping = self.heartbeat_ivl.map(|ivl| now + ivl);
            if self.ping_timeout.is_none() {
                self.ping_timeout = self.heartbeat_timeout.map(|timeout| now + timeout);
            }
            return Expiry::SendPing(self.heartbeat_ttl_deciseconds);
        }
        Expiry::Nothing
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(ivl_ms: u64, timeout_ms: Option<u64>) -> SessionConfig {
        let mut config = SessionConfig::new(0);
        config.handshake_ivl = Some(Duration::from_millis(1000));
        config.heartbeat_ivl = Some(Duration::from_millis(ivl_ms));
        config.heartbeat_timeout = timeout_ms.map(Duration::from_millis);
        config.heartbeat_ttl_deciseconds = 7;
        config
    }

    #[test]
    fn handshake_timeout() {
        let start = Instant::now();
        let mut deadlines = Deadlines::new(&config(100, None), start);
        assert_eq!(deadlines.next(), Some(start + Duration::from_secs(1)));
        assert_eq!(
            deadlines.expire(start + Duration::from_millis(999)),
            Expiry::Nothing
        );
        assert_eq!(
            deadlines.expire(start + Duration::from_secs(1)),
            Expiry::Failed(ProtocolError::HandshakeTimeout)
        );
    }

    #[test]
    fn pings_then_timeout_without_traffic() {
        let start = Instant::now();
        let ms = |n: u64| start + Duration::from_millis(n);
        let mut deadlines = Deadlines::new(&config(100, Some(250)), start);
        deadlines.handshake_done(start, true);
        assert_eq!(deadlines.next(), Some(ms(100)));
        assert_eq!(deadlines.expire(ms(100)), Expiry::SendPing(7));
        // The timeout runs from the first unanswered PING.
        assert_eq!(deadlines.next(), Some(ms(200)));
        assert_eq!(deadlines.expire(ms(200)), Expiry::SendPing(7));
        assert_eq!(deadlines.next(), Some(ms(300)), "timeout not restarted");
        deadlines.expire(ms(300));
        assert_eq!(deadlines.next(), Some(ms(350)));
        assert_eq!(
            deadlines.expire(ms(350)),
            Expiry::Failed(ProtocolError::HeartbeatTimeout)
        );
    }

    #[test]
    fn traffic_stops_the_timeout() {
        let start = Instant::now();
        let ms = |n: u64| start + Duration::from_millis(n);
        let mut deadlines = Deadlines::new(&config(100, Some(150)), start);
        deadlines.handshake_done(start, true);
        deadlines.expire(ms(100));
        deadlines.frame_received();
        assert_eq!(deadlines.expire(ms(199)), Expiry::Nothing);
        assert_eq!(deadlines.expire(ms(260)), Expiry::SendPing(7));
        deadlines.frame_received();
        assert_eq!(deadlines.expire(ms(400)), Expiry::SendPing(7));
    }

    #[test]
    fn peer_ttl() {
        let start = Instant::now();
        let mut deadlines = Deadlines::new(&SessionConfig::new(0), start);
        deadlines.handshake_done(start, true);
        assert_eq!(deadlines.next(), None, "no heartbeats configured");
        deadlines.ping_received(0, start);
        assert_eq!(deadlines.next(), None, "TTL 0: none");
        deadlines.ping_received(5, start);
        let at = start + Duration::from_millis(500);
        assert_eq!(deadlines.next(), Some(at));
        deadlines.ping_received(50, start);
        assert_eq!(deadlines.next(), Some(at), "a running TTL is kept");
        assert_eq!(
            deadlines.expire(at),
            Expiry::Failed(ProtocolError::HeartbeatTimeout)
        );
    }

    #[test]
    fn no_heartbeats_for_old_peers() {
        let start = Instant::now();
        let mut deadlines = Deadlines::new(&config(100, Some(100)), start);
        deadlines.handshake_done(start, false);
        assert_eq!(deadlines.next(), None);
    }
}

//! The options that belong to one messaging pattern, stored for the socket types to read.
//!
//! libzmq lets each socket type take its own options before the generic ones, so an
//! option of another pattern is `EINVAL`. The types that take each option in 4.3.5
//! (REP is built on ROUTER, REQ on DEALER, PUB on XPUB, so they inherit):
//!
//! | option | socket types |
//! |---|---|
//! | `ZMQ_ROUTER_MANDATORY`, `ZMQ_ROUTER_RAW`, `ZMQ_ROUTER_HANDOVER`, `ZMQ_ROUTER_NOTIFY` | ROUTER, REP |
//! | `ZMQ_PROBE_ROUTER` | ROUTER, REP, DEALER, REQ |
//! | `ZMQ_CONNECT_ROUTING_ID` | ROUTER, REP, STREAM |
//! | `ZMQ_REQ_CORRELATE`, `ZMQ_REQ_RELAXED` | REQ |
//! | `ZMQ_XPUB_VERBOSE`, `_VERBOSER`, `_MANUAL`, `_MANUAL_LAST_VALUE`, `_WELCOME_MSG` | XPUB, PUB |
//! | `ZMQ_XPUB_NODROP` | XPUB, PUB, RADIO |
//! | `ZMQ_ONLY_FIRST_SUBSCRIBE` | XPUB, PUB, XSUB |
//! | `ZMQ_XSUB_VERBOSE_UNSUBSCRIBE` | XSUB |
//! | `ZMQ_STREAM_NOTIFY` | STREAM |
//!
//! [`Options::set`](super::Options::set) enforces this table from the socket type the
//! options were created for. None of these is readable (libzmq's socket types do not
//! answer them in `zmq_getsockopt`), except `ZMQ_ROUTER_NOTIFY`, which libzmq keeps
//! with the generic options and so reads back on every socket type.

use super::codec::{Value, put_int};
use super::ids::*;
use crate::error::{Error, Result};

/// `ZMQ_NOTIFY_CONNECT | ZMQ_NOTIFY_DISCONNECT`: every `ZMQ_ROUTER_NOTIFY` bit.
const NOTIFY_ALL: i32 = 3;
/// Longest routing id a ROUTER can carry (its length is one byte on the wire).
const MAX_ROUTING_ID: usize = 255;

/// Socket type numbers (`ZMQ_PUB`...), for the acceptance table.
mod socket_type {
    pub const PUB: i32 = 1;
    pub const REQ: i32 = 3;
    pub const REP: i32 = 4;
    pub const DEALER: i32 = 5;
    pub const ROUTER: i32 = 6;
    pub const XPUB: i32 = 9;
    pub const XSUB: i32 = 10;
    pub const STREAM: i32 = 11;
    pub const RADIO: i32 = 14;
}

/// The socket types that take `option`, if it is a pattern option (see the module
/// documentation for the table).
pub fn accepted_socket_types(option: i32) -> Option<&'static [i32]> {
    use socket_type::*;
    Some(match option {
        ROUTER_MANDATORY | ROUTER_RAW | ROUTER_HANDOVER | ROUTER_NOTIFY => &[ROUTER, REP],
        PROBE_ROUTER => &[ROUTER, REP, DEALER, REQ],
        CONNECT_ROUTING_ID => &[ROUTER, REP, STREAM],
        REQ_CORRELATE | REQ_RELAXED => &[REQ],
        XPUB_VERBOSE | XPUB_VERBOSER | XPUB_MANUAL | XPUB_MANUAL_LAST_VALUE | XPUB_WELCOME_MSG => {
            &[XPUB, PUB]
        }
        XPUB_NODROP => &[XPUB, PUB, RADIO],
        ONLY_FIRST_SUBSCRIBE => &[XPUB, PUB, XSUB],
        XSUB_VERBOSE_UNSUBSCRIBE => &[XSUB],
        STREAM_NOTIFY => &[STREAM],
        _ => return None,
    })
}

/// Pattern settings, read by the socket types.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatternOptions {
    /// `ZMQ_ROUTER_MANDATORY`: unroutable messages fail with `EHOSTUNREACH` (and a full
    /// peer with `EAGAIN`) instead of being dropped. Default false.
    pub router_mandatory: bool,
    /// `ZMQ_ROUTER_RAW`: raw TCP mode (deprecated for STREAM). Default false.
    pub router_raw: bool,
    /// `ZMQ_ROUTER_HANDOVER`: a new peer with a taken routing id takes over. Default false.
    pub router_handover: bool,
    /// `ZMQ_ROUTER_NOTIFY`: OR of `ZMQ_NOTIFY_CONNECT` (1) and `ZMQ_NOTIFY_DISCONNECT` (2).
    pub router_notify: i32,
    /// `ZMQ_PROBE_ROUTER`: send an empty message to each new peer. Default false.
    pub probe_router: bool,
    /// `ZMQ_CONNECT_ROUTING_ID`: the routing id of the peer of the next `connect`; the
    /// socket takes it ([`take_connect_routing_id`](Self::take_connect_routing_id)).
    pub connect_routing_id: Option<Vec<u8>>,
    /// `ZMQ_REQ_CORRELATE`: prefix requests with an id and check it in replies.
    pub req_correlate: bool,
    /// `ZMQ_REQ_RELAXED`: allow a new request before the reply to the last one.
    pub req_relaxed: bool,
    /// Pass duplicate subscriptions up: set by `ZMQ_XPUB_VERBOSE` and by
    /// `ZMQ_XPUB_VERBOSER` (libzmq: `_verbose_subs`).
    pub xpub_verbose: bool,
    /// Pass duplicate unsubscriptions up too: set by `ZMQ_XPUB_VERBOSER`, cleared by
    /// `ZMQ_XPUB_VERBOSE` (libzmq: `_verbose_unsubs`).
    pub xpub_verboser: bool,
    /// `ZMQ_XPUB_NODROP`: `EAGAIN` instead of dropping when a subscriber is full.
    pub xpub_nodrop: bool,
    /// Manual subscription mode: set by `ZMQ_XPUB_MANUAL` and by
    /// `ZMQ_XPUB_MANUAL_LAST_VALUE`.
    pub xpub_manual: bool,
    /// `ZMQ_XPUB_MANUAL_LAST_VALUE`: in manual mode, send the next message only to the
    /// last subscriber (also switches [`xpub_manual`](Self::xpub_manual) with it).
    pub xpub_manual_last_value: bool,
    /// `ZMQ_XPUB_WELCOME_MSG`: sent to each new subscriber; empty (default) for none.
    pub xpub_welcome_msg: Vec<u8>,
    /// `ZMQ_ONLY_FIRST_SUBSCRIBE`: only a message's first part can be a (un)subscription.
    pub only_first_subscribe: bool,
    /// `ZMQ_XSUB_VERBOSE_UNSUBSCRIBE`: pass every unsubscription upstream.
    pub xsub_verbose_unsubscribe: bool,
    /// `ZMQ_STREAM_NOTIFY`: deliver connect/disconnect notifications. Default true.
    pub stream_notify: bool,
}

impl Default for PatternOptions {
    fn default() -> Self {
        PatternOptions {
            router_mandatory: false,
            router_raw: false,
            router_handover: false,
            router_notify: 0,
            probe_router: false,
            connect_routing_id: None,
            req_correlate: false,
            req_relaxed: false,
            xpub_verbose: false,
            xpub_verboser: false,
            xpub_nodrop: false,
            xpub_manual: false,
            xpub_manual_last_value: false,
            xpub_welcome_msg: Vec::new(),
            only_first_subscribe: false,
            xsub_verbose_unsubscribe: false,
            stream_notify: true,
        }
    }
}

impl PatternOptions {
    /// Apply a pattern option (the caller has checked the socket type); `EINVAL` for
    /// anything else.
    pub(super) fn set(&mut self, option: i32, value: Value<'_>) -> Result<()> {
        let flag = || value.bool_non_negative();
        match option {
            ROUTER_MANDATORY => self.router_mandatory = flag()?,
            ROUTER_RAW => self.router_raw = flag()?,
            ROUTER_HANDOVER => self.router_handover = flag()?,
            ROUTER_NOTIFY => {
                self.router_notify = value.int_where(|v| (0..=NOTIFY_ALL).contains(&v))?
            }
            PROBE_ROUTER => self.probe_router = flag()?,
            CONNECT_ROUTING_ID => self.connect_routing_id = Some(parse_connect_routing_id(value)?),
            REQ_CORRELATE => self.req_correlate = flag()?,
            REQ_RELAXED => self.req_relaxed = flag()?,
            XPUB_VERBOSE => {
                self.xpub_verbose = flag()?;
                self.xpub_verboser = false;
            }
            XPUB_VERBOSER => {
                self.xpub_verbose = flag()?;
                self.xpub_verboser = self.xpub_verbose;
            }
            XPUB_NODROP => self.xpub_nodrop = flag()?,
            XPUB_MANUAL => self.xpub_manual = flag()?,
            XPUB_MANUAL_LAST_VALUE => {
                self.xpub_manual = flag()?;
                self.xpub_manual_last_value = self.xpub_manual;
            }
            XPUB_WELCOME_MSG => self.xpub_welcome_msg = value.blob()?,
            ONLY_FIRST_SUBSCRIBE => self.only_first_subscribe = flag()?,
            XSUB_VERBOSE_UNSUBSCRIBE => self.xsub_verbose_unsubscribe = flag()?,
            STREAM_NOTIFY => self.stream_notify = flag()?,
            _ => return Err(Error::Invalid),
        }
        Ok(())
    }

    /// Read a pattern option; only `ZMQ_ROUTER_NOTIFY` is readable, on any socket type.
    pub(super) fn get(&self, option: i32, out: &mut [u8]) -> Option<Result<usize>> {
        match option {
            ROUTER_NOTIFY => Some(put_int(out, self.router_notify)),
            _ => None,
        }
    }

    /// The routing id set for the next `connect`, which only that `connect` uses.
    pub fn take_connect_routing_id(&mut self) -> Option<Vec<u8>> {
        self.connect_routing_id.take()
    }
}

/// `ZMQ_CONNECT_ROUTING_ID`, as its man page states it: 1..=255 bytes, not starting with
/// a zero byte (those ids are the ones a ROUTER generates itself). libzmq 4.3 itself
/// only refuses an empty value; the documented limits are kept here because a longer id
/// cannot be represented and a zero-led one can collide with a generated one.
fn parse_connect_routing_id(value: Value<'_>) -> Result<Vec<u8>> {
    let id = value.text(MAX_ROUTING_ID)?;
    if id[0] == 0 {
        return Err(Error::Invalid);
    }
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set_int(p: &mut PatternOptions, option: i32, v: i32) -> Result<()> {
        p.set(option, Value(Some(&v.to_ne_bytes())))
    }

    #[test]
    fn flags_take_any_non_negative_value() {
        let mut p = PatternOptions::default();
        set_int(&mut p, ROUTER_MANDATORY, 5).unwrap();
        assert!(p.router_mandatory);
        assert_eq!(set_int(&mut p, ROUTER_MANDATORY, -1), Err(Error::Invalid));
        assert_eq!(
            p.set(ROUTER_MANDATORY, Value(Some(&[0u8; 8]))),
            Err(Error::Invalid)
        );
        assert!(p.router_mandatory);
        assert_eq!(set_int(&mut p, STREAM_NOTIFY, -1), Err(Error::Invalid));
        set_int(&mut p, STREAM_NOTIFY, 0).unwrap();
        assert!(!p.stream_notify);
    }

    #[test]
    fn xpub_verbosity_and_manual_interplay() {
        let mut p = PatternOptions::default();
        set_int(&mut p, XPUB_VERBOSER, 1).unwrap();
        assert!(p.xpub_verbose && p.xpub_verboser);
        set_int(&mut p, XPUB_VERBOSE, 1).unwrap();
        assert!(p.xpub_verbose && !p.xpub_verboser);
        set_int(&mut p, XPUB_MANUAL_LAST_VALUE, 1).unwrap();
        assert!(p.xpub_manual && p.xpub_manual_last_value);
        set_int(&mut p, XPUB_MANUAL, 0).unwrap();
        assert!(!p.xpub_manual);
    }

    #[test]
    fn router_notify_bits() {
        let mut p = PatternOptions::default();
        set_int(&mut p, ROUTER_NOTIFY, 3).unwrap();
        assert_eq!(set_int(&mut p, ROUTER_NOTIFY, 4), Err(Error::Invalid));
        assert_eq!(set_int(&mut p, ROUTER_NOTIFY, -1), Err(Error::Invalid));
        let mut out = [0u8; 4];
        assert_eq!(p.get(ROUTER_NOTIFY, &mut out), Some(Ok(4)));
        assert_eq!(i32::from_ne_bytes(out), 3);
        assert_eq!(p.get(ROUTER_MANDATORY, &mut out), None);
    }

    #[test]
    fn connect_routing_id_is_one_shot_and_checked() {
        let mut p = PatternOptions::default();
        let set = |p: &mut PatternOptions, v: Option<&[u8]>| p.set(CONNECT_ROUTING_ID, Value(v));
        assert_eq!(set(&mut p, Some(b"")), Err(Error::Invalid));
        assert_eq!(set(&mut p, None), Err(Error::Invalid));
        assert_eq!(set(&mut p, Some(b"\0a")), Err(Error::Invalid));
        assert_eq!(set(&mut p, Some(&[b'a'; 256])), Err(Error::Invalid));
        set(&mut p, Some(&[b'a'; 255])).unwrap();
        set(&mut p, Some(b"peer")).unwrap();
        assert_eq!(p.take_connect_routing_id(), Some(b"peer".to_vec()));
        assert_eq!(p.take_connect_routing_id(), None);
    }

    #[test]
    fn welcome_message_clears_with_empty_or_null() {
        let mut p = PatternOptions::default();
        p.set(XPUB_WELCOME_MSG, Value(Some(b"hi"))).unwrap();
        assert_eq!(p.xpub_welcome_msg, b"hi");
        p.set(XPUB_WELCOME_MSG, Value(None)).unwrap();
        assert!(p.xpub_welcome_msg.is_empty());
    }

    #[test]
    fn acceptance_table() {
        use socket_type::*;
        assert_eq!(
            accepted_socket_types(PROBE_ROUTER),
            Some(&[ROUTER, REP, DEALER, REQ][..])
        );
        assert_eq!(
            accepted_socket_types(XPUB_NODROP),
            Some(&[XPUB, PUB, RADIO][..])
        );
        assert_eq!(accepted_socket_types(LINGER), None);
        assert_eq!(accepted_socket_types(SUBSCRIBE), None);
    }
}

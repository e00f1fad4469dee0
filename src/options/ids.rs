//! The socket option numbers of libzmq 4.3.5 and what kind of option each one is.
//!
//! This file owns the vocabulary: one constant per `ZMQ_*` option (the deprecated
//! aliases share their number with the new name, so they need no constant of their own),
//! and the questions the rest of the library asks about an option number: is it DRAFT,
//! does it depend on a build feature, must the socket answer it from live state.

/// `ZMQ_AFFINITY` (`uint64_t`).
pub const AFFINITY: i32 = 4;
/// `ZMQ_ROUTING_ID`, also `ZMQ_IDENTITY`.
pub const ROUTING_ID: i32 = 5;
/// `ZMQ_SUBSCRIBE`.
pub const SUBSCRIBE: i32 = 6;
/// `ZMQ_UNSUBSCRIBE`.
pub const UNSUBSCRIBE: i32 = 7;
/// `ZMQ_RATE`.
pub const RATE: i32 = 8;
/// `ZMQ_RECOVERY_IVL`.
pub const RECOVERY_IVL: i32 = 9;
/// `ZMQ_SNDBUF`.
pub const SNDBUF: i32 = 11;
/// `ZMQ_RCVBUF`.
pub const RCVBUF: i32 = 12;
/// `ZMQ_RCVMORE`.
pub const RCVMORE: i32 = 13;
/// `ZMQ_FD`.
pub const FD: i32 = 14;
/// `ZMQ_EVENTS`.
pub const EVENTS: i32 = 15;
/// `ZMQ_TYPE`.
pub const TYPE: i32 = 16;
/// `ZMQ_LINGER`.
pub const LINGER: i32 = 17;
/// `ZMQ_RECONNECT_IVL`.
pub const RECONNECT_IVL: i32 = 18;
/// `ZMQ_BACKLOG`.
pub const BACKLOG: i32 = 19;
/// `ZMQ_RECONNECT_IVL_MAX`.
pub const RECONNECT_IVL_MAX: i32 = 21;
/// `ZMQ_MAXMSGSIZE` (`int64_t`).
pub const MAXMSGSIZE: i32 = 22;
/// `ZMQ_SNDHWM`.
pub const SNDHWM: i32 = 23;
/// `ZMQ_RCVHWM`.
pub const RCVHWM: i32 = 24;
/// `ZMQ_MULTICAST_HOPS`.
pub const MULTICAST_HOPS: i32 = 25;
/// `ZMQ_RCVTIMEO`.
pub const RCVTIMEO: i32 = 27;
/// `ZMQ_SNDTIMEO`.
pub const SNDTIMEO: i32 = 28;
/// `ZMQ_IPV4ONLY` (deprecated: the inverse of `ZMQ_IPV6`).
pub const IPV4ONLY: i32 = 31;
/// `ZMQ_LAST_ENDPOINT`.
pub const LAST_ENDPOINT: i32 = 32;
/// `ZMQ_ROUTER_MANDATORY`, also `ZMQ_FAIL_UNROUTABLE` and `ZMQ_ROUTER_BEHAVIOR`.
pub const ROUTER_MANDATORY: i32 = 33;
/// `ZMQ_TCP_KEEPALIVE`.
pub const TCP_KEEPALIVE: i32 = 34;
/// `ZMQ_TCP_KEEPALIVE_CNT`.
pub const TCP_KEEPALIVE_CNT: i32 = 35;
/// `ZMQ_TCP_KEEPALIVE_IDLE`.
pub const TCP_KEEPALIVE_IDLE: i32 = 36;
/// `ZMQ_TCP_KEEPALIVE_INTVL`.
pub const TCP_KEEPALIVE_INTVL: i32 = 37;
/// `ZMQ_TCP_ACCEPT_FILTER` (deprecated).
pub const TCP_ACCEPT_FILTER: i32 = 38;
/// `ZMQ_IMMEDIATE`, also `ZMQ_DELAY_ATTACH_ON_CONNECT`.
pub const IMMEDIATE: i32 = 39;
/// `ZMQ_XPUB_VERBOSE`.
pub const XPUB_VERBOSE: i32 = 40;
/// `ZMQ_ROUTER_RAW`.
pub const ROUTER_RAW: i32 = 41;
/// `ZMQ_IPV6`.
pub const IPV6: i32 = 42;
/// `ZMQ_MECHANISM`.
pub const MECHANISM: i32 = 43;
/// `ZMQ_PLAIN_SERVER`.
pub const PLAIN_SERVER: i32 = 44;
/// `ZMQ_PLAIN_USERNAME`.
pub const PLAIN_USERNAME: i32 = 45;
/// `ZMQ_PLAIN_PASSWORD`.
pub const PLAIN_PASSWORD: i32 = 46;
/// `ZMQ_CURVE_SERVER`.
pub const CURVE_SERVER: i32 = 47;
/// `ZMQ_CURVE_PUBLICKEY`.
pub const CURVE_PUBLICKEY: i32 = 48;
/// `ZMQ_CURVE_SECRETKEY`.
pub const CURVE_SECRETKEY: i32 = 49;
/// `ZMQ_CURVE_SERVERKEY`.
pub const CURVE_SERVERKEY: i32 = 50;
/// `ZMQ_PROBE_ROUTER`.
pub const PROBE_ROUTER: i32 = 51;
/// `ZMQ_REQ_CORRELATE`.
pub const REQ_CORRELATE: i32 = 52;
/// `ZMQ_REQ_RELAXED`.
pub const REQ_RELAXED: i32 = 53;
/// `ZMQ_CONFLATE`.
pub const CONFLATE: i32 = 54;
/// `ZMQ_ZAP_DOMAIN`.
pub const ZAP_DOMAIN: i32 = 55;
/// `ZMQ_ROUTER_HANDOVER`.
pub const ROUTER_HANDOVER: i32 = 56;
/// `ZMQ_TOS`.
pub const TOS: i32 = 57;
/// `ZMQ_IPC_FILTER_PID` (deprecated).
pub const IPC_FILTER_PID: i32 = 58;
/// `ZMQ_IPC_FILTER_UID` (deprecated).
pub const IPC_FILTER_UID: i32 = 59;
/// `ZMQ_IPC_FILTER_GID` (deprecated).
pub const IPC_FILTER_GID: i32 = 60;
/// `ZMQ_CONNECT_ROUTING_ID`, also `ZMQ_CONNECT_RID`.
pub const CONNECT_ROUTING_ID: i32 = 61;
/// `ZMQ_GSSAPI_SERVER`.
pub const GSSAPI_SERVER: i32 = 62;
/// `ZMQ_GSSAPI_PRINCIPAL`.
pub const GSSAPI_PRINCIPAL: i32 = 63;
/// `ZMQ_GSSAPI_SERVICE_PRINCIPAL`.
pub const GSSAPI_SERVICE_PRINCIPAL: i32 = 64;
/// `ZMQ_GSSAPI_PLAINTEXT`.
pub const GSSAPI_PLAINTEXT: i32 = 65;
/// `ZMQ_HANDSHAKE_IVL`.
pub const HANDSHAKE_IVL: i32 = 66;
/// `ZMQ_SOCKS_PROXY`.
pub const SOCKS_PROXY: i32 = 68;
/// `ZMQ_XPUB_NODROP`.
pub const XPUB_NODROP: i32 = 69;
/// `ZMQ_BLOCKY` (a context option in 4.3.5; as a socket option it is unknown).
pub const BLOCKY: i32 = 70;
/// `ZMQ_XPUB_MANUAL`.
pub const XPUB_MANUAL: i32 = 71;
/// `ZMQ_XPUB_WELCOME_MSG`.
pub const XPUB_WELCOME_MSG: i32 = 72;
/// `ZMQ_STREAM_NOTIFY`.
pub const STREAM_NOTIFY: i32 = 73;
/// `ZMQ_INVERT_MATCHING`.
pub const INVERT_MATCHING: i32 = 74;
/// `ZMQ_HEARTBEAT_IVL`.
pub const HEARTBEAT_IVL: i32 = 75;
/// `ZMQ_HEARTBEAT_TTL`.
pub const HEARTBEAT_TTL: i32 = 76;
/// `ZMQ_HEARTBEAT_TIMEOUT`.
pub const HEARTBEAT_TIMEOUT: i32 = 77;
/// `ZMQ_XPUB_VERBOSER`.
pub const XPUB_VERBOSER: i32 = 78;
/// `ZMQ_CONNECT_TIMEOUT`.
pub const CONNECT_TIMEOUT: i32 = 79;
/// `ZMQ_TCP_MAXRT`.
pub const TCP_MAXRT: i32 = 80;
/// `ZMQ_THREAD_SAFE`.
pub const THREAD_SAFE: i32 = 81;
/// `ZMQ_MULTICAST_MAXTPDU`.
pub const MULTICAST_MAXTPDU: i32 = 84;
/// `ZMQ_VMCI_BUFFER_SIZE` (`uint64_t`).
pub const VMCI_BUFFER_SIZE: i32 = 85;
/// `ZMQ_VMCI_BUFFER_MIN_SIZE` (`uint64_t`).
pub const VMCI_BUFFER_MIN_SIZE: i32 = 86;
/// `ZMQ_VMCI_BUFFER_MAX_SIZE` (`uint64_t`).
pub const VMCI_BUFFER_MAX_SIZE: i32 = 87;
/// `ZMQ_VMCI_CONNECT_TIMEOUT`.
pub const VMCI_CONNECT_TIMEOUT: i32 = 88;
/// `ZMQ_USE_FD`.
pub const USE_FD: i32 = 89;
/// `ZMQ_GSSAPI_PRINCIPAL_NAMETYPE`.
pub const GSSAPI_PRINCIPAL_NAMETYPE: i32 = 90;
/// `ZMQ_GSSAPI_SERVICE_PRINCIPAL_NAMETYPE`.
pub const GSSAPI_SERVICE_PRINCIPAL_NAMETYPE: i32 = 91;
/// `ZMQ_BINDTODEVICE`.
pub const BINDTODEVICE: i32 = 92;
/// `ZMQ_ZAP_ENFORCE_DOMAIN` (DRAFT).
pub const ZAP_ENFORCE_DOMAIN: i32 = 93;
/// `ZMQ_LOOPBACK_FASTPATH` (DRAFT).
pub const LOOPBACK_FASTPATH: i32 = 94;
/// `ZMQ_METADATA` (DRAFT).
pub const METADATA: i32 = 95;
/// `ZMQ_MULTICAST_LOOP` (DRAFT).
pub const MULTICAST_LOOP: i32 = 96;
/// `ZMQ_ROUTER_NOTIFY` (DRAFT).
pub const ROUTER_NOTIFY: i32 = 97;
/// `ZMQ_XPUB_MANUAL_LAST_VALUE` (DRAFT).
pub const XPUB_MANUAL_LAST_VALUE: i32 = 98;
/// `ZMQ_SOCKS_USERNAME` (DRAFT).
pub const SOCKS_USERNAME: i32 = 99;
/// `ZMQ_SOCKS_PASSWORD` (DRAFT).
pub const SOCKS_PASSWORD: i32 = 100;
/// `ZMQ_IN_BATCH_SIZE` (DRAFT).
pub const IN_BATCH_SIZE: i32 = 101;
/// `ZMQ_OUT_BATCH_SIZE` (DRAFT).
pub const OUT_BATCH_SIZE: i32 = 102;
/// `ZMQ_WSS_KEY_PEM` (DRAFT).
pub const WSS_KEY_PEM: i32 = 103;
/// `ZMQ_WSS_CERT_PEM` (DRAFT).
pub const WSS_CERT_PEM: i32 = 104;
/// `ZMQ_WSS_TRUST_PEM` (DRAFT).
pub const WSS_TRUST_PEM: i32 = 105;
/// `ZMQ_WSS_HOSTNAME` (DRAFT).
pub const WSS_HOSTNAME: i32 = 106;
/// `ZMQ_WSS_TRUST_SYSTEM` (DRAFT).
pub const WSS_TRUST_SYSTEM: i32 = 107;
/// `ZMQ_ONLY_FIRST_SUBSCRIBE` (DRAFT).
pub const ONLY_FIRST_SUBSCRIBE: i32 = 108;
/// `ZMQ_RECONNECT_STOP` (DRAFT).
pub const RECONNECT_STOP: i32 = 109;
/// `ZMQ_HELLO_MSG` (DRAFT).
pub const HELLO_MSG: i32 = 110;
/// `ZMQ_DISCONNECT_MSG` (DRAFT).
pub const DISCONNECT_MSG: i32 = 111;
/// `ZMQ_PRIORITY` (DRAFT).
pub const PRIORITY: i32 = 112;
/// `ZMQ_BUSY_POLL` (DRAFT).
pub const BUSY_POLL: i32 = 113;
/// `ZMQ_HICCUP_MSG` (DRAFT).
pub const HICCUP_MSG: i32 = 114;
/// `ZMQ_XSUB_VERBOSE_UNSUBSCRIBE` (DRAFT).
pub const XSUB_VERBOSE_UNSUBSCRIBE: i32 = 115;
/// `ZMQ_TOPICS_COUNT` (DRAFT).
pub const TOPICS_COUNT: i32 = 116;
/// `ZMQ_NORM_MODE` (DRAFT).
pub const NORM_MODE: i32 = 117;
/// `ZMQ_NORM_UNICAST_NACK` (DRAFT).
pub const NORM_UNICAST_NACK: i32 = 118;
/// `ZMQ_NORM_BUFFER_SIZE` (DRAFT).
pub const NORM_BUFFER_SIZE: i32 = 119;
/// `ZMQ_NORM_SEGMENT_SIZE` (DRAFT).
pub const NORM_SEGMENT_SIZE: i32 = 120;
/// `ZMQ_NORM_BLOCK_SIZE` (DRAFT).
pub const NORM_BLOCK_SIZE: i32 = 121;
/// `ZMQ_NORM_NUM_PARITY` (DRAFT).
pub const NORM_NUM_PARITY: i32 = 122;
/// `ZMQ_NORM_NUM_AUTOPARITY` (DRAFT).
pub const NORM_NUM_AUTOPARITY: i32 = 123;
/// `ZMQ_NORM_PUSH` (DRAFT).
pub const NORM_PUSH: i32 = 124;

/// An optional libzmq build feature some options belong to.
///
/// libzmq compiles these options out when it is built without the feature, and then
/// answers `EINVAL` to them. [`Options`](super::Options) always stores them; a layer
/// that knows the feature is not built can use [`required_feature`] to refuse them the
/// way such a libzmq build would.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Feature {
    /// The GSSAPI (Kerberos) security mechanism.
    Gssapi,
    /// The NORM multicast transport.
    Norm,
    /// The secure WebSocket transport.
    Wss,
    /// The VMware VMCI transport.
    Vmci,
}

/// The build feature `option` depends on, if any.
pub fn required_feature(option: i32) -> Option<Feature> {
    match option {
        GSSAPI_SERVER
        | GSSAPI_PRINCIPAL
        | GSSAPI_SERVICE_PRINCIPAL
        | GSSAPI_PLAINTEXT
        | GSSAPI_PRINCIPAL_NAMETYPE
        | GSSAPI_SERVICE_PRINCIPAL_NAMETYPE => Some(Feature::Gssapi),
        NORM_MODE..=NORM_PUSH => Some(Feature::Norm),
        WSS_KEY_PEM..=WSS_TRUST_SYSTEM => Some(Feature::Wss),
        VMCI_BUFFER_SIZE..=VMCI_CONNECT_TIMEOUT => Some(Feature::Vmci),
        _ => None,
    }
}

/// Whether `option` sits under `ZMQ_BUILD_DRAFT_API` in the 4.3.5 header.
pub fn is_draft(option: i32) -> bool {
    (ZAP_ENFORCE_DOMAIN..=NORM_PUSH).contains(&option)
}

/// Whether the socket itself must answer `option`, because the value is live socket
/// state rather than a stored setting:
///
/// - `ZMQ_RCVMORE`, `ZMQ_FD`, `ZMQ_EVENTS`, `ZMQ_THREAD_SAFE`: get only, on every socket
///   type; libzmq writes them into any buffer of at least 4 bytes
///   ([`put_int_at_least`](super::codec::put_int_at_least)), not exactly 4;
/// - `ZMQ_TOPICS_COUNT`: get only, on XPUB/PUB and XSUB/SUB (the number of
///   subscriptions), also written with `put_int_at_least`;
/// - `ZMQ_SUBSCRIBE`, `ZMQ_UNSUBSCRIBE`: set only, on SUB always and on XPUB/PUB in
///   `ZMQ_XPUB_MANUAL` mode (they change the subscription set).
///
/// [`Options::set`](super::Options::set) and [`Options::get`](super::Options::get)
/// answer `EINVAL` for these, which is also libzmq's answer on the socket types that do
/// not take them; the socket intercepts them first on the types that do.
pub fn is_socket_specific(option: i32) -> bool {
    matches!(
        option,
        RCVMORE | FD | EVENTS | THREAD_SAFE | TOPICS_COUNT | SUBSCRIBE | UNSUBSCRIBE
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feature_ranges_hold_only_their_options() {
        assert_eq!(required_feature(GSSAPI_PLAINTEXT), Some(Feature::Gssapi));
        assert_eq!(required_feature(NORM_MODE), Some(Feature::Norm));
        assert_eq!(required_feature(NORM_PUSH), Some(Feature::Norm));
        assert_eq!(required_feature(WSS_HOSTNAME), Some(Feature::Wss));
        assert_eq!(required_feature(VMCI_CONNECT_TIMEOUT), Some(Feature::Vmci));
        assert_eq!(required_feature(USE_FD), None);
        assert_eq!(required_feature(CURVE_SERVER), None);
    }

    #[test]
    fn draft_range_matches_the_header() {
        assert!(!is_draft(BINDTODEVICE));
        assert!(is_draft(ZAP_ENFORCE_DOMAIN));
        assert!(is_draft(NORM_PUSH));
        assert!(!is_draft(125));
    }

    #[test]
    fn socket_specific_set_is_exactly_the_live_state() {
        let live: Vec<i32> = (0..130).filter(|&o| is_socket_specific(o)).collect();
        assert_eq!(live, vec![6, 7, 13, 14, 15, 81, 116]);
    }
}

//! Socket options (`zmq_setsockopt`/`zmq_getsockopt`) and the values some of them take.
//!
//! Numbers are never reused in libzmq: a retired option keeps its number (below, under
//! "deprecated"), and 26, 29, 30, 67, 82 and 83 are deliberately absent.

use libc::c_int;

/// I/O thread affinity of new connections (bitmask).
pub const ZMQ_AFFINITY: c_int = 4;
/// The socket's routing id, as ROUTER peers see it.
pub const ZMQ_ROUTING_ID: c_int = 5;
/// SUB/XSUB: add a topic prefix to the subscriptions.
pub const ZMQ_SUBSCRIBE: c_int = 6;
/// SUB/XSUB: remove a topic prefix from the subscriptions.
pub const ZMQ_UNSUBSCRIBE: c_int = 7;
/// Multicast data rate, in kilobits per second.
pub const ZMQ_RATE: c_int = 8;
/// Multicast recovery interval, in milliseconds.
pub const ZMQ_RECOVERY_IVL: c_int = 9;
/// Kernel send buffer size (`SO_SNDBUF`).
pub const ZMQ_SNDBUF: c_int = 11;
/// Kernel receive buffer size (`SO_RCVBUF`).
pub const ZMQ_RCVBUF: c_int = 12;
/// Read-only: more frames of the last received message follow.
pub const ZMQ_RCVMORE: c_int = 13;
/// Read-only: a file descriptor that signals when events may be pending.
pub const ZMQ_FD: c_int = 14;
/// Read-only: the socket's pending `ZMQ_POLLIN`/`ZMQ_POLLOUT` state.
pub const ZMQ_EVENTS: c_int = 15;
/// Read-only: the socket's type.
pub const ZMQ_TYPE: c_int = 16;
/// How long unsent messages are kept after `zmq_close`, in milliseconds.
pub const ZMQ_LINGER: c_int = 17;
/// Initial reconnection interval, in milliseconds.
pub const ZMQ_RECONNECT_IVL: c_int = 18;
/// Length of the listen queue of pending connections.
pub const ZMQ_BACKLOG: c_int = 19;
/// Largest reconnection interval with exponential backoff, in milliseconds.
pub const ZMQ_RECONNECT_IVL_MAX: c_int = 21;
/// Largest inbound message accepted, in bytes (-1: no limit).
pub const ZMQ_MAXMSGSIZE: c_int = 22;
/// Send high-water mark, in messages.
pub const ZMQ_SNDHWM: c_int = 23;
/// Receive high-water mark, in messages.
pub const ZMQ_RCVHWM: c_int = 24;
/// Multicast hop limit (TTL).
pub const ZMQ_MULTICAST_HOPS: c_int = 25;
/// Receive timeout, in milliseconds (-1: block).
pub const ZMQ_RCVTIMEO: c_int = 27;
/// Send timeout, in milliseconds (-1: block).
pub const ZMQ_SNDTIMEO: c_int = 28;
/// Read-only: the last endpoint bound, with any wildcard resolved.
pub const ZMQ_LAST_ENDPOINT: c_int = 32;
/// ROUTER: fail with `EHOSTUNREACH` instead of dropping unroutable messages.
pub const ZMQ_ROUTER_MANDATORY: c_int = 33;
/// TCP keepalive (`SO_KEEPALIVE`): -1 system default, 0 off, 1 on.
pub const ZMQ_TCP_KEEPALIVE: c_int = 34;
/// TCP keepalive probe count (`TCP_KEEPCNT`).
pub const ZMQ_TCP_KEEPALIVE_CNT: c_int = 35;
/// TCP keepalive idle time (`TCP_KEEPIDLE`), in seconds.
pub const ZMQ_TCP_KEEPALIVE_IDLE: c_int = 36;
/// TCP keepalive probe interval (`TCP_KEEPINTVL`), in seconds.
pub const ZMQ_TCP_KEEPALIVE_INTVL: c_int = 37;
/// Queue messages only to completed connections.
pub const ZMQ_IMMEDIATE: c_int = 39;
/// XPUB: pass every subscription up, duplicates included.
pub const ZMQ_XPUB_VERBOSE: c_int = 40;
/// ROUTER: raw mode, without ZMTP framing.
pub const ZMQ_ROUTER_RAW: c_int = 41;
/// Use IPv6 as well as IPv4.
pub const ZMQ_IPV6: c_int = 42;
/// Read-only: the security mechanism in use.
pub const ZMQ_MECHANISM: c_int = 43;
/// PLAIN: act as the server.
pub const ZMQ_PLAIN_SERVER: c_int = 44;
/// PLAIN: the client's user name.
pub const ZMQ_PLAIN_USERNAME: c_int = 45;
/// PLAIN: the client's password.
pub const ZMQ_PLAIN_PASSWORD: c_int = 46;
/// CURVE: act as the server.
pub const ZMQ_CURVE_SERVER: c_int = 47;
/// CURVE: this socket's long-term public key.
pub const ZMQ_CURVE_PUBLICKEY: c_int = 48;
/// CURVE: this socket's long-term secret key.
pub const ZMQ_CURVE_SECRETKEY: c_int = 49;
/// CURVE: the server's long-term public key, set on a client.
pub const ZMQ_CURVE_SERVERKEY: c_int = 50;
/// Send an empty message to each new ROUTER peer on connect.
pub const ZMQ_PROBE_ROUTER: c_int = 51;
/// REQ: match replies to requests with a request id.
pub const ZMQ_REQ_CORRELATE: c_int = 52;
/// REQ: allow a new request before the reply to the last one.
pub const ZMQ_REQ_RELAXED: c_int = 53;
/// Keep only the last message in each queue.
pub const ZMQ_CONFLATE: c_int = 54;
/// The ZAP authentication domain.
pub const ZMQ_ZAP_DOMAIN: c_int = 55;
/// ROUTER: a new peer with a taken routing id takes over the old connection.
pub const ZMQ_ROUTER_HANDOVER: c_int = 56;
/// IP type-of-service of outgoing packets.
pub const ZMQ_TOS: c_int = 57;
/// The routing id to give the peer of the next `zmq_connect`.
pub const ZMQ_CONNECT_ROUTING_ID: c_int = 61;
/// GSSAPI: act as the server.
pub const ZMQ_GSSAPI_SERVER: c_int = 62;
/// GSSAPI: this socket's principal.
pub const ZMQ_GSSAPI_PRINCIPAL: c_int = 63;
/// GSSAPI: the server's principal, set on a client.
pub const ZMQ_GSSAPI_SERVICE_PRINCIPAL: c_int = 64;
/// GSSAPI: authenticate without encrypting.
pub const ZMQ_GSSAPI_PLAINTEXT: c_int = 65;
/// Largest time a handshake may take, in milliseconds.
pub const ZMQ_HANDSHAKE_IVL: c_int = 66;
/// SOCKS5 proxy address for outgoing TCP connections.
pub const ZMQ_SOCKS_PROXY: c_int = 68;
/// XPUB/PUB: fail with `EAGAIN` at the high-water mark instead of dropping.
pub const ZMQ_XPUB_NODROP: c_int = 69;
/// Whether `zmq_ctx_term` waits for lingering messages (the old behaviour).
pub const ZMQ_BLOCKY: c_int = 70;
/// XPUB: subscriptions are applied by the application, not automatically.
pub const ZMQ_XPUB_MANUAL: c_int = 71;
/// XPUB: a message sent to each new subscriber.
pub const ZMQ_XPUB_WELCOME_MSG: c_int = 72;
/// STREAM: deliver connect and disconnect notifications.
pub const ZMQ_STREAM_NOTIFY: c_int = 73;
/// PUB/SUB: deliver the messages that do NOT match the subscriptions.
pub const ZMQ_INVERT_MATCHING: c_int = 74;
/// Interval between ZMTP heartbeats, in milliseconds.
pub const ZMQ_HEARTBEAT_IVL: c_int = 75;
/// Time-to-live the peer should apply to our heartbeats, in milliseconds.
pub const ZMQ_HEARTBEAT_TTL: c_int = 76;
/// How long to wait for a heartbeat reply, in milliseconds.
pub const ZMQ_HEARTBEAT_TIMEOUT: c_int = 77;
/// XPUB: pass every subscription and unsubscription up.
pub const ZMQ_XPUB_VERBOSER: c_int = 78;
/// Timeout of a TCP connect, in milliseconds.
pub const ZMQ_CONNECT_TIMEOUT: c_int = 79;
/// Largest TCP retransmission time (`TCP_USER_TIMEOUT`), in milliseconds.
pub const ZMQ_TCP_MAXRT: c_int = 80;
/// Read-only: whether the socket may be used from several threads at once.
pub const ZMQ_THREAD_SAFE: c_int = 81;
/// Largest multicast transport data unit, in bytes.
pub const ZMQ_MULTICAST_MAXTPDU: c_int = 84;
/// VMCI buffer size.
pub const ZMQ_VMCI_BUFFER_SIZE: c_int = 85;
/// VMCI smallest buffer size.
pub const ZMQ_VMCI_BUFFER_MIN_SIZE: c_int = 86;
/// VMCI largest buffer size.
pub const ZMQ_VMCI_BUFFER_MAX_SIZE: c_int = 87;
/// VMCI connect timeout.
pub const ZMQ_VMCI_CONNECT_TIMEOUT: c_int = 88;
/// Use this pre-bound file descriptor for the next bind.
pub const ZMQ_USE_FD: c_int = 89;
/// GSSAPI: name type of `ZMQ_GSSAPI_PRINCIPAL`.
pub const ZMQ_GSSAPI_PRINCIPAL_NAMETYPE: c_int = 90;
/// GSSAPI: name type of `ZMQ_GSSAPI_SERVICE_PRINCIPAL`.
pub const ZMQ_GSSAPI_SERVICE_PRINCIPAL_NAMETYPE: c_int = 91;
/// Bind the socket's connections to this network device (`SO_BINDTODEVICE`).
pub const ZMQ_BINDTODEVICE: c_int = 92;

// ---- deprecated names and retired options -----------------------------------------

/// Old name of `ZMQ_ROUTING_ID`.
pub const ZMQ_IDENTITY: c_int = ZMQ_ROUTING_ID;
/// Old name of `ZMQ_CONNECT_ROUTING_ID`.
pub const ZMQ_CONNECT_RID: c_int = ZMQ_CONNECT_ROUTING_ID;
/// Retired: only accept TCP peers from these addresses.
pub const ZMQ_TCP_ACCEPT_FILTER: c_int = 38;
/// Retired: only accept IPC peers with this process id.
pub const ZMQ_IPC_FILTER_PID: c_int = 58;
/// Retired: only accept IPC peers with this user id.
pub const ZMQ_IPC_FILTER_UID: c_int = 59;
/// Retired: only accept IPC peers with this group id.
pub const ZMQ_IPC_FILTER_GID: c_int = 60;
/// Retired: IPv4 only (the opposite of `ZMQ_IPV6`).
pub const ZMQ_IPV4ONLY: c_int = 31;
/// Old name of `ZMQ_IMMEDIATE`.
pub const ZMQ_DELAY_ATTACH_ON_CONNECT: c_int = ZMQ_IMMEDIATE;
/// Old name of `ZMQ_ROUTER_MANDATORY`.
pub const ZMQ_FAIL_UNROUTABLE: c_int = ZMQ_ROUTER_MANDATORY;
/// Old name of `ZMQ_ROUTER_MANDATORY`.
pub const ZMQ_ROUTER_BEHAVIOR: c_int = ZMQ_ROUTER_MANDATORY;

// ---- draft options ----------------------------------------------------------------

/// Draft: enforce the ZAP domain even when it is empty.
#[cfg(feature = "draft")]
pub const ZMQ_ZAP_ENFORCE_DOMAIN: c_int = 93;
/// Draft: Windows TCP loopback fast path.
#[cfg(feature = "draft")]
pub const ZMQ_LOOPBACK_FASTPATH: c_int = 94;
/// Draft: add a `name:value` metadata property to the handshake.
#[cfg(feature = "draft")]
pub const ZMQ_METADATA: c_int = 95;
/// Draft: loop multicast back to the sending host.
#[cfg(feature = "draft")]
pub const ZMQ_MULTICAST_LOOP: c_int = 96;
/// Draft: ROUTER connect/disconnect notifications (`ZMQ_NOTIFY_*` bits).
#[cfg(feature = "draft")]
pub const ZMQ_ROUTER_NOTIFY: c_int = 97;
/// Draft: XPUB manual mode that also passes the last unsubscription up.
#[cfg(feature = "draft")]
pub const ZMQ_XPUB_MANUAL_LAST_VALUE: c_int = 98;
/// Draft: SOCKS5 user name.
#[cfg(feature = "draft")]
pub const ZMQ_SOCKS_USERNAME: c_int = 99;
/// Draft: SOCKS5 password.
#[cfg(feature = "draft")]
pub const ZMQ_SOCKS_PASSWORD: c_int = 100;
/// Draft: bytes read from the network in one batch.
#[cfg(feature = "draft")]
pub const ZMQ_IN_BATCH_SIZE: c_int = 101;
/// Draft: bytes written to the network in one batch.
#[cfg(feature = "draft")]
pub const ZMQ_OUT_BATCH_SIZE: c_int = 102;
/// Draft: WSS private key, PEM.
#[cfg(feature = "draft")]
pub const ZMQ_WSS_KEY_PEM: c_int = 103;
/// Draft: WSS certificate, PEM.
#[cfg(feature = "draft")]
pub const ZMQ_WSS_CERT_PEM: c_int = 104;
/// Draft: WSS trusted certificate, PEM.
#[cfg(feature = "draft")]
pub const ZMQ_WSS_TRUST_PEM: c_int = 105;
/// Draft: WSS host name to verify.
#[cfg(feature = "draft")]
pub const ZMQ_WSS_HOSTNAME: c_int = 106;
/// Draft: WSS trusts the system's certificate store.
#[cfg(feature = "draft")]
pub const ZMQ_WSS_TRUST_SYSTEM: c_int = 107;
/// Draft: XPUB/XSUB only treat the first frame of a message as a subscription.
#[cfg(feature = "draft")]
pub const ZMQ_ONLY_FIRST_SUBSCRIBE: c_int = 108;
/// Draft: when to stop reconnecting (`ZMQ_RECONNECT_STOP_*` bits).
#[cfg(feature = "draft")]
pub const ZMQ_RECONNECT_STOP: c_int = 109;
/// Draft: a message sent to each peer when it connects.
#[cfg(feature = "draft")]
pub const ZMQ_HELLO_MSG: c_int = 110;
/// Draft: a message the socket receives when a peer disconnects.
#[cfg(feature = "draft")]
pub const ZMQ_DISCONNECT_MSG: c_int = 111;
/// Draft: `SO_PRIORITY` of the socket's connections.
#[cfg(feature = "draft")]
pub const ZMQ_PRIORITY: c_int = 112;
/// Draft: `SO_BUSY_POLL` of the socket's connections.
#[cfg(feature = "draft")]
pub const ZMQ_BUSY_POLL: c_int = 113;
/// Draft: a message the socket receives when a connection is interrupted.
#[cfg(feature = "draft")]
pub const ZMQ_HICCUP_MSG: c_int = 114;
/// Draft: XSUB passes every unsubscription up, duplicates included.
#[cfg(feature = "draft")]
pub const ZMQ_XSUB_VERBOSE_UNSUBSCRIBE: c_int = 115;
/// Draft, read-only: number of distinct topics subscribed.
#[cfg(feature = "draft")]
pub const ZMQ_TOPICS_COUNT: c_int = 116;
/// Draft: NORM congestion-control mode (`ZMQ_NORM_FIXED` ...).
#[cfg(feature = "draft")]
pub const ZMQ_NORM_MODE: c_int = 117;
/// Draft: NORM unicast NACKs.
#[cfg(feature = "draft")]
pub const ZMQ_NORM_UNICAST_NACK: c_int = 118;
/// Draft: NORM buffer size.
#[cfg(feature = "draft")]
pub const ZMQ_NORM_BUFFER_SIZE: c_int = 119;
/// Draft: NORM segment size.
#[cfg(feature = "draft")]
pub const ZMQ_NORM_SEGMENT_SIZE: c_int = 120;
/// Draft: NORM block size.
#[cfg(feature = "draft")]
pub const ZMQ_NORM_BLOCK_SIZE: c_int = 121;
/// Draft: NORM parity segments per block.
#[cfg(feature = "draft")]
pub const ZMQ_NORM_NUM_PARITY: c_int = 122;
/// Draft: NORM proactive parity segments.
#[cfg(feature = "draft")]
pub const ZMQ_NORM_NUM_AUTOPARITY: c_int = 123;
/// Draft: NORM push mode.
#[cfg(feature = "draft")]
pub const ZMQ_NORM_PUSH: c_int = 124;

// ---- values of draft options ------------------------------------------------------

/// `ZMQ_NORM_MODE`: fixed rate.
#[cfg(feature = "draft")]
pub const ZMQ_NORM_FIXED: c_int = 0;
/// `ZMQ_NORM_MODE`: congestion control.
#[cfg(feature = "draft")]
pub const ZMQ_NORM_CC: c_int = 1;
/// `ZMQ_NORM_MODE`: loss-tolerant congestion control.
#[cfg(feature = "draft")]
pub const ZMQ_NORM_CCL: c_int = 2;
/// `ZMQ_NORM_MODE`: ECN-aware congestion control.
#[cfg(feature = "draft")]
pub const ZMQ_NORM_CCE: c_int = 3;
/// `ZMQ_NORM_MODE`: ECN-only congestion control.
#[cfg(feature = "draft")]
pub const ZMQ_NORM_CCE_ECNONLY: c_int = 4;

/// `ZMQ_RECONNECT_STOP` bit: stop when the connection is refused.
#[cfg(feature = "draft")]
pub const ZMQ_RECONNECT_STOP_CONN_REFUSED: c_int = 0x1;
/// `ZMQ_RECONNECT_STOP` bit: stop when the handshake fails.
#[cfg(feature = "draft")]
pub const ZMQ_RECONNECT_STOP_HANDSHAKE_FAILED: c_int = 0x2;
/// `ZMQ_RECONNECT_STOP` bit: stop after a disconnect (4 in libzmq 4.3.5; 3 in 4.3.4).
#[cfg(feature = "draft")]
pub const ZMQ_RECONNECT_STOP_AFTER_DISCONNECT: c_int = 0x4;

//! Socket monitor events (`zmq_socket_monitor`) and the protocol error codes carried
//! by `ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL`.
//!
//! libzmq writes these as hexadecimal `int` literals; cbindgen prints them in decimal,
//! which is the same `int` value.

use libc::c_int;

/// A connection to a remote peer was made.
pub const ZMQ_EVENT_CONNECTED: c_int = 0x0001;
/// A synchronous connect failed; it is being retried.
pub const ZMQ_EVENT_CONNECT_DELAYED: c_int = 0x0002;
/// A reconnect attempt was scheduled.
pub const ZMQ_EVENT_CONNECT_RETRIED: c_int = 0x0004;
/// The socket was bound and listens.
pub const ZMQ_EVENT_LISTENING: c_int = 0x0008;
/// The socket could not bind.
pub const ZMQ_EVENT_BIND_FAILED: c_int = 0x0010;
/// A connection from a remote peer was accepted.
pub const ZMQ_EVENT_ACCEPTED: c_int = 0x0020;
/// A connection from a remote peer could not be accepted.
pub const ZMQ_EVENT_ACCEPT_FAILED: c_int = 0x0040;
/// A connection's underlying descriptor was closed.
pub const ZMQ_EVENT_CLOSED: c_int = 0x0080;
/// A descriptor could not be released back to the system.
pub const ZMQ_EVENT_CLOSE_FAILED: c_int = 0x0100;
/// The session was broken unexpectedly.
pub const ZMQ_EVENT_DISCONNECTED: c_int = 0x0200;
/// Monitoring of this socket stopped.
pub const ZMQ_EVENT_MONITOR_STOPPED: c_int = 0x0400;
/// Every stable event.
pub const ZMQ_EVENT_ALL: c_int = 0xFFFF;
/// The handshake failed for a system reason; the event value is an errno.
pub const ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL: c_int = 0x0800;
/// The handshake (and authentication, if any) succeeded.
pub const ZMQ_EVENT_HANDSHAKE_SUCCEEDED: c_int = 0x1000;
/// The handshake failed on a protocol error; the value is a `ZMQ_PROTOCOL_ERROR_*`.
pub const ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL: c_int = 0x2000;
/// Authentication failed; the value is the ZAP status code (300, 400 or 500).
pub const ZMQ_EVENT_HANDSHAKE_FAILED_AUTH: c_int = 0x4000;

/// ZMTP error of no more precise kind.
pub const ZMQ_PROTOCOL_ERROR_ZMTP_UNSPECIFIED: c_int = 0x10000000;
/// ZMTP: a command arrived that the state does not allow.
pub const ZMQ_PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND: c_int = 0x10000001;
/// ZMTP: a nonce or message sequence was wrong.
pub const ZMQ_PROTOCOL_ERROR_ZMTP_INVALID_SEQUENCE: c_int = 0x10000002;
/// ZMTP: the key exchange failed.
pub const ZMQ_PROTOCOL_ERROR_ZMTP_KEY_EXCHANGE: c_int = 0x10000003;
/// ZMTP: a malformed command of no more precise kind.
pub const ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED: c_int = 0x10000011;
/// ZMTP: a malformed MESSAGE command.
pub const ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_MESSAGE: c_int = 0x10000012;
/// ZMTP: a malformed HELLO command.
pub const ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_HELLO: c_int = 0x10000013;
/// ZMTP: a malformed INITIATE command.
pub const ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_INITIATE: c_int = 0x10000014;
/// ZMTP: a malformed ERROR command.
pub const ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_ERROR: c_int = 0x10000015;
/// ZMTP: a malformed READY command.
pub const ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_READY: c_int = 0x10000016;
/// ZMTP: a malformed WELCOME command.
pub const ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_WELCOME: c_int = 0x10000017;
/// ZMTP: the peer's metadata was invalid.
pub const ZMQ_PROTOCOL_ERROR_ZMTP_INVALID_METADATA: c_int = 0x10000018;
/// ZMTP: a cryptographic check failed (often a peer's wrong key).
pub const ZMQ_PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC: c_int = 0x11000001;
/// ZMTP: the two peers use different security mechanisms.
pub const ZMQ_PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH: c_int = 0x11000002;
/// ZAP error of no more precise kind.
pub const ZMQ_PROTOCOL_ERROR_ZAP_UNSPECIFIED: c_int = 0x20000000;
/// ZAP: the handler's reply was malformed.
pub const ZMQ_PROTOCOL_ERROR_ZAP_MALFORMED_REPLY: c_int = 0x20000001;
/// ZAP: the reply's request id did not match.
pub const ZMQ_PROTOCOL_ERROR_ZAP_BAD_REQUEST_ID: c_int = 0x20000002;
/// ZAP: the reply's version was not 1.0.
pub const ZMQ_PROTOCOL_ERROR_ZAP_BAD_VERSION: c_int = 0x20000003;
/// ZAP: the reply's status code was not 200, 300, 400 or 500.
pub const ZMQ_PROTOCOL_ERROR_ZAP_INVALID_STATUS_CODE: c_int = 0x20000004;
/// ZAP: the reply's metadata was invalid.
pub const ZMQ_PROTOCOL_ERROR_ZAP_INVALID_METADATA: c_int = 0x20000005;
/// WebSocket error of no more precise kind.
pub const ZMQ_PROTOCOL_ERROR_WS_UNSPECIFIED: c_int = 0x30000000;

/// Draft event: per-pipe queue statistics, asked for by `zmq_socket_monitor_pipes_stats`.
#[cfg(feature = "draft")]
pub const ZMQ_EVENT_PIPES_STATS: c_int = 0x10000;
/// Draft: the stable event format (version 1) for `zmq_socket_monitor_versioned`.
#[cfg(feature = "draft")]
pub const ZMQ_CURRENT_EVENT_VERSION: c_int = 1;
/// Draft: the draft event format (version 2) for `zmq_socket_monitor_versioned`.
#[cfg(feature = "draft")]
pub const ZMQ_CURRENT_EVENT_VERSION_DRAFT: c_int = 2;
/// Draft: every event of format version 1.
#[cfg(feature = "draft")]
pub const ZMQ_EVENT_ALL_V1: c_int = ZMQ_EVENT_ALL;
/// Draft: every event of format version 2. (libzmq leaves this macro unparenthesised;
/// ours is parenthesised, which gives the same value wherever the macro is used alone.)
#[cfg(feature = "draft")]
pub const ZMQ_EVENT_ALL_V2: c_int = ZMQ_EVENT_ALL_V1 | ZMQ_EVENT_PIPES_STATS;

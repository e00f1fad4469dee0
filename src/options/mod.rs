//! Socket options: the values `zmq_setsockopt` stores and `zmq_getsockopt` reads back,
//! with libzmq 4.3.5's types, sizes, defaults, ranges and errors.
//!
//! [`Options`] holds every option of one socket. Options every socket uses are fields of
//! it; the rest are grouped by who reads them: [`ConnectionOptions`] (TCP/IPC
//! transports), [`TransportOptions`] (multicast, NORM, VMCI, WSS), [`SecurityOptions`]
//! (the ZMTP mechanism) and [`PatternOptions`] (one socket type each).
//!
//! How the C layer and the socket use it:
//! - `zmq_setsockopt(s, opt, val, len)` → [`Options::set_nullable`] (or [`Options::set`]
//!   when the pointer is not NULL: libzmq treats `NULL, 0` and `"", 0` differently for
//!   a few options);
//! - `zmq_getsockopt(s, opt, buf, &len)` → [`Options::get`] with `buf[..len]`, which
//!   returns the new `len`;
//! - the socket answers the options of [`is_socket_specific`] itself (live state such as
//!   `ZMQ_RCVMORE`, or the subscription set), before calling these; it also refreshes its
//!   pipes after `ZMQ_SNDHWM`/`ZMQ_RCVHWM` change, and stores `last_endpoint` on bind.
//!
//! Every error is `EINVAL`, as in libzmq: an unknown option, a wrong `option_len`, a
//! value out of range, setting a read-only option, reading a write-only one, or a pattern
//! option on a socket type that does not take it.
//!
//! String options are stored exactly as given: libzmq keeps a trailing NUL when the
//! caller counts it in `option_len`, and reads the string back with one more NUL.

mod accept_filter;
pub mod codec;
mod connection;
pub mod ids;
mod pattern;
mod security;
mod transports;

#[cfg(test)]
mod tests;

pub use accept_filter::TcpAcceptFilter;
pub use connection::ConnectionOptions;
pub use ids::*;
pub use pattern::{PatternOptions, accepted_socket_types};
pub use security::{Mechanism, SecurityOptions};
pub use transports::TransportOptions;

use crate::error::{Error, Result};
use codec::{Value, put_binary, put_bool, put_i64, put_int, put_string, put_u64};

/// Longest routing id (`ZMQ_ROUTING_ID`), and longest metadata property name.
const MAX_SHORT_BLOB: usize = 255;

/// The option values of one socket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// `ZMQ_TYPE` (read-only): the socket type number.
    pub socket_type: i32,
    /// `ZMQ_SNDHWM`: outbound high-water mark in messages; 0 = unlimited. Default 1000.
    pub sndhwm: i32,
    /// `ZMQ_RCVHWM`: inbound high-water mark in messages; 0 = unlimited. Default 1000.
    pub rcvhwm: i32,
    /// `ZMQ_LINGER` in ms; -1 (default) = forever; range >= -1.
    pub linger: i32,
    /// `ZMQ_SNDTIMEO` in ms; -1 (default) = forever; range >= -1.
    pub sndtimeo: i32,
    /// `ZMQ_RCVTIMEO` in ms; -1 (default) = forever; range >= -1.
    pub rcvtimeo: i32,
    /// `ZMQ_CONFLATE`: keep only the last message (PUSH, PULL, PUB, SUB, DEALER).
    pub conflate: bool,
    /// `ZMQ_LAST_ENDPOINT` (read-only): the endpoint of the last bind, set by the socket.
    pub last_endpoint: String,
    /// `ZMQ_AFFINITY`: bitmap of the I/O threads new connections may use. Default 0 (any).
    pub affinity: u64,
    /// `ZMQ_ROUTING_ID`: the id a ROUTER peer knows this socket by; 1..=255 bytes, or
    /// empty (the default) for a ROUTER-generated one.
    pub routing_id: Vec<u8>,
    /// `ZMQ_MAXMSGSIZE`: largest inbound message in bytes; -1 (default) = no limit.
    pub maxmsgsize: i64,
    /// `ZMQ_IMMEDIATE`: queue only to completed connections. Default false.
    pub immediate: bool,
    /// `ZMQ_INVERT_MATCHING`: invert PUB/SUB prefix matching. Default false. libzmq takes
    /// it on every socket type; PUB, XPUB and SUB use it.
    pub invert_matching: bool,
    /// `ZMQ_METADATA` (write-only): "X-name:value" properties sent in the handshake, in
    /// the order set; a repeated name keeps its first value, as libzmq.
    pub metadata: Vec<(Vec<u8>, Vec<u8>)>,
    /// `ZMQ_HELLO_MSG` (write-only): sent to each new peer by ROUTER, DEALER, CLIENT,
    /// SERVER and PEER; empty (default) for none. libzmq accepts it on every type.
    pub hello_msg: Vec<u8>,
    /// `ZMQ_DISCONNECT_MSG` (write-only): delivered when a peer disconnects, by ROUTER,
    /// SERVER and PEER; empty (default) for none.
    pub disconnect_msg: Vec<u8>,
    /// `ZMQ_HICCUP_MSG` (write-only): delivered when a connected peer drops and comes
    /// back, by DEALER, CLIENT and PEER; empty (default) for none.
    pub hiccup_msg: Vec<u8>,
    /// TCP/IPC transport settings.
    pub connection: ConnectionOptions,
    /// Multicast, NORM, VMCI and WSS settings.
    pub transport: TransportOptions,
    /// Security mechanism and credentials.
    pub security: SecurityOptions,
    /// Settings of one socket type (ROUTER, XPUB...).
    pub pattern: PatternOptions,
}

impl Options {
    /// libzmq's defaults for a socket of `socket_type`.
    pub fn new(socket_type: i32) -> Options {
        Options {
            socket_type,
            sndhwm: 1000,
            rcvhwm: 1000,
            linger: -1,
            sndtimeo: -1,
            rcvtimeo: -1,
            conflate: false,
            last_endpoint: String::new(),
            affinity: 0,
            routing_id: Vec::new(),
            maxmsgsize: -1,
            immediate: false,
            invert_matching: false,
            metadata: Vec::new(),
            hello_msg: Vec::new(),
            disconnect_msg: Vec::new(),
            hiccup_msg: Vec::new(),
            connection: ConnectionOptions::default(),
            transport: TransportOptions::default(),
            security: SecurityOptions::default(),
            pattern: PatternOptions::default(),
        }
    }

    /// Store `value` for `option`, as `zmq_setsockopt` with a non-NULL pointer.
    pub fn set(&mut self, option: i32, value: &[u8]) -> Result<()> {
        self.set_nullable(option, Some(value))
    }

    /// Store `value` for `option`, as `zmq_setsockopt`; `None` stands for a NULL
    /// `option_value` (with `option_len` 0), which clears `ZMQ_TCP_ACCEPT_FILTER`, the
    /// IPC filters, `ZMQ_BINDTODEVICE` and `ZMQ_SOCKS_PROXY`, and resets the mechanism
    /// for `ZMQ_PLAIN_USERNAME`/`_PASSWORD`. On error nothing changes.
    pub fn set_nullable(&mut self, option: i32, value: Option<&[u8]>) -> Result<()> {
        let value = Value(value);
        if is_socket_specific(option) {
            return Err(Error::Invalid);
        }
        if let Some(types) = accepted_socket_types(option) {
            if !types.contains(&self.socket_type) {
                return Err(Error::Invalid);
            }
            return self.pattern.set(option, value);
        }
        if let Some(result) = self.set_common(option, value) {
            return result;
        }
        if let Some(result) = self.connection.set(option, value) {
            return result;
        }
        if let Some(result) = self.transport.set(option, value) {
            return result;
        }
        self.security
            .set(option, value)
            .unwrap_or(Err(Error::Invalid))
    }

    /// Write the value of `option` into `out` (the caller's whole buffer, as
    /// `zmq_getsockopt` gets it), returning how many bytes the value took.
    pub fn get(&self, option: i32, out: &mut [u8]) -> Result<usize> {
        if is_socket_specific(option) {
            return Err(Error::Invalid);
        }
        self.get_common(option, out)
            .or_else(|| self.connection.get(option, out))
            .or_else(|| self.transport.get(option, out))
            .or_else(|| self.security.get(option, out))
            .or_else(|| self.pattern.get(option, out))
            .unwrap_or(Err(Error::Invalid))
    }

    /// Apply one of the options kept on `Options` itself; `None` if `option` is not one.
    fn set_common(&mut self, option: i32, value: Value<'_>) -> Option<Result<()>> {
        let result = match option {
            SNDHWM => value.int_where(|v| v >= 0).map(|v| self.sndhwm = v),
            RCVHWM => value.int_where(|v| v >= 0).map(|v| self.rcvhwm = v),
            LINGER => value.int_where(|v| v >= -1).map(|v| self.linger = v),
            SNDTIMEO => value.int_where(|v| v >= -1).map(|v| self.sndtimeo = v),
            RCVTIMEO => value.int_where(|v| v >= -1).map(|v| self.rcvtimeo = v),
            CONFLATE => value.bool_strict().map(|b| self.conflate = b),
            AFFINITY => value.u64().map(|v| self.affinity = v),
            ROUTING_ID => value.text(MAX_SHORT_BLOB).map(|id| self.routing_id = id),
            MAXMSGSIZE => value.i64().map(|v| self.maxmsgsize = v),
            IMMEDIATE => value.bool_strict().map(|b| self.immediate = b),
            INVERT_MATCHING => value.bool_relaxed().map(|b| self.invert_matching = b),
            METADATA => parse_metadata(value.bytes()).map(|(name, text)| {
                if !self.metadata.iter().any(|(known, _)| *known == name) {
                    self.metadata.push((name, text));
                }
            }),
            HELLO_MSG => value.blob().map(|b| self.hello_msg = b),
            DISCONNECT_MSG => value.blob().map(|b| self.disconnect_msg = b),
            HICCUP_MSG => value.blob().map(|b| self.hiccup_msg = b),
            _ => return None,
        };
        Some(result)
    }

    /// Read one of the options kept on `Options` itself; `None` if `option` is not one.
    fn get_common(&self, option: i32, out: &mut [u8]) -> Option<Result<usize>> {
        let result = match option {
            TYPE => put_int(out, self.socket_type),
            SNDHWM => put_int(out, self.sndhwm),
            RCVHWM => put_int(out, self.rcvhwm),
            LINGER => put_int(out, self.linger),
            SNDTIMEO => put_int(out, self.sndtimeo),
            RCVTIMEO => put_int(out, self.rcvtimeo),
            CONFLATE => put_bool(out, self.conflate),
            LAST_ENDPOINT => put_string(out, self.last_endpoint.as_bytes()),
            AFFINITY => put_u64(out, self.affinity),
            ROUTING_ID => put_binary(out, &self.routing_id),
            MAXMSGSIZE => put_i64(out, self.maxmsgsize),
            IMMEDIATE => put_bool(out, self.immediate),
            INVERT_MATCHING => put_bool(out, self.invert_matching),
            _ => return None,
        };
        Some(result)
    }
}

/// A `ZMQ_METADATA` property: "X-name:value", split at the first colon; the name starts
/// with "X-" (case matters) and is at most 255 bytes, and neither part is empty.
///
/// libzmq 4.3.5 also refuses any 4-byte value (it tests "is this an int?" first), which
/// rejects the otherwise valid "X-:v"; that accident is not reproduced.
fn parse_metadata(text: &[u8]) -> Result<(Vec<u8>, Vec<u8>)> {
    let colon = text.iter().position(|&b| b == b':').ok_or(Error::Invalid)?;
    let (name, value) = (&text[..colon], &text[colon + 1..]);
    if value.is_empty() || !name.starts_with(b"X-") || name.len() > MAX_SHORT_BLOB {
        return Err(Error::Invalid);
    }
    Ok((name.to_vec(), value.to_vec()))
}

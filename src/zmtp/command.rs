//! ZMTP 3.x commands: reading a command frame's body, and writing one.
//!
//! A command body is its name, length-prefixed (one byte, 1..=255 letters), then
//! command-specific data (RFC 37 `command-body = command-name command-data`). The
//! commands ZMTP itself defines:
//! - `READY` (NULL handshake): metadata properties, each a name (length byte, 1..=255
//!   bytes, compared case-insensitively) and a value (4-byte network-order length,
//!   then that many bytes);
//! - `ERROR`: a reason, length byte then up to 255 bytes;
//! - `PING`: a TTL in tenths of a second (2 bytes, network order) and up to 16 bytes of
//!   context; `PONG`: the context echoed;
//! - `SUBSCRIBE`/`CANCEL` (3.1): the topic, the rest of the body;
//! - `JOIN`/`LEAVE` (3.1, RADIO/DISH): the group, the rest of the body.
//!
//! Anything else (a security mechanism's HELLO, WELCOME...) parses as
//! [`Command::Other`] for the mechanism to read. Every read is bounds-checked against
//! the body: a declared length that overruns is a [`ProtocolError`], never a panic.

use super::error::{CommandKind, ProtocolError};
use crate::msg::Msg;

/// The longest PING context (RFC 37); a longer one is cut to this, as libzmq does.
pub const MAX_PING_CONTEXT: usize = 16;

/// A parsed command, borrowing the frame body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command<'a> {
    /// `READY` with its raw property list (see [`parse_properties`]).
    Ready(&'a [u8]),
    /// `ERROR` with its reason.
    Error(&'a [u8]),
    /// `PING`.
    Ping {
        /// Time to live in tenths of a second; 0 for none.
        ttl_deciseconds: u16,
        /// Context to echo, at most [`MAX_PING_CONTEXT`] bytes.
        context: &'a [u8],
    },
    /// `PONG` with the echoed context.
    Pong(&'a [u8]),
    /// `SUBSCRIBE` with the topic.
    Subscribe(&'a [u8]),
    /// `CANCEL` with the topic.
    Cancel(&'a [u8]),
    /// `JOIN` with the group.
    Join(&'a [u8]),
    /// `LEAVE` with the group.
    Leave(&'a [u8]),
    /// Any other command (a security mechanism's).
    Other {
        /// The command name.
        name: &'a [u8],
        /// The data after the name.
        data: &'a [u8],
    },
}

/// Split a command body into its name and data.
pub fn split_name(body: &[u8]) -> Result<(&[u8], &[u8]), ProtocolError> {
    let malformed = ProtocolError::MalformedCommand(CommandKind::Unnamed);
    let (&len, rest) = body.split_first().ok_or(malformed.clone())?;
    let len = usize::from(len);
    if len == 0 || len > rest.len() {
        return Err(malformed);
    }
    Ok(rest.split_at(len))
}

impl<'a> Command<'a> {
    /// Parse a command frame body.
    pub fn parse(body: &'a [u8]) -> Result<Command<'a>, ProtocolError> {
        let (name, data) = split_name(body)?;
        Ok(match name {
            b"READY" => Command::Ready(data),
            b"ERROR" => Command::Error(parse_error_reason(data)?),
            b"PING" => {
                let malformed = ProtocolError::MalformedCommand(CommandKind::Ping);
                let (ttl, context) = data.split_at_checked(2).ok_or(malformed)?;
                Command::Ping {
                    ttl_deciseconds: u16::from_be_bytes([ttl[0], ttl[1]]),
                    context: &context[..context.len().min(MAX_PING_CONTEXT)],
                }
            }
            b"PONG" => Command::Pong(data),
            b"SUBSCRIBE" => Command::Subscribe(data),
            b"CANCEL" => Command::Cancel(data),
            b"JOIN" => Command::Join(data),
            b"LEAVE" => Command::Leave(data),
            _ => Command::Other { name, data },
        })
    }

    /// The command name.
    pub fn name(&self) -> &'a [u8] {
        match self {
            Command::Ready(_) => b"READY",
            Command::Error(_) => b"ERROR",
            Command::Ping { .. } => b"PING",
            Command::Pong(_) => b"PONG",
            Command::Subscribe(_) => b"SUBSCRIBE",
            Command::Cancel(_) => b"CANCEL",
            Command::Join(_) => b"JOIN",
            Command::Leave(_) => b"LEAVE",
            Command::Other { name, .. } => name,
        }
    }

    /// The command data (what follows the name) as written on the wire.
    pub fn data(&self) -> Vec<u8> {
        match self {
            Command::Ready(properties) => properties.to_vec(),
            Command::Error(reason) => {
                let reason = &reason[..reason.len().min(255)];
                let mut data = Vec::with_capacity(1 + reason.len());
                data.push(reason.len() as u8);
                data.extend_from_slice(reason);
                data
            }
            Command::Ping {
                ttl_deciseconds,
                context,
            } => {
                let context = &context[..context.len().min(MAX_PING_CONTEXT)];
                let mut data = ttl_deciseconds.to_be_bytes().to_vec();
                data.extend_from_slice(context);
                data
            }
            Command::Pong(data)
            | Command::Subscribe(data)
            | Command::Cancel(data)
            | Command::Join(data)
            | Command::Leave(data)
            | Command::Other { data, .. } => data.to_vec(),
        }
    }

    /// The whole command body: length-prefixed name, then data.
    pub fn to_body(&self) -> Vec<u8> {
        let name = self.name();
        let data = self.data();
        let mut body = Vec::with_capacity(1 + name.len() + data.len());
        body.push(name.len() as u8);
        body.extend_from_slice(name);
        body.extend_from_slice(&data);
        body
    }

    /// The command as a message marked as a command frame.
    pub fn to_msg(&self) -> Msg {
        let mut msg = Msg::from_vec(self.to_body());
        msg.set_command(true);
        msg
    }
}

fn parse_error_reason(data: &[u8]) -> Result<&[u8], ProtocolError> {
    let malformed = ProtocolError::MalformedCommand(CommandKind::Error);
    let (&len, rest) = data.split_first().ok_or(malformed.clone())?;
    rest.get(..usize::from(len)).ok_or(malformed)
}

/// One metadata property of a READY (or PLAIN/CURVE INITIATE) command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Property<'a> {
    /// The name (1..=255 bytes; compare case-insensitively).
    pub name: &'a [u8],
    /// The value (opaque bytes).
    pub value: &'a [u8],
}

/// Read a property list. A length that overruns the list is
/// `MalformedCommand(kind)`; an empty name is `InvalidMetadata`.
pub fn parse_properties(
    mut data: &[u8],
    kind: CommandKind,
) -> Result<Vec<Property<'_>>, ProtocolError> {
    let malformed = || ProtocolError::MalformedCommand(kind);
    let mut properties = Vec::new();
    while let Some((&name_len, rest)) = data.split_first() {
        if name_len == 0 {
            return Err(ProtocolError::InvalidMetadata);
        }
        let (name, rest) = rest
            .split_at_checked(usize::from(name_len))
            .ok_or_else(malformed)?;
        let (value_len, rest) = rest.split_at_checked(4).ok_or_else(malformed)?;
        let value_len =
            u32::from_be_bytes([value_len[0], value_len[1], value_len[2], value_len[3]]);
        // u32 -> usize is lossless on the 32- and 64-bit targets oxzmq builds for.
        let (value, rest) = rest
            .split_at_checked(value_len as usize)
            .ok_or_else(malformed)?;
        properties.push(Property { name, value });
        data = rest;
    }
    Ok(properties)
}

/// Append one property (name truncated to 255 bytes) to a property list.
pub fn write_property(out: &mut Vec<u8>, name: &[u8], value: &[u8]) {
    let name = &name[..name.len().min(255)];
    debug_assert!(value.len() <= i32::MAX as usize);
    out.push(name.len() as u8);
    out.extend_from_slice(name);
    out.extend_from_slice(&(value.len() as u32).to_be_bytes());
    out.extend_from_slice(value);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 37's worked example: a DEALER's READY with Socket-Type and empty Identity.
    const DEALER_READY_BODY: &[u8] =
        b"\x05READY\x0bSocket-Type\x00\x00\x00\x06DEALER\x08Identity\x00\x00\x00\x00";

    #[test]
    fn rfc_ready_example() {
        assert_eq!(DEALER_READY_BODY.len(), 41, "the RFC's size byte is 41");
        let Command::Ready(list) = Command::parse(DEALER_READY_BODY).unwrap() else {
            panic!("not READY");
        };
        let properties = parse_properties(list, CommandKind::Ready).unwrap();
        assert_eq!(
            properties,
            [
                Property {
                    name: b"Socket-Type",
                    value: b"DEALER"
                },
                Property {
                    name: b"Identity",
                    value: b""
                }
            ]
        );
        let mut built = Vec::new();
        write_property(&mut built, b"Socket-Type", b"DEALER");
        write_property(&mut built, b"Identity", b"");
        assert_eq!(Command::Ready(&built).to_body(), DEALER_READY_BODY);
    }

    #[test]
    fn truncated_ready_and_overrunning_lengths() {
        for cut in 6..DEALER_READY_BODY.len() {
            let Command::Ready(list) = Command::parse(&DEALER_READY_BODY[..cut]).unwrap() else {
                panic!("not READY");
            };
            let result = parse_properties(list, CommandKind::Ready);
            // Cutting right after the name or after the first property leaves a valid
            // shorter list.
            if cut == 6 || cut == 28 {
                assert_eq!(result.unwrap().len(), (cut - 6) / 22);
            } else {
                assert_eq!(
                    result,
                    Err(ProtocolError::MalformedCommand(CommandKind::Ready)),
                    "cut at {cut}"
                );
            }
        }
        // A value length of 2^32 - 1 with 3 bytes behind it.
        let hostile = b"\x01X\xff\xff\xff\xffabc";
        assert_eq!(
            parse_properties(hostile, CommandKind::Ready),
            Err(ProtocolError::MalformedCommand(CommandKind::Ready))
        );
        assert_eq!(
            parse_properties(b"\x00\x00\x00\x00\x00", CommandKind::Ready),
            Err(ProtocolError::InvalidMetadata)
        );
    }

    #[test]
    fn error_command() {
        let body = b"\x05ERROR\x0aNot today!";
        assert_eq!(Command::parse(body).unwrap(), Command::Error(b"Not today!"));
        assert_eq!(Command::Error(b"Not today!").to_body(), body);
        for bad in [&b"\x05ERROR"[..], b"\x05ERROR\x05abc"] {
            assert_eq!(
                Command::parse(bad),
                Err(ProtocolError::MalformedCommand(CommandKind::Error))
            );
        }
    }

    #[test]
    fn ping_and_pong() {
        // TTL 30 deciseconds (3 s), context "abc".
        let body = b"\x04PING\x00\x1eabc";
        let ping = Command::parse(body).unwrap();
        assert_eq!(
            ping,
            Command::Ping {
                ttl_deciseconds: 30,
                context: b"abc"
            }
        );
        assert_eq!(ping.to_body(), body);
        assert_eq!(
            Command::parse(b"\x04PING\x00"),
            Err(ProtocolError::MalformedCommand(CommandKind::Ping))
        );
        let mut long = b"\x04PING\x00\x00".to_vec();
        long.extend_from_slice(&[b'c'; 20]);
        let Command::Ping { context, .. } = Command::parse(&long).unwrap() else {
            panic!("not PING");
        };
        assert_eq!(context.len(), MAX_PING_CONTEXT);
        assert_eq!(
            Command::parse(b"\x04PONGabc").unwrap(),
            Command::Pong(b"abc")
        );
    }

    #[test]
    fn subscriptions_and_groups() {
        assert_eq!(
            Command::parse(b"\x09SUBSCRIBEtopic").unwrap(),
            Command::Subscribe(b"topic")
        );
        assert_eq!(Command::parse(b"\x06CANCEL").unwrap(), Command::Cancel(b""));
        assert_eq!(Command::parse(b"\x04JOINg").unwrap(), Command::Join(b"g"));
        assert_eq!(Command::parse(b"\x05LEAVEg").unwrap(), Command::Leave(b"g"));
        let msg = Command::Subscribe(b"A").to_msg();
        assert!(msg.is_command());
        assert_eq!(msg.data(), b"\x09SUBSCRIBEA");
    }

    #[test]
    fn names_are_bounds_checked() {
        for bad in [&b""[..], b"\x00", b"\x05REA", b"\xffX"] {
            assert_eq!(
                Command::parse(bad),
                Err(ProtocolError::MalformedCommand(CommandKind::Unnamed))
            );
        }
        assert_eq!(
            Command::parse(b"\x05HELLOxyz").unwrap(),
            Command::Other {
                name: b"HELLO",
                data: b"xyz"
            }
        );
        // Names are exact: "ready" is not READY.
        assert!(matches!(
            Command::parse(b"\x05ready").unwrap(),
            Command::Other { .. }
        ));
    }
}

//! What can go wrong on a ZMTP connection, as one typed error.
//!
//! Every failure of the greeting, the framing, a command or the security handshake is a
//! [`ProtocolError`]. It is final: the connection that produced it must be closed (ZMTP
//! has no recovery within a connection). Two views of it matter to the layers above:
//! [`ProtocolError::monitor_code`] gives the `ZMQ_PROTOCOL_ERROR_ZMTP_*` value that
//! names the failure where one applies, [`ProtocolError::handshake_report`] what a
//! socket monitor reports when the failure ends a handshake (as libzmq does, which
//! is not always that code), and [`ProtocolError::to_error`] the engine [`Error`]
//! (errno) where one is needed.

use std::fmt;

use crate::error::Error;

/// `ZMQ_PROTOCOL_ERROR_ZMTP_UNSPECIFIED`.
pub const ZMTP_UNSPECIFIED: u32 = 0x1000_0000;
/// `ZMQ_PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND`.
pub const ZMTP_UNEXPECTED_COMMAND: u32 = 0x1000_0001;
/// `ZMQ_PROTOCOL_ERROR_ZMTP_INVALID_SEQUENCE`.
pub const ZMTP_INVALID_SEQUENCE: u32 = 0x1000_0002;
/// `ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED`.
pub const ZMTP_MALFORMED_COMMAND_UNSPECIFIED: u32 = 0x1000_0011;
/// `ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_ERROR`.
pub const ZMTP_MALFORMED_COMMAND_ERROR: u32 = 0x1000_0015;
/// `ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_READY`.
pub const ZMTP_MALFORMED_COMMAND_READY: u32 = 0x1000_0016;
/// `ZMQ_PROTOCOL_ERROR_ZMTP_INVALID_METADATA`.
pub const ZMTP_INVALID_METADATA: u32 = 0x1000_0018;
/// `ZMQ_PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH`.
pub const ZMTP_MECHANISM_MISMATCH: u32 = 0x1100_0002;

/// What a socket monitor reports when a [`ProtocolError`] ends a handshake.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HandshakeReport {
    /// `ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL` with this `ZMQ_PROTOCOL_ERROR_*` code.
    Protocol(u32),
    /// `ZMQ_EVENT_HANDSHAKE_FAILED_AUTH` with this ZAP status code (300, 400, 500).
    Auth(u32),
    /// `ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL` with this errno.
    NoDetail(i32),
    /// No handshake event: only the connection's loss is reported.
    Silent,
}

/// Which command a [`ProtocolError::MalformedCommand`] was.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CommandKind {
    /// `READY` (NULL and PLAIN handshakes).
    Ready,
    /// `ERROR`.
    Error,
    /// `PING`.
    Ping,
    /// `PONG`.
    Pong,
    /// `SUBSCRIBE`, `CANCEL`, `JOIN` or `LEAVE`.
    Subscription,
    /// A frame whose command name itself cannot be read.
    Unnamed,
}

/// A fatal ZMTP protocol failure on one connection.
#[derive(Clone, PartialEq, Eq, Hash)]
pub enum ProtocolError {
    /// The peer's first bytes are not a ZMTP greeting (and not a valid ZMTP 1.0 stream).
    BadSignature,
    /// The peer announced another security mechanism than ours (both names, NUL-padded).
    MechanismMismatch {
        /// Our mechanism name.
        ours: [u8; 20],
        /// The peer's mechanism name.
        theirs: [u8; 20],
    },
    /// A ZMTP 1.0/2.0 peer while we use a security mechanism other than NULL: those
    /// versions cannot carry one, and accepting them would be a downgrade attack.
    DowngradeRefused,
    /// A frame's flags byte has reserved bits set, or MORE on a command.
    InvalidFlags(u8),
    /// A frame length that cannot be: ZMTP 1.0 length 0, or a size of 2^63 or more.
    InvalidFrameSize,
    /// A frame larger than `ZMQ_MAXMSGSIZE` (refused before anything is allocated).
    MessageTooLarge {
        /// The size the peer announced.
        size: u64,
        /// The configured limit.
        limit: u64,
    },
    /// A command that has no place at this point of the conversation.
    UnexpectedCommand,
    /// A message frame where only commands may come (during the handshake).
    InvalidSequence,
    /// A command whose body does not follow its grammar.
    MalformedCommand(CommandKind),
    /// A metadata property that breaks the grammar (empty name, bad characters).
    InvalidMetadata,
    /// The peer's socket type cannot talk to ours (its `Socket-Type` value).
    IncompatibleSocketType(Vec<u8>),
    /// The peer sent ERROR with this reason: the handshake is refused.
    PeerError(Vec<u8>),
    /// The handshake did not finish within `ZMQ_HANDSHAKE_IVL`.
    HandshakeTimeout,
    /// No traffic from the peer within `ZMQ_HEARTBEAT_TIMEOUT` of a PING, or within
    /// the TTL the peer's own PING asked for.
    HeartbeatTimeout,
}

impl ProtocolError {
    /// The `ZMQ_PROTOCOL_ERROR_ZMTP_*` code libzmq reports for this failure in a
    /// `ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL` event, if it is one libzmq reports so.
    pub fn monitor_code(&self) -> Option<u32> {
        Some(match self {
            ProtocolError::BadSignature
            | ProtocolError::DowngradeRefused
            | ProtocolError::InvalidFlags(_)
            | ProtocolError::InvalidFrameSize => ZMTP_UNSPECIFIED,
            ProtocolError::MechanismMismatch { .. } => ZMTP_MECHANISM_MISMATCH,
            ProtocolError::UnexpectedCommand => ZMTP_UNEXPECTED_COMMAND,
            ProtocolError::InvalidSequence => ZMTP_INVALID_SEQUENCE,
            ProtocolError::MalformedCommand(CommandKind::Ready) => ZMTP_MALFORMED_COMMAND_READY,
            ProtocolError::MalformedCommand(CommandKind::Error) => ZMTP_MALFORMED_COMMAND_ERROR,
            ProtocolError::MalformedCommand(_) => ZMTP_MALFORMED_COMMAND_UNSPECIFIED,
            ProtocolError::InvalidMetadata | ProtocolError::IncompatibleSocketType(_) => {
                ZMTP_INVALID_METADATA
            }
            ProtocolError::MessageTooLarge { .. }
            | ProtocolError::PeerError(_)
            | ProtocolError::HandshakeTimeout
            | ProtocolError::HeartbeatTimeout => return None,
        })
    }

    /// What libzmq 4.3's socket monitor reports when this failure ends a handshake
    /// (checked against the reference library case by case). Its NULL mechanism
    /// names a frame it did not expect `UNEXPECTED_COMMAND` whatever the frame was
    /// (a message, a PING, a frame with odd flags), reports a bad `READY`, bad
    /// metadata, an incompatible socket type or a stream that is not ZMTP with no
    /// handshake event at all, a peer's `ERROR` carrying a ZAP status code (`400`)
    /// as an authentication failure, and an expired handshake timer as `EAGAIN`.
    pub fn handshake_report(&self) -> HandshakeReport {
        match self {
            ProtocolError::MechanismMismatch { .. } => {
                HandshakeReport::Protocol(ZMTP_MECHANISM_MISMATCH)
            }
            ProtocolError::MalformedCommand(CommandKind::Error) => {
                HandshakeReport::Protocol(ZMTP_MALFORMED_COMMAND_ERROR)
            }
            ProtocolError::UnexpectedCommand
            | ProtocolError::InvalidSequence
            | ProtocolError::InvalidFlags(_)
            | ProtocolError::MalformedCommand(
                CommandKind::Ping
                | CommandKind::Pong
                | CommandKind::Subscription
                | CommandKind::Unnamed,
            ) => HandshakeReport::Protocol(ZMTP_UNEXPECTED_COMMAND),
            ProtocolError::PeerError(reason) => match reason.as_slice() {
                [digit @ b'3'..=b'5', b'0', b'0'] => {
                    HandshakeReport::Auth(u32::from(digit - b'0') * 100)
                }
                _ => HandshakeReport::Silent,
            },
            ProtocolError::HandshakeTimeout | ProtocolError::HeartbeatTimeout => {
                HandshakeReport::NoDetail(libc::EAGAIN)
            }
            ProtocolError::BadSignature
            | ProtocolError::DowngradeRefused
            | ProtocolError::InvalidFrameSize
            | ProtocolError::MessageTooLarge { .. }
            | ProtocolError::MalformedCommand(CommandKind::Ready)
            | ProtocolError::InvalidMetadata
            | ProtocolError::IncompatibleSocketType(_) => HandshakeReport::Silent,
        }
    }

    /// The engine error for this failure: `EMSGSIZE` for an oversized message,
    /// `ETIMEDOUT` for the timeouts, `EPROTO` for everything else.
    pub fn to_error(&self) -> Error {
        match self {
            ProtocolError::MessageTooLarge { .. } => Error::MessageSize,
            ProtocolError::HandshakeTimeout | ProtocolError::HeartbeatTimeout => {
                Error::Os(libc::ETIMEDOUT)
            }
            _ => Error::Os(libc::EPROTO),
        }
    }
}

/// Text of a byte string for messages: printable ASCII kept, the rest escaped.
fn escaped(bytes: &[u8]) -> String {
    bytes.escape_ascii().to_string()
}

impl fmt::Debug for ProtocolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ProtocolError({self})")
    }
}

impl fmt::Display for ProtocolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProtocolError::BadSignature => f.write_str("not a ZMTP greeting"),
            ProtocolError::MechanismMismatch { ours, theirs } => write!(
                f,
                "security mechanism mismatch: ours {}, peer's {}",
                escaped(trim_nul(ours)),
                escaped(trim_nul(theirs))
            ),
            ProtocolError::DowngradeRefused => {
                f.write_str("ZMTP 1.0/2.0 peer refused: a security mechanism is required")
            }
            ProtocolError::InvalidFlags(flags) => write!(f, "invalid frame flags {flags:#04x}"),
            ProtocolError::InvalidFrameSize => f.write_str("invalid frame size"),
            ProtocolError::MessageTooLarge { size, limit } => {
                write!(f, "frame of {size} bytes exceeds the limit of {limit}")
            }
            ProtocolError::UnexpectedCommand => f.write_str("unexpected command"),
            ProtocolError::InvalidSequence => f.write_str("message before the handshake ended"),
            ProtocolError::MalformedCommand(kind) => write!(f, "malformed {kind:?} command"),
            ProtocolError::InvalidMetadata => f.write_str("invalid metadata property"),
            ProtocolError::IncompatibleSocketType(peer) => {
                write!(f, "incompatible peer socket type {}", escaped(peer))
            }
            ProtocolError::PeerError(reason) => {
                write!(f, "peer refused the handshake: {}", escaped(reason))
            }
            ProtocolError::HandshakeTimeout => f.write_str("handshake timed out"),
            ProtocolError::HeartbeatTimeout => f.write_str("heartbeat timed out"),
        }
    }
}

impl std::error::Error for ProtocolError {}

/// `name` up to its first NUL (mechanism names are NUL-padded to 20 bytes).
pub(crate) fn trim_nul(name: &[u8]) -> &[u8] {
    let end = name.iter().position(|&b| b == 0).unwrap_or(name.len());
    &name[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn monitor_codes_match_the_abi_list() {
        assert_eq!(
            ProtocolError::MalformedCommand(CommandKind::Ready).monitor_code(),
            Some(0x1000_0016)
        );
        assert_eq!(
            ProtocolError::MalformedCommand(CommandKind::Ping).monitor_code(),
            Some(0x1000_0011)
        );
        assert_eq!(
            ProtocolError::MechanismMismatch {
                ours: [0; 20],
                theirs: [0; 20]
            }
            .monitor_code(),
            Some(0x1100_0002)
        );
        assert_eq!(
            ProtocolError::IncompatibleSocketType(b"PUB".to_vec()).monitor_code(),
            Some(0x1000_0018)
        );
        assert_eq!(ProtocolError::HeartbeatTimeout.monitor_code(), None);
    }

    #[test]
    fn handshake_reports_follow_libzmq() {
        use HandshakeReport::*;
        let cases = [
            (ProtocolError::UnexpectedCommand, Protocol(0x1000_0001)),
            (ProtocolError::InvalidSequence, Protocol(0x1000_0001)),
            (ProtocolError::InvalidFlags(0x40), Protocol(0x1000_0001)),
            (
                ProtocolError::MalformedCommand(CommandKind::Ping),
                Protocol(0x1000_0001),
            ),
            (
                ProtocolError::MalformedCommand(CommandKind::Error),
                Protocol(0x1000_0015),
            ),
            (ProtocolError::PeerError(b"400".to_vec()), Auth(400)),
            (ProtocolError::PeerError(b"300".to_vec()), Auth(300)),
            (ProtocolError::PeerError(b"200".to_vec()), Silent),
            (ProtocolError::PeerError(b"4000".to_vec()), Silent),
            (ProtocolError::PeerError(b"denied".to_vec()), Silent),
            (ProtocolError::HandshakeTimeout, NoDetail(libc::EAGAIN)),
            (ProtocolError::BadSignature, Silent),
            (ProtocolError::InvalidMetadata, Silent),
            (
                ProtocolError::IncompatibleSocketType(b"PUSH".to_vec()),
                Silent,
            ),
            (ProtocolError::MalformedCommand(CommandKind::Ready), Silent),
        ];
        for (err, report) in cases {
            assert_eq!(err.handshake_report(), report, "{err}");
        }
        let mismatch = ProtocolError::MechanismMismatch {
            ours: [0; 20],
            theirs: [0; 20],
        };
        assert_eq!(mismatch.handshake_report(), Protocol(0x1100_0002));
    }

    #[test]
    fn errno_mapping() {
        let big = ProtocolError::MessageTooLarge { size: 10, limit: 5 };
        assert_eq!(big.to_error(), Error::MessageSize);
        assert_eq!(
            ProtocolError::BadSignature.to_error(),
            Error::Os(libc::EPROTO)
        );
        assert_eq!(
            ProtocolError::HandshakeTimeout.to_error(),
            Error::Os(libc::ETIMEDOUT)
        );
    }

    #[test]
    fn display_escapes_peer_bytes() {
        let text = ProtocolError::PeerError(b"no\xffway".to_vec()).to_string();
        assert_eq!(text, "peer refused the handshake: no\\xffway");
        let mut ours = [0u8; 20];
        ours[..4].copy_from_slice(b"NULL");
        let mut theirs = [0u8; 20];
        theirs[..5].copy_from_slice(b"CURVE");
        let text = ProtocolError::MechanismMismatch { ours, theirs }.to_string();
        assert!(text.ends_with("ours NULL, peer's CURVE"), "{text}");
    }
}

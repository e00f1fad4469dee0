//! The NULL security mechanism (RFC 23/37): no authentication, no encryption, just
//! the exchange of READY commands carrying each side's metadata.
//!
//! Both sides send READY at once (as libzmq does; the RFC's client-first order is a
//! special case of it) and are ready when they have sent theirs and received the
//! peer's. The peer's READY is checked: its property list must be well-formed and its
//! `Socket-Type` compatible with ours. An ERROR from the peer ends the handshake with
//! its reason; any other command, or a second READY, is unexpected.

use super::{LocalProperties, Mechanism, MechanismStatus, peer_metadata};
use crate::msg::{Metadata, Msg};
use crate::zmtp::command::{Command, parse_properties};
use crate::zmtp::error::{CommandKind, ProtocolError};

/// The NULL mechanism's state on one connection.
pub struct NullMechanism {
    local: LocalProperties,
    ready_sent: bool,
    /// The peer's metadata between its READY and [`Mechanism::take_peer_metadata`].
    peer: Option<Metadata>,
    ready_received: bool,
    failed: bool,
}

impl NullMechanism {
    /// A NULL handshake announcing `local`.
    pub fn new(local: LocalProperties) -> NullMechanism {
        NullMechanism {
            local,
            ready_sent: false,
            peer: None,
            ready_received: false,
            failed: false,
        }
    }

    fn handle(&mut self, command: &Msg) -> Result<(), ProtocolError> {
        if !command.is_command() {
            return Err(ProtocolError::InvalidSequence);
        }
        match Command::parse(command.data())? {
            Command::Ready(list) if !self.ready_received => {
                let properties = parse_properties(list, CommandKind::Ready)?;
                self.peer = Some(peer_metadata(&properties, self.local.socket_type)?);
                self.ready_received = true;
                Ok(())
            }
            Command::Error(reason) if !self.ready_received => {
                Err(ProtocolError::PeerError(reason.to_vec()))
            }
            _ => Err(ProtocolError::UnexpectedCommand),
        }
    }
}

impl Mechanism for NullMechanism {
    fn name(&self) -> &'static str {
        "NULL"
    }

    fn next_command(&mut self) -> Option<Msg> {
        if self.ready_sent || self.failed {
            return None;
        }
        self.ready_sent = true;
        Some(Command::Ready(&self.local.encode()).to_msg())
    }

    fn process_command(&mut self, command: &Msg) -> Result<(), ProtocolError> {
        if self.failed {
            return Err(ProtocolError::UnexpectedCommand);
        }
        let result = self.handle(command);
        self.failed = result.is_err();
        result
    }

    fn status(&self) -> MechanismStatus {
        if self.failed {
            MechanismStatus::Error
        } else if self.ready_sent && self.ready_received {
            MechanismStatus::Ready
        } else {
            MechanismStatus::Handshaking
        }
    }

    fn take_peer_metadata(&mut self) -> Option<Metadata> {
        if self.status() == MechanismStatus::Ready {
            self.peer.take()
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msg::metadata;

    fn dealer() -> NullMechanism {
        NullMechanism::new(LocalProperties {
            socket_type: 5,
            identity: Some(b"me".to_vec()),
            metadata: Vec::new(),
        })
    }

    fn command(body: &[u8]) -> Msg {
        let mut msg = Msg::from_slice(body);
        msg.set_command(true);
        msg
    }

    /// A ROUTER's READY, as in RFC 37's worked example.
    const ROUTER_READY: &[u8] = b"\x05READY\x0bSocket-Type\x00\x00\x00\x06ROUTER";

    #[test]
    fn handshake_both_ways() {
        let mut null = dealer();
        assert_eq!(null.status(), MechanismStatus::Handshaking);
        let ready = null.next_command().unwrap();
        assert!(ready.is_command());
        assert!(
            ready
                .data()
                .starts_with(b"\x05READY\x0bSocket-Type\x00\x00\x00\x06DEALER")
        );
        assert!(ready.data().ends_with(b"\x08Identity\x00\x00\x00\x02me"));
        assert!(null.next_command().is_none(), "READY goes once");
        assert!(null.take_peer_metadata().is_none());
        null.process_command(&command(ROUTER_READY)).unwrap();
        assert_eq!(null.status(), MechanismStatus::Ready);
        let meta = null.take_peer_metadata().unwrap();
        assert_eq!(meta.get(metadata::SOCKET_TYPE), Some(&b"ROUTER"[..]));
        assert!(null.take_peer_metadata().is_none(), "taken once");
    }

    #[test]
    fn ready_received_before_sent() {
        let mut null = dealer();
        null.process_command(&command(ROUTER_READY)).unwrap();
        assert_eq!(null.status(), MechanismStatus::Handshaking);
        assert!(null.next_command().is_some());
        assert_eq!(null.status(), MechanismStatus::Ready);
    }

    #[test]
    fn incompatible_peer() {
        let mut null = dealer();
        let pull = b"\x05READY\x0bSocket-Type\x00\x00\x00\x04PULL";
        assert_eq!(
            null.process_command(&command(pull)),
            Err(ProtocolError::IncompatibleSocketType(b"PULL".to_vec()))
        );
        assert_eq!(null.status(), MechanismStatus::Error);
        assert!(null.next_command().is_none() || null.status() == MechanismStatus::Error);
    }

    #[test]
    fn error_command_ends_the_handshake() {
        let mut null = dealer();
        assert_eq!(
            null.process_command(&command(b"\x05ERROR\x06denied")),
            Err(ProtocolError::PeerError(b"denied".to_vec()))
        );
        assert_eq!(null.status(), MechanismStatus::Error);
    }

    #[test]
    fn unexpected_and_malformed() {
        let mut null = dealer();
        null.process_command(&command(ROUTER_READY)).unwrap();
        assert_eq!(
            null.process_command(&command(ROUTER_READY)),
            Err(ProtocolError::UnexpectedCommand),
            "a second READY"
        );
        let mut null = dealer();
        assert_eq!(
            null.process_command(&command(b"\x05HELLO")),
            Err(ProtocolError::UnexpectedCommand)
        );
        let mut null = dealer();
        assert_eq!(
            null.process_command(&command(b"\x05READY\x0bSocket-Typ")),
            Err(ProtocolError::MalformedCommand(CommandKind::Ready))
        );
        let mut null = dealer();
        assert_eq!(
            null.process_command(&Msg::from_slice(b"data")),
            Err(ProtocolError::InvalidSequence)
        );
    }
}

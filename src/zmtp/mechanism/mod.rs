//! ZMTP security mechanisms: the handshake between greeting and traffic.
//!
//! A mechanism is a state machine that produces command frames to send
//! ([`Mechanism::next_command`]) and consumes the peer's command frames
//! ([`Mechanism::process_command`]) until its [`Mechanism::status`] is ready or failed.
//! Once ready it hands over the peer's metadata (socket type, routing id, application
//! properties), and from then on it may transform every message both ways: NULL and
//! PLAIN leave messages alone, CURVE will encrypt each into a MESSAGE command (the
//! default [`Mechanism::encode`]/[`Mechanism::decode`] are the identity).
//!
//! [`LocalProperties`] is what every mechanism announces about this side, and
//! [`peer_metadata`] the common reading and checking of the peer's properties, so
//! PLAIN (READY) and CURVE (INITIATE/READY) can share them with [`null`].

pub mod null;

use super::command::{Property, write_property};
use super::error::ProtocolError;
use super::socket_type;
use crate::error::{Error, Result};
use crate::msg::{Metadata, Msg, metadata};
use crate::options::Mechanism as MechanismKind;

/// Where a mechanism's handshake stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MechanismStatus {
    /// Commands are still being exchanged.
    Handshaking,
    /// The handshake succeeded: messages may flow.
    Ready,
    /// The handshake failed; the connection must close.
    Error,
}

/// A security mechanism's side of one connection's handshake.
pub trait Mechanism: Send {
    /// The mechanism name announced in the greeting ("NULL", "PLAIN", "CURVE").
    fn name(&self) -> &'static str;

    /// The next handshake command to send, if one is due now (a message marked as a
    /// command frame). Called until it returns `None` after every input.
    fn next_command(&mut self) -> Option<Msg>;

    /// Handle a command frame the peer sent during the handshake. An error is final.
    fn process_command(&mut self, command: &Msg) -> std::result::Result<(), ProtocolError>;

    /// Where the handshake stands.
    fn status(&self) -> MechanismStatus;

    /// The peer's properties, once [`MechanismStatus::Ready`]; taken once.
    fn take_peer_metadata(&mut self) -> Option<Metadata>;

    /// Whether [`Mechanism::encode`] and [`Mechanism::decode`] change frames after the
    /// handshake (CURVE does; NULL and PLAIN do not, and the session then skips them
    /// on its per-message path).
    fn transforms_traffic(&self) -> bool {
        false
    }

    /// Transform an outgoing message after the handshake (CURVE encrypts here).
    fn encode(&mut self, msg: Msg) -> std::result::Result<Msg, ProtocolError> {
        Ok(msg)
    }

    /// Transform an incoming frame after the handshake (CURVE decrypts here).
    fn decode(&mut self, msg: Msg) -> std::result::Result<Msg, ProtocolError> {
        Ok(msg)
    }
}

/// What this side announces in its handshake.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalProperties {
    /// Our socket type number (`ZMQ_DEALER`...).
    pub socket_type: i32,
    /// The routing id to announce as `Identity`, if this socket type announces one.
    pub identity: Option<Vec<u8>>,
    /// Application properties (`ZMQ_METADATA`), names starting with "X-".
    pub metadata: Vec<(Vec<u8>, Vec<u8>)>,
}

impl LocalProperties {
    /// The property list: `Socket-Type`, then `Identity` if announced, then the
    /// application properties in the order they were set.
    pub fn encode(&self) -> Vec<u8> {
        let mut list = Vec::new();
        let type_name = socket_type::name_of(self.socket_type).unwrap_or_default();
        write_property(
            &mut list,
            metadata::SOCKET_TYPE.as_bytes(),
            type_name.as_bytes(),
        );
        if let Some(identity) = &self.identity {
            write_property(&mut list, metadata::IDENTITY.as_bytes(), identity);
        }
        for (name, value) in &self.metadata {
            write_property(&mut list, name, value);
        }
        list
    }
}

/// Build the peer's metadata from its properties, checking its socket type against
/// `our_socket_type`. A non-empty `Identity` is stored as `Routing-Id` (its current
/// name, which `Identity` lookups also find). A missing `Socket-Type` is accepted, as
/// libzmq does.
pub fn peer_metadata(
    properties: &[Property<'_>],
    our_socket_type: i32,
) -> std::result::Result<Metadata, ProtocolError> {
    let mut metadata = Metadata::new();
    for property in properties {
        let name =
            std::str::from_utf8(property.name).map_err(|_| ProtocolError::InvalidMetadata)?;
        if name.eq_ignore_ascii_case(metadata::SOCKET_TYPE) {
            if !socket_type::compatible_with_name(our_socket_type, property.value) {
                return Err(ProtocolError::IncompatibleSocketType(
                    property.value.to_vec(),
                ));
            }
            metadata.insert(metadata::SOCKET_TYPE, property.value);
        } else if name.eq_ignore_ascii_case(metadata::IDENTITY) {
            // An empty Identity means "none" (the ROUTER picks an id itself).
            if !property.value.is_empty() {
                metadata.insert(metadata::ROUTING_ID, property.value);
            }
        } else {
            metadata.insert(name, property.value);
        }
    }
    Ok(metadata)
}

/// The mechanism the security options select, for one connection.
/// Only NULL is built so far: the others are `ENOTSUP`.
pub fn for_kind(kind: MechanismKind, local: LocalProperties) -> Result<Box<dyn Mechanism>> {
    match kind {
        MechanismKind::Null => Ok(Box::new(null::NullMechanism::new(local))),
        MechanismKind::Plain | MechanismKind::Curve | MechanismKind::Gssapi => {
            Err(Error::NotSupported)
        }
    }
}

/// The greeting name of a mechanism kind.
pub fn name_of(kind: MechanismKind) -> &'static str {
    match kind {
        MechanismKind::Null => "NULL",
        MechanismKind::Plain => "PLAIN",
        MechanismKind::Curve => "CURVE",
        MechanismKind::Gssapi => "GSSAPI",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zmtp::command::parse_properties;
    use crate::zmtp::error::CommandKind;

    #[test]
    fn local_properties_in_order() {
        let local = LocalProperties {
            socket_type: 5,
            identity: Some(Vec::new()),
            metadata: vec![(b"X-Hello".to_vec(), b"world".to_vec())],
        };
        let list = local.encode();
        assert!(
            list.starts_with(b"\x0bSocket-Type\x00\x00\x00\x06DEALER\x08Identity\x00\x00\x00\x00")
        );
        assert!(list.ends_with(b"\x07X-Hello\x00\x00\x00\x05world"));
    }

    #[test]
    fn peer_metadata_checks_type_and_renames_identity() {
        let list = b"\x0bsocket-type\x00\x00\x00\x03REP\x08IDENTITY\x00\x00\x00\x02id\x03X-a\x00\x00\x00\x01v";
        let properties = parse_properties(list, CommandKind::Ready).unwrap();
        let meta = peer_metadata(&properties, 3).unwrap();
        assert_eq!(meta.get(metadata::SOCKET_TYPE), Some(&b"REP"[..]));
        assert_eq!(meta.get(metadata::ROUTING_ID), Some(&b"id"[..]));
        assert_eq!(meta.get("Identity"), Some(&b"id"[..]));
        assert_eq!(meta.get("x-A"), Some(&b"v"[..]));
        assert_eq!(
            peer_metadata(&properties, 4).unwrap_err(),
            ProtocolError::IncompatibleSocketType(b"REP".to_vec())
        );
        let bad_name = [Property {
            name: b"\xff",
            value: b"",
        }];
        assert_eq!(
            peer_metadata(&bad_name, 3).unwrap_err(),
            ProtocolError::InvalidMetadata
        );
    }

    #[test]
    fn only_null_is_built() {
        let local = LocalProperties {
            socket_type: 0,
            identity: None,
            metadata: Vec::new(),
        };
        assert_eq!(
            for_kind(MechanismKind::Null, local.clone()).unwrap().name(),
            "NULL"
        );
        assert_eq!(
            for_kind(MechanismKind::Curve, local).err(),
            Some(Error::NotSupported)
        );
        assert_eq!(name_of(MechanismKind::Plain), "PLAIN");
    }
}

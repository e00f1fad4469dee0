//! Connection metadata: the properties every message from one peer carries.
//!
//! A ZMTP handshake tells each side the other's properties (`Socket-Type`,
//! `Routing-Id`, application `X-` properties, a security mechanism's `User-Id`), and the
//! transport adds what it knows (`Peer-Address`, the source file descriptor). The set
//! is built once per connection, frozen in an `Arc` and attached to every message read
//! from that connection; `zmq_msg_gets` reads it. Values are stored NUL-terminated so a
//! C caller can be handed a `const char *` that lives as long as the message.

use std::ffi::CStr;
use std::fmt;

/// `Socket-Type`: the peer's socket type name (`"DEALER"` …).
pub const SOCKET_TYPE: &str = "Socket-Type";
/// `Routing-Id`: the routing id the peer announced.
pub const ROUTING_ID: &str = "Routing-Id";
/// `Identity`: the deprecated alias of [`ROUTING_ID`] that `zmq_msg_gets` still accepts.
pub const IDENTITY: &str = "Identity";
/// `User-Id`: the user id a ZAP handler assigned to the connection.
pub const USER_ID: &str = "User-Id";
/// `Peer-Address`: the remote IP address, as `getnameinfo` prints it.
pub const PEER_ADDRESS: &str = "Peer-Address";

/// One property: a name and its value with a NUL appended for C.
struct Property {
    name: Box<str>,
    /// The value bytes followed by one NUL.
    value_nul: Box<[u8]>,
}

impl Property {
    fn value(&self) -> &[u8] {
        &self.value_nul[..self.value_nul.len() - 1]
    }
}

/// An immutable-once-shared set of connection properties.
///
/// Names compare case-insensitively (ASCII), as ZMTP property names do. Build it with
/// [`Metadata::new`] and [`Metadata::insert`], then wrap it in an `Arc` and attach it to
/// messages with [`Msg::set_metadata`](super::Msg::set_metadata).
#[derive(Default)]
pub struct Metadata {
    properties: Vec<Property>,
    source_fd: Option<i32>,
}

impl Metadata {
    /// An empty property set.
    pub fn new() -> Metadata {
        Metadata::default()
    }

    /// Set property `name` to `value`. A property of the same name (in any case) is
    /// replaced, so what the transport inserts after the handshake wins over a peer
    /// that announced the same name.
    pub fn insert(&mut self, name: &str, value: &[u8]) {
        let mut value_nul = Vec::with_capacity(value.len() + 1);
        value_nul.extend_from_slice(value);
        value_nul.push(0);
        let property = Property {
            name: name.into(),
            value_nul: value_nul.into(),
        };
        match self.position(name) {
            Some(index) => self.properties[index] = property,
            None => self.properties.push(property),
        }
    }

    /// `self` with property `name` set to `value` (builder form of [`Metadata::insert`]).
    pub fn with(mut self, name: &str, value: &[u8]) -> Metadata {
        self.insert(name, value);
        self
    }

    /// Record the file descriptor of the connection (what `ZMQ_SRCFD` reports).
    pub fn set_source_fd(&mut self, fd: i32) {
        self.source_fd = Some(fd);
    }

    /// The file descriptor of the connection the message came from, if any.
    pub fn source_fd(&self) -> Option<i32> {
        self.source_fd
    }

    /// The value of property `name` (`Identity` finds `Routing-Id`).
    pub fn get(&self, name: &str) -> Option<&[u8]> {
        self.find(name).map(Property::value)
    }

    /// The value of property `name` as a C string: up to its first NUL, as C reads it.
    pub fn get_cstr(&self, name: &str) -> Option<&CStr> {
        let property = self.find(name)?;
        // Cannot fail: `value_nul` always ends with a NUL.
        CStr::from_bytes_until_nul(&property.value_nul).ok()
    }

    /// Every property, in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.properties.iter().map(|p| (&*p.name, p.value()))
    }

    /// How many properties there are.
    pub fn len(&self) -> usize {
        self.properties.len()
    }

    /// Whether there are no properties.
    pub fn is_empty(&self) -> bool {
        self.properties.is_empty()
    }

    fn position(&self, name: &str) -> Option<usize> {
        self.properties
            .iter()
            .position(|p| p.name.eq_ignore_ascii_case(name))
    }

    fn find(&self, name: &str) -> Option<&Property> {
        let name = if name.eq_ignore_ascii_case(IDENTITY) {
            ROUTING_ID
        } else {
            name
        };
        self.position(name).map(|index| &self.properties[index])
    }
}

impl fmt::Debug for Metadata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (name, value) in self.iter() {
            map.entry(&name, &String::from_utf8_lossy(value));
        }
        map.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Metadata {
        Metadata::new()
            .with(SOCKET_TYPE, b"DEALER")
            .with(ROUTING_ID, b"peer-1")
            .with("X-Hello", b"world")
    }

    #[test]
    fn lookup_is_case_insensitive() {
        let meta = sample();
        assert_eq!(meta.get("socket-type"), Some(&b"DEALER"[..]));
        assert_eq!(meta.get("SOCKET-TYPE"), Some(&b"DEALER"[..]));
        assert_eq!(meta.get("x-hello"), Some(&b"world"[..]));
        assert_eq!(meta.get("X-Missing"), None);
    }

    #[test]
    fn identity_is_routing_id() {
        assert_eq!(sample().get(IDENTITY), Some(&b"peer-1"[..]));
        assert_eq!(Metadata::new().get(IDENTITY), None);
    }

    #[test]
    fn c_strings_are_nul_terminated_and_truncated_at_nul() {
        let meta = sample().with("X-Bin", b"ab\0cd");
        assert_eq!(meta.get_cstr(SOCKET_TYPE).unwrap().to_bytes(), b"DEALER");
        assert_eq!(meta.get_cstr("X-Bin").unwrap().to_bytes(), b"ab");
        assert_eq!(meta.get("X-Bin"), Some(&b"ab\0cd"[..]));
        assert_eq!(meta.get_cstr("X-Empty"), None);
        assert_eq!(
            sample()
                .with("X-Empty", b"")
                .get_cstr("x-empty")
                .unwrap()
                .to_bytes(),
            b""
        );
    }

    #[test]
    fn insert_replaces_same_name() {
        let meta = sample().with("socket-type", b"ROUTER");
        assert_eq!(meta.len(), 3);
        assert_eq!(meta.get(SOCKET_TYPE), Some(&b"ROUTER"[..]));
        let names: Vec<&str> = meta.iter().map(|(name, _)| name).collect();
        assert_eq!(names, ["socket-type", ROUTING_ID, "X-Hello"]);
    }

    #[test]
    fn source_fd() {
        let mut meta = Metadata::new();
        assert!(meta.is_empty());
        assert_eq!(meta.source_fd(), None);
        meta.set_source_fd(12);
        assert_eq!(meta.source_fd(), Some(12));
    }
}

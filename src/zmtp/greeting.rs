//! The ZMTP greeting exchange and peer version detection.
//!
//! The ZMTP 3.x greeting is 64 bytes: signature (0xFF, 8 padding bytes, 0x7F), version
//! major and minor, a 20-byte NUL-padded mechanism name, the as-server flag and 31
//! zero bytes of filler. To interoperate with older peers (RFC 37, "Detecting ZMTP 1.0
//! and 2.0 Peers", which is what libzmq does), the greeting goes out in steps:
//!
//! 1. At once, the 10-byte signature whose padding is our identity length + 1 in
//!    network order. To a ZMTP 1.0 peer those ten bytes read as the header of a long
//!    identity frame (length, then flags 0x7F).
//! 2. If the peer's first byte is not 0xFF, or its tenth byte has the low bit clear,
//!    the peer speaks ZMTP 1.0 (no greeting at all): we send our identity body to
//!    complete the frame begun in step 1, and everything the peer sent is its first
//!    ZMTP 1.0 frame.
//! 3. Otherwise, with the signature confirmed, we send our major version (3) and read
//!    the peer's. Revision 0 or 1 is a ZMTP 2.0-style greeting (12 bytes: signature,
//!    revision, socket type): we send our socket type byte and are done (revision 0
//!    then frames as ZMTP 1.0, revision 1 as ZMTP 2.0). Anything else is ZMTP 3.x: we
//!    send the remaining 53 bytes and read the peer's 64; major 3 minor 0 is ZMTP 3.0,
//!    every later version is spoken to as 3.1 (a peer must accept our lower version).
//!
//! Sending the rest only once the peer's version is known is what keeps older peers
//! from misreading the 3.x fields. [`GreetingExchange`] never consumes input itself: it
//! reads the peer's bytes received so far, however they were split, and reports how
//! many of them the greeting took once done; nothing else is kept between calls but
//! what was sent.

use super::error::{ProtocolError, trim_nul};
use super::frame::Framing;

/// Length of the signature (first part of every versioned greeting).
pub const SIGNATURE_LEN: usize = 10;
/// Length of a ZMTP 2.0 greeting: signature, revision, socket type.
pub const V2_GREETING_LEN: usize = 12;
/// Length of a ZMTP 3.x greeting.
pub const GREETING_LEN: usize = 64;
/// Length of the mechanism name field.
pub const MECHANISM_LEN: usize = 20;
/// Our protocol version: 3.1.
const OUR_MAJOR: u8 = 3;
const OUR_MINOR: u8 = 1;
/// Offsets in the 3.x greeting.
const MAJOR_AT: usize = 10;
const MINOR_AT: usize = 11;
const MECHANISM_AT: usize = 12;
const AS_SERVER_AT: usize = 32;

/// The ZMTP version spoken with a peer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ZmtpVersion {
    /// ZMTP 1.0 (0MQ 2.x): no handshake but the identity frame.
    V1_0,
    /// ZMTP 2.0 (0MQ 3.x): socket type in the greeting, then the identity frame.
    V2_0,
    /// ZMTP 3.0: security handshake, subscriptions as messages, no heartbeats.
    V3_0,
    /// ZMTP 3.1 (or later, spoken to as 3.1): SUBSCRIBE/CANCEL and PING/PONG commands.
    V3_1,
}

/// What we announce in our greeting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OurGreeting {
    /// Mechanism name ("NULL", "PLAIN", "CURVE"), at most 20 bytes.
    pub mechanism: &'static str,
    /// The as-server flag (the mechanism's server role; always false for NULL).
    pub as_server: bool,
    /// Our socket type number, sent to ZMTP 2.0 peers.
    pub socket_type: u8,
    /// Our routing id (at most 255 bytes): its length goes in the signature padding,
    /// and its bytes follow when the peer turns out to speak ZMTP 1.0.
    pub identity: Vec<u8>,
}

impl OurGreeting {
    /// The 20-byte NUL-padded mechanism field.
    pub fn mechanism_field(&self) -> [u8; MECHANISM_LEN] {
        let mut field = [0u8; MECHANISM_LEN];
        let name = self.mechanism.as_bytes();
        let len = name.len().min(MECHANISM_LEN);
        field[..len].copy_from_slice(&name[..len]);
        field
    }

    /// The first 10 bytes: 0xFF, identity length + 1 (network order), 0x7F.
    pub fn signature(&self) -> [u8; SIGNATURE_LEN] {
        let mut signature = [0u8; SIGNATURE_LEN];
        signature[0] = 0xFF;
        let padding = self.identity.len() as u64 + 1;
        signature[1..9].copy_from_slice(&padding.to_be_bytes());
        signature[9] = 0x7F;
        signature
    }

    /// Bytes 11..64 of the 3.x greeting: minor version, mechanism, as-server, filler.
    pub fn rest(&self) -> [u8; GREETING_LEN - MINOR_AT] {
        let mut rest = [0u8; GREETING_LEN - MINOR_AT];
        rest[0] = OUR_MINOR;
        rest[1..1 + MECHANISM_LEN].copy_from_slice(&self.mechanism_field());
        rest[1 + MECHANISM_LEN] = u8::from(self.as_server);
        rest
    }

    /// The whole 64-byte 3.1 greeting as it appears on the wire once sent in full.
    pub fn full(&self) -> [u8; GREETING_LEN] {
        let mut full = [0u8; GREETING_LEN];
        full[..SIGNATURE_LEN].copy_from_slice(&self.signature());
        full[MAJOR_AT] = OUR_MAJOR;
        full[MINOR_AT..].copy_from_slice(&self.rest());
        full
    }
}

/// What the peer's greeting told.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeerGreeting {
    /// The version to speak.
    pub version: ZmtpVersion,
    /// The framing of every following frame, both ways.
    pub framing: Framing,
    /// The socket type number from a ZMTP 2.0-style greeting.
    pub socket_type: Option<u8>,
    /// The peer's mechanism field (all zero before 3.0).
    pub mechanism: [u8; MECHANISM_LEN],
    /// The peer's as-server flag (3.x).
    pub as_server: bool,
    /// How many of the peer's bytes the greeting took: 0 for ZMTP 1.0 (whose first
    /// bytes are already its identity frame), 12 for 2.0-style, 64 for 3.x.
    pub len: usize,
}

/// The progress of the exchange.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GreetingStatus {
    /// More of the peer's greeting is needed: at least `needed` more bytes.
    Pending {
        /// How many more bytes are needed at least.
        needed: usize,
    },
    /// The peer's greeting is complete.
    Done(PeerGreeting),
}

/// How far our own greeting has gone out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Sent {
    Nothing,
    Signature,
    Major,
    All,
}

/// Our side of the greeting exchange with one peer.
#[derive(Debug)]
pub struct GreetingExchange {
    ours: OurGreeting,
    sent: Sent,
    /// Whether ZMTP 1.0 peers are accepted (libzmq does accept them).
    accept_v1: bool,
}

impl GreetingExchange {
    /// An exchange announcing `ours`; `accept_v1` lets ZMTP 1.0 peers in.
    pub fn new(ours: OurGreeting, accept_v1: bool) -> GreetingExchange {
        GreetingExchange {
            ours,
            sent: Sent::Nothing,
            accept_v1,
        }
    }

    /// What we announce.
    pub fn ours(&self) -> &OurGreeting {
        &self.ours
    }

    /// How many more of the peer's bytes the greeting needs at least, given the
    /// `received` so far (1 when the next [`GreetingExchange::advance`] decides).
    pub fn bytes_wanted(&self, received: &[u8]) -> usize {
        let total = match received {
            [] => SIGNATURE_LEN,
            [first, ..] if *first != 0xFF => return 1,
            _ if received.len() < SIGNATURE_LEN => SIGNATURE_LEN,
            _ if received[SIGNATURE_LEN - 1] & 1 == 0 => return 1,
            _ if received.len() <= MAJOR_AT => MAJOR_AT + 1,
            _ if received[MAJOR_AT] <= 1 => V2_GREETING_LEN,
            _ => GREETING_LEN,
        };
        total.saturating_sub(received.len()).max(1)
    }

    /// Move the exchange on: `received` is every byte the peer sent so far (the same
    /// prefix, grown, on each call); bytes to send are appended to `out`.
    pub fn advance(
        &mut self,
        received: &[u8],
        out: &mut Vec<u8>,
    ) -> Result<GreetingStatus, ProtocolError> {
        if self.sent == Sent::Nothing {
            out.extend_from_slice(&self.ours.signature());
            self.sent = Sent::Signature;
        }
        let Some(&first) = received.first() else {
            return Ok(pending(received, SIGNATURE_LEN));
        };
        if first != 0xFF {
            return self.unversioned(out);
        }
        if received.len() < SIGNATURE_LEN {
            return Ok(pending(received, SIGNATURE_LEN));
        }
        if received[SIGNATURE_LEN - 1] & 1 == 0 {
            return self.unversioned(out);
        }
        if self.sent < Sent::Major {
            out.push(OUR_MAJOR);
            self.sent = Sent::Major;
        }
        let Some(&revision) = received.get(MAJOR_AT) else {
            return Ok(pending(received, MAJOR_AT + 1));
        };
        if revision <= 1 {
            self.v2_style(received, revision, out)
        } else {
            self.v3(received, out)
        }
    }

    fn unversioned(&mut self, out: &mut Vec<u8>) -> Result<GreetingStatus, ProtocolError> {
        if !self.accept_v1 {
            return Err(ProtocolError::BadSignature);
        }
        self.refuse_downgrade()?;
        if self.sent < Sent::All {
            // Completes the identity frame our signature began.
            out.extend_from_slice(&self.ours.identity);
            self.sent = Sent::All;
        }
        Ok(GreetingStatus::Done(PeerGreeting {
            version: ZmtpVersion::V1_0,
            framing: Framing::V1,
            socket_type: None,
            mechanism: [0; MECHANISM_LEN],
            as_server: false,
            len: 0,
        }))
    }

    fn v2_style(
        &mut self,
        received: &[u8],
        revision: u8,
        out: &mut Vec<u8>,
    ) -> Result<GreetingStatus, ProtocolError> {
        self.refuse_downgrade()?;
        if self.sent < Sent::All {
            out.push(self.ours.socket_type);
            self.sent = Sent::All;
        }
        if received.len() < V2_GREETING_LEN {
            return Ok(pending(received, V2_GREETING_LEN));
        }
        let (version, framing) = if revision == 0 {
            (ZmtpVersion::V1_0, Framing::V1)
        } else {
            (ZmtpVersion::V2_0, Framing::V2)
        };
        Ok(GreetingStatus::Done(PeerGreeting {
            version,
            framing,
            socket_type: Some(received[V2_GREETING_LEN - 1]),
            mechanism: [0; MECHANISM_LEN],
            as_server: false,
            len: V2_GREETING_LEN,
        }))
    }

    fn v3(&mut self, received: &[u8], out: &mut Vec<u8>) -> Result<GreetingStatus, ProtocolError> {
        if self.sent < Sent::All {
            out.extend_from_slice(&self.ours.rest());
            self.sent = Sent::All;
        }
        if received.len() < GREETING_LEN {
            return Ok(pending(received, GREETING_LEN));
        }
        let mut mechanism = [0u8; MECHANISM_LEN];
        mechanism.copy_from_slice(&received[MECHANISM_AT..MECHANISM_AT + MECHANISM_LEN]);
        let ours = self.ours.mechanism_field();
        // RFC 37: "If the mechanism that the peer received does not exactly match the
        // mechanism it sent, it MUST close the connection." Padding after the first
        // NUL is not part of the name.
        if trim_nul(&mechanism) != trim_nul(&ours) {
            return Err(ProtocolError::MechanismMismatch {
                ours,
                theirs: mechanism,
            });
        }
        let version = if received[MAJOR_AT] == 3 && received[MINOR_AT] == 0 {
            ZmtpVersion::V3_0
        } else {
            ZmtpVersion::V3_1
        };
        Ok(GreetingStatus::Done(PeerGreeting {
            version,
            framing: Framing::V3,
            socket_type: None,
            mechanism,
            as_server: received[AS_SERVER_AT] != 0,
            len: GREETING_LEN,
        }))
    }

    /// Pre-3.0 peers can only do NULL security (RFC 37: a peer with another mechanism
    /// MUST close the connection).
    fn refuse_downgrade(&self) -> Result<(), ProtocolError> {
        if self.ours.mechanism == "NULL" {
            Ok(())
        } else {
            Err(ProtocolError::DowngradeRefused)
        }
    }
}

fn pending(received: &[u8], total: usize) -> GreetingStatus {
    GreetingStatus::Pending {
        needed: total - received.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ours(mechanism: &'static str, identity: &[u8]) -> OurGreeting {
        OurGreeting {
            mechanism,
            as_server: false,
            socket_type: 5,
            identity: identity.to_vec(),
        }
    }

    /// RFC 37's worked example: signature + major 3, then minor 1, "NULL", as-server 0.
    fn rfc_greeting(minor: u8, mechanism: &[u8]) -> Vec<u8> {
        let mut bytes = vec![0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0x7F, 0x03, minor];
        let mut field = [0u8; 20];
        field[..mechanism.len()].copy_from_slice(mechanism);
        bytes.extend_from_slice(&field);
        bytes.push(0x00);
        bytes.extend_from_slice(&[0u8; 31]);
        assert_eq!(bytes.len(), 64);
        bytes
    }

    fn done(status: GreetingStatus) -> PeerGreeting {
        match status {
            GreetingStatus::Done(peer) => peer,
            other => panic!("not done: {other:?}"),
        }
    }

    #[test]
    fn our_greeting_bytes() {
        let greeting = ours("NULL", b"");
        let mut expected = rfc_greeting(1, b"NULL");
        expected[8] = 1; // identity length 0, plus 1
        assert_eq!(greeting.full().to_vec(), expected);
        assert_eq!(ours("NULL", b"abc").signature()[1..9], 4u64.to_be_bytes());
    }

    #[test]
    fn sends_in_steps_and_detects_3_1() {
        let mut exchange = GreetingExchange::new(ours("NULL", b""), true);
        let peer = rfc_greeting(1, b"NULL");
        let mut out = Vec::new();
        assert_eq!(
            exchange.advance(&[], &mut out).unwrap(),
            GreetingStatus::Pending { needed: 10 }
        );
        assert_eq!(out.len(), 10, "signature only, until the peer's is known");
        exchange.advance(&peer[..10], &mut out).unwrap();
        assert_eq!(out.len(), 11, "major version once the signature is known");
        assert_eq!(out[10], 3);
        exchange.advance(&peer[..11], &mut out).unwrap();
        assert_eq!(out.len(), 64, "the rest once the peer's major is known");
        assert_eq!(out, ours("NULL", b"").full());
        let result = done(exchange.advance(&peer, &mut out).unwrap());
        assert_eq!(result.version, ZmtpVersion::V3_1);
        assert_eq!(result.framing, Framing::V3);
        assert_eq!(result.len, 64);
        assert_eq!(out.len(), 64, "nothing sent twice");
    }

    #[test]
    fn one_byte_at_a_time_any_split() {
        let peer = rfc_greeting(0, b"NULL");
        let mut exchange = GreetingExchange::new(ours("NULL", b""), true);
        let mut out = Vec::new();
        for end in 0..peer.len() {
            match exchange.advance(&peer[..end], &mut out).unwrap() {
                GreetingStatus::Pending { needed } => assert!(needed >= 1),
                GreetingStatus::Done(_) => panic!("done early at {end}"),
            }
        }
        assert_eq!(
            done(exchange.advance(&peer, &mut out).unwrap()).version,
            ZmtpVersion::V3_0
        );
        assert_eq!(out.len(), 64);
    }

    #[test]
    fn later_versions_are_spoken_to_as_3_1() {
        let mut peer = rfc_greeting(7, b"NULL");
        peer[10] = 4;
        let mut exchange = GreetingExchange::new(ours("NULL", b""), true);
        let version = done(exchange.advance(&peer, &mut Vec::new()).unwrap()).version;
        assert_eq!(version, ZmtpVersion::V3_1);
    }

    #[test]
    fn mechanism_mismatch() {
        let peer = rfc_greeting(1, b"CURVE");
        let mut exchange = GreetingExchange::new(ours("NULL", b""), true);
        let err = exchange.advance(&peer, &mut Vec::new()).unwrap_err();
        assert!(matches!(err, ProtocolError::MechanismMismatch { .. }));
        assert_eq!(err.monitor_code(), Some(0x1100_0002));
    }

    #[test]
    fn zmtp_2_0_peer() {
        // Signature, revision 1, socket type SUB (2).
        let peer = [0xFF, 0, 0, 0, 0, 0, 0, 0, 1, 0x7F, 0x01, 0x02];
        let mut exchange = GreetingExchange::new(ours("NULL", b""), true);
        let mut out = Vec::new();
        let result = done(exchange.advance(&peer, &mut out).unwrap());
        assert_eq!(result.version, ZmtpVersion::V2_0);
        assert_eq!(result.framing, Framing::V2);
        assert_eq!(result.socket_type, Some(2));
        assert_eq!(result.len, 12);
        // Signature, major 3, our socket type (DEALER) and no 3.x fields.
        assert_eq!(out.len(), 12);
        assert_eq!(out[10..], [3, 5]);
        // Revision 0: the same greeting, ZMTP 1.0 framing.
        let mut peer0 = peer;
        peer0[10] = 0;
        let mut exchange = GreetingExchange::new(ours("NULL", b""), true);
        let result = done(exchange.advance(&peer0, &mut Vec::new()).unwrap());
        assert_eq!(
            (result.version, result.framing),
            (ZmtpVersion::V1_0, Framing::V1)
        );
    }

    #[test]
    fn zmtp_1_0_peer_by_first_byte_and_by_tenth() {
        let mut exchange = GreetingExchange::new(ours("NULL", b"me"), true);
        let mut out = Vec::new();
        // A 1.0 peer starts with its identity frame: length 1, flags 0 (anonymous).
        let result = done(exchange.advance(&[0x01], &mut out).unwrap());
        assert_eq!(result.version, ZmtpVersion::V1_0);
        assert_eq!(result.len, 0);
        // Our signature (a long frame header of length 3), then "me".
        assert_eq!(out[..10], [0xFF, 0, 0, 0, 0, 0, 0, 0, 3, 0x7F]);
        assert_eq!(&out[10..], b"me");
        // A long identity frame: 0xFF, 8-byte length, flags 0 (low bit clear).
        let peer = [0xFF, 0, 0, 0, 0, 0, 0, 0, 5, 0x00];
        let mut exchange = GreetingExchange::new(ours("NULL", b""), true);
        let mut out = Vec::new();
        assert!(matches!(
            exchange.advance(&peer[..9], &mut out).unwrap(),
            GreetingStatus::Pending { needed: 1 }
        ));
        let result = done(exchange.advance(&peer, &mut out).unwrap());
        assert_eq!(result.version, ZmtpVersion::V1_0);
        assert_eq!(out.len(), 10);
    }

    #[test]
    fn bad_signature_when_1_0_is_refused() {
        let mut exchange = GreetingExchange::new(ours("NULL", b""), false);
        assert_eq!(
            exchange.advance(b"GET / HTTP/1.1", &mut Vec::new()),
            Err(ProtocolError::BadSignature)
        );
        let mut exchange = GreetingExchange::new(ours("NULL", b""), false);
        let no_low_bit = [0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0x7E];
        assert_eq!(
            exchange.advance(&no_low_bit, &mut Vec::new()),
            Err(ProtocolError::BadSignature)
        );
    }

    #[test]
    fn old_peers_refused_with_a_security_mechanism() {
        let mut exchange = GreetingExchange::new(ours("PLAIN", b""), true);
        assert_eq!(
            exchange.advance(&[0x01, 0x00], &mut Vec::new()),
            Err(ProtocolError::DowngradeRefused)
        );
        let peer = [0xFF, 0, 0, 0, 0, 0, 0, 0, 1, 0x7F, 0x01, 0x02];
        let mut exchange = GreetingExchange::new(ours("CURVE", b""), true);
        assert_eq!(
            exchange.advance(&peer, &mut Vec::new()),
            Err(ProtocolError::DowngradeRefused)
        );
    }
}

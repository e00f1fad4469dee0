//! Socket type names on the wire and which pairs of types may talk.
//!
//! ZMTP 3.x announces the socket type as the `Socket-Type` property, an upper-case name
//! ("DEALER"); ZMTP 2.0 as the libzmq type number in the greeting. Both are checked
//! against the compatibility table of RFC 37 (which libzmq enforces): a peer whose type
//! cannot talk to ours fails the handshake.

/// The ZMTP name of libzmq socket type number `socket_type` (`ZMQ_PAIR`...), if it
/// has one.
pub fn name_of(socket_type: i32) -> Option<&'static str> {
    Some(match socket_type {
        0 => "PAIR",
        1 => "PUB",
        2 => "SUB",
        3 => "REQ",
        4 => "REP",
        5 => "DEALER",
        6 => "ROUTER",
        7 => "PULL",
        8 => "PUSH",
        9 => "XPUB",
        10 => "XSUB",
        11 => "STREAM",
        12 => "SERVER",
        13 => "CLIENT",
        14 => "RADIO",
        15 => "DISH",
        16 => "GATHER",
        17 => "SCATTER",
        18 => "DGRAM",
        19 => "PEER",
        20 => "CHANNEL",
        _ => return None,
    })
}

/// The socket type numbers whose peers a socket of type `ours` accepts.
fn accepted_peers(ours: i32) -> &'static [i32] {
    const PAIR: i32 = 0;
    const PUB: i32 = 1;
    const SUB: i32 = 2;
    const REQ: i32 = 3;
    const REP: i32 = 4;
    const DEALER: i32 = 5;
    const ROUTER: i32 = 6;
    const PULL: i32 = 7;
    const PUSH: i32 = 8;
    const XPUB: i32 = 9;
    const XSUB: i32 = 10;
    const SERVER: i32 = 12;
    const CLIENT: i32 = 13;
    const RADIO: i32 = 14;
    const DISH: i32 = 15;
    const GATHER: i32 = 16;
    const SCATTER: i32 = 17;
    const DGRAM: i32 = 18;
    const PEER: i32 = 19;
    const CHANNEL: i32 = 20;
    match ours {
        PAIR => &[PAIR],
        PUB | XPUB => &[SUB, XSUB],
        SUB | XSUB => &[PUB, XPUB],
        REQ => &[REP, ROUTER],
        REP => &[REQ, DEALER],
        DEALER => &[REP, DEALER, ROUTER],
        ROUTER => &[REQ, DEALER, ROUTER],
        PULL => &[PUSH],
        PUSH => &[PULL],
        SERVER => &[CLIENT],
        CLIENT => &[SERVER],
        RADIO => &[DISH],
        DISH => &[RADIO],
        GATHER => &[SCATTER],
        SCATTER => &[GATHER],
        DGRAM => &[DGRAM],
        PEER => &[PEER],
        CHANNEL => &[CHANNEL],
        _ => &[],
    }
}

/// Whether a socket of type number `ours` may talk to a peer of type number `peer`.
pub fn compatible(ours: i32, peer: i32) -> bool {
    accepted_peers(ours).contains(&peer)
}

/// Whether a socket of type number `ours` may talk to a peer announcing `peer_name`
/// as its `Socket-Type` (names are compared exactly: the RFC spells them upper case).
pub fn compatible_with_name(ours: i32, peer_name: &[u8]) -> bool {
    accepted_peers(ours)
        .iter()
        .any(|&peer| name_of(peer).is_some_and(|name| name.as_bytes() == peer_name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(name_of(5), Some("DEALER"));
        assert_eq!(name_of(20), Some("CHANNEL"));
        assert_eq!(name_of(21), None);
        assert_eq!(name_of(-1), None);
    }

    #[test]
    fn table_is_symmetric() {
        for ours in 0..=20 {
            for peer in 0..=20 {
                assert_eq!(
                    compatible(ours, peer),
                    compatible(peer, ours),
                    "{ours} vs {peer}"
                );
            }
        }
    }

    #[test]
    fn rfc_pairs() {
        let pairs = [
            ("PAIR", "PAIR"),
            ("PUB", "SUB"),
            ("PUB", "XSUB"),
            ("XPUB", "SUB"),
            ("XPUB", "XSUB"),
            ("REQ", "REP"),
            ("REQ", "ROUTER"),
            ("DEALER", "REP"),
            ("DEALER", "DEALER"),
            ("DEALER", "ROUTER"),
            ("ROUTER", "ROUTER"),
            ("PUSH", "PULL"),
            ("SERVER", "CLIENT"),
            ("RADIO", "DISH"),
            ("SCATTER", "GATHER"),
            ("PEER", "PEER"),
            ("CHANNEL", "CHANNEL"),
        ];
        let number = |name: &str| (0..=20).find(|&n| name_of(n) == Some(name)).unwrap();
        let mut allowed = 0;
        for (a, b) in pairs {
            assert!(compatible_with_name(number(a), b.as_bytes()), "{a}-{b}");
            assert!(compatible_with_name(number(b), a.as_bytes()), "{b}-{a}");
        }
        for ours in 0..=20 {
            for peer in 0..=20 {
                allowed += usize::from(compatible(ours, peer));
            }
        }
        // Every listed pair both ways, the same-type pairs once, plus DGRAM-DGRAM.
        assert_eq!(allowed, 17 * 2 - 5 + 1);
    }

    #[test]
    fn refusals() {
        assert!(!compatible_with_name(0, b"PUB"));
        assert!(!compatible_with_name(7, b"PULL"));
        assert!(!compatible_with_name(5, b"dealer"), "names are exact");
        assert!(
            !compatible_with_name(11, b"STREAM"),
            "STREAM speaks no ZMTP"
        );
        assert!(!compatible_with_name(1, b""));
    }
}

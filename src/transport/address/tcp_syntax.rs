//! The text rules of a tcp address (the part after `tcp://`), with no lookups.
//!
//! libzmq's rules, as its resolver applies them:
//! - the *last* `;` separates an optional source address from the address proper;
//! - the *last* `:` separates host from port, so `::1:5555` works without brackets;
//! - a port is `*` (bind only: the OS picks), `0`, or a number 1–65535;
//! - one pair of enclosing brackets is removed from the host (`[::1]`);
//! - the *last* `%` in the host starts a zone (`fe80::1%eth0`, `fe80::1%2`), which must
//!   not be empty.
//!
//! `zmq_connect` also runs a quick character check before anything else (see
//! [`connect_text_is_plausible`]); what it rejects fails the call with `EINVAL`.

use crate::error::{Error, Result};

/// A zone (`%eth0` or `%2`) as written: resolved to an interface index later.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Zone {
    /// A numeric zone: the interface index itself.
    Index(u32),
    /// An interface name, looked up with `if_nametoindex`.
    Name(String),
}

/// A host, zone and port split out of `host:port`.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct HostPort<'a> {
    /// The host, brackets and zone removed (`*`, `127.0.0.1`, `::1`, `eth0`, `example.org`).
    pub host: &'a str,
    /// The zone after `%`, if any.
    pub zone: Option<Zone>,
    /// The port; 0 for `*` or `0`.
    pub port: u16,
}

/// Split `text` at its last `;` into (source, rest); no `;` means no source.
pub fn split_source(text: &str) -> (Option<&str>, &str) {
    match text.rsplit_once(';') {
        Some((source, rest)) => (Some(source), rest),
        None => (None, text),
    }
}

/// Split `host:port`. `wildcard_port` allows `*` (a bind or a connect source); a
/// connect destination may not use it. Errors are `EINVAL`.
pub fn split_host_port(text: &str, wildcard_port: bool) -> Result<HostPort<'_>> {
    let (host, port) = text.rsplit_once(':').ok_or(Error::Invalid)?;
    let port = parse_port(port, wildcard_port)?;
    let host = strip_brackets(host);
    let (host, zone) = match host.rsplit_once('%') {
        Some((host, zone)) => (host, Some(parse_zone(zone)?)),
        None => (host, None),
    };
    Ok(HostPort { host, zone, port })
}

/// A port: `*` (when allowed) and `0` are 0, meaning "the OS picks" on bind; anything
/// else must be decimal digits worth 1–65535.
///
/// libzmq reads ports with `atoi`, so it also takes `5x` as 5 and `-1` as 65535; those
/// are typing mistakes, and here they are `EINVAL` like any other malformed port.
pub fn parse_port(text: &str, wildcard_port: bool) -> Result<u16> {
    match text {
        "*" if wildcard_port => Ok(0),
        "0" => Ok(0),
        _ => {
            if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
                return Err(Error::Invalid);
            }
            // Leading zeros are allowed (libzmq takes `0080` as 80), so strip them
            // before the length-safe parse.
            let digits = text.trim_start_matches('0');
            match digits.parse::<u16>() {
                Ok(port) if port != 0 => Ok(port),
                _ => Err(Error::Invalid),
            }
        }
    }
}

/// Remove one pair of enclosing brackets: `[::1]` → `::1`. Unbalanced brackets stay,
/// and make the host unresolvable later, as in libzmq.
pub fn strip_brackets(host: &str) -> &str {
    host.strip_prefix('[')
        .and_then(|inner| inner.strip_suffix(']'))
        .unwrap_or(host)
}

/// A zone: a name if it starts with a letter, else a non-zero decimal index. An empty
/// zone or index 0 is `EINVAL`.
fn parse_zone(zone: &str) -> Result<Zone> {
    match zone.bytes().next() {
        None => Err(Error::Invalid),
        Some(first) if first.is_ascii_alphabetic() => Ok(Zone::Name(zone.to_owned())),
        Some(_) => match zone.parse::<u32>() {
            Ok(index) if index != 0 && zone.bytes().all(|b| b.is_ascii_digit()) => {
                Ok(Zone::Index(index))
            }
            _ => Err(Error::Invalid),
        },
    }
}

/// libzmq's up-front check of a `tcp://` connect address, which decides whether
/// `zmq_connect` fails at once with `EINVAL`: the text starts with a letter, digit, `[`
/// or `:`, continues with letters, digits and `.-:%;[]_*`, and the part after its last
/// `:` starts with a digit (so `:*` is refused, `*` as a host is refused, and so is
/// anything with spaces).
pub fn connect_text_is_plausible(text: &str) -> bool {
    let bytes = text.as_bytes();
    let Some(&first) = bytes.first() else {
        return false;
    };
    if !(first.is_ascii_alphanumeric() || first == b'[' || first == b':') {
        return false;
    }
    let allowed = |b: u8| {
        b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'.' | b'-' | b':' | b'%' | b';' | b'[' | b']' | b'_' | b'*'
            )
    };
    if !bytes[1..].iter().all(|&b| allowed(b)) {
        return false;
    }
    text.rsplit_once(':')
        .is_some_and(|(_, port)| port.bytes().next().is_some_and(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports() {
        assert_eq!(parse_port("*", true), Ok(0));
        assert_eq!(parse_port("*", false), Err(Error::Invalid));
        assert_eq!(parse_port("0", false), Ok(0));
        assert_eq!(parse_port("5555", false), Ok(5555));
        assert_eq!(parse_port("65535", true), Ok(65535));
        assert_eq!(
            parse_port("00000000000000000000000000000000000080", true),
            Ok(80)
        );
        for bad in [
            "",
            "65536",
            "99999999999",
            "00",
            "abc",
            "5x",
            "+5",
            " 5",
            "5 ",
            "-1",
            "**",
            "0x10",
        ] {
            assert_eq!(parse_port(bad, true), Err(Error::Invalid), "{bad:?}");
        }
    }

    #[test]
    fn host_port_split() {
        let hp = split_host_port("127.0.0.1:5555", false).unwrap();
        assert_eq!((hp.host, hp.zone, hp.port), ("127.0.0.1", None, 5555));
        // The last colon splits, so IPv6 works with or without brackets.
        let hp = split_host_port("::1:*", true).unwrap();
        assert_eq!((hp.host, hp.port), ("::1", 0));
        let hp = split_host_port("[::1]:7", true).unwrap();
        assert_eq!(hp.host, "::1");
        // An alias label keeps its colon.
        assert_eq!(split_host_port("eth0:1:7", true).unwrap().host, "eth0:1");
        // Only balanced brackets are removed.
        assert_eq!(split_host_port("[::1:7", true).unwrap().host, "[::1");
        assert_eq!(
            split_host_port("127.0.0.1]:7", true).unwrap().host,
            "127.0.0.1]"
        );
        assert_eq!(split_host_port("[]:7", true).unwrap().host, "");
        assert_eq!(split_host_port(":7", true).unwrap().host, "");
        for bad in ["127.0.0.1", "*", "127.0.0.1:", "[::1]:", "[::1]", "*:**"] {
            assert_eq!(split_host_port(bad, true), Err(Error::Invalid), "{bad}");
        }
    }

    #[test]
    fn zones() {
        let hp = split_host_port("[fe80::1%eth0]:*", true).unwrap();
        assert_eq!(hp.host, "fe80::1");
        assert_eq!(hp.zone, Some(Zone::Name("eth0".into())));
        let hp = split_host_port("fe80::1%4:*", true).unwrap();
        assert_eq!(hp.zone, Some(Zone::Index(4)));
        // A zone may follow any host; it only matters for IPv6 results.
        let hp = split_host_port("*%eth0:*", true).unwrap();
        assert_eq!((hp.host, hp.zone), ("*", Some(Zone::Name("eth0".into()))));
        // The last `%` starts the zone.
        let hp = split_host_port("a%b%c:1", true).unwrap();
        assert_eq!((hp.host, hp.zone), ("a%b", Some(Zone::Name("c".into()))));
        for bad in [
            "[fe80::1%]:*",
            "[fe80::1%0]:*",
            "[fe80::1%4x]:*",
            "[fe80::1%-1]:*",
            "x%_a:1",
        ] {
            assert_eq!(split_host_port(bad, true), Err(Error::Invalid), "{bad}");
        }
    }

    #[test]
    fn source_split_is_at_the_last_semicolon() {
        assert_eq!(split_source("a:1"), (None, "a:1"));
        assert_eq!(split_source("lo:0;b:2"), (Some("lo:0"), "b:2"));
        assert_eq!(split_source("a;b;c:3"), (Some("a;b"), "c:3"));
        assert_eq!(split_source(";c:3"), (Some(""), "c:3"));
        assert_eq!(split_source("a:0;"), (Some("a:0"), ""));
    }

    #[test]
    fn connect_check_matches_libzmq() {
        // Accepted by libzmq 4.3's zmq_connect (resolution may fail later).
        for ok in [
            "127.0.0.1:5555",
            "127.0.0.1:0",
            "localhost:5555",
            "[::1]:5555",
            "::1:5555",
            ":5555",
            "[]:5555",
            "127.0.0.1:5x",
            "127.0.0.1:65536",
            "127.0.0.1:0;127.0.0.1:5555",
            "127.0.0.1:*;127.0.0.1:5555",
            "lo:*;127.0.0.1:5555",
            "a;b;127.0.0.1:5555",
            "127.0.0.1:0;",
            "[fe80::1%eth0]:1",
            "under_score:1",
        ] {
            assert!(connect_text_is_plausible(ok), "{ok}");
        }
        // Refused with EINVAL by libzmq 4.3's zmq_connect.
        for bad in [
            "",
            "127.0.0.1",
            "127.0.0.1:",
            "127.0.0.1:*",
            "*:5555",
            "*:0;127.0.0.1:5555",
            "127.0.0.1:abc",
            "127.0.0.1:-1",
            ";127.0.0.1:5555",
            "127.0.0.1:0;127.0.0.1:*",
            "a b:5555",
            "-:5555",
            "h\u{e9}:1",
            "a/b:1",
        ] {
            assert!(!connect_text_is_plausible(bad), "{bad}");
        }
    }
}

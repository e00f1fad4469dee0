//! `ZMQ_TCP_ACCEPT_FILTER`: the "address/prefix" filters a TCP listener checks each
//! incoming peer against, parsed as libzmq parses them.
//!
//! libzmq resolves the address part numerically only (no DNS, no interface names) in the
//! socket's current `ZMQ_IPV6` mode: without IPv6 only IPv4 text is accepted; with IPv6,
//! IPv6 text is accepted too and IPv4 text becomes an IPv4-mapped IPv6 address (because
//! it resolves with `AF_INET6` and `AI_V4MAPPED`). IPv4 text is what `inet_aton` takes
//! exactly: one to four dot-separated parts, each decimal, octal (`0` prefix) or hex
//! (`0x`). The prefix after the last `/` is read like `strtol` (leading blanks and sign,
//! digits, anything after them ignored); it must be 1..=32 (IPv4) or 1..=128 (IPv6),
//! or exactly `0`. Without a prefix the whole address must match.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::codec::until_nul;
use crate::error::{Error, Result};

/// One accept filter: peers whose address shares the first `prefix_len` bits of
/// `network` are let in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TcpAcceptFilter {
    /// The network address, in the family the filter applies to.
    pub network: IpAddr,
    /// How many leading bits of `network` a peer must share (0 lets everyone in).
    pub prefix_len: u8,
}

impl TcpAcceptFilter {
    /// Parse a filter as `zmq_setsockopt(ZMQ_TCP_ACCEPT_FILTER)` receives it (text up
    /// to the first NUL), for a socket whose `ZMQ_IPV6` is `ipv6`.
    pub fn parse(bytes: &[u8], ipv6: bool) -> Result<TcpAcceptFilter> {
        let text = std::str::from_utf8(until_nul(bytes)).map_err(|_| Error::Invalid)?;
        let (address, prefix) = match text.rfind('/') {
            Some(slash) => (&text[..slash], Some(&text[slash + 1..])),
            None => (text, None),
        };
        let network = parse_address(address, ipv6)?;
        let full = if network.is_ipv4() { 32 } else { 128 };
        let prefix_len = match prefix {
            None => full,
            Some("0") => 0,
            Some(text) => match strtol_prefix(text) {
                Some(bits) if (1..=i64::from(full)).contains(&bits) => bits as u8,
                _ => return Err(Error::Invalid),
            },
        };
        Ok(TcpAcceptFilter {
            network,
            prefix_len,
        })
    }

    /// Whether a peer at `peer` passes this filter. An IPv4 peer is compared with an
    /// IPv6 filter through its IPv4-mapped form, and an IPv4-mapped IPv6 peer with an
    /// IPv4 filter through its IPv4 form, so dual-stack listeners behave as expected.
    pub fn matches(&self, peer: IpAddr) -> bool {
        match (self.network, peer) {
            (IpAddr::V4(net), IpAddr::V4(p)) => {
                same_prefix(&net.octets(), &p.octets(), self.prefix_len)
            }
            (IpAddr::V4(net), IpAddr::V6(p)) => match p.to_ipv4_mapped() {
                Some(p) => same_prefix(&net.octets(), &p.octets(), self.prefix_len),
                None => false,
            },
            (IpAddr::V6(net), IpAddr::V6(p)) => {
                same_prefix(&net.octets(), &p.octets(), self.prefix_len)
            }
            (IpAddr::V6(net), IpAddr::V4(p)) => {
                same_prefix(&net.octets(), &p.to_ipv6_mapped().octets(), self.prefix_len)
            }
        }
    }
}

/// Whether `a` and `b` agree on their first `bits` bits.
fn same_prefix(a: &[u8], b: &[u8], bits: u8) -> bool {
    let bits = usize::from(bits).min(a.len() * 8);
    let (whole, rest) = (bits / 8, bits % 8);
    if a[..whole] != b[..whole] {
        return false;
    }
    if rest == 0 {
        return true;
    }
    let mask = 0xFFu8 << (8 - rest);
    a[whole] & mask == b[whole] & mask
}

/// The address part: optional `[...]`, optional `%scope` on IPv6 (accepted, not kept:
/// matching ignores scopes), then numeric IPv6 (if enabled) or `inet_aton` IPv4.
fn parse_address(text: &str, ipv6: bool) -> Result<IpAddr> {
    let text = match (text.strip_prefix('['), text.strip_suffix(']')) {
        (Some(_), Some(_)) if text.len() >= 2 => &text[1..text.len() - 1],
        (None, None) => text,
        _ => return Err(Error::Invalid),
    };
    if let Some(v4) = inet_aton_exact(text) {
        return Ok(if ipv6 {
            IpAddr::V6(v4.to_ipv6_mapped())
        } else {
            IpAddr::V4(v4)
        });
    }
    if !ipv6 {
        return Err(Error::Invalid);
    }
    let without_scope = match text.split_once('%') {
        Some((address, scope)) if !scope.is_empty() => address,
        Some(_) => return Err(Error::Invalid),
        None => text,
    };
    without_scope
        .parse::<Ipv6Addr>()
        .map(IpAddr::V6)
        .map_err(|_| Error::Invalid)
}

/// IPv4 text as glibc's `inet_aton` reads it with nothing allowed after the address:
/// "a.b.c.d", "a.b.c" (c is 16 bits), "a.b" (b is 24 bits) or "a" (32 bits), each part
/// decimal, `0`-prefixed octal or `0x`-prefixed hex.
fn inet_aton_exact(text: &str) -> Option<Ipv4Addr> {
    let parts: Vec<&str> = text.split('.').collect();
    if parts.is_empty() || parts.len() > 4 {
        return None;
    }
    let values: Vec<u32> = parts
        .iter()
        .map(|p| parse_c_number(p))
        .collect::<Option<_>>()?;
    let (leading, last) = values.split_at(values.len() - 1);
    if leading.iter().any(|&v| v > 0xFF) {
        return None;
    }
    let last_bits = 32 - 8 * leading.len() as u32;
    if last_bits < 32 && last[0] >> last_bits != 0 {
        return None;
    }
    let high = leading
        .iter()
        .enumerate()
        .fold(0u32, |acc, (i, &v)| acc | v << (24 - 8 * i));
    Some(Ipv4Addr::from(high | last[0]))
}

/// One `inet_aton` part: at least one digit, in the base its prefix says, fitting 32 bits.
fn parse_c_number(part: &str) -> Option<u32> {
    let (digits, radix) =
        if let Some(hex) = part.strip_prefix("0x").or_else(|| part.strip_prefix("0X")) {
            (hex, 16)
        } else if part.len() > 1 && part.starts_with('0') {
            (&part[1..], 8)
        } else {
            (part, 10)
        };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    u32::from_str_radix(digits, radix).ok()
}

/// The number `strtol(text, NULL, 10)` returns, or `None` where it would return 0 for
/// lack of digits. Out-of-range values come back as `Some` of something too large.
fn strtol_prefix(text: &str) -> Option<i64> {
    let text = text.trim_start_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c']);
    let (negative, text) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    // Saturate: any out-of-range prefix is rejected by the caller's range check.
    let magnitude = text[..digits].parse::<i64>().unwrap_or(i64::MAX);
    Some(if negative { -magnitude } else { magnitude })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str, ipv6: bool) -> Result<TcpAcceptFilter> {
        TcpAcceptFilter::parse(text.as_bytes(), ipv6)
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn ipv4_forms_libzmq_accepts() {
        assert_eq!(parse("127.0.0.1", false).unwrap().prefix_len, 32);
        assert_eq!(
            TcpAcceptFilter::parse(b"127.0.0.1\0", false)
                .unwrap()
                .network,
            ip("127.0.0.1")
        );
        assert_eq!(parse("10.0.0.0/8", false).unwrap().prefix_len, 8);
        assert_eq!(parse("10.0.0.0/0", false).unwrap().prefix_len, 0);
        assert_eq!(parse("10.0.0.0/8x", false).unwrap().prefix_len, 8);
        assert_eq!(parse("10.0.0.0/ +8", false).unwrap().prefix_len, 8);
        assert_eq!(parse("10.1", false).unwrap().network, ip("10.0.0.1"));
        assert_eq!(parse("0x7f.1", false).unwrap().network, ip("127.0.0.1"));
        assert_eq!(parse("010.0.0.1", false).unwrap().network, ip("8.0.0.1"));
        assert_eq!(
            parse("[127.0.0.1]", false).unwrap().network,
            ip("127.0.0.1")
        );
    }

    #[test]
    fn forms_libzmq_rejects() {
        for bad in [
            "10.0.0.0/33",
            "10.0.0.0/",
            "10.0.0.0/-1",
            "10.0.0.0/00",
            "10.0.0.0/x",
            " 10.0.0.1",
            "*",
            "localhost",
            "::1",
            "[::1]",
            "",
            "256.0.0.1",
            "1.2.3.4.5",
            "09.1.1.1",
            "0x.1.1.1",
            "1..2",
            "[1.2.3.4",
            "1.2.3.256",
        ] {
            assert_eq!(parse(bad, false), Err(Error::Invalid), "{bad:?}");
        }
        assert_eq!(parse("::1/129", true), Err(Error::Invalid));
        assert_eq!(parse("fe80::1%", true), Err(Error::Invalid));
    }

    #[test]
    fn ipv6_mode_accepts_ipv6_and_maps_ipv4() {
        assert_eq!(parse("::1", true).unwrap().prefix_len, 128);
        assert_eq!(parse("[::1]/64", true).unwrap().prefix_len, 64);
        assert_eq!(parse("fe80::1%lo", true).unwrap().network, ip("fe80::1"));
        assert_eq!(
            parse("::ffff:1.2.3.4", true).unwrap().network,
            ip("::ffff:1.2.3.4")
        );
        let mapped = parse("127.0.0.1", true).unwrap();
        assert_eq!(
            (mapped.network, mapped.prefix_len),
            (ip("::ffff:127.0.0.1"), 128)
        );
    }

    #[test]
    fn matching_by_prefix() {
        let net = parse("192.168.1.0/24", false).unwrap();
        assert!(net.matches(ip("192.168.1.77")));
        assert!(!net.matches(ip("192.168.2.1")));
        assert!(net.matches(ip("::ffff:192.168.1.5")));
        assert!(!net.matches(ip("::1")));
        let odd = parse("10.0.0.0/9", false).unwrap();
        assert!(odd.matches(ip("10.127.0.1")));
        assert!(!odd.matches(ip("10.128.0.1")));
        let everyone = parse("1.2.3.4/0", false).unwrap();
        assert!(everyone.matches(ip("8.8.8.8")));
        let v6 = parse("fe80::/16", true).unwrap();
        assert!(v6.matches(ip("fe80::1234")));
        assert!(!v6.matches(ip("fe81::1")));
        let mapped = parse("127.0.0.1", true).unwrap();
        assert!(mapped.matches(ip("127.0.0.1")));
        assert!(!mapped.matches(ip("127.0.0.2")));
    }
}

//! Numeric IP addresses exactly as libzmq reads and prints them.
//!
//! libzmq hands literal hosts to the C library (`getaddrinfo` with `AI_NUMERICHOST`)
//! and prints bound addresses with `getnameinfo`, so its accepted syntax and its
//! `ZMQ_LAST_ENDPOINT` text are the C library's, not Rust's: `tcp://127.1:*` binds
//! 127.0.0.1, `010.0.0.1` is octal, with `ZMQ_IPV6` on an IPv4 literal becomes the
//! IPv4-mapped `::ffff:a.b.c.d`, and `::1.2.3.4` prints in dotted form. This module
//! reproduces those rules in safe Rust so the results match without calling into C.

use std::fmt::Write as _;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use super::interfaces::InterfaceSource;

/// Parse an IPv4 literal in every form the C library's numeric parser (`inet_aton`)
/// accepts: one to four dot-separated parts, each decimal, octal (leading `0`) or hex
/// (`0x`); the last part fills the remaining bytes (`127.1` is 127.0.0.1,
/// `2130706433` is 127.0.0.1). No sign, no whitespace, no empty part.
pub fn parse_ipv4_numeric(text: &str) -> Option<Ipv4Addr> {
    let mut parts = [0u32; 4];
    let mut count = 0;
    for piece in text.split('.') {
        if count == parts.len() {
            return None;
        }
        parts[count] = parse_ipv4_part(piece)?;
        count += 1;
    }
    let [a, b, c, d] = parts;
    let value = match count {
        1 => a,
        2 if a <= 0xff && b <= 0xff_ffff => (a << 24) | b,
        3 if a <= 0xff && b <= 0xff && c <= 0xffff => (a << 24) | (b << 16) | c,
        4 if a <= 0xff && b <= 0xff && c <= 0xff && d <= 0xff => {
            (a << 24) | (b << 16) | (c << 8) | d
        }
        _ => return None,
    };
    Some(Ipv4Addr::from(value))
}

/// One part of an `inet_aton` literal, at most 32 bits.
fn parse_ipv4_part(piece: &str) -> Option<u32> {
    let (digits, radix) = match piece.as_bytes() {
        [] => return None,
        [b'0', b'x' | b'X', rest @ ..] if !rest.is_empty() => (rest, 16),
        [b'0', b'x' | b'X'] => return None,
        [b'0', rest @ ..] => (rest, 8),
        all => (all, 10),
    };
    let mut value: u32 = 0;
    for &byte in digits {
        let digit = char::from(byte).to_digit(radix)?;
        value = value.checked_mul(radix)?.checked_add(digit)?;
    }
    Some(value)
}

/// Parse a numeric host for a socket of the given family, as `getaddrinfo` with
/// `AI_NUMERICHOST` does for libzmq: with `ipv6` off, an IPv4 literal or an
/// IPv4-mapped IPv6 literal (`::ffff:127.0.0.1` gives 127.0.0.1); with `ipv6` on, an
/// IPv6 literal or an IPv4 literal mapped into IPv6. `None` when `text` is not
/// numeric for that family. The caller has removed brackets and any `%zone`.
pub fn parse_numeric_host(text: &str, ipv6: bool) -> Option<IpAddr> {
    if ipv6 {
        if let Ok(v6) = text.parse::<Ipv6Addr>() {
            return Some(IpAddr::V6(v6));
        }
        parse_ipv4_numeric(text).map(|v4| IpAddr::V6(v4.to_ipv6_mapped()))
    } else {
        if let Some(v4) = parse_ipv4_numeric(text) {
            return Some(IpAddr::V4(v4));
        }
        let v6 = text.parse::<Ipv6Addr>().ok()?;
        v6.to_ipv4_mapped().map(IpAddr::V4)
    }
}

/// Format an IPv6 address as the C library's `inet_ntop` does: lowercase hex without
/// leading zeros, the first longest run of two or more zero groups shown as `::`, and
/// the last 32 bits in dotted form for IPv4-mapped (`::ffff:a.b.c.d`) and
/// IPv4-compatible (`::a.b.c.d`, top 96 bits zero, group 6 non-zero) addresses.
pub fn format_ipv6(addr: &Ipv6Addr) -> String {
    let groups = addr.segments();
    let (mut run_start, mut run_len) = (0, 0);
    let mut i = 0;
    while i < groups.len() {
        if groups[i] != 0 {
            i += 1;
            continue;
        }
        let start = i;
        while i < groups.len() && groups[i] == 0 {
            i += 1;
        }
        if i - start > run_len {
            (run_start, run_len) = (start, i - start);
        }
    }
    if run_len < 2 {
        run_len = 0;
    }
    let dotted_tail = run_start == 0 && (run_len == 6 || (run_len == 5 && groups[5] == 0xffff));

    let mut text = String::with_capacity(45);
    for (i, group) in groups.iter().enumerate() {
        if run_len > 0 && (run_start..run_start + run_len).contains(&i) {
            if i == run_start {
                text.push(':');
            }
            continue;
        }
        if i != 0 {
            text.push(':');
        }
        if dotted_tail && i == 6 {
            let [.., a, b, c, d] = addr.octets();
            let _ = write!(text, "{}", Ipv4Addr::new(a, b, c, d));
            break;
        }
        let _ = write!(text, "{group:x}");
    }
    if run_len > 0 && run_start + run_len == groups.len() {
        text.push(':');
    }
    text
}

/// The `ZMQ_LAST_ENDPOINT` string libzmq reports for a socket bound to `addr`:
/// `tcp://a.b.c.d:port`, or `tcp://[v6]:port` with the address in `inet_ntop` form. A
/// link-local address with a scope carries `%interface` (the index when no interface
/// has it), as `getnameinfo` prints it. Interface names are read from the live system.
pub fn format_tcp_endpoint(addr: SocketAddr) -> String {
    format_tcp_endpoint_with(addr, InterfaceSource::System)
}

/// [`format_tcp_endpoint`] with interface names read from `interfaces`.
pub fn format_tcp_endpoint_with(addr: SocketAddr, interfaces: InterfaceSource<'_>) -> String {
    match addr {
        SocketAddr::V4(v4) => format!("tcp://{}:{}", v4.ip(), v4.port()),
        SocketAddr::V6(v6) => {
            let mut host = format_ipv6(v6.ip());
            let scope = v6.scope_id();
            if scope != 0 {
                host.push('%');
                match scoped_by_name(v6.ip())
                    .then(|| interfaces.load().ok())
                    .flatten()
                    .and_then(|table| table.name_of(scope).map(str::to_owned))
                {
                    Some(name) => host.push_str(&name),
                    None => {
                        let _ = write!(host, "{scope}");
                    }
                }
            }
            format!("tcp://[{host}]:{}", v6.port())
        }
    }
}

/// Whether `getnameinfo` names the scope of `ip` by interface: link-local unicast
/// (`fe80::/10`) and link-local multicast (`ffx2::/16`). Other scopes print as numbers.
fn scoped_by_name(ip: &Ipv6Addr) -> bool {
    let [first, second, ..] = ip.octets();
    let link_local = first == 0xfe && second & 0xc0 == 0x80;
    let multicast_link_local = first == 0xff && second & 0x0f == 0x02;
    link_local || multicast_link_local
}

#[cfg(test)]
mod tests {
    use super::super::interfaces::tests::sample_table;
    use super::*;
    use std::net::{SocketAddrV4, SocketAddrV6};

    fn v4(text: &str) -> Option<String> {
        parse_ipv4_numeric(text).map(|ip| ip.to_string())
    }

    #[test]
    fn ipv4_forms_accepted_like_inet_aton() {
        // Each pair was checked against libzmq 4.3 binding `tcp://<text>:*`.
        for (text, expect) in [
            ("127.0.0.1", "127.0.0.1"),
            ("127.1", "127.0.0.1"),
            ("127.000.000.001", "127.0.0.1"),
            ("127.0.0.01", "127.0.0.1"),
            ("0x7f.0.0.1", "127.0.0.1"),
            ("0X7f.1", "127.0.0.1"),
            ("0x7F000001", "127.0.0.1"),
            ("2130706433", "127.0.0.1"),
            ("00000000000000177.0.0.1", "127.0.0.1"),
            ("127.0.0.0x1", "127.0.0.1"),
            ("010.0.0.1", "8.0.0.1"),
            ("0127.0.0.1", "87.0.0.1"),
            ("0x1.0x2.0x3.0x4", "1.2.3.4"),
            ("127.0.65535", "127.0.255.255"),
            ("127.16777215", "127.255.255.255"),
            ("4294967295", "255.255.255.255"),
            ("0xffffffff", "255.255.255.255"),
            ("0", "0.0.0.0"),
        ] {
            assert_eq!(v4(text).as_deref(), Some(expect), "{text}");
        }
    }

    #[test]
    fn ipv4_forms_rejected_like_inet_aton() {
        for text in [
            "",
            "08.0.0.1",
            "0x",
            "0x.0.0.1",
            "1..2",
            "0x100.0.0.1",
            "1.2.3.4.5",
            "127.0.0.1.",
            ".1",
            "127.0.0.256",
            "127.0.65536",
            "4294967296",
            "127.0.0.1x",
            " 127.0.0.1",
            "127.0.0.1 ",
            "+1",
            "-1",
            "*",
            "lo",
        ] {
            assert_eq!(v4(text), None, "{text:?}");
        }
    }

    #[test]
    fn numeric_host_by_family() {
        let host = |text, ipv6| parse_numeric_host(text, ipv6).map(|ip| ip.to_string());
        assert_eq!(host("127.0.0.1", false).as_deref(), Some("127.0.0.1"));
        assert_eq!(host("127.0.0.1", true).as_deref(), Some("::ffff:127.0.0.1"));
        assert_eq!(host("127.1", true).as_deref(), Some("::ffff:127.0.0.1"));
        assert_eq!(host("::1", true).as_deref(), Some("::1"));
        assert_eq!(host("::1", false), None);
        assert_eq!(host("::", false), None);
        assert_eq!(
            host("::ffff:127.0.0.1", false).as_deref(),
            Some("127.0.0.1")
        );
        assert_eq!(
            host("::FFFF:127.0.0.1", true).as_deref(),
            Some("::ffff:127.0.0.1")
        );
        assert_eq!(host("0:0:0:0:0:0:0:1", true).as_deref(), Some("::1"));
        assert_eq!(host("::1.2.3.4", true).as_deref(), Some("::102:304"));
        for bad in [
            "::ffff:1.2.3",
            "1::2::3",
            "::ffff:0127.0.0.1",
            "::ffff:127.1",
            "[::1]",
        ] {
            assert_eq!(host(bad, true), None, "{bad}");
            assert_eq!(host(bad, false), None, "{bad}");
        }
        assert_eq!(host("localhost", false), None);
    }

    #[test]
    fn ipv6_text_matches_inet_ntop() {
        // Expected strings produced by glibc's inet_ntop.
        for (input, expect) in [
            ("::", "::"),
            ("::1", "::1"),
            ("::2", "::2"),
            ("::ffff:0:0", "::ffff:0.0.0.0"),
            ("::ffff:1.2.3.4", "::ffff:1.2.3.4"),
            ("::1.2.3.4", "::1.2.3.4"),
            ("::102:304", "::1.2.3.4"),
            ("::0.0.1.2", "::102"),
            ("1::", "1::"),
            ("1:0:0:1:0:0:0:1", "1:0:0:1::1"),
            ("1:0:1:0:1:0:1:0", "1:0:1:0:1:0:1:0"),
            ("0:0:1:0:0:1:0:0", "::1:0:0:1:0:0"),
            ("0:0:0:0:0:1:0:0", "::1:0:0"),
            ("::fffe:1.2.3.4", "::fffe:102:304"),
            ("::1:0:0:0:0", "0:0:0:1::"),
            ("0:0:0:0:0:ffff:1:2", "::ffff:0.1.0.2"),
            ("1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"),
            ("0:1:2:3:4:5:6:7", "0:1:2:3:4:5:6:7"),
            ("FE80::00FC:FF:FE00:1", "fe80::fc:ff:fe00:1"),
            ("ff02::1", "ff02::1"),
        ] {
            let addr: Ipv6Addr = input.parse().unwrap();
            assert_eq!(format_ipv6(&addr), expect, "{input}");
        }
    }

    #[test]
    fn last_endpoint_text() {
        let table = sample_table();
        let fmt = |addr| format_tcp_endpoint_with(addr, InterfaceSource::Table(&table));
        let v4 = |ip: [u8; 4], port| SocketAddr::V4(SocketAddrV4::new(ip.into(), port));
        let v6 = |ip: &str, port, scope| {
            SocketAddr::V6(SocketAddrV6::new(ip.parse().unwrap(), port, 0, scope))
        };
        // The forms libzmq 4.3 reported for the same binds.
        assert_eq!(fmt(v4([0, 0, 0, 0], 44531)), "tcp://0.0.0.0:44531");
        assert_eq!(fmt(v4([127, 0, 0, 1], 5555)), "tcp://127.0.0.1:5555");
        assert_eq!(fmt(v6("::", 40407, 0)), "tcp://[::]:40407");
        assert_eq!(fmt(v6("::1", 1, 0)), "tcp://[::1]:1");
        assert_eq!(
            fmt(v6("::ffff:0.0.0.0", 37585, 0)),
            "tcp://[::ffff:0.0.0.0]:37585"
        );
        assert_eq!(
            fmt(v6("fe80::fc:ff:fe00:1", 35333, 4)),
            "tcp://[fe80::fc:ff:fe00:1%eth0]:35333"
        );
        // A scope no interface has prints as its number; so does a scope on an address
        // that is not link-local.
        assert_eq!(fmt(v6("fe80::1", 80, 9)), "tcp://[fe80::1%9]:80");
        assert_eq!(fmt(v6("fd00::2", 80, 4)), "tcp://[fd00::2%4]:80");
        assert_eq!(fmt(v6("ff02::1", 80, 1)), "tcp://[ff02::1%lo]:80");
        // The live system always has `lo` (index 1 on Linux is not guaranteed, so look
        // it up).
        let system = super::super::interfaces::InterfaceTable::system().unwrap();
        let lo = system.index_of("lo").unwrap();
        assert_eq!(
            format_tcp_endpoint(v6("fe80::1", 7, lo)),
            "tcp://[fe80::1%lo]:7"
        );
    }
}

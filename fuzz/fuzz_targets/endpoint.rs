//! Endpoint strings on arbitrary text, as `zmq_bind`/`zmq_connect` parse them: the
//! scheme split, and the `tcp://` (bind and connect) and `ipc://` address parsers,
//! with a fixed interface table and a fake name lookup (no system calls). Checks: no
//! panic; a resolved address formats to an endpoint that parses and resolves back to
//! the same address; an `ipc://` address re-parses from its own endpoint string.
#![no_main]

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use libfuzzer_sys::fuzz_target;
use oxzmq::Error;
use oxzmq::transport::Endpoint;
use oxzmq::transport::address::interfaces::{InterfaceAddress, Link};
use oxzmq::transport::address::{
    InterfaceSource, InterfaceTable, IpcAddress, TcpBind, format_tcp_endpoint_with, parse_ipc,
    parse_tcp_connect,
};

/// lo (1) and eth0 (2), with IPv4, IPv6 and link-local addresses.
fn table() -> InterfaceTable {
    let link = |index: u32, name: &str| Link {
        index,
        name: name.into(),
    };
    let addr = |index: u32, name: &str, ip: IpAddr| InterfaceAddress {
        index,
        name: name.into(),
        ip,
    };
    InterfaceTable {
        links: vec![link(1, "lo"), link(2, "eth0")],
        addresses: vec![
            addr(1, "lo", IpAddr::V4(Ipv4Addr::LOCALHOST)),
            addr(2, "eth0", IpAddr::V4(Ipv4Addr::new(10, 0, 0, 7))),
            addr(2, "eth0:1", IpAddr::V4(Ipv4Addr::new(10, 0, 1, 7))),
            addr(1, "lo", IpAddr::V6(Ipv6Addr::LOCALHOST)),
            addr(2, "eth0", IpAddr::V6("fe80::7".parse().unwrap())),
            addr(2, "eth0", IpAddr::V6("2001:db8::7".parse().unwrap())),
        ],
    }
}

/// "localhost" and "both.example" resolve; every other name fails as DNS would.
fn lookup(host: &str) -> oxzmq::Result<Vec<IpAddr>> {
    match host {
        "localhost" => Ok(vec![
            IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(Ipv6Addr::LOCALHOST),
        ]),
        "both.example" => Ok(vec![
            IpAddr::V6("2001:db8::1".parse().unwrap()),
            IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1)),
        ]),
        _ => Err(Error::Invalid),
    }
}

/// A resolved address shown as `ZMQ_LAST_ENDPOINT` shows it parses back to itself.
fn round_trip(addr: SocketAddr, ipv6: bool, interfaces: InterfaceSource<'_>) {
    let endpoint = format_tcp_endpoint_with(addr, interfaces);
    let text = endpoint.strip_prefix("tcp://").expect("a tcp endpoint");
    let parsed = parse_tcp_connect(text, ipv6 || addr.is_ipv6())
        .unwrap_or_else(|err| panic!("{endpoint} does not parse: {err:?}"));
    let again = parsed
        .resolve_with(interfaces, &lookup)
        .unwrap_or_else(|err| panic!("{endpoint} does not resolve: {err:?}"));
    assert_eq!(again.dest, addr, "{endpoint}");
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let ipv6 = flags & 1 != 0;
    let table = table();
    let interfaces = InterfaceSource::Table(&table);

    if let Ok(endpoint) = Endpoint::parse(text) {
        assert!(!endpoint.address.is_empty());
        assert!(text.ends_with(endpoint.address));
    }

    // Each parser gets the whole text as the part after the scheme.
    if let Ok(bind) = TcpBind::parse(text, ipv6) {
        if let Ok(addr) = bind.resolve(interfaces) {
            assert_eq!(addr.is_ipv6(), ipv6, "{text}: family follows ZMQ_IPV6");
            // A wildcard address or port is not something to connect to.
            if !addr.ip().is_unspecified() && addr.port() != 0 {
                round_trip(addr, ipv6, interfaces);
            }
        }
    }
    if let Ok(connect) = parse_tcp_connect(text, ipv6) {
        if let Ok(resolved) = connect.resolve_with(interfaces, &lookup) {
            assert_eq!(resolved.dest.port(), connect.dest.port);
            round_trip(resolved.dest, ipv6, interfaces);
        }
    }
    for for_bind in [false, true] {
        if let Ok(address) = parse_ipc(text, for_bind) {
            let _ = address.socket_addr();
            if address != IpcAddress::Wildcard {
                let endpoint = address.endpoint();
                let again = parse_ipc(&endpoint["ipc://".len()..], for_bind);
                assert_eq!(again.as_ref(), Ok(&address), "{endpoint}");
            }
        }
    }
});

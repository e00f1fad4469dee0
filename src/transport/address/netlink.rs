//! The interface table read from the kernel over rtnetlink, the way the C library's
//! `getifaddrs` reads it.
//!
//! libzmq resolves `tcp://eth0:5555` with `getifaddrs`, taking the first address of the
//! wanted family in the order the kernel lists them. `/proc/net/if_inet6` lists IPv6
//! addresses in a different order and `/proc` has no per-interface IPv4 list at all, so
//! to give the same answer as libzmq we ask the kernel the same question `getifaddrs`
//! asks: an `RTM_GETLINK` dump (interface indexes and names) and an `RTM_GETADDR` dump
//! (addresses, IPv4 before IPv6, in kernel order). The socket calls go through `rustix`,
//! which keeps this module free of `unsafe`; the message decoding is pure and
//! unit-tested on byte vectors.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use rustix::net::netlink::SocketAddrNetlink;
use rustix::net::{AddressFamily, RecvFlags, SendFlags, SocketFlags, SocketType};

use super::interfaces::{InterfaceAddress, InterfaceTable, Link};
use crate::error::{Error, Result};

/// `NLMSG_ERROR`: an error report (or an acknowledgement when the code is 0).
const NLMSG_ERROR: u16 = 2;
/// `NLMSG_DONE`: the end of a dump.
const NLMSG_DONE: u16 = 3;
/// `RTM_NEWLINK`: one interface in a link dump.
const RTM_NEWLINK: u16 = 16;
/// `RTM_GETLINK`: ask for the interfaces.
pub const RTM_GETLINK: u16 = 18;
/// `RTM_NEWADDR`: one address in an address dump.
const RTM_NEWADDR: u16 = 20;
/// `RTM_GETADDR`: ask for the addresses.
pub const RTM_GETADDR: u16 = 22;
/// `NLM_F_REQUEST | NLM_F_DUMP` (`NLM_F_ROOT | NLM_F_MATCH`).
const DUMP_REQUEST_FLAGS: u16 = 0x0001 | 0x0300;
/// `IFLA_IFNAME`: the interface name attribute of a link message.
const IFLA_IFNAME: u16 = 3;
/// `IFA_ADDRESS`: the address (the peer's on point-to-point links).
const IFA_ADDRESS: u16 = 1;
/// `IFA_LOCAL`: the local address, when it differs from `IFA_ADDRESS`.
const IFA_LOCAL: u16 = 2;
/// `IFA_LABEL`: the IPv4 label (`eth0:1` for an alias); `getifaddrs` reports it as the name.
const IFA_LABEL: u16 = 3;
/// Size of `struct nlmsghdr`.
const HEADER_LEN: usize = 16;
/// Size of `struct ifinfomsg`, the fixed part of a link message.
const IFINFOMSG_LEN: usize = 16;
/// Size of `struct ifaddrmsg`, the fixed part of an address message.
const IFADDRMSG_LEN: usize = 8;
/// The attribute type bits (the top two bits are the nested/byte-order flags).
const ATTR_TYPE_MASK: u16 = 0x3fff;
/// Receive buffer: the kernel never sends a dump datagram larger than 32 KiB to a reader
/// whose buffer is at least that large, so this size is never truncated.
const RECV_BUFFER: usize = 64 * 1024;
/// Bound on what one dump may deliver, so a misbehaving kernel or a hostile sender
/// cannot grow our memory without limit.
const MAX_DUMP_BYTES: usize = 16 * 1024 * 1024;

/// One record of a dump, as decoded from the kernel's messages.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Record {
    /// An interface: its index and name.
    Link(Link),
    /// An address on the interface with index `index`; `label` is the IPv4 label if the
    /// kernel sent one.
    Address {
        /// The interface index.
        index: u32,
        /// The local address.
        ip: IpAddr,
        /// The IPv4 label (`IFA_LABEL`), if any.
        label: Option<String>,
    },
}

/// The dump request for `kind` (`RTM_GETLINK` or `RTM_GETADDR`), all families.
///
/// The payload is the full zeroed `ifinfomsg`/`ifaddrmsg` rather than the one-byte
/// `rtgenmsg`, so kernels with strict request checking accept it too.
pub fn dump_request(kind: u16, seq: u32) -> Vec<u8> {
    let payload = if kind == RTM_GETLINK {
        IFINFOMSG_LEN
    } else {
        IFADDRMSG_LEN
    };
    let len = HEADER_LEN + payload;
    let mut request = Vec::with_capacity(len);
    request.extend_from_slice(&(len as u32).to_ne_bytes());
    request.extend_from_slice(&kind.to_ne_bytes());
    request.extend_from_slice(&DUMP_REQUEST_FLAGS.to_ne_bytes());
    request.extend_from_slice(&seq.to_ne_bytes());
    request.extend_from_slice(&0u32.to_ne_bytes());
    request.resize(len, 0);
    request
}

/// Decode one datagram of a dump answering request `seq`, appending its records to
/// `out`. Returns `true` once the dump's `NLMSG_DONE` is seen. Messages of other
/// sequence numbers are skipped; a malformed message is `EINVAL`; an error report from
/// the kernel is its errno.
pub fn decode_datagram(datagram: &[u8], seq: u32, out: &mut Vec<Record>) -> Result<bool> {
    let mut rest = datagram;
    while rest.len() >= HEADER_LEN {
        let len = read_u32(rest, 0) as usize;
        if len < HEADER_LEN || len > rest.len() {
            return Err(Error::Invalid);
        }
        let kind = read_u16(rest, 4);
        let message_seq = read_u32(rest, 8);
        let payload = &rest[HEADER_LEN..len];
        rest = &rest[align4(len).min(rest.len())..];
        if message_seq != seq {
            continue;
        }
        match kind {
            NLMSG_DONE => return Ok(true),
            NLMSG_ERROR => {
                if payload.len() < 4 {
                    return Err(Error::Invalid);
                }
                let code = i32::from_ne_bytes([payload[0], payload[1], payload[2], payload[3]]);
                if code != 0 {
                    return Err(Error::from_errno(code.saturating_neg()));
                }
            }
            RTM_NEWLINK => {
                if let Some(link) = decode_link(payload)? {
                    out.push(link);
                }
            }
            RTM_NEWADDR => {
                if let Some(address) = decode_address(payload)? {
                    out.push(address);
                }
            }
            _ => {}
        }
    }
    Ok(false)
}

/// Decode an `RTM_NEWLINK` payload; `None` if it carries no name.
fn decode_link(payload: &[u8]) -> Result<Option<Record>> {
    if payload.len() < IFINFOMSG_LEN {
        return Err(Error::Invalid);
    }
    let index = read_u32(payload, 4);
    let mut name = None;
    for (kind, value) in attributes(&payload[IFINFOMSG_LEN..])? {
        if kind == IFLA_IFNAME {
            name = Some(c_string(value));
        }
    }
    Ok(name.map(|name| Record::Link(Link { index, name })))
}

/// Decode an `RTM_NEWADDR` payload; `None` for families other than IPv4 and IPv6.
fn decode_address(payload: &[u8]) -> Result<Option<Record>> {
    if payload.len() < IFADDRMSG_LEN {
        return Err(Error::Invalid);
    }
    let family = i32::from(payload[0]);
    let index = read_u32(payload, 4);
    let (mut address, mut local, mut label) = (None, None, None);
    for (kind, value) in attributes(&payload[IFADDRMSG_LEN..])? {
        match kind {
            IFA_ADDRESS => address = Some(value),
            IFA_LOCAL => local = Some(value),
            IFA_LABEL => label = Some(c_string(value)),
            _ => {}
        }
    }
    // Like getifaddrs: the local address when the kernel gives one, else IFA_ADDRESS.
    let Some(bytes) = local.or(address) else {
        return Ok(None);
    };
    let ip = match family {
        libc::AF_INET => match <[u8; 4]>::try_from(bytes) {
            Ok(octets) => IpAddr::V4(Ipv4Addr::from(octets)),
            Err(_) => return Err(Error::Invalid),
        },
        libc::AF_INET6 => match <[u8; 16]>::try_from(bytes) {
            Ok(octets) => IpAddr::V6(Ipv6Addr::from(octets)),
            Err(_) => return Err(Error::Invalid),
        },
        _ => return Ok(None),
    };
    Ok(Some(Record::Address { index, ip, label }))
}

/// The `(type, value)` attributes packed in `bytes`.
fn attributes(mut bytes: &[u8]) -> Result<Vec<(u16, &[u8])>> {
    let mut found = Vec::new();
    while bytes.len() >= 4 {
        let len = usize::from(read_u16(bytes, 0));
        if len < 4 || len > bytes.len() {
            return Err(Error::Invalid);
        }
        found.push((read_u16(bytes, 2) & ATTR_TYPE_MASK, &bytes[4..len]));
        bytes = &bytes[align4(len).min(bytes.len())..];
    }
    Ok(found)
}

/// Join the two dumps into the table `getifaddrs` would describe: each address named by
/// its IPv4 label if it has one, else by its interface's name.
pub fn build_table(records: Vec<Record>) -> InterfaceTable {
    let mut links = Vec::new();
    let mut raw_addresses = Vec::new();
    for record in records {
        match record {
            Record::Link(link) => links.push(link),
            Record::Address { index, ip, label } => raw_addresses.push((index, ip, label)),
        }
    }
    let addresses = raw_addresses
        .into_iter()
        .filter_map(|(index, ip, label)| {
            let name = match label {
                Some(label) if ip.is_ipv4() => label,
                _ => links.iter().find(|link| link.index == index)?.name.clone(),
            };
            Some(InterfaceAddress { index, name, ip })
        })
        .collect();
    InterfaceTable { links, addresses }
}

/// Read the system's interface table from the kernel.
pub fn system_table() -> Result<InterfaceTable> {
    let socket = rustix::net::socket_with(
        AddressFamily::NETLINK,
        SocketType::RAW,
        SocketFlags::CLOEXEC,
        None, // NETLINK_ROUTE
    )
    .map_err(os_error)?;
    let mut records = run_dump(&socket, RTM_GETLINK, 1)?;
    records.extend(run_dump(&socket, RTM_GETADDR, 2)?);
    Ok(build_table(records))
}

/// Send one dump request and collect its records until `NLMSG_DONE`.
fn run_dump(socket: &rustix::fd::OwnedFd, kind: u16, seq: u32) -> Result<Vec<Record>> {
    let kernel = SocketAddrNetlink::new(0, 0);
    let request = dump_request(kind, seq);
    retry_interrupted(|| rustix::net::sendto(socket, &request, SendFlags::empty(), &kernel))?;
    let mut buffer = vec![0u8; RECV_BUFFER];
    let mut records = Vec::new();
    let mut received = 0usize;
    loop {
        let (len, full_len, sender) =
            retry_interrupted(|| rustix::net::recvfrom(socket, &mut buffer[..], RecvFlags::TRUNC))?;
        if full_len > len {
            return Err(Error::MessageSize);
        }
        received += len;
        if received > MAX_DUMP_BYTES {
            return Err(Error::NoMemory);
        }
        // Only the kernel (port id 0) answers a dump; ignore anything else.
        let from_kernel = sender
            .and_then(|address| SocketAddrNetlink::try_from(address).ok())
            .is_some_and(|address| address.pid() == 0);
        if !from_kernel {
            continue;
        }
        if len == 0 || decode_datagram(&buffer[..len], seq, &mut records)? {
            return Ok(records);
        }
    }
}

/// Run a system call again when a signal interrupts it.
fn retry_interrupted<T>(mut call: impl FnMut() -> rustix::io::Result<T>) -> Result<T> {
    loop {
        match call() {
            Err(rustix::io::Errno::INTR) => continue,
            other => return other.map_err(os_error),
        }
    }
}

/// The engine error for a failed system call.
fn os_error(errno: rustix::io::Errno) -> Error {
    Error::from_errno(errno.raw_os_error())
}

/// A NUL-terminated (or unterminated) attribute string.
fn c_string(bytes: &[u8]) -> String {
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    String::from_utf8_lossy(&bytes[..end]).into_owned()
}

/// Round up to netlink's 4-byte alignment.
fn align4(len: usize) -> usize {
    len.saturating_add(3) & !3
}

/// A native-endian `u16` at `at` (the caller checked the length).
fn read_u16(bytes: &[u8], at: usize) -> u16 {
    u16::from_ne_bytes([bytes[at], bytes[at + 1]])
}

/// A native-endian `u32` at `at` (the caller checked the length).
fn read_u32(bytes: &[u8], at: usize) -> u32 {
    u32::from_ne_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Build one netlink message the way the kernel lays it out.
    fn message(kind: u16, seq: u32, fixed: &[u8], attrs: &[(u16, &[u8])]) -> Vec<u8> {
        let mut body = fixed.to_vec();
        for (attr_kind, value) in attrs {
            body.extend_from_slice(&((4 + value.len()) as u16).to_ne_bytes());
            body.extend_from_slice(&attr_kind.to_ne_bytes());
            body.extend_from_slice(value);
            body.resize(align4(body.len()), 0);
        }
        let mut out = Vec::new();
        out.extend_from_slice(&((HEADER_LEN + body.len()) as u32).to_ne_bytes());
        out.extend_from_slice(&kind.to_ne_bytes());
        out.extend_from_slice(&2u16.to_ne_bytes()); // NLM_F_MULTI
        out.extend_from_slice(&seq.to_ne_bytes());
        out.extend_from_slice(&0u32.to_ne_bytes());
        out.extend_from_slice(&body);
        out
    }

    fn ifinfo(index: u32) -> Vec<u8> {
        let mut fixed = vec![0u8; IFINFOMSG_LEN];
        fixed[4..8].copy_from_slice(&index.to_ne_bytes());
        fixed
    }

    fn ifaddr(family: i32, index: u32) -> Vec<u8> {
        let mut fixed = vec![0u8; IFADDRMSG_LEN];
        fixed[0] = family as u8;
        fixed[4..8].copy_from_slice(&index.to_ne_bytes());
        fixed
    }

    #[test]
    fn request_layout() {
        let request = dump_request(RTM_GETADDR, 7);
        assert_eq!(request.len(), 24);
        assert_eq!(read_u32(&request, 0), 24);
        assert_eq!(read_u16(&request, 4), 22);
        assert_eq!(read_u16(&request, 6), 0x0301);
        assert_eq!(read_u32(&request, 8), 7);
        assert!(request[16..].iter().all(|&b| b == 0));
        assert_eq!(dump_request(RTM_GETLINK, 1).len(), 32);
    }

    #[test]
    fn decodes_links_and_addresses_in_order() {
        let mut datagram = message(RTM_NEWLINK, 5, &ifinfo(1), &[(IFLA_IFNAME, b"lo\0")]);
        datagram.extend(message(
            RTM_NEWLINK,
            5,
            &ifinfo(4),
            &[(IFLA_IFNAME, b"eth0\0")],
        ));
        datagram.extend(message(
            RTM_NEWADDR,
            5,
            &ifaddr(libc::AF_INET, 4),
            &[
                (IFA_ADDRESS, &[10, 0, 0, 9]),
                (IFA_LOCAL, &[10, 0, 0, 1]),
                (IFA_LABEL, b"eth0:1\0"),
            ],
        ));
        let v6: Ipv6Addr = "fd00::2".parse().unwrap();
        datagram.extend(message(
            RTM_NEWADDR,
            5,
            &ifaddr(libc::AF_INET6, 4),
            &[(IFA_ADDRESS, &v6.octets())],
        ));
        // A message of another request is skipped, then the dump ends.
        datagram.extend(message(
            RTM_NEWLINK,
            9,
            &ifinfo(7),
            &[(IFLA_IFNAME, b"x\0")],
        ));
        datagram.extend(message(NLMSG_DONE, 5, &[0; 4], &[]));
        let mut records = Vec::new();
        assert!(decode_datagram(&datagram, 5, &mut records).unwrap());
        let table = build_table(records);
        assert_eq!(table.links.len(), 2);
        assert_eq!(table.links[1].name, "eth0");
        let names: Vec<_> = table.addresses.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["eth0:1", "eth0"]);
        assert_eq!(table.addresses[0].ip, IpAddr::from([10, 0, 0, 1]));
        assert_eq!(table.addresses[1].ip, IpAddr::V6(v6));
    }

    #[test]
    fn partial_dump_is_not_done() {
        let datagram = message(RTM_NEWLINK, 1, &ifinfo(1), &[(IFLA_IFNAME, b"lo\0")]);
        let mut records = Vec::new();
        assert!(!decode_datagram(&datagram, 1, &mut records).unwrap());
        assert_eq!(records.len(), 1);
    }

    #[test]
    fn kernel_error_is_its_errno() {
        let datagram = message(NLMSG_ERROR, 3, &(-libc::EPERM).to_ne_bytes(), &[]);
        let err = decode_datagram(&datagram, 3, &mut Vec::new()).unwrap_err();
        assert_eq!(err.errno(), libc::EPERM);
        // An acknowledgement (code 0) is not an error.
        let ack = message(NLMSG_ERROR, 3, &0i32.to_ne_bytes(), &[]);
        assert!(!decode_datagram(&ack, 3, &mut Vec::new()).unwrap());
    }

    #[test]
    fn malformed_messages_are_rejected() {
        let good = message(RTM_NEWLINK, 1, &ifinfo(1), &[(IFLA_IFNAME, b"lo\0")]);
        // Length field larger than the datagram.
        let mut long = good.clone();
        long[0..4].copy_from_slice(&1000u32.to_ne_bytes());
        assert_eq!(
            decode_datagram(&long, 1, &mut Vec::new()),
            Err(Error::Invalid)
        );
        // Length field smaller than a header.
        let mut short = good.clone();
        short[0..4].copy_from_slice(&8u32.to_ne_bytes());
        assert_eq!(
            decode_datagram(&short, 1, &mut Vec::new()),
            Err(Error::Invalid)
        );
        // An attribute running past its message.
        let mut bad_attr = good.clone();
        let attr_at = HEADER_LEN + IFINFOMSG_LEN;
        bad_attr[attr_at..attr_at + 2].copy_from_slice(&200u16.to_ne_bytes());
        assert_eq!(
            decode_datagram(&bad_attr, 1, &mut Vec::new()),
            Err(Error::Invalid)
        );
        // A truncated fixed part.
        let tiny = message(RTM_NEWADDR, 1, &[2, 0, 0], &[]);
        assert_eq!(
            decode_datagram(&tiny, 1, &mut Vec::new()),
            Err(Error::Invalid)
        );
        // An IPv4 address attribute of the wrong size.
        let wrong = message(
            RTM_NEWADDR,
            1,
            &ifaddr(libc::AF_INET, 1),
            &[(IFA_ADDRESS, &[1, 2, 3])],
        );
        assert_eq!(
            decode_datagram(&wrong, 1, &mut Vec::new()),
            Err(Error::Invalid)
        );
    }

    #[test]
    fn other_families_and_nameless_links_are_skipped() {
        let mut datagram = message(RTM_NEWADDR, 1, &ifaddr(libc::AF_PACKET, 1), &[(1, &[0; 6])]);
        datagram.extend(message(RTM_NEWLINK, 1, &ifinfo(2), &[]));
        let mut records = Vec::new();
        decode_datagram(&datagram, 1, &mut records).unwrap();
        assert!(records.is_empty());
    }

    #[test]
    fn system_table_matches_proc() {
        let table = system_table().unwrap();
        let lo = table.links.iter().find(|link| link.name == "lo").unwrap();
        assert!(table.addresses.iter().any(|a| a.index == lo.index
            && a.name == "lo"
            && a.ip == IpAddr::from([127, 0, 0, 1])));
        // Every IPv6 address /proc lists, the dump lists under the same interface.
        let proc_list = std::fs::read_to_string("/proc/net/if_inet6").unwrap_or_default();
        for line in proc_list.lines() {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let hex = fields[0];
            let octets: Vec<u8> = (0..16)
                .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap())
                .collect();
            let ip = IpAddr::V6(Ipv6Addr::from(<[u8; 16]>::try_from(octets).unwrap()));
            let name = fields[5];
            assert!(
                table.addresses.iter().any(|a| a.ip == ip && a.name == name),
                "{ip} on {name} missing from the netlink dump"
            );
        }
    }
}

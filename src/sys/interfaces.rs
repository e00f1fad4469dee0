//! The network interfaces and their addresses, as `getifaddrs(3)` lists them.

use std::ffi::CStr;
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::error::Result;

/// One address of one interface, in `getifaddrs` order.
#[derive(Clone, Debug)]
pub struct IfAddr {
    /// The interface index (`if_nametoindex` of the name).
    pub index: u32,
    /// The name `getifaddrs` gives (the IPv4 label, `eth0:1` for an alias).
    pub name: String,
    /// The address, or `None` for an entry without an IPv4/IPv6 address (a link).
    pub ip: Option<IpAddr>,
}

/// Every entry `getifaddrs` returns.
pub fn list() -> Result<Vec<IfAddr>> {
    let mut head: *mut libc::ifaddrs = std::ptr::null_mut();
    // SAFETY: `head` is a valid out-pointer; the list is freed below.
    if unsafe { libc::getifaddrs(&mut head) } != 0 {
        return Err(io::Error::last_os_error().into());
    }
    let mut entries = Vec::new();
    let mut cursor = head;
    while !cursor.is_null() {
        // SAFETY: `cursor` is a node of the list getifaddrs returned, alive until
        // freeifaddrs below.
        let entry = unsafe { &*cursor };
        cursor = entry.ifa_next;
        if entry.ifa_name.is_null() {
            continue;
        }
        // SAFETY: a non-NULL ifa_name is a NUL-terminated string owned by the list.
        let name_c = unsafe { CStr::from_ptr(entry.ifa_name) };
        // SAFETY: as above; if_nametoindex only reads the string.
        let index = unsafe { libc::if_nametoindex(name_c.as_ptr()) };
        let ip = ip_of(entry.ifa_addr);
        entries.push(IfAddr {
            index,
            name: name_c.to_string_lossy().into_owned(),
            ip,
        });
    }
    // SAFETY: `head` came from getifaddrs and is freed once.
    unsafe { libc::freeifaddrs(head) };
    Ok(entries)
}

/// The IP address in a `sockaddr`, if it is one.
fn ip_of(addr: *const libc::sockaddr) -> Option<IpAddr> {
    if addr.is_null() {
        return None;
    }
    // SAFETY: a non-NULL ifa_addr points to a sockaddr whose family says its real type.
    let family = i32::from(unsafe { (*addr).sa_family });
    match family {
        libc::AF_INET => {
            // SAFETY: AF_INET entries are sockaddr_in.
            let v4 = unsafe { &*(addr as *const libc::sockaddr_in) };
            Some(IpAddr::V4(Ipv4Addr::from(u32::from_be(v4.sin_addr.s_addr))))
        }
        libc::AF_INET6 => {
            // SAFETY: AF_INET6 entries are sockaddr_in6.
            let v6 = unsafe { &*(addr as *const libc::sockaddr_in6) };
            Some(IpAddr::V6(Ipv6Addr::from(v6.sin6_addr.s6_addr)))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_is_listed() {
        let entries = list().unwrap();
        assert!(
            entries
                .iter()
                .any(|e| e.name == "lo" && e.ip == Some(IpAddr::from([127, 0, 0, 1])))
        );
    }
}

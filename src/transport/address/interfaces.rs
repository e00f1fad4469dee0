//! Network interfaces as the tcp endpoint resolver sees them: a table of interfaces
//! (index, name) and of their addresses in the kernel's order, and the three questions
//! libzmq asks of it: the address of an interface (`tcp://eth0:*`), the index of an
//! interface (`[fe80::1%eth0]`), and the name of an index (printing a scoped address).
//!
//! Resolution takes an [`InterfaceSource`] so the same code runs on the live system
//! (read through `getifaddrs`, [`crate::sys::interfaces`]) and on fixed tables in
//! tests.

use std::borrow::Cow;
use std::net::IpAddr;

use crate::error::Result;

/// An interface: its kernel index and name.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Link {
    /// The interface index (`if_nametoindex`).
    pub index: u32,
    /// The interface name (`eth0`).
    pub name: String,
}

/// One address assigned to an interface.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct InterfaceAddress {
    /// The index of the interface holding the address.
    pub index: u32,
    /// The name `getifaddrs` gives this address: the IPv4 label (`eth0:1` for an alias)
    /// or the interface name.
    pub name: String,
    /// The address.
    pub ip: IpAddr,
}

/// A snapshot of the interfaces and their addresses.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct InterfaceTable {
    /// The interfaces.
    pub links: Vec<Link>,
    /// The addresses, in the kernel's order (IPv4 before IPv6, as `getifaddrs`).
    pub addresses: Vec<InterfaceAddress>,
}

impl InterfaceTable {
    /// Read the live system's table.
    pub fn system() -> Result<InterfaceTable> {
        let mut table = InterfaceTable::default();
        for entry in crate::sys::interfaces::list()? {
            match entry.ip {
                None => {
                    if !table.links.iter().any(|l| l.index == entry.index) {
                        table.links.push(Link {
                            index: entry.index,
                            name: entry.name,
                        });
                    }
                }
                Some(ip) => table.addresses.push(InterfaceAddress {
                    index: entry.index,
                    name: entry.name,
                    ip,
                }),
            }
        }
        Ok(table)
    }

    /// The address libzmq binds for interface `name`: the first one of the socket's
    /// family (IPv6 with `ZMQ_IPV6` on, else IPv4). `None` when the interface does not
    /// exist or has no address of that family, which libzmq reports as `ENODEV`.
    pub fn address_of(&self, name: &str, ipv6: bool) -> Option<IpAddr> {
        self.addresses
            .iter()
            .find(|entry| entry.name == name && entry.ip.is_ipv6() == ipv6)
            .map(|entry| entry.ip)
    }

    /// The index of interface `name` (`if_nametoindex`), if it exists.
    pub fn index_of(&self, name: &str) -> Option<u32> {
        self.links
            .iter()
            .find(|link| link.name == name)
            .map(|link| link.index)
    }

    /// The name of the interface with `index` (`if_indextoname`), if it exists.
    pub fn name_of(&self, index: u32) -> Option<&str> {
        self.links
            .iter()
            .find(|link| link.index == index)
            .map(|link| link.name.as_str())
    }
}

/// Where resolution reads interfaces from.
#[derive(Clone, Copy, Debug)]
pub enum InterfaceSource<'a> {
    /// The live system, read when first needed.
    System,
    /// A fixed table (tests, or a caller that already holds a snapshot).
    Table(&'a InterfaceTable),
}

impl<'a> InterfaceSource<'a> {
    /// The table: borrowed when fixed, read from the kernel for the live system.
    pub fn load(self) -> Result<Cow<'a, InterfaceTable>> {
        match self {
            InterfaceSource::System => InterfaceTable::system().map(Cow::Owned),
            InterfaceSource::Table(table) => Ok(Cow::Borrowed(table)),
        }
    }
}

/// A table that is read at most once, on first use: a bind of a literal address never
/// touches the kernel's interface list, and one that needs it twice (an interface name
/// and a zone) reads it once.
pub struct LazyTable<'a> {
    source: InterfaceSource<'a>,
    table: Option<Cow<'a, InterfaceTable>>,
}

impl<'a> LazyTable<'a> {
    /// A table to be read from `source` when first needed.
    pub fn new(source: InterfaceSource<'a>) -> LazyTable<'a> {
        LazyTable {
            source,
            table: None,
        }
    }

    /// The table, reading it now if this is the first use.
    pub fn get(&mut self) -> Result<&InterfaceTable> {
        let table = match self.table.take() {
            Some(table) => table,
            None => self.source.load()?,
        };
        Ok(self.table.insert(table))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A table shaped like a small Linux host: `lo` and `eth0` with IPv4 and IPv6
    /// addresses (global before link-local, as the kernel lists them), an alias label,
    /// an interface with IPv6 only, and one without addresses.
    pub(crate) fn sample_table() -> InterfaceTable {
        let link = |index, name: &str| Link {
            index,
            name: name.to_owned(),
        };
        let addr = |index, name: &str, ip: &str| InterfaceAddress {
            index,
            name: name.to_owned(),
            ip: ip.parse().unwrap(),
        };
        InterfaceTable {
            links: vec![
                link(1, "lo"),
                link(2, "ifb0"),
                link(4, "eth0"),
                link(5, "v6only"),
            ],
            addresses: vec![
                addr(1, "lo", "127.0.0.1"),
                addr(4, "eth0", "192.0.2.2"),
                addr(4, "eth0:1", "192.0.2.3"),
                addr(4, "eth0", "192.0.2.4"),
                addr(1, "lo", "::1"),
                addr(4, "eth0", "fd00::2"),
                addr(4, "eth0", "fe80::fc:ff:fe00:1"),
                addr(5, "v6only", "fe80::5"),
            ],
        }
    }

    #[test]
    fn first_address_of_the_family() {
        let table = sample_table();
        assert_eq!(
            table.address_of("eth0", false),
            Some("192.0.2.2".parse().unwrap())
        );
        assert_eq!(
            table.address_of("eth0", true),
            Some("fd00::2".parse().unwrap())
        );
        assert_eq!(
            table.address_of("eth0:1", false),
            Some("192.0.2.3".parse().unwrap())
        );
        assert_eq!(table.address_of("v6only", false), None);
        assert_eq!(table.address_of("ifb0", true), None);
        assert_eq!(table.address_of("nosuch", false), None);
        // Names are matched exactly, as the C library compares them.
        assert_eq!(table.address_of("LO", false), None);
    }

    #[test]
    fn index_and_name() {
        let table = sample_table();
        assert_eq!(table.index_of("eth0"), Some(4));
        assert_eq!(table.index_of("eth0:1"), None);
        assert_eq!(table.name_of(1), Some("lo"));
        assert_eq!(table.name_of(3), None);
    }

    #[test]
    fn lazy_table_reads_once() {
        let table = sample_table();
        let mut lazy = LazyTable::new(InterfaceSource::Table(&table));
        assert_eq!(lazy.get().unwrap().links.len(), 4);
        assert_eq!(lazy.get().unwrap().index_of("lo"), Some(1));
        let mut system = LazyTable::new(InterfaceSource::System);
        assert!(system.get().unwrap().index_of("lo").is_some());
    }
}

//! The options of connection-oriented transports (TCP, IPC, and the SOCKS proxy in front
//! of TCP): OS socket tuning, reconnection, handshake and heartbeats, and the
//! (deprecated) accept filters of listeners.

use std::collections::BTreeSet;

use super::accept_filter::TcpAcceptFilter;
use super::codec::{Value, put_bool, put_int, put_string};
use super::ids::*;
use crate::error::{Error, Result};

/// Longest `ZMQ_BINDTODEVICE` name: Linux's `IFNAMSIZ`.
const MAX_DEVICE_NAME: usize = 16;
/// Longest `ZMQ_TCP_ACCEPT_FILTER` text and SOCKS credential (`UCHAR_MAX`).
const MAX_SHORT_TEXT: usize = 255;

/// Settings for TCP/IPC connections and listeners.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnectionOptions {
    /// `ZMQ_SNDBUF`: `SO_SNDBUF` in bytes; -1 (default) leaves the OS default. Range >= -1.
    pub sndbuf: i32,
    /// `ZMQ_RCVBUF`: `SO_RCVBUF` in bytes; -1 (default) leaves the OS default. Range >= -1.
    pub rcvbuf: i32,
    /// `ZMQ_TOS`: `IP_TOS` value. Default 0; range >= 0.
    pub tos: i32,
    /// `ZMQ_PRIORITY`: `SO_PRIORITY` value. Default 0; range >= 0.
    pub priority: i32,
    /// `ZMQ_BUSY_POLL`: `SO_BUSY_POLL`; any value, default 0 (not readable, as libzmq).
    pub busy_poll: i32,
    /// `ZMQ_BACKLOG`: `listen()` backlog. Default 100; range >= 0.
    pub backlog: i32,
    /// `ZMQ_IPV6` (and the inverse `ZMQ_IPV4ONLY`): dual-stack IPv6. Default false.
    pub ipv6: bool,
    /// `ZMQ_TCP_KEEPALIVE`: -1 (default) OS default, 0 off, 1 on.
    pub tcp_keepalive: i32,
    /// `ZMQ_TCP_KEEPALIVE_CNT`: -1 (default) OS default; range >= -1.
    pub tcp_keepalive_cnt: i32,
    /// `ZMQ_TCP_KEEPALIVE_IDLE` in seconds: -1 (default) OS default; range >= -1.
    pub tcp_keepalive_idle: i32,
    /// `ZMQ_TCP_KEEPALIVE_INTVL` in seconds: -1 (default) OS default; range >= -1.
    pub tcp_keepalive_intvl: i32,
    /// `ZMQ_TCP_MAXRT` in ms (`TCP_USER_TIMEOUT`): 0 (default) OS default; range >= 0.
    pub tcp_maxrt: i32,
    /// `ZMQ_CONNECT_TIMEOUT` in ms for `connect()`: 0 (default) none; range >= 0.
    pub connect_timeout: i32,
    /// `ZMQ_RECONNECT_IVL` in ms: 100 by default; -1 disables reconnection; range >= -1.
    pub reconnect_ivl: i32,
    /// `ZMQ_RECONNECT_IVL_MAX` in ms: 0 (default) no backoff; range >= 0.
    pub reconnect_ivl_max: i32,
    /// `ZMQ_RECONNECT_STOP`: OR of `ZMQ_RECONNECT_STOP_*` bits; any int, default 0.
    pub reconnect_stop: i32,
    /// `ZMQ_HANDSHAKE_IVL` in ms: 30000 by default; 0 no limit; range >= 0.
    pub handshake_ivl: i32,
    /// `ZMQ_HEARTBEAT_IVL` in ms between PINGs: 0 (default) no heartbeats; range >= 0.
    pub heartbeat_ivl: i32,
    /// `ZMQ_HEARTBEAT_TTL` in deciseconds, as carried by a ZMTP PING: set in ms and
    /// truncated to whole deciseconds (so 0..=6553599 ms), read back in ms. Default 0.
    pub heartbeat_ttl: u16,
    /// `ZMQ_HEARTBEAT_TIMEOUT` in ms: -1 (default) means "use `heartbeat_ivl`"; once set
    /// it must be >= 0.
    pub heartbeat_timeout: i32,
    /// `ZMQ_USE_FD`: a listening descriptor to bind with; -1 (default) none; range >= -1.
    pub use_fd: i32,
    /// `ZMQ_BINDTODEVICE`: interface/VRF name, 1..=16 bytes as given; empty = not set.
    pub bindtodevice: Vec<u8>,
    /// `ZMQ_SOCKS_PROXY`: "host:port" of a SOCKS5 proxy, bytes as given; empty = none.
    pub socks_proxy: Vec<u8>,
    /// `ZMQ_SOCKS_USERNAME`: 0..=255 bytes; non-empty selects SOCKS basic auth.
    pub socks_username: Vec<u8>,
    /// `ZMQ_SOCKS_PASSWORD`: 0..=255 bytes.
    pub socks_password: Vec<u8>,
    /// `ZMQ_LOOPBACK_FASTPATH`: Windows loopback fast path (no effect on Linux). Default false.
    pub loopback_fastpath: bool,
    /// `ZMQ_IN_BATCH_SIZE`: bytes read per `recv` batch. Default 8192; range > 0.
    pub in_batch_size: i32,
    /// `ZMQ_OUT_BATCH_SIZE`: bytes written per `send` batch. Default 8192; range > 0.
    pub out_batch_size: i32,
    /// `ZMQ_TCP_ACCEPT_FILTER`: each set appends one filter; `NULL, 0` clears. A TCP
    /// listener with filters accepts only peers matching at least one.
    pub tcp_accept_filters: Vec<TcpAcceptFilter>,
    /// `ZMQ_IPC_FILTER_PID`: peer process ids an IPC listener accepts (`NULL, 0` clears).
    pub ipc_filter_pids: BTreeSet<i32>,
    /// `ZMQ_IPC_FILTER_UID`: peer user ids an IPC listener accepts (`NULL, 0` clears).
    pub ipc_filter_uids: BTreeSet<u32>,
    /// `ZMQ_IPC_FILTER_GID`: peer group ids an IPC listener accepts (`NULL, 0` clears).
    pub ipc_filter_gids: BTreeSet<u32>,
}

impl Default for ConnectionOptions {
    fn default() -> Self {
        ConnectionOptions {
            sndbuf: -1,
            rcvbuf: -1,
            tos: 0,
            priority: 0,
            busy_poll: 0,
            backlog: 100,
            ipv6: false,
            tcp_keepalive: -1,
            tcp_keepalive_cnt: -1,
            tcp_keepalive_idle: -1,
            tcp_keepalive_intvl: -1,
            tcp_maxrt: 0,
            connect_timeout: 0,
            reconnect_ivl: 100,
            reconnect_ivl_max: 0,
            reconnect_stop: 0,
            handshake_ivl: 30_000,
            heartbeat_ivl: 0,
            heartbeat_ttl: 0,
            heartbeat_timeout: -1,
            use_fd: -1,
            bindtodevice: Vec::new(),
            socks_proxy: Vec::new(),
            socks_username: Vec::new(),
            socks_password: Vec::new(),
            loopback_fastpath: false,
            in_batch_size: 8192,
            out_batch_size: 8192,
            tcp_accept_filters: Vec::new(),
            ipc_filter_pids: BTreeSet::new(),
            ipc_filter_uids: BTreeSet::new(),
            ipc_filter_gids: BTreeSet::new(),
        }
    }
}

fn at_least(min: i32) -> impl Fn(i32) -> bool {
    move |v| v >= min
}

impl ConnectionOptions {
    /// Apply a connection option; `None` if `option` is not one.
    pub(super) fn set(&mut self, option: i32, value: Value<'_>) -> Option<Result<()>> {
        let result = match option {
            SNDBUF => value.int_where(at_least(-1)).map(|v| self.sndbuf = v),
            RCVBUF => value.int_where(at_least(-1)).map(|v| self.rcvbuf = v),
            TOS => value.int_where(at_least(0)).map(|v| self.tos = v),
            PRIORITY => value.int_where(at_least(0)).map(|v| self.priority = v),
            BUSY_POLL => value.int().map(|v| self.busy_poll = v),
            BACKLOG => value.int_where(at_least(0)).map(|v| self.backlog = v),
            IPV6 => value.bool_strict().map(|b| self.ipv6 = b),
            IPV4ONLY => value.bool_strict().map(|only_v4| self.ipv6 = !only_v4),
            TCP_KEEPALIVE => value
                .int_where(|v| (-1..=1).contains(&v))
                .map(|v| self.tcp_keepalive = v),
            TCP_KEEPALIVE_CNT => value
                .int_where(at_least(-1))
                .map(|v| self.tcp_keepalive_cnt = v),
            TCP_KEEPALIVE_IDLE => value
                .int_where(at_least(-1))
                .map(|v| self.tcp_keepalive_idle = v),
            TCP_KEEPALIVE_INTVL => value
                .int_where(at_least(-1))
                .map(|v| self.tcp_keepalive_intvl = v),
            TCP_MAXRT => value.int_where(at_least(0)).map(|v| self.tcp_maxrt = v),
            CONNECT_TIMEOUT => value
                .int_where(at_least(0))
                .map(|v| self.connect_timeout = v),
            RECONNECT_IVL => value
                .int_where(at_least(-1))
                .map(|v| self.reconnect_ivl = v),
            RECONNECT_IVL_MAX => value
                .int_where(at_least(0))
                .map(|v| self.reconnect_ivl_max = v),
            RECONNECT_STOP => value.int().map(|v| self.reconnect_stop = v),
            HANDSHAKE_IVL => value.int_where(at_least(0)).map(|v| self.handshake_ivl = v),
            HEARTBEAT_IVL => value.int_where(at_least(0)).map(|v| self.heartbeat_ivl = v),
            // Truncating division, as libzmq: -99..=-1 ms become 0 and are accepted. The
            // limit is the 16-bit deciseconds TTL field of a ZMTP PING.
            HEARTBEAT_TTL => value
                .int()
                .map(|ms| ms / 100)
                .and_then(|ds| u16::try_from(ds).map_err(|_| Error::Invalid))
                .map(|ds| self.heartbeat_ttl = ds),
            HEARTBEAT_TIMEOUT => value
                .int_where(at_least(0))
                .map(|v| self.heartbeat_timeout = v),
            USE_FD => value.int_where(at_least(-1)).map(|v| self.use_fd = v),
            BINDTODEVICE => set_clearable_text(value, MAX_DEVICE_NAME, &mut self.bindtodevice),
            SOCKS_PROXY => set_clearable_text(value, usize::MAX, &mut self.socks_proxy),
            // NULL and empty both clear the SOCKS credentials.
            SOCKS_USERNAME => value
                .text_or_empty(MAX_SHORT_TEXT)
                .map(|t| self.socks_username = t),
            SOCKS_PASSWORD => value
                .text_or_empty(MAX_SHORT_TEXT)
                .map(|t| self.socks_password = t),
            LOOPBACK_FASTPATH => value.bool_relaxed().map(|b| self.loopback_fastpath = b),
            IN_BATCH_SIZE => value.int_where(at_least(1)).map(|v| self.in_batch_size = v),
            OUT_BATCH_SIZE => value
                .int_where(at_least(1))
                .map(|v| self.out_batch_size = v),
            TCP_ACCEPT_FILTER => self.add_accept_filter(value),
            IPC_FILTER_PID => update_id_set(value, &mut self.ipc_filter_pids, |v| v),
            IPC_FILTER_UID => update_id_set(value, &mut self.ipc_filter_uids, |v| v as u32),
            IPC_FILTER_GID => update_id_set(value, &mut self.ipc_filter_gids, |v| v as u32),
            _ => return None,
        };
        Some(result)
    }

    /// Read a connection option; `None` if `option` is not one. Write-only in libzmq,
    /// and so absent here: the accept filters, the IPC filters and `ZMQ_BUSY_POLL`.
    pub(super) fn get(&self, option: i32, out: &mut [u8]) -> Option<Result<usize>> {
        let result = match option {
            SNDBUF => put_int(out, self.sndbuf),
            RCVBUF => put_int(out, self.rcvbuf),
            TOS => put_int(out, self.tos),
            PRIORITY => put_int(out, self.priority),
            BACKLOG => put_int(out, self.backlog),
            IPV6 => put_bool(out, self.ipv6),
            IPV4ONLY => put_bool(out, !self.ipv6),
            TCP_KEEPALIVE => put_int(out, self.tcp_keepalive),
            TCP_KEEPALIVE_CNT => put_int(out, self.tcp_keepalive_cnt),
            TCP_KEEPALIVE_IDLE => put_int(out, self.tcp_keepalive_idle),
            TCP_KEEPALIVE_INTVL => put_int(out, self.tcp_keepalive_intvl),
            TCP_MAXRT => put_int(out, self.tcp_maxrt),
            CONNECT_TIMEOUT => put_int(out, self.connect_timeout),
            RECONNECT_IVL => put_int(out, self.reconnect_ivl),
            RECONNECT_IVL_MAX => put_int(out, self.reconnect_ivl_max),
            RECONNECT_STOP => put_int(out, self.reconnect_stop),
            HANDSHAKE_IVL => put_int(out, self.handshake_ivl),
            HEARTBEAT_IVL => put_int(out, self.heartbeat_ivl),
            HEARTBEAT_TTL => put_int(out, i32::from(self.heartbeat_ttl) * 100),
            HEARTBEAT_TIMEOUT => put_int(out, self.heartbeat_timeout),
            USE_FD => put_int(out, self.use_fd),
            BINDTODEVICE => put_string(out, &self.bindtodevice),
            SOCKS_PROXY => put_string(out, &self.socks_proxy),
            SOCKS_USERNAME => put_string(out, &self.socks_username),
            SOCKS_PASSWORD => put_string(out, &self.socks_password),
            LOOPBACK_FASTPATH => put_bool(out, self.loopback_fastpath),
            IN_BATCH_SIZE => put_int(out, self.in_batch_size),
            OUT_BATCH_SIZE => put_int(out, self.out_batch_size),
            _ => return None,
        };
        Some(result)
    }

    /// `ZMQ_TCP_ACCEPT_FILTER`: `NULL, 0` clears; 1..=255 bytes append one filter,
    /// parsed in the current `ZMQ_IPV6` mode.
    fn add_accept_filter(&mut self, value: Value<'_>) -> Result<()> {
        if value.is_null() {
            self.tcp_accept_filters.clear();
            return Ok(());
        }
        let text = value.text(MAX_SHORT_TEXT)?;
        let filter = TcpAcceptFilter::parse(&text, self.ipv6)?;
        self.tcp_accept_filters.push(filter);
        Ok(())
    }
}

/// A string option that `NULL, 0` clears and 1..=`max` bytes set; an empty non-NULL
/// value is `EINVAL` (libzmq's rule for `ZMQ_BINDTODEVICE` and `ZMQ_SOCKS_PROXY`).
fn set_clearable_text(value: Value<'_>, max: usize, field: &mut Vec<u8>) -> Result<()> {
    if value.is_null() {
        field.clear();
        return Ok(());
    }
    *field = value.text(max)?;
    Ok(())
}

/// An IPC filter set: `NULL, 0` clears it, a 4-byte id is added, anything else is
/// `EINVAL`.
fn update_id_set<T: Ord>(
    value: Value<'_>,
    set: &mut BTreeSet<T>,
    convert: fn(i32) -> T,
) -> Result<()> {
    if value.is_null() {
        set.clear();
        return Ok(());
    }
    set.insert(convert(value.int()?));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(c: &mut ConnectionOptions, option: i32, bytes: Option<&[u8]>) -> Result<()> {
        c.set(option, Value(bytes)).expect("a connection option")
    }

    fn set_int(c: &mut ConnectionOptions, option: i32, v: i32) -> Result<()> {
        set(c, option, Some(&v.to_ne_bytes()))
    }

    fn get_int(c: &ConnectionOptions, option: i32) -> i32 {
        let mut out = [0u8; 4];
        c.get(option, &mut out).unwrap().unwrap();
        i32::from_ne_bytes(out)
    }

    #[test]
    fn heartbeat_ttl_in_deciseconds() {
        let mut c = ConnectionOptions::default();
        set_int(&mut c, HEARTBEAT_TTL, 150).unwrap();
        assert_eq!((c.heartbeat_ttl, get_int(&c, HEARTBEAT_TTL)), (1, 100));
        set_int(&mut c, HEARTBEAT_TTL, 6_553_599).unwrap();
        assert_eq!(c.heartbeat_ttl, u16::MAX);
        assert_eq!(
            set_int(&mut c, HEARTBEAT_TTL, 6_553_600),
            Err(Error::Invalid)
        );
        set_int(&mut c, HEARTBEAT_TTL, -99).unwrap();
        assert_eq!(c.heartbeat_ttl, 0);
        assert_eq!(set_int(&mut c, HEARTBEAT_TTL, -100), Err(Error::Invalid));
    }

    #[test]
    fn ipv4only_is_the_inverse_of_ipv6() {
        let mut c = ConnectionOptions::default();
        assert_eq!(get_int(&c, IPV4ONLY), 1);
        set_int(&mut c, IPV4ONLY, 0).unwrap();
        assert_eq!((c.ipv6, get_int(&c, IPV6)), (true, 1));
        assert_eq!(set_int(&mut c, IPV4ONLY, 2), Err(Error::Invalid));
    }

    #[test]
    fn accept_filters_accumulate_and_clear_only_on_null() {
        let mut c = ConnectionOptions::default();
        set(&mut c, TCP_ACCEPT_FILTER, Some(b"127.0.0.1\0")).unwrap();
        set(&mut c, TCP_ACCEPT_FILTER, Some(b"10.0.0.0/8")).unwrap();
        assert_eq!(c.tcp_accept_filters.len(), 2);
        assert_eq!(
            set(&mut c, TCP_ACCEPT_FILTER, Some(b"")),
            Err(Error::Invalid)
        );
        assert_eq!(
            set(&mut c, TCP_ACCEPT_FILTER, Some(b"::1")),
            Err(Error::Invalid)
        );
        assert_eq!(
            set(&mut c, TCP_ACCEPT_FILTER, Some(&[b'1'; 256])),
            Err(Error::Invalid)
        );
        assert_eq!(c.tcp_accept_filters.len(), 2);
        set(&mut c, TCP_ACCEPT_FILTER, None).unwrap();
        assert!(c.tcp_accept_filters.is_empty());
        set_int(&mut c, IPV6, 1).unwrap();
        set(&mut c, TCP_ACCEPT_FILTER, Some(b"::1")).unwrap();
        assert_eq!(c.get(TCP_ACCEPT_FILTER, &mut [0u8; 64]), None);
    }

    #[test]
    fn ipc_filters_are_sets_of_four_byte_ids() {
        let mut c = ConnectionOptions::default();
        set_int(&mut c, IPC_FILTER_UID, 1000).unwrap();
        set_int(&mut c, IPC_FILTER_UID, 1000).unwrap();
        set_int(&mut c, IPC_FILTER_GID, 5).unwrap();
        set_int(&mut c, IPC_FILTER_PID, 42).unwrap();
        assert_eq!(c.ipc_filter_uids.len(), 1);
        assert_eq!(
            set(&mut c, IPC_FILTER_UID, Some(&[0u8; 8])),
            Err(Error::Invalid)
        );
        assert_eq!(set(&mut c, IPC_FILTER_UID, Some(b"")), Err(Error::Invalid));
        set(&mut c, IPC_FILTER_UID, None).unwrap();
        assert!(c.ipc_filter_uids.is_empty());
        assert_eq!(c.ipc_filter_gids.len(), 1);
        assert_eq!(c.get(IPC_FILTER_PID, &mut [0u8; 4]), None);
    }

    #[test]
    fn clearable_strings_and_socks_credentials() {
        let mut c = ConnectionOptions::default();
        set(&mut c, BINDTODEVICE, Some(b"0123456789abcdef")).unwrap();
        assert_eq!(
            set(&mut c, BINDTODEVICE, Some(b"0123456789abcdefg")),
            Err(Error::Invalid)
        );
        assert_eq!(set(&mut c, BINDTODEVICE, Some(b"")), Err(Error::Invalid));
        set(&mut c, BINDTODEVICE, None).unwrap();
        assert!(c.bindtodevice.is_empty());
        set(&mut c, SOCKS_PROXY, Some(b"h:1")).unwrap();
        assert_eq!(set(&mut c, SOCKS_PROXY, Some(b"")), Err(Error::Invalid));
        set(&mut c, SOCKS_USERNAME, Some(b"u")).unwrap();
        set(&mut c, SOCKS_USERNAME, Some(b"")).unwrap();
        assert!(c.socks_username.is_empty());
        set(&mut c, SOCKS_PASSWORD, Some(b"p")).unwrap();
        set(&mut c, SOCKS_PASSWORD, None).unwrap();
        assert!(c.socks_password.is_empty());
        assert_eq!(
            set(&mut c, SOCKS_PASSWORD, Some(&[b'p'; 256])),
            Err(Error::Invalid)
        );
    }
}

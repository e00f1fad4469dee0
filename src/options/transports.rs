//! The options of the optional transports: multicast (PGM/EPGM, NORM, UDP), VMCI and
//! secure WebSocket.
//!
//! libzmq builds some of these only with the matching feature (see
//! [`required_feature`](super::ids::required_feature)); they are stored here whatever
//! transports this library carries, so a setting reads back as set.

use super::codec::{Value, put_bool, put_int, put_u64};
use super::ids::*;
use crate::error::Result;

/// `ZMQ_NORM_CC`: NORM's default, TCP-friendly congestion control.
const NORM_CC: i32 = 1;

/// Settings of the multicast, NORM, VMCI and WSS transports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransportOptions {
    /// `ZMQ_RATE`: multicast data rate in kbit/s. Default 100; range > 0.
    pub rate: i32,
    /// `ZMQ_RECOVERY_IVL`: multicast recovery window in ms. Default 10000; range >= 0.
    pub recovery_ivl: i32,
    /// `ZMQ_MULTICAST_HOPS`: multicast TTL. Default 1; range > 0.
    pub multicast_hops: i32,
    /// `ZMQ_MULTICAST_MAXTPDU`: largest multicast packet in bytes. Default 1500; range > 0.
    pub multicast_maxtpdu: i32,
    /// `ZMQ_MULTICAST_LOOP`: loop UDP multicast back to local sockets. Default true.
    pub multicast_loop: bool,
    /// `ZMQ_NORM_MODE`: 0 fixed rate, 1 CC (default), 2 CCL, 3 CCE, 4 CCE ECN-only.
    pub norm_mode: i32,
    /// `ZMQ_NORM_UNICAST_NACK`: send NACKs by unicast. Default false.
    pub norm_unicast_nack: bool,
    /// `ZMQ_NORM_BUFFER_SIZE` in kB. Default 2048; range > 0.
    pub norm_buffer_size: i32,
    /// `ZMQ_NORM_SEGMENT_SIZE` in bytes. Default 1400; range > 0.
    pub norm_segment_size: i32,
    /// `ZMQ_NORM_BLOCK_SIZE` in segments. Default 16; range 1..=255.
    pub norm_block_size: i32,
    /// `ZMQ_NORM_NUM_PARITY`: parity segments per block. Default 4; range 1..=254.
    pub norm_num_parity: i32,
    /// `ZMQ_NORM_NUM_AUTOPARITY`: proactive parity segments. Default 0; range 0..=254.
    pub norm_num_autoparity: i32,
    /// `ZMQ_NORM_PUSH`: favour new data over repairs. Default false.
    pub norm_push: bool,
    /// `ZMQ_VMCI_BUFFER_SIZE` in bytes. Default 65546 (as documented).
    pub vmci_buffer_size: u64,
    /// `ZMQ_VMCI_BUFFER_MIN_SIZE` in bytes. Default 128 (as documented).
    pub vmci_buffer_min_size: u64,
    /// `ZMQ_VMCI_BUFFER_MAX_SIZE` in bytes. Default 262144 (as documented).
    pub vmci_buffer_max_size: u64,
    /// `ZMQ_VMCI_CONNECT_TIMEOUT` in ms; -1 (default) none.
    pub vmci_connect_timeout: i32,
    /// `ZMQ_WSS_KEY_PEM`: the server's private key, bytes as given (write-only).
    pub wss_key_pem: Vec<u8>,
    /// `ZMQ_WSS_CERT_PEM`: the server's certificate, bytes as given (write-only).
    pub wss_cert_pem: Vec<u8>,
    /// `ZMQ_WSS_TRUST_PEM`: the certificate a client trusts, bytes as given (write-only).
    pub wss_trust_pem: Vec<u8>,
    /// `ZMQ_WSS_HOSTNAME`: the name a client checks the certificate for (write-only).
    pub wss_hostname: Vec<u8>,
    /// `ZMQ_WSS_TRUST_SYSTEM`: also trust the system's CA store (write-only). Default false.
    pub wss_trust_system: bool,
}

impl Default for TransportOptions {
    fn default() -> Self {
        TransportOptions {
            rate: 100,
            recovery_ivl: 10_000,
            multicast_hops: 1,
            multicast_maxtpdu: 1500,
            multicast_loop: true,
            norm_mode: NORM_CC,
            norm_unicast_nack: false,
            norm_buffer_size: 2048,
            norm_segment_size: 1400,
            norm_block_size: 16,
            norm_num_parity: 4,
            norm_num_autoparity: 0,
            norm_push: false,
            vmci_buffer_size: 65_546,
            vmci_buffer_min_size: 128,
            vmci_buffer_max_size: 262_144,
            vmci_connect_timeout: -1,
            wss_key_pem: Vec::new(),
            wss_cert_pem: Vec::new(),
            wss_trust_pem: Vec::new(),
            wss_hostname: Vec::new(),
            wss_trust_system: false,
        }
    }
}

impl TransportOptions {
    /// Apply a transport option; `None` if `option` is not one.
    pub(super) fn set(&mut self, option: i32, value: Value<'_>) -> Option<Result<()>> {
        let positive = |v: i32| v > 0;
        let result = match option {
            RATE => value.int_where(positive).map(|v| self.rate = v),
            RECOVERY_IVL => value.int_where(|v| v >= 0).map(|v| self.recovery_ivl = v),
            MULTICAST_HOPS => value.int_where(positive).map(|v| self.multicast_hops = v),
            MULTICAST_MAXTPDU => value
                .int_where(positive)
                .map(|v| self.multicast_maxtpdu = v),
            MULTICAST_LOOP => value.bool_relaxed().map(|b| self.multicast_loop = b),
            NORM_MODE => value
                .int_where(|v| (0..=4).contains(&v))
                .map(|v| self.norm_mode = v),
            NORM_UNICAST_NACK => value.bool_strict().map(|b| self.norm_unicast_nack = b),
            NORM_BUFFER_SIZE => value.int_where(positive).map(|v| self.norm_buffer_size = v),
            NORM_SEGMENT_SIZE => value
                .int_where(positive)
                .map(|v| self.norm_segment_size = v),
            NORM_BLOCK_SIZE => value
                .int_where(|v| (1..=255).contains(&v))
                .map(|v| self.norm_block_size = v),
            NORM_NUM_PARITY => value
                .int_where(|v| (1..255).contains(&v))
                .map(|v| self.norm_num_parity = v),
            NORM_NUM_AUTOPARITY => value
                .int_where(|v| (0..255).contains(&v))
                .map(|v| self.norm_num_autoparity = v),
            NORM_PUSH => value.bool_strict().map(|b| self.norm_push = b),
            VMCI_BUFFER_SIZE => value.u64().map(|v| self.vmci_buffer_size = v),
            VMCI_BUFFER_MIN_SIZE => value.u64().map(|v| self.vmci_buffer_min_size = v),
            VMCI_BUFFER_MAX_SIZE => value.u64().map(|v| self.vmci_buffer_max_size = v),
            VMCI_CONNECT_TIMEOUT => value.int().map(|v| self.vmci_connect_timeout = v),
            // libzmq stores the PEM texts unchecked, any length, NULL meaning empty.
            WSS_KEY_PEM => value.blob().map(|b| self.wss_key_pem = b),
            WSS_CERT_PEM => value.blob().map(|b| self.wss_cert_pem = b),
            WSS_TRUST_PEM => value.blob().map(|b| self.wss_trust_pem = b),
            WSS_HOSTNAME => value.blob().map(|b| self.wss_hostname = b),
            WSS_TRUST_SYSTEM => value.bool_strict().map(|b| self.wss_trust_system = b),
            _ => return None,
        };
        Some(result)
    }

    /// Read a transport option; `None` if `option` is not one. The WSS options are
    /// write-only in libzmq and so absent here.
    pub(super) fn get(&self, option: i32, out: &mut [u8]) -> Option<Result<usize>> {
        let result = match option {
            RATE => put_int(out, self.rate),
            RECOVERY_IVL => put_int(out, self.recovery_ivl),
            MULTICAST_HOPS => put_int(out, self.multicast_hops),
            MULTICAST_MAXTPDU => put_int(out, self.multicast_maxtpdu),
            MULTICAST_LOOP => put_bool(out, self.multicast_loop),
            NORM_MODE => put_int(out, self.norm_mode),
            NORM_UNICAST_NACK => put_bool(out, self.norm_unicast_nack),
            NORM_BUFFER_SIZE => put_int(out, self.norm_buffer_size),
            NORM_SEGMENT_SIZE => put_int(out, self.norm_segment_size),
            NORM_BLOCK_SIZE => put_int(out, self.norm_block_size),
            NORM_NUM_PARITY => put_int(out, self.norm_num_parity),
            NORM_NUM_AUTOPARITY => put_int(out, self.norm_num_autoparity),
            NORM_PUSH => put_bool(out, self.norm_push),
            VMCI_BUFFER_SIZE => put_u64(out, self.vmci_buffer_size),
            VMCI_BUFFER_MIN_SIZE => put_u64(out, self.vmci_buffer_min_size),
            VMCI_BUFFER_MAX_SIZE => put_u64(out, self.vmci_buffer_max_size),
            VMCI_CONNECT_TIMEOUT => put_int(out, self.vmci_connect_timeout),
            _ => return None,
        };
        Some(result)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    fn set_int(t: &mut TransportOptions, option: i32, v: i32) -> Result<()> {
        t.set(option, Value(Some(&v.to_ne_bytes())))
            .expect("a transport option")
    }

    #[test]
    fn norm_ranges() {
        let mut t = TransportOptions::default();
        assert_eq!(set_int(&mut t, NORM_MODE, 5), Err(Error::Invalid));
        set_int(&mut t, NORM_MODE, 0).unwrap();
        assert_eq!(set_int(&mut t, NORM_BLOCK_SIZE, 256), Err(Error::Invalid));
        assert_eq!(set_int(&mut t, NORM_BLOCK_SIZE, 0), Err(Error::Invalid));
        set_int(&mut t, NORM_BLOCK_SIZE, 255).unwrap();
        assert_eq!(set_int(&mut t, NORM_NUM_PARITY, 255), Err(Error::Invalid));
        assert_eq!(set_int(&mut t, NORM_NUM_PARITY, 0), Err(Error::Invalid));
        set_int(&mut t, NORM_NUM_AUTOPARITY, 0).unwrap();
        assert_eq!(set_int(&mut t, NORM_UNICAST_NACK, 2), Err(Error::Invalid));
        assert_eq!((t.norm_mode, t.norm_block_size), (0, 255));
    }

    #[test]
    fn multicast_ranges_and_relaxed_loop() {
        let mut t = TransportOptions::default();
        assert_eq!(set_int(&mut t, RATE, 0), Err(Error::Invalid));
        assert_eq!(set_int(&mut t, MULTICAST_HOPS, 0), Err(Error::Invalid));
        assert_eq!(set_int(&mut t, MULTICAST_MAXTPDU, 0), Err(Error::Invalid));
        assert_eq!(set_int(&mut t, RECOVERY_IVL, -1), Err(Error::Invalid));
        set_int(&mut t, MULTICAST_LOOP, 0).unwrap();
        assert!(!t.multicast_loop);
        set_int(&mut t, MULTICAST_LOOP, 7).unwrap();
        assert!(t.multicast_loop);
    }

    #[test]
    fn vmci_sizes_are_eight_bytes_and_wss_is_write_only() {
        let mut t = TransportOptions::default();
        assert_eq!(set_int(&mut t, VMCI_BUFFER_SIZE, 4), Err(Error::Invalid));
        t.set(VMCI_BUFFER_SIZE, Value(Some(&9u64.to_ne_bytes())))
            .unwrap()
            .unwrap();
        let mut out = [0u8; 8];
        assert_eq!(t.get(VMCI_BUFFER_SIZE, &mut out), Some(Ok(8)));
        assert_eq!(u64::from_ne_bytes(out), 9);
        assert_eq!(
            t.get(VMCI_BUFFER_SIZE, &mut [0u8; 4]),
            Some(Err(Error::Invalid))
        );
        t.set(WSS_HOSTNAME, Value(Some(b"example.org")))
            .unwrap()
            .unwrap();
        assert_eq!(t.wss_hostname, b"example.org");
        t.set(WSS_HOSTNAME, Value(None)).unwrap().unwrap();
        assert!(t.wss_hostname.is_empty());
        assert_eq!(t.get(WSS_HOSTNAME, &mut [0u8; 64]), None);
    }
}

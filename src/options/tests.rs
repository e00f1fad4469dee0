//! Whole-table tests of [`Options`]: every option of the 4.3.5 ABI list, its default,
//! a set/get round trip, its size checks, its range, and its read/write direction.

use super::*;

/// Socket types used below.
const DEALER: i32 = 5;
const ROUTER: i32 = 6;
const REQ: i32 = 3;
const XPUB: i32 = 9;
const XSUB: i32 = 10;
const STREAM: i32 = 11;

/// Every option number in `shared/abi/socket_options.txt` (aliases share numbers).
const ABI_OPTIONS: &[i32] = &[
    4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 23, 24, 25, 27, 28, 31, 32, 33,
    34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57,
    58, 59, 60, 61, 62, 63, 64, 65, 66, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 84,
    85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106,
    107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124,
];

const ONE: [u8; 4] = 1i32.to_ne_bytes();

/// What an option is, for the table.
#[derive(Clone, Copy, Debug)]
enum Kind {
    /// An `int`: its default, a valid other value, and out-of-range values.
    Int {
        default: i32,
        good: i32,
        bad: &'static [i32],
    },
    /// An `int` flag read back as 0/1; relaxed ones take any value as true.
    Flag { default: bool, relaxed: bool },
    /// An `int64_t`.
    I64 { default: i64 },
    /// A `uint64_t`.
    U64 { default: u64 },
    /// A string read back NUL-terminated; `max` is the longest accepted value.
    Text { max: usize },
    /// A CURVE key.
    Key,
    /// `ZMQ_ROUTING_ID`.
    Blob,
    /// Settable, not readable; `exact` when any other size than the sample's is invalid.
    WriteOnly { sample: &'static [u8], exact: bool },
    /// Readable `int`, not settable.
    ReadOnly { default: i32 },
    /// `ZMQ_LAST_ENDPOINT`.
    ReadOnlyText,
    /// Answered by the socket itself.
    Live,
    /// Not a socket option at all.
    Unknown,
}

use Kind::*;

fn write_only(sample: &'static [u8], exact: bool) -> Kind {
    WriteOnly { sample, exact }
}

/// The table: option, a socket type that takes it, its kind.
fn case(option: i32) -> (i32, Kind) {
    let int = |default, good, bad| (DEALER, Int { default, good, bad });
    let flag = |default, relaxed| (DEALER, Flag { default, relaxed });
    let write = |socket, sample| (socket, write_only(sample, false));
    let write_int = |socket| (socket, write_only(&ONE, true));
    match option {
        AFFINITY => (DEALER, U64 { default: 0 }),
        ROUTING_ID => (DEALER, Blob),
        SUBSCRIBE | UNSUBSCRIBE | RCVMORE | FD | EVENTS | THREAD_SAFE | TOPICS_COUNT => {
            (DEALER, Live)
        }
        RATE => int(100, 50, &[0, -1]),
        RECOVERY_IVL => int(10_000, 0, &[-1]),
        SNDBUF | RCVBUF => int(-1, 65_536, &[-2]),
        TYPE => (DEALER, ReadOnly { default: DEALER }),
        LINGER => int(-1, 0, &[-2, i32::MIN]),
        RECONNECT_IVL => int(100, -1, &[-2]),
        BACKLOG => int(100, 0, &[-1]),
        RECONNECT_IVL_MAX => int(0, 5000, &[-1]),
        MAXMSGSIZE => (DEALER, I64 { default: -1 }),
        SNDHWM | RCVHWM => int(1000, 0, &[-1]),
        MULTICAST_HOPS => int(1, 5, &[0]),
        RCVTIMEO | SNDTIMEO => int(-1, 250, &[-2]),
        IPV4ONLY => flag(true, false),
        LAST_ENDPOINT => (DEALER, ReadOnlyText),
        TCP_KEEPALIVE => int(-1, 1, &[2, -2]),
        TCP_KEEPALIVE_CNT | TCP_KEEPALIVE_IDLE | TCP_KEEPALIVE_INTVL => int(-1, 5, &[-2]),
        TCP_ACCEPT_FILTER => write(DEALER, b"127.0.0.1"),
        IMMEDIATE | IPV6 | PLAIN_SERVER | CURVE_SERVER | CONFLATE | GSSAPI_SERVER
        | GSSAPI_PLAINTEXT | NORM_UNICAST_NACK | NORM_PUSH => flag(false, false),
        MECHANISM => (DEALER, ReadOnly { default: 0 }),
        PLAIN_USERNAME
        | PLAIN_PASSWORD
        | ZAP_DOMAIN
        | GSSAPI_PRINCIPAL
        | GSSAPI_SERVICE_PRINCIPAL
        | SOCKS_USERNAME
        | SOCKS_PASSWORD => (DEALER, Text { max: 255 }),
        CURVE_PUBLICKEY | CURVE_SECRETKEY | CURVE_SERVERKEY => (DEALER, Key),
        ROUTER_MANDATORY | ROUTER_RAW | ROUTER_HANDOVER => write_int(ROUTER),
        PROBE_ROUTER => write_int(DEALER),
        REQ_CORRELATE | REQ_RELAXED => write_int(REQ),
        XPUB_VERBOSE | XPUB_VERBOSER | XPUB_NODROP | XPUB_MANUAL | XPUB_MANUAL_LAST_VALUE => {
            write_int(XPUB)
        }
        ONLY_FIRST_SUBSCRIBE | XSUB_VERBOSE_UNSUBSCRIBE => write_int(XSUB),
        STREAM_NOTIFY => write_int(STREAM),
        XPUB_WELCOME_MSG => write(XPUB, b"welcome"),
        CONNECT_ROUTING_ID => write(ROUTER, b"peer"),
        IPC_FILTER_PID | IPC_FILTER_UID | IPC_FILTER_GID | WSS_TRUST_SYSTEM => write_int(DEALER),
        BUSY_POLL => write_int(DEALER),
        TOS => int(0, 0x28, &[-1]),
        HANDSHAKE_IVL => int(30_000, 0, &[-1]),
        SOCKS_PROXY => (DEALER, Text { max: usize::MAX }),
        BLOCKY => (DEALER, Unknown),
        INVERT_MATCHING | ZAP_ENFORCE_DOMAIN | LOOPBACK_FASTPATH => flag(false, true),
        MULTICAST_LOOP => flag(true, true),
        HEARTBEAT_IVL => int(0, 1000, &[-1]),
        HEARTBEAT_TTL => int(0, 6_553_500, &[6_553_600, -100]),
        HEARTBEAT_TIMEOUT => int(-1, 5000, &[-1]),
        CONNECT_TIMEOUT | TCP_MAXRT => int(0, 100, &[-1]),
        MULTICAST_MAXTPDU => int(1500, 9000, &[0]),
        VMCI_BUFFER_SIZE => (DEALER, U64 { default: 65_546 }),
        VMCI_BUFFER_MIN_SIZE => (DEALER, U64 { default: 128 }),
        VMCI_BUFFER_MAX_SIZE => (DEALER, U64 { default: 262_144 }),
        VMCI_CONNECT_TIMEOUT => int(-1, 1000, &[]),
        USE_FD => int(-1, 3, &[-2]),
        GSSAPI_PRINCIPAL_NAMETYPE | GSSAPI_SERVICE_PRINCIPAL_NAMETYPE => int(0, 2, &[3, -1]),
        BINDTODEVICE => (DEALER, Text { max: 16 }),
        METADATA => write(DEALER, b"X-key:value"),
        ROUTER_NOTIFY => (ROUTER, int(0, 3, &[4, -1]).1),
        IN_BATCH_SIZE | OUT_BATCH_SIZE => int(8192, 1, &[0]),
        WSS_KEY_PEM | WSS_CERT_PEM | WSS_TRUST_PEM | WSS_HOSTNAME => write(DEALER, b"pem"),
        RECONNECT_STOP => int(0, 5, &[]),
        HELLO_MSG | DISCONNECT_MSG | HICCUP_MSG => write(DEALER, b"hello"),
        PRIORITY => int(0, 6, &[-1]),
        NORM_MODE => int(1, 0, &[5, -1]),
        NORM_BUFFER_SIZE => int(2048, 4096, &[0]),
        NORM_SEGMENT_SIZE => int(1400, 1200, &[0]),
        NORM_BLOCK_SIZE => int(16, 255, &[0, 256]),
        NORM_NUM_PARITY => int(4, 1, &[0, 255]),
        NORM_NUM_AUTOPARITY => int(0, 254, &[255, -1]),
        other => panic!("option {other} is not in the table"),
    }
}

fn get_int(o: &Options, option: i32) -> Result<i32> {
    let mut out = [0u8; 4];
    o.get(option, &mut out)?;
    Ok(i32::from_ne_bytes(out))
}

fn get_vec(o: &Options, option: i32, cap: usize) -> Result<Vec<u8>> {
    let mut out = vec![0xAAu8; cap];
    let len = o.get(option, &mut out)?;
    Ok(out[..len].to_vec())
}

#[test]
fn every_abi_option_is_in_the_table() {
    for &option in ABI_OPTIONS {
        let _ = case(option);
    }
    let unknown = Options::new(DEALER);
    for option in [0, 1, 2, 3, 10, 20, 26, 29, 30, 67, 82, 83, 125, 1000, -1] {
        assert_eq!(
            unknown.clone().set(option, &ONE),
            Err(Error::Invalid),
            "set {option}"
        );
        assert_eq!(
            get_int(&unknown, option),
            Err(Error::Invalid),
            "get {option}"
        );
    }
}

#[test]
fn defaults_read_back() {
    for &option in ABI_OPTIONS {
        let (socket, kind) = case(option);
        let o = Options::new(socket);
        match kind {
            Int { default, .. } | ReadOnly { default } => {
                assert_eq!(get_int(&o, option), Ok(default), "{option}")
            }
            Flag { default, .. } => {
                assert_eq!(get_int(&o, option), Ok(i32::from(default)), "{option}")
            }
            I64 { default } => {
                assert_eq!(get_vec(&o, option, 8), Ok(default.to_ne_bytes().to_vec()))
            }
            U64 { default } => {
                assert_eq!(get_vec(&o, option, 8), Ok(default.to_ne_bytes().to_vec()))
            }
            Text { .. } | ReadOnlyText => {
                assert_eq!(get_vec(&o, option, 1), Ok(vec![0]), "{option}")
            }
            Key => assert_eq!(get_vec(&o, option, 32), Ok(vec![0; 32])),
            Blob => assert_eq!(get_vec(&o, option, 0), Ok(vec![])),
            WriteOnly { .. } | Live | Unknown => {}
        }
    }
}

#[test]
fn settable_options_round_trip() {
    for &option in ABI_OPTIONS {
        let (socket, kind) = case(option);
        let mut o = Options::new(socket);
        match kind {
            Int { good, .. } => {
                o.set(option, &good.to_ne_bytes()).unwrap();
                assert_eq!(get_int(&o, option), Ok(good), "{option}");
            }
            Flag { default, .. } => {
                o.set(option, &i32::from(!default).to_ne_bytes()).unwrap();
                assert_eq!(get_int(&o, option), Ok(i32::from(!default)), "{option}");
            }
            I64 { .. } => {
                o.set(option, &(-77i64).to_ne_bytes()).unwrap();
                assert_eq!(get_vec(&o, option, 8), Ok((-77i64).to_ne_bytes().to_vec()));
            }
            U64 { .. } => {
                o.set(option, &u64::MAX.to_ne_bytes()).unwrap();
                assert_eq!(get_vec(&o, option, 8), Ok(u64::MAX.to_ne_bytes().to_vec()));
            }
            Text { .. } => {
                o.set(option, b"ab").unwrap();
                assert_eq!(get_vec(&o, option, 8), Ok(b"ab\0".to_vec()), "{option}");
            }
            Key => {
                o.set(option, &[9u8; 32]).unwrap();
                assert_eq!(get_vec(&o, option, 32), Ok(vec![9; 32]));
            }
            Blob => {
                o.set(option, b"id").unwrap();
                assert_eq!(get_vec(&o, option, 2), Ok(b"id".to_vec()));
            }
            WriteOnly { sample, .. } => assert_eq!(o.set(option, sample), Ok(()), "{option}"),
            ReadOnly { .. } | ReadOnlyText | Live | Unknown => {}
        }
    }
}

#[test]
fn wrong_sizes_are_invalid() {
    for &option in ABI_OPTIONS {
        let (socket, kind) = case(option);
        let mut o = Options::new(socket);
        let before = o.clone();
        let sizes: &[usize] = match kind {
            Int { .. } | Flag { .. } | WriteOnly { exact: true, .. } => &[0, 1, 3, 5, 8],
            I64 { .. } | U64 { .. } => &[0, 4, 7, 9, 16],
            Key => &[0, 31, 33, 39, 42],
            _ => &[],
        };
        for &size in sizes {
            assert_eq!(
                o.set(option, &vec![0u8; size]),
                Err(Error::Invalid),
                "set {option} len {size}"
            );
        }
        assert_eq!(o, before, "{option} changed by a refused set");
        let get_sizes: &[usize] = match kind {
            Int { .. } | Flag { .. } | ReadOnly { .. } => &[0, 3, 5, 8],
            I64 { .. } | U64 { .. } => &[4, 7, 9, 16],
            Key => &[0, 31, 33, 40, 42],
            _ => &[],
        };
        for &size in get_sizes {
            assert_eq!(
                get_vec(&o, option, size),
                Err(Error::Invalid),
                "get {option} cap {size}"
            );
        }
    }
}

#[test]
fn out_of_range_is_invalid_and_keeps_the_value() {
    for &option in ABI_OPTIONS {
        let (socket, kind) = case(option);
        let mut o = Options::new(socket);
        let bad: Vec<i32> = match kind {
            Int { bad, .. } => bad.to_vec(),
            Flag { relaxed: false, .. } => vec![2, -1],
            _ => continue,
        };
        let before = get_int(&o, option).unwrap();
        for value in bad {
            assert_eq!(
                o.set(option, &value.to_ne_bytes()),
                Err(Error::Invalid),
                "{option} = {value}"
            );
            assert_eq!(get_int(&o, option), Ok(before), "{option}");
        }
    }
}

#[test]
fn relaxed_flags_read_back_as_one() {
    for &option in ABI_OPTIONS {
        if let (socket, Flag { relaxed: true, .. }) = case(option) {
            let mut o = Options::new(socket);
            o.set(option, &(-7i32).to_ne_bytes()).unwrap();
            assert_eq!(get_int(&o, option), Ok(1), "{option}");
        }
    }
}

#[test]
fn direction_is_enforced() {
    for &option in ABI_OPTIONS {
        let (socket, kind) = case(option);
        let mut o = Options::new(socket);
        match kind {
            ReadOnly { .. } | ReadOnlyText | Live | Unknown => {
                assert_eq!(o.set(option, &ONE), Err(Error::Invalid), "set {option}");
                assert_eq!(o.set(option, b"abc"), Err(Error::Invalid), "set {option}");
            }
            _ => {}
        }
        if matches!(kind, WriteOnly { .. } | Live | Unknown) {
            for cap in [0, 4, 8, 256] {
                assert_eq!(
                    get_vec(&o, option, cap),
                    Err(Error::Invalid),
                    "get {option}"
                );
            }
        }
    }
}

#[test]
fn strings_keep_a_counted_nul_and_need_room_for_theirs() {
    for &option in ABI_OPTIONS {
        let (socket, Text { max }) = case(option) else {
            continue;
        };
        let mut o = Options::new(socket);
        o.set(option, b"abc\0").unwrap();
        assert_eq!(get_vec(&o, option, 16), Ok(b"abc\0\0".to_vec()), "{option}");
        o.set(option, b"abc").unwrap();
        let mut out = [0xAAu8; 8];
        assert_eq!(o.get(option, &mut out), Ok(4));
        assert_eq!(
            &out, b"abc\0\0\0\0\0",
            "{option}: rest of the buffer zeroed"
        );
        assert_eq!(get_vec(&o, option, 3), Err(Error::Invalid), "{option}");
        if max < 1024 {
            assert_eq!(o.set(option, &vec![b'x'; max]), Ok(()), "{option}");
            assert_eq!(
                o.set(option, &vec![b'x'; max + 1]),
                Err(Error::Invalid),
                "{option}"
            );
        }
    }
}

#[test]
fn last_endpoint_reads_as_a_string() {
    let mut o = Options::new(DEALER);
    o.last_endpoint = "tcp://127.0.0.1:5555".into();
    assert_eq!(
        get_vec(&o, LAST_ENDPOINT, 64),
        Ok(b"tcp://127.0.0.1:5555\0".to_vec())
    );
    assert_eq!(get_vec(&o, LAST_ENDPOINT, 20), Err(Error::Invalid));
    assert_eq!(
        get_vec(&Options::new(DEALER), LAST_ENDPOINT, 0),
        Err(Error::Invalid)
    );
}

#[test]
fn routing_id_rules() {
    let mut o = Options::new(DEALER);
    assert_eq!(o.set(ROUTING_ID, b""), Err(Error::Invalid));
    assert_eq!(o.set_nullable(ROUTING_ID, None), Err(Error::Invalid));
    assert_eq!(o.set(ROUTING_ID, &[b'r'; 256]), Err(Error::Invalid));
    o.set(ROUTING_ID, &[b'r'; 255]).unwrap();
    // A leading zero byte is reserved by the documentation, but libzmq 4.3 accepts it.
    o.set(ROUTING_ID, b"\0ab").unwrap();
    let mut out = [0xAAu8; 5];
    assert_eq!(o.get(ROUTING_ID, &mut out), Ok(3));
    assert_eq!(&out, b"\0ab\0\0");
    assert_eq!(get_vec(&o, ROUTING_ID, 2), Err(Error::Invalid));
}

#[test]
fn curve_keys_z85_and_binary_sizes() {
    let z85 = b"Yne@$w-vo<fVvi]a<NY6T1ed:M$fCG*[IaLV{hID";
    let mut o = Options::new(DEALER);
    o.set(CURVE_SERVERKEY, z85).unwrap();
    assert_eq!(get_int(&o, MECHANISM), Ok(2));
    let text = get_vec(&o, CURVE_SERVERKEY, 41).unwrap();
    assert_eq!((&text[..40], text[40]), (&z85[..], 0));
    let binary = get_vec(&o, CURVE_SERVERKEY, 32).unwrap();
    let mut with_nul = z85.to_vec();
    with_nul.push(0);
    o.set(CURVE_PUBLICKEY, &with_nul).unwrap();
    assert_eq!(get_vec(&o, CURVE_PUBLICKEY, 32), Ok(binary));
}

#[test]
fn mechanism_follows_the_last_security_setting() {
    let mut o = Options::new(DEALER);
    o.set(PLAIN_USERNAME, b"admin").unwrap();
    assert_eq!(get_int(&o, MECHANISM), Ok(1));
    assert_eq!(o.set(PLAIN_PASSWORD, b""), Err(Error::Invalid));
    o.set_nullable(PLAIN_PASSWORD, None).unwrap();
    assert_eq!(get_int(&o, MECHANISM), Ok(0));
    o.set(PLAIN_SERVER, &ONE).unwrap();
    assert_eq!(
        (get_int(&o, MECHANISM), get_int(&o, PLAIN_SERVER)),
        (Ok(1), Ok(1))
    );
    o.set(CURVE_SERVER, &ONE).unwrap();
    assert_eq!(
        (get_int(&o, MECHANISM), get_int(&o, PLAIN_SERVER)),
        (Ok(2), Ok(0))
    );
    o.set(GSSAPI_PRINCIPAL, b"me").unwrap();
    assert_eq!(get_int(&o, MECHANISM), Ok(3));
    o.set(PLAIN_SERVER, &0i32.to_ne_bytes()).unwrap();
    assert_eq!(get_int(&o, MECHANISM), Ok(0));
}

#[test]
fn pattern_options_only_on_their_socket_types() {
    for &option in ABI_OPTIONS {
        let Some(types) = accepted_socket_types(option) else {
            continue;
        };
        let (_, kind) = case(option);
        let sample: &[u8] = match kind {
            WriteOnly { sample, .. } => sample,
            _ => &ONE,
        };
        for socket in 0..=20 {
            let result = Options::new(socket).set(option, sample);
            let expected = if types.contains(&socket) {
                Ok(())
            } else {
                Err(Error::Invalid)
            };
            assert_eq!(result, expected, "option {option} on socket type {socket}");
        }
    }
}

#[test]
fn metadata_properties() {
    let mut o = Options::new(DEALER);
    o.set(METADATA, b"X-color:blue").unwrap();
    o.set(METADATA, b"X-color:red").unwrap();
    o.set(METADATA, b"X-a:b:c").unwrap();
    o.set(METADATA, b"X-:v").unwrap();
    for bad in [&b"Y-a:b"[..], b"x-a:b", b"X-a:", b"X-ab", b":X-ab", b""] {
        assert_eq!(o.set(METADATA, bad), Err(Error::Invalid), "{bad:?}");
    }
    let mut long_name = b"X-".to_vec();
    long_name.extend_from_slice(&[b'n'; 254]);
    long_name.extend_from_slice(b":v");
    assert_eq!(o.set(METADATA, &long_name), Err(Error::Invalid));
    let names: Vec<&[u8]> = o.metadata.iter().map(|(n, _)| n.as_slice()).collect();
    assert_eq!(names, vec![&b"X-color"[..], b"X-a", b"X-"]);
    assert_eq!(o.metadata[0].1, b"blue");
    assert_eq!(o.metadata[1].1, b"b:c");
}

#[test]
fn accept_filter_uses_the_ipv6_setting_at_set_time() {
    let mut o = Options::new(DEALER);
    assert_eq!(o.set(TCP_ACCEPT_FILTER, b"::1"), Err(Error::Invalid));
    o.set(IPV6, &ONE).unwrap();
    o.set(TCP_ACCEPT_FILTER, b"::1").unwrap();
    o.set(TCP_ACCEPT_FILTER, b"10.0.0.0/8").unwrap();
    assert_eq!(o.connection.tcp_accept_filters.len(), 2);
    assert_eq!(o.set(TCP_ACCEPT_FILTER, b""), Err(Error::Invalid));
    o.set_nullable(TCP_ACCEPT_FILTER, None).unwrap();
    assert!(o.connection.tcp_accept_filters.is_empty());
}

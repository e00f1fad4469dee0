//! tcp:// and ipc:// end to end, through the engine's public API: PAIR and
//! PUSH/PULL in both directions, sizes from 1 B to 1 MiB, multipart, order over
//! 10,000 messages, connect before bind, reconnection after the peer goes and comes
//! back, refused socket types, linger, metadata and endpoint errors.

use oxzmq::{Context, Error, Msg, Socket};

const PAIR: i32 = 0;
const PULL: i32 = 7;
const PUSH: i32 = 8;
const LINGER: i32 = 17;
const RCVTIMEO: i32 = 27;
const SNDTIMEO: i32 = 28;
const LAST_ENDPOINT: i32 = 32;

fn set_int(socket: &mut Socket, option: i32, value: i32) {
    socket
        .set_option(option, Some(&value.to_ne_bytes()))
        .unwrap();
}

fn last_endpoint(socket: &mut Socket) -> String {
    let mut buf = [0u8; 256];
    let n = socket.get_option(LAST_ENDPOINT, &mut buf).unwrap();
    String::from_utf8(buf[..n].strip_suffix(&[0]).unwrap_or(&buf[..n]).to_vec()).unwrap()
}

/// A socket whose blocking calls give up after 10 s (a hang fails the test).
fn socket(ctx: &Context, kind: i32) -> Socket {
    let mut s = ctx.socket(kind).unwrap();
    set_int(&mut s, RCVTIMEO, 10_000);
    set_int(&mut s, SNDTIMEO, 10_000);
    s
}

fn send(socket: &mut Socket, data: &[u8], more: bool) {
    let mut msg = Msg::from_slice(data);
    socket.send(&mut msg, if more { 2 } else { 0 }).unwrap();
}

fn recv(socket: &mut Socket) -> Msg {
    socket.recv(0).unwrap()
}

/// Bind `a` to a fresh endpoint of `transport` and return what to connect to.
fn bind_fresh(a: &mut Socket, transport: &str) -> String {
    match transport {
        "tcp" => a.bind("tcp://127.0.0.1:*").unwrap(),
        _ => a.bind("ipc://*").unwrap(),
    }
    last_endpoint(a)
}

#[test]
fn pair_round_trip_both_ways_both_binders() {
    for transport in ["tcp", "ipc"] {
        for connect_binds in [false, true] {
            let ctx = Context::new();
            let mut a = socket(&ctx, PAIR);
            let mut b = socket(&ctx, PAIR);
            let (binder, connecter) = if connect_binds {
                (&mut b, &mut a)
            } else {
                (&mut a, &mut b)
            };
            let endpoint = bind_fresh(binder, transport);
            connecter.connect(&endpoint).unwrap();
            for round in 0..3u8 {
                send(&mut a, &[round; 5], false);
                assert_eq!(recv(&mut b).data(), &[round; 5]);
                send(&mut b, &[round + 10; 7], false);
                assert_eq!(recv(&mut a).data(), &[round + 10; 7]);
            }
            drop(a);
            drop(b);
            ctx.terminate().unwrap();
        }
    }
}

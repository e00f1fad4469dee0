//! What the network I/O objects tell the socket's monitor, in libzmq's terms.
//!
//! Listeners, connecters and connection engines call these helpers at the points
//! where libzmq raises the same events, so that each of those files carries one
//! short call per event and the rules (which endpoints an event names, which value
//! it carries, which events a lost connection produces) live here:
//!
//! | event | raised by | value |
//! |---|---|---|
//! | `LISTENING`, `BIND_FAILED` | `zmq_bind` (socket thread) | listening descriptor / errno |
//! | `ACCEPTED`, `ACCEPT_FAILED` | listener | connection descriptor / errno |
//! | `CLOSED` | listener closing; a bind that failed (socket thread, before `BIND_FAILED`); connecter dropping a failed connect | descriptor |
//! | `CONNECT_DELAYED` | connecter, connect under way | `EINPROGRESS` |
//! | `CONNECT_RETRIED` | connecter, next attempt scheduled | wait in ms |
//! | `CONNECTED` | connecter | connection descriptor |
//! | `HANDSHAKE_SUCCEEDED` | engine | 0 |
//! | `HANDSHAKE_FAILED_PROTOCOL` / `_AUTH` / `_NO_DETAIL` | engine, before the handshake completed | `ZMQ_PROTOCOL_ERROR_*` / ZAP status / errno |
//! | `HANDSHAKE_FAILED_AUTH` | a security mechanism (ZAP), through [`handshake_failed_auth`] | ZAP status code |
//! | `DISCONNECTED` | engine, connection lost (not when the socket let it go) | descriptor |

use std::net::SocketAddr;

use super::Setup;
use super::connection::End;
use super::stream::Stream;
use crate::monitor::event::{self, int_value};
use crate::monitor::{Endpoints, Monitor, Role};
use crate::zmtp::HandshakeReport;

/// How libzmq names an unnamed Unix-domain socket.
const UNNAMED_IPC: &str = "ipc://";

/// `tcp://` and the address as libzmq prints it (`[v6]:port` for IPv6).
fn tcp_uri(addr: SocketAddr) -> String {
    format!("tcp://{addr}")
}

/// The endpoints of a connection: for TCP the real local address and, for an
/// accepted one, the peer's; a connect names its peer by the endpoint it connected
/// to; IPC connections name the socket's endpoint and the unnamed side `ipc://`.
pub fn connection_endpoints(stream: &Stream, setup: &Setup, role: Role) -> Endpoints {
    let (mut local, mut remote) = (String::new(), String::new());
    match stream {
        Stream::Tcp(tcp) => {
            local = tcp.local_addr().map(tcp_uri).unwrap_or_default();
            if role == Role::Bind {
                remote = tcp.peer_addr().map(tcp_uri).unwrap_or_default();
            }
        }
        // The connecting side of a Unix-domain connection has no name: libzmq
        // prints it as a bare `ipc://`.
        Stream::Ipc(_) => match role {
            Role::Bind => (local, remote) = (setup.endpoint.clone(), UNNAMED_IPC.into()),
            Role::Connect => local = UNNAMED_IPC.into(),
            Role::None => {}
        },
    }
    if role == Role::Connect {
        remote = setup.endpoint.clone();
    }
    Endpoints {
        local,
        remote,
        role,
    }
}

/// An event about a descriptor (its number is the value).
pub fn fd_event(setup: &Setup, event: u64, fd: i32, endpoints: &Endpoints) {
    setup
        .socket
        .monitor
        .emit_one(event, int_value(fd), endpoints);
}

/// An event about a failure (its errno is the value).
pub fn error_event(setup: &Setup, event: u64, errno: i32, endpoints: &Endpoints) {
    setup
        .socket
        .monitor
        .emit_one(event, int_value(errno), endpoints);
}

/// A connection's handshake succeeded.
pub fn handshake_succeeded(setup: &Setup, endpoints: &Endpoints) {
    setup
        .socket
        .monitor
        .emit_one(event::HANDSHAKE_SUCCEEDED, 0, endpoints);
}

/// Authentication failed with ZAP status `status_code` (300, 400 or 500): for the
/// security mechanisms, which report it before the connection ends.
pub fn handshake_failed_auth(setup: &Setup, endpoints: &Endpoints, status_code: u32) {
    setup.socket.monitor.emit_one(
        event::HANDSHAKE_FAILED_AUTH,
        u64::from(status_code),
        endpoints,
    );
}

/// A connection ended for `why`: a failed handshake is reported first (as libzmq
/// reports it: see [`ProtocolError::handshake_report`](crate::zmtp::ProtocolError::handshake_report)),
/// then the loss of the connection. A connection the socket let go
/// (`End::Finished`) raises nothing, as in libzmq.
pub fn connection_ended(
    monitor: &Monitor,
    endpoints: &Endpoints,
    fd: i32,
    handshake_done: bool,
    why: &End,
) {
    let failure = match why {
        End::Finished => return,
        _ if handshake_done => None,
        End::Protocol(err) => match err.handshake_report() {
            HandshakeReport::Protocol(code) => {
                Some((event::HANDSHAKE_FAILED_PROTOCOL, u64::from(code)))
            }
            HandshakeReport::Auth(status) => {
                Some((event::HANDSHAKE_FAILED_AUTH, u64::from(status)))
            }
            HandshakeReport::NoDetail(errno) => {
                Some((event::HANDSHAKE_FAILED_NO_DETAIL, int_value(errno)))
            }
            HandshakeReport::Silent => None,
        },
        // libzmq reports a peer that closed during the handshake as EPIPE.
        End::PeerClosed => Some((event::HANDSHAKE_FAILED_NO_DETAIL, int_value(libc::EPIPE))),
        End::Io(err) => Some((
            event::HANDSHAKE_FAILED_NO_DETAIL,
            int_value(err.raw_os_error().unwrap_or(libc::EIO)),
        )),
    };
    if let Some((event, value)) = failure {
        monitor.emit_one(event, value, endpoints);
    }
    monitor.emit_one(event::DISCONNECTED, int_value(fd), endpoints);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Context;
    use crate::monitor::Version;
    use crate::socket::Socket;
    use crate::zmtp::ProtocolError;

    fn watched(name: &str) -> (Monitor, Socket) {
        let ctx = Context::new();
        let mut publisher = ctx.socket(0).unwrap();
        publisher.bind(name).unwrap();
        let mut reader = ctx.socket(0).unwrap();
        reader.connect(name).unwrap();
        let monitor = Monitor::default();
        monitor.start(publisher, event::ALL_V1, Version::V1);
        (monitor, reader)
    }

    /// The next event's id and value (version 1).
    fn next(reader: &mut Socket) -> (u16, u32) {
        let head = reader.recv(0).unwrap();
        let endpoint = reader.recv(0).unwrap();
        assert!(!endpoint.more());
        let d = head.data();
        (
            u16::from_ne_bytes([d[0], d[1]]),
            u32::from_ne_bytes([d[2], d[3], d[4], d[5]]),
        )
    }

    #[test]
    fn a_failed_handshake_is_reported_before_the_loss() {
        let (monitor, mut reader) = watched("inproc://ended-1");
        let e = Endpoints::bound("tcp://127.0.0.1:1");
        let bad = End::Protocol(ProtocolError::UnexpectedCommand);
        connection_ended(&monitor, &e, 12, false, &bad);
        assert_eq!(next(&mut reader), (0x2000, 0x1000_0001));
        assert_eq!(next(&mut reader), (0x0200, 12));
        connection_ended(&monitor, &e, 13, false, &End::PeerClosed);
        assert_eq!(next(&mut reader), (0x0800, libc::EPIPE as u32));
        assert_eq!(next(&mut reader), (0x0200, 13));
        let timeout = End::Protocol(ProtocolError::HandshakeTimeout);
        connection_ended(&monitor, &e, 14, false, &timeout);
        assert_eq!(next(&mut reader), (0x0800, libc::EAGAIN as u32));
        assert_eq!(next(&mut reader), (0x0200, 14));
        // A ZAP status in the peer's ERROR: an authentication failure.
        let refused = End::Protocol(ProtocolError::PeerError(b"400".to_vec()));
        connection_ended(&monitor, &e, 17, false, &refused);
        assert_eq!(next(&mut reader), (0x4000, 400));
        assert_eq!(next(&mut reader), (0x0200, 17));
        // Bad metadata: libzmq reports the loss alone.
        connection_ended(
            &monitor,
            &e,
            18,
            false,
            &End::Protocol(ProtocolError::InvalidMetadata),
        );
        assert_eq!(next(&mut reader), (0x0200, 18));
        // After the handshake: the loss alone; a connection let go: nothing.
        connection_ended(&monitor, &e, 15, true, &End::PeerClosed);
        connection_ended(&monitor, &e, 16, true, &End::Finished);
        assert_eq!(next(&mut reader), (0x0200, 15));
        drop(monitor.stop());
        assert_eq!(next(&mut reader), (0x0400, 0));
    }
}

//! The byte stream under one connection: a non-blocking TCP or Unix-domain socket,
//! with the few operations the engine needs (batched reads into the session's buffer,
//! `writev`, the peer's address, option tuning).

use std::io::{self, IoSlice, Read};
use std::os::fd::{AsRawFd, RawFd};

use bytes::BytesMut;
use mio::event::Source;
use mio::net::{TcpStream, UnixStream};
use mio::{Interest, Registry, Token};

use crate::options::Options;
use crate::sys::net::{peer_credentials, read_spare, send_vectored, set_int_option};

/// A connected, non-blocking stream socket.
#[derive(Debug)]
pub enum Stream {
    /// `tcp://`.
    Tcp(TcpStream),
    /// `ipc://`.
    Ipc(UnixStream),
}

impl Stream {
    /// The descriptor (what `ZMQ_SRCFD` reports).
    pub fn fd(&self) -> RawFd {
        match self {
            Stream::Tcp(s) => s.as_raw_fd(),
            Stream::Ipc(s) => s.as_raw_fd(),
        }
    }

    /// Read what is there (up to `max` bytes) onto the end of `buf`, whose spare
    /// capacity the caller reserved. 0 is end of stream.
    pub fn read_into(&self, buf: &mut BytesMut, max: usize) -> io::Result<usize> {
        read_spare(self.fd(), buf, max)
    }

    /// Read what is there, up to `buf.len()` bytes, into `buf`. 0 is end of stream.
    pub fn read_slice(&self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            let read = match self {
                Stream::Tcp(s) => (&*s).read(buf),
                Stream::Ipc(s) => (&*s).read(buf),
            };
            match read {
                Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
                other => return other,
            }
        }
    }

    /// Write `slices` in one vectored send (no `SIGPIPE` if the peer is gone).
    pub fn write_vectored(&mut self, slices: &[IoSlice<'_>]) -> io::Result<usize> {
        send_vectored(self.fd(), slices)
    }

    /// A pending socket error (a failed non-blocking connect reports here).
    pub fn take_error(&self) -> io::Result<Option<io::Error>> {
        match self {
            Stream::Tcp(s) => s.take_error(),
            Stream::Ipc(s) => s.take_error(),
        }
    }

    /// Whether a non-blocking connect has completed: the peer's address is known.
    pub fn is_connected(&self) -> bool {
        match self {
            Stream::Tcp(s) => s.peer_addr().is_ok(),
            Stream::Ipc(s) => s.peer_addr().is_ok(),
        }
    }

    /// The `Peer-Address` property: the peer's IP address for TCP; for IPC what
    /// libzmq reports, `localhost:uid:gid:pid` of the peer process. `None` when
    /// unknown.
    pub fn peer_address(&self) -> Option<String> {
        match self {
            Stream::Tcp(s) => s.peer_addr().ok().map(|addr| match addr.ip() {
                std::net::IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                    Some(v4) => v4.to_string(),
                    None => v6.to_string(),
                },
                v4 => v4.to_string(),
            }),
            Stream::Ipc(s) => peer_credentials(s.as_raw_fd())
                .map(|(pid, uid, gid)| format!("localhost:{uid}:{gid}:{pid}")),
        }
    }

    /// Apply the socket's OS-level options to an established connection, as libzmq
    /// does: on TCP only, `TCP_NODELAY` always, `ZMQ_TOS` and `ZMQ_PRIORITY` (an
    /// accepted socket does not inherit them), the keepalives and `ZMQ_TCP_MAXRT`.
    /// The buffer sizes were set before `listen`/`connect` (an accepted socket
    /// inherits them from its listener). IPC connections are left as they are.
    /// Failures are ignored, as libzmq ignores most of them.
    pub fn tune(&self, options: &Options) {
        let fd = self.fd();
        let connection = &options.connection;
        let set = |level, name, value| {
            let _ = set_int_option(fd, level, name, value);
        };
        let Stream::Tcp(tcp) = self else {
            return;
        };
        let ipv6 = tcp.local_addr().is_ok_and(|addr| addr.is_ipv6());
        crate::transport::tcp::set_tos_and_priority(fd, ipv6, connection);
        let _ = tcp.set_nodelay(true);
        if connection.tcp_keepalive >= 0 {
            set(
                libc::SOL_SOCKET,
                libc::SO_KEEPALIVE,
                connection.tcp_keepalive,
            );
            if connection.tcp_keepalive_cnt > 0 {
                set(
                    libc::IPPROTO_TCP,
                    libc::TCP_KEEPCNT,
                    connection.tcp_keepalive_cnt,
                );
            }
            if connection.tcp_keepalive_idle > 0 {
                set(
                    libc::IPPROTO_TCP,
                    libc::TCP_KEEPIDLE,
                    connection.tcp_keepalive_idle,
                );
            }
            if connection.tcp_keepalive_intvl > 0 {
                set(
                    libc::IPPROTO_TCP,
                    libc::TCP_KEEPINTVL,
                    connection.tcp_keepalive_intvl,
                );
            }
        }
        if connection.tcp_maxrt > 0 {
            set(
                libc::IPPROTO_TCP,
                libc::TCP_USER_TIMEOUT,
                connection.tcp_maxrt,
            );
        }
    }
}

impl Source for Stream {
    fn register(
        &mut self,
        registry: &Registry,
        token: Token,
        interests: Interest,
    ) -> io::Result<()> {
        match self {
            Stream::Tcp(s) => s.register(registry, token, interests),
            Stream::Ipc(s) => s.register(registry, token, interests),
        }
    }

    fn reregister(
        &mut self,
        registry: &Registry,
        token: Token,
        interests: Interest,
    ) -> io::Result<()> {
        match self {
            Stream::Tcp(s) => s.reregister(registry, token, interests),
            Stream::Ipc(s) => s.reregister(registry, token, interests),
        }
    }

    fn deregister(&mut self, registry: &Registry) -> io::Result<()> {
        match self {
            Stream::Tcp(s) => s.deregister(registry),
            Stream::Ipc(s) => s.deregister(registry),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn ipc_pair_reads_writes_and_knows_the_peer() {
        let (a, b) = std::os::unix::net::UnixStream::pair().unwrap();
        a.set_nonblocking(true).unwrap();
        let mut stream = Stream::Ipc(UnixStream::from_std(a));
        stream.tune(&Options::new(0));
        let n = stream
            .write_vectored(&[IoSlice::new(b"ab"), IoSlice::new(b"cd")])
            .unwrap();
        assert_eq!(n, 4);
        let mut got = [0u8; 4];
        (&b).read_exact(&mut got).unwrap();
        assert_eq!(&got, b"abcd");
        let address = stream.peer_address().unwrap();
        assert!(
            address.ends_with(&format!(":{}", std::process::id())),
            "{address}"
        );
        assert!(stream.is_connected());
        assert!(stream.take_error().unwrap().is_none());
        let mut buf = BytesMut::with_capacity(16);
        assert_eq!(
            stream.read_into(&mut buf, 16).unwrap_err().kind(),
            io::ErrorKind::WouldBlock
        );
    }

    #[test]
    fn tcp_peer_address_is_the_ip_alone() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let client = std::net::TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let _server = listener.accept().unwrap();
        let stream = Stream::Tcp(TcpStream::from_std(client));
        let mut options = Options::new(0);
        options.connection.sndbuf = 1 << 16;
        options.connection.tcp_keepalive = 1;
        options.connection.tcp_keepalive_idle = 30;
        stream.tune(&options);
        assert_eq!(stream.peer_address().as_deref(), Some("127.0.0.1"));
    }
}

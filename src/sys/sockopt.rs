//! Stream sockets made by hand, for the options that must be set before `bind`,
//! `listen` or `connect` (`SO_BINDTODEVICE`, `IP_TOS`, the buffer sizes, the listen
//! backlog, a source address for a connect), and the socket options read back and
//! written on live descriptors.
//!
//! `std` and `mio` create and bind or connect in one call, with no way in between;
//! this file opens the socket (non-blocking, close-on-exec), leaves the caller to set
//! options, and then binds, listens or connects. The descriptors are returned as
//! [`OwnedFd`], which `std` turns into listeners and streams without `unsafe`.

use std::io;
use std::mem::{size_of, zeroed};
use std::net::SocketAddr;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};

/// The address family of a descriptor, from `getsockname`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Family {
    /// `AF_INET` or `AF_INET6`.
    Inet,
    /// `AF_UNIX`.
    Unix,
    /// Anything else.
    Other,
}

/// A libc result: `-1` becomes the `errno` error.
fn check(rc: libc::c_int) -> io::Result<libc::c_int> {
    if rc == -1 {
        Err(io::Error::last_os_error())
    } else {
        Ok(rc)
    }
}

/// A new non-blocking, close-on-exec TCP socket of `addr`'s family.
pub fn tcp_socket(addr: &SocketAddr) -> io::Result<OwnedFd> {
    let family = match addr {
        SocketAddr::V4(_) => libc::AF_INET,
        SocketAddr::V6(_) => libc::AF_INET6,
    };
    let kind = libc::SOCK_STREAM | libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC;
    // SAFETY: socket(2) takes no pointers.
    let fd = check(unsafe { libc::socket(family, kind, 0) })?;
    // SAFETY: `fd` was just returned by socket(2) and nothing else owns it.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// A `sockaddr_storage` holding `addr`, and its length.
fn raw_address(addr: &SocketAddr) -> (libc::sockaddr_storage, libc::socklen_t) {
    // SAFETY: an all-zero sockaddr_storage is valid (family AF_UNSPEC).
    let mut storage: libc::sockaddr_storage = unsafe { zeroed() };
    let len = match addr {
        SocketAddr::V4(v4) => {
            // SAFETY: sockaddr_storage is larger than and aligned for sockaddr_in.
            let sin = unsafe { &mut *(&mut storage as *mut _ as *mut libc::sockaddr_in) };
            sin.sin_family = libc::AF_INET as libc::sa_family_t;
            sin.sin_port = v4.port().to_be();
            sin.sin_addr.s_addr = u32::from(*v4.ip()).to_be();
            size_of::<libc::sockaddr_in>()
        }
        SocketAddr::V6(v6) => {
            // SAFETY: sockaddr_storage is larger than and aligned for sockaddr_in6.
            let sin6 = unsafe { &mut *(&mut storage as *mut _ as *mut libc::sockaddr_in6) };
            sin6.sin6_family = libc::AF_INET6 as libc::sa_family_t;
            sin6.sin6_port = v6.port().to_be();
            sin6.sin6_flowinfo = v6.flowinfo();
            sin6.sin6_addr.s6_addr = v6.ip().octets();
            sin6.sin6_scope_id = v6.scope_id();
            size_of::<libc::sockaddr_in6>()
        }
    };
    (storage, len as libc::socklen_t)
}

/// `bind(2)` the socket to `addr`.
pub fn bind(fd: &OwnedFd, addr: &SocketAddr) -> io::Result<()> {
    let (storage, len) = raw_address(addr);
    // SAFETY: `storage` holds a valid socket address of `len` bytes.
    check(unsafe {
        libc::bind(
            fd.as_raw_fd(),
            (&storage as *const libc::sockaddr_storage).cast(),
            len,
        )
    })?;
    Ok(())
}

/// `listen(2)` with `backlog` waiting connections.
pub fn listen(fd: &OwnedFd, backlog: i32) -> io::Result<()> {
    // SAFETY: listen(2) takes no pointers.
    check(unsafe { libc::listen(fd.as_raw_fd(), backlog) })?;
    Ok(())
}

/// Start a non-blocking `connect(2)` to `addr`: `Ok` when it completed or is under
/// way (`EINPROGRESS`); the outcome is read later with `SO_ERROR`.
pub fn connect(fd: &OwnedFd, addr: &SocketAddr) -> io::Result<()> {
    let (storage, len) = raw_address(addr);
    // SAFETY: `storage` holds a valid socket address of `len` bytes.
    unsafe { connect_raw(fd, &storage, len) }
}

/// `connect(2)` to the address in `addr`, retried on `EINTR`: `Ok` when it completed
/// or is under way (`EINPROGRESS`), any other error as it came.
///
/// # Safety
/// `addr` is a socket address structure (`sockaddr_in`, `sockaddr_un`...) whose first
/// `len` bytes are a valid address of the socket's family.
pub(super) unsafe fn connect_raw<A>(
    fd: &OwnedFd,
    addr: &A,
    len: libc::socklen_t,
) -> io::Result<()> {
    loop {
        // SAFETY: the caller's contract: `addr` holds a valid address of `len` bytes.
        let rc = unsafe { libc::connect(fd.as_raw_fd(), (addr as *const A).cast(), len) };
        if rc == 0 {
            return Ok(());
        }
        let err = io::Error::last_os_error();
        match err.raw_os_error() {
            Some(libc::EINPROGRESS) => return Ok(()),
            Some(libc::EINTR) => continue,
            _ => return Err(err),
        }
    }
}

/// Set an integer socket option.
pub fn set_int(fd: RawFd, level: i32, name: i32, value: i32) -> io::Result<()> {
    super::net::set_int_option(fd, level, name, value)
}

/// Read an integer socket option.
pub fn get_int(fd: RawFd, level: i32, name: i32) -> io::Result<i32> {
    let mut value: libc::c_int = 0;
    let mut len = size_of::<libc::c_int>() as libc::socklen_t;
    // SAFETY: `value` and `len` are live locals; the kernel writes at most `len` bytes.
    check(unsafe { libc::getsockopt(fd, level, name, (&mut value as *mut i32).cast(), &mut len) })?;
    Ok(value)
}

/// The backlog a listening TCP socket was given (Linux reports it in `TCP_INFO`'s
/// `tcpi_sacked` for a socket in the LISTEN state).
pub fn listen_backlog(fd: RawFd) -> io::Result<u32> {
    // SAFETY: an all-zero tcp_info is valid.
    let mut info: libc::tcp_info = unsafe { zeroed() };
    let mut len = size_of::<libc::tcp_info>() as libc::socklen_t;
    // SAFETY: `info` has room for `len` bytes, which the kernel writes at most.
    check(unsafe {
        libc::getsockopt(
            fd,
            libc::IPPROTO_TCP,
            libc::TCP_INFO,
            (&mut info as *mut libc::tcp_info).cast(),
            &mut len,
        )
    })?;
    Ok(info.tcpi_sacked)
}

/// `SO_BINDTODEVICE`: only packets of interface `device` reach the socket. Needs
/// `CAP_NET_RAW` (`EPERM` without it); an unknown interface is `ENODEV`.
pub fn bind_to_device(fd: RawFd, device: &[u8]) -> io::Result<()> {
    // SAFETY: `device` is valid for reads of its length; the kernel copies it.
    check(unsafe {
        libc::setsockopt(
            fd,
            libc::SOL_SOCKET,
            libc::SO_BINDTODEVICE,
            device.as_ptr().cast(),
            device.len() as libc::socklen_t,
        )
    })?;
    Ok(())
}

/// The interface a socket is bound to with `SO_BINDTODEVICE` (empty: none).
pub fn bound_device(fd: RawFd) -> io::Result<String> {
    let mut name = [0u8; libc::IFNAMSIZ];
    let mut len = name.len() as libc::socklen_t;
    // SAFETY: `name` has room for `len` bytes, which the kernel writes at most.
    check(unsafe {
        libc::getsockopt(
            fd,
            libc::SOL_SOCKET,
            libc::SO_BINDTODEVICE,
            name.as_mut_ptr().cast(),
            &mut len,
        )
    })?;
    let used = &name[..(len as usize).min(name.len())];
    let text = used.split(|&b| b == 0).next().unwrap_or_default();
    Ok(String::from_utf8_lossy(text).into_owned())
}

/// The family of the socket `fd` (`EBADF` if it is not open, `ENOTSOCK` if it is not
/// a socket).
pub fn family(fd: RawFd) -> io::Result<Family> {
    // SAFETY: an all-zero sockaddr_storage is valid.
    let mut storage: libc::sockaddr_storage = unsafe { zeroed() };
    let mut len = size_of::<libc::sockaddr_storage>() as libc::socklen_t;
    // SAFETY: `storage` has room for `len` bytes.
    check(unsafe {
        libc::getsockname(
            fd,
            (&mut storage as *mut libc::sockaddr_storage).cast(),
            &mut len,
        )
    })?;
    Ok(match i32::from(storage.ss_family) {
        libc::AF_INET | libc::AF_INET6 => Family::Inet,
        libc::AF_UNIX => Family::Unix,
        _ => Family::Other,
    })
}

/// A descriptor of our own for the application's socket `fd` (`ZMQ_USE_FD`): a
/// duplicate, so the application's descriptor stays its own.
pub fn duplicate(fd: RawFd) -> io::Result<OwnedFd> {
    // SAFETY: fcntl(F_DUPFD_CLOEXEC) takes no pointers; a bad `fd` is EBADF.
    let new = check(unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 3) })?;
    // SAFETY: `new` was just created by fcntl and nothing else owns it.
    Ok(unsafe { OwnedFd::from_raw_fd(new) })
}

/// Make `fd` non-blocking.
pub fn set_nonblocking(fd: RawFd) -> io::Result<()> {
    // SAFETY: fcntl(F_GETFL/F_SETFL) take no pointers.
    let flags = check(unsafe { libc::fcntl(fd, libc::F_GETFL) })?;
    // SAFETY: as above.
    check(unsafe { libc::fcntl(fd, libc::F_SETFL, flags | libc::O_NONBLOCK) })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listens_with_options_set_before_bind() {
        let addr: SocketAddr = "127.0.0.1:0".parse().unwrap();
        let fd = tcp_socket(&addr).unwrap();
        let raw = fd.as_raw_fd();
        set_int(raw, libc::SOL_SOCKET, libc::SO_RCVBUF, 70_000).unwrap();
        set_int(raw, libc::IPPROTO_IP, libc::IP_TOS, 0x28).unwrap();
        bind(&fd, &addr).unwrap();
        listen(&fd, 7).unwrap();
        assert_eq!(
            get_int(raw, libc::SOL_SOCKET, libc::SO_ACCEPTCONN).unwrap(),
            1
        );
        // Linux doubles the requested buffer size for its bookkeeping.
        assert_eq!(
            get_int(raw, libc::SOL_SOCKET, libc::SO_RCVBUF).unwrap(),
            140_000
        );
        assert_eq!(get_int(raw, libc::IPPROTO_IP, libc::IP_TOS).unwrap(), 0x28);
        assert_eq!(family(raw).unwrap(), Family::Inet);
        let listener = std::net::TcpListener::from(fd);
        let port = listener.local_addr().unwrap().port();
        assert_ne!(port, 0);

        // A connect from a chosen source address, under way or done at once.
        let client = tcp_socket(&addr).unwrap();
        bind(&client, &"127.0.0.1:0".parse().unwrap()).unwrap();
        connect(&client, &SocketAddr::from(([127, 0, 0, 1], port))).unwrap();
        let client = std::net::TcpStream::from(client);
        let (_accepted, peer) = loop {
            match listener.accept() {
                Ok(pair) => break pair,
                Err(err) if err.kind() == io::ErrorKind::WouldBlock => std::thread::yield_now(),
                Err(err) => panic!("{err}"),
            }
        };
        assert_eq!(peer, client.local_addr().unwrap());
    }

    #[test]
    fn errors_are_the_os_errors() {
        let addr: SocketAddr = "203.0.113.9:0".parse().unwrap();
        let fd = tcp_socket(&addr).unwrap();
        let err = bind(&fd, &addr).unwrap_err();
        assert_eq!(err.raw_os_error(), Some(libc::EADDRNOTAVAIL));
        let err = bind_to_device(fd.as_raw_fd(), b"no-such-dev0").unwrap_err();
        assert!(matches!(
            err.raw_os_error(),
            Some(libc::ENODEV | libc::EPERM)
        ));
        assert_eq!(bound_device(fd.as_raw_fd()).unwrap(), "");
        assert_eq!(family(-1).unwrap_err().raw_os_error(), Some(libc::EBADF));
        assert_eq!(duplicate(-1).unwrap_err().raw_os_error(), Some(libc::EBADF));
        let file = std::fs::File::open("/proc/self/status").unwrap();
        let err = family(file.as_raw_fd()).unwrap_err();
        assert_eq!(err.raw_os_error(), Some(libc::ENOTSOCK));
    }

    #[test]
    fn duplicates_are_independent_descriptors() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let copy = duplicate(listener.as_raw_fd()).unwrap();
        assert_ne!(copy.as_raw_fd(), listener.as_raw_fd());
        set_nonblocking(copy.as_raw_fd()).unwrap();
        let copy = std::net::TcpListener::from(copy);
        assert_eq!(copy.local_addr().unwrap(), listener.local_addr().unwrap());
    }
}

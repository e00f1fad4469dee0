//! Unix-domain stream sockets made by hand for `ipc://`, in the steps libzmq takes:
//! open the socket, then bind or connect it.
//!
//! `std` and `mio` open, bind and listen (or open and connect) in one call, and a call
//! that fails has closed its descriptor before anyone saw its number. libzmq reports
//! that descriptor's `ZMQ_EVENT_CLOSED` (a bind that cannot bind, a connect refused at
//! once), so the socket is opened here first and the caller owns it, as an
//! [`OwnedFd`], before anything can fail.

use std::io;
use std::mem::{offset_of, size_of, zeroed};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::linux::net::SocketAddrExt;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::net::SocketAddr;

/// A libc result: `-1` becomes the `errno` error.
fn check(rc: libc::c_int) -> io::Result<libc::c_int> {
    if rc == -1 {
        Err(io::Error::last_os_error())
    } else {
        Ok(rc)
    }
}

/// A new non-blocking, close-on-exec Unix-domain stream socket.
pub fn stream_socket() -> io::Result<OwnedFd> {
    let kind = libc::SOCK_STREAM | libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC;
    // SAFETY: socket(2) takes no pointers.
    let fd = check(unsafe { libc::socket(libc::AF_UNIX, kind, 0) })?;
    // SAFETY: `fd` was just returned by socket(2) and nothing else owns it.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// `addr` as a `sockaddr_un` and its length: a path ends with a NUL, an abstract name
/// starts with one and is exactly as long as it is (its length is part of the name).
fn raw_address(addr: &SocketAddr) -> io::Result<(libc::sockaddr_un, libc::socklen_t)> {
    // SAFETY: an all-zero sockaddr_un is valid (an unnamed address).
    let mut raw: libc::sockaddr_un = unsafe { zeroed() };
    raw.sun_family = libc::AF_UNIX as libc::sa_family_t;
    let (name, start, terminator) = if let Some(path) = addr.as_pathname() {
        (path.as_os_str().as_bytes(), 0, 1)
    } else if let Some(name) = addr.as_abstract_name() {
        (name, 1, 0)
    } else {
        return Err(io::Error::from_raw_os_error(libc::EINVAL));
    };
    let end = start + name.len();
    if end + terminator > raw.sun_path.len() {
        return Err(io::Error::from_raw_os_error(libc::ENAMETOOLONG));
    }
    for (slot, byte) in raw.sun_path[start..end].iter_mut().zip(name) {
        *slot = *byte as libc::c_char;
    }
    let len = offset_of!(libc::sockaddr_un, sun_path) + end + terminator;
    debug_assert!(len <= size_of::<libc::sockaddr_un>());
    Ok((raw, len as libc::socklen_t))
}

/// `bind(2)` the socket to `addr`.
pub fn bind(fd: &OwnedFd, addr: &SocketAddr) -> io::Result<()> {
    let (raw, len) = raw_address(addr)?;
    // SAFETY: `raw` holds a valid Unix socket address of `len` bytes.
    check(unsafe {
        libc::bind(
            fd.as_raw_fd(),
            (&raw as *const libc::sockaddr_un).cast(),
            len,
        )
    })?;
    Ok(())
}

/// Start a non-blocking `connect(2)` to `addr`: `Ok` when it completed or is under way
/// (`EINPROGRESS`); any other error (a refusal, no such file, a full backlog) is
/// returned, as libzmq treats them.
pub fn connect(fd: &OwnedFd, addr: &SocketAddr) -> io::Result<()> {
    let (raw, len) = raw_address(addr)?;
    // SAFETY: `raw` holds a valid Unix socket address of `len` bytes.
    unsafe { super::sockopt::connect_raw(fd, &raw, len) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binds_and_connects_paths_and_abstract_names() {
        let dir = std::env::temp_dir().join(format!("oxzmq-unix-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = SocketAddr::from_pathname(dir.join("s")).unwrap();
        let name = format!("oxzmq-unix-{}", std::process::id());
        let abstract_name = SocketAddr::from_abstract_name(name.as_bytes()).unwrap();
        for addr in [path, abstract_name] {
            let listener = stream_socket().unwrap();
            bind(&listener, &addr).unwrap();
            crate::sys::sockopt::listen(&listener, 4).unwrap();
            let listener = std::os::unix::net::UnixListener::from(listener);
            let seen = listener.local_addr().unwrap();
            assert_eq!(seen.as_pathname(), addr.as_pathname());
            assert_eq!(seen.as_abstract_name(), addr.as_abstract_name());
            let client = stream_socket().unwrap();
            connect(&client, &addr).unwrap();
            listener.accept().unwrap();
            // A second bind to the same address fails; its descriptor is the caller's.
            let again = stream_socket().unwrap();
            let err = bind(&again, &addr).unwrap_err();
            assert_eq!(err.raw_os_error(), Some(libc::EADDRINUSE));
        }
        std::fs::remove_dir_all(&dir).unwrap();
        let nobody = SocketAddr::from_pathname(dir.join("gone")).unwrap();
        let client = stream_socket().unwrap();
        let err = connect(&client, &nobody).unwrap_err();
        assert_eq!(err.raw_os_error(), Some(libc::ENOENT));
    }
}

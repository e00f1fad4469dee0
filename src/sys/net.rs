//! Socket calls the network engine needs below `std` and `mio`: reading straight into
//! a buffer's unused capacity, and asking a Unix-domain peer who it is.
//!
//! `std`'s `Read` wants an initialised slice, which would mean zeroing every read
//! buffer before the kernel overwrites it; reading into the spare capacity of a
//! [`BytesMut`] avoids that cost on every batch of frames.

use std::io::{self, IoSlice};
use std::os::fd::RawFd;

use bytes::BytesMut;

/// Read from `fd` into the unused capacity of `buf` (at most `max` bytes, and at most
/// what is spare), appending what arrived. Returns the byte count; 0 means end of
/// stream when there was room. The caller reserves room first.
pub fn read_spare(fd: RawFd, buf: &mut BytesMut, max: usize) -> io::Result<usize> {
    let spare = buf.spare_capacity_mut();
    let room = spare.len().min(max);
    if room == 0 {
        return Ok(0);
    }
    loop {
        // SAFETY: `spare` is memory owned by `buf`, valid for writes of `room` bytes;
        // read(2) writes at most `room` bytes there and nothing else.
        let n = unsafe { libc::read(fd, spare.as_mut_ptr().cast(), room) };
        if n >= 0 {
            let n = n as usize;
            // SAFETY: the kernel initialised the first `n` bytes of the spare
            // capacity, and `n <= room <= capacity - len`.
            unsafe { buf.set_len(buf.len() + n) };
            return Ok(n);
        }
        let err = io::Error::last_os_error();
        if err.kind() != io::ErrorKind::Interrupted {
            return Err(err);
        }
    }
}

/// Write `slices` to the connected socket `fd` in one `sendmsg` (a vectored write
/// that, unlike `writev`, takes `MSG_NOSIGNAL`: a peer that went away gives `EPIPE`,
/// never a `SIGPIPE` that would kill a C program that did not ignore it).
pub fn send_vectored(fd: RawFd, slices: &[IoSlice<'_>]) -> io::Result<usize> {
    // SAFETY: an all-zero msghdr is a valid "no address, no control data" header.
    let mut header: libc::msghdr = unsafe { std::mem::zeroed() };
    // `IoSlice` is documented to be ABI-compatible with `iovec` on Unix; the kernel
    // only reads through these pointers.
    header.msg_iov = slices.as_ptr() as *mut libc::iovec;
    header.msg_iovlen = slices.len().min(libc::UIO_MAXIOV as usize) as _;
    loop {
        // SAFETY: `header` points at `slices`, which outlive the call and are valid
        // for reads of their lengths.
        let n = unsafe { libc::sendmsg(fd, &header, libc::MSG_NOSIGNAL) };
        if n >= 0 {
            return Ok(n as usize);
        }
        let err = io::Error::last_os_error();
        if err.kind() != io::ErrorKind::Interrupted {
            return Err(err);
        }
    }
}

/// The credentials (pid, uid, gid) of the process at the other end of a Unix-domain
/// socket, as the kernel recorded them at connect time.
pub fn peer_credentials(fd: RawFd) -> Option<(i32, u32, u32)> {
    let mut cred = libc::ucred {
        pid: 0,
        uid: 0,
        gid: 0,
    };
    let mut len = std::mem::size_of::<libc::ucred>() as libc::socklen_t;
    // SAFETY: `cred` and `len` are live locals of the sizes passed; the kernel writes
    // at most `len` bytes into `cred`.
    let rc = unsafe {
        libc::getsockopt(
            fd,
            libc::SOL_SOCKET,
            libc::SO_PEERCRED,
            (&mut cred as *mut libc::ucred).cast(),
            &mut len,
        )
    };
    (rc == 0 && len as usize == std::mem::size_of::<libc::ucred>())
        .then_some((cred.pid, cred.uid, cred.gid))
}

/// Set an integer socket option; errors are returned for the caller to judge (libzmq
/// ignores most of them).
pub fn set_int_option(fd: RawFd, level: i32, name: i32, value: i32) -> io::Result<()> {
    // SAFETY: passes a pointer to a live c_int and its exact size.
    let rc = unsafe {
        libc::setsockopt(
            fd,
            level,
            name,
            (&value as *const i32).cast(),
            std::mem::size_of::<i32>() as libc::socklen_t,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::os::fd::AsRawFd;
    use std::os::unix::net::UnixStream;

    #[test]
    fn reads_into_spare_capacity_and_reports_peer() {
        let (mut a, b) = UnixStream::pair().unwrap();
        a.write_all(b"hello world").unwrap();
        let mut buf = BytesMut::with_capacity(64);
        buf.extend_from_slice(b">");
        assert_eq!(read_spare(b.as_raw_fd(), &mut buf, 5).unwrap(), 5);
        assert_eq!(&buf[..], b">hello");
        assert_eq!(read_spare(b.as_raw_fd(), &mut buf, 100).unwrap(), 6);
        assert_eq!(&buf[..], b">hello world");
        drop(a);
        assert_eq!(read_spare(b.as_raw_fd(), &mut buf, 100).unwrap(), 0);
        let (pid, _, _) = peer_credentials(b.as_raw_fd()).unwrap();
        assert_eq!(pid, std::process::id() as i32);
        let mut full = BytesMut::new();
        assert_eq!(read_spare(b.as_raw_fd(), &mut full, 100).unwrap(), 0);
    }

    #[test]
    fn vectored_send_and_broken_pipe() {
        let (a, b) = UnixStream::pair().unwrap();
        let slices = [IoSlice::new(b"ab"), IoSlice::new(b""), IoSlice::new(b"c")];
        assert_eq!(send_vectored(a.as_raw_fd(), &slices).unwrap(), 3);
        let mut buf = BytesMut::with_capacity(8);
        assert_eq!(read_spare(b.as_raw_fd(), &mut buf, 8).unwrap(), 3);
        assert_eq!(&buf[..], b"abc");
        drop(b);
        // EPIPE, and the test process is still alive: no SIGPIPE.
        let err = send_vectored(a.as_raw_fd(), &slices).unwrap_err();
        assert_eq!(err.raw_os_error(), Some(libc::EPIPE));
    }

    #[test]
    fn sets_an_option() {
        let (a, _b) = UnixStream::pair().unwrap();
        set_int_option(a.as_raw_fd(), libc::SOL_SOCKET, libc::SO_SNDBUF, 65536).unwrap();
        assert!(set_int_option(-1, libc::SOL_SOCKET, libc::SO_SNDBUF, 1).is_err());
    }
}

//! Socket functions: `zmq_socket`, `zmq_close`, options, endpoints, send and receive.

use libc::{c_char, c_int, c_void, iovec, size_t};

use crate::ffi::{bytes_arg, bytes_arg_mut, str_arg};
use crate::types::zmq_msg_t;
use crate::{ctx, ffi_boundary, handle};
use oxzmq::{Error, Msg, Socket};

/// `ZMQ_SNDMORE`.
const SNDMORE: c_int = 2;

/// The socket behind `s`, or `ENOTSOCK`.
///
/// # Safety
/// `s` is NULL or a pointer from `zmq_socket`; no other thread uses the socket now.
pub(crate) unsafe fn socket<'a>(s: *mut c_void) -> Result<&'a mut Socket, Error> {
    // SAFETY: forwarded contract.
    unsafe { handle::socket_mut(s) }.ok_or(Error::NotSocket)
}

/// A message size as the `int` that libzmq's send/receive functions return.
fn size_result(size: usize) -> c_int {
    size.min(c_int::MAX as usize) as c_int
}

/// Create a socket of `type_` in context `ctx`.
///
/// # Safety
/// `ctx` is NULL or a context pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_socket(ctx: *mut c_void, type_: c_int) -> *mut c_void {
    ffi_boundary!(zmq_socket, {
        // SAFETY: forwarded contract.
        let socket = unsafe { ctx::context(ctx) }?.socket(type_)?;
        Ok(handle::new_socket(socket))
    })
}

/// Close a socket.
///
/// # Safety
/// `s` is NULL or a socket pointer, not used by another thread now or by anyone after.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_close(s: *mut c_void) -> c_int {
    ffi_boundary!(zmq_close, {
        // SAFETY: forwarded contract.
        let socket = unsafe { handle::retire_socket(s) }.ok_or(Error::NotSocket)?;
        drop(socket);
        Ok(0)
    })
}

/// Set a socket option.
///
/// # Safety
/// `s` is NULL or a socket pointer; `optval` is NULL or valid for `optvallen` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_setsockopt(
    s: *mut c_void,
    option: c_int,
    optval: *const c_void,
    optvallen: size_t,
) -> c_int {
    ffi_boundary!(zmq_setsockopt, {
        // SAFETY: forwarded contract.
        let socket = unsafe { socket(s) }?;
        let value = if optval.is_null() {
            if optvallen != 0 {
                return Err(Error::Invalid);
            }
            None
        } else {
            // SAFETY: non-NULL and valid for `optvallen` bytes by contract.
            Some(unsafe { bytes_arg(optval, optvallen) }?)
        };
        socket.set_option(option, value)?;
        Ok(0)
    })
}

/// Read a socket option.
///
/// # Safety
/// `s` is NULL or a socket pointer; `optvallen` is NULL or valid; `optval` is NULL or
/// valid for `*optvallen` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_getsockopt(
    s: *mut c_void,
    option: c_int,
    optval: *mut c_void,
    optvallen: *mut size_t,
) -> c_int {
    ffi_boundary!(zmq_getsockopt, {
        // SAFETY: forwarded contract.
        let socket = unsafe { socket(s) }?;
        if optvallen.is_null() {
            return Err(Error::Invalid);
        }
        // SAFETY: non-NULL and valid by contract; `optval` valid for that many bytes.
        let out = unsafe { bytes_arg_mut(optval, *optvallen)? };
        let written = socket.get_option(option, out)?;
        // SAFETY: as above.
        unsafe { *optvallen = written };
        Ok(0)
    })
}

/// The body shared by `zmq_bind`, `zmq_connect`, `zmq_unbind` and `zmq_disconnect`.
///
/// # Safety
/// `s` is NULL or a socket pointer; `addr` is NULL or a NUL-terminated string.
unsafe fn endpoint_call(
    s: *mut c_void,
    addr: *const c_char,
    call: fn(&mut Socket, &str) -> oxzmq::Result<()>,
) -> Result<c_int, Error> {
    // SAFETY: forwarded contracts.
    let (socket, addr) = unsafe { (socket(s)?, str_arg(addr)?) };
    call(socket, addr)?;
    Ok(0)
}

/// Accept connections on an endpoint.
///
/// # Safety
/// `s` is NULL or a socket pointer; `addr` is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_bind(s: *mut c_void, addr: *const c_char) -> c_int {
    // SAFETY: forwarded contract.
    ffi_boundary!(zmq_bind, {
        unsafe { endpoint_call(s, addr, Socket::bind) }
    })
}

/// Connect to an endpoint.
///
/// # Safety
/// `s` is NULL or a socket pointer; `addr` is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_connect(s: *mut c_void, addr: *const c_char) -> c_int {
    // SAFETY: forwarded contract.
    ffi_boundary!(zmq_connect, {
        unsafe { endpoint_call(s, addr, Socket::connect) }
    })
}

/// Stop accepting connections on an endpoint.
///
/// # Safety
/// `s` is NULL or a socket pointer; `addr` is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_unbind(s: *mut c_void, addr: *const c_char) -> c_int {
    // SAFETY: forwarded contract.
    ffi_boundary!(zmq_unbind, {
        unsafe { endpoint_call(s, addr, Socket::unbind) }
    })
}

/// Disconnect from an endpoint.
///
/// # Safety
/// `s` is NULL or a socket pointer; `addr` is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_disconnect(s: *mut c_void, addr: *const c_char) -> c_int {
    // SAFETY: forwarded contract.
    ffi_boundary!(zmq_disconnect, {
        unsafe { endpoint_call(s, addr, Socket::disconnect) }
    })
}

/// Send `len` bytes from `buf` as one part (copied).
///
/// # Safety
/// `s` is NULL or a socket pointer; `buf` is NULL or valid for `len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_send(
    s: *mut c_void,
    buf: *const c_void,
    len: size_t,
    flags: c_int,
) -> c_int {
    ffi_boundary!(zmq_send, {
        // SAFETY: forwarded contract.
        let socket = unsafe { socket(s) }?;
        // SAFETY: forwarded contract; NULL with a length is a bad address.
        let data = unsafe { bytes_arg(buf, len) }.map_err(|_| Error::Fault)?;
        let mut msg = Msg::from_slice(data);
        socket.send(&mut msg, flags)?;
        Ok(size_result(len))
    })
}

/// Send `len` bytes at `buf` as one part without copying: the caller promises the
/// bytes never change and outlive the message.
///
/// # Safety
/// `s` is NULL or a socket pointer; `buf` is NULL or valid for `len` bytes, unchanged,
/// for as long as the library may hold the message.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_send_const(
    s: *mut c_void,
    buf: *const c_void,
    len: size_t,
    flags: c_int,
) -> c_int {
    ffi_boundary!(zmq_send_const, {
        // SAFETY: forwarded contract.
        let socket = unsafe { socket(s) }?;
        if buf.is_null() && len != 0 {
            return Err(Error::Fault);
        }
        // SAFETY: constant data valid for `len` bytes for as long as needed, by
        // contract; no free function, so nothing is ever freed.
        let bytes = unsafe {
            crate::msg::bytes_from_user(buf.cast_mut(), len, None, std::ptr::null_mut())
        }?;
        let mut msg = Msg::from_constant(bytes);
        socket.send(&mut msg, flags)?;
        Ok(size_result(len))
    })
}

/// Receive one part into `buf`, truncating to `len`; returns the full part size.
///
/// # Safety
/// `s` is NULL or a socket pointer; `buf` is NULL or valid for writes of `len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_recv(
    s: *mut c_void,
    buf: *mut c_void,
    len: size_t,
    flags: c_int,
) -> c_int {
    ffi_boundary!(zmq_recv, {
        // SAFETY: forwarded contract.
        let socket = unsafe { socket(s) }?;
        if buf.is_null() && len != 0 {
            return Err(Error::Fault);
        }
        let msg = socket.recv(flags)?;
        let data = msg.data();
        // Copy only what is there to copy: `len` may be far larger than any real
        // buffer (libzmq callers pass SIZE_MAX), so no slice of `len` bytes is made.
        let n = data.len().min(len);
        // SAFETY: `buf` is valid for `len >= n` writable bytes by contract and does not
        // overlap the message's payload.
        unsafe { std::ptr::copy_nonoverlapping(data.as_ptr(), buf.cast::<u8>(), n) };
        Ok(size_result(data.len()))
    })
}

/// Send the message `msg` (its content is taken on success).
///
/// # Safety
/// `msg` is NULL or a `zmq_msg_t`; `s` is NULL or a socket pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_msg_send(msg: *mut zmq_msg_t, s: *mut c_void, flags: c_int) -> c_int {
    ffi_boundary!(zmq_msg_send, {
        // SAFETY: forwarded contract.
        let socket = unsafe { socket(s) }?;
        // SAFETY: forwarded contract. The socket takes the content on success (the
        // message is left empty, as libzmq leaves it) and leaves it on failure.
        let content = unsafe { crate::msg::msg_mut(msg) }?;
        let size = content.len();
        socket.send(content, flags)?;
        Ok(size_result(size))
    })
}

/// Receive a part into the message `msg`; returns its size.
///
/// # Safety
/// `msg` is NULL or an initialised `zmq_msg_t`; `s` is NULL or a socket pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_msg_recv(msg: *mut zmq_msg_t, s: *mut c_void, flags: c_int) -> c_int {
    ffi_boundary!(zmq_msg_recv, {
        // SAFETY: forwarded contract.
        let socket = unsafe { socket(s) }?;
        // SAFETY: forwarded contract; checked before a part leaves the socket.
        let target = unsafe { crate::msg::msg_mut(msg) }?;
        socket.recv_into(target, flags)?;
        Ok(size_result(target.len()))
    })
}

/// Deprecated form of `zmq_msg_send` with the arguments in another order.
///
/// # Safety
/// As `zmq_msg_send`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_sendmsg(s: *mut c_void, msg: *mut zmq_msg_t, flags: c_int) -> c_int {
    // SAFETY: same contract.
    unsafe { zmq_msg_send(msg, s, flags) }
}

/// Deprecated form of `zmq_msg_recv` with the arguments in another order.
///
/// # Safety
/// As `zmq_msg_recv`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_recvmsg(s: *mut c_void, msg: *mut zmq_msg_t, flags: c_int) -> c_int {
    // SAFETY: same contract.
    unsafe { zmq_msg_recv(msg, s, flags) }
}

/// Send `count` buffers as parts. As in libzmq, every part but the last is sent with
/// `flags` as given (pass `ZMQ_SNDMORE` for one multipart message) and the last without
/// `ZMQ_SNDMORE`. Returns the size of the last part.
///
/// # Safety
/// `s` is NULL or a socket pointer; `iov` is NULL or an array of `count` valid iovecs.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_sendiov(
    s: *mut c_void,
    iov: *mut iovec,
    count: size_t,
    flags: c_int,
) -> c_int {
    ffi_boundary!(zmq_sendiov, {
        // SAFETY: forwarded contract.
        let socket = unsafe { socket(s) }?;
        if iov.is_null() || count == 0 {
            return Err(Error::Invalid);
        }
        // SAFETY: `count` valid iovecs by contract.
        let parts = unsafe { std::slice::from_raw_parts(iov, count) };
        let mut last = 0;
        for (i, part) in parts.iter().enumerate() {
            // SAFETY: each iovec describes readable memory by contract.
            let data = unsafe { bytes_arg(part.iov_base, part.iov_len) }?;
            let part_flags = if i + 1 == count {
                flags & !SNDMORE
            } else {
                flags
            };
            socket.send(&mut Msg::from_slice(data), part_flags)?;
            last = size_result(data.len());
        }
        Ok(last)
    })
}

/// Receive up to `*count` parts of one message into buffers this function allocates
/// with `malloc` (the caller frees each `iov_base`). Sets `*count` to the parts
/// received and returns that number.
///
/// # Safety
/// `s` is NULL or a socket pointer; `count` is NULL or valid; `iov` is NULL or an
/// array of `*count` writable iovecs.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_recviov(
    s: *mut c_void,
    iov: *mut iovec,
    count: *mut size_t,
    flags: c_int,
) -> c_int {
    ffi_boundary!(zmq_recviov, {
        // SAFETY: forwarded contract.
        let socket = unsafe { socket(s) }?;
        // SAFETY: `count` checked for NULL before reading.
        if count.is_null() || iov.is_null() || unsafe { *count } == 0 {
            return Err(Error::Invalid);
        }
        // SAFETY: valid and non-NULL by the checks above and the contract.
        let capacity = unsafe { *count };
        // SAFETY: as above.
        unsafe { *count = 0 };
        // SAFETY: `capacity` writable iovecs by contract.
        let parts = unsafe { std::slice::from_raw_parts_mut(iov, capacity) };
        let mut received = 0;
        for part in parts.iter_mut() {
            let msg = socket.recv(flags)?;
            let data = msg.data();
            // SAFETY: plain allocation; a NULL result is checked. One byte at least so
            // an empty part still gets a pointer the caller may free.
            let buffer = unsafe { libc::malloc(data.len().max(1)) };
            if buffer.is_null() {
                return Err(Error::NoMemory);
            }
            // SAFETY: `buffer` has room for `data.len()` bytes; the regions are distinct.
            unsafe { std::ptr::copy_nonoverlapping(data.as_ptr(), buffer.cast(), data.len()) };
            part.iov_base = buffer;
            part.iov_len = data.len();
            received += 1;
            // SAFETY: as above.
            unsafe { *count = received };
            if !msg.more() {
                break;
            }
        }
        Ok(received as c_int)
    })
}

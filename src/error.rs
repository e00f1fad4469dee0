//! The one error type of the engine.
//!
//! Every fallible engine call returns [`Result`]. The C layer turns an [`Error`] into
//! `-1`/`NULL` plus `errno` through [`Error::errno`], so the values here are exactly the
//! ones libzmq reports: Linux's own errno numbers, and libzmq's `ZMQ_HAUSNUMERO` codes
//! for the conditions that have no POSIX name.

use std::fmt;

/// libzmq's base for its own error numbers (`ZMQ_HAUSNUMERO`).
pub const HAUSNUMERO: i32 = 156_384_712;
/// Operation cannot be accomplished in current state.
pub const EFSM: i32 = HAUSNUMERO + 51;
/// The protocol is not compatible with the socket type.
pub const ENOCOMPATPROTO: i32 = HAUSNUMERO + 52;
/// Context was terminated.
pub const ETERM: i32 = HAUSNUMERO + 53;
/// No thread available.
pub const EMTHREAD: i32 = HAUSNUMERO + 54;

/// An engine error: what went wrong, as libzmq would report it.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub enum Error {
    /// `EAGAIN`: the operation would block (or timed out).
    Again,
    /// `EINVAL`: an argument is out of range or malformed.
    Invalid,
    /// `EFAULT`: a context or message handle is not valid.
    Fault,
    /// `ENOTSOCK`: the handle is not a live socket.
    NotSocket,
    /// `ENOTSUP`: the operation is not supported by this socket type (or not built yet).
    NotSupported,
    /// `EPROTONOSUPPORT`: the transport is not supported.
    ProtocolNotSupported,
    /// `ENOCOMPATPROTO`: the transport does not suit the socket type.
    NoCompatProtocol,
    /// `EFSM`: the socket is not in a state that permits the call.
    Fsm,
    /// `ETERM`: the context was terminated.
    Terminated,
    /// `EMTHREAD`: no I/O thread is available.
    NoThread,
    /// `EINTR`: a signal interrupted a blocking call.
    Interrupted,
    /// `EMFILE`: too many sockets or files.
    TooManyFiles,
    /// `EADDRINUSE`: the endpoint is already bound.
    AddrInUse,
    /// `EADDRNOTAVAIL`: the address is not local.
    AddrNotAvailable,
    /// `ENODEV`: the named interface does not exist.
    NoDevice,
    /// `ENOENT`: the endpoint was not bound or connected.
    NotFound,
    /// `EHOSTUNREACH`: the message cannot be routed.
    HostUnreachable,
    /// `EMSGSIZE`: the message is too large.
    MessageSize,
    /// `ENOMEM`: out of memory.
    NoMemory,
    /// Any other operating-system error, by its errno value.
    Os(i32),
}

/// The engine's result type.
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// The errno value libzmq sets for this error.
    pub fn errno(self) -> i32 {
        match self {
            Error::Again => libc::EAGAIN,
            Error::Invalid => libc::EINVAL,
            Error::Fault => libc::EFAULT,
            Error::NotSocket => libc::ENOTSOCK,
            Error::NotSupported => libc::ENOTSUP,
            Error::ProtocolNotSupported => libc::EPROTONOSUPPORT,
            Error::NoCompatProtocol => ENOCOMPATPROTO,
            Error::Fsm => EFSM,
            Error::Terminated => ETERM,
            Error::NoThread => EMTHREAD,
            Error::Interrupted => libc::EINTR,
            Error::TooManyFiles => libc::EMFILE,
            Error::AddrInUse => libc::EADDRINUSE,
            Error::AddrNotAvailable => libc::EADDRNOTAVAIL,
            Error::NoDevice => libc::ENODEV,
            Error::NotFound => libc::ENOENT,
            Error::HostUnreachable => libc::EHOSTUNREACH,
            Error::MessageSize => libc::EMSGSIZE,
            Error::NoMemory => libc::ENOMEM,
            Error::Os(code) => code,
        }
    }

    /// The error for an errno value (used when an OS call fails).
    pub fn from_errno(code: i32) -> Error {
        match code {
            libc::EAGAIN => Error::Again,
            libc::EINVAL => Error::Invalid,
            libc::EINTR => Error::Interrupted,
            libc::EMFILE => Error::TooManyFiles,
            libc::EADDRINUSE => Error::AddrInUse,
            libc::EADDRNOTAVAIL => Error::AddrNotAvailable,
            libc::ENODEV => Error::NoDevice,
            libc::ENOMEM => Error::NoMemory,
            other => Error::Os(other),
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(err: std::io::Error) -> Error {
        match err.raw_os_error() {
            Some(code) => Error::from_errno(code),
            None if err.kind() == std::io::ErrorKind::WouldBlock => Error::Again,
            None => Error::Os(libc::EIO),
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Error({})", self.errno())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&strerror(self.errno()))
    }
}

impl std::error::Error for Error {}

/// libzmq's text for an error number: its own texts for its own codes, the C library's
/// `strerror` for the rest (as `zmq_strerror` does).
pub fn strerror(code: i32) -> String {
    match zmq_error_text(code) {
        Some(text) => text.to_owned(),
        None => std::io::Error::from_raw_os_error(code)
            .to_string()
            .split(" (os error")
            .next()
            .unwrap_or_default()
            .to_owned(),
    }
}

/// The fixed texts libzmq gives for its own error numbers (the `ZMQ_HAUSNUMERO` range).
/// Users grep logs for these, so they are libzmq's words exactly.
pub fn zmq_error_text(code: i32) -> Option<&'static str> {
    Some(match code {
        c if c == HAUSNUMERO + 1 => "Not supported",
        c if c == HAUSNUMERO + 2 => "Protocol not supported",
        c if c == HAUSNUMERO + 3 => "No buffer space available",
        c if c == HAUSNUMERO + 4 => "Network is down",
        c if c == HAUSNUMERO + 5 => "Address in use",
        c if c == HAUSNUMERO + 6 => "Address not available",
        c if c == HAUSNUMERO + 7 => "Connection refused",
        c if c == HAUSNUMERO + 8 => "Operation in progress",
        EFSM => "Operation cannot be accomplished in current state",
        ENOCOMPATPROTO => "The protocol is not compatible with the socket type",
        ETERM => "Context was terminated",
        EMTHREAD => "No thread available",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linux_values_not_fallbacks() {
        assert_eq!(Error::AddrInUse.errno(), 98);
        assert_eq!(Error::NotSupported.errno(), 95);
        assert_eq!(Error::Terminated.errno(), 156_384_765);
    }

    #[test]
    fn zmq_texts() {
        assert_eq!(strerror(ETERM), "Context was terminated");
        assert_eq!(strerror(libc::EAGAIN), "Resource temporarily unavailable");
    }
}

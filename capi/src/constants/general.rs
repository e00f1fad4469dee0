//! The version, error codes, context options, flags and the other small constants of
//! `zmq.h` that are not socket types, socket options or monitor events.

#[cfg(feature = "draft")]
use std::ffi::CStr;

use libc::c_int;

// ---- version ----------------------------------------------------------------------

/// Major version of the libzmq API this library implements.
pub const ZMQ_VERSION_MAJOR: c_int = 4;
/// Minor version of the libzmq API this library implements.
pub const ZMQ_VERSION_MINOR: c_int = 3;
/// Patch version of the libzmq API this library implements.
pub const ZMQ_VERSION_PATCH: c_int = 5;
/// `ZMQ_VERSION_MAJOR * 10000 + ZMQ_VERSION_MINOR * 100 + ZMQ_VERSION_PATCH`. The header
/// spells it with the `ZMQ_MAKE_VERSION` macro (in `cbindgen.toml`), as libzmq does.
pub const ZMQ_VERSION: c_int =
    ZMQ_VERSION_MAJOR * 10000 + ZMQ_VERSION_MINOR * 100 + ZMQ_VERSION_PATCH;

/// Tells C code that `zmq.h` has made the fixed-width integer types available.
pub const ZMQ_DEFINED_STDINT: c_int = 1;

// ---- errors -----------------------------------------------------------------------

/// Base of libzmq's own error numbers, far from any system's errno range.
pub const ZMQ_HAUSNUMERO: c_int = 156384712;
/// The operation is not valid in the socket's current state (e.g. REQ sending twice).
pub const EFSM: c_int = ZMQ_HAUSNUMERO + 51;
/// The peer speaks a protocol this socket cannot talk to.
pub const ENOCOMPATPROTO: c_int = ZMQ_HAUSNUMERO + 52;
/// The context was terminated.
pub const ETERM: c_int = ZMQ_HAUSNUMERO + 53;
/// No I/O thread is available for the operation.
pub const EMTHREAD: c_int = ZMQ_HAUSNUMERO + 54;

// ---- context options and their defaults -------------------------------------------

/// Context option: number of I/O threads.
pub const ZMQ_IO_THREADS: c_int = 1;
/// Context option: maximum number of sockets.
pub const ZMQ_MAX_SOCKETS: c_int = 2;
/// Context option (read-only): largest value `ZMQ_MAX_SOCKETS` accepts.
pub const ZMQ_SOCKET_LIMIT: c_int = 3;
/// Context option: scheduling priority of the I/O threads.
pub const ZMQ_THREAD_PRIORITY: c_int = 3;
/// Context option: scheduling policy of the I/O threads.
pub const ZMQ_THREAD_SCHED_POLICY: c_int = 4;
/// Context option: largest message size accepted.
pub const ZMQ_MAX_MSGSZ: c_int = 5;
/// Context option (read-only): `sizeof (zmq_msg_t)`.
pub const ZMQ_MSG_T_SIZE: c_int = 6;
/// Context option: add a CPU to the I/O threads' affinity set.
pub const ZMQ_THREAD_AFFINITY_CPU_ADD: c_int = 7;
/// Context option: remove a CPU from the I/O threads' affinity set.
pub const ZMQ_THREAD_AFFINITY_CPU_REMOVE: c_int = 8;
/// Context option: prefix of the I/O threads' names.
pub const ZMQ_THREAD_NAME_PREFIX: c_int = 9;
/// Context option (draft): let received messages share the I/O buffers.
#[cfg(feature = "draft")]
pub const ZMQ_ZERO_COPY_RECV: c_int = 10;

/// Default number of I/O threads of a new context.
pub const ZMQ_IO_THREADS_DFLT: c_int = 1;
/// Default socket limit of a new context.
pub const ZMQ_MAX_SOCKETS_DFLT: c_int = 1023;
/// Default I/O thread priority: the system's.
pub const ZMQ_THREAD_PRIORITY_DFLT: c_int = -1;
/// Default I/O thread scheduling policy: the system's.
pub const ZMQ_THREAD_SCHED_POLICY_DFLT: c_int = -1;

// ---- messages and send/receive flags ----------------------------------------------

/// Message property (`zmq_msg_get`): more frames of this message follow.
pub const ZMQ_MORE: c_int = 1;
/// Message property (deprecated): file descriptor the message came from.
pub const ZMQ_SRCFD: c_int = 2;
/// Message property: the message's data is shared with other messages.
pub const ZMQ_SHARED: c_int = 3;

/// Send/receive flag: fail with `EAGAIN` instead of blocking.
pub const ZMQ_DONTWAIT: c_int = 1;
/// Send flag: more frames of this message follow.
pub const ZMQ_SNDMORE: c_int = 2;
/// Old name of `ZMQ_DONTWAIT`.
pub const ZMQ_NOBLOCK: c_int = ZMQ_DONTWAIT;

/// Draft message property name: the routing id of a SERVER/PEER message.
/// (The header defines these strings verbatim; see the module doc.)
/// cbindgen:ignore
#[cfg(feature = "draft")]
pub const ZMQ_MSG_PROPERTY_ROUTING_ID: &CStr = c"Routing-Id";
/// Draft message property name: the sending peer's socket type.
/// cbindgen:ignore
#[cfg(feature = "draft")]
pub const ZMQ_MSG_PROPERTY_SOCKET_TYPE: &CStr = c"Socket-Type";
/// Draft message property name: the user id the ZAP handler gave the peer.
/// cbindgen:ignore
#[cfg(feature = "draft")]
pub const ZMQ_MSG_PROPERTY_USER_ID: &CStr = c"User-Id";
/// Draft message property name: the peer's network address.
/// cbindgen:ignore
#[cfg(feature = "draft")]
pub const ZMQ_MSG_PROPERTY_PEER_ADDRESS: &CStr = c"Peer-Address";

/// Largest length of a RADIO/DISH group name, in bytes.
pub const ZMQ_GROUP_MAX_LENGTH: c_int = 255;

// ---- security ---------------------------------------------------------------------

/// Security mechanism: none.
pub const ZMQ_NULL: c_int = 0;
/// Security mechanism: PLAIN (clear-text user name and password).
pub const ZMQ_PLAIN: c_int = 1;
/// Security mechanism: CURVE (CurveZMQ encryption).
pub const ZMQ_CURVE: c_int = 2;
/// Security mechanism: GSSAPI (Kerberos).
pub const ZMQ_GSSAPI: c_int = 3;

/// GSSAPI principal name type: host-based service.
pub const ZMQ_GSSAPI_NT_HOSTBASED: c_int = 0;
/// GSSAPI principal name type: user name.
pub const ZMQ_GSSAPI_NT_USER_NAME: c_int = 1;
/// GSSAPI principal name type: Kerberos principal.
pub const ZMQ_GSSAPI_NT_KRB5_PRINCIPAL: c_int = 2;

// ---- polling ------------------------------------------------------------------------

/// Poll event: a message can be received without blocking.
pub const ZMQ_POLLIN: c_int = 1;
/// Poll event: a message can be sent without blocking.
pub const ZMQ_POLLOUT: c_int = 2;
/// Poll event: an error condition on a plain file descriptor.
pub const ZMQ_POLLERR: c_int = 4;
/// Poll event: urgent data on a plain file descriptor.
pub const ZMQ_POLLPRI: c_int = 8;
/// Number of poll items `zmq_poll` handles without allocating.
pub const ZMQ_POLLITEMS_DFLT: c_int = 16;

// ---- capabilities and devices -----------------------------------------------------

/// `zmq_has` exists and can be asked about capabilities.
pub const ZMQ_HAS_CAPABILITIES: c_int = 1;

/// Device kind for the deprecated `zmq_device`: a streamer (PULL to PUSH).
pub const ZMQ_STREAMER: c_int = 1;
/// Device kind for the deprecated `zmq_device`: a forwarder (SUB to PUB).
pub const ZMQ_FORWARDER: c_int = 2;
/// Device kind for the deprecated `zmq_device`: a queue (ROUTER to DEALER).
pub const ZMQ_QUEUE: c_int = 3;

// ---- ROUTER notifications (draft) -------------------------------------------------

/// `ZMQ_ROUTER_NOTIFY` bit: deliver an empty message when a peer connects.
#[cfg(feature = "draft")]
pub const ZMQ_NOTIFY_CONNECT: c_int = 1;
/// `ZMQ_ROUTER_NOTIFY` bit: deliver an empty message when a peer disconnects.
#[cfg(feature = "draft")]
pub const ZMQ_NOTIFY_DISCONNECT: c_int = 2;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_number_combines_the_parts_as_zmq_make_version_does() {
        assert_eq!(ZMQ_VERSION, 40305);
    }

    #[test]
    fn native_error_codes_sit_above_the_base() {
        assert_eq!(
            [EFSM, ENOCOMPATPROTO, ETERM, EMTHREAD],
            [156384763, 156384764, 156384765, 156384766]
        );
    }
}

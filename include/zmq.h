/*
 * zmq.h: the C API of oxzmq, a ZeroMQ implementation in Rust that is a drop-in
 * replacement for libzmq 4.3.5 (libzmq.so.5).
 *
 * GENERATED FILE, do not edit. cbindgen produces it from the Rust sources in capi/
 * with capi/cbindgen.toml. After changing either, regenerate it with
 *     OXZMQ_BLESS=1 cargo test -p oxzmq-capi --test header
 *
 * The names, values, types and layouts are those of libzmq 4.3.5's zmq.h, so a
 * program builds the same against either header and runs on either library.
 * Draft API items are declared only when ZMQ_BUILD_DRAFT_API is defined.
 *
 * SPDX-License-Identifier: MPL-2.0
 */

#ifndef __ZMQ_H_INCLUDED__
#define __ZMQ_H_INCLUDED__

/* The API version as one number, for compile-time tests such as
 * `#if ZMQ_VERSION >= ZMQ_MAKE_VERSION (4, 3, 0)`. The parts are defined below. */
#define ZMQ_MAKE_VERSION(major, minor, patch) \
    ((major) * 10000 + (minor) * 100 + (patch))
#define ZMQ_VERSION \
    ZMQ_MAKE_VERSION (ZMQ_VERSION_MAJOR, ZMQ_VERSION_MINOR, ZMQ_VERSION_PATCH)


#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#if !defined _WIN32
/* zmq_ppoll takes a sigset_t. */
#include <signal.h>
#endif

/* How the API functions are declared: exported with default visibility, or plainly
 * when the includer defines ZMQ_NO_EXPORT. Undefined again at the end. */
#if defined ZMQ_NO_EXPORT
#define ZMQ_EXPORT
#elif (defined __GNUC__ && __GNUC__ >= 4) || defined __INTEL_COMPILER
#define ZMQ_EXPORT __attribute__ ((visibility ("default")))
#else
#define ZMQ_EXPORT
#endif

/* zmq_msg_t is aligned like a pointer (sizeof 64, alignof 8 on 64-bit targets).
 * Undefined again at the end. */
#if defined __GNUC__ || defined __clang__ || defined __INTEL_COMPILER
#define ZMQ_ALIGNED_(n) __attribute__ ((aligned (n)))
#else
#define ZMQ_ALIGNED_(n)
#endif

/* POSIX error numbers a platform may lack get numbers above ZMQ_HAUSNUMERO (defined
 * below). On Linux <errno.h> defines every one of them, so the system values stand. */
#ifndef ENOTSUP
#define ENOTSUP (ZMQ_HAUSNUMERO + 1)
#endif
#ifndef EPROTONOSUPPORT
#define EPROTONOSUPPORT (ZMQ_HAUSNUMERO + 2)
#endif
#ifndef ENOBUFS
#define ENOBUFS (ZMQ_HAUSNUMERO + 3)
#endif
#ifndef ENETDOWN
#define ENETDOWN (ZMQ_HAUSNUMERO + 4)
#endif
#ifndef EADDRINUSE
#define EADDRINUSE (ZMQ_HAUSNUMERO + 5)
#endif
#ifndef EADDRNOTAVAIL
#define EADDRNOTAVAIL (ZMQ_HAUSNUMERO + 6)
#endif
#ifndef ECONNREFUSED
#define ECONNREFUSED (ZMQ_HAUSNUMERO + 7)
#endif
#ifndef EINPROGRESS
#define EINPROGRESS (ZMQ_HAUSNUMERO + 8)
#endif
#ifndef ENOTSOCK
#define ENOTSOCK (ZMQ_HAUSNUMERO + 9)
#endif
#ifndef EMSGSIZE
#define EMSGSIZE (ZMQ_HAUSNUMERO + 10)
#endif
#ifndef EAFNOSUPPORT
#define EAFNOSUPPORT (ZMQ_HAUSNUMERO + 11)
#endif
#ifndef ENETUNREACH
#define ENETUNREACH (ZMQ_HAUSNUMERO + 12)
#endif
#ifndef ECONNABORTED
#define ECONNABORTED (ZMQ_HAUSNUMERO + 13)
#endif
#ifndef ECONNRESET
#define ECONNRESET (ZMQ_HAUSNUMERO + 14)
#endif
#ifndef ENOTCONN
#define ENOTCONN (ZMQ_HAUSNUMERO + 15)
#endif
#ifndef ETIMEDOUT
#define ETIMEDOUT (ZMQ_HAUSNUMERO + 16)
#endif
#ifndef EHOSTUNREACH
#define EHOSTUNREACH (ZMQ_HAUSNUMERO + 17)
#endif
#ifndef ENETRESET
#define ENETRESET (ZMQ_HAUSNUMERO + 18)
#endif

/* zmq_sendiov and zmq_recviov take the struct iovec of <sys/uio.h>; naming the tag
 * here is enough for the prototypes and keeps <sys/uio.h> out of every includer. */
struct iovec;

#ifdef __cplusplus
extern "C" {
#endif

/* The callback types are function types, not pointer types: zmq_msg_init_data takes
 * a `zmq_free_fn *`, zmq_threadstart a `zmq_thread_fn *`, and zmq_timers_add a
 * `zmq_timer_fn`, which as a parameter is the same pointer. */
typedef void(zmq_free_fn) (void *data_, void *hint_);
typedef void(zmq_timer_fn) (int timer_id, void *arg);
typedef void(zmq_thread_fn) (void *);

#ifdef __cplusplus
}
#endif

/* The zmq_timers_* functions are available. */
#define ZMQ_HAVE_TIMERS

#ifdef ZMQ_BUILD_DRAFT_API
/* The zmq_poller_* functions are available. */
#define ZMQ_HAVE_POLLER

/* Names of the message properties zmq_msg_gets knows besides the handshake's
 * metadata. (cbindgen cannot write string constants; capi/src/constants/general.rs
 * has the same strings, and abi-test checks that the two agree.) */
#define ZMQ_MSG_PROPERTY_ROUTING_ID "Routing-Id"
#define ZMQ_MSG_PROPERTY_SOCKET_TYPE "Socket-Type"
#define ZMQ_MSG_PROPERTY_USER_ID "User-Id"
#define ZMQ_MSG_PROPERTY_PEER_ADDRESS "Peer-Address"
#endif


/**
 * Major version of the libzmq API this library implements.
 */
#define ZMQ_VERSION_MAJOR 4

/**
 * Minor version of the libzmq API this library implements.
 */
#define ZMQ_VERSION_MINOR 3

/**
 * Patch version of the libzmq API this library implements.
 */
#define ZMQ_VERSION_PATCH 5

/**
 * Tells C code that `zmq.h` has made the fixed-width integer types available.
 */
#define ZMQ_DEFINED_STDINT 1

/**
 * Base of libzmq's own error numbers, far from any system's errno range.
 */
#define ZMQ_HAUSNUMERO 156384712

/**
 * The operation is not valid in the socket's current state (e.g. REQ sending twice).
 */
#define EFSM (ZMQ_HAUSNUMERO + 51)

/**
 * The peer speaks a protocol this socket cannot talk to.
 */
#define ENOCOMPATPROTO (ZMQ_HAUSNUMERO + 52)

/**
 * The context was terminated.
 */
#define ETERM (ZMQ_HAUSNUMERO + 53)

/**
 * No I/O thread is available for the operation.
 */
#define EMTHREAD (ZMQ_HAUSNUMERO + 54)

/**
 * Context option: number of I/O threads.
 */
#define ZMQ_IO_THREADS 1

/**
 * Context option: maximum number of sockets.
 */
#define ZMQ_MAX_SOCKETS 2

/**
 * Context option (read-only): largest value `ZMQ_MAX_SOCKETS` accepts.
 */
#define ZMQ_SOCKET_LIMIT 3

/**
 * Context option: scheduling priority of the I/O threads.
 */
#define ZMQ_THREAD_PRIORITY 3

/**
 * Context option: scheduling policy of the I/O threads.
 */
#define ZMQ_THREAD_SCHED_POLICY 4

/**
 * Context option: largest message size accepted.
 */
#define ZMQ_MAX_MSGSZ 5

/**
 * Context option (read-only): `sizeof (zmq_msg_t)`.
 */
#define ZMQ_MSG_T_SIZE 6

/**
 * Context option: add a CPU to the I/O threads' affinity set.
 */
#define ZMQ_THREAD_AFFINITY_CPU_ADD 7

/**
 * Context option: remove a CPU from the I/O threads' affinity set.
 */
#define ZMQ_THREAD_AFFINITY_CPU_REMOVE 8

/**
 * Context option: prefix of the I/O threads' names.
 */
#define ZMQ_THREAD_NAME_PREFIX 9

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Context option (draft): let received messages share the I/O buffers.
 */
#define ZMQ_ZERO_COPY_RECV 10
#endif

/**
 * Default number of I/O threads of a new context.
 */
#define ZMQ_IO_THREADS_DFLT 1

/**
 * Default socket limit of a new context.
 */
#define ZMQ_MAX_SOCKETS_DFLT 1023

/**
 * Default I/O thread priority: the system's.
 */
#define ZMQ_THREAD_PRIORITY_DFLT -1

/**
 * Default I/O thread scheduling policy: the system's.
 */
#define ZMQ_THREAD_SCHED_POLICY_DFLT -1

/**
 * Message property (`zmq_msg_get`): more frames of this message follow.
 */
#define ZMQ_MORE 1

/**
 * Message property (deprecated): file descriptor the message came from.
 */
#define ZMQ_SRCFD 2

/**
 * Message property: the message's data is shared with other messages.
 */
#define ZMQ_SHARED 3

/**
 * Send/receive flag: fail with `EAGAIN` instead of blocking.
 */
#define ZMQ_DONTWAIT 1

/**
 * Send flag: more frames of this message follow.
 */
#define ZMQ_SNDMORE 2

/**
 * Old name of `ZMQ_DONTWAIT`.
 */
#define ZMQ_NOBLOCK ZMQ_DONTWAIT

/**
 * Largest length of a RADIO/DISH group name, in bytes.
 */
#define ZMQ_GROUP_MAX_LENGTH 255

/**
 * Security mechanism: none.
 */
#define ZMQ_NULL 0

/**
 * Security mechanism: PLAIN (clear-text user name and password).
 */
#define ZMQ_PLAIN 1

/**
 * Security mechanism: CURVE (CurveZMQ encryption).
 */
#define ZMQ_CURVE 2

/**
 * Security mechanism: GSSAPI (Kerberos).
 */
#define ZMQ_GSSAPI 3

/**
 * GSSAPI principal name type: host-based service.
 */
#define ZMQ_GSSAPI_NT_HOSTBASED 0

/**
 * GSSAPI principal name type: user name.
 */
#define ZMQ_GSSAPI_NT_USER_NAME 1

/**
 * GSSAPI principal name type: Kerberos principal.
 */
#define ZMQ_GSSAPI_NT_KRB5_PRINCIPAL 2

/**
 * Poll event: a message can be received without blocking.
 */
#define ZMQ_POLLIN 1

/**
 * Poll event: a message can be sent without blocking.
 */
#define ZMQ_POLLOUT 2

/**
 * Poll event: an error condition on a plain file descriptor.
 */
#define ZMQ_POLLERR 4

/**
 * Poll event: urgent data on a plain file descriptor.
 */
#define ZMQ_POLLPRI 8

/**
 * Number of poll items `zmq_poll` handles without allocating.
 */
#define ZMQ_POLLITEMS_DFLT 16

/**
 * `zmq_has` exists and can be asked about capabilities.
 */
#define ZMQ_HAS_CAPABILITIES 1

/**
 * Device kind for the deprecated `zmq_device`: a streamer (PULL to PUSH).
 */
#define ZMQ_STREAMER 1

/**
 * Device kind for the deprecated `zmq_device`: a forwarder (SUB to PUB).
 */
#define ZMQ_FORWARDER 2

/**
 * Device kind for the deprecated `zmq_device`: a queue (ROUTER to DEALER).
 */
#define ZMQ_QUEUE 3

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * `ZMQ_ROUTER_NOTIFY` bit: deliver an empty message when a peer connects.
 */
#define ZMQ_NOTIFY_CONNECT 1
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * `ZMQ_ROUTER_NOTIFY` bit: deliver an empty message when a peer disconnects.
 */
#define ZMQ_NOTIFY_DISCONNECT 2
#endif

/**
 * Exclusive pair: one peer, both directions.
 */
#define ZMQ_PAIR 0

/**
 * Publisher: sends to every matching subscriber.
 */
#define ZMQ_PUB 1

/**
 * Subscriber: receives the topics it subscribed to.
 */
#define ZMQ_SUB 2

/**
 * Requester: strict send-then-receive with one peer at a time.
 */
#define ZMQ_REQ 3

/**
 * Replier: strict receive-then-send.
 */
#define ZMQ_REP 4

/**
 * Dealer: load-balanced sending, fair-queued receiving, no envelope handling.
 */
#define ZMQ_DEALER 5

/**
 * Router: addresses peers by routing id.
 */
#define ZMQ_ROUTER 6

/**
 * Pipeline receiver.
 */
#define ZMQ_PULL 7

/**
 * Pipeline sender.
 */
#define ZMQ_PUSH 8

/**
 * Publisher that also receives subscription messages.
 */
#define ZMQ_XPUB 9

/**
 * Subscriber that sends its subscriptions as messages.
 */
#define ZMQ_XSUB 10

/**
 * Raw TCP peers, each addressed by a routing id.
 */
#define ZMQ_STREAM 11

/**
 * Old name of `ZMQ_DEALER`.
 */
#define ZMQ_XREQ ZMQ_DEALER

/**
 * Old name of `ZMQ_ROUTER`.
 */
#define ZMQ_XREP ZMQ_ROUTER

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Draft, thread-safe: server side of CLIENT/SERVER.
 */
#define ZMQ_SERVER 12
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Draft, thread-safe: client side of CLIENT/SERVER.
 */
#define ZMQ_CLIENT 13
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Draft, thread-safe: group publisher of RADIO/DISH.
 */
#define ZMQ_RADIO 14
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Draft, thread-safe: group subscriber of RADIO/DISH.
 */
#define ZMQ_DISH 15
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Draft, thread-safe: fair-queued receiver of SCATTER/GATHER.
 */
#define ZMQ_GATHER 16
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Draft, thread-safe: load-balanced sender of SCATTER/GATHER.
 */
#define ZMQ_SCATTER 17
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Draft: UDP datagrams.
 */
#define ZMQ_DGRAM 18
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Draft, thread-safe: peer-to-peer with routing ids.
 */
#define ZMQ_PEER 19
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Draft, thread-safe: exclusive pair.
 */
#define ZMQ_CHANNEL 20
#endif

/**
 * I/O thread affinity of new connections (bitmask).
 */
#define ZMQ_AFFINITY 4

/**
 * The socket's routing id, as ROUTER peers see it.
 */
#define ZMQ_ROUTING_ID 5

/**
 * SUB/XSUB: add a topic prefix to the subscriptions.
 */
#define ZMQ_SUBSCRIBE 6

/**
 * SUB/XSUB: remove a topic prefix from the subscriptions.
 */
#define ZMQ_UNSUBSCRIBE 7

/**
 * Multicast data rate, in kilobits per second.
 */
#define ZMQ_RATE 8

/**
 * Multicast recovery interval, in milliseconds.
 */
#define ZMQ_RECOVERY_IVL 9

/**
 * Kernel send buffer size (`SO_SNDBUF`).
 */
#define ZMQ_SNDBUF 11

/**
 * Kernel receive buffer size (`SO_RCVBUF`).
 */
#define ZMQ_RCVBUF 12

/**
 * Read-only: more frames of the last received message follow.
 */
#define ZMQ_RCVMORE 13

/**
 * Read-only: a file descriptor that signals when events may be pending.
 */
#define ZMQ_FD 14

/**
 * Read-only: the socket's pending `ZMQ_POLLIN`/`ZMQ_POLLOUT` state.
 */
#define ZMQ_EVENTS 15

/**
 * Read-only: the socket's type.
 */
#define ZMQ_TYPE 16

/**
 * How long unsent messages are kept after `zmq_close`, in milliseconds.
 */
#define ZMQ_LINGER 17

/**
 * Initial reconnection interval, in milliseconds.
 */
#define ZMQ_RECONNECT_IVL 18

/**
 * Length of the listen queue of pending connections.
 */
#define ZMQ_BACKLOG 19

/**
 * Largest reconnection interval with exponential backoff, in milliseconds.
 */
#define ZMQ_RECONNECT_IVL_MAX 21

/**
 * Largest inbound message accepted, in bytes (-1: no limit).
 */
#define ZMQ_MAXMSGSIZE 22

/**
 * Send high-water mark, in messages.
 */
#define ZMQ_SNDHWM 23

/**
 * Receive high-water mark, in messages.
 */
#define ZMQ_RCVHWM 24

/**
 * Multicast hop limit (TTL).
 */
#define ZMQ_MULTICAST_HOPS 25

/**
 * Receive timeout, in milliseconds (-1: block).
 */
#define ZMQ_RCVTIMEO 27

/**
 * Send timeout, in milliseconds (-1: block).
 */
#define ZMQ_SNDTIMEO 28

/**
 * Read-only: the last endpoint bound, with any wildcard resolved.
 */
#define ZMQ_LAST_ENDPOINT 32

/**
 * ROUTER: fail with `EHOSTUNREACH` instead of dropping unroutable messages.
 */
#define ZMQ_ROUTER_MANDATORY 33

/**
 * TCP keepalive (`SO_KEEPALIVE`): -1 system default, 0 off, 1 on.
 */
#define ZMQ_TCP_KEEPALIVE 34

/**
 * TCP keepalive probe count (`TCP_KEEPCNT`).
 */
#define ZMQ_TCP_KEEPALIVE_CNT 35

/**
 * TCP keepalive idle time (`TCP_KEEPIDLE`), in seconds.
 */
#define ZMQ_TCP_KEEPALIVE_IDLE 36

/**
 * TCP keepalive probe interval (`TCP_KEEPINTVL`), in seconds.
 */
#define ZMQ_TCP_KEEPALIVE_INTVL 37

/**
 * Queue messages only to completed connections.
 */
#define ZMQ_IMMEDIATE 39

/**
 * XPUB: pass every subscription up, duplicates included.
 */
#define ZMQ_XPUB_VERBOSE 40

/**
 * ROUTER: raw mode, without ZMTP framing.
 */
#define ZMQ_ROUTER_RAW 41

/**
 * Use IPv6 as well as IPv4.
 */
#define ZMQ_IPV6 42

/**
 * Read-only: the security mechanism in use.
 */
#define ZMQ_MECHANISM 43

/**
 * PLAIN: act as the server.
 */
#define ZMQ_PLAIN_SERVER 44

/**
 * PLAIN: the client's user name.
 */
#define ZMQ_PLAIN_USERNAME 45

/**
 * PLAIN: the client's password.
 */
#define ZMQ_PLAIN_PASSWORD 46

/**
 * CURVE: act as the server.
 */
#define ZMQ_CURVE_SERVER 47

/**
 * CURVE: this socket's long-term public key.
 */
#define ZMQ_CURVE_PUBLICKEY 48

/**
 * CURVE: this socket's long-term secret key.
 */
#define ZMQ_CURVE_SECRETKEY 49

/**
 * CURVE: the server's long-term public key, set on a client.
 */
#define ZMQ_CURVE_SERVERKEY 50

/**
 * Send an empty message to each new ROUTER peer on connect.
 */
#define ZMQ_PROBE_ROUTER 51

/**
 * REQ: match replies to requests with a request id.
 */
#define ZMQ_REQ_CORRELATE 52

/**
 * REQ: allow a new request before the reply to the last one.
 */
#define ZMQ_REQ_RELAXED 53

/**
 * Keep only the last message in each queue.
 */
#define ZMQ_CONFLATE 54

/**
 * The ZAP authentication domain.
 */
#define ZMQ_ZAP_DOMAIN 55

/**
 * ROUTER: a new peer with a taken routing id takes over the old connection.
 */
#define ZMQ_ROUTER_HANDOVER 56

/**
 * IP type-of-service of outgoing packets.
 */
#define ZMQ_TOS 57

/**
 * The routing id to give the peer of the next `zmq_connect`.
 */
#define ZMQ_CONNECT_ROUTING_ID 61

/**
 * GSSAPI: act as the server.
 */
#define ZMQ_GSSAPI_SERVER 62

/**
 * GSSAPI: this socket's principal.
 */
#define ZMQ_GSSAPI_PRINCIPAL 63

/**
 * GSSAPI: the server's principal, set on a client.
 */
#define ZMQ_GSSAPI_SERVICE_PRINCIPAL 64

/**
 * GSSAPI: authenticate without encrypting.
 */
#define ZMQ_GSSAPI_PLAINTEXT 65

/**
 * Largest time a handshake may take, in milliseconds.
 */
#define ZMQ_HANDSHAKE_IVL 66

/**
 * SOCKS5 proxy address for outgoing TCP connections.
 */
#define ZMQ_SOCKS_PROXY 68

/**
 * XPUB/PUB: fail with `EAGAIN` at the high-water mark instead of dropping.
 */
#define ZMQ_XPUB_NODROP 69

/**
 * Whether `zmq_ctx_term` waits for lingering messages (the old behaviour).
 */
#define ZMQ_BLOCKY 70

/**
 * XPUB: subscriptions are applied by the application, not automatically.
 */
#define ZMQ_XPUB_MANUAL 71

/**
 * XPUB: a message sent to each new subscriber.
 */
#define ZMQ_XPUB_WELCOME_MSG 72

/**
 * STREAM: deliver connect and disconnect notifications.
 */
#define ZMQ_STREAM_NOTIFY 73

/**
 * PUB/SUB: deliver the messages that do NOT match the subscriptions.
 */
#define ZMQ_INVERT_MATCHING 74

/**
 * Interval between ZMTP heartbeats, in milliseconds.
 */
#define ZMQ_HEARTBEAT_IVL 75

/**
 * Time-to-live the peer should apply to our heartbeats, in milliseconds.
 */
#define ZMQ_HEARTBEAT_TTL 76

/**
 * How long to wait for a heartbeat reply, in milliseconds.
 */
#define ZMQ_HEARTBEAT_TIMEOUT 77

/**
 * XPUB: pass every subscription and unsubscription up.
 */
#define ZMQ_XPUB_VERBOSER 78

/**
 * Timeout of a TCP connect, in milliseconds.
 */
#define ZMQ_CONNECT_TIMEOUT 79

/**
 * Largest TCP retransmission time (`TCP_USER_TIMEOUT`), in milliseconds.
 */
#define ZMQ_TCP_MAXRT 80

/**
 * Read-only: whether the socket may be used from several threads at once.
 */
#define ZMQ_THREAD_SAFE 81

/**
 * Largest multicast transport data unit, in bytes.
 */
#define ZMQ_MULTICAST_MAXTPDU 84

/**
 * VMCI buffer size.
 */
#define ZMQ_VMCI_BUFFER_SIZE 85

/**
 * VMCI smallest buffer size.
 */
#define ZMQ_VMCI_BUFFER_MIN_SIZE 86

/**
 * VMCI largest buffer size.
 */
#define ZMQ_VMCI_BUFFER_MAX_SIZE 87

/**
 * VMCI connect timeout.
 */
#define ZMQ_VMCI_CONNECT_TIMEOUT 88

/**
 * Use this pre-bound file descriptor for the next bind.
 */
#define ZMQ_USE_FD 89

/**
 * GSSAPI: name type of `ZMQ_GSSAPI_PRINCIPAL`.
 */
#define ZMQ_GSSAPI_PRINCIPAL_NAMETYPE 90

/**
 * GSSAPI: name type of `ZMQ_GSSAPI_SERVICE_PRINCIPAL`.
 */
#define ZMQ_GSSAPI_SERVICE_PRINCIPAL_NAMETYPE 91

/**
 * Bind the socket's connections to this network device (`SO_BINDTODEVICE`).
 */
#define ZMQ_BINDTODEVICE 92

/**
 * Old name of `ZMQ_ROUTING_ID`.
 */
#define ZMQ_IDENTITY ZMQ_ROUTING_ID

/**
 * Old name of `ZMQ_CONNECT_ROUTING_ID`.
 */
#define ZMQ_CONNECT_RID ZMQ_CONNECT_ROUTING_ID

/**
 * Retired: only accept TCP peers from these addresses.
 */
#define ZMQ_TCP_ACCEPT_FILTER 38

/**
 * Retired: only accept IPC peers with this process id.
 */
#define ZMQ_IPC_FILTER_PID 58

/**
 * Retired: only accept IPC peers with this user id.
 */
#define ZMQ_IPC_FILTER_UID 59

/**
 * Retired: only accept IPC peers with this group id.
 */
#define ZMQ_IPC_FILTER_GID 60

/**
 * Retired: IPv4 only (the opposite of `ZMQ_IPV6`).
 */
#define ZMQ_IPV4ONLY 31

/**
 * Old name of `ZMQ_IMMEDIATE`.
 */
#define ZMQ_DELAY_ATTACH_ON_CONNECT ZMQ_IMMEDIATE

/**
 * Old name of `ZMQ_ROUTER_MANDATORY`.
 */
#define ZMQ_FAIL_UNROUTABLE ZMQ_ROUTER_MANDATORY

/**
 * Old name of `ZMQ_ROUTER_MANDATORY`.
 */
#define ZMQ_ROUTER_BEHAVIOR ZMQ_ROUTER_MANDATORY

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Draft: enforce the ZAP domain even when it is empty.
 */
#define ZMQ_ZAP_ENFORCE_DOMAIN 93
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Draft: Windows TCP loopback fast path.
 */
#define ZMQ_LOOPBACK_FASTPATH 94
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Draft: add a `name:value` metadata property to the handshake.
 */
#define ZMQ_METADATA 95
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Draft: loop multicast back to the sending host.
 */
#define ZMQ_MULTICAST_LOOP 96
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Draft: ROUTER connect/disconnect notifications (`ZMQ_NOTIFY_*` bits).
 */
#define ZMQ_ROUTER_NOTIFY 97
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Draft: XPUB manual mode that also passes the last unsubscription up.
 */
#define ZMQ_XPUB_MANUAL_LAST_VALUE 98
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Draft: SOCKS5 user name.
 */
#define ZMQ_SOCKS_USERNAME 99
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Draft: SOCKS5 password.
 */
#define ZMQ_SOCKS_PASSWORD 100
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Draft: bytes read from the network in one batch.
 */
#define ZMQ_IN_BATCH_SIZE 101
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Draft: bytes written to the network in one batch.
 */
#define ZMQ_OUT_BATCH_SIZE 102
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Draft: WSS private key, PEM.
 */
#define ZMQ_WSS_KEY_PEM 103
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Draft: WSS certificate, PEM.
 */
#define ZMQ_WSS_CERT_PEM 104
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Draft: WSS trusted certificate, PEM.
 */
#define ZMQ_WSS_TRUST_PEM 105
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Draft: WSS host name to verify.
 */
#define ZMQ_WSS_HOSTNAME 106
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Draft: WSS trusts the system's certificate store.
 */
#define ZMQ_WSS_TRUST_SYSTEM 107
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Draft: XPUB/XSUB only treat the first frame of a message as a subscription.
 */
#define ZMQ_ONLY_FIRST_SUBSCRIBE 108
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Draft: when to stop reconnecting (`ZMQ_RECONNECT_STOP_*` bits).
 */
#define ZMQ_RECONNECT_STOP 109
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Draft: a message sent to each peer when it connects.
 */
#define ZMQ_HELLO_MSG 110
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Draft: a message the socket receives when a peer disconnects.
 */
#define ZMQ_DISCONNECT_MSG 111
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Draft: `SO_PRIORITY` of the socket's connections.
 */
#define ZMQ_PRIORITY 112
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Draft: `SO_BUSY_POLL` of the socket's connections.
 */
#define ZMQ_BUSY_POLL 113
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Draft: a message the socket receives when a connection is interrupted.
 */
#define ZMQ_HICCUP_MSG 114
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Draft: XSUB passes every unsubscription up, duplicates included.
 */
#define ZMQ_XSUB_VERBOSE_UNSUBSCRIBE 115
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Draft, read-only: number of distinct topics subscribed.
 */
#define ZMQ_TOPICS_COUNT 116
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Draft: NORM congestion-control mode (`ZMQ_NORM_FIXED` ...).
 */
#define ZMQ_NORM_MODE 117
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Draft: NORM unicast NACKs.
 */
#define ZMQ_NORM_UNICAST_NACK 118
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Draft: NORM buffer size.
 */
#define ZMQ_NORM_BUFFER_SIZE 119
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Draft: NORM segment size.
 */
#define ZMQ_NORM_SEGMENT_SIZE 120
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Draft: NORM block size.
 */
#define ZMQ_NORM_BLOCK_SIZE 121
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Draft: NORM parity segments per block.
 */
#define ZMQ_NORM_NUM_PARITY 122
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Draft: NORM proactive parity segments.
 */
#define ZMQ_NORM_NUM_AUTOPARITY 123
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Draft: NORM push mode.
 */
#define ZMQ_NORM_PUSH 124
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * `ZMQ_NORM_MODE`: fixed rate.
 */
#define ZMQ_NORM_FIXED 0
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * `ZMQ_NORM_MODE`: congestion control.
 */
#define ZMQ_NORM_CC 1
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * `ZMQ_NORM_MODE`: loss-tolerant congestion control.
 */
#define ZMQ_NORM_CCL 2
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * `ZMQ_NORM_MODE`: ECN-aware congestion control.
 */
#define ZMQ_NORM_CCE 3
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * `ZMQ_NORM_MODE`: ECN-only congestion control.
 */
#define ZMQ_NORM_CCE_ECNONLY 4
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * `ZMQ_RECONNECT_STOP` bit: stop when the connection is refused.
 */
#define ZMQ_RECONNECT_STOP_CONN_REFUSED 1
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * `ZMQ_RECONNECT_STOP` bit: stop when the handshake fails.
 */
#define ZMQ_RECONNECT_STOP_HANDSHAKE_FAILED 2
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * `ZMQ_RECONNECT_STOP` bit: stop after a disconnect (4 in libzmq 4.3.5; 3 in 4.3.4).
 */
#define ZMQ_RECONNECT_STOP_AFTER_DISCONNECT 4
#endif

/**
 * A connection to a remote peer was made.
 */
#define ZMQ_EVENT_CONNECTED 1

/**
 * A synchronous connect failed; it is being retried.
 */
#define ZMQ_EVENT_CONNECT_DELAYED 2

/**
 * A reconnect attempt was scheduled.
 */
#define ZMQ_EVENT_CONNECT_RETRIED 4

/**
 * The socket was bound and listens.
 */
#define ZMQ_EVENT_LISTENING 8

/**
 * The socket could not bind.
 */
#define ZMQ_EVENT_BIND_FAILED 16

/**
 * A connection from a remote peer was accepted.
 */
#define ZMQ_EVENT_ACCEPTED 32

/**
 * A connection from a remote peer could not be accepted.
 */
#define ZMQ_EVENT_ACCEPT_FAILED 64

/**
 * A connection's underlying descriptor was closed.
 */
#define ZMQ_EVENT_CLOSED 128

/**
 * A descriptor could not be released back to the system.
 */
#define ZMQ_EVENT_CLOSE_FAILED 256

/**
 * The session was broken unexpectedly.
 */
#define ZMQ_EVENT_DISCONNECTED 512

/**
 * Monitoring of this socket stopped.
 */
#define ZMQ_EVENT_MONITOR_STOPPED 1024

/**
 * Every stable event.
 */
#define ZMQ_EVENT_ALL 65535

/**
 * The handshake failed for a system reason; the event value is an errno.
 */
#define ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL 2048

/**
 * The handshake (and authentication, if any) succeeded.
 */
#define ZMQ_EVENT_HANDSHAKE_SUCCEEDED 4096

/**
 * The handshake failed on a protocol error; the value is a `ZMQ_PROTOCOL_ERROR_*`.
 */
#define ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL 8192

/**
 * Authentication failed; the value is the ZAP status code (300, 400 or 500).
 */
#define ZMQ_EVENT_HANDSHAKE_FAILED_AUTH 16384

/**
 * ZMTP error of no more precise kind.
 */
#define ZMQ_PROTOCOL_ERROR_ZMTP_UNSPECIFIED 268435456

/**
 * ZMTP: a command arrived that the state does not allow.
 */
#define ZMQ_PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND 268435457

/**
 * ZMTP: a nonce or message sequence was wrong.
 */
#define ZMQ_PROTOCOL_ERROR_ZMTP_INVALID_SEQUENCE 268435458

/**
 * ZMTP: the key exchange failed.
 */
#define ZMQ_PROTOCOL_ERROR_ZMTP_KEY_EXCHANGE 268435459

/**
 * ZMTP: a malformed command of no more precise kind.
 */
#define ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED 268435473

/**
 * ZMTP: a malformed MESSAGE command.
 */
#define ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_MESSAGE 268435474

/**
 * ZMTP: a malformed HELLO command.
 */
#define ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_HELLO 268435475

/**
 * ZMTP: a malformed INITIATE command.
 */
#define ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_INITIATE 268435476

/**
 * ZMTP: a malformed ERROR command.
 */
#define ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_ERROR 268435477

/**
 * ZMTP: a malformed READY command.
 */
#define ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_READY 268435478

/**
 * ZMTP: a malformed WELCOME command.
 */
#define ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_WELCOME 268435479

/**
 * ZMTP: the peer's metadata was invalid.
 */
#define ZMQ_PROTOCOL_ERROR_ZMTP_INVALID_METADATA 268435480

/**
 * ZMTP: a cryptographic check failed (often a peer's wrong key).
 */
#define ZMQ_PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC 285212673

/**
 * ZMTP: the two peers use different security mechanisms.
 */
#define ZMQ_PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH 285212674

/**
 * ZAP error of no more precise kind.
 */
#define ZMQ_PROTOCOL_ERROR_ZAP_UNSPECIFIED 536870912

/**
 * ZAP: the handler's reply was malformed.
 */
#define ZMQ_PROTOCOL_ERROR_ZAP_MALFORMED_REPLY 536870913

/**
 * ZAP: the reply's request id did not match.
 */
#define ZMQ_PROTOCOL_ERROR_ZAP_BAD_REQUEST_ID 536870914

/**
 * ZAP: the reply's version was not 1.0.
 */
#define ZMQ_PROTOCOL_ERROR_ZAP_BAD_VERSION 536870915

/**
 * ZAP: the reply's status code was not 200, 300, 400 or 500.
 */
#define ZMQ_PROTOCOL_ERROR_ZAP_INVALID_STATUS_CODE 536870916

/**
 * ZAP: the reply's metadata was invalid.
 */
#define ZMQ_PROTOCOL_ERROR_ZAP_INVALID_METADATA 536870917

/**
 * WebSocket error of no more precise kind.
 */
#define ZMQ_PROTOCOL_ERROR_WS_UNSPECIFIED 805306368

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Draft event: per-pipe queue statistics, asked for by `zmq_socket_monitor_pipes_stats`.
 */
#define ZMQ_EVENT_PIPES_STATS 65536
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Draft: the stable event format (version 1) for `zmq_socket_monitor_versioned`.
 */
#define ZMQ_CURRENT_EVENT_VERSION 1
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Draft: the draft event format (version 2) for `zmq_socket_monitor_versioned`.
 */
#define ZMQ_CURRENT_EVENT_VERSION_DRAFT 2
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Draft: every event of format version 1.
 */
#define ZMQ_EVENT_ALL_V1 ZMQ_EVENT_ALL
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Draft: every event of format version 2. (libzmq leaves this macro unparenthesised;
 */
#define ZMQ_EVENT_ALL_V2 (ZMQ_EVENT_ALL_V1 | ZMQ_EVENT_PIPES_STATS)
#endif

/**
 * A message, opaque to C: 64 bytes, aligned to a pointer, as libzmq's `zmq_msg_t`.
 */
typedef struct ZMQ_ALIGNED_(8) zmq_msg_t {
  uint8_t _[64];
} zmq_msg_t;

/**
 * A file descriptor as `zmq.h` names it on POSIX.
 */
typedef int zmq_fd_t;

/**
 * One entry of a `zmq_poll` set.
 */
typedef struct zmq_pollitem_t {
  void *socket;
  zmq_fd_t fd;
  short events;
  short revents;
} zmq_pollitem_t;

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * One event reported by `zmq_poller_wait`/`zmq_poller_wait_all` (draft).
 */
typedef struct zmq_poller_event_t {
  void *socket;
  zmq_fd_t fd;
  void *user_data;
  short events;
} zmq_poller_event_t;
#endif

#ifdef __cplusplus
extern "C" {
#endif // __cplusplus

/**
 * Create a context.
 */
ZMQ_EXPORT void *zmq_ctx_new(void);

/**
 * Create a context with `io_threads` I/O threads (deprecated form of `zmq_ctx_new`).
 */
ZMQ_EXPORT void *zmq_init(int io_threads);

/**
 * Terminate a context: wait until all its sockets are closed, then free it.
 */
ZMQ_EXPORT int zmq_ctx_term(void *ctx);

/**
 * Same as `zmq_ctx_term` (deprecated name).
 */
ZMQ_EXPORT int zmq_term(void *ctx);

/**
 * Same as `zmq_ctx_term` (deprecated name).
 */
ZMQ_EXPORT int zmq_ctx_destroy(void *ctx);

/**
 * Make blocking calls on the context's sockets return `ETERM`; do not wait.
 */
ZMQ_EXPORT int zmq_ctx_shutdown(void *ctx);

/**
 * Set a context option.
 */
ZMQ_EXPORT int zmq_ctx_set(void *ctx, int option, int optval);

/**
 * Read a context option.
 */
ZMQ_EXPORT int zmq_ctx_get(void *ctx, int option);

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Set a context option from a buffer (draft).
 */
ZMQ_EXPORT int zmq_ctx_set_ext(void *ctx, int option, const void *optval, size_t optvallen);
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Read a context option into a buffer (draft).
 */
ZMQ_EXPORT int zmq_ctx_get_ext(void *ctx, int option, void *optval, size_t *optvallen);
#endif

/**
 * Publish the socket's events on a PAIR bound to an inproc endpoint (NULL: stop).
 */
ZMQ_EXPORT int zmq_socket_monitor(void *socket, const char *endpoint, int events);

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Draft: the socket monitor with a choice of event format and publishing socket.
 */
ZMQ_EXPORT
int zmq_socket_monitor_versioned(void *socket,
                                 const char *endpoint,
                                 uint64_t events,
                                 int event_version,
                                 int monitor_type);
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Draft: raise one `ZMQ_EVENT_PIPES_STATS` event per pipe of the socket.
 */
ZMQ_EXPORT int zmq_socket_monitor_pipes_stats(void *socket);
#endif

/**
 * Initialise an empty message.
 */
ZMQ_EXPORT int zmq_msg_init(struct zmq_msg_t *msg);

/**
 * Initialise a message of `size` bytes to fill; `ENOMEM` if they cannot be allocated.
 */
ZMQ_EXPORT int zmq_msg_init_size(struct zmq_msg_t *msg, size_t size);

/**
 * Initialise a message over the caller's buffer without copying it. `ffn(data, hint)`
 */
ZMQ_EXPORT
int zmq_msg_init_data(struct zmq_msg_t *msg,
                      void *data,
                      size_t size,
                      zmq_free_fn * ffn,
                      void *hint);

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Initialise a message holding a copy of `size` bytes at `buf` (draft).
 */
ZMQ_EXPORT int zmq_msg_init_buffer(struct zmq_msg_t *msg, const void *buf, size_t size);
#endif

/**
 * Release a message; `EFAULT` if it is not initialised (or already closed).
 */
ZMQ_EXPORT int zmq_msg_close(struct zmq_msg_t *msg);

/**
 * Move `src` into `dest` (releasing what `dest` held); `src` becomes an empty
 */
ZMQ_EXPORT int zmq_msg_move(struct zmq_msg_t *dest, struct zmq_msg_t *src);

/**
 * Make `dest` a copy of `src` sharing its payload (releasing what `dest` held). Both
 */
ZMQ_EXPORT int zmq_msg_copy(struct zmq_msg_t *dest, struct zmq_msg_t *src);

/**
 * The payload; NULL with `EFAULT` for an invalid message (libzmq would abort).
 */
ZMQ_EXPORT void *zmq_msg_data(struct zmq_msg_t *msg);

/**
 * The payload size; 0 with `EFAULT` for an invalid message (libzmq would abort).
 */
ZMQ_EXPORT size_t zmq_msg_size(const struct zmq_msg_t *msg);

/**
 * 1 if more parts follow, else 0. An invalid message gives 0 with `EFAULT`, so that a
 */
ZMQ_EXPORT int zmq_msg_more(const struct zmq_msg_t *msg);

/**
 * An integer property: `ZMQ_MORE`, `ZMQ_SRCFD` (-1 with `EINVAL` when the message did
 */
ZMQ_EXPORT int zmq_msg_get(const struct zmq_msg_t *msg, int property);

/**
 * Set an integer property: libzmq 4.3.5 has none that can be set, so always `EINVAL`.
 */
ZMQ_EXPORT int zmq_msg_set(struct zmq_msg_t *msg, int property, int value);

/**
 * A metadata property of the connection the message came from (`Socket-Type`,
 */
ZMQ_EXPORT const char *zmq_msg_gets(const struct zmq_msg_t *msg, const char *property);

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Set the routing id (draft); 0 is not a routing id (`EINVAL`).
 */
ZMQ_EXPORT int zmq_msg_set_routing_id(struct zmq_msg_t *msg, uint32_t routing_id);
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * The routing id (draft); 0 when none, and 0 with `EFAULT` for an invalid message.
 */
ZMQ_EXPORT uint32_t zmq_msg_routing_id(struct zmq_msg_t *msg);
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Set the group (draft); `EINVAL` if NULL, not UTF-8 or longer than 255 bytes.
 */
ZMQ_EXPORT int zmq_msg_set_group(struct zmq_msg_t *msg, const char *group);
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * The group (draft): `""` when none; the string lives as long as the message's group.
 */
ZMQ_EXPORT const char *zmq_msg_group(struct zmq_msg_t *msg);
#endif

/**
 * Wait for events on sockets and file descriptors.
 */
ZMQ_EXPORT int zmq_poll(struct zmq_pollitem_t *items, int nitems, long timeout);

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * `zmq_poll` with a signal mask applied while waiting, as `ppoll(2)` (draft).
 */
ZMQ_EXPORT
int zmq_ppoll(struct zmq_pollitem_t *items,
              int nitems,
              long timeout,
              const sigset_t *sigmask);
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * A new, empty poller (draft).
 */
ZMQ_EXPORT void *zmq_poller_new(void);
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Free a poller and set `*poller_p` to NULL (draft).
 */
ZMQ_EXPORT int zmq_poller_destroy(void **poller_p);
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Number of items in a poller (draft).
 */
ZMQ_EXPORT int zmq_poller_size(void *p);
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Add a socket (draft).
 */
ZMQ_EXPORT int zmq_poller_add(void *p, void *s, void *user_data, short events);
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Change a socket's events (draft).
 */
ZMQ_EXPORT int zmq_poller_modify(void *p, void *s, short events);
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Remove a socket (draft).
 */
ZMQ_EXPORT int zmq_poller_remove(void *p, void *s);
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Add a file descriptor (draft).
 */
ZMQ_EXPORT int zmq_poller_add_fd(void *p, zmq_fd_t fd, void *user_data, short events);
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Change a file descriptor's events (draft).
 */
ZMQ_EXPORT int zmq_poller_modify_fd(void *p, zmq_fd_t fd, short events);
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Remove a file descriptor (draft).
 */
ZMQ_EXPORT int zmq_poller_remove_fd(void *p, zmq_fd_t fd);
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Wait for one event (draft). `EAGAIN` when the timeout ends with none.
 */
ZMQ_EXPORT int zmq_poller_wait(void *p, struct zmq_poller_event_t *event, long timeout);
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * Wait for up to `n_events` events; returns how many (draft).
 */
ZMQ_EXPORT
int zmq_poller_wait_all(void *p,
                        struct zmq_poller_event_t *events,
                        int n_events,
                        long timeout);
#endif

#if defined(ZMQ_BUILD_DRAFT_API)
/**
 * The poller's own descriptor (draft). libzmq has one only when thread-safe sockets
 */
ZMQ_EXPORT int zmq_poller_fd(void *p, zmq_fd_t *fd);
#endif

/**
 * Shuttle messages between two sockets until the context terminates.
 */
ZMQ_EXPORT int zmq_proxy(void *frontend, void *backend, void *capture);

/**
 * A proxy that a control socket steers.
 */
ZMQ_EXPORT int zmq_proxy_steerable(void *frontend, void *backend, void *capture, void *control);

/**
 * The deprecated proxy.
 */
ZMQ_EXPORT int zmq_device(int device_type, void *frontend, void *backend);

/**
 * Create a socket of `type_` in context `ctx`.
 */
ZMQ_EXPORT void *zmq_socket(void *ctx, int type_);

/**
 * Close a socket.
 */
ZMQ_EXPORT int zmq_close(void *s);

/**
 * Set a socket option.
 */
ZMQ_EXPORT int zmq_setsockopt(void *s, int option, const void *optval, size_t optvallen);

/**
 * Read a socket option.
 */
ZMQ_EXPORT int zmq_getsockopt(void *s, int option, void *optval, size_t *optvallen);

/**
 * Accept connections on an endpoint.
 */
ZMQ_EXPORT int zmq_bind(void *s, const char *addr);

/**
 * Connect to an endpoint.
 */
ZMQ_EXPORT int zmq_connect(void *s, const char *addr);

/**
 * Stop accepting connections on an endpoint.
 */
ZMQ_EXPORT int zmq_unbind(void *s, const char *addr);

/**
 * Disconnect from an endpoint.
 */
ZMQ_EXPORT int zmq_disconnect(void *s, const char *addr);

/**
 * Send `len` bytes from `buf` as one part (copied).
 */
ZMQ_EXPORT int zmq_send(void *s, const void *buf, size_t len, int flags);

/**
 * Send `len` bytes at `buf` as one part without copying: the caller promises the
 */
ZMQ_EXPORT int zmq_send_const(void *s, const void *buf, size_t len, int flags);

/**
 * Receive one part into `buf`, truncating to `len`; returns the full part size.
 */
ZMQ_EXPORT int zmq_recv(void *s, void *buf, size_t len, int flags);

/**
 * Send the message `msg` (its content is taken on success).
 */
ZMQ_EXPORT int zmq_msg_send(struct zmq_msg_t *msg, void *s, int flags);

/**
 * Receive a part into the message `msg`; returns its size.
 */
ZMQ_EXPORT int zmq_msg_recv(struct zmq_msg_t *msg, void *s, int flags);

/**
 * Deprecated form of `zmq_msg_send` with the arguments in another order.
 */
ZMQ_EXPORT int zmq_sendmsg(void *s, struct zmq_msg_t *msg, int flags);

/**
 * Deprecated form of `zmq_msg_recv` with the arguments in another order.
 */
ZMQ_EXPORT int zmq_recvmsg(void *s, struct zmq_msg_t *msg, int flags);

/**
 * Send `count` buffers as parts. As in libzmq, every part but the last is sent with
 */
ZMQ_EXPORT int zmq_sendiov(void *s, struct iovec *iov, size_t count, int flags);

/**
 * Receive up to `*count` parts of one message into buffers this function allocates
 */
ZMQ_EXPORT int zmq_recviov(void *s, struct iovec *iov, size_t *count, int flags);

#if (defined(ZMQ_BUILD_DRAFT_API) && defined(ZMQ_BUILD_DRAFT_API))
/**
 * Draft: a DISH socket joins a group. Not built yet: `ENOTSUP`.
 */
ZMQ_EXPORT int zmq_join(void *socket, const char *group);
#endif

#if (defined(ZMQ_BUILD_DRAFT_API) && defined(ZMQ_BUILD_DRAFT_API))
/**
 * Draft: a DISH socket leaves a group. Not built yet: `ENOTSUP`.
 */
ZMQ_EXPORT int zmq_leave(void *socket, const char *group);
#endif

#if (defined(ZMQ_BUILD_DRAFT_API) && defined(ZMQ_BUILD_DRAFT_API))
/**
 * Draft: a PEER socket connects and returns the peer's routing id. Not built: 0, `ENOTSUP`.
 */
ZMQ_EXPORT uint32_t zmq_connect_peer(void *socket, const char *endpoint);
#endif

#if (defined(ZMQ_BUILD_DRAFT_API) && defined(ZMQ_BUILD_DRAFT_API))
/**
 * Draft: the connection state of the peer with this routing id. Not built yet: `ENOTSUP`.
 */
ZMQ_EXPORT
int zmq_socket_get_peer_state(void *socket,
                              const void *routing_id,
                              size_t routing_id_size);
#endif

/**
 * The calling thread's `errno`, as C sees it.
 */
ZMQ_EXPORT int zmq_errno(void);

/**
 * The text for an error number: libzmq's for its own codes (and for the
 */
ZMQ_EXPORT const char *zmq_strerror(int errnum);

/**
 * Write the library version (4.3.5) through the non-NULL pointers.
 */
ZMQ_EXPORT void zmq_version(int *major, int *minor, int *patch);

/**
 * 1 if the library has `capability` ("ipc", "curve", "draft"...), else 0 (also for
 */
ZMQ_EXPORT int zmq_has(const char *capability);

/**
 * Make a new counter, starting at 0.
 */
ZMQ_EXPORT void *zmq_atomic_counter_new(void);

/**
 * Set the counter to `value`. A NULL or foreign handle sets `errno` to `EFAULT`.
 */
ZMQ_EXPORT void zmq_atomic_counter_set(void *counter, int value);

/**
 * Add 1; returns the value before the increment (-1 with `EFAULT` on a bad handle).
 */
ZMQ_EXPORT int zmq_atomic_counter_inc(void *counter);

/**
 * Subtract 1; returns 1 if the counter is still non-zero, 0 if it reached zero
 */
ZMQ_EXPORT int zmq_atomic_counter_dec(void *counter);

/**
 * The counter's value (-1 with `EFAULT` on a bad handle).
 */
ZMQ_EXPORT int zmq_atomic_counter_value(void *counter);

/**
 * Free the counter at `*counter_p` and set `*counter_p` to NULL. A NULL `*counter_p`
 */
ZMQ_EXPORT void zmq_atomic_counter_destroy(void **counter_p);

/**
 * Start a stopwatch; free it with [`zmq_stopwatch_stop`].
 */
ZMQ_EXPORT void *zmq_stopwatch_start(void);

/**
 * Microseconds since the stopwatch started; it keeps running.
 */
ZMQ_EXPORT unsigned long zmq_stopwatch_intermediate(void *watch);

/**
 * Microseconds since the stopwatch started; frees it.
 */
ZMQ_EXPORT unsigned long zmq_stopwatch_stop(void *watch);

/**
 * Sleep for `seconds` seconds; zero or negative returns at once.
 */
ZMQ_EXPORT void zmq_sleep(int seconds);

/**
 * Start a thread running `func(arg)`; wait for it and free it with
 */
ZMQ_EXPORT void *zmq_threadstart(zmq_thread_fn * func, void *arg);

/**
 * Wait for the thread to finish and free its handle. A NULL or foreign handle sets
 */
ZMQ_EXPORT void zmq_threadclose(void *thread);

/**
 * Make a new, empty timer set.
 */
ZMQ_EXPORT void *zmq_timers_new(void);

/**
 * Free the set at `*timers_p` and set `*timers_p` to NULL. `EFAULT` for a NULL or
 */
ZMQ_EXPORT int zmq_timers_destroy(void **timers_p);

/**
 * Add a timer calling `handler(id, arg)` every `interval` ms; returns its id (> 0).
 */
ZMQ_EXPORT int zmq_timers_add(void *timers, size_t interval, zmq_timer_fn handler, void *arg);

/**
 * Cancel timer `timer_id`; `EINVAL` if there is no such timer (or it was cancelled).
 */
ZMQ_EXPORT int zmq_timers_cancel(void *timers, int timer_id);

/**
 * Give timer `timer_id` a new interval, counted from now; `EINVAL` for no such timer.
 */
ZMQ_EXPORT int zmq_timers_set_interval(void *timers, int timer_id, size_t interval);

/**
 * Restart timer `timer_id` from now; `EINVAL` for no such timer.
 */
ZMQ_EXPORT int zmq_timers_reset(void *timers, int timer_id);

/**
 * Milliseconds until the next timer is due: 0 if one is due, -1 (errno untouched) if
 */
ZMQ_EXPORT long zmq_timers_timeout(void *timers);

/**
 * Run the handlers of every due timer.
 */
ZMQ_EXPORT int zmq_timers_execute(void *timers);

/**
 * Encode `size` bytes at `data` as Z85 into `dest`, NUL-terminated.
 */
ZMQ_EXPORT char *zmq_z85_encode(char *dest, const uint8_t *data, size_t size);

/**
 * Decode the NUL-terminated Z85 `string` into `dest`.
 */
ZMQ_EXPORT uint8_t *zmq_z85_decode(uint8_t *dest, const char *string);

/**
 * Make a CURVE key pair. Not available: CURVE is not built, so this fails with
 */
ZMQ_EXPORT int zmq_curve_keypair(char *z85_public_key, char *z85_secret_key);

/**
 * Derive a CURVE public key from a secret key. Not available: CURVE is not built,
 */
ZMQ_EXPORT int zmq_curve_public(char *z85_public_key, const char *z85_secret_key);

#ifdef __cplusplus
}  // extern "C"
#endif  // __cplusplus

#undef ZMQ_ALIGNED_
#undef ZMQ_EXPORT

#endif /* __ZMQ_H_INCLUDED__ */

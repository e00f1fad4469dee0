//! Socket types: the `type_` argument of `zmq_socket` and the value of `ZMQ_TYPE`.

use libc::c_int;

/// Exclusive pair: one peer, both directions.
pub const ZMQ_PAIR: c_int = 0;
/// Publisher: sends to every matching subscriber.
pub const ZMQ_PUB: c_int = 1;
/// Subscriber: receives the topics it subscribed to.
pub const ZMQ_SUB: c_int = 2;
/// Requester: strict send-then-receive with one peer at a time.
pub const ZMQ_REQ: c_int = 3;
/// Replier: strict receive-then-send.
pub const ZMQ_REP: c_int = 4;
/// Dealer: load-balanced sending, fair-queued receiving, no envelope handling.
pub const ZMQ_DEALER: c_int = 5;
/// Router: addresses peers by routing id.
pub const ZMQ_ROUTER: c_int = 6;
/// Pipeline receiver.
pub const ZMQ_PULL: c_int = 7;
/// Pipeline sender.
pub const ZMQ_PUSH: c_int = 8;
/// Publisher that also receives subscription messages.
pub const ZMQ_XPUB: c_int = 9;
/// Subscriber that sends its subscriptions as messages.
pub const ZMQ_XSUB: c_int = 10;
/// Raw TCP peers, each addressed by a routing id.
pub const ZMQ_STREAM: c_int = 11;

/// Old name of `ZMQ_DEALER`.
pub const ZMQ_XREQ: c_int = ZMQ_DEALER;
/// Old name of `ZMQ_ROUTER`.
pub const ZMQ_XREP: c_int = ZMQ_ROUTER;

/// Draft, thread-safe: server side of CLIENT/SERVER.
#[cfg(feature = "draft")]
pub const ZMQ_SERVER: c_int = 12;
/// Draft, thread-safe: client side of CLIENT/SERVER.
#[cfg(feature = "draft")]
pub const ZMQ_CLIENT: c_int = 13;
/// Draft, thread-safe: group publisher of RADIO/DISH.
#[cfg(feature = "draft")]
pub const ZMQ_RADIO: c_int = 14;
/// Draft, thread-safe: group subscriber of RADIO/DISH.
#[cfg(feature = "draft")]
pub const ZMQ_DISH: c_int = 15;
/// Draft, thread-safe: fair-queued receiver of SCATTER/GATHER.
#[cfg(feature = "draft")]
pub const ZMQ_GATHER: c_int = 16;
/// Draft, thread-safe: load-balanced sender of SCATTER/GATHER.
#[cfg(feature = "draft")]
pub const ZMQ_SCATTER: c_int = 17;
/// Draft: UDP datagrams.
#[cfg(feature = "draft")]
pub const ZMQ_DGRAM: c_int = 18;
/// Draft, thread-safe: peer-to-peer with routing ids.
#[cfg(feature = "draft")]
pub const ZMQ_PEER: c_int = 19;
/// Draft, thread-safe: exclusive pair.
#[cfg(feature = "draft")]
pub const ZMQ_CHANNEL: c_int = 20;

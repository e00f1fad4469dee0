//! The message: the unit a socket sends and receives.
//!
//! A [`Msg`] is one frame (part) of a ZeroMQ message. It is at most 56 bytes so that the
//! C layer can keep it inside the 64-byte `zmq_msg_t` next to an 8-byte validity tag.
//! Its payload is inline when small (≤ [`INLINE_CAPACITY`] bytes, no allocation) and
//! otherwise one reference-counted [`Bytes`] buffer, so moving a message through pipes
//! and queues, or copying it to many subscribers, never copies the payload. User
//! buffers enter zero-copy through [`Msg::from_bytes`]. The flags and the routing id
//! (draft SERVER/CLIENT) are stored inline; the group (draft RADIO/DISH) and connection
//! [`Metadata`] share one optional pointer (see `extras`).

mod extras;
pub mod metadata;
mod payload;
pub(crate) mod pool;

use std::ffi::CStr;
use std::fmt;
use std::sync::Arc;

pub use bytes::Bytes;
pub use extras::GROUP_MAX_LENGTH;
pub use metadata::Metadata;
pub use payload::INLINE_CAPACITY;

use crate::error::Result;
use extras::{Extras, ExtrasSlot};
use payload::Payload;

/// More parts of this message follow (`ZMQ_MORE`).
const FLAG_MORE: u8 = 1;
/// The frame is a ZMTP command, not application data.
const FLAG_COMMAND: u8 = 2;
/// The payload may be shared with other messages (`ZMQ_SHARED`).
const FLAG_SHARED: u8 = 4;
/// In a pipe that relays properties (see [`Msg::relay_properties`]): properties
/// present are the pipe's new ones, absent ones are the pipe's current ones.
const FLAG_RELAYED: u8 = 8;

/// A message part.
#[derive(Default)]
pub struct Msg {
    payload: Payload,
    extras: Option<Arc<Extras>>,
    routing_id: u32,
    flags: u8,
}

// The C layer stores a `Msg` in 56 of `zmq_msg_t`'s 64 bytes, aligned to 8, and hands
// messages between threads.
const _: () = assert!(std::mem::size_of::<Msg>() <= 56);
const _: () = assert!(std::mem::align_of::<Msg>() <= 8);
const _: fn() = || {
    fn must_be_send<T: Send>() {}
    must_be_send::<Msg>();
};

impl Msg {
    /// An empty message.
    #[inline]
    pub fn new() -> Msg {
        Msg::default()
    }

    #[inline]
    fn with_payload(payload: Payload) -> Msg {
        Msg {
            payload,
            ..Msg::default()
        }
    }

    /// A message holding a copy of `data`.
    #[inline]
    pub fn from_slice(data: &[u8]) -> Msg {
        Msg::with_payload(Payload::copied_from(data))
    }

    /// A message of the first `len` bytes of `window` (at most [`INLINE_CAPACITY`]),
    /// with its MORE flag: how the decoder builds small messages straight from the
    /// read buffer, copying a fixed-size window rather than `len` bytes.
    #[inline(always)]
    pub fn small_from_window(window: &[u8; INLINE_CAPACITY], len: usize, more: bool) -> Msg {
        Msg {
            payload: Payload::inline_window(window, len),
            extras: None,
            routing_id: 0,
            flags: if more { FLAG_MORE } else { 0 },
        }
    }

    /// A message whose payload is `buffer`, all of it (a large frame received into a
    /// pooled buffer of its own).
    pub(crate) fn from_buffer(buffer: pool::Buffer) -> Msg {
        Msg::with_payload(Payload::Unique(buffer))
    }

    /// A message holding a copy of `data`; `Error::NoMemory` if it cannot be allocated.
    #[inline]
    pub fn try_from_slice(data: &[u8]) -> Result<Msg> {
        Ok(Msg::with_payload(Payload::try_copied_from(data)?))
    }

    /// A message of `size` zero bytes, to be filled in place (see [`Msg::as_mut_ptr`]).
    #[inline]
    pub fn with_size(size: usize) -> Msg {
        Msg::with_payload(Payload::zeroed(size))
    }

    /// A message of `size` bytes for the caller to fill in place (`zmq_msg_init_size`),
    /// `Error::NoMemory` instead of aborting when `size` cannot be allocated (sizes
    /// come from C callers). The bytes are zero, except from 8 KiB to 4 MiB, where the
    /// buffer may be a recycled one still holding an earlier payload (initialised but
    /// unspecified bytes, as libzmq's `malloc`ed ones; see `pool`).
    #[inline]
    pub fn try_with_size(size: usize) -> Result<Msg> {
        Ok(Msg::with_payload(Payload::try_to_fill(size)?))
    }

    /// A message taking over `vec`: a large vector becomes the payload without copying;
    /// a small one is copied inline and freed.
    pub fn from_vec(vec: Vec<u8>) -> Msg {
        Msg::with_payload(Payload::from_vec(vec))
    }

    /// A message whose payload is `bytes`, zero-copy whatever its size: the buffer is
    /// released (its owner dropped) when the last message sharing it is dropped.
    ///
    /// The message keeps the whole buffer behind `bytes` alive: for a small frame cut
    /// out of a large read buffer, [`Msg::from_slice`] (an inline copy) is the better
    /// choice. The bytes must be writable memory if the message can reach C, which may
    /// write through `zmq_msg_data` ([`Bytes::from_static`] data is not).
    #[inline]
    pub fn from_bytes(bytes: Bytes) -> Msg {
        Msg::with_payload(Payload::Heap(bytes))
    }

    /// A message over constant data that others may reference too (`zmq_send_const`,
    /// `zmq_msg_init_data` without a free function). Zero-copy, and reported shared
    /// from the start, as libzmq reports its constant messages.
    #[inline]
    pub fn from_constant(bytes: Bytes) -> Msg {
        let mut msg = Msg::from_bytes(bytes);
        msg.flags |= FLAG_SHARED;
        msg
    }

    /// The payload.
    #[inline]
    pub fn data(&self) -> &[u8] {
        self.payload.as_slice()
    }

    /// A pointer to the payload through which C code may write it (`zmq_msg_data`).
    ///
    /// Safe to obtain; writing through it is the caller's `unsafe` business: at most
    /// [`Msg::len`] bytes, while no reference from [`Msg::data`] is alive, and only if
    /// the payload is writable memory (a buffer this crate allocated, or one the C
    /// caller gave). Writes to a shared payload are seen by every copy, as in libzmq.
    #[inline]
    pub fn as_mut_ptr(&mut self) -> *mut u8 {
        self.payload.as_mut_ptr()
    }

    /// The payload size in bytes.
    #[inline]
    pub fn len(&self) -> usize {
        self.data().len()
    }

    /// Whether the payload is empty.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether more parts follow.
    #[inline]
    pub fn more(&self) -> bool {
        self.flags & FLAG_MORE != 0
    }

    /// Mark whether more parts follow.
    #[inline]
    pub fn set_more(&mut self, more: bool) {
        self.set_flag(FLAG_MORE, more);
    }

    /// Whether this frame is a ZMTP command.
    #[inline]
    pub fn is_command(&self) -> bool {
        self.flags & FLAG_COMMAND != 0
    }

    /// Mark whether this frame is a ZMTP command.
    #[inline]
    pub fn set_command(&mut self, command: bool) {
        self.set_flag(FLAG_COMMAND, command);
    }

    /// Whether the payload may be shared with another message (`ZMQ_SHARED`): set on
    /// both sides by [`Msg::shared_copy`] of a heap payload, and by
    /// [`Msg::from_constant`]. Like libzmq, it stays set after the other copies are gone.
    #[inline]
    pub fn is_shared(&self) -> bool {
        self.flags & FLAG_SHARED != 0
    }

    #[inline]
    fn set_flag(&mut self, flag: u8, on: bool) {
        if on {
            self.flags |= flag;
        } else {
            self.flags &= !flag;
        }
    }

    /// The routing id (draft SERVER/CLIENT/PEER); 0 means none.
    #[inline]
    pub fn routing_id(&self) -> u32 {
        self.routing_id
    }

    /// Set the routing id; 0 clears it.
    pub fn set_routing_id(&mut self, routing_id: u32) {
        self.routing_id = routing_id;
    }

    /// The group (draft RADIO/DISH); `""` when none.
    pub fn group(&self) -> &str {
        // The group was set from a `&str`, so it is UTF-8.
        self.group_cstr().to_str().unwrap_or_default()
    }

    /// The group as a C string living as long as the message (`zmq_msg_group`).
    pub fn group_cstr(&self) -> &CStr {
        self.extras.group_cstr()
    }

    /// Set the group; `""` clears it. `Error::Invalid` if longer than
    /// [`GROUP_MAX_LENGTH`] bytes or containing a NUL (C could not read it back).
    pub fn set_group(&mut self, group: &str) -> Result<()> {
        self.extras.set_group(group)
    }

    /// The metadata of the connection the message came from, if any.
    pub fn metadata(&self) -> Option<&Metadata> {
        self.extras.metadata()
    }

    /// Attach the metadata of the connection the message came from.
    pub fn set_metadata(&mut self, metadata: Arc<Metadata>) {
        self.extras.set_metadata(Some(metadata));
    }

    /// Give this message the group and metadata of `template`, sharing them (one
    /// reference count, no allocation): how a connection stamps its metadata on every
    /// message it receives.
    #[inline]
    pub fn copy_properties_from(&mut self, template: &Msg) {
        self.extras = template.extras.clone();
    }

    /// Whether this message and `other` have the same properties block (both none,
    /// or one shared block).
    #[inline]
    fn same_properties(&self, other: &Msg) -> bool {
        Msg::same_extras(&self.extras, &other.extras)
    }

    #[inline]
    fn same_extras(a: &Option<Arc<Extras>>, b: &Option<Arc<Extras>>) -> bool {
        match (a, b) {
            (None, None) => true,
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }

    /// Stamp the properties of `template` on this message for a pipe that relays
    /// them: only the first message after they change carries them (`last` holds
    /// what was relayed last, `Msg::new()` for nothing yet); the others carry none and
    /// the reader restores them ([`Msg::restore_properties`]). So a connection's
    /// metadata reaches every message without a reference count taken on one thread
    /// and dropped on another per message. `template` must have properties.
    #[inline]
    pub(crate) fn relay_properties(&mut self, template: &Msg, last: &mut Msg) {
        debug_assert!(
            template.extras.is_some(),
            "relayed properties are never none"
        );
        // The reader restores the relayed properties over whatever the message holds,
        // and takes the message's own as the pipe's current ones: a message with
        // properties of its own (a group, later) must not be relayed.
        debug_assert!(
            self.extras.is_none(),
            "a relayed message carries no properties of its own"
        );
        if !template.same_properties(last) {
            last.extras = template.extras.clone();
            self.extras = template.extras.clone();
        }
        self.flags |= FLAG_RELAYED;
    }

    /// Remove the metadata.
    pub fn clear_metadata(&mut self) {
        self.extras.set_metadata(None);
    }

    /// Receive into this message from a pipe that relays properties: `pop`
    /// overwrites the message with the next one from the pipe (or returns `false`,
    /// leaving it as it was). The old message's properties are set aside first, so
    /// a relayed message without properties takes that reference when it is the
    /// pipe's current one (`current`): no reference count changes in the steady state
    /// of an application receiving into one `zmq_msg_t`. Properties a relayed
    /// message carries become the pipe's current ones (see [`Msg::relay_properties`]).
    #[inline(always)]
    pub(crate) fn receive_relayed(
        &mut self,
        current: &mut Msg,
        pop: impl FnOnce(&mut Msg) -> bool,
    ) -> bool {
        let previous = self.extras.take();
        if !pop(self) {
            self.extras = previous;
            return false;
        }
        if self.flags & FLAG_RELAYED != 0 {
            self.flags &= !FLAG_RELAYED;
            if self.extras.is_some() {
                current.extras = self.extras.clone();
            } else if previous.is_some() && Msg::same_extras(&previous, &current.extras) {
                self.extras = previous;
                return true;
            } else {
                self.extras = current.extras.clone();
            }
        }
        drop(previous);
        true
    }

    /// Move the message out, leaving an empty one behind (no flags, no properties).
    #[inline]
    pub fn take(&mut self) -> Msg {
        std::mem::take(self)
    }

    /// A copy of the message (payload, flags, routing id, group, metadata) that shares
    /// the payload instead of copying it (`zmq_msg_copy`). A heap payload gains a
    /// reference and both messages are then marked shared; an inline payload is simply
    /// copied and, as in libzmq, not marked.
    pub fn shared_copy(&mut self) -> Msg {
        if self.payload.is_heap() {
            self.flags |= FLAG_SHARED;
        }
        Msg {
            payload: self.payload.share(),
            extras: self.extras.clone(),
            routing_id: self.routing_id,
            flags: self.flags,
        }
    }
}

impl fmt::Debug for Msg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Msg")
            .field("len", &self.len())
            .field("more", &self.more())
            .field("command", &self.is_command())
            .field("shared", &self.is_shared())
            .field("routing_id", &self.routing_id)
            .field("group", &self.group())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn fits_in_zmq_msg_t() {
        assert!(std::mem::size_of::<Msg>() <= 56);
        assert!(std::mem::align_of::<Msg>() <= 8);
    }

    #[test]
    fn provisional_api_still_works() {
        let mut msg = Msg::from_slice(b"hello");
        assert_eq!(msg.data(), b"hello");
        assert_eq!(msg.len(), 5);
        assert!(!msg.is_empty());
        msg.set_more(true);
        let taken = msg.take();
        assert!(taken.more());
        assert_eq!(taken.data(), b"hello");
        assert!(msg.is_empty() && !msg.more());
        assert!(Msg::new().is_empty());
    }

    #[test]
    fn inline_versus_heap() {
        let mut small = Msg::from_slice(&[1; INLINE_CAPACITY]);
        let mut large = Msg::from_slice(&[1; INLINE_CAPACITY + 1]);
        let small_ptr = small.data().as_ptr() as usize;
        let small_start = &small as *const Msg as usize;
        // The inline payload lies inside the message itself.
        assert!((small_start..small_start + std::mem::size_of::<Msg>()).contains(&small_ptr));
        let large_ptr = large.data().as_ptr();
        let large_copy = large.shared_copy();
        assert_eq!(
            large_copy.data().as_ptr(),
            large_ptr,
            "heap payloads are shared"
        );
        let small_copy = small.shared_copy();
        assert_eq!(small_copy.data(), small.data());
        assert!(
            !small.is_shared() && !small_copy.is_shared(),
            "inline copies are not shared"
        );
        assert!(large.is_shared() && large_copy.is_shared());
    }

    #[test]
    fn moving_does_not_copy_payload() {
        let msg = Msg::with_size(4096);
        let ptr = msg.data().as_ptr();
        let moved = Box::new(msg);
        assert_eq!(moved.data().as_ptr(), ptr);
    }

    #[test]
    fn shared_copy_keeps_properties() {
        let mut msg = Msg::from_slice(&[5; 100]);
        msg.set_more(true);
        msg.set_routing_id(42);
        msg.set_group("weather").unwrap();
        msg.set_metadata(Arc::new(Metadata::new().with("X-K", b"v")));
        let copy = msg.shared_copy();
        assert!(copy.more());
        assert_eq!(copy.routing_id(), 42);
        assert_eq!(copy.group(), "weather");
        assert_eq!(copy.metadata().unwrap().get("x-k"), Some(&b"v"[..]));
    }

    #[test]
    fn with_size_is_zeroed_and_writable() {
        for size in [0, 10, INLINE_CAPACITY, INLINE_CAPACITY + 1, 1 << 16] {
            let mut msg = Msg::with_size(size);
            assert_eq!(msg.len(), size);
            assert!(msg.data().iter().all(|&b| b == 0));
            if size > 0 {
                let ptr = msg.as_mut_ptr();
                assert_eq!(ptr.cast_const(), msg.data().as_ptr());
            }
        }
        assert_eq!(Msg::try_with_size(100).unwrap().len(), 100);
        assert!(Msg::try_with_size(usize::MAX).is_err());
        assert_eq!(Msg::try_from_slice(&[3; 50]).unwrap().data(), &[3; 50][..]);
    }

    #[test]
    fn from_bytes_and_vec_are_zero_copy() {
        let bytes = Bytes::from(vec![1u8; 10]);
        let ptr = bytes.as_ptr();
        let msg = Msg::from_bytes(bytes);
        assert_eq!(
            msg.data().as_ptr(),
            ptr,
            "even a small user buffer is not copied"
        );
        assert!(!msg.is_shared());
        let vec = vec![2u8; 500];
        let ptr = vec.as_ptr();
        assert_eq!(Msg::from_vec(vec).data().as_ptr(), ptr);
        assert!(Msg::from_constant(Bytes::from_static(b"const")).is_shared());
    }

    #[test]
    fn flags() {
        let mut msg = Msg::new();
        msg.set_more(true);
        msg.set_command(true);
        assert!(msg.more() && msg.is_command());
        msg.set_more(false);
        assert!(!msg.more() && msg.is_command());
        msg.set_command(false);
        assert!(!msg.is_command());
    }

    #[test]
    fn routing_id_and_group() {
        let mut msg = Msg::new();
        assert_eq!(msg.routing_id(), 0);
        msg.set_routing_id(7);
        assert_eq!(msg.routing_id(), 7);
        assert_eq!(msg.group(), "");
        assert_eq!(msg.group_cstr(), c"");
        assert!(msg.set_group(&"x".repeat(GROUP_MAX_LENGTH)).is_ok());
        assert_eq!(
            msg.set_group(&"x".repeat(GROUP_MAX_LENGTH + 1)),
            Err(crate::Error::Invalid)
        );
        msg.set_group("tv").unwrap();
        assert_eq!(msg.group(), "tv");
    }

    #[test]
    fn relayed_properties_are_restored_without_counting_references() {
        let mut template = Msg::new();
        template.set_metadata(Arc::new(Metadata::new().with("X-A", b"1")));
        let mut last = Msg::new();
        let mut relayed = |body: &[u8], template: &Msg| {
            let mut msg = Msg::from_slice(body);
            msg.relay_properties(template, &mut last);
            msg
        };
        let first = relayed(b"1", &template);
        let second = relayed(b"2", &template);
        assert!(first.metadata().is_some() && second.metadata().is_none());
        // The reader: the first sets the pipe's properties, the second gets them
        // from the message it replaces.
        let mut current = Msg::new();
        let mut out = Msg::new();
        assert!(out.receive_relayed(&mut current, |m| {
            *m = first;
            true
        }));
        let block = Arc::as_ptr(out.extras.as_ref().unwrap());
        assert!(out.receive_relayed(&mut current, |m| {
            *m = second;
            true
        }));
        assert_eq!(out.data(), b"2");
        assert_eq!(Arc::as_ptr(out.extras.as_ref().unwrap()), block);
        assert!(!out.is_command() && out.flags & FLAG_RELAYED == 0);
        // Nothing popped: the message is left as it was.
        assert!(!out.receive_relayed(&mut current, |_| false));
        assert_eq!(out.metadata().unwrap().get("x-a"), Some(&b"1"[..]));
        // New properties (a reconnection): carried again, then restored.
        let mut other = Msg::new();
        other.set_metadata(Arc::new(Metadata::new().with("X-A", b"2")));
        let third = relayed(b"3", &other);
        let fourth = relayed(b"4", &other);
        let mut kept = out.shared_copy();
        assert!(kept.receive_relayed(&mut current, |m| {
            *m = third;
            true
        }));
        assert!(out.receive_relayed(&mut current, |m| {
            *m = fourth;
            true
        }));
        assert_eq!(kept.metadata().unwrap().get("x-a"), Some(&b"2"[..]));
        assert_eq!(out.metadata().unwrap().get("x-a"), Some(&b"2"[..]));
        // A message not relayed keeps what it has (inproc pipes).
        let mut plain = Msg::from_slice(b"p");
        assert!(out.receive_relayed(&mut current, |m| {
            *m = std::mem::take(&mut plain);
            true
        }));
        assert!(out.metadata().is_none());
    }

    #[test]
    fn metadata_lookup() {
        let mut msg = Msg::from_slice(b"x");
        assert!(msg.metadata().is_none());
        let meta = Arc::new(Metadata::new().with(metadata::SOCKET_TYPE, b"PUB"));
        msg.set_metadata(meta.clone());
        msg.set_group("g").unwrap();
        let found = msg.metadata().unwrap();
        assert!(
            std::ptr::eq(found, &*meta),
            "metadata is shared, not copied"
        );
        assert_eq!(found.get_cstr("socket-type").unwrap(), c"PUB");
        msg.clear_metadata();
        assert!(msg.metadata().is_none());
        assert_eq!(msg.group(), "g");
    }

    /// A user buffer whose release is counted, like a C free function.
    struct CountedOwner {
        data: Vec<u8>,
        drops: Arc<AtomicUsize>,
    }

    impl AsRef<[u8]> for CountedOwner {
        fn as_ref(&self) -> &[u8] {
            &self.data
        }
    }

    impl Drop for CountedOwner {
        fn drop(&mut self) {
            self.drops.fetch_add(1, Ordering::SeqCst);
        }
    }

    #[test]
    fn zero_copy_owner_dropped_once_across_threads() {
        let drops = Arc::new(AtomicUsize::new(0));
        let owner = CountedOwner {
            data: vec![8; 64],
            drops: drops.clone(),
        };
        let mut msg = Msg::from_bytes(Bytes::from_owner(owner));
        let copies: Vec<Msg> = (0..8).map(|_| msg.shared_copy()).collect();
        let threads: Vec<_> = copies
            .into_iter()
            .map(|copy| {
                std::thread::spawn(move || {
                    assert_eq!(copy.data(), &[8; 64][..]);
                    drop(copy);
                })
            })
            .collect();
        for thread in threads {
            thread.join().unwrap();
        }
        assert_eq!(
            drops.load(Ordering::SeqCst),
            0,
            "the original still holds the buffer"
        );
        let last = std::thread::spawn(move || drop(msg));
        last.join().unwrap();
        assert_eq!(drops.load(Ordering::SeqCst), 1);
    }
}

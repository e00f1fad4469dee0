//! Where a message's bytes live: inline in the message, or in one shared buffer.
//!
//! Most messages in a ZeroMQ application are small (routing ids, delimiters, short
//! commands), so a payload of up to [`INLINE_CAPACITY`] bytes is kept inside the
//! message itself and costs no allocation, as libzmq's "very small message" does.
//! Anything larger lives in one reference-counted [`Bytes`]: moving the message or
//! making a shared copy only moves or clones that handle, never the bytes.

use bytes::Bytes;

use super::pool::Buffer;
use crate::error::{Error, Result};

/// The largest payload kept inside the message (libzmq's very-small-message limit).
pub const INLINE_CAPACITY: usize = 33;

/// The bytes of one message.
pub(crate) enum Payload {
    /// A small payload stored in place; `len <= INLINE_CAPACITY`.
    Inline {
        /// How many bytes of `buf` are the payload.
        len: u8,
        /// Storage; bytes past `len` are unused: zero, or whatever followed the payload
        /// in the buffer it was copied from (see [`Payload::inline_window`]).
        buf: [u8; INLINE_CAPACITY],
    },
    /// A payload in a reference-counted buffer (large, or given by the user zero-copy).
    Heap(Bytes),
    /// A large payload made for the application to fill (`zmq_msg_init_size`), in a
    /// recycled buffer that only this message owns (see [`super::pool`]).
    Unique(Buffer),
}

impl Default for Payload {
    #[inline]
    fn default() -> Payload {
        Payload::Inline {
            len: 0,
            buf: [0; INLINE_CAPACITY],
        }
    }
}

impl Payload {
    /// A copy of `data`, inline when it fits.
    #[inline]
    pub(crate) fn copied_from(data: &[u8]) -> Payload {
        match Payload::inline_copy(data) {
            Some(inline) => inline,
            None => Payload::Heap(Bytes::copy_from_slice(data)),
        }
    }

    /// A copy of `data`, inline when it fits; out of memory is an error, not an abort.
    #[inline]
    pub(crate) fn try_copied_from(data: &[u8]) -> Result<Payload> {
        if let Some(inline) = Payload::inline_copy(data) {
            return Ok(inline);
        }
        if Buffer::serves(data.len()) {
            let mut buffer = Buffer::take(data.len())?;
            buffer.as_mut_slice().copy_from_slice(data);
            return Ok(Payload::Unique(buffer));
        }
        let mut vec = Vec::new();
        vec.try_reserve_exact(data.len())
            .map_err(|_| Error::NoMemory)?;
        vec.extend_from_slice(data);
        Ok(Payload::Heap(Bytes::from(vec)))
    }

    /// `size` bytes for the caller to fill; out of memory is an error, not an abort.
    /// Zero, except in the pooled range (see [`super::pool`]), where a recycled
    /// buffer keeps an earlier payload's bytes (as libzmq's `malloc`ed ones do).
    #[inline]
    pub(crate) fn try_to_fill(size: usize) -> Result<Payload> {
        if size <= INLINE_CAPACITY {
            return Ok(Payload::inline_zeroed(size));
        }
        if Buffer::serves(size) {
            return Ok(Payload::Unique(Buffer::take(size)?));
        }
        let mut vec = Vec::new();
        vec.try_reserve_exact(size).map_err(|_| Error::NoMemory)?;
        vec.resize(size, 0);
        Ok(Payload::Heap(Bytes::from(vec)))
    }

    /// `size` zero bytes (aborts on out of memory, as any Rust allocation does).
    #[inline]
    pub(crate) fn zeroed(size: usize) -> Payload {
        if size <= INLINE_CAPACITY {
            Payload::inline_zeroed(size)
        } else {
            // `vec![0; n]` asks the allocator for zeroed memory, which is free for large
            // blocks that come straight from the kernel.
            Payload::Heap(Bytes::from(vec![0u8; size]))
        }
    }

    /// A vector taken over without copying, except that a small one goes inline (its
    /// allocation is then dropped, so the message does not keep a heap block alive).
    pub(crate) fn from_vec(vec: Vec<u8>) -> Payload {
        match Payload::inline_copy(&vec) {
            Some(inline) => inline,
            None => Payload::Heap(Bytes::from(vec)),
        }
    }

    #[inline]
    fn inline_zeroed(size: usize) -> Payload {
        debug_assert!(size <= INLINE_CAPACITY);
        // `size <= INLINE_CAPACITY` (33) always fits a u8.
        Payload::Inline {
            len: size as u8,
            buf: [0; INLINE_CAPACITY],
        }
    }

    /// The first `len` bytes of `window` inline, copying the whole window: one
    /// fixed-size copy, cheaper than a copy of variable length. `len <= INLINE_CAPACITY`.
    #[inline(always)]
    pub(crate) fn inline_window(window: &[u8; INLINE_CAPACITY], len: usize) -> Payload {
        debug_assert!(len <= INLINE_CAPACITY);
        Payload::Inline {
            len: len.min(INLINE_CAPACITY) as u8,
            buf: *window,
        }
    }

    #[inline]
    fn inline_copy(data: &[u8]) -> Option<Payload> {
        if data.len() > INLINE_CAPACITY {
            return None;
        }
        let mut buf = [0; INLINE_CAPACITY];
        buf[..data.len()].copy_from_slice(data);
        Some(Payload::Inline {
            len: data.len() as u8,
            buf,
        })
    }

    /// The payload bytes.
    #[inline]
    pub(crate) fn as_slice(&self) -> &[u8] {
        match self {
            Payload::Inline { len, buf } => &buf[..usize::from(*len)],
            Payload::Heap(bytes) => bytes,
            Payload::Unique(buffer) => buffer.as_slice(),
        }
    }

    /// Whether the payload is in a reference-counted buffer (and so can be shared).
    #[inline]
    pub(crate) fn is_heap(&self) -> bool {
        matches!(self, Payload::Heap(_) | Payload::Unique(_))
    }

    /// A raw pointer through which C may write the payload.
    ///
    /// Inline and unique (every message from `zmq_msg_init_size` or received, until it
    /// is shared): the pointer comes from `&mut self` (from `&mut` of the allocation,
    /// see [`Buffer::as_mut_ptr`]), so writing `len` bytes through it is an ordinary
    /// exclusive write. Heap: the pointer is the buffer's own start pointer; `Bytes`
    /// never hands out references that outlive a call, so no Rust reference is alive
    /// while C writes. For memory the C caller gave us (`zmq_msg_init_data`) or a
    /// `Vec`/`BytesMut` we allocated, that pointer is writable. A pooled buffer shared
    /// through `Bytes::from_owner` (after `zmq_msg_copy`) hands out a pointer derived
    /// from a shared reference, so writing it is outside Rust's rules: that is the
    /// write zmq_msg_copy(3) already tells users to avoid (changing a copied
    /// message's content), listed as a known limitation in the README.
    #[inline]
    pub(crate) fn as_mut_ptr(&mut self) -> *mut u8 {
        match self {
            Payload::Inline { buf, .. } => buf.as_mut_ptr(),
            Payload::Heap(bytes) => bytes.as_ptr().cast_mut(),
            Payload::Unique(buffer) => buffer.as_mut_ptr(),
        }
    }

    /// A second handle on the same bytes: a refcount increment for heap payloads, a
    /// plain copy for inline ones (cheaper than counting references for ≤ 33 bytes).
    /// A unique buffer becomes a shared one first.
    pub(crate) fn share(&mut self) -> Payload {
        if let Payload::Unique(_) = self {
            let Payload::Unique(buffer) = std::mem::take(self) else {
                unreachable!("matched just above");
            };
            *self = Payload::Heap(buffer.into_bytes());
        }
        match self {
            Payload::Inline { len, buf } => Payload::Inline {
                len: *len,
                buf: *buf,
            },
            Payload::Heap(bytes) => Payload::Heap(bytes.clone()),
            Payload::Unique(_) => unreachable!("made shared above"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_payloads_are_inline() {
        assert!(!Payload::copied_from(&[7; INLINE_CAPACITY]).is_heap());
        assert!(Payload::copied_from(&[7; INLINE_CAPACITY + 1]).is_heap());
        assert!(!Payload::zeroed(0).is_heap());
        assert!(Payload::zeroed(INLINE_CAPACITY + 1).is_heap());
        assert!(!Payload::from_vec(vec![1, 2, 3]).is_heap());
    }

    #[test]
    fn zeroed_and_copied_contents() {
        assert_eq!(Payload::zeroed(5).as_slice(), &[0; 5]);
        assert_eq!(Payload::try_to_fill(100).unwrap().as_slice(), &[0; 100][..]);
        let data: Vec<u8> = (0..200u8).collect();
        assert_eq!(
            Payload::try_copied_from(&data).unwrap().as_slice(),
            &data[..]
        );
        assert_eq!(Payload::copied_from(b"abc").as_slice(), b"abc");
    }

    #[test]
    fn inline_window_keeps_only_its_length() {
        let window: [u8; INLINE_CAPACITY] = std::array::from_fn(|i| i as u8);
        let payload = Payload::inline_window(&window, 5);
        assert!(!payload.is_heap());
        assert_eq!(payload.as_slice(), &[0, 1, 2, 3, 4]);
        assert_eq!(Payload::inline_window(&window, 0).as_slice(), b"");
        assert_eq!(
            Payload::inline_window(&window, INLINE_CAPACITY).as_slice(),
            &window[..]
        );
    }

    #[test]
    fn impossible_size_is_enomem_not_abort() {
        assert_eq!(
            Payload::try_to_fill(usize::MAX).err(),
            Some(Error::NoMemory)
        );
    }

    #[test]
    fn from_vec_keeps_large_buffer() {
        let vec = vec![9u8; 1000];
        let ptr = vec.as_ptr();
        let payload = Payload::from_vec(vec);
        assert_eq!(payload.as_slice().as_ptr(), ptr);
    }

    #[test]
    fn application_buffers_are_unique_until_shared() {
        let mut payload = Payload::try_to_fill(64 * 1024).unwrap();
        assert!(matches!(payload, Payload::Unique(_)) && payload.is_heap());
        assert_eq!(payload.as_slice().len(), 64 * 1024);
        let ptr = payload.as_mut_ptr();
        assert_eq!(ptr.cast_const(), payload.as_slice().as_ptr());
        let copy = payload.share();
        assert!(matches!(payload, Payload::Heap(_)));
        assert_eq!(copy.as_slice().as_ptr(), ptr.cast_const());
        let data: Vec<u8> = (0..20_000u32).map(|i| i as u8).collect();
        let copied = Payload::try_copied_from(&data).unwrap();
        assert!(matches!(copied, Payload::Unique(_)));
        assert_eq!(copied.as_slice(), &data[..]);
    }

    #[test]
    fn share_keeps_heap_pointer() {
        let mut payload = Payload::zeroed(1024);
        let copy = payload.share();
        assert_eq!(payload.as_slice().as_ptr(), copy.as_slice().as_ptr());
    }
}

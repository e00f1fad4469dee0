//! Recycled buffers for large messages that the application fills itself.
//!
//! `zmq_msg_init_size` hands C a buffer to write into. Rust may only ever look at
//! initialised bytes, so a fresh buffer must be zeroed first, and at 64 KiB zeroing
//! is a large part of the cost of a message; freeing it on the I/O thread a moment
//! later also lets the allocator give the memory back to the kernel, whose fresh
//! pages then fault in (and are zeroed again) on the next allocation. A [`Buffer`]
//! avoids both: its `Vec` is always entirely initialised (zeroed when first made,
//! then holding whatever an earlier message wrote), and when it is dropped the
//! `Vec` goes back to a pool shared by all threads, to be handed out again without
//! zeroing. No `unsafe` is involved: the soundness argument is simply that a
//! recycled buffer's bytes were initialised before and stay so. What a caller finds
//! in a new message is therefore unspecified (zeros or an earlier payload of this
//! process), as it is with libzmq, whose buffers come from `malloc`.
//!
//! The buffer is owned by exactly one message, so the pointer given to C for writing
//! (`zmq_msg_data`) comes from `&mut Vec<u8>` ([`Buffer::as_mut_ptr`]), never from a
//! shared reference. Sharing (`zmq_msg_copy`) turns it into a reference-counted
//! [`Bytes`], which still returns the buffer to the pool when the last copy goes.
//!
//! Sizes are rounded up to classes (four per power of two, so at most a quarter is
//! wasted) from [`MIN_POOLED`] to [`MAX_POOLED`]; the pool keeps at most
//! [`POOL_BYTES`] in all, and buffers beyond that are freed as usual.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use bytes::Bytes;

use crate::error::{Error, Result};

/// The smallest size served from the pool: below it zeroing costs less than the
/// pool's lock.
pub const MIN_POOLED: usize = 8 * 1024;
/// The largest size served from the pool.
pub const MAX_POOLED: usize = 4 << 20;
/// The most bytes the pool keeps for reuse (what an allocator would keep too).
pub const POOL_BYTES: usize = 32 << 20;

/// Classes per power of two.
const STEPS: usize = 4;
/// log2 of [`MIN_POOLED`].
const MIN_SHIFT: u32 = MIN_POOLED.trailing_zeros();
/// Number of size classes.
const CLASSES: usize = (MAX_POOLED.trailing_zeros() - MIN_SHIFT) as usize * STEPS + 1;

/// Free buffers of one class; each `Vec` has exactly the class size as its length.
static FREE: [Mutex<Vec<Vec<u8>>>; CLASSES] = [const { Mutex::new(Vec::new()) }; CLASSES];
/// Bytes held in `FREE`.
static POOLED: AtomicUsize = AtomicUsize::new(0);

/// The class of a buffer for `size` bytes (`MIN_POOLED..=MAX_POOLED`) and its size.
fn class_of(size: usize) -> (usize, usize) {
    debug_assert!((MIN_POOLED..=MAX_POOLED).contains(&size));
    let shift = usize::BITS - 1 - size.leading_zeros();
    let base = 1usize << shift;
    let step = base / STEPS;
    let steps = (size - base).div_ceil(step);
    let index = (shift - MIN_SHIFT) as usize * STEPS + steps;
    (index, base + steps * step)
}

fn lock(class: usize) -> std::sync::MutexGuard<'static, Vec<Vec<u8>>> {
    FREE[class].lock().unwrap_or_else(|e| e.into_inner())
}

/// A message payload in a buffer of its own, returned to the pool when dropped.
pub(crate) struct Buffer {
    /// Entirely initialised; its length is the class size (or exactly `len` for a
    /// size outside the pooled range).
    vec: Vec<u8>,
    /// The payload size: the first `len` bytes of `vec`.
    len: usize,
}

impl Buffer {
    /// Whether a payload of `size` bytes is served from the pool.
    pub(crate) fn serves(size: usize) -> bool {
        (MIN_POOLED..=MAX_POOLED).contains(&size)
    }

    /// A buffer for a payload of `size` bytes (in the pooled range) whose content is
    /// unspecified but initialised: a recycled one if the pool has one, else a new
    /// zeroed one. `Error::NoMemory` if it cannot be allocated.
    pub(crate) fn take(size: usize) -> Result<Buffer> {
        let (class, class_size) = class_of(size);
        let recycled = lock(class).pop();
        let vec = match recycled {
            Some(vec) => {
                POOLED.fetch_sub(class_size, Ordering::Relaxed);
                vec
            }
            None => {
                let mut vec = Vec::new();
                vec.try_reserve_exact(class_size)
                    .map_err(|_| Error::NoMemory)?;
                vec.resize(class_size, 0);
                vec
            }
        };
        Ok(Buffer { vec, len: size })
    }

    /// The payload.
    #[inline]
    pub(crate) fn as_slice(&self) -> &[u8] {
        &self.vec[..self.len]
    }

    /// The payload, to write.
    #[inline]
    pub(crate) fn as_mut_slice(&mut self) -> &mut [u8] {
        &mut self.vec[..self.len]
    }

    /// A pointer through which C may write the payload: it comes from `&mut` of the
    /// allocation, so writing `len` bytes through it is an exclusive write for as
    /// long as no other reference to the buffer is made.
    #[inline]
    pub(crate) fn as_mut_ptr(&mut self) -> *mut u8 {
        self.vec.as_mut_ptr()
    }

    /// The buffer as shared, reference-counted bytes (still recycled at the end).
    pub(crate) fn into_bytes(self) -> Bytes {
        Bytes::from_owner(self)
    }
}

impl std::fmt::Debug for Buffer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Buffer")
            .field("len", &self.len)
            .field("class", &self.vec.len())
            .finish()
    }
}

impl AsRef<[u8]> for Buffer {
    fn as_ref(&self) -> &[u8] {
        self.as_slice()
    }
}

impl Drop for Buffer {
    fn drop(&mut self) {
        let vec = std::mem::take(&mut self.vec);
        let size = vec.len();
        if !Buffer::serves(size) {
            return;
        }
        let (class, class_size) = class_of(size);
        if class_size != size || vec.capacity() != size {
            return;
        }
        // Reserve room in the budget first, so concurrent drops never exceed it.
        if POOLED.fetch_add(size, Ordering::Relaxed) + size > POOL_BYTES {
            POOLED.fetch_sub(size, Ordering::Relaxed);
            return;
        }
        lock(class).push(vec);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_round_up_by_at_most_a_quarter() {
        assert_eq!(class_of(MIN_POOLED), (0, MIN_POOLED));
        assert_eq!(class_of(MIN_POOLED + 1), (1, MIN_POOLED + MIN_POOLED / 4));
        assert_eq!(class_of(64 * 1024), (12, 64 * 1024));
        assert_eq!(class_of(64 * 1024 + 1).1, 80 * 1024);
        assert_eq!(class_of(MAX_POOLED), (CLASSES - 1, MAX_POOLED));
        let mut previous = 0;
        for size in (MIN_POOLED..=MAX_POOLED).step_by(977) {
            let (class, class_size) = class_of(size);
            assert!(class < CLASSES && class >= previous);
            assert!(class_size >= size && class_size - size <= size / 4);
            previous = class;
        }
    }

    #[test]
    fn buffers_come_back_without_being_cleared_within_a_budget() {
        // A size of its own, so other tests running at once do not take the buffer.
        let size = 3 * 1024 * 1024 + 5;
        let mut first = Buffer::take(size).unwrap();
        assert_eq!(first.as_slice().len(), size);
        assert!(
            first.as_slice().iter().all(|&b| b == 0),
            "new buffers are zeroed"
        );
        let ptr = first.as_mut_ptr();
        first.vec[..4].copy_from_slice(b"used");
        drop(first);
        let second = Buffer::take(size - 1).unwrap();
        assert_eq!(second.vec.as_ptr(), ptr.cast_const(), "recycled");
        assert_eq!(&second.as_slice()[..4], b"used", "not zeroed again");
        assert_eq!(second.as_slice().len(), size - 1);
        // Shared, it still returns to the pool when the last copy goes.
        let shared = second.into_bytes();
        let copy = shared.clone();
        drop(shared);
        drop(copy);
        assert_eq!(Buffer::take(size).unwrap().vec.as_ptr(), ptr.cast_const());

        // The pool keeps at most its budget (checked in the same test: the pool is
        // shared by the whole process).
        let size = MAX_POOLED;
        let buffers: Vec<Buffer> = (0..POOL_BYTES / size + 2)
            .map(|_| Buffer::take(size).unwrap())
            .collect();
        drop(buffers);
        assert!(POOLED.load(Ordering::Relaxed) <= POOL_BYTES);
        assert!(lock(CLASSES - 1).len() <= POOL_BYTES / size);
    }
}

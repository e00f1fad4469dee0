//! Lock-free single-producer single-consumer queue: the storage under every pipe.
//!
//! # Design
//!
//! Items live in a linked list of `Chunk`s of `CHUNK_LEN` slots. The producer writes
//! at its *write position*; when a chunk fills it links the next one at once, so every
//! position (write end, read position, published end) is the address of a real slot and
//! positions can be compared as plain slot addresses. The consumer hands each chunk it
//! has emptied to a single *spare* slot, and the producer takes its next chunk from
//! there, so a queue in steady state never calls the allocator.
//!
//! `push` only writes a slot. `flush` makes everything pushed so far visible by moving
//! the shared word `published` (the slot address one past the last published item)
//! from the previous published end to the new one. The consumer reads up to its cached
//! copy of that end (`known_end`) without touching shared memory, and looks at
//! `published` again only when it catches up. If nothing new was published there, it
//! swaps the word to NULL, which is the *idle mark*: the next `flush` then finds NULL
//! instead of the value it expected, stores its end anyway and returns `true` so the
//! caller wakes the consumer. (The consumer first just loads the word: that is enough
//! when it is already NULL or when more was published; only an apparently empty queue
//! costs it a CAS, so a consumer that keeps up touches no lock-prefixed instruction.)
//!
//! # No lost wake-up
//!
//! Both sides change `published` with read-modify-write operations (the producer's
//! compare-and-swap, the consumer's compare-and-swap to NULL), so they are totally
//! ordered. Either the consumer's CAS comes first, then the producer's CAS fails, sees
//! NULL and `flush` returns `true`; or the producer's comes first, then the consumer's
//! CAS fails, returns the new end and the consumer reads the items instead of going idle.
//! Only the producer ever replaces NULL, and only the consumer ever writes NULL, so the
//! plain store that follows the producer's failed CAS cannot race with anything.
//!
//! # Memory ordering
//!
//! * Items and chunk links: the producer writes slots and `Chunk::next`, then publishes
//!   with a `Release` CAS/store; the consumer reads `published` with `Acquire` before
//!   reading any slot up to that end or following `next` out of a chunk whose last slot
//!   it has consumed. A slot is never written again until its chunk is recycled.
//! * Chunk recycling: both sides exchange chunks through `spare` with `AcqRel` swaps, so
//!   the consumer's last reads of a chunk happen before the producer's writes into it,
//!   and whoever frees a chunk taken out of `spare` has seen all earlier uses of it.
//! * Teardown: each end records its final position in `Shared` as it drops; the
//!   `Arc` strong count's release/acquire makes both records, and every item written,
//!   visible to `Shared::drop`, which runs on whichever side drops last and frees the
//!   items between the read and write positions (flushed or not) and all chunks.
//!
//! # Why each `unsafe` is sound
//!
//! The invariant: in chain order, `read position <= known_end <= published end <=
//! unflushed_start <= write position` (a NULL `published` stands for `known_end`).
//! Slots in `[read position, write position)` hold initialised items; the consumer
//! owns `[read position, known_end)`, the producer owns `[unflushed_start, write
//! position]`. Chunks from the read chunk to the write chunk are live and distinct, and
//! a chunk leaves that range (into `spare`) only once nobody holds a position in it.
//! Zero-sized `T` is rejected at compile time: its slots would share one address.
//!
//! Memory is unbounded by design: limits (high-water marks) live one level up, and so
//! does noticing that the other end is gone (the queue does not track it).
#![allow(unsafe_code)]

use std::marker::PhantomData;
use std::mem::MaybeUninit;
use std::ptr;
use std::sync::Arc;
use std::sync::atomic::{AtomicPtr, AtomicUsize, Ordering};

/// Slots per chunk: large enough that the per-chunk work (link, spare swap) is noise.
const CHUNK_LEN: usize = 256;

/// A block of slots plus the links of the chunk list.
///
/// Only ever handled through raw pointers (never `&`/`&mut`), because the two ends
/// access different slots of the same chunk concurrently. Allocated uninitialised:
/// slots are written before read, links are written when the chunk is linked in.
#[repr(C)]
struct Chunk<T> {
    /// Must stay first: [`slot`] relies on the slots starting at the chunk address.
    slots: [MaybeUninit<SlotCell<T>>; CHUNK_LEN],
    /// Following chunk; written by the producer before any item past this chunk is
    /// published, read by the consumer after it has consumed the last slot.
    next: *mut Chunk<T>,
    /// Preceding chunk; producer-only, used by [`Producer::unpush`].
    prev: *mut Chunk<T>,
}

/// Allocates a chunk without initialising it (no slot is touched).
fn alloc_chunk<T>() -> *mut Chunk<T> {
    Box::into_raw(Box::<Chunk<T>>::new_uninit()).cast()
}

/// Frees a chunk's memory without dropping anything in its slots.
///
/// # Safety
/// `chunk` came from [`alloc_chunk`], is not freed yet, and nobody uses it any more.
unsafe fn free_chunk<T>(chunk: *mut Chunk<T>) {
    // SAFETY: per the contract, the pointer is a live `Box<MaybeUninit<Chunk<T>>>`
    // allocation owned by the caller; `MaybeUninit` has no drop glue.
    drop(unsafe { Box::from_raw(chunk.cast::<MaybeUninit<Chunk<T>>>()) });
}

/// One slot, on a cache line of its own (or several, for a large `T`). A message
/// (56 bytes) then fills exactly one line: the producer's write and the consumer's
/// read of neighbouring items never share a line, and each item costs one line
/// transfer between the cores instead of sometimes two.
#[repr(C, align(64))]
struct SlotCell<T>(T);

/// Address of slot `pos` of `chunk` (safe: pure address arithmetic, no access). The
/// item sits at the start of its `SlotCell` (`repr(C)`, one field).
#[inline(always)]
fn slot<T>(chunk: *mut Chunk<T>, pos: usize) -> *mut T {
    chunk.cast::<SlotCell<T>>().wrapping_add(pos).cast::<T>()
}

/// Aligns its content to a cache line so that unrelated hot fields never share one.
#[repr(align(64))]
struct CacheLine<X>(X);

/// State shared by both ends, kept alive by the `Arc` either end holds.
struct Shared<T> {
    /// One past the last published item, or NULL when the consumer went idle.
    published: CacheLine<AtomicPtr<T>>,
    /// One recycled empty chunk (or NULL), passed from consumer to producer.
    spare: CacheLine<AtomicPtr<Chunk<T>>>,
    /// Consumer's read position (chunk, index), recorded when the consumer drops.
    read_end: (AtomicPtr<Chunk<T>>, AtomicUsize),
    /// Producer's write position (chunk, index), recorded when the producer drops.
    write_end: (AtomicPtr<Chunk<T>>, AtomicUsize),
    /// The queue owns `T` values and drops them in `Shared::drop`.
    _owns: PhantomData<T>,
}

impl<T> Drop for Shared<T> {
    fn drop(&mut self) {
        // `&mut self`: both ends are gone and the Arc's acquire made their writes
        // (items, links, recorded positions) visible here.
        let (mut chunk, mut pos) = (*self.read_end.0.get_mut(), *self.read_end.1.get_mut());
        let (end_chunk, end_pos) = (*self.write_end.0.get_mut(), *self.write_end.1.get_mut());
        while chunk != end_chunk || pos != end_pos {
            // SAFETY: slots between the read and write positions hold initialised
            // items that nobody else will touch; each is visited exactly once.
            unsafe { ptr::drop_in_place(slot(chunk, pos)) };
            pos += 1;
            if pos == CHUNK_LEN {
                // SAFETY: this chunk precedes the write chunk, so the producer linked
                // `next` before moving on; nothing refers to this chunk any more.
                let next = unsafe { (*chunk).next };
                // SAFETY: as above, this chunk is live, ours and unused from now on.
                unsafe { free_chunk(chunk) };
                chunk = next;
                pos = 0;
            }
        }
        // SAFETY: the write chunk is live, holds no more items, and is freed once here.
        unsafe { free_chunk(chunk) };
        let spare = *self.spare.0.get_mut();
        if !spare.is_null() {
            // SAFETY: the spare chunk is outside the live chain and owned by the queue.
            unsafe { free_chunk(spare) };
        }
    }
}

/// Creates an unbounded single-producer single-consumer queue.
///
/// Zero-sized `T` is rejected at compile time (positions are slot addresses).
pub fn channel<T>() -> (Producer<T>, Consumer<T>) {
    const {
        assert!(
            size_of::<T>() != 0,
            "spsc queue needs a non-zero-sized item type"
        )
    };
    let first = alloc_chunk::<T>();
    // SAFETY: `first` is a fresh allocation only we know; we initialise its links by
    // writing through the raw pointer (no reference to uninitialised memory is made).
    unsafe {
        (&raw mut (*first).next).write(ptr::null_mut());
        (&raw mut (*first).prev).write(ptr::null_mut());
    }
    let start = slot(first, 0);
    let shared = Arc::new(Shared {
        published: CacheLine(AtomicPtr::new(start)),
        spare: CacheLine(AtomicPtr::new(ptr::null_mut())),
        read_end: (AtomicPtr::new(first), AtomicUsize::new(0)),
        write_end: (AtomicPtr::new(first), AtomicUsize::new(0)),
        _owns: PhantomData,
    });
    let producer = Producer {
        chunk: first,
        pos: 0,
        unflushed_start: start,
        pending: 0,
        shared: Arc::clone(&shared),
    };
    let consumer = Consumer {
        chunk: first,
        pos: 0,
        known_end: start,
        shared,
    };
    (producer, consumer)
}

/// Writing end of the queue. `Send` (if `T` is), not `Sync`.
///
/// Its fields are producer-private and, thanks to the alignment, never share a cache
/// line with the consumer's.
#[repr(align(64))]
pub struct Producer<T> {
    /// Chunk holding the write position.
    chunk: *mut Chunk<T>,
    /// Index of the next slot to write in `chunk`; always `< CHUNK_LEN`.
    pos: usize,
    /// Published end as of our last flush: first item not yet flushed.
    unflushed_start: *mut T,
    /// Items pushed since the last flush.
    pending: usize,
    shared: Arc<Shared<T>>,
}

// SAFETY: the producer's raw pointers refer to chunks whose producer-side slots only
// this handle writes; moving the handle to another thread moves ownership of the
// unflushed `T` values with it, which is sound when `T: Send`. It stays `!Sync`.
unsafe impl<T: Send> Send for Producer<T> {}

impl<T> Producer<T> {
    /// Writes `item` at the tail; the consumer cannot see it until [`flush`](Self::flush).
    #[inline]
    pub fn push(&mut self, item: T) {
        // SAFETY: the write position is a slot of a live chunk that only the producer
        // may access (it is at or past `unflushed_start`), and it holds no item.
        unsafe { slot(self.chunk, self.pos).write(item) };
        self.pos += 1;
        self.pending += 1;
        if self.pos == CHUNK_LEN {
            self.link_next_chunk();
        }
    }

    /// Moves the write position into a fresh chunk (the spare one if there is one).
    #[cold]
    #[inline(never)]
    fn link_next_chunk(&mut self) {
        let mut next = self.shared.spare.0.swap(ptr::null_mut(), Ordering::AcqRel);
        if next.is_null() {
            next = alloc_chunk();
        }
        // SAFETY: `next` is a chunk nobody else holds (fresh, or taken out of `spare`
        // with acquire, after the consumer's last use); `self.chunk` is live and its
        // last slot is not yet published, so the consumer does not read its `next`.
        unsafe {
            (&raw mut (*next).next).write(ptr::null_mut());
            (&raw mut (*next).prev).write(self.chunk);
            (&raw mut (*self.chunk).next).write(next);
        }
        self.chunk = next;
        self.pos = 0;
    }

    /// Takes back the most recently pushed item if it is not flushed yet.
    ///
    /// Used to roll back an incomplete multipart message.
    pub fn unpush(&mut self) -> Option<T> {
        if self.pending == 0 {
            return None;
        }
        if self.pos == 0 {
            self.unlink_last_chunk();
        }
        self.pos -= 1;
        self.pending -= 1;
        // SAFETY: the slot holds an item we pushed and never published (pending > 0),
        // so the consumer cannot read it; reading it out moves ownership back to us.
        Some(unsafe { slot(self.chunk, self.pos).read() })
    }

    /// Steps back into the previous chunk when the write chunk holds no pending items.
    #[cold]
    #[inline(never)]
    fn unlink_last_chunk(&mut self) {
        let emptied = self.chunk;
        // SAFETY: an unflushed item precedes the write position, so the previous chunk
        // exists, is live (its last slot is unpublished) and `prev` was set on linking.
        self.chunk = unsafe { (*emptied).prev };
        self.pos = CHUNK_LEN;
        // `emptied` holds nothing and no published position points into it (the
        // published end is at or before the item being taken back): recycle it.
        let old = self.shared.spare.0.swap(emptied, Ordering::AcqRel);
        if !old.is_null() {
            // SAFETY: a chunk taken out of `spare` is unused by anyone; acquire made
            // all earlier accesses to it happen before this free.
            unsafe { free_chunk(old) };
        }
    }

    /// Publishes everything pushed since the last flush.
    ///
    /// Returns `true` iff the consumer had gone idle (found the queue empty) since the
    /// last flush and must be woken; this resets the idle mark. Returns `false` and
    /// publishes nothing when nothing was pushed.
    #[inline]
    pub fn flush(&mut self) -> bool {
        if self.pending == 0 {
            return false;
        }
        let end = slot(self.chunk, self.pos);
        let expected = std::mem::replace(&mut self.unflushed_start, end);
        self.pending = 0;
        let published = &self.shared.published.0;
        // Acquire on failure: a consumer that went idle may have done things before it
        // (an inproc bind adopting the pipe) that our wake-up must see.
        match published.compare_exchange(expected, end, Ordering::Release, Ordering::Acquire) {
            Ok(_) => false,
            Err(_idle) => {
                // The consumer swapped in the idle mark (NULL); only we replace it.
                published.store(end, Ordering::Release);
                true
            }
        }
    }

    /// Number of items pushed but not flushed yet.
    pub fn pending(&self) -> usize {
        self.pending
    }
}

impl<T> Drop for Producer<T> {
    fn drop(&mut self) {
        // Ordered before `Shared::drop` by the Arc's release/acquire.
        self.shared.write_end.0.store(self.chunk, Ordering::Relaxed);
        self.shared.write_end.1.store(self.pos, Ordering::Relaxed);
    }
}

/// Reading end of the queue. `Send` (if `T` is), not `Sync`.
///
/// Its fields are consumer-private and, thanks to the alignment, never share a cache
/// line with the producer's.
#[repr(align(64))]
pub struct Consumer<T> {
    /// Chunk holding the read position.
    chunk: *mut Chunk<T>,
    /// Index of the next slot to read in `chunk`; always `< CHUNK_LEN`.
    pos: usize,
    /// Published end as last seen: items before it can be read without synchronising.
    known_end: *mut T,
    shared: Arc<Shared<T>>,
}

// SAFETY: the consumer's raw pointers refer to chunks whose published slots only this
// handle reads; moving it to another thread hands over the ability to take `T` values
// out, which is sound when `T: Send`. It stays `!Sync`.
unsafe impl<T: Send> Send for Consumer<T> {}

impl<T> Consumer<T> {
    /// Takes the next published item; when there is none, marks the consumer idle (so
    /// the producer's next publishing [`flush`](Producer::flush) returns `true`).
    #[inline]
    pub fn pop(&mut self) -> Option<T> {
        let current = slot(self.chunk, self.pos);
        if current == self.known_end && !self.fetch_published(current) {
            return None;
        }
        // SAFETY: `current` is the read position, before the published end we acquired.
        Some(unsafe { self.take(current) })
    }

    /// Moves the item at the read position out and advances past it.
    ///
    /// # Safety
    /// `current` is the read position and lies before the published end acquired.
    #[inline(always)]
    unsafe fn take(&mut self, current: *mut T) -> T {
        // SAFETY: per the contract the slot holds an initialised item the producer will
        // not touch again; we move it out once and advance past it.
        let item = unsafe { current.read() };
        self.pos += 1;
        if self.pos == CHUNK_LEN {
            self.recycle_chunk();
        }
        item
    }

    /// Takes the next published item into `out` (replacing its value) without ever
    /// marking the consumer idle: an empty queue costs one plain load and leaves the
    /// producer's next `flush` quiet. For a consumer that polls briefly before it
    /// commits to sleeping. The item is copied once, from its slot to `out`.
    #[inline]
    pub fn try_pop_into(&mut self, out: &mut T) -> bool {
        let current = slot(self.chunk, self.pos);
        if current == self.known_end {
            let seen = self.shared.published.0.load(Ordering::Acquire);
            if seen.is_null() || seen == current {
                return false;
            }
            self.known_end = seen;
        }
        // SAFETY: as in `pop`.
        *out = unsafe { self.take(current) };
        true
    }

    /// True if an item is available; false marks the consumer idle, exactly like a
    /// [`pop`](Self::pop) that returns `None`.
    pub fn has_item(&mut self) -> bool {
        let current = slot(self.chunk, self.pos);
        current != self.known_end || self.fetch_published(current)
    }

    /// Called once everything up to `known_end` (== `current`) has been read: picks up
    /// a newer published end, or marks the consumer idle. Returns true if items arrived.
    #[inline]
    fn fetch_published(&mut self, current: *mut T) -> bool {
        let published = &self.shared.published.0;
        // A plain load first: it is enough when we are already idle (NULL) or when the
        // producer has published more since; only a truly empty queue costs a CAS.
        let mut seen = published.load(Ordering::Acquire);
        if seen == current {
            // Release on success: what we did before going idle is visible to the
            // producer that finds the idle mark (see `Producer::flush`).
            match published.compare_exchange(
                current,
                ptr::null_mut(),
                Ordering::AcqRel,
                Ordering::Acquire,
            ) {
                Ok(_) => return false,
                Err(newer) => seen = newer,
            }
        }
        if seen.is_null() {
            return false;
        }
        self.known_end = seen;
        true
    }

    /// Moves the read position into the next chunk and recycles the emptied one.
    #[cold]
    #[inline(never)]
    fn recycle_chunk(&mut self) {
        let emptied = self.chunk;
        // SAFETY: we consumed the last slot of `emptied`, so the producer linked `next`
        // before the flush we acquired; the chunk is live until we recycle it below.
        self.chunk = unsafe { (*emptied).next };
        self.pos = 0;
        // Release: our reads of `emptied` happen before the producer reuses it.
        let old = self.shared.spare.0.swap(emptied, Ordering::AcqRel);
        if !old.is_null() {
            // SAFETY: a chunk taken out of `spare` is unused by anyone; acquire made
            // all earlier accesses to it happen before this free.
            unsafe { free_chunk(old) };
        }
    }
}

impl<T> Drop for Consumer<T> {
    fn drop(&mut self) {
        // Ordered before `Shared::drop` by the Arc's release/acquire.
        self.shared.read_end.0.store(self.chunk, Ordering::Relaxed);
        self.shared.read_end.1.store(self.pos, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests;

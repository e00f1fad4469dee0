//! Heap objects handed to C as `void *` with a tag word in front.
//!
//! Counters, stopwatches, threads and timer sets are plain boxes (unlike contexts and
//! sockets, see `handle.rs`, they are not pooled), but their first word says what they
//! are. A NULL, misaligned or foreign pointer, or one of the wrong kind, reads a wrong
//! tag and the call fails with `EFAULT` instead of misusing the memory. Freeing
//! overwrites the tag first, so a second destroy of the same box is usually caught too,
//! though reading freed memory stays undefined, as in libzmq.

use std::sync::atomic::{AtomicU32, Ordering};

use libc::c_void;

/// Tag of a `zmq_atomic_counter_new` counter.
pub(crate) const TAG_COUNTER: u32 = 0x636e_7472;
/// Tag of a `zmq_stopwatch_start` stopwatch.
pub(crate) const TAG_STOPWATCH: u32 = 0x7374_7763;
/// Tag of a `zmq_threadstart` thread.
pub(crate) const TAG_THREAD: u32 = 0x7468_7264;
/// Tag of a `zmq_timers_new` timer set.
pub(crate) const TAG_TIMERS: u32 = 0x746d_7273;
/// Tag written over a box as it is freed.
const TAG_FREED: u32 = 0xdead_0b1e;

/// The memory a tagged `void *` points to: the tag is the first word whatever `T` is.
#[repr(C)]
pub struct Tagged<T> {
    tag: AtomicU32,
    /// What the handle holds.
    pub value: T,
}

/// Box `value` under `tag` and hand out the pointer C keeps.
pub fn into_handle<T>(tag: u32, value: T) -> *mut c_void {
    Box::into_raw(Box::new(Tagged {
        tag: AtomicU32::new(tag),
        value,
    }))
    .cast()
}

/// The object at `ptr` if it carries `tag`.
///
/// # Safety
/// `ptr` is NULL or points to at least one readable, aligned 32-bit word; and if that
/// word is `tag`, to a live `Tagged<T>` (a pointer C got from the matching constructor
/// and has not freed satisfies both).
pub unsafe fn borrow<'a, T>(ptr: *const c_void, tag: u32) -> Option<&'a Tagged<T>> {
    if ptr.is_null() || !(ptr as usize).is_multiple_of(std::mem::align_of::<Tagged<T>>()) {
        return None;
    }
    // SAFETY: non-NULL, aligned, and its first word readable by the caller's contract.
    // Only that word is read until it proves the rest is a `Tagged<T>`: the tag sits at
    // offset 0 of every `Tagged<T>` (`repr(C)`).
    let tag_word = unsafe { &*ptr.cast::<AtomicU32>() };
    if tag_word.load(Ordering::Acquire) != tag {
        return None;
    }
    // SAFETY: the tag says this is a live `Tagged<T>`, by the caller's contract.
    Some(unsafe { &*ptr.cast::<Tagged<T>>() })
}

/// Free the object at `ptr` if it carries `tag`, returning what it held.
///
/// # Safety
/// As [`borrow`]; and no other reference to the object is in use (C's contract:
/// nobody uses a handle while or after destroying it).
pub unsafe fn take<T>(ptr: *mut c_void, tag: u32) -> Option<T> {
    // SAFETY: forwarded contract.
    let object = unsafe { borrow::<T>(ptr, tag)? };
    object
        .tag
        .compare_exchange(tag, TAG_FREED, Ordering::AcqRel, Ordering::Acquire)
        .ok()?;
    // SAFETY: the tag proves the box came from `into_handle::<T>`; winning the exchange
    // makes this call the one that frees it.
    let boxed = unsafe { Box::from_raw(ptr.cast::<Tagged<T>>()) };
    Some(boxed.value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_right_tag_borrows_and_takes() {
        let ptr = into_handle(TAG_COUNTER, 7u64);
        // SAFETY: `ptr` is a live box from `into_handle`.
        unsafe {
            assert_eq!(borrow::<u64>(ptr, TAG_COUNTER).map(|o| o.value), Some(7));
            assert_eq!(take::<u64>(ptr, TAG_COUNTER), Some(7));
        }
    }

    #[test]
    fn wrong_tags_and_null_are_refused() {
        let ptr = into_handle(TAG_STOPWATCH, 1u64);
        // SAFETY: `ptr` is a live box from `into_handle`; NULL is allowed.
        unsafe {
            assert!(borrow::<u64>(ptr, TAG_TIMERS).is_none());
            assert!(take::<u64>(ptr, TAG_THREAD).is_none());
            assert!(borrow::<u64>(std::ptr::null(), TAG_STOPWATCH).is_none());
            assert_eq!(take::<u64>(ptr, TAG_STOPWATCH), Some(1));
        }
    }

    #[test]
    fn misaligned_pointers_are_refused() {
        let ptr = into_handle(TAG_COUNTER, 0u64);
        // SAFETY: the misaligned pointer is rejected before any read; `ptr` is live.
        unsafe {
            let odd = ptr.cast::<u8>().add(1).cast::<c_void>();
            assert!(borrow::<u64>(odd, TAG_COUNTER).is_none());
            assert!(take::<u64>(ptr, TAG_COUNTER).is_some());
        }
    }
}

//! `zmq_msg_*`: the engine's [`Msg`] living inside C's 64-byte `zmq_msg_t`.
//!
//! Layout of an initialised `zmq_msg_t`: an 8-byte tag word holding `TAG_LIVE`, then
//! the `Msg` (≤ 56 bytes, align ≤ 8, checked at compile time). `zmq_msg_close`
//! overwrites the tag, so a closed message, or one never initialised, is refused with
//! `EFAULT` as libzmq's validity check refuses it, instead of being read as a `Msg`.
//! The socket code uses [`msg_ref`], [`msg_mut`], [`msg_take`] and [`msg_put`] to reach
//! the message behind `zmq_msg_send`/`zmq_msg_recv`; [`bytes_from_user`] turns a C buffer
//! and its free function into a zero-copy [`Bytes`] (also for `zmq_send_const`).

use std::ffi::{c_char, c_int, c_void};
use std::mem::{align_of, size_of};
use std::ptr;

use oxzmq::Error;
use oxzmq::msg::{Bytes, Msg};

use crate::ffi;
use crate::ffi_boundary;
use crate::types::{zmq_free_fn, zmq_msg_t};

/// `ZMQ_MORE`: more parts follow.
const ZMQ_MORE: c_int = 1;
/// `ZMQ_SRCFD`: the file descriptor the message was read from.
const ZMQ_SRCFD: c_int = 2;
/// `ZMQ_SHARED`: the payload may be shared with another message.
const ZMQ_SHARED: c_int = 3;

/// Tag word of an initialised message ("oxzmqmsg"). A 64-bit pattern is what makes
/// stack garbage or a zeroed struct practically never pass for a live message.
const TAG_LIVE: u64 = 0x6f78_7a6d_716d_7367;
/// Tag word written by `zmq_msg_close`.
const TAG_CLOSED: u64 = 0x636c_6f73_6564_2121;

/// How the bytes of a `zmq_msg_t` are used.
#[repr(C)]
struct Slot {
    tag: u64,
    msg: Msg,
}

const _: () = assert!(size_of::<Slot>() <= size_of::<zmq_msg_t>());
const _: () = assert!(align_of::<Slot>() <= align_of::<zmq_msg_t>());

/// The slot of `m`: `EFAULT` for NULL or a pointer not aligned as `zmq_msg_t` is (a
/// misaligned message could not hold a `Msg`; refusing it beats undefined behaviour).
fn slot_of(m: *const zmq_msg_t) -> Result<*mut Slot, Error> {
    let slot = m.cast::<Slot>().cast_mut();
    if slot.is_null() || !slot.is_aligned() {
        return Err(Error::Fault);
    }
    Ok(slot)
}

/// The slot of `m` if it holds an initialised message, else `EFAULT`.
///
/// # Safety
/// `m` is NULL or points to a `zmq_msg_t` (initialised or not) the caller may read.
unsafe fn live_slot(m: *const zmq_msg_t) -> Result<*mut Slot, Error> {
    let slot = slot_of(m)?;
    // SAFETY: `slot` is non-NULL, aligned and points to 64 readable bytes by the
    // caller's contract. The tag of a never-initialised message is whatever C left
    // there; any value is a valid u64, and only TAG_LIVE (written by `install`) is
    // taken to mean a `Msg` follows.
    let tag = unsafe { ptr::read(&raw const (*slot).tag) };
    if tag == TAG_LIVE {
        Ok(slot)
    } else {
        Err(Error::Fault)
    }
}

/// Store `msg` in `m` as a newly initialised message, ignoring what `m` held before
/// (as `zmq_msg_init*` do: C hands them uninitialised memory).
///
/// # Safety
/// `m` is NULL or points to a writable `zmq_msg_t`.
unsafe fn install(m: *mut zmq_msg_t, msg: Msg) -> Result<(), Error> {
    let slot = slot_of(m)?;
    // SAFETY: `slot` is non-NULL, aligned and writable for 64 bytes (caller's contract,
    // and `Slot` fits in `zmq_msg_t` by the assertions above). `ptr::write` does not
    // drop the previous bytes, which may be garbage.
    unsafe {
        ptr::write(&raw mut (*slot).msg, msg);
        ptr::write(&raw mut (*slot).tag, TAG_LIVE);
    }
    Ok(())
}

/// Take the message out of `m` and mark `m` closed.
///
/// # Safety
/// `m` is NULL or points to a writable `zmq_msg_t` not borrowed elsewhere.
unsafe fn uninstall(m: *mut zmq_msg_t) -> Result<Msg, Error> {
    // SAFETY: forwarded contract.
    let slot = unsafe { live_slot(m) }?;
    // SAFETY: the tag says `install` put a `Msg` there and nothing has taken it since
    // (taking it rewrites the tag first, so the `Msg` is read out exactly once).
    unsafe {
        ptr::write(&raw mut (*slot).tag, TAG_CLOSED);
        Ok(ptr::read(&raw const (*slot).msg))
    }
}

/// The message inside an initialised `zmq_msg_t`; `EFAULT` if NULL, closed or never
/// initialised.
///
/// # Safety
/// `m` is NULL or points to a `zmq_msg_t` that stays valid and is not written through
/// another path for `'a` (libzmq's rule: one thread uses a message at a time).
pub unsafe fn msg_ref<'a>(m: *const zmq_msg_t) -> Result<&'a Msg, Error> {
    // SAFETY: forwarded contract.
    let slot = unsafe { live_slot(m) }?;
    // SAFETY: a live tag means a `Msg` initialised by `install` is there; the caller
    // guarantees validity and no concurrent writes for `'a`.
    Ok(unsafe { &(*slot).msg })
}

/// The message inside an initialised `zmq_msg_t`, mutably; `EFAULT` as [`msg_ref`].
///
/// # Safety
/// `m` is NULL or points to a `zmq_msg_t` that stays valid and is not accessed through
/// any other path for `'a`.
pub unsafe fn msg_mut<'a>(m: *mut zmq_msg_t) -> Result<&'a mut Msg, Error> {
    // SAFETY: forwarded contract.
    let slot = unsafe { live_slot(m) }?;
    // SAFETY: as in `msg_ref`, plus exclusivity for `'a` by the caller's contract.
    Ok(unsafe { &mut (*slot).msg })
}

/// Move the message out of `m`, leaving an empty initialised message (what
/// `zmq_msg_send` does on success).
///
/// # Safety
/// As [`msg_mut`].
pub unsafe fn msg_take(m: *mut zmq_msg_t) -> Result<Msg, Error> {
    // SAFETY: forwarded contract; the borrow ends within this call.
    Ok(unsafe { msg_mut(m) }?.take())
}

/// Replace the content of the initialised message `m` by `msg`, dropping the old
/// content (what `zmq_msg_recv` does). On `EFAULT` `msg` is dropped: check `m` with
/// [`msg_mut`] before taking a message off a queue you cannot put back.
///
/// # Safety
/// As [`msg_mut`].
pub unsafe fn msg_put(m: *mut zmq_msg_t, msg: Msg) -> Result<(), Error> {
    // SAFETY: forwarded contract; the borrow ends within this call.
    *unsafe { msg_mut(m) }? = msg;
    Ok(())
}

/// A buffer owned by C: released by its free function, if it has one, when the last
/// `Bytes` referring to it is dropped.
struct UserBuffer {
    data: *mut c_void,
    len: usize,
    free: zmq_free_fn,
    hint: *mut c_void,
}

// SAFETY: the buffer is plain bytes that the C caller handed over; libzmq documents
// that the free function may be called from any thread, so releasing it from the
// thread that drops the last reference is within the contract.
unsafe impl Send for UserBuffer {}

impl AsRef<[u8]> for UserBuffer {
    fn as_ref(&self) -> &[u8] {
        if self.len == 0 {
            return &[];
        }
        // SAFETY: `bytes_from_user` accepted a non-NULL `data` valid for `len` bytes
        // until the free function runs (or forever, for constant data), and this
        // owner lives until then.
        unsafe { std::slice::from_raw_parts(self.data.cast::<u8>(), self.len) }
    }
}

impl Drop for UserBuffer {
    fn drop(&mut self) {
        if let Some(free) = self.free {
            // SAFETY: `Bytes` drops its owner exactly once, when the last reference
            // goes; this is the single call of `free(data, hint)` that C asked for.
            unsafe { free(self.data, self.hint) };
        }
    }
}

/// Wrap a C buffer as zero-copy [`Bytes`]: `free(data, hint)` runs exactly once, from
/// whichever thread drops the last reference; without `free` the data is constant and
/// never released (`zmq_send_const`). `EINVAL` if `data` is NULL with `len > 0`.
///
/// # Safety
/// `data` is NULL (only with `len == 0`) or valid for reads of `len` bytes until `free`
/// is called, or for the rest of the process when `free` is `None`.
pub unsafe fn bytes_from_user(
    data: *mut c_void,
    len: usize,
    free: zmq_free_fn,
    hint: *mut c_void,
) -> Result<Bytes, Error> {
    if data.is_null() && len > 0 {
        return Err(Error::Invalid);
    }
    Ok(Bytes::from_owner(UserBuffer {
        data,
        len,
        free,
        hint,
    }))
}

/// Initialise an empty message.
///
/// # Safety
/// `msg` is NULL or points to writable memory for a `zmq_msg_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_msg_init(msg: *mut zmq_msg_t) -> c_int {
    ffi_boundary!(zmq_msg_init, {
        // SAFETY: forwarded contract.
        unsafe { install(msg, Msg::new()) }?;
        Ok(0)
    })
}

/// Initialise a message of `size` bytes to fill; `ENOMEM` if they cannot be allocated.
///
/// As with libzmq the content is unspecified: zero, or (from 8 KiB) a recycled
/// buffer's earlier bytes; never uninitialised memory.
///
/// # Safety
/// `msg` is NULL or points to writable memory for a `zmq_msg_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_msg_init_size(msg: *mut zmq_msg_t, size: usize) -> c_int {
    ffi_boundary!(zmq_msg_init_size, {
        slot_of(msg)?;
        let content = Msg::try_with_size(size)?;
        // SAFETY: forwarded contract.
        unsafe { install(msg, content) }?;
        Ok(0)
    })
}

/// Initialise a message over the caller's buffer without copying it. `ffn(data, hint)`
/// is called once when the last copy of the message is released; with `ffn` NULL the
/// data is constant and never released. On failure `ffn` is not called.
///
/// # Safety
/// `msg` is NULL or points to writable memory for a `zmq_msg_t`; `data` as
/// [`bytes_from_user`] requires; `ffn` is NULL or a function safe to call from any thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_msg_init_data(
    msg: *mut zmq_msg_t,
    data: *mut c_void,
    size: usize,
    ffn: zmq_free_fn,
    hint: *mut c_void,
) -> c_int {
    ffi_boundary!(zmq_msg_init_data, {
        slot_of(msg)?;
        // SAFETY: forwarded contract on `data`, `size` and `ffn`.
        let bytes = unsafe { bytes_from_user(data, size, ffn, hint) }?;
        let content = match ffn {
            Some(_) => Msg::from_bytes(bytes),
            None => Msg::from_constant(bytes),
        };
        // SAFETY: forwarded contract.
        unsafe { install(msg, content) }?;
        Ok(0)
    })
}

/// Initialise a message holding a copy of `size` bytes at `buf` (draft).
///
/// # Safety
/// `msg` is NULL or points to writable memory for a `zmq_msg_t`; `buf` is NULL (only
/// with `size == 0`) or valid for reads of `size` bytes.
#[cfg(feature = "draft")]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_msg_init_buffer(
    msg: *mut zmq_msg_t,
    buf: *const c_void,
    size: usize,
) -> c_int {
    ffi_boundary!(zmq_msg_init_buffer, {
        slot_of(msg)?;
        // SAFETY: forwarded contract on `buf` and `size`.
        let data = unsafe { ffi::bytes_arg(buf, size) }?;
        let content = Msg::try_from_slice(data)?;
        // SAFETY: forwarded contract.
        unsafe { install(msg, content) }?;
        Ok(0)
    })
}

/// Release a message; `EFAULT` if it is not initialised (or already closed).
///
/// # Safety
/// `msg` is NULL or points to a `zmq_msg_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_msg_close(msg: *mut zmq_msg_t) -> c_int {
    ffi_boundary!(zmq_msg_close, {
        // SAFETY: forwarded contract.
        drop(unsafe { uninstall(msg) }?);
        Ok(0)
    })
}

/// Move `src` into `dest` (releasing what `dest` held); `src` becomes an empty
/// message. Both must be initialised (`EFAULT` otherwise, as libzmq).
///
/// # Safety
/// Each of `dest`, `src` is NULL or points to a `zmq_msg_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_msg_move(dest: *mut zmq_msg_t, src: *mut zmq_msg_t) -> c_int {
    ffi_boundary!(zmq_msg_move, {
        // SAFETY: forwarded contract; `dest` is checked before `src` is emptied, and the
        // two messages are borrowed one after the other, so `dest == src` is harmless.
        unsafe {
            live_slot(dest)?;
            let moved = msg_take(src)?;
            msg_put(dest, moved)?;
        }
        Ok(0)
    })
}

/// Make `dest` a copy of `src` sharing its payload (releasing what `dest` held). Both
/// must be initialised (`EFAULT` otherwise, as libzmq and its man page require).
///
/// # Safety
/// Each of `dest`, `src` is NULL or points to a `zmq_msg_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_msg_copy(dest: *mut zmq_msg_t, src: *mut zmq_msg_t) -> c_int {
    ffi_boundary!(zmq_msg_copy, {
        // SAFETY: forwarded contract; borrows taken one after the other, as in move.
        unsafe {
            live_slot(dest)?;
            let copy = msg_mut(src)?.shared_copy();
            msg_put(dest, copy)?;
        }
        Ok(0)
    })
}

/// The payload; NULL with `EFAULT` for an invalid message (libzmq would abort).
///
/// # Safety
/// `msg` is NULL or points to a `zmq_msg_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_msg_data(msg: *mut zmq_msg_t) -> *mut c_void {
    ffi_boundary!(zmq_msg_data, {
        // SAFETY: forwarded contract.
        Ok(unsafe { msg_mut(msg) }?.as_mut_ptr().cast::<c_void>())
    })
}

/// The payload size; 0 with `EFAULT` for an invalid message (libzmq would abort).
///
/// # Safety
/// `msg` is NULL or points to a `zmq_msg_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_msg_size(msg: *const zmq_msg_t) -> usize {
    ffi_boundary!(zmq_msg_size, {
        // SAFETY: forwarded contract.
        Ok(unsafe { msg_ref(msg) }?.len())
    })
}

/// 1 if more parts follow, else 0. An invalid message gives 0 with `EFAULT`, so that a
/// `while (zmq_msg_more (&m))` loop ends rather than spinning on -1.
///
/// # Safety
/// `msg` is NULL or points to a `zmq_msg_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_msg_more(msg: *const zmq_msg_t) -> c_int {
    ffi_boundary!(zmq_msg_more, {
        // SAFETY: forwarded contract.
        match unsafe { msg_ref(msg) } {
            Ok(content) => Ok(c_int::from(content.more())),
            Err(err) => {
                ffi::set_errno(err.errno());
                Ok(0)
            }
        }
    })
}

/// An integer property: `ZMQ_MORE`, `ZMQ_SRCFD` (-1 with `EINVAL` when the message did
/// not come from a file descriptor), `ZMQ_SHARED`; `EINVAL` for any other.
///
/// # Safety
/// `msg` is NULL or points to a `zmq_msg_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_msg_get(msg: *const zmq_msg_t, property: c_int) -> c_int {
    ffi_boundary!(zmq_msg_get, {
        // SAFETY: forwarded contract.
        let content = unsafe { msg_ref(msg) }?;
        match property {
            ZMQ_MORE => Ok(c_int::from(content.more())),
            ZMQ_SRCFD => content
                .metadata()
                .and_then(|meta| meta.source_fd())
                .ok_or(Error::Invalid),
            ZMQ_SHARED => Ok(c_int::from(content.is_shared())),
            _ => Err(Error::Invalid),
        }
    })
}

/// Set an integer property: libzmq 4.3.5 has none that can be set, so always `EINVAL`.
///
/// # Safety
/// None of the arguments is dereferenced.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_msg_set(msg: *mut zmq_msg_t, property: c_int, value: c_int) -> c_int {
    ffi_boundary!(zmq_msg_set, {
        let _ = (msg, property, value);
        Err::<c_int, _>(Error::Invalid)
    })
}

/// A metadata property of the connection the message came from (`Socket-Type`,
/// `Routing-Id`, `User-Id`, `Peer-Address`, `X-…`); NULL with `EINVAL` when absent. The
/// string lives as long as the message.
///
/// # Safety
/// `msg` is NULL or points to a `zmq_msg_t`; `property` is NULL or a NUL-terminated
/// string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_msg_gets(
    msg: *const zmq_msg_t,
    property: *const c_char,
) -> *const c_char {
    ffi_boundary!(zmq_msg_gets, {
        // SAFETY: forwarded contract.
        let content = unsafe { msg_ref(msg) }?;
        // SAFETY: forwarded contract.
        let name = unsafe { ffi::str_arg(property) }?;
        let value = content.metadata().and_then(|meta| meta.get_cstr(name));
        Ok(value.ok_or(Error::Invalid)?.as_ptr())
    })
}

/// Set the routing id (draft); 0 is not a routing id (`EINVAL`).
///
/// # Safety
/// `msg` is NULL or points to a `zmq_msg_t`.
#[cfg(feature = "draft")]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_msg_set_routing_id(msg: *mut zmq_msg_t, routing_id: u32) -> c_int {
    ffi_boundary!(zmq_msg_set_routing_id, {
        // SAFETY: forwarded contract.
        let content = unsafe { msg_mut(msg) }?;
        if routing_id == 0 {
            return Err(Error::Invalid);
        }
        content.set_routing_id(routing_id);
        Ok(0)
    })
}

/// The routing id (draft); 0 when none, and 0 with `EFAULT` for an invalid message.
///
/// # Safety
/// `msg` is NULL or points to a `zmq_msg_t`.
#[cfg(feature = "draft")]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_msg_routing_id(msg: *mut zmq_msg_t) -> u32 {
    ffi_boundary!(zmq_msg_routing_id, {
        // SAFETY: forwarded contract.
        Ok(unsafe { msg_ref(msg) }?.routing_id())
    })
}

/// Set the group (draft); `EINVAL` if NULL, not UTF-8 or longer than 255 bytes.
///
/// # Safety
/// `msg` is NULL or points to a `zmq_msg_t`; `group` is NULL or a NUL-terminated string.
#[cfg(feature = "draft")]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_msg_set_group(msg: *mut zmq_msg_t, group: *const c_char) -> c_int {
    ffi_boundary!(zmq_msg_set_group, {
        // SAFETY: forwarded contract.
        let content = unsafe { msg_mut(msg) }?;
        if group.is_null() {
            return Err(Error::Invalid);
        }
        // As libzmq, read at most ZMQ_GROUP_MAX_LENGTH bytes: a longer name is cut.
        let mut len = 0;
        // SAFETY: `group` is a NUL-terminated string by contract; we stop at its NUL
        // or at the maximum, whichever comes first, so we never read past it.
        while len < oxzmq::msg::GROUP_MAX_LENGTH && unsafe { *group.add(len) } != 0 {
            len += 1;
        }
        // SAFETY: the `len` bytes just scanned are readable.
        let bytes = unsafe { std::slice::from_raw_parts(group.cast::<u8>(), len) };
        let group = std::str::from_utf8(bytes).map_err(|_| Error::Invalid)?;
        content.set_group(group)?;
        Ok(0)
    })
}

/// The group (draft): `""` when none; the string lives as long as the message's group.
///
/// # Safety
/// `msg` is NULL or points to a `zmq_msg_t`.
#[cfg(feature = "draft")]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_msg_group(msg: *mut zmq_msg_t) -> *const c_char {
    ffi_boundary!(zmq_msg_group, {
        // SAFETY: forwarded contract.
        Ok(unsafe { msg_ref(msg) }?.group_cstr().as_ptr())
    })
}

// The tests use the draft exports (`zmq_msg_init_buffer`, groups, routing ids).
#[cfg(all(test, feature = "draft"))]
mod tests;

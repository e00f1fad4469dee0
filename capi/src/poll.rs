//! `zmq_poll`, `zmq_ppoll` and the draft `zmq_poller_*` family.

use libc::{c_int, c_long, c_short, c_void};

use crate::ffi_boundary;
use crate::socket::socket;
use crate::types::{zmq_fd_t, zmq_poller_event_t, zmq_pollitem_t};
use oxzmq::Error;
use oxzmq::poll::poller::{Poller, Watched};
use oxzmq::poll::{PollEntry, poll_entries};

/// The sockets' `ZMQ_EVENTS`, looked up one at a time (two items may name the same
/// socket, so no two borrows of a socket are ever alive together).
fn events_of(handle: *mut c_void) -> Result<i16, Error> {
    // SAFETY: the caller of the poll function passed live socket handles, used by this
    // thread only for the duration of the call.
    unsafe { socket(handle) }?.events()
}

fn fd_of(handle: *mut c_void) -> Result<zmq_fd_t, Error> {
    // SAFETY: as in `events_of`.
    Ok(unsafe { socket(handle) }?.fd())
}

/// The body shared by `zmq_poll` and `zmq_ppoll`.
///
/// # Safety
/// `items` is NULL or an array of `nitems` items whose sockets are live handles.
unsafe fn poll_items(
    items: *mut zmq_pollitem_t,
    nitems: c_int,
    timeout: c_long,
    sigmask: Option<&libc::sigset_t>,
) -> Result<c_int, Error> {
    if nitems < 0 {
        return Err(Error::Invalid);
    }
    if items.is_null() && nitems > 0 {
        return Err(Error::Fault);
    }
    let items: &mut [zmq_pollitem_t] = if nitems == 0 {
        &mut []
    } else {
        // SAFETY: non-NULL array of `nitems` items by contract.
        unsafe { std::slice::from_raw_parts_mut(items, nitems as usize) }
    };
    let mut entries = Vec::with_capacity(items.len());
    for item in items.iter() {
        let entry = if item.socket.is_null() {
            PollEntry {
                fd: item.fd,
                socket: false,
                events: item.events,
                revents: 0,
            }
        } else {
            PollEntry {
                fd: fd_of(item.socket)?,
                socket: true,
                events: item.events,
                revents: 0,
            }
        };
        entries.push(entry);
    }
    let sockets: Vec<*mut c_void> = items.iter().map(|i| i.socket).collect();
    let ready = poll_entries(&mut entries, timeout, sigmask, |i| events_of(sockets[i]))?;
    for (item, entry) in items.iter_mut().zip(&entries) {
        item.revents = entry.revents;
    }
    Ok(ready as c_int)
}

/// Wait for events on sockets and file descriptors.
///
/// # Safety
/// `items` is NULL or an array of `nitems` poll items; each `socket` is NULL or a live
/// socket handle not used by another thread during the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_poll(
    items: *mut zmq_pollitem_t,
    nitems: c_int,
    timeout: c_long,
) -> c_int {
    // SAFETY: forwarded contract.
    ffi_boundary!(zmq_poll, {
        unsafe { poll_items(items, nitems, timeout, None) }
    })
}

/// `zmq_poll` with a signal mask applied while waiting, as `ppoll(2)` (draft).
///
/// # Safety
/// As `zmq_poll`; `sigmask` is NULL or a valid signal set.
#[cfg(feature = "draft")]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_ppoll(
    items: *mut zmq_pollitem_t,
    nitems: c_int,
    timeout: c_long,
    sigmask: *const libc::sigset_t,
) -> c_int {
    ffi_boundary!(zmq_ppoll, {
        // SAFETY: NULL or valid by contract.
        let mask = unsafe { sigmask.as_ref() };
        // SAFETY: forwarded contract.
        unsafe { poll_items(items, nitems, timeout, mask) }
    })
}

/// The memory behind a `zmq_poller_new` pointer: a tag, then the poller.
#[repr(C)]
struct PollerBox {
    tag: u64,
    poller: Poller,
}

const POLLER_TAG: u64 = 0x6f78_706f_6c6c_6572;

/// The poller box behind `p`, if its tag is right.
///
/// # Safety
/// `p` is NULL or a pointer from `zmq_poller_new` (live or destroyed).
unsafe fn poller_ref<'a>(p: *mut c_void) -> Result<&'a mut PollerBox, Error> {
    if p.is_null() || !(p as usize).is_multiple_of(std::mem::align_of::<PollerBox>()) {
        return Err(Error::Fault);
    }
    // SAFETY: a poller pointer by contract; only its first word (the tag, first in
    // the `repr(C)` box) is read before the tag confirms a whole `PollerBox` is there.
    if unsafe { std::ptr::read(p as *const u64) } != POLLER_TAG {
        return Err(Error::Fault);
    }
    // SAFETY: the tag is ours, so `p` is a live `PollerBox` used by this thread only.
    Ok(unsafe { &mut *(p as *mut PollerBox) })
}

/// The poller behind `p`, or `EFAULT`.
///
/// # Safety
/// `p` is NULL or a pointer from `zmq_poller_new`, used by one thread at a time.
unsafe fn poller<'a>(p: *mut c_void) -> Result<&'a mut Poller, Error> {
    // SAFETY: forwarded contract.
    Ok(&mut unsafe { poller_ref(p) }?.poller)
}

/// A new, empty poller (draft).
///
/// # Safety
/// Always safe to call.
#[cfg(feature = "draft")]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_poller_new() -> *mut c_void {
    ffi_boundary!(zmq_poller_new, {
        let boxed = Box::new(PollerBox {
            tag: POLLER_TAG,
            poller: Poller::default(),
        });
        Ok(Box::into_raw(boxed).cast())
    })
}

/// Free a poller and set `*poller_p` to NULL (draft).
///
/// # Safety
/// `poller_p` is NULL or points to NULL or a poller pointer used by no other thread.
#[cfg(feature = "draft")]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_poller_destroy(poller_p: *mut *mut c_void) -> c_int {
    ffi_boundary!(zmq_poller_destroy, {
        if poller_p.is_null() {
            return Err(Error::Fault);
        }
        // SAFETY: non-NULL by the check, valid by contract.
        let p = unsafe { *poller_p };
        // SAFETY: forwarded contract; validates the tag.
        let boxed = unsafe { poller_ref(p) }?;
        boxed.tag = 0;
        // SAFETY: the pointer came from `Box::into_raw` in `zmq_poller_new`.
        drop(unsafe { Box::from_raw(boxed as *mut PollerBox) });
        // SAFETY: as above.
        unsafe { *poller_p = std::ptr::null_mut() };
        Ok(0)
    })
}

/// Number of items in a poller (draft).
///
/// # Safety
/// `p` is NULL or a poller pointer.
#[cfg(feature = "draft")]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_poller_size(p: *mut c_void) -> c_int {
    // SAFETY: forwarded contract.
    ffi_boundary!(zmq_poller_size, {
        Ok(unsafe { poller(p) }?.size() as c_int)
    })
}

/// Add a socket (draft).
///
/// # Safety
/// `p` is NULL or a poller pointer; `s` is NULL or a socket pointer.
#[cfg(feature = "draft")]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_poller_add(
    p: *mut c_void,
    s: *mut c_void,
    user_data: *mut c_void,
    events: c_short,
) -> c_int {
    ffi_boundary!(zmq_poller_add, {
        // SAFETY: forwarded contracts.
        let poller = unsafe { poller(p) }?;
        // SAFETY: forwarded contract; only validates the handle.
        unsafe { socket(s) }?;
        poller.add(Watched::Socket(s as usize), user_data as usize, events)?;
        Ok(0)
    })
}

/// Change a socket's events (draft).
///
/// # Safety
/// `p` is NULL or a poller pointer; `s` is NULL or a socket pointer.
#[cfg(feature = "draft")]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_poller_modify(
    p: *mut c_void,
    s: *mut c_void,
    events: c_short,
) -> c_int {
    ffi_boundary!(zmq_poller_modify, {
        // SAFETY: forwarded contracts.
        let poller = unsafe { poller(p) }?;
        // SAFETY: forwarded contract; only validates the handle.
        unsafe { socket(s) }?;
        poller.modify(Watched::Socket(s as usize), events)?;
        Ok(0)
    })
}

/// Remove a socket (draft).
///
/// # Safety
/// `p` is NULL or a poller pointer; `s` is NULL or a socket pointer.
#[cfg(feature = "draft")]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_poller_remove(p: *mut c_void, s: *mut c_void) -> c_int {
    ffi_boundary!(zmq_poller_remove, {
        // SAFETY: forwarded contracts.
        let poller = unsafe { poller(p) }?;
        // SAFETY: forwarded contract; only validates the handle.
        unsafe { socket(s) }?;
        poller.remove(Watched::Socket(s as usize))?;
        Ok(0)
    })
}

/// Add a file descriptor (draft).
///
/// # Safety
/// `p` is NULL or a poller pointer.
#[cfg(feature = "draft")]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_poller_add_fd(
    p: *mut c_void,
    fd: zmq_fd_t,
    user_data: *mut c_void,
    events: c_short,
) -> c_int {
    ffi_boundary!(zmq_poller_add_fd, {
        if fd < 0 {
            return Err(Error::Os(libc::EBADF));
        }
        // SAFETY: forwarded contract.
        unsafe { poller(p) }?.add(Watched::Fd(fd), user_data as usize, events)?;
        Ok(0)
    })
}

/// Change a file descriptor's events (draft).
///
/// # Safety
/// `p` is NULL or a poller pointer.
#[cfg(feature = "draft")]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_poller_modify_fd(
    p: *mut c_void,
    fd: zmq_fd_t,
    events: c_short,
) -> c_int {
    ffi_boundary!(zmq_poller_modify_fd, {
        if fd < 0 {
            return Err(Error::Os(libc::EBADF));
        }
        // SAFETY: forwarded contract.
        unsafe { poller(p) }?.modify(Watched::Fd(fd), events)?;
        Ok(0)
    })
}

/// Remove a file descriptor (draft).
///
/// # Safety
/// `p` is NULL or a poller pointer.
#[cfg(feature = "draft")]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_poller_remove_fd(p: *mut c_void, fd: zmq_fd_t) -> c_int {
    ffi_boundary!(zmq_poller_remove_fd, {
        if fd < 0 {
            return Err(Error::Os(libc::EBADF));
        }
        // SAFETY: forwarded contract.
        unsafe { poller(p) }?.remove(Watched::Fd(fd))?;
        Ok(0)
    })
}

/// The shared body of `zmq_poller_wait` and `zmq_poller_wait_all`.
///
/// # Safety
/// `p` is NULL or a poller pointer; `events` is NULL or valid for `n` entries.
unsafe fn wait_into(
    p: *mut c_void,
    events: *mut zmq_poller_event_t,
    n: c_int,
    timeout: c_long,
) -> Result<c_int, Error> {
    // SAFETY: forwarded contract.
    let poller = unsafe { poller(p) }?;
    if events.is_null() {
        return Err(Error::Fault);
    }
    if n < 0 {
        return Err(Error::Invalid);
    }
    let ready = poller.wait(
        n as usize,
        timeout,
        |key| fd_of(key as *mut c_void),
        |key| events_of(key as *mut c_void),
    )?;
    // SAFETY: `n` writable entries by contract, and `ready.len() <= n`.
    let out = unsafe { std::slice::from_raw_parts_mut(events, n as usize) };
    for (slot, event) in out.iter_mut().zip(&ready) {
        let (socket, fd) = match event.item.watched {
            Watched::Socket(key) => (key as *mut c_void, -1),
            Watched::Fd(fd) => (std::ptr::null_mut(), fd),
        };
        *slot = zmq_poller_event_t {
            socket,
            fd,
            user_data: event.item.user_data as *mut c_void,
            events: event.revents,
        };
    }
    Ok(ready.len() as c_int)
}

/// Wait for one event (draft). `EAGAIN` when the timeout ends with none.
///
/// # Safety
/// `p` is NULL or a poller pointer; `event` is NULL or writable.
#[cfg(feature = "draft")]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_poller_wait(
    p: *mut c_void,
    event: *mut zmq_poller_event_t,
    timeout: c_long,
) -> c_int {
    ffi_boundary!(zmq_poller_wait, {
        // SAFETY: forwarded contract.
        unsafe { wait_into(p, event, 1, timeout) }?;
        Ok(0)
    })
}

/// Wait for up to `n_events` events; returns how many (draft).
///
/// # Safety
/// `p` is NULL or a poller pointer; `events` is NULL or writable for `n_events`.
#[cfg(feature = "draft")]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_poller_wait_all(
    p: *mut c_void,
    events: *mut zmq_poller_event_t,
    n_events: c_int,
    timeout: c_long,
) -> c_int {
    // SAFETY: forwarded contract.
    ffi_boundary!(zmq_poller_wait_all, {
        unsafe { wait_into(p, events, n_events, timeout) }
    })
}

/// The poller's own descriptor (draft). libzmq has one only when thread-safe sockets
/// were added; oxzmq has no thread-safe sockets yet, so this is `EINVAL` as libzmq's
/// answer for a poller without them.
///
/// # Safety
/// `p` is NULL or a poller pointer; `fd` is NULL or writable.
#[cfg(feature = "draft")]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_poller_fd(p: *mut c_void, fd: *mut zmq_fd_t) -> c_int {
    ffi_boundary!(zmq_poller_fd, {
        // SAFETY: forwarded contract.
        unsafe { poller(p) }?;
        if fd.is_null() {
            return Err(Error::Fault);
        }
        Err(Error::Invalid)
    })
}

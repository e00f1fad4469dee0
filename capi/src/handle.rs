//! Opaque handles for contexts and sockets, with a type tag.
//!
//! C code holds `void *` for a context or a socket. Each points to a [`Handle`]
//! whose first word is a tag, so a context passed where a socket belongs, or a socket
//! used after `zmq_close`, is recognised and refused (`ENOTSOCK`/`EFAULT`) instead of
//! dereferenced as the wrong thing. Retired handles are not given back to the allocator:
//! they stay readable, tagged dead, in a pool from which new handles are taken, so a
//! stale pointer reads a dead tag (or, after reuse, a live handle of the same kind)
//! rather than freed memory. The pool never holds more shells than were live at once.

use std::cell::UnsafeCell;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};

use oxzmq::{Context, Socket};

const TAG_CONTEXT: u32 = 0xabad_cafe;
const TAG_SOCKET: u32 = 0xbadd_ecaf;
const TAG_DEAD: u32 = 0xdead_beef;

/// What a live handle holds.
pub enum HandleValue {
    /// A retired shell, waiting in the pool.
    Empty,
    /// A context (shared by every thread that uses it).
    Context(Context),
    /// A socket (used by one thread at a time, libzmq's contract).
    Socket(Box<Socket>),
}

/// The memory a C `void *` handle points to.
#[repr(C)]
pub struct Handle {
    tag: AtomicU32,
    value: UnsafeCell<HandleValue>,
}

// SAFETY: the tag is atomic; the value is a `Context` (Sync) read through `&`, or a
// `Socket` that libzmq's contract lets only one thread use at a time, which is the
// discipline `socket_mut` documents for its callers.
unsafe impl Sync for Handle {}

/// Shells of retired handles, as addresses, ready for reuse.
static POOL: Mutex<Vec<usize>> = Mutex::new(Vec::new());

fn allocate(tag: u32, value: HandleValue) -> *mut Handle {
    let recycled = POOL.lock().unwrap_or_else(|e| e.into_inner()).pop();
    match recycled {
        Some(addr) => {
            let shell = addr as *mut Handle;
            // SAFETY: pooled shells come from `Box::into_raw` below and are never freed;
            // a pooled shell is dead, so no live reference to its value exists.
            unsafe {
                *(*shell).value.get() = value;
                (*shell).tag.store(tag, Ordering::Release);
            }
            shell
        }
        None => Box::into_raw(Box::new(Handle {
            tag: AtomicU32::new(tag),
            value: UnsafeCell::new(value),
        })),
    }
}

/// Make a new context handle.
pub fn new_context(ctx: Context) -> *mut libc::c_void {
    allocate(TAG_CONTEXT, HandleValue::Context(ctx)).cast()
}

/// Make a new socket handle.
pub fn new_socket(socket: Socket) -> *mut libc::c_void {
    allocate(TAG_SOCKET, HandleValue::Socket(Box::new(socket))).cast()
}

/// The handle at `ptr` if it carries `tag`.
///
/// # Safety
/// `ptr` is NULL or a pointer that C got from `zmq_ctx_new`/`zmq_socket` (live or retired).
unsafe fn tagged<'a>(ptr: *mut libc::c_void, tag: u32) -> Option<&'a Handle> {
    if ptr.is_null() || !(ptr as usize).is_multiple_of(std::mem::align_of::<Handle>()) {
        return None;
    }
    // SAFETY: the caller passes a handle pointer (shells are never freed, so this is
    // valid even for a retired one). Only the first word is read before the tag says
    // the whole `Handle` is there: a foreign pointer to a smaller object (a counter, a
    // timer set) is refused without a reference to memory it does not have.
    let tag_word = unsafe { &*(ptr as *const AtomicU32) };
    if tag_word.load(Ordering::Acquire) != tag {
        return None;
    }
    // SAFETY: the tag is one of ours, so `ptr` is a `Handle` shell.
    Some(unsafe { &*(ptr as *const Handle) })
}

/// The context behind `ptr`, or `None` when it is not a live context.
///
/// # Safety
/// As `tagged`.
pub unsafe fn context<'a>(ptr: *mut libc::c_void) -> Option<&'a Context> {
    // SAFETY: forwarded contract.
    let handle = unsafe { tagged(ptr, TAG_CONTEXT)? };
    // SAFETY: a live context handle's value is only replaced by `retire_context`, which
    // libzmq's contract forbids racing with other calls on the same context.
    match unsafe { &*handle.value.get() } {
        HandleValue::Context(ctx) => Some(ctx),
        _ => None,
    }
}

/// The socket behind `ptr`, or `None` when it is not a live socket.
///
/// # Safety
/// As `tagged`; and no other thread uses this socket during `'a` (libzmq's rule that
/// a socket is used by one thread at a time).
pub unsafe fn socket_mut<'a>(ptr: *mut libc::c_void) -> Option<&'a mut Socket> {
    // SAFETY: forwarded contract.
    let handle = unsafe { tagged(ptr, TAG_SOCKET)? };
    // SAFETY: one thread at a time uses a socket, so this is the only reference.
    match unsafe { &mut *handle.value.get() } {
        HandleValue::Socket(socket) => Some(socket),
        _ => None,
    }
}

fn retire(handle: &Handle, tag: u32) -> HandleValue {
    if handle
        .tag
        .compare_exchange(tag, TAG_DEAD, Ordering::AcqRel, Ordering::Acquire)
        .is_err()
    {
        return HandleValue::Empty;
    }
    // SAFETY: the tag is dead now, so no new reference is handed out; the caller owned
    // the last use of the value by libzmq's contract.
    let value = unsafe { std::mem::replace(&mut *handle.value.get(), HandleValue::Empty) };
    POOL.lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(handle as *const Handle as usize);
    value
}

/// Take the socket out of its handle and mark the handle dead.
///
/// # Safety
/// As [`socket_mut`].
pub unsafe fn retire_socket(ptr: *mut libc::c_void) -> Option<Socket> {
    // SAFETY: forwarded contract.
    let handle = unsafe { tagged(ptr, TAG_SOCKET)? };
    match retire(handle, TAG_SOCKET) {
        HandleValue::Socket(socket) => Some(*socket),
        _ => None,
    }
}

/// Take the context out of its handle and mark the handle dead.
///
/// # Safety
/// As [`context`]; no other thread uses this handle any more.
pub unsafe fn retire_context(ptr: *mut libc::c_void) -> Option<Context> {
    // SAFETY: forwarded contract.
    let handle = unsafe { tagged(ptr, TAG_CONTEXT)? };
    match retire(handle, TAG_CONTEXT) {
        HandleValue::Context(ctx) => Some(ctx),
        _ => None,
    }
}

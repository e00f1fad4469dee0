//! PROVISIONAL stand-in for the message functions (replaced by the full version).
#![allow(missing_docs, clippy::missing_safety_doc)]

use crate::types::zmq_msg_t;
use oxzmq::{Error, Msg};

const LIVE: u64 = 0x6f78_7a6d_712d_6d73;

#[repr(C)]
struct Slot {
    tag: u64,
    msg: std::mem::ManuallyDrop<Msg>,
}

const _: () = assert!(std::mem::size_of::<Slot>() <= 64);

pub unsafe fn msg_mut<'a>(m: *mut zmq_msg_t) -> Result<&'a mut Msg, Error> {
    if m.is_null() {
        return Err(Error::Fault);
    }
    let slot = unsafe { &mut *(m as *mut Slot) };
    if slot.tag != LIVE {
        return Err(Error::Fault);
    }
    Ok(&mut slot.msg)
}

pub unsafe fn msg_take(m: *mut zmq_msg_t) -> Result<Msg, Error> {
    Ok(unsafe { msg_mut(m) }?.take())
}

pub unsafe fn msg_put(m: *mut zmq_msg_t, msg: Msg) -> Result<(), Error> {
    *unsafe { msg_mut(m) }? = msg;
    Ok(())
}

pub unsafe fn constant_msg(buf: *const libc::c_void, len: usize) -> Msg {
    Msg::from_slice(unsafe { crate::ffi::bytes_arg(buf, len) }.unwrap_or(&[]))
}

#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_msg_init(m: *mut zmq_msg_t) -> libc::c_int {
    if m.is_null() {
        return -1;
    }
    unsafe { (m as *mut Slot).write(Slot { tag: LIVE, msg: Default::default() }) };
    0
}

#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_msg_close(m: *mut zmq_msg_t) -> libc::c_int {
    let Ok(_) = (unsafe { msg_mut(m) }) else { return -1 };
    let slot = unsafe { &mut *(m as *mut Slot) };
    slot.tag = 0;
    unsafe { std::mem::ManuallyDrop::drop(&mut slot.msg) };
    0
}

#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_msg_size(m: *const zmq_msg_t) -> usize {
    unsafe { msg_mut(m as *mut _) }.map(|m| m.len()).unwrap_or(0)
}

#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_msg_data(m: *mut zmq_msg_t) -> *mut libc::c_void {
    unsafe { msg_mut(m) }.map(|m| m.data().as_ptr() as *mut _).unwrap_or(std::ptr::null_mut())
}

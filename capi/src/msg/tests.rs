//! Tests of the message functions (they use draft functions too).
//! Each test calls the exports as C would. Every pointer handed to them is to a
//! local `zmq_msg_t`, a live local buffer or NULL (the NULL cases are under test),
//! which is what their safety contracts ask.
use super::*;
use oxzmq::msg::Metadata;
use std::ffi::{CStr, CString};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

fn blank() -> zmq_msg_t {
    zmq_msg_t { _x: [0; 64] }
}

/// Run `call`, expecting the C failure value `fail` and errno `errno`.
fn fails<T: PartialEq + std::fmt::Debug>(call: impl FnOnce() -> T, fail: T, errno: i32) {
    ffi::set_errno(0);
    assert_eq!(call(), fail);
    assert_eq!(ffi::errno(), errno);
}

/// A free function counting its calls in the `AtomicUsize` its hint points to.
unsafe extern "C" fn count_free(_data: *mut c_void, hint: *mut c_void) {
    // SAFETY: the tests pass a pointer to a live AtomicUsize as hint.
    unsafe { &*hint.cast::<AtomicUsize>() }.fetch_add(1, Ordering::SeqCst);
}

fn counter_hint(counter: &AtomicUsize) -> *mut c_void {
    (counter as *const AtomicUsize).cast_mut().cast()
}

#[test]
fn init_size_data_close() {
    let mut m = blank();
    // SAFETY: see the module doc; `data` is written within the `size` bytes it has.
    unsafe {
        // 65536: a buffer of the pool, written through the pointer it keeps.
        for size in [0, 5, 33, 34, 4096, 65536] {
            assert_eq!(zmq_msg_init_size(&mut m, size), 0);
            assert_eq!(zmq_msg_size(&m), size);
            let data = zmq_msg_data(&mut m).cast::<u8>();
            assert!(!data.is_null());
            if size > 0 {
                *data.add(size - 1) = 0xAB;
                assert_eq!(msg_ref(&m).unwrap().data()[size - 1], 0xAB);
            }
            assert_eq!(zmq_msg_close(&mut m), 0);
        }
        assert_eq!(zmq_msg_init(&mut m), 0);
        assert_eq!((zmq_msg_size(&m), zmq_msg_more(&m)), (0, 0));
        assert_eq!(zmq_msg_close(&mut m), 0);
    }
}

#[test]
fn init_size_out_of_memory() {
    let mut m = blank();
    // SAFETY: see the module doc.
    unsafe {
        fails(|| zmq_msg_init_size(&mut m, usize::MAX), -1, libc::ENOMEM);
        fails(|| zmq_msg_close(&mut m), -1, libc::EFAULT);
    }
}

#[test]
fn close_twice_and_uninitialised_are_efault() {
    let mut m = blank();
    // SAFETY: see the module doc.
    unsafe {
        fails(|| zmq_msg_close(&mut m), -1, libc::EFAULT);
        assert_eq!(zmq_msg_init(&mut m), 0);
        assert_eq!(zmq_msg_close(&mut m), 0);
        fails(|| zmq_msg_close(&mut m), -1, libc::EFAULT);
        fails(|| zmq_msg_size(&m), 0, libc::EFAULT);
        fails(|| zmq_msg_data(&mut m), ptr::null_mut(), libc::EFAULT);
        fails(|| zmq_msg_more(&m), 0, libc::EFAULT);
        fails(|| zmq_msg_get(&m, ZMQ_MORE), -1, libc::EFAULT);
    }
}

#[test]
fn null_message_is_efault() {
    let null = ptr::null_mut::<zmq_msg_t>();
    let mut m = blank();
    // SAFETY: see the module doc.
    unsafe {
        fails(|| zmq_msg_init(null), -1, libc::EFAULT);
        fails(|| zmq_msg_init_size(null, 10), -1, libc::EFAULT);
        fails(
            || zmq_msg_init_buffer(null, ptr::null(), 0),
            -1,
            libc::EFAULT,
        );
        fails(|| zmq_msg_close(null), -1, libc::EFAULT);
        fails(|| zmq_msg_size(null), 0, libc::EFAULT);
        fails(|| zmq_msg_data(null), ptr::null_mut(), libc::EFAULT);
        fails(
            || zmq_msg_gets(null, c"X".as_ptr()),
            ptr::null(),
            libc::EFAULT,
        );
        fails(|| zmq_msg_group(null), ptr::null(), libc::EFAULT);
        fails(|| zmq_msg_routing_id(null), 0, libc::EFAULT);
        zmq_msg_init(&mut m);
        fails(|| zmq_msg_move(null, &mut m), -1, libc::EFAULT);
        fails(|| zmq_msg_copy(&mut m, null), -1, libc::EFAULT);
        zmq_msg_close(&mut m);
    }
}

#[test]
fn init_data_free_fn_runs_once() {
    let frees = AtomicUsize::new(0);
    let mut buffer = vec![7u8; 100];
    let data = buffer.as_mut_ptr().cast::<c_void>();
    let (mut a, mut b) = (blank(), blank());
    // SAFETY: see the module doc; `buffer` outlives both messages.
    unsafe {
        let free: zmq_free_fn = Some(count_free);
        assert_eq!(
            zmq_msg_init_data(&mut a, data, 100, free, counter_hint(&frees)),
            0
        );
        assert_eq!(zmq_msg_data(&mut a), data, "zero-copy");
        assert_eq!(zmq_msg_get(&a, ZMQ_SHARED), 0);
        assert_eq!(zmq_msg_init(&mut b), 0);
        assert_eq!(zmq_msg_copy(&mut b, &mut a), 0);
        assert_eq!(zmq_msg_close(&mut a), 0);
        assert_eq!(
            frees.load(Ordering::SeqCst),
            0,
            "the copy still uses the buffer"
        );
        assert_eq!(zmq_msg_close(&mut b), 0);
    }
    assert_eq!(frees.load(Ordering::SeqCst), 1);
}

#[test]
fn init_data_constant_and_null() {
    static TEXT: [u8; 5] = *b"const";
    let frees = AtomicUsize::new(0);
    let data = TEXT.as_ptr().cast_mut().cast::<c_void>();
    let null = ptr::null_mut();
    let mut m = blank();
    // SAFETY: see the module doc; TEXT is static and never written.
    unsafe {
        assert_eq!(zmq_msg_init_data(&mut m, data, 5, None, null), 0);
        assert_eq!(
            zmq_msg_get(&m, ZMQ_SHARED),
            1,
            "constant data is shared, as libzmq"
        );
        assert_eq!(zmq_msg_data(&mut m), data);
        zmq_msg_close(&mut m);
        assert_eq!(zmq_msg_init_data(&mut m, null, 0, None, null), 0);
        assert_eq!(zmq_msg_size(&m), 0);
        zmq_msg_close(&mut m);
        fails(
            || zmq_msg_init_data(&mut m, null, 3, None, null),
            -1,
            libc::EINVAL,
        );
        let free: zmq_free_fn = Some(count_free);
        assert_eq!(
            zmq_msg_init_data(&mut m, null, 0, free, counter_hint(&frees)),
            0
        );
        zmq_msg_close(&mut m);
    }
    assert_eq!(
        frees.load(Ordering::SeqCst),
        1,
        "NULL data with a free fn is freed too"
    );
}

#[test]
fn copy_shares_large_payload() {
    let (mut a, mut b) = (blank(), blank());
    // SAFETY: see the module doc.
    unsafe {
        zmq_msg_init_size(&mut a, 1024);
        zmq_msg_init(&mut b);
        assert_eq!(zmq_msg_get(&a, ZMQ_SHARED), 0);
        assert_eq!(zmq_msg_copy(&mut b, &mut a), 0);
        assert_eq!(zmq_msg_data(&mut a), zmq_msg_data(&mut b));
        assert_eq!(
            (zmq_msg_get(&a, ZMQ_SHARED), zmq_msg_get(&b, ZMQ_SHARED)),
            (1, 1)
        );
        zmq_msg_close(&mut a);
        zmq_msg_close(&mut b);
        zmq_msg_init_buffer(&mut a, b"small".as_ptr().cast(), 5);
        zmq_msg_init(&mut b);
        assert_eq!(zmq_msg_copy(&mut b, &mut a), 0);
        assert_eq!(msg_ref(&b).unwrap().data(), b"small");
        assert_eq!(
            (zmq_msg_get(&a, ZMQ_SHARED), zmq_msg_get(&b, ZMQ_SHARED)),
            (0, 0)
        );
        zmq_msg_close(&mut a);
        zmq_msg_close(&mut b);
    }
}

#[test]
fn move_and_copy_need_initialised_messages() {
    let (mut src, mut dest) = (blank(), blank());
    // SAFETY: see the module doc.
    unsafe {
        zmq_msg_init_buffer(&mut src, b"payload".as_ptr().cast(), 7);
        msg_mut(&mut src).unwrap().set_more(true);
        // libzmq refuses an uninitialised destination too (its man page requires init).
        fails(|| zmq_msg_move(&mut dest, &mut src), -1, libc::EFAULT);
        fails(|| zmq_msg_copy(&mut dest, &mut src), -1, libc::EFAULT);
        zmq_msg_init_size(&mut dest, 100);
        assert_eq!(zmq_msg_move(&mut dest, &mut src), 0);
        assert_eq!(msg_ref(&dest).unwrap().data(), b"payload");
        assert_eq!(zmq_msg_more(&dest), 1);
        assert_eq!(
            (zmq_msg_size(&src), zmq_msg_more(&src)),
            (0, 0),
            "src left empty"
        );
        let dest_ptr: *mut zmq_msg_t = &mut dest;
        assert_eq!(zmq_msg_move(dest_ptr, dest_ptr), 0);
        assert_eq!(msg_ref(&dest).unwrap().data(), b"payload");
        assert_eq!(zmq_msg_close(&mut src), 0);
        assert_eq!(zmq_msg_close(&mut dest), 0);
    }
}

#[test]
fn properties() {
    let mut m = blank();
    // SAFETY: see the module doc; `value` is read while `m` holds the metadata.
    unsafe {
        zmq_msg_init(&mut m);
        msg_mut(&mut m).unwrap().set_more(true);
        assert_eq!(zmq_msg_get(&m, ZMQ_MORE), 1);
        fails(|| zmq_msg_get(&m, ZMQ_SRCFD), -1, libc::EINVAL);
        fails(|| zmq_msg_get(&m, 99), -1, libc::EINVAL);
        fails(|| zmq_msg_set(&mut m, ZMQ_MORE, 0), -1, libc::EINVAL);
        fails(
            || zmq_msg_gets(&m, c"Socket-Type".as_ptr()),
            ptr::null(),
            libc::EINVAL,
        );
        let mut meta = Metadata::new().with("Socket-Type", b"DEALER");
        meta.set_source_fd(9);
        msg_mut(&mut m).unwrap().set_metadata(Arc::new(meta));
        let value = zmq_msg_gets(&m, c"socket-type".as_ptr());
        assert_eq!(CStr::from_ptr(value), c"DEALER");
        assert_eq!(zmq_msg_get(&m, ZMQ_SRCFD), 9);
        fails(
            || zmq_msg_gets(&m, c"User-Id".as_ptr()),
            ptr::null(),
            libc::EINVAL,
        );
        fails(|| zmq_msg_gets(&m, ptr::null()), ptr::null(), libc::EINVAL);
        zmq_msg_close(&mut m);
    }
}

#[test]
fn routing_id_and_group() {
    let mut m = blank();
    let long = CString::new("g".repeat(256)).unwrap();
    // SAFETY: see the module doc; returned groups are read while `m` holds them.
    unsafe {
        zmq_msg_init(&mut m);
        assert_eq!(zmq_msg_routing_id(&mut m), 0);
        fails(|| zmq_msg_set_routing_id(&mut m, 0), -1, libc::EINVAL);
        assert_eq!(zmq_msg_set_routing_id(&mut m, 77), 0);
        assert_eq!(zmq_msg_routing_id(&mut m), 77);
        assert_eq!(CStr::from_ptr(zmq_msg_group(&mut m)), c"");
        assert_eq!(zmq_msg_set_group(&mut m, c"news".as_ptr()), 0);
        assert_eq!(CStr::from_ptr(zmq_msg_group(&mut m)), c"news");
        // A longer name is cut at ZMQ_GROUP_MAX_LENGTH, as libzmq does.
        assert_eq!(zmq_msg_set_group(&mut m, long.as_ptr()), 0);
        assert_eq!(CStr::from_ptr(zmq_msg_group(&mut m)).to_bytes().len(), 255);
        fails(|| zmq_msg_set_group(&mut m, ptr::null()), -1, libc::EINVAL);
        zmq_msg_close(&mut m);
    }
}

#[test]
fn socket_helpers() {
    let mut m = blank();
    // SAFETY: see the module doc.
    unsafe {
        zmq_msg_init_buffer(&mut m, b"sent".as_ptr().cast(), 4);
        let taken = msg_take(&mut m).unwrap();
        assert_eq!(taken.data(), b"sent");
        assert_eq!(
            zmq_msg_size(&m),
            0,
            "an empty initialised message stays behind"
        );
        msg_put(&mut m, Msg::from_slice(b"received")).unwrap();
        assert_eq!(zmq_msg_size(&m), 8);
        zmq_msg_close(&mut m);
        assert_eq!(msg_put(&mut m, Msg::new()), Err(Error::Fault));
        assert_eq!(msg_take(&mut m).err(), Some(Error::Fault));
    }
}

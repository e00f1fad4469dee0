//! `zmq_z85_encode`/`zmq_z85_decode` over the engine's codec, and the CURVE key
//! functions that sit beside them in `zmq.h`.
//!
//! The C functions write into buffers the caller sized by the man page's rule
//! (`size * 5 / 4 + 1` characters, `strlen * 4 / 5` bytes), so nothing here allocates
//! more than the input's own size. CURVE is not built yet, so the key functions answer
//! exactly as a libzmq built without CURVE does: -1 and `ENOTSUP`.

use libc::{c_char, c_int};

use oxzmq::Error;
use oxzmq::util::z85;

use crate::ffi;
use crate::ffi_boundary;

/// Encode `size` bytes at `data` as Z85 into `dest`, NUL-terminated.
///
/// Returns `dest`, or NULL with `errno` `EINVAL` when `size` is not a multiple of 4
/// (or, where libzmq would crash, when `dest` or `data` is NULL).
///
/// # Safety
/// `data` is valid for reads of `size` bytes; `dest` is valid for writes of
/// `size * 5 / 4 + 1` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_z85_encode(
    dest: *mut c_char,
    data: *const u8,
    size: usize,
) -> *mut c_char {
    ffi_boundary!(zmq_z85_encode, {
        // Checked first so a bad size never reaches the pointers.
        z85::encoded_len(size).ok_or(Error::Invalid)?;
        // SAFETY: `size` readable bytes by the caller's contract.
        let input = unsafe { ffi::bytes_arg(data.cast(), size)? };
        if dest.is_null() {
            return Err(Error::Invalid);
        }
        let text = z85::encode(input).ok_or(Error::Invalid)?;
        // SAFETY: `dest` has room for `size * 5 / 4 + 1` = `text.len() + 1` bytes by the
        // caller's contract.
        let out = unsafe { ffi::bytes_arg_mut(dest.cast(), text.len() + 1)? };
        let (body, terminator) = out.split_at_mut(text.len());
        body.copy_from_slice(text.as_bytes());
        terminator[0] = 0;
        Ok(dest)
    })
}

/// Decode the NUL-terminated Z85 `string` into `dest`.
///
/// Returns `dest`, or NULL with `errno` `EINVAL` when the string is empty, its length
/// is not a multiple of 5, it holds a character outside the Z85 alphabet, or a group
/// exceeds 32 bits (libzmq refuses the empty string too, so we do).
///
/// # Safety
/// `string` is NULL or NUL-terminated; `dest` is valid for writes of
/// `strlen(string) * 4 / 5` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_z85_decode(dest: *mut u8, string: *const c_char) -> *mut u8 {
    ffi_boundary!(zmq_z85_decode, {
        // SAFETY: NULL or NUL-terminated by the caller's contract. Non-UTF-8 input
        // cannot be Z85, so `str_arg` refusing it with EINVAL is the right answer.
        let text = unsafe { ffi::str_arg(string)? };
        if text.is_empty() || dest.is_null() {
            return Err(Error::Invalid);
        }
        let data = z85::decode(text).ok_or(Error::Invalid)?;
        // SAFETY: `dest` has room for `strlen * 4 / 5` = `data.len()` bytes.
        let out = unsafe { ffi::bytes_arg_mut(dest.cast(), data.len())? };
        out.copy_from_slice(&data);
        Ok(dest)
    })
}

/// Make a CURVE key pair. Not available: CURVE is not built, so this fails with
/// `ENOTSUP` exactly as libzmq built without CURVE does.
///
/// # Safety
/// Any arguments are accepted; none is touched.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_curve_keypair(
    z85_public_key: *mut c_char,
    z85_secret_key: *mut c_char,
) -> c_int {
    let _ = (z85_public_key, z85_secret_key);
    ffi_boundary!(zmq_curve_keypair, { Err(Error::NotSupported) })
}

/// Derive a CURVE public key from a secret key. Not available: CURVE is not built,
/// so this fails with `ENOTSUP` exactly as libzmq built without CURVE does.
///
/// # Safety
/// Any arguments are accepted; none is touched.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_curve_public(
    z85_public_key: *mut c_char,
    z85_secret_key: *const c_char,
) -> c_int {
    let _ = (z85_public_key, z85_secret_key);
    ffi_boundary!(zmq_curve_public, { Err(Error::NotSupported) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    const RFC_BYTES: [u8; 8] = [0x86, 0x4F, 0xD2, 0x6F, 0xB5, 0x59, 0xF7, 0x5B];

    #[test]
    fn round_trip_through_the_c_functions() {
        let mut text = [0x55 as c_char; 11];
        let mut data = [0u8; 8];
        // SAFETY: buffers sized as the man pages require.
        unsafe {
            let encoded = zmq_z85_encode(text.as_mut_ptr(), RFC_BYTES.as_ptr(), 8);
            assert_eq!(encoded, text.as_mut_ptr());
            assert_eq!(CStr::from_ptr(encoded).to_str(), Ok("HelloWorld"));
            let decoded = zmq_z85_decode(data.as_mut_ptr(), encoded);
            assert_eq!(decoded, data.as_mut_ptr());
        }
        assert_eq!(data, RFC_BYTES);
    }

    #[test]
    fn encoding_nothing_writes_just_the_terminator() {
        let mut text = [0x55 as c_char; 1];
        // SAFETY: one byte for the NUL; NULL data is fine with size 0.
        let out = unsafe { zmq_z85_encode(text.as_mut_ptr(), std::ptr::null(), 0) };
        assert_eq!(out, text.as_mut_ptr());
        assert_eq!(text[0], 0);
    }

    #[test]
    fn bad_sizes_fail_with_einval() {
        let mut text = [0 as c_char; 8];
        ffi::set_errno(0);
        // SAFETY: the size is refused before anything is read or written.
        let out = unsafe { zmq_z85_encode(text.as_mut_ptr(), RFC_BYTES.as_ptr(), 3) };
        assert!(out.is_null());
        assert_eq!(ffi::errno(), libc::EINVAL);
    }

    /// Decode `text` into a scratch buffer; the errno after a failure.
    fn decode_failure(text: &CStr) -> Option<i32> {
        let mut data = [0u8; 16];
        ffi::set_errno(0);
        // SAFETY: `text` is NUL-terminated and at most 20 characters long.
        let out = unsafe { zmq_z85_decode(data.as_mut_ptr(), text.as_ptr()) };
        out.is_null().then(ffi::errno)
    }

    #[test]
    fn bad_text_fails_with_einval() {
        assert_eq!(decode_failure(c"abcd"), Some(libc::EINVAL));
        assert_eq!(decode_failure(c""), Some(libc::EINVAL));
        assert_eq!(decode_failure(c"ab\"cd"), Some(libc::EINVAL));
        assert_eq!(decode_failure(c"%%%%%"), Some(libc::EINVAL));
        assert_eq!(decode_failure(c"%nSc1"), Some(libc::EINVAL));
        assert_eq!(decode_failure(c"%nSc0"), None);
    }

    #[test]
    fn non_utf8_and_null_text_fail_with_einval() {
        let mut data = [0u8; 4];
        let bytes: [u8; 6] = [b'a', b'b', 0x80, b'c', b'd', 0];
        // SAFETY: NUL-terminated bytes; NULL is allowed.
        unsafe {
            assert!(zmq_z85_decode(data.as_mut_ptr(), bytes.as_ptr().cast()).is_null());
            assert_eq!(ffi::errno(), libc::EINVAL);
            assert!(zmq_z85_decode(data.as_mut_ptr(), std::ptr::null()).is_null());
            assert_eq!(ffi::errno(), libc::EINVAL);
        }
    }

    #[test]
    fn curve_key_functions_report_enotsup() {
        let mut public = [0 as c_char; 41];
        let mut secret = [0 as c_char; 41];
        // SAFETY: the functions touch nothing.
        unsafe {
            ffi::set_errno(0);
            assert_eq!(
                zmq_curve_keypair(public.as_mut_ptr(), secret.as_mut_ptr()),
                -1
            );
            assert_eq!(ffi::errno(), libc::ENOTSUP);
            ffi::set_errno(0);
            assert_eq!(zmq_curve_public(public.as_mut_ptr(), secret.as_ptr()), -1);
            assert_eq!(ffi::errno(), libc::ENOTSUP);
        }
    }
}

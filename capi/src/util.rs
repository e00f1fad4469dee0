//! The utility part of the libzmq API: errors, version, capabilities, and (in the
//! submodules) Z85, atomic counters, timers, stopwatches and threads.
//!
//! Small objects that C holds as `void *` (counters, timer sets, stopwatches, threads)
//! carry a tag word (`util/tagged.rs`) so that a NULL or wrong pointer fails with `EFAULT`
//! where libzmq would crash.

pub mod counter;
pub mod helpers;
mod tagged;
pub mod timers;
pub mod z85;

use std::ffi::CString;
use std::sync::OnceLock;

use libc::{c_char, c_int};

use oxzmq::error::{EFSM, EMTHREAD, ENOCOMPATPROTO, ETERM, zmq_error_text};

use crate::ffi;
use crate::ffi_boundary;

/// The libzmq version this library stands in for.
const VERSION: (c_int, c_int, c_int) = (4, 3, 5);

/// What `zmq_has` answers, all in one place. Each entry flips to `true` when that
/// piece of oxzmq works end to end (a capability libzmq reports must really work: the
/// bindings use `zmq_has` to decide what to offer).
const CAPABILITIES: &[(&str, bool)] = &[
    ("ipc", true),
    ("pgm", false),
    ("tipc", false),
    ("norm", false),
    ("curve", false),
    ("gssapi", false),
    ("vmci", false),
    ("ws", false),
    ("wss", false),
    ("websocket", false),
    // The draft API is exported whenever the feature is compiled in.
    ("draft", cfg!(feature = "draft")),
];

/// The calling thread's `errno`, as C sees it.
///
/// # Safety
/// Always safe; `unsafe` only for uniformity with the other exports.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_errno() -> c_int {
    ffi_boundary!(zmq_errno, { Ok(ffi::errno()) })
}

/// libzmq's own error texts, NUL-terminated once and kept for the process's life.
///
/// On Linux libzmq has texts only for its four own codes; the other `HAUSNUMERO` codes
/// are never used (the OS defines those errors) and get the C library's text.
fn own_error_text(code: c_int) -> Option<*const c_char> {
    static TEXTS: OnceLock<Vec<(c_int, CString)>> = OnceLock::new();
    let texts = TEXTS.get_or_init(|| {
        // libzmq's four own codes, plus the ZMQ_HAUSNUMERO fallbacks (ENOTSUP… on
        // systems without them), which libzmq names only on Windows: a text beats
        // "Unknown error 156384713" in a log.
        (1..=8)
            .map(|k| oxzmq::error::HAUSNUMERO + k)
            .chain([EFSM, ENOCOMPATPROTO, ETERM, EMTHREAD])
            .filter_map(|own| Some((own, CString::new(zmq_error_text(own)?).ok()?)))
            .collect()
    });
    texts
        .iter()
        .find(|(own, _)| *own == code)
        .map(|(_, text)| text.as_ptr())
}

/// The text for an error number: libzmq's for its own codes (and for the
/// `ZMQ_HAUSNUMERO` fallbacks), the C library's `strerror` for the rest.
///
/// # Safety
/// Always safe to call. The result is a static text, except that for codes the C
/// library does not know, `strerror` may reuse a buffer on the next call in the same
/// thread (as with libzmq).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_strerror(errnum: c_int) -> *const c_char {
    ffi_boundary!(zmq_strerror, {
        Ok(match own_error_text(errnum) {
            Some(text) => text,
            // SAFETY: `strerror` accepts any int; glibc keeps its texts static and
            // formats unknown codes into a per-thread buffer.
            None => unsafe { libc::strerror(errnum) }.cast_const(),
        })
    })
}

/// Write the library version (4.3.5) through the non-NULL pointers.
///
/// # Safety
/// Each pointer is NULL or valid for writing an `int`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_version(major: *mut c_int, minor: *mut c_int, patch: *mut c_int) {
    ffi_boundary!(zmq_version, {
        for (out, value) in [(major, VERSION.0), (minor, VERSION.1), (patch, VERSION.2)] {
            if !out.is_null() {
                // SAFETY: non-NULL and writable by the caller's contract.
                unsafe { *out = value };
            }
        }
        Ok(())
    })
}

/// 1 if the library has `capability` ("ipc", "curve", "draft"...), else 0 (also for
/// NULL and unknown names).
///
/// # Safety
/// `capability` is NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zmq_has(capability: *const c_char) -> c_int {
    ffi_boundary!(zmq_has, {
        // SAFETY: forwarded contract.
        let Ok(name) = (unsafe { ffi::str_arg(capability) }) else {
            return Ok(0);
        };
        let present = CAPABILITIES
            .iter()
            .any(|&(known, has)| has && known == name);
        Ok(c_int::from(present))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    fn text(code: c_int) -> String {
        // SAFETY: `zmq_strerror` returns a NUL-terminated string, copied at once.
        unsafe { CStr::from_ptr(zmq_strerror(code)) }
            .to_string_lossy()
            .into_owned()
    }

    #[test]
    fn strerror_has_libzmq_texts_for_its_own_codes() {
        assert_eq!(
            text(EFSM),
            "Operation cannot be accomplished in current state"
        );
        assert_eq!(
            text(ENOCOMPATPROTO),
            "The protocol is not compatible with the socket type"
        );
        assert_eq!(text(ETERM), "Context was terminated");
        assert_eq!(text(EMTHREAD), "No thread available");
    }

    #[test]
    fn strerror_has_the_c_library_texts_for_the_rest() {
        assert_eq!(text(libc::EAGAIN), "Resource temporarily unavailable");
        assert_eq!(text(libc::ENOTSUP), "Operation not supported");
        assert_eq!(text(0), "Success");
        // The ZMQ_HAUSNUMERO fallbacks get a text (libzmq names them on Windows only).
        assert_eq!(text(156_384_713), "Not supported");
        assert_eq!(text(156_384_712 + 7), "Connection refused");
    }

    #[test]
    fn own_texts_are_stable_pointers() {
        // SAFETY: always safe.
        let (first, second) = unsafe { (zmq_strerror(ETERM), zmq_strerror(ETERM)) };
        assert_eq!(first, second);
    }

    #[test]
    fn errno_reads_what_was_set() {
        ffi::set_errno(libc::EHOSTUNREACH);
        // SAFETY: always safe.
        assert_eq!(unsafe { zmq_errno() }, libc::EHOSTUNREACH);
        ffi::set_errno(ETERM);
        // SAFETY: always safe.
        assert_eq!(unsafe { zmq_errno() }, ETERM);
    }

    #[test]
    fn version_is_4_3_5_and_null_pointers_are_skipped() {
        let (mut major, mut minor, mut patch) = (0, 0, 0);
        // SAFETY: valid `int`s, then NULLs.
        unsafe {
            zmq_version(&mut major, &mut minor, &mut patch);
            zmq_version(std::ptr::null_mut(), &mut minor, std::ptr::null_mut());
        }
        assert_eq!((major, minor, patch), (4, 3, 5));
    }

    fn has(name: Option<&CStr>) -> c_int {
        // SAFETY: NUL-terminated or NULL.
        unsafe { zmq_has(name.map_or(std::ptr::null(), CStr::as_ptr)) }
    }

    #[test]
    fn has_answers_truthfully() {
        assert_eq!(has(Some(c"draft")), c_int::from(cfg!(feature = "draft")));
        assert_eq!(has(Some(c"curve")), 0);
        assert_eq!(has(Some(c"ipc")), 1);
        assert_eq!(has(Some(c"no-such-thing")), 0);
        assert_eq!(has(None), 0);
    }

    #[cfg(feature = "draft")]
    #[test]
    fn has_draft_when_the_draft_api_is_built() {
        assert_eq!(has(Some(c"draft")), 1);
    }
}

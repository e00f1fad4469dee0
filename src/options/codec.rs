//! Reading option values out of `zmq_setsockopt` bytes and writing them into
//! `zmq_getsockopt` buffers, with libzmq's exact size rules.
//!
//! libzmq's size rules differ by type, and C programs depend on the differences:
//! - `int` options want `option_len == sizeof(int)` exactly, both ways;
//! - `int64_t`/`uint64_t` options want exactly 8 bytes, both ways;
//! - strings are read back NUL-terminated into any buffer large enough, the rest of the
//!   buffer zeroed, and the reported size counts the NUL;
//! - binary values (the routing id) are read back into any buffer large enough, the rest
//!   zeroed, the reported size being the value's own;
//! - the live-state ints the socket answers (`ZMQ_RCVMORE`, `ZMQ_EVENTS`...) accept any
//!   buffer of at least 4 bytes ([`put_int_at_least`]).

use crate::error::{Error, Result};

/// A value handed to `zmq_setsockopt`: the bytes, or `None` when the C caller passed a
/// NULL pointer (libzmq treats `NULL, 0` differently from an empty buffer for a few
/// options, e.g. it clears `ZMQ_TCP_ACCEPT_FILTER` but rejects `"", 0`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Value<'a>(pub Option<&'a [u8]>);

impl<'a> Value<'a> {
    /// The bytes (empty for NULL).
    pub fn bytes(self) -> &'a [u8] {
        self.0.unwrap_or_default()
    }

    /// Whether the caller passed NULL.
    pub fn is_null(self) -> bool {
        self.0.is_none()
    }

    /// An `int`: exactly 4 bytes.
    pub fn int(self) -> Result<i32> {
        let raw: [u8; 4] = self
            .0
            .ok_or(Error::Invalid)?
            .try_into()
            .map_err(|_| Error::Invalid)?;
        Ok(i32::from_ne_bytes(raw))
    }

    /// An `int` that must satisfy `valid`.
    pub fn int_where(self, valid: impl Fn(i32) -> bool) -> Result<i32> {
        let value = self.int()?;
        if valid(value) {
            Ok(value)
        } else {
            Err(Error::Invalid)
        }
    }

    /// An `int` used as a flag that must be exactly 0 or 1 (libzmq's "strict" booleans:
    /// `ZMQ_IPV6`, `ZMQ_CONFLATE`, `ZMQ_IMMEDIATE`...).
    pub fn bool_strict(self) -> Result<bool> {
        Ok(self.int_where(|v| v == 0 || v == 1)? == 1)
    }

    /// An `int` used as a flag where any non-zero value means true (libzmq's "relaxed"
    /// booleans: `ZMQ_INVERT_MATCHING`, `ZMQ_ZAP_ENFORCE_DOMAIN`...).
    pub fn bool_relaxed(self) -> Result<bool> {
        Ok(self.int()? != 0)
    }

    /// An `int` flag of the socket-type options, which take any value `>= 0`, non-zero
    /// meaning true (`ZMQ_ROUTER_MANDATORY`, `ZMQ_XPUB_VERBOSE`...).
    pub fn bool_non_negative(self) -> Result<bool> {
        Ok(self.int_where(|v| v >= 0)? != 0)
    }

    /// An `int64_t`: exactly 8 bytes.
    pub fn i64(self) -> Result<i64> {
        let raw: [u8; 8] = self
            .0
            .ok_or(Error::Invalid)?
            .try_into()
            .map_err(|_| Error::Invalid)?;
        Ok(i64::from_ne_bytes(raw))
    }

    /// A `uint64_t`: exactly 8 bytes.
    pub fn u64(self) -> Result<u64> {
        let raw: [u8; 8] = self
            .0
            .ok_or(Error::Invalid)?
            .try_into()
            .map_err(|_| Error::Invalid)?;
        Ok(u64::from_ne_bytes(raw))
    }

    /// A string or blob of `1..=max` bytes from a non-NULL pointer, stored exactly as
    /// given (libzmq keeps a trailing NUL if the caller counted it in `option_len`).
    pub fn text(self, max: usize) -> Result<Vec<u8>> {
        match self.0 {
            Some(bytes) if !bytes.is_empty() && bytes.len() <= max => Ok(bytes.to_vec()),
            _ => Err(Error::Invalid),
        }
    }

    /// Any bytes, NULL reading as empty: the binary message options (`ZMQ_HELLO_MSG`,
    /// `ZMQ_XPUB_WELCOME_MSG`...) and the WSS texts, which libzmq takes unchecked.
    pub fn blob(self) -> Result<Vec<u8>> {
        Ok(self.bytes().to_vec())
    }

    /// 0..=`max` bytes, NULL reading as empty (libzmq's rule for the SOCKS credentials).
    pub fn text_or_empty(self, max: usize) -> Result<Vec<u8>> {
        match self.bytes() {
            bytes if bytes.len() <= max => Ok(bytes.to_vec()),
            _ => Err(Error::Invalid),
        }
    }
}

/// The part of `bytes` before the first NUL: what C code sees when it reads a stored
/// string with `c_str()`.
pub fn until_nul(bytes: &[u8]) -> &[u8] {
    match bytes.iter().position(|&b| b == 0) {
        Some(end) => &bytes[..end],
        None => bytes,
    }
}

/// Write an `int` into a buffer of exactly 4 bytes.
pub fn put_int(out: &mut [u8], value: i32) -> Result<usize> {
    if out.len() != 4 {
        return Err(Error::Invalid);
    }
    out.copy_from_slice(&value.to_ne_bytes());
    Ok(4)
}

/// Write an `int` into a buffer of at least 4 bytes, zeroing the rest: libzmq's rule for
/// the values the socket answers itself (`ZMQ_RCVMORE`, `ZMQ_FD`, `ZMQ_EVENTS`,
/// `ZMQ_THREAD_SAFE`, `ZMQ_TOPICS_COUNT`).
pub fn put_int_at_least(out: &mut [u8], value: i32) -> Result<usize> {
    put_binary(out, &value.to_ne_bytes())
}

/// Write a `bool` as an `int` 0/1 into a buffer of exactly 4 bytes.
pub fn put_bool(out: &mut [u8], value: bool) -> Result<usize> {
    put_int(out, i32::from(value))
}

/// Write an `int64_t` into a buffer of exactly 8 bytes.
pub fn put_i64(out: &mut [u8], value: i64) -> Result<usize> {
    if out.len() != 8 {
        return Err(Error::Invalid);
    }
    out.copy_from_slice(&value.to_ne_bytes());
    Ok(8)
}

/// Write a `uint64_t` into a buffer of exactly 8 bytes.
pub fn put_u64(out: &mut [u8], value: u64) -> Result<usize> {
    if out.len() != 8 {
        return Err(Error::Invalid);
    }
    out.copy_from_slice(&value.to_ne_bytes());
    Ok(8)
}

/// Write a string NUL-terminated into a buffer of at least `len + 1` bytes, zeroing the
/// rest; the size written counts the NUL.
pub fn put_string(out: &mut [u8], text: &[u8]) -> Result<usize> {
    let needed = text.len() + 1;
    if out.len() < needed {
        return Err(Error::Invalid);
    }
    out[..text.len()].copy_from_slice(text);
    out[text.len()..].fill(0);
    Ok(needed)
}

/// Write binary data into a buffer of at least its size, zeroing the rest.
pub fn put_binary(out: &mut [u8], data: &[u8]) -> Result<usize> {
    if out.len() < data.len() {
        return Err(Error::Invalid);
    }
    out[..data.len()].copy_from_slice(data);
    out[data.len()..].fill(0);
    Ok(data.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn int_needs_exactly_four_bytes() {
        assert_eq!(Value(Some(&7i32.to_ne_bytes())).int(), Ok(7));
        assert_eq!(Value(Some(&[0u8; 3])).int(), Err(Error::Invalid));
        assert_eq!(Value(Some(&[0u8; 8])).int(), Err(Error::Invalid));
        assert_eq!(Value(None).int(), Err(Error::Invalid));
    }

    #[test]
    fn booleans_strict_relaxed_and_non_negative() {
        let v = |n: i32| Value(Some(Box::leak(Box::new(n.to_ne_bytes()))));
        assert_eq!(v(1).bool_strict(), Ok(true));
        assert_eq!(v(2).bool_strict(), Err(Error::Invalid));
        assert_eq!(v(2).bool_relaxed(), Ok(true));
        assert_eq!(v(-3).bool_relaxed(), Ok(true));
        assert_eq!(v(0).bool_relaxed(), Ok(false));
        assert_eq!(v(5).bool_non_negative(), Ok(true));
        assert_eq!(v(-1).bool_non_negative(), Err(Error::Invalid));
    }

    #[test]
    fn wide_integers_need_exactly_eight_bytes() {
        assert_eq!(Value(Some(&(-5i64).to_ne_bytes())).i64(), Ok(-5));
        assert_eq!(Value(Some(&u64::MAX.to_ne_bytes())).u64(), Ok(u64::MAX));
        assert_eq!(Value(Some(&[0u8; 4])).i64(), Err(Error::Invalid));
        assert_eq!(Value(Some(&[0u8; 4])).u64(), Err(Error::Invalid));
    }

    #[test]
    fn text_bounds() {
        assert_eq!(Value(Some(b"ab\0")).text(3), Ok(b"ab\0".to_vec()));
        assert_eq!(Value(Some(b"abcd")).text(3), Err(Error::Invalid));
        assert_eq!(Value(Some(b"")).text(3), Err(Error::Invalid));
        assert_eq!(Value(None).text(3), Err(Error::Invalid));
        assert_eq!(until_nul(b"ab\0cd"), b"ab");
        assert_eq!(until_nul(b"ab"), b"ab");
    }

    #[test]
    fn writers_follow_libzmq_size_rules() {
        let mut four = [0xAAu8; 4];
        assert_eq!(put_int(&mut four, -1), Ok(4));
        assert_eq!(four, [0xFF; 4]);
        assert_eq!(put_int(&mut [0u8; 8], 1), Err(Error::Invalid));
        assert_eq!(put_i64(&mut [0u8; 4], 1), Err(Error::Invalid));

        let mut eight = [0xAAu8; 8];
        assert_eq!(put_int_at_least(&mut eight, 1), Ok(4));
        assert_eq!(eight, [1, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(put_int_at_least(&mut [0u8; 3], 1), Err(Error::Invalid));

        let mut text = [0xAAu8; 6];
        assert_eq!(put_string(&mut text, b"abc"), Ok(4));
        assert_eq!(&text, b"abc\0\0\0");
        assert_eq!(put_string(&mut [0u8; 3], b"abc"), Err(Error::Invalid));
        assert_eq!(put_string(&mut [0u8; 1], b""), Ok(1));
        assert_eq!(put_string(&mut [], b""), Err(Error::Invalid));

        let mut blob = [0xAAu8; 4];
        assert_eq!(put_binary(&mut blob, b"ab"), Ok(2));
        assert_eq!(&blob, b"ab\0\0");
        assert_eq!(put_binary(&mut [], b""), Ok(0));
    }
}

//! A minimal Z85 codec (ZeroMQ RFC 32) for the CURVE key options, private to `options`.
//!
//! It exists only because `crate::util::z85` was not in this tree when the options were
//! written. Its two functions have that module's signatures (`decode(&str) ->
//! Option<Vec<u8>>`, `encode(&[u8]) -> Option<String>`), so swapping it out is a one-line
//! change of the `use` in `security.rs` and deleting this file.

/// The 85 characters of Z85, in value order.
const ALPHABET: &[u8; 85] =
    b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";

/// The value of a Z85 character, or `None` for a character outside the alphabet.
fn digit(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|&a| a == c).map(|v| v as u32)
}

/// Decode Z85 text; `None` unless its length is a multiple of 5 and every group of five
/// characters is valid and fits in 32 bits.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    if bytes.len() % 5 != 0 {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len() / 5 * 4);
    for group in bytes.chunks_exact(5) {
        // Accumulate in 64 bits so an out-of-range group ("%%%%%") is caught, not wrapped.
        let mut value: u64 = 0;
        for &c in group {
            value = value * 85 + u64::from(digit(c)?);
        }
        let word = u32::try_from(value).ok()?;
        out.extend_from_slice(&word.to_be_bytes());
    }
    Some(out)
}

/// Encode bytes as Z85; `None` unless the length is a multiple of 4.
pub fn encode(data: &[u8]) -> Option<String> {
    if data.len() % 4 != 0 {
        return None;
    }
    let mut out = String::with_capacity(data.len() / 4 * 5);
    for chunk in data.chunks_exact(4) {
        let mut value = u32::from_be_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
        let mut group = [0u8; 5];
        for slot in group.iter_mut().rev() {
            *slot = ALPHABET[(value % 85) as usize];
            value /= 85;
        }
        out.extend(group.iter().map(|&c| char::from(c)));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The test vector of RFC 32.
    const HELLO: [u8; 8] = [0x86, 0x4F, 0xD2, 0x6F, 0xB5, 0x59, 0xF7, 0x5B];

    #[test]
    fn rfc_vector_round_trips() {
        assert_eq!(encode(&HELLO).as_deref(), Some("HelloWorld"));
        assert_eq!(decode("HelloWorld"), Some(HELLO.to_vec()));
    }

    #[test]
    fn zero_key_is_all_zero_digits() {
        assert_eq!(encode(&[0u8; 32]).unwrap(), "0".repeat(40));
        assert_eq!(decode(&"0".repeat(40)), Some(vec![0u8; 32]));
    }

    #[test]
    fn rejects_bad_lengths_characters_and_overflow() {
        assert_eq!(decode("Hello"), Some(HELLO[..4].to_vec()));
        assert_eq!(decode("Hell"), None);
        assert_eq!(decode("Hell\""), None);
        assert_eq!(decode("Hell~"), None);
        assert_eq!(decode("%%%%%"), None);
        assert_eq!(encode(&[1, 2, 3]), None);
    }

    #[test]
    fn largest_group_decodes() {
        assert_eq!(encode(&[0xFF; 4]).as_deref(), Some("%nSc0"));
        assert_eq!(decode("%nSc0"), Some(vec![0xFF; 4]));
    }
}

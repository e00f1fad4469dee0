//! Z85, the printable encoding of binary keys and frames (ZeroMQ RFC 32).
//!
//! Every 4 bytes, read as one big-endian 32-bit number, become 5 characters: its
//! base-85 digits, most significant first, drawn from an alphabet chosen to be safe in
//! source code, shells and XML. Inputs that are not a whole number of such groups are
//! refused rather than padded, as the RFC asks: CURVE keys (32 bytes, 40 characters) are
//! the main use and always fit.

/// The 85 digits in value order: `ALPHABET[d]` is the character of digit `d`.
const ALPHABET: &[u8; 85] =
    b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";

/// Marks a byte that is not a Z85 character in [`DIGIT_OF`].
const NOT_A_DIGIT: u8 = 0xff;

/// The reverse of [`ALPHABET`] for every byte value, so decoding a character is one
/// lookup and a foreign byte (including any non-ASCII one) is recognised by the same.
const DIGIT_OF: [u8; 256] = {
    let mut table = [NOT_A_DIGIT; 256];
    let mut digit = 0;
    while digit < ALPHABET.len() {
        table[ALPHABET[digit] as usize] = digit as u8;
        digit += 1;
    }
    table
};

/// Bytes in one group of binary data.
const BYTES_PER_GROUP: usize = 4;
/// Characters in one group of text.
const CHARS_PER_GROUP: usize = 5;

/// Length of the text that [`encode`] makes of `byte_len` bytes, if it can
/// (a whole number of groups, and a length that fits in `usize`).
pub fn encoded_len(byte_len: usize) -> Option<usize> {
    if byte_len % BYTES_PER_GROUP != 0 {
        return None;
    }
    (byte_len / BYTES_PER_GROUP).checked_mul(CHARS_PER_GROUP)
}

/// Length of the data that [`decode`] makes of `text_len` characters, if it can.
pub fn decoded_len(text_len: usize) -> Option<usize> {
    (text_len % CHARS_PER_GROUP == 0).then_some(text_len / CHARS_PER_GROUP * BYTES_PER_GROUP)
}

/// Encode `data` as Z85 text; `None` unless its length is a multiple of 4.
pub fn encode(data: &[u8]) -> Option<String> {
    let mut text = String::with_capacity(encoded_len(data.len())?);
    for group in data.chunks_exact(BYTES_PER_GROUP) {
        let mut value = u32::from_be_bytes([group[0], group[1], group[2], group[3]]);
        // Digits come out least significant first; fill the group from its end.
        let mut digits = [0u8; CHARS_PER_GROUP];
        for slot in digits.iter_mut().rev() {
            *slot = ALPHABET[(value % 85) as usize];
            value /= 85;
        }
        text.extend(digits.iter().map(|&c| char::from(c)));
    }
    Some(text)
}

/// Decode Z85 `text`; `None` unless its length is a multiple of 5, every character is
/// in the Z85 alphabet and every group fits in 32 bits (`"%%%%%"` is 85^5 - 1, too big).
pub fn decode(text: &str) -> Option<Vec<u8>> {
    let mut data = Vec::with_capacity(decoded_len(text.len())?);
    for group in text.as_bytes().chunks_exact(CHARS_PER_GROUP) {
        // 85^5 < 2^64, so a u64 holds any group and the overflow test is one compare.
        let mut value: u64 = 0;
        for &byte in group {
            let digit = DIGIT_OF[byte as usize];
            if digit == NOT_A_DIGIT {
                return None;
            }
            value = value * 85 + u64::from(digit);
        }
        let value = u32::try_from(value).ok()?;
        data.extend_from_slice(&value.to_be_bytes());
    }
    Some(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The test vector of RFC 32.
    const RFC_BYTES: [u8; 8] = [0x86, 0x4F, 0xD2, 0x6F, 0xB5, 0x59, 0xF7, 0x5B];

    #[test]
    fn rfc_vector_encodes_to_hello_world() {
        assert_eq!(encode(&RFC_BYTES).as_deref(), Some("HelloWorld"));
    }

    #[test]
    fn rfc_vector_decodes_back() {
        assert_eq!(decode("HelloWorld"), Some(RFC_BYTES.to_vec()));
    }

    #[test]
    fn empty_input_is_a_whole_number_of_groups() {
        assert_eq!(encode(&[]).as_deref(), Some(""));
        assert_eq!(decode(""), Some(Vec::new()));
    }

    #[test]
    fn lengths_that_are_not_whole_groups_are_refused() {
        assert_eq!(encode(&[1, 2, 3]), None);
        assert_eq!(encode(&[1, 2, 3, 4, 5]), None);
        assert_eq!(decode("abcd"), None);
        assert_eq!(decode("HelloWorl"), None);
    }

    #[test]
    fn characters_outside_the_alphabet_are_refused() {
        assert_eq!(decode("Hello Worl"), None);
        assert_eq!(decode("ab\"cd"), None);
        assert_eq!(decode("ab~cd"), None);
        // A two-byte UTF-8 character plus three ASCII ones: five bytes, none valid.
        assert_eq!(decode("é123"), None);
    }

    #[test]
    fn groups_above_u32_max_are_refused() {
        assert_eq!(decode("%%%%%"), None);
        // "%nSc0" is exactly 2^32 - 1; the next value up overflows.
        assert_eq!(decode("%nSc0"), Some(vec![0xff; 4]));
        assert_eq!(decode("%nSc1"), None);
        assert_eq!(decode("00000%%%%%"), None);
    }

    #[test]
    fn extremes_round_trip() {
        assert_eq!(encode(&[0; 4]).as_deref(), Some("00000"));
        assert_eq!(encode(&[0xff; 4]).as_deref(), Some("%nSc0"));
    }

    #[test]
    fn every_byte_value_round_trips() {
        let data: Vec<u8> = (0..=255u8).collect();
        let text = encode(&data).expect("256 is a multiple of 4");
        assert_eq!(text.len(), 320);
        assert!(text.bytes().all(|c| ALPHABET.contains(&c)));
        assert_eq!(decode(&text), Some(data));
    }

    #[test]
    fn a_curve_key_is_forty_characters() {
        assert_eq!(encoded_len(32), Some(40));
        assert_eq!(decoded_len(40), Some(32));
        assert_eq!(encoded_len(31), None);
        assert_eq!(decoded_len(41), None);
        assert_eq!(encoded_len(usize::MAX - 3), None);
    }
}

//! Z85 on arbitrary input: decoding never panics and what decodes re-encodes to the
//! same text; encoding whole groups always decodes back.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oxzmq::util::z85;

fuzz_target!(|data: &[u8]| {
    if let Some(text) = std::str::from_utf8(data).ok()
        && let Some(decoded) = z85::decode(text)
    {
        assert_eq!(z85::encode(&decoded).as_deref(), Some(text));
    }
    let whole = &data[..data.len() / 4 * 4];
    let text = z85::encode(whole).expect("whole groups encode");
    assert_eq!(z85::decode(&text).as_deref(), Some(whole));
    assert_eq!(z85::encode(data).is_some(), data.len().is_multiple_of(4));
});

//! The frame decoder on arbitrary bytes: never a panic, never a frame above the
//! limit, and the same frames (or the same error) however the input is split.
#![no_main]

use bytes::BytesMut;
use libfuzzer_sys::fuzz_target;
use oxzmq::zmtp::ProtocolError;
use oxzmq::zmtp::decoder::Decoder;
use oxzmq::zmtp::frame::Framing;

/// (size, more, command) of each frame, then the error if one ended the stream.
type Outcome = (Vec<(usize, bool, bool)>, Option<ProtocolError>);

fn decode(framing: Framing, limit: Option<u64>, data: &[u8], chunk: usize) -> Outcome {
    let mut decoder = Decoder::new(framing, limit);
    let mut input = BytesMut::new();
    let mut frames = Vec::new();
    for piece in data.chunks(chunk.max(1)) {
        input.extend_from_slice(piece);
        loop {
            assert!(decoder.bytes_wanted(&input) >= 1);
            match decoder.decode(&mut input) {
                Ok(Some(msg)) => {
                    if let Some(limit) = limit {
                        assert!(msg.len() as u64 <= limit);
                    }
                    frames.push((msg.len(), msg.more(), msg.is_command()));
                }
                Ok(None) => break,
                Err(err) => return (frames, Some(err)),
            }
        }
    }
    (frames, None)
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Some((&chunk, rest)) = rest.split_first() else {
        return;
    };
    let framing = match selector % 3 {
        0 => Framing::V1,
        1 => Framing::V2,
        _ => Framing::V3,
    };
    let limit = match (selector / 3) % 4 {
        0 => None,
        1 => Some(0),
        2 => Some(40),
        _ => Some(300),
    };
    let whole = decode(framing, limit, rest, rest.len());
    let split = decode(framing, limit, rest, usize::from(chunk % 16) + 1);
    assert_eq!(whole, split);
});

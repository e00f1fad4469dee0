//! The frame encoder: outgoing messages in, a `writev`-ready list of byte slices out.
//!
//! Frame headers and small payloads are appended to one staging buffer, so a burst of
//! small messages goes out as one contiguous slice. A payload above
//! [`COPY_LIMIT`] bytes is not copied: the message itself is queued and its payload is
//! handed to the writer as a slice of its own, between the staged bytes before and
//! after it. The writer takes [`Encoder::io_slices`], writes what it can, and reports
//! the count to [`Encoder::advance`]; a partial write may end anywhere, even inside a
//! header.

use std::collections::VecDeque;
use std::io::IoSlice;

use bytes::{Buf, Bytes, BytesMut};

use super::frame::{FrameHeader, Framing, MAX_HEADER_LEN};
use crate::msg::Msg;

/// Payloads up to this size are copied into the staging buffer; larger ones are sent
/// from the message's own buffer (one more slice, no copy).
pub const COPY_LIMIT: usize = 1024;

/// A queued piece of output.
enum Chunk {
    /// Staged headers and small payloads, frozen.
    Staged(Bytes),
    /// A large payload, sent from the message.
    Payload(Msg),
}

impl Chunk {
    fn bytes(&self) -> &[u8] {
        match self {
            Chunk::Staged(bytes) => bytes,
            Chunk::Payload(msg) => msg.data(),
        }
    }
}

/// Encodes frames of one framing into a queue of output slices.
pub struct Encoder {
    framing: Framing,
    /// Frozen chunks, oldest first; the first may be partly written.
    queue: VecDeque<Chunk>,
    /// How much of the first chunk of `queue` was written already.
    front_written: usize,
    /// Bytes staged after the last queued chunk; sent after it.
    staging: BytesMut,
    /// Total unwritten bytes.
    pending: usize,
}

impl Encoder {
    /// An empty encoder writing `framing`.
    pub fn new(framing: Framing) -> Encoder {
        Encoder {
            framing,
            queue: VecDeque::new(),
            front_written: 0,
            staging: BytesMut::new(),
            pending: 0,
        }
    }

    /// The framing written.
    pub fn framing(&self) -> Framing {
        self.framing
    }

    /// Switch to `framing` for the frames encoded from now on (after the greeting has
    /// fixed the peer's version); bytes already queued are unaffected.
    pub fn set_framing(&mut self, framing: Framing) {
        self.framing = framing;
    }

    /// Queue raw bytes (greeting parts), unframed.
    pub fn write_raw(&mut self, bytes: &[u8]) {
        self.staging.extend_from_slice(bytes);
        self.pending += bytes.len();
    }

    /// Queue `msg` as one frame, with its MORE flag, and as a command frame if it is
    /// marked as one (ZMTP 3.x).
    pub fn encode(&mut self, msg: Msg) {
        let header = FrameHeader {
            size: msg.len(),
            more: msg.more(),
            command: msg.is_command(),
        };
        let mut header_bytes = [0u8; MAX_HEADER_LEN];
        let header_len = self.framing.write_header(header, &mut header_bytes);
        self.write_raw(&header_bytes[..header_len]);
        if msg.len() <= COPY_LIMIT {
            self.write_raw(msg.data());
        } else {
            self.freeze_staging();
            self.pending += msg.len();
            self.queue.push_back(Chunk::Payload(msg));
        }
    }

    /// Queue a copy of `msg` as one frame if its payload is small enough to be copied
    /// (at most [`COPY_LIMIT`] bytes), leaving the message to the caller; `false`
    /// (nothing queued) for a larger one, which [`Encoder::encode`] takes instead.
    /// Lets the engine encode straight from a message it reads the pipe into, without
    /// moving each one into the encoder.
    #[inline]
    pub fn encode_copy(&mut self, msg: &Msg) -> bool {
        let data = msg.data();
        if data.len() > COPY_LIMIT {
            return false;
        }
        let header = FrameHeader {
            size: data.len(),
            more: msg.more(),
            command: msg.is_command(),
        };
        let mut header_bytes = [0u8; MAX_HEADER_LEN];
        let header_len = self.framing.write_header(header, &mut header_bytes);
        self.staging.reserve(header_len + data.len());
        self.staging.extend_from_slice(&header_bytes[..header_len]);
        self.staging.extend_from_slice(data);
        self.pending += header_len + data.len();
        true
    }

    /// Queue one command frame whose body is `name` (length-prefixed, as RFC 37's
    /// `command-name`) followed by `data`.
    pub fn encode_command(&mut self, name: &[u8], data: &[u8]) {
        debug_assert!(!name.is_empty() && name.len() <= 255);
        let body_len = 1 + name.len() + data.len();
        let header = FrameHeader {
            size: body_len,
            more: false,
            command: true,
        };
        let mut header_bytes = [0u8; MAX_HEADER_LEN];
        let header_len = self.framing.write_header(header, &mut header_bytes);
        self.staging.reserve(header_len + body_len);
        self.write_raw(&header_bytes[..header_len]);
        self.write_raw(&[name.len() as u8]);
        self.write_raw(name);
        self.write_raw(data);
    }

    fn freeze_staging(&mut self) {
        if !self.staging.is_empty() {
            let staged = self.staging.split().freeze();
            self.queue.push_back(Chunk::Staged(staged));
        }
    }

    /// Unwritten bytes in total.
    pub fn pending(&self) -> usize {
        self.pending
    }

    /// Whether everything has been written.
    pub fn is_empty(&self) -> bool {
        self.pending == 0
    }

    /// Fill `out` with the unwritten output in order, up to `out.len()` slices; returns
    /// how many were filled. Hand them to `writev`, then call [`Encoder::advance`].
    pub fn io_slices<'a>(&'a self, out: &mut [IoSlice<'a>]) -> usize {
        let mut filled = 0;
        for slice in self.slices() {
            if filled == out.len() {
                break;
            }
            out[filled] = IoSlice::new(slice);
            filled += 1;
        }
        filled
    }

    /// The unwritten output as byte slices, in order.
    pub fn slices(&self) -> impl Iterator<Item = &[u8]> {
        let staged = (!self.staging.is_empty()).then_some(&self.staging[..]);
        self.queue
            .iter()
            .enumerate()
            .map(|(index, chunk)| {
                let bytes = chunk.bytes();
                if index == 0 {
                    &bytes[self.front_written..]
                } else {
                    bytes
                }
            })
            .chain(staged)
    }

    /// Record that the first `written` unwritten bytes were sent; no more than
    /// [`Encoder::pending`] (anything beyond is ignored).
    pub fn advance(&mut self, written: usize) {
        let mut left = written.min(self.pending);
        self.pending -= left;
        while left > 0 {
            let Some(front) = self.queue.front() else {
                self.staging.advance(left);
                return;
            };
            let rest = front.bytes().len() - self.front_written;
            if left < rest {
                self.front_written += left;
                return;
            }
            left -= rest;
            self.front_written = 0;
            self.queue.pop_front();
        }
    }

    /// Move all unwritten output into `out` (copying), as if written in full; for tests,
    /// fuzzing and in-memory transports.
    pub fn drain_into(&mut self, out: &mut Vec<u8>) {
        out.reserve(self.pending);
        for slice in self.slices() {
            out.extend_from_slice(slice);
        }
        self.advance(self.pending);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drained(encoder: &mut Encoder) -> Vec<u8> {
        let mut out = Vec::new();
        encoder.drain_into(&mut out);
        out
    }

    #[test]
    fn small_messages_share_one_slice() {
        let mut encoder = Encoder::new(Framing::V3);
        let mut first = Msg::from_slice(b"ab");
        first.set_more(true);
        encoder.encode(first);
        encoder.encode(Msg::from_slice(b"c"));
        assert_eq!(encoder.slices().count(), 1);
        assert_eq!(drained(&mut encoder), [0x01, 2, b'a', b'b', 0x00, 1, b'c']);
        assert!(encoder.is_empty());
    }

    #[test]
    fn large_payload_is_its_own_slice_and_not_copied() {
        let mut encoder = Encoder::new(Framing::V3);
        let payload = vec![3u8; 5000];
        let msg = Msg::from_vec(payload);
        let payload_ptr = msg.data().as_ptr();
        encoder.encode(msg);
        encoder.encode(Msg::from_slice(b"z"));
        let slices: Vec<&[u8]> = encoder.slices().collect();
        assert_eq!(slices.len(), 3);
        assert_eq!(slices[0], &[0x02, 0, 0, 0, 0, 0, 0, 0x13, 0x88]);
        assert_eq!(slices[1].as_ptr(), payload_ptr);
        assert_eq!(slices[2], &[0x00, 1, b'z']);
        let mut io = [IoSlice::new(&[]); 2];
        assert_eq!(encoder.io_slices(&mut io), 2);
        assert_eq!(encoder.pending(), 9 + 5000 + 3);
    }

    #[test]
    fn encode_copy_matches_encode() {
        let mut by_copy = Encoder::new(Framing::V3);
        let mut by_move = Encoder::new(Framing::V3);
        for size in [0, 1, 33, 255, 256, COPY_LIMIT] {
            let mut msg = Msg::from_vec(vec![size as u8; size]);
            msg.set_more(size % 2 == 0);
            assert!(by_copy.encode_copy(&msg));
            by_move.encode(msg);
        }
        assert_eq!(by_copy.pending(), by_move.pending());
        assert_eq!(drained(&mut by_copy), drained(&mut by_move));
        let large = Msg::from_vec(vec![1; COPY_LIMIT + 1]);
        assert!(!by_copy.encode_copy(&large));
        assert!(by_copy.is_empty());
    }

    #[test]
    fn partial_writes_resume_anywhere() {
        let mut reference = Encoder::new(Framing::V3);
        let mut encoder = Encoder::new(Framing::V3);
        for enc in [&mut reference, &mut encoder] {
            enc.write_raw(b"greeting");
            enc.encode(Msg::from_vec(vec![1u8; 2000]));
            enc.encode_command(b"PING", &[0, 0]);
            enc.encode(Msg::from_vec(vec![2u8; 3000]));
        }
        let expected = drained(&mut reference);
        let mut got = Vec::new();
        let mut step = 1;
        while !encoder.is_empty() {
            let first: Vec<u8> = encoder.slices().flatten().copied().take(step).collect();
            got.extend_from_slice(&first);
            encoder.advance(first.len());
            step = step * 3 + 1;
        }
        assert_eq!(got, expected);
        encoder.advance(10);
        assert_eq!(encoder.pending(), 0);
    }

    #[test]
    fn command_frames() {
        let mut encoder = Encoder::new(Framing::V3);
        encoder.encode_command(b"PONG", b"ctx");
        assert_eq!(
            drained(&mut encoder),
            [0x04, 8, 4, b'P', b'O', b'N', b'G', b'c', b't', b'x']
        );
        let mut msg = Msg::from_slice(&[5, b'R', b'E', b'A', b'D', b'Y']);
        msg.set_command(true);
        encoder.encode(msg);
        assert_eq!(drained(&mut encoder)[..2], [0x04, 6]);
    }

    #[test]
    fn v1_framing_output() {
        let mut encoder = Encoder::new(Framing::V1);
        let mut msg = Msg::from_slice(b"hi");
        msg.set_more(true);
        encoder.encode(msg);
        assert_eq!(drained(&mut encoder), [3, 1, b'h', b'i']);
        encoder.set_framing(Framing::V2);
        encoder.encode(Msg::new());
        assert_eq!(drained(&mut encoder), [0, 0]);
    }
}

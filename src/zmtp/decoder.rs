//! The incremental frame decoder: bytes read from the peer in, [`Msg`]s out.
//!
//! The decoder works on a [`BytesMut`] that the caller fills (one read at a time, of
//! any size, down to one byte) and consumes whole frames from its front. It never
//! copies a large body: once a frame's bytes are all in the buffer, the body is split
//! off as one `Bytes` sharing the buffer's memory and becomes the message payload.
//! Bodies of at most [`INLINE_CAPACITY`] bytes are copied into the message instead, so
//! a small message does not keep a large read buffer alive.
//!
//! Once the handshake is done, a body of [`POOLED_BODY`] size goes into a buffer of
//! its own from the message pool as soon as its header is complete (`crate::msg::pool`: recycled, so neither the
//! allocator nor the kernel's page faults are paid per message): the engine reads the
//! rest straight into it ([`Decoder::body_room`]), and the buffer becomes the message
//! payload. For other large bodies the engine asks [`Decoder::bytes_wanted`] after a
//! frame header has arrived and reserves that much room in the input buffer before its
//! next read (bounding the reservation by its own policy: a peer may announce a large
//! frame and never send it). Beyond the pooled range (at most 64 KiB, committed by a
//! header alone) the decoder allocates nothing based on an announced length, and it refuses a frame above `ZMQ_MAXMSGSIZE` as soon as its header is
//! complete, before any of the body is read.

use std::ops::RangeInclusive;

use bytes::{Buf, BytesMut};

use super::error::ProtocolError;
use super::frame::{FLAG_MORE, FrameHeader, Framing, HeaderRead};
use crate::msg::pool::Buffer;
use crate::msg::{INLINE_CAPACITY, Msg};

/// Body sizes received into a pooled buffer of their own. The buffer is taken (and
/// its pages committed) when the header arrives, before any of the body: the bound
/// keeps what a header alone makes us commit small; larger bodies grow the input
/// buffer only as their bytes come.
pub const POOLED_BODY: RangeInclusive<usize> = 8 * 1024..=64 * 1024;

/// A large body being received into its own buffer.
#[derive(Debug)]
struct Body {
    header: FrameHeader,
    buffer: Buffer,
    /// Bytes of the body received so far (the buffer's first `filled` bytes).
    filled: usize,
}

/// What a [`Decoder::decode_small_run`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SmallRun {
    /// Frames handed to the sink.
    pub frames: usize,
    /// Whether the last of them had MORE set.
    pub last_more: bool,
}

/// Decodes frames of one framing from a byte buffer.
#[derive(Debug)]
pub struct Decoder {
    framing: Framing,
    /// Largest accepted body, `None` for no limit (`ZMQ_MAXMSGSIZE` -1).
    max_size: Option<u64>,
    /// The header of the frame whose body is still arriving; it has been consumed.
    pending: Option<FrameHeader>,
    /// A body of [`POOLED_BODY`] size still arriving (its header consumed).
    body: Option<Body>,
    /// Whether bodies of [`POOLED_BODY`] size go into pooled buffers: only once the
    /// handshake is done (see [`Decoder::pool_bodies`]).
    pooling: bool,
}

impl Decoder {
    /// A decoder for `framing` refusing bodies above `max_size` bytes (`None`: no limit).
    pub fn new(framing: Framing, max_size: Option<u64>) -> Decoder {
        Decoder {
            framing,
            max_size,
            pending: None,
            body: None,
            pooling: false,
        }
    }

    /// Receive bodies of [`POOLED_BODY`] size into pooled buffers from now on. A
    /// session calls this when its handshake is done: before that, a peer nobody has
    /// accepted yet could make us commit a buffer with a header alone, and handshake
    /// commands are small anyway.
    pub fn pool_bodies(&mut self) {
        self.pooling = true;
    }

    /// The limit for a `ZMQ_MAXMSGSIZE` value (negative: none).
    pub fn limit_from_option(maxmsgsize: i64) -> Option<u64> {
        u64::try_from(maxmsgsize).ok()
    }

    /// The framing decoded.
    pub fn framing(&self) -> Framing {
        self.framing
    }

    /// Take the next whole frame from the front of `input`, or `None` if `input` does
    /// not hold one yet (whatever it holds stays for the next call, except a complete
    /// header, which the decoder keeps). The message carries the frame's MORE and
    /// COMMAND flags.
    pub fn decode(&mut self, input: &mut BytesMut) -> Result<Option<Msg>, ProtocolError> {
        if self.body.is_some() {
            return Ok(self.continue_body(input));
        }
        let header = match self.pending {
            Some(header) => header,
            None => match self.framing.read_header(input)? {
                HeaderRead::Incomplete { .. } => return Ok(None),
                HeaderRead::Complete { header, len } => {
                    self.check_size(header.size)?;
                    input.advance(len);
                    if self.pooling && POOLED_BODY.contains(&header.size) {
                        // Out of memory: the input buffer's way below is tried instead.
                        if let Ok(buffer) = Buffer::take(header.size) {
                            self.body = Some(Body {
                                header,
                                buffer,
                                filled: 0,
                            });
                            return Ok(self.continue_body(input));
                        }
                    }
                    self.pending = Some(header);
                    header
                }
            },
        };
        if input.len() < header.size {
            return Ok(None);
        }
        self.pending = None;
        let mut msg = if header.size <= INLINE_CAPACITY {
            let msg = Msg::from_slice(&input[..header.size]);
            input.advance(header.size);
            msg
        } else {
            Msg::from_bytes(input.split_to(header.size).freeze())
        };
        msg.set_more(header.more);
        msg.set_command(header.command);
        Ok(Some(msg))
    }

    /// Move what `input` holds of the pending pooled body into its buffer; the message
    /// once the body is complete.
    fn continue_body(&mut self, input: &mut BytesMut) -> Option<Msg> {
        let body = self.body.as_mut()?;
        let take = input.len().min(body.header.size - body.filled);
        if take > 0 {
            body.buffer.as_mut_slice()[body.filled..body.filled + take]
                .copy_from_slice(&input[..take]);
            input.advance(take);
            body.filled += take;
        }
        if body.filled < body.header.size {
            return None;
        }
        let Body { header, buffer, .. } = self.body.take()?;
        let mut msg = Msg::from_buffer(buffer);
        msg.set_more(header.more);
        msg.set_command(header.command);
        Some(msg)
    }

    /// The part of a pooled body still to come, for the engine to read straight into
    /// (then [`Decoder::body_filled`] and [`Decoder::decode`]); `None` when no such
    /// body is pending. Reading here instead of into the input buffer saves a copy.
    pub fn body_room(&mut self) -> Option<&mut [u8]> {
        let body = self.body.as_mut()?;
        // A complete body not yet taken offers no room: an empty slice would read as
        // zero bytes, which a caller takes for the end of the stream.
        let room = &mut body.buffer.as_mut_slice()[body.filled..];
        (!room.is_empty()).then_some(room)
    }

    /// `n` bytes were read into [`Decoder::body_room`].
    pub fn body_filled(&mut self, n: usize) {
        if let Some(body) = &mut self.body {
            body.filled = (body.filled + n).min(body.header.size);
        }
    }

    /// Decode the small data frames at the front of `input` and hand each to `sink`,
    /// as [`Decoder::decode`] would return them, until a frame that is not a whole
    /// short data frame of at most [`INLINE_CAPACITY`] bytes within the size limit (a
    /// command, a long or invalid header, a larger body, or one not all read yet),
    /// or until `sink` returns `false` (it keeps the frame it was given).
    ///
    /// The fast path for bursts of small messages: it walks the buffer with an index
    /// and consumes the whole run with one `advance`, instead of two per frame, and
    /// builds each message straight from its bytes. What it stops at is left for
    /// [`Decoder::decode`], which reports any error. ZMTP 2.0 and 3.x framings only;
    /// with a header already taken (a body pending) it does nothing.
    #[inline]
    pub fn decode_small_run(
        &mut self,
        input: &mut BytesMut,
        mut sink: impl FnMut(Msg) -> bool,
    ) -> SmallRun {
        let mut run = SmallRun::default();
        if self.pending.is_some() || self.body.is_some() || self.framing == Framing::V1 {
            return run;
        }
        let limit = self
            .max_size
            .map_or(INLINE_CAPACITY, |max| {
                usize::try_from(max).unwrap_or(usize::MAX)
            })
            .min(INLINE_CAPACITY);
        let bytes = &input[..];
        let mut at = 0;
        // A header is two bytes: flags (MORE alone, or nothing) and a short size.
        while let Some(&[flags, size]) = bytes.get(at..at + 2) {
            let size = usize::from(size);
            if flags & !FLAG_MORE != 0 || size > limit {
                break;
            }
            let body_at = at + 2;
            let Some(body) = bytes.get(body_at..body_at + size) else {
                break;
            };
            let more = flags & FLAG_MORE != 0;
            // Copy a whole inline buffer's worth when the input has it: a fixed-size
            // copy instead of a variable one; the bytes past the body are ignored.
            let msg = match bytes[body_at..].first_chunk::<INLINE_CAPACITY>() {
                Some(window) => Msg::small_from_window(window, size, more),
                None => {
                    let mut msg = Msg::from_slice(body);
                    msg.set_more(more);
                    msg
                }
            };
            at = body_at + size;
            run.frames += 1;
            run.last_more = more;
            if !sink(msg) {
                break;
            }
        }
        input.advance(at);
        run
    }

    fn check_size(&self, size: usize) -> Result<(), ProtocolError> {
        match self.max_size {
            Some(limit) if size as u64 > limit => Err(ProtocolError::MessageTooLarge {
                size: size as u64,
                limit,
            }),
            _ => Ok(()),
        }
    }

    /// How many more bytes `input` needs before [`Decoder::decode`] can return the next
    /// frame (at least 1): the rest of a header, or the rest of a body whose header has
    /// arrived. For a body this is exact, so the engine can reserve it in one go.
    pub fn bytes_wanted(&self, input: &[u8]) -> usize {
        if let Some(body) = &self.body {
            return (body.header.size - body.filled)
                .saturating_sub(input.len())
                .max(1);
        }
        match self.pending {
            Some(header) => header.size.saturating_sub(input.len()).max(1),
            None => match self.framing.read_header(input) {
                Ok(HeaderRead::Incomplete { needed }) => needed,
                Ok(HeaderRead::Complete { header, len }) => {
                    (len + header.size).saturating_sub(input.len()).max(1)
                }
                // The error surfaces on the next decode; one byte is as good as any.
                Err(_) => 1,
            },
        }
    }

    /// Whether the decoder is between frames (no header taken whose body is missing).
    pub fn at_frame_boundary(&self) -> bool {
        self.pending.is_none() && self.body.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_all(decoder: &mut Decoder, input: &mut BytesMut) -> Vec<Msg> {
        let mut out = Vec::new();
        while let Some(msg) = decoder.decode(input).unwrap() {
            out.push(msg);
        }
        out
    }

    #[test]
    fn many_frames_from_one_read() {
        let mut input = BytesMut::new();
        // "A" with MORE, "" last, then a command frame "\x04PING\0\0".
        input.extend_from_slice(&[0x01, 1, b'A', 0x00, 0]);
        input.extend_from_slice(&[0x04, 7, 4, b'P', b'I', b'N', b'G', 0, 0]);
        let mut decoder = Decoder::new(Framing::V3, None);
        let msgs = decode_all(&mut decoder, &mut input);
        assert_eq!(msgs.len(), 3);
        assert!(msgs[0].more() && msgs[0].data() == b"A");
        assert!(!msgs[1].more() && msgs[1].is_empty());
        assert!(msgs[2].is_command() && msgs[2].data() == b"\x04PING\0\0");
        assert!(input.is_empty());
    }

    #[test]
    fn one_byte_at_a_time() {
        let mut wire = vec![0x01, 3, b'a', b'b', b'c', 0x02, 0, 0, 0, 0, 0, 0, 1, 0];
        wire.extend(std::iter::repeat_n(7u8, 256));
        let mut decoder = Decoder::new(Framing::V3, None);
        let mut input = BytesMut::new();
        let mut msgs = Vec::new();
        for &byte in &wire {
            assert!(decoder.bytes_wanted(&input) >= 1);
            input.extend_from_slice(&[byte]);
            msgs.extend(decode_all(&mut decoder, &mut input));
        }
        assert_eq!(msgs.len(), 2);
        assert_eq!(msgs[0].data(), b"abc");
        assert_eq!(msgs[1].data(), &[7u8; 256][..]);
        assert!(decoder.at_frame_boundary());
    }

    #[test]
    fn large_body_is_split_off_without_copying() {
        let mut input = BytesMut::with_capacity(1 << 16);
        input.extend_from_slice(&[0x02, 0, 0, 0, 0, 0, 0, 0x10, 0]);
        let mut decoder = Decoder::new(Framing::V3, None);
        assert_eq!(decoder.bytes_wanted(&input), 4096);
        assert!(decoder.decode(&mut input).unwrap().is_none());
        assert_eq!(decoder.bytes_wanted(&input), 4096);
        input.extend_from_slice(&[9u8; 1000]);
        assert!(decoder.decode(&mut input).unwrap().is_none());
        assert_eq!(decoder.bytes_wanted(&input), 3096);
        input.extend_from_slice(&[9u8; 3096]);
        let body_start = input.as_ptr();
        let msg = decoder.decode(&mut input).unwrap().unwrap();
        assert_eq!(msg.len(), 4096);
        assert_eq!(msg.data().as_ptr(), body_start, "payload shares the buffer");
    }

    #[test]
    fn max_size_is_enforced_on_the_header_alone() {
        let mut decoder = Decoder::new(Framing::V3, Some(100));
        let mut input = BytesMut::from(&[0x00, 100][..]);
        input.extend_from_slice(&[1; 100]);
        assert_eq!(decoder.decode(&mut input).unwrap().unwrap().len(), 100);
        let mut input = BytesMut::from(&[0x00, 101][..]);
        assert_eq!(
            decoder.decode(&mut input).unwrap_err(),
            (ProtocolError::MessageTooLarge {
                size: 101,
                limit: 100
            })
        );
        // A hostile 2^62 length with no limit: refused only by its size class, but
        // accepted headers allocate nothing; the body never comes.
        let mut decoder = Decoder::new(Framing::V3, None);
        let mut input = BytesMut::from(&[0x02, 0x40, 0, 0, 0, 0, 0, 0, 0][..]);
        assert!(decoder.decode(&mut input).unwrap().is_none());
        assert!(input.capacity() < 64, "nothing was reserved");
        let mut input = BytesMut::from(&[0x02, 0x80, 0, 0, 0, 0, 0, 0, 0][..]);
        let mut decoder = Decoder::new(Framing::V3, None);
        assert_eq!(
            decoder.decode(&mut input).unwrap_err(),
            ProtocolError::InvalidFrameSize
        );
    }

    #[test]
    fn limit_from_option() {
        assert_eq!(Decoder::limit_from_option(-1), None);
        assert_eq!(Decoder::limit_from_option(0), Some(0));
        assert_eq!(Decoder::limit_from_option(1 << 40), Some(1 << 40));
    }

    #[test]
    fn v1_and_v2_framings() {
        let mut decoder = Decoder::new(Framing::V1, None);
        let mut input = BytesMut::from(&[3, 1, b'h', b'i', 1, 0][..]);
        let msgs = decode_all(&mut decoder, &mut input);
        assert_eq!(msgs.len(), 2);
        assert!(msgs[0].more() && msgs[0].data() == b"hi");
        assert!(!msgs[1].more() && msgs[1].is_empty());
        let mut decoder = Decoder::new(Framing::V2, None);
        let mut input = BytesMut::from(&[0x01, 1, b'x', 0x00, 0][..]);
        assert_eq!(decode_all(&mut decoder, &mut input).len(), 2);
        let mut input = BytesMut::from(&[0x04, 0][..]);
        assert_eq!(
            decoder.decode(&mut input).unwrap_err(),
            ProtocolError::InvalidFlags(4)
        );
    }

    /// The frames of `wire` decoded by small runs where possible and by `decode` for
    /// the rest, fed `step` bytes at a time; with `refuse_every`, the sink refuses
    /// every so many frames (as a full pipe does) and takes them back next time.
    fn decode_mixed(wire: &[u8], step: usize, max: Option<u64>, refuse_every: usize) -> Vec<Msg> {
        let mut decoder = Decoder::new(Framing::V3, max);
        let mut input = BytesMut::new();
        let mut out = Vec::new();
        let mut stalled: Option<Msg> = None;
        let mut offered = 0;
        for chunk in wire.chunks(step) {
            input.extend_from_slice(chunk);
            loop {
                if let Some(msg) = stalled.take() {
                    out.push(msg);
                }
                let run = decoder.decode_small_run(&mut input, |msg| {
                    offered += 1;
                    if refuse_every > 0 && offered % refuse_every == 0 {
                        stalled = Some(msg);
                        return false;
                    }
                    out.push(msg);
                    true
                });
                if run.frames > 0 {
                    assert_eq!(
                        run.last_more,
                        stalled.as_ref().or(out.last()).unwrap().more()
                    );
                }
                if stalled.is_some() {
                    continue;
                }
                match decoder.decode(&mut input).unwrap() {
                    Some(msg) => out.push(msg),
                    None => break,
                }
            }
        }
        out.extend(stalled);
        out
    }

    /// A frame's body, MORE and COMMAND flags.
    type Expected = (Vec<u8>, bool, bool);

    /// Frames of every kind: small data (with and without MORE, empty, at the inline
    /// limit), larger short ones, long ones, and commands.
    fn mixed_wire() -> (Vec<u8>, Vec<Expected>) {
        let mut wire = Vec::new();
        let mut frames = Vec::new();
        for i in 0..600usize {
            let (size, flags): (usize, u8) = match i % 9 {
                0 => (0, 0),
                1 => (8, 1),
                2 => (INLINE_CAPACITY, 0),
                3 => (INLINE_CAPACITY + 1, 0),
                4 => (7, 4),
                5 => (300, 2),
                6 => (1, 1),
                7 => (255, 0),
                _ => (i % 20, 0),
            };
            let body: Vec<u8> = (0..size).map(|b| (b + i) as u8).collect();
            wire.push(flags);
            if flags & 2 != 0 {
                wire.extend_from_slice(&(size as u64).to_be_bytes());
            } else {
                wire.push(size as u8);
            }
            wire.extend_from_slice(&body);
            frames.push((body, flags & 1 != 0, flags & 4 != 0));
        }
        (wire, frames)
    }

    #[test]
    fn small_runs_decode_exactly_what_decode_does() {
        let (wire, frames) = mixed_wire();
        for step in [1, 2, 3, 7, 33, 35, 100, 4096, wire.len()] {
            for refuse_every in [0, 1, 3, 50] {
                let got = decode_mixed(&wire, step, None, refuse_every);
                assert_eq!(
                    got.len(),
                    frames.len(),
                    "step {step}, refusing {refuse_every}"
                );
                for (msg, (body, more, command)) in got.iter().zip(&frames) {
                    assert_eq!(msg.data(), &body[..]);
                    assert_eq!(msg.more(), *more);
                    assert_eq!(msg.is_command(), *command);
                }
            }
        }
    }

    #[test]
    fn small_runs_leave_oversized_and_invalid_frames_to_decode() {
        // Within ZMQ_MAXMSGSIZE of 4: the 5-byte frame stops the run and is refused
        // by `decode`.
        let mut decoder = Decoder::new(Framing::V3, Some(4));
        let mut input = BytesMut::from(&[0x01, 4, 1, 2, 3, 4, 0x00, 5, 1, 2, 3, 4, 5][..]);
        let mut got = Vec::new();
        let run = decoder.decode_small_run(&mut input, |msg| {
            got.push(msg);
            true
        });
        assert_eq!(
            run,
            SmallRun {
                frames: 1,
                last_more: true
            }
        );
        assert_eq!(got[0].data(), &[1, 2, 3, 4]);
        assert!(matches!(
            decoder.decode(&mut input),
            Err(ProtocolError::MessageTooLarge { size: 5, limit: 4 })
        ));
        // Reserved flags stop the run; `decode` reports them.
        let mut decoder = Decoder::new(Framing::V3, None);
        let mut input = BytesMut::from(&[0x00, 1, 9, 0x08, 0][..]);
        let run = decoder.decode_small_run(&mut input, |_| true);
        assert_eq!(run.frames, 1);
        assert_eq!(&input[..], &[0x08, 0]);
        assert_eq!(
            decoder.decode(&mut input).unwrap_err(),
            ProtocolError::InvalidFlags(8)
        );
        // ZMTP 1.0 framing and a pending header are left to `decode`.
        let mut decoder = Decoder::new(Framing::V1, None);
        let mut input = BytesMut::from(&[2, 0, 7][..]);
        assert_eq!(decoder.decode_small_run(&mut input, |_| true).frames, 0);
        let mut decoder = Decoder::new(Framing::V3, None);
        let mut input = BytesMut::from(&[0x00, 3, 1][..]);
        assert!(decoder.decode(&mut input).unwrap().is_none());
        input.extend_from_slice(&[2, 3, 0x00, 0]);
        assert_eq!(decoder.decode_small_run(&mut input, |_| true).frames, 0);
        assert_eq!(
            decoder.decode(&mut input).unwrap().unwrap().data(),
            &[1, 2, 3]
        );
        assert_eq!(decoder.decode_small_run(&mut input, |_| true).frames, 1);
    }

    #[test]
    fn pooled_bodies_arrive_in_their_own_buffer_by_either_way() {
        let size = 20_000;
        let mut header = vec![0x03, 0, 0, 0, 0, 0, 0];
        header.extend_from_slice(&(size as u16).to_be_bytes());
        let body: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
        let mut decoder = Decoder::new(Framing::V3, None);
        decoder.pool_bodies();
        // The header and the first bytes of the body in the input buffer.
        let mut input = BytesMut::from(&header[..]);
        input.extend_from_slice(&body[..100]);
        assert!(decoder.decode(&mut input).unwrap().is_none());
        assert!(
            input.is_empty(),
            "the body's first bytes moved to its buffer"
        );
        assert!(!decoder.at_frame_boundary());
        assert_eq!(decoder.bytes_wanted(&input), size - 100);
        assert_eq!(decoder.decode_small_run(&mut input, |_| true).frames, 0);
        // Some read straight into the body's buffer, some through the input buffer.
        let room = decoder.body_room().unwrap();
        assert_eq!(room.len(), size - 100);
        room[..5000].copy_from_slice(&body[100..5100]);
        decoder.body_filled(5000);
        assert!(decoder.decode(&mut input).unwrap().is_none());
        input.extend_from_slice(&body[5100..]);
        input.extend_from_slice(&[0x00, 1, b'n']);
        let msg = decoder.decode(&mut input).unwrap().unwrap();
        assert!(msg.more() && !msg.is_command());
        assert_eq!(msg.data(), &body[..]);
        assert!(decoder.at_frame_boundary() && decoder.body_room().is_none());
        assert_eq!(decoder.decode(&mut input).unwrap().unwrap().data(), b"n");
    }

    /// Before the handshake (and above the pooled sizes) a header commits no buffer:
    /// the body stays in the input buffer, which grows only as its bytes come.
    #[test]
    fn no_pooled_buffer_before_the_handshake_or_above_the_bound() {
        for (pooling, size) in [(false, 20_000usize), (true, 64 * 1024 + 1)] {
            let mut decoder = Decoder::new(Framing::V3, None);
            if pooling {
                decoder.pool_bodies();
            }
            // A long frame: flags, then the size in 8 bytes.
            let mut input = BytesMut::from(&[0x02][..]);
            input.extend_from_slice(&(size as u64).to_be_bytes());
            input.extend_from_slice(&[7; 10]);
            assert!(decoder.decode(&mut input).unwrap().is_none());
            assert!(decoder.body_room().is_none(), "no buffer for {size} B");
            assert_eq!(input.len(), 10, "the body's bytes stay in the input");
            input.extend_from_slice(&vec![7; size - 10]);
            let msg = decoder.decode(&mut input).unwrap().unwrap();
            assert_eq!(msg.len(), size);
        }
    }

    #[test]
    fn small_frames_are_copied_inline() {
        let mut input = BytesMut::from(&[0x00, 33][..]);
        input.extend_from_slice(&[5; 33]);
        input.extend_from_slice(&[0x00, 34]);
        input.extend_from_slice(&[6; 34]);
        let mut decoder = Decoder::new(Framing::V3, None);
        let small = decoder.decode(&mut input).unwrap().unwrap();
        let small_ptr = small.data().as_ptr() as usize;
        let small_at = &small as *const Msg as usize;
        assert!((small_at..small_at + std::mem::size_of::<Msg>()).contains(&small_ptr));
        assert_eq!(decoder.decode(&mut input).unwrap().unwrap().len(), 34);
    }
}

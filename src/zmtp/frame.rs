//! Frame headers of the three ZMTP framings: reading one from the front of a byte
//! stream, and writing one.
//!
//! - ZMTP 3.x (RFC 23/37): a flags byte (MORE = 1, LONG = 2, COMMAND = 4, bits 3–7
//!   reserved and zero), then the body size in one byte (LONG clear) or eight bytes in
//!   network order (LONG set). The size counts the body only.
//! - ZMTP 2.0 (RFC 15): the same layout without COMMAND (bits 2–7 reserved).
//! - ZMTP 1.0 (RFC 13): the size first (one byte, or 0xFF then eight bytes), and it
//!   counts the flags byte too, so it is at least 1; then the flags byte (MORE = 1, the
//!   other bits "SHOULD be zero" and are ignored, as a 1.0 reader must).
//!
//! Sizes of 2^63 or more are invalid in every framing (RFC 37 bounds long sizes to
//! 2^63 - 1), and a size that does not fit this machine's address space is refused, so
//! no later step ever computes with an impossible length.

use super::error::ProtocolError;

/// Frame flag: more frames of this message follow.
pub const FLAG_MORE: u8 = 0x01;
/// Frame flag: the size field is eight bytes.
pub const FLAG_LONG: u8 = 0x02;
/// Frame flag (ZMTP 3.x): the frame is a command.
pub const FLAG_COMMAND: u8 = 0x04;

/// The largest body a short (one-byte size) 2.0/3.x frame carries.
pub const MAX_SHORT_SIZE: usize = 255;
/// The largest ZMTP 1.0 length (body + flags byte) written in one byte; 0xFF escapes.
const V1_MAX_SHORT_LENGTH: usize = 254;
/// The most header bytes any framing uses (ZMTP 1.0 long: 0xFF, 8 bytes, flags).
pub const MAX_HEADER_LEN: usize = 10;

/// The framing a connection uses, fixed by the greeting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Framing {
    /// ZMTP 1.0: length (including the flags byte) first, then flags.
    V1,
    /// ZMTP 2.0: flags then size; no command frames.
    V2,
    /// ZMTP 3.0 and 3.1: flags then size; command frames.
    V3,
}

/// The header of one frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FrameHeader {
    /// Body size in bytes.
    pub size: usize,
    /// More frames of the message follow.
    pub more: bool,
    /// The frame is a command (ZMTP 3.x only).
    pub command: bool,
}

/// The outcome of reading a header from the front of a buffer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeaderRead {
    /// The buffer holds only part of the header; `needed` more bytes complete it (at
    /// least; a ZMTP 1.0 escape byte can reveal that eight more are due).
    Incomplete {
        /// How many more bytes are needed at least.
        needed: usize,
    },
    /// A whole header, `len` bytes long.
    Complete {
        /// The header.
        header: FrameHeader,
        /// How many bytes the header took.
        len: usize,
    },
}

/// A network-order 64-bit size turned into a body size, or an error for sizes that
/// cannot be: 2^63 and more (the RFC's bound), or beyond this machine's `isize`.
fn body_size(raw: u64) -> Result<usize, ProtocolError> {
    if raw > i64::MAX as u64 {
        return Err(ProtocolError::InvalidFrameSize);
    }
    match usize::try_from(raw) {
        Ok(size) if size <= isize::MAX as usize => Ok(size),
        _ => Err(ProtocolError::InvalidFrameSize),
    }
}

/// The eight bytes at `bytes[at..at + 8]` as a network-order number.
fn read_u64(bytes: &[u8], at: usize) -> u64 {
    let mut raw = [0u8; 8];
    raw.copy_from_slice(&bytes[at..at + 8]);
    u64::from_be_bytes(raw)
}

impl Framing {
    /// Read the header at the front of `bytes` (which may be shorter than a header).
    /// Consumes nothing: the caller advances by `len` once it takes the header.
    pub fn read_header(self, bytes: &[u8]) -> Result<HeaderRead, ProtocolError> {
        match self {
            Framing::V1 => read_v1_header(bytes),
            Framing::V2 | Framing::V3 => self.read_flags_first_header(bytes),
        }
    }

    fn read_flags_first_header(self, bytes: &[u8]) -> Result<HeaderRead, ProtocolError> {
        let Some(&flags) = bytes.first() else {
            return Ok(HeaderRead::Incomplete { needed: 2 });
        };
        let known = match self {
            Framing::V3 => FLAG_MORE | FLAG_LONG | FLAG_COMMAND,
            _ => FLAG_MORE | FLAG_LONG,
        };
        // RFC 37: MORE "SHALL be zero on command frames".
        let more_on_command = flags & FLAG_COMMAND != 0 && flags & FLAG_MORE != 0;
        if flags & !known != 0 || more_on_command {
            return Err(ProtocolError::InvalidFlags(flags));
        }
        let header_len = if flags & FLAG_LONG != 0 { 9 } else { 2 };
        if bytes.len() < header_len {
            return Ok(HeaderRead::Incomplete {
                needed: header_len - bytes.len(),
            });
        }
        let size = if flags & FLAG_LONG != 0 {
            body_size(read_u64(bytes, 1))?
        } else {
            usize::from(bytes[1])
        };
        Ok(HeaderRead::Complete {
            header: FrameHeader {
                size,
                more: flags & FLAG_MORE != 0,
                command: flags & FLAG_COMMAND != 0,
            },
            len: header_len,
        })
    }

    /// The header length for a body of `size` bytes.
    pub fn header_len(self, size: usize) -> usize {
        match self {
            Framing::V1 if size < V1_MAX_SHORT_LENGTH => 2,
            Framing::V1 => 10,
            _ if size <= MAX_SHORT_SIZE => 2,
            _ => 9,
        }
    }

    /// Write the header of a frame into `out` and return its length. `command` is
    /// honoured only by ZMTP 3.x (older framings have no command frames; the session
    /// never asks for one there). A short size is used whenever the body allows.
    pub fn write_header(self, header: FrameHeader, out: &mut [u8; MAX_HEADER_LEN]) -> usize {
        let more = if header.more { FLAG_MORE } else { 0 };
        // usize -> u64 is lossless on every supported target.
        let size = header.size as u64;
        match self {
            Framing::V1 => {
                let length = size + 1;
                if header.size < V1_MAX_SHORT_LENGTH {
                    out[0] = length as u8;
                    out[1] = more;
                    2
                } else {
                    out[0] = 0xFF;
                    out[1..9].copy_from_slice(&length.to_be_bytes());
                    out[9] = more;
                    10
                }
            }
            Framing::V2 | Framing::V3 => {
                let command = if self == Framing::V3 && header.command {
                    FLAG_COMMAND
                } else {
                    0
                };
                if header.size <= MAX_SHORT_SIZE {
                    out[0] = more | command;
                    out[1] = header.size as u8;
                    2
                } else {
                    out[0] = more | command | FLAG_LONG;
                    out[1..9].copy_from_slice(&size.to_be_bytes());
                    9
                }
            }
        }
    }
}

fn read_v1_header(bytes: &[u8]) -> Result<HeaderRead, ProtocolError> {
    let Some(&first) = bytes.first() else {
        return Ok(HeaderRead::Incomplete { needed: 2 });
    };
    let (length, flags_at) = if first == 0xFF {
        if bytes.len() < 9 {
            return Ok(HeaderRead::Incomplete {
                needed: 10 - bytes.len(),
            });
        }
        (read_u64(bytes, 1), 9)
    } else {
        (u64::from(first), 1)
    };
    // The length counts the flags byte: 0 is not a frame at all.
    if length == 0 {
        return Err(ProtocolError::InvalidFrameSize);
    }
    let size = body_size(length - 1)?;
    let Some(&flags) = bytes.get(flags_at) else {
        return Ok(HeaderRead::Incomplete { needed: 1 });
    };
    Ok(HeaderRead::Complete {
        header: FrameHeader {
            size,
            more: flags & FLAG_MORE != 0,
            command: false,
        },
        len: flags_at + 1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn complete(framing: Framing, bytes: &[u8]) -> (FrameHeader, usize) {
        match framing.read_header(bytes).unwrap() {
            HeaderRead::Complete { header, len } => (header, len),
            other => panic!("incomplete: {other:?}"),
        }
    }

    fn header(size: usize, more: bool, command: bool) -> FrameHeader {
        FrameHeader {
            size,
            more,
            command,
        }
    }

    #[test]
    fn v3_short_and_long_headers_from_the_rfc_grammar() {
        // message-last short: %x00 size; message-more short: %x01 size.
        assert_eq!(
            complete(Framing::V3, &[0x00, 5]),
            (header(5, false, false), 2)
        );
        assert_eq!(
            complete(Framing::V3, &[0x01, 0]),
            (header(0, true, false), 2)
        );
        // command-size long: %x06 then 8 octets.
        let long = [0x06, 0, 0, 0, 0, 0, 0, 0x01, 0x00];
        assert_eq!(complete(Framing::V3, &long), (header(256, false, true), 9));
        // message-more long: %x03.
        let long = [0x03, 0, 0, 0, 0, 0, 0x01, 0, 0];
        assert_eq!(
            complete(Framing::V3, &long),
            (header(65536, true, false), 9)
        );
    }

    #[test]
    fn partial_headers_say_what_is_missing() {
        assert_eq!(
            Framing::V3.read_header(&[]).unwrap(),
            HeaderRead::Incomplete { needed: 2 }
        );
        assert_eq!(
            Framing::V3.read_header(&[0x02, 0, 0]).unwrap(),
            HeaderRead::Incomplete { needed: 6 }
        );
        assert_eq!(
            Framing::V1.read_header(&[0xFF, 0, 0]).unwrap(),
            HeaderRead::Incomplete { needed: 7 }
        );
        assert_eq!(
            Framing::V1.read_header(&[4]).unwrap(),
            HeaderRead::Incomplete { needed: 1 }
        );
    }

    #[test]
    fn reserved_bits_and_more_on_command_are_errors() {
        for flags in [0x08u8, 0x10, 0x80, 0xFF] {
            assert_eq!(
                Framing::V3.read_header(&[flags, 0]),
                Err(ProtocolError::InvalidFlags(flags))
            );
        }
        assert_eq!(
            Framing::V3.read_header(&[0x05, 0]),
            Err(ProtocolError::InvalidFlags(0x05))
        );
        // ZMTP 2.0 has no COMMAND bit.
        assert_eq!(
            Framing::V2.read_header(&[0x04, 0]),
            Err(ProtocolError::InvalidFlags(0x04))
        );
        // The flags byte alone is enough to refuse.
        assert_eq!(
            Framing::V3.read_header(&[0x40]),
            Err(ProtocolError::InvalidFlags(0x40))
        );
    }

    #[test]
    fn sizes_of_two_to_the_63_are_errors() {
        let mut long = [0x02, 0, 0, 0, 0, 0, 0, 0, 0];
        long[1] = 0x80;
        assert_eq!(
            Framing::V3.read_header(&long),
            Err(ProtocolError::InvalidFrameSize)
        );
        long[1..9].copy_from_slice(&u64::MAX.to_be_bytes());
        assert_eq!(
            Framing::V2.read_header(&long),
            Err(ProtocolError::InvalidFrameSize)
        );
        let mut v1 = [0xFFu8; 10];
        v1[1..9].copy_from_slice(&u64::MAX.to_be_bytes());
        assert_eq!(
            Framing::V1.read_header(&v1),
            Err(ProtocolError::InvalidFrameSize)
        );
    }

    #[test]
    fn v1_length_counts_the_flags_byte() {
        // RFC 13: an empty final frame is length 1, flags 0.
        assert_eq!(complete(Framing::V1, &[1, 0]), (header(0, false, false), 2));
        assert_eq!(complete(Framing::V1, &[6, 1]), (header(5, true, false), 2));
        // Reserved bits are ignored by a 1.0 reader.
        assert_eq!(
            complete(Framing::V1, &[2, 0x7F]),
            (header(1, true, false), 2)
        );
        let long = [0xFF, 0, 0, 0, 0, 0, 0, 0x01, 0x00, 0];
        assert_eq!(
            complete(Framing::V1, &long),
            (header(255, false, false), 10)
        );
        assert_eq!(
            Framing::V1.read_header(&[0, 0]),
            Err(ProtocolError::InvalidFrameSize)
        );
        let zero_long = [0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        assert_eq!(
            Framing::V1.read_header(&zero_long),
            Err(ProtocolError::InvalidFrameSize)
        );
    }

    #[test]
    fn written_headers_read_back() {
        for framing in [Framing::V1, Framing::V2, Framing::V3] {
            for size in [0usize, 1, 253, 254, 255, 256, 70_000] {
                for more in [false, true] {
                    let command = framing == Framing::V3 && !more && size % 2 == 0;
                    let mut buf = [0u8; MAX_HEADER_LEN];
                    let wanted = header(size, more, command);
                    let len = framing.write_header(wanted, &mut buf);
                    assert_eq!(len, framing.header_len(size));
                    assert_eq!(complete(framing, &buf[..len]), (wanted, len));
                }
            }
        }
    }

    #[test]
    fn exact_header_bytes() {
        let mut buf = [0u8; MAX_HEADER_LEN];
        let len = Framing::V3.write_header(header(255, true, false), &mut buf);
        assert_eq!(&buf[..len], &[0x01, 0xFF]);
        let len = Framing::V3.write_header(header(256, false, true), &mut buf);
        assert_eq!(&buf[..len], &[0x06, 0, 0, 0, 0, 0, 0, 1, 0]);
        let len = Framing::V2.write_header(header(3, false, true), &mut buf);
        assert_eq!(&buf[..len], &[0x00, 3], "no COMMAND bit in ZMTP 2.0");
        let len = Framing::V1.write_header(header(253, true, false), &mut buf);
        assert_eq!(&buf[..len], &[254, 1]);
        let len = Framing::V1.write_header(header(254, false, false), &mut buf);
        assert_eq!(&buf[..len], &[0xFF, 0, 0, 0, 0, 0, 0, 0, 255, 0]);
    }
}

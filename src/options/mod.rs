//! Socket options: the values `zmq_setsockopt` stores and `zmq_getsockopt` reads back.
//!
//! PROVISIONAL: this minimal version fixes the fields the engine reads; the full table
//! of every libzmq 4.3.5 option (types, sizes, defaults, ranges, errors) replaces it.

use crate::error::{Error, Result};

/// `ZMQ_SNDHWM`.
pub const SNDHWM: i32 = 23;
/// `ZMQ_RCVHWM`.
pub const RCVHWM: i32 = 24;
/// `ZMQ_LINGER`.
pub const LINGER: i32 = 17;
/// `ZMQ_RCVTIMEO`.
pub const RCVTIMEO: i32 = 27;
/// `ZMQ_SNDTIMEO`.
pub const SNDTIMEO: i32 = 28;
/// `ZMQ_TYPE`.
pub const TYPE: i32 = 16;
/// `ZMQ_CONFLATE`.
pub const CONFLATE: i32 = 54;
/// `ZMQ_LAST_ENDPOINT`.
pub const LAST_ENDPOINT: i32 = 32;

/// The option values of one socket.
#[derive(Clone, Debug)]
pub struct Options {
    /// `ZMQ_TYPE`: the socket type number.
    pub socket_type: i32,
    /// `ZMQ_SNDHWM`: outbound high-water mark in messages; 0 = unlimited.
    pub sndhwm: i32,
    /// `ZMQ_RCVHWM`: inbound high-water mark in messages; 0 = unlimited.
    pub rcvhwm: i32,
    /// `ZMQ_LINGER` in ms; -1 = forever.
    pub linger: i32,
    /// `ZMQ_SNDTIMEO` in ms; -1 = forever.
    pub sndtimeo: i32,
    /// `ZMQ_RCVTIMEO` in ms; -1 = forever.
    pub rcvtimeo: i32,
    /// `ZMQ_CONFLATE`: keep only the last message.
    pub conflate: bool,
    /// `ZMQ_LAST_ENDPOINT`.
    pub last_endpoint: String,
}

impl Options {
    /// libzmq's defaults for a socket of `socket_type`.
    pub fn new(socket_type: i32) -> Options {
        Options {
            socket_type,
            sndhwm: 1000,
            rcvhwm: 1000,
            linger: -1,
            sndtimeo: -1,
            rcvtimeo: -1,
            conflate: false,
            last_endpoint: String::new(),
        }
    }

    /// Store `value` for `option`, as `zmq_setsockopt`.
    pub fn set(&mut self, option: i32, value: &[u8]) -> Result<()> {
        let int = || -> Result<i32> {
            let raw: [u8; 4] = value.try_into().map_err(|_| Error::Invalid)?;
            Ok(i32::from_ne_bytes(raw))
        };
        match option {
            SNDHWM => self.sndhwm = non_negative(int()?)?,
            RCVHWM => self.rcvhwm = non_negative(int()?)?,
            LINGER => self.linger = at_least_minus_one(int()?)?,
            SNDTIMEO => self.sndtimeo = at_least_minus_one(int()?)?,
            RCVTIMEO => self.rcvtimeo = at_least_minus_one(int()?)?,
            CONFLATE => self.conflate = int()? != 0,
            _ => return Err(Error::Invalid),
        }
        Ok(())
    }

    /// Write the value of `option` into `out`, returning how many bytes it took.
    pub fn get(&self, option: i32, out: &mut [u8]) -> Result<usize> {
        let value = match option {
            TYPE => self.socket_type,
            SNDHWM => self.sndhwm,
            RCVHWM => self.rcvhwm,
            LINGER => self.linger,
            SNDTIMEO => self.sndtimeo,
            RCVTIMEO => self.rcvtimeo,
            CONFLATE => self.conflate as i32,
            LAST_ENDPOINT => {
                let text = self.last_endpoint.as_bytes();
                if out.len() < text.len() + 1 {
                    return Err(Error::Invalid);
                }
                out[..text.len()].copy_from_slice(text);
                out[text.len()] = 0;
                return Ok(text.len() + 1);
            }
            _ => return Err(Error::Invalid),
        };
        let bytes = value.to_ne_bytes();
        let slot = out.get_mut(..4).ok_or(Error::Invalid)?;
        slot.copy_from_slice(&bytes);
        Ok(4)
    }
}

fn non_negative(v: i32) -> Result<i32> {
    if v < 0 { Err(Error::Invalid) } else { Ok(v) }
}

fn at_least_minus_one(v: i32) -> Result<i32> {
    if v < -1 { Err(Error::Invalid) } else { Ok(v) }
}

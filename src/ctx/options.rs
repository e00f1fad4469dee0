//! Context options (`zmq_ctx_set`/`zmq_ctx_get`), with libzmq 4.3.5's defaults and errors.

use crate::error::{Error, Result};

/// `ZMQ_IO_THREADS`.
pub const IO_THREADS: i32 = 1;
/// `ZMQ_MAX_SOCKETS`.
pub const MAX_SOCKETS: i32 = 2;
/// `ZMQ_SOCKET_LIMIT` (read-only) and `ZMQ_THREAD_PRIORITY` share the value 3: libzmq
/// reads it as the socket limit and writes it as the thread priority.
pub const SOCKET_LIMIT_OR_THREAD_PRIORITY: i32 = 3;
/// `ZMQ_THREAD_SCHED_POLICY`.
pub const THREAD_SCHED_POLICY: i32 = 4;
/// `ZMQ_MAX_MSGSZ`.
pub const MAX_MSGSZ: i32 = 5;
/// `ZMQ_MSG_T_SIZE` (read-only).
pub const MSG_T_SIZE: i32 = 6;
/// `ZMQ_THREAD_AFFINITY_CPU_ADD` (write-only).
pub const THREAD_AFFINITY_CPU_ADD: i32 = 7;
/// `ZMQ_THREAD_AFFINITY_CPU_REMOVE` (write-only).
pub const THREAD_AFFINITY_CPU_REMOVE: i32 = 8;
/// `ZMQ_THREAD_NAME_PREFIX`.
pub const THREAD_NAME_PREFIX: i32 = 9;
/// `ZMQ_ZERO_COPY_RECV` (draft).
pub const ZERO_COPY_RECV: i32 = 10;
/// `ZMQ_IPV6`.
pub const IPV6: i32 = 42;
/// `ZMQ_BLOCKY`.
pub const BLOCKY: i32 = 70;

/// The most sockets a context can be asked to allow (libzmq's clipped limit on Linux).
pub const SOCKET_LIMIT: i32 = 65535;

/// The settings of one context.
#[derive(Clone, Debug)]
pub struct CtxOptions {
    /// I/O threads to start (taken when the first I/O thread is needed).
    pub io_threads: i32,
    /// Most sockets open at once; `zmq_socket` fails with `EMFILE` beyond.
    pub max_sockets: i32,
    /// Scheduling priority of I/O threads; -1 = leave as is.
    pub thread_priority: i32,
    /// Scheduling policy of I/O threads; -1 = leave as is.
    pub thread_sched_policy: i32,
    /// CPUs the I/O threads are pinned to; empty = no pinning.
    pub thread_affinity: Vec<i32>,
    /// Prefix of I/O thread names.
    pub thread_name_prefix: String,
    /// Largest message accepted, in bytes.
    pub max_msgsz: i32,
    /// Default of `ZMQ_IPV6` for new sockets.
    pub ipv6: bool,
    /// Whether `zmq_ctx_term` waits for lingering messages by default (linger -1).
    pub blocky: bool,
    /// Draft: receive into application-visible buffers without a copy.
    pub zero_copy_recv: bool,
}

impl Default for CtxOptions {
    fn default() -> Self {
        CtxOptions {
            io_threads: 1,
            max_sockets: 1023,
            thread_priority: -1,
            thread_sched_policy: -1,
            thread_affinity: Vec::new(),
            thread_name_prefix: String::new(),
            max_msgsz: i32::MAX,
            ipv6: false,
            blocky: true,
            zero_copy_recv: true,
        }
    }
}

impl CtxOptions {
    /// `zmq_ctx_set`.
    pub fn set(&mut self, option: i32, value: i32) -> Result<()> {
        let non_negative = |v: i32| if v >= 0 { Ok(v) } else { Err(Error::Invalid) };
        match option {
            IO_THREADS => self.io_threads = non_negative(value)?,
            MAX_SOCKETS => {
                if !(1..=SOCKET_LIMIT).contains(&value) {
                    return Err(Error::Invalid);
                }
                self.max_sockets = value;
            }
            SOCKET_LIMIT_OR_THREAD_PRIORITY => self.thread_priority = non_negative(value)?,
            THREAD_SCHED_POLICY => self.thread_sched_policy = non_negative(value)?,
            THREAD_AFFINITY_CPU_ADD => {
                non_negative(value)?;
                if !self.thread_affinity.contains(&value) {
                    self.thread_affinity.push(value);
                }
            }
            THREAD_AFFINITY_CPU_REMOVE => {
                let before = self.thread_affinity.len();
                self.thread_affinity.retain(|&cpu| cpu != value);
                if self.thread_affinity.len() == before {
                    return Err(Error::Invalid);
                }
            }
            THREAD_NAME_PREFIX => self.thread_name_prefix = non_negative(value)?.to_string(),
            MAX_MSGSZ => self.max_msgsz = non_negative(value)?,
            IPV6 => self.ipv6 = value != 0,
            BLOCKY => self.blocky = value != 0,
            ZERO_COPY_RECV => self.zero_copy_recv = value != 0,
            _ => return Err(Error::Invalid),
        }
        Ok(())
    }

    /// `zmq_ctx_get`.
    pub fn get(&self, option: i32) -> Result<i32> {
        Ok(match option {
            IO_THREADS => self.io_threads,
            MAX_SOCKETS => self.max_sockets,
            SOCKET_LIMIT_OR_THREAD_PRIORITY => SOCKET_LIMIT,
            THREAD_SCHED_POLICY => self.thread_sched_policy,
            MAX_MSGSZ => self.max_msgsz,
            MSG_T_SIZE => 64,
            THREAD_NAME_PREFIX => self.thread_name_prefix.parse().unwrap_or(0),
            IPV6 => self.ipv6 as i32,
            BLOCKY => self.blocky as i32,
            ZERO_COPY_RECV => self.zero_copy_recv as i32,
            _ => return Err(Error::Invalid),
        })
    }

    /// `zmq_ctx_set_ext`: options that take bytes (the thread name prefix as a string).
    pub fn set_ext(&mut self, option: i32, value: &[u8]) -> Result<()> {
        if option == THREAD_NAME_PREFIX {
            let text = std::str::from_utf8(value).map_err(|_| Error::Invalid)?;
            let text = text.trim_end_matches('\0');
            if text.len() > 16 {
                return Err(Error::Invalid);
            }
            self.thread_name_prefix = text.to_owned();
            return Ok(());
        }
        let raw: [u8; 4] = value.try_into().map_err(|_| Error::Invalid)?;
        self.set(option, i32::from_ne_bytes(raw))
    }

    /// `zmq_ctx_get_ext`: writes the value into `out`, returning its length.
    pub fn get_ext(&self, option: i32, out: &mut [u8]) -> Result<usize> {
        if option == THREAD_NAME_PREFIX {
            let text = self.thread_name_prefix.as_bytes();
            let slot = out.get_mut(..text.len() + 1).ok_or(Error::Invalid)?;
            slot[..text.len()].copy_from_slice(text);
            slot[text.len()] = 0;
            return Ok(text.len() + 1);
        }
        let value = self.get(option)?.to_ne_bytes();
        out.get_mut(..4)
            .ok_or(Error::Invalid)?
            .copy_from_slice(&value);
        Ok(4)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_as_libzmq() {
        let o = CtxOptions::default();
        assert_eq!(o.get(IO_THREADS), Ok(1));
        assert_eq!(o.get(MAX_SOCKETS), Ok(1023));
        assert_eq!(o.get(SOCKET_LIMIT_OR_THREAD_PRIORITY), Ok(65535));
        assert_eq!(o.get(MSG_T_SIZE), Ok(64));
        assert_eq!(o.get(MAX_MSGSZ), Ok(i32::MAX));
        assert_eq!(o.get(BLOCKY), Ok(1));
        assert_eq!(o.get(99), Err(Error::Invalid));
    }

    #[test]
    fn ranges() {
        let mut o = CtxOptions::default();
        assert_eq!(o.set(IO_THREADS, -1), Err(Error::Invalid));
        assert_eq!(o.set(MAX_SOCKETS, 0), Err(Error::Invalid));
        o.set(MAX_SOCKETS, 5).unwrap();
        assert_eq!(o.get(MAX_SOCKETS), Ok(5));
    }
}

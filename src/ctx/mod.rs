//! The context: the container of sockets, the inproc endpoint registry, and (with the
//! network transports) the I/O threads.
//!
//! A [`Context`] is a cheap handle to shared state; every thread may use it. Sockets
//! hold the same shared state so that they can register endpoints and, when closed,
//! let a terminating context finish.

pub mod command;
pub mod io_thread;
pub mod mailbox;
pub mod options;
pub mod reactor;
pub mod yielder;

use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

use crate::error::{Error, Result};
use crate::socket::Socket;
use crate::transport::inproc::Registry;
use command::Command;
use io_thread::Threads;
use mailbox::Mailbox;
use options::CtxOptions;

/// A ZeroMQ context (what `zmq_ctx_new` returns).
#[derive(Clone)]
pub struct Context {
    shared: Arc<CtxShared>,
}

/// State shared by a context and its sockets.
pub(crate) struct CtxShared {
    state: Mutex<CtxState>,
    /// Signalled each time a socket closes, for `terminate`.
    socket_closed: Condvar,
}

pub(crate) struct CtxState {
    pub(crate) options: CtxOptions,
    /// Live sockets and their mailboxes (to tell them the context is terminating).
    sockets: HashMap<u64, Arc<Mailbox>>,
    next_socket_id: u64,
    /// `zmq_ctx_shutdown` or `zmq_ctx_term` has begun.
    terminating: bool,
    /// inproc endpoints bound, and connects waiting for a bind.
    pub(crate) inproc: Registry,
    /// I/O threads and the reaper, started when a transport first needs them.
    pub(crate) threads: Threads,
}

impl Default for Context {
    fn default() -> Self {
        Context::new()
    }
}

impl Context {
    /// A new context with libzmq's default settings.
    pub fn new() -> Context {
        Context {
            shared: Arc::new(CtxShared {
                state: Mutex::new(CtxState {
                    options: CtxOptions::default(),
                    sockets: HashMap::new(),
                    next_socket_id: 1,
                    terminating: false,
                    inproc: Registry::default(),
                    threads: Threads::default(),
                }),
                socket_closed: Condvar::new(),
            }),
        }
    }

    /// The context that `shared` belongs to (a socket making a socket of its own,
    /// such as its monitor's).
    pub(crate) fn from_shared(shared: Arc<CtxShared>) -> Context {
        Context { shared }
    }

    /// `zmq_ctx_set`.
    pub fn set(&self, option: i32, value: i32) -> Result<()> {
        self.shared.lock().options.set(option, value)
    }

    /// `zmq_ctx_get`.
    pub fn get(&self, option: i32) -> Result<i32> {
        self.shared.lock().options.get(option)
    }

    /// `zmq_ctx_set_ext`.
    pub fn set_ext(&self, option: i32, value: &[u8]) -> Result<()> {
        self.shared.lock().options.set_ext(option, value)
    }

    /// `zmq_ctx_get_ext`.
    pub fn get_ext(&self, option: i32, out: &mut [u8]) -> Result<usize> {
        self.shared.lock().options.get_ext(option, out)
    }

    /// A new socket of type `socket_type` (`zmq_socket`).
    pub fn socket(&self, socket_type: i32) -> Result<Socket> {
        let kind = crate::socket::SocketType::from_raw(socket_type)?;
        let mailbox = Arc::new(Mailbox::new()?);
        let (id, defaults) = {
            let mut state = self.shared.lock();
            if state.terminating {
                return Err(Error::Terminated);
            }
            if state.sockets.len() >= state.options.max_sockets as usize {
                return Err(Error::TooManyFiles);
            }
            let id = state.next_socket_id;
            state.next_socket_id += 1;
            state.sockets.insert(id, mailbox.clone());
            (id, state.options.clone())
        };
        Ok(Socket::new(
            self.shared.clone(),
            id,
            kind,
            mailbox,
            &defaults,
        ))
    }

    /// `zmq_ctx_shutdown`: blocking calls in every socket return `ETERM` from now on,
    /// and new sockets are refused. Does not wait.
    pub fn shutdown(&self) {
        let mut state = self.shared.lock();
        if !state.terminating {
            state.terminating = true;
            for mailbox in state.sockets.values() {
                mailbox.send(Command::Stop);
            }
        }
    }

    /// `zmq_ctx_term`: shut down, then wait until every socket has been closed.
    pub fn terminate(&self) -> Result<()> {
        self.shutdown();
        let mut state = self.shared.lock();
        while !state.sockets.is_empty() {
            state = self
                .shared
                .socket_closed
                .wait(state)
                .unwrap_or_else(|e| e.into_inner());
        }
        // Every socket is closed (and its lingering done): the threads can go.
        let mut threads = std::mem::take(&mut state.threads);
        drop(state);
        threads.stop_all();
        Ok(())
    }
}

impl CtxShared {
    /// Lock the shared state (a poisoned lock is still usable: the state stays valid
    /// between statements).
    pub(crate) fn lock(&self) -> MutexGuard<'_, CtxState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A socket has closed: forget it and wake a waiting `terminate`.
    pub(crate) fn socket_closed(&self, id: u64) {
        let mut state = self.lock();
        state.inproc.forget_socket(id);
        state.sockets.remove(&id);
        drop(state);
        self.socket_closed.notify_all();
    }
}

//! The context's background threads: I/O threads, each running a [`Reactor`], and the
//! reaper.
//!
//! Network transports add their listeners, connecters and connection engines to an
//! I/O thread's reactor with a [`Task`]; pipe wake-ups reach them through the
//! thread's mailbox. A closed socket's connections finish delivering what it queued
//! (`ZMQ_LINGER`) in the I/O thread itself, and stopping a thread at context
//! termination waits for them. Like everything else the threads are reached only
//! through commands. Threads start when something first needs one
//! (`inproc://` needs none), named as libzmq names them (`ZMQbg/IO/0`, `ZMQbg/Reaper`,
//! after the context's `ZMQ_THREAD_NAME_PREFIX`), with the context's scheduling
//! settings (`ZMQ_THREAD_PRIORITY`, `ZMQ_THREAD_SCHED_POLICY`,
//! `ZMQ_THREAD_AFFINITY_CPU_*`).
//!
//! A panic in a handler is caught inside the loop and reported once: the thread keeps
//! serving, so the context never hangs on a dead I/O thread.

use std::collections::VecDeque;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use mio::{Events, Poll, Token, Waker};

use super::mailbox::Mailbox;
use super::options::CtxOptions;
use super::reactor::{Reactor, Tokens, WAKER};
use crate::error::Result;
use crate::sys::thread::apply_scheduling;

/// Work sent to a background thread. Runs on that thread, with its reactor.
pub type Task = Box<dyn FnOnce(&mut Reactor) + Send>;

/// What a background thread is told.
enum IoCommand {
    /// Run a task on the thread (add a listener, close a connecter…).
    Run(Task),
    /// The context terminates: finish the handlers, then leave the loop.
    Stop,
}

type Queue = Arc<Mutex<VecDeque<IoCommand>>>;

/// A way to reach a running background thread from other threads (cheap to clone).
#[derive(Clone)]
pub struct IoHandle {
    commands: Queue,
    waker: Arc<Waker>,
    mailbox: Arc<Mailbox>,
    tokens: Arc<Tokens>,
}

impl IoHandle {
    /// Run `task` on the thread.
    pub fn send(&self, task: Task) {
        self.post(IoCommand::Run(task));
    }

    /// A fresh token for a handler to be added with [`Reactor::add`].
    pub fn token(&self) -> Token {
        self.tokens.next()
    }

    /// The thread's mailbox: the owner of the pipe ends its engines hold.
    pub fn mailbox(&self) -> &Arc<Mailbox> {
        &self.mailbox
    }

    fn post(&self, command: IoCommand) {
        self.commands
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push_back(command);
        // A failed wake-up only happens if the poll is gone, i.e. the thread ended.
        let _ = self.waker.wake();
    }
}

/// A running background thread.
pub struct IoThread {
    handle: IoHandle,
    thread: Option<JoinHandle<()>>,
}

impl IoThread {
    /// Start a thread called `name` (after the context's prefix) with the context's
    /// scheduling settings.
    pub fn start(name: &str, options: &CtxOptions) -> Result<IoThread> {
        let poll = Poll::new()?;
        let waker = Arc::new(Waker::new(poll.registry(), WAKER)?);
        let mailbox = Arc::new(Mailbox::new()?);
        // Token 0 is never handed out, so a stray zero is never a handler.
        let tokens = Arc::new(Tokens::default());
        tokens.next();
        let mut reactor = Reactor::new(poll, mailbox.clone(), tokens.clone())?;
        let commands: Queue = Arc::default();
        let queue = commands.clone();
        let full_name = format!("{}{name}", options.thread_name_prefix);
        let scheduling = options.clone();
        let thread = std::thread::Builder::new().name(full_name).spawn(move || {
            // Best effort, as libzmq: a setting the system refuses leaves the default.
            let _ = apply_scheduling(&scheduling);
            run(&mut reactor, &queue);
        })?;
        Ok(IoThread {
            handle: IoHandle {
                commands,
                waker,
                mailbox,
                tokens,
            },
            thread: Some(thread),
        })
    }

    /// Run `task` on the thread.
    pub fn send(&self, task: Task) {
        self.handle.send(task);
    }

    /// A handle to reach the thread later.
    pub fn handle(&self) -> IoHandle {
        self.handle.clone()
    }

    /// Let the thread finish its handlers (connections still delivering queued
    /// messages linger as their sockets asked) and wait for it.
    pub fn stop(mut self) {
        self.handle.post(IoCommand::Stop);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for IoThread {
    fn drop(&mut self) {
        if let Some(thread) = self.thread.take() {
            self.handle.post(IoCommand::Stop);
            let _ = thread.join();
        }
    }
}

/// The loop: wait for readiness, commands, tasks or deadlines, dispatch them, until
/// told to stop and every handler has finished.
fn run(reactor: &mut Reactor, commands: &Mutex<VecDeque<IoCommand>>) {
    let mut events = Events::with_capacity(256);
    loop {
        match reactor.turn(&mut events) {
            Ok(false) => {}
            Ok(true) => run_tasks(reactor, commands),
            Err(err) => {
                report_once(&format!("poll failed: {err}"));
                return;
            }
        }
        if reactor.finished() {
            return;
        }
    }
}

fn run_tasks(reactor: &mut Reactor, commands: &Mutex<VecDeque<IoCommand>>) {
    loop {
        let next = commands
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .pop_front();
        match next {
            None => return,
            Some(IoCommand::Stop) => reactor.stop(),
            Some(IoCommand::Run(task)) => {
                if catch_unwind(AssertUnwindSafe(|| task(reactor))).is_err() {
                    report_once("a task panicked; the thread goes on");
                }
            }
        }
    }
}

fn report_once(what: &str) {
    static REPORTED: AtomicBool = AtomicBool::new(false);
    if !REPORTED.swap(true, Ordering::Relaxed) {
        eprintln!("oxzmq: I/O thread: {what}");
    }
}

/// The background threads of one context, started on first use.
#[derive(Default)]
pub struct Threads {
    io: Vec<IoThread>,
    reaper: Option<IoThread>,
    next: usize,
}

impl Threads {
    /// An I/O thread to give new work to (round robin over `ZMQ_IO_THREADS`). `None`
    /// when the context was set to have no I/O threads (`ZMQ_IO_THREADS` 0), which
    /// only inproc can live with.
    pub fn io_thread(&mut self, options: &CtxOptions) -> Result<Option<&IoThread>> {
        if self.io.is_empty() {
            for n in 0..options.io_threads {
                self.io
                    .push(IoThread::start(&format!("ZMQbg/IO/{n}"), options)?);
            }
        }
        if self.io.is_empty() {
            return Ok(None);
        }
        self.next = (self.next + 1) % self.io.len();
        Ok(self.io.get(self.next))
    }

    /// The reaper.
    pub fn reaper(&mut self, options: &CtxOptions) -> Result<&IoThread> {
        if self.reaper.is_none() {
            self.reaper = Some(IoThread::start("ZMQbg/Reaper", options)?);
        }
        Ok(self.reaper.as_ref().expect("started just above"))
    }

    /// Stop every thread (context termination).
    pub fn stop_all(&mut self) {
        for thread in self.io.drain(..) {
            thread.stop();
        }
        if let Some(reaper) = self.reaper.take() {
            reaper.stop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    #[test]
    fn runs_tasks_in_order_and_survives_a_panic() {
        let thread = IoThread::start("test", &CtxOptions::default()).unwrap();
        let (tx, rx) = mpsc::channel();
        let first = tx.clone();
        thread.send(Box::new(move |_| first.send(1).unwrap()));
        thread.send(Box::new(|_| panic!("a task that panics")));
        thread.send(Box::new(move |_| {
            let name = std::thread::current().name().map(str::to_owned);
            tx.send(if name.as_deref() == Some("test") {
                2
            } else {
                0
            })
            .unwrap()
        }));
        assert_eq!(rx.recv().unwrap(), 1);
        assert_eq!(rx.recv().unwrap(), 2);
        thread.stop();
    }

    #[test]
    fn io_threads_start_on_demand_and_stop() {
        let mut threads = Threads::default();
        let mut options = CtxOptions {
            io_threads: 2,
            ..CtxOptions::default()
        };
        options.thread_name_prefix = "x".into();
        let (tx, rx) = mpsc::channel();
        for _ in 0..2 {
            let tx = tx.clone();
            let thread = threads.io_thread(&options).unwrap().unwrap();
            thread.send(Box::new(move |_| {
                tx.send(std::thread::current().name().unwrap().to_owned())
                    .unwrap()
            }));
        }
        let mut names = vec![rx.recv().unwrap(), rx.recv().unwrap()];
        names.sort();
        assert_eq!(names, ["xZMQbg/IO/0", "xZMQbg/IO/1"]);
        threads.reaper(&options).unwrap();
        threads.stop_all();
        let none = CtxOptions {
            io_threads: 0,
            ..CtxOptions::default()
        };
        assert!(Threads::default().io_thread(&none).unwrap().is_none());
    }
}

//! The context's background threads: I/O threads, each a `mio::Poll` loop, and the
//! reaper.
//!
//! Network transports register their connections with an I/O thread; the reaper
//! finishes the lingering work of closed sockets. Like everything else they are
//! reached only through commands. Threads start when something first needs one
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
use std::time::Duration;

use mio::{Events, Poll, Token, Waker};

use super::options::CtxOptions;
use crate::error::Result;
use crate::sys::thread::apply_scheduling;

/// The token of the waker in every loop; transports use other tokens.
const WAKER: Token = Token(usize::MAX);

/// Work sent to a background thread. Runs on that thread with its `mio` registry.
pub type Task = Box<dyn FnOnce(&mio::Registry) + Send>;

/// What a background thread is told.
enum IoCommand {
    /// Run a task on the thread (register a connection, finish a socket's linger…).
    Run(Task),
    /// Leave the loop.
    Stop,
}

/// A running background thread.
pub struct IoThread {
    commands: Arc<Mutex<VecDeque<IoCommand>>>,
    waker: Arc<Waker>,
    handle: Option<JoinHandle<()>>,
}

impl IoThread {
    /// Start a thread called `name` (after the context's prefix) with the context's
    /// scheduling settings.
    pub fn start(name: &str, options: &CtxOptions) -> Result<IoThread> {
        let poll = Poll::new()?;
        let waker = Arc::new(Waker::new(poll.registry(), WAKER)?);
        let commands: Arc<Mutex<VecDeque<IoCommand>>> = Arc::default();
        let queue = commands.clone();
        let full_name = format!("{}{name}", options.thread_name_prefix);
        let scheduling = options.clone();
        let handle = std::thread::Builder::new().name(full_name).spawn(move || {
            // Best effort, as libzmq: a setting the system refuses leaves the default.
            let _ = apply_scheduling(&scheduling);
            run(poll, &queue);
        })?;
        Ok(IoThread {
            commands,
            waker,
            handle: Some(handle),
        })
    }

    /// Run `task` on the thread.
    pub fn send(&self, task: Task) {
        self.post(IoCommand::Run(task));
    }

    fn post(&self, command: IoCommand) {
        self.commands
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push_back(command);
        // A failed wake-up only happens if the poll is gone, i.e. the thread ended.
        let _ = self.waker.wake();
    }

    /// Stop the thread and wait for it.
    pub fn stop(mut self) {
        self.post(IoCommand::Stop);
        if let Some(handle) = self.handle.take() {
            let _ = handle.join();
        }
    }
}

impl Drop for IoThread {
    fn drop(&mut self) {
        if let Some(handle) = self.handle.take() {
            self.post(IoCommand::Stop);
            let _ = handle.join();
        }
    }
}

/// The loop: wait for readiness or commands, run what arrived, until `Stop`.
fn run(mut poll: Poll, commands: &Mutex<VecDeque<IoCommand>>) {
    let mut events = Events::with_capacity(256);
    loop {
        // Readiness of transport sources is handled by the tasks that registered them
        // (they arrive with the network transports); the waker only says "commands".
        match poll.poll(&mut events, None::<Duration>) {
            Ok(()) => {}
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(err) => {
                report_once(&format!("poll failed: {err}"));
                return;
            }
        }
        loop {
            let next = commands
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .pop_front();
            match next {
                None => break,
                Some(IoCommand::Stop) => return,
                Some(IoCommand::Run(task)) => {
                    let registry = poll.registry();
                    if catch_unwind(AssertUnwindSafe(|| task(registry))).is_err() {
                        report_once("a task panicked; the thread goes on");
                    }
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

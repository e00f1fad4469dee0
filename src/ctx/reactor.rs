//! The event loop inside each background thread: readiness, pipe commands and timers
//! dispatched to [`Handler`]s (listeners, connecters, connection engines).
//!
//! A handler owns its OS sources and registers them under its own [`Token`]. The
//! thread has one [`Mailbox`] whose eventfd sits in the poll set; it is the owner
//! mailbox of every pipe end the thread's engines hold, so a socket waking a pipe
//! (`ActivateRead`, `ActivateWrite`, `Hangup`) lands here, and the reactor hands the
//! command to the handler that routed that pipe to itself ([`Cx::route`]). Timers are
//! one deadline per handler, asked after every call ([`Handler::deadline`]); the poll
//! sleeps until the earliest.
//!
//! A handler that panics is dropped (its sources close with it); the thread goes on.

use std::collections::{BTreeSet, HashMap};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use mio::event::Event;
use mio::unix::SourceFd;
use mio::{Events, Interest, Poll, Registry, Token};

use super::command::Command;
use super::mailbox::Mailbox;
use super::yielder::Yielder;
use crate::error::Result;
use crate::pipe::PipeId;

/// The token of the thread's waker (tasks arrived).
pub const WAKER: Token = Token(usize::MAX);
/// The token of the thread's mailbox (pipe commands arrived).
const MAILBOX: Token = Token(usize::MAX - 1);

/// What a source reported.
#[derive(Clone, Copy, Debug, Default)]
pub struct Readiness {
    /// Data (or a connection, or end of stream) can be read.
    pub readable: bool,
    /// Data can be written (or a connect finished).
    pub writable: bool,
    /// The source has an error pending.
    pub error: bool,
    /// The peer shut down its side (or the connection hung up): end of stream is
    /// pending behind whatever data is left, and no further edge will announce it.
    pub read_closed: bool,
}

impl Readiness {
    fn of(event: &Event) -> Readiness {
        Readiness {
            readable: event.is_readable() || event.is_read_closed(),
            writable: event.is_writable() || event.is_write_closed(),
            error: event.is_error(),
            read_closed: event.is_read_closed(),
        }
    }
}

/// Something living in a background thread.
pub trait Handler: Send {
    /// Added to the thread: register sources under [`Cx::token`], route pipes.
    fn start(&mut self, cx: &mut Cx<'_>);
    /// A source registered under the handler's token is ready (possibly spuriously).
    fn ready(&mut self, cx: &mut Cx<'_>, readiness: Readiness);
    /// A command for a pipe the handler routed to itself.
    fn command(&mut self, cx: &mut Cx<'_>, command: Command);
    /// The deadline given by [`Handler::deadline`] has passed.
    fn timeout(&mut self, cx: &mut Cx<'_>);
    /// When [`Handler::timeout`] is next due, if ever.
    fn deadline(&self) -> Option<Instant>;
    /// Its socket asks it to finish (close, unbind, disconnect).
    fn close(&mut self, cx: &mut Cx<'_>);
    /// The context is terminating (every socket is closed): finish whatever is not
    /// delivering messages. Work left in pipes ends by itself (lingering).
    fn shutdown(&mut self, cx: &mut Cx<'_>) {
        self.close(cx);
    }
    /// Whether it has finished and may be dropped.
    fn is_done(&self) -> bool;
}

/// Hands out tokens; shared with the threads that add handlers, so that a socket
/// knows the token of a listener it creates (to close it later).
#[derive(Debug, Default)]
pub struct Tokens(AtomicUsize);

impl Tokens {
    /// A token never used before in this thread.
    pub fn next(&self) -> Token {
        Token(self.0.fetch_add(1, Ordering::Relaxed))
    }
}

/// What a handler may do while it is called.
pub struct Cx<'a> {
    token: Token,
    registry: &'a Registry,
    mailbox: &'a Arc<Mailbox>,
    tokens: &'a Tokens,
    now: Instant,
    spawned: &'a mut Vec<(Token, Box<dyn Handler>)>,
    routes: &'a mut HashMap<PipeId, Token>,
}

impl Cx<'_> {
    /// The token of the handler being called.
    pub fn token(&self) -> Token {
        self.token
    }

    /// The poll registry, to register sources under [`Cx::token`].
    pub fn registry(&self) -> &Registry {
        self.registry
    }

    /// The thread's mailbox: the owner mailbox of pipe ends held in this thread.
    pub fn mailbox(&self) -> &Arc<Mailbox> {
        self.mailbox
    }

    /// The time when this call began.
    pub fn now(&self) -> Instant {
        self.now
    }

    /// Add a new handler to the thread; returns its token.
    pub fn spawn(&mut self, handler: Box<dyn Handler>) -> Token {
        let token = self.tokens.next();
        self.spawned.push((token, handler));
        token
    }

    /// Send commands for `pipe` to the handler being called.
    pub fn route(&mut self, pipe: PipeId) {
        self.routes.insert(pipe, self.token);
    }

    /// Stop sending commands for `pipe` anywhere.
    pub fn unroute(&mut self, pipe: PipeId) {
        self.routes.remove(&pipe);
    }
}

/// One thread's handlers, timers and pipe routes.
pub struct Reactor {
    poll: Poll,
    handlers: HashMap<Token, Box<dyn Handler>>,
    timers: BTreeSet<(Instant, Token)>,
    deadlines: HashMap<Token, Instant>,
    routes: HashMap<PipeId, Token>,
    mailbox: Arc<Mailbox>,
    tokens: Arc<Tokens>,
    stopping: bool,
    spawned: Vec<(Token, Box<dyn Handler>)>,
    commands: Vec<Command>,
    /// Whether to yield before sleeping (see `turn`).
    yielder: Yielder,
}

/// How a handler is called by [`Reactor::dispatch`].
enum Call {
    Start,
    Ready(Readiness),
    Command(Command),
    Timeout,
    Close,
    Shutdown,
}

impl Reactor {
    /// A reactor polling with `poll`, its mailbox registered.
    pub fn new(poll: Poll, mailbox: Arc<Mailbox>, tokens: Arc<Tokens>) -> Result<Reactor> {
        let fd = mailbox.poll_fd();
        poll.registry()
            .register(&mut SourceFd(&fd), MAILBOX, Interest::READABLE)?;
        Ok(Reactor {
            poll,
            handlers: HashMap::new(),
            timers: BTreeSet::new(),
            deadlines: HashMap::new(),
            routes: HashMap::new(),
            mailbox,
            tokens,
            stopping: false,
            spawned: Vec::new(),
            commands: Vec::new(),
            yielder: Yielder::new(),
        })
    }

    /// The poll registry.
    pub fn registry(&self) -> &Registry {
        self.poll.registry()
    }

    /// Add `handler` under `token` (from [`Tokens::next`]) and start it.
    pub fn add(&mut self, token: Token, handler: Box<dyn Handler>) {
        self.handlers.insert(token, handler);
        self.dispatch(token, Call::Start);
    }

    /// Ask the handler under `token` to finish (nothing if it is gone already).
    pub fn close(&mut self, token: Token) {
        self.dispatch(token, Call::Close);
    }

    /// How many handlers live here.
    pub fn handler_count(&self) -> usize {
        self.handlers.len()
    }

    /// The context terminates: ask every handler to finish what it can, and leave the
    /// loop once none is left.
    pub fn stop(&mut self) {
        self.stopping = true;
        let tokens: Vec<Token> = self.handlers.keys().copied().collect();
        for token in tokens {
            self.dispatch(token, Call::Shutdown);
        }
    }

    /// Whether the loop may end: stopping and nothing left.
    pub fn finished(&self) -> bool {
        self.stopping && self.handlers.is_empty()
    }

    /// Wait for readiness or the next deadline, then dispatch. Returns whether the
    /// waker fired (tasks may be waiting).
    pub fn turn(&mut self, events: &mut Events) -> std::io::Result<bool> {
        let mut timeout = self
            .timers
            .first()
            .map(|(at, _)| at.saturating_duration_since(Instant::now()));
        // About to sleep: give our CPU away once first. A socket thread that shares
        // it (the application is pinned with its I/O thread, or the machine is
        // busy) then goes on filling or draining its pipes and posts its wake-ups
        // while we are awake, which costs it no system call and no preemption, and
        // we come back to a whole batch instead of a message or two. Alone on the
        // CPU, the yield returns at once.
        // Unless yields have just proved to feed other tasks (see `Yielder`).
        if timeout != Some(Duration::ZERO)
            && !self.mailbox.has_pending()
            && self.yielder.may_yield()
        {
            let start = self.yielder.yield_now();
            self.yielder.was_late(start);
        }
        // Senders signal the mailbox's descriptor only while we sleep (see
        // `Mailbox::poll_fd`): commands that came while we were busy are pending
        // without a signal, so look, and do not block if there are some.
        if !self.mailbox.sleep_begins() {
            timeout = Some(Duration::ZERO);
        }
        let polled = self.poll.poll(events, timeout);
        self.mailbox.sleep_ends();
        match polled {
            Ok(()) => {}
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => return Ok(false),
            Err(err) => return Err(err),
        }
        let mut woken = false;
        let mut mail = false;
        for event in events.iter() {
            match event.token() {
                WAKER => woken = true,
                MAILBOX => mail = true,
                token => self.dispatch(token, Call::Ready(Readiness::of(event))),
            }
        }
        if mail || self.mailbox.has_pending() {
            self.deliver_commands();
        }
        self.expire_timers();
        Ok(woken)
    }

    fn deliver_commands(&mut self) {
        let mut commands = std::mem::take(&mut self.commands);
        self.mailbox.take_all(&mut commands);
        for command in commands.drain(..) {
            let pipe = match &command {
                Command::ActivateRead(id) | Command::ActivateWrite(id) | Command::Hangup(id) => *id,
                // Nothing else is ever addressed to a background thread.
                Command::Attach(_) | Command::Stop | Command::EndpointGone(_) => continue,
            };
            // A pipe whose handler is gone: nobody to tell.
            if let Some(&token) = self.routes.get(&pipe) {
                self.dispatch(token, Call::Command(command));
            }
        }
        self.commands = commands;
    }

    fn expire_timers(&mut self) {
        let now = Instant::now();
        let mut due = Vec::new();
        while let Some(&(at, token)) = self.timers.first() {
            if at > now {
                break;
            }
            self.timers.pop_first();
            self.deadlines.remove(&token);
            due.push(token);
        }
        for token in due {
            self.dispatch(token, Call::Timeout);
        }
    }

    /// Call the handler under `token`, then add what it spawned, update its timer and
    /// drop it if it is done.
    fn dispatch(&mut self, token: Token, call: Call) {
        let Some(handler) = self.handlers.get_mut(&token) else {
            return;
        };
        let mut cx = Cx {
            token,
            registry: self.poll.registry(),
            mailbox: &self.mailbox,
            tokens: &self.tokens,
            now: Instant::now(),
            spawned: &mut self.spawned,
            routes: &mut self.routes,
        };
        let outcome = catch_unwind(AssertUnwindSafe(|| match call {
            Call::Start => handler.start(&mut cx),
            Call::Ready(readiness) => handler.ready(&mut cx, readiness),
            Call::Command(command) => handler.command(&mut cx, command),
            Call::Timeout => handler.timeout(&mut cx),
            Call::Close => handler.close(&mut cx),
            Call::Shutdown => handler.shutdown(&mut cx),
        }));
        let (done, deadline) = match outcome {
            Ok(()) => (handler.is_done(), handler.deadline()),
            Err(_) => {
                report_panic();
                (true, None)
            }
        };
        if done {
            self.remove(token);
        } else {
            self.set_deadline(token, deadline);
        }
        while let Some((token, handler)) = self.spawned.pop() {
            self.handlers.insert(token, handler);
            self.dispatch(token, Call::Start);
            if self.stopping {
                // Started during shutdown: it must finish too.
                self.dispatch(token, Call::Shutdown);
            }
        }
    }

    fn set_deadline(&mut self, token: Token, deadline: Option<Instant>) {
        let old = self.deadlines.get(&token).copied();
        if old == deadline {
            return;
        }
        if let Some(old) = old {
            self.timers.remove(&(old, token));
            self.deadlines.remove(&token);
        }
        if let Some(at) = deadline {
            self.timers.insert((at, token));
            self.deadlines.insert(token, at);
        }
    }

    fn remove(&mut self, token: Token) {
        self.handlers.remove(&token);
        self.set_deadline(token, None);
        self.routes.retain(|_, to| *to != token);
    }
}

fn report_panic() {
    static REPORTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    if !REPORTED.swap(true, Ordering::Relaxed) {
        eprintln!("oxzmq: I/O thread: a handler panicked and was dropped; the thread goes on");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;
    use std::time::Duration;

    type Log = Arc<Mutex<Vec<String>>>;

    /// A handler that records its calls and does what its name asks.
    struct Probe {
        name: &'static str,
        log: Log,
        deadline: Option<Instant>,
        spawn_child: bool,
        panic_on_timeout: bool,
        done: bool,
    }

    impl Probe {
        fn new(name: &'static str, log: &Log) -> Probe {
            Probe {
                name,
                log: log.clone(),
                deadline: None,
                spawn_child: false,
                panic_on_timeout: false,
                done: false,
            }
        }

        fn note(&self, what: &str) {
            self.log
                .lock()
                .unwrap()
                .push(format!("{} {what}", self.name));
        }
    }

    impl Handler for Probe {
        fn start(&mut self, cx: &mut Cx<'_>) {
            self.note("start");
            cx.route(PipeId(7));
            if self.spawn_child {
                let log = self.log.clone();
                cx.spawn(Box::new(Probe::new("child", &log)));
            }
        }
        fn ready(&mut self, _cx: &mut Cx<'_>, _readiness: Readiness) {
            self.note("ready");
        }
        fn command(&mut self, _cx: &mut Cx<'_>, command: Command) {
            self.note(&format!("{command:?}"));
        }
        fn timeout(&mut self, _cx: &mut Cx<'_>) {
            self.note("timeout");
            self.deadline = None;
            assert!(!self.panic_on_timeout, "a handler that panics");
        }
        fn deadline(&self) -> Option<Instant> {
            self.deadline
        }
        fn close(&mut self, _cx: &mut Cx<'_>) {
            self.note("close");
            self.done = true;
        }
        fn is_done(&self) -> bool {
            self.done
        }
    }

    fn reactor() -> Reactor {
        let mailbox = Arc::new(Mailbox::new().unwrap());
        let tokens = Arc::new(Tokens::default());
        tokens.next();
        Reactor::new(Poll::new().unwrap(), mailbox, tokens).unwrap()
    }

    fn take(log: &Log) -> Vec<String> {
        std::mem::take(&mut *log.lock().unwrap())
    }

    #[test]
    fn starts_spawns_routes_and_times_out() {
        let log = Log::default();
        let mut reactor = reactor();
        let mut events = Events::with_capacity(8);
        let mut probe = Probe::new("a", &log);
        probe.spawn_child = true;
        probe.deadline = Some(Instant::now() + Duration::from_millis(20));
        let token = reactor.tokens.next();
        reactor.add(token, Box::new(probe));
        assert_eq!(take(&log), ["a start", "child start"]);
        assert_eq!(reactor.handler_count(), 2);
        // The poll sleeps until the deadline, then the handler is told.
        let start = Instant::now();
        while take(&log).is_empty() {
            reactor.turn(&mut events).unwrap();
        }
        assert!(start.elapsed() >= Duration::from_millis(15));
        // Commands for a routed pipe reach the handler that routed it last (the
        // child routed pipe 7 after its parent).
        reactor.mailbox.send(Command::ActivateRead(PipeId(7)));
        reactor.mailbox.send(Command::ActivateRead(PipeId(8)));
        reactor.turn(&mut events).unwrap();
        assert_eq!(take(&log), ["child ActivateRead(PipeId(7))"]);
        reactor.close(token);
        assert_eq!(take(&log), ["a close"]);
        assert_eq!(reactor.handler_count(), 1);
        assert!(!reactor.finished());
        reactor.stop();
        assert_eq!(take(&log), ["child close"]);
        assert!(reactor.finished());
    }

    #[test]
    fn a_handler_that_panics_is_dropped() {
        let log = Log::default();
        let mut reactor = reactor();
        let mut events = Events::with_capacity(8);
        let mut probe = Probe::new("p", &log);
        probe.panic_on_timeout = true;
        probe.deadline = Some(Instant::now());
        let token = reactor.tokens.next();
        reactor.add(token, Box::new(probe));
        reactor.turn(&mut events).unwrap();
        assert_eq!(reactor.handler_count(), 0);
        assert!(reactor.routes.is_empty(), "its routes went with it");
        assert_eq!(take(&log), ["p start", "p timeout"]);
    }
}

//! The socket core: what every socket type shares.
//!
//! A [`Socket`] owns its pipes (`PipeSet`), its options and its pattern logic
//! (`Pattern`), and is used by one thread at a time (libzmq's contract), so nothing
//! here is locked. Other threads reach it only through its [`Mailbox`]. On the message
//! path the socket looks at the mailbox with one relaxed load, hands the message to the
//! pattern, and blocks in the mailbox only when the pattern cannot proceed.

mod fair_queue;
mod kind;
mod load_balancer;
mod monitoring;
mod network;
mod pair;
mod pattern;
mod pipe_set;
mod push_pull;
mod rotation;

use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::ctx::CtxShared;
use crate::ctx::command::Command;
use crate::ctx::mailbox::Mailbox;
use crate::ctx::options::CtxOptions;
use crate::ctx::yielder::Yielder;
use crate::engine::SocketLink;
use crate::error::{Error, Result};
use crate::msg::Msg;
use crate::options::{self, Options};
use crate::transport::inproc::Peer;
use crate::transport::{Endpoint, Transport};

pub use kind::SocketType;
use pattern::Pattern;
use pipe_set::PipeSet;

/// `ZMQ_DONTWAIT`: fail with `EAGAIN` instead of blocking.
pub const DONTWAIT: i32 = 1;
/// `ZMQ_SNDMORE`: more parts of this message follow.
pub const SNDMORE: i32 = 2;

/// `ZMQ_POLLIN`.
pub const POLLIN: i16 = 1;
/// `ZMQ_POLLOUT`.
pub const POLLOUT: i16 = 2;

/// How many times a blocking receive polls its pipes, pausing between looks, before
/// it polls them between yields of its CPU, and then arms them and sleeps.
const RECV_SPIN_ROUNDS: u32 = 16;
/// How many times it then polls them between yields.
const RECV_YIELD_ROUNDS: u32 = 16;
/// Pause instructions between two looks at the pipes while spinning.
const RECV_SPIN_PAUSES: u32 = 4;

const OPT_RCVMORE: i32 = 13;
const OPT_FD: i32 = 14;
const OPT_EVENTS: i32 = 15;
const OPT_THREAD_SAFE: i32 = 81;

/// Options of features oxzmq does not build (GSSAPI, NORM, WSS, VMCI) are refused
/// with `EINVAL`, as by a libzmq built without them.
fn refuse_unbuilt(option: i32) -> Result<()> {
    match options::required_feature(option) {
        Some(_) => Err(Error::Invalid),
        None => Ok(()),
    }
}

/// A ZeroMQ socket.
pub struct Socket {
    ctx: Arc<CtxShared>,
    id: u64,
    kind: SocketType,
    mailbox: Arc<Mailbox>,
    options: Options,
    pattern: Box<dyn Pattern>,
    pipes: PipeSet,
    /// Endpoints this socket bound (as given, and as `ZMQ_LAST_ENDPOINT` shows them).
    bound: Vec<String>,
    /// The last part received had `more` set.
    rcvmore: bool,
    /// The context is terminating: calls fail with `ETERM`.
    ctx_terminated: bool,
    /// Reused buffer for draining the mailbox.
    commands: Vec<Command>,
    /// `tcp://` and `ipc://` endpoints.
    net: network::Network,
    /// Whether a blocking receive yields while it waits (see `recv_into`).
    yielder: Yielder,
}

impl Socket {
    pub(crate) fn new(
        ctx: Arc<CtxShared>,
        id: u64,
        kind: SocketType,
        mailbox: Arc<Mailbox>,
        defaults: &CtxOptions,
    ) -> Socket {
        let pattern: Box<dyn Pattern> = match kind {
            SocketType::Pair => Box::<pair::Pair>::default(),
            SocketType::Push => Box::<push_pull::Push>::default(),
            SocketType::Pull => Box::<push_pull::Pull>::default(),
        };
        let mut options = Options::new(kind.raw());
        // The context's ZMQ_IPV6 is the default of its sockets; with ZMQ_BLOCKY off,
        // so is a linger of 0.
        let _ = options.set(options::IPV6, &i32::from(defaults.ipv6).to_ne_bytes());
        if !defaults.blocky {
            options.linger = 0;
        }
        let link = Arc::new(SocketLink::new(mailbox.clone(), options.linger));
        Socket {
            ctx,
            id,
            kind,
            mailbox,
            options,
            pattern,
            pipes: PipeSet::default(),
            bound: Vec::new(),
            rcvmore: false,
            ctx_terminated: false,
            commands: Vec::new(),
            net: network::Network::new(link),
            yielder: Yielder::new(),
        }
    }

    /// The socket type.
    pub fn kind(&self) -> SocketType {
        self.kind
    }

    /// Send one part (`zmq_msg_send`). On success the part is taken out of `msg`;
    /// on failure it stays there, as libzmq leaves the message to the caller.
    pub fn send(&mut self, msg: &mut Msg, flags: i32) -> Result<()> {
        self.process_commands()?;
        msg.set_more(flags & SNDMORE != 0);
        match self.pattern.send(msg, &mut self.pipes) {
            Err(Error::Again) => {}
            other => return other,
        }
        let timeout = self.options.sndtimeo;
        if flags & DONTWAIT != 0 || timeout == 0 {
            return Err(Error::Again);
        }
        let deadline = deadline_after(timeout);
        loop {
            self.wait_commands(deadline)?;
            match self.pattern.send(msg, &mut self.pipes) {
                Err(Error::Again) => {}
                other => return other,
            }
        }
    }

    /// Receive one part (`zmq_recv`).
    pub fn recv(&mut self, flags: i32) -> Result<Msg> {
        let mut msg = Msg::new();
        self.recv_into(&mut msg, flags)?;
        Ok(msg)
    }

    /// Receive one part into `out`, replacing its content (`zmq_msg_recv`). On
    /// failure `out` is left as it was.
    pub fn recv_into(&mut self, out: &mut Msg, flags: i32) -> Result<()> {
        self.process_commands()?;
        if self.try_recv(out)? {
            return Ok(());
        }
        let timeout = self.options.rcvtimeo;
        if flags & DONTWAIT != 0 || timeout == 0 {
            // Arm the pipes so `ZMQ_FD` fires when data comes, as after a failed
            // non-blocking receive in libzmq; data that raced in is taken now.
            if self.pattern.has_in(&mut self.pipes) && self.try_recv(out)? {
                return Ok(());
            }
            self.sweep_dead();
            return Err(Error::Again);
        }
        let deadline = deadline_after(timeout);
        loop {
            // A busy peer usually publishes again within a microsecond or two:
            // polling the pipes briefly spares both sides the wake-up command.
            for round in 0..RECV_SPIN_ROUNDS + RECV_YIELD_ROUNDS {
                if self.mailbox.has_pending() {
                    break;
                }
                if self.try_recv(out)? {
                    return Ok(());
                }
                if round < RECV_SPIN_ROUNDS {
                    // Look at the pipes only now and then: each look pulls the
                    // writer's cache line over, and a writer that keeps its line
                    // publishes faster.
                    for _ in 0..RECV_SPIN_PAUSES {
                        std::hint::spin_loop();
                    }
                } else if self.yielder.may_yield() {
                    // The writer may share our CPU: let it run. Unless other tasks
                    // take the CPU instead (see `Yielder`): then sleep at once.
                    let start = self.yielder.yield_now();
                    let late = self.yielder.was_late(start);
                    if self.try_recv(out)? {
                        return Ok(());
                    }
                    if late {
                        break;
                    }
                } else {
                    break;
                }
            }
            // Arm every empty pipe, then sleep until a command (such as the
            // `ActivateRead` that arming asks for) arrives.
            if !self.pattern.has_in(&mut self.pipes) {
                self.sweep_dead();
                self.wait_commands(deadline)?;
            } else {
                self.process_commands()?;
            }
            if self.try_recv(out)? {
                return Ok(());
            }
        }
    }

    #[inline]
    fn try_recv(&mut self, out: &mut Msg) -> Result<bool> {
        let outcome = self.pattern.recv(out, &mut self.pipes);
        self.sweep_dead();
        match outcome {
            Ok(()) => {
                self.rcvmore = out.more();
                Ok(true)
            }
            Err(Error::Again) => Ok(false),
            Err(err) => Err(err),
        }
    }

    /// Block until a command arrives (or `deadline`), then process commands.
    fn wait_commands(&mut self, deadline: Option<Instant>) -> Result<()> {
        if !self.mailbox.wait(deadline)? {
            return Err(Error::Again);
        }
        self.process_commands()
    }

    /// Handle every pending command. Fails with `ETERM` once the context terminates.
    /// On the message path this is two loads and two branches.
    #[inline]
    fn process_commands(&mut self) -> Result<()> {
        if self.mailbox.has_pending() {
            self.drain_mailbox();
        }
        if self.ctx_terminated {
            return Err(Error::Terminated);
        }
        Ok(())
    }

    #[cold]
    #[inline(never)]
    fn drain_mailbox(&mut self) {
        let mut commands = std::mem::take(&mut self.commands);
        self.mailbox.take_all(&mut commands);
        for command in commands.drain(..) {
            self.handle(command);
        }
        self.commands = commands;
        self.sweep_dead();
    }

    fn handle(&mut self, command: Command) {
        match command {
            Command::Attach(pipe) => {
                self.attach(*pipe);
            }
            Command::ActivateRead(id) => {
                if let Some(slot) = self.pipes.slot_of(id) {
                    self.pattern.read_activated(slot);
                }
            }
            Command::ActivateWrite(id) => {
                if let Some(slot) = self.pipes.slot_of(id) {
                    self.pattern.write_activated(slot);
                }
            }
            Command::Hangup(id) => {
                if let Some(slot) = self.pipes.slot_of(id) {
                    let pipe = self.pipes.get_mut(slot);
                    pipe.set_peer_gone();
                    if pipe.is_dead() {
                        self.pattern.detach(slot);
                        self.pipes.remove(slot);
                    }
                }
            }
            Command::Stop => self.ctx_terminated = true,
            Command::EndpointGone(setup) => self.net.forget(&setup),
        }
    }

    /// Take a new pipe; `false` if the pattern refused it (it is dropped, which
    /// hangs up on its peer) or its network endpoint is gone.
    fn attach(&mut self, pipe: crate::pipe::PipeEnd) -> bool {
        if !self.net.admits(pipe.endpoint()) {
            return false;
        }
        let slot = self.pipes.insert(pipe);
        if !self.pattern.attach(slot, &mut self.pipes) {
            self.pipes.remove(slot);
            return false;
        }
        // The pattern may have let a dead pipe go to make room (PAIR).
        self.sweep_dead();
        true
    }

    #[inline]
    fn sweep_dead(&mut self) {
        if self.pipes.has_dead() {
            self.remove_dead();
        }
    }

    #[cold]
    #[inline(never)]
    fn remove_dead(&mut self) {
        for slot in self.pipes.take_dead() {
            self.pattern.detach(slot);
            self.pipes.remove(slot);
        }
    }

    fn inproc_peer(&self) -> Peer {
        Peer {
            socket_id: self.id,
            mailbox: self.mailbox.clone(),
            sndhwm: self.options.sndhwm,
            rcvhwm: self.options.rcvhwm,
            conflate: self.options.conflate && self.kind.honours_conflate(),
        }
    }

    /// `zmq_bind`.
    pub fn bind(&mut self, uri: &str) -> Result<()> {
        self.process_commands()?;
        let endpoint = Endpoint::parse(uri)?;
        match endpoint.transport {
            Transport::Inproc => {
                let peer = self.inproc_peer();
                let waiting = self.ctx.lock().inproc.bind(endpoint.address, peer)?;
                for pipe in waiting {
                    self.attach(pipe);
                }
                self.bound.push(uri.to_owned());
                self.options.last_endpoint = uri.to_owned();
                Ok(())
            }
            Transport::Tcp | Transport::Ipc => self.bind_network(endpoint),
            Transport::NotBuilt => Err(Error::ProtocolNotSupported),
        }
    }

    /// `zmq_connect`.
    pub fn connect(&mut self, uri: &str) -> Result<()> {
        self.process_commands()?;
        let endpoint = Endpoint::parse(uri)?;
        match endpoint.transport {
            Transport::Inproc => {
                let peer = self.inproc_peer();
                let mut pipe = self.ctx.lock().inproc.connect(endpoint.address, peer);
                pipe.set_endpoint(uri);
                self.attach(pipe);
                self.options.last_endpoint = uri.to_owned();
                Ok(())
            }
            Transport::Tcp | Transport::Ipc => self.connect_network(uri, endpoint),
            Transport::NotBuilt => Err(Error::ProtocolNotSupported),
        }
    }

    /// `zmq_unbind`.
    pub fn unbind(&mut self, uri: &str) -> Result<()> {
        self.process_commands()?;
        let endpoint = Endpoint::parse(uri)?;
        if matches!(endpoint.transport, Transport::Tcp | Transport::Ipc) {
            return self.term_network(uri, endpoint);
        }
        let index = self
            .bound
            .iter()
            .position(|b| b == uri)
            .ok_or(Error::NotFound)?;
        if endpoint.transport == Transport::Inproc {
            self.ctx.lock().inproc.unbind(endpoint.address, self.id)?;
        }
        self.bound.remove(index);
        Ok(())
    }

    /// `zmq_disconnect`.
    pub fn disconnect(&mut self, uri: &str) -> Result<()> {
        self.process_commands()?;
        let endpoint = Endpoint::parse(uri)?;
        if matches!(endpoint.transport, Transport::Tcp | Transport::Ipc) {
            return self.term_network(uri, endpoint);
        }
        let slots = self.pipes.slots_for_endpoint(uri);
        if slots.is_empty() {
            return Err(Error::NotFound);
        }
        if endpoint.transport == Transport::Inproc {
            self.ctx
                .lock()
                .inproc
                .cancel_pending(endpoint.address, self.id);
        }
        for slot in slots {
            self.pattern.detach(slot);
            self.pipes.remove(slot);
        }
        Ok(())
    }

    /// `zmq_setsockopt`. `None` is a NULL value pointer, which libzmq treats apart
    /// from an empty value for a few options.
    pub fn set_option(&mut self, option: i32, value: Option<&[u8]>) -> Result<()> {
        self.process_commands()?;
        refuse_unbuilt(option)?;
        self.options.set_nullable(option, value)?;
        if option == options::LINGER {
            self.net.set_linger(self.options.linger);
        }
        if option == options::SNDHWM || option == options::RCVHWM {
            // libzmq applies new marks to the pipes it already has.
            for pipe in self.pipes.iter_mut() {
                pipe.apply_own_hwms(self.options.sndhwm, self.options.rcvhwm);
            }
        }
        Ok(())
    }

    /// `zmq_getsockopt`: writes into `out`, returns the length written.
    pub fn get_option(&mut self, option: i32, out: &mut [u8]) -> Result<usize> {
        if option == OPT_FD {
            // As libzmq, reading `ZMQ_FD` processes no commands: one taken here would
            // leave the descriptor quiet although the socket changed.
            if self.ctx_terminated {
                return Err(Error::Terminated);
            }
            return options::codec::put_int_at_least(out, self.fd());
        }
        self.process_commands()?;
        refuse_unbuilt(option)?;
        let live = match option {
            OPT_RCVMORE => self.rcvmore as i32,
            OPT_EVENTS => self.events()? as i32,
            OPT_THREAD_SAFE => 0,
            _ => return self.options.get(option, out),
        };
        // libzmq writes these into any buffer of at least an int.
        options::codec::put_int_at_least(out, live)
    }

    /// `ZMQ_EVENTS`: `POLLIN`/`POLLOUT` readiness, after processing pending commands
    /// (which is what re-arms `ZMQ_FD`).
    pub fn events(&mut self) -> Result<i16> {
        self.process_commands()?;
        let mut events = 0;
        if self.pattern.has_in(&mut self.pipes) {
            events |= POLLIN;
        }
        self.sweep_dead();
        if self.pattern.has_out(&mut self.pipes) {
            events |= POLLOUT;
        }
        Ok(events)
    }

    /// `ZMQ_FD`: readable whenever the socket may have become ready; the application
    /// then reads `ZMQ_EVENTS`.
    pub fn fd(&self) -> i32 {
        self.mailbox.expose_fd()
    }

    /// Whether the last part received had more parts after it (`ZMQ_RCVMORE`).
    pub fn rcvmore(&self) -> bool {
        self.rcvmore
    }
}

impl Drop for Socket {
    fn drop(&mut self) {
        // Leave the inproc registry first: connects post their pipes under the
        // context lock, so after this nothing new can reach our mailbox from inproc.
        self.ctx.lock().inproc.forget_socket(self.id);
        // From now on commands to the socket are dropped: a pipe offered later hangs
        // up on its engine instead of waiting forever in a dead mailbox.
        let leftovers = self.mailbox.close();
        // Dropping the pipes hangs up on every peer. Inproc messages already written
        // stay readable by the peers; network engines deliver what is queued within
        // ZMQ_LINGER, and context termination waits for them.
        self.pipes.clear();
        self.net.close_all();
        self.stop_monitor();
        drop(leftovers);
        self.ctx.socket_closed(self.id);
    }
}

fn deadline_after(timeout_ms: i32) -> Option<Instant> {
    (timeout_ms > 0).then(|| Instant::now() + Duration::from_millis(timeout_ms as u64))
}

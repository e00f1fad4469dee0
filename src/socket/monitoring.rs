//! The socket's side of the monitor: starting and stopping it
//! (`zmq_socket_monitor`, `zmq_socket_monitor_versioned`), pipe statistics
//! (`zmq_socket_monitor_pipes_stats`), and the events the socket's own thread raises
//! (`LISTENING`, and `CLOSED` then `BIND_FAILED` for a bind that fails). The monitor itself is [`crate::monitor`]; the I/O
//! threads raise their events through [`crate::engine::monitoring`].

use super::{Socket, SocketType};
use crate::ctx::Context;
use crate::error::{Error, Result};
use crate::monitor::event::{self, int_value};
use crate::monitor::{Endpoints, Version};
use crate::options;
use crate::transport::{Endpoint, ListenFailure, Transport};

/// `ZMQ_PAIR`, `ZMQ_PUB`, `ZMQ_PUSH`: the socket types libzmq lets a monitor publish
/// on (one-way types that keep a message's parts together).
const MONITOR_TYPES: [i32; 3] = [0, 1, 8];

impl Socket {
    /// Start monitoring on the inproc `endpoint` (`None`: stop), publishing `events`
    /// in format `version` from a socket of type `monitor_type`. A monitor already
    /// running is stopped first (it sends `MONITOR_STOPPED`).
    pub fn monitor(
        &mut self,
        endpoint: Option<&str>,
        events: u64,
        version: i32,
        monitor_type: i32,
    ) -> Result<()> {
        self.process_commands()?;
        // As libzmq: version 1 with a later event is refused even when stopping.
        let version = Version::from_raw(version);
        if version.is_some_and(|v| !v.admits(events)) {
            return Err(Error::Invalid);
        }
        let Some(endpoint) = endpoint else {
            drop(self.net.monitor().stop());
            return Ok(());
        };
        // A format that does not exist: libzmq would publish nothing in it.
        let version = version.ok_or(Error::Invalid)?;
        if Endpoint::parse(endpoint)?.transport != Transport::Inproc {
            return Err(Error::ProtocolNotSupported);
        }
        drop(self.net.monitor().stop());
        if !MONITOR_TYPES.contains(&monitor_type) {
            return Err(Error::Invalid);
        }
        // A type libzmq allows that oxzmq has not built yet (PUB) is refused as a
        // feature this build lacks.
        SocketType::from_raw(monitor_type).map_err(|_| Error::NotSupported)?;
        let ctx = Context::from_shared(self.ctx.clone());
        let mut publisher = ctx.socket(monitor_type)?;
        // Pending events never hold up closing or context termination.
        publisher.set_option(options::LINGER, Some(&0i32.to_ne_bytes()))?;
        publisher.bind(endpoint)?;
        drop(self.net.monitor().start(publisher, events, version));
        Ok(())
    }

    /// Raise one `PIPES_STATS` event per pipe: messages queued outbound and
    /// inbound. `EINVAL` unless the monitor asked for that event, `EAGAIN` without
    /// pipes, as libzmq.
    pub fn monitor_pipes_stats(&mut self) -> Result<()> {
        if !self.net.monitor().wants(event::PIPES_STATS) {
            return Err(Error::Invalid);
        }
        self.process_commands()?;
        let mut stats = Vec::new();
        for pipe in self.pipes.iter_mut() {
            let (outbound, inbound) = pipe.queue_counts();
            let endpoints = match (pipe.connection(), pipe.endpoint()) {
                // A pipe made at a handshake: its connection's endpoints.
                (Some(connection), _) => connection.clone(),
                // Made at an inproc bind or connect, or at zmq_connect.
                (None, Some(e)) if self.net.binds(e) || self.bound.iter().any(|b| b == e) => {
                    Endpoints::bound(e)
                }
                (None, Some(e)) => Endpoints::connecting(e),
                (None, None) => Endpoints::default(),
            };
            stats.push(([outbound, inbound], endpoints));
        }
        if stats.is_empty() {
            return Err(Error::Again);
        }
        for (values, endpoints) in stats {
            self.net
                .monitor()
                .emit(event::PIPES_STATS, &values, &endpoints);
        }
        Ok(())
    }

    /// `zmq_bind` of a network endpoint failed: as libzmq, first the descriptor it
    /// had opened is reported closed (if it got that far), then `BIND_FAILED` with
    /// the errno, naming the endpoint by its `address` alone, without the `tcp://`
    /// or `ipc://` in front.
    pub(super) fn monitor_bind_failed(&self, address: &str, failure: &ListenFailure) {
        let monitor = self.net.monitor();
        if let Some((fd, name)) = &failure.closed {
            monitor.emit_one(event::CLOSED, int_value(*fd), &Endpoints::bound(name));
        }
        let value = int_value(failure.error.errno());
        monitor.emit_one(event::BIND_FAILED, value, &Endpoints::bound(address));
    }

    /// The socket listens on `resolved` with descriptor `fd`.
    pub(super) fn monitor_listening(&self, resolved: &str, fd: i32) {
        let endpoints = Endpoints::bound(resolved);
        self.net
            .monitor()
            .emit_one(event::LISTENING, int_value(fd), &endpoints);
    }

    /// The socket closes: its monitor sends `MONITOR_STOPPED` and goes (after the
    /// socket's listeners have reported `CLOSED`).
    pub(super) fn stop_monitor(&self) {
        drop(self.net.monitor().stop());
    }
}

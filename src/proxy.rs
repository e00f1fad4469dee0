//! The built-in proxy (`zmq_proxy`, `zmq_proxy_steerable`, `zmq_device`): shuttle
//! whole messages between a frontend and a backend socket, copying each to an optional
//! capture socket, under the optional control of a steering socket.
//!
//! A direction forwards only when its source has a message and its destination can
//! take one, so a slow side never makes the proxy block on the other; when neither
//! direction can move, the proxy sleeps until the missing half of one of them appears.

use crate::error::{Error, Result};
use crate::msg::Msg;
use crate::poll::{POLLIN, POLLOUT, PollEntry, poll_entries};
use crate::socket::{DONTWAIT, SNDMORE, Socket};

/// Messages moved per direction before the proxy looks at the other direction and at
/// its control socket again, so one busy side cannot starve the rest.
const BATCH: usize = 1000;

/// The sockets a proxy works with. They must be distinct sockets.
pub struct ProxySockets<'a> {
    /// Where clients connect.
    pub frontend: &'a mut Socket,
    /// Where services connect; `None` when the frontend plays both roles (libzmq's
    /// single-socket proxy: what arrives goes back out of the same socket).
    pub backend: Option<&'a mut Socket>,
    /// Receives a copy of every message part, both ways.
    pub capture: Option<&'a mut Socket>,
    /// Steering commands: `PAUSE`, `RESUME`, `TERMINATE`, `STATISTICS`.
    pub control: Option<&'a mut Socket>,
}

/// Message and byte counts, as `STATISTICS` reports them.
#[derive(Default, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stats {
    /// Messages received on the frontend (whole messages, as libzmq counts).
    pub frontend_in_msgs: u64,
    /// Bytes received on the frontend.
    pub frontend_in_bytes: u64,
    /// Messages sent on the frontend.
    pub frontend_out_msgs: u64,
    /// Bytes sent on the frontend.
    pub frontend_out_bytes: u64,
    /// Messages received on the backend.
    pub backend_in_msgs: u64,
    /// Bytes received on the backend.
    pub backend_in_bytes: u64,
    /// Messages sent on the backend.
    pub backend_out_msgs: u64,
    /// Bytes sent on the backend.
    pub backend_out_bytes: u64,
}

impl Stats {
    fn as_array(&self) -> [u64; 8] {
        [
            self.frontend_in_msgs,
            self.frontend_in_bytes,
            self.frontend_out_msgs,
            self.frontend_out_bytes,
            self.backend_in_msgs,
            self.backend_in_bytes,
            self.backend_out_msgs,
            self.backend_out_bytes,
        ]
    }
}

impl ProxySockets<'_> {
    /// The frontend (`true`) or the backend.
    fn side(&mut self, front: bool) -> &mut Socket {
        match (front, self.backend.as_deref_mut()) {
            (false, Some(backend)) => backend,
            _ => self.frontend,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Active,
    Paused,
    Terminated,
}

/// Which way a message moves.
#[derive(Clone, Copy)]
enum Direction {
    FrontToBack,
    BackToFront,
}

/// Run the proxy until `TERMINATE` arrives on the control socket (`Ok`) or an error
/// ends it (`ETERM` when the context terminates, as libzmq returns).
pub fn run(mut sockets: ProxySockets<'_>) -> Result<()> {
    let mut state = State::Active;
    let mut stats = Stats::default();
    loop {
        if let Some(control) = sockets.control.as_deref_mut() {
            state = steer(control, state, &stats)?;
        }
        if state == State::Terminated {
            return Ok(());
        }
        let single = sockets.backend.is_none();
        let front = sockets.frontend.events()?;
        let back = match sockets.backend.as_deref_mut() {
            Some(backend) => backend.events()?,
            None => front,
        };
        let mut moved = false;
        if state == State::Active {
            if front & POLLIN != 0 && back & POLLOUT != 0 {
                forward(&mut sockets, Direction::FrontToBack, &mut stats)?;
                moved = true;
            }
            if !single && back & POLLIN != 0 && front & POLLOUT != 0 {
                forward(&mut sockets, Direction::BackToFront, &mut stats)?;
                moved = true;
            }
        }
        if !moved {
            wait(&mut sockets, state, front, back)?;
        }
    }
}

/// Handle pending control commands; returns the new state.
fn steer(control: &mut Socket, mut state: State, stats: &Stats) -> Result<State> {
    loop {
        let command = match control.recv(DONTWAIT) {
            Ok(msg) => msg,
            Err(Error::Again) => return Ok(state),
            Err(err) => return Err(err),
        };
        match command.data() {
            b"PAUSE" => state = State::Paused,
            b"RESUME" => state = State::Active,
            b"TERMINATE" => return Ok(State::Terminated),
            b"STATISTICS" => {
                let values = stats.as_array();
                for (i, value) in values.iter().enumerate() {
                    let more = if i + 1 < values.len() { SNDMORE } else { 0 };
                    control.send(&mut Msg::from_slice(&value.to_ne_bytes()), more)?;
                }
            }
            // libzmq ignores what it does not understand; so do we.
            _ => {}
        }
    }
}

/// Move up to [`BATCH`] whole messages one way.
fn forward(sockets: &mut ProxySockets<'_>, direction: Direction, stats: &mut Stats) -> Result<()> {
    let from_front = matches!(direction, Direction::FrontToBack);
    for _ in 0..BATCH {
        loop {
            let mut part = match sockets.side(from_front).recv(DONTWAIT) {
                Ok(part) => part,
                // Only between messages: parts of one message arrive together.
                Err(Error::Again) => return Ok(()),
                Err(err) => return Err(err),
            };
            let more = part.more();
            let size = part.len() as u64;
            let flags = if more { SNDMORE } else { 0 };
            if let Some(capture) = sockets.capture.as_deref_mut() {
                capture.send(&mut part.shared_copy(), flags)?;
            }
            sockets.side(!from_front).send(&mut part, flags)?;
            count(stats, direction, size, !more);
            if !more {
                break;
            }
        }
        if sockets.side(from_front).events()? & POLLIN == 0
            || sockets.side(!from_front).events()? & POLLOUT == 0
        {
            return Ok(());
        }
    }
    Ok(())
}

/// Count a part: bytes for every part, a message for the last part of each (libzmq
/// counts whole messages).
fn count(stats: &mut Stats, direction: Direction, size: u64, last: bool) {
    let whole = u64::from(last);
    match direction {
        Direction::FrontToBack => {
            stats.frontend_in_msgs += whole;
            stats.frontend_in_bytes += size;
            stats.backend_out_msgs += whole;
            stats.backend_out_bytes += size;
        }
        Direction::BackToFront => {
            stats.backend_in_msgs += whole;
            stats.backend_in_bytes += size;
            stats.frontend_out_msgs += whole;
            stats.frontend_out_bytes += size;
        }
    }
}

/// Sleep until the missing half of a direction (its source's `POLLIN` or its
/// destination's `POLLOUT`) or a control command may have arrived.
fn wait(sockets: &mut ProxySockets<'_>, state: State, front: i16, back: i16) -> Result<()> {
    let (mut want_front, mut want_back) = (0, 0);
    if state == State::Active {
        // Front to back: wait for the frontend's input, or else the backend's room.
        if front & POLLIN == 0 {
            want_front |= POLLIN;
        } else {
            want_back |= POLLOUT;
        }
        // Back to front: likewise.
        if back & POLLIN == 0 {
            want_back |= POLLIN;
        } else {
            want_front |= POLLOUT;
        }
    }
    let single = sockets.backend.is_none();
    if single {
        // One socket in both roles: what either role waits for, it waits for.
        want_front |= want_back;
        want_back = 0;
    }
    let mut entries = vec![PollEntry {
        fd: sockets.frontend.fd(),
        socket: true,
        events: want_front,
        revents: 0,
    }];
    if let Some(backend) = sockets.backend.as_deref() {
        entries.push(PollEntry {
            fd: backend.fd(),
            socket: true,
            events: want_back,
            revents: 0,
        });
    }
    let control_index = entries.len();
    if let Some(control) = sockets.control.as_deref() {
        entries.push(PollEntry {
            fd: control.fd(),
            socket: true,
            events: POLLIN,
            revents: 0,
        });
    }
    poll_entries(&mut entries, -1, None, |i| {
        if i == control_index {
            match sockets.control.as_deref_mut() {
                Some(control) => control.events(),
                None => Ok(0),
            }
        } else {
            sockets.side(i == 0).events()
        }
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Context;

    const PAIR: i32 = 0;
    const PULL: i32 = 7;
    const PUSH: i32 = 8;

    fn connected(ctx: &Context, kind_a: i32, kind_b: i32, name: &str) -> (Socket, Socket) {
        let mut a = ctx.socket(kind_a).unwrap();
        let mut b = ctx.socket(kind_b).unwrap();
        a.bind(&format!("inproc://{name}")).unwrap();
        b.connect(&format!("inproc://{name}")).unwrap();
        (a, b)
    }

    #[test]
    fn streams_messages_and_obeys_control() {
        let ctx = Context::new();
        // client PUSH -> frontend PULL ; backend PUSH -> worker PULL
        let (mut frontend, mut client) = connected(&ctx, PULL, PUSH, "front");
        let (mut backend, mut worker) = connected(&ctx, PUSH, PULL, "back");
        let (mut control, mut steering) = connected(&ctx, PAIR, PAIR, "control");
        let (mut capture, mut tap) = connected(&ctx, PUSH, PULL, "capture");

        let proxy = std::thread::scope(|scope| {
            let handle = scope.spawn(|| {
                run(ProxySockets {
                    frontend: &mut frontend,
                    backend: Some(&mut backend),
                    capture: Some(&mut capture),
                    control: Some(&mut control),
                })
            });
            for i in 0..10u8 {
                client.send(&mut Msg::from_slice(&[i]), SNDMORE).unwrap();
                client.send(&mut Msg::from_slice(b"tail"), 0).unwrap();
            }
            for i in 0..10u8 {
                assert_eq!(worker.recv(0).unwrap().data(), &[i]);
                let tail = worker.recv(0).unwrap();
                assert_eq!(tail.data(), b"tail");
                assert!(!tail.more());
                assert_eq!(tap.recv(0).unwrap().data(), &[i]);
                assert_eq!(tap.recv(0).unwrap().data(), b"tail");
            }
            steering
                .send(&mut Msg::from_slice(b"STATISTICS"), 0)
                .unwrap();
            let mut values = Vec::new();
            loop {
                let part = steering.recv(0).unwrap();
                values.push(u64::from_ne_bytes(part.data().try_into().unwrap()));
                if !part.more() {
                    break;
                }
            }
            assert_eq!(values, vec![10, 50, 0, 0, 0, 0, 10, 50]);
            steering
                .send(&mut Msg::from_slice(b"TERMINATE"), 0)
                .unwrap();
            handle.join().unwrap()
        });
        assert_eq!(proxy, Ok(()));
    }

    #[test]
    fn one_socket_in_both_roles_echoes() {
        let ctx = Context::new();
        let (mut echo, mut client) = connected(&ctx, PAIR, PAIR, "single");
        let (mut control, mut steering) = connected(&ctx, PAIR, PAIR, "single-control");
        let outcome = std::thread::scope(|scope| {
            let handle = scope.spawn(|| {
                run(ProxySockets {
                    frontend: &mut echo,
                    backend: None,
                    capture: None,
                    control: Some(&mut control),
                })
            });
            for i in 0..5u8 {
                client.send(&mut Msg::from_slice(&[i]), 0).unwrap();
                assert_eq!(client.recv(0).unwrap().data(), &[i]);
            }
            steering
                .send(&mut Msg::from_slice(b"TERMINATE"), 0)
                .unwrap();
            handle.join().unwrap()
        });
        assert_eq!(outcome, Ok(()));
    }

    #[test]
    fn context_shutdown_ends_proxy_with_eterm() {
        let ctx = Context::new();
        let (mut frontend, _client) = connected(&ctx, PULL, PUSH, "f2");
        let (mut backend, _worker) = connected(&ctx, PUSH, PULL, "b2");
        let outcome = std::thread::scope(|scope| {
            let handle = scope.spawn(|| {
                run(ProxySockets {
                    frontend: &mut frontend,
                    backend: Some(&mut backend),
                    capture: None,
                    control: None,
                })
            });
            ctx.shutdown();
            handle.join().unwrap()
        });
        assert_eq!(outcome, Err(Error::Terminated));
    }
}

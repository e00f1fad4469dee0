//! `inproc://`: sockets of one context joined directly by a pipe, no I/O thread.
//!
//! The context keeps a [`Registry`] of bound names. A connect to a bound name makes a
//! pipe at once and posts the binder's end to it (`Attach`). A connect before the bind
//! also makes the pipe at once, so the connecting socket can queue messages; the
//! binder's end waits here and is attached when the name is bound, with the
//! high-water marks recomputed from both sockets' options.

use std::collections::HashMap;
use std::sync::Arc;

use crate::ctx::command::Command;
use crate::ctx::mailbox::Mailbox;
use crate::error::{Error, Result};
use crate::pipe::{self, Flow, HwmBoost, PipeEnd, combined_hwm};

/// What the registry needs to know of a socket joining an endpoint.
#[derive(Clone)]
pub struct Peer {
    /// The socket's id in its context.
    pub socket_id: u64,
    /// The socket's mailbox.
    pub mailbox: Arc<Mailbox>,
    /// Its `ZMQ_SNDHWM`.
    pub sndhwm: i32,
    /// Its `ZMQ_RCVHWM`.
    pub rcvhwm: i32,
    /// Whether it conflates (`ZMQ_CONFLATE` on a type that honours it).
    pub conflate: bool,
}

/// A connect waiting for its bind: the binder's end of the pipe and the connector.
struct Pending {
    end: PipeEnd,
    connector: Peer,
}

/// The inproc names of one context.
#[derive(Default)]
pub struct Registry {
    bound: HashMap<String, Peer>,
    pending: HashMap<String, Vec<Pending>>,
}

/// One direction of an inproc pipe: libzmq sums the sender's send mark and the
/// receiver's receive mark; conflation makes it unlimited (the queue keeps one).
fn flow(from: &Peer, to: &Peer) -> Flow {
    let conflate = from.conflate || to.conflate;
    Flow {
        hwm: if conflate {
            0
        } else {
            combined_hwm(from.sndhwm, to.rcvhwm)
        },
        conflate,
        batch_wake: false,
    }
}

impl Registry {
    /// Bind `name` to `binder`. Returns the binder's ends of pipes from connects that
    /// were waiting for this name; the caller attaches them to itself.
    pub fn bind(&mut self, name: &str, binder: Peer) -> Result<Vec<PipeEnd>> {
        if self.bound.contains_key(name) {
            return Err(Error::AddrInUse);
        }
        let waiting = self.pending.remove(name).unwrap_or_default();
        let ends = waiting
            .into_iter()
            .map(|Pending { mut end, connector }| {
                let to_connector = flow(&binder, &connector).hwm;
                let from_connector = flow(&connector, &binder).hwm;
                end.set_hwms(to_connector, from_connector);
                end.set_boost(HwmBoost {
                    out: connector.rcvhwm,
                    inp: connector.sndhwm,
                });
                end.adopt(binder.mailbox.clone());
                end
            })
            .collect();
        self.bound.insert(name.to_owned(), binder);
        Ok(ends)
    }

    /// Connect `connector` to `name`. Returns the connector's end of the new pipe.
    /// Until a bind takes the name, the connector's marks count alone; the bind fixes
    /// the pipe's marks. (A connector that changes its marks after such a late bind
    /// applies its own marks alone, not knowing the binder's share.)
    pub fn connect(&mut self, name: &str, connector: Peer) -> PipeEnd {
        match self.bound.get(name) {
            Some(binder) => {
                let (mut mine, mut theirs) = pipe::pair(
                    connector.mailbox.clone(),
                    Some(binder.mailbox.clone()),
                    flow(&connector, binder),
                    flow(binder, &connector),
                );
                theirs.set_endpoint(&format!("inproc://{name}"));
                theirs.set_boost(HwmBoost {
                    out: connector.rcvhwm,
                    inp: connector.sndhwm,
                });
                mine.set_boost(HwmBoost {
                    out: binder.rcvhwm,
                    inp: binder.sndhwm,
                });
                binder.mailbox.send(Command::Attach(Box::new(theirs)));
                mine
            }
            None => {
                // The binder's options are unknown: use the connector's own marks for
                // now (libzmq does the same) and fix them at bind time.
                let provisional = |hwm: i32| Flow {
                    hwm: if connector.conflate { 0 } else { hwm as u64 },
                    conflate: connector.conflate,
                    batch_wake: false,
                };
                let (mine, mut theirs) = pipe::pair(
                    connector.mailbox.clone(),
                    None,
                    provisional(connector.sndhwm),
                    provisional(connector.rcvhwm),
                );
                theirs.set_endpoint(&format!("inproc://{name}"));
                let pending = Pending {
                    end: theirs,
                    connector,
                };
                self.pending
                    .entry(name.to_owned())
                    .or_default()
                    .push(pending);
                mine
            }
        }
    }

    /// Unbind `name` if `socket_id` holds it. Established pipes stay, as in libzmq.
    pub fn unbind(&mut self, name: &str, socket_id: u64) -> Result<()> {
        match self.bound.get(name) {
            Some(peer) if peer.socket_id == socket_id => {
                self.bound.remove(name);
                Ok(())
            }
            _ => Err(Error::NotFound),
        }
    }

    /// Drop everything a closing socket holds here: its names, and the connects it
    /// left waiting (their pipes hang up).
    pub fn forget_socket(&mut self, socket_id: u64) {
        self.bound.retain(|_, peer| peer.socket_id != socket_id);
        for waiting in self.pending.values_mut() {
            waiting.retain(|p| p.connector.socket_id != socket_id);
        }
        self.pending.retain(|_, waiting| !waiting.is_empty());
    }

    /// Drop the waiting connects of `socket_id` to `name` (`zmq_disconnect`).
    pub fn cancel_pending(&mut self, name: &str, socket_id: u64) {
        if let Some(waiting) = self.pending.get_mut(name) {
            waiting.retain(|p| p.connector.socket_id != socket_id);
        }
    }
}

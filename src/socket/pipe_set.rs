//! The pipes of one socket, stored so the message path finds a pipe by index.
//!
//! Pattern logic (fair queue, load balancer…) keeps [`Slot`]s, plain indices into
//! this set; commands name pipes by [`PipeId`], which the set maps to slots.

use std::collections::HashMap;

use crate::pipe::{PipeEnd, PipeId};

/// Index of a pipe in its socket's [`PipeSet`].
pub type Slot = usize;

/// A socket's pipes.
#[derive(Default)]
pub struct PipeSet {
    slots: Vec<Option<PipeEnd>>,
    free: Vec<Slot>,
    by_id: HashMap<PipeId, Slot>,
    /// Pipes found dead (peer gone, drained) by pattern logic, to be removed.
    dead: Vec<Slot>,
}

impl PipeSet {
    /// Add a pipe; returns its slot.
    pub fn insert(&mut self, pipe: PipeEnd) -> Slot {
        let id = pipe.id();
        let slot = match self.free.pop() {
            Some(slot) => {
                self.slots[slot] = Some(pipe);
                slot
            }
            None => {
                self.slots.push(Some(pipe));
                self.slots.len() - 1
            }
        };
        self.by_id.insert(id, slot);
        slot
    }

    /// Remove the pipe in `slot`, returning it (dropping it hangs up on the peer).
    pub fn remove(&mut self, slot: Slot) -> Option<PipeEnd> {
        let pipe = self.slots.get_mut(slot)?.take()?;
        self.by_id.remove(&pipe.id());
        self.free.push(slot);
        Some(pipe)
    }

    /// The slot of the pipe with `id`, if it is still here.
    pub fn slot_of(&self, id: PipeId) -> Option<Slot> {
        self.by_id.get(&id).copied()
    }

    /// The pipe in `slot`. Pattern logic only holds slots of live pipes.
    #[inline]
    pub fn get_mut(&mut self, slot: Slot) -> &mut PipeEnd {
        self.slots[slot]
            .as_mut()
            .expect("pattern logic holds only live slots")
    }

    /// Note that the pipe in `slot` is dead; the socket removes it after the call.
    pub fn mark_dead(&mut self, slot: Slot) {
        self.dead.push(slot);
    }

    /// Take the slots marked dead.
    pub fn take_dead(&mut self) -> Vec<Slot> {
        std::mem::take(&mut self.dead)
    }

    /// Whether any pipe was marked dead.
    #[inline]
    pub fn has_dead(&self) -> bool {
        !self.dead.is_empty()
    }

    /// Slots of the pipes made for `endpoint`.
    pub fn slots_for_endpoint(&self, endpoint: &str) -> Vec<Slot> {
        self.slots
            .iter()
            .enumerate()
            .filter_map(|(slot, pipe)| {
                pipe.as_ref()
                    .filter(|p| p.endpoint() == Some(endpoint))
                    .map(|_| slot)
            })
            .collect()
    }

    /// Every pipe.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut PipeEnd> {
        self.slots.iter_mut().flatten()
    }

    /// Remove every pipe.
    pub fn clear(&mut self) {
        self.slots.clear();
        self.free.clear();
        self.by_id.clear();
        self.dead.clear();
    }
}

//! The rotation of pipes that fair-queueing and load-balancing share: the pipes that
//! may currently take part, and whose turn it is.

use super::pipe_set::Slot;

/// Pipes taking turns. A pipe leaves when it cannot take part (empty, or full) and
/// comes back when its peer says it can again.
#[derive(Default, Debug)]
pub struct Rotation {
    active: Vec<Slot>,
    /// Index into `active` of the pipe whose turn it is.
    current: usize,
}

impl Rotation {
    /// Let `slot` take part (no effect if it already does).
    pub fn activate(&mut self, slot: Slot) {
        if !self.active.contains(&slot) {
            self.active.push(slot);
        }
    }

    /// Take `slot` out. Returns whether it was the pipe whose turn it was.
    pub fn remove(&mut self, slot: Slot) -> bool {
        let Some(index) = self.active.iter().position(|&s| s == slot) else {
            return false;
        };
        let was_current = index == self.current;
        self.active.remove(index);
        if index < self.current {
            self.current -= 1;
        }
        if self.current >= self.active.len() {
            self.current = 0;
        }
        was_current
    }

    /// The pipe whose turn it is, if any pipe takes part.
    #[inline]
    pub fn current(&mut self) -> Option<Slot> {
        if self.current >= self.active.len() {
            self.current = 0;
        }
        self.active.get(self.current).copied()
    }

    /// Pass the turn to the next pipe.
    #[inline]
    pub fn advance(&mut self) {
        self.current += 1;
        if self.current >= self.active.len() {
            self.current = 0;
        }
    }

    /// Take the current pipe out (it cannot take part now); the turn passes on.
    #[inline]
    pub fn deactivate_current(&mut self) {
        if self.current < self.active.len() {
            self.active.swap_remove(self.current);
        }
    }

    /// How many pipes take part.
    #[inline]
    pub fn len(&self) -> usize {
        self.active.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turns_and_removal() {
        let mut r = Rotation::default();
        assert_eq!(r.current(), None);
        r.activate(3);
        r.activate(5);
        r.activate(3);
        assert_eq!(r.len(), 2);
        assert_eq!(r.current(), Some(3));
        r.advance();
        assert_eq!(r.current(), Some(5));
        assert!(r.remove(5));
        assert_eq!(r.current(), Some(3));
        assert!(!r.remove(9));
        r.deactivate_current();
        assert_eq!(r.current(), None);
    }
}

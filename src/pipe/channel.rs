//! One direction of a pipe: the queue plus the high-water-mark credit between writer
//! and reader.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use super::Flow;
use crate::msg::Msg;
use crate::sys::spsc::{self, Consumer, Producer};

/// Bit 0 of the credit word: the writer ran out of credit and waits for `ActivateWrite`.
const WRITER_WAITING: u64 = 1;

/// What writer and reader of one direction share besides the queue. The credit word is
/// written by the reader once per batch; the mark is written only when the pipe is set
/// up. They sit on separate cache lines so the writer's per-message read of the mark
/// does not bounce with the reader's publication.
#[derive(Default)]
struct Shared {
    /// Messages read (published by the reader), shifted left one bit, | WRITER_WAITING.
    credit: CacheLine<AtomicU64>,
    /// High-water mark in messages; 0 = unlimited.
    hwm: CacheLine<AtomicU64>,
}

#[derive(Default)]
#[repr(align(64))]
struct CacheLine<T>(T);

/// The newest message of a conflating direction, and whether the reader found it empty.
#[derive(Default)]
struct Slot {
    msg: Option<Msg>,
    reader_idle: bool,
}

enum Tx {
    Queue(Producer<Msg>),
    Conflate(Arc<Mutex<Slot>>),
}

enum Rx {
    Queue(Consumer<Msg>),
    Conflate(Arc<Mutex<Slot>>),
}

/// The writing half of one direction.
pub struct Sender {
    tx: Tx,
    shared: Arc<Shared>,
    /// Complete messages written.
    written: u64,
    /// The reader's count as last seen in the credit word.
    peer_read: u64,
    /// Parts of the current message written but not yet published.
    partial: bool,
    /// The properties relayed last (see [`Sender::write_relayed`]).
    relayed: Msg,
}

/// The reading half of one direction.
pub struct Receiver {
    rx: Rx,
    shared: Arc<Shared>,
    /// Complete messages read.
    read: u64,
    /// `read` as last published in the credit word.
    published: u64,
    /// Wake a waiting writer only per batch (see [`Flow::batch_wake`]).
    batch_wake: bool,
    /// The properties relayed last by the writer (see [`Sender::write_relayed`]).
    relayed: Msg,
}

/// A new direction with the given flow settings.
pub fn channel(flow: Flow) -> (Sender, Receiver) {
    let shared = Arc::new(Shared::default());
    shared.hwm.0.store(flow.hwm, Ordering::Relaxed);
    let (tx, rx) = if flow.conflate {
        let slot = Arc::new(Mutex::new(Slot::default()));
        (Tx::Conflate(slot.clone()), Rx::Conflate(slot))
    } else {
        let (p, c) = spsc::channel();
        (Tx::Queue(p), Rx::Queue(c))
    };
    let sender = Sender {
        tx,
        shared: shared.clone(),
        written: 0,
        peer_read: 0,
        partial: false,
        relayed: Msg::new(),
    };
    let receiver = Receiver {
        rx,
        shared,
        read: 0,
        published: 0,
        batch_wake: flow.batch_wake,
        relayed: Msg::new(),
    };
    (sender, receiver)
}

fn lock(slot: &Mutex<Slot>) -> std::sync::MutexGuard<'_, Slot> {
    slot.lock().unwrap_or_else(|e| e.into_inner())
}

impl Sender {
    /// Whether a new message fits under the high-water mark. If not, flag the writer
    /// as waiting so the reader's next publication wakes it.
    #[inline]
    pub fn check_write(&mut self) -> bool {
        let hwm = match self.tx {
            Tx::Conflate(_) => return true,
            Tx::Queue(_) => self.shared.hwm.0.load(Ordering::Relaxed),
        };
        if hwm == 0 || self.written - self.peer_read < hwm {
            return true;
        }
        let credit = &self.shared.credit.0;
        let mut word = credit.load(Ordering::Acquire);
        loop {
            self.peer_read = word >> 1;
            if self.written - self.peer_read < hwm {
                return true;
            }
            if word & WRITER_WAITING != 0 {
                return false;
            }
            match credit.compare_exchange_weak(
                word,
                word | WRITER_WAITING,
                Ordering::AcqRel,
                Ordering::Acquire,
            ) {
                Ok(_) => return false,
                Err(now) => word = now,
            }
        }
    }

    /// Write one part (not yet visible to the reader).
    #[inline(always)]
    pub fn write(&mut self, msg: Msg) {
        let last = !msg.more();
        match &mut self.tx {
            Tx::Queue(p) => p.push(msg),
            Tx::Conflate(slot) => {
                // Conflation keeps whole messages only; libzmq does not support
                // multipart with ZMQ_CONFLATE, so parts simply replace each other.
                lock(slot).msg = Some(msg);
            }
        }
        if last {
            self.written += 1;
            self.partial = false;
        } else {
            self.partial = true;
        }
    }

    /// Write one part carrying the properties of `template` (a connection's
    /// metadata): relayed, so that only the first message after they change holds a
    /// reference and the reader gives the others the same ones (see
    /// [`Msg::relay_properties`]); a conflating direction, which may drop that
    /// first message, stamps each one.
    #[inline]
    pub fn write_relayed(&mut self, mut msg: Msg, template: &Msg) {
        match self.tx {
            Tx::Queue(_) => msg.relay_properties(template, &mut self.relayed),
            Tx::Conflate(_) => msg.copy_properties_from(template),
        }
        self.write(msg);
    }

    /// Publish written parts. Returns whether the reader had run dry and must be woken.
    #[inline]
    pub fn flush(&mut self) -> bool {
        match &mut self.tx {
            Tx::Queue(p) => p.flush(),
            Tx::Conflate(slot) => {
                let mut slot = lock(slot);
                slot.msg.is_some() && std::mem::replace(&mut slot.reader_idle, false)
            }
        }
    }

    /// Drop the parts of an unfinished message.
    pub fn rollback(&mut self) {
        if let Tx::Queue(p) = &mut self.tx {
            while p.pending() > 0 {
                // Only parts of the unfinished message are ever unflushed: complete
                // messages are flushed as their last part is written.
                drop(p.unpush());
            }
        }
        self.partial = false;
        // What was taken back may have carried the properties: relay them again.
        self.relayed = Msg::new();
    }

    /// Change the high-water mark.
    pub fn set_hwm(&self, hwm: u64) {
        self.shared.hwm.0.store(hwm, Ordering::Relaxed);
    }
}

impl Receiver {
    /// The next part, if any, and whether the writer must be woken (it was waiting for
    /// credit and this read published some). An empty result does not arm the
    /// writer's `ActivateRead`: [`check_read`](Self::check_read) does that.
    #[cfg(test)]
    pub fn read(&mut self) -> (Option<Msg>, bool) {
        let mut msg = Msg::new();
        match self.read_into(&mut msg) {
            (true, wake) => (Some(msg), wake),
            (false, _) => (None, false),
        }
    }

    /// Read the next part into `out`. Returns whether there was one, and whether the
    /// writer must be woken. An empty pipe leaves `out` as it was and arms nothing.
    #[inline]
    pub fn read_into(&mut self, out: &mut Msg) -> (bool, bool) {
        let got = match &mut self.rx {
            Rx::Queue(c) => out.receive_relayed(&mut self.relayed, |out| c.try_pop_into(out)),
            Rx::Conflate(slot) => match lock(slot).msg.take() {
                Some(msg) => {
                    *out = msg;
                    true
                }
                None => false,
            },
        };
        if !got {
            return (false, false);
        }
        if out.more() {
            return (true, false);
        }
        self.read += 1;
        (true, self.maybe_publish())
    }

    /// Whether a part is ready; `false` arms the writer's wake-up.
    pub fn check_read(&mut self) -> bool {
        match &mut self.rx {
            Rx::Queue(c) => c.has_item(),
            Rx::Conflate(slot) => {
                let mut slot = lock(slot);
                slot.reader_idle = slot.msg.is_none();
                !slot.reader_idle
            }
        }
    }

    /// Publish the read count once per batch (half the mark, libzmq's low-water
    /// mark), or at once when the writer has flagged that it waits for credit: it
    /// then resumes after one message instead of half a mark. The flag shares a
    /// line that changes only when the writer blocks, so looking costs a cached load.
    #[inline]
    fn maybe_publish(&mut self) -> bool {
        let hwm = self.shared.hwm.0.load(Ordering::Relaxed);
        if hwm == 0 {
            return false;
        }
        let batch = hwm.div_ceil(2);
        if self.read - self.published < batch
            && (self.batch_wake
                || self.shared.credit.0.load(Ordering::Relaxed) & WRITER_WAITING == 0)
        {
            return false;
        }
        self.published = self.read;
        let old = self.shared.credit.0.swap(self.read << 1, Ordering::AcqRel);
        old & WRITER_WAITING != 0
    }

    /// Change the high-water mark.
    pub fn set_hwm(&self, hwm: u64) {
        self.shared.hwm.0.store(hwm, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flow(hwm: u64) -> Flow {
        Flow {
            hwm,
            ..Flow::default()
        }
    }

    #[test]
    fn hwm_blocks_and_credit_wakes() {
        let (mut tx, mut rx) = channel(flow(4));
        for i in 0..4u8 {
            assert!(tx.check_write());
            tx.write(Msg::from_slice(&[i]));
            tx.flush();
        }
        assert!(!tx.check_write(), "full at the mark");
        // The writer waits: the very next read publishes credit and reports it.
        let (m, wake) = rx.read();
        assert_eq!(m.unwrap().data(), &[0]);
        assert!(wake);
        assert!(tx.check_write());
    }

    #[test]
    fn credit_batches_while_the_writer_has_room() {
        let (mut tx, mut rx) = channel(flow(4));
        for i in 0..3u8 {
            assert!(tx.check_write());
            tx.write(Msg::from_slice(&[i]));
            tx.flush();
        }
        // Nobody waits: the first read publishes nothing, the second (half the
        // mark) does, without a wake-up.
        assert!(!rx.read().1);
        assert!(!rx.read().1);
        assert_eq!(rx.shared.credit.0.load(Ordering::Relaxed) >> 1, 2);
    }

    #[test]
    fn batch_wake_waits_for_half_the_mark() {
        let (mut tx, mut rx) = channel(Flow {
            hwm: 4,
            batch_wake: true,
            ..Flow::default()
        });
        for i in 0..4u8 {
            assert!(tx.check_write());
            tx.write(Msg::from_slice(&[i]));
            tx.flush();
        }
        assert!(!tx.check_write(), "full at the mark");
        let (_, wake) = rx.read();
        assert!(!wake, "one read is not enough");
        assert!(!tx.check_write());
        let (_, wake) = rx.read();
        assert!(wake, "half the mark read: the writer is woken");
        assert!(tx.check_write());
    }

    #[test]
    fn unlimited_never_blocks() {
        let (mut tx, _rx) = channel(flow(0));
        for _ in 0..10_000 {
            assert!(tx.check_write());
            tx.write(Msg::new());
        }
        tx.flush();
    }

    #[test]
    fn empty_read_does_not_arm() {
        let (mut tx, mut rx) = channel(flow(10));
        assert!(rx.read().0.is_none());
        tx.write(Msg::new());
        assert!(!tx.flush(), "a soft read leaves the writer quiet");
        assert!(rx.read().0.is_some());
    }

    #[test]
    fn reader_idle_then_flush_wakes() {
        let (mut tx, mut rx) = channel(flow(10));
        assert!(!rx.check_read());
        tx.write(Msg::new());
        assert!(tx.flush());
        assert!(rx.check_read());
    }

    #[test]
    fn conflate_keeps_newest() {
        let (mut tx, mut rx) = channel(Flow {
            hwm: 1,
            conflate: true,
            batch_wake: false,
        });
        for i in 0..5u8 {
            assert!(tx.check_write());
            tx.write(Msg::from_slice(&[i]));
            tx.flush();
        }
        assert_eq!(rx.read().0.unwrap().data(), &[4]);
        assert!(rx.read().0.is_none());
    }

    #[test]
    fn relayed_properties_survive_rollback() {
        let mut template = Msg::new();
        template.set_metadata(std::sync::Arc::new(
            crate::msg::Metadata::new().with("X-K", b"v"),
        ));
        let (mut tx, mut rx) = channel(flow(10));
        // The first part carries the properties and is taken back: the next
        // message must carry them again.
        let mut part = Msg::from_slice(b"a");
        part.set_more(true);
        tx.write_relayed(part, &template);
        tx.rollback();
        for body in [&b"b"[..], b"c"] {
            tx.write_relayed(Msg::from_slice(body), &template);
            tx.flush();
        }
        let mut out = Msg::new();
        for body in [&b"b"[..], b"c"] {
            assert!(rx.read_into(&mut out).0);
            assert_eq!(out.data(), body);
            assert_eq!(out.metadata().unwrap().get("x-k"), Some(&b"v"[..]));
        }
    }

    #[test]
    fn rollback_drops_partial() {
        let (mut tx, mut rx) = channel(flow(10));
        let mut first = Msg::from_slice(b"a");
        first.set_more(true);
        tx.write(first);
        tx.rollback();
        tx.flush();
        assert!(rx.read().0.is_none());
    }
}

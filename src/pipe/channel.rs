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
    /// Complete messages written, for statistics only (`zmq_socket_monitor_pipes_stats`):
    /// stored by the writer on a line of its own, read by nobody on the message path.
    written: CacheLine<AtomicU64>,
    /// Complete messages read, for statistics only; stored by the reader likewise.
    read: CacheLine<AtomicU64>,
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
    /// Parts of the current (unfinished) message written; never published before
    /// its last part, so a rollback can take them back.
    partial_parts: usize,
    /// Whole messages were written since the last flush.
    whole_unflushed: bool,
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
        partial_parts: 0,
        whole_unflushed: false,
    };
    let receiver = Receiver {
        rx,
        shared,
        read: 0,
        published: 0,
        batch_wake: flow.batch_wake,
    };
    (sender, receiver)
}

fn lock(slot: &Mutex<Slot>) -> std::sync::MutexGuard<'_, Slot> {
    slot.lock().unwrap_or_else(|e| e.into_inner())
}

/// Publish everything pushed but the last `parts` (an unfinished message): take them
/// back, flush, and push them again. Rare: only a writer that flushes in the middle
/// of a message (the network engine, at the end of a read) gets here, and only when
/// whole messages precede the unfinished one.
#[cold]
#[inline(never)]
fn flush_before_parts(p: &mut Producer<Msg>, parts: usize) -> bool {
    let mut taken: Vec<Msg> = (0..parts).filter_map(|_| p.unpush()).collect();
    let wake = p.flush();
    while let Some(part) = taken.pop() {
        p.push(part);
    }
    wake
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
    #[inline]
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
            self.shared.written.0.store(self.written, Ordering::Relaxed);
            self.partial_parts = 0;
            self.whole_unflushed = true;
        } else {
            self.partial_parts += 1;
        }
    }

    /// Publish the whole messages written; the parts of an unfinished one stay
    /// unpublished (a reader never sees half a message, even if the rest never
    /// comes). Returns whether the reader had run dry and must be woken.
    #[inline]
    pub fn flush(&mut self) -> bool {
        let whole = std::mem::replace(&mut self.whole_unflushed, false);
        match &mut self.tx {
            Tx::Queue(p) if self.partial_parts == 0 => p.flush(),
            Tx::Queue(p) => whole && flush_before_parts(p, self.partial_parts),
            Tx::Conflate(slot) => {
                let mut slot = lock(slot);
                slot.msg.is_some() && std::mem::replace(&mut slot.reader_idle, false)
            }
        }
    }

    /// Drop the parts of an unfinished message (whole messages written before it
    /// stay, for the next flush).
    pub fn rollback(&mut self) {
        if let Tx::Queue(p) = &mut self.tx {
            for _ in 0..self.partial_parts {
                drop(p.unpush());
            }
        }
        self.partial_parts = 0;
    }

    /// Change the high-water mark.
    pub fn set_hwm(&self, hwm: u64) {
        self.shared.hwm.0.store(hwm, Ordering::Relaxed);
    }

    /// Messages written and not yet read (a recent view: the reader publishes its
    /// count as it goes).
    pub fn queued(&self) -> u64 {
        match &self.tx {
            Tx::Queue(_) => {
                let read = self.shared.read.0.load(Ordering::Relaxed);
                self.written.saturating_sub(read)
            }
            Tx::Conflate(slot) => u64::from(lock(slot).msg.is_some()),
        }
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
            Rx::Queue(c) => c.try_pop_into(out),
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
        self.shared.read.0.store(self.read, Ordering::Relaxed);
        (true, self.maybe_publish())
    }

    /// Messages written by the peer and not yet read here (a recent view).
    pub fn queued(&self) -> u64 {
        match &self.rx {
            Rx::Queue(_) => {
                let written = self.shared.written.0.load(Ordering::Relaxed);
                written.saturating_sub(self.read)
            }
            Rx::Conflate(slot) => u64::from(lock(slot).msg.is_some()),
        }
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
    fn rollback_drops_partial() {
        let (mut tx, mut rx) = channel(flow(10));
        let mut first = Msg::from_slice(b"a");
        first.set_more(true);
        tx.write(first);
        tx.rollback();
        tx.flush();
        assert!(rx.read().0.is_none());
    }

    fn part(data: &[u8], more: bool) -> Msg {
        let mut msg = Msg::from_slice(data);
        msg.set_more(more);
        msg
    }

    /// The network engine flushes at the end of each read, wherever a multipart
    /// message stands (hostile-peer suite: a peer that died in the middle of one
    /// left its first parts with the socket).
    #[test]
    fn flush_publishes_whole_messages_only() {
        let (mut tx, mut rx) = channel(flow(10));
        tx.write(part(b"whole", false));
        tx.write(part(b"one", true));
        tx.write(part(b"two", true));
        tx.flush();
        assert_eq!(rx.read().0.unwrap().data(), b"whole");
        assert!(rx.read().0.is_none(), "half a message was published");
        // Flushing again with only parts pending publishes nothing either.
        tx.write(part(b"three", true));
        tx.flush();
        assert!(rx.read().0.is_none());
        tx.write(part(b"last", false));
        tx.flush();
        let got: Vec<_> = std::iter::from_fn(|| rx.read().0).collect();
        let data: Vec<&[u8]> = got.iter().map(Msg::data).collect();
        assert_eq!(data, [&b"one"[..], b"two", b"three", b"last"]);
        assert!(got[..3].iter().all(Msg::more) && !got[3].more());
    }

    #[test]
    fn rollback_keeps_whole_messages_written_before() {
        let (mut tx, mut rx) = channel(flow(10));
        tx.write(part(b"whole", false));
        tx.write(part(b"one", true));
        tx.write(part(b"two", true));
        tx.rollback();
        tx.flush();
        assert_eq!(rx.read().0.unwrap().data(), b"whole");
        assert!(rx.read().0.is_none());
    }
}

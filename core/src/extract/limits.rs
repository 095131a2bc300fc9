//! Safety limits for extraction and the budget every reader of one input draws from.

use serde::{Deserialize, Serialize};
use std::cell::Cell;
use std::fmt;
use std::io;
use std::time::{Duration, Instant};

/// Bounds on what one input may cost. Every reader (archive members, decompressors,
/// documents, mail parts) draws from one shared budget per input, so nesting cannot
/// multiply them. Whatever a limit stops is reported as an `unscannable` entry with reason
/// `limit_exceeded` and the limit's name, never skipped silently.
///
/// XML entities declared in a DTD are never expanded (only the five predefined entities and
/// numeric character references are decoded), so billion-laughs documents cost nothing and
/// there is no switch to turn expansion on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Containers nested inside each other (zip in zip, attachment in mail, gzip in tar).
    pub max_depth: u32,
    /// Bytes produced by decompression and document extraction of one input (archive and
    /// compressed members, document parts, mail parts, PDF streams), added up. Transcoding a
    /// text (Shift_JIS, UTF-16, RTF escapes to UTF-8) is streamed and at most doubles its
    /// size: it is bounded by the input and the clock, not counted here.
    pub max_total_bytes: u64,
    /// Bytes one archive member, mail part or document part may expand to.
    pub max_member_bytes: u64,
    /// Largest ratio of expanded to compressed bytes of one member, once it has produced
    /// more than `ratio_floor_bytes` (small, very repetitive members are fine).
    pub max_ratio: u64,
    /// Expanded size below which the ratio is not checked.
    pub ratio_floor_bytes: u64,
    /// Archive members, mail parts and document parts of one input, added up.
    pub max_members: u64,
    /// Wall-clock time for one input, in milliseconds.
    pub max_time_ms: u64,
    /// A member needing random access (a zip inside a zip, a document, a mail) is held in
    /// memory up to this size and spilled to a temporary file beyond it.
    pub spill_threshold: u64,
    /// Most `unscannable` entries kept in one report (the rest are counted in the last one).
    pub max_unscannable: usize,
    /// Cells a legacy .xls workbook's sheets may span together (its reader holds every
    /// sheet as a dense grid, blanks included); a larger workbook is refused unread.
    pub max_sheet_cells: u64,
    /// Objects a document's structure may hold, added up over one input: PDF values parsed
    /// from the file and its object streams (numbers, names, strings, arrays, dictionaries
    /// and their keys), entries of the object table, and code-to-text entries of its fonts'
    /// ToUnicode maps. Bounds what a PDF's structure costs in memory (about 100 bytes each
    /// at most) and time.
    pub max_objects: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 16,
            max_total_bytes: 1 << 30,
            max_member_bytes: 256 << 20,
            max_ratio: 250,
            ratio_floor_bytes: 1 << 20,
            max_members: 100_000,
            max_time_ms: 60_000,
            spill_threshold: 8 << 20,
            max_unscannable: 1_000,
            max_sheet_cells: 2_000_000,
            max_objects: 2_000_000,
        }
    }
}

/// Which limit stopped a read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Limit {
    Depth,
    TotalBytes,
    MemberBytes,
    Ratio,
    Members,
    Time,
    Objects,
    /// Not a limit: the caller's sink asked to stop.
    Stopped,
}

impl Limit {
    pub fn name(self) -> &'static str {
        match self {
            Limit::Depth => "max_depth",
            Limit::TotalBytes => "max_total_bytes",
            Limit::MemberBytes => "max_member_bytes",
            Limit::Ratio => "max_ratio",
            Limit::Members => "max_members",
            Limit::Time => "max_time_ms",
            Limit::Objects => "max_objects",
            Limit::Stopped => "stopped",
        }
    }

    /// Does hitting this limit end the whole input (not just the member)? A member
    /// inflating past the ratio is a bomb, and nothing after it in the same input is
    /// trusted to be cheap (a 42.zip would otherwise burn the whole byte budget leaf by leaf).
    pub fn is_global(self) -> bool {
        matches!(
            self,
            Limit::TotalBytes
                | Limit::Members
                | Limit::Time
                | Limit::Ratio
                | Limit::Objects
                | Limit::Stopped
        )
    }
}

/// The error carried inside an `io::Error` when a bounded reader hits a limit.
#[derive(Debug)]
pub(crate) struct LimitHit(pub Limit);

impl fmt::Display for LimitHit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "limit {} reached", self.0.name())
    }
}

impl std::error::Error for LimitHit {}

impl LimitHit {
    pub fn io(limit: Limit) -> io::Error {
        io::Error::other(LimitHit(limit))
    }

    /// The limit inside `e`, if `e` (or an error it wraps) came from a bounded reader.
    pub fn find(e: &io::Error) -> Option<Limit> {
        let mut cur: Option<&(dyn std::error::Error + 'static)> = e.get_ref().map(|x| x as _);
        while let Some(err) = cur {
            if let Some(h) = err.downcast_ref::<LimitHit>() {
                return Some(h.0);
            }
            if let Some(ioe) = err.downcast_ref::<io::Error>() {
                if let Some(inner) = ioe.get_ref() {
                    cur = Some(inner as _);
                    continue;
                }
            }
            cur = err.source();
        }
        None
    }
}

/// The shared budget of one input.
#[derive(Debug)]
pub(crate) struct Budget {
    pub limits: Limits,
    expanded: Cell<u64>,
    members: Cell<u64>,
    objects: Cell<u64>,
    start: Instant,
    deadline: Instant,
    /// Set once a global limit is hit: every reader stops.
    exhausted: Cell<Option<Limit>>,
}

impl Budget {
    pub fn new(limits: Limits) -> Self {
        let start = Instant::now();
        let deadline = start
            .checked_add(Duration::from_millis(limits.max_time_ms))
            .unwrap_or(start + Duration::from_secs(86_400 * 365));
        Budget {
            limits,
            expanded: Cell::new(0),
            members: Cell::new(0),
            objects: Cell::new(0),
            start,
            deadline,
            exhausted: Cell::new(None),
        }
    }

    pub fn exhausted(&self) -> Option<Limit> {
        self.exhausted.get()
    }

    fn fail(&self, limit: Limit) -> Limit {
        if limit.is_global() && self.exhausted.get().is_none() {
            self.exhausted.set(Some(limit));
        }
        limit
    }

    /// Checks the global state and the clock.
    pub fn check(&self) -> Result<(), Limit> {
        if let Some(l) = self.exhausted.get() {
            return Err(l);
        }
        if Instant::now() > self.deadline {
            return Err(self.fail(Limit::Time));
        }
        Ok(())
    }

    /// Ends the scan: every reader stops at its next check, as on a global limit.
    pub fn stop(&self) {
        self.exhausted.set(Some(Limit::Stopped));
    }

    /// Draws `n` expanded bytes.
    pub fn draw(&self, n: u64) -> Result<(), Limit> {
        let total = self.expanded.get().saturating_add(n);
        self.expanded.set(total);
        if total > self.limits.max_total_bytes {
            return Err(self.fail(Limit::TotalBytes));
        }
        Ok(())
    }

    /// Counts one more member.
    pub fn member(&self) -> Result<(), Limit> {
        self.check()?;
        let n = self.members.get() + 1;
        self.members.set(n);
        if n > self.limits.max_members {
            return Err(self.fail(Limit::Members));
        }
        Ok(())
    }

    /// Members that can still be counted before `max_members` is reached.
    pub fn members_left(&self) -> u64 {
        self.limits.max_members.saturating_sub(self.members.get())
    }

    /// Counts `n` more objects (see [`Limits::max_objects`]); checks the clock every 4,096
    /// objects, so a parser calling this for each value also watches the time.
    pub fn objects(&self, n: u64) -> Result<(), Limit> {
        let before = self.objects.get();
        let total = before.saturating_add(n);
        self.objects.set(total);
        if total > self.limits.max_objects {
            return Err(self.fail(Limit::Objects));
        }
        if before >> 12 != total >> 12 {
            self.check()?;
        } else if let Some(l) = self.exhausted.get() {
            return Err(l);
        }
        Ok(())
    }

    /// Objects counted so far.
    #[cfg(test)]
    pub fn objects_used(&self) -> u64 {
        self.objects.get()
    }

    /// Time left before the deadline, in milliseconds (0 once it has passed).
    pub fn remaining_ms(&self) -> u64 {
        self.deadline.saturating_duration_since(Instant::now()).as_millis().min(u64::MAX as u128)
            as u64
    }

    pub fn depth_ok(&self, depth: u32) -> Result<(), Limit> {
        if depth > self.limits.max_depth {
            Err(Limit::Depth)
        } else {
            Ok(())
        }
    }

    /// Time spent so far.
    #[allow(dead_code)]
    pub fn elapsed(&self) -> Duration {
        self.start.elapsed()
    }
}

/// Counts bytes read through it (the compressed side of a decompressor).
pub(crate) struct Counting<R> {
    pub inner: R,
    pub count: std::rc::Rc<Cell<u64>>,
}

impl<R: io::Read> io::Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

/// Where a bounded reader learns how many compressed bytes produced its output.
pub(crate) enum Compressed {
    /// Known in advance (a zip member's header).
    Known(u64),
    /// Counted as the decompressor reads.
    Counted(std::rc::Rc<Cell<u64>>),
}

/// Bounds a decompressing (or otherwise expanding) reader: per-member size, ratio, the
/// shared total and the clock. Every byte any reader produces goes through one of these.
pub(crate) struct Bounded<'b, R> {
    inner: R,
    budget: &'b Budget,
    produced: u64,
    compressed: Compressed,
    /// Draw from the shared total (false for raw bytes the caller already holds).
    draws: bool,
}

impl<'b, R: io::Read> Bounded<'b, R> {
    pub fn new(inner: R, budget: &'b Budget, compressed: Compressed, draws: bool) -> Self {
        Bounded { inner, budget, produced: 0, compressed, draws }
    }
}

impl<R: io::Read> io::Read for Bounded<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let lim = &self.budget.limits;
        self.budget.check().map_err(LimitHit::io)?;
        // Never read more than one byte past the member limit.
        let room = lim.max_member_bytes.saturating_sub(self.produced).saturating_add(1);
        let want = buf.len().min(room.min(usize::MAX as u64) as usize).min(256 * 1024);
        let n = self.inner.read(&mut buf[..want])?;
        self.produced += n as u64;
        if self.produced > lim.max_member_bytes {
            return Err(LimitHit::io(Limit::MemberBytes));
        }
        if self.draws {
            self.budget.draw(n as u64).map_err(LimitHit::io)?;
        }
        if self.produced > lim.ratio_floor_bytes {
            let c = match &self.compressed {
                Compressed::Known(c) => *c,
                Compressed::Counted(c) => c.get(),
            };
            if self.produced / c.max(1) > lim.max_ratio {
                return Err(LimitHit::io(self.budget.fail(Limit::Ratio)));
            }
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn member_limit_stops_reads() {
        let budget = Budget::new(Limits { max_member_bytes: 10, ..Limits::default() });
        let data = [0u8; 100];
        let mut r = Bounded::new(&data[..], &budget, Compressed::Known(u64::MAX), true);
        let mut out = Vec::new();
        let e = r.read_to_end(&mut out).unwrap_err();
        assert_eq!(LimitHit::find(&e), Some(Limit::MemberBytes));
        assert!(out.len() <= 11);
    }

    #[test]
    fn total_is_shared_and_global() {
        let budget = Budget::new(Limits { max_total_bytes: 150, ..Limits::default() });
        let data = [0u8; 100];
        let mut out = Vec::new();
        Bounded::new(&data[..], &budget, Compressed::Known(u64::MAX), true)
            .read_to_end(&mut out)
            .unwrap();
        let e = Bounded::new(&data[..], &budget, Compressed::Known(u64::MAX), true)
            .read_to_end(&mut out)
            .unwrap_err();
        assert_eq!(LimitHit::find(&e), Some(Limit::TotalBytes));
        assert_eq!(budget.exhausted(), Some(Limit::TotalBytes));
    }

    #[test]
    fn ratio() {
        let budget =
            Budget::new(Limits { ratio_floor_bytes: 10, max_ratio: 5, ..Limits::default() });
        let data = [0u8; 100];
        let e = Bounded::new(&data[..], &budget, Compressed::Known(2), true)
            .read_to_end(&mut Vec::new())
            .unwrap_err();
        assert_eq!(LimitHit::find(&e), Some(Limit::Ratio));
    }

    #[test]
    fn objects_limit_is_global_and_named() {
        let budget = Budget::new(Limits { max_objects: 10, ..Limits::default() });
        assert_eq!(budget.objects(10), Ok(()));
        assert_eq!(budget.objects(1), Err(Limit::Objects));
        assert_eq!(budget.exhausted(), Some(Limit::Objects));
        assert_eq!(budget.check(), Err(Limit::Objects));
        assert_eq!(Limit::Objects.name(), "max_objects");
    }

    #[test]
    fn limits_deserialize_partially() {
        let l: Limits = serde_json::from_str(r#"{"max_depth": 3}"#).unwrap();
        assert_eq!(l.max_depth, 3);
        assert_eq!(l.max_members, Limits::default().max_members);
    }
}

//! One stream of extracted text scanned as a whole (a text file, a sheet, a document part),
//! with the places it is made of (cells, paragraphs) mapped back onto findings.

use super::limits::Limit;
use super::Cx;
use crate::engine::ScanState;
use crate::finding::Finding;
use crate::kind::Kind;
use crate::sink::Flow;
use std::collections::{HashSet, VecDeque};
use std::sync::Arc;

/// Text handed to the engine at a time.
const RUN_BATCH: usize = 64 * 1024;

/// A place inside the unit's text: a cell, a paragraph, a slide.
struct Seg {
    /// Absolute offset of its first byte in the unit's text.
    start: usize,
    /// Line (1-based) and characters before it on that line.
    line: u64,
    col: u64,
    /// Appended to the unit's location (`#Sheet1!C12`).
    label: Box<str>,
}

/// Values remembered per content; past this, later renderings report their values again.
const MAX_RENDERING_VALUES: usize = 1 << 16;

/// What identifies a value across renderings: kind, rule name and value hash.
type ValueKey = (Kind, Option<Arc<str>>, u64);

/// Renderings of one content scanned one after the other (the text and HTML alternatives
/// of a mail body): each reports only the values no earlier rendering reported, and the
/// people they expose count once (the most any rendering shows).
#[derive(Default)]
pub(crate) struct Renderings {
    earlier: HashSet<ValueKey>,
    current: HashSet<ValueKey>,
    persons: u64,
}

impl Renderings {
    /// Whether a finding of the rendering being scanned is reported.
    fn admit(&mut self, f: &Finding) -> bool {
        let key = (f.kind, f.rule.clone(), f.value_hash);
        if self.earlier.contains(&key) {
            return false;
        }
        if self.current.len() + self.earlier.len() < MAX_RENDERING_VALUES {
            self.current.insert(key);
        }
        true
    }

    /// Ends a rendering that exposed `persons` people; returns how many are new.
    fn end(&mut self, persons: u64) -> u64 {
        self.earlier.extend(self.current.drain());
        let new = persons.saturating_sub(self.persons);
        self.persons = self.persons.max(persons);
        new
    }
}

/// Extracted text being scanned. Findings are reported with the location of the place they
/// start in and offsets, line and column relative to that place's text.
pub(crate) struct Unit<'c, 's> {
    cx: &'c mut Cx<'s>,
    st: ScanState,
    buf: Vec<u8>,
    /// Absolute offset of `buf[0]`.
    base: usize,
    /// Bytes written so far.
    total: usize,
    line: u64,
    col: u64,
    location: Option<String>,
    segs: VecDeque<Seg>,
    since_run: usize,
    renderings: Option<&'c mut Renderings>,
}

impl<'c, 's> Unit<'c, 's> {
    /// A unit reported at `location` (`None`: plain text scanned as given).
    pub fn new(cx: &'c mut Cx<'s>, location: Option<String>) -> Self {
        if cx.sink.begin(location.as_deref().unwrap_or("")) == Flow::Stop {
            cx.budget.stop();
        }
        Unit {
            cx,
            st: ScanState::new(),
            buf: Vec::new(),
            base: 0,
            total: 0,
            line: 1,
            col: 0,
            location,
            segs: VecDeque::new(),
            since_run: 0,
            renderings: None,
        }
    }

    /// Makes this unit one rendering of a content others render too.
    pub fn rendering_of(mut self, renderings: &'c mut Renderings) -> Self {
        self.renderings = Some(renderings);
        self
    }

    /// The shared budget of the input.
    pub fn budget(&self) -> &'s super::limits::Budget {
        self.cx.budget
    }

    /// Starts a new place; text pushed from now on belongs to it.
    pub fn place(&mut self, label: impl Into<Box<str>>) {
        // An empty previous place is replaced rather than kept.
        if let Some(last) = self.segs.back() {
            if last.start == self.total {
                self.segs.pop_back();
            }
        }
        self.segs.push_back(Seg {
            start: self.total,
            line: self.line,
            col: self.col,
            label: label.into(),
        });
    }

    /// Appends text.
    pub fn push(&mut self, s: &str) -> Result<(), Limit> {
        self.push_bytes(s.as_bytes())
    }

    /// Appends raw bytes (UTF-8 input passed through undecoded: offsets stay those of the
    /// source, and an invalid byte is simply a character no detector matches).
    pub fn push_bytes(&mut self, b: &[u8]) -> Result<(), Limit> {
        if b.is_empty() {
            return Ok(());
        }
        let newlines = bytecount::count(b, b'\n');
        if newlines > 0 {
            self.line += newlines as u64;
            let last = memchr::memrchr(b'\n', b).unwrap_or(0);
            self.col = bytecount::num_chars(&b[last + 1..]) as u64;
        } else {
            self.col += bytecount::num_chars(b) as u64;
        }
        self.total += b.len();
        self.buf.extend_from_slice(b);
        self.since_run += b.len();
        let engine = &self.cx.scanner.inner.engine;
        if self.buf.len() >= engine.lookahead + engine.lookbehind + RUN_BATCH
            && self.since_run >= RUN_BATCH
        {
            self.run(false);
            self.cx.budget.check()?;
        }
        Ok(())
    }

    pub fn push_char(&mut self, c: char) -> Result<(), Limit> {
        let mut b = [0u8; 4];
        self.push(c.encode_utf8(&mut b))
    }

    /// Scans what is left and adds the text to the report's byte count.
    pub fn finish(mut self) {
        self.run(true);
        let mut persons = self.st.finish_persons();
        if let Some(r) = self.renderings.as_deref_mut() {
            persons = r.end(persons);
        }
        self.cx.report.add_persons(persons);
        self.cx.text_bytes += self.total as u64;
        if self.cx.sink.end(self.location.as_deref().unwrap_or("")) == Flow::Stop {
            self.cx.budget.stop();
        }
    }

    fn run(&mut self, is_final: bool) {
        self.since_run = 0;
        let Unit { cx, st, buf, base, location, segs, renderings, .. } = self;
        let scanner = cx.scanner;
        let policy = &scanner.inner.config.policy;
        let (report, sink, budget) = (&mut cx.report, &mut *cx.sink, cx.budget);
        let keep_from = scanner.inner.engine.process(st, buf, *base, is_final, &mut |f| {
            if renderings.as_deref_mut().is_none_or(|r| r.admit(&f)) {
                let f = relocate(f, location.as_deref(), segs);
                if sink.finding(&f) == Flow::Stop {
                    budget.stop();
                }
                report.add(f, policy);
            }
        });
        let drop = keep_from.saturating_sub(*base).min(buf.len());
        if drop > 0 {
            buf.drain(..drop);
            *base += drop;
        }
        // Places wholly before what the engine still holds can no longer receive findings.
        while segs.len() > 1 && segs[1].start <= keep_from {
            segs.pop_front();
        }
    }
}

/// Gives a finding the location of its place and offsets relative to it.
fn relocate(mut f: Finding, location: Option<&str>, segs: &VecDeque<Seg>) -> Finding {
    let at = segs.partition_point(|s| s.start <= f.start);
    match (at.checked_sub(1).map(|i| &segs[i]), location) {
        (Some(seg), loc) => {
            f.start -= seg.start;
            f.end -= seg.start;
            if let Some(p) = f.parts.as_mut() {
                **p = p.map_offsets(|o| o - seg.start);
            }
            if f.line == seg.line {
                f.column = f.column.saturating_sub(seg.col).max(1);
            }
            f.line = f.line.saturating_sub(seg.line) + 1;
            let mut l = String::with_capacity(loc.map_or(0, str::len) + seg.label.len());
            l.push_str(loc.unwrap_or(""));
            l.push_str(&seg.label);
            f.location = Some(l);
        }
        (None, loc) => f.location = loc.map(str::to_string),
    }
    f
}

//! Streaming scans: chunks in, findings out, memory bounded whatever the input size.

use crate::engine::ScanState;
use crate::finding::Finding;
use crate::report::{Report, ReportBuilder};
use crate::scanner::Scanner;

/// Bytes taken from a fed chunk at a time, so a huge chunk never grows the buffer.
const FEED_STEP: usize = 64 * 1024;

/// A scan in progress; made by [`Scanner::stream`].
///
/// The buffer holds only the bytes matchers may still look at (a few KiB of context) plus
/// at most one feed step, so memory does not grow with the input.
pub struct StreamScanner {
    scanner: Scanner,
    state: ScanState,
    buf: Vec<u8>,
    /// Absolute offset of `buf[0]`.
    base: usize,
    report: ReportBuilder,
}

impl StreamScanner {
    pub(crate) fn new(scanner: Scanner) -> Self {
        let max = scanner.inner.config.max_findings;
        StreamScanner {
            scanner,
            state: ScanState::new(),
            buf: Vec::new(),
            base: 0,
            report: ReportBuilder::new(max),
        }
    }

    /// Feeds the next chunk and returns the findings that became final.
    pub fn feed(&mut self, chunk: &[u8]) -> Vec<Finding> {
        let mut out = Vec::new();
        self.feed_with(chunk, |f| out.push(f.clone()));
        out
    }

    /// Feeds the next chunk, handing each finding that became final to `sink`.
    pub fn feed_with(&mut self, chunk: &[u8], mut sink: impl FnMut(&Finding)) {
        let engine = &self.scanner.inner.engine;
        let lookbehind = engine.lookbehind;
        // Deciding needs `lookahead` bytes past a position; running more often than every
        // few KiB would only repeat work.
        let batch = engine.lookahead + 16 * 1024;
        for piece in chunk.chunks(FEED_STEP) {
            self.buf.extend_from_slice(piece);
            if self.buf.len() >= batch + lookbehind {
                self.run(false, &mut sink);
            }
        }
    }

    /// Absolute offset below which no later finding can start: everything before it has
    /// been reported. A redaction filter can release its output up to here.
    pub fn settled(&self) -> usize {
        self.state.settled()
    }

    /// Bytes fed so far.
    pub fn bytes_fed(&self) -> u64 {
        (self.base + self.buf.len()) as u64
    }

    /// Bytes currently buffered (for memory checks).
    pub fn buffered(&self) -> usize {
        self.buf.len()
    }

    /// Ends the input: reports the remaining findings and returns the report.
    pub fn finish(self) -> Report {
        self.finish_with(|_| {})
    }

    /// Like [`StreamScanner::finish`], handing the last findings to `sink` first. The stream
    /// is consumed: nothing can be fed after the end.
    pub fn finish_with(mut self, mut sink: impl FnMut(&Finding)) -> Report {
        self.run(true, &mut sink);
        let bytes_fed = self.bytes_fed();
        let mut report = self.report;
        report.add_persons(self.state.finish_persons());
        report.finish(&self.scanner.inner.config.policy, bytes_fed)
    }

    fn run(&mut self, is_final: bool, sink: &mut dyn FnMut(&Finding)) {
        let inner = &self.scanner.inner;
        let report = &mut self.report;
        let keep_from =
            inner.engine.process(&mut self.state, &self.buf, self.base, is_final, &mut |f| {
                sink(&f);
                report.add(f, &inner.config.policy);
            });
        let drop = keep_from.saturating_sub(self.base).min(self.buf.len());
        if drop > 0 {
            self.buf.drain(..drop);
            self.base += drop;
        }
    }
}

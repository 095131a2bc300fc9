//! The [`Printer`]: receives results from the scanning threads, puts them back in walk
//! order, keeps the totals and has the format's [`Writer`] write them to standard output.

use super::{action_name, writer, End, ErrorRecord, File, OutputOpts, SortOrder, Totals, Writer};
use crate::progress::Progress;
use crate::scan::FileResult;
use crate::settings::Format;
use mamori::{Finding, Scanner};
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::Instant;

/// Results that may wait for an earlier, slower one before being written; the walk pauses
/// beyond this, so memory stays bounded however slow one file is.
const REORDER_WINDOW: u64 = 256;

/// One result of the walk, numbered in walk order.
enum Item {
    File(Box<FileResult>),
    /// A path that could not be walked.
    Error {
        path: String,
        message: String,
    },
}

struct State {
    out: Box<dyn Write + Send>,
    /// `None` with `--quiet`.
    writer: Option<Box<dyn Writer>>,
    /// Set when standard output went away (e.g. `| head`): stop scanning quietly.
    broken: bool,
    totals: Totals,
    errors: Vec<ErrorRecord>,
    /// The number of the next result to write.
    next: u64,
    /// Results done before their turn.
    waiting: BTreeMap<u64, Item>,
}

/// Receives results from the scanning threads and writes them in walk order (or, with
/// `--sort none`, as they come).
pub struct Printer<'a> {
    progress: &'a Progress,
    /// Whether results are written in walk order (else each as soon as it is done).
    ordered: bool,
    /// Whether to say on stderr, at the end, that parts could not be inspected (the human
    /// view says it in its totals line).
    note_unscannable: bool,
    state: Mutex<State>,
    /// Signalled whenever `next` moves on.
    turn: Condvar,
    started: Instant,
}

impl<'a> Printer<'a> {
    pub fn new(
        opts: OutputOpts,
        scanner: &Scanner,
        progress: &'a Progress,
        roots: Vec<String>,
        out: Box<dyn Write + Send>,
    ) -> Printer<'a> {
        let writer = (!opts.quiet).then(|| writer(&opts, scanner, &roots));
        Printer {
            progress,
            ordered: opts.sort == SortOrder::Path,
            note_unscannable: !opts.quiet && opts.format != Format::Human,
            state: Mutex::new(State {
                out,
                writer,
                broken: false,
                totals: Totals::default(),
                errors: Vec::new(),
                next: 0,
                waiting: BTreeMap::new(),
            }),
            turn: Condvar::new(),
            started: Instant::now(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Writes `text` and flushes (with the progress bar cleared).
    fn write(&self, st: &mut State, text: &str) {
        write_out(self.progress, st, text);
    }

    /// True once output can no longer be written.
    pub fn is_broken(&self) -> bool {
        self.lock().broken
    }

    /// Writes what comes before the first result (CSV header).
    pub fn begin(&self) {
        let mut st = self.lock();
        let mut text = String::new();
        if let Some(w) = st.writer.as_mut() {
            w.begin(&mut text);
        }
        self.write(&mut st, &text);
    }

    /// Waits until result `seq` may be started: fewer than [`REORDER_WINDOW`] results
    /// before it are still unwritten (or output is gone).
    pub fn wait_for_turn(&self, seq: u64) {
        let mut st = self.lock();
        while self.ordered && !st.broken && seq >= st.next + REORDER_WINDOW {
            st = self.turn.wait(st).unwrap_or_else(|e| e.into_inner());
        }
    }

    /// Result `seq` of the walk: a scanned file.
    pub fn file_done(&self, seq: u64, r: FileResult) {
        self.deliver(seq, Item::File(Box::new(r)));
    }

    /// A finding of result `seq`, found just now: written at once when it is that result's
    /// turn (any time with `--sort none`) and the format writes findings as they come.
    /// False when it was not written (it is written with its file's result).
    pub fn stream_finding(&self, seq: u64, path: &str, finding: &Finding) -> bool {
        let mut st = self.lock();
        if (self.ordered && st.next != seq) || st.broken {
            return false;
        }
        let mut text = String::new();
        let streamed =
            st.writer.as_mut().is_some_and(|w| w.stream_finding(path, finding, &mut text));
        self.write(&mut st, &text);
        streamed
    }

    /// Result `seq` of the walk: a path that could not be walked.
    pub fn walk_error(&self, seq: u64, path: &str, message: &str) {
        let item = Item::Error { path: path.to_string(), message: message.to_string() };
        self.deliver(seq, item);
    }

    /// Writes every result whose turn has come (with `--sort none`, this one at once).
    fn deliver(&self, seq: u64, item: Item) {
        let mut st = self.lock();
        let seq = if self.ordered { seq } else { st.next };
        st.waiting.insert(seq, item);
        loop {
            let next = st.next;
            let Some(item) = st.waiting.remove(&next) else { break };
            st.next += 1;
            match item {
                Item::File(r) => self.write_file(&mut st, *r),
                Item::Error { path, message } => self.error(&mut st, &path, &message),
            }
        }
        self.turn.notify_all();
    }

    fn error(&self, st: &mut State, path: &str, message: &str) {
        self.progress.suspend(|| eprintln!("mamori: {path}: {message}"));
        st.totals.errors += 1;
        st.errors.push(ErrorRecord { path: path.to_string(), error: message.to_string() });
    }

    fn write_file(&self, st: &mut State, r: FileResult) {
        if let Some(e) = &r.error {
            self.error(st, &r.path, e);
        }
        let file = File::new(r);
        let r = &file.result;
        let n = r.finding_count();
        let t = &mut st.totals;
        t.files_scanned += 1;
        t.bytes_on_disk += r.input_bytes;
        t.bytes_scanned += r.report.bytes_scanned;
        t.finding_count += n;
        for (k, v) in &r.report.counts {
            *t.counts.entry(k.clone()).or_default() += v;
        }
        if n > 0 {
            t.files_with_findings += 1;
        }
        t.unscannable_count += file.unscannable_count;
        if file.unscannable_count > 0 {
            t.files_with_unscannable += 1;
        }
        let verdict = action_name(r.report.verdict.action);
        *t.verdicts.entry(verdict.to_string()).or_default() += 1;
        if file.is_listed() {
            t.files_listed += 1;
            *t.listed_verdicts.entry(verdict.to_string()).or_default() += 1;
        }
        let mut text = String::new();
        if let Some(w) = st.writer.as_mut() {
            w.begin_file(&file, &mut text);
            for f in &file.result.report.findings {
                w.finding(&file, f, &mut text);
            }
            for part in &file.unscannable {
                w.unscannable(&file, part, &mut text);
            }
            w.end_file(file, &mut text);
        }
        self.write(st, &text);
    }

    /// Writes what the formats keep for the end and returns the totals.
    pub fn finish(self) -> Totals {
        let elapsed = self.started.elapsed().as_secs_f64();
        let mut st = self.state.into_inner().unwrap_or_else(|e| e.into_inner());
        st.totals.elapsed_seconds = elapsed;
        let mut text = String::new();
        if let Some(mut w) = st.writer.take() {
            w.finish(&End { totals: &st.totals, errors: &st.errors }, &mut text);
        }
        write_out(self.progress, &mut st, &text);
        let t = &st.totals;
        if self.note_unscannable && t.unscannable_count > 0 {
            // One line, however many parts: the output lists them.
            eprintln!(
                "mamori: {} not inspected in {} (listed in the output)",
                super::unscannable::plural_parts(t.unscannable_count),
                if t.files_with_unscannable == 1 {
                    "1 file".to_string()
                } else {
                    format!("{} files", t.files_with_unscannable)
                }
            );
        }
        st.totals
    }
}

/// Writes `text` to the output and flushes, with the progress bar cleared; a failed write
/// marks the output broken (a closed pipe quietly).
fn write_out(progress: &Progress, st: &mut State, text: &str) {
    if st.broken || text.is_empty() {
        return;
    }
    let out = &mut st.out;
    let res = progress.suspend(|| {
        out.write_all(text.as_bytes())?;
        out.flush()
    });
    if let Err(e) = res {
        if e.kind() != io::ErrorKind::BrokenPipe {
            eprintln!("mamori: cannot write output: {e}");
        }
        st.broken = true;
    }
}

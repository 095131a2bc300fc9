//! The [`Printer`]: receives results from the scanning threads, keeps the totals and has
//! the format's [`Writer`] write them to standard output.

use super::{action_name, writer, End, ErrorRecord, OutputOpts, Totals, Writer};
use crate::progress::Progress;
use crate::scan::FileResult;
use mamori::Scanner;
use std::io::{self, Write};
use std::sync::Mutex;
use std::time::Instant;

struct State {
    out: Box<dyn Write + Send>,
    /// `None` with `--quiet`.
    writer: Option<Box<dyn Writer>>,
    /// Set when standard output went away (e.g. `| head`): stop scanning quietly.
    broken: bool,
    totals: Totals,
    errors: Vec<ErrorRecord>,
}

/// Receives results from the scanning threads and writes them.
pub struct Printer<'a> {
    progress: &'a Progress,
    state: Mutex<State>,
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
            state: Mutex::new(State {
                out,
                writer,
                broken: false,
                totals: Totals::default(),
                errors: Vec::new(),
            }),
            started: Instant::now(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Writes `text` and flushes (with the progress bar cleared).
    fn write(&self, st: &mut State, text: &str) {
        if st.broken || text.is_empty() {
            return;
        }
        let out = &mut st.out;
        let res = self.progress.suspend(|| {
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

    /// An error that is not tied to a scanned file's result (walking, opening a root).
    pub fn error(&self, path: &str, message: &str) {
        self.progress.suspend(|| eprintln!("mamori: {path}: {message}"));
        let mut st = self.lock();
        st.totals.errors += 1;
        st.errors.push(ErrorRecord { path: path.to_string(), error: message.to_string() });
    }

    /// A file is done.
    pub fn file_done(&self, r: FileResult) {
        if let Some(e) = &r.error {
            self.error(&r.path, e);
        }
        // Never silent: what could not be inspected is said on stderr (the verdict already
        // reflects it through the policy).
        for u in &r.report.unscannable {
            eprintln!(
                "mamori: {}: not inspected ({}): {}",
                u.location,
                serde_json::to_value(u.reason)
                    .ok()
                    .and_then(|v| v.as_str().map(String::from))
                    .unwrap_or_default(),
                u.detail
            );
        }
        let n = r.finding_count();
        let mut st = self.lock();
        let t = &mut st.totals;
        t.files_scanned += 1;
        t.bytes_scanned += r.report.bytes_scanned;
        t.finding_count += n;
        for (k, v) in &r.report.counts {
            *t.counts.entry(k.clone()).or_default() += v;
        }
        if n > 0 {
            t.files_with_findings += 1;
        }
        *t.verdicts.entry(action_name(r.report.verdict.action).to_string()).or_default() += 1;
        let mut text = String::new();
        if let Some(w) = st.writer.as_mut() {
            w.begin_file(&r, &mut text);
            for f in &r.report.findings {
                w.finding(&r, f, &mut text);
            }
            w.end_file(r, &mut text);
        }
        self.write(&mut st, &text);
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
        if !st.broken && !text.is_empty() {
            let out = &mut st.out;
            let res = self.progress.suspend(|| {
                out.write_all(text.as_bytes())?;
                out.flush()
            });
            if let Err(e) = res {
                if e.kind() != io::ErrorKind::BrokenPipe {
                    eprintln!("mamori: cannot write output: {e}");
                }
            }
        }
        st.totals
    }
}

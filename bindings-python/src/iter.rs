//! `Scanner.iter_file` and `Scanner.iter_bytes`: findings handed to Python as the scan
//! finds them.
//!
//! The scan runs on its own thread through the core's `scan_path_with` /
//! `scan_bytes_with` / `scan_reader_with`, with a [`Sink`] that sends every finding over a
//! bounded channel ([`BACKLOG`] findings: a slow consumer pauses the scan instead of
//! letting findings pile up). The Python iterator receives them with the GIL released.
//! Closing or dropping the iterator drops the receiving end and raises a cancel flag; the
//! sink then answers [`Flow::Stop`] at the scan's next event (a finding, an unread part, a
//! text unit starting or ending), and the scan ends with `Report.stopped` set.

use crate::errors::{internal_error, io_error, MamoriError};
use crate::input::{OwnedInput, Source};
use crate::report::{PyFinding, PyReport};
use mamori::{ExtractError, Finding, Flow, Report, Sink, Unscannable};
use pyo3::prelude::*;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::{Arc, Mutex, MutexGuard, TryLockError};
use std::thread::JoinHandle;

/// Findings the scan thread may get ahead of the Python consumer.
const BACKLOG: usize = 256;

/// What the scan thread scans.
pub(crate) enum Job {
    Path(PathBuf),
    Bytes { input: OwnedInput, name: Option<String> },
}

/// Why a scan thread ended without a report.
enum Failure {
    /// The file could not be read.
    Io(std::io::Error),
    /// Reading a Python buffer failed (the interpreter is exiting).
    Reader(ExtractError),
    /// A panic in the engine, as `internal_error` words it.
    Panic(Box<dyn std::any::Any + Send>),
}

type Outcome = Result<Report, Failure>;

/// Sends each finding to the Python iterator; stops the scan once the iterator is gone.
struct ChannelSink {
    tx: SyncSender<Finding>,
    cancel: Arc<AtomicBool>,
}

impl ChannelSink {
    fn flow(&self) -> Flow {
        if self.cancel.load(Ordering::Relaxed) {
            Flow::Stop
        } else {
            Flow::Continue
        }
    }
}

impl Sink for ChannelSink {
    fn begin(&mut self, _location: &str) -> Flow {
        self.flow()
    }

    fn finding(&mut self, finding: &Finding) -> Flow {
        if self.flow() == Flow::Stop || self.tx.send(finding.clone()).is_err() {
            return Flow::Stop; // the iterator was closed or dropped
        }
        Flow::Continue
    }

    fn unscannable(&mut self, _part: &Unscannable) -> Flow {
        self.flow()
    }

    fn end(&mut self, _location: &str) -> Flow {
        self.flow()
    }
}

fn run(scanner: &mamori::Scanner, job: &Job, sink: &mut ChannelSink) -> Outcome {
    match job {
        Job::Path(path) => scanner.scan_path_with(path, sink).map_err(|e| match e {
            ExtractError::Path { source, .. } | ExtractError::Io(source) => Failure::Io(source),
        }),
        Job::Bytes { input, name } => match input.source() {
            Source::InPlace(bytes) => Ok(scanner.scan_bytes_with(bytes, name.as_deref(), sink)),
            Source::Copied(reader) => {
                scanner.scan_reader_with(reader, name.as_deref(), sink).map_err(Failure::Reader)
            }
        },
    }
}

enum State {
    /// The scan may still send findings.
    Running { rx: Receiver<Finding>, thread: JoinHandle<Outcome> },
    /// The scan ended: its report (None when it failed or the iterator was closed before
    /// the scan thread could be joined).
    Done(Option<Arc<Report>>),
}

/// An iterator over the findings of one scan, as they are found (see
/// :meth:`Scanner.iter_file`). After the last finding ``report`` holds the :class:`Report`,
/// with the parts that could not be read in ``report.unscannable``. ``close()`` (or leaving
/// a ``with`` block, or dropping the iterator) stops the scan at its next event.
#[pyclass(module = "mamori", name = "ScanIterator", frozen)]
pub(crate) struct PyScanIterator {
    state: Mutex<State>,
    cancel: Arc<AtomicBool>,
    /// `Report.name`: the path given to `iter_file` or the name given to `iter_bytes`.
    name: Option<String>,
    /// `os.fspath(path)` of `iter_file`, for the `OSError` of a file that cannot be read.
    fspath: Option<Py<PyAny>>,
}

impl PyScanIterator {
    /// Starts `job` on a new thread.
    pub(crate) fn start(
        scanner: &mamori::Scanner,
        job: Job,
        name: Option<String>,
        fspath: Option<Py<PyAny>>,
    ) -> PyResult<Self> {
        let (tx, rx) = sync_channel(BACKLOG);
        let cancel = Arc::new(AtomicBool::new(false));
        let mut sink = ChannelSink { tx, cancel: cancel.clone() };
        let scanner = scanner.clone();
        let thread = std::thread::Builder::new()
            .name("mamori-scan".into())
            .spawn(move || {
                let outcome = catch_unwind(AssertUnwindSafe(|| run(&scanner, &job, &mut sink)))
                    .unwrap_or_else(|p| Err(Failure::Panic(p)));
                // The iterator sees the end of the findings once the sender is gone.
                drop(sink);
                outcome
            })
            .map_err(|e| MamoriError::new_err(format!("cannot start a scan thread: {e}")))?;
        Ok(PyScanIterator {
            state: Mutex::new(State::Running { rx, thread }),
            cancel,
            name,
            fspath,
        })
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The state when no other thread holds it. Used while attached, where waiting for the
    /// lock could deadlock: its holder may be waiting for a scan that needs the GIL.
    fn try_lock(&self) -> Option<MutexGuard<'_, State>> {
        match self.state.try_lock() {
            Ok(g) => Some(g),
            Err(TryLockError::Poisoned(p)) => Some(p.into_inner()),
            Err(TryLockError::WouldBlock) => None,
        }
    }

    /// The next finding (`close`: none, end the scan); runs detached. Once the scan has
    /// ended, joins its thread and keeps its report.
    fn step(&self, close: bool) -> Step {
        let mut state = self.lock();
        if !close {
            if let State::Running { rx, .. } = &*state {
                if let Ok(f) = rx.recv() {
                    return Step::Finding(f);
                }
            }
        }
        match std::mem::replace(&mut *state, State::Done(None)) {
            State::Done(report) => {
                *state = State::Done(report);
                Step::End(None)
            }
            State::Running { rx, thread } => {
                // A scan blocked on a full channel sees it closed and stops.
                drop(rx);
                match thread.join().unwrap_or_else(|p| Err(Failure::Panic(p))) {
                    Ok(report) => {
                        *state = State::Done(Some(Arc::new(report)));
                        Step::End(None)
                    }
                    Err(failure) => Step::End(Some(failure)),
                }
            }
        }
    }

    fn error(&self, py: Python<'_>, failure: Failure) -> PyErr {
        match failure {
            Failure::Io(e) => match &self.fspath {
                Some(p) => io_error(e, p.bind(py)),
                None => MamoriError::new_err(e.to_string()),
            },
            Failure::Reader(e) => MamoriError::new_err(format!("reading the buffer failed: {e}")),
            Failure::Panic(p) => internal_error(p),
        }
    }
}

/// What [`PyScanIterator::step`] found.
enum Step {
    Finding(Finding),
    /// The scan has ended, with the failure that ended it (reported once).
    End(Option<Failure>),
}

impl Drop for PyScanIterator {
    fn drop(&mut self) {
        // The receiver goes with the state: the scan stops at its next event and its
        // thread ends on its own.
        self.cancel.store(true, Ordering::Relaxed);
    }
}

#[pymethods]
impl PyScanIterator {
    fn __iter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Option<PyFinding>> {
        // A finding already waiting is taken without detaching.
        if let Some(state) = self.try_lock() {
            if let State::Running { rx, .. } = &*state {
                if let Ok(f) = rx.try_recv() {
                    return Ok(Some(PyFinding::new(f, None)));
                }
            }
        }
        match py.detach(|| self.step(false)) {
            Step::Finding(f) => Ok(Some(PyFinding::new(f, None))),
            Step::End(None) => Ok(None),
            Step::End(Some(failure)) => Err(self.error(py, failure)),
        }
    }

    /// Stops the scan at its next event (a finding, an unread part, a text unit starting or
    /// ending) and waits for it to end; ``report`` then holds what was scanned, with
    /// ``stopped`` True when the scan ended early. Findings not yet taken are dropped.
    /// Calling it again, or after the end, does nothing; it never raises for the scan's own
    /// errors (those are raised by the iteration).
    fn close(&self, py: Python<'_>) {
        self.cancel.store(true, Ordering::Relaxed);
        let _ = py.detach(|| matches!(self.step(true), Step::End(Some(_))));
    }

    /// The :class:`Report` once the scan has ended (every finding taken, or ``close()``
    /// called), else None. Its ``stopped`` is True when ``close()`` ended the scan early.
    #[getter]
    fn report(&self) -> Option<PyReport> {
        match self.try_lock().as_deref() {
            Some(State::Done(Some(r))) => Some(PyReport::new(r.clone(), None, self.name.clone())),
            _ => None, // running, or another thread is waiting for its next finding
        }
    }

    fn __enter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    /// Closes the iterator (see :meth:`close`).
    #[pyo3(signature = (_exc_type=None, _exc=None, _tb=None))]
    fn __exit__(
        &self,
        py: Python<'_>,
        _exc_type: Option<&Bound<'_, PyAny>>,
        _exc: Option<&Bound<'_, PyAny>>,
        _tb: Option<&Bound<'_, PyAny>>,
    ) -> bool {
        self.close(py);
        false
    }

    fn __repr__(&self) -> String {
        match self.try_lock().as_deref() {
            Some(State::Done(Some(r))) if r.stopped => "<mamori.ScanIterator stopped>".into(),
            Some(State::Done(_)) => "<mamori.ScanIterator finished>".into(),
            _ => "<mamori.ScanIterator running>".into(),
        }
    }
}

//! `Scanner` and `Stream`: every scan runs detached from the interpreter.

use crate::convert::{compile, from_py, value_key_arg, ScannerArgs};
use crate::errors::{
    internal_error, io_error, py_repr, type_error, MamoriError, StreamClosedError,
};
use crate::input::{Input, Source, COPY_STEP};
use crate::iter::{Job, PyScanIterator};
use crate::report::{char_spans, PyFinding, PyReport};
use mamori::{ExtractError, Finding, Report, ScannerConfig, StreamScanner};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyDict, PyMapping, PyString, PyTuple, PyType};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Runs `f`, turning a panic into `mamori.MamoriError`.
fn guarded<T>(f: impl FnOnce() -> T) -> PyResult<T> {
    catch_unwind(AssertUnwindSafe(f)).map_err(internal_error)
}

/// A compiled detector set: build once, reuse for every scan, share between threads.
///
/// ``kinds``: built-in kinds to detect (default: all, see ``mamori.KINDS``).
/// ``keywords``: confidential words, as str or dicts ``{"text", "label", "severity"}``
/// (matched width- and case-insensitively, Latin words as whole words).
/// ``regexes``: custom rules as dicts ``{"name", "pattern", "severity", "score"}`` or
/// ``(name, pattern)`` tuples, reported as kind ``custom`` under their name.
/// ``policy``: dict of the verdict policy (``block_on_any``, ``review_at_personal``,
/// ``block_at_personal``, ``review_at_persons``, ``block_at_persons``, ``per_kind``,
/// ``block_on_severity``, ``count_distinct``, ``min_confidence``, ``on_unscannable``);
/// missing fields keep the default (review at 1 personal item, block at 10 or on any My
/// Number or high-severity keyword; no threshold on ``Report.persons``).
/// ``min_confidence``: drop findings below ``low``/``medium``/``high``.
/// ``context_window``: characters on each side searched for context words (1-2000).
/// ``require_context``: kinds reported only with a context word nearby.
/// ``reveal_values``: put the raw matched text in ``Finding.text`` (never for logs).
/// ``max_findings``: findings kept per report (counts include all).
/// ``limits``: safety limits of document, mail and archive extraction, a dict with the
/// core's field names (``max_depth``, ``max_total_bytes``, ``max_member_bytes``,
/// ``max_ratio``, ``ratio_floor_bytes``, ``max_members``, ``max_time_ms``,
/// ``spill_threshold``, ``max_unscannable``, ``max_sheet_cells``, ``max_objects``); missing
/// fields keep the default, unknown ones raise :class:`ConfigError`.
/// ``value_key``: a secret (bytes, or str as UTF-8) that gives every finding a keyed
/// ``Finding.value_id`` (HMAC-SHA256 of the normalised value, 16 hex digits), to join
/// results of separate runs and tools without the values.
///
/// Raises :class:`ConfigError` (a ``ValueError``) for invalid values and ``TypeError``
/// for arguments of the wrong type.
#[pyclass(module = "mamori", name = "Scanner", frozen)]
pub(crate) struct PyScanner {
    inner: mamori::Scanner,
}

#[pymethods]
impl PyScanner {
    #[new]
    #[pyo3(signature = (
        kinds=None,
        keywords=None,
        regexes=None,
        policy=None,
        min_confidence="low",
        context_window=300,
        require_context=None,
        reveal_values=false,
        max_findings=20_000,
        limits=None,
        value_key=None,
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        kinds: Option<&Bound<'_, PyAny>>,
        keywords: Option<&Bound<'_, PyAny>>,
        regexes: Option<&Bound<'_, PyAny>>,
        policy: Option<&Bound<'_, PyAny>>,
        min_confidence: &str,
        context_window: i64,
        require_context: Option<&Bound<'_, PyAny>>,
        reveal_values: bool,
        max_findings: i64,
        limits: Option<&Bound<'_, PyAny>>,
        value_key: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let value_key = value_key_arg(value_key)?;
        let config = ScannerArgs {
            kinds,
            keywords,
            regexes,
            policy,
            min_confidence,
            context_window,
            require_context,
            reveal_values,
            max_findings,
            limits,
        }
        .into_config()?;
        // Compiling 10,000+ keywords takes a moment: let other threads run meanwhile.
        let inner = py.detach(|| guarded(|| compile(config, value_key.as_deref())))??;
        Ok(PyScanner { inner })
    }

    /// Builds a scanner from a dict in the core's configuration shape (the JSON a config
    /// file holds): ``kinds``, ``context_window``, ``require_context``,
    /// ``min_confidence``, ``keywords``, ``regexes``, ``policy``, ``reveal_values``,
    /// ``max_findings``, ``limits``. Unknown keys raise :class:`ConfigError`.
    /// ``value_key`` is as in the constructor (never part of the configuration).
    #[classmethod]
    #[pyo3(signature = (config, value_key=None))]
    fn from_config(
        _cls: &Bound<'_, PyType>,
        py: Python<'_>,
        config: &Bound<'_, PyAny>,
        value_key: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let value_key = value_key_arg(value_key)?;
        if !config.is_instance_of::<PyDict>() && config.cast::<PyMapping>().is_err() {
            return Err(type_error("config", "a dict", config));
        }
        let config: ScannerConfig = from_py(config, "config")?;
        let inner = py.detach(|| guarded(|| compile(config, value_key.as_deref())))??;
        Ok(PyScanner { inner })
    }

    /// The configuration as a dict (the shape :meth:`from_config` accepts).
    fn config<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let json = serde_json::to_string(self.inner.config())
            .map_err(|e| MamoriError::new_err(e.to_string()))?;
        py.import("json")?.call_method1("loads", (json,))
    }

    /// Scans a ``str``. Finding offsets ``start``/``end`` are character indices into
    /// ``text`` (``text[f.start:f.end]`` is the item); ``byte_start``/``byte_end`` are
    /// UTF-8 byte offsets. The GIL is released during the scan.
    fn scan_text(&self, py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<PyReport> {
        let s = text.cast::<PyString>().map_err(|_| {
            let hint = if text.is_instance_of::<PyBytes>() {
                "str (use scan_bytes() for bytes)"
            } else {
                "str"
            };
            type_error("text", hint, text)
        })?;
        // UTF-8 view cached inside the str object: no copy after the first call. A str
        // with lone surrogates cannot be encoded and raises UnicodeEncodeError.
        let utf8 = s.to_str()?;
        let ascii = s.code_point_len()? == utf8.len();
        let scanner = &self.inner;
        let (report, spans) = py.detach(|| {
            guarded(|| {
                let report = scanner.scan(utf8.as_bytes());
                let spans = (!ascii).then(|| char_spans(utf8, &report.findings));
                (report, spans)
            })
        })?;
        Ok(PyReport::new(Arc::new(report), spans, None))
    }

    /// Extracts and scans ``bytes``, ``bytearray``, ``memoryview`` or any bytes-like object
    /// (``mmap``, ``array``, NumPy) through the core's ``Scanner::scan_bytes``, like a file:
    /// the format is detected by content, so text in any Japanese encoding, HTML, XML, RTF,
    /// docx/xlsx/pptx, PDF, e-mail and zip/tar/gzip archives are read. ``name`` (say, an
    /// attachment's file name) is optional: a hint where the content is ambiguous, the
    /// start of every ``location`` and ``Report.name``.
    ///
    /// Each finding's ``location`` says where it sits (``名簿.xlsx#顧客!C12``,
    /// ``a.zip!b/c.csv``; ``name`` for plain UTF-8 text, None for unnamed plain UTF-8
    /// text); offsets are byte offsets into ``data`` for plain UTF-8 text, else into the
    /// extracted text of that place. Parts that could not be read are listed in
    /// ``Report.unscannable``. ``bytes``, read-only views of ``bytes`` and read-only
    /// ``mmap`` objects are read in place, zero-copy; writable buffers are copied in 1 MiB
    /// pieces while the GIL is held, because another thread could write to them mid-scan.
    /// The GIL is released during the scan.
    #[pyo3(signature = (data, name=None))]
    fn scan_bytes(
        &self,
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        name: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyReport> {
        let name = name_arg(name)?;
        let input = Input::extract(data, "data")?;
        let report = extract_input(py, &self.inner, &input, name.as_deref())?;
        Ok(PyReport::new(Arc::new(report), None, name))
    }

    /// Scans the file at ``path`` (``str``, ``bytes`` or ``os.PathLike``) through the
    /// core's ``Scanner::scan_path``: the format is detected by content, so text in any
    /// Japanese encoding, docx/xlsx/pptx, PDF, e-mail (.eml) and zip/tar/gzip archives
    /// (nested in any order) are extracted and scanned. Each finding's ``location`` says
    /// where it sits, starting with the file's name (``顧客台帳.xlsx#顧客!C12``,
    /// ``a.zip!b/c.csv``, ``mail.eml#From``; the bare name for plain UTF-8 text, whose
    /// offsets stay byte offsets into the file); offsets of extracted places are relative to
    /// that place's text. Parts that could not be read (encrypted, corrupt, over a safety
    /// limit, unsupported format) are listed in ``Report.unscannable``, never raised.
    /// Raises ``OSError`` (``FileNotFoundError``, ``IsADirectoryError``,
    /// ``PermissionError``) with the file name when the file itself cannot be read. The GIL
    /// is released while reading and scanning.
    fn scan_file(&self, py: Python<'_>, path: &Bound<'_, PyAny>) -> PyResult<PyReport> {
        let (fspath, path) = fs_path(path)?;
        let scanner = &self.inner;
        let result = py.detach(|| guarded(|| scan_path(scanner, &path)))?;
        match result {
            Ok(report) => {
                Ok(PyReport::new(Arc::new(report), None, Some(path.to_string_lossy().into_owned())))
            }
            Err(e) => Err(io_error(e, &fspath)),
        }
    }

    /// Scans the file at ``path`` like :meth:`scan_file` and returns an iterator over its
    /// findings **as the scan finds them**: the scan runs on a background thread (the GIL
    /// released) and hands each :class:`Finding` over a bounded queue (256 findings: a slow
    /// consumer pauses the scan). The iterator yields findings only, every one of them (not
    /// capped by ``max_findings``); once it is exhausted its ``report`` holds the
    /// :class:`Report` with the parts that could not be read in ``report.unscannable``.
    /// ``close()``, leaving a ``with`` block or dropping the iterator stops the scan at its
    /// next finding or document part (``report.stopped`` is then True). Raises ``OSError``
    /// at once when the file cannot be opened.
    fn iter_file(&self, py: Python<'_>, path: &Bound<'_, PyAny>) -> PyResult<PyScanIterator> {
        let (fspath, path) = fs_path(path)?;
        py.detach(|| check_readable(&path)).map_err(|e| io_error(e, &fspath))?;
        let name = Some(path.to_string_lossy().into_owned());
        PyScanIterator::start(&self.inner, Job::Path(path), name, Some(fspath.unbind()))
    }

    /// Scans ``data`` like :meth:`scan_bytes` (``name`` optional) and returns an iterator
    /// over its findings as the scan finds them (see :meth:`iter_file`). The data is held
    /// (the buffer export pins it) until the scan ends; a writable buffer is read while the
    /// scan runs, in 1 MiB pieces copied while the GIL is held.
    #[pyo3(signature = (data, name=None))]
    fn iter_bytes(
        &self,
        data: &Bound<'_, PyAny>,
        name: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyScanIterator> {
        let name = name_arg(name)?;
        let input = Input::extract(data, "data")?.into_owned()?;
        let job = Job::Bytes { input, name: name.clone() };
        PyScanIterator::start(&self.inner, job, name, None)
    }

    /// Coroutine of :meth:`scan_bytes`: ``await scanner.scan_bytes_async(data, name=None)``
    /// runs the scan in a worker thread of the event loop's default executor
    /// (``asyncio.to_thread``), so the event loop keeps running. Arguments are checked when
    /// the scan runs: errors are raised by ``await``. A writable buffer is read while the
    /// scan runs, so leave it unchanged until the ``await`` returns.
    #[pyo3(signature = (data, name=None))]
    fn scan_bytes_async<'py>(
        slf: &Bound<'py, Self>,
        data: &Bound<'py, PyAny>,
        name: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let none = slf.py().None().into_bound(slf.py());
        to_thread(slf, "scan_bytes", &[data, name.unwrap_or(&none)])
    }

    /// Coroutine of :meth:`scan_file`: ``await scanner.scan_file_async(path)`` reads and
    /// scans the file in a worker thread of the event loop's default executor
    /// (``asyncio.to_thread``), so the event loop keeps running. ``await`` raises what
    /// :meth:`scan_file` raises (``OSError`` when the file cannot be read).
    fn scan_file_async<'py>(
        slf: &Bound<'py, Self>,
        path: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        to_thread(slf, "scan_file", &[path])
    }

    /// Starts a streaming scan: ``feed()`` chunks of any size, split anywhere, then
    /// ``finish()``; the findings and byte offsets equal those of one ``scan_bytes`` of the
    /// whole input, in bounded memory. Usable as a context manager.
    fn stream(&self) -> PyStream {
        PyStream { state: Mutex::new(StreamState::Open(Box::new(self.inner.stream()))) }
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        let c = self.inner.config();
        let kinds = match &c.kinds {
            None => "None".to_string(),
            Some(k) => format!(
                "[{}]",
                k.iter().map(|k| py_repr(py, k.as_str())).collect::<Vec<_>>().join(", ")
            ),
        };
        format!(
            "Scanner(kinds={kinds}, keywords={}, regexes={}, min_confidence={})",
            c.keywords.len(),
            c.regexes.len(),
            py_repr(py, c.min_confidence.as_str())
        )
    }
}

/// `asyncio.to_thread(scanner.method, *args)`: a coroutine running the method in the
/// default executor of the running event loop.
fn to_thread<'py>(
    scanner: &Bound<'py, PyScanner>,
    method: &str,
    args: &[&Bound<'py, PyAny>],
) -> PyResult<Bound<'py, PyAny>> {
    static TO_THREAD: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let py = scanner.py();
    let mut call = vec![scanner.getattr(method)?];
    call.extend(args.iter().map(|a| (*a).clone()));
    TO_THREAD.import(py, "asyncio", "to_thread")?.call1(PyTuple::new(py, call)?)
}

/// The optional `name` argument of `scan_bytes` and `iter_bytes`.
fn name_arg(name: Option<&Bound<'_, PyAny>>) -> PyResult<Option<String>> {
    match name.filter(|n| !n.is_none()) {
        None => Ok(None),
        Some(n) => Ok(Some(
            n.cast::<PyString>()
                .map_err(|_| type_error("name", "a str or None", n))?
                .to_str()?
                .to_string(),
        )),
    }
}

/// `os.fspath(path)` (for error messages) and the same path as a `PathBuf` (str through
/// the filesystem encoding, bytes as they are).
fn fs_path<'py>(path: &Bound<'py, PyAny>) -> PyResult<(Bound<'py, PyAny>, PathBuf)> {
    let py = path.py();
    let p = py.import("os")?.call_method1("fspath", (path,))?;
    if let Ok(b) = p.cast::<PyBytes>() {
        #[cfg(unix)]
        let buf = {
            use std::os::unix::ffi::OsStrExt;
            PathBuf::from(std::ffi::OsStr::from_bytes(b.as_bytes()))
        };
        #[cfg(not(unix))]
        let buf = PathBuf::from(
            std::str::from_utf8(b.as_bytes()).map_err(|_| type_error("path", "valid UTF-8", &p))?,
        );
        return Ok((p, buf));
    }
    let buf = p.extract::<PathBuf>()?;
    Ok((p, buf))
}

/// Extracts and scans a bytes-like input with the core's `Scanner::scan_bytes` (`name` as
/// the hint), detached from the interpreter. Inputs that may change while detached are
/// read through the core's `Scanner::scan_reader`, copied piecewise while attached (see
/// `input.rs`).
fn extract_input(
    py: Python<'_>,
    scanner: &mamori::Scanner,
    input: &Input<'_>,
    name: Option<&str>,
) -> PyResult<Report> {
    match input.source() {
        Source::InPlace(bytes) => py.detach(|| guarded(|| scanner.scan_bytes(bytes, name))),
        Source::Copied(reader) => {
            py.detach(|| guarded(|| scanner.scan_reader(reader, name)))?.map_err(reader_error)
        }
    }
}

/// The error of a scan whose reader of a Python buffer failed (the interpreter is exiting).
fn reader_error(e: ExtractError) -> PyErr {
    MamoriError::new_err(format!("reading the buffer failed: {e}"))
}

/// Fails as `open()` would when `path` cannot be read: missing, not permitted, or a
/// directory (refused up front with `EISDIR`).
fn check_readable(path: &Path) -> std::io::Result<()> {
    if std::fs::metadata(path)?.is_dir() {
        return Err(std::io::Error::from_raw_os_error(21)); // EISDIR
    }
    std::fs::File::open(path).map(drop)
}

/// Scans a file with the core's `Scanner::scan_path` (documents, mail and archives
/// extracted). A directory is refused up front with `EISDIR`, as `open()` does in Python.
fn scan_path(scanner: &mamori::Scanner, path: &Path) -> std::io::Result<Report> {
    check_readable(path)?;
    scanner.scan_path(path).map_err(|e| match e {
        ExtractError::Path { source, .. } | ExtractError::Io(source) => source,
    })
}

enum StreamState {
    Open(Box<StreamScanner>),
    Finished(Arc<Report>),
    /// Left by an exception inside a `with` block, or by an internal error.
    Closed,
}

/// A streaming scan made by :meth:`Scanner.stream`.
///
/// ``feed(chunk)`` takes ``bytes``-like objects or ``str`` (encoded as UTF-8) and returns
/// the findings that became final (byte offsets into the whole stream); ``finish()``
/// returns the :class:`Report` of everything fed. As a context manager, leaving the
/// ``with`` block finishes the stream (the report is then in ``.report``); an exception
/// inside the block closes it without a report. The GIL is released while scanning; a
/// stream may be fed from several threads, one call at a time.
#[pyclass(module = "mamori", name = "Stream", frozen)]
pub(crate) struct PyStream {
    state: Mutex<StreamState>,
}

impl PyStream {
    /// Runs `f` on the open scanner, detached; the lock is taken while detached so a
    /// thread waiting for it never holds the GIL.
    fn with_open<T: Send>(
        &self,
        py: Python<'_>,
        f: impl FnOnce(&mut StreamScanner) -> T + Send,
    ) -> PyResult<T> {
        py.detach(|| {
            let mut state = match self.state.lock() {
                Ok(g) => g,
                Err(poisoned) => {
                    let mut g = poisoned.into_inner();
                    *g = StreamState::Closed;
                    g
                }
            };
            match &mut *state {
                StreamState::Open(s) => match catch_unwind(AssertUnwindSafe(|| f(s))) {
                    Ok(v) => Ok(v),
                    Err(p) => {
                        *state = StreamState::Closed;
                        Err(internal_error(p))
                    }
                },
                StreamState::Finished(_) => {
                    Err(StreamClosedError::new_err("the stream is already finished"))
                }
                StreamState::Closed => Err(StreamClosedError::new_err("the stream is closed")),
            }
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, StreamState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[pymethods]
impl PyStream {
    /// Feeds the next chunk (``bytes``-like or ``str``) and returns the findings that became
    /// final, with byte offsets into the whole stream. Raises :class:`StreamClosedError`
    /// after ``finish()``.
    fn feed(&self, py: Python<'_>, chunk: &Bound<'_, PyAny>) -> PyResult<Vec<PyFinding>> {
        let mut out: Vec<Finding> = Vec::new();
        if let Ok(s) = chunk.cast::<PyString>() {
            let utf8 = s.to_str()?;
            self.with_open(py, |st| st.feed_with(utf8.as_bytes(), |f| out.push(f.clone())))?;
        } else {
            let input = Input::extract(chunk, "chunk")?;
            if let Some(bytes) = input.in_place() {
                self.with_open(py, |st| st.feed_with(bytes, |f| out.push(f.clone())))?;
            } else {
                let mut piece = Vec::with_capacity(input.len().min(COPY_STEP));
                let mut offset = 0;
                while offset < input.len() {
                    input.copy_piece(py, offset, &mut piece);
                    offset += piece.len();
                    self.with_open(py, |st| st.feed_with(&piece, |f| out.push(f.clone())))?;
                }
            }
        }
        Ok(out.into_iter().map(|f| PyFinding::new(f, None)).collect())
    }

    /// Ends the input and returns the :class:`Report` of the whole stream. Calling it
    /// again returns the same report.
    fn finish(&self, py: Python<'_>) -> PyResult<PyReport> {
        let report = py.detach(|| {
            let mut state = self.lock();
            match std::mem::replace(&mut *state, StreamState::Closed) {
                StreamState::Open(s) => match catch_unwind(AssertUnwindSafe(move || s.finish())) {
                    Ok(r) => {
                        let r = Arc::new(r);
                        *state = StreamState::Finished(r.clone());
                        Ok(r)
                    }
                    Err(p) => Err(internal_error(p)),
                },
                StreamState::Finished(r) => {
                    *state = StreamState::Finished(r.clone());
                    Ok(r)
                }
                StreamState::Closed => Err(StreamClosedError::new_err("the stream is closed")),
            }
        })?;
        Ok(PyReport::new(report, None, None))
    }

    /// The report once the stream is finished, else None.
    #[getter]
    fn report(&self) -> Option<PyReport> {
        match &*self.lock() {
            StreamState::Finished(r) => Some(PyReport::new(r.clone(), None, None)),
            _ => None,
        }
    }

    /// Bytes fed so far (None once finished or closed; see ``report.bytes_scanned``).
    #[getter]
    fn bytes_fed(&self) -> Option<u64> {
        match &*self.lock() {
            StreamState::Open(s) => Some(s.bytes_fed()),
            StreamState::Finished(r) => Some(r.bytes_scanned),
            StreamState::Closed => None,
        }
    }

    /// True once ``finish()`` was called or the ``with`` block was left.
    #[getter]
    fn closed(&self) -> bool {
        !matches!(&*self.lock(), StreamState::Open(_))
    }

    fn __enter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    /// Finishes the stream (or, when the block raised, closes it without a report).
    #[pyo3(signature = (exc_type=None, _exc=None, _tb=None))]
    fn __exit__(
        &self,
        py: Python<'_>,
        exc_type: Option<&Bound<'_, PyAny>>,
        _exc: Option<&Bound<'_, PyAny>>,
        _tb: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<bool> {
        if exc_type.is_some_and(|t| !t.is_none()) {
            let mut state = self.lock();
            if matches!(&*state, StreamState::Open(_)) {
                *state = StreamState::Closed;
            }
        } else if matches!(&*self.lock(), StreamState::Open(_)) {
            self.finish(py)?;
        }
        Ok(false)
    }

    fn __repr__(&self) -> String {
        match &*self.lock() {
            StreamState::Open(s) => format!("<mamori.Stream open, {} bytes fed>", s.bytes_fed()),
            StreamState::Finished(r) => {
                format!("<mamori.Stream finished, {} bytes>", r.bytes_scanned)
            }
            StreamState::Closed => "<mamori.Stream closed>".to_string(),
        }
    }
}

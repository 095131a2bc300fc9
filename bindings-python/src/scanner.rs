//! `Scanner` and `Stream`: every scan runs detached from the interpreter.

use crate::convert::{compile, from_py, ScannerArgs};
use crate::errors::{
    internal_error, io_error, py_repr, type_error, MamoriError, StreamClosedError,
};
use crate::input::{Input, COPY_STEP};
use crate::report::{char_spans, PyFinding, PyReport};
use mamori::{Finding, Report, ScannerConfig, StreamScanner};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyMapping, PyString, PyType};
use std::fs::File;
use std::io::Read;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Files up to this size are read whole and scanned in one call; larger files stream.
const WHOLE_FILE_MAX: u64 = 16 << 20;

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
/// ``block_at_personal``, ``per_kind``, ``block_on_severity``, ``count_distinct``,
/// ``min_confidence``, ``on_unscannable``); missing fields keep the default (review at 1
/// personal item, block at 10 or on any My Number or high-severity keyword).
/// ``min_confidence``: drop findings below ``low``/``medium``/``high``.
/// ``context_window``: characters on each side searched for context words (1-2000).
/// ``require_context``: kinds reported only with a context word nearby.
/// ``reveal_values``: put the raw matched text in ``Finding.text`` (never for logs).
/// ``max_findings``: findings kept per report (counts include all).
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
        max_findings=100_000,
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
    ) -> PyResult<Self> {
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
        }
        .into_config()?;
        // Compiling 10,000+ keywords takes a moment: let other threads run meanwhile.
        let inner = py.detach(|| guarded(|| compile(config)))??;
        Ok(PyScanner { inner })
    }

    /// Builds a scanner from a dict in the core's configuration shape (the JSON a config
    /// file holds): ``kinds``, ``context_window``, ``require_context``,
    /// ``min_confidence``, ``keywords``, ``regexes``, ``policy``, ``reveal_values``,
    /// ``max_findings``. Unknown keys raise :class:`ConfigError`.
    #[classmethod]
    fn from_config(
        _cls: &Bound<'_, PyType>,
        py: Python<'_>,
        config: &Bound<'_, PyAny>,
    ) -> PyResult<Self> {
        if !config.is_instance_of::<PyDict>() && config.cast::<PyMapping>().is_err() {
            return Err(type_error("config", "a dict", config));
        }
        let config: ScannerConfig = from_py(config, "config")?;
        let inner = py.detach(|| guarded(|| compile(config)))??;
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

    /// Scans ``bytes``, ``bytearray``, ``memoryview`` or any bytes-like object (``mmap``,
    /// ``array``, NumPy); offsets are byte offsets. ``bytes``, read-only views of
    /// ``bytes`` and read-only ``mmap`` objects are scanned in place, zero-copy. Writable
    /// buffers are copied in 1 MiB pieces while the GIL is held (each piece is then scanned
    /// with the GIL released), because another thread could write to them mid-scan.
    /// ``name`` (say, an attachment's file name) is recorded on the report; it will choose
    /// the document extractor once the core extracts documents. The GIL is released
    /// during the scan.
    #[pyo3(signature = (data, name=None))]
    fn scan_bytes(
        &self,
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        name: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyReport> {
        let name = match name.filter(|n| !n.is_none()) {
            None => None,
            Some(n) => Some(
                n.cast::<PyString>()
                    .map_err(|_| type_error("name", "a str or None", n))?
                    .to_str()?
                    .to_string(),
            ),
        };
        let input = Input::extract(data, "data")?;
        let report = scan_input(py, &self.inner, &input)?;
        Ok(PyReport::new(Arc::new(report), None, name))
    }

    /// Scans the file at ``path`` (``str``, ``bytes`` or ``os.PathLike``); offsets are byte
    /// offsets. For now every file is read as text: documents and archives (docx, xlsx,
    /// pdf, zip) are not extracted yet, so ``Report.unscannable`` is always empty. Large
    /// files are streamed in bounded memory. Raises ``OSError`` (``FileNotFoundError``,
    /// ``IsADirectoryError``, ``PermissionError``) with the file name. The GIL is
    /// released while reading and scanning.
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

/// Scans a bytes-like input detached from the interpreter (see `input.rs` for when the
/// memory is read in place and when it is copied piecewise).
fn scan_input(py: Python<'_>, scanner: &mamori::Scanner, input: &Input<'_>) -> PyResult<Report> {
    if let Some(bytes) = input.in_place() {
        return py.detach(|| guarded(|| scanner.scan(bytes)));
    }
    let len = input.len();
    let mut piece = Vec::with_capacity(len.min(COPY_STEP));
    if len <= COPY_STEP {
        input.copy_piece(py, 0, &mut piece);
        return py.detach(|| guarded(|| scanner.scan(&piece)));
    }
    let mut stream = scanner.stream();
    let mut offset = 0;
    while offset < len {
        input.copy_piece(py, offset, &mut piece);
        offset += piece.len();
        py.detach(|| guarded(|| stream.feed_with(&piece, |_| {})))?;
    }
    py.detach(|| guarded(|| stream.finish()))
}

/// Scans a file: the seam where document and archive extraction will plug in.
///
/// Today every file is scanned as text (small files in one call, large ones streamed in
/// 1 MiB reads), so the report's `unscannable` list is empty and findings have no
/// `location`. When the core gains `Scanner::scan_path` (issue 2: documents and
/// archives), this function becomes a call to it; `scan_file` and its tests stay as they are.
fn scan_path(scanner: &mamori::Scanner, path: &Path) -> std::io::Result<Report> {
    let mut file = File::open(path)?;
    let meta = file.metadata()?;
    if meta.is_dir() {
        return Err(std::io::Error::from_raw_os_error(21)); // EISDIR
    }
    if meta.len() <= WHOLE_FILE_MAX {
        let mut bytes = Vec::with_capacity(meta.len() as usize + 1);
        file.read_to_end(&mut bytes)?;
        return Ok(scanner.scan(&bytes));
    }
    let mut stream = scanner.stream();
    let mut buf = vec![0u8; COPY_STEP];
    loop {
        let n = match file.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        stream.feed_with(&buf[..n], |_| {});
    }
    Ok(stream.finish())
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

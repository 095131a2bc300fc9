//! Python objects as bytes to scan, without copying where that is safe.
//!
//! Scans run detached from the interpreter (GIL released), so other Python threads run
//! meanwhile and could write to a mutable buffer the engine is reading. Hence:
//!
//! * `bytes` (and subclasses) are immutable: scanned in place.
//! * Read-only buffers whose exporter Python code cannot write to, that is a `memoryview`
//!   of `bytes` or an `mmap` opened with `ACCESS_READ` (directly or through a
//!   `memoryview`): scanned in place. The buffer export we hold keeps the memory pinned
//!   (an exported `mmap` cannot be closed or resized).
//! * Every other buffer (`bytearray`, writable `memoryview`, `array.array`, NumPy arrays,
//!   writable `mmap`, or a read-only view of one of those): copied in pieces of at most
//!   [`COPY_STEP`] bytes while attached ([`SharedReader`] for the extracting scans,
//!   [`Input::copy_piece`] for streams), each piece scanned detached. Each piece is a
//!   consistent snapshot; memory stays bounded whatever the buffer size, and the findings
//!   equal those of the same bytes read in place.
//! * Non-contiguous buffers (`memoryview(b)[::2]`) are first made contiguous by
//!   `memoryview.tobytes()`.

use crate::errors::type_error;
use pyo3::buffer::PyUntypedBuffer;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyMemoryView, PyString, PyType};

/// Largest piece of a mutable buffer copied at a time.
pub(crate) const COPY_STEP: usize = 1 << 20;

/// Bytes-like input ready to scan.
pub(crate) enum Input<'py> {
    /// Immutable `bytes`.
    Bytes(Bound<'py, PyBytes>),
    /// A contiguous buffer that no Python code can write to while we hold the export.
    Pinned(PyUntypedBuffer),
    /// A contiguous buffer that Python code may write to: read only while attached.
    Shared(PyUntypedBuffer),
}

static MMAP_TYPE: PyOnceLock<Py<PyType>> = PyOnceLock::new();

impl<'py> Input<'py> {
    /// Accepts `bytes`, `bytearray`, `memoryview` and any other object with the buffer
    /// protocol; raises `TypeError` for anything else (`str` included, with a hint).
    pub fn extract(data: &Bound<'py, PyAny>, what: &str) -> PyResult<Self> {
        if let Ok(b) = data.cast::<PyBytes>() {
            return Ok(Input::Bytes(b.clone()));
        }
        const EXPECTED: &str = "bytes, bytearray, memoryview or another bytes-like object";
        if data.is_instance_of::<PyString>() {
            return Err(type_error(
                what,
                &format!("{EXPECTED} (use scan_text() for str, or encode it)"),
                data,
            ));
        }
        let buf = PyUntypedBuffer::get(data).map_err(|_| type_error(what, EXPECTED, data))?;
        if !buf.is_c_contiguous() {
            drop(buf);
            let bytes = PyMemoryView::from(data)?.call_method0("tobytes")?;
            return Ok(Input::Bytes(bytes.cast_into::<PyBytes>()?));
        }
        if buf.readonly() && immutable_exporter(data)? {
            Ok(Input::Pinned(buf))
        } else {
            Ok(Input::Shared(buf))
        }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        match self {
            Input::Bytes(b) => b.as_bytes().len(),
            Input::Pinned(buf) | Input::Shared(buf) => buf.len_bytes(),
        }
    }

    /// The whole input, when it can be read detached from the interpreter.
    pub fn in_place(&self) -> Option<&[u8]> {
        match self {
            Input::Bytes(b) => Some(b.as_bytes()),
            Input::Pinned(buf) => Some(buffer_slice(buf)),
            Input::Shared(_) => None,
        }
    }

    /// How a scan detached from the interpreter reads the input.
    pub fn source(&self) -> Source<'_> {
        match self {
            Input::Bytes(b) => Source::InPlace(b.as_bytes()),
            Input::Pinned(buf) => Source::InPlace(buffer_slice(buf)),
            Input::Shared(buf) => Source::Copied(SharedReader::new(buf)),
        }
    }

    /// The input as an owned, `Send` buffer export, for a scan on another thread.
    pub fn into_owned(self) -> PyResult<OwnedInput> {
        Ok(match self {
            Input::Bytes(b) => OwnedInput { buf: PyUntypedBuffer::get(b.as_any())?, shared: false },
            Input::Pinned(buf) => OwnedInput { buf, shared: false },
            Input::Shared(buf) => OwnedInput { buf, shared: true },
        })
    }

    /// Copies up to [`COPY_STEP`] bytes starting at `offset` into `out` (replacing its
    /// content). Takes `py` because the copy must happen while attached.
    pub fn copy_piece(&self, _py: Python<'_>, offset: usize, out: &mut Vec<u8>) {
        let all = match self {
            Input::Bytes(b) => b.as_bytes(),
            Input::Pinned(buf) | Input::Shared(buf) => buffer_slice(buf),
        };
        let end = offset.saturating_add(COPY_STEP).min(all.len());
        out.clear();
        out.extend_from_slice(&all[offset.min(end)..end]);
    }
}

/// An input held by a scan running on another thread: the buffer export keeps the memory
/// alive and pinned until it is dropped (the release re-attaches to the interpreter).
pub(crate) struct OwnedInput {
    buf: PyUntypedBuffer,
    /// Python code may write to the memory: read only through [`SharedReader`].
    shared: bool,
}

impl OwnedInput {
    /// How a scan detached from the interpreter reads the input.
    pub fn source(&self) -> Source<'_> {
        if self.shared {
            Source::Copied(SharedReader::new(&self.buf))
        } else {
            Source::InPlace(buffer_slice(&self.buf))
        }
    }
}

/// An input as a scan detached from the interpreter reads it.
pub(crate) enum Source<'a> {
    /// Memory no Python code can write to: read in place.
    InPlace(&'a [u8]),
    /// Memory Python code may write to: copied piecewise while attached.
    Copied(SharedReader<'a>),
}

/// Reads a buffer that Python code may write to: copies [`COPY_STEP`] bytes at a time while
/// attached to the interpreter (so each piece is a consistent snapshot, and no Rust code
/// reads the memory while Python code may be writing it), and hands them out detached.
pub(crate) struct SharedReader<'a> {
    buf: &'a PyUntypedBuffer,
    /// Offset in `buf` of the next piece to copy.
    next: usize,
    piece: Vec<u8>,
    /// Bytes of `piece` already handed out.
    taken: usize,
}

impl<'a> SharedReader<'a> {
    fn new(buf: &'a PyUntypedBuffer) -> Self {
        SharedReader { buf, next: 0, piece: Vec::new(), taken: 0 }
    }
}

impl std::io::Read for SharedReader<'_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.taken == self.piece.len() {
            let (buf, next, piece) = (self.buf, self.next, &mut self.piece);
            Python::try_attach(|_py| {
                let all = buffer_slice(buf);
                let end = next.saturating_add(COPY_STEP).min(all.len());
                piece.clear();
                piece.extend_from_slice(&all[next.min(end)..end]);
            })
            .ok_or_else(|| std::io::Error::other("the Python interpreter is shutting down"))?;
            self.next += self.piece.len();
            self.taken = 0;
        }
        let n = out.len().min(self.piece.len() - self.taken);
        out[..n].copy_from_slice(&self.piece[self.taken..self.taken + n]);
        self.taken += n;
        Ok(n)
    }
}

/// The bytes of a contiguous buffer export.
fn buffer_slice(buf: &PyUntypedBuffer) -> &[u8] {
    let len = buf.len_bytes();
    let ptr = buf.buf_ptr() as *const u8;
    if len == 0 || ptr.is_null() {
        return &[];
    }
    // SAFETY: the buffer is C-contiguous (checked in `Input::extract`), so its `len` bytes
    // start at `buf`; the export held by `buf` keeps the memory alive and in place until it
    // is released, which cannot happen while the returned borrow of `buf` lives. Callers
    // read it detached only for exporters Python code cannot write to (see module docs).
    unsafe { std::slice::from_raw_parts(ptr, len) }
}

/// True when no Python code can write to the memory behind `data`'s buffer: `bytes`, or an
/// `mmap` whose own buffer is read-only, directly or behind (layers of) `memoryview`.
fn immutable_exporter(data: &Bound<'_, PyAny>) -> PyResult<bool> {
    let py = data.py();
    let base = if data.is_instance_of::<PyMemoryView>() {
        // The object the view's memory ultimately belongs to.
        data.getattr("obj")?
    } else {
        data.clone()
    };
    if base.is_instance_of::<PyBytes>() {
        return Ok(true);
    }
    let mmap = MMAP_TYPE.import(py, "mmap", "mmap")?;
    if base.is_instance(mmap)? {
        // ACCESS_READ maps export read-only buffers; ACCESS_WRITE and ACCESS_COPY do not.
        return Ok(PyUntypedBuffer::get(&base).map(|b| b.readonly()).unwrap_or(false));
    }
    Ok(false)
}

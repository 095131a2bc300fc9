//! `mamori._native`: the Python extension module behind the `mamori` package.
//!
//! The Python-facing API is documented in `python/mamori/__init__.pyi` and
//! `bindings-python/README.md`. In short:
//!
//! * [`scanner::PyScanner`] wraps a compiled [`mamori::Scanner`] (immutable, `Send + Sync`),
//!   so one Python object serves every thread; every scan runs with the interpreter
//!   detached (the GIL released).
//! * [`input`] turns `bytes`, `bytearray`, `memoryview`, `mmap` and other buffers into byte
//!   slices: in place where the memory cannot change during the scan, else copied piecewise.
//! * [`iter`] runs a scan on a background thread and hands its findings to a Python
//!   iterator as they are found (`Scanner.iter_file`, `Scanner.iter_bytes`).
//! * [`report`] exposes reports and findings as frozen Python objects and serialises them.
//!
//! Built without the default `python` feature the crate is empty; only the reference tool
//! `examples/core_report.rs` is then built (without compiling PyO3).
#![cfg(feature = "python")]

mod convert;
mod errors;
mod input;
mod iter;
mod keyword_file;
mod report;
mod scanner;

use pyo3::prelude::*;
use pyo3::types::PyTuple;

/// The native part of the `mamori` package. Import `mamori`, not this module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<scanner::PyScanner>()?;
    m.add_class::<scanner::PyStream>()?;
    m.add_class::<iter::PyScanIterator>()?;
    m.add_class::<report::PyReport>()?;
    m.add_class::<report::PyFinding>()?;
    m.add_class::<report::PyConfidence>()?;
    m.add_class::<report::PyVerdict>()?;
    m.add_function(wrap_pyfunction!(keyword_file::parse_keyword_file, m)?)?;
    let kinds: Vec<&str> = mamori::Kind::ALL.iter().map(|k| k.as_str()).collect();
    m.add("KINDS", PyTuple::new(py, kinds)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("DEFAULT_CONTEXT_WINDOW", mamori::DEFAULT_CONTEXT_WINDOW)?;
    m.add("MAX_CONTEXT_WINDOW", mamori::MAX_CONTEXT_WINDOW)?;
    Ok(())
}

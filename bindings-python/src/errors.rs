//! The exception hierarchy, defined in Python (`python/mamori/_errors.py`) so that
//! `ConfigError` can derive from both `MamoriError` and `ValueError`, and raised from here.

use pyo3::exceptions::{PyOSError, PyTypeError};
use pyo3::prelude::*;
use std::any::Any;

mod imported {
    pyo3::import_exception!(mamori._errors, MamoriError);
    pyo3::import_exception!(mamori._errors, ConfigError);
    pyo3::import_exception!(mamori._errors, StreamClosedError);
}

pub(crate) use imported::{ConfigError, MamoriError, StreamClosedError};

/// A `ConfigError` for an invalid scanner configuration.
pub(crate) fn config_error(msg: impl Into<String>) -> PyErr {
    ConfigError::new_err(msg.into())
}

/// Python's `repr()` of a string (single quotes, escapes), for `__repr__` methods.
pub(crate) fn py_repr(py: Python<'_>, s: &str) -> String {
    pyo3::types::PyString::new(py, s)
        .repr()
        .map(|r| r.to_string())
        .unwrap_or_else(|_| format!("{s:?}"))
}

/// A `TypeError` naming the argument and the type that was given.
pub(crate) fn type_error(what: &str, expected: &str, got: &Bound<'_, PyAny>) -> PyErr {
    let name = got.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "?".to_string());
    PyTypeError::new_err(format!("{what} must be {expected}, not {name}"))
}

/// Turns a panic caught inside a scan into a `MamoriError`, so a bug in the engine surfaces
/// as an ordinary exception (catchable with `except Exception`) instead of killing a filter.
pub(crate) fn internal_error(payload: Box<dyn Any + Send>) -> PyErr {
    let msg = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string());
    MamoriError::new_err(format!("internal error in the mamori engine: {msg} (please report it)"))
}

/// An `OSError` (the right subclass, e.g. `FileNotFoundError`) carrying the file name.
pub(crate) fn io_error(err: std::io::Error, filename: &Bound<'_, PyAny>) -> PyErr {
    let py = filename.py();
    match err.raw_os_error() {
        Some(code) => {
            let message = py
                .import("os")
                .and_then(|os| os.getattr("strerror"))
                .and_then(|f| f.call1((code,)))
                .and_then(|s| s.extract::<String>())
                .unwrap_or_else(|_| err.to_string());
            // OSError(errno, strerror, filename) picks the subclass from errno.
            PyOSError::new_err((code, message, filename.clone().unbind()))
        }
        None => PyOSError::new_err(format!("{filename}: {err}")),
    }
}

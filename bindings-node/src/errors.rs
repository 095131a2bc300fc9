//! JavaScript errors with a `code` property.
//!
//! Work done on a libuv thread cannot touch JavaScript values, so it returns a [`Failure`]
//! (plain data) that is turned into an `Error` object back on the JavaScript thread.

use napi::bindgen_prelude::ToNapiValue;
use napi::{Env, Error, Status};
use std::path::Path;

/// An invalid configuration (unknown kind, bad regex, window out of range...).
pub(crate) const CONFIG: &str = "ERR_MAMORI_CONFIG";
/// `feed` or `finish` on a stream that has finished.
pub(crate) const STREAM_CLOSED: &str = "ERR_MAMORI_STREAM_CLOSED";
/// A synchronous call on a stream while an asynchronous feed of it is running.
pub(crate) const STREAM_BUSY: &str = "ERR_MAMORI_STREAM_BUSY";
/// Reading a file failed; the JavaScript wrapper turns those with an OS error number into
/// Node's usual `ENOENT`, `EISDIR`... errors.
pub(crate) const IO: &str = "ERR_MAMORI_IO";
/// A bug in the engine (a panic), reported instead of crashing the process.
pub(crate) const INTERNAL: &str = "ERR_MAMORI_INTERNAL";

/// Why an operation failed, in a form that can cross threads.
#[derive(Debug)]
pub struct Failure {
    code: &'static str,
    message: String,
    /// For I/O failures: the OS error number, the operation and the path.
    os: Option<(i32, &'static str, String)>,
}

impl Failure {
    pub(crate) fn new(code: &'static str, message: impl Into<String>) -> Self {
        Failure { code, message: message.into(), os: None }
    }

    pub(crate) fn io(err: &std::io::Error, syscall: &'static str, path: &Path) -> Self {
        let path = path.to_string_lossy().into_owned();
        Failure {
            code: IO,
            message: format!("{err}, {syscall} '{path}'"),
            os: err.raw_os_error().map(|n| (n, syscall, path)),
        }
    }

    pub(crate) fn panic(payload: Box<dyn std::any::Any + Send>) -> Self {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        Failure::new(INTERNAL, format!("internal error in the mamori engine: {what}"))
    }

    /// The JavaScript `Error` (as a napi error that rethrows/rejects with that object).
    pub(crate) fn into_error(self, env: &Env) -> Error {
        let message = self.message.clone();
        self.build(env).unwrap_or_else(|_| Error::new(Status::GenericFailure, message))
    }

    fn build(self, env: &Env) -> napi::Result<Error> {
        let mut obj = env.create_error(Error::new(Status::GenericFailure, self.message))?;
        obj.set("code", self.code)?;
        if let Some((errno, syscall, path)) = self.os {
            obj.set("errno", errno)?;
            obj.set("syscall", syscall)?;
            obj.set("path", path)?;
        }
        Ok(Error::from(obj.into_unknown(env)?))
    }
}

/// Shorthand for synchronous methods: the error to return.
pub(crate) fn err(env: &Env, code: &'static str, message: impl Into<String>) -> Error {
    Failure::new(code, message).into_error(env)
}

/// Runs `f`, turning a panic into an `ERR_MAMORI_INTERNAL` failure.
pub(crate) fn guard<T>(f: impl FnOnce() -> T) -> Result<T, Failure> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(Failure::panic)
}

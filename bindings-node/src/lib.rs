//! The native half of the `mamori` npm package.
//!
//! This addon is deliberately small and string-typed: the JavaScript wrapper (`index.js`)
//! validates arguments (throwing `TypeError`), maps the camelCase options onto the core's
//! `ScannerConfig` and hands it over as JSON, and parses the JSON reports returned here.
//! What lives here is what must: scanning, moving work off the JavaScript thread, and the
//! rules about who may read which memory when.
//!
//! Memory contract:
//! - Synchronous calls (`scanBytes`, `feed`) read the caller's `Uint8Array` in place: no
//!   JavaScript runs while they do. (A view of a `SharedArrayBuffer`, which another thread
//!   could write meanwhile, is copied by the wrapper first.)
//! - Asynchronous calls (`scanBytesAsync`, `feedAsync`) copy the bytes on the JavaScript
//!   thread before queueing the work: the scan runs on a libuv thread while JavaScript keeps
//!   running and may write to the same `Buffer`, and reading memory that another thread
//!   writes is a data race (undefined behaviour in Rust; napi-rs issues 1295 and 2261).
//!   A memcpy costs ~0.1 ms per MB, small next to the scan itself.

mod errors;
mod events;
mod report;
mod seam;

use errors::{err, guard, Failure};
use mamori::{Finding, Kind, Scanner, ScannerConfig, StreamScanner};
use napi::bindgen_prelude::*;
use napi_derive::napi;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, TryLockError};

/// The compiled scanner. Immutable and cheap to clone, so asynchronous scans take a clone
/// to their worker thread and any number of them run at once.
#[napi]
pub struct NativeScanner {
    scanner: Scanner,
}

/// Drops serde_json's " at line 1 column 42": the JSON was made by the wrapper, not typed
/// by the user.
fn config_message(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg,
    }
}

#[napi]
impl NativeScanner {
    /// Compiles a scanner from the core's `ScannerConfig` in JSON (snake_case fields).
    #[napi(constructor)]
    pub fn new(env: Env, config_json: String) -> Result<Self> {
        let config: ScannerConfig = serde_json::from_str(&config_json)
            .map_err(|e| err(&env, errors::CONFIG, config_message(&e)))?;
        let scanner = Scanner::new(config).map_err(|e| err(&env, errors::CONFIG, e.to_string()))?;
        Ok(NativeScanner { scanner })
    }

    /// The configuration, as the core's `ScannerConfig` JSON (every field filled in).
    #[napi]
    pub fn config_json(&self) -> String {
        serde_json::to_string(self.scanner.config()).unwrap_or_else(|_| "{}".to_string())
    }

    /// Scans a string; spans are UTF-16 indices into it (plus `byteStart`/`byteEnd`).
    #[napi]
    pub fn scan_text(&self, env: Env, text: String) -> Result<String> {
        guard(|| {
            let report = self.scanner.scan(text.as_bytes());
            let spans = report::utf16_spans(&text, &report.findings);
            report::report_json(&report, None, spans.as_deref())
        })
        .map_err(|f| f.into_error(&env))
    }

    /// Scans bytes in place (synchronously).
    #[napi]
    pub fn scan_bytes(&self, env: Env, input: &[u8], name: Option<String>) -> Result<String> {
        guard(|| {
            let report = seam::scan_bytes(&self.scanner, input, name.as_deref());
            report::report_json(&report, name.as_deref(), None)
        })
        .map_err(|f| f.into_error(&env))
    }

    /// Copies `input` and scans the copy on a libuv thread.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn scan_bytes_async(&self, input: &[u8], name: Option<String>) -> AsyncTask<ScanTask> {
        AsyncTask::new(ScanTask {
            scanner: self.scanner.clone(),
            input: Some(Input::Bytes(input.to_vec(), name)),
        })
    }

    /// Reads and scans the file at `path` on a libuv thread.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn scan_file(&self, path: String) -> AsyncTask<ScanTask> {
        AsyncTask::new(ScanTask {
            scanner: self.scanner.clone(),
            input: Some(Input::Path(PathBuf::from(path))),
        })
    }

    /// Reads and scans the file at `path` on the JavaScript thread.
    #[napi]
    pub fn scan_file_sync(&self, env: Env, path: String) -> Result<String> {
        scan_file_json(&self.scanner, Path::new(&path)).map_err(|f| f.into_error(&env))
    }

    /// The findings and unread parts of the file at `path` as they are found.
    #[napi]
    pub fn iter_file(&self, path: String) -> events::NativeEvents {
        events::NativeEvents::path(self.scanner.clone(), PathBuf::from(path))
    }

    /// The findings and unread parts of a copy of `input` as they are found.
    #[napi]
    pub fn iter_bytes(&self, input: &[u8], name: Option<String>) -> events::NativeEvents {
        events::NativeEvents::bytes(self.scanner.clone(), input.to_vec(), name)
    }

    /// A document stream: chunks written in, scanned as one input with document support.
    #[napi]
    pub fn document_stream(&self, name: Option<String>) -> events::NativeEvents {
        events::NativeEvents::reader(self.scanner.clone(), name)
    }

    /// Starts a streaming scan of text.
    #[napi]
    pub fn stream(&self) -> NativeStream {
        NativeStream {
            inner: Arc::new(Shared {
                slot: Mutex::new(Some(self.scanner.stream())),
                closing: AtomicBool::new(false),
            }),
        }
    }
}

/// Scans the file at `path`: the report's JSON, named by the path.
fn scan_file_json(scanner: &Scanner, path: &Path) -> std::result::Result<String, Failure> {
    guard(|| seam::scan_path(scanner, path)).and_then(|r| {
        let name = path.to_string_lossy();
        r.map(|report| report::report_json(&report, Some(&name), None))
    })
}

pub enum Input {
    Bytes(Vec<u8>, Option<String>),
    Path(PathBuf),
}

/// One asynchronous scan: the work runs in `compute` on a libuv thread, which produces the
/// report's JSON too, so the JavaScript thread only creates the string.
pub struct ScanTask {
    scanner: Scanner,
    input: Option<Input>,
}

impl Task for ScanTask {
    type Output = std::result::Result<String, Failure>;
    type JsValue = String;

    fn compute(&mut self) -> Result<Self::Output> {
        let scanner = &self.scanner;
        let out = match self.input.take() {
            Some(Input::Bytes(bytes, name)) => guard(|| {
                let report = seam::scan_bytes(scanner, &bytes, name.as_deref());
                report::report_json(&report, name.as_deref(), None)
            }),
            Some(Input::Path(path)) => scan_file_json(scanner, &path),
            None => Err(Failure::new(errors::INTERNAL, "scan task ran twice")),
        };
        Ok(out)
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> Result<String> {
        output.map_err(|f| f.into_error(&env))
    }
}

/// A streaming scan in progress. The scanner state sits behind a mutex because an
/// asynchronous feed moves the work to a libuv thread; synchronous calls never wait for
/// it (they fail with `ERR_MAMORI_STREAM_BUSY` instead of blocking the event loop).
#[napi]
pub struct NativeStream {
    inner: Arc<Shared>,
}

type Slot = Option<StreamScanner>;

struct Shared {
    slot: Mutex<Slot>,
    /// Set by `close()` while an asynchronous feed holds the lock: the feed drops the state
    /// when it is done, and the JavaScript thread never waits for it.
    closing: AtomicBool,
}

/// Feeds `chunk`, returning the findings that became final as a JSON array. A panic closes
/// the stream (its state is unknown after one).
fn feed_slot(slot: &mut Slot, chunk: &[u8]) -> std::result::Result<String, Failure> {
    let stream = slot.as_mut().ok_or_else(closed)?;
    let mut found: Vec<Finding> = Vec::new();
    let out = guard(|| {
        stream.feed_with(chunk, |f| found.push(f.clone()));
        if found.is_empty() {
            "[]".to_string()
        } else {
            report::findings_json(&found)
        }
    });
    if out.is_err() {
        *slot = None;
    }
    out
}

/// Ends the stream in `slot`: `[last findings, report]` as JSON.
fn finish_slot(slot: &mut Slot) -> std::result::Result<String, Failure> {
    let stream = slot.take().ok_or_else(closed)?;
    guard(move || {
        let mut last: Vec<Finding> = Vec::new();
        let report = stream.finish_with(|f| last.push(f.clone()));
        format!("[{},{}]", report::findings_json(&last), report::report_json(&report, None, None))
    })
}

fn closed() -> Failure {
    Failure::new(errors::STREAM_CLOSED, "the stream has finished: no more input is accepted")
}

impl NativeStream {
    fn with_slot<T>(
        &self,
        env: &Env,
        f: impl FnOnce(&mut Slot) -> std::result::Result<T, Failure>,
    ) -> Result<T> {
        let mut slot = match self.inner.slot.try_lock() {
            Ok(guard) => guard,
            // A panic is caught inside the lock, so poisoning cannot happen; treat it as closed.
            Err(TryLockError::Poisoned(_)) => return Err(closed().into_error(env)),
            Err(TryLockError::WouldBlock) => {
                return Err(err(
                    env,
                    errors::STREAM_BUSY,
                    "an asynchronous feed of this stream is still running",
                ))
            }
        };
        f(&mut slot).map_err(|e| e.into_error(env))
    }
}

#[napi]
impl NativeStream {
    /// Feeds a chunk synchronously, reading it in place.
    #[napi]
    pub fn feed(&self, env: Env, chunk: &[u8]) -> Result<String> {
        self.with_slot(&env, |slot| feed_slot(slot, chunk))
    }

    /// Copies a chunk and feeds it on a libuv thread.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn feed_async(&self, chunk: &[u8]) -> AsyncTask<FeedTask> {
        AsyncTask::new(FeedTask { inner: self.inner.clone(), chunk: chunk.to_vec() })
    }

    /// Ends the input. Returns `[findings, report]` as JSON: the findings that became final
    /// only now (rows, like `feed`) and the report. The stream accepts nothing after.
    #[napi]
    pub fn finish(&self, env: Env) -> Result<String> {
        self.with_slot(&env, finish_slot)
    }

    /// `finish` on a libuv thread (a report of many findings takes a while to serialise).
    #[napi(ts_return_type = "Promise<string>")]
    pub fn finish_async(&self) -> AsyncTask<FinishTask> {
        AsyncTask::new(FinishTask { inner: self.inner.clone() })
    }

    /// Absolute byte offset below which every finding has been reported.
    #[napi]
    pub fn settled(&self, env: Env) -> Result<f64> {
        self.with_slot(&env, |slot| Ok(slot.as_ref().map_or(0, |s| s.settled()) as f64))
    }

    /// Bytes fed so far.
    #[napi]
    pub fn bytes_fed(&self, env: Env) -> Result<f64> {
        self.with_slot(&env, |slot| Ok(slot.as_ref().map_or(0, |s| s.bytes_fed()) as f64))
    }

    /// Drops the scan state without a report (a destroyed stream). With an asynchronous
    /// feed running, that feed drops it when done; this never waits.
    #[napi]
    pub fn close(&self) {
        self.inner.closing.store(true, Ordering::Release);
        if let Ok(mut slot) = self.inner.slot.try_lock() {
            *slot = None;
        }
    }
}

/// An asynchronous feed: the copied chunk and a handle on the stream state.
pub struct FeedTask {
    inner: Arc<Shared>,
    chunk: Vec<u8>,
}

impl Task for FeedTask {
    type Output = std::result::Result<String, Failure>;
    type JsValue = String;

    fn compute(&mut self) -> Result<Self::Output> {
        let chunk = std::mem::take(&mut self.chunk);
        Ok(match self.inner.slot.lock() {
            Ok(mut slot) => {
                let out = feed_slot(&mut slot, &chunk);
                if self.inner.closing.load(Ordering::Acquire) {
                    *slot = None;
                }
                out
            }
            Err(_) => Err(closed()),
        })
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> Result<String> {
        output.map_err(|f| f.into_error(&env))
    }
}

/// An asynchronous finish.
pub struct FinishTask {
    inner: Arc<Shared>,
}

impl Task for FinishTask {
    type Output = std::result::Result<String, Failure>;
    type JsValue = String;

    fn compute(&mut self) -> Result<Self::Output> {
        Ok(match self.inner.slot.lock() {
            Ok(mut slot) => finish_slot(&mut slot),
            Err(_) => Err(closed()),
        })
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> Result<String> {
        output.map_err(|f| f.into_error(&env))
    }
}

/// Names of the built-in kinds, in the core's order.
#[napi]
pub fn kinds() -> Vec<&'static str> {
    Kind::ALL.iter().map(|k| k.as_str()).collect()
}

/// Version of this addon (and of the core it was built with).
#[napi]
pub fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

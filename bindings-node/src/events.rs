//! Scans that hand their findings to JavaScript as they are found: `iterFile`, `iterBytes`
//! and document streams (`createStream()`).
//!
//! The scan runs on a thread of its own with a [`Sink`] that serialises each finding and
//! unread part and sends it into a bounded channel; JavaScript pulls batches of them with
//! `next()` (an `AsyncTask` that waits for the first event on a libuv thread and takes what
//! else is queued). When the channel is full the scan waits for the consumer, so memory
//! stays bounded whatever the pace on either side. When the consumer stops (`cancel()`, or
//! the handle is garbage-collected) the sink answers [`Flow::Stop`] and the scan ends.
//!
//! A document stream's input arrives the same way in the other direction: chunks written
//! from JavaScript go through a bounded channel to a [`Read`] that the core's
//! `scan_reader_with` consumes on the scan thread.

use crate::errors::{self, guard, Failure};
use crate::{report, seam};
use mamori::{Finding, Flow, Scanner, Sink, Unscannable};
use napi::bindgen_prelude::*;
use napi_derive::napi;
use std::io::Read;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, RecvTimeoutError, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Events queued between the scan and JavaScript before the scan waits.
const EVENT_QUEUE: usize = 1024;
/// Events handed to JavaScript per `next()` at most.
const MAX_BATCH: usize = 512;
/// Written chunks queued for the scan before a write waits.
const CHUNK_QUEUE: usize = 4;
/// How often a waiting `next()` looks whether the consumer has gone.
const POLL: Duration = Duration::from_millis(20);

/// What the scan thread sends: an event as JSON (`["f", row]` or `["u", part]`), or the end.
enum Event {
    Item(String),
    Done(std::result::Result<String, Failure>),
}

/// What to scan, until the scan starts.
enum Job {
    Path(PathBuf),
    Bytes(Vec<u8>, Option<String>),
    Reader(ChunkReader, Option<String>),
}

/// The receiving side, and an event held back for the next batch (the end of the scan is
/// never delivered together with events, so a failure does not swallow them).
struct Feed {
    rx: Receiver<Event>,
    held: Option<Event>,
}

struct Shared {
    feed: Mutex<Option<Feed>>,
    /// Set when the consumer has gone: the sink stops the scan at its next event.
    cancelled: AtomicBool,
    /// Document streams: the scan waits for input, and chunks queued and taken so far.
    /// When it waits with every chunk taken, no event can come before the next write, and
    /// `next()` says so instead of holding a libuv thread (and the process) until then.
    reader_waiting: AtomicBool,
    sent: AtomicU64,
    taken: AtomicU64,
}

impl Shared {
    fn new() -> Arc<Self> {
        Arc::new(Shared {
            feed: Mutex::new(None),
            cancelled: AtomicBool::new(false),
            reader_waiting: AtomicBool::new(false),
            sent: AtomicU64::new(0),
            taken: AtomicU64::new(0),
        })
    }

    fn idle(&self) -> bool {
        self.reader_waiting.load(Ordering::Acquire)
            && self.taken.load(Ordering::Acquire) == self.sent.load(Ordering::Acquire)
    }
}

/// A scan whose events JavaScript pulls with `next()`.
#[napi]
pub struct NativeEvents {
    /// Taken when the scan starts (the first `next()`).
    job: Mutex<Option<(Scanner, Job)>>,
    shared: Arc<Shared>,
    /// The input of a document stream (`write`, `writeAsync`, `endInput`).
    input: Arc<Mutex<Option<SyncSender<Vec<u8>>>>>,
}

impl NativeEvents {
    fn new(
        scanner: Scanner,
        shared: Arc<Shared>,
        job: Job,
        input: Option<SyncSender<Vec<u8>>>,
    ) -> Self {
        NativeEvents {
            job: Mutex::new(Some((scanner, job))),
            shared,
            input: Arc::new(Mutex::new(input)),
        }
    }

    pub(crate) fn path(scanner: Scanner, path: PathBuf) -> Self {
        Self::new(scanner, Shared::new(), Job::Path(path), None)
    }

    pub(crate) fn bytes(scanner: Scanner, bytes: Vec<u8>, name: Option<String>) -> Self {
        Self::new(scanner, Shared::new(), Job::Bytes(bytes, name), None)
    }

    /// A document stream: the scan reads what `write` sends, until `endInput`.
    pub(crate) fn reader(scanner: Scanner, name: Option<String>) -> Self {
        let (tx, rx) = sync_channel(CHUNK_QUEUE);
        let shared = Shared::new();
        let reader = ChunkReader { rx, chunk: Vec::new(), at: 0, shared: shared.clone() };
        Self::new(scanner, shared, Job::Reader(reader, name), Some(tx))
    }

    /// Starts the scan thread on the first `next()`.
    fn start(&self) -> std::result::Result<(), Failure> {
        let Some((scanner, job)) = lock(&self.job).take() else { return Ok(()) };
        let (tx, rx) = sync_channel(EVENT_QUEUE);
        *lock(&self.shared.feed) = Some(Feed { rx, held: None });
        let shared = self.shared.clone();
        std::thread::Builder::new()
            .name("mamori-scan".into())
            .spawn(move || run(&scanner, job, &tx, &shared))
            .map(drop)
            .map_err(|e| Failure::new(errors::INTERNAL, format!("cannot start a scan thread: {e}")))
    }
}

/// A poisoned lock only means a panic elsewhere (caught and reported): the data is usable.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The scan thread: scans, sending every event, then the report (or the failure).
fn run(scanner: &Scanner, job: Job, tx: &SyncSender<Event>, shared: &Shared) {
    let mut sink = ChannelSink { tx, shared };
    let done = guard(|| match job {
        Job::Path(path) => {
            let name = path.to_string_lossy().into_owned();
            seam::scan_path_with(scanner, &path, &mut sink)
                .map(|r| report::report_json(&r, Some(&name), None))
        }
        Job::Bytes(bytes, name) => {
            let r = seam::scan_bytes_with(scanner, &bytes, name.as_deref(), &mut sink);
            Ok(report::report_json(&r, name.as_deref(), None))
        }
        Job::Reader(reader, name) => {
            seam::scan_reader_with(scanner, reader, name.as_deref(), &mut sink)
                .map(|r| report::report_json(&r, name.as_deref(), None))
        }
    })
    .and_then(|r| r);
    // The consumer may be gone; then nobody wants the report.
    let _ = tx.send(Event::Done(done));
}

struct ChannelSink<'a> {
    tx: &'a SyncSender<Event>,
    shared: &'a Shared,
}

impl ChannelSink<'_> {
    fn send(&mut self, json: String) -> Flow {
        if self.shared.cancelled.load(Ordering::Acquire) || self.tx.send(Event::Item(json)).is_err()
        {
            Flow::Stop
        } else {
            Flow::Continue
        }
    }
}

impl Sink for ChannelSink<'_> {
    fn finding(&mut self, f: &Finding) -> Flow {
        self.send(format!("[\"f\",{}]", report::finding_json(f)))
    }

    fn unscannable(&mut self, part: &Unscannable) -> Flow {
        let json = serde_json::to_string(part).unwrap_or_else(|_| "null".to_string());
        self.send(format!("[\"u\",{json}]"))
    }
}

/// A [`Read`] over the chunks a document stream is written: end of input when the writer
/// side is dropped (`endInput`, or the stream destroyed).
pub(crate) struct ChunkReader {
    rx: Receiver<Vec<u8>>,
    chunk: Vec<u8>,
    at: usize,
    shared: Arc<Shared>,
}

impl Read for ChunkReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.at == self.chunk.len() {
            self.shared.reader_waiting.store(true, Ordering::Release);
            let next = self.rx.recv();
            self.shared.reader_waiting.store(false, Ordering::Release);
            match next {
                Ok(chunk) => {
                    self.shared.taken.fetch_add(1, Ordering::AcqRel);
                    (self.chunk, self.at) = (chunk, 0);
                }
                Err(_) => return Ok(0),
            }
        }
        let n = buf.len().min(self.chunk.len() - self.at);
        buf[..n].copy_from_slice(&self.chunk[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

#[napi]
impl NativeEvents {
    /// The next batch, as JSON `[events, report, idle]`: events in the order found, the
    /// report (null until the scan has ended; then events is empty), and whether a document
    /// stream's scan waits for input with nothing to report (call again after a write).
    #[napi(ts_return_type = "Promise<string>")]
    pub fn next(&self, env: Env) -> Result<AsyncTask<NextTask>> {
        self.start().map_err(|f| f.into_error(&env))?;
        Ok(AsyncTask::new(NextTask { shared: self.shared.clone() }))
    }

    /// The consumer has gone: stop the scan at its next event and free what is queued.
    #[napi]
    pub fn cancel(&self) {
        *lock(&self.job) = None;
        self.shared.cancelled.store(true, Ordering::Release);
        *lock(&self.input) = None;
        // A `next()` waiting for an event holds the feed; it drops it when it sees the flag.
        if let Ok(mut feed) = self.shared.feed.try_lock() {
            *feed = None;
        }
    }

    /// Queues a chunk of a document stream without waiting. False when the queue is full
    /// (then `writeAsync`); a chunk after the scan has ended is dropped (true).
    #[napi]
    pub fn write(&self, chunk: &[u8]) -> bool {
        let input = lock(&self.input);
        let Some(tx) = input.as_ref() else { return true };
        match tx.try_send(chunk.to_vec()) {
            Ok(()) => {
                self.shared.sent.fetch_add(1, Ordering::AcqRel);
                true
            }
            Err(TrySendError::Full(_)) => false,
            Err(TrySendError::Disconnected(_)) => true,
        }
    }

    /// Queues a copy of a chunk, waiting on a libuv thread while the queue is full.
    #[napi(ts_return_type = "Promise<void>")]
    pub fn write_async(&self, chunk: &[u8]) -> AsyncTask<WriteTask> {
        AsyncTask::new(WriteTask {
            input: self.input.clone(),
            shared: self.shared.clone(),
            chunk: Some(chunk.to_vec()),
        })
    }

    /// The end of a document stream's input.
    #[napi]
    pub fn end_input(&self) {
        *lock(&self.input) = None;
    }
}

impl Drop for NativeEvents {
    fn drop(&mut self) {
        self.cancel();
    }
}

pub struct NextTask {
    shared: Arc<Shared>,
}

impl NextTask {
    fn batch(&self) -> std::result::Result<String, Failure> {
        let mut slot = lock(&self.shared.feed);
        let Some(feed) = slot.as_mut() else {
            return Err(Failure::new(errors::STREAM_CLOSED, "the scan was cancelled"));
        };
        let first = match feed.held.take() {
            Some(event) => event,
            None => loop {
                match feed.rx.recv_timeout(POLL) {
                    Ok(event) => break event,
                    Err(RecvTimeoutError::Timeout)
                        if self.shared.cancelled.load(Ordering::Acquire) =>
                    {
                        *slot = None;
                        return Err(Failure::new(errors::STREAM_CLOSED, "the scan was cancelled"));
                    }
                    Err(RecvTimeoutError::Timeout) if self.shared.idle() => {
                        // Events sent before the reader began to wait are queued by now.
                        match feed.rx.try_recv() {
                            Ok(event) => break event,
                            Err(_) => return Ok("[[],null,true]".to_string()),
                        }
                    }
                    Err(RecvTimeoutError::Timeout) => continue,
                    Err(RecvTimeoutError::Disconnected) => {
                        break Event::Done(Err(Failure::new(
                            errors::INTERNAL,
                            "the scan ended without a report",
                        )))
                    }
                }
            },
        };
        let mut events: Vec<String> = Vec::new();
        let mut next = Some(first);
        while let Some(event) = next.take() {
            match event {
                Event::Item(json) => {
                    events.push(json);
                    if events.len() < MAX_BATCH {
                        next = feed.rx.try_recv().ok();
                    }
                }
                Event::Done(done) if events.is_empty() => {
                    *slot = None;
                    return done.map(|report| format!("[[],{report},false]"));
                }
                held @ Event::Done(_) => feed.held = Some(held),
            }
        }
        Ok(format!("[[{}],null,false]", events.join(",")))
    }
}

impl Task for NextTask {
    type Output = std::result::Result<String, Failure>;
    type JsValue = String;

    fn compute(&mut self) -> Result<Self::Output> {
        Ok(guard(|| self.batch()).and_then(|r| r))
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> Result<String> {
        output.map_err(|f| f.into_error(&env))
    }
}

pub struct WriteTask {
    input: Arc<Mutex<Option<SyncSender<Vec<u8>>>>>,
    shared: Arc<Shared>,
    chunk: Option<Vec<u8>>,
}

impl Task for WriteTask {
    type Output = ();
    type JsValue = ();

    fn compute(&mut self) -> Result<()> {
        // The sender is cloned so that `endInput` or `cancel` never wait for this write.
        let tx = lock(&self.input).clone();
        if let (Some(tx), Some(chunk)) = (tx, self.chunk.take()) {
            // An error means the scan has ended: the rest of the input is not needed.
            if tx.send(chunk).is_ok() {
                self.shared.sent.fetch_add(1, Ordering::AcqRel);
            }
        }
        Ok(())
    }

    fn resolve(&mut self, _env: Env, _output: ()) -> Result<()> {
        Ok(())
    }
}

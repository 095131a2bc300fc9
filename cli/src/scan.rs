//! Scanning one input. [`scan_one`] is the seam where the core's document support will
//! plug in: today it streams the raw bytes through the scanner; when the core gains
//! `scan_path` (documents, archives, encodings), it will return findings whose location
//! goes inside the file (`a.zip!b.xlsx#Sheet1!C12`) and `unscannable` entries, and only
//! this function changes.

use mamori::{Finding, Report, Scanner, StreamScanner};
use std::fs::File;
use std::io::{self, Read};
use std::path::PathBuf;

/// Bytes read and fed to the scanner at a time: memory stays constant whatever the size.
pub const CHUNK: usize = 64 * 1024;

/// One input to scan.
#[derive(Clone, Debug)]
pub struct Target {
    /// Where to read it; `None` is standard input.
    pub fs_path: Option<PathBuf>,
    /// The path as the user reaches it (`corpora/text/mail_001.txt`, `-` for stdin).
    pub path: String,
    /// The location from the scan root (see the README for the `!`/`#` convention).
    pub location: String,
}

/// What scanning one input gave.
#[derive(Debug)]
pub struct FileResult {
    pub path: String,
    pub location: String,
    /// Counts, verdict and (unless streamed) findings; partial when `error` is set.
    pub report: Report,
    /// Why the input could not be read (completely).
    pub error: Option<String>,
}

impl FileResult {
    pub fn finding_count(&self) -> u64 {
        self.report.counts.values().sum()
    }
}

/// Scans one input, handing each finding and its location to `on_finding` as soon as the
/// engine reports it, and the size of each chunk read to `on_bytes`.
pub fn scan_one(
    scanner: &Scanner,
    target: &Target,
    buf: &mut [u8],
    on_finding: &mut dyn FnMut(&str, &Finding),
    on_bytes: &mut dyn FnMut(u64),
) -> FileResult {
    let location = target.location.as_str();
    let mut stream = scanner.stream();
    let error = feed_all(target, buf, &mut stream, &mut |f| on_finding(location, f), on_bytes)
        .err()
        .map(|e| io_message(&e));
    let report = stream.finish_with(|f| on_finding(location, f));
    FileResult { path: target.path.clone(), location: target.location.clone(), report, error }
}

/// Reads the target in chunks of `buf.len()` bytes into the stream.
fn feed_all(
    target: &Target,
    buf: &mut [u8],
    stream: &mut StreamScanner,
    on_finding: &mut dyn FnMut(&Finding),
    on_bytes: &mut dyn FnMut(u64),
) -> io::Result<()> {
    let mut reader: Box<dyn Read> = match &target.fs_path {
        Some(p) => Box::new(File::open(p)?),
        None => Box::new(io::stdin().lock()),
    };
    loop {
        let n = match reader.read(buf) {
            Ok(0) => return Ok(()),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        stream.feed_with(&buf[..n], &mut *on_finding);
        on_bytes(n as u64);
    }
}

/// An I/O error without the `(os error N)` noise.
pub fn io_message(e: &io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

//! Where inputs meet the core's document support: the only functions that choose how bytes,
//! files and document streams are read.
//!
//! Buffers and files go through the core's extraction (`Scanner::scan_bytes`,
//! `Scanner::scan_path`, and their `_with` forms that take a sink; document streams go
//! through `Scanner::scan_reader_with`): text in any Japanese encoding, Office files, PDF, mail and
//! archives, each finding with its `location` and every part that could not be read in
//! `unscannable`. `scanText` and streams scan their input as text (`Scanner::scan` and
//! `StreamScanner`): a JavaScript string is text already, and a stream is scanned as it
//! arrives, so offsets index what the caller gave.

use crate::errors::{self, Failure};
use mamori::{ExtractError, Report, Scanner, Sink};
use std::io::{ErrorKind, Read};
use std::path::Path;

/// Scans an in-memory input; `name` (a file name) helps where the content is ambiguous and
/// starts every location.
pub(crate) fn scan_bytes(scanner: &Scanner, bytes: &[u8], name: Option<&str>) -> Report {
    scanner.scan_bytes(bytes, name)
}

/// [`scan_bytes`], telling `sink` of each finding and unread part as it is found.
pub(crate) fn scan_bytes_with(
    scanner: &Scanner,
    bytes: &[u8],
    name: Option<&str>,
    sink: &mut dyn Sink,
) -> Report {
    scanner.scan_bytes_with(bytes, name, sink)
}

/// Scans the file at `path` (read on the calling thread, streamed where the format allows).
pub(crate) fn scan_path(scanner: &Scanner, path: &Path) -> Result<Report, Failure> {
    scanner.scan_path(path).map_err(|e| io_failure(e, path))
}

/// [`scan_path`] with a sink.
pub(crate) fn scan_path_with(
    scanner: &Scanner,
    path: &Path,
    sink: &mut dyn Sink,
) -> Result<Report, Failure> {
    scanner.scan_path_with(path, sink).map_err(|e| io_failure(e, path))
}

/// Scans what `reader` gives (a document stream), as `scan_bytes` would the whole input.
pub(crate) fn scan_reader_with(
    scanner: &Scanner,
    reader: impl Read,
    name: Option<&str>,
    sink: &mut dyn Sink,
) -> Result<Report, Failure> {
    scanner
        .scan_reader_with(reader, name, sink)
        .map_err(|e| Failure::new(errors::IO, format!("reading the stream failed: {e}")))
}

fn io_failure(e: ExtractError, path: &Path) -> Failure {
    match e {
        // Which call failed is not reported; a missing or forbidden file fails at open,
        // anything else (a folder: EISDIR) when read, as Node's fs says.
        ExtractError::Path { path, source } => {
            let syscall = match source.kind() {
                ErrorKind::NotFound | ErrorKind::PermissionDenied => "open",
                _ => "read",
            };
            Failure::io(&source, syscall, &path)
        }
        ExtractError::Io(source) => Failure::io(&source, "read", path),
    }
}

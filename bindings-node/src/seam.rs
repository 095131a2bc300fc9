//! Where inputs meet the core's document support: the only two functions that choose how
//! bytes and files are read.
//!
//! Buffers and files go through the core's extraction (`Scanner::scan_bytes`,
//! `Scanner::scan_path`): text in any Japanese encoding, Office files, PDF, mail and
//! archives, each finding with its `location` and every part that could not be read in
//! `unscannable`. `scanText` and streams scan their input as text (`Scanner::scan` and
//! `StreamScanner`): a JavaScript string is text already, and a stream is scanned as it
//! arrives, so offsets index what the caller gave.

use crate::errors::Failure;
use mamori::{ExtractError, Report, Scanner};
use std::io::ErrorKind;
use std::path::Path;

/// Scans an in-memory input; `name` (a file name) helps where the content is ambiguous and
/// starts every location.
pub(crate) fn scan_bytes(scanner: &Scanner, bytes: &[u8], name: Option<&str>) -> Report {
    scanner.scan_bytes(bytes, name)
}

/// Scans the file at `path` (read on the calling thread, streamed where the format allows).
pub(crate) fn scan_path(scanner: &Scanner, path: &Path) -> Result<Report, Failure> {
    scanner.scan_path(path).map_err(|e| match e {
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
    })
}

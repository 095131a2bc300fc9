//! Scanning one input through the core's document support ([`scan_one`]): findings come
//! with their place inside the file (`a.zip!b.xlsx#Sheet1!C12`), and what could not be
//! inspected comes back as `unscannable` entries.

use mamori::{Finding, FindingFn, Flow, Report, Scanner};
use std::io;
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
    /// The input's size: the file's on disk, or what standard input gave.
    pub input_bytes: u64,
    /// Findings already written as they were found; `report.findings` holds the ones after
    /// them (up to the cap).
    pub streamed: usize,
}

impl FileResult {
    /// The result of an input that could not be scanned at all.
    pub fn failed(scanner: &Scanner, target: &Target, error: &str) -> FileResult {
        FileResult {
            path: target.path.clone(),
            location: target.location.clone(),
            report: scanner.scan(b""),
            error: Some(error.to_string()),
            streamed: 0,
            input_bytes: 0,
        }
    }

    pub fn finding_count(&self) -> u64 {
        self.report.counts.values().sum()
    }
}

/// Scans one input with the core's document support (text in any Japanese encoding,
/// Office files, PDF, mail, archives). Every finding and unscannable part gets its full
/// location (`営業部/顧客.zip!2024/名簿.xlsx#顧客!C12`); the bytes of extracted text go to
/// `on_bytes`. Parts the core could not inspect are in `report.unscannable`.
pub fn scan_one(
    scanner: &Scanner,
    target: &Target,
    _buf: &mut [u8],
    on_bytes: &mut dyn FnMut(u64),
    on_finding: &mut dyn FnMut(&Finding) -> bool,
    cap: usize,
) -> FileResult {
    let name = match &target.fs_path {
        Some(p) => p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        None => String::new(),
    };
    // Findings go to `on_finding` as they are found, with their full location, for as long
    // as it takes them; the rest (up to `cap` in all) are kept for the file's turn. The
    // scanner's own report keeps none, so a file written as it is read holds no findings.
    let (mut streamed, mut kept, mut total) = (0usize, Vec::new(), 0usize);
    let mut streaming = true;
    let mut sink = FindingFn(|f: &Finding| {
        total += 1;
        if streamed + kept.len() < cap {
            let mut f = f.clone();
            f.location = Some(full_location(&target.location, &name, f.location.as_deref()));
            streaming = streaming && on_finding(&f);
            if streaming {
                streamed += 1;
            } else {
                kept.push(f);
            }
        }
        Flow::Continue
    });
    let mut input_bytes = 0;
    let result = match &target.fs_path {
        Some(p) => {
            input_bytes = std::fs::metadata(p).map_or(0, |m| m.len());
            scanner.scan_path_with(p, &mut sink).map_err(|e| e.to_string())
        }
        None => {
            let stdin = Counted { inner: io::stdin().lock(), count: &mut input_bytes };
            scanner.scan_reader_with(stdin, None, &mut sink).map_err(|e| e.to_string())
        }
    };
    let (mut report, error) = match result {
        Ok(report) => (report, None),
        Err(e) => (scanner.scan(b""), Some(e)),
    };
    report.findings = kept;
    report.findings_truncated = total > streamed + report.findings.len();
    for u in &mut report.unscannable {
        u.location = full_location(&target.location, &name, Some(&u.location));
    }
    on_bytes(report.bytes_scanned);
    let (path, location) = (target.path.clone(), target.location.clone());
    FileResult { path, location, report, error, streamed, input_bytes }
}

/// A reader that counts the bytes it gives.
struct Counted<'a, R> {
    inner: R,
    count: &'a mut u64,
}

impl<R: io::Read> io::Read for Counted<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        *self.count += n as u64;
        Ok(n)
    }
}

/// The location from the scan root: the core names places from the file name on
/// (`名簿.xlsx#顧客!C12`); the root-relative path replaces that name.
pub fn full_location(root_relative: &str, name: &str, inner: Option<&str>) -> String {
    match inner {
        Some(l) if !name.is_empty() && l.starts_with(name) => {
            format!("{root_relative}{}", &l[name.len()..])
        }
        Some(l) if l.starts_with('!') || l.starts_with('#') => format!("{root_relative}{l}"),
        Some(l) if !l.is_empty() => format!("{root_relative}!{l}"),
        _ => root_relative.to_string(),
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

#[cfg(test)]
mod location_tests {
    use super::full_location;

    #[test]
    fn joins_root_relative_paths_with_inner_places() {
        assert_eq!(
            full_location("営業部/顧客.zip", "顧客.zip", Some("顧客.zip!a/名簿.xlsx#顧客!C12")),
            "営業部/顧客.zip!a/名簿.xlsx#顧客!C12"
        );
        assert_eq!(full_location("a/b.txt", "b.txt", Some("b.txt")), "a/b.txt");
        assert_eq!(full_location("a/b.txt", "b.txt", None), "a/b.txt");
        assert_eq!(full_location("-", "", Some("#enc=Shift_JIS")), "-#enc=Shift_JIS");
    }
}

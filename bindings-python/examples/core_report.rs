//! Reference output of the Rust core, for the Python tests and `bench.py`.
//!
//! ```text
//! cargo build --release -p mamori-python --no-default-features --example core_report
//! core_report [--config JSON] [--entry E] FILE...  one line per file: {"file", "report"}
//! core_report [--config JSON] [--entry E] --bench N FILE  best of N one-shot scans of FILE
//!                                                 (JSON; `scan`, or `unnamed` for scan_bytes)
//! core_report [--config JSON] --small TEXT N    N scans of TEXT: nanoseconds per call (JSON)
//! ```
//!
//! `--config` takes the core's `ScannerConfig` as JSON (the shape `mamori.Scanner.from_config`
//! accepts); without it the default scanner is used. `--entry` picks the core entry point
//! of the per-file reports, to match the Python call being compared: `scan` (default,
//! plain text: `Scanner::scan` of the file's bytes, like `scan_text` and streams),
//! `bytes` (`Scanner::scan_bytes` of the file's bytes with its file name as the hint,
//! like `scan_bytes(data, name=path.name)`), `unnamed` (`Scanner::scan_bytes` without a
//! hint, like `scan_bytes(data)`) or `path` (`Scanner::scan_path`, like `scan_file`).
//! Built without the `python` feature this needs neither PyO3 nor a Python interpreter.

use mamori::{Scanner, ScannerConfig};
use std::time::Instant;

fn fail(msg: String) -> ! {
    eprintln!("core_report: {msg}");
    std::process::exit(2)
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut config = ScannerConfig::default();
    if let Some(i) = args.iter().position(|a| a == "--config") {
        let json = args
            .get(i + 1)
            .cloned()
            .unwrap_or_else(|| fail("--config needs a JSON argument".into()));
        config = serde_json::from_str(&json).unwrap_or_else(|e| fail(format!("--config: {e}")));
        args.drain(i..i + 2);
    }
    let mut entry = Entry::Scan;
    if let Some(i) = args.iter().position(|a| a == "--entry") {
        entry = match args.get(i + 1).map(String::as_str) {
            Some("scan") => Entry::Scan,
            Some("bytes") => Entry::Bytes,
            Some("unnamed") => Entry::Unnamed,
            Some("path") => Entry::Path,
            _ => fail("--entry takes scan, bytes, unnamed or path".into()),
        };
        args.drain(i..i + 2);
    }
    let scanner = Scanner::new(config).unwrap_or_else(|e| fail(format!("config: {e}")));
    match args.first().map(String::as_str) {
        Some("--bench") => bench(&scanner, entry, &args[1..]),
        Some("--small") => small(&scanner, &args[1..]),
        _ => reports(&scanner, entry, &args),
    }
}

/// The core entry point used for per-file reports.
#[derive(Clone, Copy)]
enum Entry {
    Scan,
    Bytes,
    Unnamed,
    Path,
}

fn reports(scanner: &Scanner, entry: Entry, files: &[String]) {
    for file in files {
        let read = || std::fs::read(file).unwrap_or_else(|e| fail(format!("{file}: {e}")));
        let report = match entry {
            Entry::Scan => scanner.scan(&read()),
            Entry::Bytes => {
                let name = std::path::Path::new(file)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| file.clone());
                scanner.scan_bytes(&read(), Some(&name))
            }
            Entry::Unnamed => scanner.scan_bytes(&read(), None),
            Entry::Path => scanner.scan_path(file).unwrap_or_else(|e| fail(format!("{e}"))),
        };
        println!(
            "{{\"file\":{},\"report\":{}}}",
            serde_json::to_string(file).unwrap_or_default(),
            report.to_json()
        );
    }
}

fn bench(scanner: &Scanner, entry: Entry, args: &[String]) {
    let (Some(runs), Some(file)) = (args.first(), args.get(1)) else {
        fail("usage: --bench N FILE".into())
    };
    let runs: usize = runs.parse().unwrap_or_else(|_| fail("N: not a number".into()));
    let bytes = std::fs::read(file).unwrap_or_else(|e| fail(format!("{file}: {e}")));
    let mut best = f64::INFINITY;
    let mut findings = 0;
    let mut total = 0;
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        let report = match entry {
            Entry::Unnamed => scanner.scan_bytes(&bytes, None),
            _ => scanner.scan(&bytes),
        };
        best = best.min(t.elapsed().as_secs_f64());
        findings = report.findings.len();
        total = report.counts.values().sum::<u64>();
    }
    println!(
        "{{\"bytes\":{},\"seconds\":{best},\"findings\":{findings},\"items\":{total},\"mb_per_s\":{}}}",
        bytes.len(),
        bytes.len() as f64 / 1e6 / best
    );
}

fn small(scanner: &Scanner, args: &[String]) {
    let (Some(text), Some(n)) = (args.first(), args.get(1)) else {
        fail("usage: --small TEXT N".into())
    };
    let n: u32 = n.parse().unwrap_or_else(|_| fail("N: not a number".into()));
    let mut items = 0;
    // Warm-up, then the timed loop.
    for _ in 0..n.min(1000) {
        items += scanner.scan(text.as_bytes()).findings.len();
    }
    let t = Instant::now();
    for _ in 0..n {
        items += std::hint::black_box(scanner.scan(std::hint::black_box(text.as_bytes())))
            .findings
            .len();
    }
    let ns = t.elapsed().as_secs_f64() * 1e9 / n.max(1) as f64;
    println!("{{\"calls\":{n},\"ns_per_call\":{ns},\"findings\":{items}}}");
}

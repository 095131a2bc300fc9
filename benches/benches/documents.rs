//! Document throughput: `Scanner::scan_bytes` (format sniffing, unzipping, XML/PDF text
//! extraction and the scan of that text, all detectors on, no keywords) on the inputs written
//! by `benches/make_docs.py`: a docx, an xlsx, a Japanese PDF and a zip of mixed documents.
//!
//! ```text
//! target/bench-venv/bin/python benches/make_docs.py        # once (see benches/README.md)
//! cargo bench -p mamori-benches --bench documents -- --measurement-time 3 --warm-up-time 1
//! ```
//!
//! One group per format, two ids per group timing the same call:
//!
//! - `<format>/input`: throughput over the input file's bytes (MB/s of input);
//! - `<format>/text`: throughput over the text the call extracted and scanned,
//!   `Report::bytes_scanned` (MB/s of extracted text; the text of every cell, paragraph, page
//!   and member, with the tabs and line breaks that join them).
//!
//! Criterion reports one throughput per benchmark, so the second figure is a second,
//! independent measurement of the same work rather than a number derived from the first;
//! the two times should agree within noise. Before the groups run, each input's size,
//! extracted-text size and findings are printed once.
//!
//! Inputs are read from `MAMORI_BENCH_DOCS` (default `target/bench-docs`). When they are
//! missing the bench says how to make them and exits successfully.
//!
//! `MAMORI_BENCH_ZIP_MEMORY=FILE` turns the binary into the whole-archive memory probe of
//! `benches/zip_memory.sh`: it scans FILE with `scan_path` (streamed from disk) with the
//! total-expansion and time limits raised so that every member is read, prints the peak
//! resident memory (VmHWM) and exits without benchmarking. `MAMORI_BENCH_MAX_FINDINGS=N`
//! sets how many findings the report keeps (`ScannerBuilder::max_findings`; counts include
//! all of them either way).

use criterion::{Criterion, SamplingMode, Throughput};
use mamori::{Limits, Scanner};
use std::path::PathBuf;
use std::time::{Duration, Instant};

const INPUTS: [(&str, &str); 4] = [
    ("docx", "report.docx"),
    ("xlsx", "customers.xlsx"),
    ("pdf", "ledger.pdf"),
    ("zip", "mixed.zip"),
];

fn docs_dir() -> PathBuf {
    std::env::var_os("MAMORI_BENCH_DOCS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/bench-docs"))
}

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// Whole-archive memory probe (see the module docs).
fn zip_memory(path: PathBuf) {
    let limits = Limits { max_total_bytes: 64 << 30, max_time_ms: 3_600_000, ..Limits::default() };
    let mut builder = Scanner::builder().limits(limits);
    let max_findings = std::env::var("MAMORI_BENCH_MAX_FINDINGS").ok().and_then(|v| v.parse().ok());
    if let Some(n) = max_findings {
        builder = builder.max_findings(n);
    }
    let scanner = builder.build().unwrap();
    let before = peak_rss_kib();
    let t = Instant::now();
    let report = scanner.scan_path(&path).expect("readable input");
    let secs = t.elapsed().as_secs_f64();
    let input = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!(
        "{}: {:.1} MB read in {secs:.1} s ({:.1} MB/s), {:.1} MB of text extracted, \
         {} findings, {} unscannable{}",
        path.display(),
        input as f64 / 1e6,
        input as f64 / 1e6 / secs,
        report.bytes_scanned as f64 / 1e6,
        report.counts.values().sum::<u64>(),
        report.unscannable.len(),
        report.unscannable.first().map(|u| format!(" (first: {u:?})")).unwrap_or_default()
    );
    println!(
        "peak RSS (VmHWM): {before} KiB after building the scanner, {} KiB at the end \
         (limits: max_total_bytes 64 GiB, max_time 1 h, others default; findings kept in \
         the report: {})",
        peak_rss_kib(),
        max_findings.map_or("default (100,000)".to_string(), |n: usize| n.to_string())
    );
}

fn documents(c: &mut Criterion) {
    let dir = docs_dir();
    let missing: Vec<_> = INPUTS.iter().filter(|(_, f)| !dir.join(f).exists()).collect();
    if !missing.is_empty() {
        eprintln!(
            "documents bench: no inputs in {} (missing {}). Make them with\n\
             \n    python3 -m venv target/bench-venv\
             \n    target/bench-venv/bin/pip install python-docx openpyxl reportlab\
             \n    target/bench-venv/bin/python benches/make_docs.py\n\
             \nor run benches/run_documents.sh; MAMORI_BENCH_DOCS points to another folder. \
             Skipping.",
            dir.display(),
            missing.iter().map(|(_, f)| *f).collect::<Vec<_>>().join(", ")
        );
        return;
    }
    let scanner = Scanner::builder().build().unwrap();
    for (format, file) in INPUTS {
        let bytes = std::fs::read(dir.join(file)).expect("input file");
        let t = Instant::now();
        let report = scanner.scan_bytes(&bytes, Some(file));
        let once = t.elapsed();
        let text = report.bytes_scanned;
        println!(
            "{format}: {file} {:.2} MB input, {:.2} MB extracted text ({:.1}x), {} findings, \
             {} unscannable; first scan {:.0} ms",
            bytes.len() as f64 / 1e6,
            text as f64 / 1e6,
            text as f64 / bytes.len() as f64,
            report.counts.values().sum::<u64>(),
            report.unscannable.len(),
            once.as_secs_f64() * 1e3
        );
        if !report.unscannable.is_empty() {
            println!("  unscannable: {:?}", report.unscannable);
        }

        let mut g = c.benchmark_group(format);
        g.sample_size(10);
        if once > Duration::from_millis(200) {
            g.sampling_mode(SamplingMode::Flat);
        }
        g.throughput(Throughput::BytesDecimal(bytes.len() as u64));
        g.bench_function("input", |b| {
            b.iter(|| scanner.scan_bytes(&bytes, Some(file)).bytes_scanned)
        });
        g.throughput(Throughput::BytesDecimal(text));
        g.bench_function("text", |b| {
            b.iter(|| scanner.scan_bytes(&bytes, Some(file)).bytes_scanned)
        });
        g.finish();
    }
}

fn main() {
    if let Some(path) = std::env::var_os("MAMORI_BENCH_ZIP_MEMORY") {
        zip_memory(PathBuf::from(path));
        return;
    }
    let mut c = Criterion::default().configure_from_args();
    documents(&mut c);
    c.final_summary();
}

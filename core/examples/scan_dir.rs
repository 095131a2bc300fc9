//! Scans every file under a folder (or one file, as text) and prints findings with masked
//! values.
//!
//! ```text
//! cargo run --release -p mamori --example scan_dir -- corpora/text
//! ```
//!
//! The full command-line scanner (documents, archives, output formats) lives in `cli/`;
//! this example shows the library API in a few lines.

use mamori::Scanner;
use std::io::Write;
use std::path::{Path, PathBuf};

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if dir.is_file() {
        out.push(dir.to_path_buf());
        return Ok(());
    }
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

fn main() -> std::io::Result<()> {
    let root = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    let scanner = Scanner::builder().keywords(["社外秘", "極秘", "機密"]).build().expect("config");
    let mut files = Vec::new();
    walk(Path::new(&root), &mut files)?;
    files.sort();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for path in files {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let report = scanner.scan(&bytes);
        if report.findings.is_empty() {
            continue;
        }
        let counts: Vec<String> = report.counts.iter().map(|(k, v)| format!("{k}={v}")).collect();
        writeln!(out, "{}  [{:?}]  {}", path.display(), report.verdict.action, counts.join(" "))?;
        for f in &report.findings {
            writeln!(
                out,
                "  {}:{}  {:<20} {:<6} {}",
                f.line,
                f.column,
                f.kind.as_str(),
                f.confidence.level.as_str(),
                f.masked
            )?;
        }
    }
    Ok(())
}

//! `mamori report RESULT --html OUT.html`: a page a person can read from a scan result —
//! where the personal data is, by folder, by kind and by risk, and what could not be read.
//!
//! - [`input`]: reading the result (`--format json`, `--format jsonl`, Spark Parquet)
//! - [`parquet`]: the Parquet reader (the `parquet` cargo feature)
//! - [`aggregate`]: totals, folders and the risk order
//! - [`chart`]: bar charts as inline SVG
//! - [`html`]: the self-contained page
//! - [`escape`]: HTML escaping
//! - [`numbers`]: numbers grouped by thousands

pub mod aggregate;
pub mod chart;
pub mod escape;
pub mod html;
pub mod input;
pub mod numbers;
pub mod parquet;

use anyhow::{Context, Result};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

/// The arguments of `mamori report`.
#[derive(Args)]
pub struct ReportArgs {
    /// A scan result: the output of `mamori scan --format json` or `--format jsonl`
    /// (`--summary` or not), or the Parquet result of `python -m mamori.spark`.
    #[arg(value_name = "RESULT")]
    result: PathBuf,
    /// Write the HTML page here ("-" prints it).
    #[arg(long, value_name = "FILE")]
    html: PathBuf,
}

/// Reads the result and writes the page. Exit status 0 when written.
pub fn run(a: ReportArgs) -> Result<u8> {
    let inv = input::read_inventory(&a.result)?;
    let source = a.result.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let page = html::render(&inv, &source);
    if a.html.as_os_str() == "-" {
        std::io::stdout().lock().write_all(page.as_bytes())?;
    } else {
        std::fs::write(&a.html, page)
            .with_context(|| format!("cannot write {}", a.html.display()))?;
    }
    Ok(0)
}

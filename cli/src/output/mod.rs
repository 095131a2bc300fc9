//! Output formats. Findings and parts not inspected go to standard output, errors and the
//! progress bar to standard error.
//!
//! Every format is a [`Writer`] in its own module (`human`, `jsonl`, `json`, `csv`, `sarif`,
//! and `summary` for `--summary`); the [`Printer`] receives results from the scanning
//! threads, puts them back in walk order, keeps the totals and drives the writer file by
//! file. `human`, `jsonl` and `csv` write a file's block when the file is done; `json`,
//! `sarif` and `--summary` write one document at the end, sorted (by path, or by risk for
//! summaries) so runs can be diffed. Every format lists the parts that could not be
//! inspected ([`unscannable`]) next to the findings.

mod csv;
mod human;
mod json;
mod jsonl;
mod place;
mod printer;
mod sarif;
mod summary;
mod totals;
mod unscannable;

pub use printer::Printer;
pub use totals::{ErrorRecord, Totals};
pub use unscannable::NotInspected;

use crate::scan::FileResult;
use crate::settings::Format;
use mamori::{Action, Finding, Kind, Scanner};

/// The order files are written in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum SortOrder {
    /// By path (see [`crate::walk::path_order`]): the same output on every run.
    #[default]
    Path,
    /// Each file as soon as its scan ends (`human`, `jsonl`, `csv`; `json`, `sarif` and
    /// `--summary` are documents and always sorted).
    None,
}

/// How to print.
#[derive(Clone, Copy, Debug)]
pub struct OutputOpts {
    pub format: Format,
    pub sort: SortOrder,
    pub summary: bool,
    pub show_values: bool,
    pub color: bool,
    pub quiet: bool,
}

/// A scanned file as the writers see it.
pub struct File {
    pub result: FileResult,
    /// Its parts that could not be inspected, summarised per reason.
    pub unscannable: Vec<NotInspected>,
    /// How many parts could not be inspected (what `unscannable` stands for).
    pub unscannable_count: u64,
}

impl File {
    pub fn new(result: FileResult) -> File {
        let unscannable = unscannable::summarise(&result.location, &result.report.unscannable);
        let unscannable_count = unscannable::total(&unscannable);
        File { result, unscannable, unscannable_count }
    }

    /// Whether the output lists this file: it has findings, or parts that could not be
    /// inspected. Every format lists the same files, and the totals count them.
    fn is_listed(&self) -> bool {
        self.result.finding_count() > 0 || self.unscannable_count > 0
    }
}

/// What the scan ended with, handed to [`Writer::finish`].
pub struct End<'a> {
    pub totals: &'a Totals,
    pub errors: &'a [ErrorRecord],
}

/// One output format. For each scanned file, in walk order, the printer calls
/// `begin_file`, then `finding` for each finding, `unscannable` for each entry of its
/// not-inspected list, then `end_file`; `begin` comes before the first file and `finish`
/// after the last. Each call appends the text to write to `out`; the printer writes it.
pub trait Writer: Send {
    /// Before the first file (the CSV header).
    fn begin(&mut self, _out: &mut String) {}
    /// A file is about to be written (its findings and unscannable parts follow).
    fn begin_file(&mut self, _file: &File, _out: &mut String) {}
    /// One finding of the file begun last.
    fn finding(&mut self, _file: &File, _finding: &Finding, _out: &mut String) {}
    /// One finding of the file being scanned, written as it is found; false when the format
    /// needs the whole file first (then the finding comes again through `finding`).
    fn stream_finding(&mut self, _path: &str, _finding: &Finding, _out: &mut String) -> bool {
        false
    }
    /// One part of the file begun last that could not be inspected (or the count of
    /// such parts left out of the list).
    fn unscannable(&mut self, _file: &File, _part: &NotInspected, _out: &mut String) {}
    /// The file is done; formats written at the end keep it.
    fn end_file(&mut self, _file: File, _out: &mut String) {}
    /// After the last file: totals, or the whole document.
    fn finish(&mut self, end: &End<'_>, out: &mut String);
}

/// The writer for these options.
pub fn writer(opts: &OutputOpts, scanner: &Scanner, roots: &[String]) -> Box<dyn Writer> {
    if opts.summary {
        return Box::new(summary::Summary::new(opts.format, opts.color, roots));
    }
    match opts.format {
        Format::Human => Box::new(human::Human::new(opts.color, opts.show_values)),
        Format::Jsonl => Box::new(jsonl::Jsonl),
        Format::Json => Box::new(json::Json::new(roots)),
        Format::Csv => Box::new(csv::Csv::new(opts.show_values)),
        Format::Sarif => Box::new(sarif::Sarif::new(scanner, roots)),
    }
}

/// The policy action's name (the core's, shared with the bindings).
fn action_name(a: Action) -> &'static str {
    a.as_str()
}

/// The name a finding is shown under: its kind, with a keyword's label or a rule's name.
fn kind_label(f: &Finding) -> String {
    match (f.kind, &f.rule) {
        (Kind::Custom, Some(r)) => r.to_string(),
        (Kind::Keyword, Some(r)) => format!("keyword:{r}"),
        (k, _) => k.as_str().to_string(),
    }
}

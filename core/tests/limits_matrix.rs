//! One table over the older readers: for each format a real input (made by LibreOffice,
//! Python's email/tarfile/gzip/zipfile, the `zip` command; see `corpora/documents/README.md`)
//! and, for each limit that applies to it, limits small enough that the input exceeds them.
//! Each cell must end in a `limit_exceeded` entry naming that limit, and the same input with
//! default limits must have none.
//!
//! The clock (`max_time_ms`) is tested deterministically: the input is given through
//! `scan_reader` by a source whose first read sleeps past `max_time_ms` (50 ms), so the
//! deadline has passed by the time the format's reader holds any byte, and only a check made
//! by that reader (not the one before the input is opened) can report it.
//!
//! `cargo test -p mamori --test limits_matrix -- --nocapture` prints the matrix.

use mamori::{Limits, Report, Scanner, UnscannableReason};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

fn corpus(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpora/documents").join(rel)
}

/// The limits of the matrix's columns, by the name a `limit_exceeded` detail carries.
const LIMITS: [&str; 8] = [
    "max_depth",
    "max_total_bytes",
    "max_member_bytes",
    "max_ratio",
    "max_members",
    "max_time_ms",
    "max_sheet_cells",
    "max_objects",
];

/// Limits small enough for a corpus file to exceed `limit`.
fn tight(limit: &str) -> Limits {
    let d = Limits::default();
    match limit {
        // The input is depth 0 and its members (archive entries, attachments) depth 1.
        "max_depth" => Limits { max_depth: 0, ..d },
        "max_total_bytes" => Limits { max_total_bytes: 8, ..d },
        "max_member_bytes" => Limits { max_member_bytes: 8, ..d },
        // Text compresses at least 1:1, so any member past the floor exceeds a ratio of 0.
        "max_ratio" => Limits { max_ratio: 0, ratio_floor_bytes: 16, ..d },
        "max_members" => Limits { max_members: 0, ..d },
        "max_time_ms" => Limits { max_time_ms: TIME_MS, ..d },
        "max_sheet_cells" => Limits { max_sheet_cells: 1, ..d },
        "max_objects" => Limits { max_objects: 1, ..d },
        _ => unreachable!("{limit}"),
    }
}

/// One input: the format's name, the file (read from disk), a transform applied to it (a
/// plain tar is the corpus's gzip-compressed tar decompressed), and the limits that apply.
struct Case {
    format: &'static str,
    file: &'static str,
    gunzip: bool,
    limits: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case {
        format: "text UTF-8",
        file: "text/顧客名簿_utf8.csv",
        gunzip: false,
        limits: &["max_time_ms"],
    },
    Case {
        format: "text Shift_JIS",
        file: "text/顧客名簿_sjis.csv",
        gunzip: false,
        limits: &["max_time_ms"],
    },
    Case {
        format: "text UTF-16",
        file: "text/メモ_utf16.txt",
        gunzip: false,
        limits: &["max_time_ms"],
    },
    Case {
        format: "HTML", file: "text/社員名簿.html", gunzip: false, limits: &["max_time_ms"]
    },
    Case { format: "RTF", file: "text/議事録.rtf", gunzip: false, limits: &["max_time_ms"] },
    Case {
        format: "docx",
        file: "office/議事録.docx",
        gunzip: false,
        limits: &["max_total_bytes", "max_member_bytes", "max_ratio", "max_members", "max_time_ms"],
    },
    Case {
        format: "xlsx",
        file: "office/顧客台帳.xlsx",
        gunzip: false,
        limits: &["max_total_bytes", "max_member_bytes", "max_ratio", "max_members", "max_time_ms"],
    },
    Case {
        format: "pptx",
        file: "office/提案.pptx",
        gunzip: false,
        limits: &["max_total_bytes", "max_member_bytes", "max_ratio", "max_members", "max_time_ms"],
    },
    Case {
        format: "xls",
        file: "office/名簿.xls",
        gunzip: false,
        limits: &["max_total_bytes", "max_member_bytes", "max_time_ms", "max_sheet_cells"],
    },
    Case {
        format: "PDF",
        file: "pdf/契約書.pdf",
        gunzip: false,
        limits: &["max_total_bytes", "max_member_bytes", "max_ratio", "max_time_ms", "max_objects"],
    },
    Case {
        format: "zip",
        file: "archive/a.zip",
        gunzip: false,
        limits: &[
            "max_depth",
            "max_total_bytes",
            "max_member_bytes",
            "max_ratio",
            "max_members",
            "max_time_ms",
        ],
    },
    Case {
        format: "gzip",
        file: "archive/list.csv.gz",
        gunzip: false,
        limits: &["max_depth", "max_total_bytes", "max_member_bytes", "max_ratio", "max_time_ms"],
    },
    Case {
        format: "tar",
        file: "archive/backup.tar.gz",
        gunzip: true,
        limits: &["max_depth", "max_member_bytes", "max_members", "max_time_ms"],
    },
    Case {
        format: "eml",
        file: "mail/見積依頼.eml",
        gunzip: false,
        limits: &["max_depth", "max_total_bytes", "max_member_bytes", "max_members", "max_time_ms"],
    },
];

/// Cells whose limit applies but is not enforced: (format, limit). Empty: a cell listed here
/// must also be written up where the limit is documented.
const KNOWN_GAPS: &[(&str, &str)] = &[];

fn input(case: &Case) -> Vec<u8> {
    let raw = std::fs::read(corpus(case.file)).unwrap();
    if !case.gunzip {
        return raw;
    }
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(&raw[..]).read_to_end(&mut out).unwrap();
    out
}

fn name_of(case: &Case) -> &'static str {
    let base = case.file.rsplit('/').next().unwrap();
    if case.gunzip {
        base.strip_suffix(".gz").unwrap()
    } else {
        base
    }
}

/// The time limit of the clock cells, and how long the source sleeps before its first byte.
const TIME_MS: u64 = 50;
const FIRST_READ_DELAY: Duration = Duration::from_millis(TIME_MS + 10);

/// A source that sleeps past `TIME_MS` before its first read: the deadline has passed by the
/// time any byte arrives.
struct Slow<'a> {
    data: &'a [u8],
    slept: bool,
}

impl Read for Slow<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if !self.slept {
            std::thread::sleep(FIRST_READ_DELAY);
            self.slept = true;
        }
        self.data.read(buf)
    }
}

fn scan(case: &Case, limits: Limits, slow: bool) -> Report {
    let scanner = Scanner::builder().limits(limits).build().unwrap();
    let data = input(case);
    if slow {
        scanner.scan_reader(Slow { data: &data, slept: false }, Some(name_of(case))).unwrap()
    } else {
        scanner.scan_bytes(&data, Some(name_of(case)))
    }
}

fn limit_details(r: &Report) -> Vec<&str> {
    r.unscannable
        .iter()
        .filter(|u| u.reason == UnscannableReason::LimitExceeded)
        .map(|u| u.detail.as_str())
        .collect()
}

/// Whether scanning `case` with `limit` tight reports `limit_exceeded` naming it.
fn hits(case: &Case, limit: &str) -> (bool, Vec<String>) {
    let r = scan(case, tight(limit), limit == "max_time_ms");
    let all: Vec<String> =
        r.unscannable.iter().map(|u| format!("{:?}: {}", u.reason, u.detail)).collect();
    let hit = limit_details(&r).iter().any(|d| d.starts_with(&format!("{limit} ")));
    (hit, all)
}

#[test]
fn default_limits_are_not_exceeded() {
    for c in CASES {
        let r = scan(c, Limits::default(), false);
        assert!(limit_details(&r).is_empty(), "{}: {:?}", c.format, limit_details(&r));
        assert!(!r.findings.is_empty(), "{}: the input has data to find", c.format);
        // Through the slow reader too, so the clock cell fails only by its tight limit.
        let r = scan(c, Limits::default(), true);
        assert!(limit_details(&r).is_empty(), "{} (slow): {:?}", c.format, limit_details(&r));
    }
}

#[test]
fn every_applicable_limit_is_exceeded() {
    let mut table = String::new();
    table.push_str(&format!("{:<16}", "format"));
    for l in LIMITS {
        table.push_str(&format!(" {:>16}", l));
    }
    table.push('\n');
    let mut failures = Vec::new();
    for c in CASES {
        table.push_str(&format!("{:<16}", c.format));
        for l in LIMITS {
            let cell = if !c.limits.contains(&l) {
                "n/a"
            } else {
                let (hit, all) = hits(c, l);
                let gap = KNOWN_GAPS.contains(&(c.format, l));
                match (hit, gap) {
                    (true, false) => "hit",
                    (false, true) => "GAP (ignored)",
                    (true, true) => {
                        failures.push(format!("{} {l}: listed as a gap but enforced", c.format));
                        "hit (listed gap)"
                    }
                    (false, false) => {
                        failures
                            .push(format!("{} {l}: not exceeded; unscannable {all:?}", c.format));
                        "MISSED"
                    }
                }
            };
            table.push_str(&format!(" {:>16}", cell));
        }
        table.push('\n');
    }
    println!("{table}");
    assert!(failures.is_empty(), "{failures:#?}");
}

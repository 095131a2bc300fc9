//! Sinks: every path hands findings and unread parts to the caller's sink as they are found,
//! and a sink that says stop ends the scan.

use mamori::{Action, Finding, Flow, Scanner, Sink, StopAtBlock, Unscannable};
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;

#[derive(Default)]
struct Record {
    events: Vec<String>,
    findings: Vec<Finding>,
    unscannable: Vec<Unscannable>,
    stop_after: Option<usize>,
}

impl Sink for Record {
    fn begin(&mut self, location: &str) -> Flow {
        self.events.push(format!("begin {location}"));
        Flow::Continue
    }
    fn finding(&mut self, f: &Finding) -> Flow {
        self.events.push(format!("finding {}", f.kind));
        self.findings.push(f.clone());
        match self.stop_after {
            Some(n) if self.findings.len() >= n => Flow::Stop,
            _ => Flow::Continue,
        }
    }
    fn unscannable(&mut self, u: &Unscannable) -> Flow {
        self.events.push(format!("unscannable {}", u.location));
        self.unscannable.push(u.clone());
        Flow::Continue
    }
    fn end(&mut self, location: &str) -> Flow {
        self.events.push(format!("end {location}"));
        Flow::Continue
    }
}

fn zip_of(members: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in members {
        w.start_file(*name, SimpleFileOptions::default()).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn scanner() -> Scanner {
    Scanner::builder().build().unwrap()
}

#[test]
fn the_sink_sees_what_the_report_holds_in_order() {
    let members = [
        ("a.txt", "TEL 03-1234-5678\nマイナンバー 6214-9832-0257\n".as_bytes().to_vec()),
        ("b.csv", "氏名,電話番号\n山田,090-1234-5678\n".as_bytes().to_vec()),
    ];
    let bytes = zip_of(&members);
    let mut rec = Record::default();
    let report = scanner().scan_bytes_with(&bytes, Some("x.zip"), &mut rec);
    assert!(!report.stopped);
    assert_eq!(rec.findings, report.findings);
    assert!(rec.findings.len() >= 3, "{:?}", rec.events);
    // Units are bracketed: every begin has its end before the next begin.
    let mut open: Option<&str> = None;
    for e in &rec.events {
        if let Some(loc) = e.strip_prefix("begin ") {
            assert!(open.is_none(), "{:?}", rec.events);
            open = Some(loc);
        } else if let Some(loc) = e.strip_prefix("end ") {
            assert_eq!(open.take(), Some(loc), "{:?}", rec.events);
        } else if e.starts_with("finding") {
            assert!(open.is_some(), "a finding outside a unit: {:?}", rec.events);
        }
    }
    assert!(rec.events.contains(&"begin x.zip!a.txt".to_string()), "{:?}", rec.events);
}

#[test]
fn unread_parts_reach_the_sink() {
    let enc = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../corpora/documents/hostile/encrypted.zip"
    ))
    .unwrap();
    let mut rec = Record::default();
    let report = scanner().scan_bytes_with(&enc, Some("enc.zip"), &mut rec);
    assert!(!report.unscannable.is_empty());
    assert_eq!(rec.unscannable, report.unscannable);
}

#[test]
fn stop_at_block_reads_no_further() {
    // The first member blocks (a My Number); a thousand more members follow.
    let mut members = vec![("0.txt", "個人番号：6214-9832-0257\n".as_bytes().to_vec())];
    let filler = "電話 03-1234-5678\n".repeat(50).into_bytes();
    let names: Vec<String> = (1..=1000).map(|i| format!("{i}.txt")).collect();
    for n in &names {
        members.push((n.as_str(), filler.clone()));
    }
    let bytes = zip_of(&members);
    let s = scanner();
    let full = s.scan_bytes(&bytes, Some("m.zip"));
    assert_eq!(full.verdict.action, Action::Block);
    let mut gate = StopAtBlock::new(s.config().policy.clone());
    let early = s.scan_bytes_with(&bytes, Some("m.zip"), &mut gate);
    assert_eq!(gate.action(), Action::Block);
    assert!(early.stopped);
    assert!(!full.stopped);
    assert!(
        early.unscannable.is_empty(),
        "stopping is not an unread part: {:?}",
        early.unscannable
    );
    assert!(
        early.bytes_scanned * 100 < full.bytes_scanned,
        "read {} of {} bytes",
        early.bytes_scanned,
        full.bytes_scanned
    );
    assert_eq!(early.verdict.action, Action::Block);
}

#[test]
fn a_sink_can_stop_plain_text_and_streams_of_documents() {
    let text = "携帯 090-1234-5678\n".repeat(200_000); // ~4.6 MB
    let mut rec = Record { stop_after: Some(3), ..Record::default() };
    let report = scanner().scan_bytes_with(text.as_bytes(), Some("log.txt"), &mut rec);
    assert!(report.stopped);
    assert!(report.bytes_scanned < text.len() as u64 / 4, "{}", report.bytes_scanned);
    let mut rec = Record { stop_after: Some(3), ..Record::default() };
    let report = scanner().scan_reader_with(Cursor::new(text.as_bytes()), None, &mut rec).unwrap();
    assert!(report.stopped);
    assert!(report.findings.len() < 10_000, "{}", report.findings.len());
}

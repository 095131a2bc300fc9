//! Document, mail and archive extraction over `corpora/documents/` (made by real tools with
//! `corpora/documents/generate.py`): recall per format with exact locations, and hostile
//! inputs that must end as `unscannable` entries, never as a crash or unbounded memory.
//!
//! `cargo test -p mamori --test documents -- --nocapture` prints the recall table and every
//! missed item (masked).

use mamori::{Limits, Report, Scanner, UnscannableReason};
use std::collections::{BTreeMap, HashSet};
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

const MIN_RECALL: f64 = 0.98;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpora/documents")
}

fn scanner() -> Scanner {
    Scanner::builder().reveal_values(true).build().unwrap()
}

/// Digits of a number (full-width digits folded), the lower-cased address of an e-mail, or a
/// name without its blanks.
fn norm(kind: &str, value: &str) -> String {
    if kind == "email" {
        return value.to_lowercase();
    }
    if kind == "person_name" {
        return value.chars().filter(|c| !c.is_whitespace()).collect();
    }
    value
        .chars()
        .filter_map(|c| match c {
            '0'..='9' => Some(c),
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
            _ => None,
        })
        .collect()
}

fn mask(v: &str) -> String {
    let n = v.chars().count();
    v.chars().enumerate().map(|(i, c)| if i + 4 < n { '*' } else { c }).collect()
}

struct Item {
    file: String,
    location: String,
    kind: String,
    value: String,
}

fn truth() -> Vec<Item> {
    let text = std::fs::read_to_string(corpus().join("ground_truth.jsonl")).unwrap();
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let s = |k: &str| v[k].as_str().unwrap().to_string();
            Item { file: s("file"), location: s("location"), kind: s("kind"), value: s("value") }
        })
        .collect()
}

fn format_of(file: &str) -> &'static str {
    let f = file.to_lowercase();
    for (suffix, name) in [
        (".tar.gz", "tar.gz"),
        (".csv.gz", "gzip"),
        (".zip", "zip"),
        (".docx", "docx"),
        (".xlsx", "xlsx"),
        (".xls", "xls"),
        (".pptx", "pptx"),
        (".doc", "doc"),
        (".ppt", "ppt"),
        (".odt", "odt"),
        (".ods", "ods"),
        (".odp", "odp"),
        (".eml", "eml"),
        (".html", "html"),
        (".xml", "xml"),
        (".rtf", "rtf"),
        (".json", "json"),
        (".pdf", "pdf"),
    ] {
        if f.ends_with(suffix) {
            return name;
        }
    }
    if f.contains("utf8") {
        "text utf-8"
    } else if f.contains("sjis") {
        "text shift_jis"
    } else if f.contains("eucjp") {
        "text euc-jp"
    } else if f.contains("iso2022") {
        "text iso-2022-jp"
    } else if f.contains("utf16") {
        "text utf-16"
    } else {
        "text"
    }
}

fn found_set(report: &Report) -> HashSet<(String, String, String)> {
    report
        .findings
        .iter()
        .map(|f| {
            let kind = f.kind.as_str().to_string();
            let v = norm(&kind, f.text.as_deref().unwrap_or(""));
            (f.location.clone().unwrap_or_default(), kind, v)
        })
        .collect()
}

#[test]
fn recall_per_format_with_locations() {
    let scanner = scanner();
    let items = truth();
    assert!(items.len() > 250, "ground truth too small: {}", items.len());
    let mut files: Vec<&str> = items.iter().map(|i| i.file.as_str()).collect();
    files.sort();
    files.dedup();
    let mut reports = BTreeMap::new();
    for f in &files {
        let t = Instant::now();
        let report = scanner.scan_path(corpus().join(f)).unwrap();
        assert!(report.unscannable.is_empty(), "{f}: {:?}", report.unscannable);
        println!("{f}: {} findings in {:?}", report.findings.len(), t.elapsed());
        reports.insert(f.to_string(), found_set(&report));
    }
    let mut per_format: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut misses = Vec::new();
    for it in &items {
        let hit = reports[&it.file].contains(&(
            it.location.clone(),
            it.kind.clone(),
            norm(&it.kind, &it.value),
        ));
        let e = per_format.entry(format_of(&it.file)).or_default();
        e.1 += 1;
        if hit {
            e.0 += 1;
        } else {
            misses.push(format!("  {} {} {} {}", it.file, it.location, it.kind, mask(&it.value)));
        }
    }
    println!("\n{:<18} {:>5} {:>5} {:>7}", "format", "found", "items", "recall");
    let mut worst = 1.0f64;
    for (fmt, (hit, all)) in &per_format {
        let r = *hit as f64 / *all as f64;
        worst = worst.min(r);
        println!("{fmt:<18} {hit:>5} {all:>5} {r:>7.3}");
    }
    if !misses.is_empty() {
        println!("\nmissed (file, location, kind, value):");
        for m in &misses {
            println!("{m}");
        }
        // Help diagnose a location mismatch.
        for it in items.iter().filter(|it| misses.iter().any(|m| m.contains(&it.location))).take(5)
        {
            let near: Vec<_> = reports[&it.file]
                .iter()
                .filter(|(_, k, v)| *k == it.kind && *v == norm(&it.kind, &it.value))
                .map(|(l, _, _)| l.clone())
                .collect();
            println!("  {} reported at {:?}", mask(&it.value), near);
        }
    }
    assert!(worst >= MIN_RECALL, "a format is below {MIN_RECALL} recall");
}

#[test]
fn alternative_bodies_count_once() {
    let report = scanner().scan_path(corpus().join("mail/連絡先変更.eml")).unwrap();
    let at = |loc: &str| -> Vec<_> {
        report.findings.iter().filter(|f| f.location.as_deref() == Some(loc)).collect()
    };
    // One phone, one e-mail, one My Number in the text rendering; the HTML rendering
    // (`#body=2`) is scanned too, but shows the same values, so they count once (HTML-only
    // values: `value_in_both_alternatives_counts_once`).
    assert_eq!(at("連絡先変更.eml#body").len(), 3, "{:?}", at("連絡先変更.eml#body"));
    assert_eq!(at("連絡先変更.eml#body=2").len(), 0, "{:?}", at("連絡先変更.eml#body=2"));
}

#[test]
fn reader_and_bytes_agree_with_path() {
    let scanner = scanner();
    for f in [
        "archive/documents.zip",
        "mail/見積依頼.eml",
        "text/顧客名簿_sjis.csv",
        "archive/backup.tar.gz",
    ] {
        let path = corpus().join(f);
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let bytes = std::fs::read(&path).unwrap();
        let a = scanner.scan_path(&path).unwrap();
        let b = scanner.scan_bytes(&bytes, Some(&name));
        // A reader that hands out a few bytes at a time, and a spill threshold that forces
        // the temporary-file path.
        let tiny = Scanner::builder()
            .reveal_values(true)
            .limits(Limits { spill_threshold: 1024, ..Limits::default() })
            .build()
            .unwrap();
        let c = tiny.scan_reader(Trickle(Cursor::new(bytes.clone())), Some(&name)).unwrap();
        assert_eq!(a.findings, b.findings, "{f}");
        assert_eq!(a.findings, c.findings, "{f}");
        assert!(!a.findings.is_empty());
    }
}

struct Trickle<R>(R);
impl<R: Read> Read for Trickle<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = buf.len().min(777);
        self.0.read(&mut buf[..n])
    }
}

fn hostile(name: &str) -> Report {
    let t = Instant::now();
    let report = scanner().scan_path(corpus().join("hostile").join(name)).unwrap();
    println!(
        "{name}: {:?} in {:?}",
        report.unscannable.iter().take(3).collect::<Vec<_>>(),
        t.elapsed()
    );
    report
}

fn reasons(r: &Report) -> Vec<UnscannableReason> {
    r.unscannable.iter().map(|u| u.reason).collect()
}

#[test]
fn bomb_42_style() {
    let r = hostile("bomb42.zip");
    assert!(reasons(&r).contains(&UnscannableReason::LimitExceeded), "{:?}", r.unscannable);
    assert!(r.unscannable.len() <= Limits::default().max_unscannable + 1);
}

#[test]
fn overlapping_entry_bomb() {
    let r = hostile("overlap.zip");
    assert_eq!(reasons(&r), vec![UnscannableReason::LimitExceeded]);
    assert!(r.unscannable[0].detail.contains("overlapping"), "{:?}", r.unscannable);
}

#[test]
fn fifty_levels_of_nesting() {
    let r = hostile("nested50.zip");
    assert_eq!(reasons(&r), vec![UnscannableReason::LimitExceeded]);
    assert!(r.unscannable[0].detail.contains("max_depth"), "{:?}", r.unscannable);
    // Deeper than the default limit allows, so the phone at the bottom is not reached.
    assert!(r.findings.is_empty());
    let deep =
        Scanner::builder().limits(Limits { max_depth: 60, ..Limits::default() }).build().unwrap();
    let r = deep.scan_path(corpus().join("hostile/nested50.zip")).unwrap();
    assert!(r.unscannable.is_empty(), "{:?}", r.unscannable);
    assert_eq!(r.findings.len(), 1);
    assert!(r.findings[0].location.as_deref().unwrap().ends_with("level49.zip!名簿.csv"));
}

#[test]
fn truncated_zip_is_corrupt() {
    let r = hostile("truncated.zip");
    assert_eq!(reasons(&r), vec![UnscannableReason::Corrupt]);
}

#[test]
fn encrypted_zip_and_office() {
    let r = hostile("encrypted.zip");
    assert_eq!(reasons(&r), vec![UnscannableReason::Encrypted]);
    assert_eq!(r.unscannable[0].location, "encrypted.zip!secret.csv");
    let r = hostile("encrypted.xlsx");
    assert_eq!(reasons(&r), vec![UnscannableReason::Encrypted]);
    assert_eq!(r.verdict.action, mamori::Action::Review, "policy reacts to what it cannot read");
}

#[test]
fn far_cell_costs_nothing() {
    let expected: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(corpus().join("hostile/expected.json")).unwrap(),
    )
    .unwrap();
    let r = scanner().scan_path(corpus().join("hostile/far_cell.xlsx")).unwrap();
    assert!(r.unscannable.is_empty());
    let want = &expected["far_cell.xlsx"];
    let f = r
        .findings
        .iter()
        .find(|f| f.location.as_deref() == want["location"].as_str())
        .expect("far cell found");
    assert_eq!(
        norm("phone", f.text.as_deref().unwrap()),
        norm("phone", want["phone"].as_str().unwrap())
    );
}

/// The LibreOffice .xls with its sheets' DIMENSIONS records patched to `rows` x 256 cells
/// (calamine would reserve that many cells before returning).
fn xls_with_dimensions(rows: u32) -> Vec<u8> {
    let mut b = std::fs::read(corpus().join("office/名簿.xls")).unwrap();
    let mut patched = 0;
    let mut i = 0;
    while let Some(p) = b[i..].windows(4).position(|w| w == [0x00, 0x02, 0x0e, 0x00]) {
        let at = i + p + 4;
        b[at..at + 4].copy_from_slice(&0u32.to_le_bytes());
        b[at + 4..at + 8].copy_from_slice(&rows.to_le_bytes());
        b[at + 8..at + 10].copy_from_slice(&0u16.to_le_bytes());
        b[at + 10..at + 12].copy_from_slice(&256u16.to_le_bytes());
        patched += 1;
        i = at;
    }
    assert!(patched > 0);
    b
}

#[test]
fn xls_sheet_too_large_is_refused_unread() {
    let s = scanner();
    let r = s.scan_bytes(&xls_with_dimensions(1 << 20), Some("名簿.xls"));
    assert_eq!(reasons(&r), vec![UnscannableReason::LimitExceeded], "{:?}", r.unscannable);
    assert!(r.unscannable[0].detail.contains("max_sheet_cells"), "{:?}", r.unscannable);
    assert_eq!(r.unscannable[0].location, "名簿.xls");
    // A workbook within the limit is read; a tighter limit refuses the real file too.
    let r = s.scan_bytes(&xls_with_dimensions(100), Some("名簿.xls"));
    assert!(r.unscannable.is_empty(), "{:?}", r.unscannable);
    assert!(!r.findings.is_empty());
    let tight = Scanner::builder()
        .limits(Limits { max_sheet_cells: 10, ..Limits::default() })
        .build()
        .unwrap();
    let r = tight.scan_path(corpus().join("office/名簿.xls")).unwrap();
    assert_eq!(reasons(&r), vec![UnscannableReason::LimitExceeded]);
    assert!(r.findings.is_empty());
}

#[test]
fn xls_truncated_or_damaged_is_corrupt() {
    let b = std::fs::read(corpus().join("office/名簿.xls")).unwrap();
    let s = scanner();
    for cut in [600, b.len() / 2, b.len() - 100] {
        let r = s.scan_bytes(&b[..cut], Some("名簿.xls"));
        assert!(!r.unscannable.is_empty(), "cut at {cut}");
    }
    // A cyclic FAT chain (every FAT entry pointing at sector 0) is refused, not followed.
    let mut b2 = b.clone();
    let fat0 = 512 + 512 * u32::from_le_bytes(b[76..80].try_into().unwrap()) as usize;
    for e in b2[fat0..fat0 + 512].chunks_exact_mut(4) {
        e.copy_from_slice(&0u32.to_le_bytes());
    }
    let r = s.scan_bytes(&b2, Some("名簿.xls"));
    assert_eq!(reasons(&r), vec![UnscannableReason::Corrupt], "{:?}", r.unscannable);
}

// ------------------------------------------------------------------ made at test time

/// A minimal zip writer (stored or deflated entries) for inputs too large to commit.
struct ZipW<W: Write> {
    out: W,
    pos: u64,
    cd: Vec<u8>,
    n: u16,
}

impl<W: Write> ZipW<W> {
    fn new(out: W) -> Self {
        ZipW { out, pos: 0, cd: Vec::new(), n: 0 }
    }
    fn add(&mut self, name: &str, data: &[u8], deflate: bool) {
        let crc = crc32(data);
        let body = if deflate {
            let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
            e.write_all(data).unwrap();
            e.finish().unwrap()
        } else {
            data.to_vec()
        };
        let method: u16 = if deflate { 8 } else { 0 };
        let mut h = Vec::new();
        h.extend(0x04034b50u32.to_le_bytes());
        for v in [20u16, 0, method, 0, 0x21] {
            h.extend(v.to_le_bytes());
        }
        for v in [crc, body.len() as u32, data.len() as u32] {
            h.extend(v.to_le_bytes());
        }
        for v in [name.len() as u16, 0] {
            h.extend(v.to_le_bytes());
        }
        h.extend(name.as_bytes());
        let mut c = Vec::new();
        c.extend(0x02014b50u32.to_le_bytes());
        for v in [20u16, 20, 0x800, method, 0, 0x21] {
            c.extend(v.to_le_bytes());
        }
        for v in [crc, body.len() as u32, data.len() as u32] {
            c.extend(v.to_le_bytes());
        }
        for v in [name.len() as u16, 0, 0, 0, 0] {
            c.extend(v.to_le_bytes());
        }
        c.extend(0u32.to_le_bytes());
        c.extend((self.pos as u32).to_le_bytes());
        c.extend(name.as_bytes());
        self.cd.extend(c);
        self.out.write_all(&h).unwrap();
        self.out.write_all(&body).unwrap();
        self.pos += (h.len() + body.len()) as u64;
        self.n += 1;
    }
    fn finish(mut self) -> W {
        let cd_off = self.pos as u32;
        self.out.write_all(&self.cd).unwrap();
        let mut e = Vec::new();
        e.extend(0x06054b50u32.to_le_bytes());
        for v in [0u16, 0, self.n, self.n] {
            e.extend(v.to_le_bytes());
        }
        e.extend((self.cd.len() as u32).to_le_bytes());
        e.extend(cd_off.to_le_bytes());
        e.extend(0u16.to_le_bytes());
        self.out.write_all(&e).unwrap();
        self.out
    }
}

fn crc32(data: &[u8]) -> u32 {
    let mut table = [0u32; 256];
    for (i, t) in table.iter_mut().enumerate() {
        let mut c = i as u32;
        for _ in 0..8 {
            c = if c & 1 != 0 { 0xedb88320 ^ (c >> 1) } else { c >> 1 };
        }
        *t = c;
    }
    !data.iter().fold(!0u32, |c, &b| table[((c ^ b as u32) & 0xff) as usize] ^ (c >> 8))
}

const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;

fn xlsx_with_sheet(sheet_xml: &[u8], deflate: bool) -> Vec<u8> {
    let mut z = ZipW::new(Vec::new());
    z.add("[Content_Types].xml", b"<Types/>", false);
    z.add("xl/workbook.xml", WORKBOOK.as_bytes(), false);
    z.add("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes(), false);
    z.add("xl/worksheets/sheet1.xml", sheet_xml, deflate);
    z.finish()
}

#[test]
fn million_row_sheet_streams() {
    let mut sheet = Vec::with_capacity(40 << 20);
    sheet.extend_from_slice(
        br#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:B1000000"/><sheetData>"#,
    );
    for r in 1..=1_000_000u32 {
        if r == 999_999 {
            sheet.extend_from_slice(
                format!(r#"<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>電話</t></is></c><c r="B{r}" t="inlineStr"><is><t>03-5555-1234</t></is></c></row>"#)
                    .as_bytes(),
            );
        } else {
            sheet.extend_from_slice(
                format!(r#"<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>"#).as_bytes(),
            );
        }
    }
    sheet.extend_from_slice(b"</sheetData></worksheet>");
    let xlsx = xlsx_with_sheet(&sheet, true);
    drop(sheet);
    // What is tested is streaming, not the clock: a debug build on a busy machine may need
    // more than the default 60 s.
    let limits = Limits { max_time_ms: 900_000, ..Limits::default() };
    let scanner = Scanner::builder().reveal_values(true).limits(limits).build().unwrap();
    let t = Instant::now();
    let r = scanner.scan_bytes(&xlsx, Some("big.xlsx"));
    println!(
        "1,000,000 rows: {:?}, {} findings, {:?}",
        t.elapsed(),
        r.findings.len(),
        r.unscannable
    );
    assert!(r.unscannable.is_empty(), "{:?}", r.unscannable);
    assert!(r.findings.iter().any(|f| f.location.as_deref() == Some("big.xlsx#Data!B999999")));
}

#[test]
fn inline_strings_and_numbers_in_cells() {
    let sheet = r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>マイナンバー</t></is></c><c r="B1"><v>6.21498320257E+11</v></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><r><t>090-1234</t></r><r><t>-5678</t></r><rPh><t>ふりがな</t></rPh></is></c></row>
</sheetData></worksheet>"#;
    let r = scanner().scan_bytes(&xlsx_with_sheet(sheet.as_bytes(), false), Some("x.xlsx"));
    let locs: Vec<_> =
        r.findings.iter().map(|f| (f.location.clone().unwrap(), f.kind.as_str())).collect();
    assert!(locs.contains(&("x.xlsx#Data!B1".into(), "my_number")), "{locs:?}");
    assert!(locs.contains(&("x.xlsx#Data!A2".into(), "phone")), "{locs:?}");
    let mn = r.findings.iter().find(|f| f.kind.as_str() == "my_number").unwrap();
    assert_eq!(
        (mn.start, mn.end, mn.line, mn.column),
        (0, 12, 1, 1),
        "offsets are relative to the cell"
    );
}

#[test]
fn zip_bomb_made_at_test_time_is_bounded() {
    // One deflated entry of 64 MiB of zeros: the ratio limit stops it after about 1 MiB.
    let mut z = ZipW::new(Vec::new());
    let big = vec![b'0'; 64 << 20];
    z.add("zeros.txt", &big, true);
    drop(big);
    let bytes = z.finish();
    let t = Instant::now();
    let r = scanner().scan_bytes(&bytes, Some("bomb.zip"));
    println!("{:?} in {:?}", r.unscannable, t.elapsed());
    assert_eq!(reasons(&r), vec![UnscannableReason::LimitExceeded]);
    assert!(r.unscannable[0].detail.contains("max_ratio"), "{:?}", r.unscannable);
}

#[test]
fn damaged_inputs_never_panic() {
    // Every corpus file cut short and with bytes flipped: whatever happens is a report.
    let scanner = scanner();
    let mut files = Vec::new();
    for d in ["text", "office", "mail", "archive", "pdf"] {
        for e in std::fs::read_dir(corpus().join(d)).unwrap() {
            files.push(e.unwrap().path());
        }
    }
    files.sort();
    let mut seed = 0x2545f4914f6cdd1du64;
    for p in files {
        let bytes = std::fs::read(&p).unwrap();
        let name = p.file_name().unwrap().to_str().unwrap().to_string();
        for cut in [bytes.len() / 3, bytes.len() / 2, bytes.len() * 9 / 10] {
            let _ = scanner.scan_bytes(&bytes[..cut], Some(&name));
        }
        for _ in 0..8 {
            let mut b = bytes.clone();
            for _ in 0..4 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let i = (seed % b.len() as u64) as usize;
                b[i] ^= (seed >> 32) as u8 | 1;
            }
            let _ = scanner.scan_bytes(&b, Some(&name));
        }
    }
}

#[test]
fn unsupported_and_plain_inputs() {
    let s = scanner();
    let r = s.scan_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", Some("logo.png"));
    assert_eq!(reasons(&r), vec![UnscannableReason::UnsupportedFormat]);
    let r = s.scan_bytes(b"%PDF-1.4\ntrailer << /Encrypt << /Filter /X >> >>\n", Some("x.pdf"));
    assert_eq!(reasons(&r), vec![UnscannableReason::Encrypted]);
    // Plain UTF-8 keeps exact offsets and no location without a name.
    let text = "連絡先 03-1234-5678";
    let r = s.scan_bytes(text.as_bytes(), None);
    assert_eq!(r.findings, s.scan(text.as_bytes()).findings);
    assert_eq!(r.findings[0].location, None);
}

#[test]
fn pdf_with_broken_xref_is_still_read() {
    let r = hostile("broken_xref.pdf");
    assert!(r.unscannable.is_empty(), "{:?}", r.unscannable);
    let good = scanner().scan_path(corpus().join("pdf/契約書.pdf")).unwrap();
    assert_eq!(r.findings.len(), good.findings.len());
}

fn pdf_with(objects: &[String]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    for (i, o) in objects.iter().enumerate() {
        out.extend(format!("{} 0 obj\n{}\nendobj\n", i + 1, o).as_bytes());
    }
    out.extend(b"trailer << /Root 1 0 R >>\n%%EOF\n");
    out
}

fn stream(data: &[u8], extra: &str) -> String {
    format!(
        "<< /Length {} {extra} >>\nstream\n{}\nendstream",
        data.len(),
        String::from_utf8_lossy(data)
    )
}

#[test]
fn hostile_pdf_structures() {
    let s = scanner();
    // A page tree whose Kids point back at itself, a 100,000-deep array, and a page.
    let deep = format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000));
    let content = b"BT /F1 12 Tf 72 700 Td (TEL 03-1234-5678) Tj ET";
    let pdf = pdf_with(&[
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        "<< /Type /Pages /Kids [2 0 R 3 0 R 2 0 R] /Count 2 >>".into(),
        "<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> /X 6 0 R >>".into(),
        stream(content, ""),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".into(),
        deep,
    ]);
    let t = Instant::now();
    let r = s.scan_bytes(&pdf, Some("loop.pdf"));
    assert!(t.elapsed().as_secs() < 10);
    assert_eq!(r.findings.len(), 1, "{:?}", r.unscannable);
    assert_eq!(r.findings[0].location.as_deref(), Some("loop.pdf#page=1"));

    // A Flate bomb as a content stream.
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(&vec![b' '; 64 << 20]).unwrap();
    let bomb = e.finish().unwrap();
    let mut pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] >> endobj\n3 0 obj << /Type /Page /Contents 4 0 R >> endobj\n".to_vec();
    pdf.extend(
        format!("4 0 obj << /Length {} /Filter /FlateDecode >>\nstream\n", bomb.len()).as_bytes(),
    );
    pdf.extend(&bomb);
    pdf.extend(b"\nendstream\nendobj\n%%EOF");
    let r = s.scan_bytes(&pdf, Some("bomb.pdf"));
    assert_eq!(reasons(&r), vec![UnscannableReason::LimitExceeded], "{:?}", r.unscannable);

    // A CID font without a ToUnicode map: reported, not guessed.
    let pdf = pdf_with(&[
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        "<< /Type /Pages /Kids [3 0 R] >>".into(),
        "<< /Type /Page /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".into(),
        stream(b"BT /F1 12 Tf <00410042> Tj ET", ""),
        "<< /Type /Font /Subtype /Type0 /BaseFont /MSMincho /Encoding /Identity-H >>".into(),
    ]);
    let r = s.scan_bytes(&pdf, Some("cid.pdf"));
    assert_eq!(reasons(&r), vec![UnscannableReason::UnsupportedFormat], "{:?}", r.unscannable);
}

/// The findings of a PDF with the file's name cut off their locations (`#page=N` kept).
fn pdf_findings(file: &str) -> (Report, Vec<mamori::Finding>) {
    let report = scanner().scan_path(corpus().join("pdf").join(file)).unwrap();
    let findings = report
        .findings
        .iter()
        .map(|f| {
            let mut f = f.clone();
            f.location = f.location.as_deref().and_then(|l| l.strip_prefix(file)).map(Into::into);
            f
        })
        .collect();
    (report, findings)
}

#[test]
fn owner_password_pdfs_are_read_like_their_originals() {
    // Made with qpdf from the originals, owner password only (corpora/documents/README.md).
    for (encrypted, original) in [
        ("契約書_owner_rc4_40.pdf", "契約書.pdf"),
        ("契約書_owner_rc4_128.pdf", "契約書.pdf"),
        ("契約書_owner_aes_128.pdf", "契約書.pdf"),
        ("契約書_owner_aes_256.pdf", "契約書.pdf"),
        ("名簿_owner_rc4_128_v4.pdf", "identity_japan1_名簿.pdf"),
        ("名簿_owner_aes_128_clear_metadata.pdf", "identity_japan1_名簿.pdf"),
        ("名簿_owner_aes_256_r5.pdf", "identity_japan1_名簿.pdf"),
    ] {
        let (want_report, want) = pdf_findings(original);
        let (report, got) = pdf_findings(encrypted);
        assert!(want_report.unscannable.is_empty() && want.len() >= 12, "{original}");
        assert!(report.unscannable.is_empty(), "{encrypted}: {:?}", report.unscannable);
        assert_eq!(report.bytes_scanned, want_report.bytes_scanned, "{encrypted}");
        assert!(got == want, "{encrypted}: {} findings, {} in {original}", got.len(), want.len());
    }
}

#[test]
fn user_password_pdf_is_reported_encrypted() {
    let (report, findings) = pdf_findings("契約書_user_password.pdf");
    assert!(findings.is_empty());
    assert_eq!(reasons(&report), vec![UnscannableReason::Encrypted]);
    let detail = &report.unscannable[0].detail;
    assert!(detail.contains("user password") && detail.contains("AES-256"), "{detail}");
}

#[test]
fn pdf_encryption_is_taken_from_the_trailer_only() {
    let s = scanner();
    // `/Encrypt` in a content stream, in a string and as a page's key: read as usual.
    let content = b"BT /F1 12 Tf 72 700 Td (/Encrypt 6 0 R) Tj (TEL 03-1234-5678) Tj ET";
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] >>".into(),
        "<< /Type /Page /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> /Encrypt 6 0 R >>"
            .into(),
        stream(content, ""),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".into(),
        "<< /Filter /Standard /V 2 /R 3 /O (x) /U (y) /P -4 >>".into(),
    ];
    let pdf = pdf_with(&objects);
    let r = s.scan_bytes(&pdf, Some("not_encrypted.pdf"));
    assert!(r.unscannable.is_empty(), "{:?}", r.unscannable);
    assert_eq!(r.findings.len(), 1);

    // The same file with `/Encrypt` in its trailer: the dictionary is read (and is damaged).
    let mut pdf = pdf_with(&objects);
    let trailer = memchr_last(&pdf, b"trailer << ");
    pdf.splice(trailer + 11..trailer + 11, b"/Encrypt 6 0 R ".iter().copied());
    let r = s.scan_bytes(&pdf, Some("damaged.pdf"));
    assert_eq!(reasons(&r), vec![UnscannableReason::Corrupt], "{:?}", r.unscannable);
    assert!(r.findings.is_empty());

    // Another security handler (public-key): refused, named.
    let mut pdf = pdf_with(&objects[..5]);
    pdf.extend(b"trailer << /Root 1 0 R /Encrypt << /Filter /Adobe.PubSec /V 4 >> >>\n%%EOF\n");
    let r = s.scan_bytes(&pdf, Some("pubsec.pdf"));
    assert_eq!(reasons(&r), vec![UnscannableReason::Encrypted], "{:?}", r.unscannable);
    assert!(r.unscannable[0].detail.contains("Adobe.PubSec"));
}

#[test]
fn pdf_string_too_short_to_decrypt_is_corrupt() {
    // The AES-128 file with its /Author cut to 2 bytes (no room for the 16-byte IV), padded
    // with spaces so that every offset stays: read all the same, the damage reported.
    let mut pdf = std::fs::read(corpus().join("pdf/契約書_owner_aes_128.pdf")).unwrap();
    let at = memchr_last(&pdf, b"/Author <") + 9;
    let end = at + pdf[at..].iter().position(|&b| b == b'>').unwrap();
    for (i, b) in pdf[at..end].iter_mut().enumerate() {
        *b = if i < 4 { b'0' } else { b' ' };
    }
    let r = scanner().scan_bytes(&pdf, Some("契約書_owner_aes_128.pdf"));
    assert_eq!(reasons(&r), vec![UnscannableReason::Corrupt], "{:?}", r.unscannable);
    assert!(r.unscannable[0].detail.contains("objects that could not be decrypted: 1 "));
    let (_, want) = pdf_findings("契約書.pdf");
    assert_eq!(r.findings.len(), want.len());
}

fn memchr_last(haystack: &[u8], needle: &[u8]) -> usize {
    haystack.windows(needle.len()).rposition(|w| w == needle).unwrap()
}

#[test]
fn malformed_mime_found_by_fuzzing() {
    // Reaches a `debug_assert!` inside mail-parser 0.11.9; isolated, reported, not a crash.
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz/seeds/extract_mail/regress-mail-parser-debug-assert.eml");
    let bytes = std::fs::read(p).unwrap();
    let r = scanner().scan_bytes(&bytes, Some("x.eml"));
    assert!(
        r.unscannable.iter().all(|u| u.reason == UnscannableReason::Corrupt),
        "{:?}",
        r.unscannable
    );
}

// ------------------------------------------ every alternative of a mail, HTML attributes,
// ------------------------------------------ Office field codes, properties, comment authors

/// Findings of a report as (location, kind, value).
fn located(r: &Report) -> Vec<(String, String, String)> {
    r.findings
        .iter()
        .map(|f| {
            let loc = f.location.clone().unwrap_or_default();
            (loc, f.kind.as_str().to_string(), f.text.clone().unwrap_or_default())
        })
        .collect()
}

fn has(found: &[(String, String, String)], loc: &str, kind: &str, value: &str) -> bool {
    found.iter().any(|(l, k, v)| l == loc && k == kind && v == value)
}

#[test]
fn html_only_alternative_is_read() {
    let mail = "From: a@example.jp\nTo: b@example.jp\nSubject: x\nMIME-Version: 1.0\n\
        Content-Type: multipart/alternative; boundary=\"b1\"\n\n--b1\n\
        Content-Type: text/html; charset=utf-8\n\n\
        <html><body><p>マイナンバー：308201018670</p>\
        <p><a href=\"mailto:hanako.sato@example.co.jp\">担当者へメール</a></p></body></html>\n\
        --b1--\n";
    let r = scanner().scan_bytes(mail.as_bytes(), Some("m.eml"));
    let found = located(&r);
    assert!(has(&found, "m.eml#body", "my_number", "308201018670"), "{found:?}");
    assert!(has(&found, "m.eml#body", "email", "hanako.sato@example.co.jp"), "{found:?}");
}

#[test]
fn value_in_both_alternatives_counts_once() {
    let mail = "From: a@example.jp\nSubject: x\nMIME-Version: 1.0\n\
        Content-Type: multipart/alternative; boundary=\"b1\"\n\n--b1\n\
        Content-Type: text/plain; charset=utf-8\n\n電話：03-3456-7890\n\n--b1\n\
        Content-Type: text/html; charset=utf-8\n\n\
        <p>電話：<b>03-3456-7890</b></p><p>携帯：<a href=\"tel:090-2345-6789\">お電話</a></p>\n\
        --b1--\n";
    let r = scanner().scan_bytes(mail.as_bytes(), Some("m.eml"));
    let found = located(&r);
    assert_eq!(r.counts["phone"], 2, "{found:?}");
    assert_eq!(r.distinct_counts["phone"], 2, "{found:?}");
    assert_eq!(found.iter().filter(|f| f.1 == "phone").count(), 2, "{found:?}");
    assert!(has(&found, "m.eml#body", "phone", "03-3456-7890"), "{found:?}");
    // Only in the HTML rendering, where it is a link: found there.
    assert!(has(&found, "m.eml#body=2", "phone", "090-2345-6789"), "{found:?}");
}

#[test]
fn html_link_and_input_values_are_read() {
    let html = "<!DOCTYPE html><html><body><p>連絡は\
        <a href=\"mailto:taro@example.co.jp\">メール</a>で。</p>\
        <form><input type=\"text\" value=\"090-1234-5678\"></form></body></html>";
    let r = scanner().scan_bytes(html.as_bytes(), Some("連絡.html"));
    let found = located(&r);
    assert!(has(&found, "連絡.html", "email", "taro@example.co.jp"), "{found:?}");
    assert!(has(&found, "連絡.html", "phone", "090-1234-5678"), "{found:?}");
    assert_eq!(r.findings.len(), 2, "{found:?}");
}

const DOCX_DOCUMENT: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:t>議事録</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">連絡は </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "mailto:</w:instrText></w:r><w:r><w:instrText>jiro.suzuki@example.co.jp" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>こちら</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>まで。</w:t></w:r></w:p>
<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> HYPERLINK "mailto:kenta@example.jp" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>kenta@example.jp</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>
<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>
</w:body></w:document>"#;

const DOCX_COMMENTS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:comment w:id="0" w:author="佐藤 花子" w:initials="SH"><w:p><w:r><w:t>確認済み</w:t></w:r></w:p></w:comment>
<w:comment w:id="1" w:author="佐藤 花子" w:initials="SH"><w:p><w:r><w:t>修正しました</w:t></w:r></w:p></w:comment>
</w:comments>"#;

const CORE_PROPS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>打合せ</dc:title><dc:creator>山田 太郎</dc:creator><cp:lastModifiedBy>高橋 一郎</cp:lastModifiedBy><dcterms:created xsi:type="dcterms:W3CDTF">2025-04-01T00:00:00Z</dcterms:created></cp:coreProperties>"#;

#[test]
fn docx_field_codes_properties_and_comment_authors() {
    let mut z = ZipW::new(Vec::new());
    z.add("[Content_Types].xml", b"<Types/>", false);
    z.add("word/document.xml", DOCX_DOCUMENT.as_bytes(), true);
    z.add("word/comments.xml", DOCX_COMMENTS.as_bytes(), true);
    z.add("docProps/core.xml", CORE_PROPS.as_bytes(), true);
    let docx = z.finish();
    let r = scanner().scan_bytes(&docx, Some("議事録.docx"));
    assert!(r.unscannable.is_empty(), "{:?}", r.unscannable);
    let found = located(&r);
    // The link target, not shown in the text, is read with its paragraph.
    assert!(has(&found, "議事録.docx#p=2", "email", "jiro.suzuki@example.co.jp"), "{found:?}");
    // A link shown as its own text is one address.
    assert_eq!(found.iter().filter(|f| f.2 == "kenta@example.jp").count(), 1, "{found:?}");
    assert!(has(&found, "議事録.docx#props", "person_name", "山田 太郎"), "{found:?}");
    assert!(has(&found, "議事録.docx#props", "person_name", "高橋 一郎"), "{found:?}");
    assert!(has(&found, "議事録.docx#comment=1", "person_name", "佐藤 花子"), "{found:?}");
    // An author of two comments is named once.
    assert_eq!(found.iter().filter(|f| f.2 == "佐藤 花子").count(), 1, "{found:?}");
}

#[test]
fn xlsx_and_pptx_properties_and_comment_authors() {
    let app = r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Company>株式会社サンプル</Company><Manager>伊藤 美咲</Manager></Properties>"#;
    let custom = r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="問合せ先"><vt:lpwstr>03-5555-1234</vt:lpwstr></property></Properties>"#;
    let sheet = r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>"#;
    let sheet_rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="../comments1.xml"/></Relationships>"#;
    let comments = r#"<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>中村 愛</author></authors><commentList><comment ref="B2" authorId="0"><text><t>要確認</t></text></comment></commentList></comments>"#;
    let mut z = ZipW::new(Vec::new());
    z.add("[Content_Types].xml", b"<Types/>", false);
    z.add("xl/workbook.xml", WORKBOOK.as_bytes(), false);
    z.add("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes(), false);
    z.add("xl/worksheets/sheet1.xml", sheet.as_bytes(), false);
    z.add("xl/worksheets/_rels/sheet1.xml.rels", sheet_rels.as_bytes(), false);
    z.add("xl/comments1.xml", comments.as_bytes(), false);
    z.add("docProps/app.xml", app.as_bytes(), false);
    z.add("docProps/custom.xml", custom.as_bytes(), false);
    let r = scanner().scan_bytes(&z.finish(), Some("売上.xlsx"));
    let found = located(&r);
    assert!(has(&found, "売上.xlsx#props", "person_name", "伊藤 美咲"), "{found:?}");
    assert!(has(&found, "売上.xlsx#props", "phone", "03-5555-1234"), "{found:?}");
    assert!(has(&found, "売上.xlsx#Data!B2/comment", "person_name", "中村 愛"), "{found:?}");

    let pres = r#"<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><p:sldIdLst><p:sldId id="256" r:id="rId1"/></p:sldIdLst></p:presentation>"#;
    let pres_rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide" Target="slides/slide1.xml"/></Relationships>"#;
    let slide = r#"<p:sld xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>提案</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>"#;
    let slide_rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="../comments/comment1.xml"/></Relationships>"#;
    let authors = r#"<p:cmAuthorLst xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"><p:cmAuthor id="3" name="渡辺 大輔" initials="WD" lastIdx="1" clrIdx="0"/></p:cmAuthorLst>"#;
    let comments = r#"<p:cmLst xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"><p:cm authorId="3" idx="1"><p:text>数字を確認</p:text></p:cm></p:cmLst>"#;
    let mut z = ZipW::new(Vec::new());
    z.add("[Content_Types].xml", b"<Types/>", false);
    z.add("ppt/presentation.xml", pres.as_bytes(), false);
    z.add("ppt/_rels/presentation.xml.rels", pres_rels.as_bytes(), false);
    z.add("ppt/slides/slide1.xml", slide.as_bytes(), false);
    z.add("ppt/slides/_rels/slide1.xml.rels", slide_rels.as_bytes(), false);
    z.add("ppt/comments/comment1.xml", comments.as_bytes(), false);
    z.add("ppt/commentAuthors.xml", authors.as_bytes(), false);
    z.add("docProps/core.xml", CORE_PROPS.as_bytes(), false);
    let r = scanner().scan_bytes(&z.finish(), Some("提案.pptx"));
    let found = located(&r);
    assert!(has(&found, "提案.pptx#props", "person_name", "山田 太郎"), "{found:?}");
    assert!(has(&found, "提案.pptx#slide=1/comments", "person_name", "渡辺 大輔"), "{found:?}");
}

// ------------------------------------------------------------------- bounds

#[test]
fn rtf_nested_past_the_depth_cap_neither_leaks_nor_hides() {
    // The phone inside the ignorable `\*\generator` destination is no text; the one after it
    // is. 5,000 groups nest past the reader's depth cap in between.
    let rtf = format!(
        "{{\\rtf1 {{\\*\\generator {}{} 090-1234-5678}} TEL 03-1234-5678}}",
        "{".repeat(5000),
        "}".repeat(5000)
    );
    let r = scanner().scan_bytes(rtf.as_bytes(), Some("deep.rtf"));
    let phones: Vec<&str> = r.findings.iter().map(|f| f.masked.as_str()).collect();
    assert_eq!(phones, ["03-****-5678"], "{:?}", r.findings);
}

#[test]
fn a_member_limit_smaller_than_the_sniffed_head_is_a_limit_not_a_panic() {
    let limits = mamori::Limits { max_member_bytes: 4096, ..mamori::Limits::default() };
    let s = mamori::Scanner::builder().limits(limits).build().unwrap();
    let mail = format!("From: a@example.jp\r\nSubject: x\r\n\r\n{}", "本文です。\r\n".repeat(2000));
    let r = s.scan_reader(std::io::Cursor::new(mail.into_bytes()), Some("big.eml")).unwrap();
    assert_eq!(reasons(&r), vec![UnscannableReason::LimitExceeded], "{:?}", r.unscannable);
}

#[test]
fn a_tar_member_over_the_member_limit_is_a_limit_at_its_place() {
    let mut b = tar::Builder::new(Vec::new());
    let small = "電話 03-1234-5678\n".as_bytes();
    let big = "携帯 090-1234-5678\n".repeat(4000).into_bytes(); // ~92 KB
    for (name, data) in [("a.txt", small), ("big.txt", &big[..])] {
        let mut h = tar::Header::new_gnu();
        h.set_size(data.len() as u64);
        h.set_mode(0o644);
        h.set_cksum();
        b.append_data(&mut h, name, data).unwrap();
    }
    let bytes = b.into_inner().unwrap();
    let limits = mamori::Limits { max_member_bytes: 16 * 1024, ..mamori::Limits::default() };
    let s = mamori::Scanner::builder().limits(limits).build().unwrap();
    let r = s.scan_bytes(&bytes, Some("t.tar"));
    assert_eq!(reasons(&r), vec![UnscannableReason::LimitExceeded], "{:?}", r.unscannable);
    assert_eq!(r.unscannable[0].location, "t.tar!big.txt");
    assert!(r.findings.iter().any(|f| f.masked == "03-****-5678"), "the small member is read");
}

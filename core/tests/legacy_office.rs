//! Word 97–2003 (.doc), PowerPoint 97–2003 (.ppt) and OpenDocument (.odt, .ods, .odp)
//! extraction: recall with exact locations over the LibreOffice-made files of
//! `corpora/documents/office/` (see `generate_legacy.py` there), encrypted and damaged
//! variants, and hostile files built here that must end quickly as `unscannable` entries.
//!
//! `cargo test -p mamori --test legacy_office -- --nocapture` prints each file's findings
//! per location and every miss (masked).

use mamori::{Limits, Report, Scanner, UnscannableReason};
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpora/documents")
}

fn scanner() -> Scanner {
    Scanner::builder().reveal_values(true).build().unwrap()
}

fn with_limits(limits: Limits) -> Scanner {
    Scanner::builder().reveal_values(true).limits(limits).build().unwrap()
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(corpus().join("office").join(name)).unwrap()
}

/// Digits of a number, the lower-cased e-mail address, a name without blanks.
fn norm(kind: &str, value: &str) -> String {
    match kind {
        "email" => value.to_lowercase(),
        "person_name" => value.chars().filter(|c| !c.is_whitespace()).collect(),
        _ => value.chars().filter(char::is_ascii_digit).collect(),
    }
}

fn mask(v: &str) -> String {
    let n = v.chars().count();
    v.chars().enumerate().map(|(i, c)| if i + 4 < n { '*' } else { c }).collect()
}

/// (location, kind, value) of each ground-truth item of `file`.
fn truth(file: &str) -> Vec<(String, String, String)> {
    let text = std::fs::read_to_string(corpus().join("ground_truth.jsonl")).unwrap();
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["file"] == format!("office/{file}"))
        .map(|v| {
            let s = |k: &str| v[k].as_str().unwrap().to_string();
            (s("location"), s("kind"), s("value"))
        })
        .collect()
}

fn found(report: &Report) -> HashSet<(String, String, String)> {
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

/// Scans a corpus file and checks every ground-truth item is found at its location;
/// returns the report.
fn recall(file: &str, min_items: usize) -> Report {
    let items = truth(file);
    assert!(items.len() >= min_items, "{file}: {} ground-truth items", items.len());
    let report = scanner().scan_path(corpus().join("office").join(file)).unwrap();
    let got = found(&report);
    let mut per_loc: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &report.findings {
        *per_loc.entry(f.location.as_deref().unwrap_or("")).or_default() += 1;
    }
    println!("{file}: {per_loc:?}");
    let misses: Vec<_> = items
        .iter()
        .filter(|(loc, kind, v)| !got.contains(&(loc.clone(), kind.clone(), norm(kind, v))))
        .map(|(loc, kind, v)| format!("{loc} {kind} {}", mask(v)))
        .collect();
    assert!(report.unscannable.is_empty(), "{file}: {:?}", report.unscannable);
    assert!(misses.is_empty(), "{file}: {} of {} missed: {misses:#?}", misses.len(), items.len());
    report
}

#[test]
fn doc_recall_with_paragraph_locations() {
    recall("議事メモ.doc", 15);
}

#[test]
fn ppt_recall_with_slide_locations() {
    recall("営業提案.ppt", 6);
}

#[test]
fn odt_recall_with_paragraph_locations_and_props() {
    recall("議事メモ.odt", 15);
}

#[test]
fn ods_recall_with_cell_locations() {
    recall("会員名簿.ods", 20);
}

#[test]
fn odp_recall_with_slide_locations() {
    recall("営業提案.odp", 6);
}

// ------------------------------------------------------------------ encrypted and damaged

fn reasons(r: &Report) -> Vec<UnscannableReason> {
    r.unscannable.iter().map(|u| u.reason).collect()
}

/// Scans `bytes` and returns the report and how long it took.
fn timed(scanner: &Scanner, bytes: &[u8], name: &str) -> (Report, Duration) {
    let t = Instant::now();
    let r = scanner.scan_bytes(bytes, Some(name));
    (r, t.elapsed())
}

/// One `limit_exceeded` entry naming `limit`, reached in well under the default time limit.
fn assert_limit(r: &Report, took: Duration, limit: &str) {
    assert!(
        r.unscannable
            .iter()
            .any(|u| u.reason == UnscannableReason::LimitExceeded && u.detail.contains(limit)),
        "{limit}: {:?}",
        r.unscannable
    );
    assert!(took < Duration::from_secs(10), "{limit}: took {took:?}");
}

/// The corpus .doc with FIB flags `set` (LibreOffice's command line does not save .doc
/// with a password, so `fEncrypted` is set here).
fn doc_with_flags(set: u16) -> Vec<u8> {
    let mut b = read("議事メモ.doc");
    // The FIB starts the WordDocument stream, at a sector boundary: wIdent 0xA5EC.
    let at = (0..b.len()).step_by(512).find(|&i| b[i..].starts_with(&[0xEC, 0xA5])).unwrap();
    let flags = u16::from_le_bytes([b[at + 10], b[at + 11]]) | set;
    b[at + 10..at + 12].copy_from_slice(&flags.to_le_bytes());
    b
}

#[test]
fn doc_marked_encrypted_or_obfuscated_is_encrypted() {
    for set in [0x0100, 0x8000] {
        let r = scanner().scan_bytes(&doc_with_flags(set), Some("議事メモ.doc"));
        assert_eq!(reasons(&r), vec![UnscannableReason::Encrypted], "{:?}", r.unscannable);
        assert_eq!(r.unscannable[0].location, "議事メモ.doc");
        assert!(r.findings.is_empty());
    }
    // Unchanged flags: read.
    assert!(!scanner().scan_bytes(&doc_with_flags(0), Some("議事メモ.doc")).findings.is_empty());
}

#[test]
fn ppt_marked_encrypted_is_encrypted() {
    // The `Current User` header token of an encrypted presentation (MS-PPT 2.3.2).
    let mut b = read("営業提案.ppt");
    let at = b.windows(4).position(|w| w == 0xE391_C05Fu32.to_le_bytes()).unwrap();
    b[at..at + 4].copy_from_slice(&0xF3D1_C4DFu32.to_le_bytes());
    let r = scanner().scan_bytes(&b, Some("営業提案.ppt"));
    assert_eq!(reasons(&r), vec![UnscannableReason::Encrypted], "{:?}", r.unscannable);
}

#[test]
fn odf_with_encryption_data_is_encrypted() {
    let original = read("議事メモ.odt");
    let mut ar = zip::ZipArchive::new(std::io::Cursor::new(&original)).unwrap();
    let mut members = Vec::new();
    for i in 0..ar.len() {
        let mut f = ar.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut data).unwrap();
        if name == "META-INF/manifest.xml" {
            let text = String::from_utf8(data).unwrap();
            let entry = r#"manifest:full-path="content.xml" manifest:media-type="text/xml"/>"#;
            assert!(text.contains(entry), "{text}");
            let encrypted = entry.replace(
                "/>",
                r#"><manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="AAAA"><manifest:algorithm manifest:algorithm-name="Blowfish CFB" manifest:initialisation-vector="AAAA"/></manifest:encryption-data></manifest:file-entry>"#,
            );
            data = text.replace(entry, &encrypted).into_bytes();
        }
        members.push((name, data));
    }
    let refs: Vec<(&str, &[u8])> = members.iter().map(|(n, d)| (n.as_str(), &d[..])).collect();
    let r = scanner().scan_bytes(&zip_of(&refs), Some("議事メモ.odt"));
    assert_eq!(reasons(&r), vec![UnscannableReason::Encrypted], "{:?}", r.unscannable);
    assert!(r.findings.is_empty());
}

#[test]
fn truncated_legacy_files_are_unscannable_not_a_crash() {
    let s = scanner();
    for name in ["議事メモ.doc", "営業提案.ppt"] {
        let b = read(name);
        for cut in [600, 4096, b.len() / 2, b.len() - 1000] {
            let r = s.scan_bytes(&b[..cut], Some(name));
            assert!(!r.unscannable.is_empty(), "{name} cut at {cut}");
        }
    }
}

/// Points every chain of the file's first FAT sector back at its own first sector.
fn with_looping_fat(mut b: Vec<u8>) -> Vec<u8> {
    let fat0 = 512 + 512 * u32::from_le_bytes(b[76..80].try_into().unwrap()) as usize;
    let entries: Vec<u32> = b[fat0..fat0 + 512]
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes(c.try_into().unwrap()))
        .collect();
    let mut looped = 0;
    // Chain starts: sectors with a successor that no sector points to.
    for start in 0..entries.len() as u32 {
        if entries[start as usize] >= 0xFFFF_FFFA || entries.contains(&start) {
            continue;
        }
        let mut last = start as usize;
        while entries[last] < 0xFFFF_FFFA && (entries[last] as usize) < entries.len() {
            last = entries[last] as usize;
        }
        b[fat0 + 4 * last..fat0 + 4 * last + 4].copy_from_slice(&start.to_le_bytes());
        looped += 1;
    }
    assert!(looped > 0);
    b
}

#[test]
fn looping_fat_chain_ends_quickly_as_corrupt() {
    for name in ["議事メモ.doc", "営業提案.ppt"] {
        let (r, took) = timed(&scanner(), &with_looping_fat(read(name)), name);
        assert_eq!(reasons(&r), vec![UnscannableReason::Corrupt], "{name}: {:?}", r.unscannable);
        assert!(took < Duration::from_secs(5), "{name}: {took:?}");
    }
}

// ------------------------------------------------------------------ files made here

/// A compound file holding `streams`, written by the `cfb` crate.
fn compound(streams: &[(&str, &[u8])]) -> Vec<u8> {
    let mut cf = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    for (name, data) in streams {
        std::io::Write::write_all(&mut cf.create_stream(name).unwrap(), data).unwrap();
    }
    cf.flush().unwrap();
    cf.into_inner().into_inner()
}

fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
}

/// Offset of the text in the `WordDocument` streams made here.
const DOC_TEXT_AT: u32 = 1024;

/// A Word 97 document (MS-DOC 2.5.1: FibBase, 14 FibRgW words, 22 FibRgLw longs, 93
/// FcLcb pairs) whose main text is `text` in UTF-16 and whose piece table maps each
/// `(cp_start, cp_end, byte offset into text)` piece; `lcb_plc` overrides the declared
/// piece table size.
fn word_doc(text: &str, pieces: &[(u32, u32, u32)], lcb_plc: Option<u32>) -> Vec<u8> {
    let (w, table) = word_streams(text, pieces, lcb_plc);
    compound(&[("WordDocument", &w), ("1Table", &table)])
}

/// The `WordDocument` and `1Table` streams of [`word_doc`].
fn word_streams(
    text: &str,
    pieces: &[(u32, u32, u32)],
    lcb_plc: Option<u32>,
) -> (Vec<u8>, Vec<u8>) {
    let ccp_text = pieces.last().map_or(0, |p| p.1);
    let mut w = vec![0u8; DOC_TEXT_AT as usize];
    let put16 = |b: &mut [u8], at: usize, v: u16| b[at..at + 2].copy_from_slice(&v.to_le_bytes());
    let put32 = |b: &mut [u8], at: usize, v: u32| b[at..at + 4].copy_from_slice(&v.to_le_bytes());
    put16(&mut w, 0, 0xA5EC);
    put16(&mut w, 2, 0x00C1);
    put16(&mut w, 0x0A, 0x0200); // fWhichTblStm: 1Table
    put16(&mut w, 32, 14);
    put16(&mut w, 62, 22);
    put32(&mut w, 64 + 4 * 3, ccp_text);
    put16(&mut w, 152, 93);
    w.extend(utf16(text));
    let mut plc = Vec::new();
    for p in pieces {
        plc.extend(p.0.to_le_bytes());
    }
    plc.extend(ccp_text.to_le_bytes());
    for p in pieces {
        plc.extend(0u16.to_le_bytes());
        plc.extend((DOC_TEXT_AT + p.2).to_le_bytes());
        plc.extend(0u16.to_le_bytes());
    }
    let mut clx = vec![2u8];
    clx.extend(lcb_plc.unwrap_or(plc.len() as u32).to_le_bytes());
    clx.extend(&plc);
    put32(&mut w, 154 + 33 * 8, 0);
    put32(&mut w, 154 + 33 * 8 + 4, clx.len() as u32);
    (w, clx)
}

fn one_piece(text: &str) -> Vec<(u32, u32, u32)> {
    vec![(0, text.encode_utf16().count() as u32, 0)]
}

#[test]
fn doc_made_here_reads_paragraphs_and_hyperlink_fields() {
    let text =
        "電話 090-1234-5678\r\u{13} HYPERLINK \"mailto:taro@example.jp\" \u{14}こちら\u{15}\r\
                \u{13} PAGE \u{14}1\u{15}個人番号：123456789018\r";
    let r = scanner().scan_bytes(&word_doc(text, &one_piece(text), None), Some("a.doc"));
    assert!(r.unscannable.is_empty(), "{:?}", r.unscannable);
    let got = found(&r);
    for (loc, kind, v) in [
        ("a.doc#p=1", "phone", "09012345678"),
        ("a.doc#p=2", "email", "taro@example.jp"),
        ("a.doc#p=3", "my_number", "123456789018"),
    ] {
        assert!(got.contains(&(loc.into(), kind.into(), v.into())), "{loc} {kind}: {got:?}");
    }
}

#[test]
fn doc_nested_fields_beyond_the_bound_end_quickly() {
    let mut text = "\u{13}".repeat(200_000);
    text.push_str("電話 090-1234-5678");
    text.push_str(&"\u{15}".repeat(200_000));
    text.push_str("\r電話 03-1234-5678\r");
    let (r, took) = timed(&scanner(), &word_doc(&text, &one_piece(&text), None), "a.doc");
    assert!(r.unscannable.is_empty(), "{:?}", r.unscannable);
    assert!(found(&r).contains(&("a.doc#p=2".into(), "phone".into(), "0312345678".into())));
    assert!(took < Duration::from_secs(5), "{took:?}");
}

/// 100,000 pieces that all map the same 4,096 characters (409,600,000 characters of text).
fn doc_repeating_pieces() -> Vec<u8> {
    let mut text = "連絡先 090-1234-5678\r".repeat(4096 / 19 + 1);
    text.truncate(4096);
    let n = text.encode_utf16().count() as u32;
    let pieces: Vec<_> = (0..100_000).map(|k| (k * n, (k + 1) * n, 0)).collect();
    word_doc(&text, &pieces, None)
}

#[test]
fn doc_pieces_repeating_the_text_hit_each_limit() {
    let b = doc_repeating_pieces();
    let l = Limits::default();
    let (r, took) =
        timed(&with_limits(Limits { max_member_bytes: 1 << 20, ..l.clone() }), &b, "a.doc");
    assert_limit(&r, took, "max_member_bytes");
    let (r, took) =
        timed(&with_limits(Limits { max_total_bytes: 2 << 20, ..l.clone() }), &b, "a.doc");
    assert_limit(&r, took, "max_total_bytes");
    let (r, took) = timed(&with_limits(Limits { max_time_ms: 100, ..l.clone() }), &b, "a.doc");
    assert_limit(&r, took, "max_time_ms");
    let (r, took) = timed(&with_limits(Limits { max_members: 1, ..l }), &b, "a.doc");
    assert_limit(&r, took, "max_members");
}

#[test]
fn doc_piece_table_claiming_a_billion_pieces_is_corrupt() {
    let text = "電話 090-1234-5678\r";
    // 0xFFFF_FFF4 bytes: 357,913,941 pieces declared in a table stream of a few bytes.
    let b = word_doc(text, &one_piece(text), Some(0xFFFF_FFF4));
    let (r, took) = timed(&scanner(), &b, "a.doc");
    assert_eq!(reasons(&r), vec![UnscannableReason::Corrupt], "{:?}", r.unscannable);
    assert!(took < Duration::from_secs(5), "{took:?}");
}

/// A PowerPoint record: `ver` 0xF for a container.
fn rec(ver: u16, instance: u16, typ: u16, data: &[u8]) -> Vec<u8> {
    let mut out = ((instance << 4) | ver).to_le_bytes().to_vec();
    out.extend(typ.to_le_bytes());
    out.extend((data.len() as u32).to_le_bytes());
    out.extend(data);
    out
}

fn text_atom(s: &str) -> Vec<u8> {
    rec(0, 0, 0x0FA0, &utf16(s))
}

/// A presentation (MS-PPT 2.1: Current User, UserEditAtom, PersistDirectoryAtom, a
/// DocumentContainer whose slide list names `slides` slides, all of them the persist
/// object 2: `slide`, a SlideContainer's data).
fn presentation(slides: usize, slide_list_text: &str, slide: &[u8]) -> Vec<u8> {
    let mut list = Vec::new();
    for i in 0..slides {
        let mut atom = 2u32.to_le_bytes().to_vec();
        atom.extend([0u8; 8]);
        atom.extend((256 + i as u32).to_le_bytes());
        atom.extend([0u8; 4]);
        list.extend(rec(0, 0, 0x03F3, &atom));
        if i == 0 {
            list.extend(text_atom(slide_list_text));
        }
    }
    let mut s = rec(0xF, 0, 0x03E8, &rec(0xF, 0, 0x0FF0, &list));
    let slide_at = s.len() as u32;
    s.extend(rec(0xF, 0, 0x03EE, slide));
    let dir_at = s.len() as u32;
    let mut dir = (1u32 | (2 << 20)).to_le_bytes().to_vec();
    dir.extend(0u32.to_le_bytes());
    dir.extend(slide_at.to_le_bytes());
    s.extend(rec(0, 0, 0x1772, &dir));
    let edit_at = s.len() as u32;
    let mut edit = Vec::new();
    for v in [0u32, 3, 0, dir_at, 1, 3, 1] {
        edit.extend(v.to_le_bytes());
    }
    s.extend(rec(0, 0, 0x0FF5, &edit));
    let mut user = 20u32.to_le_bytes().to_vec();
    user.extend(0xE391_C05Fu32.to_le_bytes());
    user.extend(edit_at.to_le_bytes());
    user.extend([0u8; 8]);
    let user = rec(0, 0, 0x0FF6, &user);
    compound(&[("Current User", &user), ("PowerPoint Document", &s)])
}

#[test]
fn ppt_made_here_reads_slide_list_and_shape_text() {
    let slide = rec(0xF, 0, 0xF002, &rec(0xF, 0, 0xF00D, &text_atom("電話 03-1234-5678")));
    let r = scanner().scan_bytes(&presentation(1, "個人番号 123456789018", &slide), Some("a.ppt"));
    assert!(r.unscannable.is_empty(), "{:?}", r.unscannable);
    let got = found(&r);
    assert!(
        got.contains(&("a.ppt#slide=1".into(), "phone".into(), "0312345678".into())),
        "{got:?}"
    );
    assert!(got.contains(&("a.ppt#slide=1".into(), "my_number".into(), "123456789018".into())));
}

#[test]
fn ppt_deep_records_and_shared_slides_are_refused_quickly() {
    // 100,000 nested containers.
    let inner = text_atom("電話 03-1234-5678");
    let depth = 100_000usize;
    let mut slide = Vec::with_capacity(8 * depth + inner.len());
    for level in (1..=depth).rev() {
        // A container header whose data is the next `level - 1` headers and the atom.
        slide.extend(0x000Fu16.to_le_bytes());
        slide.extend(0xF003u16.to_le_bytes());
        slide.extend(((8 * (level - 1) + inner.len()) as u32).to_le_bytes());
    }
    slide.extend(&inner);
    let (r, took) = timed(&scanner(), &presentation(1, "", &slide), "a.ppt");
    assert_limit(&r, took, "nested deeper");
    // 20,000 slides that are all the same 1 MB slide.
    let slide = rec(0xF, 0, 0xF003, &text_atom(&"あ".repeat(1 << 19)));
    let (r, took) = timed(&scanner(), &presentation(20_000, "", &slide), "a.ppt");
    assert_limit(&r, took, "overlapping");
}

#[test]
fn ppt_hits_each_limit() {
    let slide = rec(0xF, 0, 0xF003, &text_atom(&"電話 03-1234-5678\r".repeat(100_000)));
    let b = presentation(50, "", &slide);
    let l = Limits::default();
    let (r, took) =
        timed(&with_limits(Limits { max_member_bytes: 1 << 20, ..l.clone() }), &b, "a.ppt");
    assert_limit(&r, took, "max_member_bytes");
    let (r, took) =
        timed(&with_limits(Limits { max_total_bytes: 2 << 20, ..l.clone() }), &b, "a.ppt");
    assert_limit(&r, took, "max_total_bytes");
    let (r, took) = timed(&with_limits(Limits { max_time_ms: 100, ..l.clone() }), &b, "a.ppt");
    assert_limit(&r, took, "max_time_ms");
    let (r, took) = timed(&with_limits(Limits { max_members: 1, ..l }), &b, "a.ppt");
    assert_limit(&r, took, "max_members");
}

/// A stored zip of `members`.
fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(true);
    for (name, data) in members {
        w.start_file(*name, opts).unwrap();
        std::io::Write::write_all(&mut w, data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

const MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;

/// A spreadsheet package whose `content.xml` body is `tables`.
fn ods(tables: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"#
    );
    zip_of(&[
        ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
        ("META-INF/manifest.xml", MANIFEST.as_bytes()),
        ("content.xml", content.as_bytes()),
    ])
}

/// Column letters of a 0-based index, written here from the A..Z, AA.. rule.
fn letters(mut c: u64) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap()
}

#[test]
fn ods_billion_repeats_cost_nothing_and_keep_positions() {
    let g = 1_000_000_000u64;
    let tables = format!(
        r#"<table:table table:name="S"><table:table-row table:number-rows-repeated="{g}"><table:table-cell table:number-columns-repeated="{g}"><text:p>x</text:p></table:table-cell></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="{g}"/><table:table-cell><text:p>電話 090-1234-5678</text:p></table:table-cell></table:table-row></table:table>"#
    );
    let (r, took) = timed(&scanner(), &ods(&tables), "a.ods");
    assert!(r.unscannable.is_empty(), "{:?}", r.unscannable);
    let at = format!("a.ods#S!{}{}", letters(g), g + 1);
    assert!(
        found(&r).contains(&(at.clone(), "phone".into(), "09012345678".into())),
        "{at}: {:?}",
        found(&r)
    );
    assert!(took < Duration::from_secs(5), "{took:?}");
    // 20,000 cells each repeated a billion times cost what they cost unrepeated.
    let sheet = |n: u64| {
        let row = format!(
            r#"<table:table-cell table:number-columns-repeated="{n}"><text:p>x</text:p></table:table-cell>"#
        )
        .repeat(20_000);
        ods(&format!(
            r#"<table:table table:name="S"><table:table-row table:number-rows-repeated="{n}">{row}</table:table-row></table:table>"#
        ))
    };
    let (r, took) = timed(&scanner(), &sheet(g), "a.ods");
    let (_, once) = timed(&scanner(), &sheet(1), "a.ods");
    assert!(r.unscannable.is_empty(), "{:?}", r.unscannable);
    assert!(took < once * 4 + Duration::from_secs(2), "{took:?} against {once:?} unrepeated");
}

#[test]
fn odf_deep_paragraphs_end_quickly() {
    let depth = 100_000;
    let body =
        format!("{}電話 090-1234-5678{}", "<text:p>".repeat(depth), "</text:p>".repeat(depth));
    let tables = format!(
        r#"<table:table table:name="S"><table:table-row><table:table-cell>{body}</table:table-cell></table:table-row></table:table>"#
    );
    let (r, took) = timed(&scanner(), &ods(&tables), "a.ods");
    assert!(r.unscannable.is_empty(), "{:?}", r.unscannable);
    assert!(found(&r).contains(&("a.ods#S!A1".into(), "phone".into(), "09012345678".into())));
    assert!(took < Duration::from_secs(5), "{took:?}");
}

#[test]
fn odf_hits_each_limit() {
    let rows = r#"<table:table-row><table:table-cell><text:p>電話 090-1234-5678</text:p></table:table-cell></table:table-row>"#
        .repeat(40_000);
    let b = ods(&format!(r#"<table:table table:name="S">{rows}</table:table>"#));
    let l = Limits::default();
    let (r, took) =
        timed(&with_limits(Limits { max_member_bytes: 1 << 20, ..l.clone() }), &b, "a.ods");
    assert_limit(&r, took, "max_member_bytes");
    assert!(r.unscannable.iter().any(|u| u.location == "a.ods!content.xml"), "{:?}", r.unscannable);
    let (r, took) =
        timed(&with_limits(Limits { max_total_bytes: 1 << 20, ..l.clone() }), &b, "a.ods");
    assert_limit(&r, took, "max_total_bytes");
    let (r, took) = timed(&with_limits(Limits { max_time_ms: 50, ..l.clone() }), &b, "a.ods");
    assert_limit(&r, took, "max_time_ms");
    let (r, took) = timed(&with_limits(Limits { max_members: 1, ..l }), &b, "a.ods");
    assert_limit(&r, took, "max_members");
}

// ------------------------------------------------------------------ routing compound files

/// A 1 MB compound file whose DIFAT, in the header and in a chain through every other
/// sector, names sector 0 as each FAT sector: a reader trusting it would build a FAT of
/// about (109 + 127 × 2047) sectors, some 133 MB.
fn repeating_difat() -> Vec<u8> {
    const SECTORS: u32 = 2047;
    let mut b = vec![0u8; 512 * (SECTORS as usize + 1)];
    b[..8].copy_from_slice(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
    let put = |b: &mut [u8], at: usize, v: &[u8]| b[at..at + v.len()].copy_from_slice(v);
    put(&mut b, 24, &0x3Eu16.to_le_bytes());
    put(&mut b, 26, &3u16.to_le_bytes());
    put(&mut b, 28, &0xFFFEu16.to_le_bytes());
    put(&mut b, 30, &9u16.to_le_bytes());
    put(&mut b, 32, &6u16.to_le_bytes());
    put(&mut b, 44, &(109 + 127 * (SECTORS - 1)).to_le_bytes());
    put(&mut b, 48, &0u32.to_le_bytes());
    put(&mut b, 56, &4096u32.to_le_bytes());
    put(&mut b, 60, &0xFFFF_FFFEu32.to_le_bytes());
    put(&mut b, 68, &1u32.to_le_bytes());
    put(&mut b, 72, &(SECTORS - 1).to_le_bytes());
    // Header DIFAT entries: all sector 0 (already zero). DIFAT sectors 1..SECTORS chained.
    for s in 1..SECTORS {
        let at = 512 * (s as usize + 1);
        let next = if s + 1 < SECTORS { s + 1 } else { 0xFFFF_FFFE };
        put(&mut b, at + 508, &next.to_le_bytes());
    }
    b
}

#[test]
fn compound_file_whose_difat_repeats_one_sector_is_corrupt() {
    let b = repeating_difat();
    assert_eq!(b.len(), 1 << 20);
    for name in ["a.msg", "a.doc", "a.xls", "a.bin"] {
        let r = scanner().scan_bytes(&b, Some(name));
        assert_eq!(reasons(&r), vec![UnscannableReason::Corrupt], "{name}: {:?}", r.unscannable);
    }
}

#[test]
fn ppt_whose_text_names_other_streams_is_read_as_ppt() {
    // Stream names in the slide text (UTF-16, as the directory stores names) route nothing.
    let slide = rec(0xF, 0, 0xF002, &text_atom("WordDocument EncryptionInfo 電話 03-1234-5678"));
    let b = presentation(1, "EncryptedPackage Workbook", &slide);
    let r = scanner().scan_bytes(&b, Some("a.ppt"));
    assert!(r.unscannable.is_empty(), "{:?}", r.unscannable);
    assert!(found(&r).contains(&("a.ppt#slide=1".into(), "phone".into(), "0312345678".into())));
}

/// A SummaryInformation property set (MS-OLEPS 2.21) of `entries` entries, all property 4
/// (author), all naming the same `VT_LPSTR` value `value`.
fn summary_repeating_one_value(entries: u32, value: &str) -> Vec<u8> {
    let mut s = 0xFFFEu16.to_le_bytes().to_vec();
    s.extend([0u8; 22]);
    s.extend(1u32.to_le_bytes());
    s.extend([0u8; 16]);
    s.extend(48u32.to_le_bytes());
    let value_at = 8 + 8 * entries;
    let mut set = Vec::new();
    set.extend((value_at + 8 + value.len() as u32).to_le_bytes());
    set.extend(entries.to_le_bytes());
    for _ in 0..entries {
        set.extend(4u32.to_le_bytes());
        set.extend(value_at.to_le_bytes());
    }
    set.extend(0x001Eu32.to_le_bytes());
    set.extend((value.len() as u32).to_le_bytes());
    set.extend(value.as_bytes());
    s.extend(set);
    s
}

#[test]
fn doc_property_entries_sharing_one_value_read_it_once() {
    let text = "本文\r";
    let (w, table) = word_streams(text, &one_piece(text), None);
    // 4,000 entries naming one 32 KB author: 128 MB of text if each were decoded.
    let mut author = "x".repeat(32 << 10);
    author.push_str(" 電話 03-1234-5678");
    let props = summary_repeating_one_value(4000, &author);
    let b =
        compound(&[("WordDocument", &w), ("1Table", &table), ("\u{5}SummaryInformation", &props)]);
    let r = scanner().scan_bytes(&b, Some("a.doc"));
    assert!(r.unscannable.is_empty(), "{:?}", r.unscannable);
    assert_eq!(r.findings.iter().filter(|f| f.kind.as_str() == "phone").count(), 1);
}

#[test]
fn ods_cell_paragraph_of_expanded_spaces_keeps_its_first_megabyte() {
    // 20,000 `text:s` of 64 spaces each: 1.28 MB of text in one cell paragraph, past the
    // 1 MB a cell keeps; what comes first is still read at the cell's place.
    let spaces = r#"<text:s text:c="64"/>"#.repeat(20_000);
    let tables = format!(
        r#"<table:table table:name="S"><table:table-row><table:table-cell><text:p>電話 090-1234-5678{spaces}end</text:p></table:table-cell></table:table-row></table:table>"#
    );
    let r = scanner().scan_bytes(&ods(&tables), Some("a.ods"));
    assert!(r.unscannable.is_empty(), "{:?}", r.unscannable);
    let got = found(&r);
    assert!(got.contains(&("a.ods#S!A1".into(), "phone".into(), "09012345678".into())), "{got:?}");
}

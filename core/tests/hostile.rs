//! Hostile inputs, written here: each must end as `limit_exceeded` or `corrupt` within the
//! configured limits (or be read in full, where a cheap reading exists), never as a crash,
//! a hang or unbounded memory. Time is asserted through the report (`max_time_ms` set small
//! and its `limit_exceeded` entry), never by a wall clock.
//!
//! `scripts/hostile.sh` runs this binary under a memory cap (`prlimit --as`) and a timeout.

use flate2::write::ZlibEncoder;
use mamori::{Limits, Report, Scanner, UnscannableReason};
use std::io::Write;

fn scanner(limits: Limits) -> Scanner {
    Scanner::builder().limits(limits).build().unwrap()
}

/// Limits with the clock short enough that a slow path shows as `max_time_ms` and long
/// enough that a bounded one finishes on a loaded machine.
fn limits() -> Limits {
    Limits { max_time_ms: 20_000, ..Limits::default() }
}

fn reasons(r: &Report) -> Vec<(UnscannableReason, String)> {
    r.unscannable.iter().map(|u| (u.reason, u.detail.clone())).collect()
}

/// The report's `limit_exceeded` entries naming `limit`.
fn limit_hit(r: &Report, limit: &str) -> bool {
    r.unscannable
        .iter()
        .any(|u| u.reason == UnscannableReason::LimitExceeded && u.detail.contains(limit))
}

fn corrupt(r: &Report) -> bool {
    r.unscannable.iter().any(|u| u.reason == UnscannableReason::Corrupt)
}

fn phones(r: &Report) -> usize {
    r.findings.iter().filter(|f| f.masked.ends_with("5678")).count()
}

/// A PDF of `objects` numbered from 1 (`1 0 obj` the catalog, if the caller made it so),
/// with a trailer naming object 1 as its root and no cross-reference table.
fn pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    for (i, o) in objects.iter().enumerate() {
        out.extend(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend(o);
        out.extend(b"\nendobj\n");
    }
    out.extend(b"trailer\n<< /Root 1 0 R >>\n%%EOF\n");
    out
}

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut s = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    s.extend(data);
    s.extend(b"\nendstream");
    s
}

fn flate(data: &[u8]) -> Vec<u8> {
    let mut e = ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// Objects 1-4: catalog, page tree, one page whose contents are object 5 (the caller's)
/// and whose font F1 is Helvetica; `resources` adds to the page's resources.
fn one_page(resources: &str) -> Vec<Vec<u8>> {
    vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        format!("<< /Type /Page /Parent 2 0 R /Contents 5 0 R /Resources << /Font << /F1 4 0 R >> {resources} >> >>")
            .into_bytes(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
    ]
}

const PHONE_TEXT: &[u8] = b"BT /F1 12 Tf 72 700 Td (TEL 090-1234-5678) Tj ET";

#[test]
fn the_page_helper_reads() {
    // The helpers make a PDF the reader reads: the cases below fail for their own reason.
    let mut objects = one_page("");
    objects.push(stream("", PHONE_TEXT));
    let r = scanner(limits()).scan_bytes(&pdf(&objects), Some("x.pdf"));
    assert_eq!(phones(&r), 1, "{:?}", r.findings);
    assert!(r.unscannable.is_empty(), "{:?}", reasons(&r));
}

#[test]
fn pdf_unclosed_arrays_one_megabyte() {
    // `n 0 obj [` with no `]`, 1 MB of it: each object used to be parsed to the end of the
    // file (quadratic). Now each ends at the next `obj`; the page after them is read.
    let mut objects = one_page("");
    objects.push(stream("", PHONE_TEXT));
    let mut data = pdf(&objects);
    let mut n = 10;
    while data.len() < 1 << 20 {
        data.extend(format!("{n} 0 obj [ ").as_bytes());
        n += 1;
    }
    let r = scanner(Limits { max_time_ms: 10_000, ..limits() }).scan_bytes(&data, Some("x.pdf"));
    assert!(corrupt(&r), "{:?}", reasons(&r));
    assert!(!limit_hit(&r, "max_time_ms"), "{:?}", reasons(&r));
    assert_eq!(phones(&r), 1);
}

#[test]
fn pdf_open_brackets_one_megabyte() {
    // `[[[[...` for 1 MB, as an object and as a page's content stream.
    let brackets = vec![b'['; 1 << 20];
    let mut objects = one_page("");
    objects.push(stream("", &brackets));
    objects.push(brackets.clone());
    let r = scanner(limits()).scan_bytes(&pdf(&objects), Some("x.pdf"));
    assert!(corrupt(&r), "{:?}", reasons(&r));
}

#[test]
fn pdf_nested_arrays_100k_deep() {
    let mut deep = "[".repeat(100_000);
    deep.push_str(&"]".repeat(100_000));
    let mut objects = one_page("");
    objects.push(stream("", PHONE_TEXT));
    objects.push(deep.clone().into_bytes());
    objects.push(deep.replace('[', "<</A ").replace(']', ">>").into_bytes());
    let r = scanner(limits()).scan_bytes(&pdf(&objects), Some("x.pdf"));
    assert!(corrupt(&r), "{:?}", reasons(&r));
    assert_eq!(phones(&r), 1);
}

#[test]
fn pdf_objects_past_the_objects_limit() {
    // 200,000 small objects against a limit of 100,000 parsed values.
    let mut objects = one_page("");
    objects.push(stream("", PHONE_TEXT));
    objects.extend((0..200_000).map(|i| format!("[{i}]").into_bytes()));
    let limits = Limits { max_objects: 100_000, ..limits() };
    let r = scanner(limits).scan_bytes(&pdf(&objects), Some("x.pdf"));
    assert!(limit_hit(&r, "max_objects"), "{:?}", reasons(&r));
}

#[test]
fn pdf_huge_tounicode_font_used_by_every_operator() {
    // A font whose ToUnicode map has ~262k codes, set by `Tf` 200,000 times: the map used
    // to be copied at each `Tf` (hours). It is read once, and the text is found.
    let mut cmap =
        b"begincodespacerange <0000> <FFFF> endcodespacerange\n4 beginbfrange\n".to_vec();
    for _ in 0..4 {
        cmap.extend(b"<0000> <FFFF> <4E00>\n");
    }
    cmap.extend(b"endbfrange\n1 beginbfchar <0001> <0030> endbfchar\n");
    let content =
        "BT /F1 12 Tf /F2 12 Tf ET\n".repeat(100_000) + std::str::from_utf8(PHONE_TEXT).unwrap();
    let objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /Contents 5 0 R /Resources << /Font << /F1 4 0 R /F2 6 0 R >> >> >>".to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
        stream("", content.as_bytes()),
        b"<< /Type /Font /Subtype /Type0 /Encoding /Identity-H /ToUnicode 7 0 R >>".to_vec(),
        stream("", &cmap),
    ];
    let r = scanner(limits()).scan_bytes(&pdf(&objects), Some("x.pdf"));
    assert!(r.unscannable.is_empty(), "{:?}", reasons(&r));
    assert_eq!(phones(&r), 1);
}

#[test]
fn pdf_form_xobject_fan_out() {
    // Forms nesting forms: each of 5 levels draws the next 10 times (10^5 runs), and the
    // page draws the top one 10,000 times. Each form runs once per page.
    let levels = 5;
    let mut objects = one_page("/XObject << /X0 6 0 R >>");
    objects.push(stream("", &b"/X0 Do\n".repeat(10_000)));
    for level in 0..levels {
        let next = 7 + level; // this form is object 6 + level
        if level + 1 == levels {
            objects.push(stream(
                "/Type /XObject /Subtype /Form /Resources << /Font << /F1 4 0 R >> >>",
                PHONE_TEXT,
            ));
        } else {
            let draw = format!("/X{next} Do\n").repeat(10);
            let dict = format!(
                "/Type /XObject /Subtype /Form /Resources << /XObject << /X{next} {next} 0 R >> >>"
            );
            objects.push(stream(&dict, draw.as_bytes()));
        }
    }
    let r = scanner(limits()).scan_bytes(&pdf(&objects), Some("x.pdf"));
    assert!(r.unscannable.is_empty(), "{:?}", reasons(&r));
    assert_eq!(phones(&r), 1);
}

#[test]
fn pdf_contents_listing_one_stream_many_times() {
    // A page listing one 1 MB (inflated) content stream 5,000 times: its data used to be
    // concatenated (5 GB) before the interpreter saw it. Each stream runs once per page.
    let text = [PHONE_TEXT, &b"\nBT (filler text) Tj ET\n".repeat(40_000)].concat();
    let mut objects = one_page("");
    objects[2] =
        b"<< /Type /Page /Parent 2 0 R /Contents 6 0 R /Resources << /Font << /F1 4 0 R >> >> >>"
            .to_vec();
    objects.push(stream("/Filter /FlateDecode", &flate(&text)));
    objects.push(format!("[{}]", "5 0 R ".repeat(5_000)).into_bytes());
    let r = scanner(limits()).scan_bytes(&pdf(&objects), Some("x.pdf"));
    assert!(r.unscannable.is_empty(), "{:?}", reasons(&r));
    assert_eq!(phones(&r), 1);
}

#[test]
fn pdf_clock_in_content_operators() {
    // Two million operators, a clock of 1 ms: the interpreter stops on time (the ratio
    // limit is lifted, so that the clock is what ends it).
    let content = b"1 0 0 1 0 0 cm\n".repeat(2_000_000);
    let mut objects = one_page("");
    objects.push(stream("/Filter /FlateDecode", &flate(&content)));
    let lim = Limits { max_time_ms: 1, max_ratio: u64::MAX, ..limits() };
    let r = scanner(lim).scan_bytes(&pdf(&objects), Some("x.pdf"));
    assert!(limit_hit(&r, "max_time_ms"), "{:?}", reasons(&r));
}

#[test]
fn pdf_clock_in_object_scan_and_lexer() {
    // 4 MB of object headers, then a 16 MB string: past a 1 ms clock, the object scan or
    // the lexer stops.
    let mut data = b"%PDF-1.4\n".to_vec();
    data.extend("1 0 obj null endobj\n".repeat(200_000).as_bytes());
    data.extend(b"9 0 obj (");
    data.extend(vec![b'a'; 16 << 20]);
    data.extend(b") endobj\n");
    let lim = Limits { max_time_ms: 1, ..limits() };
    let r = scanner(lim).scan_bytes(&data, Some("x.pdf"));
    assert!(limit_hit(&r, "max_time_ms"), "{:?}", reasons(&r));
}

#[test]
fn pdf_trailers_never_closed() {
    // `trailer <<` a hundred thousand times without `>>`: each used to parse to the end.
    let mut data = b"%PDF-1.4\n".to_vec();
    data.extend("trailer << /Root 1 0 R /Size ".repeat(100_000).as_bytes());
    let r = scanner(Limits { max_time_ms: 10_000, ..limits() }).scan_bytes(&data, Some("x.pdf"));
    assert!(!limit_hit(&r, "max_time_ms"), "{:?}", reasons(&r));
}

#[test]
fn rtf_groups_100k_deep() {
    // 100,000 groups deep, past the reader's group stack (4,096): the text after an
    // ignorable destination at that depth is read, the destination's text is not, and the
    // closing braces restore the state of the groups that were tracked.
    let deep = 100_000;
    let rtf = format!(
        "{{\\rtf1 {}{{\\*\\generator 090-0000-5678}} TEL 090-1234-5678{} {{\\*\\comment 080-9999-5678 {}{}}} FAX 03-1234-5678}}",
        "{".repeat(deep),
        "}".repeat(deep),
        "{".repeat(deep),
        "}".repeat(deep),
    );
    let r = scanner(limits()).scan_bytes(rtf.as_bytes(), Some("deep.rtf"));
    let masked: Vec<&str> = r.findings.iter().map(|f| f.masked.as_str()).collect();
    assert_eq!(masked, ["090-****-5678", "03-****-5678"], "{:?}", reasons(&r));
}

//! The reader's bounds, checked on its parts: each parse costs what its input holds, once.

use super::super::limits::{Budget, Limit, Limits};
use super::lexer::{Halt, Lexer};
use super::objects::{read_object_streams, Doc, Obj};
use super::*;
use std::rc::Rc;

/// A PDF made of `objects`, numbered from 1, without a cross-reference table (the reader
/// finds objects by scanning).
fn pdf(objects: &[String]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    for (i, o) in objects.iter().enumerate() {
        out.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    out
}

fn budget() -> Budget {
    Budget::new(Limits::default())
}

#[test]
fn unclosed_arrays_cost_each_object_once() {
    // `n 0 obj [` without `]`: each object used to run to the end of the file (quadratic).
    let n = 20_000;
    let mut data = b"%PDF-1.4\n".to_vec();
    for i in 1..=n {
        data.extend(format!("{i} 0 obj [ {i} (x)\n").as_bytes());
    }
    let b = budget();
    let mut doc = Doc::new(&data, &b);
    for i in 1..=n {
        // Up to the next `obj` keyword (the next header's two numbers included).
        let expect = if i == n { 2 } else { 4 };
        match doc.load(i) {
            Obj::Arr(a) => assert_eq!(a.len(), expect, "object {i}: {a:?}"),
            o => panic!("object {i}: {o:?}"),
        }
    }
    // A table entry plus the array, four values in it and the keyword that ends it: a
    // constant per object (it was the rest of the file).
    assert!(b.objects_used() <= 7 * n as u64, "{}", b.objects_used());
    assert_eq!(doc.malformed, n as usize - 1); // the last one ends with the file
}

#[test]
fn deep_nesting_stops_at_the_depth_cap() {
    for open in ["[", "<</A "] {
        let data = pdf(&[open.repeat(100_000)]);
        let b = budget();
        let mut doc = Doc::new(&data, &b);
        assert!(matches!(doc.load(1), Obj::Arr(_) | Obj::Dict(_)));
        assert_eq!(doc.malformed, 1);
        assert!(b.objects_used() <= 3 * MAX_DEPTH as u64, "{}", b.objects_used());
    }
}

#[test]
fn values_per_object_are_capped() {
    let data = format!("[{}]", " 1".repeat(lexer::MAX_VALUES + 10));
    let mut lx = Lexer::new(data.as_bytes(), 0, 0);
    let Some(Obj::Arr(a)) = lx.obj(0) else { panic!() };
    assert_eq!(a.len(), lexer::MAX_VALUES - 1);
    assert_eq!(lx.halted, Some(Halt::Malformed));
}

#[test]
fn parsed_objects_are_shared_not_copied() {
    let big: String = (0..1000).map(|i| format!("/K{i} {i} ")).collect();
    let data = pdf(&[format!("<< {big} >>")]);
    let b = budget();
    let mut doc = Doc::new(&data, &b);
    let (Obj::Dict(x), Obj::Dict(y)) = (doc.load(1), doc.load(1)) else { panic!() };
    assert!(Rc::ptr_eq(&x, &y));
    let used = b.objects_used();
    doc.load(1);
    assert_eq!(b.objects_used(), used, "a cached object costs nothing more");
}

#[test]
fn object_stream_entries_at_one_offset_are_parsed_once() {
    // 5,000 entries of one object stream all point at the same 2,000-value array.
    let n = 5_000;
    let header: String = (0..n).map(|i| format!("{} 0 ", 100 + i)).collect();
    let body = format!("[{}]", " 7".repeat(2_000));
    let stream = format!("{header}{body}");
    let objstm = format!(
        "<< /Type /ObjStm /N {n} /First {} /Length {} >>\nstream\n{stream}\nendstream",
        header.len(),
        stream.len()
    );
    let data = pdf(&[objstm]);
    let b = budget();
    let mut doc = Doc::new(&data, &b);
    read_object_streams(&b, &mut doc).unwrap();
    for i in 0..n {
        assert!(matches!(doc.load(100 + i), Obj::Arr(a) if a.len() == 2_000));
    }
    assert!(b.objects_used() < 20_000, "{}", b.objects_used());
}

#[test]
fn the_objects_limit_ends_the_input() {
    let objects: Vec<String> = (0..1000).map(|i| format!("[{i} {i} {i}]")).collect();
    let data = pdf(&objects);
    let b = Budget::new(Limits { max_objects: 2_000, ..Limits::default() });
    let mut doc = Doc::new(&data, &b);
    for i in 1..=1000 {
        doc.load(i);
    }
    assert_eq!(b.check(), Err(Limit::Objects));
}

#[test]
fn pages_share_inherited_resources() {
    let kids: String = (0..50).map(|i| format!("{} 0 R ", 3 + i)).collect();
    let mut objects = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        format!("<< /Type /Pages /Kids [{kids}] /Resources << /Font << /F1 60 0 R >> >> >>"),
    ];
    objects.extend((0..50).map(|_| "<< /Type /Page /Parent 2 0 R >>".to_string()));
    let data = pdf(&objects);
    let b = budget();
    let mut doc = Doc::new(&data, &b);
    let mut pages = Vec::new();
    walk_pages(&mut doc, &Obj::Ref(2), &Obj::Null, 0, &mut HashSet::new(), &mut pages);
    assert_eq!(pages.len(), 50);
    let Obj::Dict(first) = &pages[0].1 else { panic!("{:?}", pages[0].1) };
    for (_, res) in &pages {
        assert!(matches!(res, Obj::Dict(r) if Rc::ptr_eq(r, first)));
    }
}

#[test]
fn a_page_tree_sharing_its_branches_is_walked_once() {
    // Every node's Kids is the same array, ten times over: 10^32 paths, one walk.
    let objects = vec![
        "<< /Type /Pages /Kids 2 0 R >>".to_string(),
        format!("[{}]", "<< /Type /Pages /Kids 2 0 R >> ".repeat(10)),
    ];
    let data = pdf(&objects);
    let b = budget();
    let mut doc = Doc::new(&data, &b);
    let mut pages = Vec::new();
    walk_pages(&mut doc, &Obj::Ref(1), &Obj::Null, 0, &mut HashSet::new(), &mut pages);
    assert!(pages.is_empty());
}

#[test]
fn fonts_are_decided_once_and_shared() {
    let cmap = "begincodespacerange <0000> <FFFF> endcodespacerange\n\
                4 beginbfrange <0000> <FFFF> <4E00> <0000> <FFFF> <4E00> \
                <0000> <FFFF> <4E00> <0000> <FFFF> <4E00> endbfrange";
    let objects = vec![
        "<< /F1 2 0 R >>".to_string(),
        "<< /Type /Font /Subtype /Type0 /Encoding /Identity-H /ToUnicode 3 0 R >>".to_string(),
        format!("<< /Length {} >>\nstream\n{cmap}\nendstream", cmap.len()),
    ];
    let data = pdf(&objects);
    let b = budget();
    let mut doc = Doc::new(&data, &b);
    let mut fonts = fonts::Fonts::default();
    let res = Obj::Dict(Rc::new(vec![(b"Font".to_vec(), Obj::Ref(1))]));
    let first = fonts.font(&mut doc, &res, b"F1");
    let used = b.objects_used();
    for _ in 0..1000 {
        assert!(Rc::ptr_eq(&fonts.font(&mut doc, &res, b"F1"), &first));
    }
    assert_eq!(b.objects_used(), used);
}

#[test]
fn every_long_loop_watches_the_clock() {
    // Past the deadline, a lexer stops inside a long token or whitespace run.
    let b = Budget::new(Limits { max_time_ms: 0, ..Limits::default() });
    std::thread::sleep(std::time::Duration::from_millis(2));
    for data in [
        format!("({})", "a".repeat(1 << 20)),
        format!("<{}>", "a".repeat(1 << 20)),
        format!("/{}", "a".repeat(1 << 20)),
        format!("{}1", " ".repeat(1 << 20)),
        format!("%{}\n1", "a".repeat(1 << 20)),
    ] {
        let mut lx = Lexer::new(data.as_bytes(), 0, 0).with_budget(&b, false);
        let _ = lx.obj(0);
        assert_eq!(lx.halted, Some(Halt::Budget), "{}", &data[..2]);
    }
    // The object scan stops too.
    let data = "1 0 obj null endobj\n".repeat(10_000);
    let doc = Doc::new(data.as_bytes(), &b);
    assert!(doc.table.len() < 10_000);
}

#[test]
fn identity_h_fonts_of_chinese_and_korean_collections_are_read() {
    // Identity-H fonts without a ToUnicode map whose CIDs are Adobe-GB1, Adobe-CNS1 or
    // Adobe-Korea1 CIDs. The CIDs were looked up in Adobe's Adobe-*-UCS2 CMaps (Debian
    // poppler-data), not in the tables under test.
    let cases = [
        ("GB1", "11CF 0753", "中国"),    // CIDs 4559, 1875
        ("CNS1", "0295 0A37", "中國"),   // CIDs 661, 2615
        ("Korea1", "0CE0 04B4", "한국"), // CIDs 3296, 1204
    ];
    for (ordering, cids, text) in cases {
        let content = format!("BT /F1 12 Tf 72 700 Td <{cids}> Tj ET");
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
            "<< /Type /Page /Parent 2 0 R /Contents 5 0 R /Resources << /Font << /F1 4 0 R >> >> >>"
                .to_string(),
            format!(
                "<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H \
                 /DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /X \
                 /CIDSystemInfo << /Registry (Adobe) /Ordering ({ordering}) /Supplement 0 >> >>] >>"
            ),
            format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        ];
        let scanner = crate::Scanner::builder().keyword(text).reveal_values(true).build().unwrap();
        let r = scanner.scan_bytes(&pdf(&objects), Some("x.pdf"));
        let found: Vec<_> = r.findings.iter().filter_map(|f| f.text.as_deref()).collect();
        assert_eq!(found, [text], "{ordering}: {:?}", r.unscannable);
        assert!(r.unscannable.is_empty(), "{ordering}: {:?}", r.unscannable);
    }
}

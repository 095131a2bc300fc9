//! The xlsx reader: sheets streamed cell by cell, shared strings, comments, drawings,
//! headers and footers (see the module above for locations).

use super::{
    attr, elements, open, paragraphs, part, parts_in_name_order, rel_id, rels, unescape_lossy,
    xml_err, xml_reader, ParaSpec, AUTHOR_LABEL, DRAWING,
};
use crate::extract::unit::Unit;
use crate::extract::{Cx, Stop};
use quick_xml::events::Event;
use std::borrow::Cow;
use std::collections::HashSet;
use std::io::{BufRead, Read, Seek};
use zip::ZipArchive;

const SHARED_STRINGS: ParaSpec = ParaSpec {
    para: b"si",
    para_attrs: &[],
    text: &[b"t"],
    field: &[],
    tab: &[],
    br: &[],
    hyphen: &[],
    skip: &[b"rPh"],
    split_long: false,
};

const XL_COMMENTS: ParaSpec = ParaSpec {
    para: b"comment",
    para_attrs: &[b"ref", b"authorId"],
    text: &[b"t"],
    field: &[],
    tab: &[],
    br: &[],
    hyphen: &[],
    skip: &[b"rPh"],
    split_long: true,
};

pub(super) fn scan<R: Read + Seek>(
    cx: &mut Cx<'_>,
    ar: &mut ZipArchive<R>,
    loc: &Option<String>,
) -> Result<(), Stop> {
    let budget = cx.budget;
    let wb = "xl/workbook.xml";
    let wb_rels = rels(ar, budget, wb)?;
    let mut sheets: Vec<(String, String)> = Vec::new();
    if let Some(b) = open(ar, budget, wb)? {
        let mut r = xml_reader(b);
        let mut buf = Vec::new();
        loop {
            match r.read_event_into(&mut buf) {
                Err(e) => return Err(xml_err(wb, e)),
                Ok(Event::Eof) => break,
                Ok(Event::Start(e)) | Ok(Event::Empty(e))
                    if e.local_name().as_ref() == b"sheet" =>
                {
                    let name = attr(&e, b"name").unwrap_or_default();
                    if let Some((_, t)) = rel_id(&e).and_then(|id| wb_rels.get(&id)) {
                        sheets.push((name, t.clone()));
                    }
                }
                Ok(_) => {}
            }
            buf.clear();
        }
    }
    if sheets.is_empty() {
        // No usable sheet list: take the sheet parts in name order, named after the part.
        sheets = parts_in_name_order(ar, "xl/worksheets/sheet")
            .into_iter()
            .map(|n| (n[14..n.len() - 4].to_string(), n))
            .collect();
    }
    // Shared strings, held in memory (bounded by the part's size limit).
    let mut shared: Vec<String> = Vec::new();
    let sst = wb_rels
        .values()
        .find(|(ty, _)| ty.ends_with("/sharedStrings"))
        .map(|(_, t)| t.clone())
        .unwrap_or_else(|| "xl/sharedStrings.xml".to_string());
    part(cx, ar, loc, &sst, |_, xml| {
        paragraphs(&sst, xml, &SHARED_STRINGS, |_, _, text| {
            shared.push(text.to_string());
            Ok(())
        })
    })?;
    // Comment authors written so far: each is named once per workbook.
    let mut written: HashSet<String> = HashSet::new();
    for (sheet, target) in &sheets {
        part(cx, ar, loc, target, |cx, xml| {
            let mut unit = Unit::new(cx, loc.clone());
            let r = sheet_cells(target, xml, sheet, &shared, &mut unit);
            unit.finish();
            r
        })?;
        // Cell comments and drawings (text boxes) of the sheet.
        let sheet_rels = rels(ar, budget, target)?;
        let mut extra: Vec<(String, bool)> = sheet_rels
            .values()
            .filter(|(ty, _)| ty.ends_with("/comments") || ty.ends_with("/drawing"))
            .map(|(ty, t)| (t.clone(), ty.ends_with("/comments")))
            .collect();
        extra.sort();
        for (name, is_comments) in extra {
            // The comments part lists its authors first; comments refer to them by index.
            let mut authors = Vec::new();
            if is_comments {
                part(cx, ar, loc, &name, |_, xml| {
                    authors = elements(&name, xml, b"author", &[], true)?;
                    Ok(())
                })?;
            }
            part(cx, ar, loc, &name, |cx, xml| {
                let mut unit = Unit::new(cx, loc.clone());
                let r = if is_comments {
                    paragraphs(&name, xml, &XL_COMMENTS, |_, attrs, text| {
                        let cell = attrs[0].as_deref().unwrap_or("");
                        unit.place(format!("#{sheet}!{cell}/comment"));
                        // Each author once, at the first comment they wrote.
                        let author = attrs[1]
                            .as_deref()
                            .and_then(|i| i.trim().parse::<usize>().ok())
                            .and_then(|i| authors.get(i))
                            .map(|(_, name)| name.trim())
                            .filter(|name| !name.is_empty());
                        if let Some(author) = author.filter(|a| !written.contains(*a)) {
                            written.insert(author.to_string());
                            unit.push(AUTHOR_LABEL)?;
                            unit.push(author)?;
                            unit.push("\n")?;
                        }
                        unit.push(text)?;
                        unit.push("\n")?;
                        Ok(())
                    })
                } else {
                    unit.place(format!("#{sheet}/drawing"));
                    paragraphs(&name, xml, &DRAWING, |_, _, text| {
                        unit.push(text)?;
                        unit.push("\n")?;
                        Ok(())
                    })
                };
                unit.finish();
                r
            })?;
        }
    }
    Ok(())
}

/// Column letters of a 0-based column index (0 -> A, 26 -> AA).
pub(crate) fn col_name(mut c: u32) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// 0-based column index of a cell reference (`C12` -> 2).
fn col_index(r: &str) -> Option<u32> {
    let letters = r.bytes().take_while(|b| b.is_ascii_alphabetic()).collect::<Vec<_>>();
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    Some(letters.iter().fold(0u32, |a, &b| a * 26 + (b.to_ascii_uppercase() - b'A') as u32 + 1) - 1)
}

/// A number as stored (`621498320257`, `6.21498320257E+11`) written out in full when it is
/// an integer, so identifiers typed as numbers read as their digits.
pub(crate) fn number_text(v: &str) -> Cow<'_, str> {
    let v = v.trim();
    if v.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
        return Cow::Borrowed(v);
    }
    match v.parse::<f64>() {
        Ok(f) if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e17 => {
            Cow::Owned(format!("{}", f as i64))
        }
        _ => Cow::Borrowed(v),
    }
}

const HEADER_FOOTER: &[&[u8]] =
    &[b"oddHeader", b"oddFooter", b"evenHeader", b"evenFooter", b"firstHeader", b"firstFooter"];

/// Streams one worksheet's cells into `unit`: the sheet name, then rows as lines of
/// tab-separated cell values, each cell a place `#Sheet!C12`.
fn sheet_cells<B: BufRead>(
    part: &str,
    xml: B,
    sheet: &str,
    shared: &[String],
    unit: &mut Unit<'_, '_>,
) -> Result<(), Stop> {
    unit.place(format!("#{sheet}"));
    unit.push(sheet)?;
    unit.push("\n")?;
    let mut r = xml_reader(xml);
    let mut buf = Vec::new();
    let mut rows = 0u64;
    let mut row_num = 0u64;
    let mut cells_in_row = 0u32;
    let mut next_col = 0u32;
    let mut cell_ref = String::new();
    let mut cell_type = String::new();
    let mut value = String::new();
    // 1: in <v>, 2: in <is>...<t>
    let mut in_value = false;
    let mut in_is = false;
    let mut skip = 0u32;
    let mut hf: Option<(String, String)> = None;
    loop {
        let ev = r.read_event_into(&mut buf).map_err(|e| xml_err(part, e))?;
        match ev {
            Event::Eof => break,
            Event::Start(e) => {
                let n = e.local_name();
                match n.as_ref() {
                    _ if skip > 0 => skip += 1,
                    b"rPh" | b"f" => skip = 1,
                    b"row" => {
                        if rows > 0 {
                            unit.push("\n")?;
                        }
                        rows += 1;
                        row_num =
                            attr(&e, b"r").and_then(|v| v.parse().ok()).unwrap_or(row_num + 1);
                        cells_in_row = 0;
                        next_col = 0;
                    }
                    b"c" => {
                        let r = attr(&e, b"r");
                        let col = r.as_deref().and_then(col_index).unwrap_or(next_col);
                        next_col = col + 1;
                        cell_ref =
                            r.unwrap_or_else(|| format!("{}{}", col_name(col), row_num.max(1)));
                        cell_type = attr(&e, b"t").unwrap_or_default();
                        value.clear();
                    }
                    b"v" => in_value = true,
                    b"is" => in_is = true,
                    b"t" if in_is => in_value = true,
                    n if HEADER_FOOTER.contains(&n) => {
                        hf = Some((String::from_utf8_lossy(n).into_owned(), String::new()));
                    }
                    _ => {}
                }
            }
            Event::Empty(e) if skip == 0 && e.local_name().as_ref() == b"c" => {
                let r = attr(&e, b"r");
                next_col = r.as_deref().and_then(col_index).unwrap_or(next_col) + 1;
            }
            Event::End(e) => {
                let n = e.local_name();
                match n.as_ref() {
                    _ if skip > 0 => skip -= 1,
                    b"v" => in_value = false,
                    b"t" if in_is => in_value = false,
                    b"is" => in_is = false,
                    b"c" => {
                        let text: Cow<'_, str> = match cell_type.as_str() {
                            "s" => value
                                .trim()
                                .parse::<usize>()
                                .ok()
                                .and_then(|i| shared.get(i))
                                .map(|s| Cow::Borrowed(s.as_str()))
                                .unwrap_or(Cow::Borrowed("")),
                            "str" | "inlineStr" | "d" => Cow::Borrowed(value.as_str()),
                            "b" | "e" => Cow::Borrowed(""),
                            _ => number_text(&value),
                        };
                        if !text.is_empty() {
                            if cells_in_row > 0 {
                                unit.push("\t")?;
                            }
                            unit.place(format!("#{sheet}!{cell_ref}"));
                            unit.push(&text)?;
                            cells_in_row += 1;
                        }
                        value.clear();
                    }
                    n if HEADER_FOOTER.contains(&n) => {
                        if let Some((name, text)) = hf.take() {
                            unit.push("\n")?;
                            unit.place(format!("#{sheet}!{name}"));
                            unit.push(&text)?;
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) if skip == 0 => {
                if in_value {
                    value.push_str(&unescape_lossy(&t));
                } else if let Some((_, text)) = hf.as_mut() {
                    text.push_str(&unescape_lossy(&t));
                }
            }
            _ => {}
        }
        buf.clear();
    }
    unit.push("\n")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_stored() {
        assert_eq!(number_text("621498320257"), "621498320257");
        assert_eq!(number_text("6.21498320257E+11"), "621498320257");
        assert_eq!(number_text("1.5"), "1.5");
        assert_eq!(number_text("9012345678"), "9012345678");
    }

    #[test]
    fn cell_refs() {
        assert_eq!(col_name(0), "A");
        assert_eq!(col_name(25), "Z");
        assert_eq!(col_name(26), "AA");
        assert_eq!(col_name(16383), "XFD");
        assert_eq!(col_index("XFD1048576"), Some(16383));
        assert_eq!(col_index("C12"), Some(2));
    }
}

//! Document properties of legacy Office files: the `\x05SummaryInformation` and
//! `\x05DocumentSummaryInformation` property sets (MS-OLEPS), scanned at `#props` with the
//! labels used for OOXML properties (`作成者：...`): title, subject, author, keywords,
//! comments, last author, manager and company.
//!
//! Strings are `VT_LPSTR` in the set's code page (property 1: 932 is Shift_JIS) or
//! `VT_LPWSTR` (UTF-16LE). Every count, offset and length is checked against the stream,
//! which the container reads through the budget.

use super::{u16_at, u32_at, utf16le, Container};
use crate::extract::ooxml::property_label;
use crate::extract::unit::Unit;
use crate::extract::{Cx, Stop};
use encoding_rs::Encoding;

/// Summary information properties: id and the OOXML name whose label they take.
const SUMMARY: &[(u32, &str)] = &[
    (2, "title"),
    (3, "subject"),
    (4, "creator"),
    (5, "keywords"),
    (6, "description"),
    (8, "lastModifiedBy"),
];
/// Document summary information properties.
const DOC_SUMMARY: &[(u32, &str)] = &[(14, "Manager"), (15, "Company")];

const VT_I2: u16 = 0x0002;
const VT_LPSTR: u16 = 0x001E;
const VT_LPWSTR: u16 = 0x001F;

/// Scans the properties of an opened compound file at `#props`. A damaged property set is
/// skipped: the document's text is what matters, and it is read apart.
pub(crate) fn scan(
    cx: &mut Cx<'_>,
    c: &mut Container<'_>,
    location: &Option<String>,
) -> Result<(), Stop> {
    let mut values = Vec::new();
    for (name, ids) in
        [("/\u{5}SummaryInformation", SUMMARY), ("/\u{5}DocumentSummaryInformation", DOC_SUMMARY)]
    {
        let stream = match c.stream(name) {
            Ok(Some(s)) => s,
            Ok(None) | Err(Stop::Corrupt(_)) => continue,
            Err(e) => return Err(e),
        };
        values.extend(property_set(&stream, ids));
    }
    if values.is_empty() {
        return Ok(());
    }
    let mut unit = Unit::new(cx, location.clone());
    unit.place("#props");
    let r = values.iter().try_for_each(|(label, v)| {
        unit.push(label)?;
        unit.push(v)?;
        unit.push("\n")
    });
    unit.finish();
    r.map_err(Stop::Limit)
}

/// The labelled string values of the first property set of a stream.
fn property_set(s: &[u8], ids: &[(u32, &str)]) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if u16_at(s, 0) != Some(0xFFFE) {
        return out;
    }
    let Some(set) = u32_at(s, 44).map(|o| o as usize) else { return out };
    let Some(count) = u32_at(s, set + 4) else { return out };
    // Each entry takes 8 bytes of the stream: the count cannot exceed what is there.
    let count = (count as usize).min(s.len() / 8);
    let entry = |k: usize| -> Option<(u32, usize)> {
        let at = set.checked_add(8)?.checked_add(8 * k)?;
        Some((u32_at(s, at)?, set.checked_add(u32_at(s, at + 4)? as usize)?))
    };
    let mut encoding: &'static Encoding = encoding_rs::WINDOWS_1252;
    for k in 0..count {
        if let Some((1, at)) = entry(k) {
            if u16_at(s, at) == Some(VT_I2) {
                encoding = code_page(u16_at(s, at + 4).unwrap_or(1252));
            }
        }
    }
    // Entries may repeat an id (all naming one long string): only the first is decoded.
    let mut seen = Vec::with_capacity(ids.len());
    for k in 0..count {
        let Some((id, at)) = entry(k) else { break };
        let Some(label) = ids.iter().find(|(i, _)| *i == id).and_then(|(_, n)| property_label(n))
        else {
            continue;
        };
        if seen.contains(&id) {
            continue;
        }
        seen.push(id);
        if let Some(v) = string_at(s, at, encoding).filter(|v| !v.trim().is_empty()) {
            out.push((label, v));
        }
    }
    out
}

/// A `VT_LPSTR` or `VT_LPWSTR` value at `at`.
fn string_at(s: &[u8], at: usize, encoding: &'static Encoding) -> Option<String> {
    let ty = u16_at(s, at)?;
    let n = u32_at(s, at + 4)? as usize;
    let start = at.checked_add(8)?;
    let text = match ty {
        VT_LPSTR => {
            let bytes = s.get(start..start.checked_add(n)?)?;
            encoding.decode_without_bom_handling(bytes).0.into_owned()
        }
        VT_LPWSTR => utf16le(s.get(start..start.checked_add(n.checked_mul(2)?)?)?),
        _ => return None,
    };
    Some(text.trim_end_matches('\0').to_string())
}

fn code_page(cp: u16) -> &'static Encoding {
    match cp {
        932 => encoding_rs::SHIFT_JIS,
        1200 => encoding_rs::UTF_16LE,
        20932 | 51932 => encoding_rs::EUC_JP,
        50220..=50222 => encoding_rs::ISO_2022_JP,
        65001 => encoding_rs::UTF_8,
        936 => encoding_rs::GBK,
        949 => encoding_rs::EUC_KR,
        950 => encoding_rs::BIG5,
        1250 => encoding_rs::WINDOWS_1250,
        1251 => encoding_rs::WINDOWS_1251,
        _ => encoding_rs::WINDOWS_1252,
    }
}

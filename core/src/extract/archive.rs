//! Archives: zip, tar and gzip, nested in any order.
//!
//! Every decompressed byte goes through a [`Bounded`] reader (member size, ratio, the shared
//! total and the clock); zip archives whose entries share compressed data (overlapping-entry
//! bombs) are refused before anything is inflated.

use super::limits::{Bounded, Compressed, Counting, Limit};
use super::{child, ooxml, Cx, Input, Stop};
use crate::finding::UnscannableReason;
use encoding_rs::SHIFT_JIS;
use std::cell::Cell;
use std::io::{Read, Seek};
use std::rc::Rc;
use zip::result::ZipError;

/// A member name from its raw bytes: UTF-8 when valid (whatever the flag says), else CP932
/// (what Japanese Windows writes without the UTF-8 flag), else CP437.
pub(crate) fn decode_name(raw: &[u8]) -> String {
    if let Ok(s) = std::str::from_utf8(raw) {
        return s.to_string();
    }
    let (s, had_errors) = SHIFT_JIS.decode_without_bom_handling(raw);
    if !had_errors {
        return s.into_owned();
    }
    raw.iter().map(|&b| cp437(b)).collect()
}

fn cp437(b: u8) -> char {
    const HIGH: &str = "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u{a0}";
    if b < 0x80 {
        b as char
    } else {
        HIGH.chars().nth((b - 0x80) as usize).unwrap_or('?')
    }
}

fn zip_err(e: ZipError) -> Stop {
    match e {
        ZipError::Io(e) => Stop::Read(e),
        ZipError::UnsupportedArchive(m) if m.contains("assword") || m.contains("ncrypt") => {
            Stop::Encrypted(format!("zip: {m}"))
        }
        ZipError::UnsupportedArchive(m) => Stop::Unsupported(format!("zip: {m}")),
        e => Stop::Corrupt(format!("zip: {e}")),
    }
}

/// Scans a zip archive (or an OOXML document, which is one).
pub(crate) fn zip<R: Read + Seek>(
    cx: &mut Cx<'_>,
    reader: R,
    loc: Option<String>,
    depth: u32,
) -> Result<(), Stop> {
    let mut ar = zip::ZipArchive::new(reader).map_err(zip_err)?;
    if let Some(kind) = ooxml::kind(&ar) {
        return ooxml::scan(cx, &mut ar, kind, loc, depth);
    }
    scan_zip_members(cx, &mut ar, &loc, depth, |_| true)
}

/// Scans the members of an opened zip archive that `want` accepts.
pub(crate) fn scan_zip_members<R: Read + Seek>(
    cx: &mut Cx<'_>,
    ar: &mut zip::ZipArchive<R>,
    loc: &Option<String>,
    depth: u32,
    want: impl Fn(&str) -> bool,
) -> Result<(), Stop> {
    let limits = &cx.budget.limits;
    if ar.len() as u64 > limits.max_members {
        return Err(Stop::Limit(Limit::Members));
    }
    match ar.has_overlapping_files() {
        Ok(false) => {}
        Ok(true) => {
            return Err(Stop::Refused(
                "zip entries share compressed data (overlapping-entry zip bomb)".into(),
            ))
        }
        Err(e) => return Err(zip_err(e)),
    }
    for i in 0..ar.len() {
        if cx.budget.exhausted().is_some() {
            break;
        }
        let (name, dir, encrypted, csize) = match ar.by_index_data(i) {
            Ok(e) => (decode_name(e.name_raw()), e.is_dir(), e.encrypted(), e.compressed_size()),
            Err(e) => return Err(zip_err(e)),
        };
        if dir || !want(&name) {
            continue;
        }
        let mloc = Some(child(loc, &name));
        if let Err(l) = cx.budget.member() {
            cx.record(Stop::Limit(l), &mloc).map_err(Stop::Read)?;
            break;
        }
        if encrypted {
            cx.unscannable(
                &mloc,
                UnscannableReason::Encrypted,
                "password-protected zip entry".into(),
            );
            continue;
        }
        let file = match ar.by_index(i) {
            Ok(f) => f,
            Err(e) => {
                cx.record(zip_err(e), &mloc).map_err(Stop::Read)?;
                continue;
            }
        };
        let mut bounded = Bounded::new(file, cx.budget, Compressed::Known(csize), true);
        let base = name.rsplit('/').next().unwrap_or(&name).to_string();
        cx.member(Input::Stream(&mut bounded), &base, mloc, depth + 1).map_err(Stop::Read)?;
    }
    Ok(())
}

/// Scans a tar stream member by member.
pub(crate) fn tar(
    cx: &mut Cx<'_>,
    reader: &mut dyn Read,
    loc: Option<String>,
    depth: u32,
) -> Result<(), Stop> {
    let mut ar = tar::Archive::new(reader);
    let entries = ar.entries().map_err(Stop::Read)?;
    for entry in entries {
        if cx.budget.exhausted().is_some() {
            break;
        }
        let mut entry = entry.map_err(Stop::Read)?;
        let kind = entry.header().entry_type();
        if !(kind.is_file() || kind == tar::EntryType::Continuous || kind.is_gnu_sparse()) {
            continue;
        }
        let name = decode_name(&entry.path_bytes());
        let mloc = Some(child(&loc, &name));
        if let Err(l) = cx.budget.member() {
            cx.record(Stop::Limit(l), &mloc).map_err(Stop::Read)?;
            break;
        }
        let base = name.rsplit('/').next().unwrap_or(&name).to_string();
        // The member limit and the clock hold inside a tar as in a zip; the bytes were
        // already drawn from the budget by whatever decompressed the tar (or are the input).
        let size = entry.size();
        let mut bounded = Bounded::new(&mut entry, cx.budget, Compressed::Known(size), false);
        cx.member(Input::Stream(&mut bounded), &base, mloc, depth + 1).map_err(Stop::Read)?;
    }
    Ok(())
}

/// Scans the content of a gzip stream (all members, as `gzip -d` does) under the same location.
pub(crate) fn gzip(
    cx: &mut Cx<'_>,
    reader: &mut dyn Read,
    name: &str,
    loc: Option<String>,
    depth: u32,
) -> Result<(), Stop> {
    let count = Rc::new(Cell::new(0u64));
    let counting = Counting { inner: reader, count: count.clone() };
    let dec = flate2::read::MultiGzDecoder::new(counting);
    let mut bounded = Bounded::new(dec, cx.budget, Compressed::Counted(count), true);
    let lower = name.to_ascii_lowercase();
    let inner = if lower.ends_with(".tgz") {
        format!("{}.tar", &name[..name.len() - 4])
    } else if lower.ends_with(".gz") {
        name[..name.len() - 3].to_string()
    } else {
        name.to_string()
    };
    cx.process(Input::Stream(&mut bounded), &inner, loc, depth + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(decode_name("名簿.csv".as_bytes()), "名簿.csv");
        let sjis = SHIFT_JIS.encode("顧客/名簿.csv").0;
        assert_eq!(decode_name(&sjis), "顧客/名簿.csv");
        assert_eq!(decode_name(b"caf\x82"), "café");
    }
}

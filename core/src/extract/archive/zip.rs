//! Zip archives (and OOXML documents, which are zips).
//!
//! The end-of-central-directory records are read first (the classic one and, when it says
//! so, the ZIP64 one) and their declared entry count and directory size are checked against
//! the budget before the `zip` crate reads the directory: the crate sizes its tables from
//! those numbers. Overlapping-entry bombs are refused before anything is inflated.

use super::super::limits::{Bounded, Compressed, Limit};
use super::super::{child, ooxml, Cx, Input, Stop};
use super::{base_name, decode_name};
use crate::finding::UnscannableReason;
use std::io::{Read, Seek, SeekFrom};
use zip::result::ZipError;

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

/// Bytes at the end of a zip where its end record may start: the record (22 bytes), a
/// comment of up to 65,535 bytes, and the ZIP64 locator (20 bytes) before it.
const TAIL: u64 = 22 + 65_535 + 20;

/// What the end records of a zip declare, the largest over every candidate record found
/// (a comment may hold a decoy record; the `zip` crate tries several).
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Declared {
    pub entries: u64,
    pub directory_bytes: u64,
}

fn u16_at(b: &[u8], i: usize) -> u64 {
    u16::from_le_bytes([b[i], b[i + 1]]) as u64
}

fn u32_at(b: &[u8], i: usize) -> u64 {
    u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]) as u64
}

fn u64_at(b: &[u8], i: usize) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[i..i + 8]);
    u64::from_le_bytes(a)
}

/// Reads the declared entry counts and directory sizes from the end of a zip, without
/// reading the directory. A ZIP64 record is read (56 bytes) wherever its locator points.
pub(crate) fn declared<R: Read + Seek>(r: &mut R) -> std::io::Result<Declared> {
    let len = r.seek(SeekFrom::End(0))?;
    let start = len.saturating_sub(TAIL);
    r.seek(SeekFrom::Start(start))?;
    let mut tail = Vec::new();
    r.by_ref().take(TAIL).read_to_end(&mut tail)?;
    let mut out = Declared::default();
    for at in memchr::memmem::find_iter(&tail, b"PK\x05\x06") {
        if at + 22 > tail.len() {
            continue;
        }
        out.entries = out.entries.max(u16_at(&tail, at + 10));
        out.directory_bytes = out.directory_bytes.max(u32_at(&tail, at + 12));
        if at >= 20 && &tail[at - 20..at - 16] == b"PK\x06\x07" {
            let offset = u64_at(&tail, at - 12);
            if offset.checked_add(56).is_some_and(|end| end <= len) {
                let mut rec = [0u8; 56];
                r.seek(SeekFrom::Start(offset))?;
                if r.read_exact(&mut rec).is_ok() && &rec[..4] == b"PK\x06\x06" {
                    out.entries = out.entries.max(u64_at(&rec, 32));
                    out.directory_bytes = out.directory_bytes.max(u64_at(&rec, 40));
                }
            }
        }
    }
    r.seek(SeekFrom::Start(0))?;
    Ok(out)
}

/// Scans a zip archive (or an OOXML document, which is one).
pub(crate) fn zip<R: Read + Seek>(
    cx: &mut Cx<'_>,
    mut reader: R,
    loc: Option<String>,
    depth: u32,
) -> Result<(), Stop> {
    let d = declared(&mut reader).map_err(Stop::Read)?;
    let limits = &cx.budget.limits;
    if d.entries > limits.max_members {
        return Err(Stop::Limit(Limit::Members));
    }
    if d.directory_bytes > limits.max_member_bytes {
        return Err(Stop::Limit(Limit::MemberBytes));
    }
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
        let base = base_name(&name).to_string();
        cx.member(Input::Stream(&mut bounded), &base, mloc, depth + 1).map_err(Stop::Read)?;
    }
    Ok(())
}

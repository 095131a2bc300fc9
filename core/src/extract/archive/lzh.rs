//! LZH/LHA archives (`-lh0-`, `-lh1-`, `-lh4-`...`-lh7-`, `-lz4-`/`-lz5-`/`-lzs-`; header
//! levels 0 to 3) read as a stream with `delharc`.
//!
//! Names are taken from the raw header bytes (the level 0/1 name field, or the level 1/2
//! file name and directory extensions) and decoded like zip names: UTF-8 when valid, else
//! Shift_JIS (what Japanese LHA tools write). A header's declared original size allocates
//! nothing: the decoders' windows are fixed (64 KiB at most) and every member goes through a
//! [`Bounded`] reader whose ratio is taken against the declared compressed size. A member
//! whose CRC-16 does not match is reported `corrupt` (after its text was scanned).

use super::super::limits::{Bounded, Compressed};
use super::super::{child, Cx, Input, Stop};
use super::{base_name, decode_name};
use crate::finding::UnscannableReason;
use delharc::header::ext::{EXT_HEADER_FILENAME, EXT_HEADER_PATH};
use delharc::{LhaDecodeReader, LhaHeader};
use std::io::Read;

/// The member's path from the header's raw bytes, with `/` between directories.
fn member_name(h: &LhaHeader) -> String {
    let mut dir: Vec<u8> = Vec::new();
    let mut file: Option<&[u8]> = None;
    for ext in h.iter_extra() {
        match ext {
            [EXT_HEADER_FILENAME, data @ ..] => file = Some(data),
            [EXT_HEADER_PATH, data @ ..] => dir = data.to_vec(),
            _ => {}
        }
    }
    // Directory names are separated by 0xFF (never a byte of a Shift_JIS character).
    let mut raw: Vec<u8> = Vec::new();
    for part in dir.split(|&b| b == 0xff).filter(|p| !p.is_empty()) {
        raw.extend_from_slice(part);
        raw.push(b'/');
    }
    raw.extend_from_slice(file.unwrap_or(&h.filename));
    // Some tools separate directories with 0xFF inside the level 0/1 name field too.
    for b in raw.iter_mut().filter(|b| **b == 0xff) {
        *b = b'/';
    }
    let name = decode_name(&raw);
    // Level 0/1 names from MS-DOS tools separate directories with a backslash (decoded
    // after Shift_JIS, so a trail byte 0x5C inside a character is not taken for one).
    name.replace('\\', "/")
}

/// Scans an LZH archive member by member.
pub(crate) fn lzh(
    cx: &mut Cx<'_>,
    reader: &mut dyn Read,
    loc: Option<String>,
    depth: u32,
) -> Result<(), Stop> {
    let mut ar = LhaDecodeReader::new(reader)
        .map_err(|e| Stop::Corrupt(format!("lzh: {}", delharc::LhaError::from(e))))?;
    loop {
        if cx.budget.exhausted().is_some() {
            break;
        }
        let h = ar.header();
        let name = member_name(h);
        let method = String::from_utf8_lossy(&h.compression).into_owned();
        let csize = h.compressed_size;
        let dir = h.is_directory();
        let mloc = Some(child(&loc, &name));
        if !dir {
            if let Err(l) = cx.budget.member() {
                cx.record(Stop::Limit(l), &mloc).map_err(Stop::Read)?;
                break;
            }
            if ar.is_decoder_supported() {
                let base = base_name(&name).to_string();
                let mut bounded = Bounded::new(&mut ar, cx.budget, Compressed::Known(csize), true);
                cx.member(Input::Stream(&mut bounded), &base, mloc.clone(), depth + 1)
                    .map_err(Stop::Read)?;
                if ar.is_empty() && !ar.crc_is_ok() {
                    cx.unscannable(
                        &mloc,
                        UnscannableReason::Corrupt,
                        "LZH member CRC-16 does not match its content".into(),
                    );
                }
            } else {
                cx.unscannable(
                    &mloc,
                    UnscannableReason::UnsupportedFormat,
                    format!("LZH compression method {method} is not read"),
                );
            }
        }
        match ar.next_file() {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let e = delharc::LhaError::from(e);
                return Err(match e {
                    delharc::LhaError::Io(e) => Stop::Read(e),
                    e => Stop::Corrupt(format!("lzh: {e}")),
                });
            }
        }
    }
    Ok(())
}

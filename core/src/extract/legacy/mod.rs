//! Legacy binary Office documents in an OLE compound file: Word 97–2003 (`doc.rs`) and
//! PowerPoint 97–2003 (`ppt.rs`). The compound file is read with the `cfb` crate; this
//! module checks the file before `cfb` sees it and reads streams through the budget. Every
//! compound file is opened here once ([`Container::open`]) and routed by the streams at its
//! root; Outlook messages (`mail/msg.rs`) read theirs through the same [`Container`], and
//! the .xls reader runs the same [`precheck`] before its own.
//!
//! `cfb` reads the whole FAT when it opens a file, one sector per DIFAT entry, and a DIFAT
//! may name the same sector any number of times: a small file could ask for a FAT far
//! larger than itself. [`Container::open`] therefore walks the header's DIFAT and its chain
//! first and refuses a file that lists more FAT sectors than it has sectors, or whose DIFAT
//! chain loops or leaves the file. What `cfb` then allocates is bounded by the file's size;
//! it rejects FAT chains that loop or share sectors itself. A stream is read only when its
//! declared length fits the file, `Limits::max_member_bytes` and the shared byte budget.

pub(crate) mod doc;
pub(crate) mod ppt;
mod props;

use super::limits::{Budget, Limit};
use super::Stop;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

const MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
const MAX_REGULAR_SECTOR: u32 = 0xFFFF_FFFA;
const FREE_SECTOR: u32 = 0xFFFF_FFFF;
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
/// DIFAT entries held in the header.
const HEADER_DIFAT: usize = 109;

pub(crate) fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at.checked_add(2)?)?.try_into().ok()?))
}

pub(crate) fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at.checked_add(4)?)?.try_into().ok()?))
}

/// An opened compound file whose streams are read through the budget.
pub(crate) struct Container<'a> {
    cf: cfb::CompoundFile<Cursor<&'a [u8]>>,
    budget: &'a Budget,
    /// The file's length: no stream can be longer.
    len: u64,
    /// Names errors (`doc: ...`).
    what: &'static str,
}

impl<'a> Container<'a> {
    /// Checks the file's FAT layout (see the module doc), then opens it.
    pub fn open(bytes: &'a [u8], budget: &'a Budget, what: &'static str) -> Result<Self, Stop> {
        let corrupt = |d: &str| Stop::Corrupt(format!("{what}: {d}"));
        precheck(bytes).map_err(corrupt)?;
        budget.check()?;
        // `cfb` is bounded by the precheck; the unwind guard only keeps a bug in it from
        // ending the scan.
        let opened = std::panic::catch_unwind(|| cfb::CompoundFile::open(Cursor::new(bytes)));
        let cf = match opened {
            Ok(Ok(cf)) => cf,
            Ok(Err(e)) => return Err(corrupt(&format!("compound file: {e}"))),
            Err(_) => return Err(corrupt("compound file reader failed on this file")),
        };
        Ok(Container { cf, budget, len: bytes.len() as u64, what })
    }

    /// Names this file's kind in later errors (`doc: ...`), once it is known.
    pub fn name(&mut self, what: &'static str) {
        self.what = what;
    }

    /// Whether a stream of that name (a path such as `/WordDocument`) exists.
    pub fn has(&self, path: impl AsRef<Path>) -> bool {
        self.cf.is_stream(path)
    }

    /// Whether a storage of that name exists.
    pub fn has_storage(&self, path: impl AsRef<Path>) -> bool {
        self.cf.is_storage(path)
    }

    /// The child storages of `storage` whose names start with `prefix`, in name order.
    pub fn storages(&self, storage: &Path, prefix: &str) -> Result<Vec<PathBuf>, Stop> {
        let what = self.what;
        let cf = &self.cf;
        let listed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            cf.read_storage(storage).map(|entries| {
                entries
                    .filter(|e| e.is_storage() && e.name().starts_with(prefix))
                    .map(|e| e.path().to_path_buf())
                    .collect::<Vec<_>>()
            })
        }));
        let mut v = match listed {
            Ok(Ok(v)) => v,
            Ok(Err(e)) => return Err(Stop::Corrupt(format!("{what}: {}: {e}", storage.display()))),
            Err(_) => return Err(Stop::Corrupt(format!("{what}: compound file reader failed"))),
        };
        v.sort();
        Ok(v)
    }

    /// A whole stream, when it exists, counted as one document part.
    pub fn stream(&mut self, path: impl AsRef<Path>) -> Result<Option<Vec<u8>>, Stop> {
        self.read(path.as_ref(), true)
    }

    /// A stream holding one value of a part (a property of a message): its bytes are
    /// charged as for [`Container::stream`], but it is not counted as a part.
    pub fn value(&mut self, path: impl AsRef<Path>) -> Result<Option<Vec<u8>>, Stop> {
        self.read(path.as_ref(), false)
    }

    fn read(&mut self, path: &Path, part: bool) -> Result<Option<Vec<u8>>, Stop> {
        if !self.cf.is_stream(path) {
            return Ok(None);
        }
        let what = self.what;
        let shown = path.display();
        let corrupt = |e: std::io::Error| Stop::Corrupt(format!("{what}: {shown}: {e}"));
        let len = self.cf.entry(path).map_err(corrupt)?.len();
        if len > self.len {
            return Err(Stop::Corrupt(format!("{what}: {shown} is longer than the file")));
        }
        if len > self.budget.limits.max_member_bytes {
            return Err(Stop::Limit(Limit::MemberBytes));
        }
        if part {
            self.budget.member()?;
        }
        self.budget.draw(len)?;
        self.budget.check()?;
        let mut out = Vec::with_capacity(len as usize);
        let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let s = self.cf.open_stream(path)?;
            s.take(len).read_to_end(&mut out)
        }));
        match read {
            Ok(Ok(_)) => Ok(Some(out)),
            Ok(Err(e)) => Err(corrupt(e)),
            Err(_) => Err(Stop::Corrupt(format!("{what}: compound file reader failed on {shown}"))),
        }
    }
}

/// Refuses a compound file whose DIFAT lists more FAT sectors than the file has sectors or
/// whose DIFAT chain loops or leaves the file.
pub(crate) fn precheck(bytes: &[u8]) -> Result<(), &'static str> {
    if bytes.len() < 512 || !bytes.starts_with(MAGIC) {
        return Err("not a compound file");
    }
    let sector_len: usize = match u16_at(bytes, 26) {
        Some(3) => 512,
        Some(4) => 4096,
        _ => return Err("unknown compound file version"),
    };
    if bytes.len() < sector_len {
        return Err("shorter than one sector");
    }
    let sectors = bytes.len().div_ceil(sector_len) - 1;
    let sector = |id: u32| -> Option<&[u8]> {
        let start = (id as usize).checked_add(1)?.checked_mul(sector_len)?;
        bytes.get(start..start.checked_add(sector_len)?)
    };
    let mut entries: Vec<u32> =
        (0..HEADER_DIFAT).filter_map(|i| u32_at(bytes, 76 + 4 * i)).collect();
    let mut next = u32_at(bytes, 68).unwrap_or(END_OF_CHAIN);
    let mut steps = 0usize;
    while next != END_OF_CHAIN && next != FREE_SECTOR {
        steps += 1;
        if steps > sectors || next > MAX_REGULAR_SECTOR {
            return Err("DIFAT chain loops or leaves the file");
        }
        let s = sector(next).ok_or("DIFAT sector beyond the end of the file")?;
        let per = sector_len / 4;
        entries.extend((0..per - 1).filter_map(|i| u32_at(s, 4 * i)));
        next = u32_at(s, 4 * (per - 1)).unwrap_or(END_OF_CHAIN);
        if entries.len() > sectors + HEADER_DIFAT + sector_len {
            return Err("more FAT sectors than the file has sectors");
        }
    }
    while entries.last() == Some(&FREE_SECTOR) {
        entries.pop();
    }
    if entries.len() > sectors {
        return Err("more FAT sectors than the file has sectors");
    }
    Ok(())
}

/// The characters of UTF-16LE text, as compound files store names, strings and text (an
/// odd last byte is dropped; an unpaired surrogate reads as U+FFFD, one unit long).
pub(crate) fn utf16le_chars(b: &[u8]) -> impl Iterator<Item = char> + '_ {
    let units = b.chunks_exact(2).map(|u| u16::from_le_bytes([u[0], u[1]]));
    char::decode_utf16(units).map(|c| c.unwrap_or('\u{FFFD}'))
}

/// UTF-16LE text as a string (see [`utf16le_chars`]).
pub(crate) fn utf16le(b: &[u8]) -> String {
    utf16le_chars(b).collect()
}

/// Text of a paragraph: the characters Word and PowerPoint keep in their text, with
/// control characters mapped (vertical tab is a line break inside a paragraph).
pub(crate) fn push_text_char(out: &mut String, c: char) {
    match c {
        '\u{0B}' | '\u{0C}' | '\u{0E}' => out.push('\n'),
        '\t' => out.push('\t'),
        // Non-breaking hyphen.
        '\u{1E}' => out.push('-'),
        c if (c as u32) < 0x20 => {}
        c => out.push(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precheck_refuses_repeated_fat_sectors() {
        let mut b = MAGIC.to_vec();
        b.resize(512 * 3, 0);
        b[26] = 3;
        // 109 header DIFAT entries all naming sector 0, in a file of 2 sectors.
        for i in 0..HEADER_DIFAT {
            b[76 + 4 * i..80 + 4 * i].copy_from_slice(&0u32.to_le_bytes());
        }
        b[68..72].copy_from_slice(&END_OF_CHAIN.to_le_bytes());
        assert_eq!(precheck(&b), Err("more FAT sectors than the file has sectors"));
        assert_eq!(precheck(&b[..100]), Err("not a compound file"));
    }
}

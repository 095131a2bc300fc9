//! A bounded walk over a 7z header, before `sevenz-rust2` reads it.
//!
//! The crate sizes its tables from the numbers a header declares (the header's own size,
//! the number of files, folders, coders and streams) and allocates a decoder's dictionary
//! from a coder's properties. This module reads the same structures first and checks every
//! such number against the budget: counts against `max_members`, sizes against the bytes
//! actually present, the header against `max_member_bytes`, and LZMA/LZMA2 dictionaries
//! against `max_member_bytes` (a window larger than the largest member the budget lets
//! through only serves a bomb). A header compressed with LZMA or LZMA2 (what 7-Zip, p7zip and
//! py7zr write) is decoded here, bounded, and walked too; one encrypted with AES means the
//! names are hidden, reported `encrypted`.
//!
//! The structure follows the 7z format description published with 7-Zip (`7zFormat.txt`).

use super::super::limits::{Limit, Limits};
use super::super::Stop;
use std::io::{Read, Seek, SeekFrom};

/// `7z\xBC\xAF\x27\x1C`.
pub(crate) const SIGNATURE: &[u8] = b"7z\xbc\xaf\x27\x1c";

const ID_LZMA: &[u8] = &[0x03, 0x01, 0x01];
const ID_LZMA2: &[u8] = &[0x21];
const ID_AES: &[u8] = &[0x06, 0xf1, 0x07, 0x01];

// Property ids.
const K_END: u8 = 0x00;
const K_HEADER: u8 = 0x01;
const K_ARCHIVE_PROPERTIES: u8 = 0x02;
const K_ADDITIONAL_STREAMS_INFO: u8 = 0x03;
const K_MAIN_STREAMS_INFO: u8 = 0x04;
const K_FILES_INFO: u8 = 0x05;
const K_PACK_INFO: u8 = 0x06;
const K_UNPACK_INFO: u8 = 0x07;
const K_SUB_STREAMS_INFO: u8 = 0x08;
const K_SIZE: u8 = 0x09;
const K_CRC: u8 = 0x0a;
const K_FOLDER: u8 = 0x0b;
const K_CODERS_UNPACK_SIZE: u8 = 0x0c;
const K_NUM_UNPACK_STREAM: u8 = 0x0d;
const K_ENCODED_HEADER: u8 = 0x17;

/// Coders in one folder, and streams of one coder: 7-Zip itself allows at most 64 and 32.
const MAX_CODERS: u64 = 64;
const MAX_CODER_STREAMS: u64 = 32;

/// One coder as declared.
#[derive(Debug)]
struct Coder {
    id: Vec<u8>,
    props: Vec<u8>,
}

/// One folder (a block of coders producing one or more files' data).
#[derive(Debug, Default)]
struct Folder {
    coders: Vec<Coder>,
    /// The size of each coder output stream; the last is the folder's result.
    unpack_sizes: Vec<u64>,
}

impl Folder {
    fn unpack_size(&self) -> u64 {
        self.unpack_sizes.last().copied().unwrap_or(0)
    }
}

/// What the walk found.
#[derive(Debug, Default)]
pub(crate) struct Summary {
    /// Files declared.
    pub files: u64,
    /// Some folder holding file data is encrypted (AES).
    pub encrypted_content: bool,
}

/// A cursor over header bytes; every read is checked against what is there.
struct Cur<'a> {
    b: &'a [u8],
    at: usize,
}

fn corrupt(what: &str) -> Stop {
    Stop::Corrupt(format!("7z header: {what}"))
}

impl Cur<'_> {
    fn byte(&mut self) -> Result<u8, Stop> {
        let v = *self.b.get(self.at).ok_or_else(|| corrupt("truncated"))?;
        self.at += 1;
        Ok(v)
    }

    fn bytes(&mut self, n: u64) -> Result<&[u8], Stop> {
        let left = (self.b.len() - self.at) as u64;
        if n > left {
            return Err(corrupt("a size runs past the header"));
        }
        let s = &self.b[self.at..self.at + n as usize];
        self.at += n as usize;
        Ok(s)
    }

    /// 7z's variable-length number: the first byte's leading one bits say how many bytes follow.
    fn number(&mut self) -> Result<u64, Stop> {
        let first = self.byte()?;
        let mut mask = 0x80u8;
        let mut value = 0u64;
        for i in 0..8 {
            if first & mask == 0 {
                let high = (first & mask.wrapping_sub(1)) as u64;
                return Ok(value | high.checked_shl(8 * i).unwrap_or(0));
            }
            value |= (self.byte()? as u64) << (8 * i);
            mask >>= 1;
        }
        Ok(value)
    }

    /// A count of things the crate allocates one table entry for: at most `max_members`.
    fn count(&mut self, max: u64) -> Result<u64, Stop> {
        let n = self.number()?;
        if n > max {
            return Err(Stop::Limit(Limit::Members));
        }
        Ok(n)
    }

    /// A bit vector of `n` items (`n` already bounded).
    fn bits(&mut self, n: u64) -> Result<Vec<bool>, Stop> {
        let bytes = self.bytes(n.div_ceil(8))?;
        Ok((0..n as usize).map(|i| bytes[i / 8] & (0x80 >> (i % 8)) != 0).collect())
    }

    /// Digests of `n` items: an all-defined flag or a bit vector, then a CRC32 per defined
    /// one. Returns which items have one.
    fn digests(&mut self, n: u64) -> Result<Vec<bool>, Stop> {
        let all = self.byte()?;
        let defined = if all != 0 { vec![true; n as usize] } else { self.bits(n)? };
        let count = defined.iter().filter(|&&d| d).count() as u64;
        self.bytes(count * 4)?;
        Ok(defined)
    }
}

/// The decoded streams info of a header.
#[derive(Default)]
struct Streams {
    pack_pos: u64,
    pack_sizes: Vec<u64>,
    folders: Vec<Folder>,
}

fn streams_info(c: &mut Cur<'_>, limits: &Limits) -> Result<Streams, Stop> {
    let max = limits.max_members;
    let mut s = Streams::default();
    let mut folder_crc: Vec<bool> = Vec::new();
    let mut id = c.byte()?;
    if id == K_PACK_INFO {
        s.pack_pos = c.number()?;
        let n = c.count(max)?;
        id = c.byte()?;
        if id == K_SIZE {
            for _ in 0..n {
                s.pack_sizes.push(c.number()?);
            }
            id = c.byte()?;
        }
        if id == K_CRC {
            c.digests(n)?;
            id = c.byte()?;
        }
        if id != K_END {
            return Err(corrupt("pack info not terminated"));
        }
        id = c.byte()?;
    }
    if id == K_UNPACK_INFO {
        if c.byte()? != K_FOLDER {
            return Err(corrupt("unpack info without folders"));
        }
        let n = c.count(max)?;
        if c.byte()? != 0 {
            return Err(Stop::Unsupported("7z header with external folders".into()));
        }
        let mut outs = Vec::new();
        for _ in 0..n {
            let (folder, total_out) = folder(c)?;
            s.folders.push(folder);
            outs.push(total_out);
        }
        if c.byte()? != K_CODERS_UNPACK_SIZE {
            return Err(corrupt("folders without unpack sizes"));
        }
        for (f, &total_out) in s.folders.iter_mut().zip(&outs) {
            for _ in 0..total_out {
                f.unpack_sizes.push(c.number()?);
            }
        }
        id = c.byte()?;
        if id == K_CRC {
            folder_crc = c.digests(n)?;
            id = c.byte()?;
        }
        if id != K_END {
            return Err(corrupt("unpack info not terminated"));
        }
        id = c.byte()?;
    }
    if id == K_SUB_STREAMS_INFO {
        let mut per_folder = vec![1u64; s.folders.len()];
        id = c.byte()?;
        if id == K_NUM_UNPACK_STREAM {
            let mut total = 0u64;
            for n in per_folder.iter_mut() {
                *n = c.count(max)?;
                total = total.saturating_add(*n);
                if total > max {
                    return Err(Stop::Limit(Limit::Members));
                }
            }
            id = c.byte()?;
        }
        // Streams whose CRC the folder does not already give (a folder of one stream with
        // its own CRC).
        let unknown_crc: u64 = per_folder
            .iter()
            .enumerate()
            .map(|(i, &n)| if n == 1 && folder_crc.get(i) == Some(&true) { 0 } else { n })
            .sum();
        if id == K_SIZE {
            for &n in &per_folder {
                for _ in 1..n.max(1) {
                    c.number()?;
                }
            }
            id = c.byte()?;
        }
        if id == K_CRC {
            c.digests(unknown_crc)?;
            id = c.byte()?;
        }
        if id != K_END {
            return Err(corrupt("substreams info not terminated"));
        }
        id = c.byte()?;
    }
    if id != K_END {
        return Err(corrupt("streams info not terminated"));
    }
    Ok(s)
}

/// One folder and the number of its coders' output streams.
fn folder(c: &mut Cur<'_>) -> Result<(Folder, u64), Stop> {
    let n = c.number()?;
    if n == 0 || n > MAX_CODERS {
        return Err(corrupt("folder coder count out of range"));
    }
    let mut f = Folder::default();
    let (mut total_in, mut total_out) = (0u64, 0u64);
    for _ in 0..n {
        let flags = c.byte()?;
        if flags & 0x80 != 0 {
            return Err(Stop::Unsupported("7z coder with alternative methods".into()));
        }
        let id = c.bytes((flags & 0x0f) as u64)?.to_vec();
        let (ins, outs) = if flags & 0x10 != 0 { (c.number()?, c.number()?) } else { (1, 1) };
        if ins > MAX_CODER_STREAMS || outs > MAX_CODER_STREAMS {
            return Err(corrupt("coder stream count out of range"));
        }
        total_in += ins;
        total_out += outs;
        let props = if flags & 0x20 != 0 {
            let len = c.number()?;
            c.bytes(len)?.to_vec()
        } else {
            Vec::new()
        };
        f.coders.push(Coder { id, props });
    }
    if total_out == 0 {
        return Err(corrupt("folder without output"));
    }
    let bind_pairs = total_out - 1;
    for _ in 0..bind_pairs {
        c.number()?;
        c.number()?;
    }
    let packed = total_in.checked_sub(bind_pairs).ok_or_else(|| corrupt("bind pairs"))?;
    if packed > 1 {
        for _ in 0..packed {
            c.number()?;
        }
    }
    Ok((f, total_out))
}

/// The dictionary a coder allocates, when it is LZMA or LZMA2.
fn dictionary(coder: &Coder, unpack: u64) -> Result<Option<u64>, Stop> {
    if coder.id == ID_LZMA {
        let p = coder.props.get(1..5).ok_or_else(|| corrupt("LZMA properties"))?;
        let dict = u32::from_le_bytes([p[0], p[1], p[2], p[3]]) as u64;
        // The LZMA decoder sizes its window to the output when that is smaller.
        return Ok(Some(dict.min(unpack)));
    }
    if coder.id == ID_LZMA2 {
        let p = *coder.props.first().ok_or_else(|| corrupt("LZMA2 properties"))? as u64;
        if p > 40 {
            return Err(corrupt("LZMA2 dictionary property out of range"));
        }
        let dict = if p == 40 { u32::MAX as u64 } else { (2 | (p & 1)) << (p / 2 + 11) };
        return Ok(Some(dict));
    }
    Ok(None)
}

fn check_folders(folders: &[Folder], limits: &Limits) -> Result<bool, Stop> {
    let mut encrypted = false;
    for f in folders {
        for coder in &f.coders {
            if coder.id == ID_AES {
                encrypted = true;
            }
            if let Some(dict) = dictionary(coder, f.unpack_size())? {
                if dict > limits.max_member_bytes {
                    return Err(Stop::Refused(format!(
                        "7z dictionary of {dict} bytes is larger than max_member_bytes"
                    )));
                }
            }
        }
    }
    Ok(encrypted)
}

/// Walks a plain (decoded) header.
fn header(c: &mut Cur<'_>, limits: &Limits) -> Result<Summary, Stop> {
    let mut out = Summary::default();
    let mut id = c.byte()?;
    if id == K_ARCHIVE_PROPERTIES {
        loop {
            if c.byte()? == K_END {
                break;
            }
            let len = c.number()?;
            c.bytes(len)?;
        }
        id = c.byte()?;
    }
    if id == K_ADDITIONAL_STREAMS_INFO {
        return Err(Stop::Unsupported("7z header with additional streams".into()));
    }
    if id == K_MAIN_STREAMS_INFO {
        let s = streams_info(c, limits)?;
        out.encrypted_content = check_folders(&s.folders, limits)?;
        id = c.byte()?;
    }
    if id == K_FILES_INFO {
        out.files = c.count(limits.max_members)?;
        loop {
            if c.byte()? == K_END {
                break;
            }
            let len = c.number()?;
            c.bytes(len)?;
        }
        id = c.byte()?;
    }
    if id != K_END {
        return Err(corrupt("header not terminated"));
    }
    Ok(out)
}

/// Decodes an LZMA- or LZMA2-compressed header of `size` bytes starting at `offset`.
fn decode_header<R: Read + Seek>(
    r: &mut R,
    offset: u64,
    packed: u64,
    f: &Folder,
) -> Result<Vec<u8>, Stop> {
    let [coder] = &f.coders[..] else {
        return Err(Stop::Unsupported("7z header compressed with a chain of coders".into()));
    };
    let size = f.unpack_size();
    r.seek(SeekFrom::Start(offset)).map_err(Stop::Read)?;
    let input = r.take(packed);
    let mut out = Vec::new();
    let read = if coder.id == ID_LZMA {
        let p = &coder.props;
        let dict = u32::from_le_bytes([p[1], p[2], p[3], p[4]]);
        lzma_rust2::LzmaReader::new_with_props(input, size, p[0], dict, None)
            .and_then(|d| d.take(size).read_to_end(&mut out))
    } else if coder.id == ID_LZMA2 {
        let dict = dictionary(coder, size)?.unwrap_or(0) as u32;
        lzma_rust2::Lzma2Reader::new(input, dict, None).take(size).read_to_end(&mut out)
    } else {
        return Err(Stop::Unsupported("7z header compressed with an unsupported method".into()));
    };
    read.map_err(|e| corrupt(&format!("compressed header: {e}")))?;
    if out.len() as u64 != size {
        return Err(corrupt("compressed header shorter than declared"));
    }
    Ok(out)
}

/// Checks a 7z archive's header against the budget before anything is allocated from it.
/// `None` for an archive without a header (no files).
pub(crate) fn check<R: Read + Seek>(r: &mut R, limits: &Limits) -> Result<Option<Summary>, Stop> {
    let len = r.seek(SeekFrom::End(0)).map_err(Stop::Read)?;
    r.seek(SeekFrom::Start(0)).map_err(Stop::Read)?;
    let mut start = [0u8; 32];
    r.read_exact(&mut start).map_err(|_| corrupt("shorter than its signature header"))?;
    if &start[..6] != SIGNATURE {
        return Err(corrupt("bad signature"));
    }
    let u64_at = |i: usize| u64::from_le_bytes(start[i..i + 8].try_into().unwrap_or([0; 8]));
    let (offset, size) = (u64_at(12), u64_at(20));
    // The header must lie inside the file, and fit the member limit.
    if size == 0 {
        // An archive of no files (7-Zip writes no header at all then).
        return Ok(None);
    }
    let end = offset.checked_add(size).and_then(|e| e.checked_add(32));
    if end.is_none_or(|e| e > len) {
        // The crate then looks for a header near the end of the file on its own: not done
        // here (a damaged start header is reported instead).
        return Err(corrupt("next header outside the file"));
    }
    if size > limits.max_member_bytes {
        return Err(Stop::Limit(Limit::MemberBytes));
    }
    r.seek(SeekFrom::Start(32 + offset)).map_err(Stop::Read)?;
    let mut buf = Vec::new();
    r.by_ref().take(size).read_to_end(&mut buf).map_err(Stop::Read)?;
    let mut c = Cur { b: &buf, at: 0 };
    let summary = match c.byte()? {
        K_HEADER => header(&mut c, limits)?,
        K_ENCODED_HEADER => {
            let s = streams_info(&mut c, limits)?;
            let f = s.folders.first().ok_or_else(|| corrupt("encoded header without folder"))?;
            if f.coders.iter().any(|c| c.id == ID_AES) {
                return Err(Stop::Encrypted("7z archive with encrypted headers".into()));
            }
            check_folders(&s.folders, limits)?;
            if f.unpack_size() > limits.max_member_bytes {
                return Err(Stop::Limit(Limit::MemberBytes));
            }
            let packed = *s.pack_sizes.first().ok_or_else(|| corrupt("encoded header size"))?;
            let at = s.pack_pos.checked_add(32).ok_or_else(|| corrupt("pack position"))?;
            let decoded = decode_header(r, at, packed, f)?;
            let mut c = Cur { b: &decoded, at: 0 };
            if c.byte()? != K_HEADER {
                return Err(corrupt("encoded header does not hold a header"));
            }
            header(&mut c, limits)?
        }
        _ => return Err(corrupt("unknown header kind")),
    };
    r.seek(SeekFrom::Start(0)).map_err(Stop::Read)?;
    Ok(Some(summary))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn start_header(offset: u64, size: u64) -> Vec<u8> {
        let mut v = SIGNATURE.to_vec();
        v.extend([0, 4, 0, 0, 0, 0]);
        v.extend(offset.to_le_bytes());
        v.extend(size.to_le_bytes());
        v.extend([0; 4]);
        v
    }

    #[test]
    fn empty_archive_has_no_header() {
        let r = check(&mut Cursor::new(start_header(0, 0)), &Limits::default());
        assert!(matches!(r, Ok(None)));
    }

    #[test]
    fn header_outside_the_file_is_corrupt_unread() {
        let r = check(&mut Cursor::new(start_header(0, u64::MAX - 8)), &Limits::default());
        assert!(matches!(r, Err(Stop::Corrupt(_))));
    }

    #[test]
    fn counts_beyond_max_members_are_refused() {
        // Header, main streams info, pack info with 2^40 packed streams.
        let mut h = vec![K_HEADER, K_MAIN_STREAMS_INFO, K_PACK_INFO, 0x00, 0xff];
        h.extend((1u64 << 40).to_le_bytes());
        let mut v = start_header(0, h.len() as u64);
        v.extend(h);
        let r = check(&mut Cursor::new(v), &Limits::default());
        assert!(matches!(r, Err(Stop::Limit(Limit::Members))));
    }

    #[test]
    fn lzma2_dictionary_property() {
        let coder = |p| Coder { id: ID_LZMA2.to_vec(), props: vec![p] };
        assert_eq!(dictionary(&coder(16), 0).unwrap(), Some(1 << 20));
        assert_eq!(dictionary(&coder(39), 0).unwrap(), Some(3 << 30));
        assert_eq!(dictionary(&coder(40), 0).unwrap(), Some(u32::MAX as u64));
        assert!(dictionary(&coder(41), 0).is_err());
    }
}

//! RAR archives (versions 1.5-4.x and 5.x), listed from their headers and not decompressed:
//! no decoder under a free licence is used (the UnRAR source is not free software). Each file
//! is reported `unsupported_format` at its own location (`a.rar!dir/名簿.csv`); encrypted
//! files, and archives whose headers are encrypted (names hidden), are reported `encrypted`.
//!
//! The header reader is written for hostile input: it reads one header at a time into a
//! buffer of at most [`MAX_HEADER`] bytes, skips file data by reading it (a declared size
//! allocates nothing and a lying one ends at the end of the input), counts every file
//! against the member limit and checks the clock between headers.

use super::super::{child, Cx, Stop};
use super::decode_name;
use crate::finding::UnscannableReason;
use std::io::{self, Read};

/// Largest header read (RAR 5 limits headers to 2 MiB; RAR 4 headers are at most 64 KiB).
pub(crate) const MAX_HEADER: u64 = 2 << 20;

/// The RAR 4 signature (RAR 1.5 to 4.x).
pub(crate) const RAR4: &[u8] = b"Rar!\x1a\x07\x00";
/// The RAR 5 signature.
pub(crate) const RAR5: &[u8] = b"Rar!\x1a\x07\x01\x00";

/// One entry as its header describes it.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Entry {
    File {
        name: String,
        encrypted: bool,
    },
    /// Headers after this point are encrypted: file names cannot be read.
    EncryptedHeaders,
}

/// Reads RAR headers one by one from a stream positioned after the signature.
pub(crate) struct HeaderReader<R> {
    inner: R,
    v5: bool,
    done: bool,
}

fn corrupt(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, format!("rar: {what}"))
}

fn le(b: &[u8]) -> u64 {
    b.iter().rev().fold(0u64, |a, &x| (a << 8) | x as u64)
}

/// Reads a RAR 5 variable-length integer (7 bits a byte, at most 10 bytes) from a stream.
fn read_vint(r: &mut impl Read) -> io::Result<u64> {
    let mut v = 0u64;
    for i in 0..10 {
        let mut b = [0u8; 1];
        r.read_exact(&mut b)?;
        v |= ((b[0] & 0x7f) as u64).checked_shl(7 * i).unwrap_or(0);
        if b[0] & 0x80 == 0 {
            return Ok(v);
        }
    }
    Err(corrupt("variable-length number too long"))
}

/// A RAR 5 variable-length integer from a header buffer.
fn vint(b: &[u8], at: &mut usize) -> io::Result<u64> {
    let mut slice = b.get(*at..).ok_or_else(|| corrupt("header too short"))?;
    let before = slice.len();
    let v = read_vint(&mut slice).map_err(|_| corrupt("header too short"))?;
    *at += before - slice.len();
    Ok(v)
}

fn take<'b>(b: &'b [u8], at: &mut usize, n: u64) -> io::Result<&'b [u8]> {
    let end = at.checked_add(n as usize).filter(|&e| e <= b.len() && n <= b.len() as u64);
    let end = end.ok_or_else(|| corrupt("header too short"))?;
    let s = &b[*at..end];
    *at = end;
    Ok(s)
}

/// Reads and discards `n` bytes (file data), stopping early at the end of the input.
fn skip(r: &mut impl Read, n: u64) -> io::Result<()> {
    io::copy(&mut r.take(n), &mut io::sink())?;
    Ok(())
}

fn read_buf(r: &mut impl Read, n: u64) -> io::Result<Vec<u8>> {
    if n > MAX_HEADER {
        return Err(corrupt("header larger than 2 MiB"));
    }
    let mut v = Vec::new();
    r.take(n).read_to_end(&mut v)?;
    if (v.len() as u64) < n {
        return Err(corrupt("truncated header"));
    }
    Ok(v)
}

impl<R: Read> HeaderReader<R> {
    /// `signature` is the 7 (RAR 4) or 8 (RAR 5) bytes already read.
    pub fn new(inner: R, v5: bool) -> Self {
        HeaderReader { inner, v5, done: false }
    }

    /// The next file (or the news that the rest is encrypted); `None` at the end.
    pub fn next_entry(&mut self) -> io::Result<Option<Entry>> {
        while !self.done {
            let e = if self.v5 { self.next5()? } else { self.next4()? };
            if e.is_some() {
                return Ok(e);
            }
        }
        Ok(None)
    }

    /// One RAR 4 block: `Some` for a file, `None` for any other block.
    fn next4(&mut self) -> io::Result<Option<Entry>> {
        let mut fixed = [0u8; 7];
        match self.inner.read_exact(&mut fixed) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => {
                self.done = true;
                return Ok(None);
            }
            Err(e) => return Err(e),
        }
        let kind = fixed[2];
        let flags = le(&fixed[3..5]);
        let size = le(&fixed[5..7]);
        if size < 7 {
            return Err(corrupt("block header shorter than 7 bytes"));
        }
        let rest = read_buf(&mut self.inner, size - 7)?;
        // Blocks flagged 0x8000 (and file blocks always) carry data after the header,
        // its size in the first 4 bytes after the fixed part.
        let mut data = if flags & 0x8000 != 0 || kind == 0x74 || kind == 0x7a {
            le(rest.get(..4).ok_or_else(|| corrupt("block header too short"))?)
        } else {
            0
        };
        let entry = match kind {
            // Main header: 0x0080 means every later header is encrypted.
            0x73 if flags & 0x0080 != 0 => {
                self.done = true;
                Some(Entry::EncryptedHeaders)
            }
            0x74 => {
                // PACK_SIZE, UNP_SIZE, HOST_OS, FILE_CRC, FTIME, UNP_VER, METHOD, NAME_SIZE,
                // ATTR, then HIGH_PACK_SIZE and HIGH_UNP_SIZE when flagged 0x0100.
                let mut at = 25;
                let fixed_part = take(&rest, &mut 0, 25)?;
                let name_len = le(&fixed_part[19..21]);
                if flags & 0x0100 != 0 {
                    let high = take(&rest, &mut at, 8)?;
                    data |= le(&high[..4]) << 32;
                }
                let raw = take(&rest, &mut at, name_len)?;
                // With 0x0200 the name is the OEM name, a NUL and a compressed UTF-16 form;
                // the OEM part (CP932 on Japanese Windows) is what is decoded here.
                let raw = raw.split(|&b| b == 0).next().unwrap_or(raw);
                let dir = flags & 0x00e0 == 0x00e0;
                let name = decode_name(raw).replace('\\', "/");
                (!dir).then_some(Entry::File { name, encrypted: flags & 0x0004 != 0 })
            }
            0x7b => {
                self.done = true;
                None
            }
            _ => None,
        };
        skip(&mut self.inner, data)?;
        Ok(entry)
    }

    /// One RAR 5 header: `Some` for a file, `None` for any other header.
    fn next5(&mut self) -> io::Result<Option<Entry>> {
        let mut crc = [0u8; 4];
        match self.inner.read_exact(&mut crc) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => {
                self.done = true;
                return Ok(None);
            }
            Err(e) => return Err(e),
        }
        let size = read_vint(&mut self.inner)?;
        let h = read_buf(&mut self.inner, size)?;
        let mut at = 0;
        let kind = vint(&h, &mut at)?;
        let flags = vint(&h, &mut at)?;
        let extra = if flags & 1 != 0 { vint(&h, &mut at)? } else { 0 };
        let data = if flags & 2 != 0 { vint(&h, &mut at)? } else { 0 };
        let extra_start = (h.len() as u64)
            .checked_sub(extra)
            .filter(|&s| s >= at as u64)
            .ok_or_else(|| corrupt("extra area larger than its header"))?
            as usize;
        let entry = match kind {
            2 => {
                let file_flags = vint(&h, &mut at)?;
                let _unpacked = vint(&h, &mut at)?;
                let _attributes = vint(&h, &mut at)?;
                if file_flags & 2 != 0 {
                    take(&h, &mut at, 4)?; // modification time
                }
                if file_flags & 4 != 0 {
                    take(&h, &mut at, 4)?; // CRC32
                }
                let _compression = vint(&h, &mut at)?;
                let _host = vint(&h, &mut at)?;
                let name_len = vint(&h, &mut at)?;
                let raw = take(&h, &mut at, name_len)?;
                let encrypted = extra_records(&h[extra_start..])?.contains(&1);
                let name = decode_name(raw);
                (file_flags & 1 == 0).then_some(Entry::File { name, encrypted })
            }
            4 => {
                self.done = true;
                Some(Entry::EncryptedHeaders)
            }
            5 => {
                self.done = true;
                None
            }
            _ => None,
        };
        skip(&mut self.inner, data)?;
        Ok(entry)
    }
}

/// The record types of a RAR 5 extra area (1 is file encryption).
fn extra_records(mut b: &[u8]) -> io::Result<Vec<u64>> {
    let mut kinds = Vec::new();
    while !b.is_empty() {
        let mut at = 0;
        let size = vint(b, &mut at)?;
        let body = take(b, &mut at, size)?;
        kinds.push(vint(body, &mut 0)?);
        b = &b[at..];
    }
    Ok(kinds)
}

/// Lists a RAR archive's files, each reported unread at its location.
pub(crate) fn rar(cx: &mut Cx<'_>, reader: &mut dyn Read, loc: Option<String>) -> Result<(), Stop> {
    let mut sig = [0u8; 7];
    reader.read_exact(&mut sig).map_err(Stop::Read)?;
    let v5 = if sig == RAR4 {
        false
    } else {
        let mut last = [0u8; 1];
        reader.read_exact(&mut last).map_err(Stop::Read)?;
        if [&sig[..], &last[..]].concat() != RAR5 {
            return Err(Stop::Unsupported("RAR archive of an unknown version".into()));
        }
        true
    };
    let mut headers = HeaderReader::new(reader, v5);
    loop {
        cx.budget.check()?;
        let entry = match headers.next_entry() {
            Ok(Some(e)) => e,
            Ok(None) => break,
            Err(e) => return Err(Stop::Read(e)),
        };
        match entry {
            Entry::EncryptedHeaders => {
                return Err(Stop::Encrypted("RAR archive with encrypted headers".into()))
            }
            Entry::File { name, encrypted } => {
                let mloc = Some(child(&loc, &name));
                if let Err(l) = cx.budget.member() {
                    cx.record(Stop::Limit(l), &mloc).map_err(Stop::Read)?;
                    break;
                }
                if encrypted {
                    cx.unscannable(
                        &mloc,
                        UnscannableReason::Encrypted,
                        "encrypted RAR member".into(),
                    );
                } else {
                    cx.unscannable(
                        &mloc,
                        UnscannableReason::UnsupportedFormat,
                        "RAR member not decompressed".into(),
                    );
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(v5: bool, body: &[u8]) -> io::Result<Vec<Entry>> {
        let mut r = HeaderReader::new(body, v5);
        let mut out = Vec::new();
        while let Some(e) = r.next_entry()? {
            out.push(e);
        }
        Ok(out)
    }

    #[test]
    fn huge_declared_header_is_refused_unread() {
        // RAR 5: CRC, then a header size of 2^63 (ten-byte vint would overflow: nine bytes).
        let mut b = vec![0u8; 4];
        b.extend([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]);
        let e = entries(true, &b).unwrap_err();
        assert!(e.to_string().contains("2 MiB"), "{e}");
    }

    #[test]
    fn vint_longer_than_ten_bytes_is_corrupt() {
        let mut b = vec![0u8; 4];
        b.extend([0x80; 11]);
        assert!(entries(true, &b).is_err());
    }

    #[test]
    fn lying_data_size_ends_at_the_end_of_input() {
        // RAR 4 file block: flags 0x8000, PACK_SIZE 4 GiB - 1, name "a".
        let mut body = u32::MAX.to_le_bytes().to_vec();
        body.extend([0u8; 4 + 1 + 4 + 4 + 1 + 1]);
        body.extend(1u16.to_le_bytes());
        body.extend([0u8; 4]);
        body.push(b'a');
        let mut b = vec![0, 0, 0x74, 0x00, 0x80];
        b.extend(((7 + body.len()) as u16).to_le_bytes());
        b.extend(body);
        b.extend([1, 2, 3]);
        let got = entries(false, &b).unwrap();
        assert_eq!(got, vec![Entry::File { name: "a".into(), encrypted: false }]);
    }

    #[test]
    fn short_header_is_corrupt() {
        // A RAR 4 block whose HEAD_SIZE is below the 7 fixed bytes.
        assert!(entries(false, &[0, 0, 0x74, 0, 0, 3, 0]).is_err());
        // A RAR 5 file header cut inside its fields.
        let mut b = vec![0u8; 4];
        b.extend([3, 2, 0, 0]);
        assert!(entries(true, &b).is_err());
    }
}

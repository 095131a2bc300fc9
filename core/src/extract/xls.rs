//! Legacy Excel workbooks (.xls, BIFF5/BIFF8 in an OLE compound file) read with calamine.
//!
//! calamine parses every sheet when the workbook is opened and stores each as a dense grid
//! (`Range::from_sparse`), reserves cells from the sheet's DIMENSIONS record, clones a shared
//! string for every cell that refers to it, and follows compound-file sector chains without
//! detecting cycles. One far cell, one forged DIMENSIONS record, a cyclic chain or a long
//! string repeated by reference can therefore ask for gigabytes before any of its API
//! returns. So before calamine sees a file, [`precheck`] walks the same structures the way
//! calamine will (compound file header, DIFAT, FAT, directory, the Workbook stream and its
//! BIFF records) and refuses the file when what calamine would allocate exceeds
//! `Limits::max_sheet_cells` (cells of all sheets' grids together, and any one sheet's
//! DIMENSIONS), `Limits::max_member_bytes` (strings cloned per cell) or the shared byte
//! budget, or when a chain is cyclic, leaves the file or the structures are inconsistent.
//! Only files that pass are opened; `catch_unwind` around calamine is a backstop for
//! malformed records it indexes without checking, not the bound.
//!
//! Each sheet is one unit: its name, then rows as lines of tab-separated values, each cell a
//! place `#Sheet!C12`, as for xlsx. Numbers stored as numbers read as their digits.

use super::limits::Budget;
use super::ooxml::col_name;
use super::unit::Unit;
use super::{Cx, Stop};
use calamine::{Data, Reader, Xls, XlsError};
use std::io::Cursor;

const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const DIFSECT: u32 = 0xFFFF_FFFC;
const RESERVED_SECTORS: u32 = 0xFFFF_FFFA;
/// Bytes calamine keeps per grid cell (`Data`), for the budget.
const CELL_BYTES: u64 = 32;
/// CONTINUE records merged into one record (calamine removes them from the front of a
/// vector one by one: quadratic in their number).
const MAX_CONTINUES: usize = 8192;

/// Extracts and scans an .xls workbook held in memory.
pub(crate) fn scan(cx: &mut Cx<'_>, bytes: &[u8], location: Option<String>) -> Result<(), Stop> {
    precheck(bytes, cx.budget)?;
    let opened = std::panic::catch_unwind(|| {
        let mut wb = Xls::new(Cursor::new(bytes))?;
        let mut sheets = Vec::new();
        for name in wb.sheet_names() {
            let range = wb.worksheet_range(&name)?;
            sheets.push((name, range));
        }
        Ok::<_, XlsError>(sheets)
    });
    let sheets = match opened {
        Ok(Ok(s)) => s,
        Ok(Err(XlsError::Password)) => {
            return Err(Stop::Encrypted("password-protected Excel workbook".into()))
        }
        Ok(Err(e)) => return Err(Stop::Corrupt(format!("xls: {e}"))),
        Err(_) => return Err(Stop::Corrupt("xls: workbook reader failed on this file".into())),
    };
    for (name, range) in sheets {
        cx.budget.check()?;
        let mut unit = Unit::new(cx, location.clone());
        let r = sheet(&mut unit, &name, &range);
        unit.finish();
        r?;
    }
    Ok(())
}

fn sheet(unit: &mut Unit<'_, '_>, name: &str, range: &calamine::Range<Data>) -> Result<(), Stop> {
    unit.place(format!("#{name}"));
    unit.push(name)?;
    unit.push("\n")?;
    let (r0, c0) = range.start().unwrap_or((0, 0));
    for (i, row) in range.rows().enumerate() {
        let mut cells = 0;
        for (j, v) in row.iter().enumerate() {
            let text = value_text(v);
            if text.is_empty() {
                continue;
            }
            if cells > 0 {
                unit.push("\t")?;
            }
            let cell = format!("{}{}", col_name(c0 + j as u32), r0 as u64 + i as u64 + 1);
            unit.place(format!("#{name}!{cell}"));
            unit.push(&text)?;
            cells += 1;
        }
        if cells > 0 {
            unit.push("\n")?;
        }
    }
    Ok(())
}

/// A cell's value as text; integers stored as floats are written in full.
fn value_text(v: &Data) -> String {
    match v {
        Data::Empty | Data::Error(_) | Data::Bool(_) => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float_text(*f),
        Data::DateTime(d) => float_text(d.as_f64()),
    }
}

fn float_text(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e17 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

fn corrupt(what: &str) -> Stop {
    Stop::Corrupt(format!("xls: {what}"))
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// The compound file structures calamine reads, checked: every sector it would touch lies
/// wholly inside the file and no chain is longer than the file has sectors.
struct Cfb<'a> {
    bytes: &'a [u8],
    size: usize,
    /// Offset of sector 0 (the header occupies one sector).
    base: usize,
    /// Largest sector id calamine accepts (file length / sector size).
    maxid: usize,
    fats: Vec<u32>,
    /// (name, start, len) of each directory entry.
    dirs: Vec<(String, u32, u64)>,
    ministream: Vec<u8>,
    mini_fats: Vec<u32>,
}

impl<'a> Cfb<'a> {
    fn open(bytes: &'a [u8]) -> Result<Self, Stop> {
        // The header and the DIFAT's size, as for every compound file.
        super::legacy::precheck(bytes).map_err(corrupt)?;
        let h = &bytes[..512];
        let version = u16_at(h, 26).unwrap_or(0);
        let size = match u16_at(h, 30) {
            Some(9) => 512,
            Some(12) => 4096,
            _ => return Err(corrupt("bad sector size")),
        };
        if u16_at(h, 32) != Some(6) {
            return Err(corrupt("bad mini sector size"));
        }
        let read = |at| u32_at(h, at).unwrap_or(0);
        let (dir_start, mini_fat_start, mini_fat_len, difat_start) =
            (read(48), read(60), read(64) as usize, read(68));
        let mut cfb = Cfb {
            bytes,
            size,
            base: size,
            maxid: bytes.len() / size,
            fats: Vec::new(),
            dirs: Vec::new(),
            ministream: Vec::new(),
            mini_fats: Vec::new(),
        };
        let mut difat: Vec<u32> = to_u32(&h[76..512]).collect();
        let mut id = difat_start;
        let mut n = 0;
        while id < RESERVED_SECTORS {
            n += 1;
            if n > cfb.maxid + 1 {
                return Err(corrupt("DIFAT chain longer than the file"));
            }
            difat.extend(to_u32(cfb.sector(id)?));
            id = difat.pop().ok_or_else(|| corrupt("empty DIFAT sector"))?;
        }
        let fat_sectors: Vec<u32> = difat.into_iter().filter(|&id| id < DIFSECT).collect();
        if fat_sectors.len() > cfb.maxid + 1 {
            return Err(corrupt("more FAT sectors than the file has"));
        }
        for id in fat_sectors {
            let s = cfb.sector(id)?;
            cfb.fats.extend(to_u32(s));
        }
        let dirs = cfb.chain(dir_start, usize::MAX)?;
        for c in dirs.chunks_exact(128) {
            let mut name = super::legacy::utf16le(&c[..64]);
            if let Some(l) = name.bytes().position(|b| b == 0) {
                name.truncate(l);
            }
            let start = u32_at(c, 116).unwrap_or(0);
            let len = if size == 512 {
                u32_at(c, 120).unwrap_or(0) as u64
            } else {
                u64::from_le_bytes(c[120..128].try_into().unwrap_or([0; 8]))
            };
            cfb.dirs.push((name, start, len));
        }
        if cfb.dirs.is_empty() || (version != 3 && cfb.dirs[0].1 == ENDOFCHAIN) {
            return Err(corrupt("empty root directory"));
        }
        if mini_fat_len > 0 {
            let (_, start, len) = cfb.dirs[0];
            cfb.ministream = cfb.chain(start, usize::try_from(len).unwrap_or(usize::MAX))?;
            let minifat = cfb.chain(mini_fat_start, mini_fat_len.saturating_mul(size))?;
            cfb.mini_fats = to_u32(&minifat).collect();
        }
        Ok(cfb)
    }

    /// A whole sector inside the file.
    fn sector(&self, id: u32) -> Result<&'a [u8], Stop> {
        let id = id as usize;
        let start = id.checked_mul(self.size).and_then(|s| s.checked_add(self.base));
        match start.and_then(|s| Some(s..s.checked_add(self.size)?)) {
            Some(r) if id <= self.maxid && r.end <= self.bytes.len() => Ok(&self.bytes[r]),
            _ => Err(corrupt("sector beyond the end of the file")),
        }
    }

    /// Follows a chain of sectors as calamine does, refusing cycles.
    fn chain(&self, mut id: u32, len: usize) -> Result<Vec<u8>, Stop> {
        let mut out = Vec::new();
        let mut steps = 0;
        while id != ENDOFCHAIN {
            steps += 1;
            if steps > self.maxid + 2 {
                return Err(corrupt("cyclic sector chain"));
            }
            let s = self.sector(id)?;
            let n = s.len().min(len - out.len());
            out.extend_from_slice(&s[..n]);
            if out.len() >= len {
                break;
            }
            id = *self.fats.get(id as usize).ok_or_else(|| corrupt("sector not in the FAT"))?;
        }
        Ok(out)
    }

    /// Follows a chain of mini sectors (streams under 4096 bytes).
    fn mini_chain(&self, mut id: u32, len: usize) -> Result<Vec<u8>, Stop> {
        let mut out = Vec::new();
        while id != ENDOFCHAIN {
            let start = id as usize * 64;
            let s = self
                .ministream
                .get(start..start + 64)
                .ok_or_else(|| corrupt("mini sector beyond the mini stream"))?;
            let n = s.len().min(len - out.len());
            out.extend_from_slice(&s[..n]);
            if out.len() >= len {
                break;
            }
            id = *self
                .mini_fats
                .get(id as usize)
                .ok_or_else(|| corrupt("mini sector not in the mini FAT"))?;
        }
        Ok(out)
    }

    fn find(&self, name: &str) -> Option<(u32, u64)> {
        self.dirs
            .iter()
            .find(|d| d.0.as_bytes().eq_ignore_ascii_case(name.as_bytes()))
            .map(|d| (d.1, d.2))
    }

    fn stream(&self, (start, len): (u32, u64)) -> Result<Vec<u8>, Stop> {
        if len < 4096 {
            self.mini_chain(start, len as usize)
        } else {
            self.chain(start, usize::try_from(len).unwrap_or(usize::MAX))
        }
    }
}

fn to_u32(b: &[u8]) -> impl Iterator<Item = u32> + '_ {
    b.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
}

/// One BIFF record with the CONTINUE records merged into it, as calamine iterates them.
struct Record<'a> {
    typ: u16,
    data: &'a [u8],
    cont: std::collections::VecDeque<&'a [u8]>,
}

impl<'a> Record<'a> {
    fn next_cont(&mut self) -> bool {
        match self.cont.pop_front() {
            Some(d) => {
                self.data = d;
                true
            }
            None => false,
        }
    }

    fn skip(&mut self, mut len: usize) -> Option<()> {
        while len > 0 {
            if self.data.is_empty() && !self.next_cont() {
                return None;
            }
            let l = len.min(self.data.len());
            self.data = &self.data[l..];
            len -= l;
        }
        Some(())
    }
}

/// Iterates records like calamine's `RecordIter`; `Err` where it would fail.
fn next_record<'a>(stream: &mut &'a [u8]) -> Option<Result<Record<'a>, Stop>> {
    let s = *stream;
    if s.len() < 4 {
        return if s.is_empty() { None } else { Some(Err(corrupt("truncated record"))) };
    }
    let typ = u16::from_le_bytes([s[0], s[1]]);
    let len = u16::from_le_bytes([s[2], s[3]]) as usize;
    if s.len() < len + 4 {
        return Some(Err(corrupt("record beyond the stream")));
    }
    let data = &s[4..4 + len];
    let mut rest = &s[4 + len..];
    let mut cont = std::collections::VecDeque::new();
    while rest.len() > 4 && u16::from_le_bytes([rest[0], rest[1]]) == 0x003C {
        let l = u16::from_le_bytes([rest[2], rest[3]]) as usize;
        if rest.len() < l + 4 {
            return Some(Err(corrupt("continue record beyond the stream")));
        }
        cont.push_back(&rest[4..4 + l]);
        if cont.len() > MAX_CONTINUES {
            return Some(Err(Stop::Refused(format!(
                "xls: more than {MAX_CONTINUES} CONTINUE records in one record"
            ))));
        }
        rest = &rest[4 + l..];
    }
    *stream = rest;
    Some(Ok(Record { typ, data, cont }))
}

/// Upper bounds of the UTF-8 length of each shared string, parsed as calamine parses the SST
/// (one decoded character is at most two input bytes, each decoded to at most 3 bytes).
fn sst_lengths(mut r: Record<'_>) -> Option<Vec<u64>> {
    let mut out = Vec::new();
    r.data = r.data.get(8..)?;
    while !r.data.is_empty() || r.next_cont() {
        if r.data.is_empty() {
            out.push(0);
            continue;
        }
        if r.data.len() < 3 {
            return None;
        }
        let cch = u16::from_le_bytes([r.data[0], r.data[1]]) as usize;
        let flags = r.data[2];
        r.data = &r.data[3..];
        let mut high = flags & 1 != 0;
        let mut runs = 0;
        if flags & 8 != 0 {
            runs = u16_at(r.data, 0)? as usize;
            r.data = &r.data[2..];
        }
        let mut ext = 0;
        if flags & 4 != 0 {
            ext = u32_at(r.data, 0)? as i32 as usize;
            r.data = &r.data[4..];
        }
        let mut len = cch;
        while len > 0 {
            let l = if high { (r.data.len() / 2).min(len) } else { r.data.len().min(len) };
            r.data = &r.data[if high { 2 * l } else { l }..];
            len -= l;
            if len > 0 {
                if !r.next_cont() {
                    return None;
                }
                high = *r.data.first()? & 1 != 0;
                r.data = &r.data[1..];
            }
        }
        r.skip(runs * 4)?;
        r.skip(ext)?;
        out.push(6 * cch as u64);
    }
    Some(out)
}

/// Bounding box of cell positions.
#[derive(Default)]
struct BBox(Option<(u32, u32, u32, u32)>);

impl BBox {
    fn add(&mut self, r: u32, c: u32) {
        self.0 = Some(match self.0 {
            None => (r, r, c, c),
            Some((r0, r1, c0, c1)) => (r0.min(r), r1.max(r), c0.min(c), c1.max(c)),
        });
    }

    fn cells(&self) -> u64 {
        self.0.map_or(0, |(r0, r1, c0, c1)| {
            (r1 as u64 - r0 as u64 + 1).saturating_mul(c1 as u64 - c0 as u64 + 1)
        })
    }
}

/// Refuses a workbook calamine would need too much memory or time for (see the module doc).
fn precheck(bytes: &[u8], budget: &Budget) -> Result<(), Stop> {
    let max_cells = budget.limits.max_sheet_cells;
    let cfb = Cfb::open(bytes)?;
    let entry = cfb
        .find("Workbook")
        .or_else(|| cfb.find("Book"))
        .ok_or_else(|| Stop::Unsupported("compound file without a workbook stream".into()))?;
    let stream = cfb.stream(entry)?;
    budget.draw(bytes.len() as u64 + stream.len() as u64)?;
    budget.check()?;

    // Globals: sheet positions, shared strings, password.
    let mut positions = Vec::new();
    let mut strings: Vec<u64> = Vec::new();
    let mut s = stream.as_slice();
    while let Some(r) = next_record(&mut s) {
        let r = r?;
        match r.typ {
            0x002F if u16_at(r.data, 0).is_some_and(|v| v != 0) => {
                return Err(Stop::Encrypted("password-protected Excel workbook".into()))
            }
            0x0085 => positions.push(u32_at(r.data, 0).ok_or_else(|| corrupt("BoundSheet"))?),
            0x00FC => strings = sst_lengths(r).ok_or_else(|| corrupt("shared strings"))?,
            0x000A => break,
            _ => {}
        }
    }

    let mut walked = 0u64;
    let mut grid = 0u64;
    let mut cloned = 0u64;
    for pos in positions {
        budget.check()?;
        let mut s = stream.get(pos as usize..).ok_or_else(|| corrupt("sheet beyond the stream"))?;
        let before = s.len();
        let (mut values, mut formulas) = (BBox::default(), BBox::default());
        let mut fmla_pos = (0u32, 0u32);
        let (mut seen_bof, mut depth) = (false, 0usize);
        while let Some(r) = next_record(&mut s) {
            let r = r?;
            let d = r.data;
            if depth > 0 {
                match r.typ {
                    0x0809 => depth += 1,
                    0x000A => depth -= 1,
                    _ => {}
                }
                continue;
            }
            let at = (u16_at(d, 0).map(u32::from), u16_at(d, 2).map(u32::from));
            match r.typ {
                0x0809 if seen_bof => depth += 1,
                0x0809 => seen_bof = true,
                0x0200 => {
                    let dims = match d.len() {
                        10 => Some((
                            u16_at(d, 0).unwrap_or(0) as u64,
                            u16_at(d, 2).unwrap_or(0) as u64,
                            u16_at(d, 4).unwrap_or(0) as u64,
                            u16_at(d, 6).unwrap_or(0) as u64,
                        )),
                        14 | 16 => Some((
                            u32_at(d, 0).unwrap_or(0) as u64,
                            u32_at(d, 4).unwrap_or(0) as u64,
                            u16_at(d, 8).unwrap_or(0) as u64,
                            u16_at(d, 10).unwrap_or(0) as u64,
                        )),
                        _ => None,
                    };
                    if let Some((rf, rl, mut cf, cl)) = dims {
                        if cf > 0xFF || cl < cf {
                            cf = 0;
                        }
                        if rl >= 1 && cl >= 1 {
                            if rl - 1 < rf {
                                return Err(corrupt("DIMENSIONS record ends before it starts"));
                            }
                            let n = (rl - rf).saturating_mul(cl - cf);
                            if n > max_cells {
                                return Err(too_many(max_cells, n));
                            }
                        }
                    }
                }
                0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E => {
                    if let (Some(r), Some(c)) = at {
                        values.add(r, c);
                    }
                }
                0x0207 => values.add(fmla_pos.0, fmla_pos.1),
                0x00FD => {
                    if let (Some(r), Some(c), Some(i)) = (at.0, at.1, u32_at(d, 6)) {
                        if let Some(n) = strings.get(i as usize) {
                            values.add(r, c);
                            cloned += n;
                        }
                    }
                }
                0x00BD if d.len() >= 6 => {
                    if let (Some(r), Some(c)) = at {
                        let n = (d.len() - 6).div_ceil(6) as u32;
                        if n > 0 {
                            values.add(r, c);
                            values.add(r, c + n - 1);
                        }
                    }
                }
                0x0006 if d.len() >= 20 => {
                    if let (Some(r), Some(c)) = at {
                        fmla_pos = (r, c);
                        values.add(r, c);
                        formulas.add(r, c);
                    }
                }
                0x000A => break,
                _ => {}
            }
        }
        walked += (before - s.len()) as u64;
        if walked > 2 * stream.len() as u64 + 65536 {
            return Err(Stop::Refused("xls: sheets overlap in the workbook stream".into()));
        }
        grid = grid.saturating_add(values.cells()).saturating_add(formulas.cells());
        if grid > max_cells {
            return Err(too_many(max_cells, grid));
        }
    }
    if cloned > budget.limits.max_member_bytes {
        return Err(Stop::Refused(format!(
            "max_member_bytes = {} reached: shared strings repeated in cells",
            budget.limits.max_member_bytes
        )));
    }
    budget.draw(grid.saturating_mul(CELL_BYTES).saturating_add(cloned))?;
    Ok(())
}

fn too_many(max: u64, n: u64) -> Stop {
    Stop::Refused(format!("max_sheet_cells = {max} reached: the workbook's sheets span {n} cells"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_as_digits() {
        assert_eq!(float_text(123456789012.0), "123456789012");
        assert_eq!(float_text(1.5), "1.5");
    }

    #[test]
    fn bbox() {
        let mut b = BBox::default();
        assert_eq!(b.cells(), 0);
        b.add(2, 3);
        assert_eq!(b.cells(), 1);
        b.add(65535, 255);
        assert_eq!(b.cells(), 65534 * 253);
    }

    #[test]
    fn garbage_is_refused_not_opened() {
        let budget = Budget::new(super::super::Limits::default());
        let mut b = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
        b.resize(4096, 0xff);
        assert!(precheck(&b, &budget).is_err());
    }
}

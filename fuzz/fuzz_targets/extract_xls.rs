//! Legacy .xls: the first byte picks whether the rest is the whole file (compound file
//! parsing) or the BIFF `Workbook` stream, wrapped here in a valid compound file so the
//! record parsing and the size precheck are exercised rather than the container.
#![no_main]

mod extract_common;
use extract_common as common;
use libfuzzer_sys::fuzz_target;

const END: u32 = 0xFFFF_FFFE;
const FREE: u32 = 0xFFFF_FFFF;
const FATSECT: u32 = 0xFFFF_FFFD;

/// A version-3 compound file (512-byte sectors) holding `stream` as `Workbook`.
fn cfb(stream: &[u8]) -> Vec<u8> {
    let mut data = stream.to_vec();
    // At least the mini stream cutoff, so the stream lives in regular sectors.
    data.resize(data.len().max(4096).next_multiple_of(512), 0);
    let n = data.len() / 512;
    let mut nfat = 1;
    while nfat * 128 < nfat + 1 + n {
        nfat += 1;
    }
    let (dir, first) = (nfat as u32, nfat as u32 + 1);
    let mut h = vec![0u8; 512];
    h[..8].copy_from_slice(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
    let put16 = |b: &mut [u8], at: usize, v: u16| b[at..at + 2].copy_from_slice(&v.to_le_bytes());
    let put32 = |b: &mut [u8], at: usize, v: u32| b[at..at + 4].copy_from_slice(&v.to_le_bytes());
    put16(&mut h, 24, 0x3E);
    put16(&mut h, 26, 3);
    put16(&mut h, 28, 0xFFFE);
    put16(&mut h, 30, 9);
    put16(&mut h, 32, 6);
    put32(&mut h, 44, nfat as u32);
    put32(&mut h, 48, dir);
    put32(&mut h, 56, 4096);
    put32(&mut h, 60, END);
    put32(&mut h, 68, END);
    for i in 0..109 {
        put32(&mut h, 76 + 4 * i, if i < nfat { i as u32 } else { FREE });
    }
    let mut fat = vec![FREE; nfat * 128];
    fat[..nfat].fill(FATSECT);
    fat[nfat] = END;
    for i in 0..n {
        fat[nfat + 1 + i] = if i + 1 < n { first + i as u32 + 1 } else { END };
    }
    let mut dirs = vec![0u8; 512];
    for (i, (name, typ, start, len, child)) in
        [("Root Entry", 5u8, END, 0u32, 1u32), ("Workbook", 2, first, data.len() as u32, FREE)]
            .into_iter()
            .enumerate()
    {
        let e = &mut dirs[i * 128..(i + 1) * 128];
        let units: Vec<u16> = name.encode_utf16().collect();
        for (j, u) in units.iter().enumerate() {
            put16(e, 2 * j, *u);
        }
        put16(e, 64, 2 * (units.len() as u16 + 1));
        e[66] = typ;
        put32(e, 68, FREE);
        put32(e, 72, FREE);
        put32(e, 76, child);
        put32(e, 116, start);
        put32(e, 120, len);
    }
    for e in dirs[256..].chunks_exact_mut(128) {
        put32(e, 68, FREE);
        put32(e, 72, FREE);
        put32(e, 76, FREE);
    }
    let mut out = h;
    out.extend(fat.iter().flat_map(|v| v.to_le_bytes()));
    out.extend_from_slice(&dirs);
    out.extend_from_slice(&data);
    out
}

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else { return };
    let file = if sel % 2 == 0 { rest.to_vec() } else { cfb(&rest[..rest.len().min(1 << 20)]) };
    common::check(&common::scanner().scan_bytes(&file, Some("f.xls")));
});

//! Shared by the extraction fuzz targets: a scanner with tight limits (so one input stays
//! fast), the report invariants, and a tiny zip writer for structure-aware targets.
#![allow(dead_code)]

use mamori::{Limits, Report, Scanner};
use std::sync::OnceLock;

pub fn scanner() -> &'static Scanner {
    static S: OnceLock<Scanner> = OnceLock::new();
    S.get_or_init(|| {
        // mamori isolates mail-parser's reachable `debug_assert!` with catch_unwind (see
        // core/src/extract/mail/eml.rs), and calamine's unchecked indexing of malformed BIFF
        // records likewise (core/src/extract/xls.rs: a backstop behind its size precheck),
        // and the cfb crate's reading of .msg files (core/src/extract/mail/msg.rs),
        // and sevenz-rust2's reader (core/src/extract/archive/sevenz.rs, behind the header walk);
        // libFuzzer's hook would abort on them even so. Panics from anywhere else abort.
        let prev = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if info.location().is_some_and(|l| {
                l.file().contains("mail-parser-0.11")
                    || l.file().contains("calamine-0.38")
                    || l.file().contains("cfb-0.16")
                    || l.file().contains("sevenz-rust2-0.20")
                    || l.file().contains("lzma-rust2-0.16")
            }) {
                return;
            }
            prev(info);
        }));
        Scanner::builder()
            .keyword("社外秘")
            .limits(Limits {
                max_total_bytes: 32 << 20,
                max_member_bytes: 8 << 20,
                max_time_ms: 5_000,
                spill_threshold: 64 << 10,
                max_unscannable: 100,
                ..Limits::default()
            })
            .build()
            .unwrap()
    })
}

/// Findings lie inside their place's text; the unscannable list is bounded.
pub fn check(report: &Report) {
    for f in &report.findings {
        assert!(f.start < f.end, "{f:?}");
        assert!(f.line >= 1 && f.column >= 1, "{f:?}");
    }
    assert!(report.unscannable.len() <= 101);
}

/// A zip of stored entries.
pub fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut cd = Vec::new();
    for (name, data) in entries {
        let crc = crc32(data);
        let off = out.len() as u32;
        out.extend(0x04034b50u32.to_le_bytes());
        for v in [20u16, 0x800, 0, 0, 0x21] {
            out.extend(v.to_le_bytes());
        }
        for v in [crc, data.len() as u32, data.len() as u32] {
            out.extend(v.to_le_bytes());
        }
        for v in [name.len() as u16, 0] {
            out.extend(v.to_le_bytes());
        }
        out.extend(name.as_bytes());
        out.extend(*data);
        cd.extend(0x02014b50u32.to_le_bytes());
        for v in [20u16, 20, 0x800, 0, 0, 0x21] {
            cd.extend(v.to_le_bytes());
        }
        for v in [crc, data.len() as u32, data.len() as u32] {
            cd.extend(v.to_le_bytes());
        }
        for v in [name.len() as u16, 0, 0, 0, 0] {
            cd.extend(v.to_le_bytes());
        }
        cd.extend(0u32.to_le_bytes());
        cd.extend(off.to_le_bytes());
        cd.extend(name.as_bytes());
    }
    let cd_off = out.len() as u32;
    out.extend(&cd);
    out.extend(0x06054b50u32.to_le_bytes());
    for v in [0u16, 0, entries.len() as u16, entries.len() as u16] {
        out.extend(v.to_le_bytes());
    }
    out.extend((cd.len() as u32).to_le_bytes());
    out.extend(cd_off.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut c = !0u32;
    for &b in data {
        c ^= b as u32;
        for _ in 0..8 {
            c = if c & 1 != 0 { 0xedb88320 ^ (c >> 1) } else { c >> 1 };
        }
    }
    !c
}

/// A compound file holding `streams`, written by the `cfb` crate.
pub fn compound(streams: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut cf = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    for (name, data) in streams {
        cf.create_stream(name).unwrap().write_all(data).unwrap();
    }
    cf.flush().unwrap();
    cf.into_inner().into_inner()
}

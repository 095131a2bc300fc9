//! Offsets in the unit a language counts strings in: findings carry byte offsets into UTF-8
//! text, Python indexes strings by code point and JavaScript by UTF-16 code unit.

use crate::finding::Finding;

/// The unit string offsets are counted in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OffsetUnit {
    /// UTF-8 bytes (Rust, Go, the JSON of a scanned file).
    Bytes,
    /// Unicode code points (Python `str`).
    CodePoints,
    /// UTF-16 code units (JavaScript, Java, C#).
    Utf16,
}

impl OffsetUnit {
    /// Units in the UTF-8 `bytes` (each character counted at its lead byte, so a cut
    /// character still counts once).
    fn len(self, bytes: &[u8]) -> usize {
        match self {
            OffsetUnit::Bytes => bytes.len(),
            OffsetUnit::CodePoints => bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count(),
            OffsetUnit::Utf16 => {
                bytes.iter().map(|&b| usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0)).sum()
            }
        }
    }
}

/// Rewrites `start`, `end` and the address parts of each finding from byte offsets in
/// `text` to `unit` (offsets past the end are clamped). Findings in order of their start,
/// as scans return them, take one pass over the text.
///
/// ```
/// use mamori::{convert_offsets, OffsetUnit, Scanner};
///
/// let text = "𠮷野 TEL 03-1234-5678";
/// let mut report = Scanner::builder().build().unwrap().scan(text.as_bytes());
/// convert_offsets(text, &mut report.findings, OffsetUnit::Utf16);
/// let phone = &report.findings[0];
/// let units: Vec<u16> = text.encode_utf16().collect();
/// assert_eq!(String::from_utf16(&units[phone.start..phone.end]).unwrap(), "03-1234-5678");
/// ```
pub fn convert_offsets(text: &str, findings: &mut [Finding], unit: OffsetUnit) {
    if unit == OffsetUnit::Bytes || text.is_ascii() {
        return;
    }
    let bytes = text.as_bytes();
    let clamp = |i: usize| i.min(bytes.len());
    let (mut at_byte, mut at_unit) = (0usize, 0usize);
    for f in findings {
        let (start, end) = (clamp(f.start), clamp(f.end.max(f.start)));
        if start < at_byte {
            (at_byte, at_unit) = (0, 0);
        }
        at_unit += unit.len(&bytes[at_byte..start]);
        at_byte = start;
        let first = at_unit;
        let to_unit = |p: usize| {
            let p = clamp(p);
            if p >= start {
                first + unit.len(&bytes[start..p])
            } else {
                unit.len(&bytes[..p])
            }
        };
        if let Some(parts) = f.parts.as_mut() {
            **parts = parts.map_offsets(to_unit);
        }
        f.start = first;
        f.end = to_unit(end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Scanner;

    #[test]
    fn every_unit_slices_the_same_text() {
        let text = "住所：東京都千代田区千代田1-1 𠮷田様 携帯 090-1234-5678 taro@example.jp";
        let scanner = Scanner::builder().build().unwrap();
        let base = scanner.scan(text.as_bytes()).findings;
        assert!(base.len() >= 3, "{base:?}");
        for unit in [OffsetUnit::CodePoints, OffsetUnit::Utf16] {
            let mut found = base.clone();
            convert_offsets(text, &mut found, unit);
            for (b, f) in base.iter().zip(&found) {
                let want = &text[b.start..b.end];
                let got: String = match unit {
                    OffsetUnit::CodePoints => {
                        text.chars().skip(f.start).take(f.end - f.start).collect()
                    }
                    _ => {
                        let units: Vec<u16> = text.encode_utf16().collect();
                        String::from_utf16(&units[f.start..f.end]).unwrap()
                    }
                };
                assert_eq!(got, want, "{unit:?}");
            }
        }
    }
}

//! Redaction: the input with every finding replaced, the rest passed through byte for byte.

use crate::finding::Finding;
use crate::scanner::Scanner;
use std::io::{self, Write};

/// What replaces a finding.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RedactStyle {
    /// The masked value (`****-****-0257`, `090-****-5678`).
    #[default]
    Masked,
    /// The kind in brackets (`[my_number]`, `[phone]`, a custom rule's name).
    Kind,
}

fn replacement(f: &Finding, style: RedactStyle) -> String {
    match style {
        RedactStyle::Masked => f.masked.clone(),
        RedactStyle::Kind => format!("[{}]", f.count_key()),
    }
}

impl Scanner {
    /// Writes `input` with each finding's bytes replaced; returns the number replaced.
    ///
    /// Spans are byte offsets into `input`, so the rest of the text (its encoding, line
    /// endings, everything) passes through unchanged. Where findings overlap, the part of a
    /// later one that sticks out of an earlier replacement becomes `*`s, so nothing of either
    /// value is left.
    ///
    /// ```
    /// use mamori::{RedactStyle, Scanner};
    ///
    /// let scanner = Scanner::builder().build().unwrap();
    /// let mut out = Vec::new();
    /// let n = scanner.redact("TEL 03-1234-5678 まで".as_bytes(), RedactStyle::Masked, &mut out)?;
    /// assert_eq!(n, 1);
    /// assert_eq!(String::from_utf8(out).unwrap(), "TEL 03-****-5678 まで");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn redact(&self, input: &[u8], style: RedactStyle, out: &mut dyn Write) -> io::Result<u64> {
        let mut spans: Vec<(usize, usize, String)> = Vec::new();
        self.scan_with(input, |f| spans.push((f.start, f.end, replacement(f, style))));
        spans.sort_by_key(|s| (s.0, s.1));
        let mut written = 0usize;
        for (start, end, masked) in &spans {
            let (start, end) = ((*start).min(input.len()), (*end).min(input.len()));
            if start >= written {
                out.write_all(&input[written..start])?;
                out.write_all(masked.as_bytes())?;
                written = end;
            } else if end > written {
                let rest = String::from_utf8_lossy(&input[written..end]);
                out.write_all("*".repeat(rest.chars().count()).as_bytes())?;
                written = end;
            }
        }
        out.write_all(&input[written.min(input.len())..])?;
        out.flush()?;
        Ok(spans.len() as u64)
    }

    /// [`Scanner::redact`] of a string, returning the redacted string.
    pub fn redact_str(&self, text: &str, style: RedactStyle) -> String {
        let mut out = Vec::with_capacity(text.len());
        // Writing to a Vec cannot fail, and every replacement is UTF-8.
        let _ = self.redact(text.as_bytes(), style, &mut out);
        String::from_utf8(out).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_in_place() {
        let scanner = Scanner::builder().max_findings(0).build().unwrap();
        let text = "マイナンバー：6214-9832-0257\n電話 03-1234-5678 まで。\n";
        let out = scanner.redact_str(text, RedactStyle::Masked);
        assert!(!out.contains("6214-9832"), "{out}");
        assert!(out.contains("****-****-0257"), "{out}");
        assert!(out.contains("まで。\n"), "{out}");
        assert!(!out.contains("1234-5678"), "{out}");
    }

    #[test]
    fn kind_style() {
        let scanner = Scanner::builder().build().unwrap();
        assert_eq!(scanner.redact_str("TEL 03-1234-5678", RedactStyle::Kind), "TEL [phone]");
    }
}

//! `mamori redact`: the input with every finding replaced by its masked form.

use mamori::{RedactStyle, Scanner};
use std::io::{self, Write};

/// What replaces a finding (the core's [`RedactStyle`], with command-line names).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Style {
    /// The masked value (`****-****-0257`, `090-****-5678`).
    #[default]
    Masked,
    /// The kind in brackets (`[my_number]`, `[phone]`, a custom rule's name).
    Kind,
}

/// Writes `input` with each finding's bytes replaced (see [`Scanner::redact`]); returns the
/// number replaced.
pub fn redact(
    scanner: &Scanner,
    input: &[u8],
    style: Style,
    out: &mut dyn Write,
) -> io::Result<u64> {
    let style = match style {
        Style::Masked => RedactStyle::Masked,
        Style::Kind => RedactStyle::Kind,
    };
    scanner.redact(input, style, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_in_place() {
        let scanner = Scanner::builder().max_findings(0).build().unwrap();
        let text = "マイナンバー：6214-9832-0257\n電話 03-1234-5678 まで。\n";
        let mut out = Vec::new();
        let n = redact(&scanner, text.as_bytes(), Style::Masked, &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert_eq!(n, 2);
        assert!(!out.contains("6214-9832"), "{out}");
        assert!(out.contains("****-****-0257"), "{out}");
        assert!(out.contains("まで。\n"), "{out}");
        assert!(!out.contains("1234-5678"), "{out}");
    }

    #[test]
    fn kind_style() {
        let scanner = Scanner::builder().build().unwrap();
        let mut out = Vec::new();
        redact(&scanner, "TEL 03-1234-5678".as_bytes(), Style::Kind, &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "TEL [phone]");
    }
}

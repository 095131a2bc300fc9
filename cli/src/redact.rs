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

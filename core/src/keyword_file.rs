//! The keyword-file format shared by the CLI and the bindings: one keyword per line, then
//! optional `label` and `severity` columns (tab- or comma-separated, CSV quoting), `#`
//! comments and blank lines ignored; UTF-8 (BOM optional), UTF-16 with a BOM, or Shift_JIS.
//!
//! ```
//! let text = "# 機密語\n社外秘\n\"Foo, Inc.\",取引先,high\nProject Orion\tcodename\n";
//! let list = mamori::parse_keyword_file(text.as_bytes())?;
//! assert_eq!(list.len(), 3);
//! assert_eq!(list[1].entry.text, "Foo, Inc.");
//! assert_eq!(list[1].entry.severity, mamori::Severity::High);
//! assert_eq!(list[2].line, 4);
//! # Ok::<(), mamori::KeywordFileError>(())
//! ```

use crate::config::KeywordEntry;
use crate::finding::Severity;

/// A keyword and the line of the file it came from (1-based).
#[derive(Clone, Debug, PartialEq)]
pub struct KeywordLine {
    pub entry: KeywordEntry,
    pub line: usize,
}

/// Why a keyword file could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum KeywordFileError {
    #[error("neither UTF-8, UTF-16 with a BOM nor Shift_JIS text")]
    Encoding,
    #[error("line {line}: {problem}")]
    Line { line: usize, problem: LineProblem },
}

/// What is wrong with one line of a keyword file.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum LineProblem {
    #[error("{0} columns; expected `keyword[,label[,severity]]` (quote a keyword that contains a comma)")]
    Columns(usize),
    #[error("empty keyword")]
    EmptyKeyword,
    #[error("column 3 (severity): {0}")]
    Severity(String),
}

/// Decodes text: UTF-8 (BOM optional), UTF-16 with a BOM, or Shift_JIS (Windows-31J).
/// Returns the text and the encoding's name.
pub fn decode_keyword_text(bytes: &[u8]) -> Option<(String, &'static str)> {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom..]);
        return (!had_errors).then(|| (text.into_owned(), enc.name()));
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Some((s.to_string(), "UTF-8"));
    }
    encoding_rs::SHIFT_JIS
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|s| (s.into_owned(), "Shift_JIS"))
}

/// Splits one line into columns: by tabs when it has one, else by commas with CSV quoting
/// (`"Foo, Inc.",取引先,high`).
fn split_columns(line: &str) -> Vec<String> {
    if line.contains('\t') {
        return line.split('\t').map(str::to_string).collect();
    }
    let mut cols = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' if quoted => quoted = false,
            '"' if cur.trim().is_empty() => {
                cur.clear();
                quoted = true;
            }
            ',' if !quoted => cols.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    cols.push(cur);
    cols
}

/// Reads a keyword list in the format above.
pub fn parse_keyword_file(bytes: &[u8]) -> Result<Vec<KeywordLine>, KeywordFileError> {
    let (text, _) = decode_keyword_text(bytes).ok_or(KeywordFileError::Encoding)?;
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let cols = split_columns(raw.trim_end_matches('\r'));
        if cols.len() > 3 {
            return Err(KeywordFileError::Line { line, problem: LineProblem::Columns(cols.len()) });
        }
        let keyword = cols[0].trim();
        if keyword.is_empty() {
            return Err(KeywordFileError::Line { line, problem: LineProblem::EmptyKeyword });
        }
        let label = cols.get(1).map(|s| s.trim()).filter(|s| !s.is_empty()).map(str::to_string);
        let severity = match cols.get(2).map(|s| s.trim()).filter(|s| !s.is_empty()) {
            None => Severity::Medium,
            Some(s) => s.parse::<Severity>().map_err(|e| KeywordFileError::Line {
                line,
                problem: LineProblem::Severity(e.to_string()),
            })?,
        };
        out.push(KeywordLine {
            entry: KeywordEntry { text: keyword.to_string(), label, severity },
            line,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns() {
        assert_eq!(split_columns("a,b,high"), ["a", "b", "high"]);
        assert_eq!(split_columns("\"Foo, Inc.\",x"), ["Foo, Inc.", "x"]);
        assert_eq!(split_columns("a\tb, c"), ["a", "b, c"]);
        assert_eq!(split_columns("社外秘"), ["社外秘"]);
    }

    #[test]
    fn shift_jis_and_errors() {
        let sjis = encoding_rs::SHIFT_JIS.encode("社外秘,confidential,high\n極秘\n").0;
        let list = parse_keyword_file(&sjis).unwrap();
        assert_eq!(list[0].entry.label.as_deref(), Some("confidential"));
        assert_eq!(list[1].entry.text, "極秘");
        let line = |line, problem| Err(KeywordFileError::Line { line, problem });
        assert_eq!(parse_keyword_file(b"a,b,c,d"), line(1, LineProblem::Columns(4)));
        assert_eq!(parse_keyword_file(b"\n ,x"), line(2, LineProblem::EmptyKeyword));
        let err = parse_keyword_file(b"a,b,urgent").unwrap_err();
        assert!(err.to_string().starts_with("line 1: column 3 (severity)"), "{err}");
        assert_eq!(parse_keyword_file(&[0x82, 0xff, 0xff]), Err(KeywordFileError::Encoding));
    }
}

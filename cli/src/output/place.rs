//! Where a finding is, the way a person reads it: the file (with the zip member or mail
//! attachment it is in, `documents.zip!報告書.docx`), the place inside that document
//! (`#顧客!C12`, `#page=2`, `#p=14`), and a line and column only where they help find it.

/// A location split into the file it is in and the place inside that file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place<'a> {
    /// The file from the scan root, members and attachments named: `mail.eml!見積.pdf`.
    pub file: &'a str,
    /// The place inside it, from its `#`: `#page=2`, `#顧客!C12`; empty for a whole text.
    pub inner: &'a str,
}

impl<'a> Place<'a> {
    /// Splits `location` at the first `#` after `file_location`, the scanned file's own
    /// location (whose `#` are escaped as `%23`; member names inside it are the core's and
    /// are taken as written).
    pub fn split(location: &'a str, file_location: &str) -> Place<'a> {
        let from = if location.starts_with(file_location) { file_location.len() } else { 0 };
        match location[from..].find('#') {
            Some(i) => Place { file: &location[..from + i], inner: &location[from + i..] },
            None => Place { file: location, inner: "" },
        }
    }
}

/// The line and column of a finding at `inner` (1-based, characters), where they mean
/// something: `42:7` in a text, `line 14` on a PDF page or a slide, nothing in a cell;
/// in a paragraph, a mail header or a comment (usually one line) `line N` from the
/// second line on.
pub fn position(inner: &str, line: u64, column: u64) -> String {
    if is_whole_text(inner) {
        format!("{line}:{column}")
    } else if is_cell(inner) {
        String::new()
    } else if inner.starts_with("#page=") || inner.starts_with("#slide=") || line > 1 {
        format!("line {line}")
    } else {
        String::new()
    }
}

/// A file read as text (decoded from another encoding, or a mail body): lines and columns
/// are those of the text.
fn is_whole_text(inner: &str) -> bool {
    inner.is_empty()
        || inner.starts_with("#enc=")
        || inner == "#body"
        || inner.strip_prefix("#body=").is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()))
}

/// A spreadsheet cell: `#Sheet1!B3`, `#顧客!C12`.
fn is_cell(inner: &str) -> bool {
    let Some((_, cell)) = inner.rsplit_once('!') else { return false };
    let letters = cell.bytes().take_while(u8::is_ascii_uppercase).count();
    let digits = &cell[letters..];
    (1..=3).contains(&letters) && !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_file_and_place() {
        let p = Place::split("営業部/顧客.zip!2024/名簿.xlsx#顧客!C12", "営業部/顧客.zip");
        assert_eq!(p, Place { file: "営業部/顧客.zip!2024/名簿.xlsx", inner: "#顧客!C12" });
        let p = Place::split("mail.eml!見積.pdf#page=2", "mail.eml");
        assert_eq!((p.file, p.inner), ("mail.eml!見積.pdf", "#page=2"));
        assert_eq!(Place::split("a/b.txt", "a/b.txt").inner, "");
        // An escaped `#` in the file's own path is no place.
        let p = Place::split("C%23/notes.txt#enc=Shift_JIS", "C%23/notes.txt");
        assert_eq!((p.file, p.inner), ("C%23/notes.txt", "#enc=Shift_JIS"));
    }

    #[test]
    fn lines_and_columns_only_where_they_help() {
        assert_eq!(position("", 42, 7), "42:7");
        assert_eq!(position("#enc=Shift_JIS", 2, 8), "2:8");
        assert_eq!(position("#body=2", 3, 1), "3:1");
        assert_eq!(position("#顧客!C12", 1, 1), "");
        assert_eq!(position("#Sheet1!AB300", 1, 1), "");
        assert_eq!(position("#page=2", 14, 30), "line 14");
        assert_eq!(position("#slide=2/notes", 1, 19), "line 1");
        assert_eq!(position("#p=14", 1, 10), "");
        assert_eq!(position("#From", 1, 13), "");
        assert_eq!(position("#顧客!A2/comment", 2, 4), "line 2");
        assert_eq!(position("#顧客!oddHeader", 1, 7), "");
    }
}

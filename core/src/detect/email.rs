//! E-mail addresses: ASCII or full-width (`ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ`), plus obfuscated
//! forms such as `taro [at] example.co.jp` or `taro（アット）example.co.jp` at low confidence.
//!
//! Local parts are read permissively (pre-2009 docomo/au addresses contain `..` and `.@`);
//! a terminal escape sequence before one (`\x1b[36mname@example.jp`) is a boundary, not part
//! of it. Domains need at least two labels and a plausible top-level label: one in the IANA
//! root zone list (`data/tld/`, compiled in), or 2 to 24 letters (a newer or internal TLD).
//! A common file extension is never one (`logo@2x.png`, `bundle@1.2.js`), even where IANA
//! has delegated it (`.zip`, `.mov`).

use super::{escape, Detection};
use crate::kind::Kind;
use crate::text::chars::{decode_at, decode_before, fold_ascii};

/// Labels of an address sit right next to it; a near window keeps context cheap.
pub const WINDOW: usize = 40;

pub const HOTWORDS: &[&str] = &["メール", "mail", "e-mail", "メアド", "アドレス", "連絡先", "✉"];

const MAX_LOCAL: usize = 64;
const MAX_DOMAIN: usize = 253;
/// Longest top-level label accepted when it is not on the IANA list.
const MAX_UNLISTED_TLD: usize = 24;

// The IANA top-level domains, sorted and lower-case (`static TLDS: [&str; N]`), generated
// by `build.rs` from `data/tld/tlds-alpha-by-domain.txt`.
include!(concat!(env!("OUT_DIR"), "/tlds.rs"));

/// File name extensions that end tokens such as `logo@2x.png` or `jquery@3.7.min.js`; sorted.
const FILE_EXTENSIONS: &[&str] = &[
    "7z", "aac", "apk", "asp", "aspx", "avi", "avif", "bak", "bin", "bmp", "bz2", "cjs", "class",
    "conf", "css", "csv", "dat", "db", "dll", "dmg", "doc", "docm", "docx", "eml", "eot", "exe",
    "flac", "gif", "gz", "heic", "htm", "html", "ico", "ini", "iso", "jar", "java", "jpeg", "jpg",
    "js", "json", "jsp", "jsx", "less", "lock", "log", "m4a", "mjs", "mkv", "mov", "mp3", "mp4",
    "mpeg", "mpg", "msg", "msi", "ogg", "otf", "pdf", "php", "png", "ppt", "pptm", "pptx", "psd",
    "rar", "sass", "scss", "sql", "sqlite", "svg", "swp", "tar", "tgz", "tif", "tiff", "tmp",
    "toml", "ts", "tsv", "tsx", "ttf", "txt", "vue", "wav", "webm", "webp", "woff", "woff2", "xls",
    "xlsm", "xlsx", "xml", "xz", "yaml", "yml", "zip",
];

/// Can `label` (lower-case ASCII) end a mail domain?
fn plausible_tld(label: &[u8]) -> bool {
    let Ok(label) = std::str::from_utf8(label) else { return false };
    if FILE_EXTENSIONS.binary_search(&label).is_ok() {
        return false;
    }
    TLDS.binary_search(&label).is_ok()
        || ((2..=MAX_UNLISTED_TLD).contains(&label.len())
            && label.bytes().all(|b| b.is_ascii_alphabetic()))
}

fn local_char(a: u8) -> bool {
    a.is_ascii_alphanumeric() || matches!(a, b'.' | b'_' | b'%' | b'+' | b'-')
}

/// Reads the local part ending at `end`; returns (start, lower-case ASCII local part).
fn read_local(buf: &[u8], end: usize) -> Option<(usize, Vec<u8>)> {
    let mut i = end;
    let mut local = Vec::new();
    while let Some((c, len)) = decode_before(buf, i) {
        match fold_ascii(c) {
            Some(a) if local_char(a) => {
                if local.len() == MAX_LOCAL {
                    return None; // too long to be an address: some other token
                }
                local.push(a.to_ascii_lowercase());
                i -= len;
            }
            _ => break,
        }
    }
    // The scan went back into an escape sequence (`\x1b[1;36mname`): start after it.
    if let Some(after) = escape::sequence_over(buf, i) {
        while i < after {
            local.pop()?;
            i += decode_at(buf, i).map_or(1, |(_, l)| l);
        }
    }
    // Do not start on a dot or hyphen left over from the surrounding text.
    while let Some(&first) = local.last() {
        if first == b'.' || first == b'-' {
            local.pop();
            i += decode_at(buf, i).map_or(1, |(_, l)| l);
        } else {
            break;
        }
    }
    local.reverse();
    (!local.is_empty()).then_some((i, local))
}

/// Reads the domain starting at `start`; returns (end, lower-case ASCII domain).
fn read_domain(buf: &[u8], start: usize) -> Option<(usize, Vec<u8>)> {
    let mut i = start;
    let mut dom = Vec::with_capacity(32);
    // Where the domain ends once trailing dots and hyphens are trimmed.
    let (mut keep_len, mut keep_end) = (0, start);
    while let Some((c, len)) = decode_at(buf, i) {
        match fold_ascii(c) {
            Some(a) if a.is_ascii_alphanumeric() || a == b'-' || a == b'.' => {
                if dom.len() == MAX_DOMAIN {
                    return None;
                }
                dom.push(a.to_ascii_lowercase());
                i += len;
                if a.is_ascii_alphanumeric() {
                    (keep_len, keep_end) = (dom.len(), i);
                }
            }
            _ => break,
        }
    }
    dom.truncate(keep_len);
    let mut labels = 0;
    let mut last: &[u8] = &[];
    for label in dom.split(|&b| b == b'.') {
        if label.is_empty() || label.len() > 63 || label[0] == b'-' {
            return None;
        }
        labels += 1;
        last = label;
    }
    if labels < 2 || !plausible_tld(last) {
        return None;
    }
    Some((keep_end, dom))
}

fn detection(
    start: usize,
    end: usize,
    local: Vec<u8>,
    domain: Vec<u8>,
    alone: f32,
    ctx: f32,
) -> Detection {
    let first = local.first().map_or('*', |&b| b as char);
    let masked = format!("{first}***@{}", String::from_utf8_lossy(&domain));
    let mut value = local;
    value.push(b'@');
    value.extend_from_slice(&domain);
    Detection {
        kind: Kind::Email,
        start,
        end,
        score_alone: Some(alone),
        score_context: ctx,
        weight: value.len(),
        value,
        masked,
        rule: None,
    }
}

/// An address around the `@` (or `＠`) at `at`, which is `at_len` bytes long.
pub fn detect_at(buf: &[u8], at: usize, at_len: usize) -> Option<Detection> {
    let (start, local) = read_local(buf, at)?;
    let (end, domain) = read_domain(buf, at + at_len)?;
    Some(detection(start, end, local, domain, 0.9, 0.9))
}

fn skip_spaces_back(buf: &[u8], mut i: usize) -> usize {
    while let Some((' ' | '\u{3000}', len)) = decode_before(buf, i) {
        i -= len;
    }
    i
}

fn skip_spaces(buf: &[u8], mut i: usize) -> usize {
    while let Some((' ' | '\u{3000}', len)) = decode_at(buf, i) {
        i += len;
    }
    i
}

/// An obfuscated address whose `at` word is closed by the bracket at `close`
/// (`)`, `]`, `）` or `］`, `close_len` bytes long): `name [at] example.co.jp`.
pub fn detect_obfuscated(buf: &[u8], close: usize, close_len: usize) -> Option<Detection> {
    // Cheap test first: brackets are common, "at" words inside them are not.
    let tail = &buf[..skip_spaces_back(buf, close)];
    let at_word =
        [&b"at"[..], b"AT", b"At", b"@", "＠".as_bytes(), "ト".as_bytes(), "ｔ".as_bytes()];
    if !at_word.iter().any(|w| tail.ends_with(w)) {
        return None;
    }
    // Inside the brackets: "at", "@" or "アット", optionally padded with spaces.
    let inner_end = skip_spaces_back(buf, close);
    let mut i = inner_end;
    let mut word = Vec::new();
    while let Some((c, len)) = decode_before(buf, i) {
        if matches!(c, '(' | '[' | '（' | '［' | '<' | '＜') || word.len() >= 4 {
            break;
        }
        word.push(c);
        i -= len;
    }
    word.reverse();
    let word: String = word.into_iter().collect();
    let word = word.trim_matches(|c| c == ' ' || c == '\u{3000}').to_ascii_lowercase();
    if !matches!(word.as_str(), "at" | "@" | "＠" | "アット" | "ａｔ") {
        return None;
    }
    let (_, open_len) = decode_before(buf, i)?;
    let open = i - open_len;
    let (start, local) = read_local(buf, skip_spaces_back(buf, open))?;
    let (end, domain) = read_domain(buf, skip_spaces(buf, close + close_len))?;
    Some(detection(start, end, local, domain, 0.35, 0.45))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(text: &str) -> Option<(String, String)> {
        let b = text.as_bytes();
        let d = if let Some(at) = text.find('@') {
            detect_at(b, at, 1)
        } else if let Some(at) = text.find('＠') {
            detect_at(b, at, 3)
        } else {
            let (k, c) = text.char_indices().find(|(_, c)| matches!(c, ']' | ')' | '］' | '）'))?;
            detect_obfuscated(b, k, c.len_utf8())
        }?;
        Some((text[d.start..d.end].to_string(), d.masked))
    }

    #[test]
    fn plain_and_full_width() {
        assert_eq!(
            find("連絡先：taro.yamada@example.co.jp まで"),
            Some(("taro.yamada@example.co.jp".into(), "t***@example.co.jp".into()))
        );
        assert_eq!(
            find("メールはｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐです").unwrap().1,
            "t***@example.jp"
        );
        assert_eq!(find("taro..yamada.@docomo.ne.jp。").unwrap().0, "taro..yamada.@docomo.ne.jp");
        assert!(find("@example.co.jp").is_none());
        assert!(find("taro@localhost").is_none());
        assert!(find("a@b.c1").is_none());
    }

    #[test]
    fn escape_sequences_are_boundaries() {
        let found = |text: &str| find(text).map(|(span, _)| span);
        assert_eq!(found("\x1b[36mname@example.jp\x1b[0m").as_deref(), Some("name@example.jp"));
        assert_eq!(found("\x1b[1;36mname@example.jp").as_deref(), Some("name@example.jp"));
        assert_eq!(found("\x1b(Bname@example.jp").as_deref(), Some("name@example.jp"));
        assert_eq!(found("\x1b[0m@example.jp"), None, "nothing but the sequence before `@`");
        // A window title is text: the address in it stands.
        assert_eq!(found("\x1b]0;taro@example.jp\x07").as_deref(), Some("taro@example.jp"));
        assert_eq!(found("\x07\x08taro@example.jp\x00").as_deref(), Some("taro@example.jp"));
    }

    #[test]
    fn file_names_are_not_addresses() {
        for text in
            ["logo@2x.png", "icon@3x.webp", "jquery@3.7.1.min.js", "photo@2x.JPG", "a@b.zip"]
        {
            assert_eq!(find(text), None, "{text}");
        }
    }

    #[test]
    fn top_level_labels() {
        assert!(FILE_EXTENSIONS.windows(2).all(|w| w[0] < w[1]), "sorted for binary search");
        assert!(TLDS.windows(2).all(|w| w[0] < w[1]), "sorted for binary search");
        assert_eq!(TLDS.len(), 1436, "the vendored IANA list");
        // File extensions IANA delegated all the same: refused on purpose.
        let delegated: Vec<&str> =
            FILE_EXTENSIONS.iter().copied().filter(|e| TLDS.contains(e)).collect();
        assert_eq!(delegated, ["java", "mov", "zip"]);
        // An IDN top-level domain in its ASCII form (.みんな), from the IANA list.
        assert!(find("info@example.xn--q9jyb4c").is_some());
        assert!(find("info@example.xn--zz9zz9z").is_none(), "not a delegated IDN TLD");
        assert!(find("a@example.abcdefghijklmnopqrstuvwxy").is_none(), "25 letters");
        assert!(find("a@example.abcdefghijklmnopqrstuvwx").is_some(), "24 letters");
    }

    /// Valid and invalid addresses from the test lists of the python-validators project
    /// (`tests/test_email.py`) and the python-email-validator project (`tests/test_syntax.py`),
    /// those with ASCII domains; this detector finds addresses in text, so the question is
    /// whether the whole address is reported.
    #[test]
    fn independent_lists() {
        for text in [
            "email@here.com",
            "weirder-email@here.and.there.com",
            "email@127.local.home.arpa",
            "example@valid-with-hyphens.com",
            "email@localhost.in",
            "email@localdomain.org",
            "Abc@example.tld",
            "Abc.123@test-example.com",
        ] {
            assert_eq!(find(text).map(|f| f.0).as_deref(), Some(text), "{text}");
        }
        for text in [
            "abc@bar",
            "abc@.com",
            "email@127.0.0.1",
            "example@-invalid.com",
            "my@localhost",
            "my@.leadingdot.com",
            "my@twodots..com",
            "me@bad-tld-1",
            "me@bad.tld-2",
            "@example.com",
        ] {
            assert_eq!(find(text), None, "{text}");
        }
    }

    #[test]
    fn obfuscated() {
        assert_eq!(find("hanako [at] example.co.jp").unwrap().0, "hanako [at] example.co.jp");
        assert_eq!(find("hanako（アット）example.co.jp").unwrap().1, "h***@example.co.jp");
        assert!(find("see (a) below").is_none());
    }
}

//! E-mail addresses: ASCII or full-width (`ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ`), plus obfuscated
//! forms such as `taro [at] example.co.jp` or `taro（アット）example.co.jp` at low confidence.
//!
//! Local parts are read permissively (pre-2009 docomo/au addresses contain `..` and `.@`);
//! domains need at least two labels and an alphabetic top-level label.

use super::Detection;
use crate::kind::Kind;
use crate::text::chars::{decode_at, decode_before, fold_ascii};

/// Labels of an address sit right next to it; a near window keeps context cheap.
pub const WINDOW: usize = 40;

pub const HOTWORDS: &[&str] = &["メール", "mail", "e-mail", "メアド", "アドレス", "連絡先", "✉"];

const MAX_LOCAL: usize = 64;
const MAX_DOMAIN: usize = 253;

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
    if labels < 2 || last.len() < 2 || !last.iter().all(u8::is_ascii_alphabetic) {
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
    fn obfuscated() {
        assert_eq!(find("hanako [at] example.co.jp").unwrap().0, "hanako [at] example.co.jp");
        assert_eq!(find("hanako（アット）example.co.jp").unwrap().1, "h***@example.co.jp");
        assert!(find("see (a) below").is_none());
    }
}

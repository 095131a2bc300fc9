//! E-mail addresses: ASCII or full-width (`ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ`), internationalised
//! (RFC 6531 local parts and RFC 5890 IDN domains: `山田@例え.jp`, `юзер@екзампл.ком`,
//! `a@xn--d1acufc.xn--p1ai`), quoted local parts (`"john smith"@example.org`), plus
//! obfuscated forms such as `taro [at] example.co.jp` or `taro（アット）example.co.jp` at low
//! confidence.
//!
//! Local parts are read permissively (pre-2009 docomo/au addresses contain `..` and `.@`);
//! a terminal escape sequence before one (`\x1b[36mname@example.jp`) is a boundary, not part
//! of it. Domains need at least two labels and a plausible top-level label: one in the IANA
//! root zone list (`data/tld/`, compiled in; an IDN label is looked up by its punycode form),
//! or 2 to 24 ASCII letters (a newer or internal TLD). A common file extension is never one
//! (`logo@2x.png`, `bundle@1.2.js`), even where IANA has delegated it (`.zip`, `.mov`).
//!
//! # Where an address in Japanese text starts and ends
//!
//! Japanese puts no space between words, so text touches an address on both sides
//! (`連絡先は山田@example.jpまで`), and kana and kanji are letters a Unicode local part or
//! IDN label may hold. The rules:
//!
//! - A local part is written in one script family: CJK (kanji, kana, hangul) or the
//!   alphabetic rest (Latin with accents, Cyrillic, Greek...). `メールはtaro@` starts at `t`.
//! - In a CJK local part, a hiragana followed by kanji or katakana ends the sentence before
//!   the address: particles (は, の, を, に, へ, で, と, も) and okurigana are hiragana, so
//!   `連絡先は山田@` starts at `山`. A local part that is hiragana and then kanji
//!   (`やまだ太郎@`) is cut the same way: the rule prefers a short span to a swallowed
//!   sentence. A label word glued in front (`メールアドレス山田@`, `連絡先山田@`) is cut off.
//!   A sentence with no such break (`宛先山田さま田中@`) still runs into the local part.
//! - The last domain label ends where CJK and other letters meet (`example.jpまで` ends
//!   after `jp`); a CJK top-level label followed by more CJK text (`例え.みんなです`) is cut to
//!   its longest prefix on the IANA list.
//!
//! Addresses with a non-ASCII local part score lower (0.8): their start is a guess in text.

use super::{escape, Detection};
use crate::kind::Kind;
use crate::text::chars::{decode_at, decode_before, fold_ascii};

/// Labels of an address sit right next to it; a near window keeps context cheap.
pub const WINDOW: usize = 40;

pub const HOTWORDS: &[&str] = &["メール", "mail", "e-mail", "メアド", "アドレス", "連絡先", "✉"];

/// Most bytes of a local part (RFC 5321, kept for UTF-8 local parts by RFC 6531).
const MAX_LOCAL: usize = 64;
const MAX_DOMAIN: usize = 253;
/// Longest top-level label accepted when it is not on the IANA list.
const MAX_UNLISTED_TLD: usize = 24;
/// Label words that text glues in front of a CJK local part (`連絡先山田@`), longest first.
const LABELS_BEFORE: [&str; 10] = [
    "メールアドレス",
    "問い合わせ先",
    "問合せ先",
    "連絡先",
    "送信先",
    "返信先",
    "アドレス",
    "メアド",
    "メール",
    "宛先",
];

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

/// Is the non-ASCII `label` an IDN top-level domain on the IANA list (by its punycode form)?
fn listed_idn_tld(label: &str) -> bool {
    match idna::domain_to_ascii_cow(label.as_bytes(), idna::AsciiDenyList::STD3) {
        Ok(ascii) => ascii.starts_with("xn--") && TLDS.binary_search(&ascii.as_ref()).is_ok(),
        Err(_) => false,
    }
}

fn local_char(a: u8) -> bool {
    a.is_ascii_alphanumeric() || matches!(a, b'.' | b'_' | b'%' | b'+' | b'-')
}

/// The script family of a letter, for where an address meets the text around it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Script {
    /// Kanji, kana and hangul: written without spaces between words.
    Cjk,
    /// Everything else: ASCII (either width), Latin with accents, Cyrillic, Greek...
    Alphabetic,
}

fn is_hiragana(c: char) -> bool {
    ('\u{3041}'..='\u{309F}').contains(&c)
}

fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3005}'..='\u{3007}'       // 々 〆 〇
        | '\u{3041}'..='\u{3096}'     // hiragana
        | '\u{309D}'..='\u{309F}'     // ゝ ゞ ゟ
        | '\u{30A1}'..='\u{30FA}'     // katakana
        | '\u{30FC}'..='\u{30FF}'     // ー ヽ ヾ ヿ
        | '\u{31F0}'..='\u{31FF}'     // katakana extensions
        | '\u{3400}'..='\u{4DBF}'     // CJK extension A
        | '\u{4E00}'..='\u{9FFF}'     // CJK unified ideographs
        | '\u{AC00}'..='\u{D7AF}'     // hangul syllables
        | '\u{F900}'..='\u{FAFF}'     // compatibility ideographs
        | '\u{FF66}'..='\u{FF9F}'     // half-width katakana
        | '\u{20000}'..='\u{3FFFF}') // CJK extensions B and later
}

/// Combining marks (the virama of `परीक्षा`): part of the letter before them.
fn is_mark(c: char) -> bool {
    use icu_properties::props::{GeneralCategory, GeneralCategoryGroup};
    let gc = icu_properties::CodePointMapData::<GeneralCategory>::new().get(c);
    GeneralCategoryGroup::Mark.contains(gc)
}

/// A character's script if it may be in an address (a local part or a domain label), its
/// ASCII form when it has one (full-width letters fold), else `None`.
fn address_char(c: char) -> Option<(Script, Option<u8>)> {
    if let Some(a) = fold_ascii(c) {
        return Some((Script::Alphabetic, Some(a)));
    }
    if is_cjk(c) {
        Some((Script::Cjk, None))
    } else if c.is_alphabetic() || is_mark(c) {
        Some((Script::Alphabetic, None))
    } else {
        None
    }
}

/// The local part ending at `end`: (start, normalised local part, all ASCII).
fn read_local(buf: &[u8], end: usize) -> Option<(usize, String, bool)> {
    if let Some(('"' | '＂', _)) = decode_before(buf, end) {
        return read_quoted(buf, end);
    }
    let mut i = end;
    // Characters from the `@` backwards, each with its start offset.
    let mut chars: Vec<(char, usize)> = Vec::new();
    let mut script = None;
    let mut bytes = 0;
    while let Some((c, len)) = decode_before(buf, i) {
        let Some((s, ascii)) = address_char(c) else { break };
        if ascii.is_some_and(|a| !local_char(a)) || script.is_some_and(|t| t != s) {
            break;
        }
        if s == Script::Cjk {
            // A hiragana before a kanji or katakana: the sentence before the address.
            if is_hiragana(c) && chars.last().is_some_and(|&(n, _)| !is_hiragana(n)) {
                break;
            }
        }
        let folded = ascii.map_or(c, char::from);
        if bytes + folded.len_utf8() > MAX_LOCAL {
            if s == Script::Alphabetic {
                return None; // too long to be an address: some other token
            }
            break; // a CJK run: keep the part nearest the `@`
        }
        script = Some(s);
        bytes += folded.len_utf8();
        i -= len;
        chars.push((folded, i));
    }
    // The scan went back into an escape sequence (`\x1b[1;36mname`): start after it.
    if let Some(after) = escape::sequence_over(buf, i) {
        while chars.last().is_some_and(|&(_, at)| at < after) {
            chars.pop();
        }
        i = chars.last().map_or(end, |&(_, at)| at);
    }
    // Do not start on a dot or hyphen left over from the surrounding text.
    while chars.last().is_some_and(|&(c, _)| c == '.' || c == '-') {
        chars.pop();
        i = chars.last().map_or(end, |&(_, at)| at);
    }
    chars.reverse();
    let mut local: String = chars.iter().map(|&(c, _)| c).collect();
    if script == Some(Script::Cjk) {
        if let Some(label) = LABELS_BEFORE.iter().find(|l| local.starts_with(**l)) {
            if local.len() > label.len() {
                i += label.len();
                local.drain(..label.len());
            }
        }
    }
    if local.is_empty() {
        return None;
    }
    let ascii = local.is_ascii();
    let local = if ascii { local.to_ascii_lowercase() } else { local.to_lowercase() };
    Some((i, local, ascii))
}

/// A quoted local part (`"john smith"@`) ending at `end` (just past its closing quote).
fn read_quoted(buf: &[u8], end: usize) -> Option<(usize, String, bool)> {
    let (_, close_len) = decode_before(buf, end)?;
    let mut i = end - close_len;
    let content_end = i;
    loop {
        let (c, len) = decode_before(buf, i)?;
        if content_end - i > MAX_LOCAL || c == '\n' || c == '\r' {
            return None;
        }
        i -= len;
        if matches!(c, '"' | '＂') && !matches!(decode_before(buf, i), Some(('\\', _))) {
            break;
        }
    }
    let open_len = decode_at(buf, i)?.1;
    let content = std::str::from_utf8(&buf[i + open_len..content_end]).ok()?;
    if content.trim().is_empty() {
        return None;
    }
    Some((i, format!("\"{}\"", content.to_lowercase()), content.is_ascii()))
}

/// A domain read after the `@`.
struct Domain {
    end: usize,
    /// As written, lower-case (for the masked form).
    shown: String,
    /// The ASCII (punycode) form, for the value.
    ascii: String,
}

/// Reads the domain starting at `start`.
fn read_domain(buf: &[u8], start: usize) -> Option<Domain> {
    let mut i = start;
    // The domain's characters (ASCII folded) and their end offsets.
    let mut chars: Vec<(char, Script, usize)> = Vec::with_capacity(32);
    let mut bytes = 0;
    while let Some((c, len)) = decode_at(buf, i) {
        let Some((script, ascii)) = address_char(c) else { break };
        let c = match ascii {
            Some(a) if a.is_ascii_alphanumeric() || a == b'-' || a == b'.' => a as char,
            Some(_) => break,
            None => c,
        };
        bytes += c.len_utf8();
        if bytes > MAX_DOMAIN {
            return None;
        }
        i += len;
        chars.push((c, script, i));
    }
    // A label after the first ends where CJK and other letters meet (`example.jpまで`).
    let mut label_script = None;
    let mut dots = 0;
    for k in 0..chars.len() {
        let (c, script, _) = chars[k];
        if c == '.' {
            dots += 1;
            label_script = None;
        } else if dots > 0 && label_script.is_some_and(|s| s != script) {
            chars.truncate(k);
            break;
        } else {
            label_script = Some(script);
        }
    }
    // Trailing dots and hyphens belong to the sentence.
    while chars.last().is_some_and(|&(c, _, _)| c == '.' || c == '-') {
        chars.pop();
    }
    // One character for one (`İ` would lower to two), so `shown` and `chars` stay aligned.
    let lower = |c: char| {
        let mut l = c.to_lowercase();
        match (l.next(), l.next()) {
            (Some(one), None) => one,
            _ => c,
        }
    };
    let mut shown: String = chars.iter().map(|&(c, _, _)| lower(c)).collect();
    let labels: Vec<&str> = shown.split('.').collect();
    if labels.len() < 2
        || labels.iter().any(|l| l.is_empty() || l.starts_with('-') || l.chars().count() > 63)
    {
        return None;
    }
    let last = *labels.last()?;
    if last.is_ascii() {
        if !plausible_tld(last.as_bytes()) {
            return None;
        }
    } else {
        // Only IDN top-level domains IANA lists; a CJK one followed by CJK text is cut to
        // its longest listed prefix.
        let cut = (1..=last.chars().count())
            .rev()
            .map(|n| last.char_indices().nth(n).map_or(last.len(), |(b, _)| b))
            .find(|&b| listed_idn_tld(&last[..b]))?;
        let drop = last[cut..].chars().count();
        chars.truncate(chars.len() - drop);
        shown.truncate(shown.len() - (last.len() - cut));
    }
    let end = chars.last()?.2;
    let ascii = if shown.is_ascii() && !shown.contains("xn--") {
        shown.clone()
    } else {
        // IDN labels must convert (and `xn--` labels decode) under UTS 46.
        idna::domain_to_ascii_cow(shown.as_bytes(), idna::AsciiDenyList::STD3).ok()?.into_owned()
    };
    Some(Domain { end, shown, ascii })
}

fn detection(start: usize, local: String, domain: Domain, alone: f32, ctx: f32) -> Detection {
    let first = local.chars().find(|&c| c != '"').unwrap_or('*');
    let masked = format!("{first}***@{}", domain.shown);
    let mut value = local.into_bytes();
    value.push(b'@');
    value.extend_from_slice(domain.ascii.as_bytes());
    Detection {
        kind: Kind::Email,
        start,
        end: domain.end,
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
    let (start, local, ascii) = read_local(buf, at)?;
    let domain = read_domain(buf, at + at_len)?;
    let score = if ascii { 0.9 } else { 0.8 };
    Some(detection(start, local, domain, score, score))
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
    let (start, local, _) = read_local(buf, skip_spaces_back(buf, open))?;
    let domain = read_domain(buf, skip_spaces(buf, close + close_len))?;
    Some(detection(start, local, domain, 0.35, 0.45))
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

    fn span(text: &str) -> Option<String> {
        find(text).map(|f| f.0)
    }

    /// Internationalised addresses that python-email-validator accepts (its
    /// `tests/test_syntax.py`, `test_email_valid` and `test_email_valid_intl_local_part`) and
    /// the examples of Wikipedia's "Email address" article (section "Internationalization").
    /// A detector also needs the top-level label on the IANA list, so the addresses under
    /// `.商務`, `.ψομ` and `.ईन्फो` (accepted there without a deliverability check) and `.日本` (not
    /// delegated) are not found.
    #[test]
    fn internationalised_addresses() {
        for text in [
            "jeff@臺網中心.tw",
            "юзер@екзампл.ком",
            "葉士豪@臺網中心.tw",
            "葉士豪@臺網中心.台灣",
            "ñoñó@example.tld",
            "我買@example.tld",
            "甲斐黒川日本@example.tld",
            "чебурашкаящик-с-апельсинами.рф@example.tld",
            "उदाहरण.परीक्ष@domain.with.idn.tld",
            "ιωάννης@εεττ.gr",
            "Pelé@example.com",
            "我買@屋企.香港",
            "медведь@с-балалайкой.рф",
            "संपर्क@डाटामेल.भारत",
            "a@xn--d1acufc.xn--p1ai",
            "info@example.みんな",
        ] {
            assert_eq!(span(text).as_deref(), Some(text), "{text}");
        }
        // Unlisted IDN top-level labels.
        for text in [
            "伊昭傑@郵件.商務",
            "θσερ@εχαμπλε.ψομ",
            "राम@मोहन.ईन्फो",
            "二ノ宮@黒川.日本",
            "a@b.xn--zz9zz9z",
        ] {
            assert_eq!(span(text), None, "{text}");
        }
        // One script per local part: `jeff葉@` (valid for email-validator) starts at `葉`.
        assert_eq!(span("jeff葉@臺網中心.tw").as_deref(), Some("葉@臺網中心.tw"));
    }

    #[test]
    fn idn_values_use_the_punycode_domain() {
        let b = "葉士豪@臺網中心.台灣".as_bytes();
        let d = detect_at(b, "葉士豪".len(), 1).unwrap();
        assert_eq!(String::from_utf8(d.value).unwrap(), "葉士豪@xn--fiqq24b10vi0d.xn--kpry57d");
        assert_eq!(d.masked, "葉***@臺網中心.台灣");
        let d = detect_at("Ab@XN--P1AI.xn--p1ai".as_bytes(), 2, 1).unwrap();
        assert_eq!(String::from_utf8(d.value).unwrap(), "ab@xn--p1ai.xn--p1ai");
        assert_eq!(span("a@xn--zz.xn--p1ai"), None, "an xn-- label that does not decode");
    }

    /// python-email-validator's `test_email_valid_only_if_quoted_local_part` inputs.
    #[test]
    fn quoted_local_parts() {
        for text in [
            r#""unnecessarily.quoted.local.part"@example.com"#,
            r#""quoted..local.part"@example.com"#,
            r#""quoted with space"@example.com"#,
            r#""quoted.with.dquote\"@example.com"#,
            r#""unnecessarily.quoted.with.unicode.λ"@example.com"#,
            r#""quoted local part"@example.org"#,
        ] {
            assert_eq!(span(text).as_deref(), Some(text), "{text}");
        }
        let text = r#"宛先："山田 太郎"＠example.jp まで"#;
        assert_eq!(span(text).as_deref(), Some(r#""山田 太郎"＠example.jp"#));
        assert_eq!(span(r#""" @example.jp"#), None);
        assert_eq!(span("\"a\nb\"@example.jp"), None, "no line break inside quotes");
    }

    #[test]
    fn japanese_text_around_addresses() {
        for (text, want) in [
            ("連絡先は山田@example.jpまで", "山田@example.jp"),
            ("メールはtaro@example.jpへ", "taro@example.jp"),
            ("担当の佐藤花子@例え.jpです。", "佐藤花子@例え.jp"),
            ("メールアドレス山田@example.jp", "山田@example.jp"),
            ("連絡先：やまだ@example.jp", "やまだ@example.jp"),
            ("こちらのアドレス：ユーザー@example.jpに", "ユーザー@example.jp"),
            ("user@example.comまたはuser2@example.com", "user@example.com"),
            ("お問い合わせは info@example.みんなです", "info@example.みんな"),
            ("送り先ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐです", "ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ"),
            ("山田＠example.jp。", "山田＠example.jp"),
        ] {
            assert_eq!(span(text).as_deref(), Some(want), "{text}");
        }
        for text in ["単価＠500円", "山田さん@東京", "会議は10時@本社で", "＠ｊｐです"]
        {
            assert_eq!(span(text), None, "{text}");
        }
    }

    proptest::proptest! {
        /// Any text around an `@`: no panic, and a span inside the text holding the `@`.
        #[test]
        fn any_text_around_an_at(before in "\\PC{0,30}", after in "\\PC{0,30}") {
            let text = format!("{before}@{after}");
            if let Some(d) = detect_at(text.as_bytes(), before.len(), 1) {
                proptest::prop_assert!(d.start <= before.len() && d.end > before.len() + 1);
                proptest::prop_assert!(d.end <= text.len());
            }
        }
    }

    #[test]
    fn obfuscated() {
        assert_eq!(find("hanako [at] example.co.jp").unwrap().0, "hanako [at] example.co.jp");
        assert_eq!(find("hanako（アット）example.co.jp").unwrap().1, "h***@example.co.jp");
        assert!(find("see (a) below").is_none());
    }
}

//! Text in any Japanese-relevant encoding, and markup (HTML, XML, RTF) reduced to its text.
//!
//! Text that is not UTF-8 is decoded first; findings are then reported relative to the
//! decoded UTF-8 text, and the location says which encoding was decoded (`名簿.csv#enc=Shift_JIS`).
//! Markup is reduced to the text a reader sees, with the HTML attribute values that carry
//! data (links to `mailto:`/`tel:`, form values, `alt`, `title`, the author's `<meta>`) on
//! lines of their own; offsets are relative to that text.

use super::limits::{Budget, Limit};
use super::unit::Unit;
use super::{Cx, Stop};
use encoding_rs::{
    Decoder, DecoderResult, Encoding, EUC_JP, ISO_2022_JP, SHIFT_JIS, UTF_16BE, UTF_16LE, UTF_8,
};
use std::borrow::Cow;
use std::io::Read;

/// Bytes read and decoded at a time.
const CHUNK: usize = 64 * 1024;
/// Bytes looked at to guess an undeclared encoding.
const DETECT_LEN: usize = 64 * 1024;

/// How text is to be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Markup {
    Plain,
    Html,
    Xml,
    Rtf,
}

/// Guesses the encoding of `sample` (the start of the text). Returns the encoding and the
/// length of a byte-order mark to skip.
pub(crate) fn detect(sample: &[u8]) -> (&'static Encoding, usize) {
    if let Some((enc, bom)) = Encoding::for_bom(sample) {
        return (enc, bom);
    }
    if let Some(enc) = utf16_without_bom(sample) {
        return (enc, 0);
    }
    match std::str::from_utf8(sample) {
        Ok(s) => {
            if s.is_ascii() && has_iso2022_escape(sample) {
                return (ISO_2022_JP, 0);
            }
            return (UTF_8, 0);
        }
        // Cut inside a character at the end of the sample: still UTF-8.
        Err(e) if e.error_len().is_none() && e.valid_up_to() + 4 > sample.len() => {
            return (UTF_8, 0)
        }
        Err(_) => {}
    }
    if has_iso2022_escape(sample) && sample.iter().all(|&b| b < 0x80) {
        return (ISO_2022_JP, 0);
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Allow);
    det.feed(sample, true);
    let guess = det.guess(None, chardetng::Utf8Detection::Allow);
    if guess == SHIFT_JIS || guess == EUC_JP || guess == ISO_2022_JP || guess == UTF_8 {
        return (guess, 0);
    }
    // This engine looks for Japanese: when chardetng hesitates between CJK encodings, prefer
    // a Japanese one that decodes the sample without errors.
    let cjk = ["GBK", "gb18030", "Big5", "EUC-KR"];
    if cjk.contains(&guess.name()) {
        for cand in [SHIFT_JIS, EUC_JP] {
            if decodes_cleanly(cand, sample) {
                return (cand, 0);
            }
        }
    }
    (guess, 0)
}

fn has_iso2022_escape(b: &[u8]) -> bool {
    memchr::memmem::find(b, b"\x1b$B").is_some()
        || memchr::memmem::find(b, b"\x1b$@").is_some()
        || memchr::memmem::find(b, b"\x1b(J").is_some()
}

fn decodes_cleanly(enc: &'static Encoding, sample: &[u8]) -> bool {
    let mut d = enc.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(d.max_utf8_buffer_length(sample.len()).unwrap_or(0));
    // A sample cut inside a character is fine: decode as not-last.
    let (res, _) = d.decode_to_string_without_replacement(sample, &mut out, false);
    !matches!(res, DecoderResult::Malformed(..))
}

fn utf16_without_bom(s: &[u8]) -> Option<&'static Encoding> {
    if s.len() < 8 {
        return None;
    }
    let half = s.len() / 2;
    let even = s.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd = s.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    if odd * 10 > half * 3 && even * 20 < half {
        Some(UTF_16LE)
    } else if even * 10 > half * 3 && odd * 20 < half {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Reads text from `reader` (whose first bytes are `head`), decodes it and scans it.
pub(crate) fn scan_text(
    cx: &mut Cx<'_>,
    head: &[u8],
    reader: &mut dyn Read,
    markup: Markup,
    location: Option<String>,
    declared: Option<&'static Encoding>,
) -> Result<(), Stop> {
    // Collect a detection sample: the head plus more of the stream.
    let mut sample = head.to_vec();
    if declared.is_none() && sample.len() < DETECT_LEN {
        let mut more = Vec::new();
        reader
            .take((DETECT_LEN - sample.len()) as u64)
            .read_to_end(&mut more)
            .map_err(Stop::Read)?;
        sample.extend_from_slice(&more);
    }
    let (enc, bom) = match declared {
        Some(e) => Encoding::for_bom(&sample).unwrap_or((e, 0)),
        None if markup == Markup::Rtf => (encoding_rs::WINDOWS_1252, 0),
        None => detect(&sample),
    };
    let location = if enc == UTF_8 || markup == Markup::Rtf {
        location
    } else {
        Some(format!("{}#enc={}", location.unwrap_or_default(), enc.name()))
    };
    let budget = cx.budget;
    let mut unit = Unit::new(cx, location);
    let result = if enc == UTF_8 && markup == Markup::Plain {
        // Plain UTF-8 needs no decoding: pass the bytes through (no validation or copy
        // into a String, and offsets are those of the file).
        unit.push_bytes(&sample[bom..])
            .map_err(Stop::Limit)
            .and_then(|_| pump_bytes(budget, reader, |b| unit.push_bytes(b).map_err(Stop::Limit)))
    } else if markup == Markup::Rtf {
        let mut rtf = Rtf::new();
        rtf.feed(&sample, &mut unit)
            .and_then(|_| pump_bytes(budget, reader, |b| rtf.feed(b, &mut unit)))
            .and_then(|_| rtf.finish(&mut unit).map_err(Stop::Limit))
    } else {
        let mut dec = enc.new_decoder_without_bom_handling();
        let mut strip = Stripper::new(markup);
        let mut out = String::new();
        let mut feed = |b: &[u8], last: bool, unit: &mut Unit<'_, '_>| -> Result<(), Stop> {
            decode_into(&mut dec, b, last, &mut out);
            strip.feed(&out, unit).map_err(Stop::Limit)?;
            out.clear();
            if last {
                strip.finish(unit).map_err(Stop::Limit)?;
            }
            Ok(())
        };
        feed(&sample[bom..], false, &mut unit)
            .and_then(|_| pump_bytes(budget, reader, |b| feed(b, false, &mut unit)))
            .and_then(|_| feed(&[], true, &mut unit))
    };
    unit.finish();
    result
}

/// Feeds `reader` to `f` chunk by chunk, checking the clock before each read: a slow source
/// or a small text (which never fills a scan batch, where the clock is also checked) still
/// stops at `max_time_ms`.
fn pump_bytes(
    budget: &Budget,
    reader: &mut dyn Read,
    mut f: impl FnMut(&[u8]) -> Result<(), Stop>,
) -> Result<(), Stop> {
    let mut buf = vec![0u8; CHUNK];
    loop {
        budget.check()?;
        let n = match reader.read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Stop::Read(e)),
        };
        f(&buf[..n])?;
    }
}

fn decode_into(dec: &mut Decoder, mut src: &[u8], last: bool, out: &mut String) {
    loop {
        let need = dec.max_utf8_buffer_length(src.len()).unwrap_or(src.len() * 3 + 16);
        out.reserve(need.max(16));
        let (res, read, _) = dec.decode_to_string(src, out, last);
        src = &src[read..];
        if res == encoding_rs::CoderResult::InputEmpty {
            break;
        }
    }
}

// ------------------------------------------------------------------------------ markup

/// HTML/XML to text: tags removed (block tags become line breaks, table cells tabs, so a
/// number split by inline tags such as `<span>` is joined again), entities and character
/// references decoded, comments and CDATA kept as text. DTD entities are never expanded.
///
/// In HTML, attribute values that carry data are text too: `mailto:` and `tel:` links
/// (percent-escapes decoded, scheme removed, each address and `?cc=`/`subject=` field on its
/// own), `value`, `alt`, `title`, and the `content` of `<meta name="author">`. Each is
/// written on a line of its own, after the element's text (at the tag for elements without
/// text: `<img>`, `<input>`), unless that text already shows it (`<a href="mailto:x@y">x@y</a>`
/// is one address, not two). Values longer than [`MAX_ATTR_BYTES`] are not read.
pub(crate) struct Stripper {
    markup: Markup,
    state: St,
    /// Tag name or entity being read.
    acc: String,
    closing: bool,
    /// The attribute being read (HTML): name, value, and whether the value was too long.
    attr_name: String,
    attr_value: String,
    attr_too_long: bool,
    /// Data values of the tag being read.
    tag_values: Vec<String>,
    /// `<meta>`: its `name` is `author`, and its `content`.
    meta_author: bool,
    meta_content: Option<String>,
    /// Values of an element waiting for its end tag, to be compared with its text.
    pending: Option<Pending>,
}

/// Longest attribute value read.
pub(crate) const MAX_ATTR_BYTES: usize = 4096;
/// Most data values taken from one tag.
const MAX_TAG_VALUES: usize = 8;
/// Element text kept (normalised) to tell whether it shows a value.
const MAX_SHOWN_BYTES: usize = 1024;

/// Data values of an element and the text it shows so far.
struct Pending {
    tag: String,
    values: Vec<String>,
    /// The element's text, normalised as [`normalise_into`] does.
    shown: String,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum St {
    Text,
    /// After `<`.
    Open,
    TagName,
    /// Between attributes.
    InTag,
    AttrName,
    AfterAttrName,
    BeforeValue,
    /// In an attribute value: quoted with the quote, or unquoted.
    Value(Option<char>),
    /// After `<!`, collecting to tell comments and CDATA from declarations.
    Bang,
    Comment(u8),
    CData(u8),
    Decl,
    Entity,
}

const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "tr",
    "table",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "hr",
    "section",
    "article",
    "header",
    "footer",
    "title",
    "address",
    "caption",
    "thead",
    "tbody",
    "tfoot",
    "body",
    "head",
    "html",
    "form",
    "fieldset",
    "nav",
    "aside",
    "main",
    "option",
];

/// Elements without content: their values are written at the tag.
const VOID_TAGS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

impl Stripper {
    pub fn new(markup: Markup) -> Self {
        Stripper {
            markup,
            state: St::Text,
            acc: String::new(),
            closing: false,
            attr_name: String::new(),
            attr_value: String::new(),
            attr_too_long: false,
            tag_values: Vec::new(),
            meta_author: false,
            meta_content: None,
            pending: None,
        }
    }

    /// Writes text the reader sees.
    fn text(&mut self, s: &str, unit: &mut Unit<'_, '_>) -> Result<(), Limit> {
        if let Some(p) = self.pending.as_mut() {
            normalise_into(&mut p.shown, s);
            if p.shown.len() > MAX_SHOWN_BYTES {
                self.flush_pending(unit)?;
            }
        }
        unit.push(s)
    }

    fn text_char(&mut self, c: char, unit: &mut Unit<'_, '_>) -> Result<(), Limit> {
        let mut b = [0u8; 4];
        self.text(c.encode_utf8(&mut b), unit)
    }

    /// Writes the values of the pending element its text did not show.
    fn flush_pending(&mut self, unit: &mut Unit<'_, '_>) -> Result<(), Limit> {
        let Some(p) = self.pending.take() else { return Ok(()) };
        for v in &p.values {
            if !shows(&p.shown, v) {
                write_value(v, unit)?;
            }
        }
        Ok(())
    }

    /// The end of the input: values still waiting are written.
    pub fn finish(&mut self, unit: &mut Unit<'_, '_>) -> Result<(), Limit> {
        self.flush_pending(unit)
    }

    fn tag_done(&mut self, unit: &mut Unit<'_, '_>) -> Result<(), Limit> {
        let name = self.acc.to_ascii_lowercase();
        self.acc.clear();
        match self.markup {
            Markup::Html => {
                if name == "td" || name == "th" {
                    if self.closing {
                        unit.push("\t")?;
                    }
                } else if BLOCK_TAGS.contains(&name.as_str()) {
                    unit.push("\n")?;
                }
                self.tag_values_done(&name, unit)?;
            }
            _ => {
                if self.closing {
                    unit.push("\t")?;
                }
            }
        }
        Ok(())
    }

    /// Writes or holds the data values of an HTML tag that just ended.
    fn tag_values_done(&mut self, name: &str, unit: &mut Unit<'_, '_>) -> Result<(), Limit> {
        let mut values = std::mem::take(&mut self.tag_values);
        let meta_content = self.meta_content.take();
        if std::mem::take(&mut self.meta_author) && name == "meta" {
            values.extend(meta_content);
        }
        if self.closing {
            if self.pending.as_ref().is_some_and(|p| p.tag == name) {
                self.flush_pending(unit)?;
            }
            return Ok(());
        }
        if values.is_empty() {
            return Ok(());
        }
        if VOID_TAGS.contains(&name) {
            for v in &values {
                write_value(v, unit)?;
            }
        } else {
            self.flush_pending(unit)?;
            self.pending = Some(Pending { tag: name.to_string(), values, shown: String::new() });
        }
        Ok(())
    }

    /// Keeps an attribute that carries data (HTML).
    fn attr_done(&mut self) {
        let name = std::mem::take(&mut self.attr_name);
        let value = std::mem::take(&mut self.attr_value);
        let too_long = std::mem::replace(&mut self.attr_too_long, false);
        if self.markup != Markup::Html || too_long || self.closing {
            return;
        }
        let value = decode_entities(&value);
        let value = value.trim();
        match name.as_str() {
            "href" => {
                let room = MAX_TAG_VALUES.saturating_sub(self.tag_values.len());
                self.tag_values.extend(link_values(value).into_iter().take(room));
            }
            "value" | "alt" | "title"
                if !value.is_empty() && self.tag_values.len() < MAX_TAG_VALUES =>
            {
                self.tag_values.push(value.to_string());
            }
            "name" => self.meta_author = value.eq_ignore_ascii_case("author"),
            "content" if !value.is_empty() => self.meta_content = Some(value.to_string()),
            _ => {}
        }
    }

    /// Starts a tag: what the previous one left behind is cleared.
    fn tag_start(&mut self) {
        self.closing = false;
        self.acc.clear();
        self.attr_name.clear();
        self.attr_value.clear();
        self.attr_too_long = false;
        self.tag_values.clear();
        self.meta_author = false;
        self.meta_content = None;
    }

    fn value_char(&mut self, c: char) {
        if self.markup != Markup::Html || self.attr_too_long {
            return;
        }
        if self.attr_value.len() + c.len_utf8() > MAX_ATTR_BYTES {
            self.attr_too_long = true;
            self.attr_value.clear();
        } else {
            self.attr_value.push(c);
        }
    }

    pub fn feed(&mut self, text: &str, unit: &mut Unit<'_, '_>) -> Result<(), Limit> {
        if self.markup == Markup::Plain {
            return unit.push(text);
        }
        let mut run_start: Option<usize> = None;
        for (i, c) in text.char_indices() {
            if self.state == St::Text && c != '<' && c != '&' {
                run_start.get_or_insert(i);
                continue;
            }
            if let Some(s) = run_start.take() {
                self.text(&text[s..i], unit)?;
            }
            self.step(c, unit)?;
        }
        if let Some(s) = run_start {
            self.text(&text[s..], unit)?;
        }
        Ok(())
    }

    fn step(&mut self, c: char, unit: &mut Unit<'_, '_>) -> Result<(), Limit> {
        match self.state {
            St::Text => match c {
                '<' => {
                    self.state = St::Open;
                    self.tag_start();
                }
                '&' => {
                    self.state = St::Entity;
                    self.acc.clear();
                }
                _ => self.text_char(c, unit)?,
            },
            St::Open => match c {
                '/' => {
                    self.closing = true;
                    self.state = St::TagName;
                }
                '!' => {
                    self.state = St::Bang;
                    self.acc.clear();
                }
                '?' => self.state = St::Decl,
                c if c.is_alphabetic() || c == '_' || c == ':' => {
                    self.acc.push(c);
                    self.state = St::TagName;
                }
                _ => {
                    // Not a tag: a lone `<` in text.
                    self.text("<", unit)?;
                    self.state = St::Text;
                    return self.step(c, unit);
                }
            },
            St::TagName => match c {
                '>' => {
                    self.state = St::Text;
                    self.tag_done(unit)?;
                }
                c if c.is_whitespace() || c == '/' => {
                    self.state = St::InTag;
                    if c == '/' && self.markup == Markup::Xml {
                        self.closing = true;
                    }
                }
                c => {
                    if self.acc.len() < 64 {
                        self.acc.push(c)
                    }
                }
            },
            St::InTag => match c {
                '>' => {
                    self.state = St::Text;
                    self.tag_done(unit)?;
                }
                // A value without a name: read and dropped.
                '"' | '\'' => self.state = St::Value(Some(c)),
                '/' if self.markup == Markup::Xml => self.closing = true,
                c if c.is_whitespace() || c == '/' || c == '=' => {}
                c => {
                    self.attr_name.clear();
                    self.attr_name.push(c.to_ascii_lowercase());
                    self.state = St::AttrName;
                }
            },
            St::AttrName => match c {
                '>' => {
                    self.attr_done();
                    self.state = St::Text;
                    self.tag_done(unit)?;
                }
                '=' => self.state = St::BeforeValue,
                c if c.is_whitespace() => self.state = St::AfterAttrName,
                '/' => {
                    self.attr_done();
                    self.state = St::InTag;
                    return self.step(c, unit);
                }
                c => {
                    if self.attr_name.len() < 32 {
                        self.attr_name.push(c.to_ascii_lowercase());
                    }
                }
            },
            St::AfterAttrName => match c {
                '=' => self.state = St::BeforeValue,
                c if c.is_whitespace() => {}
                c => {
                    // An attribute without a value; `c` starts the next one.
                    self.attr_done();
                    self.state = St::InTag;
                    return self.step(c, unit);
                }
            },
            St::BeforeValue => match c {
                '"' | '\'' => self.state = St::Value(Some(c)),
                '>' => {
                    self.attr_done();
                    self.state = St::Text;
                    self.tag_done(unit)?;
                }
                c if c.is_whitespace() => {}
                c => {
                    self.state = St::Value(None);
                    self.value_char(c);
                }
            },
            St::Value(Some(q)) => {
                if c == q {
                    self.attr_done();
                    self.state = St::InTag;
                } else {
                    self.value_char(c);
                }
            }
            St::Value(None) => match c {
                '>' => {
                    self.attr_done();
                    self.state = St::Text;
                    self.tag_done(unit)?;
                }
                c if c.is_whitespace() => {
                    self.attr_done();
                    self.state = St::InTag;
                }
                c => self.value_char(c),
            },
            St::Bang => {
                self.acc.push(c);
                if self.acc == "--" {
                    self.state = St::Comment(0);
                } else if self.acc == "[CDATA[" {
                    self.state = St::CData(0);
                } else if c == '>' {
                    self.state = St::Text;
                } else if !("--".starts_with(self.acc.as_str())
                    || "[CDATA[".starts_with(self.acc.as_str()))
                {
                    self.state = St::Decl;
                }
            }
            St::Comment(dashes) => match c {
                '-' => self.state = St::Comment((dashes + 1).min(2)),
                '>' if dashes >= 2 => {
                    self.state = St::Text;
                    unit.push("\n")?;
                }
                _ => {
                    for _ in 0..dashes {
                        self.text("-", unit)?;
                    }
                    self.text_char(c, unit)?;
                    self.state = St::Comment(0);
                }
            },
            St::CData(br) => match c {
                ']' => {
                    if br == 2 {
                        self.text("]", unit)?;
                    }
                    self.state = St::CData((br + 1).min(2));
                }
                '>' if br >= 2 => self.state = St::Text,
                _ => {
                    for _ in 0..br {
                        self.text("]", unit)?;
                    }
                    self.text_char(c, unit)?;
                    self.state = St::CData(0);
                }
            },
            St::Decl => {
                if c == '>' {
                    self.state = St::Text;
                }
            }
            St::Entity => {
                if c == ';' {
                    let name = std::mem::take(&mut self.acc);
                    self.state = St::Text;
                    match decode_entity(&name) {
                        Some(ch) => self.text_char(ch, unit)?,
                        None => {
                            self.text("&", unit)?;
                            self.text(&name, unit)?;
                            self.text(";", unit)?;
                        }
                    }
                } else if (c.is_ascii_alphanumeric() || c == '#') && self.acc.len() < 12 {
                    self.acc.push(c);
                } else {
                    // Not an entity: give back what was read.
                    let name = std::mem::take(&mut self.acc);
                    self.text("&", unit)?;
                    self.text(&name, unit)?;
                    self.state = St::Text;
                    return self.step(c, unit);
                }
            }
        }
        Ok(())
    }
}

/// Writes an attribute value on a line of its own.
fn write_value(v: &str, unit: &mut Unit<'_, '_>) -> Result<(), Limit> {
    unit.push("\n")?;
    unit.push(v)?;
    unit.push("\n")
}

/// Appends `s` reduced to what identifies a value: letters and digits (full-width folded,
/// lower-cased) and `@`; separators, blanks and punctuation dropped.
fn normalise_into(out: &mut String, s: &str) {
    for c in s.chars() {
        let c = match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            c => c,
        };
        if c.is_alphanumeric() || c == '@' {
            out.extend(c.to_lowercase());
        }
    }
}

/// Whether text (normalised) shows a value: `03-1234-5678` shows `tel:0312345678` and
/// `tel:+81-3-1234-5678`.
fn shows(shown: &str, value: &str) -> bool {
    let mut v = String::new();
    normalise_into(&mut v, value);
    if v.is_empty() || shown.contains(&v) {
        return true;
    }
    match (value.trim_start().starts_with("+81"), v.strip_prefix("81")) {
        (true, Some(national)) => shown.contains(&format!("0{national}")),
        _ => false,
    }
}

/// Whether `text` shows `value`, compared as [`shows`] does.
pub(crate) fn shown_in(text: &str, value: &str) -> bool {
    let mut shown = String::new();
    normalise_into(&mut shown, text);
    shows(&shown, value)
}

/// The data of a `mailto:` or `tel:` link: each address, each header field of a mailto
/// (`cc=...`, `subject=...`) and the number, percent-decoded. Other links carry none.
pub(crate) fn link_values(href: &str) -> Vec<String> {
    let href = href.trim();
    let Some((scheme, rest)) = href.split_once(':') else { return Vec::new() };
    let mut out = Vec::new();
    if scheme.eq_ignore_ascii_case("mailto") {
        let (to, fields) = rest.split_once('?').unwrap_or((rest, ""));
        for a in to.split(',') {
            out.push(percent_decode(a));
        }
        for f in fields.split('&') {
            out.push(percent_decode(f));
        }
    } else if scheme.eq_ignore_ascii_case("tel") {
        // `;ext=...`, `;phone-context=...` are parameters, not the number.
        out.push(percent_decode(rest.split(';').next().unwrap_or("")));
    }
    out.retain(|v| !v.trim().is_empty());
    out
}

/// `%XX` escapes decoded as UTF-8 (a malformed escape is kept as written).
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = |x: u8| (x as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Entities and character references in an attribute value decoded.
fn decode_entities(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let end = after.char_indices().take(13).find(|&(_, c)| c == ';').map(|(i, _)| i);
        match end.and_then(|e| decode_entity(&after[..e]).map(|c| (e, c))) {
            Some((e, c)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The character of an entity or character reference (without `&` and `;`).
pub(crate) fn decode_entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let v = if let Some(hex) = num.strip_prefix('x').or_else(|| num.strip_prefix('X')) {
            u32::from_str_radix(hex, 16).ok()?
        } else {
            num.parse().ok()?
        };
        return char::from_u32(v).filter(|&c| c != '\0');
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" | "ensp" | "emsp" | "thinsp" => ' ',
        "yen" => '¥',
        "copy" => '©',
        "reg" => '®',
        "ndash" => '–',
        "mdash" => '—',
        "minus" => '−',
        "hyphen" => '‐',
        "shy" => '\u{ad}',
        "hellip" => '…',
        "middot" => '·',
        "times" => '×',
        "divide" => '÷',
        "laquo" => '«',
        "raquo" => '»',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "bull" => '•',
        "deg" => '°',
        "plusmn" => '±',
        "sect" => '§',
        "para" => '¶',
        "trade" => '™',
        "euro" => '€',
        "pound" => '£',
        "cent" => '¢',
        "zwnj" => '\u{200c}',
        "zwj" => '\u{200d}',
        _ => return None,
    })
}

// ------------------------------------------------------------------------------ RTF

/// RTF to text: control words and non-text destinations (font tables, pictures, objects,
/// field instructions) dropped, `\'hh` bytes decoded in the document's code page, `\uN`
/// characters with their fallbacks skipped, paragraphs and cells as line breaks and tabs.
struct Rtf {
    state: RtfSt,
    word: Vec<u8>,
    param: Vec<u8>,
    hex: u8,
    /// Per group: skipped destination, `\ucN`.
    stack: Vec<(bool, u32)>,
    /// Groups opened past [`MAX_RTF_DEPTH`]: they share the deepest saved state, and their
    /// closing braces pop nothing, so a deep file neither leaks nor hides text.
    untracked: usize,
    /// The untracked group (counted as in `untracked`) that started skipping a destination:
    /// its closing brace ends the skip, as popping its saved state would.
    untracked_skip: Option<usize>,
    skip: bool,
    uc: u32,
    /// Fallback characters still to skip after a `\uN`.
    skip_chars: u32,
    /// A `\*` was seen: the next control word starts an ignorable destination.
    star: bool,
    /// First control word of the group (destinations are named first).
    group_start: bool,
    dec: Decoder,
    bytes: Vec<u8>,
    out: String,
    /// A high surrogate waiting for its pair.
    high: Option<u16>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum RtfSt {
    Text,
    Slash,
    Word,
    Param,
    Hex1,
    Hex2,
}

const SKIP_DESTINATIONS: &[&[u8]] = &[
    b"fonttbl",
    b"colortbl",
    b"stylesheet",
    b"pict",
    b"object",
    b"objdata",
    b"themedata",
    b"colorschememapping",
    b"datastore",
    b"latentstyles",
    b"listtable",
    b"listoverridetable",
    b"rsidtbl",
    b"xmlnstbl",
    b"generator",
    b"fldinst",
    b"bkmkstart",
    b"bkmkend",
    b"mmathPr",
    b"filetbl",
    b"revtbl",
    b"pgdsctbl",
    b"wgrffmtfilter",
    b"shppict",
    b"nonshppict",
    b"blipuid",
    b"datafield",
    b"fontemb",
    b"fontfile",
    b"panose",
    b"falt",
];

const MAX_RTF_DEPTH: usize = 4096;

impl Rtf {
    fn new() -> Self {
        Rtf {
            state: RtfSt::Text,
            word: Vec::new(),
            param: Vec::new(),
            hex: 0,
            stack: Vec::new(),
            untracked: 0,
            untracked_skip: None,
            skip: false,
            uc: 1,
            skip_chars: 0,
            star: false,
            group_start: false,
            dec: encoding_rs::WINDOWS_1252.new_decoder_without_bom_handling(),
            bytes: Vec::new(),
            out: String::new(),
            high: None,
        }
    }

    fn flush(&mut self, unit: &mut Unit<'_, '_>, last: bool) -> Result<(), Limit> {
        if !self.bytes.is_empty() || last {
            let bytes = std::mem::take(&mut self.bytes);
            decode_into(&mut self.dec, &bytes, last, &mut self.out);
        }
        if !self.out.is_empty() {
            unit.push(&self.out)?;
            self.out.clear();
        }
        Ok(())
    }

    fn text_byte(&mut self, b: u8) {
        if self.skip {
            return;
        }
        if self.skip_chars > 0 {
            self.skip_chars -= 1;
            return;
        }
        self.bytes.push(b);
    }

    fn emit(&mut self, s: &str, unit: &mut Unit<'_, '_>) -> Result<(), Limit> {
        if self.skip {
            return Ok(());
        }
        self.flush(unit, false)?;
        unit.push(s)
    }

    fn control_word(&mut self, unit: &mut Unit<'_, '_>) -> Result<(), Limit> {
        let word = std::mem::take(&mut self.word);
        let param: Option<i64> = std::str::from_utf8(&self.param).ok().and_then(|p| p.parse().ok());
        self.param.clear();
        let first = std::mem::replace(&mut self.group_start, false);
        let star = std::mem::replace(&mut self.star, false);
        // `{\*\dest ...}` is an ignorable destination; named destinations we know carry no
        // text are dropped too.
        if star || (first && SKIP_DESTINATIONS.contains(&word.as_slice())) {
            if !self.skip && self.untracked > 0 {
                self.untracked_skip = Some(self.untracked);
            }
            self.skip = true;
            return Ok(());
        }
        match word.as_slice() {
            b"par" | b"line" | b"sect" | b"page" | b"row" => self.emit("\n", unit)?,
            b"tab" | b"cell" => self.emit("\t", unit)?,
            b"emdash" => self.emit("—", unit)?,
            b"endash" => self.emit("–", unit)?,
            b"lquote" => self.emit("‘", unit)?,
            b"rquote" => self.emit("’", unit)?,
            b"ldblquote" => self.emit("“", unit)?,
            b"rdblquote" => self.emit("”", unit)?,
            b"bullet" => self.emit("•", unit)?,
            b"uc" => self.uc = param.unwrap_or(1).clamp(0, 16) as u32,
            b"ansicpg" => {
                let enc = match param.unwrap_or(1252) {
                    932 => SHIFT_JIS,
                    65001 => UTF_8,
                    n => encoding_rs::Encoding::for_label(format!("windows-{n}").as_bytes())
                        .or_else(|| encoding_rs::Encoding::for_label(format!("cp{n}").as_bytes()))
                        .unwrap_or(encoding_rs::WINDOWS_1252),
                };
                self.flush(unit, false)?;
                self.dec = enc.new_decoder_without_bom_handling();
            }
            b"u" if !self.skip => {
                let v = param.unwrap_or(0);
                let u = if v < 0 { (v + 65536) as u16 } else { v as u16 };
                self.flush(unit, false)?;
                match (self.high.take(), u) {
                    (None, 0xD800..=0xDBFF) => self.high = Some(u),
                    (Some(h), 0xDC00..=0xDFFF) => {
                        let c = 0x10000 + (((h as u32) - 0xD800) << 10) + (u as u32 - 0xDC00);
                        if let Some(c) = char::from_u32(c) {
                            unit.push_char(c)?;
                        }
                    }
                    (_, u) => {
                        if let Some(c) = char::from_u32(u as u32) {
                            unit.push_char(c)?;
                        }
                    }
                }
                self.skip_chars = self.uc;
            }
            _ => {}
        }
        Ok(())
    }

    fn feed(&mut self, data: &[u8], unit: &mut Unit<'_, '_>) -> Result<(), Stop> {
        for &b in data {
            self.byte(b, unit).map_err(Stop::Limit)?;
        }
        // Keep what may continue in the next chunk; push decoded text out.
        if !self.skip {
            self.flush(unit, false).map_err(Stop::Limit)?;
        }
        Ok(())
    }

    fn byte(&mut self, b: u8, unit: &mut Unit<'_, '_>) -> Result<(), Limit> {
        match self.state {
            RtfSt::Text => match b {
                b'\\' => self.state = RtfSt::Slash,
                b'{' => {
                    if self.stack.len() < MAX_RTF_DEPTH {
                        self.stack.push((self.skip, self.uc));
                    } else {
                        self.untracked += 1;
                    }
                    self.group_start = true;
                    self.skip_chars = 0;
                }
                b'}' => {
                    if !self.skip {
                        self.flush(unit, false)?;
                    }
                    if self.untracked > 0 {
                        if self.untracked_skip == Some(self.untracked) {
                            self.untracked_skip = None;
                            self.skip = false;
                        }
                        self.untracked -= 1;
                    } else if let Some((skip, uc)) = self.stack.pop() {
                        self.skip = skip;
                        self.uc = uc;
                    }
                    self.skip_chars = 0;
                    self.group_start = false;
                }
                b'\r' | b'\n' => {}
                _ => {
                    self.group_start = false;
                    self.text_byte(b);
                }
            },
            RtfSt::Slash => match b {
                b'a'..=b'z' | b'A'..=b'Z' => {
                    self.word.clear();
                    self.word.push(b);
                    self.state = RtfSt::Word;
                }
                b'\'' => self.state = RtfSt::Hex1,
                b'*' => {
                    self.star = true;
                    self.state = RtfSt::Text;
                }
                b'~' => {
                    self.state = RtfSt::Text;
                    self.emit(" ", unit)?;
                }
                b'_' => {
                    self.state = RtfSt::Text;
                    self.emit("-", unit)?;
                }
                b'\n' | b'\r' => {
                    self.state = RtfSt::Text;
                    self.emit("\n", unit)?;
                }
                b'\\' | b'{' | b'}' => {
                    self.state = RtfSt::Text;
                    self.group_start = false;
                    self.text_byte(b);
                }
                _ => self.state = RtfSt::Text,
            },
            RtfSt::Word => match b {
                b'a'..=b'z' | b'A'..=b'Z' => {
                    if self.word.len() < 32 {
                        self.word.push(b);
                    }
                }
                b'-' | b'0'..=b'9' => {
                    self.param.clear();
                    self.param.push(b);
                    self.state = RtfSt::Param;
                }
                _ => {
                    self.state = RtfSt::Text;
                    self.control_word(unit)?;
                    if b != b' ' {
                        return self.byte(b, unit);
                    }
                }
            },
            RtfSt::Param => match b {
                b'0'..=b'9' => {
                    if self.param.len() < 12 {
                        self.param.push(b);
                    }
                }
                _ => {
                    self.state = RtfSt::Text;
                    self.control_word(unit)?;
                    if b != b' ' {
                        return self.byte(b, unit);
                    }
                }
            },
            RtfSt::Hex1 => {
                self.hex = hexval(b);
                self.state = RtfSt::Hex2;
            }
            RtfSt::Hex2 => {
                let v = self.hex << 4 | hexval(b);
                self.state = RtfSt::Text;
                self.group_start = false;
                self.text_byte(v);
            }
        }
        Ok(())
    }

    fn finish(&mut self, unit: &mut Unit<'_, '_>) -> Result<(), Limit> {
        if matches!(self.state, RtfSt::Word | RtfSt::Param) {
            self.state = RtfSt::Text;
            self.control_word(unit)?;
        }
        self.skip = false;
        self.flush(unit, true)
    }
}

fn hexval(b: u8) -> u8 {
    match b {
        b'0'..=b'9' => b - b'0',
        b'a'..=b'f' => b - b'a' + 10,
        b'A'..=b'F' => b - b'A' + 10,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_japanese_encodings() {
        let text = "顧客名簿：山田太郎様、電話番号は〇三の一二三四です。住所は東京都千代田区。";
        for enc in [SHIFT_JIS, EUC_JP, ISO_2022_JP] {
            let (bytes, _, _) = enc.encode(text);
            assert_eq!(detect(&bytes).0, enc, "{}", enc.name());
        }
        assert_eq!(detect(text.as_bytes()).0, UTF_8);
        let mut u16 = vec![0xff, 0xfe];
        u16.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(detect(&u16), (UTF_16LE, 2));
    }

    #[test]
    fn link_values_decoded() {
        assert_eq!(link_values("mailto:taro@example.co.jp"), ["taro@example.co.jp"]);
        assert_eq!(
            link_values("MAILTO:%E5%B1%B1%E7%94%B0@example.jp,b@x.jp?cc=c@x.jp&subject=%E4%BB%B6"),
            ["山田@example.jp", "b@x.jp", "cc=c@x.jp", "subject=件"]
        );
        assert_eq!(link_values(" tel:+81-3-1234-5678;ext=12"), ["+81-3-1234-5678"]);
        assert_eq!(link_values("tel:%2B81"), ["+81"]);
        assert!(link_values("https://example.jp/?a=03-1234-5678").is_empty());
        assert!(link_values("mailto:").is_empty());
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
    }

    #[test]
    fn shown_values() {
        let mut shown = String::new();
        normalise_into(&mut shown, "ＴＥＬ ０３-1234-5678 / Taro@Example.jp");
        assert!(shows(&shown, "03 1234 5678"));
        assert!(shows(&shown, "+81-3-1234-5678"));
        assert!(shows(&shown, "taro@example.jp"));
        assert!(!shows(&shown, "090-1234-5678"));
        assert!(!shows(&shown, "+81-90-1234-5678"));
    }

    #[test]
    fn attribute_entities() {
        assert_eq!(decode_entities("a&amp;b&#x40;c&bogus;&"), "a&b@c&bogus;&");
        assert_eq!(decode_entities("plain"), "plain");
    }

    /// The text an HTML document is scanned as, read back from the findings' offsets.
    fn html_findings(html: &str) -> Vec<(String, String)> {
        let scanner = crate::Scanner::builder().reveal_values(true).build().unwrap();
        let report = scanner.scan_bytes(html.as_bytes(), Some("a.html"));
        report
            .findings
            .iter()
            .map(|f| (f.kind.as_str().to_string(), f.text.clone().unwrap_or_default()))
            .collect()
    }

    #[test]
    fn html_attribute_values_are_text() {
        let found = html_findings(
            "<p>連絡は<a href=\"mailto:taro@example.co.jp\">メール</a>で。\
             <input type=text value='090-1234-5678'><img alt=\"マイナンバー 308201018670\"></p>",
        );
        assert!(found.contains(&("email".into(), "taro@example.co.jp".into())), "{found:?}");
        assert!(found.contains(&("phone".into(), "090-1234-5678".into())), "{found:?}");
        assert!(found.iter().any(|(k, _)| k == "my_number"), "{found:?}");
    }

    #[test]
    fn link_shown_as_its_text_counts_once() {
        let found = html_findings(
            "<a href=\"mailto:taro@example.co.jp\">taro@example.co.jp</a><br>\
             <a href=\"tel:+81-3-1234-5678\" title=\"03-1234-5678\">03-1234-5678</a>",
        );
        assert_eq!(found.iter().filter(|(k, _)| k == "email").count(), 1, "{found:?}");
        assert_eq!(found.iter().filter(|(k, _)| k == "phone").count(), 1, "{found:?}");
    }

    #[test]
    fn meta_author_and_long_values() {
        let long = format!("03-1234-5678 {}", "x".repeat(MAX_ATTR_BYTES));
        let found = html_findings(&format!(
            "<meta name=\"author\" content=\"taro@example.co.jp\">\
             <meta name=\"keywords\" content=\"hanako@example.co.jp\">\
             <input value=\"{long}\">"
        ));
        assert_eq!(found, [("email".to_string(), "taro@example.co.jp".to_string())]);
    }

    #[test]
    fn entities() {
        assert_eq!(decode_entity("#x30"), Some('0'));
        assert_eq!(decode_entity("#12354"), Some('あ'));
        assert_eq!(decode_entity("amp"), Some('&'));
        assert_eq!(decode_entity("bogus"), None);
    }
}

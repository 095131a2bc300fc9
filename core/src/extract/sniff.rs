//! Format detection: magic bytes first, the name only as a hint.

/// Bytes of an input looked at to decide its format.
pub(crate) const SNIFF_LEN: usize = 8 * 1024;

/// What an input is, as far as extraction is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
    /// Zip container (plain archive or OOXML; decided once the directory is read).
    Zip,
    Gzip,
    Bzip2,
    Xz,
    Tar,
    SevenZ,
    /// LZH/LHA (header levels 0 to 3).
    Lzh,
    /// RAR 4 or 5: listed, members not decompressed.
    Rar,
    /// OLE compound file: legacy Office, Outlook .msg, or an encrypted OOXML package.
    Cfb,
    Pdf,
    Eml,
    /// A mailbox: messages each after a `From ` line.
    Mbox,
    Html,
    Xml,
    Rtf,
    /// Plain text in some encoding (CSV, TSV, JSON, logs...).
    Text,
    /// A container or compression we do not read (zstd, cab, lzip).
    UnsupportedArchive(&'static str),
    /// Images, audio, video, fonts: no text to read without OCR.
    Media(&'static str),
    /// Binary data of no known kind (read as `strings` would: see `strings.rs`).
    Binary,
}

fn starts(b: &[u8], magic: &[u8]) -> bool {
    b.len() >= magic.len() && &b[..magic.len()] == magic
}

fn ext(name: Option<&str>) -> String {
    name.and_then(|n| n.rsplit('/').next())
        .and_then(|n| n.rsplit_once('.'))
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default()
}

/// Is `head` a tar header block (checksum verified)?
pub(crate) fn is_tar_header(head: &[u8]) -> bool {
    if head.len() < 512 {
        return false;
    }
    let h = &head[..512];
    if &h[257..262] == b"ustar" {
        return true;
    }
    // Pre-POSIX tar: verify the header checksum.
    let field = &h[148..156];
    let digits: Vec<u8> = field
        .iter()
        .copied()
        .skip_while(|&c| c == b' ')
        .take_while(|c| (b'0'..=b'7').contains(c))
        .collect();
    if digits.is_empty() || h[0] == 0 {
        return false;
    }
    let want = digits.iter().fold(0u32, |a, &d| a.wrapping_mul(8).wrapping_add((d - b'0') as u32));
    let sum: u32 = h
        .iter()
        .enumerate()
        .map(|(i, &b)| if (148..156).contains(&i) { b' ' as u32 } else { b as u32 })
        .sum();
    sum == want
}

/// Is `head` an LZH/LHA member header: a `-lh?-`/`-lz?-` method at offset 2 and a header
/// level of 0 to 3 at offset 20?
pub(crate) fn is_lzh_header(head: &[u8]) -> bool {
    head.len() >= 22
        && head[2] == b'-'
        && head[3] == b'l'
        && matches!(head[4], b'h' | b'z')
        && head[5].is_ascii_alphanumeric()
        && head[6] == b'-'
        && head[20] <= 3
}

/// Decides the format of an input from its first bytes and, for ambiguous text, its name.
pub(crate) fn sniff(head: &[u8], name: Option<&str>) -> Format {
    let e = ext(name);
    if starts(head, b"PK\x03\x04") || starts(head, b"PK\x05\x06") || starts(head, b"PK\x07\x08") {
        return Format::Zip;
    }
    if starts(head, &[0x1f, 0x8b]) {
        return Format::Gzip;
    }
    if starts(head, &[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) {
        return Format::Cfb;
    }
    if is_tar_header(head) {
        return Format::Tar;
    }
    // "BZh" then the block size digit and the block magic (pi in BCD), or an empty stream.
    if head.len() >= 10
        && starts(head, b"BZh")
        && (b'1'..=b'9').contains(&head[3])
        && (&head[4..10] == b"\x31\x41\x59\x26\x53\x59"
            || &head[4..10] == b"\x17\x72\x45\x38\x50\x90")
    {
        return Format::Bzip2;
    }
    if is_lzh_header(head) {
        return Format::Lzh;
    }
    let magic: &[(&[u8], Format)] = &[
        (b"\xfd7zXZ\x00", Format::Xz),
        (b"7z\xbc\xaf\x27\x1c", Format::SevenZ),
        (b"Rar!\x1a\x07", Format::Rar),
        (b"\x28\xb5\x2f\xfd", Format::UnsupportedArchive("zstd")),
        (b"MSCF", Format::UnsupportedArchive("cab")),
        (b"LZIP", Format::UnsupportedArchive("lzip")),
        (b"\x89PNG\r\n\x1a\n", Format::Media("png")),
        (b"\xff\xd8\xff", Format::Media("jpeg")),
        (b"GIF87a", Format::Media("gif")),
        (b"GIF89a", Format::Media("gif")),
        (b"II*\x00", Format::Media("tiff")),
        (b"MM\x00*", Format::Media("tiff")),
        (b"ID3", Format::Media("mp3")),
        (b"OggS", Format::Media("ogg")),
        (b"fLaC", Format::Media("flac")),
        (b"wOFF", Format::Media("woff")),
        (b"wOF2", Format::Media("woff2")),
        (b"\x00\x01\x00\x00\x00", Format::Media("truetype font")),
        (b"OTTO", Format::Media("opentype font")),
        (b"{\\rtf", Format::Rtf),
    ];
    for (m, f) in magic {
        if starts(head, m) {
            return *f;
        }
    }
    if head.len() >= 12 && &head[..4] == b"RIFF" {
        return Format::Media("riff (webp, wav, avi)");
    }
    if head.len() >= 12 && &head[4..8] == b"ftyp" {
        return Format::Media("mp4/heic");
    }
    if head.len() >= 2 && &head[..2] == b"BM" && matches!(e.as_str(), "bmp" | "dib") {
        return Format::Media("bmp");
    }
    if let Some(p) = memchr::memmem::find(&head[..head.len().min(1024)], b"%PDF-") {
        if p == 0 || e == "pdf" || head[..p].iter().all(|&c| c.is_ascii()) {
            return Format::Pdf;
        }
    }
    if !looks_textual(head) {
        return Format::Binary;
    }
    // Text of some kind: markup and mail are recognised by content, then by name.
    let sample = text_sample(head);
    let lower = sample.trim_start_matches('\u{feff}').trim_start().to_ascii_lowercase();
    if lower.starts_with("{\\rtf") {
        return Format::Rtf;
    }
    if lower.starts_with("<!doctype html")
        || lower.starts_with("<html")
        || (lower.starts_with('<')
            && ["<html", "<body", "<head", "<div", "<table", "<p>", "<br"]
                .iter()
                .any(|t| lower.contains(t)))
    {
        return Format::Html;
    }
    if lower.starts_with("<?xml") {
        return if lower.contains("<html") { Format::Html } else { Format::Xml };
    }
    if sample.starts_with("From ") && looks_like_mail(sample.split_once('\n').map_or("", |x| x.1)) {
        return Format::Mbox;
    }
    if looks_like_mail(&sample) {
        return Format::Eml;
    }
    match e.as_str() {
        "html" | "htm" | "xhtml" => Format::Html,
        "xml" | "svg" => Format::Xml,
        "rtf" => Format::Rtf,
        "eml" | "mht" | "mhtml" if looks_like_headers(&sample) => Format::Eml,
        _ => Format::Text,
    }
}

/// The head as text for sniffing (UTF-16 turned into ASCII-ish by dropping zero bytes).
fn text_sample(head: &[u8]) -> String {
    let zeros = head.iter().filter(|&&b| b == 0).count();
    if zeros * 4 > head.len() {
        let b: Vec<u8> = head.iter().copied().filter(|&b| b != 0).collect();
        String::from_utf8_lossy(&b).into_owned()
    } else {
        String::from_utf8_lossy(head).into_owned()
    }
}

/// Text in any encoding: few control characters (UTF-16 is recognised by its zero bytes).
/// Terminal output counts as text (escape sequences, bell, backspace, shift in/out), and so
/// does text padded at its end with NUL bytes (preallocated logs, fixed-size records).
fn looks_textual(head: &[u8]) -> bool {
    if head.is_empty() {
        return true;
    }
    let head = match head.iter().rposition(|&b| b != 0) {
        // A run of NULs ending the head is padding when text precedes it.
        Some(last) if last + 1 < head.len() && head.len() - last > 16 => &head[..=last],
        Some(_) => head,
        None => return false,
    };
    if starts(head, b"\xff\xfe") || starts(head, b"\xfe\xff") || starts(head, b"\xef\xbb\xbf") {
        return true;
    }
    let n = head.len();
    let zeros_even = head.iter().step_by(2).filter(|&&b| b == 0).count();
    let zeros_odd = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    let half = n.div_ceil(2).max(1);
    if (zeros_odd * 10 > half * 3 && zeros_even * 20 < half)
        || (zeros_even * 10 > half * 3 && zeros_odd * 20 < half)
    {
        return true; // UTF-16 without BOM
    }
    let ctrl = head.iter().filter(|&&b| b < 0x20 && !terminal_control(b)).count();
    ctrl * 100 <= n
}

/// Control characters of text and terminal output: tab, line breaks, form feed, bell,
/// backspace, shift out/in, SUB (a DOS end of file) and ESC (escape sequences).
fn terminal_control(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\r' | 0x07 | 0x08 | 0x0b | 0x0c | 0x0e | 0x0f | 0x1a | 0x1b)
}

const MAIL_HEADERS: [&str; 9] = [
    "from:",
    "to:",
    "subject:",
    "date:",
    "mime-version:",
    "received:",
    "return-path:",
    "message-id:",
    "content-type:",
];

fn header_lines(sample: &str) -> impl Iterator<Item = &str> {
    sample.lines().take_while(|l| !l.trim().is_empty())
}

fn looks_like_headers(sample: &str) -> bool {
    let mut lines = header_lines(sample).peekable();
    let Some(first) = lines.peek() else { return false };
    first.split_once(':').is_some_and(|(k, _)| {
        !k.is_empty() && k.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-')
    })
}

/// A header block with at least two well-known mail headers.
fn looks_like_mail(sample: &str) -> bool {
    if !looks_like_headers(sample) {
        return false;
    }
    let known = header_lines(sample)
        .filter(|l| {
            let l = l.to_ascii_lowercase();
            MAIL_HEADERS.iter().any(|h| l.starts_with(h))
        })
        .count();
    known >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_wins_over_name() {
        assert_eq!(sniff(b"PK\x03\x04rest", Some("a.txt")), Format::Zip);
        assert_eq!(sniff(b"\x1f\x8b\x08", Some("a.csv")), Format::Gzip);
        assert_eq!(sniff(b"%PDF-1.7\n", None), Format::Pdf);
        assert_eq!(sniff(b"hello, world", Some("a.zip")), Format::Text);
    }

    #[test]
    fn markup_and_mail() {
        assert_eq!(sniff(b"<!DOCTYPE html><html>", None), Format::Html);
        assert_eq!(sniff(b"<?xml version=\"1.0\"?><a/>", None), Format::Xml);
        assert_eq!(sniff(b"{\\rtf1\\ansi", None), Format::Rtf);
        let mail = b"From: a@example.jp\r\nTo: b@example.jp\r\nSubject: x\r\n\r\nbody";
        assert_eq!(sniff(mail, None), Format::Eml);
        let mbox = b"From a@example.jp Sat Jan  1 00:00:00 2000\nFrom: a@example.jp\nTo: b@example.jp\n\nx";
        assert_eq!(sniff(mbox, None), Format::Mbox);
        assert_eq!(sniff(b"From here on, text.\nmore text\n", None), Format::Text);
        assert_eq!(sniff(b"name,phone\n", Some("x.csv")), Format::Text);
        assert_eq!(sniff(b"<p>x</p>", Some("x.html")), Format::Html);
    }

    #[test]
    fn utf16_without_bom_is_text() {
        let s: Vec<u8> = "電話 03-1234-5678".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        assert_eq!(sniff(&s, None), Format::Text);
    }

    #[test]
    fn terminal_output_and_padded_text() {
        let mut log = Vec::new();
        for i in 0..40 {
            // Colours, a window title ended by BEL, a progress bar redrawn with backspaces.
            let line =
                format!("\x1b]0;job {i}\x07\x1b[32mINFO\x1b[0m step {i} \x08\x08\x08 ok\r\n");
            log.extend_from_slice(line.as_bytes());
        }
        assert_eq!(sniff(&log, Some("build.log")), Format::Text);
        let mut padded = b"2024-01-01 start\n2024-01-01 end\n".to_vec();
        padded.resize(4096, 0);
        assert_eq!(sniff(&padded, None), Format::Text);
        let mut inside = vec![0u8; 2048];
        inside.extend_from_slice(b"6214 9832 0257");
        inside.resize(4096, 0);
        assert_eq!(sniff(&inside, None), Format::Binary, "NULs before the text: not padding");
        assert_eq!(sniff(&[0u8; 64], None), Format::Binary);
    }

    #[test]
    fn archives() {
        assert_eq!(sniff(b"BZh91AY&SY\x00\x00", Some("a.txt")), Format::Bzip2);
        assert_eq!(sniff(b"BZh is how this text starts", None), Format::Text);
        assert_eq!(sniff(b"\xfd7zXZ\x00\x00\x04", None), Format::Xz);
        assert_eq!(sniff(b"7z\xbc\xaf\x27\x1c\x00\x04", None), Format::SevenZ);
        assert_eq!(sniff(b"Rar!\x1a\x07\x01\x00", None), Format::Rar);
        let mut lzh = b"\x2c\x00-lh5-".to_vec();
        lzh.resize(20, 0);
        lzh.extend_from_slice(&[1, 0]);
        assert_eq!(sniff(&lzh, None), Format::Lzh);
    }

    #[test]
    fn binary() {
        assert_eq!(sniff(&[0u8, 1, 2, 3, 4, 5, 6, 7, 8, 9], None), Format::Binary);
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n....", None), Format::Media("png"));
    }
}

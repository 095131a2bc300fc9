//! Binary data of unknown format is read the way `strings` reads it, and listed as read
//! only in part; terminal output is text whose escape sequences are boundaries.

use mamori::{Action, Finding, Kind, Report, Scanner, UnscannableReason};

fn scanner() -> Scanner {
    Scanner::builder().build().unwrap()
}

fn reasons(r: &Report) -> Vec<UnscannableReason> {
    r.unscannable.iter().map(|u| u.reason).collect()
}

/// Bytes no reading takes for text: C0 controls other than tab and line breaks.
fn junk(n: usize) -> Vec<u8> {
    (0..n).map(|i| [0x01, 0x02, 0x03, 0x05, 0x11, 0x17, 0x1c][i % 7]).collect()
}

fn utf16le(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
}

/// (kind, location, start, end, masked) of every finding, by location and start.
fn summary(r: &Report) -> Vec<(Kind, String, usize, usize, String)> {
    let mut found: Vec<_> = r
        .findings
        .iter()
        .map(|f: &Finding| {
            (f.kind, f.location.clone().unwrap_or_default(), f.start, f.end, f.masked.clone())
        })
        .collect();
    found.sort_by(|a, b| (&a.1, a.2).cmp(&(&b.1, b.2)));
    found
}

#[test]
fn my_number_among_nul_bytes() {
    let label = "マイナンバー：";
    let mut data = vec![0u8; 5000];
    data.extend_from_slice(label.as_bytes());
    data.extend_from_slice(b"6214-9832-0257");
    data.resize(12_000, 0);
    let r = scanner().scan_bytes(&data, Some("disk.img"));
    assert_eq!(
        summary(&r),
        vec![(
            Kind::MyNumber,
            "disk.img#off=5000".to_string(),
            label.len(),
            label.len() + 14,
            "****-****-0257".to_string()
        )]
    );
    // Offsets in a UTF-8 run plus the run's offset are offsets in the file.
    let f = &r.findings[0];
    assert_eq!(&data[5000 + f.start..5000 + f.end], b"6214-9832-0257");
    assert_eq!(reasons(&r), vec![UnscannableReason::RawTextOnly]);
    assert_eq!(r.unscannable[0].location, "disk.img");
    assert!(r.unscannable[0].detail.contains("printable text runs"), "{:?}", r.unscannable);
    // Read only in part: the default policy holds it for review, whatever was found.
    let empty = scanner().scan_bytes(&[0u8; 10_000], Some("zeros.img"));
    assert!(empty.findings.is_empty());
    assert_eq!(reasons(&empty), vec![UnscannableReason::RawTextOnly]);
    assert_eq!(empty.verdict.action, Action::Review);
}

#[test]
fn utf16_string_table_inside_junk() {
    let mut data = junk(3001);
    let phone_at = data.len();
    data.extend_from_slice(&utf16le("電話 090-1234-5678\0"));
    data.extend_from_slice(&junk(77));
    let mail_at = data.len();
    data.extend_from_slice(&utf16le("taro.yamada@example.co.jp\0"));
    data.extend_from_slice(&junk(500));
    let r = scanner().scan_bytes(&data, Some("app.dat"));
    assert_eq!(
        summary(&r),
        vec![
            (
                Kind::Phone,
                format!("app.dat#off={phone_at},enc=UTF-16LE"),
                "電話 ".len(),
                "電話 090-1234-5678".len(),
                "090-****-5678".to_string()
            ),
            (
                Kind::Email,
                format!("app.dat#off={mail_at},enc=UTF-16LE"),
                0,
                "taro.yamada@example.co.jp".len(),
                "t***@example.co.jp".to_string()
            ),
        ]
    );
    assert_eq!(reasons(&r), vec![UnscannableReason::RawTextOnly]);
}

#[test]
fn shift_jis_text_inside_junk() {
    let text = "顧客 山田太郎 電話 03-1234-5678";
    let mut data = junk(100);
    data.extend_from_slice(&encoding_rs::SHIFT_JIS.encode(text).0);
    data.extend_from_slice(&junk(100));
    let r = scanner().scan_bytes(&data, Some("old.dat"));
    let phone: Vec<_> = summary(&r).into_iter().filter(|f| f.0 == Kind::Phone).collect();
    let start = "顧客 山田太郎 電話 ".len();
    assert_eq!(
        phone,
        vec![(
            Kind::Phone,
            "old.dat#off=100,enc=Shift_JIS".to_string(),
            start,
            start + 12,
            "03-****-5678".to_string()
        )]
    );
}

#[test]
fn streamed_like_in_memory() {
    let mut data = vec![0u8; 200_000];
    data.extend_from_slice(b"contact: hanako@example.jp, 090-1234-5678");
    data.extend_from_slice(&[0u8; 70_000]);
    data.extend_from_slice(&utf16le("tel 03-1234-5678"));
    data.extend_from_slice(&[0u8; 10]);
    let s = scanner();
    let in_memory = s.scan_bytes(&data, Some("x.bin"));
    // A reader that hands out a few bytes at a time.
    struct Slow<'a>(&'a [u8]);
    impl std::io::Read for Slow<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = buf.len().min(self.0.len()).min(1000);
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }
    let streamed = s.scan_reader(Slow(&data), Some("x.bin")).unwrap();
    assert_eq!(summary(&streamed), summary(&in_memory));
    assert_eq!(summary(&in_memory).len(), 3, "{:?}", summary(&in_memory));
    assert_eq!(reasons(&streamed), vec![UnscannableReason::RawTextOnly]);
}

#[test]
fn random_bytes_give_no_findings() {
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let noise: Vec<u8> = (0..1 << 20)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 32) as u8
        })
        .collect();
    let r = scanner().scan_bytes(&noise, Some("noise.bin"));
    assert_eq!(summary(&r), vec![]);
    assert_eq!(reasons(&r), vec![UnscannableReason::RawTextOnly]);
}

#[test]
fn ansi_coloured_log_is_text_with_boundaries() {
    let log = "2024-05-01 12:00:00 \x1b[1mINFO\x1b[0m user \x1b[36mname@example.jp\x1b[0m\n\
               2024-05-01 12:00:01 \x1b[1mINFO\x1b[0m tel \x1b[32m090-1234-5678\x1b[0m\n\
               2024-05-01 12:00:02 \x1b[1mINFO\x1b[0m fax \x1b[0m0312345678\x07\n";
    let r = scanner().scan_bytes(log.as_bytes(), Some("app.log"));
    assert!(r.unscannable.is_empty(), "{:?}", r.unscannable);
    let at = |s: &str| log.find(s).unwrap();
    let found = summary(&r);
    let expect = [
        (Kind::Email, at("name@"), at("name@") + 15, "n***@example.jp"),
        (Kind::Phone, at("090-"), at("090-") + 13, "090-****-5678"),
        (Kind::Phone, at("0312345678"), at("0312345678") + 10, "03-****-5678"),
    ];
    assert_eq!(found.len(), expect.len(), "{found:?}");
    for ((kind, loc, start, end, masked), (k, s, e, m)) in found.iter().zip(expect) {
        assert_eq!((*kind, loc.as_str(), *start, *end, masked.as_str()), (k, "app.log", s, e, m));
    }
}

#[test]
fn media_stays_unsupported() {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend_from_slice(&[0u8; 64]);
    png.extend_from_slice(b"tEXtComment\0taro@example.jp 090-1234-5678");
    let r = scanner().scan_bytes(&png, Some("logo.png"));
    assert_eq!(reasons(&r), vec![UnscannableReason::UnsupportedFormat]);
    assert!(r.findings.is_empty());
}

//! Archives beyond zip: bzip2, xz, 7z, LZH and RAR over `corpora/documents/archive/` (made
//! by py7zr, jlha, Python's bz2/lzma/tarfile; RAR written byte by byte, see
//! `corpora/documents/archive/generate.py`), every limit per format, and hostile files
//! written here: a 7z bomb, an LZH with a lying size, a zip declaring millions of entries,
//! an xz and a 7z claiming a 3 GiB dictionary, a tar declaring a 100 GB member.
//!
//! `cargo test -p mamori --test archives -- --nocapture` prints the recall table.

use mamori::{Limits, Report, Scanner, UnscannableReason};
use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const MIN_RECALL: f64 = 0.98;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpora/documents")
}

fn archive(name: &str) -> PathBuf {
    corpus().join("archive").join(name)
}

fn scanner_with(limits: Limits) -> Scanner {
    Scanner::builder().reveal_values(true).limits(limits).build().unwrap()
}

fn scanner() -> Scanner {
    scanner_with(Limits::default())
}

fn digits_or_lower(kind: &str, v: &str) -> String {
    if kind == "email" {
        v.to_lowercase()
    } else {
        v.chars().filter(char::is_ascii_digit).collect()
    }
}

/// The format a corpus file tests, by its name.
fn format_of(file: &str) -> Option<&'static str> {
    let f = file.to_lowercase();
    [
        (".tar.bz2", "tar.bz2"),
        (".tbz2", "tar.bz2"),
        (".bz2", "bzip2"),
        (".tar.xz", "tar.xz"),
        (".txz", "tar.xz"),
        (".xz", "xz"),
        (".7z", "7z"),
        (".lzh", "lzh"),
    ]
    .into_iter()
    .find(|(s, _)| f.ends_with(s))
    .map(|(_, n)| n)
}

#[test]
fn recall_per_format_with_locations() {
    let text = std::fs::read_to_string(corpus().join("ground_truth.jsonl")).unwrap();
    let mut items: Vec<(String, String, String, String)> = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let file = v["file"].as_str().unwrap().to_string();
        if format_of(&file).is_some() && file.starts_with("archive/") {
            let s = |k: &str| v[k].as_str().unwrap().to_string();
            items.push((file, s("location"), s("kind"), s("value")));
        }
    }
    let scanner = scanner();
    let mut found: BTreeMap<String, HashSet<(String, String, String)>> = BTreeMap::new();
    for (file, ..) in &items {
        if found.contains_key(file) {
            continue;
        }
        let r = scanner.scan_path(corpus().join(file)).unwrap();
        assert!(r.unscannable.is_empty(), "{file}: {:?}", r.unscannable);
        let set = r
            .findings
            .iter()
            .map(|f| {
                let kind = f.kind.as_str().to_string();
                let v = digits_or_lower(&kind, f.text.as_deref().unwrap_or(""));
                (f.location.clone().unwrap_or_default(), kind, v)
            })
            .collect();
        found.insert(file.clone(), set);
    }
    let mut per_format: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (file, loc, kind, value) in &items {
        let hit = found[file].contains(&(loc.clone(), kind.clone(), digits_or_lower(kind, value)));
        let e = per_format.entry(format_of(file).unwrap()).or_default();
        e.1 += 1;
        if hit {
            e.0 += 1;
        } else {
            println!("missed: {file} {loc} {kind}");
        }
    }
    for f in ["bzip2", "tar.bz2", "xz", "tar.xz", "7z", "lzh"] {
        let (hit, all) = per_format.get(f).copied().unwrap_or((0, 0));
        assert!(all >= 18, "{f}: only {all} ground-truth items");
        let r = hit as f64 / all as f64;
        println!("{f:<8} {hit:>4} {all:>4} {r:.3}");
        assert!(r >= MIN_RECALL, "{f}: recall {r}");
    }
}

fn reasons(r: &Report) -> Vec<(String, UnscannableReason, String)> {
    r.unscannable.iter().map(|u| (u.location.clone(), u.reason, u.detail.clone())).collect()
}

/// The report says `limit` stopped something.
fn assert_limit(r: &Report, limit: &str, what: &str) {
    assert!(
        r.unscannable
            .iter()
            .any(|u| u.reason == UnscannableReason::LimitExceeded && u.detail.contains(limit)),
        "{what}: expected {limit}, got {:?}",
        reasons(r)
    );
}

#[test]
fn encrypted_7z_members_and_headers() {
    let r = scanner().scan_path(archive("encrypted.7z")).unwrap();
    assert!(r.findings.is_empty());
    assert_eq!(r.unscannable.len(), 1, "{:?}", reasons(&r));
    assert_eq!(r.unscannable[0].reason, UnscannableReason::Encrypted);
    assert_eq!(r.unscannable[0].location, "encrypted.7z!秘密/名簿.csv");

    let r = scanner().scan_path(archive("encrypted_headers.7z")).unwrap();
    assert_eq!(reasons(&r).len(), 1);
    assert_eq!(r.unscannable[0].reason, UnscannableReason::Encrypted);
    assert_eq!(r.unscannable[0].location, "encrypted_headers.7z");
}

#[test]
fn ppmd_7z_is_unsupported() {
    let r = scanner().scan_path(archive("ppmd.7z")).unwrap();
    assert_eq!(r.unscannable.len(), 1, "{:?}", reasons(&r));
    assert_eq!(r.unscannable[0].reason, UnscannableReason::UnsupportedFormat);
    assert_eq!(r.unscannable[0].location, "ppmd.7z!名簿.csv");
}

#[test]
fn rar_members_are_listed_not_read() {
    let r = scanner().scan_path(archive("listing4.rar")).unwrap();
    let got = reasons(&r);
    let unsupported = |loc: &str| {
        (
            loc.to_string(),
            UnscannableReason::UnsupportedFormat,
            "RAR member not decompressed".into(),
        )
    };
    assert_eq!(got.len(), 3, "{got:?}");
    assert_eq!(got[0], unsupported("listing4.rar!名簿.csv"));
    assert_eq!(got[1], unsupported("listing4.rar!顧客/一覧.csv"));
    assert_eq!(
        (got[2].0.as_str(), got[2].1),
        ("listing4.rar!秘密.csv", UnscannableReason::Encrypted)
    );

    let got = reasons(&scanner().scan_path(archive("listing5.rar")).unwrap());
    assert_eq!(
        got,
        vec![unsupported("listing5.rar!名簿.csv"), unsupported("listing5.rar!顧客/一覧.csv")]
    );

    let got = reasons(&scanner().scan_path(archive("encrypted_member5.rar")).unwrap());
    assert_eq!(got.len(), 1);
    assert_eq!(
        (got[0].0.as_str(), got[0].1),
        ("encrypted_member5.rar!秘密/名簿.csv", UnscannableReason::Encrypted)
    );

    let got = reasons(&scanner().scan_path(archive("encrypted_headers5.rar")).unwrap());
    assert_eq!(got.len(), 1);
    assert_eq!(
        (got[0].0.as_str(), got[0].1),
        ("encrypted_headers5.rar", UnscannableReason::Encrypted)
    );
}

#[test]
fn rar_member_limit() {
    let s = scanner_with(Limits { max_members: 1, ..Limits::default() });
    let r = s.scan_path(archive("listing4.rar")).unwrap();
    assert_limit(&r, "max_members", "listing4.rar");
}

/// Every corpus file with at least two members, per format.
const MULTI: [&str; 6] =
    ["backup.tar.bz2", "backup.tar.xz", "solid.7z", "level1_lh6.lzh", "level2_lh7.lzh", "logs.txz"];
/// One file per format (a single compressed stream or an archive).
const ONE_PER_FORMAT: [&str; 7] = [
    "名簿.csv.bz2",
    "list.csv.xz",
    "backup.tar.bz2",
    "backup.tar.xz",
    "a.7z",
    "solid.7z",
    "old.lzh",
];

#[test]
fn member_limit_per_format() {
    let s = scanner_with(Limits { max_members: 1, ..Limits::default() });
    for f in MULTI {
        let r = s.scan_path(archive(f)).unwrap();
        assert_limit(&r, "max_members", f);
    }
}

#[test]
fn member_bytes_limit_per_format() {
    let s = scanner_with(Limits { max_member_bytes: 100, ..Limits::default() });
    for f in ONE_PER_FORMAT {
        let r = s.scan_path(archive(f)).unwrap();
        assert_limit(&r, "max_member_bytes", f);
    }
}

#[test]
fn total_bytes_limit_per_format() {
    let s = scanner_with(Limits { max_total_bytes: 300, ..Limits::default() });
    for f in ONE_PER_FORMAT {
        let r = s.scan_path(archive(f)).unwrap();
        assert_limit(&r, "max_total_bytes", f);
    }
}

#[test]
fn ratio_limit_per_format() {
    // Text compresses about 2:1 here, so a ratio of 0 (expanded no larger than compressed)
    // is what these small files can exceed.
    let s = scanner_with(Limits { max_ratio: 0, ratio_floor_bytes: 64, ..Limits::default() });
    for f in ONE_PER_FORMAT {
        let r = s.scan_path(archive(f)).unwrap();
        assert_limit(&r, "max_ratio", f);
    }
}

#[test]
fn depth_limit_per_format() {
    // The archive is depth 0 and its members depth 1 (a compressed tar's members depth 2).
    let s = scanner_with(Limits { max_depth: 0, ..Limits::default() });
    for f in ONE_PER_FORMAT {
        let r = s.scan_path(archive(f)).unwrap();
        assert_limit(&r, "max_depth", f);
    }
}

#[test]
fn time_limit_per_format() {
    let s = scanner_with(Limits { max_time_ms: 0, ..Limits::default() });
    for f in ONE_PER_FORMAT.iter().chain(&["listing5.rar"]) {
        // A zero budget may pass its first check within the same millisecond: sleep past it.
        let r = s.scan_path(archive(f)).unwrap();
        if r.unscannable.is_empty() {
            std::thread::sleep(Duration::from_millis(2));
            let r = s.scan_path(archive(f)).unwrap();
            assert_limit(&r, "max_time_ms", f);
        } else {
            assert_limit(&r, "max_time_ms", f);
        }
    }
}

// ---------------------------------------------------------------- hostile, written here

/// A 7z number in its longest form: 0xFF and eight little-endian bytes.
fn num7(v: u64) -> Vec<u8> {
    let mut out = vec![0xff];
    out.extend(v.to_le_bytes());
    out
}

/// A 7z archive of one file compressed with LZMA2 in one folder, its header plain (not
/// encoded), the dictionary property `dict` (40 is 4 GiB).
fn sevenz_one_file(name: &str, data: &[u8], dict: u8) -> Vec<u8> {
    let mut w = lzma_rust2::Lzma2Writer::new(Vec::new(), lzma_rust2::Lzma2Options::with_preset(1));
    w.write_all(data).unwrap();
    let packed = w.finish().unwrap();
    let mut h = vec![0x01, 0x04];
    h.extend([0x06, 0x00, 0x01, 0x09]);
    h.extend(num7(packed.len() as u64));
    h.push(0x00);
    h.extend([0x07, 0x0b, 0x01, 0x00, 0x01, 0x21, 0x21, 0x01, dict, 0x0c]);
    h.extend(num7(data.len() as u64));
    h.push(0x00);
    h.extend([0x08, 0x00]); // substreams info: one file per folder
    h.push(0x00); // end of streams info
    let utf16: Vec<u8> = name.encode_utf16().chain([0]).flat_map(u16::to_le_bytes).collect();
    h.extend([0x05, 0x01, 0x11]);
    h.extend(num7(utf16.len() as u64 + 1));
    h.push(0x00);
    h.extend(utf16);
    h.extend([0x00, 0x00]); // end of files info, end of header
    let mut start = Vec::new();
    start.extend((packed.len() as u64).to_le_bytes());
    start.extend((h.len() as u64).to_le_bytes());
    start.extend(crc32(&h).to_le_bytes());
    let mut out = b"7z\xbc\xaf\x27\x1c\x00\x04".to_vec();
    out.extend(crc32(&start).to_le_bytes());
    out.extend(start);
    out.extend(packed);
    out.extend(h);
    out
}

fn crc32(b: &[u8]) -> u32 {
    let mut c = flate2::Crc::new();
    c.update(b);
    c.sum()
}

#[test]
fn hand_made_7z_is_read() {
    // The writer above is checked on a small file before it makes the hostile ones.
    let z = sevenz_one_file("名簿.csv", "携帯 090-3915-0008\n".as_bytes(), 20);
    let r = scanner().scan_bytes(&z, Some("t.7z"));
    assert!(r.unscannable.is_empty(), "{:?}", reasons(&r));
    assert_eq!(r.findings.len(), 1);
    assert_eq!(r.findings[0].location.as_deref(), Some("t.7z!名簿.csv"));
}

#[test]
fn sevenz_bomb_stops_at_the_ratio() {
    let zeros = vec![0u8; 64 << 20];
    let z = sevenz_one_file("zeros.csv", &zeros, 20);
    drop(zeros);
    assert!(z.len() < 200_000, "{}", z.len());
    let t = Instant::now();
    let r = scanner().scan_bytes(&z, Some("bomb.7z"));
    assert_limit(&r, "max_ratio", "7z bomb");
    assert!(t.elapsed() < Duration::from_secs(20));
}

#[test]
fn sevenz_huge_dictionary_is_refused_before_allocation() {
    let mut z = sevenz_one_file("a.csv", b"0123456789", 20);
    // Property 39 declares a 3 GiB window; the header's CRC is fixed up so only the walk
    // (not a checksum) can refuse it.
    let at = z.windows(4).rposition(|w| w == [0x21, 0x21, 0x01, 20]).unwrap() + 3;
    z[at] = 39;
    let hdr_start = 32 + u64::from_le_bytes(z[12..20].try_into().unwrap()) as usize;
    let crc = crc32(&z[hdr_start..]);
    z[28..32].copy_from_slice(&crc.to_le_bytes());
    let start_crc = crc32(&z[12..32]);
    z[8..12].copy_from_slice(&start_crc.to_le_bytes());
    let r = scanner().scan_bytes(&z, Some("dict.7z"));
    let u = &r.unscannable;
    assert_eq!(u.len(), 1, "{:?}", reasons(&r));
    assert_eq!(u[0].reason, UnscannableReason::LimitExceeded);
    assert!(u[0].detail.contains("dictionary"), "{}", u[0].detail);
}

#[test]
fn sevenz_declaring_a_billion_files_is_refused() {
    let mut z = sevenz_one_file("a.csv", b"0123456789", 20);
    let hdr_start = 32 + u64::from_le_bytes(z[12..20].try_into().unwrap()) as usize;
    // Files info: 0x05, then the count (one byte, 0x01) → 0xFF + 8 bytes is longer, so
    // rebuild the tail: 0x05, count, then no properties.
    let files = z[hdr_start..].windows(2).position(|w| w == [0x05, 0x01]).unwrap() + hdr_start;
    z.truncate(files);
    z.push(0x05);
    z.extend(num7(1_000_000_000));
    z.extend([0x00, 0x00]);
    let size = (z.len() - hdr_start) as u64;
    z[20..28].copy_from_slice(&size.to_le_bytes());
    let crc = crc32(&z[hdr_start..]);
    z[28..32].copy_from_slice(&crc.to_le_bytes());
    let start_crc = crc32(&z[12..32]);
    z[8..12].copy_from_slice(&start_crc.to_le_bytes());
    let t = Instant::now();
    let r = scanner().scan_bytes(&z, Some("files.7z"));
    assert_limit(&r, "max_members", "7z with 10^9 files");
    assert!(t.elapsed() < Duration::from_secs(2));
}

#[test]
fn lzh_lying_original_size_allocates_nothing() {
    let mut b = std::fs::read(archive("old.lzh")).unwrap();
    assert_eq!(b[20], 0, "a level 0 header");
    // Original size (offset 11) set to 4 GiB - 1; the level 0 header checksum (byte 1) is the
    // byte sum of the header after the first two bytes.
    b[11..15].copy_from_slice(&u32::MAX.to_le_bytes());
    let len = b[0] as usize;
    b[1] = b[2..2 + len].iter().fold(0u8, |a, &x| a.wrapping_add(x));
    let t = Instant::now();
    let r = scanner().scan_bytes(&b, Some("lie.lzh"));
    assert!(t.elapsed() < Duration::from_secs(10));
    let u = &r.unscannable;
    assert!(!u.is_empty(), "a lie must be reported");
    assert!(
        u.iter().all(|u| u.location == "lie.lzh!名簿.csv"
            && matches!(u.reason, UnscannableReason::Corrupt | UnscannableReason::LimitExceeded)),
        "{:?}",
        reasons(&r)
    );
}

#[test]
fn lzh_crc_error_is_corrupt() {
    let mut b = std::fs::read(archive("old.lzh")).unwrap();
    let len = b[0] as usize;
    // The stored CRC-16 of a level 0 header sits right after the name.
    let name_len = b[21] as usize;
    let crc_at = 22 + name_len;
    b[crc_at] ^= 0xff;
    b[1] = b[2..2 + len].iter().fold(0u8, |a, &x| a.wrapping_add(x));
    let r = scanner().scan_bytes(&b, Some("crc.lzh"));
    assert!(
        r.unscannable
            .iter()
            .any(|u| u.reason == UnscannableReason::Corrupt && u.location == "crc.lzh!名簿.csv"),
        "{:?}",
        reasons(&r)
    );
}

#[test]
fn zip_declaring_millions_of_entries_ends_quickly() {
    // A classic end record saying 0xFFFF entries and a ZIP64 one saying 5,000,000 entries
    // in a 230 MB directory, with nothing behind them.
    // A local header of an empty stored file first (what a zip starts with).
    let mut z = b"PK\x03\x04\x14\x00\x00\x00\x00\x00".to_vec();
    z.extend([0u8; 16]);
    z.extend([1, 0, 0, 0]);
    z.push(b'a');
    let z64_at = z.len() as u64;
    z.extend(b"PK\x06\x06");
    z.extend(44u64.to_le_bytes());
    z.extend([45, 0, 45, 0]);
    z.extend([0u8; 8]); // disk numbers
    z.extend(5_000_000u64.to_le_bytes());
    z.extend(5_000_000u64.to_le_bytes());
    z.extend(230_000_000u64.to_le_bytes());
    z.extend(0u64.to_le_bytes());
    z.extend(b"PK\x06\x07");
    z.extend(0u32.to_le_bytes());
    z.extend(z64_at.to_le_bytes());
    z.extend(1u32.to_le_bytes());
    z.extend(b"PK\x05\x06");
    z.extend([0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]);
    z.extend([0xff; 8]);
    z.extend([0, 0]);
    let t = Instant::now();
    let r = scanner().scan_bytes(&z, Some("many.zip"));
    assert_limit(&r, "max_members", "zip with 5,000,000 entries");
    assert!(t.elapsed() < Duration::from_secs(1));
}

#[test]
fn xz_with_a_3_gib_dictionary_is_refused() {
    // Stream header: magic, flags (CRC32 check), CRC32 of the flags.
    let mut x = b"\xfd7zXZ\x00\x00\x01".to_vec();
    x.extend(crc32(&[0, 1]).to_le_bytes());
    // Block header: size ((n + 1) * 4 bytes), flags (one filter), LZMA2 (0x21), one property
    // byte: 39 = 3 GiB, padding, CRC32.
    let mut b = vec![0x02, 0x00, 0x21, 0x01, 39, 0x00, 0x00, 0x00];
    b[0] = (b.len() as u8 + 4) / 4 - 1;
    let c = crc32(&b);
    b.extend(c.to_le_bytes());
    x.extend(b);
    // An uncompressed LZMA2 chunk of 10 bytes, then the end marker.
    x.extend([0x01, 0x00, 0x09]);
    x.extend(b"0123456789");
    x.push(0x00);
    let t = Instant::now();
    let r = scanner().scan_bytes(&x, Some("dict.xz"));
    assert_limit(&r, "max_member_bytes", "xz with a 3 GiB dictionary");
    assert!(t.elapsed() < Duration::from_secs(1));
    // The same stream with a 1 MiB dictionary is decoded (up to its missing index).
    let mut ok = x.clone();
    ok[16] = 16;
    let c = crc32(&ok[12..20]);
    ok[20..24].copy_from_slice(&c.to_le_bytes());
    let r = scanner().scan_bytes(&ok, Some("dict.xz"));
    assert!(
        r.unscannable.iter().all(|u| !u.detail.contains("max_member_bytes")),
        "{:?}",
        reasons(&r)
    );
}

#[test]
fn xz_and_bzip2_bombs_stop_at_the_ratio() {
    let zeros = vec![0u8; 16 << 20];
    let mut e = liblzma::write::XzEncoder::new(Vec::new(), 6);
    e.write_all(&zeros).unwrap();
    let xz = e.finish().unwrap();
    let mut e = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::best());
    e.write_all(&zeros).unwrap();
    let bz = e.finish().unwrap();
    for (name, data) in [("zeros.csv.xz", xz), ("zeros.csv.bz2", bz)] {
        let r = scanner().scan_bytes(&data, Some(name));
        assert_limit(&r, "max_ratio", name);
    }
}

#[test]
fn tar_member_declaring_100_gb_ends_within_limits() {
    let mut h = tar::Header::new_gnu();
    h.set_path("huge.csv").unwrap();
    h.set_size(100_000_000_000);
    h.set_mode(0o644);
    h.set_cksum();
    let mut t = h.as_bytes().to_vec();
    t.extend(std::iter::repeat_n(b'7', 4096));
    let s = scanner_with(Limits { max_member_bytes: 1 << 20, ..Limits::default() });
    let t0 = Instant::now();
    let r = s.scan_bytes(&t, Some("huge.tar"));
    assert!(t0.elapsed() < Duration::from_secs(5));
    // The member's text is scanned, then skipping to the next header meets the end of the
    // input: reported at the archive.
    assert_eq!(r.findings.len(), 0);
    assert!(
        r.unscannable
            .iter()
            .any(|u| u.location.starts_with("huge.tar") && u.reason == UnscannableReason::Corrupt),
        "data ending early is reported: {:?}",
        reasons(&r)
    );
}

#[test]
fn tar_bomb_ends_within_limits() {
    // A tar.gz whose member is 32 MiB of zeros: the gzip layer stops at the ratio, and the
    // tar member's own reader at the member limit when the ratio is off.
    let mut tar_gz = Vec::new();
    {
        let gz = flate2::write::GzEncoder::new(&mut tar_gz, flate2::Compression::best());
        let mut b = tar::Builder::new(gz);
        let mut h = tar::Header::new_gnu();
        h.set_size(32 << 20);
        h.set_mode(0o644);
        h.set_cksum();
        b.append_data(&mut h, "zeros.csv", std::io::repeat(0).take_bytes(32 << 20)).unwrap();
        b.into_inner().unwrap().finish().unwrap();
    }
    let r = scanner().scan_bytes(&tar_gz, Some("bomb.tar.gz"));
    assert_limit(&r, "max_ratio", "tar.gz bomb");
    let s = scanner_with(Limits {
        max_ratio: u64::MAX,
        max_member_bytes: 8 << 20,
        ..Limits::default()
    });
    let r = s.scan_bytes(&tar_gz, Some("bomb.tar.gz"));
    assert_limit(&r, "max_member_bytes", "tar.gz bomb without a ratio limit");
}

/// `Read::take` under a name that does not clash with `Write` in scope.
trait TakeBytes: std::io::Read + Sized {
    fn take_bytes(self, n: u64) -> std::io::Take<Self> {
        std::io::Read::take(self, n)
    }
}
impl<R: std::io::Read> TakeBytes for R {}

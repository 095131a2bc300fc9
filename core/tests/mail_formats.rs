//! Mail formats: Outlook .msg and mbox recall over `corpora/documents/mail/` (made by
//! `corpora/documents/gen_mail.py`, .msg files checked by `extract-msg`), and every mail
//! reader's limits: hostile mails, mailboxes and .msg files built here end as
//! `limit_exceeded` naming the limit, within small memory.

use mamori::{Limits, Report, Scanner, UnscannableReason};
use std::collections::{BTreeMap, HashSet};
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpora/documents")
}

fn scanner() -> Scanner {
    Scanner::builder().reveal_values(true).build().unwrap()
}

fn limited(limits: Limits) -> Scanner {
    Scanner::builder().reveal_values(true).limits(limits).build().unwrap()
}

/// Generous time: the tests end on the limit they aim at, never on the clock.
fn limits() -> Limits {
    Limits { max_time_ms: 120_000, ..Limits::default() }
}

fn norm(kind: &str, value: &str) -> String {
    if kind == "email" {
        return value.to_lowercase();
    }
    value.chars().filter(char::is_ascii_digit).collect()
}

fn found(report: &Report) -> HashSet<(String, String, String)> {
    report
        .findings
        .iter()
        .map(|f| {
            let kind = f.kind.as_str().to_string();
            (f.location.clone().unwrap_or_default(), norm(&kind, f.text.as_deref().unwrap()), kind)
        })
        .collect()
}

/// The limit named by the first `limit_exceeded` entry (`max_members = 100000 reached`).
fn exceeded(report: &Report) -> Vec<(String, String)> {
    report
        .unscannable
        .iter()
        .filter(|u| u.reason == UnscannableReason::LimitExceeded)
        .map(|u| {
            let limit = u.detail.split(' ').next().unwrap_or("").to_string();
            (u.location.clone(), limit)
        })
        .collect()
}

fn assert_limit(report: &Report, limit: &str) {
    let hits = exceeded(report);
    assert!(hits.iter().any(|(_, l)| l == limit), "want {limit}, got {:?}", report.unscannable);
}

#[test]
fn recall_msg_and_mbox() {
    let text = std::fs::read_to_string(corpus().join("ground_truth.jsonl")).unwrap();
    let items: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .filter(|v: &serde_json::Value| {
            let f = v["file"].as_str().unwrap();
            f.ends_with(".msg") || f.ends_with(".mbox")
        })
        .collect();
    assert!(items.len() >= 25, "{} items", items.len());
    let scanner = scanner();
    let mut reports = BTreeMap::new();
    let mut per_format: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut misses = Vec::new();
    for it in &items {
        let file = it["file"].as_str().unwrap();
        let set = reports.entry(file.to_string()).or_insert_with(|| {
            let r = scanner.scan_path(corpus().join(file)).unwrap();
            assert!(r.unscannable.is_empty(), "{file}: {:?}", r.unscannable);
            found(&r)
        });
        let kind = it["kind"].as_str().unwrap();
        let key = (
            it["location"].as_str().unwrap().to_string(),
            norm(kind, it["value"].as_str().unwrap()),
            kind.to_string(),
        );
        let e = per_format.entry(if file.ends_with(".msg") { "msg" } else { "mbox" }).or_default();
        e.1 += 1;
        if set.contains(&key) {
            e.0 += 1;
        } else {
            misses.push(format!("{file} {} {kind}", key.0));
        }
    }
    for (fmt, (hit, all)) in &per_format {
        println!("{fmt:<6} {hit:>3}/{all:<3} recall {:.3}", *hit as f64 / *all as f64);
    }
    assert_eq!(per_format.len(), 2);
    assert!(misses.is_empty(), "missed: {misses:#?}");
}

#[test]
fn msg_renderings_count_once() {
    let report = scanner().scan_path(corpus().join("mail/受信_見積.msg")).unwrap();
    let at = |loc: &str| {
        let here = report.findings.iter().filter(|f| f.location.as_deref() == Some(loc));
        here.filter(|f| ["phone", "email", "my_number"].contains(&f.kind.as_str())).count()
    };
    // The text body holds a phone and a My Number; the HTML rendering repeats them and adds
    // an e-mail address; the RTF rendering repeats the phone and adds another.
    assert_eq!(at("受信_見積.msg#body"), 2);
    assert_eq!(at("受信_見積.msg#body=2"), 1);
    assert_eq!(at("受信_見積.msg#body=3"), 1);
}

#[test]
fn mbox_reader_and_bytes_agree_with_path() {
    let path = corpus().join("mail/inbox.mbox");
    let bytes = std::fs::read(&path).unwrap();
    let s = scanner();
    let locs = |r: &Report| {
        let mut v: Vec<_> = r.findings.iter().map(|f| f.location.clone().unwrap()).collect();
        v.sort();
        v
    };
    let a = s.scan_path(&path).unwrap();
    let b = s.scan_bytes(&bytes, Some("inbox.mbox"));
    let c = s.scan_reader(Cursor::new(&bytes), Some("inbox.mbox")).unwrap();
    assert!(!a.findings.is_empty());
    assert_eq!(locs(&a), locs(&b));
    assert_eq!(locs(&a), locs(&c));
}

// ---- e-mail (mail-parser) bounds ----

#[test]
fn eml_with_100000_parts_exceeds_members() {
    let mut m = String::from("From: a@example.jp\r\nTo: b@example.jp\r\nSubject: parts\r\n");
    m.push_str("MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n");
    for i in 0..100_000 {
        m.push_str(&format!("--b\r\nContent-Type: text/plain\r\n\r\n{i}\r\n"));
    }
    m.push_str("--b--\r\n");
    let report = limited(limits()).scan_bytes(m.as_bytes(), Some("parts.eml"));
    assert_limit(&report, "max_members");
    assert!(report.findings.is_empty());
}

fn nested_rfc822(levels: usize, phone_at_bottom: &str) -> String {
    // Outermost first: each level's headers, then the innermost message.
    let mut m = String::new();
    for i in (0..levels).rev() {
        m.push_str(&format!(
            "From: l{i}@example.jp\r\nTo: y@example.jp\r\nSubject: level {i}\r\nMIME-Version: 1.0\r\n\
             Content-Type: message/rfc822\r\nContent-Disposition: attachment; filename=\"f{i}.eml\"\r\n\r\n"
        ));
    }
    m.push_str(&format!(
        "From: z@example.jp\r\nTo: y@example.jp\r\nSubject: bottom\r\n\r\n電話 {phone_at_bottom}\r\n"
    ));
    m
}

#[test]
fn eml_nested_40_deep_exceeds_depth() {
    let m = nested_rfc822(40, "03-1234-5678");
    let report =
        limited(Limits { max_depth: 16, ..limits() }).scan_bytes(m.as_bytes(), Some("n.eml"));
    assert_limit(&report, "max_depth");
    assert!(report.findings.iter().all(|f| f.text.as_deref() != Some("03-1234-5678")));
    // Within the limit the bottom is reached (the test above fails for the right reason).
    let shallow = nested_rfc822(3, "03-1234-5678");
    let report = limited(limits()).scan_bytes(shallow.as_bytes(), Some("n.eml"));
    assert!(report.unscannable.is_empty(), "{:?}", report.unscannable);
    assert!(report.findings.iter().any(|f| f.text.as_deref() == Some("03-1234-5678")));
}

/// A mail whose one base64 part is `size` bytes of encoded data, produced as it is read.
struct Base64Mail {
    head: Cursor<Vec<u8>>,
    left: u64,
}

impl Read for Base64Mail {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.head.read(buf)?;
        if n > 0 {
            return Ok(n);
        }
        const LINE: &[u8] =
            b"QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB\r\n";
        let n = buf.len().min(self.left.min(usize::MAX as u64) as usize);
        for (i, b) in buf[..n].iter_mut().enumerate() {
            *b = LINE[(self.left as usize + i) % LINE.len()];
        }
        self.left -= n as u64;
        Ok(n)
    }
}

#[test]
fn eml_base64_part_of_200_mb_exceeds_member_bytes() {
    let head = "From: a@example.jp\r\nTo: b@example.jp\r\nSubject: big\r\nMIME-Version: 1.0\r\n\
                Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n";
    let mail = Base64Mail { head: Cursor::new(head.as_bytes().to_vec()), left: 200 << 20 };
    let scanner = limited(Limits { max_member_bytes: 4 << 20, ..limits() });
    let report = scanner.scan_reader(mail, Some("big.eml")).unwrap();
    assert_limit(&report, "max_member_bytes");
}

fn with_attachments(n: usize, size: usize) -> String {
    let mut m = String::from("From: a@example.jp\r\nTo: b@example.jp\r\nSubject: many\r\n");
    m.push_str("MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n");
    m.push_str("--b\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n");
    for i in 0..n {
        m.push_str(&format!(
            "--b\r\nContent-Type: text/csv\r\nContent-Disposition: attachment; filename=\"{i}.csv\"\r\n\r\n"
        ));
        m.push_str(&"a,".repeat(size / 2));
        m.push_str("\r\n");
    }
    m.push_str("--b--\r\n");
    m
}

#[test]
fn eml_decoded_parts_charge_total_bytes() {
    let m = with_attachments(20, 100_000);
    let report =
        limited(Limits { max_total_bytes: 500_000, ..limits() }).scan_bytes(m.as_bytes(), None);
    assert_limit(&report, "max_total_bytes");
    let report = limited(limits()).scan_bytes(m.as_bytes(), None);
    assert!(report.unscannable.is_empty(), "{:?}", report.unscannable);
}

#[test]
fn eml_member_bytes_of_the_message() {
    let m = with_attachments(2, 10_000);
    let report = limited(Limits { max_member_bytes: 5_000, ..limits() })
        .scan_bytes(m.as_bytes(), Some("a.eml"));
    assert_limit(&report, "max_member_bytes");
}

#[test]
fn eml_time() {
    let m = with_attachments(300, 2_000);
    let report = limited(Limits { max_time_ms: 1, ..limits() }).scan_bytes(m.as_bytes(), None);
    assert_limit(&report, "max_time_ms");
}

// ---- mbox ----

fn mbox(messages: usize, body: impl Fn(usize) -> String) -> Vec<u8> {
    let mut v = Vec::new();
    for i in 0..messages {
        write!(
            v,
            "From sender@example.jp Mon Jan  1 00:00:00 2024\nFrom: s{i}@example.jp\n\
             To: r@example.jp\nSubject: {i}\n\n{}\n\n",
            body(i)
        )
        .unwrap();
    }
    v
}

#[test]
fn mbox_members_and_names() {
    let b = mbox(50, |i| format!("電話 03-5555-{:04}", 1000 + i));
    let report = limited(Limits { max_members: 10, ..limits() }).scan_bytes(&b, Some("in.mbox"));
    assert_limit(&report, "max_members");
    let report = limited(limits()).scan_bytes(&b, Some("in.mbox"));
    assert!(report.unscannable.is_empty());
    let phone_at = |loc: &str| {
        report.findings.iter().find(|f| f.location.as_deref() == Some(loc)).map(|f| f.text.clone())
    };
    assert_eq!(phone_at("in.mbox!3#body"), Some(Some("03-5555-1002".to_string())));
    assert_eq!(phone_at("in.mbox!50#body"), Some(Some("03-5555-1049".to_string())));
}

#[test]
fn mbox_messages_with_dash_lines_share_members_by_their_parts() {
    // 100 one-part messages, each with 20 lines starting `--` (rules and a signature
    // separator) that are no boundary: 100 messages and 100 parts fit 1,000 members.
    let b = mbox(100, |i| {
        let rules = "----------\n".repeat(19);
        format!("{rules}電話 03-5555-{:04}\n-- \n署名", 1000 + i)
    });
    let report = limited(Limits { max_members: 1000, ..limits() }).scan_bytes(&b, Some("in.mbox"));
    assert!(report.unscannable.is_empty(), "{:?}", report.unscannable);
    assert!(report.findings.iter().any(|f| f.location.as_deref() == Some("in.mbox!100#body")));
}

#[test]
fn mbox_depth() {
    let b = mbox(3, |_| "電話 03-5555-1234".into());
    let report = limited(Limits { max_depth: 0, ..limits() }).scan_bytes(&b, Some("in.mbox"));
    assert_limit(&report, "max_depth");
    assert!(report.findings.is_empty());
}

#[test]
fn mbox_total_bytes() {
    let one = with_attachments(3, 50_000);
    let mut b = Vec::new();
    for _ in 0..10 {
        b.extend_from_slice(b"From x@example.jp Mon Jan  1 00:00:00 2024\n");
        b.extend_from_slice(one.replace("\r\n", "\n").as_bytes());
        b.extend_from_slice(b"\n");
    }
    let report =
        limited(Limits { max_total_bytes: 400_000, ..limits() }).scan_bytes(&b, Some("in.mbox"));
    assert_limit(&report, "max_total_bytes");
}

#[test]
fn mbox_time() {
    let b = mbox(20_000, |i| format!("line {i}"));
    let report = limited(Limits { max_time_ms: 1, ..limits() }).scan_bytes(&b, Some("in.mbox"));
    assert_limit(&report, "max_time_ms");
}

/// An mbox far larger than the member limit, produced as it is read: one oversized message
/// then an ordinary one. The big one is reported at its place and skipped; the next is read.
struct BigMbox {
    parts: Vec<Cursor<Vec<u8>>>,
    filler_left: u64,
}

impl Read for BigMbox {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if let Some(p) = self.parts.first_mut() {
            let n = p.read(buf)?;
            if n > 0 {
                return Ok(n);
            }
            if self.filler_left == 0 {
                self.parts.remove(0);
                return self.read(buf);
            }
        } else {
            return Ok(0);
        }
        let line = b"filler text of a very long message, line after line after line\n";
        let mut n = 0;
        while self.filler_left > 0 && buf.len() - n >= line.len() {
            buf[n..n + line.len()].copy_from_slice(line);
            n += line.len();
            self.filler_left = self.filler_left.saturating_sub(line.len() as u64);
        }
        if self.filler_left == 0 {
            self.parts.remove(0);
        }
        Ok(n)
    }
}

#[test]
fn mbox_is_streamed_message_by_message() {
    let first = b"From a@example.jp Mon Jan  1 00:00:00 2024\nFrom: a@example.jp\nSubject: big\n\n";
    let second = mbox(1, |_| "電話 03-5555-4321".into());
    let reader = BigMbox {
        parts: vec![Cursor::new(first.to_vec()), Cursor::new(second)],
        filler_left: 96 << 20,
    };
    // 96 MiB through a 1 MiB member limit: held one message at a time, never whole.
    let scanner = limited(Limits { max_member_bytes: 1 << 20, ..limits() });
    let report = scanner.scan_reader(reader, Some("big.mbox")).unwrap();
    assert_eq!(exceeded(&report), vec![("big.mbox!1".to_string(), "max_member_bytes".to_string())]);
    assert!(report.findings.iter().any(|f| f.location.as_deref() == Some("big.mbox!2#body")
        && f.text.as_deref() == Some("03-5555-4321")));
}

// ---- .msg ----

/// A minimal Outlook message written with `cfb` (as in `core/examples/write_msg.rs`).
struct Msg {
    subject: String,
    body: String,
    rtf_compressed: Option<Vec<u8>>,
    attachments: Vec<(String, Attach)>,
}

enum Attach {
    Data(Vec<u8>),
    Message(Msg),
}

fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

fn write_msg<F: Read + Write + std::io::Seek>(
    cf: &mut cfb::CompoundFile<F>,
    at: &Path,
    m: &Msg,
    header: usize,
) {
    let mut put = |p: PathBuf, d: &[u8]| cf.create_stream(p).unwrap().write_all(d).unwrap();
    put(at.join("__properties_version1.0"), &vec![0u8; header]);
    put(at.join("__substg1.0_001A001F"), &utf16("IPM.Note"));
    put(at.join("__substg1.0_0037001F"), &utf16(&m.subject));
    put(at.join("__substg1.0_1000001F"), &utf16(&m.body));
    if let Some(r) = &m.rtf_compressed {
        put(at.join("__substg1.0_10090102"), r);
    }
    for (i, (name, a)) in m.attachments.iter().enumerate() {
        let s = at.join(format!("__attach_version1.0_#{i:08X}"));
        cf.create_storage(&s).unwrap();
        cf.create_stream(s.join("__properties_version1.0")).unwrap().write_all(&[0; 8]).unwrap();
        cf.create_stream(s.join("__substg1.0_3707001F")).unwrap().write_all(&utf16(name)).unwrap();
        match a {
            Attach::Data(d) => {
                cf.create_stream(s.join("__substg1.0_37010102")).unwrap().write_all(d).unwrap()
            }
            Attach::Message(inner) => {
                let e = s.join("__substg1.0_3701000D");
                cf.create_storage(&e).unwrap();
                write_msg(cf, &e, inner, 24);
            }
        }
    }
}

fn msg_bytes(m: &Msg) -> Vec<u8> {
    let mut cf = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
    write_msg(&mut cf, Path::new("/"), m, 32);
    cf.flush().unwrap();
    cf.into_inner().into_inner()
}

fn plain(subject: &str, body: &str) -> Msg {
    Msg { subject: subject.into(), body: body.into(), rtf_compressed: None, attachments: vec![] }
}

#[test]
fn msg_built_here_is_read() {
    let mut m = plain("件名 03-1111-2222", "本文 06-6666-7777");
    m.attachments.push(("a.csv".into(), Attach::Data("電話,090-1234-5678\n".into())));
    m.attachments.push(("f.msg".into(), Attach::Message(plain("x", "内側 03-3333-4444"))));
    let report = limited(limits()).scan_bytes(&msg_bytes(&m), Some("t.msg"));
    assert!(report.unscannable.is_empty(), "{:?}", report.unscannable);
    let got: HashSet<_> = report
        .findings
        .iter()
        .map(|f| (f.location.clone().unwrap(), f.text.clone().unwrap()))
        .collect();
    for (loc, v) in [
        ("t.msg#Subject", "03-1111-2222"),
        ("t.msg#body", "06-6666-7777"),
        ("t.msg!a.csv", "090-1234-5678"),
        ("t.msg!f.msg#body", "03-3333-4444"),
    ] {
        assert!(got.contains(&(loc.to_string(), v.to_string())), "{loc} {v}: {got:?}");
    }
}

#[test]
fn msg_members() {
    let mut m = plain("s", "b");
    for i in 0..200 {
        m.attachments.push((format!("{i}.txt"), Attach::Data(b"x".to_vec())));
    }
    let report =
        limited(Limits { max_members: 50, ..limits() }).scan_bytes(&msg_bytes(&m), Some("t.msg"));
    assert_limit(&report, "max_members");
}

#[test]
fn msg_depth() {
    let mut m = plain("bottom", "電話 03-9999-8888");
    for i in 0..24 {
        m = Msg { attachments: vec![(format!("{i}.msg"), Attach::Message(m))], ..plain("s", "b") };
    }
    let report =
        limited(Limits { max_depth: 16, ..limits() }).scan_bytes(&msg_bytes(&m), Some("t.msg"));
    assert_limit(&report, "max_depth");
    assert!(report.findings.iter().all(|f| f.text.as_deref() != Some("03-9999-8888")));
}

#[test]
fn msg_member_bytes_of_a_stream_and_of_rtf() {
    // An attachment stream past the member limit is refused before it is read (the file
    // is held by the caller: only what is read out of it is bounded).
    let mut m = plain("s", "電話 03-1234-5678");
    m.attachments.push(("big.txt".into(), Attach::Data(vec![b'a'; 20_000])));
    let report = limited(Limits { max_member_bytes: 15_000, ..limits() })
        .scan_bytes(&msg_bytes(&m), Some("t.msg"));
    assert_eq!(
        exceeded(&report),
        vec![("t.msg!big.txt".to_string(), "max_member_bytes".to_string())]
    );
    assert!(report.findings.iter().any(|f| f.location.as_deref() == Some("t.msg#body")));
    // A compressed RTF body whose raw size claims 1 GiB: refused before expanding.
    let mut rtf = compressed_rtf::compress_rtf("{\\rtf1 hello}").unwrap();
    rtf[4..8].copy_from_slice(&(1u32 << 30).to_le_bytes());
    let mut m = plain("s", "b");
    m.rtf_compressed = Some(rtf);
    let report = limited(limits()).scan_bytes(&msg_bytes(&m), Some("t.msg"));
    assert_eq!(
        exceeded(&report),
        vec![("t.msg#body=rtf".to_string(), "max_member_bytes".to_string())]
    );
}

#[test]
fn msg_rtf_raw_size_is_charged_before_expanding() {
    // The header claims 50 MB of RTF (within the member limit): that is drawn from a 10 MB
    // total before anything is expanded, however little the data then expands to.
    let mut rtf = compressed_rtf::compress_rtf("{\\rtf1 hello}").unwrap();
    rtf[4..8].copy_from_slice(&(50u32 << 20).to_le_bytes());
    let mut m = plain("s", "b");
    m.rtf_compressed = Some(rtf);
    let report = limited(Limits { max_total_bytes: 10 << 20, ..limits() })
        .scan_bytes(&msg_bytes(&m), Some("t.msg"));
    assert_limit(&report, "max_total_bytes");
}

#[test]
fn msg_total_bytes() {
    let mut m = plain("s", "b");
    for i in 0..10 {
        m.attachments.push((format!("{i}.txt"), Attach::Data(vec![b'a'; 50_000])));
    }
    let report = limited(Limits { max_total_bytes: 200_000, ..limits() })
        .scan_bytes(&msg_bytes(&m), Some("t.msg"));
    assert_limit(&report, "max_total_bytes");
}

#[test]
fn msg_time() {
    let mut m = plain("s", "b");
    for i in 0..300 {
        m.attachments.push((format!("{i}.txt"), Attach::Data(b"text 03-1234-5678".to_vec())));
    }
    let report =
        limited(Limits { max_time_ms: 1, ..limits() }).scan_bytes(&msg_bytes(&m), Some("t.msg"));
    assert_limit(&report, "max_time_ms");
}

#[test]
fn damaged_msg_is_corrupt_not_a_panic() {
    let mut m = plain("s", "b");
    m.attachments.push(("a.txt".into(), Attach::Data(vec![b'x'; 5000])));
    let good = msg_bytes(&m);
    let s = limited(limits());
    for cut in [600, 1100, 2000, good.len() / 2, good.len() - 100] {
        let report = s.scan_bytes(&good[..cut], Some("t.msg"));
        assert!(report.findings.len() < 10, "cut {cut}");
    }
    let mut flipped = good.clone();
    for i in (512..flipped.len()).step_by(97) {
        flipped[i] ^= 0x5a;
    }
    let _ = s.scan_bytes(&flipped, Some("t.msg"));
}

#[test]
fn eml_nested_20000_deep_is_refused_before_parsing() {
    // mail-parser would build (and drop, recursively) a 20,000-level tree.
    let m = nested_rfc822(20_000, "03-1234-5678");
    let report = limited(limits()).scan_bytes(m.as_bytes(), Some("n.eml"));
    assert_limit(&report, "max_depth");
}

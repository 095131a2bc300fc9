//! Independent records joined by a field separator are found exactly as each record alone.
//!
//! Each record is one generated valid value (My Number with its check digit, phone of the
//! numbering plan, Luhn-valid card with a real issuer prefix, e-mail, postal code), written
//! in one of its usual forms, with or without a label (a postal code always with its `〒`
//! or `郵便番号` label: a bare `NNN-NNNN` is no postal code). Joining records with a tab, a
//! line break, CRLF, a comma, a semicolon, a bar, a quoted-TSV `"\t"` or a JSON `", "` must
//! report the union of what each record reports alone: same kinds, same masked values,
//! spans shifted by the record's offset. A separator neither merges two records into one
//! item nor hides one.

use mamori::{Finding, Kind, Scanner};
use proptest::prelude::*;
use std::sync::OnceLock;

fn scanner() -> &'static Scanner {
    static SCANNER: OnceLock<Scanner> = OnceLock::new();
    SCANNER.get_or_init(|| Scanner::builder().build().expect("default config"))
}

/// A separator and what wraps the whole line (a quoted TSV row, a JSON array).
const SEPARATORS: [(&str, &str, &str); 8] = [
    ("\t", "", ""),
    ("\n", "", ""),
    ("\r\n", "", ""),
    (",", "", ""),
    (";", "", ""),
    ("|", "", ""),
    ("\"\t\"", "\"", "\""),
    ("\", \"", "[\"", "\"]"),
];

#[derive(Clone, Debug)]
struct Record {
    kind: Kind,
    text: String,
}

fn digits_str(d: &[u8]) -> String {
    d.iter().map(|x| char::from(b'0' + x)).collect()
}

/// 11 − (Σ Pn×Qn mod 11), remainders 0 and 1 giving 0, weights 6 5 4 3 2 7 6 5 4 3 2.
fn my_number_check(body: &[u8; 11]) -> u8 {
    const WEIGHTS: [u32; 11] = [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    let sum: u32 = body.iter().zip(WEIGHTS).map(|(&d, w)| d as u32 * w).sum();
    let rem = sum % 11;
    if rem <= 1 {
        0
    } else {
        (11 - rem) as u8
    }
}

/// The Luhn digit that makes `body` + digit valid.
fn luhn_check(body: &[u8]) -> u8 {
    let sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let d = d as u32;
            if i % 2 == 0 {
                let x = d * 2;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                d
            }
        })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

fn labelled(label: Option<&str>, value: String) -> String {
    match label {
        Some(l) => format!("{l}{value}"),
        None => value,
    }
}

fn my_number() -> impl Strategy<Value = Record> {
    (
        prop::array::uniform11(0u8..10),
        0usize..3,
        prop::option::of(prop::sample::select(vec!["マイナンバー：", "個人番号 ", "My Number: "])),
    )
        .prop_filter("a plausible number, not one digit or a run", |(body, _, _)| {
            let same = body.windows(2).all(|w| w[0] == w[1]);
            let up = body.windows(2).all(|w| (w[1] + 10 - w[0]) % 10 == 1);
            let down = body.windows(2).all(|w| (w[0] + 10 - w[1]) % 10 == 1);
            !(same || up || down)
        })
        .prop_map(|(body, form, label)| {
            let mut d = body.to_vec();
            d.push(my_number_check(&body));
            let s = digits_str(&d);
            let text = match form {
                0 => s,
                1 => format!("{} {} {}", &s[..4], &s[4..8], &s[8..]),
                _ => format!("{}-{}-{}", &s[..4], &s[4..8], &s[8..]),
            };
            Record { kind: Kind::MyNumber, text: labelled(label, text) }
        })
}

fn phone() -> impl Strategy<Value = Record> {
    // (area code, first subscriber digits allowed, subscriber length, grouping)
    let plans: Vec<(&str, &[u8], usize, [usize; 2])> = vec![
        ("090", &[1, 2, 3, 4, 5, 6, 7, 8, 9], 8, [4, 4]),
        ("080", &[1, 2, 3, 4, 5, 6, 7, 8, 9], 8, [4, 4]),
        ("070", &[1, 2, 3, 4, 5, 6, 7, 8, 9], 8, [4, 4]),
        ("03", &[3, 4, 5, 6], 8, [4, 4]),
        ("06", &[6], 8, [4, 4]),
        ("052", &[2, 3, 4, 5, 6, 7, 8, 9], 7, [3, 4]),
    ];
    (
        prop::sample::select(plans),
        prop::array::uniform8(0u8..10),
        any::<prop::sample::Index>(),
        any::<bool>(),
        prop::option::of(prop::sample::select(vec!["TEL:", "電話番号 ", "携帯："])),
    )
        .prop_map(|((area, first, len, groups), rest, pick, hyphens, label)| {
            let mut sub = vec![first[pick.index(first.len())]];
            sub.extend_from_slice(&rest[..len - 1]);
            let sub = digits_str(&sub);
            let text = if hyphens {
                format!("{area}-{}-{}", &sub[..groups[0]], &sub[groups[0]..])
            } else {
                format!("{area}{sub}")
            };
            Record { kind: Kind::Phone, text: labelled(label, text) }
        })
}

fn card() -> impl Strategy<Value = Record> {
    // (issuer prefix, length): Visa, Mastercard, JCB, American Express
    let brands: Vec<(&str, usize)> = vec![
        ("4", 16),
        ("51", 16),
        ("55", 16),
        ("2221", 16),
        ("2720", 16),
        ("3528", 16),
        ("3589", 16),
        ("34", 15),
        ("37", 15),
    ];
    (
        prop::sample::select(brands),
        prop::array::uniform15(0u8..10),
        0usize..3,
        prop::option::of(prop::sample::select(vec!["カード番号：", "Card "])),
    )
        .prop_map(|((prefix, len), rest, form, label)| {
            let mut d: Vec<u8> = prefix.bytes().map(|b| b - b'0').collect();
            let fill = len - 1 - d.len();
            d.extend_from_slice(&rest[..fill]);
            d.push(luhn_check(&d));
            let s = digits_str(&d);
            let groups: Vec<&str> = if len == 15 {
                vec![&s[..4], &s[4..10], &s[10..]]
            } else {
                vec![&s[..4], &s[4..8], &s[8..12], &s[12..]]
            };
            let text = match form {
                0 => s.clone(),
                1 => groups.join(" "),
                _ => groups.join("-"),
            };
            Record { kind: Kind::CreditCard, text: labelled(label, text) }
        })
}

fn email() -> impl Strategy<Value = Record> {
    (
        "[a-z][a-z0-9]{2,8}(\\.[a-z]{2,5})?",
        prop::sample::select(vec![
            "example.co.jp",
            "mail.example.com",
            "example.ne.jp",
            "example.org",
        ]),
        prop::option::of(prop::sample::select(vec!["Mail:", "メール "])),
    )
        .prop_map(|(local, domain, label)| Record {
            kind: Kind::Email,
            text: labelled(label, format!("{local}@{domain}")),
        })
}

fn postal_code() -> impl Strategy<Value = Record> {
    (1u16..1000, 0u16..10000, prop::sample::select(vec!["〒", "〒 ", "郵便番号 ", "郵便番号："]))
        .prop_map(|(head, tail, label)| Record {
            kind: Kind::PostalCode,
            text: format!("{label}{head:03}-{tail:04}"),
        })
}

fn record() -> impl Strategy<Value = Record> {
    prop_oneof![my_number(), phone(), card(), email(), postal_code()]
}

/// What a scan reports, in comparable form: kind, span and masked value.
fn items(findings: &[Finding], shift: usize) -> Vec<(Kind, usize, usize, String)> {
    findings.iter().map(|f| (f.kind, f.start + shift, f.end + shift, f.masked.clone())).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn separators_keep_records_apart(
        records in prop::collection::vec(record(), 2..7),
        (sep, open, close) in prop::sample::select(SEPARATORS.to_vec()),
    ) {
        let scanner = scanner();
        let mut joined = String::from(open);
        let mut expected = Vec::new();
        for (i, r) in records.iter().enumerate() {
            if i > 0 {
                joined.push_str(sep);
            }
            let alone = scanner.scan(r.text.as_bytes()).findings;
            // The generator's values are real: each record alone is found as its kind.
            prop_assert!(
                alone.iter().any(|f| f.kind == r.kind),
                "record {:?} alone: {:?}", r.text, alone
            );
            expected.extend(items(&alone, joined.len()));
            joined.push_str(&r.text);
        }
        joined.push_str(close);
        expected.sort();
        let mut got = items(&scanner.scan(joined.as_bytes()).findings, 0);
        got.sort();
        prop_assert_eq!(got, expected, "joined with {:?}: {:?}", sep, joined);
    }
}

//! Precision traps: municipalities followed by counted numbers, form-level words around
//! numbers that stand in no form field, and person and personal-item counts that must agree with what the policy counts.
//!
//! Run `cargo test -p mamori --test precision -- --nocapture` to see the My Number counts
//! per confidence level on `corpora/text`.

use mamori::{Action, Kind, Level, Policy, Scanner};
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

/// The `my_number` truth spans of `corpora/text`, per file.
fn my_number_truth(dir: &Path) -> BTreeMap<String, Vec<(usize, usize)>> {
    let text = fs::read_to_string(dir.join("ground_truth.jsonl")).expect("ground truth");
    let mut by_file: BTreeMap<String, Vec<(usize, usize)>> = BTreeMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("json line");
        if v["kind"] != "my_number" {
            continue;
        }
        let file = v["file"].as_str().expect("file").to_string();
        let span = (v["start"].as_u64().unwrap() as usize, v["end"].as_u64().unwrap() as usize);
        by_file.entry(file).or_default().push(span);
    }
    by_file
}

/// High-confidence My Numbers found in `corpora/text` before form-level words were held to
/// form fields; the rule must not lower it.
const CORPUS_HIGH_FLOOR: usize = 80;

/// Every My Number of the 扶養控除 forms (`hr_fuyou_*`: labelled fields and table cells) is
/// found at high confidence, and the corpus total at high does not fall.
#[test]
fn corpus_my_numbers_stay_high() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpora/text");
    let truth = my_number_truth(&dir);
    let scanner = Scanner::builder().build().unwrap();
    let mut by_level: BTreeMap<&str, usize> = BTreeMap::new();
    let mut missed = Vec::new();
    let mut total = 0;
    for (file, spans) in &truth {
        let report = scanner.scan(&fs::read(dir.join(file)).expect("corpus file"));
        for &(s, e) in spans {
            total += 1;
            let level = report
                .findings
                .iter()
                .find(|f| f.kind == Kind::MyNumber && f.start < e && s < f.end)
                .map_or("missed", |f| f.confidence.level.as_str());
            *by_level.entry(level).or_default() += 1;
            if level != "high" && file.starts_with("hr_fuyou_") {
                missed.push(format!("{file} {s}..{e} {level}"));
            }
        }
    }
    println!("my_number truth items: {total}, by level found: {by_level:?}");
    assert!(total >= 100, "corpus has {total} My Numbers");
    assert!(missed.is_empty(), "not high in the forms: {missed:?}");
    let high = by_level.get("high").copied().unwrap_or(0);
    assert!(high >= CORPUS_HIGH_FLOOR, "{high} high, floor {CORPUS_HIGH_FLOOR}");
}

/// The `n`-th pseudo-random 12-digit string whose last digit is the My Number check digit
/// (11 − Σ Pn×Qn mod 11, remainders 0 and 1 giving 0; weights 6 5 4 3 2 7 6 5 4 3 2).
fn checksum_valid(n: u64) -> String {
    let mut x = n.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    let mut digits = Vec::with_capacity(12);
    for _ in 0..11 {
        x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        digits.push(((x >> 33) % 10) as u32);
    }
    let weights = [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    let rem = digits.iter().zip(weights).map(|(d, w)| d * w).sum::<u32>() % 11;
    digits.push(if rem <= 1 { 0 } else { 11 - rem });
    digits.iter().map(|d| char::from(b'0' + *d as u8)).collect()
}

/// Level of the My Number finding on `value` in `text`, if any.
fn my_number_level(scanner: &Scanner, text: &str, value: &str) -> Option<Level> {
    let start = text.find(value).expect("value in text");
    scanner
        .scan(text.as_bytes())
        .findings
        .iter()
        .find(|f| f.kind == Kind::MyNumber && f.start == start)
        .map(|f| f.confidence.level)
}

/// Checksum-valid numbers in a 源泉徴収票 prose paragraph, with no field label near them:
/// the form-level word does not make them My Numbers.
#[test]
fn form_word_does_not_raise_numbers_in_prose() {
    let scanner = Scanner::builder().build().unwrap();
    let mut seen = 0;
    for n in 0..40 {
        let v = checksum_valid(n);
        for text in [
            format!(
                "令和6年分の源泉徴収票を同封します。社内の照合値{v}は経理システムの伝票と\
                 突き合わせた結果で、差異はありませんでした。"
            ),
            format!(
                "扶養控除等申告書の回収状況：本日までに回収済み。システム上の処理 ID は {v} \
                 で、来週までに確定申告書の案内を送付します。"
            ),
        ] {
            if let Some(level) = my_number_level(&scanner, &text, &v) {
                seen += 1;
                assert_ne!(level, Level::High, "{text}");
            }
        }
    }
    assert!(seen >= 40, "the decoys are My Number candidates ({seen} found)");
}

/// The same kind of number in a field of such a form is raised by the form-level word.
#[test]
fn form_word_raises_numbers_in_form_fields() {
    let scanner = Scanner::builder().build().unwrap();
    for n in 0..40 {
        let v = checksum_valid(n);
        for text in [
            format!("令和6年分 給与所得者の扶養控除等（異動）申告書\n  西村 陽向　{v}　三男\n"),
            format!("源泉徴収票（受給者交付用）\n支払を受ける者　番号 {v}\n"),
            format!("源泉徴収票 一覧\n氏名,番号,支払金額\n西村 健太,{v},4200000\n"),
        ] {
            let level = my_number_level(&scanner, &text, &v);
            assert_eq!(level, Some(Level::High), "{text}");
        }
    }
}

/// A member list whose rows each hold one uncontextualised My Number (low confidence), and
/// then `labelled` rows with a labelled one (high).
fn member_rows(low: u64, labelled: u64) -> String {
    let mut text = String::new();
    for n in 0..low {
        text.push_str(&format!("会員 {} 済\n", checksum_valid(1000 + n)));
    }
    // Filler past the context window, so the labels below do not reach the rows above.
    text.push_str(&format!("{}\n", "。".repeat(400)));
    for n in 0..labelled {
        text.push_str(&format!("\n\n\n\n\n\n個人番号：{}\n", checksum_valid(2000 + n)));
    }
    text
}

/// The number in the verdict's `personal items: N >= M` reason.
fn personal_reason(report: &mamori::Report) -> Option<u64> {
    report
        .verdict
        .reasons
        .iter()
        .find_map(|r| r.strip_prefix("personal items: ")?.split(' ').next()?.parse().ok())
}

/// Low-confidence findings, which the default policy ignores, make no person and no
/// counted personal item.
#[test]
fn persons_count_only_what_the_policy_counts() {
    let text = member_rows(12, 0);
    let report = Scanner::builder().build().unwrap().scan(text.as_bytes());
    let lows = report.of_kind(Kind::MyNumber).filter(|f| f.confidence.level == Level::Low);
    assert_eq!(lows.count(), 12, "the rows are reported, at low confidence");
    assert_eq!(report.persons, 0);
    assert_eq!(report.counted_personal_items, 0);
    assert_eq!(report.verdict.action, Action::Allow, "{:?}", report.verdict.reasons);

    // A policy that counts low findings sees twelve people.
    let policy = Policy { min_confidence: Level::Low, ..Policy::default() };
    let report = Scanner::builder().policy(policy).build().unwrap().scan(text.as_bytes());
    assert_eq!(report.persons, 12);
    assert_eq!(report.counted_personal_items, 12);
}

/// `counted_personal_items` is the number the verdict's personal-items rule compares, with
/// low findings mixed in, for distinct and for occurrence counting.
#[test]
fn counted_personal_items_match_the_verdict() {
    let mut text = member_rows(30, 11);
    text.push_str(&member_rows(0, 11)); // the labelled rows again: 11 repeated values
    for count_distinct in [true, false] {
        let policy = Policy { count_distinct, ..Policy::default() };
        let report = Scanner::builder().policy(policy).build().unwrap().scan(text.as_bytes());
        let expect = if count_distinct { 11 } else { 22 };
        assert_eq!(report.counted_personal_items, expect);
        assert_eq!(personal_reason(&report), Some(expect), "{:?}", report.verdict.reasons);
        assert_eq!(report.personal_items, 52, "every finding is still reported");
        assert_eq!(report.persons, 11);
    }
}

/// A municipality followed by a year, a head count or an amount is no address; a real
/// address in the same text still is.
#[cfg(feature = "dictionaries")]
#[test]
fn municipality_and_number_is_no_address() {
    let scanner = Scanner::builder().build().unwrap();
    let text = "渋谷区2024年度予算の説明会に新宿区 3名、港区から１２名が参加。\n\
                会場：東京都渋谷区架空坂1-2-3 架空ビル5F\n";
    let report = scanner.scan(text.as_bytes());
    let found: Vec<&str> = report.of_kind(Kind::Address).map(|f| &text[f.start..f.end]).collect();
    assert_eq!(found, ["東京都渋谷区架空坂1-2-3 架空ビル5F"]);
}

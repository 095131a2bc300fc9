//! Written forms people use: the trunk zero kept after +81, other My Number groupings next
//! to their label, published sample numbers marked, card schemes named.

use mamori::{Action, Kind, Level, Scanner};

fn scan(text: &str) -> mamori::Report {
    Scanner::builder().build().unwrap().scan(text.as_bytes())
}

#[test]
fn trunk_zero_kept_after_the_country_code() {
    for text in ["TEL +81-090-1234-5678", "TEL +81 090 1234 5678", "TEL +8109012345678"] {
        let r = scan(text);
        let phones: Vec<_> = r.of_kind(Kind::Phone).collect();
        assert_eq!(phones.len(), 1, "{text}: {:?}", r.findings);
        assert_eq!(&text[phones[0].start..phones[0].end], &text[4..], "{text}");
    }
}

#[test]
fn another_my_number_grouping_with_its_label() {
    // 614106526000: check digit computed separately (weights 6 5 4 3 2 7 6 5 4 3 2).
    let r = scan("マイナンバー：6141-0652-600-0");
    let f = r.of_kind(Kind::MyNumber).next().expect("found next to its label");
    assert_eq!(f.masked, "****-****-6000");
    assert!(scan("品番 6141-0652-600-0").of_kind(Kind::MyNumber).next().is_none());
}

#[test]
fn published_samples_are_reported_marked_and_low() {
    let r = scan("個人番号の記入例：123456789018");
    let f = r.of_kind(Kind::MyNumber).next().expect("a sample is reported");
    assert_eq!(f.rule.as_deref(), Some("known_sample"));
    assert_eq!(f.confidence.level, Level::Low, "its label does not raise it");
    assert_eq!(r.verdict.action, Action::Allow, "the default policy counts medium and up");
}

#[test]
fn card_findings_name_their_scheme() {
    let r = scan("カード番号 4111 1111 1111 1111 / 3530 1113 3330 0000 / 5555 5555 5555 4444");
    let rules: Vec<_> = r.of_kind(Kind::CreditCard).map(|f| f.rule.as_deref().unwrap()).collect();
    assert_eq!(rules, ["visa", "jcb", "mastercard"]);
}

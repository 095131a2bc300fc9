//! Behaviour of the public API: configuration, confidence, context, policy and reports.

use mamori::{Action, Kind, Level, Policy, Scanner, ScannerConfig, Thresholds};

fn kinds_of(text: &str, scanner: &Scanner) -> Vec<(Kind, String)> {
    scanner
        .scan(text.as_bytes())
        .findings
        .into_iter()
        .map(|f| (f.kind, text[f.start..f.end].to_string()))
        .collect()
}

#[test]
fn finds_each_kind_in_running_text() {
    let s = Scanner::builder().build().unwrap();
    let text = "山田様\nマイナンバー：6214-9832-0257\n電話 090-1234-5678\n〒100-0001 東京都千代田区\n\
                カード番号 4242-4242-4242-4242\nメール taro@example.co.jp\n法人番号 5835678256246\n\
                振込先 普通 1234567\n旅券番号 TK1234567\n在留カード AB12345678CD\n基礎年金番号 1234-567890\n\
                運転免許証 301234567810\n";
    let got = kinds_of(text, &s);
    let expect = [
        (Kind::PersonName, "山田"),
        (Kind::MyNumber, "6214-9832-0257"),
        (Kind::Phone, "090-1234-5678"),
        (Kind::PostalCode, "100-0001"),
        (Kind::CreditCard, "4242-4242-4242-4242"),
        (Kind::Email, "taro@example.co.jp"),
        (Kind::CorporateNumber, "5835678256246"),
        (Kind::BankAccount, "1234567"),
        (Kind::Passport, "TK1234567"),
        (Kind::ResidenceCard, "AB12345678CD"),
        (Kind::BasicPensionNumber, "1234-567890"),
        (Kind::DriversLicense, "301234567810"),
    ];
    for (kind, span) in expect {
        assert!(got.contains(&(kind, span.to_string())), "{kind} {span} not in {got:?}");
    }
    assert_eq!(got.len(), expect.len(), "{got:?}");
}

#[test]
fn context_raises_confidence_and_can_be_required() {
    let s = Scanner::builder().build().unwrap();
    let bare = s.scan("番号 621498320257 です".as_bytes());
    assert_eq!(bare.findings[0].confidence.level, Level::Low);
    let labelled = s.scan("個人番号 621498320257 です".as_bytes());
    assert_eq!(labelled.findings[0].confidence.level, Level::High);
    assert_eq!(labelled.findings[0].hotwords, vec!["個人番号".to_string()]);

    let strict = Scanner::builder().require_context(Kind::MyNumber).build().unwrap();
    assert!(strict.scan("番号 621498320257 です".as_bytes()).findings.is_empty());
    let far = format!("個人番号{}621498320257", "あ".repeat(400));
    assert!(strict.scan(far.as_bytes()).findings.is_empty(), "hotword beyond the 300-char window");
    let narrow = Scanner::builder().context_window(5).build().unwrap();
    let near = format!("個人番号{}621498320257", "あ".repeat(10));
    assert_eq!(narrow.scan(near.as_bytes()).findings[0].confidence.level, Level::Low);
}

#[test]
fn never_inside_longer_numbers() {
    let s = Scanner::builder().build().unwrap();
    for text in [
        "個人番号 6214983202571",
        "個人番号 16214983202571",
        "伝票 6214-9832-0257-1234",
        "個人番号 6214 9832 0257 1234",
        "ID: X621498320257",
    ] {
        assert!(s.scan(text.as_bytes()).of_kind(Kind::MyNumber).next().is_none(), "{text}");
    }
    // Separated by a blank, two numbers in one line are still two numbers.
    let two = "電話 03-1234-5678 090-1234-5678";
    assert_eq!(s.scan(two.as_bytes()).counts["phone"], 2);
}

#[test]
fn lines_columns_and_masking() {
    let s = Scanner::builder().build().unwrap();
    let text = "一行目\n  電話：０３－１２３４－５６７８";
    let r = s.scan(text.as_bytes());
    let f = &r.findings[0];
    assert_eq!((f.line, f.column), (2, 6));
    assert_eq!(f.masked, "03-****-5678");
    assert!(f.text.is_none(), "raw values only on request");
    let json = r.to_json();
    assert!(!json.contains("１２３４"), "{json}");

    let reveal = Scanner::builder().reveal_values(true).build().unwrap();
    let f = &reveal.scan(text.as_bytes()).findings[0];
    assert_eq!(f.text.as_deref(), Some("０３－１２３４－５６７８"));
}

#[test]
fn distinct_counts_and_policy() {
    let s = Scanner::builder().build().unwrap();
    let signature = "山田 太郎 TEL 03-1234-5678 yamada@example.co.jp\n";
    let thread = signature.repeat(5);
    let r = s.scan(thread.as_bytes());
    assert_eq!(r.counts["phone"], 5);
    assert_eq!(r.distinct_counts["phone"], 1);
    assert_eq!(r.distinct_personal_items, 2);
    assert_eq!(r.verdict.action, Action::Review);

    let list: String = (0..12).map(|i| format!("顧客{i} TEL 090-1234-{:04}\n", 1000 + i)).collect();
    assert_eq!(s.scan(list.as_bytes()).verdict.action, Action::Block);

    let mut policy = Policy { block_at_personal: None, ..Policy::default() };
    policy.per_kind.insert("phone".into(), Thresholds { review: None, block: Some(20) });
    let lenient = Scanner::builder().policy(policy).build().unwrap();
    assert_eq!(lenient.scan(list.as_bytes()).verdict.action, Action::Review);
    assert_eq!(s.scan("マイナンバー 6214 9832 0257".as_bytes()).verdict.action, Action::Block);
    assert_eq!(s.scan("特に問題のない文章です。".as_bytes()).verdict.action, Action::Allow);
}

#[test]
fn keywords_and_custom_regexes() {
    let s = Scanner::builder()
        .keyword_entry(mamori::KeywordEntry {
            text: "極秘".into(),
            label: Some("confidential".into()),
            severity: mamori::Severity::High,
        })
        .keyword("Project Orion")
        .regex("ticket", r"TKT-[0-9]{5}")
        .build()
        .unwrap();
    let text = "【極秘】ＰＲＯＪＥＣＴ　ＯＲＩＯＮ について TKT-12345 参照。projectorion は別物";
    let r = s.scan(text.as_bytes());
    // The full-width form with an ideographic space is the keyword; without a space it is not.
    assert_eq!(r.counts["keyword"], 2, "{:?}", r.findings);
    assert_eq!(&text[r.findings[1].start..r.findings[1].end], "ＰＲＯＪＥＣＴ　ＯＲＩＯＮ");
    assert_eq!(r.counts["ticket"], 1);
    assert_eq!(r.findings[0].rule.as_deref(), Some("confidential"));
    assert_eq!(r.verdict.action, Action::Block, "a high-severity keyword blocks");
    let ascii_space = s.scan("Project Orion".as_bytes());
    assert_eq!(ascii_space.counts["keyword"], 1);
}

#[test]
fn ten_thousand_keywords() {
    let words: Vec<String> = (0..10_000).map(|i| format!("コード名{i:05}")).collect();
    let s = Scanner::builder().keywords(words).build().unwrap();
    let r = s.scan("本件はコード名04711とコード名09999に関する。".as_bytes());
    assert_eq!(r.counts["keyword"], 2);
}

#[test]
fn config_from_json_and_errors() {
    let cfg: ScannerConfig = serde_json::from_str(
        r#"{"kinds": ["phone"], "min_confidence": "medium", "keywords": [{"text": "社外秘"}]}"#,
    )
    .unwrap();
    let s = Scanner::new(cfg).unwrap();
    let r = s.scan("社外秘 個人番号 621498320257 TEL 03-1234-5678".as_bytes());
    assert_eq!(r.counts.get("my_number"), None);
    assert_eq!(r.counts["phone"], 1);
    assert!(serde_json::from_str::<ScannerConfig>(r#"{"kindz": []}"#).is_err());
    // Keywords are plain strings or full entries; a misspelt field is an error.
    let cfg: ScannerConfig = serde_json::from_str(
        r#"{"keywords": ["極秘", {"text": "社外秘", "label": "confidential", "severity": "high"}]}"#,
    )
    .unwrap();
    assert_eq!(cfg.keywords[0].text, "極秘");
    assert_eq!(cfg.keywords[1].label.as_deref(), Some("confidential"));
    assert!(serde_json::from_str::<ScannerConfig>(r#"{"keywords": [{"txt": "x"}]}"#).is_err());
    assert!(Scanner::builder().context_window(0).build().is_err());
    assert!(Scanner::builder().regex("x", "(").build().is_err());
}

#[test]
fn findings_cap_keeps_counting() {
    let s = Scanner::builder().max_findings(3).build().unwrap();
    let text = "TEL 03-1234-5678\n".repeat(10);
    let r = s.scan(text.as_bytes());
    assert_eq!(r.findings.len(), 3);
    assert!(r.findings_truncated);
    assert_eq!(r.counts["phone"], 10);
}

#[test]
fn labels_of_other_numbers_win_over_distant_context() {
    let s = Scanner::builder().build().unwrap();
    // 621498320257 passes the My Number check; the nearer label says it is an order number.
    let text = "個人番号の提出をお願いします。\n注文番号 621498320257 の商品を発送しました。";
    assert_eq!(s.scan(text.as_bytes()).counts.get("my_number"), None);
    let text = "注文番号の件とは別に、個人番号 621498320257 をご確認ください。";
    assert_eq!(s.scan(text.as_bytes()).counts["my_number"], 1, "the nearer label wins");
}

#[test]
fn a_report_survives_a_json_round_trip() {
    let s = Scanner::builder().build().unwrap();
    let text = "山田太郎様\n住所：東京都千代田区千代田1-1\nマイナンバー：6214-9832-0257\nTEL 03-1234-5678\n";
    let report = s.scan(text.as_bytes());
    let back: mamori::Report = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(back, report);
}

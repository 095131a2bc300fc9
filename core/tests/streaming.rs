//! Property tests: streaming in any chunking equals one-shot scanning, and every finding's
//! span maps back onto the original bytes.

use mamori::{Finding, Kind, Scanner};
use proptest::prelude::*;
use std::path::Path;

/// Pieces of realistic text, each carrying items in messy written forms or decoys.
const FRAGMENTS: &[&str] = &[
    "いつもお世話になっております。株式会社アルファ商事の山田です。\n",
    "マイナンバー：6214-9832-0257\n",
    "個人番号 ６２１４　９８３２　０２５７ を確認しました。",
    "本人確認書類の番号は 1767-4936-\n5367 です。",
    "注文番号 2024-1234-5678、伝票 202410160001。",
    "TEL：03-1234-5678　FAX (03)1234-5679\n",
    "携帯 ０９０ー１２３４ー５６７８ までご連絡ください。",
    "+81-(0)3-1234-5678 / +81 90 1234 5678\n",
    "〒100-0001 東京都千代田区千代田1-1\n",
    "カード番号 4242 4242 4242 4242 有効期限 12/27\n",
    "3782 822463 10005（アメックス）",
    "登録番号：T5835678256246\n",
    "振込先：みずほ銀行 本店 普通 1234567\n",
    "メール taro.yamada@example.co.jp、ｈａｎａｋｏ＠ｅｘａｍｐｌｅ．ｊｐ\n",
    "hanako [at] example.co.jp\n",
    "旅券番号 TK1234567、在留カード AB12345678CD\n",
    "基礎年金番号 1234-567890\n",
    "運転免許証番号 第301234567810号\n",
    "【社外秘】プロジェクトＡＬＰＨＡの件\n",
    "金額 1,234,567円、日付 2024-01-15、版 1.2.3\n",
    "佐藤,サトウ,090-8765-4321,sato@example.com,〒530-0001\n",
    "1234567890123456789012345678901234567890123456789012345678901234\n",
    "0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3\n",
    "極秘 PRJ-2024 の計画\n",
    "営業部 山田 太郎 様\n佐藤さん、田中部長より説明。",
    "出席者：平野、遠藤、本川（敬称略）\n",
    "お名前：丸山 翔太（まるやま しょうた）\n",
    "住所：大阪府大阪市北区梅田3-1-1 梅田ビル5F\n",
    "北海道石狩郡当別町弥生 2番地の3、渋谷区道玄坂１丁目２番３号\n",
    "東京都千代田区\n    丸の内1‐2‐3\n",
    "氏名\tフリガナ\t住所\n高橋 一郎\tタカハシ イチロウ\t横浜市中区山下町10番地\n鈴木花子\tスズキ ハナコ\t東京都 千代田区 丸の内 1 - 2 - 3\n\n",
];

fn scanner() -> Scanner {
    Scanner::builder()
        .keywords(["社外秘", "極秘", "project alpha", "プロジェクトALPHA"])
        .regex("project_code", r"PRJ-[0-9]{4}")
        .build()
        .unwrap()
}

fn stream_scan(scanner: &Scanner, input: &[u8], cuts: &[usize]) -> Vec<Finding> {
    let mut stream = scanner.stream();
    let mut streamed = Vec::new();
    let mut last = 0;
    for &cut in cuts {
        streamed.extend(stream.feed(&input[last..cut]));
        last = cut;
    }
    streamed.extend(stream.feed(&input[last..]));
    let report = stream.finish();
    // What came out of feed() plus the report's final findings are the whole report.
    assert!(streamed.len() <= report.findings.len());
    assert_eq!(&report.findings[..streamed.len()], &streamed[..]);
    report.findings
}

fn check_spans(input: &[u8], findings: &[Finding]) {
    for f in findings {
        assert!(f.start < f.end && f.end <= input.len(), "{f:?}");
        if let Ok(text) = std::str::from_utf8(input) {
            assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end), "{f:?}");
            // The visible tail of a masked number is written in the original span.
            let span: String = text[f.start..f.end]
                .chars()
                .filter_map(|c| {
                    c.to_digit(10)
                        .or_else(|| ('０'..='９').contains(&c).then(|| c as u32 - '０' as u32))
                })
                .map(|d| char::from_digit(d, 10).unwrap())
                .collect();
            if matches!(f.kind, Kind::MyNumber | Kind::CreditCard | Kind::Phone) {
                let tail: String =
                    f.masked.chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect();
                assert!(span.ends_with(&tail), "{f:?} span digits {span}");
            }
        }
    }
}

fn text_from(indices: &[usize]) -> Vec<u8> {
    indices.iter().flat_map(|&i| FRAGMENTS[i % FRAGMENTS.len()].bytes()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn streaming_equals_one_shot(
        pieces in prop::collection::vec(0usize..1000, 1..60),
        cut_points in prop::collection::vec(0usize..100_000, 0..40),
    ) {
        let scanner = scanner();
        let input = text_from(&pieces);
        let mut cuts: Vec<usize> = cut_points.iter().map(|c| c % (input.len() + 1)).collect();
        cuts.sort_unstable();
        let one_shot = scanner.scan(&input).findings;
        let streamed = stream_scan(&scanner, &input, &cuts);
        prop_assert_eq!(&streamed, &one_shot);
        check_spans(&input, &one_shot);
    }

    #[test]
    fn tiny_chunks_equal_one_shot(pieces in prop::collection::vec(0usize..1000, 1..12), step in 1usize..9) {
        let scanner = scanner();
        let input = text_from(&pieces);
        let cuts: Vec<usize> = (step..input.len()).step_by(step).collect();
        prop_assert_eq!(stream_scan(&scanner, &input, &cuts), scanner.scan(&input).findings);
    }

    #[test]
    fn arbitrary_bytes_never_panic_and_stream_identically(
        input in prop::collection::vec(any::<u8>(), 0..3000),
        cut in 0usize..3000,
    ) {
        let scanner = scanner();
        let cut = cut.min(input.len());
        let one_shot = scanner.scan(&input).findings;
        prop_assert_eq!(stream_scan(&scanner, &input, &[cut]), one_shot);
    }
}

/// Real samples from the corpus, streamed in several fixed chunkings.
#[test]
fn corpus_files_stream_identically() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpora");
    let scanner = scanner();
    let mut files = 0;
    let entries = [
        "text",
        "persons",
        "shapes/one_per_line",
        "shapes/pasted_tsv",
        "shapes/numeric_csv",
        "shapes/long_sheet",
        "shapes/ansi_log",
        "shapes/comb_form",
        "shapes/decoys",
    ]
    .iter()
    .filter_map(|d| std::fs::read_dir(root.join(d)).ok())
    .flat_map(|e| e.flatten());
    for entry in entries {
        let path = entry.path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !matches!(ext, "txt" | "csv" | "tsv" | "log") {
            continue;
        }
        let input = std::fs::read(&path).unwrap();
        if input.len() > 64 * 1024 {
            continue; // byte-by-byte streaming of the big tables takes minutes in debug
        }
        let one_shot = scanner.scan(&input).findings;
        check_spans(&input, &one_shot);
        for step in [1usize, 7, 4096, 65_536] {
            let cuts: Vec<usize> = (step..input.len()).step_by(step).collect();
            assert_eq!(
                stream_scan(&scanner, &input, &cuts),
                one_shot,
                "{} step {step}",
                path.display()
            );
        }
        files += 1;
    }
    println!("streamed {files} corpus files in 4 chunkings each");
}

/// Memory stays bounded: feeding megabytes keeps the buffer at a few hundred KiB, whichever
/// matchers are configured, and also when no finding appears for a long stretch.
#[test]
fn stream_buffer_is_bounded() {
    let block = text_from(&(0..FRAGMENTS.len()).collect::<Vec<_>>());
    let quiet = "本日は晴天なり。特に記載すべき事項はありません。\n".repeat(2000).into_bytes();
    let scanners = [
        scanner(),
        Scanner::builder().build().unwrap(),
        Scanner::builder().keyword("社外秘").build().unwrap(),
        Scanner::builder().regex("code", "PRJ-[0-9]{4}").build().unwrap(),
    ];
    for scanner in &scanners {
        for input in [&block, &quiet] {
            let mut stream = scanner.stream();
            let mut max_buffered = 0;
            let mut fed = 0;
            while fed < 8 * 1024 * 1024 {
                stream.feed(input);
                fed += input.len();
                max_buffered = max_buffered.max(stream.buffered());
            }
            let report = stream.finish();
            assert!(max_buffered < 512 * 1024, "{scanner:?}: buffered {max_buffered} bytes");
            assert_eq!(report.bytes_scanned, fed as u64);
        }
    }
}

/// `settled()` is a promise: no finding reported later starts before it.
#[test]
fn settled_offset_is_never_passed_back() {
    let scanner = scanner();
    let input = text_from(&(0..200).collect::<Vec<_>>());
    let mut stream = scanner.stream();
    let mut settled = 0;
    for chunk in input.chunks(777) {
        for f in stream.feed(chunk) {
            assert!(f.start >= settled, "finding at {} reported after settling {settled}", f.start);
        }
        assert!(stream.settled() >= settled);
        settled = stream.settled();
        assert!(settled <= stream.bytes_fed() as usize);
    }
    let mut last = Vec::new();
    stream.finish_with(|f| last.push(f.start));
    assert!(last.iter().all(|&s| s >= settled));
}

/// A sheet far longer than the stream's buffer: the header's meaning carries through every
/// chunking, so each row's passport is found exactly as in one pass.
#[test]
fn a_long_sheet_streams_identically() {
    let mut sheet = String::from("社員番号\t氏名\t旅券番号\t備考\n");
    for i in 0..4000 {
        sheet.push_str(&format!(
            "{}\t山田 太郎\tTK{:07}\t特になし\n",
            10_000 + i,
            1_000_000 + i * 7
        ));
    }
    let input = sheet.as_bytes();
    let scanner = scanner();
    let one_shot = scanner.scan(input).findings;
    let passports = one_shot.iter().filter(|f| f.kind == mamori::Kind::Passport).count();
    assert_eq!(passports, 4000);
    for step in [997usize, 4096, 65_536] {
        let cuts: Vec<usize> = (step..input.len()).step_by(step).collect();
        assert_eq!(stream_scan(&scanner, input, &cuts), one_shot, "step {step}");
    }
}

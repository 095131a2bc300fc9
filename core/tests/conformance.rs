//! The conformance cases shared with the Python and Node suites (`corpora/conformance/`):
//! the three APIs must report the same findings for the same bytes and options.

use mamori::{Kind, Level, Scanner};
use serde_json::Value;

fn scanner_for(options: &Value) -> Scanner {
    let mut b = Scanner::builder();
    if let Some(kinds) = options["kinds"].as_array() {
        let kinds: Vec<Kind> =
            kinds.iter().map(|k| k.as_str().unwrap().parse().expect("known kind")).collect();
        b = b.kinds(kinds);
    }
    if let Some(level) = options["min_confidence"].as_str() {
        b = b.min_confidence(level.parse::<Level>().expect("level"));
    }
    if let Some(words) = options["keywords"].as_array() {
        b = b.keywords(words.iter().map(|w| w.as_str().unwrap().to_string()));
    }
    b.build().unwrap()
}

#[test]
fn every_case_agrees() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../corpora/conformance/cases.json");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() >= 10);
    let mut failures = Vec::new();
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let input = match (case["input"].as_str(), case["input_hex"].as_str()) {
            (Some(text), _) => text.as_bytes().to_vec(),
            (None, Some(hex)) => (0..hex.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
                .collect(),
            _ => panic!("{name}: no input"),
        };
        let scanner = scanner_for(&case["options"]);
        let report = scanner.scan_bytes(&input, case["file_name"].as_str());
        if let Some(expect) = case["expect"].as_array() {
            let got: Vec<Value> = report
                .findings
                .iter()
                .map(|f| {
                    serde_json::json!({"kind": f.kind.as_str(), "masked": f.masked,
                        "start": f.start, "end": f.end})
                })
                .collect();
            if &got != expect {
                failures.push(format!("{name}: got {got:?}"));
            }
        }
        if let Some(expect) = case["expect_values"].as_array() {
            let mut got: Vec<(String, String)> = report
                .findings
                .iter()
                .map(|f| (f.kind.as_str().to_string(), f.masked.clone()))
                .collect();
            let mut want: Vec<(String, String)> = expect
                .iter()
                .map(|e| (e["kind"].as_str().unwrap().into(), e["masked"].as_str().unwrap().into()))
                .collect();
            got.sort();
            got.dedup();
            want.sort();
            if got != want {
                failures.push(format!("{name}: got {got:?}, want {want:?}"));
            }
        }
        if let Some(action) = case["action"].as_str() {
            if report.verdict.action.as_str() != action {
                failures.push(format!("{name}: verdict {:?}", report.verdict));
            }
        }
        if let Some(reasons) = case["unscannable"].as_array() {
            let got: Vec<String> = report
                .unscannable
                .iter()
                .map(|u| serde_json::to_value(u.reason).unwrap().as_str().unwrap().to_string())
                .collect();
            let want: Vec<String> =
                reasons.iter().map(|r| r.as_str().unwrap().to_string()).collect();
            if got != want {
                failures.push(format!("{name}: unscannable {:?}", report.unscannable));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

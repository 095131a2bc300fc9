//! `mamori report`: the HTML page of a scan result. Scan results are made by running
//! `mamori scan` on `samples/` and on temporary files; the Parquet input is made by pyarrow
//! (`tests/data/report/make_spark_result.py`).

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_mamori");

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().expect("run mamori")
}

fn tempdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mamori-report-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Scans `paths` with `args` and writes the output to `out`.
fn scan_to(paths: &[&Path], args: &[&str], out: &Path) -> String {
    let mut all: Vec<String> = vec!["scan".into()];
    all.extend(args.iter().map(|s| s.to_string()));
    all.extend(paths.iter().map(|p| p.to_string_lossy().into_owned()));
    let o = Command::new(BIN).args(&all).output().unwrap();
    assert!(o.status.code().unwrap() <= 1, "{}", String::from_utf8_lossy(&o.stderr));
    std::fs::write(out, &o.stdout).unwrap();
    String::from_utf8(o.stdout).unwrap()
}

/// The page of the scan result at `result`.
fn report(result: &Path) -> String {
    let o = run(&["report", &result.to_string_lossy(), "--html", "-"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

#[cfg(feature = "parquet")]
/// The row of the file table whose path cell is `escaped_path`.
fn file_row<'a>(html: &'a str, escaped_path: &str) -> &'a str {
    let table = &html[html.find(r#"<table id="files">"#).expect("file table")..];
    let cell = format!(r#"<td class="path">{escaped_path}</td></tr>"#);
    table.lines().find(|l| l.ends_with(&cell)).unwrap_or_else(|| panic!("no row {cell}"))
}

#[cfg(feature = "parquet")]
/// The `data-v` values of a row's cells, in order.
fn row_values(row: &str) -> Vec<&str> {
    row.split(r#"data-v=""#).skip(1).map(|s| &s[..s.find('"').unwrap()]).collect()
}

/// Every `masked` string anywhere in `v`.
fn collect_masked(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                match (k.as_str(), x) {
                    ("masked", Value::String(s)) => out.push(s.clone()),
                    _ => collect_masked(x, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| collect_masked(x, out)),
        _ => {}
    }
}

/// The tags of the page outside its script (element content is escaped, so every `<` there
/// starts a tag the page wrote).
fn tags(html: &str) -> Vec<&str> {
    let script_start = html.find("<script>").unwrap();
    let script_end = html.find("</script>").unwrap();
    let mut out = Vec::new();
    for part in [&html[..script_start], &html[script_end..]] {
        let mut rest = part;
        while let Some(i) = rest.find('<') {
            let end = rest[i..].find('>').map_or(rest.len(), |e| i + e + 1);
            out.push(&rest[i..end]);
            rest = &rest[end..];
        }
    }
    out
}

/// Asserts the page fetches nothing: no address of another origin anywhere, no `src` or
/// `href` attributes, no CSS imports or `url()`, and a policy forbidding fetches.
fn assert_offline(html: &str) {
    for needle in ["http://", "https://", "@import", "url("] {
        assert!(!html.contains(needle), "page holds {needle:?}");
    }
    for tag in tags(html) {
        for attr in [" src=", " href=", " action=", " srcset=", " data=", " poster="] {
            assert!(!tag.to_ascii_lowercase().contains(attr), "{tag}");
        }
    }
    assert!(
        html.contains(r#"<meta http-equiv="Content-Security-Policy" content="default-src 'none';"#)
    );
    assert!(html.contains(r#"<meta charset="utf-8">"#));
}

#[test]
fn samples_page_is_offline_and_counts_what_the_scan_counted() {
    let dir = tempdir("samples");
    let samples = crate_dir().join("../samples");
    let result = dir.join("samples.json");
    let json: Value =
        serde_json::from_str(&scan_to(&[&samples], &["--format", "json"], &result)).unwrap();
    let html = report(&result);
    assert_offline(&html);
    // One bar per kind, with the scan's own totals.
    let counts = json["totals"]["counts"].as_object().unwrap();
    assert!(!counts.is_empty());
    for (kind, n) in counts {
        assert!(html.contains(&format!("<title>{kind}: {n}</title>")), "no bar {kind}: {n}");
    }
    // A row per file listed in the result, and the file count the scan read.
    let files = json["files"].as_array().unwrap();
    let table = &html[html.find(r#"<table id="files">"#).unwrap()..];
    assert_eq!(table.matches("<tr data-verdict=").count(), files.len());
    let scanned = json["totals"]["files_scanned"].as_u64().unwrap();
    assert!(html.contains(&format!("<b>{scanned}</b><span>読んだファイル files scanned")));
    // The encrypted member is listed as not read.
    assert!(html.contains("<td>encrypted</td><td>password-protected zip entry</td>"), "{html}");
    // The jsonl form of the same scan gives the same bars.
    let lines = dir.join("samples.jsonl");
    scan_to(&[&samples], &["--format", "jsonl"], &lines);
    let from_lines = report(&lines);
    assert_offline(&from_lines);
    for (kind, n) in counts {
        assert!(from_lines.contains(&format!("<title>{kind}: {n}</title>")));
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn markup_in_file_names_is_escaped() {
    let dir = tempdir("markup");
    let files = dir.join("files");
    std::fs::create_dir(&files).unwrap();
    for name in ["<script>alert(1)<\\script>.txt", "<img src=x onerror=alert(2)>.txt"] {
        std::fs::write(files.join(name), "連絡先 TEL 03-3581-4321\n").unwrap();
    }
    for format in ["json", "jsonl"] {
        let result = dir.join(format!("result.{format}"));
        let raw = scan_to(&[&files], &["--format", format, "--no-progress"], &result);
        assert!(raw.contains("<script>alert(1)"), "the scan lists the file: {raw}");
        let html = report(&result);
        assert_eq!(html.matches("<script").count(), 1, "only the page's own script");
        assert!(!html.contains("<img"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;\\script&gt;.txt"));
        assert!(html.contains("&lt;img src=x onerror=alert(2)&gt;.txt"));
        assert_offline(&html);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn raw_values_never_reach_the_page() {
    let dir = tempdir("raw");
    let file = dir.join("顧客.txt");
    std::fs::write(&file, "電話 090-2468-1357\nメール yamada.taro@example.co.jp\n").unwrap();
    for format in ["json", "jsonl"] {
        let result = dir.join(format!("result.{format}"));
        let raw = scan_to(&[&file], &["--format", format, "--show-values"], &result);
        assert!(raw.contains("090-2468-1357"), "the input holds the raw value: {raw}");
        assert!(raw.contains("yamada.taro@example.co.jp"));
        let html = report(&result);
        assert!(!html.contains("2468"), "{html}");
        assert!(!html.contains("yamada.taro"), "{html}");
        // The masked forms the scan wrote are shown instead.
        let mut masked = Vec::new();
        for doc in serde_json::Deserializer::from_str(&raw).into_iter::<Value>() {
            collect_masked(&doc.unwrap(), &mut masked);
        }
        assert_eq!(masked.len(), 2, "{raw}");
        for m in &masked {
            assert!(html.contains(m.as_str()), "no {m}");
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[cfg(feature = "parquet")]
#[test]
fn spark_parquet_result_is_read_without_its_raw_values() {
    let result = crate_dir().join("tests/data/report/spark_result.parquet");
    let html = report(&result);
    assert_offline(&html);
    for raw in ["03-1234-5678", "090-8765-4321", "taro@example.jp", "123456781234", "1234567890001"]
    {
        assert!(!html.contains(raw), "raw {raw} on the page");
    }
    assert!(html.contains("03-****-5678"));
    assert_eq!(html.matches("<script").count(), 1);
    assert!(html.contains("findings only: verdicts and persons are not known"));
    // data-v: verdict rank, personal items, persons, findings, parts not read.
    let row = file_row(&html, "share/営業/顧客.csv");
    assert_eq!(row_values(row), ["0", "3", "0", "3", "0"]);
    // A corporate number is not personal: 1 personal item of 2 findings.
    let row = file_row(&html, "share/&lt;script&gt;alert(1)&lt;\\script&gt;.txt");
    assert_eq!(row_values(row), ["0", "1", "0", "2", "0"]);
    let row = file_row(&html, "share/総務/保管.zip");
    assert_eq!(row_values(row), ["0", "0", "0", "0", "1"]);
    assert!(html.contains("<td>encrypted</td><td>password-protected zip entry</td>"));
    // Folders: share/営業 holds 3 personal items, share 1.
    assert!(html.contains("<title>share/営業: 3</title>"));
    assert!(html.contains("<title>share: 1</title>"));
}

#[cfg(not(feature = "parquet"))]
#[test]
fn parquet_needs_the_feature() {
    let result = crate_dir().join("tests/data/report/spark_result.parquet");
    let o = run(&["report", &result.to_string_lossy(), "--html", "-"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("without the `parquet` feature"));
}

#[test]
fn a_result_that_is_not_one_is_an_error() {
    let dir = tempdir("bad");
    let bad = dir.join("bad.jsonl");
    std::fs::write(&bad, "{\"type\":\"finding\",\"path\":\"a\",\"kind\":\"phone\"}\nhello\n")
        .unwrap();
    let out = dir.join("out.html");
    let o = run(&["report", &bad.to_string_lossy(), "--html", &out.to_string_lossy()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("line 2"));
    assert!(!out.exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

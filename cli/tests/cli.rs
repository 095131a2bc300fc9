//! End-to-end tests: run the built `mamori` binary on the repository's sample corpus and on
//! `tests/data`, and check every output format parses, exit codes, stdin, unreadable files,
//! parts that could not be inspected (zips built here) and configuration errors.

use serde_json::Value;
use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_mamori");

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The repository's sample folder.
fn corpus() -> String {
    crate_dir().join("../corpora/text").to_string_lossy().into_owned()
}

/// Files in the sample folder (walked recursively).
fn corpus_files() -> u64 {
    fn count(d: &Path) -> u64 {
        std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().path())
            .map(|p| if p.is_dir() { count(&p) } else { 1 })
            .sum()
    }
    count(Path::new(&corpus()))
}

fn data(p: &str) -> String {
    crate_dir().join("tests/data").join(p).to_string_lossy().into_owned()
}

fn run_in(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() });
    let mut child = cmd.spawn().expect("run mamori");
    if let Some(input) = stdin {
        let mut si = child.stdin.take().unwrap();
        si.write_all(input).unwrap();
    }
    child.wait_with_output().unwrap()
}

fn run(args: &[&str]) -> Output {
    run_in(&crate_dir(), args, None)
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exit code")
}

fn jsonl(o: &Output) -> Vec<Value> {
    stdout(o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSON line {l:?}: {e}")))
        .collect()
}

/// A fresh scratch folder under the target directory.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const MY_NUMBER_TEXT: &str = "マイナンバー：6214-9832-0257\n";

// ------------------------------------------------------------------- formats

#[test]
fn human_output_on_the_corpus() {
    let o = run(&["scan", &corpus(), "--color", "never"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("BLOCK"), "{out}");
    assert!(out.contains("my_number"), "{out}");
    assert!(out.contains("****-****-"), "{out}");
    assert!(!out.contains("\x1b["), "no colour with --color never");
    assert!(out.contains(&format!("{} files", corpus_files())), "{out}");
}

#[test]
fn values_masked_unless_asked() {
    let shown = run(&["scan", &corpus(), "-f", "jsonl", "--show-values"]);
    let recs = jsonl(&shown);
    let values: Vec<String> = recs
        .iter()
        .filter(|r| r["kind"] == "my_number" || r["kind"] == "credit_card")
        .map(|r| r["text"].as_str().expect("text with --show-values").to_string())
        .collect();
    assert!(values.len() > 10);
    for fmt in ["human", "jsonl", "json", "csv", "sarif"] {
        let o = run(&["scan", &corpus(), "-f", fmt]);
        let out = stdout(&o);
        for v in &values {
            assert!(!out.contains(v.as_str()), "{fmt} leaks a value");
        }
    }
    assert!(jsonl(&run(&["scan", &corpus(), "-f", "jsonl"]))
        .iter()
        .all(|r| r.get("text").is_none()));
}

#[test]
fn jsonl_and_json_agree() {
    let lines = jsonl(&run(&["scan", &corpus(), "-f", "jsonl"]));
    assert!(lines.len() > 1000);
    for r in &lines {
        assert_eq!(r["type"], "finding", "{r}");
        for key in [
            "path",
            "location",
            "kind",
            "severity",
            "confidence",
            "start",
            "end",
            "line",
            "column",
            "masked",
            "hotwords",
        ] {
            assert!(r.get(key).is_some(), "missing {key} in {r}");
        }
        assert!(r["confidence"]["level"].is_string());
        let path = r["path"].as_str().unwrap();
        let loc = file_part(r["location"].as_str().unwrap());
        assert!(path.ends_with(&loc), "{path} / {loc}");
        assert!(!loc.contains("corpora"), "location is relative to the root: {loc}");
    }
    let o = run(&["scan", &corpus(), "-f", "json"]);
    assert_eq!(code(&o), 1);
    let doc: Value = serde_json::from_str(&stdout(&o)).expect("json parses");
    let total = doc["totals"]["finding_count"].as_u64().unwrap();
    assert_eq!(total as usize, lines.len());
    assert_eq!(doc["totals"]["files_scanned"], corpus_files());
    let files = doc["files"].as_array().unwrap();
    let sum: usize = files.iter().map(|f| f["findings"].as_array().unwrap().len()).sum();
    assert_eq!(sum, lines.len());
    let paths: Vec<&str> = files.iter().map(|f| f["path"].as_str().unwrap()).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "json files are sorted by path");
}

#[test]
fn csv_parses_with_bom() {
    let o = run(&["scan", &corpus(), "-f", "csv"]);
    assert_eq!(code(&o), 1);
    assert!(o.stdout.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM for Excel");
    let body = &o.stdout[3..];
    let mut rdr = csv::Reader::from_reader(body);
    let header: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header[0], "path");
    assert!(header.contains(&"masked".to_string()));
    assert!(!header.contains(&"value".to_string()));
    let kind_col = header.iter().position(|h| h == "kind").unwrap();
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    let n = jsonl(&run(&["scan", &corpus(), "-f", "jsonl"])).len();
    assert_eq!(rows.len(), n);
    assert!(rows.iter().all(|r| r.len() == header.len()));
    assert!(rows.iter().any(|r| &r[kind_col] == "my_number"));
}

#[test]
fn sarif_has_the_2_1_0_shape() {
    let o = run(&["scan", &corpus(), "-f", "sarif"]);
    assert_eq!(code(&o), 1);
    let doc: Value = serde_json::from_str(&stdout(&o)).expect("sarif parses");
    assert_eq!(doc["version"], "2.1.0");
    assert!(doc["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let runs = doc["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run0 = &runs[0];
    assert_eq!(run0["tool"]["driver"]["name"], "mamori");
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids.iter().collect::<BTreeSet<_>>().len(), ids.len(), "rule ids unique");
    let results = run0["results"].as_array().unwrap();
    assert!(results.len() > 1000);
    for r in results {
        let id = r["ruleId"].as_str().unwrap();
        let idx = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(ids[idx], id);
        assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap()));
        assert!(r["message"]["text"].is_string());
        let loc = &r["locations"][0]["physicalLocation"];
        let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
        assert!(uri.is_ascii() && !uri.contains(' '), "uri is percent-encoded: {uri}");
        assert!(loc["region"]["startLine"].as_u64().unwrap() >= 1);
        assert!(loc["region"]["startColumn"].as_u64().unwrap() >= 1);
        let base = loc["artifactLocation"]["uriBaseId"].as_str().unwrap();
        assert!(run0["originalUriBaseIds"][base]["uri"].as_str().unwrap().starts_with("file:///"));
    }
    assert_eq!(run0["invocations"][0]["executionSuccessful"], true);
}

#[test]
fn summary_is_sorted_by_risk() {
    let rank = |v: &str| match v {
        "block" => 2,
        "review" => 1,
        _ => 0,
    };
    let recs = jsonl(&run(&["scan", &corpus(), "--summary", "-f", "jsonl"]));
    assert!(recs.len() > 40);
    let keys: Vec<(i32, u64, u64)> = recs
        .iter()
        .map(|r| {
            (
                rank(r["verdict"]["action"].as_str().unwrap()),
                r["persons"].as_u64().unwrap(),
                r["distinct_personal_items"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(keys.windows(2).all(|w| w[0] >= w[1]), "{keys:?}");
    assert!(recs.iter().all(|r| r.get("findings").is_none()));
    assert!(recs.iter().all(|r| r["type"] == "file"));

    let o = run(&["scan", &corpus(), "--summary", "-f", "csv"]);
    let mut rdr = csv::Reader::from_reader(&o.stdout[3..]);
    assert_eq!(&rdr.headers().unwrap()[2], "verdict");
    assert_eq!(rdr.records().count(), recs.len());

    let doc: Value =
        serde_json::from_str(&stdout(&run(&["scan", &corpus(), "-s", "-f", "json"]))).unwrap();
    assert_eq!(doc["files"].as_array().unwrap().len(), recs.len());

    let human = stdout(&run(&["scan", &corpus(), "-s", "--color", "never"]));
    let first = human.lines().nth(1).unwrap();
    assert!(first.starts_with("block"), "{human}");

    let o = run(&["scan", &corpus(), "-s", "-f", "sarif"]);
    assert_eq!(code(&o), 2, "sarif has no summary form");
}

#[test]
fn colours_follow_the_flag() {
    let o = run(&["scan", &data("sample"), "--color", "always"]);
    assert!(stdout(&o).contains("\x1b[1;31m"), "high severity in red");
    // Not a terminal: no colour by default.
    assert!(!stdout(&run(&["scan", &data("sample")])).contains("\x1b["));
}

#[test]
fn output_order_does_not_depend_on_threads() {
    let out =
        |fmt: &str, threads: &str| stdout(&run(&["scan", &corpus(), "-f", fmt, "-j", threads]));
    let one = out("jsonl", "1");
    assert!(one.lines().count() > 1000);
    assert_eq!(one, out("jsonl", "4"), "jsonl");
    assert_eq!(out("csv", "1"), out("csv", "4"), "csv");
    // Files come in sorted order (the corpus folder is flat).
    let paths: Vec<String> = jsonl(&run(&["scan", &corpus(), "-f", "jsonl", "-j", "4"]))
        .iter()
        .map(|r| r["path"].as_str().unwrap().to_string())
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    // The human view differs only in the time on its totals line.
    let human = |threads: &str| {
        let text = stdout(&run(&["scan", &corpus(), "-j", threads, "--color", "never"]));
        let lines: Vec<String> = text.lines().map(String::from).collect();
        assert!(lines[lines.len() - 2].contains(" of text read in "), "{text}");
        lines.into_iter().filter(|l| !l.contains(" of text read in ")).collect::<Vec<_>>()
    };
    assert_eq!(human("1"), human("4"));
}

// ------------------------------------------------------------------- exit codes, stdin

#[test]
fn exit_codes() {
    let clean = run(&["scan", &data("sample/clean.txt")]);
    assert_eq!(code(&clean), 0, "{}", stdout(&clean));
    assert!(stdout(&clean).contains("nothing to list: no findings, every part read"));

    let q = run(&["scan", "-q", &data("sample")]);
    assert_eq!(code(&q), 1);
    assert!(q.stdout.is_empty());

    // mail.eml is only "review": fails on findings and review, not on block.
    let mail = data("sample/sub/mail.eml");
    assert_eq!(code(&run(&["scan", &mail])), 1);
    assert_eq!(code(&run(&["scan", &mail, "--fail-on", "review"])), 1);
    assert_eq!(code(&run(&["scan", &mail, "--fail-on", "block"])), 0);
    let memo = data("sample/顧客メモ.txt");
    assert_eq!(code(&run(&["scan", &memo, "--fail-on", "block"])), 1);
    assert_eq!(code(&run(&["scan", &memo, "--fail-on", "never"])), 0);

    // A path that does not exist: reported, the rest still scanned, status 2.
    let o = run(&["scan", "-f", "jsonl", "no/such/dir", &memo]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("no/such/dir"), "{}", stderr(&o));
    assert!(!jsonl(&o).is_empty(), "the other path was scanned");

    // Usage errors are status 2 too.
    assert_eq!(code(&run(&["scan", "--format", "xml"])), 2);
    assert_eq!(code(&run(&["scan", "--kinds", "phone_number"])), 2);
}

#[test]
fn stdin_is_scanned() {
    let o = run_in(&crate_dir(), &["scan", "-", "-f", "jsonl"], Some(MY_NUMBER_TEXT.as_bytes()));
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let recs = jsonl(&o);
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0]["kind"], "my_number");
    assert_eq!(recs[0]["location"], "-");
    assert_eq!(recs[0]["masked"], "****-****-0257");

    let o = run_in(&crate_dir(), &["scan", "-"], Some("こんにちは\n".as_bytes()));
    assert_eq!(code(&o), 0);
}

// ------------------------------------------------------------------- unreadable files, links

/// Makes `dir/name` unreadable. As root, permissions do not stop reading, so a dangling
/// symbolic link is used instead (it needs `--follow` to be visited). Returns whether
/// `--follow` is needed.
fn make_unreadable(dir: &Path, name: &str) -> bool {
    let p = dir.join(name);
    std::fs::write(&p, MY_NUMBER_TEXT).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).unwrap();
        if std::fs::read(&p).is_err() {
            return false;
        }
        // Running as root: replace it with a link to nothing.
        std::fs::remove_file(&p).unwrap();
        std::os::unix::fs::symlink(dir.join("gone.txt"), &p).unwrap();
    }
    true
}

#[test]
fn unreadable_file_is_reported_and_scan_goes_on() {
    let dir = scratch("unreadable");
    std::fs::write(dir.join("ok.txt"), MY_NUMBER_TEXT).unwrap();
    let need_follow = make_unreadable(&dir, "locked.txt");
    let d = dir.to_string_lossy().into_owned();
    let mut args = vec!["scan", d.as_str(), "-f", "json"];
    if need_follow {
        args.push("--follow");
    }
    let o = run(&args);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(stderr(&o).contains("locked.txt"), "{}", stderr(&o));
    let doc: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(doc["errors"].as_array().unwrap().len(), 1);
    assert_eq!(doc["files"][0]["location"], "ok.txt");
    assert_eq!(doc["totals"]["finding_count"], 1);

    let sarif: Value = serde_json::from_str(&stdout(&run(&{
        let mut a = args.clone();
        a[3] = "sarif";
        a
    })))
    .unwrap();
    let inv = &sarif["runs"][0]["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    assert_eq!(inv["toolExecutionNotifications"].as_array().unwrap().len(), 1);
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(unix)]
#[test]
fn symlinks_are_not_followed_by_default() {
    let dir = scratch("links");
    let outside = scratch("links-target");
    std::fs::write(outside.join("secret.txt"), MY_NUMBER_TEXT).unwrap();
    std::fs::create_dir(dir.join("inner")).unwrap();
    std::fs::write(dir.join("inner/plain.txt"), "何もない\n").unwrap();
    std::os::unix::fs::symlink(outside.join("secret.txt"), dir.join("link.txt")).unwrap();
    std::os::unix::fs::symlink(&outside, dir.join("linkdir")).unwrap();
    std::os::unix::fs::symlink(dir.join("nowhere"), dir.join("dangling")).unwrap();
    let d = dir.to_string_lossy().into_owned();
    let o = run(&["scan", &d, "-f", "jsonl"]);
    assert_eq!(code(&o), 0, "links skipped, dangling one too: {}", stderr(&o));
    let o = run(&["scan", &d, "-f", "jsonl", "-L"]);
    assert_eq!(code(&o), 2, "followed; the dangling link is an error");
    let locs: BTreeSet<String> =
        jsonl(&o).iter().map(|r| file_part(r["location"].as_str().unwrap())).collect();
    assert_eq!(locs, ["link.txt", "linkdir/secret.txt"].iter().map(|s| s.to_string()).collect());
    // A link named on the command line is read.
    let link = dir.join("link.txt").to_string_lossy().into_owned();
    assert_eq!(code(&run(&["scan", &link])), 1);
}

// ------------------------------------------------------------------- filters, options

#[test]
fn include_and_exclude() {
    let sample = data("sample");
    let locs = |extra: &[&str]| -> BTreeSet<String> {
        let mut args = vec!["scan", sample.as_str(), "-f", "jsonl"];
        args.extend_from_slice(extra);
        jsonl(&run(&args)).iter().map(|r| file_part(r["location"].as_str().unwrap())).collect()
    };
    let all = locs(&[]);
    assert_eq!(all.len(), 2, "{all:?}");
    assert_eq!(locs(&["--exclude", "*.eml"]).len(), 1);
    assert_eq!(locs(&["--exclude", "sub"]).len(), 1);
    let only: Vec<_> = locs(&["--include", "*.eml"]).into_iter().collect();
    assert_eq!(only, ["sub/mail.eml"]);
    assert!(locs(&["--include", "sub/*.txt"]).is_empty());
}

#[test]
fn kinds_and_min_confidence() {
    let recs = jsonl(&run(&["scan", &corpus(), "-f", "jsonl", "--kinds", "email,phone"]));
    assert!(!recs.is_empty());
    assert!(recs.iter().all(|r| r["kind"] == "email" || r["kind"] == "phone"));
    let recs = jsonl(&run(&["scan", &corpus(), "-f", "jsonl", "--min-confidence", "high"]));
    assert!(!recs.is_empty());
    assert!(recs.iter().all(|r| r["confidence"]["level"] == "high"));
}

#[test]
fn keyword_file_in_shift_jis() {
    let o =
        run(&["scan", &data("sample"), "-f", "jsonl", "--keywords", &data("keywords_sjis.txt")]);
    let kws: Vec<Value> = jsonl(&o).into_iter().filter(|r| r["kind"] == "keyword").collect();
    assert_eq!(kws.len(), 2, "社外秘 in the memo, 極秘 in the mail: {kws:?}");
    let labelled = kws.iter().find(|r| r["rule"] == "社外秘表示").expect("label");
    assert_eq!(labelled["severity"], "high");

    let o = run(&["scan", &data("sample"), "--keywords", &data("keywords_bad.txt")]);
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    assert!(err.contains("keywords_bad.txt:2"), "{err}");
    assert!(err.contains("urgent"), "{err}");
}

#[test]
fn config_file_sets_everything() {
    let o = run(&["scan", "-c", &data("good.toml"), &data("sample"), "-f", "json"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let doc: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let files = doc["files"].as_array().unwrap();
    let kinds: BTreeSet<&str> = files
        .iter()
        .flat_map(|f| f["findings"].as_array().unwrap())
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["email", "keyword", "phone"].into_iter().collect());
    // per_kind.phone.block = 2 is not reached, review = 1 is; 極秘 is a high keyword: block.
    let mail = files.iter().find(|f| f["location"] == "sub/mail.eml").unwrap();
    assert_eq!(mail["verdict"]["action"], "block");
    assert_eq!(doc["totals"]["files_scanned"], 2, "clean.txt excluded by [scan]");
}

#[test]
fn bad_config_names_file_line_and_key() {
    let cases = [
        ("bad_type.toml", ":4:", "policy.per_kind.phone.review"),
        ("bad_key.toml", ":2:", "contxt_window"),
        ("bad_regex.toml", ":7:", "regexes[1].pattern"),
        ("bad_policy.toml", ":1:", "policy.per_kind.phnoe"),
    ];
    for (file, line, key) in cases {
        let o = run(&["scan", "-c", &data(file), &data("sample")]);
        assert_eq!(code(&o), 2, "{file}");
        let err = stderr(&o);
        assert!(err.contains(&format!("{file}{line}")), "{file}: {err}");
        assert!(err.contains(key), "{file}: {err}");
        assert!(o.stdout.is_empty());
    }
    let o = run(&["scan", "-c", "does-not-exist.toml"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("does-not-exist.toml"));
}

#[test]
fn init_writes_a_working_config() {
    let dir = scratch("init");
    let o = run_in(&dir, &["init"], None);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let text = std::fs::read_to_string(dir.join("mamori.toml")).unwrap();
    assert!(text.contains("[policy]") && text.lines().any(|l| l.starts_with('#')));
    assert_eq!(code(&run_in(&dir, &["init"], None)), 2, "no overwrite");
    assert_eq!(code(&run_in(&dir, &["init", "--force"], None)), 0);
    std::fs::write(dir.join("memo.txt"), "【社外秘】\nTEL 03-1234-5678\n").unwrap();
    let o = run_in(&dir, &["scan", "--config", "mamori.toml", "memo.txt", "-f", "jsonl"], None);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(jsonl(&o).iter().any(|r| r["kind"] == "keyword"));
    let printed = run(&["init", "-"]);
    assert_eq!(stdout(&printed), text);
    let _ = std::fs::remove_dir_all(&dir);
}

// ------------------------------------------------------------------- redact

#[test]
fn redact_masks_values_and_keeps_the_rest() {
    let text = "お客様各位\nマイナンバー：6214-9832-0257\n連絡先 TEL 03-1234-5678 / yamada@example.co.jp\n以上\n";
    let o = run_in(&crate_dir(), &["redact"], Some(text.as_bytes()));
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    for raw in ["6214-9832-0257", "1234-5678", "yamada@"] {
        assert!(!out.contains(raw), "{raw} leaked: {out}");
    }
    assert!(out.contains("****-****-0257"));
    assert!(out.starts_with("お客様各位\nマイナンバー："));
    assert!(out.ends_with("\n以上\n"));

    let o = run_in(&crate_dir(), &["redact", "-", "--style", "kind"], Some(text.as_bytes()));
    assert!(stdout(&o).contains("[my_number]"), "{}", stdout(&o));

    let dir = scratch("redact");
    let inp = dir.join("in.txt");
    let outp = dir.join("out.txt");
    std::fs::write(&inp, text).unwrap();
    let o = run(&["redact", &inp.to_string_lossy(), "-o", &outp.to_string_lossy()]);
    assert_eq!(code(&o), 0);
    assert_eq!(std::fs::read_to_string(&outp).unwrap(), out);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The file part of a location: what comes before the first place inside it (`!` member or
/// `#` place), e.g. `sub/mail.eml` for `sub/mail.eml#From`.
fn file_part(location: &str) -> String {
    location.split(['!', '#']).next().unwrap_or(location).to_string()
}

#[test]
fn persons_are_counted_and_can_block() {
    let table = crate_dir().join("../corpora/persons/customers_009.tsv");
    let table = table.to_string_lossy();
    let recs = jsonl(&run(&["scan", &table, "--summary", "-f", "jsonl"]));
    assert_eq!(recs[0]["persons"], 20, "{:?}", recs[0]);
    assert!(recs[0]["counts"]["address"].as_u64().unwrap() >= 19);
    assert!(recs[0]["counts"]["person_name"].as_u64().unwrap() >= 19);

    // A policy on people: block from 10 persons, with every other rule off.
    let cfg = scratch("persons-policy").join("mamori.toml");
    std::fs::write(
        &cfg,
        "[policy]\nblock_on_any = []\nreview_at_personal = 1000\nblock_at_personal = 1000\n\
         block_at_persons = 10\n",
    )
    .unwrap();
    let o = run(&["scan", &table, "--config", &cfg.to_string_lossy(), "-f", "json"]);
    assert!(stdout(&o).contains("persons: 20 >= 10 (block)"), "{}", stdout(&o));
}

// ------------------------------------------------------------------- parts not inspected

/// Writes a zip of `(name, content, encrypted)` members (stored; encrypted ones with the
/// legacy ZipCrypto password scheme, as PPAP mails carry them).
fn write_zip(path: &Path, members: &[(String, Vec<u8>, bool)]) {
    use zip::unstable::write::FileOptionsExt;
    let mut w = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, content, encrypted) in members {
        let mut opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        if *encrypted {
            opts = opts.with_deprecated_encryption(b"ppap-password").unwrap();
        }
        w.start_file(name.as_str(), opts).unwrap();
        w.write_all(content).unwrap();
    }
    w.finish().unwrap();
}

/// A folder holding only `ppap.zip`, whose one member (a My Number) is password-protected.
fn ppap_folder() -> (PathBuf, String) {
    let dir = scratch("ppap");
    let member = ("顧客.csv".to_string(), MY_NUMBER_TEXT.as_bytes().to_vec(), true);
    write_zip(&dir.join("ppap.zip"), &[member]);
    let d = dir.to_string_lossy().into_owned();
    (dir, d)
}

#[test]
fn an_encrypted_zip_alone_is_reported_in_every_format_and_fails() {
    let (_dir, d) = ppap_folder();
    let place = "ppap.zip!顧客.csv";

    let o = run(&["scan", &d, "-f", "jsonl"]);
    assert_eq!(code(&o), 1, "not inspected is not clean: {}", stderr(&o));
    let recs = jsonl(&o);
    assert_eq!(recs.len(), 1, "{recs:?}");
    let r = &recs[0];
    assert_eq!(r["type"], "unscannable");
    assert_eq!(r["path"], format!("{d}/ppap.zip"));
    assert_eq!(r["location"], place);
    assert_eq!(r["reason"], "encrypted");
    assert!(r["detail"].as_str().unwrap().contains("password"), "{r}");
    assert_eq!(r["count"], 1);
    assert_eq!(stderr(&o).lines().count(), 1, "one line on stderr: {}", stderr(&o));

    let o = run(&["scan", &d, "-f", "json"]);
    assert_eq!(code(&o), 1);
    let doc: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let file = &doc["files"][0];
    assert_eq!(file["location"], "ppap.zip");
    assert_eq!(file["verdict"]["action"], "review");
    assert_eq!(file["finding_count"], 0);
    assert_eq!(file["unscannable_count"], 1);
    let parts = file["unscannable"].as_array().unwrap();
    assert_eq!(parts.len(), 1);
    assert_eq!(parts[0]["location"], place);
    assert_eq!(parts[0]["reason"], "encrypted");
    assert!(parts[0]["detail"].as_str().unwrap().contains("password"));
    assert_eq!(doc["totals"]["unscannable_count"], 1);
    assert_eq!(doc["totals"]["files_with_unscannable"], 1);
    assert_eq!(doc["totals"]["finding_count"], 0);

    let o = run(&["scan", &d, "-f", "csv"]);
    assert_eq!(code(&o), 1);
    let mut rdr = csv::Reader::from_reader(&o.stdout[3..]);
    let header: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(&rows[0][col("kind")], "unscannable");
    assert_eq!(&rows[0][col("location")], place);
    assert_eq!(&rows[0][col("rule")], "encrypted");
    assert!(rows[0][col("masked")].contains("password"));
    assert_eq!(&rows[0][col("line")], "");
    assert_eq!(&rows[0][col("file_verdict")], "review");

    let o = run(&["scan", &d, "-f", "sarif"]);
    assert_eq!(code(&o), 1);
    let doc: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let run0 = &doc["runs"][0];
    let results = run0["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    let res = &results[0];
    assert_eq!(res["ruleId"], "mamori/unscannable/encrypted");
    assert_eq!(res["level"], "warning");
    let rule = &run0["tool"]["driver"]["rules"][res["ruleIndex"].as_u64().unwrap() as usize];
    assert_eq!(rule["id"], "mamori/unscannable/encrypted");
    let uri = res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap();
    assert_eq!(uri, "ppap.zip!%E9%A1%A7%E5%AE%A2.csv");
    assert_eq!(res["properties"]["reason"], "encrypted");
    assert_eq!(res["properties"]["count"], 1);
    assert!(res["message"]["text"].as_str().unwrap().contains("encrypted"));

    let o = run(&["scan", &d, "--color", "never"]);
    assert_eq!(code(&o), 1);
    let out = stdout(&o);
    let line = out.lines().find(|l| l.contains(place)).expect(&out);
    assert!(line.contains("not inspected (encrypted)") && line.contains("password"), "{line}");
    let header = out.lines().find(|l| l.ends_with("ppap.zip  REVIEW  1 part not inspected"));
    assert!(header.is_some(), "{out}");
    let totals = out.lines().last().unwrap();
    assert!(totals.contains("1 part not inspected in 1 file"), "{out}");
    assert!(totals.starts_with("1 file listed (1 review): "), "{out}");
    assert!(stderr(&o).is_empty(), "the human view says it on stdout: {}", stderr(&o));

    // --fail-on, when given, decides: only findings, or the verdict.
    assert_eq!(code(&run(&["scan", &d, "--fail-on", "finding"])), 0);
    assert_eq!(code(&run(&["scan", &d, "--fail-on", "review"])), 1);
    assert_eq!(code(&run(&["scan", &d, "--fail-on", "block"])), 0);
    assert_eq!(code(&run(&["scan", &d, "-q"])), 1);
}

#[test]
fn many_parts_of_one_reason_are_summarised_with_their_true_count() {
    let dir = scratch("many-parts");
    // 25 images (no text without OCR), then 1,100 password-protected members: more than
    // the 1,000 parts the engine lists per file.
    let mut members: Vec<(String, Vec<u8>, bool)> = (0..25)
        .map(|i| (format!("scan{i:02}.png"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(), false))
        .collect();
    members.extend((0..1100).map(|i| (format!("顧客{i:04}.csv"), b"x".to_vec(), true)));
    write_zip(&dir.join("many.zip"), &members);
    let d = dir.to_string_lossy().into_owned();
    let total = 25 + 1100;

    let o = run(&["scan", &d, "-f", "jsonl"]);
    assert_eq!(code(&o), 1);
    let recs = jsonl(&o);
    assert!(recs.iter().all(|r| r["type"] == "unscannable"));
    assert!(recs.len() <= 30, "summarised: {} records", recs.len());
    let count = |r: &Value| r["count"].as_u64().unwrap();
    assert_eq!(recs.iter().map(count).sum::<u64>(), total);
    let of = |reason: &str| recs.iter().filter(|r| r["reason"] == reason).collect::<Vec<_>>();
    let images = of("unsupported_format");
    assert_eq!(images.len(), 11, "ten listed, then the rest counted");
    assert!(images[..10].iter().all(|r| count(r) == 1));
    assert_eq!(images[0]["location"], "many.zip!scan00.png");
    assert_eq!(images[10]["location"], "many.zip");
    assert_eq!(count(images[10]), 15);
    assert_eq!(images[10]["detail"], "and 15 more unsupported_format");
    let encrypted = of("encrypted");
    assert_eq!(encrypted.len(), 11);
    assert_eq!(encrypted[0]["location"], "many.zip!顧客0000.csv");
    let encrypted_total: u64 = encrypted.iter().map(|r| count(r)).sum();
    let limit = of("limit_exceeded");
    let limit_total: u64 = limit.iter().map(|r| count(r)).sum();
    assert_eq!(encrypted_total + limit_total, 1100, "{encrypted:?} {limit:?}");
    assert!(stderr(&o).lines().count() <= 1, "no flood: {}", stderr(&o));

    let doc: Value = serde_json::from_str(&stdout(&run(&["scan", &d, "-f", "json"]))).unwrap();
    assert_eq!(doc["files"][0]["unscannable_count"], total);
    assert_eq!(doc["totals"]["unscannable_count"], total);
    let parts = doc["files"][0]["unscannable"].as_array().unwrap();
    assert_eq!(parts.len(), recs.len());
    assert_eq!(parts.iter().map(count).sum::<u64>(), total);

    let o = run(&["scan", &d, "-f", "csv"]);
    let mut rdr = csv::Reader::from_reader(&o.stdout[3..]);
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), recs.len());
    assert!(rows.iter().any(|r| &r[11] == "and 15 more unsupported_format"), "{rows:?}");

    let doc: Value = serde_json::from_str(&stdout(&run(&["scan", &d, "-f", "sarif"]))).unwrap();
    let results = doc["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), recs.len());
    let sarif_total: u64 = results.iter().map(|r| r["properties"]["count"].as_u64().unwrap()).sum();
    assert_eq!(sarif_total, total);

    let o = run(&["scan", &d, "--color", "never"]);
    let out = stdout(&o);
    let line = out.lines().find(|l| l.contains("and 15 more unsupported_format")).expect(&out);
    assert_eq!(line.split_whitespace().next(), Some("many.zip"), "{line}");
    assert!(line.contains("not inspected"), "{line}");
    assert!(out.lines().count() < 40, "{out}");
    assert!(out.lines().last().unwrap().contains("1,125 parts not inspected in 1 file"), "{out}");
    assert!(stderr(&o).is_empty());
}

/// The repository's `samples/` folder.
fn samples() -> String {
    crate_dir().join("../samples").to_string_lossy().into_owned()
}

/// A human finding line split into its columns: file, place, position, kind, confidence,
/// masked value (the context words are left out).
#[derive(Debug, PartialEq)]
struct HumanLine {
    file: String,
    place: String,
    position: String,
    kind: String,
    masked: String,
}

fn human_lines(out: &str) -> Vec<HumanLine> {
    let mut lines = Vec::new();
    for l in out.lines().filter(|l| l.starts_with("  ") && !l.contains("not inspected")) {
        let mut w: Vec<&str> = l.split_whitespace().collect();
        if w.iter().any(|t| t.contains(">=") || t.ends_with(';')) || w.len() < 4 {
            continue; // a verdict reason
        }
        let file = w.remove(0).to_string();
        let place = if w[0].starts_with('#') { w.remove(0).to_string() } else { String::new() };
        let position = if w[0] == "line" {
            format!("line {}", w.drain(..2).nth(1).unwrap())
        } else if w[0].contains(':') && w[0].split(':').all(|n| n.parse::<u64>().is_ok()) {
            w.remove(0).to_string()
        } else {
            String::new()
        };
        let (kind, masked) = (w[0].to_string(), w[2].to_string());
        lines.push(HumanLine { file, place, position, kind, masked });
    }
    lines
}

#[test]
fn human_view_names_the_file_the_place_and_a_useful_position() {
    // Where the generator put every value of the sample documents (corpora/documents).
    let truth =
        std::fs::read_to_string(crate_dir().join("../corpora/documents/ground_truth.jsonl"))
            .unwrap();
    let sample_names: BTreeSet<String> = std::fs::read_dir(samples())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let out = stdout(&run(&["scan", &samples(), "--color", "never"]));
    let lines = human_lines(&out);
    let mut checked = 0;
    for rec in truth.lines().map(|l| serde_json::from_str::<Value>(l).unwrap()) {
        let location = rec["location"].as_str().unwrap();
        let kind = rec["kind"].as_str().unwrap();
        let top = location.split(['!', '#']).next().unwrap();
        if !sample_names.contains(top) || !["my_number", "phone"].contains(&kind) {
            continue;
        }
        let (file, place) = location.split_at(location.find('#').unwrap_or(location.len()));
        let digits: String =
            rec["value"].as_str().unwrap().chars().filter(char::is_ascii_digit).collect();
        let last4 = &digits[digits.len() - 4..];
        let line = lines
            .iter()
            .find(|l| {
                l.file == file && l.place == place && l.kind == kind && l.masked.ends_with(last4)
            })
            .unwrap_or_else(|| panic!("no line for {location} {kind} ...{last4}:\n{out}"));
        // A cell has no line; a PDF page or slide a line and no column; a text (a mail body, a
        // decoded CSV) a line and a column; a paragraph, header or comment a line from its
        // second line on.
        let cell = place.rsplit('!').next().is_some_and(|c| {
            c.trim_start_matches(|ch: char| ch.is_ascii_uppercase()).parse::<u32>().is_ok()
        });
        let pos = &line.position;
        if place.starts_with("#page=") || place.starts_with("#slide=") {
            assert!(
                pos.strip_prefix("line ").is_some_and(|n| n.parse::<u32>().is_ok()),
                "{line:?}"
            );
        } else if place.is_empty() || place == "#body" || place.starts_with("#enc=") {
            let lc: Vec<&str> = pos.split(':').collect();
            assert!(lc.len() == 2 && lc.iter().all(|n| n.parse::<u32>().is_ok()), "{line:?}");
        } else if place.contains('!') && cell {
            assert_eq!(pos, "", "{line:?}");
        } else {
            let n = pos.strip_prefix("line ").map(|n| n.parse::<u32>().unwrap());
            assert!(pos.is_empty() || n > Some(1), "{line:?}");
        }
        checked += 1;
    }
    assert!(checked > 60, "only {checked} ground-truth values in samples/");
    // Each of these was checked above: a cell of a sheet, a member of a zip, an
    // attachment of a mail, a PDF page.
    for (file, place) in [
        ("顧客台帳.xlsx", "#顧客!D2"),
        ("documents.zip!報告書.docx", "#p=12"),
        ("見積依頼.eml!見積.xlsx", "#Sheet1!B3"),
        ("契約書.pdf", "#page=3"),
    ] {
        assert!(lines.iter().any(|l| l.file == file && l.place == place), "{file}{place}\n{out}");
    }
    // What could not be read is listed under its file, with the reason.
    let block: Vec<&str> = out
        .split("\n\n")
        .find(|b| b.starts_with(&format!("{}/encrypted.zip", samples())))
        .unwrap()
        .lines()
        .collect();
    assert!(block[0].contains("REVIEW"), "{block:?}");
    let part: Vec<&str> = block.last().unwrap().split_whitespace().collect();
    assert_eq!(part[..4], ["encrypted.zip!secret.csv", "not", "inspected", "(encrypted)"]);
}

#[test]
fn human_view_gives_line_and_column_in_texts_and_names_members() {
    let dir = scratch("human-places");
    std::fs::write(dir.join("メモ.txt"), "件名\n  携帯 090-1234-5678\n").unwrap();
    let member = "一覧\nTEL 03-1234-5678\n".as_bytes().to_vec();
    write_zip(&dir.join("束.zip"), &[("名簿/a.txt".to_string(), member, false)]);
    let out = stdout(&run_in(&dir, &["scan", ".", "--color", "never"], None));
    let lines = human_lines(&out);
    let line =
        |file: &str| lines.iter().find(|l| l.file == file).unwrap_or_else(|| panic!("{out}"));
    // 2 spaces, 携帯 and a space before the number: column 6 of line 2.
    assert_eq!(line("メモ.txt").position, "2:6");
    assert_eq!(line("メモ.txt").place, "");
    assert_eq!(line("束.zip!名簿/a.txt").position, "2:5");
    assert_eq!(line("束.zip!名簿/a.txt").kind, "phone");
    assert_eq!(line("束.zip!名簿/a.txt").masked, "03-****-5678");
}

#[test]
fn output_is_sorted_by_path_folder_by_folder_unless_asked_not_to() {
    let root = scratch("order");
    for p in ["b/a.txt", "b.txt", "B.txt", "b/c/d.txt", "a/z.txt"] {
        let path = root.join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, MY_NUMBER_TEXT).unwrap();
    }
    // Roots given out of order; names compared byte by byte, folder by folder.
    let expected = ["B.txt", "a/z.txt", "b/a.txt", "b/c/d.txt", "b.txt"];
    let args = ["scan", "b.txt", "b", "B.txt", "a", "--color", "never", "-j", "3"];
    let human = stdout(&run_in(&root, &args, None));
    let headers: Vec<&str> = human
        .lines()
        .filter(|l| l.contains("  BLOCK"))
        .map(|l| l.split("  ").next().unwrap())
        .collect();
    assert_eq!(headers, expected, "{human}");
    let json: Value =
        serde_json::from_str(&stdout(&run_in(&root, &[&args[..], &["-f", "json"]].concat(), None)))
            .unwrap();
    let paths: Vec<&str> =
        json["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(paths, expected);
    let jsonl_paths = |extra: &[&str]| -> Vec<String> {
        let o = run_in(&root, &[&args[..], &["-f", "jsonl"], extra].concat(), None);
        jsonl(&o).iter().map(|r| r["path"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(jsonl_paths(&[]), expected);
    let mut unsorted = jsonl_paths(&["--sort", "none"]);
    unsorted.sort();
    let mut all: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
    all.sort();
    assert_eq!(unsorted, all, "--sort none writes every file once");
}

#[test]
fn totals_count_the_files_the_view_lists() {
    let out = stdout(&run(&["scan", &samples(), "--color", "never"]));
    let headers: Vec<&str> = out.lines().filter(|l| l.starts_with(&samples())).collect();
    let count = |v: &str| headers.iter().filter(|h| h.contains(&format!("  {v}  "))).count();
    let mut last = out.lines().rev();
    let (listed, read) = (last.next().unwrap(), last.next().unwrap());
    // The password-protected zip is held for review: it is listed, with its part.
    assert!(count("REVIEW") >= 1, "{out}");
    let mut verdicts =
        vec![format!("{} block", count("BLOCK")), format!("{} review", count("REVIEW"))];
    if count("ALLOW") > 0 {
        verdicts.push(format!("{} allow", count("ALLOW")));
    }
    let expected = format!("{} files listed ({}): ", headers.len(), verdicts.join(", "));
    assert!(listed.starts_with(&expected), "{listed} / {expected}");
    assert!(listed.contains("1 part not inspected in 1 file"), "{listed}");
    let n_files = std::fs::read_dir(samples()).unwrap().count();
    assert!(read.starts_with(&format!("{n_files} files, ")), "{read}");
    assert!(read.contains(" on disk, ") && read.contains(" of text read in "), "{read}");
    // The size on disk is the files' size.
    let disk: u64 =
        std::fs::read_dir(samples()).unwrap().map(|e| e.unwrap().metadata().unwrap().len()).sum();
    let doc: Value =
        serde_json::from_str(&stdout(&run(&["scan", &samples(), "-f", "json"]))).unwrap();
    assert_eq!(doc["totals"]["bytes_on_disk"], disk);
    assert_eq!(doc["totals"]["files_listed"], headers.len());
}

#[test]
fn personal_items_are_one_number_in_reasons_and_summary() {
    let doc: Value =
        serde_json::from_str(&stdout(&run(&["scan", &samples(), "-s", "-f", "json"]))).unwrap();
    let table = stdout(&run(&["scan", &samples(), "-s", "--color", "never"]));
    let mut quoted = 0;
    for f in doc["files"].as_array().unwrap() {
        let counted = f["counted_personal_items"].as_u64().unwrap();
        for reason in f["verdict"]["reasons"].as_array().unwrap() {
            if let Some(rest) = reason.as_str().unwrap().strip_prefix("personal items: ") {
                assert_eq!(rest.split(' ').next().unwrap(), counted.to_string(), "{f}");
                quoted += 1;
            }
        }
        let path = f["path"].as_str().unwrap();
        let row = table.lines().find(|l| l.contains(&format!("  {path}  "))).unwrap();
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(cols[2], counted.to_string(), "PERSONAL column of {row}");
    }
    assert!(quoted >= 5, "{doc}");
    // The policy counts distinct values at medium confidence or more: a mail with the same
    // signature twice quotes fewer items than it has findings.
    let one = scratch("personal");
    std::fs::write(one.join("m.txt"), "携帯 090-1234-5678\n携帯 090-1234-5678\n").unwrap();
    let doc: Value =
        serde_json::from_str(&stdout(&run_in(&one, &["scan", ".", "-s", "-f", "json"], None)))
            .unwrap();
    let f = &doc["files"][0];
    assert_eq!(
        (f["personal_items"].as_u64(), f["counted_personal_items"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(f["verdict"]["reasons"][0], "personal items: 1 >= 1 (review)");
}

#[test]
fn every_finding_is_written_unless_a_cap_is_asked_for_and_a_cap_is_stated() {
    let dir = scratch("max-findings");
    // 30,000 distinct mobiles: more than the library's default cap of 20,000.
    let text: String =
        (0..30_000).map(|i| format!("携帯 090-{:04}-{:04}\n", 1000 + i / 10, i % 10_000)).collect();
    std::fs::write(dir.join("log.txt"), text).unwrap();
    let path = dir.join("log.txt").to_string_lossy().into_owned();
    let all = jsonl(&run(&["scan", &path, "-f", "jsonl"]));
    let findings = all.iter().filter(|r| r["type"] == "finding").count();
    assert_eq!(findings, 30_000);
    assert!(all.iter().all(|r| r["type"] != "truncated"));

    let capped = jsonl(&run(&["scan", &path, "-f", "jsonl", "--max-findings", "5"]));
    assert_eq!(capped.iter().filter(|r| r["type"] == "finding").count(), 5);
    let note: Vec<_> = capped.iter().filter(|r| r["type"] == "truncated").collect();
    assert_eq!(note.len(), 1, "{note:?}");
    assert_eq!(note[0]["findings_shown"], 5);
    assert_eq!(note[0]["findings_left_out"], 29_995);

    let csv = stdout(&run(&["scan", &path, "-f", "csv", "--max-findings", "5"]));
    let last = csv.lines().last().unwrap();
    assert!(last.contains(",truncated,") && last.contains("29995 more findings"), "{last}");
    let human = stdout(&run(&["scan", &path, "--max-findings", "5", "--color", "never"]));
    assert!(human.contains("29995 more findings not shown"), "{human}");
    let json: Value =
        serde_json::from_str(&stdout(&run(&["scan", &path, "-f", "json", "--max-findings", "5"])))
            .unwrap();
    assert_eq!(json["files"][0]["findings_truncated"], true, "{json}");
}

#[test]
fn jsonl_findings_stream_out_while_the_input_is_still_being_read() {
    use std::io::{BufRead, BufReader};
    let mut child = Command::new(BIN)
        .args(["scan", "-", "-f", "jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut first = String::new();
        let _ = BufReader::new(stdout).read_line(&mut first);
        let _ = tx.send(first);
    });
    // A finding, then 2 MB more, and standard input stays open: the scan cannot be done.
    stdin.write_all("携帯 090-1234-5678\n".as_bytes()).unwrap();
    stdin.write_all("ー".repeat(700_000).as_bytes()).unwrap();
    stdin.flush().unwrap();
    let first = rx.recv_timeout(std::time::Duration::from_secs(120));
    drop(stdin);
    let _ = child.wait();
    let first = first.expect("a finding is written before the input ends");
    let rec: Value = serde_json::from_str(&first).unwrap();
    assert_eq!(rec["type"], "finding");
    assert_eq!(rec["masked"], "090-****-5678");
}

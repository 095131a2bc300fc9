//! The report page: one self-contained HTML file. Styles, the table script and the charts
//! (inline SVG) are all inside it; a Content-Security-Policy forbids any fetch and lets only
//! the page's own script (by its hash) run.

use super::aggregate::{files_by_risk, folders_by_risk, totals, Folder, Totals};
use super::chart::{bar_chart, Bar, FOLDER_FILL, KIND_FILL};
use super::escape::escape;
use super::input::{FileEntry, Inventory, Unreadable};
use super::numbers::thousands as num;
use base64::Engine as _;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fmt::Write;

const CSS: &str = include_str!("page.css");
const SCRIPT: &str = include_str!("page.js");

/// Rows of the file table at most (the riskiest); the page says when more were left out.
pub const TABLE_ROWS: usize = 5000;
/// Rows of the unscannable table at most.
pub const UNREADABLE_ROWS: usize = 1000;
/// Bars of the folder chart at most (the folders with the most personal items).
pub const CHART_FOLDERS: usize = 20;
/// Rows of the riskiest-folders and riskiest-files tables.
pub const TOP_ROWS: usize = 10;

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", num(n), if n == 1 { one } else { many })
}

fn opt_num(n: Option<u64>) -> String {
    n.map(num).unwrap_or_else(|| "—".into())
}

fn verdict_badge(verdict: Option<&str>) -> String {
    let name = verdict.unwrap_or("none");
    let label = match name {
        "block" => "block 遮断",
        "review" => "review 要確認",
        "allow" => "allow 許可",
        "none" => "—",
        other => other,
    };
    let class = match name {
        "block" | "review" | "allow" => name,
        _ => "none",
    };
    format!(r#"<span class="v v-{class}">{}</span>"#, escape(label))
}

fn kinds_text(counts: &BTreeMap<String, u64>) -> String {
    let mut parts: Vec<(&String, &u64)> = counts.iter().collect();
    parts.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    parts.iter().map(|(k, n)| format!("{} {}", k, num(**n))).collect::<Vec<_>>().join(", ")
}

/// The page for `inv`; `source` names the scan result it was read from.
pub fn render(inv: &Inventory, source: &str) -> String {
    let t = totals(inv);
    let folders = folders_by_risk(inv);
    let files = files_by_risk(inv);
    let script_hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(SCRIPT));

    let mut h = String::new();
    let _ = write!(
        h,
        r#"<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{script_hash}'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>mamori 個人情報インベントリ — {source}</title>
<style>{CSS}</style>
</head>
<body>
<h1>個人情報インベントリ <small>Personal data inventory</small></h1>
<p class="note">mamori scan result <code>{source}</code> ({format}). Values are shown masked only.</p>
"#,
        source = escape(source),
        format = inv.format,
    );
    cards(&mut h, &t, inv.files_scanned);
    risk_note(&mut h, inv);
    folders_section(&mut h, &folders);
    kinds_section(&mut h, &t);
    top_files(&mut h, &files);
    unreadable_section(&mut h, &inv.unreadable, &t);
    file_table(&mut h, &files);
    let _ = write!(h, "<script>{SCRIPT}</script>\n</body>\n</html>\n");
    h
}

fn cards(h: &mut String, t: &Totals, files_scanned: Option<u64>) {
    let card = |h: &mut String, value: String, label: &str| {
        let _ = write!(h, r#"<div class="card"><b>{value}</b><span>{label}</span></div>"#);
    };
    h.push_str(r#"<div class="cards">"#);
    match files_scanned {
        Some(n) => card(h, num(n), "読んだファイル files scanned"),
        None => card(h, num(t.files), "ファイル files in the result"),
    }
    card(h, num(t.files_with_personal), "個人情報を含むファイル files with personal data");
    card(h, num(t.personal), "個人情報の件数 personal items");
    card(h, opt_num(t.persons), "該当する人数 persons exposed (estimate, summed over files)");
    card(h, num(t.verdicts.get("block").copied().unwrap_or(0)), "遮断 files to block");
    card(h, num(t.unscannable_parts), "読めなかった部分 parts not read");
    h.push_str("</div>\n");
}

fn risk_note(h: &mut String, inv: &Inventory) {
    h.push_str(
        r#"<p class="note"><b>Risk order 危険度の順:</b> verdict first (block › review › allow), then the personal items counted, then the persons exposed. A folder holds its files directly; it takes its worst file's verdict and the sums of its files' counts.</p>
"#,
    );
    if !inv.has_verdicts {
        h.push_str(
            r#"<p class="note">This input holds findings only: verdicts and persons are not known (—), and personal items are the findings of personal kinds (all kinds except corporate numbers, keywords and custom rules), whatever their confidence.</p>
"#,
        );
    }
}

fn folders_section(h: &mut String, folders: &[Folder]) {
    h.push_str("<h2>フォルダ別 Riskiest folders</h2>\n");
    let mut by_items: Vec<&Folder> = folders.iter().filter(|d| d.personal > 0).collect();
    by_items.sort_by(|a, b| b.personal.cmp(&a.personal).then(a.path.cmp(&b.path)));
    let bars: Vec<Bar> = by_items
        .iter()
        .take(CHART_FOLDERS)
        .map(|d| Bar { label: d.path.clone(), value: d.personal })
        .collect();
    if bars.is_empty() {
        h.push_str("<p>No personal items found. 個人情報は見つかりませんでした。</p>\n");
    } else {
        let _ = write!(
            h,
            "<p class=\"note\">Personal items per folder, most first ({} of {} with personal items).</p>\n<div id=\"folder-chart\">{}</div>\n",
            bars.len(),
            plural(by_items.len() as u64, "folder", "folders"),
            bar_chart("Personal items per folder", &bars, FOLDER_FILL)
        );
    }
    h.push_str(
        r#"<table id="folders"><thead><tr><th>Verdict 判定</th><th class="n">Personal 件数</th><th class="n">Persons 人数</th><th class="n">Files</th><th class="n">With personal data</th><th class="n">Not read</th><th>Kinds 種類</th><th>Folder フォルダ</th></tr></thead><tbody>
"#,
    );
    for d in folders.iter().take(TOP_ROWS) {
        let _ = writeln!(
            h,
            r#"<tr><td>{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td><td>{}</td><td class="path">{}</td></tr>"#,
            verdict_badge(d.verdict.as_deref()),
            num(d.personal),
            opt_num(d.persons),
            num(d.files),
            num(d.files_with_personal),
            num(d.unscannable),
            escape(&kinds_text(&d.kinds)),
            escape(&d.path),
        );
    }
    h.push_str("</tbody></table>\n");
    if folders.len() > TOP_ROWS {
        let _ = writeln!(
            h,
            "<p class=\"note\">{} of {} folders.</p>",
            TOP_ROWS,
            num(folders.len() as u64)
        );
    }
}

fn kinds_section(h: &mut String, t: &Totals) {
    h.push_str("<h2>種類別 Counts per kind</h2>\n");
    let mut kinds: Vec<(&String, &u64)> = t.kinds.iter().collect();
    kinds.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    if kinds.is_empty() {
        h.push_str("<p>Nothing found.</p>\n");
        return;
    }
    let bars: Vec<Bar> =
        kinds.iter().map(|(k, n)| Bar { label: (*k).clone(), value: **n }).collect();
    let _ = writeln!(
        h,
        "<p class=\"note\">Occurrences per kind, every confidence.</p>\n<div id=\"kind-chart\">{}</div>",
        bar_chart("Occurrences per kind", &bars, KIND_FILL)
    );
}

fn top_files(h: &mut String, files: &[&FileEntry]) {
    h.push_str("<h2>ファイル別 Riskiest files</h2>\n");
    h.push_str(
        r#"<table id="top-files"><thead><tr><th>Verdict 判定</th><th class="n">Personal 件数</th><th class="n">Persons 人数</th><th>Why 理由</th><th>File ファイル</th></tr></thead><tbody>
"#,
    );
    for f in files
        .iter()
        .filter(|f| f.personal > 0 || f.verdict.as_deref() == Some("block"))
        .take(TOP_ROWS)
    {
        let _ = writeln!(
            h,
            r#"<tr><td>{}</td><td class="n">{}</td><td class="n">{}</td><td>{}</td><td class="path">{}</td></tr>"#,
            verdict_badge(f.verdict.as_deref()),
            num(f.personal),
            opt_num(f.persons),
            escape(&f.reasons.join("; ")),
            escape(&f.path),
        );
    }
    h.push_str("</tbody></table>\n");
}

fn unreadable_section(h: &mut String, parts: &[Unreadable], t: &Totals) {
    h.push_str("<h2>読めなかったもの What could not be read</h2>\n");
    if parts.is_empty() {
        h.push_str("<p>Every part was read. すべて読み取りました。</p>\n");
        return;
    }
    let mut reasons: BTreeMap<&str, u64> = BTreeMap::new();
    for p in parts {
        *reasons.entry(p.reason.as_str()).or_default() += p.count;
    }
    let summary: Vec<String> =
        reasons.iter().map(|(r, n)| format!("{} {}", escape(r), num(*n))).collect();
    let _ = writeln!(
        h,
        "<p>{} in {} not inspected: {}. Their contents may hold personal data.</p>",
        plural(t.unscannable_parts, "part", "parts"),
        plural(t.files_with_unscannable, "file was", "files were"),
        summary.join(", ")
    );
    h.push_str(
        r#"<table id="unreadable"><thead><tr><th>Reason 理由</th><th>Detail 詳細</th><th class="n">Parts</th><th>Where 場所</th></tr></thead><tbody>
"#,
    );
    for p in parts.iter().take(UNREADABLE_ROWS) {
        let place = if p.location.is_empty() { &p.path } else { &p.location };
        let _ = writeln!(
            h,
            r#"<tr><td>{}</td><td>{}</td><td class="n">{}</td><td class="path" title="{}">{}</td></tr>"#,
            escape(&p.reason),
            escape(&p.detail),
            num(p.count),
            escape(&p.path),
            escape(place),
        );
    }
    h.push_str("</tbody></table>\n");
    if parts.len() > UNREADABLE_ROWS {
        let _ = writeln!(
            h,
            "<p class=\"note\">The first {} of {} entries.</p>",
            num(UNREADABLE_ROWS as u64),
            num(parts.len() as u64)
        );
    }
}

fn file_table(h: &mut String, files: &[&FileEntry]) {
    let listed = files.len().min(TABLE_ROWS);
    let _ = write!(
        h,
        r#"<h2>全ファイル All files</h2>
<div class="filters"><label>Filter 絞り込み <input id="q" type="search" placeholder="path, kind, reason"></label>
<label>Verdict <select id="verdict"><option value="">all</option><option value="block">block</option><option value="review">review</option><option value="allow">allow</option><option value="none">—</option></select></label>
<span><span id="shown">{listed}</span> of {listed} rows shown</span></div>
"#
    );
    if files.len() > TABLE_ROWS {
        let _ = writeln!(
            h,
            "<p class=\"note\">The {} riskiest of {} files are listed.</p>",
            num(TABLE_ROWS as u64),
            num(files.len() as u64)
        );
    }
    h.push_str(
        r#"<table id="files"><thead><tr><th data-col="verdict" data-type="number">Verdict 判定</th><th class="n" data-col="personal" data-type="number">Personal 件数</th><th class="n" data-col="persons" data-type="number">Persons 人数</th><th class="n" data-col="findings" data-type="number">Findings</th><th class="n" data-col="unread" data-type="number">Not read</th><th data-col="kinds">Kinds 種類</th><th data-col="examples">Examples (masked) 例</th><th data-col="path">File ファイル</th></tr></thead><tbody>
"#,
    );
    for f in files.iter().take(TABLE_ROWS) {
        let verdict = f.verdict.as_deref().unwrap_or("none");
        let _ = writeln!(
            h,
            r#"<tr data-verdict="{v}"><td data-v="{rank}">{badge}</td><td class="n" data-v="{p}">{pn}</td><td class="n" data-v="{pe}">{pen}</td><td class="n" data-v="{fi}">{fin}</td><td class="n" data-v="{u}">{un}</td><td>{kinds}</td><td>{examples}</td><td class="path">{path}</td></tr>"#,
            v = escape(verdict),
            rank = super::aggregate::verdict_rank(f.verdict.as_deref()),
            badge = verdict_badge(f.verdict.as_deref()),
            p = f.personal,
            pn = num(f.personal),
            pe = f.persons.unwrap_or(0),
            pen = opt_num(f.persons),
            fi = f.findings,
            fin = num(f.findings),
            u = f.unscannable,
            un = num(f.unscannable),
            kinds = escape(&kinds_text(&f.counts)),
            examples = escape(&f.examples.join("  ")),
            path = escape(&f.path),
        );
    }
    h.push_str("</tbody></table>\n");
}

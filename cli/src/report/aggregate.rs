//! Totals, folders and the risk order of an [`Inventory`].
//!
//! Risk order: the verdict first (block, then review, then allow, then none known), then
//! the personal items, then the persons exposed. A folder is the directory holding its files
//! directly; it takes its worst file's verdict and the sums of its files' counts.

use super::input::{FileEntry, Inventory};
use std::collections::BTreeMap;

/// The rank of a verdict in the risk order (higher is riskier).
pub fn verdict_rank(verdict: Option<&str>) -> u8 {
    match verdict {
        Some("block") => 3,
        Some("review") => 2,
        Some("allow") => 1,
        _ => 0,
    }
}

/// Sums over the whole scan.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Totals {
    pub files: u64,
    pub files_with_personal: u64,
    pub personal: u64,
    /// Summed over files; `None` when the input does not say.
    pub persons: Option<u64>,
    pub findings: u64,
    /// Files per verdict name (`none` when the input does not say).
    pub verdicts: BTreeMap<String, u64>,
    /// Occurrences per kind.
    pub kinds: BTreeMap<String, u64>,
    /// Parts not inspected (an entry standing for several counts them all).
    pub unscannable_parts: u64,
    pub files_with_unscannable: u64,
}

/// One folder's sums.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Folder {
    pub path: String,
    pub files: u64,
    pub files_with_personal: u64,
    /// The worst verdict among its files.
    pub verdict: Option<String>,
    pub personal: u64,
    pub persons: Option<u64>,
    pub unscannable: u64,
    pub kinds: BTreeMap<String, u64>,
}

/// The directory holding `path` (`.` for a bare name). Paths holding a `/` are split on
/// it (a `\` is then part of a name, as on Unix); others on `\` (Windows paths).
pub fn folder_of(path: &str) -> &str {
    let sep = if path.contains('/') { '/' } else { '\\' };
    match path.rfind(sep) {
        Some(0) => &path[..1],
        Some(i) => &path[..i],
        None => ".",
    }
}

fn add_persons(sum: &mut Option<u64>, persons: Option<u64>) {
    *sum = match (*sum, persons) {
        (Some(a), Some(b)) => Some(a + b),
        _ => None,
    };
}

/// Sums over every file and unscannable part.
pub fn totals(inv: &Inventory) -> Totals {
    let mut t = Totals { persons: Some(0), ..Totals::default() };
    for f in &inv.files {
        t.files += 1;
        t.files_with_personal += u64::from(f.personal > 0);
        t.personal += f.personal;
        add_persons(&mut t.persons, f.persons);
        t.findings += f.findings;
        let verdict = f.verdict.clone().unwrap_or_else(|| "none".into());
        *t.verdicts.entry(verdict).or_default() += 1;
        for (kind, n) in &f.counts {
            *t.kinds.entry(kind.clone()).or_default() += n;
        }
        t.files_with_unscannable += u64::from(f.unscannable > 0);
    }
    if inv.files.is_empty() {
        t.persons = None;
    }
    t.unscannable_parts = inv.unreadable.iter().map(|u| u.count).sum();
    t
}

/// The sort key of the risk order, riskiest greatest.
fn file_key(f: &FileEntry) -> (u8, u64, u64) {
    (verdict_rank(f.verdict.as_deref()), f.personal, f.persons.unwrap_or(0))
}

/// The files, riskiest first (ties by path).
pub fn files_by_risk(inv: &Inventory) -> Vec<&FileEntry> {
    let mut files: Vec<&FileEntry> = inv.files.iter().collect();
    files.sort_by(|a, b| file_key(b).cmp(&file_key(a)).then_with(|| a.path.cmp(&b.path)));
    files
}

/// The folders, riskiest first (ties by path).
pub fn folders_by_risk(inv: &Inventory) -> Vec<Folder> {
    let mut folders: BTreeMap<&str, Folder> = BTreeMap::new();
    for f in &inv.files {
        let dir = folder_of(&f.path);
        let d = folders.entry(dir).or_insert_with(|| Folder {
            path: dir.to_string(),
            persons: Some(0),
            ..Folder::default()
        });
        d.files += 1;
        d.files_with_personal += u64::from(f.personal > 0);
        if verdict_rank(f.verdict.as_deref()) > verdict_rank(d.verdict.as_deref()) {
            d.verdict = f.verdict.clone();
        }
        d.personal += f.personal;
        add_persons(&mut d.persons, f.persons);
        d.unscannable += f.unscannable;
        for (kind, n) in &f.counts {
            *d.kinds.entry(kind.clone()).or_default() += n;
        }
    }
    let mut list: Vec<Folder> = folders.into_values().collect();
    let key = |d: &Folder| (verdict_rank(d.verdict.as_deref()), d.personal, d.persons.unwrap_or(0));
    list.sort_by(|a, b| key(b).cmp(&key(a)).then_with(|| a.path.cmp(&b.path)));
    list
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::input::Unreadable;

    fn file(path: &str, verdict: Option<&str>, personal: u64, persons: Option<u64>) -> FileEntry {
        FileEntry {
            path: path.into(),
            verdict: verdict.map(String::from),
            personal,
            persons,
            findings: personal,
            ..FileEntry::default()
        }
    }

    /// Four files in three folders; the expectations below are counted by hand.
    fn sample() -> Inventory {
        let mut x = file("share/a/x.csv", Some("block"), 10, Some(3));
        x.counts = [("phone".to_string(), 6), ("my_number".to_string(), 4)].into();
        let y = file("share/a/y.txt", Some("allow"), 0, Some(0));
        let mut z = file("share/b/z.xlsx", Some("review"), 50, Some(20));
        z.counts = [("phone".to_string(), 50), ("keyword".to_string(), 2)].into();
        let mut w = file("share/b/c/w.pdf", Some("block"), 2, Some(1));
        w.counts = [("email".to_string(), 2)].into();
        w.unscannable = 4;
        let part = |n| Unreadable {
            path: "share/b/c/w.pdf".into(),
            location: "w.pdf#p=2".into(),
            reason: "encrypted".into(),
            detail: String::new(),
            count: n,
        };
        Inventory {
            files: vec![x, y, z, w],
            unreadable: vec![part(1), part(3)],
            format: "json",
            has_verdicts: true,
            files_scanned: Some(5),
        }
    }

    #[test]
    fn totals_sum_every_file() {
        let t = totals(&sample());
        assert_eq!(t.files, 4);
        assert_eq!(t.files_with_personal, 3);
        assert_eq!(t.personal, 62);
        assert_eq!(t.persons, Some(24));
        assert_eq!(t.findings, 62);
        let verdicts: Vec<(&str, u64)> = t.verdicts.iter().map(|(k, n)| (k.as_str(), *n)).collect();
        assert_eq!(verdicts, [("allow", 1), ("block", 2), ("review", 1)]);
        let kinds: Vec<(&str, u64)> = t.kinds.iter().map(|(k, n)| (k.as_str(), *n)).collect();
        assert_eq!(kinds, [("email", 2), ("keyword", 2), ("my_number", 4), ("phone", 56)]);
        assert_eq!(t.unscannable_parts, 4);
        assert_eq!(t.files_with_unscannable, 1);
    }

    #[test]
    fn persons_are_unknown_when_one_file_does_not_say() {
        let mut inv = sample();
        inv.files[1].persons = None;
        assert_eq!(totals(&inv).persons, None);
        let folders = folders_by_risk(&inv);
        let a = folders.iter().find(|d| d.path == "share/a").unwrap();
        assert_eq!(a.persons, None);
        let b = folders.iter().find(|d| d.path == "share/b").unwrap();
        assert_eq!(b.persons, Some(20));
    }

    #[test]
    fn folders_take_the_worst_verdict_and_sum_their_files() {
        let folders = folders_by_risk(&sample());
        let order: Vec<&str> = folders.iter().map(|d| d.path.as_str()).collect();
        // Both block folders come before the review one, even though it holds more items.
        assert_eq!(order, ["share/a", "share/b/c", "share/b"]);
        let a = &folders[0];
        assert_eq!(a.verdict.as_deref(), Some("block"));
        assert_eq!((a.files, a.files_with_personal, a.personal, a.persons), (2, 1, 10, Some(3)));
        let c = &folders[1];
        assert_eq!((c.files, c.personal, c.persons, c.unscannable), (1, 2, Some(1), 4));
        let b = &folders[2];
        assert_eq!(b.verdict.as_deref(), Some("review"));
        assert_eq!((b.files, b.personal, b.persons), (1, 50, Some(20)));
        assert_eq!(b.kinds.get("keyword"), Some(&2));
    }

    #[test]
    fn files_are_ordered_by_verdict_then_personal_items_then_persons() {
        let mut inv = sample();
        // Same verdict and items as x.csv, more persons: ranks above it.
        inv.files.push(file("share/d/v.csv", Some("block"), 10, Some(7)));
        let order: Vec<&str> = files_by_risk(&inv).iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            order,
            [
                "share/d/v.csv",
                "share/a/x.csv",
                "share/b/c/w.pdf",
                "share/b/z.xlsx",
                "share/a/y.txt"
            ]
        );
    }

    #[test]
    fn folder_of_handles_roots_bare_names_and_backslashes() {
        assert_eq!(folder_of("x.csv"), ".");
        assert_eq!(folder_of("/x.csv"), "/");
        assert_eq!(folder_of("a/b/x.csv"), "a/b");
        assert_eq!(folder_of(r"\\server\share\x.csv"), r"\\server\share");
        assert_eq!(folder_of(r"share/a\b.txt"), "share");
    }
}

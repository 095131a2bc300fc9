//! Finding the files to scan: roots, `--include`/`--exclude` globs, the walk (in sorted
//! order, so output is the same on every run) and the `location` of each file.

use anyhow::{anyhow, Result};
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use ignore::{DirEntry, Walk, WalkBuilder};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// One location component: a file or folder name with the convention's separators
/// escaped (`%` → `%25`, `!` → `%21`, `#` → `%23`), so a location always parses back.
pub fn escape_component(name: &str) -> String {
    if !name.contains(['%', '!', '#']) {
        return name.to_string();
    }
    let mut out = String::with_capacity(name.len() + 4);
    for c in name.chars() {
        match c {
            '%' => out.push_str("%25"),
            '!' => out.push_str("%21"),
            '#' => out.push_str("%23"),
            c => out.push(c),
        }
    }
    out
}

/// The order output is sorted in: by path, folder by folder (`a/b.txt` before `a.txt`, as
/// the walk visits them), names in byte order.
pub fn path_order(a: &str, b: &str) -> std::cmp::Ordering {
    a.split('/').cmp(b.split('/'))
}

/// The path as shown to the user: as reached from the root, without a leading `./`.
pub fn display_path(p: &Path) -> String {
    let s = p.to_string_lossy();
    let s = s.strip_prefix("./").unwrap_or(&s);
    s.to_string()
}

/// The last `depth` components of `path`: the path from its scan root.
fn rel_components(path: &Path, depth: usize) -> Vec<String> {
    let comps: Vec<_> = path
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    let skip = comps.len().saturating_sub(depth);
    comps[skip..].to_vec()
}

/// The location of a walked entry: its path from the root, `/`-separated and escaped; a
/// file given directly as a root is located by its name.
pub fn location_of(path: &Path, depth: usize) -> String {
    let comps = if depth == 0 {
        path.file_name()
            .map(|n| vec![n.to_string_lossy().into_owned()])
            .unwrap_or_else(|| vec![display_path(path)])
    } else {
        rel_components(path, depth)
    };
    comps.iter().map(|c| escape_component(c)).collect::<Vec<_>>().join("/")
}

/// Glob filters. A glob without `/` matches a file or folder name at any depth
/// (`*.log`, `node_modules`); with a `/` it matches the path from the scan root
/// (`archive/**/*.eml`, `/tmp` for the top level only). A trailing `/` restricts it to folders.
#[derive(Default)]
pub struct Filters {
    exclude: Matcher,
    include: Matcher,
}

#[derive(Default)]
struct Matcher {
    names: GlobSet,
    names_dir_only: GlobSet,
    paths: GlobSet,
    paths_dir_only: GlobSet,
    empty: bool,
}

impl Matcher {
    fn new(globs: &[String], what: &str) -> Result<Matcher> {
        let mut sets: [GlobSetBuilder; 4] = std::array::from_fn(|_| GlobSetBuilder::new());
        for g in globs {
            let mut pat = g.as_str();
            let dir_only = pat.len() > 1 && pat.ends_with('/');
            if dir_only {
                pat = &pat[..pat.len() - 1];
            }
            let is_path = pat.contains('/');
            let pat = pat.strip_prefix('/').unwrap_or(pat);
            let glob = GlobBuilder::new(pat)
                .literal_separator(true)
                .backslash_escape(true)
                .build()
                .map_err(|e| anyhow!("--{what} {g:?}: {e}"))?;
            let idx = usize::from(is_path) * 2 + usize::from(dir_only);
            sets[idx].add(glob);
        }
        let [a, b, c, d] = sets;
        let build = |s: GlobSetBuilder| s.build().map_err(|e| anyhow!("--{what}: {e}"));
        Ok(Matcher {
            names: build(a)?,
            names_dir_only: build(b)?,
            paths: build(c)?,
            paths_dir_only: build(d)?,
            empty: globs.is_empty(),
        })
    }

    fn matches(&self, name: &str, rel: &str, is_dir: bool) -> bool {
        self.names.is_match(name)
            || self.paths.is_match(rel)
            || (is_dir && (self.names_dir_only.is_match(name) || self.paths_dir_only.is_match(rel)))
    }
}

impl Filters {
    pub fn new(exclude: &[String], include: &[String]) -> Result<Filters> {
        Ok(Filters {
            exclude: Matcher::new(exclude, "exclude")?,
            include: Matcher::new(include, "include")?,
        })
    }

    /// Whether the walker should keep this entry (folders: descend into it).
    pub fn keep(&self, path: &Path, depth: usize, is_dir: bool) -> bool {
        if depth == 0 {
            return true; // what the user names explicitly is always scanned
        }
        let comps = rel_components(path, depth);
        let name = comps.last().map(String::as_str).unwrap_or("");
        let rel = comps.join("/");
        if !self.exclude.empty && self.exclude.matches(name, &rel, is_dir) {
            return false;
        }
        is_dir || self.include.empty || self.include.matches(name, &rel, false)
    }
}

/// Walker options.
pub struct WalkOpts {
    pub roots: Vec<PathBuf>,
    pub follow: bool,
    pub filters: Arc<Filters>,
}

/// A walk over the roots, in the order given (sorted by [`path_order`] unless `--sort
/// none`), each folder's entries sorted by name (not
/// reading ignore files: a DLP scan sees everything, hidden files included; exclude with
/// `--exclude`). Listing folders is quick next to scanning files, so one thread walks and
/// the scanning threads read.
pub fn walker(opts: &WalkOpts) -> Option<Walk> {
    let (first, rest) = opts.roots.split_first()?;
    let mut b = WalkBuilder::new(root_for_walk(first));
    for r in rest {
        b.add(root_for_walk(r));
    }
    let filters = Arc::clone(&opts.filters);
    b.standard_filters(false)
        .follow_links(opts.follow)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(move |e: &DirEntry| {
            let is_dir = e.file_type().is_some_and(|t| t.is_dir());
            filters.keep(e.path(), e.depth(), is_dir)
        });
    Some(b.build())
}

/// A root that is a symbolic link to a folder is followed (it was named explicitly): a
/// trailing separator makes the walker see the folder.
fn root_for_walk(root: &Path) -> PathBuf {
    let is_link = std::fs::symlink_metadata(root).is_ok_and(|m| m.file_type().is_symlink());
    if is_link && root.is_dir() {
        let mut s = root.as_os_str().to_os_string();
        s.push(std::path::MAIN_SEPARATOR_STR);
        PathBuf::from(s)
    } else {
        root.to_path_buf()
    }
}

/// Splits a walker error into the path it concerns and a message.
pub fn describe_walk_error(err: &ignore::Error) -> (Option<PathBuf>, String) {
    match err {
        ignore::Error::WithPath { path, err } => (Some(path.clone()), describe_walk_error(err).1),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            describe_walk_error(err)
        }
        ignore::Error::Loop { ancestor, child } => {
            (Some(child.clone()), format!("symbolic link loop (points to {})", ancestor.display()))
        }
        ignore::Error::Io(e) => (None, crate::scan::io_message(e)),
        other => (None, other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_sort_folder_by_folder() {
        let mut paths = vec!["a.txt", "a/b.txt", "B.txt", "a/a/z.txt", "-"];
        paths.sort_by(|a, b| path_order(a, b));
        assert_eq!(paths, ["-", "B.txt", "a/a/z.txt", "a/b.txt", "a.txt"]);
    }

    #[test]
    fn locations() {
        assert_eq!(location_of(Path::new("./a/b.txt"), 2), "a/b.txt");
        assert_eq!(location_of(Path::new("root/x/営業部/顧客.txt"), 2), "営業部/顧客.txt");
        assert_eq!(location_of(Path::new("dir/file.txt"), 0), "file.txt");
        assert_eq!(location_of(Path::new("r/C#/a!b%.txt"), 2), "C%23/a%21b%25.txt");
    }

    #[test]
    fn globs() {
        let f = Filters::new(
            &["*.log".into(), "secret/".into(), "sub/skip/**".into()],
            &["*.txt".into(), "*.eml".into()],
        )
        .unwrap();
        assert!(f.keep(Path::new("r/a.txt"), 1, false));
        assert!(!f.keep(Path::new("r/a.log"), 1, false));
        assert!(!f.keep(Path::new("r/a.csv"), 1, false)); // not included
        assert!(!f.keep(Path::new("r/x/secret"), 2, true));
        let dirs_only = Filters::new(&["secret/".into()], &[]).unwrap();
        assert!(dirs_only.keep(Path::new("r/x/secret"), 2, false)); // a file named secret
        assert!(!dirs_only.keep(Path::new("r/x/secret"), 2, true));
        assert!(f.keep(Path::new("r/anydir"), 1, true)); // folders are descended
        assert!(!f.keep(Path::new("r/sub/skip/a.txt"), 3, false));
        assert!(f.keep(Path::new("r/sub/keep/a.txt"), 3, false));
        assert!(f.keep(Path::new("whatever.csv"), 0, false)); // explicit
    }
}

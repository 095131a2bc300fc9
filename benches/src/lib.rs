//! Shared setup for the benchmarks: the generated Japanese business-text corpus.
//!
//! The corpus is made by the throughput-anchor generator in `../shared/anchors/gen_text.py`
//! (deterministic; prose from the seed documents, customer tables, signatures, about one
//! personal item per 2 KB), so mamori's numbers compare directly with the ripgrep and
//! hyperscan runs of `compare.sh` on the same bytes. Set `MAMORI_BENCH_MB` to change the
//! size (default 100) and `MAMORI_BENCH_DIR` to reuse a generated corpus.

use std::path::PathBuf;
use std::process::Command;

/// Folder holding `corpus_<N>mb.txt`, `keywords100.txt` and `keywords10k.txt`.
pub fn data_dir() -> PathBuf {
    std::env::var_os("MAMORI_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/bench-data"))
}

/// Corpus size in MB.
pub fn corpus_mb() -> usize {
    std::env::var("MAMORI_BENCH_MB").ok().and_then(|v| v.parse().ok()).unwrap_or(100)
}

/// Path of the corpus file (generated on first use).
pub fn corpus_path() -> PathBuf {
    let dir = data_dir();
    let mb = corpus_mb();
    let corpus = dir.join(format!("corpus_{mb}mb.txt"));
    if !corpus.exists() {
        let gen =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/anchors/gen_text.py");
        let status = Command::new("python3")
            .arg(&gen)
            .args(["--size-mb", &mb.to_string(), "--out"])
            .arg(&dir)
            .status()
            .expect("python3 runs the corpus generator");
        assert!(status.success(), "corpus generation failed ({})", gen.display());
    }
    corpus
}

/// The keyword lists, without reading the corpus into memory.
pub fn load_keywords_only() -> ((), Vec<String>, Vec<String>) {
    let dir = data_dir();
    corpus_path();
    let words = |name: &str| -> Vec<String> {
        std::fs::read_to_string(dir.join(name))
            .expect("keyword list")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect()
    };
    ((), words("keywords100.txt"), words("keywords10k.txt"))
}

/// Loads (generating on first use) the corpus and the keyword lists.
pub fn load() -> (Vec<u8>, Vec<String>, Vec<String>) {
    let text = std::fs::read(corpus_path()).expect("corpus");
    let ((), kw100, kw10k) = load_keywords_only();
    (text, kw100, kw10k)
}

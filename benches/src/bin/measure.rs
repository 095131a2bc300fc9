//! Quick throughput and memory figures without criterion's statistics, for the README and
//! the anchors comparison:
//!
//! ```text
//! cargo run --release -p mamori-benches --bin measure [stream-mem]
//! ```
//!
//! `stream-mem` streams the corpus 10 times over in 64 KiB chunks and prints the peak
//! resident memory of the process (VmHWM) before and after.

use mamori::{Kind, Scanner};
use std::time::Instant;

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// Streams the corpus file from disk 10 times in 64 KiB reads (10,000 keywords on) and
/// prints the process's peak resident memory: the corpus is never held in memory.
fn stream_mem() {
    use std::io::Read;
    let (_, _, kw10k) = mamori_benches::load_keywords_only();
    let scanner = Scanner::builder().keywords(kw10k).build().unwrap();
    let path = mamori_benches::corpus_path();
    let mut stream = scanner.stream();
    let mut chunk = vec![0u8; 64 * 1024];
    let mut max_buffered = 0;
    let started = peak_rss_kib();
    for _ in 0..10 {
        let mut file = std::fs::File::open(&path).unwrap();
        loop {
            let n = file.read(&mut chunk).unwrap();
            if n == 0 {
                break;
            }
            stream.feed_with(&chunk[..n], |_| {});
            max_buffered = max_buffered.max(stream.buffered());
        }
    }
    let fed = stream.bytes_fed();
    let report = stream.finish();
    println!(
        "streamed {} MB in 64 KiB reads: {} findings counted, stream buffer max {} KiB, \
         peak RSS {} KiB after building the scanner, {} KiB at the end",
        fed / 1_000_000,
        report.counts.values().sum::<u64>(),
        max_buffered / 1024,
        started,
        peak_rss_kib()
    );
}

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    if mode == "stream-mem" {
        stream_mem();
        return;
    }
    let (text, kw100, kw10k) = mamori_benches::load();
    let mb = text.len() as f64 / 1e6;
    let without_people =
        Kind::ALL.into_iter().filter(|k| !matches!(k, Kind::Address | Kind::PersonName));
    let configs = [
        ("pii_only", Scanner::builder().build().unwrap()),
        ("no_people", Scanner::builder().kinds(without_people).build().unwrap()),
        (
            "people_only",
            Scanner::builder().kinds([Kind::Address, Kind::PersonName]).build().unwrap(),
        ),
        ("pii_kw100", Scanner::builder().keywords(kw100).build().unwrap()),
        ("pii_kw10k", Scanner::builder().keywords(kw10k).build().unwrap()),
    ];
    if mode == "extract" {
        // The same text through the document path (sniffing, decoding, extraction).
        let scanner = &configs[0].1;
        let mut best = f64::MAX;
        for _ in 0..5 {
            let t = Instant::now();
            let r = scanner.scan_bytes(&text, Some("corpus.txt"));
            best = best.min(t.elapsed().as_secs_f64());
            assert!(r.unscannable.is_empty());
        }
        println!("scan_bytes   {:>8.0} MB/s  (plain UTF-8 through extraction)", mb / best);
        return;
    }
    if let Ok(kinds) = std::env::var("MEASURE_KINDS") {
        // Any set of kinds, e.g. MEASURE_KINDS=address,phone (for attributing costs).
        let kinds: Vec<Kind> = kinds.split(',').map(|k| k.parse().expect("kind")).collect();
        let scanner = Scanner::builder().kinds(kinds.clone()).build().unwrap();
        let mut best = f64::MAX;
        for _ in 0..5 {
            let t = Instant::now();
            std::hint::black_box(scanner.scan(&text));
            best = best.min(t.elapsed().as_secs_f64());
        }
        println!("{kinds:?} {:>8.0} MB/s", mb / best);
        return;
    }
    let only = std::env::var("MEASURE_ONLY").unwrap_or_default();
    for (name, scanner) in configs.iter().filter(|(n, _)| only.is_empty() || *n == only) {
        let mut best = f64::MAX;
        let mut items = 0;
        for _ in 0..5 {
            let t = Instant::now();
            let r = scanner.scan(&text);
            best = best.min(t.elapsed().as_secs_f64());
            items = r.counts.values().sum::<u64>();
        }
        println!(
            "{name:<12} {:>8.0} MB/s  ({} findings, best of 5 over {mb:.0} MB)",
            mb / best,
            items
        );
    }
}

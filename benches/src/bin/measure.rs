//! Quick throughput and memory figures without criterion's statistics, for the README and
//! the anchors comparison:
//!
//! ```text
//! cargo run --release -p mamori-benches --bin measure [stream-mem]
//! ```
//!
//! `stream-mem` streams the corpus 10 times over in 64 KiB chunks and prints the peak
//! resident memory of the process (VmHWM) before and after.

use mamori::Scanner;
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

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    let (text, kw100, kw10k) = mamori_benches::load();
    let mb = text.len() as f64 / 1e6;
    if mode == "stream-mem" {
        let scanner = Scanner::builder().keywords(kw10k).build().unwrap();
        let before = peak_rss_kib();
        let mut stream = scanner.stream();
        let mut max_buffered = 0;
        for _ in 0..10 {
            for chunk in text.chunks(64 * 1024) {
                stream.feed_with(chunk, |_| {});
                max_buffered = max_buffered.max(stream.buffered());
            }
        }
        let report = stream.finish();
        let after = peak_rss_kib();
        println!(
            "streamed {:.0} MB: personal items {}, stream buffer max {} KiB, peak RSS {} KiB before / {} KiB after (growth {} KiB; the corpus itself is held in memory)",
            mb * 10.0,
            report.personal_items,
            max_buffered / 1024,
            before,
            after,
            after.saturating_sub(before)
        );
        return;
    }
    let configs = [
        ("pii_only", Scanner::builder().build().unwrap()),
        ("pii_kw100", Scanner::builder().keywords(kw100).build().unwrap()),
        ("pii_kw10k", Scanner::builder().keywords(kw10k).build().unwrap()),
    ];
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

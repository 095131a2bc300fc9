//! The Rust side of `bench.js`: the core's throughput on a file (`scan`, and `scan_bytes`
//! and `scan_path` with document support) and its per-call time on a short string,
//! measured the same way as the Node side (default scanner, best of N runs).
//!
//! ```text
//! cargo run --release -p mamori-node --example core_bench -- FILE [RUNS] [SHORT_TEXT]
//! ```
//!
//! Prints one line of JSON.

use mamori::Scanner;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: core_bench FILE [RUNS] [SHORT_TEXT]");
    let runs: usize = args.next().map_or(3, |s| s.parse().expect("RUNS is a number"));
    let short = args.next().unwrap_or_else(|| "件名：見積書の件（山田様）".to_string());

    let data = std::fs::read(&path).expect("cannot read the data file");
    let scanner = Scanner::builder().build().expect("default scanner");

    let mut best = f64::MAX;
    let mut findings = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let report = scanner.scan(&data);
        best = best.min(t.elapsed().as_secs_f64());
        findings = report.counts.values().sum::<u64>();
    }
    // With document support (what scanBytes and scanFile call): sniffing, decoding.
    let name = std::path::Path::new(&path).file_name().map(|n| n.to_string_lossy().into_owned());
    let mut best_bytes = f64::MAX;
    let mut best_path = f64::MAX;
    for _ in 0..runs {
        let t = Instant::now();
        std::hint::black_box(scanner.scan_bytes(&data, name.as_deref()));
        best_bytes = best_bytes.min(t.elapsed().as_secs_f64());
        let t = Instant::now();
        std::hint::black_box(scanner.scan_path(&path).expect("scan_path"));
        best_path = best_path.min(t.elapsed().as_secs_f64());
    }

    // Per call on a short string: enough calls for ~0.5 s, best of 3.
    let calls = 200_000;
    let mut best_call = f64::MAX;
    for _ in 0..3 {
        let t = Instant::now();
        for _ in 0..calls {
            std::hint::black_box(scanner.scan(std::hint::black_box(short.as_bytes())));
        }
        best_call = best_call.min(t.elapsed().as_secs_f64() / calls as f64);
    }
    // The same with the report serialised to JSON (what the addon hands to Node).
    let mut best_json = f64::MAX;
    for _ in 0..3 {
        let t = Instant::now();
        for _ in 0..calls {
            std::hint::black_box(scanner.scan(std::hint::black_box(short.as_bytes())).to_json());
        }
        best_json = best_json.min(t.elapsed().as_secs_f64() / calls as f64);
    }

    let mb = data.len() as f64 / 1e6;
    println!(
        "{{\"bytes\":{},\"seconds\":{:.6},\"mb_per_s\":{:.1},\"scan_bytes_mb_per_s\":{:.1},\"scan_path_mb_per_s\":{:.1},\"findings\":{},\"short_call_us\":{:.3},\"short_call_json_us\":{:.3}}}",
        data.len(),
        best,
        mb / best,
        mb / best_bytes,
        mb / best_path,
        findings,
        best_call * 1e6,
        best_json * 1e6,
    );
}

//! Text throughput of the core engine on generated Japanese business text:
//! all detectors with no keywords, 100 keywords and 10,000 keywords; one-shot against
//! streaming in 64 KiB chunks.
//!
//! ```text
//! cargo bench -p mamori-benches --bench throughput
//! ```

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use mamori::Scanner;
use std::time::Duration;

fn throughput(c: &mut Criterion) {
    let (text, kw100, kw10k) = mamori_benches::load();
    let plain = Scanner::builder().build().unwrap();
    let with100 = Scanner::builder().keywords(kw100).build().unwrap();
    let with10k = Scanner::builder().keywords(kw10k).build().unwrap();

    let mut g = c.benchmark_group("throughput");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(15));
    for (name, scanner) in [("pii_only", &plain), ("pii_kw100", &with100), ("pii_kw10k", &with10k)]
    {
        g.bench_function(name, |b| b.iter(|| scanner.scan(&text).personal_items));
    }
    g.bench_function("pii_kw100_stream_64k", |b| {
        b.iter(|| {
            let mut stream = with100.stream();
            for chunk in text.chunks(64 * 1024) {
                stream.feed_with(chunk, |_| {});
            }
            stream.finish().personal_items
        })
    });
    g.finish();
}

criterion_group!(benches, throughput);
criterion_main!(benches);

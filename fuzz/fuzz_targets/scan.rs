//! One-shot scanning of arbitrary bytes must never panic, and every span must lie inside
//! the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn scanner() -> &'static mamori::Scanner {
    static S: OnceLock<mamori::Scanner> = OnceLock::new();
    S.get_or_init(|| {
        mamori::Scanner::builder()
            .keywords(["社外秘", "極秘", "Project X", "ｶﾞｲﾄﾞ"])
            .regex("code", r"[A-Z]{3}-[0-9]{4}")
            .build()
            .unwrap()
    })
}

fuzz_target!(|data: &[u8]| {
    let report = scanner().scan(data);
    for f in &report.findings {
        assert!(f.start < f.end && f.end <= data.len());
    }
});

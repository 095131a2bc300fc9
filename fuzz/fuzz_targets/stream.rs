//! Streaming arbitrary bytes in arbitrary chunks must never panic and must equal the
//! one-shot scan. The first byte of the input picks the chunk size.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn scanner() -> &'static mamori::Scanner {
    static S: OnceLock<mamori::Scanner> = OnceLock::new();
    S.get_or_init(|| {
        mamori::Scanner::builder()
            .keywords(["社外秘", "極秘", "Project X"])
            .build()
            .unwrap()
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&step, text)) = data.split_first() else { return };
    let step = step as usize + 1;
    let mut stream = scanner().stream();
    for chunk in text.chunks(step) {
        stream.feed(chunk);
    }
    let streamed = stream.finish();
    let one_shot = scanner().scan(text);
    assert_eq!(streamed.findings, one_shot.findings);
});

//! Arbitrary bytes as a 7z archive: the header walk, the crate's reader and the decoders
//! behind the budget. Never a panic, a hang or unbounded memory.
#![no_main]

mod extract_common;
use extract_common as common;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Keep the signature so mutations reach the header.
    let mut input = b"7z\xbc\xaf\x27\x1c".to_vec();
    input.extend_from_slice(data.get(6..).unwrap_or_default());
    common::check(&common::scanner().scan_bytes(&input, Some("fuzz.7z")));
});

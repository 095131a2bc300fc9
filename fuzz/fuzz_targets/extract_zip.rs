//! Arbitrary bytes as a zip (and whatever it nests): never a panic, a hang or unbounded memory.
#![no_main]

mod extract_common;
use extract_common as common;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    common::check(&common::scanner().scan_bytes(data, Some("fuzz.zip")));
});

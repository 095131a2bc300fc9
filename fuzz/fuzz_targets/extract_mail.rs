//! Arbitrary bytes as an e-mail (headers, MIME tree, attachments recursively).
#![no_main]

mod extract_common;
use extract_common as common;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    common::check(&common::scanner().scan_bytes(data, Some("fuzz.eml")));
});

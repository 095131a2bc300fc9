//! Arbitrary bytes as an LZH/LHA archive, read as a stream (`scan_reader`).
#![no_main]

mod extract_common;
use extract_common as common;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let report =
        common::scanner().scan_reader(data, Some("fuzz.lzh")).expect("a slice cannot fail to read");
    common::check(&report);
});

//! Arbitrary bytes as tar / gzip streams, read through `scan_reader` (streaming path).
#![no_main]

mod extract_common;
use extract_common as common;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let name = if data.first().is_some_and(|&b| b & 1 == 0) { "fuzz.tar" } else { "fuzz.tar.gz" };
    let report =
        common::scanner().scan_reader(data, Some(name)).expect("a slice cannot fail to read");
    common::check(&report);
});

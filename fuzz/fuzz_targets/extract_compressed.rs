//! Arbitrary bytes as bzip2 or xz streams (and the tar inside), read as a stream.
#![no_main]

mod extract_common;
use extract_common as common;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let name =
        if data.first().is_some_and(|&b| b == b'B') { "fuzz.tar.bz2" } else { "fuzz.tar.xz" };
    let report =
        common::scanner().scan_reader(data, Some(name)).expect("a slice cannot fail to read");
    common::check(&report);
});

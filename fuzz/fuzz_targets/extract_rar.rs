//! Arbitrary bytes after a RAR 4 or RAR 5 signature: the bounded header reader.
#![no_main]

mod extract_common;
use extract_common as common;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&version, rest)) = data.split_first() else { return };
    let mut input = if version & 1 == 0 {
        b"Rar!\x1a\x07\x00".to_vec()
    } else {
        b"Rar!\x1a\x07\x01\x00".to_vec()
    };
    input.extend_from_slice(rest);
    let report = common::scanner()
        .scan_reader(&input[..], Some("fuzz.rar"))
        .expect("a slice cannot fail to read");
    common::check(&report);
});

//! Arbitrary bytes as text in any encoding, HTML, XML or RTF (the first byte picks the name
//! hint, content sniffing decides).
#![no_main]

mod extract_common;
use extract_common as common;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else { return };
    let name = ["a.txt", "a.csv", "a.html", "a.xml", "a.rtf", "a.json"][sel as usize % 6];
    common::check(&common::scanner().scan_bytes(rest, Some(name)));
});

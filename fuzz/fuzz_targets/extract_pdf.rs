//! Arbitrary bytes as a PDF (object scanner, streams, page tree, CMaps, content operators).
#![no_main]

mod extract_common;
use extract_common as common;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Make sure the PDF reader is the one exercised, whatever the first bytes are.
    let mut pdf = b"%PDF-1.4\n".to_vec();
    pdf.extend_from_slice(data);
    common::check(&common::scanner().scan_bytes(&pdf, Some("fuzz.pdf")));
});

//! Arbitrary bytes behind a binary prefix, read the way `strings` reads a file (ASCII/UTF-8,
//! Shift_JIS, UTF-16LE/BE runs), scanned through a sink that may stop after any finding.
#![no_main]

mod extract_common;
use extract_common as common;
use libfuzzer_sys::fuzz_target;
use mamori::{Finding, Flow, Sink};

struct StopAfter(u8, usize);

impl Sink for StopAfter {
    fn finding(&mut self, f: &Finding) -> Flow {
        assert!(f.start <= f.end);
        self.1 += 1;
        if self.0 != 0 && self.1 >= self.0 as usize {
            Flow::Stop
        } else {
            Flow::Continue
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&stop, rest)) = data.split_first() else { return };
    // NULs and controls first, so the input is taken as binary of no known format.
    let mut input = vec![0u8, 1, 2, 3, 0, 0, 5, 6];
    input.extend_from_slice(rest);
    let mut sink = StopAfter(stop % 4, 0);
    let report = common::scanner().scan_bytes_with(&input, None, &mut sink);
    common::check(&report);
    assert_eq!(report.findings.len(), sink.1);
});

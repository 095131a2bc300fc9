//! mbox: the input split at 0xFF bytes into messages, each after a `From ` separator line
//! (so separators, `>From ` quoting and message boundaries fall anywhere), read as a stream
//! handed out a few bytes at a time.
#![no_main]

mod extract_common;
use extract_common as common;
use libfuzzer_sys::fuzz_target;
use std::io::Read;

/// Hands out at most `step` bytes per read, as a slow pipe does.
struct Trickle<'a> {
    data: &'a [u8],
    step: usize,
}

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = buf.len().min(self.step).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&step, rest)) = data.split_first() else { return };
    let mut mbox = Vec::new();
    for msg in rest.split(|&b| b == 0xFF) {
        mbox.extend_from_slice(b"From a@example.jp Mon Jan  1 00:00:00 2024\nFrom: a@example.jp\n");
        mbox.extend_from_slice(msg);
        mbox.push(b'\n');
    }
    let s = common::scanner();
    common::check(&s.scan_bytes(&mbox, Some("f.mbox")));
    let r = Trickle { data: &mbox, step: usize::from(step).max(1) };
    common::check(&s.scan_reader(r, Some("f.mbox")).unwrap());
});

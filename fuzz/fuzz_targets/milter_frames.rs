//! Arbitrary bytes as what an MTA sends to mamori-milter: frames are read with their
//! length checked, parsed, and run through a session (negotiation, spooling, the scan at
//! the end of a message). Anything may be refused; nothing may panic or allocate beyond
//! the frame limit.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mamori_gateway::{mail_policy, Gateway, GatewaySection};
use mamori_milter::protocol::{parse, read_frame};
use mamori_milter::session::Session;
use std::io::{self, Read, Write};
use std::sync::OnceLock;

fn gateway() -> &'static Gateway {
    static GATEWAY: OnceLock<Gateway> = OnceLock::new();
    GATEWAY.get_or_init(|| {
        let settings = GatewaySection {
            max_message_bytes: 1 << 20,
            policy: Some(mail_policy()),
            ..GatewaySection::default()
        };
        Gateway::new(mamori::Scanner::builder().build().unwrap(), settings).unwrap()
    })
}

struct Wire<'a> {
    input: &'a [u8],
}

impl Read for Wire<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.input.read(buf)
    }
}

impl Write for Wire<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fuzz_target!(|data: &[u8]| {
    // The frame reader and parser alone, with a small limit.
    let mut r = data;
    let mut buf = Vec::new();
    while let Ok(Some(letter)) = read_frame(&mut r, 4096, &mut buf) {
        assert!(buf.len() < 4096);
        let _ = parse(letter, &buf);
    }
    // A whole session.
    let log = |_: &str| {};
    let _ = Session::new(gateway(), &log).serve(&mut Wire { input: data });
});

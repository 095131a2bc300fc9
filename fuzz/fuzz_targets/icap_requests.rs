//! Arbitrary bytes as what Squid sends to mamori-icap: request heads, encapsulated HTTP
//! headers, previews and chunked bodies, run through a whole session (parse, spool, scan,
//! answer). Anything may be refused with `400`; nothing may panic or allocate from a
//! length the input claims.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mamori_gateway::{mail_policy, Gateway, GatewaySection};
use mamori_icap::session::Session;
use std::sync::atomic::AtomicU64;
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

fuzz_target!(|data: &[u8]| {
    let serial = AtomicU64::new(0);
    let session = Session::new(gateway(), &|_| {}, &serial);
    let mut input = data;
    let mut output = Vec::new();
    let _ = session.serve(&mut input, &mut output);
});

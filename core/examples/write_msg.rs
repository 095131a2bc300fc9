//! Writes an Outlook message (.msg, MS-OXMSG) from a JSON description, for the test corpus
//! (`corpora/documents/gen_mail.py` runs it and reads the result back with `extract-msg`).
//!
//! ```sh
//! cargo run -p mamori --example write_msg -- out.msg < spec.json
//! ```
//!
//! The description: `subject`, `sender_name`, `sender_email`, `recipients` (`name`, `email`,
//! `type`: 1 To, 2 Cc, 3 Bcc), `body`, optional `codepage` (the body and strings are then
//! written 8-bit in that code page, `001E`, with `PidTagInternetCodepage` set), optional
//! `html`, optional `rtf_compressed_hex` (a compressed RTF stream as hex) and `attachments`
//! (`name` with `path` to a file, or `name` with `message`: a nested description).

use cfb::CompoundFile;
use serde_json::Value;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

type Cf = CompoundFile<std::fs::File>;

const PT_LONG: u16 = 0x0003;
const PT_STRING8: u16 = 0x001E;
const PT_UNICODE: u16 = 0x001F;
const PT_BINARY: u16 = 0x0102;
const PT_OBJECT: u16 = 0x000D;

/// Property entries of one storage's `__properties_version1.0`.
#[derive(Default)]
struct Props {
    entries: Vec<[u8; 16]>,
}

impl Props {
    fn long(&mut self, id: u16, v: u32) {
        let mut e = [0u8; 16];
        e[..4].copy_from_slice(&((u32::from(id) << 16) | u32::from(PT_LONG)).to_le_bytes());
        e[4..8].copy_from_slice(&6u32.to_le_bytes()); // readable, writable
        e[8..12].copy_from_slice(&v.to_le_bytes());
        self.entries.push(e);
    }

    fn variable(&mut self, id: u16, ty: u16, size: u32) {
        let mut e = [0u8; 16];
        e[..4].copy_from_slice(&((u32::from(id) << 16) | u32::from(ty)).to_le_bytes());
        e[4..8].copy_from_slice(&6u32.to_le_bytes());
        e[8..12].copy_from_slice(&size.to_le_bytes());
        self.entries.push(e);
    }

    fn write(&self, cf: &mut Cf, storage: &Path, header: &[u8]) {
        let mut s = cf.create_stream(storage.join("__properties_version1.0")).unwrap();
        s.write_all(header).unwrap();
        for e in &self.entries {
            s.write_all(e).unwrap();
        }
    }
}

struct Writer<'a> {
    cf: &'a mut Cf,
    codepage: Option<u16>,
}

impl Writer<'_> {
    fn stream(&mut self, path: PathBuf, data: &[u8]) {
        self.cf.create_stream(path).unwrap().write_all(data).unwrap();
    }

    /// A string property: UTF-16LE, or 8-bit in the code page when one is set.
    fn string(&mut self, props: &mut Props, storage: &Path, id: u16, s: &str) {
        let (ty, data, null) = match self.codepage {
            Some(cp) => {
                let enc = codepage::to_encoding(cp).expect("known code page");
                (PT_STRING8, enc.encode(s).0.into_owned(), 1)
            }
            None => (PT_UNICODE, s.encode_utf16().flat_map(u16::to_le_bytes).collect(), 2),
        };
        // The stream holds the characters; the size in the property entry counts the
        // terminating null too (MS-OXMSG 2.1.2).
        self.stream(storage.join(format!("__substg1.0_{id:04X}{ty:04X}")), &data);
        props.variable(id, ty, data.len() as u32 + null);
    }

    fn binary(&mut self, props: &mut Props, storage: &Path, id: u16, data: &[u8]) {
        self.stream(storage.join(format!("__substg1.0_{id:04X}{PT_BINARY:04X}")), data);
        props.variable(id, PT_BINARY, data.len() as u32);
    }

    /// Writes a message into `storage` (the root, or an attachment's `3701000D` storage).
    fn message(&mut self, storage: &Path, spec: &Value, embedded: bool) {
        let text = |k: &str| spec[k].as_str().unwrap_or("").to_string();
        let mut props = Props::default();
        self.string(&mut props, storage, 0x001A, "IPM.Note");
        self.string(&mut props, storage, 0x0037, &text("subject"));
        self.string(&mut props, storage, 0x0C1A, &text("sender_name"));
        self.string(&mut props, storage, 0x0C1F, &text("sender_email"));
        self.string(&mut props, storage, 0x0C1E, "SMTP");
        self.string(&mut props, storage, 0x5D01, &text("sender_email"));
        self.string(&mut props, storage, 0x0042, &text("sender_name"));
        self.string(&mut props, storage, 0x0065, &text("sender_email"));
        self.string(&mut props, storage, 0x1000, &text("body"));
        if let Some(cp) = self.codepage {
            props.long(0x3FDE, u32::from(cp)); // PidTagInternetCodepage
            props.long(0x3FFD, u32::from(cp)); // PidTagMessageCodepage
        } else {
            props.long(0x340D, 0x0004_0000); // PidTagStoreSupportMask: STORE_UNICODE_OK
        }
        props.long(0x0E07, 0x0000_0001); // PidTagMessageFlags: read
        if let Some(h) = spec["html"].as_str() {
            let enc = self.codepage.and_then(codepage::to_encoding).unwrap_or(encoding_rs::UTF_8);
            self.binary(&mut props, storage, 0x1013, &enc.encode(h).0);
        }
        if let Some(hex) = spec["rtf_compressed_hex"].as_str() {
            let bytes: Vec<u8> = (0..hex.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
                .collect();
            self.binary(&mut props, storage, 0x1009, &bytes);
        }
        let empty = Vec::new();
        let recipients = spec["recipients"].as_array().unwrap_or(&empty);
        let mut to = Vec::new();
        for (i, r) in recipients.iter().enumerate() {
            let rs = storage.join(format!("__recip_version1.0_#{i:08X}"));
            self.cf.create_storage(&rs).unwrap();
            let mut rp = Props::default();
            let name = r["name"].as_str().unwrap();
            let email = r["email"].as_str().unwrap();
            self.string(&mut rp, &rs, 0x3001, name);
            self.string(&mut rp, &rs, 0x3002, "SMTP");
            self.string(&mut rp, &rs, 0x3003, email);
            self.string(&mut rp, &rs, 0x39FE, email);
            let kind = r["type"].as_u64().unwrap_or(1) as u32;
            rp.long(0x0C15, kind); // PidTagRecipientType
            rp.long(0x3000, i as u32); // PidTagRowid
            rp.write(self.cf, &rs, &[0u8; 8]);
            if kind == 1 {
                to.push(name.to_string());
            }
        }
        self.string(&mut props, storage, 0x0E04, &to.join("; "));
        let attachments = spec["attachments"].as_array().unwrap_or(&empty);
        for (i, a) in attachments.iter().enumerate() {
            let at = storage.join(format!("__attach_version1.0_#{i:08X}"));
            self.cf.create_storage(&at).unwrap();
            let mut ap = Props::default();
            let name = a["name"].as_str().unwrap();
            self.string(&mut ap, &at, 0x3707, name);
            self.string(&mut ap, &at, 0x3704, name);
            self.string(&mut ap, &at, 0x3001, name);
            ap.long(0x0E21, i as u32); // PidTagAttachNumber
            if let Some(path) = a["path"].as_str() {
                let mut data = Vec::new();
                std::fs::File::open(path).unwrap().read_to_end(&mut data).unwrap();
                self.binary(&mut ap, &at, 0x3701, &data);
                self.string(&mut ap, &at, 0x3703, &ext(name));
                ap.long(0x3705, 1); // PidTagAttachMethod: by value
            } else {
                let inner = at.join(format!("__substg1.0_3701{PT_OBJECT:04X}"));
                self.cf.create_storage(&inner).unwrap();
                self.message(&inner, &a["message"], true);
                ap.variable(0x3701, PT_OBJECT, 0xFFFF_FFFF);
                ap.long(0x3705, 5); // PidTagAttachMethod: embedded message
            }
            ap.write(self.cf, &at, &[0u8; 8]);
        }
        // The header: reserved, next recipient id, next attachment id, counts (MS-OXMSG 2.4).
        let mut header = vec![0u8; 8];
        for n in [recipients.len(), attachments.len(), recipients.len(), attachments.len()] {
            header.extend_from_slice(&(n as u32).to_le_bytes());
        }
        if !embedded {
            header.extend_from_slice(&[0u8; 8]);
        }
        props.write(self.cf, storage, &header);
    }
}

fn ext(name: &str) -> String {
    name.rsplit_once('.').map(|(_, e)| format!(".{e}")).unwrap_or_default()
}

fn main() {
    let out = std::env::args().nth(1).expect("usage: write_msg OUT.msg < spec.json");
    let spec: Value = serde_json::from_reader(std::io::stdin()).expect("JSON on stdin");
    let mut cf = cfb::create(&out).unwrap();
    // Named properties: the mapping storage every message has (empty: none are used).
    let nameid = Path::new("/__nameid_version1.0");
    cf.create_storage(nameid).unwrap();
    for s in ["__substg1.0_00020102", "__substg1.0_00030102", "__substg1.0_00040102"] {
        cf.create_stream(nameid.join(s)).unwrap();
    }
    let codepage = spec["codepage"].as_u64().map(|c| c as u16);
    Writer { cf: &mut cf, codepage }.message(Path::new("/"), &spec, false);
    cf.flush().unwrap();
}

//! The PDF standard security handler (ISO 32000-1 7.6.3, 7.6.4; ISO 32000-2 R6), for the
//! empty user password only.
//!
//! Most "protected" PDFs have only an owner password: they open without a password, and the
//! file key is derived from the empty user password. [`Crypt::open`] derives that key and
//! checks it against `/U`; the document's strings and streams are then decrypted with:
//!
//! - RC4 with 40- to 128-bit keys (`/V 1`, `/V 2`, `/R 2`, `/R 3`), a key per object;
//! - `/V 4` crypt filters (`/CF`, `/StmF`, `/StrF`, a stream's own `/Crypt` filter):
//!   `/V2` (RC4), `/AESV2` (AES-128-CBC, a key per object), `/Identity` (none);
//! - AES-256-CBC (`/V 5`, `/AESV3`, `/R 5` and `/R 6` with the SHA-256/384/512 hash of
//!   algorithm 2.B), one key for the whole file.
//!
//! A document that needs a real user password, or uses another security handler
//! (`/Adobe.PubSec` and the like), is refused as `encrypted`; a damaged encryption
//! dictionary as `corrupt`. Nothing here allocates from a size in the file beyond the data
//! being decrypted, and no key length or ciphertext length can panic.

use super::super::Stop;
use super::objects::Obj;
use aes::{Aes128, Aes256};
use cbc::cipher::block_padding::NoPadding;
use cbc::cipher::{BlockModeDecrypt, BlockModeEncrypt, KeyInit, KeyIvInit, StreamCipher};
use md5::{Digest, Md5};
use rc4::Rc4;
use sha2::{Sha256, Sha384, Sha512};

/// The password padding string of algorithm 2 (ISO 32000-1 7.6.3.3).
const PAD: [u8; 32] = [
    0x28, 0xBF, 0x4E, 0x5E, 0x4E, 0x75, 0x8A, 0x41, 0x64, 0x00, 0x4E, 0x56, 0xFF, 0xFA, 0x01, 0x08,
    0x2E, 0x2E, 0x00, 0xB6, 0xD0, 0x68, 0x3E, 0x80, 0x2F, 0x0C, 0xA9, 0xFE, 0x64, 0x53, 0x69, 0x7A,
];

/// How one class of data (strings, streams, a named crypt filter) is encrypted.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Method {
    /// Not encrypted (`/Identity`, `/None`).
    Identity,
    Rc4,
    Aes128,
    Aes256,
}

/// An opened standard security handler: the file key and what each kind of data uses.
#[derive(Debug)]
pub(super) struct Crypt {
    /// The file key: 5 to 16 bytes (RC4, AES-128) or 32 (AES-256).
    key: Vec<u8>,
    pub(super) strings: Method,
    pub(super) streams: Method,
    /// The named crypt filters of `/CF` (`/V 4`, `/V 5`), for streams with a `/Crypt` filter.
    filters: Vec<(Vec<u8>, Method)>,
    /// `false` when `/EncryptMetadata false`: metadata streams are stored in clear.
    pub(super) encrypt_metadata: bool,
}

/// Why a document cannot be opened: refused unread as `encrypted`, or damaged.
fn encrypted(detail: &str) -> Stop {
    Stop::Encrypted(format!("encrypted PDF: {detail}"))
}

fn corrupt(detail: &str) -> Stop {
    Stop::Corrupt(format!("PDF encryption dictionary: {detail}"))
}

fn int(dict: &Obj, key: &[u8]) -> Option<i64> {
    dict.get(key).and_then(Obj::num).filter(|n| n.is_finite()).map(|n| n as i64)
}

fn bytes<'o>(dict: &'o Obj, key: &[u8]) -> Option<&'o [u8]> {
    match dict.get(key) {
        Some(Obj::Str(s)) => Some(s),
        _ => None,
    }
}

impl Crypt {
    /// Opens the encryption dictionary `dict` (resolved, with direct values: the standard
    /// handler's entries are never references in practice) with the empty user password.
    /// `id0` is the first string of the trailer's `/ID`.
    pub(super) fn open(dict: &Obj, id0: &[u8]) -> Result<Crypt, Stop> {
        if !matches!(dict, Obj::Dict(_)) {
            return Err(corrupt("missing or not a dictionary"));
        }
        match dict.get(b"Filter").and_then(Obj::name) {
            Some(b"Standard") => {}
            Some(other) => {
                let name = String::from_utf8_lossy(other);
                return Err(encrypted(&format!(
                    "security handler /{name} (not the standard password handler) is not supported"
                )));
            }
            None => return Err(corrupt("no /Filter")),
        }
        let v = int(dict, b"V").unwrap_or(0);
        let r = int(dict, b"R").ok_or_else(|| corrupt("no /R"))?;
        let encrypt_metadata = !matches!(dict.get(b"EncryptMetadata"), Some(Obj::Bool(false)));
        let (strings, streams, filters) = match v {
            1 | 2 => (Method::Rc4, Method::Rc4, Vec::new()),
            4 | 5 => {
                let filters = crypt_filters(dict);
                let pick = |key: &[u8]| -> Result<Method, Stop> {
                    let name = dict.get(key).and_then(Obj::name).unwrap_or(b"Identity");
                    lookup(&filters, name).ok_or_else(|| {
                        encrypted(&format!(
                            "crypt filter /{} is not supported",
                            String::from_utf8_lossy(name)
                        ))
                    })
                };
                (pick(b"StrF")?, pick(b"StmF")?, filters)
            }
            _ => return Err(encrypted(&format!("standard handler /V {v} is not supported"))),
        };
        let key = match r {
            2..=4 => {
                let o = bytes(dict, b"O").and_then(|o| o.get(..32)).ok_or_else(|| corrupt("/O"))?;
                let u = bytes(dict, b"U").and_then(|u| u.get(..16)).ok_or_else(|| corrupt("/U"))?;
                let p = int(dict, b"P").ok_or_else(|| corrupt("no /P"))?;
                let len = key_length(dict, v, r).ok_or_else(|| corrupt("bad /Length"))?;
                let key = file_key_r4(b"", o, p as u32, id0, r, len, encrypt_metadata);
                if !user_key_matches(&key, r, id0, u) {
                    return Err(encrypted(&format!(
                        "a user password is needed to open it (RC4/AES-128, /R {r})"
                    )));
                }
                key
            }
            5 | 6 => {
                let u = bytes(dict, b"U").and_then(|u| u.get(..48)).ok_or_else(|| corrupt("/U"))?;
                let ue =
                    bytes(dict, b"UE").and_then(|u| u.get(..32)).ok_or_else(|| corrupt("/UE"))?;
                let key = file_key_r6(b"", u, ue, r).ok_or_else(|| {
                    encrypted(&format!("a user password is needed to open it (AES-256, /R {r})"))
                })?;
                key.to_vec()
            }
            _ => return Err(encrypted(&format!("standard handler /R {r} is not supported"))),
        };
        Ok(Crypt { key, strings, streams, filters, encrypt_metadata })
    }

    /// The method of the named crypt filter (a stream's own `/Crypt` filter).
    pub(super) fn filter(&self, name: &[u8]) -> Option<Method> {
        lookup(&self.filters, name)
    }

    /// Decrypts the data of object `num gen` encrypted with `method`. `None` when the data
    /// cannot be AES ciphertext (shorter than its 16-byte IV). A bad padding is kept as it is.
    pub(super) fn decrypt(
        &self,
        method: Method,
        num: u32,
        gen: u16,
        data: &[u8],
    ) -> Option<Vec<u8>> {
        match method {
            Method::Identity => Some(data.to_vec()),
            Method::Rc4 => {
                let key = self.object_key(num, gen, false);
                Some(rc4(&key, data))
            }
            Method::Aes128 => aes_cbc_decrypt(&self.object_key(num, gen, true), data),
            Method::Aes256 => aes_cbc_decrypt(&self.key, data),
        }
    }

    /// Algorithm 1: the key of one object (RC4 and AES-128; `sAlT` for AES).
    fn object_key(&self, num: u32, gen: u16, aes: bool) -> Vec<u8> {
        let mut h = Md5::new();
        h.update(&self.key);
        h.update(&num.to_le_bytes()[..3]);
        h.update(gen.to_le_bytes());
        if aes {
            h.update(b"sAlT");
        }
        let n = (self.key.len() + 5).min(16);
        h.finalize()[..n].to_vec()
    }
}

fn lookup(filters: &[(Vec<u8>, Method)], name: &[u8]) -> Option<Method> {
    if name == b"Identity" {
        return Some(Method::Identity);
    }
    filters.iter().find(|(n, _)| n == name).map(|&(_, m)| m)
}

/// The `/CF` dictionary's filters with a method this reader knows (others are left out,
/// so a stream or default naming them is refused).
fn crypt_filters(dict: &Obj) -> Vec<(Vec<u8>, Method)> {
    let Some(Obj::Dict(cf)) = dict.get(b"CF") else { return Vec::new() };
    cf.iter()
        .take(64)
        .filter_map(|(name, f)| {
            let method = match f.get(b"CFM").and_then(Obj::name) {
                Some(b"V2") => Method::Rc4,
                Some(b"AESV2") => Method::Aes128,
                Some(b"AESV3") => Method::Aes256,
                Some(b"None") | None => Method::Identity,
                Some(_) => return None,
            };
            Some((name.clone(), method))
        })
        .collect()
}

/// The file key length in bytes for `/R 2`..`/R 4`: 5 for R2, else `/Length` bits (in the
/// dictionary, or the default crypt filter's for V4, which some writers give in bytes).
fn key_length(dict: &Obj, v: i64, r: i64) -> Option<usize> {
    if r == 2 {
        return Some(5);
    }
    let from_cf = || {
        let name = dict.get(b"StmF").and_then(Obj::name)?;
        let Some(Obj::Dict(cf)) = dict.get(b"CF") else { return None };
        let f = cf.iter().find(|(n, _)| n == name).map(|(_, f)| f)?;
        int(f, b"Length").map(|l| if l <= 16 { l * 8 } else { l })
    };
    let bits = match v {
        4 => from_cf().unwrap_or(128),
        _ => int(dict, b"Length").unwrap_or(40),
    };
    ((40..=128).contains(&bits) && bits % 8 == 0).then_some(bits as usize / 8)
}

/// Algorithm 2: the file key from a password (`/R 2`..`/R 4`), `len` bytes long (5..=16).
fn file_key_r4(
    password: &[u8],
    o: &[u8],
    p: u32,
    id0: &[u8],
    r: i64,
    len: usize,
    encrypt_metadata: bool,
) -> Vec<u8> {
    let mut h = Md5::new();
    h.update(padded(password));
    h.update(o);
    h.update(p.to_le_bytes());
    h.update(id0);
    if r >= 4 && !encrypt_metadata {
        h.update([0xFF; 4]);
    }
    let mut digest = h.finalize();
    if r >= 3 {
        for _ in 0..50 {
            digest = Md5::digest(&digest[..len]);
        }
    }
    digest[..len].to_vec()
}

/// The password padded or cut to 32 bytes with [`PAD`].
fn padded(password: &[u8]) -> [u8; 32] {
    let mut out = PAD;
    let n = password.len().min(32);
    out[..n].copy_from_slice(&password[..n]);
    out[n..].copy_from_slice(&PAD[..32 - n]);
    out
}

/// Algorithms 4 and 5: whether `key` is the file key of the user password, checked against
/// the first 16 bytes of `/U` (R3, R4: the rest is arbitrary padding; R2: the first 16 of
/// the 32 encrypted padding bytes are as telling).
fn user_key_matches(key: &[u8], r: i64, id0: &[u8], u: &[u8]) -> bool {
    let expected = if r == 2 {
        rc4(key, &PAD)
    } else {
        let mut h = Md5::new();
        h.update(PAD);
        h.update(id0);
        let mut x = rc4(key, &h.finalize());
        for i in 1..=19u8 {
            let k: Vec<u8> = key.iter().map(|b| b ^ i).collect();
            x = rc4(&k, &x);
        }
        x
    };
    expected.get(..16) == u.get(..16)
}

/// Algorithms 2.A and 11 (R5, R6): the file key of the user password `password`, `None`
/// when `/U` does not match it. `u` is the 48 bytes of `/U` (hash, validation salt, key
/// salt), `ue` the 32 bytes of `/UE`.
fn file_key_r6(password: &[u8], u: &[u8], ue: &[u8], r: i64) -> Option<[u8; 32]> {
    let password = &password[..password.len().min(127)];
    let (hash, validation_salt, key_salt) = (u.get(..32)?, u.get(32..40)?, u.get(40..48)?);
    if hash_r6(password, validation_salt, &[], r) != hash {
        return None;
    }
    let intermediate = hash_r6(password, key_salt, &[], r);
    let mut key = [0u8; 32];
    key.copy_from_slice(ue.get(..32)?);
    cbc::Decryptor::<Aes256>::new_from_slices(&intermediate, &[0u8; 16])
        .ok()?
        .decrypt_padded::<NoPadding>(&mut key)
        .ok()?;
    Some(key)
}

/// The password hash of R5 (SHA-256 of password and salt) and R6 (algorithm 2.B: at least
/// 64 rounds of AES-128 and SHA-256/384/512, at most 288). `udata` is `/U` for the owner
/// password and empty for the user password.
fn hash_r6(password: &[u8], salt: &[u8], udata: &[u8], r: i64) -> [u8; 32] {
    let mut k: Vec<u8> = Sha256::new()
        .chain_update(password)
        .chain_update(salt)
        .chain_update(udata)
        .finalize()
        .to_vec();
    if r == 6 {
        let mut round = 0usize;
        loop {
            let mut k1 = Vec::with_capacity(64 * (password.len() + k.len() + udata.len()));
            for _ in 0..64 {
                k1.extend_from_slice(password);
                k1.extend_from_slice(&k);
                k1.extend_from_slice(udata);
            }
            // 64 copies: always a whole number of AES blocks.
            let len = k1.len();
            let Ok(enc) = cbc::Encryptor::<Aes128>::new_from_slices(&k[..16], &k[16..32]) else {
                break;
            };
            if enc.encrypt_padded::<NoPadding>(&mut k1, len).is_err() {
                break;
            }
            let e = k1;
            let sum: u32 = e[..16].iter().map(|&b| u32::from(b)).sum();
            k = match sum % 3 {
                0 => Sha256::digest(&e).to_vec(),
                1 => Sha384::digest(&e).to_vec(),
                _ => Sha512::digest(&e).to_vec(),
            };
            round += 1;
            let last = e.last().copied().unwrap_or(0) as usize;
            if round >= 64 && last + 32 <= round {
                break;
            }
        }
    }
    let mut out = [0u8; 32];
    out.copy_from_slice(&k[..32]);
    out
}

fn rc4(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut out = data.to_vec();
    if let Ok(mut cipher) = Rc4::new_from_slice(key) {
        cipher.apply_keystream(&mut out);
    }
    out
}

/// AES-CBC with the IV in the first 16 bytes and PKCS#7 padding (ISO 32000-1 7.6.2). Data
/// shorter than a whole block after the IV is cut to whole blocks (a stream whose end was
/// found by `endstream` carries its end-of-line); empty data stays empty.
fn aes_cbc_decrypt(key: &[u8], data: &[u8]) -> Option<Vec<u8>> {
    if data.is_empty() {
        return Some(Vec::new());
    }
    let (iv, body) = (data.get(..16)?, &data[16..]);
    let mut out = body[..body.len() - body.len() % 16].to_vec();
    let ok = match key.len() {
        16 => cbc::Decryptor::<Aes128>::new_from_slices(key, iv)
            .ok()
            .and_then(|d| d.decrypt_padded::<NoPadding>(&mut out).ok().map(|_| ())),
        32 => cbc::Decryptor::<Aes256>::new_from_slices(key, iv)
            .ok()
            .and_then(|d| d.decrypt_padded::<NoPadding>(&mut out).ok().map(|_| ())),
        _ => None,
    };
    ok?;
    if let Some(&pad) = out.last() {
        let n = pad as usize;
        if (1..=16).contains(&n) && n <= out.len() && out[out.len() - n..].iter().all(|&b| b == pad)
        {
            out.truncate(out.len() - n);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    //! Expected keys are those `qpdf --show-encryption-key` prints for files qpdf 11.3
    //! encrypted (the committed `corpora/documents/pdf/*_owner_*.pdf` and one made with a
    //! user password, see `corpora/documents/README.md`); plaintexts are qpdf's
    //! `--show-object` of the same objects.
    use super::*;

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
    }

    /// The first `/ID` string of every file qpdf wrote from the reportlab corpus PDFs.
    const ID0: &str = "1c178198fbdfa51b25995d89d4102043";
    /// `/O` of the 128-bit files made with owner password `mamori-owner`, empty user password.
    const O_128: &str = "fd316666d6b2fc5a8fe286443258dac47cca8c6f02c45cfd0f5ece67215f2776";

    #[test]
    fn algorithm_2_rc4_40() {
        let o = hex("9ad87e9c967433a801f811498766e97b5a9091cab726024f2c79385ec74bb137");
        let u = hex("7e8663aecf7da5d6baa87d730c5a8ff1a7f582c151dd5faf7106b2106d9af7ec");
        let key = file_key_r4(b"", &o, -4i32 as u32, &hex(ID0), 2, 5, true);
        assert_eq!(key, hex("c22ed3c763"));
        assert!(user_key_matches(&key, 2, &hex(ID0), &u));
        assert!(!user_key_matches(&hex("c22ed3c764"), 2, &hex(ID0), &u));
    }

    #[test]
    fn algorithm_2_rc4_and_aes_128() {
        let o = hex(O_128);
        let u = hex("120e919e601f1109c8944f4ce56dcc1e0122456a91bae5134273a6db134c87c4");
        for r in [3, 4] {
            let key = file_key_r4(b"", &o, -4i32 as u32, &hex(ID0), r, 16, true);
            assert_eq!(key, hex("969382644daa249be56206e28f6d628f"));
            assert!(user_key_matches(&key, r, &hex(ID0), &u));
        }
        // `/EncryptMetadata false` adds four 0xFF bytes to the hash.
        let u = hex("4165d8c7c357c63d77555d1d355f783f0122456a91bae5134273a6db134c87c4");
        let key = file_key_r4(b"", &o, -4i32 as u32, &hex(ID0), 4, 16, false);
        assert_eq!(key, hex("638ef18991b333a66434326c7951024c"));
        assert!(user_key_matches(&key, 4, &hex(ID0), &u));
    }

    #[test]
    fn algorithm_2_with_a_user_password() {
        let o = hex("b8ef4557eaae5b6e9887ba3a72ec8582276ecdbdd2e23482da536fb76b0cf8dc");
        let u = hex("7bab8914b0114a97e9cae030ac0a37d70122456a91bae5134273a6db134c87c4");
        let id0 = hex(ID0);
        let key = file_key_r4(b"mamori-user", &o, -4i32 as u32, &id0, 3, 16, true);
        assert_eq!(key, hex("9d754c55a662f5cea6a08ef50b1e4eb4"));
        assert!(user_key_matches(&key, 3, &id0, &u));
        let empty = file_key_r4(b"", &o, -4i32 as u32, &id0, 3, 16, true);
        assert!(!user_key_matches(&empty, 3, &id0, &u));
    }

    #[test]
    fn algorithm_2a_r5() {
        let u = hex("bbc52e5a4f9aaa522ce4d8ac204057b612be193ce5c947c6f5f279a027c4009cdf1513bbd1a15ca84c0a8c29443b1418");
        let ue = hex("aa1afce837da1d5f63920105ac98e6536c74ba461ba062d168d49af08140730a");
        let key = file_key_r6(b"", &u, &ue, 5).unwrap();
        assert_eq!(
            key.to_vec(),
            hex("54611ff0adf666c605df636c3e3d95073c4bbc213be61bbb4ec9e5adf0ab9e49")
        );
        assert_eq!(file_key_r6(b"x", &u, &ue, 5), None);
    }

    #[test]
    fn algorithm_2b_r6() {
        let u = hex("172a89a815b9a7a9ff9d01db8e9a9857f366272eb0c8eee17666410c22f9611e600dd94a0db73b23846c342eedae247b");
        let ue = hex("606c8bf37a6aee7cd621faa4e97b7c45aa2d105a2602f154e13afd5ce26a297a");
        let key = file_key_r6(b"", &u, &ue, 6).unwrap();
        assert_eq!(
            key.to_vec(),
            hex("f06339ee4f2ff73346c03d527db360a6c12785e74523749c40549fed84aecc43")
        );
        // With a user password: the empty one is refused, the right one gives qpdf's key.
        let u = hex("fa784d56f172f8867ce0858c6a80ae795323845d3ddc54d086eb1c51372e7607c48cc0a4a3c3468850fbaa7d3668e059");
        let ue = hex("8d77b8a81dc12ed541320cfd050b145a280747e6b4946691f7b884c48d0bdace");
        assert_eq!(file_key_r6(b"", &u, &ue, 6), None);
        let key = file_key_r6(b"mamori-user", &u, &ue, 6).unwrap();
        assert_eq!(
            key.to_vec(),
            hex("9b99f652d66cf18a10e7d1f38c8b4de3bdecfe5b75d2ad01909ea11e54a697b6")
        );
    }

    fn crypt(key: &str) -> Crypt {
        Crypt {
            key: hex(key),
            strings: Method::Rc4,
            streams: Method::Rc4,
            filters: Vec::new(),
            encrypt_metadata: true,
        }
    }

    #[test]
    fn algorithm_1_object_strings() {
        // `/Author` of object 2 0 in 契約書_owner_rc4_40.pdf and 契約書_owner_aes_128.pdf.
        let c = crypt("c22ed3c763");
        let s = c.decrypt(Method::Rc4, 2, 0, &hex("c387f19b26fed31f49"));
        assert_eq!(s.as_deref(), Some(&b"anonymous"[..]));
        let c = crypt("969382644daa249be56206e28f6d628f");
        let ct = hex("7c0ad2c6f7b8c719fcd54b778b93d5f70ba855f066898c6bbbe99a919535d260");
        assert_eq!(c.decrypt(Method::Aes128, 2, 0, &ct).as_deref(), Some(&b"anonymous"[..]));
        // Another object number gives another key.
        assert_ne!(c.decrypt(Method::Aes128, 3, 0, &ct).as_deref(), Some(&b"anonymous"[..]));
    }

    #[test]
    fn aes_cbc_bounds() {
        // NIST SP 800-38A F.2.2, first block (no padding: kept as it is).
        let key = hex("2b7e151628aed2a6abf7158809cf4f3c");
        let mut data = hex("000102030405060708090a0b0c0d0e0f");
        data.extend(hex("7649abac8119b246cee98e9b12e9197d"));
        assert_eq!(aes_cbc_decrypt(&key, &data), Some(hex("6bc1bee22e409f96e93d7e117393172a")));
        // An end-of-line after the data is cut off; short or odd inputs never panic.
        data.extend(b"\r\n");
        assert_eq!(aes_cbc_decrypt(&key, &data), Some(hex("6bc1bee22e409f96e93d7e117393172a")));
        assert_eq!(aes_cbc_decrypt(&key, &data[..5]), None);
        assert_eq!(aes_cbc_decrypt(&key, &data[..16]), Some(Vec::new()));
        assert_eq!(aes_cbc_decrypt(&key, b""), Some(Vec::new()));
        assert_eq!(aes_cbc_decrypt(&key[..5], &data), None);
        assert_eq!(rc4(b"", b"abc"), b"abc"); // no key: left as it is, no panic
    }

    fn dict(entries: &str) -> Obj {
        super::super::lexer::Lexer::new(entries.as_bytes(), 0, 0).obj(0).unwrap()
    }

    #[test]
    fn open_refuses_what_it_cannot_read() {
        let refused = |d: &str| match Crypt::open(&dict(d), &hex(ID0)) {
            Err(Stop::Encrypted(m)) => format!("encrypted: {m}"),
            Err(Stop::Corrupt(m)) => format!("corrupt: {m}"),
            Err(_) => "other".into(),
            Ok(_) => "opened".into(),
        };
        let pubsec = refused("<< /Filter /Adobe.PubSec /V 4 /R 4 >>");
        assert!(pubsec.starts_with("encrypted") && pubsec.contains("Adobe.PubSec"), "{pubsec}");
        let u_rc4 = "7bab8914b0114a97e9cae030ac0a37d70122456a91bae5134273a6db134c87c4";
        let o_rc4 = "b8ef4557eaae5b6e9887ba3a72ec8582276ecdbdd2e23482da536fb76b0cf8dc";
        let needs = format!(
            "<< /Filter /Standard /V 2 /R 3 /Length 128 /P -4 /O <{o_rc4}> /U <{u_rc4}> >>"
        );
        let needs = refused(&needs);
        assert!(needs.starts_with("encrypted") && needs.contains("user password"), "{needs}");
        let short_u =
            format!("<< /Filter /Standard /V 2 /R 3 /Length 128 /P -4 /O <{O_128}> /U <1234> >>");
        assert!(refused(&short_u).starts_with("corrupt"));
        let bad_len =
            format!("<< /Filter /Standard /V 2 /R 3 /Length 12 /P -4 /O <{O_128}> /U <{u_rc4}> >>");
        assert!(refused(&bad_len).starts_with("corrupt"));
        assert!(
            refused("<< /Filter /Standard /V 5 /R 6 /U <00> /UE <00> >>").starts_with("corrupt")
        );
        assert!(refused("<< /Filter /Standard /V 3 /R 3 >>").starts_with("encrypted"));
        assert!(refused("<< /Filter /Standard /V 2 /R 7 >>").starts_with("encrypted"));
        let unknown_cfm =
            "<< /Filter /Standard /V 4 /R 4 /CF << /X << /CFM /ROT13 >> >> /StmF /X >>";
        assert!(refused(unknown_cfm).contains("crypt filter /X"));
        assert!(refused("null").starts_with("corrupt"));
        // The same dictionary with the right /U opens, and names its methods.
        let ok = "<< /Filter /Standard /V 4 /R 4 /Length 128 /P -4 /CF << /StdCF << /CFM /AESV2 /Length 16 >> >> /StmF /StdCF /StrF /Identity";
        let u = "120e919e601f1109c8944f4ce56dcc1e0122456a91bae5134273a6db134c87c4";
        let c = Crypt::open(&dict(&format!("{ok} /O <{O_128}> /U <{u}> >>")), &hex(ID0)).unwrap();
        assert_eq!((c.streams, c.strings), (Method::Aes128, Method::Identity));
        assert_eq!(c.filter(b"StdCF"), Some(Method::Aes128));
        assert_eq!(c.filter(b"Other"), None);
    }
}

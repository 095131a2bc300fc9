//! Compiles the place-name and personal-name dictionaries in `core/data/` into fst maps in
//! `OUT_DIR`, which `src/dict/` embeds with `include_bytes!` and reads without parsing, and
//! the IANA top-level domain list (`data/tld/`) into a sorted table for the e-mail detector.
//!
//! Keys go through the same fold as the text at scan time (`src/text/place_fold.rs`).
//! Without the `dictionaries` feature the maps are written empty, so the crate stays small
//! and the address and name detectors find nothing.

use flate2::read::GzDecoder;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

mod place_fold {
    include!("src/text/place_fold.rs");
}
use place_fold::fold_name_into;

fn read_gz(path: &Path) -> String {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut text = String::new();
    GzDecoder::new(file)
        .read_to_string(&mut text)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text
}

/// Data rows of a TSV file (the `#` header line skipped).
fn rows(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines().filter(|l| !l.starts_with('#') && !l.is_empty()).map(|l| l.split('\t').collect())
}

fn write_map(out: &Path, name: &str, map: &BTreeMap<Vec<u8>, u64>) {
    let mut builder = fst::MapBuilder::memory();
    for (k, v) in map {
        builder.insert(k, *v).expect("sorted unique keys");
    }
    let bytes = builder.into_inner().expect("fst builds");
    std::fs::write(out.join(name), bytes).expect("write fst");
}

fn fold(s: &str) -> Vec<u8> {
    let mut f = String::new();
    fold_name_into(s, &mut f);
    f.into_bytes()
}

/// `muni(2 bytes, big-endian) + folded town` → flags (1: has 丁目, 2: a 小字 from a note).
fn towns(data: &Path) -> BTreeMap<Vec<u8>, u64> {
    let mut map = BTreeMap::new();
    for r in rows(&read_gz(&data.join("address/towns.tsv.gz"))) {
        let muni: u16 = r[1].parse().expect("muni idx");
        let chome = r.get(4).is_some_and(|f| f.contains('c'));
        let mut add = |name: &str, flag: u64| {
            let mut key = muni.to_be_bytes().to_vec();
            key.extend(fold(name));
            *map.entry(key).or_insert(0) |= flag;
        };
        add(r[2], if chome { 1 } else { 0 });
        if let Some(sub) = r.get(5).filter(|s| !s.is_empty()) {
            for s in sub.split('、') {
                add(s, 2);
            }
        }
    }
    map
}

/// Postal code (7 ASCII digits) → up to four municipality indexes, each stored plus one in
/// 16 bits; codes spanning more than four municipalities map to 0 ("somewhere").
fn postal(data: &Path) -> BTreeMap<Vec<u8>, u64> {
    let mut map = BTreeMap::new();
    for r in rows(&read_gz(&data.join("address/postal_codes.tsv.gz"))) {
        let munis: Vec<u64> = r[1].split(',').map(|m| m.parse().expect("muni idx")).collect();
        let packed = if munis.len() > 4 {
            0
        } else {
            munis.iter().enumerate().fold(0, |acc, (i, m)| acc | ((m + 1) << (16 * i)))
        };
        map.insert(r[0].as_bytes().to_vec(), packed);
    }
    map
}

/// Name flags: 1 = in UniDic's curated vocabulary (`c`), 2 = also the other name kind
/// (`g`/`s`), 4 = also a place (`p`), 8 = also an ordinary word (`w`).
fn name_flags(flags: &str) -> u64 {
    flags.chars().fold(0, |acc, f| {
        acc | match f {
            'c' => 1,
            'g' | 's' => 2,
            'p' => 4,
            'w' => 8,
            _ => 0,
        }
    })
}

/// Folded surface → flags; katakana readings → 1 (surname reading) | 2 (given reading).
fn names(
    data: &Path,
    file: &str,
    reading_bit: u64,
    readings: &mut BTreeMap<Vec<u8>, u64>,
) -> BTreeMap<Vec<u8>, u64> {
    let mut map = BTreeMap::new();
    for r in rows(&read_gz(&data.join("names").join(file))) {
        *map.entry(fold(r[0])).or_insert(0) |= name_flags(r.get(2).copied().unwrap_or(""));
        for reading in r.get(1).unwrap_or(&"").split(',').filter(|s| !s.is_empty()) {
            *readings.entry(reading.as_bytes().to_vec()).or_insert(0) |= reading_bit;
        }
    }
    map
}

/// `tlds.rs`: the top-level domains, sorted, as a `static` slice for binary search.
fn tlds(data: &Path, out: &Path) {
    let path = data.join("tld/tlds-alpha-by-domain.txt");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut tlds: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_ascii_lowercase)
        .collect();
    tlds.sort();
    tlds.dedup();
    let mut src = format!("static TLDS: [&str; {}] = [\n", tlds.len());
    for t in &tlds {
        assert!(t.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'), "bad TLD {t:?}");
        src.push_str(&format!("    {t:?},\n"));
    }
    src.push_str("];\n");
    std::fs::write(out.join("tlds.rs"), src).expect("write tlds.rs");
}

fn main() {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    let data =
        PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("manifest dir")).join("data");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/text/place_fold.rs");
    println!("cargo:rerun-if-changed=data/address");
    println!("cargo:rerun-if-changed=data/names");
    println!("cargo:rerun-if-changed=data/tld");
    tlds(&data, &out);
    let empty = BTreeMap::new();
    if std::env::var_os("CARGO_FEATURE_DICTIONARIES").is_none() {
        for name in ["towns", "postal", "surnames", "given_names", "readings"] {
            write_map(&out, &format!("{name}.fst"), &empty);
        }
        return;
    }
    write_map(&out, "towns.fst", &towns(&data));
    write_map(&out, "postal.fst", &postal(&data));
    let mut readings = BTreeMap::new();
    write_map(&out, "surnames.fst", &names(&data, "surnames.tsv.gz", 1, &mut readings));
    write_map(&out, "given_names.fst", &names(&data, "given_names.tsv.gz", 2, &mut readings));
    write_map(&out, "readings.fst", &readings);
}

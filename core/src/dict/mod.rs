//! Compiled-in dictionaries: Japanese places (Japan Post data) and personal names
//! (SudachiDict). Sources, versions and licences: `core/data/address/README.md` and
//! `core/data/names/README.md`.
//!
//! The large tables (117k towns, 143k postal codes, 88k surnames, 111k given names and
//! their readings) are fst maps built by `core/build.rs` and read in place, without parsing
//! at start-up; the 1,912 municipalities are parsed once, on first use. Built without the
//! `dictionaries` feature, [`places`] and [`names`] return `None` and the address and name
//! detectors find nothing.

mod names;
pub(crate) mod places;

pub use names::{NameFlags, Names};
pub use places::{Places, TownMatch};

use std::sync::OnceLock;

/// The place dictionary, or `None` when the crate was built without dictionaries.
pub fn places() -> Option<&'static Places> {
    static PLACES: OnceLock<Option<Places>> = OnceLock::new();
    PLACES.get_or_init(Places::load).as_ref()
}

/// The personal-name dictionary, or `None` when the crate was built without dictionaries.
pub fn names() -> Option<&'static Names> {
    static NAMES: OnceLock<Option<Names>> = OnceLock::new();
    NAMES.get_or_init(Names::load).as_ref()
}

/// Walks an fst map over folded text from `start` (the root, or the node after a key
/// prefix such as a municipality index), calling `on_key(value, end)` at every key the
/// text so far spells. `chars` yields `(folded char, byte end in the input)`, `None` as
/// the char to stop; the walk also stops where no key continues.
pub(crate) fn walk_keys(
    fst: &fst::raw::Fst<&'static [u8]>,
    start: (fst::raw::CompiledAddr, fst::raw::Output),
    chars: impl Iterator<Item = (Option<char>, usize)>,
    mut on_key: impl FnMut(u64, usize),
) {
    let mut node = fst.node(start.0);
    let mut out = start.1;
    for (c, end) in chars {
        let Some(c) = c else { return };
        let mut tmp = [0u8; 4];
        for &b in c.encode_utf8(&mut tmp).as_bytes() {
            let Some(i) = node.find_input(b) else { return };
            let t = node.transition(i);
            out = out.cat(t.out);
            node = fst.node(t.addr);
        }
        if node.is_final() {
            on_key(out.cat(node.final_output()).value(), end);
        }
    }
}

/// The value and input end of the longest key `chars` spells (see [`walk_keys`]).
pub(crate) fn longest_match(
    fst: &fst::raw::Fst<&'static [u8]>,
    start: (fst::raw::CompiledAddr, fst::raw::Output),
    chars: impl Iterator<Item = (Option<char>, usize)>,
) -> Option<(u64, usize)> {
    let mut best = None;
    walk_keys(fst, start, chars, |v, end| best = Some((v, end)));
    best
}

/// The node reached from the root by `prefix`, if any key starts with it.
pub(crate) fn descend(
    fst: &fst::raw::Fst<&'static [u8]>,
    prefix: &[u8],
) -> Option<(fst::raw::CompiledAddr, fst::raw::Output)> {
    let mut node = fst.root();
    let mut out = fst::raw::Output::zero();
    for &b in prefix {
        let i = node.find_input(b)?;
        let t = node.transition(i);
        out = out.cat(t.out);
        node = fst.node(t.addr);
    }
    Some((node.addr(), out))
}

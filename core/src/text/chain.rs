//! Reading a "digit chain": digit groups (ASCII or full-width) joined by short separators,
//! such as `6214-9832-0257`, `０３（１２３４）５６７８`, `+81 90 1234 5678` or a number broken
//! across a line by PDF extraction (`1234-5678-\n9012`).
//!
//! The chain keeps each group's digits (folded to ASCII) and byte span, and a summary of each
//! separator, so detectors can validate a number and its written grouping without ever
//! normalising the surrounding text. Reading is bounded: at most [`MAX_GROUPS`] groups and
//! [`MAX_DIGITS`] digits, so a decision never needs more than [`MAX_CHAIN_BYTES`] bytes.

use super::chars::{decode_at, digit_at, sep_class, SepClass};

/// Most groups read into one chain; a longer chain is continued by the next read.
pub const MAX_GROUPS: usize = 16;
/// Most digits kept in one chain; a longer digit run is skipped as "not a number we know".
pub const MAX_DIGITS: usize = 48;
/// Most separator characters between two groups (`-`, a line break and an indent, say).
pub const MAX_SEP_CHARS: usize = 3;
/// Upper bound on the bytes a chain read can look at, which sizes the streaming look-ahead.
pub const MAX_CHAIN_BYTES: usize = MAX_DIGITS * 3 + MAX_GROUPS * (MAX_SEP_CHARS * 3 + 3) + 8;

/// A summary of the characters between two digit groups.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sep {
    pub dash: bool,
    pub space: bool,
    pub brk: bool,
    pub open: bool,
    pub close: bool,
    /// The first dash character, so detectors can require the same dash between all groups.
    pub dash_char: Option<char>,
}

impl Sep {
    /// Only whitespace (spaces and/or line breaks): a place where two numbers may meet.
    pub fn is_blank(&self) -> bool {
        (self.space || self.brk) && !self.dash && !self.open && !self.close
    }
    /// Nothing visible at all (only zero-width characters).
    pub fn is_invisible(&self) -> bool {
        !self.dash && !self.space && !self.brk && !self.open && !self.close
    }
}

/// One group of consecutive digits.
#[derive(Clone, Copy, Debug, Default)]
pub struct Group {
    /// Byte span in the buffer.
    pub start: usize,
    pub end: usize,
    /// Index of the group's first digit in [`Chain::digits`].
    pub first_digit: u8,
    pub len: u8,
}

/// How a chain read ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChainEnd {
    /// The chain ended normally at `end` of its last group.
    Complete,
    /// [`MAX_GROUPS`] was reached; another group follows after `Chain::trail`.
    Capped,
    /// [`MAX_DIGITS`] was exceeded inside a group; the digit run continues at `Chain::end`.
    Overlong,
    /// The buffer ended before the chain did (only when more input may follow).
    NeedMore,
}

/// A digit chain read from a buffer.
#[derive(Clone, Debug)]
pub struct Chain {
    pub digits: [u8; MAX_DIGITS],
    pub ndigits: usize,
    pub groups: [Group; MAX_GROUPS],
    pub ngroups: usize,
    /// `seps[k]` lies between `groups[k]` and `groups[k + 1]`.
    pub seps: [Sep; MAX_GROUPS],
    /// The separator after the last group when the chain was capped.
    pub trail: Option<Sep>,
    /// Byte offset just past the last group read (or past the consumed digits if overlong).
    pub end: usize,
    pub how: ChainEnd,
}

impl Chain {
    pub fn groups(&self) -> &[Group] {
        &self.groups[..self.ngroups]
    }
}

/// Reads a separator at `i`: up to [`MAX_SEP_CHARS`] separator characters, at most one dash,
/// one opening and one closing bracket. Returns the summary and the byte length, or `None`
/// when there is no separator there.
fn read_sep(b: &[u8], mut i: usize, is_final: bool) -> Result<Option<(Sep, usize)>, ()> {
    let start = i;
    let mut sep = Sep::default();
    let mut count = 0;
    while count < MAX_SEP_CHARS {
        let Some((c, len)) = decode_at(b, i) else {
            if i + 4 > b.len() && !is_final {
                return Err(()); // maybe a character cut by the buffer end
            }
            break;
        };
        let Some(class) = sep_class(c) else { break };
        match class {
            // A dash after a line break starts a new line ("- 1 -" page footers), while
            // PDF text breaks numbers after the dash ("1234-\n5678").
            SepClass::Dash if !sep.dash && !sep.brk => {
                sep.dash = true;
                sep.dash_char = Some(c);
            }
            SepClass::Space => sep.space = true,
            SepClass::Break => sep.brk = true,
            SepClass::Open if !sep.open && !sep.close => sep.open = true,
            SepClass::Close if !sep.close => sep.close = true,
            SepClass::Invisible => {}
            _ => break,
        }
        i += len;
        count += 1;
    }
    Ok((i > start).then_some((sep, i - start)))
}

impl Default for Chain {
    fn default() -> Self {
        Chain {
            digits: [0; MAX_DIGITS],
            ndigits: 0,
            groups: [Group::default(); MAX_GROUPS],
            ngroups: 0,
            seps: [Sep::default(); MAX_GROUPS],
            trail: None,
            end: 0,
            how: ChainEnd::Complete,
        }
    }
}

/// Reads a digit chain whose first digit is at `start`.
///
/// `is_final` says the buffer holds the rest of the input; otherwise a chain that touches the
/// buffer end is reported as [`ChainEnd::NeedMore`].
pub fn read_chain(b: &[u8], start: usize, is_final: bool) -> Chain {
    let mut ch = Chain::default();
    read_chain_into(&mut ch, b, start, is_final);
    ch
}

/// [`read_chain`] into a reused chain (the scanner reads one per digit run, so it avoids
/// re-initialising the arrays each time).
pub fn read_chain_into(ch: &mut Chain, b: &[u8], start: usize, is_final: bool) {
    ch.ndigits = 0;
    ch.ngroups = 0;
    ch.trail = None;
    ch.end = start;
    ch.how = ChainEnd::Complete;
    let mut i = start;
    loop {
        // One group of digits.
        let gstart = i;
        let first = ch.ndigits;
        while let Some((d, len)) = digit_at(b, i) {
            if ch.ndigits == MAX_DIGITS {
                ch.end = i;
                ch.how = ChainEnd::Overlong;
                return;
            }
            ch.digits[ch.ndigits] = b'0' + d;
            ch.ndigits += 1;
            i += len;
        }
        if !is_final && i + 3 > b.len() {
            ch.how = ChainEnd::NeedMore;
            return;
        }
        ch.groups[ch.ngroups] = Group {
            start: gstart,
            end: i,
            first_digit: first as u8,
            len: (ch.ndigits - first) as u8,
        };
        ch.ngroups += 1;
        ch.end = i;
        // A separator continues the chain only if another digit follows it.
        let sep = match read_sep(b, i, is_final) {
            Err(()) => {
                ch.how = ChainEnd::NeedMore;
                return;
            }
            Ok(None) => return,
            Ok(Some(s)) => s,
        };
        let next = i + sep.1;
        if digit_at(b, next).is_none() {
            if !is_final && next + 3 > b.len() {
                ch.how = ChainEnd::NeedMore;
            }
            return;
        }
        if ch.ngroups == MAX_GROUPS {
            ch.trail = Some(sep.0);
            ch.how = ChainEnd::Capped;
            return;
        }
        ch.seps[ch.ngroups - 1] = sep.0;
        i = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lens(ch: &Chain) -> Vec<u8> {
        ch.groups().iter().map(|g| g.len).collect()
    }

    #[test]
    fn reads_groups_and_separators() {
        let s = "６２１４－9832 0257です".as_bytes();
        let ch = read_chain(s, 0, true);
        assert_eq!(&ch.digits[..ch.ndigits], b"621498320257");
        assert_eq!(lens(&ch), vec![4, 4, 4]);
        assert!(ch.seps[0].dash && !ch.seps[0].space);
        assert!(ch.seps[1].is_blank());
        assert_eq!(&s[ch.end..], "です".as_bytes());
    }

    #[test]
    fn brackets_and_line_breaks() {
        let ch = read_chain("03(1234)5678".as_bytes(), 0, true);
        assert_eq!(lens(&ch), vec![2, 4, 4]);
        assert!(ch.seps[0].open && ch.seps[1].close);
        let ch = read_chain(b"1234-5678-\r\n9012", 0, true);
        assert_eq!(lens(&ch), vec![4, 4, 4]);
        assert!(ch.seps[1].dash && ch.seps[1].brk);
    }

    #[test]
    fn stops_at_a_separator_not_followed_by_a_digit() {
        let s = b"1234- x";
        let ch = read_chain(s, 0, true);
        assert_eq!(ch.ngroups, 1);
        assert_eq!(ch.end, 4);
        let ch = read_chain(b"12--34", 0, true);
        assert_eq!(ch.ngroups, 1, "two dashes are not one separator");
    }

    #[test]
    fn caps_and_overlong_runs() {
        let many = "1 ".repeat(MAX_GROUPS + 3);
        let ch = read_chain(many.as_bytes(), 0, true);
        assert_eq!(ch.how, ChainEnd::Capped);
        assert_eq!(ch.ngroups, MAX_GROUPS);
        let long = "7".repeat(MAX_DIGITS + 10);
        let ch = read_chain(long.as_bytes(), 0, true);
        assert_eq!(ch.how, ChainEnd::Overlong);
    }

    #[test]
    fn asks_for_more_at_the_buffer_end() {
        assert_eq!(read_chain(b"0312", 0, false).how, ChainEnd::NeedMore);
        assert_eq!(read_chain(b"0312", 0, true).how, ChainEnd::Complete);
    }
}

//! Reading a "digit chain": digit groups (ASCII or full-width) joined by short separators,
//! such as `6214-9832-0257`, `０３（１２３４）５６７８`, `+81 90 1234 5678` or a number broken
//! across a line by PDF extraction (`1234-5678-\n9012`, `2052 2111\n2548`).
//!
//! The chain keeps each group's digits (folded to ASCII) and byte span, and a summary of each
//! separator, so detectors can validate a number and its written grouping without ever
//! normalising the surrounding text.
//!
//! Field separators end a chain, so no value is hidden by its neighbours: a tab, a comma,
//! `;`, quotes, control characters, two or more blanks in a row (an aligned column), and a
//! line break unless the line ends inside a grouped number (after a dash, or after two or
//! more short groups joined alike). A `|` joins only single digits (a comb field, one digit
//! per box). Reading is bounded: at most [`MAX_GROUPS`] groups and [`MAX_DIGITS`] digits, so
//! a decision never needs more than [`MAX_CHAIN_BYTES`] bytes; a longer chain is cut at its
//! last line break (or before the group that does not fit) and continued by the next read,
//! and only a single digit run longer than [`MAX_DIGITS`] is skipped as no number at all.

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
    /// A comb-field bar (`6|2|1|4`), only ever between single digits.
    pub bar: bool,
    /// A full stop alone between two digits (`03.1234.5678`); only telephone numbers are
    /// read across it (decimals, versions and dates are written so too).
    pub dot: bool,
    /// The first dash character, so detectors can require the same dash between all groups.
    pub dash_char: Option<char>,
}

impl Sep {
    /// Only whitespace (spaces and/or line breaks): a place where two numbers may meet.
    pub fn is_blank(&self) -> bool {
        (self.space || self.brk) && !self.dash && !self.open && !self.close && !self.bar
    }
    /// The same kind of separator: both dashes, both blanks or both bars.
    pub fn same_kind(&self, other: &Sep) -> bool {
        self.dash == other.dash
            && self.bar == other.bar
            && self.dot == other.dot
            && self.open == other.open
            && self.close == other.close
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
/// when there is no separator there (field separators are none: see the module doc).
fn read_sep(b: &[u8], mut i: usize, is_final: bool) -> Result<Option<(Sep, usize)>, ()> {
    let start = i;
    let mut sep = Sep::default();
    let mut count = 0;
    let mut blanks = 0;
    while count < MAX_SEP_CHARS {
        let Some((c, len)) = decode_at(b, i) else {
            if i + 4 > b.len() && !is_final {
                return Err(()); // maybe a character cut by the buffer end
            }
            break;
        };
        if c == '.' || c == '．' {
            // Only on its own: `03.1234.5678`, never `1. 2` or `12.-`.
            if count == 0 {
                sep.dot = true;
                i += len;
            }
            break;
        }
        if c == '|' || c == '｜' {
            if count > 0 || sep.bar {
                break;
            }
            sep.bar = true;
            i += len;
            count += 1;
            continue;
        }
        let Some(class) = sep_class(c) else { break };
        match class {
            // A dash after a line break starts a new line ("- 1 -" page footers), while
            // PDF text breaks numbers after the dash ("1234-\n5678").
            SepClass::Dash if !sep.dash && !sep.brk && !sep.bar => {
                sep.dash = true;
                sep.dash_char = Some(c);
            }
            SepClass::Space if !sep.bar => {
                blanks += 1;
                sep.space = true
            }
            SepClass::Break if !sep.bar => sep.brk = true,
            SepClass::Open if !sep.open && !sep.close && !sep.bar => sep.open = true,
            SepClass::Close if !sep.close && !sep.bar => sep.close = true,
            SepClass::Invisible => {}
            _ => break,
        }
        i += len;
        count += 1;
    }
    // Two blanks in a row with nothing else between groups are an aligned column's gap.
    if blanks >= 2 && !sep.dash && !sep.open && !sep.close && !sep.brk {
        return Ok(None);
    }
    Ok((i > start).then_some((sep, i - start)))
}

/// Length of the digit run at `i` (characters), at most `cap + 1`.
fn run_len(b: &[u8], mut i: usize, cap: usize) -> usize {
    let mut n = 0;
    while n <= cap {
        match digit_at(b, i) {
            Some((_, len)) => {
                i += len;
                n += 1;
            }
            None => break,
        }
    }
    n
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
#[cfg(test)]
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
    // Index of the first group of the current line (groups after a line break).
    let mut line_first = 0;
    loop {
        // One group of digits; a group that does not fit ends the chain before it.
        let gstart = i;
        let first = ch.ndigits;
        let room = MAX_DIGITS - ch.ndigits;
        if ch.ngroups > 0 && run_len(b, i, room) > room {
            let before = ch.seps[ch.ngroups - 1];
            cut_before(ch, ch.ngroups, line_first, before);
            return;
        }
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
        let joins = if sep.0.bar {
            // A comb field: single digits on both sides.
            ch.groups[ch.ngroups - 1].len == 1 && run_len(b, next, 1) == 1
        } else if sep.0.brk && !sep.0.dash {
            wraps_grouped_number(ch, line_first)
        } else {
            true
        };
        if !joins {
            return;
        }
        if ch.ngroups == MAX_GROUPS {
            cut_before(ch, ch.ngroups, line_first, sep.0);
            return;
        }
        ch.seps[ch.ngroups - 1] = sep.0;
        if sep.0.brk {
            line_first = ch.ngroups;
        }
        i = next;
    }
}

/// May a line break (without a dash) continue the chain? Only when the line ends inside a
/// grouped number: at least two groups of at most six digits, joined by one kind of separator
/// (`2052 2111⏎2548`), never after a lone value (`621498320257⏎…`, one value per line).
fn wraps_grouped_number(ch: &Chain, line_first: usize) -> bool {
    let last = ch.ngroups - 1;
    if last <= line_first {
        return false;
    }
    let groups_short = ch.groups[line_first..=last].iter().all(|g| g.len <= 6);
    let seps = &ch.seps[line_first..last];
    groups_short && !seps.iter().any(|s| s.brk) && seps.iter().all(|s| s.same_kind(&seps[0]))
}

/// Ends a full chain before group `at` (which does not fit or follows the last one read),
/// preferring to cut at the start of the current line so no number is split: the next read
/// starts there, remembering the separator before it (`before` is the one before `at`).
fn cut_before(ch: &mut Chain, at: usize, line_first: usize, before: Sep) {
    let cut = if line_first > 0 { line_first } else { at };
    if cut < at {
        ch.trail = Some(ch.seps[cut - 1]);
        ch.ngroups = cut;
        ch.ndigits = ch.groups[cut].first_digit as usize;
    } else {
        ch.trail = Some(before);
    }
    ch.end = ch.groups[ch.ngroups - 1].end;
    ch.how = ChainEnd::Capped;
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
    fn a_lone_full_stop_joins_groups() {
        let ch = read_chain("03.1234．5678. 9".as_bytes(), 0, true);
        assert_eq!(lens(&ch), vec![2, 4, 4]);
        assert!(ch.seps[0].dot && ch.seps[1].dot && !ch.seps[0].is_blank());
        let ch = read_chain("12. 34".as_bytes(), 0, true);
        assert_eq!(lens(&ch), vec![2]);
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
    fn field_separators_end_a_chain() {
        for text in [
            "621498320257\t0312345678",
            "621498320257,0312345678",
            "621498320257;1",
            "621498320257\"",
            "621498320257\x1b[0m",
            "621498320257  0312345678",
        ] {
            let ch = read_chain(text.as_bytes(), 0, true);
            assert_eq!(ch.ngroups, 1, "{text:?}");
            assert_eq!(ch.end, 12, "{text:?}");
        }
    }

    #[test]
    fn a_line_break_joins_only_a_wrapped_grouped_number() {
        assert_eq!(lens(&read_chain(b"621498320257\n621498320257", 0, true)), vec![12]);
        assert_eq!(lens(&read_chain(b"2052 2111\n2548", 0, true)), vec![4, 4, 4]);
        assert_eq!(lens(&read_chain(b"2052-2111-\n2548", 0, true)), vec![4, 4, 4]);
        assert_eq!(lens(&read_chain(b"1001 621498320257\n1002", 0, true)), vec![4, 12]);
    }

    #[test]
    fn a_long_list_is_cut_at_a_line_start_not_skipped() {
        let text = "6214 9832 0257\n".repeat(5);
        let ch = read_chain(text.as_bytes(), 0, true);
        assert_eq!(ch.how, ChainEnd::Capped);
        assert_eq!(lens(&ch), vec![4; 12], "four whole lines fit in 48 digits");
        assert_eq!(ch.end, 4 * 15 - 1);
        let ch =
            read_chain(b"1234 5678 12345678901234567890123456789012345678901234567890", 0, true);
        assert_eq!(ch.how, ChainEnd::Capped, "the long run does not swallow its neighbours");
        assert_eq!(lens(&ch), vec![4, 4]);
    }

    #[test]
    fn bars_join_single_digits_only() {
        let ch = read_chain("6|2|1|4|9|8|3|2|0|2|5|7".as_bytes(), 0, true);
        assert_eq!(lens(&ch), vec![1; 12]);
        assert!(ch.seps[0].bar);
        assert_eq!(lens(&read_chain(b"12|34", 0, true)), vec![2]);
        assert_eq!(lens(&read_chain(b"1|23", 0, true)), vec![1]);
    }

    #[test]
    fn asks_for_more_at_the_buffer_end() {
        assert_eq!(read_chain(b"0312", 0, false).how, ChainEnd::NeedMore);
        assert_eq!(read_chain(b"0312", 0, true).how, ChainEnd::Complete);
    }
}

//! Line and column numbers, computed incrementally as findings are reported in order.

/// Tracks the line and column of a byte position that only moves forward.
#[derive(Clone, Debug)]
pub struct LineCursor {
    pos: usize,
    line: u64,
    /// Characters between the start of the line and `pos`.
    col: u64,
}

impl Default for LineCursor {
    fn default() -> Self {
        LineCursor { pos: 0, line: 1, col: 0 }
    }
}

impl LineCursor {
    /// Where the cursor is.
    pub fn pos(&self) -> usize {
        self.pos
    }

    /// Moves to absolute offset `to` (not before the current position) and returns its
    /// 1-based line and 1-based column in characters. `buf` holds the input from `base` on
    /// and must include `pos..to`.
    pub fn advance(&mut self, buf: &[u8], base: usize, to: usize) -> (u64, u64) {
        if to > self.pos {
            let seg = &buf[self.pos - base..to - base];
            let newlines = bytecount::count(seg, b'\n');
            let tail = match memchr::memrchr(b'\n', seg) {
                Some(nl) => {
                    self.line += newlines as u64;
                    self.col = 0;
                    &seg[nl + 1..]
                }
                None => seg,
            };
            // Characters are counted as the bytes that are not UTF-8 continuation bytes.
            self.col += bytecount::num_chars(tail) as u64;
            self.pos = to;
        }
        (self.line, self.col + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_lines_and_characters() {
        let text = "一行目\n二行目の 03-1234\nx";
        let b = text.as_bytes();
        let mut cur = LineCursor::default();
        assert_eq!(cur.advance(b, 0, 0), (1, 1));
        let at = text.find("03").unwrap();
        assert_eq!(cur.advance(b, 0, at), (2, 6));
        let x = text.find('x').unwrap();
        assert_eq!(cur.advance(b, 0, x), (3, 1));
    }
}

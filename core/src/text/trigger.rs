//! Finding the next byte that can start a structured-PII match.
//!
//! Japanese text is mostly three-byte characters and digits are rare (about 1.5 % of bytes),
//! so the engine jumps from trigger to trigger instead of looking at every character. The
//! triggers are: ASCII digits, `@`, `)` and `]` (obfuscated mail addresses such as
//! `taro[at]example.jp`), and the byte 0xEF that leads full-width forms (full-width digits,
//! `＠`, `）`, `］`). Every other byte provably cannot start a match.
//!
//! On x86_64 the search tests 16 bytes per step with SSE2 (part of the x86_64 baseline, so
//! no runtime detection is needed); elsewhere a table-driven scalar loop is used.

/// Returns true for the bytes listed in the module documentation.
#[inline]
pub fn is_trigger(b: u8) -> bool {
    b.is_ascii_digit() || matches!(b, b'@' | b')' | b']' | 0xEF)
}

/// Position of the first trigger byte in `hay[from..]`, as an index into `hay`.
#[inline]
pub fn find_trigger(hay: &[u8], from: usize) -> Option<usize> {
    if from >= hay.len() {
        return None;
    }
    #[cfg(target_arch = "x86_64")]
    {
        find_sse2(hay, from)
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        find_scalar(hay, from)
    }
}

#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
fn find_scalar(hay: &[u8], from: usize) -> Option<usize> {
    hay[from..].iter().position(|&b| is_trigger(b)).map(|p| p + from)
}

#[cfg(target_arch = "x86_64")]
fn find_sse2(hay: &[u8], from: usize) -> Option<usize> {
    use std::arch::x86_64::*;
    let mut i = from;
    // SAFETY: SSE2 is part of the x86_64 baseline, so these intrinsics are always available.
    // Every load reads 16 bytes at `i` (or `i + 16`) within `hay`, checked by the loop
    // conditions, and `_mm_loadu_si128` has no alignment requirement.
    unsafe {
        let zero_char = _mm_set1_epi8(b'0' as i8);
        let nine = _mm_set1_epi8(9);
        let at = _mm_set1_epi8(b'@' as i8);
        let paren = _mm_set1_epi8(b')' as i8);
        let bracket = _mm_set1_epi8(b']' as i8);
        let fw = _mm_set1_epi8(0xEFu8 as i8);
        let hits = |v: __m128i| -> __m128i {
            // A digit is a byte whose distance from '0' is at most 9 (unsigned).
            let t = _mm_sub_epi8(v, zero_char);
            let digit = _mm_cmpeq_epi8(_mm_min_epu8(t, nine), t);
            let other = _mm_or_si128(
                _mm_or_si128(_mm_cmpeq_epi8(v, at), _mm_cmpeq_epi8(v, fw)),
                _mm_or_si128(_mm_cmpeq_epi8(v, paren), _mm_cmpeq_epi8(v, bracket)),
            );
            _mm_or_si128(digit, other)
        };
        // Two vectors per step: triggers are rare, so the common case is one branch per 32 bytes.
        while i + 32 <= hay.len() {
            let a = hits(_mm_loadu_si128(hay.as_ptr().add(i) as *const __m128i));
            let b = hits(_mm_loadu_si128(hay.as_ptr().add(i + 16) as *const __m128i));
            let mask = (_mm_movemask_epi8(a) as u32) | ((_mm_movemask_epi8(b) as u32) << 16);
            if mask != 0 {
                return Some(i + mask.trailing_zeros() as usize);
            }
            i += 32;
        }
        while i + 16 <= hay.len() {
            let mask =
                _mm_movemask_epi8(hits(_mm_loadu_si128(hay.as_ptr().add(i) as *const __m128i)))
                    as u32;
            if mask != 0 {
                return Some(i + mask.trailing_zeros() as usize);
            }
            i += 16;
        }
    }
    find_scalar(hay, i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_the_scalar_definition_on_every_offset() {
        let text =
            "本日の会議は予定通り行います。担当：山田（内線）連絡先 taro@example.jp [at] ０３ 12";
        let b = text.as_bytes();
        for from in 0..b.len() {
            let expect = (from..b.len()).find(|&i| is_trigger(b[i]));
            assert_eq!(find_trigger(b, from), expect, "from {from}");
        }
    }

    #[test]
    fn all_byte_values() {
        for v in 0..=255u8 {
            let mut buf = vec![b'x'; 40];
            buf[37] = v;
            let expect = if is_trigger(v) { Some(37) } else { None };
            assert_eq!(find_trigger(&buf, 0), expect, "byte {v:#x}");
            assert_eq!(find_trigger(&buf, 20), expect, "byte {v:#x}");
        }
    }
}

// Folding of place and personal names for dictionary lookups.
//
// This file is also `include!`d by `core/build.rs`, so the dictionary keys compiled at build
// time and the text folded at scan time go through the very same function. It must stay
// free of `crate::` paths and `//!` comments.

/// Folds one character of a place or personal name to the form dictionary keys use, or
/// `None` to drop it (spaces inside a name).
///
/// Written addresses vary in ways that do not change the place: full-width Latin letters and
/// digits, kanji digits (`北一条西` = `北1条西`), the small and large ケ of `霞ヶ関`/`霞ケ関`
/// (also written `霞が関`), ノ/の/之, and old kanji forms (`澤`/`沢`). Both sides are folded,
/// so the fold only has to be consistent, not linguistically exact.
pub fn fold_name_char(c: char) -> Option<char> {
    let out = match c {
        ' ' | '\u{3000}' | '\t' => return None,
        '！'..='～' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '〇' | '零' => '0',
        '一' => '1',
        '二' => '2',
        '三' => '3',
        '四' => '4',
        '五' => '5',
        '六' => '6',
        '七' => '7',
        '八' => '8',
        '九' => '9',
        'ヶ' | 'ヵ' | 'が' | 'ｹ' => 'ケ',
        'の' | '之' | 'ﾉ' => 'ノ',
        '澤' => '沢',
        '邊' | '邉' => '辺',
        '濱' => '浜',
        '齋' | '齊' | '齎' => '斎',
        '嶋' | '嶌' => '島',
        '﨑' | '嵜' | '碕' => '崎',
        '槇' => '槙',
        '髙' => '高',
        '廣' => '広',
        '國' => '国',
        '會' => '会',
        '龍' => '竜',
        '櫻' => '桜',
        '藏' => '蔵',
        '德' => '徳',
        '舘' => '館',
        '檜' => '桧',
        '曾' => '曽',
        '萬' => '万',
        '驒' => '騨',
        '鄕' => '郷',
        '黑' => '黒',
        '淵' => '渕',
        '縣' => '県',
        '當' => '当',
        '眞' => '真',
        '惠' => '恵',
        '靜' => '静',
        '壽' => '寿',
        '瀨' => '瀬',
        '條' => '条',
        'A'..='Z' => c.to_ascii_lowercase(),
        _ => c,
    };
    Some(if out.is_ascii_uppercase() { out.to_ascii_lowercase() } else { out })
}

/// Appends the folded form of `s` to `out`.
pub fn fold_name_into(s: &str, out: &mut String) {
    out.extend(s.chars().filter_map(fold_name_char));
}

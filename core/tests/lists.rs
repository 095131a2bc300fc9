//! Lists and tables as they are pasted: one value per line, tab-separated rows, comb fields.
//! No value may be hidden by its neighbours.

use mamori::{Kind, Scanner};

/// (kind, matched text) of every finding, in order.
fn found(text: &str) -> Vec<(Kind, String)> {
    let s = Scanner::builder().build().unwrap();
    s.scan(text.as_bytes())
        .findings
        .into_iter()
        .map(|f| (f.kind, text[f.start..f.end].to_string()))
        .collect()
}

fn count(text: &str, kind: Kind) -> usize {
    found(text).iter().filter(|(k, _)| *k == kind).count()
}

// Check digits computed separately (Python) with the 総務省令 weights 6 5 4 3 2 7 6 5 4 3 2.
const MY_NUMBERS: [&str; 5] =
    ["621498320257", "314159265352", "271828182840", "358979323842", "161803398872"];

#[test]
fn one_my_number_per_line_any_count() {
    for n in 1..=60 {
        let text: String = (0..n).map(|i| format!("{}\n", MY_NUMBERS[i % 5])).collect();
        assert_eq!(count(&text, Kind::MyNumber), n, "{n} lines");
    }
    for eol in ["\r\n", "\n\n", "\t", ",", ";", "|", "\",\""] {
        let text = MY_NUMBERS[0].to_string() + &format!("{eol}{}", MY_NUMBERS[0]).repeat(9);
        assert_eq!(count(&text, Kind::MyNumber), 10, "separator {eol:?}");
    }
}

#[test]
fn grouped_numbers_one_per_line_and_wrapped() {
    let mut text = "6214 9832 0257\n".repeat(7);
    text.push_str("6214 9832\n0257\n");
    text.push_str("6214-9832-\n0257\n");
    assert_eq!(count(&text, Kind::MyNumber), 9);
}

#[test]
fn tab_separated_rows() {
    let row = "1001\t621498320257\t0312345678\n";
    for rows in [1, 2, 5, 40] {
        let text = row.repeat(rows);
        let got = found(&text);
        assert_eq!(count(&text, Kind::MyNumber), rows, "{rows} rows: {got:?}");
        assert_eq!(count(&text, Kind::Phone), rows, "{rows} rows: {got:?}");
    }
}

#[test]
fn a_long_digit_run_does_not_swallow_its_neighbours() {
    let text = format!("6214-9832-0257 {} 090-1234-5678", "1".repeat(60));
    let got = found(&text);
    assert!(got.contains(&(Kind::MyNumber, "6214-9832-0257".into())), "{got:?}");
    assert!(got.contains(&(Kind::Phone, "090-1234-5678".into())), "{got:?}");
}

#[test]
fn comb_fields_next_to_their_label() {
    let got = found("個人番号 6 2 1 4 9 8 3 2 0 2 5 7\n");
    assert_eq!(got, vec![(Kind::MyNumber, "6 2 1 4 9 8 3 2 0 2 5 7".into())]);
    let got = found("個人番号\n6|2|1|4|9|8|3|2|0|2|5|7\n");
    assert_eq!(got, vec![(Kind::MyNumber, "6|2|1|4|9|8|3|2|0|2|5|7".into())]);
    // Without a label a row of single digits is no value; a wrong check digit never is.
    assert!(found("6 2 1 4 9 8 3 2 0 2 5 7\n").is_empty());
    assert!(found("個人番号 6 2 1 4 9 8 3 2 0 2 5 8\n").is_empty());
}

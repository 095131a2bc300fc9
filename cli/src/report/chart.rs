//! Horizontal bar charts as inline SVG (no script, no external resources).

use super::escape::escape;
use super::numbers::thousands;
use std::fmt::Write;

/// Fill of the bars of personal items per folder.
pub const FOLDER_FILL: &str = "#c8364a";
/// Fill of the bars of occurrences per kind.
pub const KIND_FILL: &str = "#1f7a8c";

/// One bar: its label and value.
pub struct Bar {
    pub label: String,
    pub value: u64,
}

const WIDTH: u32 = 960;
const LABEL_WIDTH: u32 = 330;
const VALUE_WIDTH: u32 = 70;
const ROW: u32 = 26;
const BAR: u32 = 18;
/// Characters of a label shown before it is shortened (from the left: the end of a path
/// says most).
const LABEL_CHARS: usize = 42;

fn shorten(label: &str) -> String {
    let n = label.chars().count();
    if n <= LABEL_CHARS {
        return label.to_string();
    }
    let tail: String = label.chars().skip(n - (LABEL_CHARS - 1)).collect();
    format!("…{tail}")
}

/// An SVG bar chart of `bars` (in the given order) filled with `fill`, titled for screen
/// readers by `title`. Bars are scaled to the largest value; a zero value draws no bar.
pub fn bar_chart(title: &str, bars: &[Bar], fill: &str) -> String {
    let height = ROW * bars.len().max(1) as u32 + 8;
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    let span = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart" role="img" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}"><title>{}</title>"#,
        escape(title)
    );
    for (i, b) in bars.iter().enumerate() {
        let y = 4 + ROW * i as u32;
        let w = ((b.value as f64 / max as f64) * span as f64).round() as u32;
        let text_y = y + BAR - 4;
        let _ = write!(
            svg,
            r#"<g><title>{label}: {value}</title><text x="{lx}" y="{text_y}" text-anchor="end">{short}</text>"#,
            label = escape(&b.label),
            value = b.value,
            lx = LABEL_WIDTH - 8,
            short = escape(&shorten(&b.label)),
        );
        if w > 0 {
            let _ = write!(
                svg,
                r#"<rect x="{LABEL_WIDTH}" y="{y}" width="{w}" height="{BAR}" fill="{fill}"/>"#
            );
        }
        let _ = write!(
            svg,
            r#"<text x="{vx}" y="{text_y}">{value}</text></g>"#,
            vx = LABEL_WIDTH + w + 6,
            value = thousands(b.value)
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_value() {
        let bars = [Bar { label: "a".into(), value: 4 }, Bar { label: "b".into(), value: 1 }];
        let svg = bar_chart("t", &bars, "#000000");
        // The span is 960 - 330 - 70 = 560 pixels: 4 of 4 fills it, 1 of 4 is a quarter.
        assert!(svg.contains(r#"width="560" height="18""#), "{svg}");
        assert!(svg.contains(r#"width="140" height="18""#), "{svg}");
    }

    #[test]
    fn long_labels_keep_their_end() {
        let label = format!("{}/顧客名簿", "x".repeat(60));
        let short = shorten(&label);
        assert_eq!(short.chars().count(), LABEL_CHARS);
        assert!(short.starts_with('…') && short.ends_with("/顧客名簿"));
    }

    #[test]
    fn labels_are_escaped() {
        let bars = [Bar { label: "<script>x</script>".into(), value: 1 }];
        let svg = bar_chart("<t>", &bars, "#000000");
        assert!(!svg.contains("<script>") && !svg.contains("<t>"));
        assert!(svg.contains("&lt;script&gt;"));
    }
}

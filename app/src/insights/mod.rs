//! 需求分析: the needs dashboard. For a community's staff (their buildings), a department's
//! officers (their casework, by building across the district) and administrators (everything):
//! per building, the residents (of one population group, if chosen), what reached them in a month
//! — applications and 一件事 bundles, feedback, help requests and whether they were met, notices
//! and whether they were read — and the gaps ("东湖新村 3 号楼: 12 独居老人, 5 未读通知 …").
//! Cells under five are suppressed, on the page and in the CSV; every look is audited.
pub mod details;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod load;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Counts below this are shown as "<5": a small count can point at a person.
pub const SUPPRESS_BELOW: i64 = 5;

/// A count as it may be shown: zero, "<5", or the number.
pub fn cell(n: i64) -> String {
    if n > 0 && n < SUPPRESS_BELOW { "<5".to_string() } else { n.to_string() }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InsightRow {
    pub building: String,
    pub community: String,
    /// Each count already suppressed (see `cell`), in the order of `COLUMNS`.
    pub cells: Vec<String>,
}

/// The columns' message ids, in order.
pub const COLUMNS: [&str; 11] = [
    "insights-residents", "insights-alone", "insights-applications", "insights-finished", "insights-in-bundles",
    "insights-feedback", "insights-feedback-closed", "insights-help", "insights-help-met", "insights-notices", "insights-unread",
];

/// One month of the year's trend: applications, feedback, help requests (as counted, and as shown).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrendPoint {
    pub month: String,
    pub counts: [i64; 3],
}

impl TrendPoint {
    /// What the chart may draw: a suppressed count is drawn as nothing.
    pub fn drawn(&self) -> [i64; 3] {
        self.counts.map(|n| if n < SUPPRESS_BELOW { 0 } else { n })
    }
}

/// The trend as a server-drawn SVG line chart: one line per measure, each with its own dash
/// pattern and marker shape (never colour alone), the data table beside it says the same.
pub fn trend_svg(points: &[TrendPoint], title: &str, measures: usize) -> String {
    let (w, h, left, bottom, top) = (640.0, 220.0, 40.0, 30.0, 10.0);
    let top_value = points.iter().flat_map(|p| p.drawn()).max().unwrap_or(0).max(5) as f64;
    let step = if points.len() > 1 { (w - left - 10.0) / (points.len() - 1) as f64 } else { 0.0 };
    let x = |i: usize| left + step * i as f64;
    let y = |v: i64| top + (h - top - bottom) * (1.0 - v as f64 / top_value);
    let mut svg = format!(r#"<svg viewBox="0 0 {w} {h}" class="trend" role="img" aria-label="{}"><title>{}</title>"#, escape(title), escape(title));
    svg.push_str(&format!(r#"<line x1="{left}" y1="{}" x2="{}" y2="{}" class="axis"/>"#, y(0), w - 10.0, y(0)));
    svg.push_str(&format!(r#"<text x="4" y="{}" class="tick">{}</text><text x="4" y="{}" class="tick">0</text>"#, y(top_value as i64) + 4.0, top_value as i64, y(0) + 4.0));
    for (i, p) in points.iter().enumerate().filter(|(i, _)| i % 3 == 0 || *i + 1 == points.len()) {
        svg.push_str(&format!(r#"<text x="{}" y="{}" class="tick" text-anchor="middle">{}</text>"#, x(i), h - 8.0, escape(&p.month)));
    }
    for (m, dash) in ["", "6 4", "2 3"].iter().enumerate().take(measures) {
        let line: Vec<String> = points.iter().enumerate().map(|(i, p)| format!("{:.1},{:.1}", x(i), y(p.drawn()[m]))).collect();
        svg.push_str(&format!(r#"<polyline points="{}" class="series series-{m}" stroke-dasharray="{dash}"/>"#, line.join(" ")));
        for (i, p) in points.iter().enumerate() {
            let (cx, cy) = (x(i), y(p.drawn()[m]));
            svg.push_str(&match m {
                0 => format!(r#"<circle cx="{cx:.1}" cy="{cy:.1}" r="3" class="series-{m}"/>"#),
                1 => format!(r#"<rect x="{:.1}" y="{:.1}" width="6" height="6" class="series-{m}"/>"#, cx - 3.0, cy - 3.0),
                _ => format!(r#"<path d="M{cx:.1} {:.1} l4 7 h-8 z" class="series-{m}"/>"#, cy - 4.0),
            });
        }
    }
    svg.push_str("</svg>");
    svg
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Insights {
    pub month: String,
    pub months: Vec<String>,
    pub group: String,
    pub groups: Vec<(String, String)>,
    /// Whose view: a community's name, a department's name, or the whole district.
    pub scope: String,
    /// A department's view shows its casework only.
    pub casework_only: bool,
    pub rows: Vec<InsightRow>,
    pub gaps: Vec<String>,
    /// The twelve months up to the one shown, oldest first.
    pub trend: Vec<TrendPoint>,
    /// The month's requests by channel (small counts suppressed), and how many residents were
    /// served only through staff.
    pub channels: Vec<crate::channel::ChannelRow>,
    pub offline_only: String,
    /// By catalogue item, by feedback category, questionnaire coverage, searches with no result.
    pub details: details::Details,
}

#[server(endpoint = "insights")]
pub async fn load_insights(month: Option<String>, group: Option<String>) -> Result<Option<Insights>, ServerFnError> {
    load::page(month, group).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_trend_draws_no_small_count() {
        let points: Vec<TrendPoint> = (1..=12).map(|m| TrendPoint { month: format!("2026-{m:02}"), counts: [m * 2, 3, 0] }).collect();
        assert_eq!(points[1].drawn(), [0, 0, 0], "4, 3 and 0 are all under five");
        assert_eq!(points[11].drawn(), [24, 0, 0]);
        let svg = trend_svg(&points, "走势 <全区>", 3);
        assert_eq!(svg.matches("<polyline").count(), 3);
        assert!(svg.contains("aria-label=\"走势 &lt;全区&gt;\""));
        assert!(svg.contains(">24<") && svg.contains(">2026-01<") && svg.contains(">2026-12<"));
    }

    #[test]
    fn small_counts_are_suppressed() {
        assert_eq!([0, 1, 4, 5, 12].map(cell), ["0", "<5", "<5", "5", "12"]);
    }
}

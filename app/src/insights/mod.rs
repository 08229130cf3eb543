//! 需求分析: the needs dashboard. For a community's staff (their buildings), a department's
//! officers (their casework, by building across the district) and administrators (everything):
//! per building, the residents (of one population group, if chosen), what reached them in a month
//! — applications and 一件事 bundles, feedback, help requests and whether they were met, notices
//! and whether they were read — and the gaps ("东湖新村 3 号楼: 12 独居老人, 5 未读通知 …").
//! Cells under five are suppressed, on the page and in the CSV; every look is audited.
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
}

#[server(endpoint = "insights")]
pub async fn load_insights(month: Option<String>, group: Option<String>) -> Result<Option<Insights>, ServerFnError> {
    load::page(month, group).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_counts_are_suppressed() {
        assert_eq!([0, 1, 4, 5, 12].map(cell), ["0", "<5", "<5", "5", "12"]);
    }
}

//! 好差评: one evaluation scheme for closed applications, feedback items and (later) marketplace
//! orders. The resident rates on the national five levels for the unified online indicators; a
//! 不满意 or 非常不满意 opens a rectification case (差评整改) for the responsible unit, which calls
//! back, fixes or explains by a deadline, and may appeal a malicious rating to an administrator.
#[cfg(feature = "ssr")]
pub mod deadlines;
#[cfg(feature = "ssr")]
pub mod handlers;
pub mod lifecycle;
pub mod pages;
pub mod server;
#[cfg(feature = "ssr")]
pub mod subjects;

use crate::prefs::Lang;
use serde::{Deserialize, Serialize};

/// 5 = 非常满意 … 1 = 非常不满意.
pub const LEVELS: &[(i64, &str, &str)] = &[
    (5, "非常满意", "Very satisfied"),
    (4, "满意", "Satisfied"),
    (3, "基本满意", "Fairly satisfied"),
    (2, "不满意", "Dissatisfied"),
    (1, "非常不满意", "Very dissatisfied"),
];

/// The unified online indicators, in the order they are stored.
pub const INDICATORS: &[(&str, &str, &str)] = &[
    ("overall", "整体满意度", "Overall satisfaction"),
    ("efficiency", "办事效率", "Efficiency"),
    ("guide", "办事指南精确度", "Accuracy of the guide"),
    ("convenience", "办事便捷度", "Convenience"),
    ("usability", "平台操作性", "Ease of use of the platform"),
];

/// Ratings can be changed for this long after they are first given.
pub const CHANGE_WINDOW_SECS: i64 = 7 * 24 * 3600;
/// A rectification case's default time, in working days (admins change `rectification_days`).
pub const DEFAULT_RECTIFICATION_DAYS: i64 = 5;

pub fn level_label(level: i64, lang: Lang) -> &'static str {
    LEVELS.iter().find(|l| l.0 == level).map(|l| if lang == Lang::En { l.2 } else { l.1 }).unwrap_or("")
}

/// 不满意 and 非常不满意 are bad ratings: they open a rectification case.
pub fn is_bad(level: i64) -> bool {
    level <= 2
}

pub fn rectification_status_label(status: &str, lang: Lang) -> &'static str {
    crate::i18n::text(lang, match status {
        "open" => "ratings-rectification-status-open",
        "called" => "ratings-rectification-status-called",
        "done" => "ratings-rectification-status-done",
        "appealed" => "ratings-rectification-status-appealed",
        "voided" => "ratings-rectification-status-voided",
        _ => "ratings-rectification-status-other",
    })
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RateView {
    pub kind: String,
    pub key: String,
    pub title: String,
    pub unit: String,
    pub back: String,
    /// Current levels in `INDICATORS` order, when already rated.
    pub levels: Option<Vec<i64>>,
    pub comment: String,
    /// Until when it can still be changed (None: it can no longer be changed).
    pub change_until: Option<String>,
    pub may_rate: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RectificationSummary {
    pub id: i64,
    pub subject: String,
    pub level: String,
    pub comment: String,
    pub status: String,
    pub status_label: String,
    pub deadline: String,
    pub overdue: bool,
    pub unit: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RectificationDetail {
    pub summary: RectificationSummary,
    pub subject_link: String,
    /// "unit", "resident" or "admin".
    pub viewpoint: String,
    /// For the unit: whom to call back.
    pub resident: Option<String>,
    pub call_note: String,
    pub outcome: String,
    pub outcome_note: String,
    pub appeal_reason: String,
    pub appeal_decision: String,
    pub appeal_note: String,
    pub rate_link: Option<String>,
}

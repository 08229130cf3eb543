//! 网上办件: apply online with uploaded materials, routed to the responsible department, tracked
//! against the promised deadline in working days, and doable for someone else (代办).
//! Department officers work the cases in the workbench.
#[cfg(feature = "ssr")]
pub mod access;
#[cfg(feature = "ssr")]
pub mod apply;
#[cfg(feature = "ssr")]
pub mod build;
#[cfg(feature = "ssr")]
pub mod files;
#[cfg(feature = "ssr")]
pub mod follow;
#[cfg(feature = "ssr")]
pub mod handlers;
pub mod lifecycle;
pub mod apply_page;
pub mod pages;
pub mod receipt;
pub mod server;
#[cfg(feature = "ssr")]
pub mod steps;
pub mod view;

use crate::prefs::Lang;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Submitted,
    Accepted,
    Correction,
    Approved,
    Rejected,
    Withdrawn,
}

impl Status {
    pub fn parse(s: &str) -> Option<Status> {
        Some(match s {
            "submitted" => Status::Submitted,
            "accepted" => Status::Accepted,
            "correction" => Status::Correction,
            "approved" => Status::Approved,
            "rejected" => Status::Rejected,
            "withdrawn" => Status::Withdrawn,
            _ => return None,
        })
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Submitted => "submitted",
            Status::Accepted => "accepted",
            Status::Correction => "correction",
            Status::Approved => "approved",
            Status::Rejected => "rejected",
            Status::Withdrawn => "withdrawn",
        }
    }
    pub fn label(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Status::Submitted => ("已提交，待受理", "Submitted, awaiting acceptance"),
            Status::Accepted => ("已受理，办理中", "Accepted, in progress"),
            Status::Correction => ("待补正材料", "Corrections requested"),
            Status::Approved => ("已办结", "Completed"),
            Status::Rejected => ("不予办理", "Refused"),
            Status::Withdrawn => ("已撤回", "Withdrawn"),
        };
        if lang == Lang::En { en } else { zh }
    }
    /// Still with the department (the clock runs, except while waiting for corrections).
    pub fn is_open(self) -> bool {
        matches!(self, Status::Submitted | Status::Accepted | Status::Correction)
    }
    pub const ALL: [Status; 6] =
        [Status::Submitted, Status::Accepted, Status::Correction, Status::Approved, Status::Rejected, Status::Withdrawn];
}

/// Timeline wording for an event kind.
pub fn event_label(kind: &str, lang: Lang) -> &'static str {
    crate::i18n::text(lang, match kind {
        "submitted" => "applications-event-submitted",
        "withdrawn" => "applications-event-withdrawn",
        "undone" => "applications-event-undone",
        "accepted" => "applications-event-accepted",
        "correction" => "applications-event-correction",
        "supplemented" => "applications-event-supplemented",
        "approved" => "applications-event-approved",
        "rejected" => "applications-event-rejected",
        "transferred" => "applications-event-transferred",
        "note" => "applications-event-note",
        "reminded" => "applications-event-reminded",
        "overdue" => "applications-event-overdue",
        "released" => "applications-event-released",
        "stopped" => "applications-event-stopped",
        _ => "applications-event-other",
    })
}

/// How the application was filed.
pub fn filed_as_label(filed_as: &str, lang: Lang) -> &'static str {
    crate::i18n::text(lang, match filed_as {
        "delegate" => "applications-filed-as-delegate",
        "staff" => "applications-filed-as-staff",
        _ => "applications-filed-as-other",
    })
}

/// The 10-minute undo after submitting (工信部“10 分钟可撤回”).
pub const UNDO_SECONDS: i64 = 10 * 60;

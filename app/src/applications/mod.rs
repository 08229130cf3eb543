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
    let (zh, en) = match kind {
        "submitted" => ("提交申请", "Application submitted"),
        "withdrawn" => ("申请人撤回", "Withdrawn by the applicant"),
        "undone" => ("提交后 10 分钟内撤销", "Undone within 10 minutes of submitting"),
        "accepted" => ("部门受理", "Accepted by the department"),
        "correction" => ("一次性告知补正", "Corrections requested (all at once)"),
        "supplemented" => ("申请人补正材料，重新计时", "Corrections supplied; the clock restarts"),
        "approved" => ("办结", "Completed"),
        "rejected" => ("不予办理", "Refused"),
        "transferred" => ("转办", "Transferred"),
        "note" => ("内部备注", "Internal note"),
        "reminded" => ("到期前一个工作日提醒承办人", "Handler reminded one working day before the deadline"),
        "overdue" => ("已超期，督办", "Overdue; supervisors alerted"),
        _ => ("办理记录", "Step"),
    };
    if lang == Lang::En { en } else { zh }
}

/// How the application was filed.
pub fn filed_as_label(filed_as: &str, lang: Lang) -> &'static str {
    let (zh, en) = match filed_as {
        "delegate" => ("亲友代办", "Filed by a family delegate"),
        "staff" => ("社区帮办代办", "Filed by community staff"),
        _ => ("本人申请", "Filed in person online"),
    };
    if lang == Lang::En { en } else { zh }
}

/// The 10-minute undo after submitting (工信部“10 分钟可撤回”).
pub const UNDO_SECONDS: i64 = 10 * 60;

//! A help request's lifecycle and a volunteer's standing on the team, as tables; and the pure
//! rules around them: what counts as asking for money, and how long a service took.
use crate::lifecycle::{Rule, Table};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HelpStatus {
    /// Waiting for the community to screen it (派单 communities).
    Screening,
    /// Volunteers may take it (接单).
    Open,
    Taken,
    /// Checked in: the volunteer is with the resident.
    Serving,
    /// Checked out: waiting for the resident to confirm.
    Served,
    Confirmed,
    Cancelled,
    Refused,
}

impl HelpStatus {
    pub const ALL: [HelpStatus; 8] = [
        HelpStatus::Screening, HelpStatus::Open, HelpStatus::Taken, HelpStatus::Serving,
        HelpStatus::Served, HelpStatus::Confirmed, HelpStatus::Cancelled, HelpStatus::Refused,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            HelpStatus::Screening => "screening",
            HelpStatus::Open => "open",
            HelpStatus::Taken => "taken",
            HelpStatus::Serving => "serving",
            HelpStatus::Served => "served",
            HelpStatus::Confirmed => "confirmed",
            HelpStatus::Cancelled => "cancelled",
            HelpStatus::Refused => "refused",
        }
    }

    pub fn parse(s: &str) -> Option<HelpStatus> {
        HelpStatus::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HelpAction {
    Approve,
    Refuse,
    Assign,
    Take,
    Release,
    CheckIn,
    CheckOut,
    Confirm,
    Cancel,
}

impl HelpAction {
    pub const ALL: [HelpAction; 9] = [
        HelpAction::Approve, HelpAction::Refuse, HelpAction::Assign, HelpAction::Take, HelpAction::Release,
        HelpAction::CheckIn, HelpAction::CheckOut, HelpAction::Confirm, HelpAction::Cancel,
    ];

    /// The path segment (`/help/{id}/check-in`).
    pub fn path(self) -> &'static str {
        match self {
            HelpAction::Approve => "approve",
            HelpAction::Refuse => "refuse",
            HelpAction::Assign => "assign",
            HelpAction::Take => "take",
            HelpAction::Release => "release",
            HelpAction::CheckIn => "check-in",
            HelpAction::CheckOut => "check-out",
            HelpAction::Confirm => "confirm",
            HelpAction::Cancel => "cancel",
        }
    }

    pub fn from_path(segment: &str) -> Option<HelpAction> {
        HelpAction::ALL.into_iter().find(|a| a.path() == segment)
    }
}

/// Who acts on a request: the resident it is for (or whoever posted it or looks after them),
/// the volunteer holding it (or any active volunteer, to take it), or the community's staff.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HelpActor {
    Requester,
    Volunteer,
    Staff,
}

use HelpAction as A;
use HelpActor::*;
use HelpStatus as S;

pub const HELP_TABLE: Table<HelpAction, HelpActor, HelpStatus> = Table(&[
    Rule { action: A::Approve, actor: Staff, from: &["screening"], to: Some(S::Open) },
    Rule { action: A::Refuse, actor: Staff, from: &["screening", "open"], to: Some(S::Refused) },
    Rule { action: A::Assign, actor: Staff, from: &["screening", "open"], to: Some(S::Taken) },
    Rule { action: A::Take, actor: Volunteer, from: &["open"], to: Some(S::Taken) },
    Rule { action: A::Release, actor: Volunteer, from: &["taken"], to: Some(S::Open) },
    Rule { action: A::CheckIn, actor: Volunteer, from: &["taken"], to: Some(S::Serving) },
    Rule { action: A::CheckOut, actor: Volunteer, from: &["serving"], to: Some(S::Served) },
    Rule { action: A::Confirm, actor: Requester, from: &["served"], to: Some(S::Confirmed) },
    // An elder without a phone: the community worker who visited confirms for them.
    Rule { action: A::Confirm, actor: Staff, from: &["served"], to: Some(S::Confirmed) },
    Rule { action: A::Cancel, actor: Requester, from: &["screening", "open", "taken"], to: Some(S::Cancelled) },
    Rule { action: A::Cancel, actor: Staff, from: &["screening", "open", "taken"], to: Some(S::Cancelled) },
]);

/// The one-time code the resident shows: due while the request is taken (to check in) and
/// while it is being served (to check out).
pub fn code_due(status: &str) -> bool {
    matches!(HelpStatus::parse(status), Some(S::Taken | S::Serving))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VolunteerAction {
    Approve,
    Decline,
    Suspend,
    Reinstate,
}

impl VolunteerAction {
    pub fn from_path(segment: &str) -> Option<VolunteerAction> {
        match segment {
            "approve" => Some(VolunteerAction::Approve),
            "decline" => Some(VolunteerAction::Decline),
            "suspend" => Some(VolunteerAction::Suspend),
            "reinstate" => Some(VolunteerAction::Reinstate),
            _ => None,
        }
    }

    /// (from, to) on the team; suspending and declining need a reason.
    pub fn step(self) -> (&'static [&'static str], &'static str) {
        match self {
            VolunteerAction::Approve => (&["pending"], "active"),
            VolunteerAction::Decline => (&["pending"], "declined"),
            VolunteerAction::Suspend => (&["active"], "suspended"),
            VolunteerAction::Reinstate => (&["suspended"], "active"),
        }
    }

    pub fn needs_reason(self) -> bool {
        matches!(self, VolunteerAction::Decline | VolunteerAction::Suspend)
    }
}

/// Words that ask for money. Volunteer service is unpaid (无偿): a request asking to pay, or
/// offering payment, is refused and pointed to the marketplace instead.
const MONEY_WORDS: &[&str] = &[
    "报酬", "酬劳", "酬金", "付费", "付款", "付钱", "给钱", "收费", "工钱", "佣金", "红包", "转账", "打赏", "有偿", "元/小时", "元每小时",
];
const MONEY_WORDS_EN: &[&str] = &["pay", "paid", "payment", "reward", "cash", "fee", "fees", "tip", "money", "wage"];

pub fn asks_for_payment(text: &str) -> bool {
    let lower = text.to_lowercase();
    MONEY_WORDS.iter().any(|w| lower.contains(w))
        || lower.split(|c: char| !c.is_ascii_alphabetic()).any(|w| MONEY_WORDS_EN.contains(&w))
        // "100元" / "50 块": an amount of money.
        || lower.char_indices().any(|(i, c)| (c == '元' || c == '块') && lower[..i].trim_end().ends_with(|d: char| d.is_ascii_digit()))
}

/// Minutes of a service from check-in to check-out, to the next five minutes (at least five;
/// at most twelve hours: a forgotten check-out is not a day's service).
pub fn served_minutes(checked_in_at: i64, checked_out_at: i64) -> i64 {
    let seconds = (checked_out_at - checked_in_at).max(0);
    let minutes = (seconds + 59) / 60;
    ((minutes + 4) / 5 * 5).clamp(5, 12 * 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_is_taken_once_and_checked_in_before_out() {
        HELP_TABLE.names_only_known_states(|s| HelpStatus::parse(s).is_some()).unwrap();
        assert!(HELP_TABLE.allows(A::Take, Volunteer, "open"));
        assert!(!HELP_TABLE.allows(A::Take, Volunteer, "screening"), "a 派单 community screens first");
        assert!(!HELP_TABLE.allows(A::Take, Volunteer, "taken"), "taken once");
        assert!(!HELP_TABLE.allows(A::CheckOut, Volunteer, "taken"), "in before out");
        assert!(!HELP_TABLE.allows(A::Confirm, Volunteer, "served"), "a volunteer does not confirm their own hours");
        assert!(!HELP_TABLE.allows(A::Cancel, Requester, "serving"));
        assert!(code_due("taken") && code_due("serving") && !code_due("served"));
        for a in HelpAction::ALL {
            assert_eq!(HelpAction::from_path(a.path()), Some(a));
        }
    }

    #[test]
    fn asking_for_money_is_recognised() {
        for text in ["陪诊半天，付100元", "送餐上门，有偿", "帮忙修水龙头 50 块", "will pay cash", "给红包"] {
            assert!(asks_for_payment(text), "{text}");
        }
        for text in ["周三上午陪我去市一医院复查", "帮忙买 2 斤鸡蛋", "1号楼 3 单元灯坏了", "help me repair the tap", "buy coffee beans"] {
            assert!(!asks_for_payment(text), "{text}");
        }
    }

    #[test]
    fn service_time_rounds_up_to_five_minutes() {
        assert_eq!(served_minutes(0, 60 * 61), 65);
        assert_eq!(served_minutes(0, 10), 5, "at least five");
        assert_eq!(served_minutes(100, 0), 5, "a clock step backwards is not negative");
        assert_eq!(served_minutes(0, 86_400), 720, "at most twelve hours");
    }

    #[test]
    fn suspending_needs_a_reason_and_an_active_volunteer() {
        assert!(VolunteerAction::Suspend.needs_reason() && !VolunteerAction::Approve.needs_reason());
        assert_eq!(VolunteerAction::Suspend.step(), (&["active"][..], "suspended"));
        assert_eq!(VolunteerAction::from_path("delete"), None);
    }
}

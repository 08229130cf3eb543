//! A rectification case (差评整改) as one table (see `crate::lifecycle`): the responsible unit
//! calls the resident back, then fixes or explains, or appeals a malicious rating; an
//! administrator upholds the appeal (the rating is set aside) or dismisses it (the case goes
//! back to where it was when appealed).

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaseStatus {
    Open,
    Called,
    Done,
    Appealed,
    Voided,
}

impl CaseStatus {
    pub const ALL: [CaseStatus; 5] = [CaseStatus::Open, CaseStatus::Called, CaseStatus::Done, CaseStatus::Appealed, CaseStatus::Voided];
    /// The states in which the unit still owes the resident something (the deadline runs).
    pub const RUNNING: &'static [&'static str] = &["open", "called"];

    /// The name stored in `rectifications.status`.
    pub fn as_str(self) -> &'static str {
        match self {
            CaseStatus::Open => "open",
            CaseStatus::Called => "called",
            CaseStatus::Done => "done",
            CaseStatus::Appealed => "appealed",
            CaseStatus::Voided => "voided",
        }
    }

    pub fn parse(s: &str) -> Option<CaseStatus> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Call,
    Fix,
    Explain,
    Appeal,
    Uphold,
    Dismiss,
}

impl Action {
    /// The step named by `POST /rectifications/{id}/{action}`.
    pub fn from_path(segment: &str) -> Option<Action> {
        Some(match segment {
            "call" => Action::Call,
            "fix" => Action::Fix,
            "explain" => Action::Explain,
            "appeal" => Action::Appeal,
            "uphold" => Action::Uphold,
            "dismiss" => Action::Dismiss,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Call => "call",
            Action::Fix => "fix",
            Action::Explain => "explain",
            Action::Appeal => "appeal",
            Action::Uphold => "uphold",
            Action::Dismiss => "dismiss",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Actor {
    /// Staff or officers of the unit the rating was about.
    Unit,
    Admin,
}

pub type Rule = crate::lifecycle::Rule<Action, Actor, CaseStatus>;

use Action::*;
use Actor::*;

pub const TABLE: crate::lifecycle::Table<Action, Actor, CaseStatus> = crate::lifecycle::Table(&[
    Rule { action: Call, actor: Unit, from: &["open"], to: Some(CaseStatus::Called) },
    Rule { action: Fix, actor: Unit, from: &["called"], to: Some(CaseStatus::Done) },
    Rule { action: Explain, actor: Unit, from: &["called"], to: Some(CaseStatus::Done) },
    Rule { action: Appeal, actor: Unit, from: CaseStatus::RUNNING, to: Some(CaseStatus::Appealed) },
    Rule { action: Uphold, actor: Admin, from: &["appealed"], to: Some(CaseStatus::Voided) },
    // No fixed target: storage returns the case to the state it was appealed from.
    Rule { action: Dismiss, actor: Admin, from: &["appealed"], to: None },
]);


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_named_exists() {
        TABLE.names_only_known_states(|s| CaseStatus::parse(s).is_some()).unwrap();
    }

    #[test]
    fn the_unit_calls_back_before_it_fixes_or_explains() {
        assert!(TABLE.allows(Call, Unit, "open"));
        assert!(!TABLE.allows(Fix, Unit, "open") && !TABLE.allows(Explain, Unit, "open"), "call back first");
        assert!(TABLE.allows(Fix, Unit, "called") && TABLE.allows(Explain, Unit, "called"));
        assert!(!TABLE.allows(Appeal, Unit, "done"), "no appeal after the case is done");
    }

    #[test]
    fn only_an_admin_decides_an_appeal() {
        for action in [Uphold, Dismiss] {
            assert!(TABLE.allows(action, Admin, "appealed"));
            assert!(TABLE.rule(action, Unit).is_none());
        }
        assert!(TABLE.rule(Call, Admin).is_none(), "admins do not take over the unit's work");
    }

    #[test]
    fn closed_cases_stay_closed() {
        for end in ["done", "voided"] {
            assert!(TABLE.rules().all(|r| !r.allows(end)), "{end}");
        }
    }
}

//! A feedback item's lifecycle as one table (see `crate::lifecycle`): the responsible unit
//! replies, asks, closes, transfers or notes; the resident answers, confirms or reopens. Pages
//! draw their forms from it and storage guards each step with the rule's own list.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FeedbackStatus {
    /// With the unit, the clock running.
    Open,
    /// The unit asked the resident something; the clock still runs.
    Asked,
    /// Answered and closed by the unit; the resident may confirm or reopen.
    Closed,
    /// Confirmed by the resident.
    Resolved,
}

impl FeedbackStatus {
    pub const ALL: [FeedbackStatus; 4] = [FeedbackStatus::Open, FeedbackStatus::Asked, FeedbackStatus::Closed, FeedbackStatus::Resolved];
    /// The states in which the unit owes an answer (deadlines, reminders, "open" in Open311).
    pub const RUNNING: &'static [&'static str] = &["open", "asked"];
    pub const FINISHED: &'static [&'static str] = &["closed", "resolved"];

    /// The name stored in `feedback.status`.
    pub fn as_str(self) -> &'static str {
        match self {
            FeedbackStatus::Open => "open",
            FeedbackStatus::Asked => "asked",
            FeedbackStatus::Closed => "closed",
            FeedbackStatus::Resolved => "resolved",
        }
    }

    pub fn parse(s: &str) -> Option<FeedbackStatus> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

pub fn is_running(status: &str) -> bool {
    FeedbackStatus::RUNNING.contains(&status)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Reply,
    Ask,
    Close,
    Transfer,
    /// A private note inside the unit; the state stays.
    Note,
    Answer,
    Confirm,
    Reopen,
}

impl Action {
    /// The step named by `POST /feedback/{ref}/{action}`.
    pub fn from_path(segment: &str) -> Option<Action> {
        Some(match segment {
            "reply" => Action::Reply,
            "ask" => Action::Ask,
            "close" => Action::Close,
            "transfer" => Action::Transfer,
            "note" => Action::Note,
            "answer" => Action::Answer,
            "confirm" => Action::Confirm,
            "reopen" => Action::Reopen,
            _ => return None,
        })
    }

    /// The kind of the history event the step writes.
    pub fn event(self) -> &'static str {
        match self {
            Action::Reply => "replied",
            Action::Ask => "asked",
            Action::Close => "closed",
            Action::Transfer => "transferred",
            Action::Note => "note",
            Action::Answer => "answered",
            Action::Confirm => "confirmed",
            Action::Reopen => "reopened",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Actor {
    /// Staff of the community or officers of the department that owns the item.
    Unit,
    /// The resident who filed it, or someone they authorised.
    Resident,
}

pub type Rule = crate::lifecycle::Rule<Action, Actor, FeedbackStatus>;

use Action::*;
use Actor::*;
use FeedbackStatus as S;

pub const TABLE: crate::lifecycle::Table<Action, Actor, FeedbackStatus> = crate::lifecycle::Table(&[
    Rule { action: Reply, actor: Unit, from: S::RUNNING, to: Some(S::Open) },
    Rule { action: Ask, actor: Unit, from: S::RUNNING, to: Some(S::Asked) },
    Rule { action: Close, actor: Unit, from: S::RUNNING, to: Some(S::Closed) },
    // 首接负责: the unit that has it keeps it until it hands it on, with a reason.
    Rule { action: Transfer, actor: Unit, from: S::RUNNING, to: Some(S::Open) },
    Rule { action: Note, actor: Unit, from: &["open", "asked", "closed", "resolved"], to: None },
    Rule { action: Answer, actor: Resident, from: &["asked"], to: Some(S::Open) },
    Rule { action: Confirm, actor: Resident, from: &["closed"], to: Some(S::Resolved) },
    // "Still not fixed": back to the unit with a new deadline, and its supervisors told.
    Rule { action: Reopen, actor: Resident, from: &["closed"], to: Some(S::Open) },
]);


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_named_exists() {
        TABLE.names_only_known_states(|s| FeedbackStatus::parse(s).is_some()).unwrap();
        for s in FeedbackStatus::RUNNING.iter().chain(FeedbackStatus::FINISHED) {
            assert!(FeedbackStatus::parse(s).is_some());
        }
    }

    #[test]
    fn the_unit_works_running_items_and_the_resident_has_the_last_word() {
        for action in [Reply, Ask, Close, Transfer] {
            assert!(TABLE.allows(action, Unit, "open") && TABLE.allows(action, Unit, "asked"), "{action:?}");
            assert!(!TABLE.allows(action, Unit, "closed") && !TABLE.allows(action, Unit, "resolved"), "{action:?} after closing");
            assert!(TABLE.rule(action, Resident).is_none());
        }
        assert!(TABLE.allows(Confirm, Resident, "closed") && !TABLE.allows(Confirm, Resident, "open"));
        assert!(TABLE.allows(Reopen, Resident, "closed") && !TABLE.allows(Reopen, Resident, "resolved"), "resolved is final");
        assert!(TABLE.allows(Answer, Resident, "asked") && !TABLE.allows(Answer, Resident, "open"));
    }

    #[test]
    fn resolved_items_only_take_private_notes() {
        let exits: Vec<_> = TABLE.rules().filter(|r| r.allows("resolved")).map(|r| (r.action, r.to)).collect();
        assert_eq!(exits, vec![(Note, None)]);
    }
}

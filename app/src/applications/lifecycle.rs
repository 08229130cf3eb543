//! The application's lifecycle as one table: which actor may take which action from which states,
//! and where it leads. Handlers ask it before they act, and the storage guard (`ApplicationStep::from`,
//! checked in the same UPDATE that moves the row) is the table's own list, so the page and the
//! database can never disagree about what is allowed.
use super::Status;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Accept,
    AskCorrection,
    Supplement,
    Approve,
    Reject,
    Transfer,
    Note,
    Withdraw,
    Undo,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Actor {
    /// The applicant, a relative they authorised, or the staff member who filed for them.
    Applicant,
    /// An officer of the department that handles the case.
    Officer,
}

/// One row of the table.
pub type Rule = crate::lifecycle::Rule<Action, Actor, Status>;

use Action::*;
use Actor::*;

pub const TABLE: crate::lifecycle::Table<Action, Actor, Status> = crate::lifecycle::Table(&[
    Rule { action: Accept, actor: Officer, from: &["submitted"], to: Some(Status::Accepted) },
    Rule { action: AskCorrection, actor: Officer, from: &["submitted", "accepted"], to: Some(Status::Correction) },
    // Corrections go back to whoever had the case; the handler decides which (see `supplement`).
    Rule { action: Supplement, actor: Applicant, from: &["correction"], to: Some(Status::Accepted) },
    Rule { action: Approve, actor: Officer, from: &["accepted"], to: Some(Status::Approved) },
    Rule { action: Reject, actor: Officer, from: &["submitted", "accepted"], to: Some(Status::Rejected) },
    Rule { action: Transfer, actor: Officer, from: &["submitted", "accepted"], to: Some(Status::Submitted) },
    Rule { action: Note, actor: Officer, from: &["submitted", "accepted", "correction", "approved", "rejected", "withdrawn"], to: None },
    Rule { action: Withdraw, actor: Applicant, from: &["submitted", "correction"], to: Some(Status::Withdrawn) },
    // The one-tap undo also works once accepted, within its 10 minutes (checked by the handler).
    Rule { action: Undo, actor: Applicant, from: &["submitted", "accepted", "correction"], to: Some(Status::Withdrawn) },
]);

/// The rule for an action by an actor; `None` when that actor never takes it.
pub fn rule(action: Action, actor: Actor) -> Option<&'static Rule> {
    TABLE.rule(action, actor)
}

/// The state after `action` by `actor` from `state`: `Err(())` when it is not allowed from there.
#[allow(clippy::result_unit_err)]
pub fn next(state: Status, action: Action, actor: Actor) -> Result<Status, ()> {
    let r = rule(action, actor).ok_or(())?;
    if r.from.contains(&state.as_str()) { Ok(r.to.unwrap_or(state)) } else { Err(()) }
}

/// The storage guard of an action: the states the row must be in for the step to apply.
pub fn guard(action: Action, actor: Actor) -> &'static [&'static str] {
    rule(action, actor).map(|r| r.from).unwrap_or(&[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_named_in_the_table_exists() {
        TABLE.names_only_known_states(|s| Status::parse(s).is_some()).unwrap();
    }

    #[test]
    fn officers_work_the_case_and_applicants_only_their_own_steps() {
        assert_eq!(next(Status::Submitted, Accept, Officer), Ok(Status::Accepted));
        assert_eq!(next(Status::Submitted, Accept, Applicant), Err(()));
        assert_eq!(next(Status::Accepted, Approve, Officer), Ok(Status::Approved));
        assert_eq!(next(Status::Submitted, Approve, Officer), Err(()), "accept first");
        assert_eq!(next(Status::Correction, Supplement, Applicant), Ok(Status::Accepted));
        assert_eq!(next(Status::Accepted, Supplement, Applicant), Err(()));
        assert_eq!(next(Status::Approved, Note, Officer), Ok(Status::Approved), "a note keeps the state");
    }

    #[test]
    fn finished_cases_stay_finished() {
        for done in [Status::Approved, Status::Rejected, Status::Withdrawn] {
            for action in [Accept, AskCorrection, Approve, Reject, Transfer] {
                assert_eq!(next(done, action, Officer), Err(()), "{done:?} {action:?}");
            }
            for action in [Supplement, Withdraw, Undo] {
                assert_eq!(next(done, action, Applicant), Err(()), "{done:?} {action:?}");
            }
        }
    }

    #[test]
    fn withdrawing_stops_at_acceptance_but_the_undo_does_not() {
        assert_eq!(next(Status::Accepted, Withdraw, Applicant), Err(()));
        assert_eq!(next(Status::Accepted, Undo, Applicant), Ok(Status::Withdrawn));
        assert_eq!(next(Status::Correction, Withdraw, Applicant), Ok(Status::Withdrawn));
    }
}

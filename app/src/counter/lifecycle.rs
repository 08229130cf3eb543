//! An appointment's and a queue number's lifecycles, as tables. Taking a number for an
//! appointment is its arrival; the number's outcome carries the appointment to done or no-show
//! (`CounterStore::finish_ticket` follows these rows).
use crate::lifecycle::{Rule, Table};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Visit {
    Booked,
    Arrived,
    Done,
    Cancelled,
    NoShow,
}

impl Visit {
    pub const ALL: [Visit; 5] = [Visit::Booked, Visit::Arrived, Visit::Done, Visit::Cancelled, Visit::NoShow];

    pub fn as_str(self) -> &'static str {
        match self {
            Visit::Booked => "booked",
            Visit::Arrived => "arrived",
            Visit::Done => "done",
            Visit::Cancelled => "cancelled",
            Visit::NoShow => "no_show",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VisitAction {
    Move,
    Cancel,
    /// Takes a number on the day.
    Arrive,
    /// The day passed and nobody came (the nightly sweep), or the number was called and missed.
    Miss,
    Finish,
}

/// The resident's side (the resident, a relative who looks after them, or whoever booked), the
/// staff running the office, and the sweep.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VisitActor {
    Resident,
    Staff,
    System,
}

use Visit as V;
use VisitAction as VA;

pub const VISIT_TABLE: Table<VisitAction, VisitActor, Visit> = Table(&[
    Rule { action: VA::Move, actor: VisitActor::Resident, from: &["booked"], to: Some(V::Booked) },
    Rule { action: VA::Move, actor: VisitActor::Staff, from: &["booked"], to: Some(V::Booked) },
    Rule { action: VA::Cancel, actor: VisitActor::Resident, from: &["booked"], to: Some(V::Cancelled) },
    Rule { action: VA::Cancel, actor: VisitActor::Staff, from: &["booked"], to: Some(V::Cancelled) },
    Rule { action: VA::Arrive, actor: VisitActor::Resident, from: &["booked"], to: Some(V::Arrived) },
    Rule { action: VA::Arrive, actor: VisitActor::Staff, from: &["booked"], to: Some(V::Arrived) },
    Rule { action: VA::Miss, actor: VisitActor::System, from: &["booked"], to: Some(V::NoShow) },
    Rule { action: VA::Miss, actor: VisitActor::Staff, from: &["arrived"], to: Some(V::NoShow) },
    Rule { action: VA::Finish, actor: VisitActor::Staff, from: &["arrived"], to: Some(V::Done) },
]);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ticket {
    Waiting,
    Called,
    Served,
    Missed,
    Cancelled,
}

impl Ticket {
    pub const ALL: [Ticket; 5] = [Ticket::Waiting, Ticket::Called, Ticket::Served, Ticket::Missed, Ticket::Cancelled];

    pub fn as_str(self) -> &'static str {
        match self {
            Ticket::Waiting => "waiting",
            Ticket::Called => "called",
            Ticket::Served => "served",
            Ticket::Missed => "missed",
            Ticket::Cancelled => "cancelled",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TicketAction {
    Call,
    Serve,
    /// Called and nobody came to the window.
    Absent,
    /// The holder gives up their place.
    Leave,
}

impl TicketAction {
    pub fn from_path(segment: &str) -> Option<TicketAction> {
        match segment {
            "serve" => Some(TicketAction::Serve),
            "absent" => Some(TicketAction::Absent),
            "leave" => Some(TicketAction::Leave),
            _ => None,
        }
    }
}

/// What staff record when a called number is served: 办结, 材料不全 (more needed), 转办.
pub const OUTCOMES: [&str; 3] = ["done", "needs_more", "referred"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TicketActor {
    Holder,
    Staff,
}

use Ticket as T;
use TicketAction as TA;

pub const TICKET_TABLE: Table<TicketAction, TicketActor, Ticket> = Table(&[
    Rule { action: TA::Call, actor: TicketActor::Staff, from: &["waiting"], to: Some(T::Called) },
    Rule { action: TA::Serve, actor: TicketActor::Staff, from: &["called"], to: Some(T::Served) },
    Rule { action: TA::Absent, actor: TicketActor::Staff, from: &["called"], to: Some(T::Missed) },
    Rule { action: TA::Leave, actor: TicketActor::Holder, from: &["waiting"], to: Some(T::Cancelled) },
    Rule { action: TA::Leave, actor: TicketActor::Staff, from: &["waiting"], to: Some(T::Cancelled) },
]);

/// What finishing a number does to the appointment it was taken for, by the visit table.
pub fn visit_after(ticket: Ticket) -> Option<Visit> {
    let action = match ticket {
        Ticket::Served => VA::Finish,
        Ticket::Missed => VA::Miss,
        _ => return None,
    };
    VISIT_TABLE.rule(action, VisitActor::Staff).filter(|r| r.allows("arrived")).and_then(|r| r.to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_name_only_known_states() {
        VISIT_TABLE.names_only_known_states(|s| Visit::ALL.iter().any(|v| v.as_str() == s)).unwrap();
        TICKET_TABLE.names_only_known_states(|s| Ticket::ALL.iter().any(|v| v.as_str() == s)).unwrap();
    }

    #[test]
    fn a_booking_moves_and_cancels_only_while_booked() {
        for actor in [VisitActor::Resident, VisitActor::Staff] {
            assert!(VISIT_TABLE.allows(VA::Move, actor, "booked"));
            assert!(VISIT_TABLE.allows(VA::Cancel, actor, "booked"));
            for later in ["arrived", "done", "cancelled", "no_show"] {
                assert!(!VISIT_TABLE.allows(VA::Move, actor, later), "{later}");
                assert!(!VISIT_TABLE.allows(VA::Cancel, actor, later), "{later}");
            }
        }
        assert!(!VISIT_TABLE.allows(VA::Finish, VisitActor::Resident, "arrived"), "only staff finish a visit");
        assert!(!VISIT_TABLE.allows(VA::Miss, VisitActor::Resident, "booked"));
    }

    #[test]
    fn a_number_called_is_served_or_missed_and_the_visit_follows() {
        assert!(TICKET_TABLE.allows(TA::Call, TicketActor::Staff, "waiting"));
        assert!(!TICKET_TABLE.allows(TA::Call, TicketActor::Holder, "waiting"));
        assert!(!TICKET_TABLE.allows(TA::Leave, TicketActor::Holder, "called"), "a called number is at the window");
        assert!(!TICKET_TABLE.allows(TA::Serve, TicketActor::Staff, "waiting"), "called first");
        assert_eq!(visit_after(Ticket::Served), Some(Visit::Done));
        assert_eq!(visit_after(Ticket::Missed), Some(Visit::NoShow));
        assert_eq!(visit_after(Ticket::Cancelled), None);
    }
}

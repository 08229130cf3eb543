//! The order's lifecycle as one table: which side may take which step from which states, where
//! it leads and what the history calls it. The handler asks it before acting, the order page asks
//! it which buttons to draw, and the storage guard (`OrderStep::from`, checked in the same UPDATE
//! that moves the row) is the table's own list, so none of the three can disagree.
//! See `crate::lifecycle` for the shape every lifecycle table shares.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrderStatus {
    Requested,
    Confirmed,
    OnTheWay,
    Served,
    Completed,
    Declined,
    Cancelled,
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 7] = [
        OrderStatus::Requested,
        OrderStatus::Confirmed,
        OrderStatus::OnTheWay,
        OrderStatus::Served,
        OrderStatus::Completed,
        OrderStatus::Declined,
        OrderStatus::Cancelled,
    ];

    /// The name stored in `orders.status`.
    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::Requested => "requested",
            OrderStatus::Confirmed => "confirmed",
            OrderStatus::OnTheWay => "on_the_way",
            OrderStatus::Served => "served",
            OrderStatus::Completed => "completed",
            OrderStatus::Declined => "declined",
            OrderStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<OrderStatus> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Still to be served: it holds its place in the slot and shows among current orders.
    pub fn is_open(self) -> bool {
        matches!(self, OrderStatus::Requested | OrderStatus::Confirmed | OrderStatus::OnTheWay | OrderStatus::Served)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Confirm,
    Decline,
    Depart,
    Serve,
    /// Cash or card at the door; recorded once, the status stays.
    RecordPayment,
    Complete,
    Cancel,
    /// 48 hours after "served" with no word from the resident (the ten-minute job).
    AutoComplete,
}

impl Action {
    /// The kind of the history event the step writes.
    pub fn event(self) -> &'static str {
        match self {
            Action::Confirm => "confirmed",
            Action::Decline => "declined",
            Action::Depart => "on_the_way",
            Action::Serve => "served",
            Action::RecordPayment => "paid_offline",
            Action::Complete => "completed",
            Action::Cancel => "cancelled",
            Action::AutoComplete => "auto_completed",
        }
    }

    /// The step named by the last segment of `POST /market/orders/{ref}/{action}`.
    pub fn from_path(segment: &str) -> Option<Action> {
        Some(match segment {
            "confirm" => Action::Confirm,
            "decline" => Action::Decline,
            "depart" => Action::Depart,
            "serve" => Action::Serve,
            "paid" => Action::RecordPayment,
            "complete" => Action::Complete,
            "cancel" => Action::Cancel,
            _ => return None,
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Actor {
    /// The provider's owner account.
    Provider,
    /// The resident served, or whoever booked for them.
    Resident,
    /// The periodic job.
    System,
}

pub type Rule = crate::lifecycle::Rule<Action, Actor, OrderStatus>;

use Action::*;
use Actor::*;

pub const TABLE: crate::lifecycle::Table<Action, Actor, OrderStatus> = crate::lifecycle::Table(&[
    Rule { action: Confirm, actor: Provider, from: &["requested"], to: Some(OrderStatus::Confirmed) },
    Rule { action: Decline, actor: Provider, from: &["requested", "confirmed"], to: Some(OrderStatus::Declined) },
    Rule { action: Depart, actor: Provider, from: &["confirmed"], to: Some(OrderStatus::OnTheWay) },
    Rule { action: Serve, actor: Provider, from: &["confirmed", "on_the_way"], to: Some(OrderStatus::Served) },
    Rule { action: RecordPayment, actor: Provider, from: &["confirmed", "on_the_way", "served", "completed"], to: None },
    Rule { action: Complete, actor: Resident, from: &["served"], to: Some(OrderStatus::Completed) },
    // Free cancellation also ends some hours before the start (checked by the handler).
    Rule { action: Cancel, actor: Resident, from: &["requested", "confirmed"], to: Some(OrderStatus::Cancelled) },
    Rule { action: AutoComplete, actor: System, from: &["served"], to: Some(OrderStatus::Completed) },
]);


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_named_in_the_table_exists() {
        TABLE.names_only_known_states(|s| OrderStatus::parse(s).is_some()).unwrap();
        for s in OrderStatus::ALL {
            assert_eq!(OrderStatus::parse(s.as_str()), Some(s));
        }
    }

    #[test]
    fn each_side_takes_only_its_own_steps() {
        assert!(TABLE.allows(Confirm, Provider, "requested"));
        assert!(!TABLE.allows(Confirm, Resident, "requested"), "a resident cannot confirm their own booking");
        assert!(!TABLE.allows(Complete, Provider, "served"), "a provider cannot confirm for the resident");
        assert!(TABLE.allows(Complete, Resident, "served"));
        assert!(!TABLE.allows(Cancel, Provider, "requested"), "a provider declines with a reason instead");
        assert!(TABLE.rule(AutoComplete, Resident).is_none() && TABLE.rule(AutoComplete, System).is_some());
    }

    #[test]
    fn finished_orders_move_no_further() {
        for end in [OrderStatus::Declined, OrderStatus::Cancelled] {
            assert!(TABLE.rules().all(|r| !r.from.contains(&end.as_str())), "{end:?} has a way out");
        }
        // A completed order only gains a payment record.
        let from_completed: Vec<_> = TABLE.rules().filter(|r| r.from.contains(&"completed")).map(|r| r.action).collect();
        assert_eq!(from_completed, vec![RecordPayment]);
    }

    #[test]
    fn no_step_skips_service() {
        assert!(!TABLE.allows(Complete, Resident, "confirmed"), "nothing to confirm before the visit");
        assert!(!TABLE.allows(Serve, Provider, "requested"), "served before it was accepted");
        assert!(!TABLE.allows(Cancel, Resident, "on_the_way"), "too late once the provider has left");
        assert_eq!(TABLE.rule(AutoComplete, System).unwrap().from, &["served"]);
    }

    #[test]
    fn open_states_are_those_with_a_way_forward() {
        for s in OrderStatus::ALL {
            let has_exit = TABLE.rules().any(|r| r.to.is_some() && r.from.contains(&s.as_str()));
            assert_eq!(s.is_open(), has_exit, "{s:?}");
        }
    }
}

//! Lifecycles as data. Each capability that moves a record through states (applications,
//! orders, …) declares one table of rules: which actor may take which action from which states,
//! and where it leads. Handlers ask the table before acting, pages ask it which buttons to draw,
//! and storage guards its UPDATE with the rule's own `from` list, so the three cannot disagree.

/// One row of a lifecycle table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule<A: 'static, R: 'static, S: 'static> {
    pub action: A,
    pub actor: R,
    /// The states it may be taken from, as stored in the record's `status` column.
    pub from: &'static [&'static str],
    /// Where it leads; `None` leaves the state as it is (a note, a payment record).
    pub to: Option<S>,
}

impl<A, R, S> Rule<A, R, S> {
    pub fn allows(&self, state: &str) -> bool {
        self.from.contains(&state)
    }
}

/// The rule for an action by an actor; `None` when that actor never takes it.
pub fn find<A: PartialEq, R: PartialEq, S>(table: &'static [Rule<A, R, S>], action: A, actor: R) -> Option<&'static Rule<A, R, S>> {
    table.iter().find(|r| r.action == action && r.actor == actor)
}

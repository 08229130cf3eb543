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
fn find<A: PartialEq, R: PartialEq, S>(table: &'static [Rule<A, R, S>], action: A, actor: R) -> Option<&'static Rule<A, R, S>> {
    table.iter().find(|r| r.action == action && r.actor == actor)
}

/// A lifecycle's whole table.
pub struct Table<A: 'static, R: 'static, S: 'static>(pub &'static [Rule<A, R, S>]);

impl<A: PartialEq + Copy + std::fmt::Debug, R: PartialEq + Copy, S: Copy> Table<A, R, S> {
    /// The rule for an action by an actor; `None` when that actor never takes it.
    pub fn rule(&self, action: A, actor: R) -> Option<&'static Rule<A, R, S>> {
        find(self.0, action, actor)
    }

    /// Whether the actor may take the action on a record in `state` now.
    pub fn allows(&self, action: A, actor: R, state: &str) -> bool {
        self.rule(action, actor).is_some_and(|r| r.allows(state))
    }

    pub fn rules(&self) -> impl Iterator<Item = &'static Rule<A, R, S>> {
        self.0.iter()
    }

    /// Every state the table names is one `known` accepts (for each lifecycle's tests).
    pub fn names_only_known_states(&self, known: impl Fn(&str) -> bool) -> Result<(), String> {
        match self.0.iter().find_map(|r| r.from.iter().find(|s| !known(s)).map(|s| (r.action, *s))) {
            Some((action, state)) => Err(format!("{action:?} names the unknown state {state}")),
            None => Ok(()),
        }
    }
}

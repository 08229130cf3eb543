//! One step type for every lifecycle (application, feedback, rectification, provider vetting,
//! order). A step is applied only while the record is still in one of `from` — the states the
//! lifecycle's table allows the action from — so two people acting at once cannot both succeed;
//! the status change, the event, the notices and the audit it names are written in one
//! transaction. What a lifecycle changes besides the status is its `effects`.
use super::{AuditEntry, Notice};

#[derive(Clone, Debug, Default)]
pub struct Step<E> {
    /// The record the step applies to.
    pub id: i64,
    pub from: &'static [&'static str],
    /// The new status; `None` keeps it (a note, a reply, a payment record, a dismissed appeal).
    pub to: Option<&'static str>,
    /// Who acts; `None` for the system (automatic completion).
    pub actor_id: Option<i64>,
    /// The kind of the event recorded in the record's history.
    pub event_kind: &'static str,
    /// The event's note (a reason, a reply, a decision).
    pub note: String,
    pub notices: Vec<Notice>,
    pub audit: Vec<AuditEntry>,
    pub effects: E,
}

impl<E: Default> Step<E> {
    /// A step of record `id` from the states `from` to `to`, recorded as `event_kind`; `by` names
    /// who takes it.
    pub fn new(id: i64, from: &'static [&'static str], to: Option<&'static str>, event_kind: &'static str) -> Self {
        Step { id, from, to, event_kind, ..Default::default() }
    }
}

impl<E> Step<E> {
    pub fn by(mut self, actor_id: i64) -> Self {
        self.actor_id = Some(actor_id);
        self
    }
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.note = note.into();
        self
    }
    pub fn effects(mut self, effects: E) -> Self {
        self.effects = effects;
        self
    }
}

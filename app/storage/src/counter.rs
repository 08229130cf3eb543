//! Storage for 预约办事 and 取号: offices and their weekly counter hours, appointments booked
//! into slots (never more than a slot holds, whoever books at the same moment), and the queue
//! numbers of a day, called by staff and finished with an outcome.
use super::{AuditEntry, Notice, StoreResult};
use async_trait::async_trait;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct OfficeRow {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub name_en: String,
    pub address: String,
    pub address_en: String,
    pub community_code: Option<String>,
    pub department_code: Option<String>,
    pub slot_minutes: i64,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CounterHoursRow {
    pub id: i64,
    pub office_id: i64,
    pub service: String,
    pub weekday: i64,
    pub start_minute: i64,
    pub capacity: i64,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AppointmentRow {
    pub id: i64,
    pub ref_no: String,
    pub office_id: i64,
    pub office_code: String,
    pub service: String,
    pub starts_at: i64,
    pub resident_id: i64,
    pub resident_name: String,
    pub booked_by_id: i64,
    pub status: String,
    pub created_at: i64,
}

#[derive(Clone, Debug)]
pub struct NewAppointment {
    pub ref_no: String,
    pub office_id: i64,
    pub service: String,
    pub starts_at: i64,
    pub resident_id: i64,
    pub booked_by_id: i64,
    /// How it reached Linli (`channel::Channel`).
    pub channel: &'static str,
}

#[derive(Clone, Debug, PartialEq)]
pub enum CounterBooking {
    Booked(i64),
    /// Every place in the slot is taken.
    Full,
    /// The appointment is no longer in a state that allows it.
    Gone,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct TicketRow {
    pub id: i64,
    pub office_id: i64,
    pub day: String,
    pub seq: i64,
    pub label: String,
    pub token: String,
    pub service: String,
    pub resident_id: Option<i64>,
    pub appointment_id: Option<i64>,
    pub taken_via: String,
    pub status: String,
    pub window_label: String,
    pub outcome: String,
    pub taken_at: i64,
    pub called_at: Option<i64>,
    pub finished_at: Option<i64>,
}

#[derive(Clone, Debug)]
pub struct NewTicket {
    pub office_id: i64,
    pub day: String,
    /// `Y` for an appointment's holder, `A` for everyone else.
    pub prefix: &'static str,
    pub token: String,
    pub service: String,
    pub resident_id: Option<i64>,
    /// The appointment it is taken for: it moves from booked to arrived in the same step.
    pub appointment_id: Option<i64>,
    pub taken_via: &'static str,
}

/// How one office's queue went over a period, for the board.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct QueueTimes {
    pub office_id: i64,
    pub taken: i64,
    pub served: i64,
    /// Seconds from taking a number to being called, summed over the called tickets.
    pub wait_secs: i64,
    pub called: i64,
    /// Seconds from being called to the outcome, summed over the served tickets.
    pub service_secs: i64,
}

#[async_trait]
pub trait CounterStore: Send + Sync {
    /// Adds an office or updates its names and address (by code); its id.
    async fn put_office(&self, o: &OfficeRow) -> StoreResult<i64>;
    async fn offices(&self) -> StoreResult<Vec<OfficeRow>>;
    async fn office(&self, code: &str) -> StoreResult<Option<OfficeRow>>;
    async fn counter_hours(&self, office_id: i64) -> StoreResult<Vec<CounterHoursRow>>;
    /// Publishes a weekly slot (or changes its capacity); audited.
    async fn put_counter_hours(&self, h: &CounterHoursRow, audit: &AuditEntry, now: i64) -> StoreResult<()>;
    async fn remove_counter_hours(&self, id: i64, office_id: i64, audit: &AuditEntry, now: i64) -> StoreResult<bool>;
    /// Places taken per slot start for one service between `from` and `to`.
    async fn counter_slot_use(&self, office_id: i64, service: &str, from: i64, to: i64) -> StoreResult<Vec<(i64, i64)>>;
    /// Takes a place in the slot only while it has room, and stores the appointment with its
    /// notices and audit rows, all in one transaction.
    async fn book_counter(&self, a: &NewAppointment, capacity: i64, notices: &[Notice], audit: &[AuditEntry], now: i64) -> StoreResult<CounterBooking>;
    /// Moves a booked appointment: a place in the new slot first (while it has room), then the
    /// old place is given back.
    async fn move_appointment(&self, id: i64, starts_at: i64, capacity: i64, notices: &[Notice], audit: &[AuditEntry], now: i64) -> StoreResult<CounterBooking>;
    /// Cancels a booked appointment and gives its place back.
    async fn cancel_appointment(&self, id: i64, notices: &[Notice], audit: &[AuditEntry], now: i64) -> StoreResult<bool>;
    async fn appointment_by_ref(&self, ref_no: &str) -> StoreResult<Option<AppointmentRow>>;
    async fn appointments_of(&self, resident_id: i64, limit: i64) -> StoreResult<Vec<AppointmentRow>>;
    async fn office_appointments(&self, office_id: i64, from: i64, to: i64) -> StoreResult<Vec<AppointmentRow>>;
    /// Booked appointments starting in `[from, to)` that have not been reminded.
    async fn appointments_to_remind(&self, from: i64, to: i64) -> StoreResult<Vec<AppointmentRow>>;
    /// Marks it reminded and writes the reminder, once (two servers remind once).
    async fn remind_appointment(&self, id: i64, notices: &[Notice], now: i64) -> StoreResult<bool>;
    /// Booked appointments that started before `before` with nobody arriving: each becomes a
    /// no-show by its own guarded step; those it moved.
    async fn mark_no_shows(&self, before: i64, now: i64) -> StoreResult<Vec<AppointmentRow>>;
    /// Start times of the resident's no-shows since `since`.
    async fn no_shows_of(&self, resident_id: i64, since: i64) -> StoreResult<Vec<i64>>;
    /// Gives the day's next number and stores the ticket; an appointment it is taken for moves
    /// to arrived in the same transaction. `None` if that appointment is no longer booked.
    async fn take_ticket(&self, t: &NewTicket, now: i64) -> StoreResult<Option<TicketRow>>;
    async fn ticket_by_token(&self, token: &str) -> StoreResult<Option<TicketRow>>;
    async fn office_tickets(&self, office_id: i64, day: &str) -> StoreResult<Vec<TicketRow>>;
    /// Calls the next waiting number (appointments first, then in order) to `window`; `None`
    /// when nobody waits.
    async fn call_next(&self, office_id: i64, day: &str, window: &str, staff_id: i64, now: i64) -> StoreResult<Option<TicketRow>>;
    /// Moves a ticket `from` → `to` (`served` with its outcome, `missed`, `cancelled`); the
    /// appointment it was taken for, if it arrived, moves to `visit` in the same transaction.
    async fn finish_ticket(&self, id: i64, office_id: i64, from: &[&str], to: &str, visit: Option<&str>, outcome: &str, now: i64) -> StoreResult<bool>;
    /// Each office's numbers taken in `[from, to)` and how long they waited and were served.
    async fn queue_times(&self, from: i64, to: i64) -> StoreResult<Vec<QueueTimes>>;
}

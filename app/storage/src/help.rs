//! Storage for mutual help (邻里互助): volunteers on a community's team, help requests moved
//! through their lifecycle by guarded updates, the hours each confirmed service records, gifts
//! of hours to an elder's time-bank account, reports about volunteers, and certificates. Written
//! once for both engines in `help_queries.rs`.
use super::{AuditEntry, StoreResult};
use async_trait::async_trait;

/// Wrong codes a request's current code survives; guessing six digits then needs the resident.
pub const CODE_TRIES: i64 = 5;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct VolunteerRow {
    pub user_id: i64,
    pub name: String,
    pub community_code: String,
    pub skills: String,
    pub availability: String,
    pub status: String,
    pub status_reason: String,
    pub created_at: i64,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct HelpRequestRow {
    pub id: i64,
    pub community_code: String,
    pub requester_id: i64,
    pub requester_name: String,
    /// Opened; pages mask it for anyone but the volunteer who took the request and staff.
    pub requester_phone: String,
    pub posted_by: i64,
    pub origin: String,
    pub kind: String,
    pub details: String,
    pub building_id: Option<i64>,
    pub building_name: Option<String>,
    pub needed_on: String,
    pub time_slot: String,
    pub urgent: i64,
    pub status: String,
    pub status_note: String,
    pub volunteer_id: Option<i64>,
    pub volunteer_name: Option<String>,
    /// Opened: the one-time code the resident shows now; empty when none is due.
    pub code: String,
    pub checked_in_at: Option<i64>,
    pub checked_out_at: Option<i64>,
    pub rating: Option<i64>,
    pub thanks: String,
    pub created_at: i64,
}

#[derive(Clone, Debug, Default)]
pub struct NewHelpRequest {
    pub community_code: String,
    pub requester_id: i64,
    pub posted_by: i64,
    pub origin: &'static str,
    /// How it reached Linli (`channel::Channel`), and how the resident agreed when staff recorded it.
    pub channel: &'static str,
    pub consent_note: String,
    pub kind: String,
    pub details: String,
    pub building_id: Option<i64>,
    pub needed_on: String,
    pub time_slot: String,
    pub urgent: bool,
    pub status: &'static str,
}

/// One confirmed service's hours, written in the same transaction as the confirmation.
#[derive(Clone, Debug)]
pub struct NewHours {
    pub volunteer_id: i64,
    pub request_id: i64,
    pub community_code: String,
    pub kind: String,
    pub served_on: String,
    pub minutes: i64,
    pub confirmed_by: i64,
}

/// A guarded move of a help request: from one of `from` to `to`, and what else it changes.
#[derive(Clone, Debug, Default)]
pub struct HelpMove<'a> {
    pub id: i64,
    pub from: &'a [&'a str],
    pub to: &'a str,
    /// Set the volunteer (taking, or staff assigning).
    pub volunteer_id: Option<i64>,
    /// Give it back (the volunteer is cleared).
    pub release: bool,
    /// Only while this volunteer holds it.
    pub held_by: Option<i64>,
    /// The code presented must be the one due now (checking in or out).
    pub code_shown: Option<String>,
    /// The next code due (`Some("")` clears it).
    pub next_code: Option<String>,
    pub check_in: bool,
    pub check_out: bool,
    pub rating: Option<i64>,
    pub thanks: Option<String>,
    pub note: Option<String>,
    pub hours: Option<NewHours>,
    pub audit: Option<AuditEntry>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HelpMoved {
    Moved,
    /// Not in any of `from` (or held by someone else): somebody was first.
    Stale,
    /// The code shown is not the one due now (wrong, or already used).
    WrongCode,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct HoursRow {
    pub id: i64,
    pub volunteer_id: i64,
    pub volunteer_name: String,
    pub request_id: Option<i64>,
    pub community_code: String,
    pub kind: String,
    pub served_on: String,
    pub minutes: i64,
    pub confirmed_by: i64,
    pub confirmer_name: String,
    pub correction_reason: String,
}

/// A volunteer's or an elder's time-bank account, in minutes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TimeBank {
    pub earned: i64,
    pub given: i64,
    pub received: i64,
    pub given_this_year: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gift {
    Given,
    /// More than the giver's balance.
    OverBalance,
    /// More than this year's cap leaves.
    OverCap,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct VolunteerReportRow {
    pub id: i64,
    pub request_id: i64,
    pub volunteer_id: i64,
    pub volunteer_name: String,
    pub reason: String,
    pub created_at: i64,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CertificateRow {
    pub code: String,
    pub volunteer_id: i64,
    pub volunteer_name: String,
    pub minutes: i64,
    pub services: i64,
    pub issued_on: String,
}

#[async_trait]
pub trait HelpStore: Send + Sync {
    /// Joins (or updates skills and availability); a declined volunteer who asks again waits
    /// for staff again, a suspended one stays suspended.
    async fn join_team(&self, user_id: i64, community_code: &str, skills: &str, availability: &str, now: i64) -> StoreResult<()>;
    async fn volunteer(&self, user_id: i64) -> StoreResult<Option<VolunteerRow>>;
    async fn community_volunteers(&self, community_code: &str, limit: i64) -> StoreResult<Vec<VolunteerRow>>;
    /// Staff decide (approve, decline, suspend, reinstate), with a reason, audited; false when
    /// the volunteer is not on this community's team in one of `from`.
    async fn set_volunteer_status(&self, user_id: i64, community_code: &str, from: &[&str], to: &str, reason: &str,
        audit: &AuditEntry, now: i64) -> StoreResult<bool>;

    async fn create_help_request(&self, r: &NewHelpRequest, audit: Option<&AuditEntry>, now: i64) -> StoreResult<i64>;
    async fn help_request(&self, id: i64) -> StoreResult<Option<HelpRequestRow>>;
    /// Requests for this person or posted by them (a relative, staff).
    async fn help_requests_of(&self, user_id: i64, limit: i64) -> StoreResult<Vec<HelpRequestRow>>;
    async fn community_help_requests(&self, community_code: &str, statuses: &[&str], limit: i64) -> StoreResult<Vec<HelpRequestRow>>;
    async fn volunteer_help_requests(&self, volunteer_id: i64, limit: i64) -> StoreResult<Vec<HelpRequestRow>>;
    async fn move_help_request(&self, m: &HelpMove<'_>, now: i64) -> StoreResult<HelpMoved>;
    /// Counts a wrong code; at the `CODE_TRIES`th the code due is replaced by `fresh` (true).
    async fn miss_help_code(&self, id: i64, fresh: &str, now: i64) -> StoreResult<bool>;

    async fn volunteer_hours(&self, volunteer_id: i64) -> StoreResult<Vec<HoursRow>>;
    async fn community_hours(&self, community_code: &str, limit: i64) -> StoreResult<Vec<HoursRow>>;
    /// Staff correct an entry of their community, with a reason (kept, audited about the
    /// entry's volunteer).
    async fn correct_hours(&self, id: i64, community_code: &str, minutes: i64, reason: &str, audit: &AuditEntry, now: i64) -> StoreResult<bool>;
    async fn time_bank(&self, user_id: i64, year: i64) -> StoreResult<TimeBank>;
    /// Gives minutes to another resident's time-bank account, within the giver's balance and
    /// `cap` minutes a year; checked and written in one transaction.
    async fn give_hours(&self, giver_id: i64, receiver_id: i64, minutes: i64, year: i64, cap: i64, now: i64) -> StoreResult<Gift>;

    /// False when this person already reported this request.
    async fn report_volunteer(&self, request_id: i64, volunteer_id: i64, reporter_id: i64, reason: &str, now: i64) -> StoreResult<bool>;
    async fn community_reports(&self, community_code: &str, limit: i64) -> StoreResult<Vec<VolunteerReportRow>>;

    async fn issue_certificate(&self, c: &CertificateRow, now: i64) -> StoreResult<()>;
    async fn certificate(&self, code: &str) -> StoreResult<Option<CertificateRow>>;
}

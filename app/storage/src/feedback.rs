//! Storage for feedback (诉求), 好差评 evaluations with their rectification cases, and Open311
//! API keys. A third small interface beside `Store` (which requires it), written once for both
//! engines in `feedback_queries.rs`. As with applications, every change people are told about is
//! one guarded transaction: the item, its timeline entry, inbox and outbox, audit.
use super::{AuditEntry, FileRow, NewFile, Notice, StoreResult};
use async_trait::async_trait;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CategoryRow {
    pub code: String,
    pub kind: String,
    pub name: String,
    pub name_en: String,
    pub description: String,
    pub by_community: i64,
    pub department_code: String,
    pub deadline_days: i64,
    pub sort: i64,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct FeedbackRow {
    pub id: i64,
    pub ref_no: String,
    pub category_code: String,
    pub category_name: String,
    pub category_name_en: String,
    pub kind: String,
    pub resident_id: Option<i64>,
    pub resident_name: Option<String>,
    pub filed_by_id: Option<i64>,
    pub source: String,
    pub channel: String,
    pub reporter_name: String,
    pub reporter_contact: String,
    pub title: String,
    pub body: String,
    pub building_id: Option<i64>,
    pub address: String,
    pub community_code: Option<String>,
    pub lat: Option<f64>,
    pub lng: Option<f64>,
    pub media_url: String,
    /// The marketplace order a complaint is about.
    pub order_id: Option<i64>,
    pub is_public: i64,
    pub unit_kind: String,
    pub unit_code: String,
    pub handler_id: Option<i64>,
    pub status: String,
    pub submitted_at: i64,
    pub first_deadline: String,
    pub deadline: String,
    pub first_reply_at: Option<i64>,
    pub closed_at: Option<i64>,
    pub was_overdue: i64,
    pub reopened: i64,
    pub reminded_at: Option<i64>,
    pub overdue_alerted_at: Option<i64>,
    pub updated_at: i64,
}

#[derive(Clone, Debug, Default)]
pub struct NewFeedback {
    pub ref_no: String,
    pub category_code: String,
    pub kind: String,
    pub resident_id: Option<i64>,
    pub filed_by_id: Option<i64>,
    pub source: &'static str,
    /// How it reached Linli (`channel::Channel`), and how the resident agreed when staff recorded it.
    pub channel: &'static str,
    pub consent_note: String,
    pub api_key_id: Option<i64>,
    pub reporter_name: String,
    pub reporter_contact: String,
    pub title: String,
    pub body: String,
    pub building_id: Option<i64>,
    pub address: String,
    pub community_code: Option<String>,
    pub lat: Option<f64>,
    pub lng: Option<f64>,
    pub media_url: String,
    pub order_id: Option<i64>,
    pub is_public: bool,
    pub unit_kind: String,
    pub unit_code: String,
    pub deadline: String,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct FeedbackEventRow {
    pub id: i64,
    pub feedback_id: i64,
    pub ref_no: String,
    pub at: i64,
    pub actor_role: Option<String>,
    pub kind: String,
    pub unit_code: String,
    pub note: String,
    pub visible: i64,
    pub private: i64,
    pub status_after: String,
}

/// What a list of items shows beside each row, read for the whole list at once.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct FeedbackGlance {
    pub feedback_id: i64,
    /// The latest note on the public timeline.
    pub status_note: Option<String>,
    /// The first photo attached.
    pub first_photo: Option<i64>,
}

/// Filters shared by the public list, a unit's queue and Open311's GET requests.
#[derive(Clone, Debug, Default)]
pub struct FeedbackQuery {
    pub public_only: bool,
    pub unit: Option<(String, String)>,
    pub resident_id: Option<i64>,
    pub refs: Vec<String>,
    pub categories: Vec<String>,
    pub statuses: Vec<&'static str>,
    pub from: Option<i64>,
    pub to: Option<i64>,
    pub limit: i64,
}

/// What a feedback item's step changes besides its status (see `Step`).
#[derive(Clone, Debug, Default)]
pub struct FeedbackEffects {
    /// The event is shown on the public board.
    pub public: bool,
    /// The event is seen by staff only.
    pub private: bool,
    /// 首接负责 ends only by transfer: the new unit, and nobody has taken it there yet.
    pub transfer_to: Option<(String, String)>,
    pub handler_id: Option<i64>,
    pub first_reply: bool,
    /// Closing, on this Shanghai calendar day: later than the deadline marks the item late for good.
    pub closes_on: Option<String>,
    /// A new deadline (reopening restarts the clock).
    pub deadline: Option<String>,
    pub reopens: bool,
}

pub type FeedbackStep = super::Step<FeedbackEffects>;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct EvaluationRow {
    pub id: i64,
    pub subject_kind: String,
    pub subject_id: i64,
    pub resident_id: i64,
    pub unit_kind: String,
    pub unit_code: String,
    pub overall: i64,
    pub efficiency: i64,
    pub guide: i64,
    pub convenience: i64,
    pub usability: i64,
    pub comment: String,
    pub set_aside: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Clone, Debug)]
pub struct NewEvaluation {
    pub subject_kind: &'static str,
    pub subject_id: i64,
    pub resident_id: i64,
    pub unit_kind: String,
    pub unit_code: String,
    /// overall, efficiency, guide, convenience, usability
    pub levels: [i64; 5],
    pub comment: String,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct RectificationRow {
    pub id: i64,
    pub evaluation_id: i64,
    pub subject_kind: String,
    pub subject_id: i64,
    pub resident_id: i64,
    pub overall: i64,
    pub comment: String,
    pub unit_kind: String,
    pub unit_code: String,
    pub status: String,
    pub opened_at: i64,
    pub deadline: String,
    pub handler_id: Option<i64>,
    pub called_at: Option<i64>,
    pub call_note: String,
    pub outcome: Option<String>,
    pub outcome_note: String,
    pub done_at: Option<i64>,
    pub appeal_reason: String,
    pub appealed_at: Option<i64>,
    pub appeal_decision: Option<String>,
    pub appeal_note: String,
    pub decided_at: Option<i64>,
}

/// What a rectification case's step records; the step's note is its text (see `Step`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RectificationChange {
    /// The unit called the resident (every case starts with one).
    #[default]
    Call,
    /// The case was settled: `fixed` or `explained`.
    Outcome(&'static str),
    /// The unit appealed against the rating.
    Appeal,
    /// An admin decided the appeal; a dismissed one returns the case to where it was.
    Decision { upheld: bool },
}

pub type RectificationStep = super::Step<RectificationChange>;

/// What the supervision board counts, one row per feedback item received in the period.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct FeedbackStatRow {
    pub unit_kind: String,
    pub unit_code: String,
    pub submitted_at: i64,
    pub first_deadline: String,
    pub deadline: String,
    pub first_reply_at: Option<i64>,
    pub closed_at: Option<i64>,
    pub was_overdue: i64,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct EvaluationStatRow {
    pub unit_kind: String,
    pub unit_code: String,
    pub overall: i64,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ApiKeyRow {
    pub id: i64,
    pub name: String,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
    /// 1 when the client may post public updates on reports.
    pub may_update: i64,
}

#[async_trait]
pub trait FeedbackStore: Send + Sync {
    async fn feedback_categories(&self) -> StoreResult<Vec<CategoryRow>>;
    /// Adds a default category unless it exists (an admin's edits are kept).
    async fn seed_feedback_category(&self, c: &CategoryRow) -> StoreResult<()>;
    /// Changes a category's promised time, audited in the same transaction.
    async fn set_category_deadline(&self, code: &str, days: i64, by: i64, now: i64) -> StoreResult<bool>;

    /// Stores an item with its photos (already fsynced), first timeline entry, notices and audit.
    async fn create_feedback(&self, f: &NewFeedback, files: &[NewFile], notices: &[Notice], audit: &[AuditEntry], now: i64) -> StoreResult<i64>;
    async fn feedback_by_ref(&self, ref_no: &str) -> StoreResult<Option<FeedbackRow>>;
    async fn feedback_by_id(&self, id: i64) -> StoreResult<Option<FeedbackRow>>;
    async fn find_feedback(&self, q: &FeedbackQuery) -> StoreResult<Vec<FeedbackRow>>;
    async fn feedback_photos(&self, feedback_id: i64) -> StoreResult<Vec<FileRow>>;
    /// Feedback items a file is attached to, with whether each is public.
    async fn feedback_using_file(&self, file_id: i64) -> StoreResult<Vec<FeedbackRow>>;
    async fn feedback_events(&self, feedback_id: i64) -> StoreResult<Vec<FeedbackEventRow>>;
    /// Each item's latest public note and first photo, in one query however long the list.
    async fn feedback_glances(&self, feedback_ids: &[i64]) -> StoreResult<Vec<FeedbackGlance>>;
    /// Public timeline entries in a time window (Open311 `servicerequestupdates`).
    async fn public_feedback_events(&self, from: i64, to: i64, limit: i64) -> StoreResult<Vec<FeedbackEventRow>>;
    async fn feedback_step(&self, step: &FeedbackStep, now: i64) -> StoreResult<bool>;
    /// Whether the resident now follows it (false: already did).
    async fn follow_feedback(&self, feedback_id: i64, user_id: i64, now: i64) -> StoreResult<bool>;
    async fn feedback_followers(&self, feedback_id: i64) -> StoreResult<Vec<i64>>;
    async fn followed_feedback(&self, user_id: i64) -> StoreResult<Vec<FeedbackRow>>;
    /// Reminder or overdue alert, written once (guarded), with its notices.
    async fn record_feedback_alert(&self, feedback_id: i64, overdue: bool, notices: &[Notice], now: i64) -> StoreResult<bool>;
    async fn feedback_stats(&self, from: i64, to: i64) -> StoreResult<Vec<FeedbackStatRow>>;

    async fn evaluation_for(&self, subject_kind: &str, subject_id: i64) -> StoreResult<Option<EvaluationRow>>;
    async fn evaluations_by(&self, resident_id: i64) -> StoreResult<Vec<EvaluationRow>>;
    /// Records or (within `change_until`) changes a rating; opens a rectification case with
    /// `rectify_by` as deadline when given and none exists. None: the change window has passed.
    async fn save_evaluation(&self, e: &NewEvaluation, rectify_by: Option<String>, notices: &[Notice], now: i64, change_after: i64) -> StoreResult<Option<i64>>;
    async fn evaluation_stats(&self, from: i64, to: i64) -> StoreResult<Vec<EvaluationStatRow>>;
    async fn rectifications(&self, unit: Option<(&str, &str)>, status: Option<&str>, resident_id: Option<i64>) -> StoreResult<Vec<RectificationRow>>;
    async fn rectification(&self, id: i64) -> StoreResult<Option<RectificationRow>>;
    async fn rectification_step(&self, step: &RectificationStep, now: i64) -> StoreResult<bool>;
    /// The overdue alert for a rectification case, written once (guarded), with its notices.
    async fn record_rectification_alert(&self, id: i64, notices: &[Notice], now: i64) -> StoreResult<bool>;

    async fn users_with_role(&self, role: &str) -> StoreResult<Vec<i64>>;

    async fn add_api_key(&self, name: &str, key_hash: &str, by: i64, now: i64) -> StoreResult<i64>;
    async fn api_key_by_hash(&self, key_hash: &str) -> StoreResult<Option<ApiKeyRow>>;
    async fn api_keys(&self) -> StoreResult<Vec<ApiKeyRow>>;
    async fn revoke_api_key(&self, id: i64, by: i64, now: i64) -> StoreResult<bool>;
    /// Lets a key post updates, or stops it; audited. False when the key is unknown or revoked.
    async fn allow_api_key_updates(&self, id: i64, allowed: bool, by: i64, now: i64) -> StoreResult<bool>;
    /// A client's public update on a public report: a visible event in its timeline. None when
    /// there is no such public report. Audited with the key.
    async fn add_client_update(&self, ref_no: &str, key_id: i64, note: &str, now: i64) -> StoreResult<Option<i64>>;
}

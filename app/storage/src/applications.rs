//! Storage for online applications, their materials, delegations and notifications. A second
//! small interface beside `Store` (which requires it), written once for both engines in
//! `application_queries.rs`. Every change that users are told about is one transaction: the
//! status, the timeline entry, the audit row, the inbox entries and the outbox messages.
use super::{StoreResult, UserRecord};
use async_trait::async_trait;

#[derive(Clone, Debug, Default, sqlx::FromRow)]
pub struct FileRow {
    pub id: i64,
    pub owner_id: i64,
    pub uploaded_by: i64,
    pub kind: String,
    pub original_name: String,
    pub stored_name: String,
    pub thumb_name: Option<String>,
    pub mime: String,
    pub size: i64,
    pub sha256: String,
    pub in_wallet: i64,
    pub created_at: i64,
}

/// A file already on disk (fsynced), waiting for its row.
#[derive(Clone, Debug)]
pub struct NewFile {
    /// The material slot (kind) it fills, or `result` for a department's result document.
    pub slot: String,
    pub original_name: String,
    pub stored_name: String,
    pub thumb_name: Option<String>,
    pub mime: String,
    pub size: i64,
    pub sha256: String,
    pub in_wallet: bool,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ApplicationRow {
    pub id: i64,
    pub ref_no: String,
    pub service_code: String,
    pub service_name: String,
    pub service_name_en: String,
    pub time_limit_days: i64,
    pub applicant_id: i64,
    pub applicant_name: String,
    pub applicant_community: Option<String>,
    pub filed_by_id: i64,
    pub filed_as: String,
    pub consent_note: String,
    pub department_code: String,
    pub status: String,
    pub fields_json: String,
    pub submitted_at: i64,
    pub deadline: String,
    pub handler_id: Option<i64>,
    pub corrections_asked: i64,
    pub correction_note: String,
    pub correction_items: String,
    pub result_note: String,
    pub result_file_id: Option<i64>,
    pub finished_at: Option<i64>,
    pub reminded_at: Option<i64>,
    pub overdue_alerted_at: Option<i64>,
    /// The 一件事 bundle this application is part of.
    pub bundle_id: Option<i64>,
    /// The part of the same bundle it waits for (for good, also once started).
    pub after_id: Option<i64>,
    /// 1 while it waits for `after_id` to complete: no officer step applies.
    pub waiting: i64,
    /// Frozen because the applicant's ID number went to its true holder: no step is taken.
    pub frozen_at: Option<i64>,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AttachedFile {
    pub slot: String,
    pub added_at: i64,
    #[sqlx(flatten)]
    pub file: FileRow,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct EventRow {
    pub id: i64,
    pub at: i64,
    pub actor_name: Option<String>,
    pub actor_role: Option<String>,
    pub kind: String,
    pub department_code: Option<String>,
    pub note: String,
    pub private: i64,
}

#[derive(Clone, Debug)]
pub struct NewApplication {
    pub ref_no: String,
    pub service_code: String,
    pub applicant_id: i64,
    pub filed_by_id: i64,
    pub filed_as: String,
    pub consent_note: String,
    /// How it reached Linli (`channel::Channel`).
    pub channel: &'static str,
    pub department_code: String,
    pub fields_json: String,
    pub deadline: String,
    /// E-certificates the applicant gave instead of uploads: (certificate id, material slot).
    pub certificates: Vec<(i64, String)>,
}

/// Someone to tell: an inbox entry, plus SMS/e-mail copies where they chose those channels.
#[derive(Clone, Debug)]
pub struct Notice {
    pub user_id: i64,
    pub kind: String,
    pub text_zh: String,
    pub text_en: String,
    pub sms_to: Option<String>,
    pub email_to: Option<String>,
}

#[derive(Clone, Debug)]
pub struct AuditEntry {
    pub actor_id: i64,
    pub subject_id: i64,
    pub action: String,
    pub detail: String,
}

/// What an application's step changes besides its status (see `Step`).
#[derive(Clone, Debug, Default)]
pub struct ApplicationEffects {
    /// The department named on the event (a transfer names the receiving one).
    pub event_department: Option<String>,
    pub private: bool,
    pub department_code: Option<String>,
    pub handler_id: Option<i64>,
    pub ask_correction: Option<(String, String)>,
    pub result_note: Option<String>,
    pub finished: bool,
    pub deadline: Option<String>,
    pub fields_json: Option<String>,
    pub new_files: Vec<NewFile>,
    pub reused_files: Vec<(i64, String)>,
    /// E-certificates the applicant gave for material slots (certificate id, slot).
    pub certificates: Vec<(i64, String)>,
    /// The e-certificate an approval issues, stored in the same transaction.
    pub certificate: Option<super::NewECertificate>,
    /// The step also applies to a part still waiting for another (the applicant withdrawing).
    pub also_waiting: bool,
    /// Parts of the same bundle that start, or end, because this one completed or ended.
    pub follow_ons: Vec<super::FollowOn>,
}

pub type ApplicationStep = super::Step<ApplicationEffects>;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct DelegationRow {
    pub id: i64,
    pub principal_id: i64,
    pub delegate_id: i64,
    pub other_name: String,
    pub other_phone: String,
    pub created_at: i64,
}

/// An authorisation offered to whoever holds a phone and name (both as keyed hashes), until they
/// accept it: the one who offers learns nothing about whether such an account exists.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct InviteRow {
    pub id: i64,
    pub principal_id: i64,
    pub principal_name: String,
    pub phone_masked: String,
    pub name_masked: String,
    pub created_at: i64,
    pub expires_at: i64,
}

/// Who an invitation is for: keyed hashes of the phone and the real name.
#[derive(Clone, Debug)]
pub struct InviteKey {
    pub phone_key: String,
    pub name_key: String,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct NotificationRow {
    pub id: i64,
    pub at: i64,
    pub kind: String,
    pub ref_no: Option<String>,
    pub link: Option<String>,
    pub text_zh: String,
    pub text_en: String,
    pub read_at: Option<i64>,
}

#[derive(Clone, Debug, Default, sqlx::FromRow)]
pub struct NotifyPrefs {
    pub sms: i64,
    pub email: i64,
    pub email_address: String,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct TemplateRow {
    pub id: i64,
    pub action: String,
    pub title: String,
    pub body: String,
}

#[async_trait]
pub trait ApplicationStore: Send + Sync {
    /// Stores the application with its files, first timeline entry, audit rows and notices, all
    /// or nothing. `Conflict("ref_no")` if the reference number is taken (the caller retries).
    async fn create_application(
        &self,
        app: &NewApplication,
        files: &[NewFile],
        reused: &[(i64, String)],
        notices: &[Notice],
        audit: &[AuditEntry],
        now: i64,
    ) -> StoreResult<i64>;
    async fn application_by_ref(&self, ref_no: &str) -> StoreResult<Option<ApplicationRow>>;
    async fn application_by_id(&self, id: i64) -> StoreResult<Option<ApplicationRow>>;
    async fn applications_of(&self, applicant_id: i64) -> StoreResult<Vec<ApplicationRow>>;
    /// What a community staff member filed for residents (帮办代办), newest first.
    async fn applications_filed_by(&self, filer_id: i64) -> StoreResult<Vec<ApplicationRow>>;
    /// A department's queue, oldest deadline first, at most `limit`: its open cases (submitted,
    /// accepted, correction) when `status` is `None`, else every case in that status. With
    /// `overdue_before` (a day), only open cases whose clock runs and whose deadline is before it.
    async fn department_queue(&self, department: &str, status: Option<&str>, overdue_before: Option<&str>, limit: i64)
        -> StoreResult<Vec<ApplicationRow>>;
    /// How many open cases a department has, and how many of them are overdue on `today`.
    async fn department_queue_counts(&self, department: &str, today: &str) -> StoreResult<(i64, i64)>;
    /// The reminder job's input: running applications (submitted or accepted, not waiting) not yet
    /// alerted as overdue, whose deadline is before `today` or, not yet reminded, by `horizon`;
    /// earliest deadline first, at most `limit` (the rest come in the next pass).
    async fn applications_due(&self, today: &str, horizon: &str, limit: i64) -> StoreResult<Vec<ApplicationRow>>;
    async fn attached_files(&self, application_id: i64) -> StoreResult<Vec<AttachedFile>>;
    async fn events(&self, application_id: i64) -> StoreResult<Vec<EventRow>>;
    /// Whether the step applied (false: the application had moved on).
    async fn transition(&self, step: &ApplicationStep, now: i64) -> StoreResult<bool>;
    /// Sets `reminded_at` or `overdue_alerted_at` once, with its notices.
    async fn record_alert(&self, application_id: i64, overdue: bool, notices: &[Notice], now: i64) -> StoreResult<bool>;

    async fn file(&self, id: i64) -> StoreResult<Option<FileRow>>;
    /// (applicant, department) of every application that holds the file.
    async fn file_uses(&self, file_id: i64) -> StoreResult<Vec<(i64, String)>>;
    async fn wallet(&self, owner_id: i64) -> StoreResult<Vec<FileRow>>;
    /// Takes a file out of the wallet. Returns the stored names to delete from disk when no
    /// application holds the file any more (`None` if it was not in this owner's wallet).
    async fn remove_from_wallet(&self, owner_id: i64, file_id: i64) -> StoreResult<Option<Vec<String>>>;
    /// Every stored and thumbnail name that has a row (for sweeping orphans on disk).
    async fn stored_names(&self) -> StoreResult<Vec<String>>;
    /// Every material's stored name and the SHA-256 of its own bytes (a restore checks them).
    async fn file_checksums(&self) -> StoreResult<Vec<(String, String)>>;

    async fn add_delegation(&self, principal_id: i64, delegate_id: i64, now: i64) -> StoreResult<()>;
    async fn revoke_delegation(&self, principal_id: i64, delegation_id: i64, now: i64) -> StoreResult<bool>;
    /// People the principal lets act for them (`other_*` is the delegate).
    async fn delegates_of(&self, principal_id: i64) -> StoreResult<Vec<DelegationRow>>;
    /// People the delegate may act for (`other_*` is the principal).
    async fn principals_of(&self, delegate_id: i64) -> StoreResult<Vec<DelegationRow>>;
    async fn is_delegate(&self, principal_id: i64, delegate_id: i64) -> StoreResult<bool>;
    /// Notices about no application (inbox, with a link; SMS and e-mail as each chose), in one
    /// transaction.
    async fn notify(&self, notices: &[Notice], link: &str, now: i64) -> StoreResult<()>;
    async fn invite_delegate(&self, principal_id: i64, to: &InviteKey, phone_masked: &str, name_masked: &str, now: i64, expires_at: i64)
        -> StoreResult<i64>;
    /// Pending invitations the principal sent.
    async fn invites_from(&self, principal_id: i64, now: i64) -> StoreResult<Vec<InviteRow>>;
    /// Pending invitations for whoever holds this phone and name.
    async fn invites_for(&self, to: &InviteKey, now: i64) -> StoreResult<Vec<InviteRow>>;
    /// Accepts an invitation addressed to `to`: the delegation starts, audited, in one
    /// transaction. False if no such pending invitation is addressed to them.
    async fn accept_invite(&self, id: i64, delegate_id: i64, to: &InviteKey, now: i64) -> StoreResult<bool>;
    async fn decline_invite(&self, id: i64, to: &InviteKey, now: i64) -> StoreResult<bool>;
    async fn withdraw_invite(&self, id: i64, principal_id: i64, now: i64) -> StoreResult<bool>;

    async fn officers(&self, department: &str, supervisors_only: bool) -> StoreResult<Vec<UserRecord>>;
    async fn community_staff(&self, community: &str) -> StoreResult<Vec<UserRecord>>;
    async fn set_supervisor(&self, user_id: i64, on: bool) -> StoreResult<()>;

    async fn inbox(&self, user_id: i64, limit: i64) -> StoreResult<Vec<NotificationRow>>;
    async fn unread_count(&self, user_id: i64) -> StoreResult<i64>;
    async fn mark_inbox_read(&self, user_id: i64, now: i64) -> StoreResult<()>;
    async fn notify_prefs(&self, user_id: i64) -> StoreResult<NotifyPrefs>;
    async fn set_notify_prefs(&self, user_id: i64, prefs: &NotifyPrefs) -> StoreResult<()>;

    async fn reply_templates(&self, department: &str) -> StoreResult<Vec<TemplateRow>>;
}

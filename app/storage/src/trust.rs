//! Storage for trust: one-time codes that prove a phone, sign-in failures counted per phone and
//! address, the signed-in devices of an account, and the outbox with each message's delivery
//! state. Codes and failures hold phones and addresses only as keyed hashes (`*_key`); a
//! session keeps its device's address and the outbox its recipient, for their owners to see.
use super::{Notice, StoreResult};
use async_trait::async_trait;

/// Why a one-time code was sent; a code proves the phone for that purpose only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodePurpose {
    Register,
    Reset,
    SignIn,
    PhoneChange,
}

impl CodePurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            CodePurpose::Register => "register",
            CodePurpose::Reset => "reset",
            CodePurpose::SignIn => "sign_in",
            CodePurpose::PhoneChange => "phone_change",
        }
    }
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CodeRow {
    pub id: i64,
    pub code_hash: String,
    pub expires_at: i64,
    pub tries: i64,
}

/// A message to queue: to an account's owner (`user_id`) or, for a registration code, to a
/// phone with no account yet.
#[derive(Clone, Debug)]
pub struct NewMessage {
    pub user_id: Option<i64>,
    /// `notice`, `code` or `security`.
    pub kind: &'static str,
    pub channel: &'static str,
    pub recipient: String,
    pub body: String,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct OutboxRow {
    pub id: i64,
    pub at: i64,
    pub user_id: Option<i64>,
    pub kind: String,
    pub channel: String,
    pub recipient: String,
    pub body: String,
    pub status: String,
    pub sent_at: Option<i64>,
    pub sender: String,
    pub attempts: i64,
    pub next_attempt_at: i64,
    pub gateway_ref: Option<String>,
    pub last_error: Option<String>,
}

/// What one delivery attempt came to. `next_attempt_at` set means "try again then" (the row
/// stays queued); otherwise the status is final.
#[derive(Clone, Debug)]
pub struct DeliveryRecord {
    pub status: &'static str,
    pub sender: String,
    pub at: i64,
    pub gateway_ref: Option<String>,
    pub error: Option<String>,
    pub next_attempt_at: Option<i64>,
}

/// A failure older than this no longer counts: the delay starts again from one.
pub const FAILURE_WINDOW_SECONDS: i64 = 24 * 3600;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct FailureRow {
    pub addr_key: String,
    pub failures: i64,
    pub last_at: i64,
}

/// Where a session was opened: shown to the owner at /me/security.
#[derive(Clone, Debug, Default)]
pub struct SessionDevice {
    pub addr: String,
    pub user_agent: String,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SessionRow {
    pub token_hash: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub last_seen_at: i64,
    pub addr: String,
    pub user_agent: String,
}

#[async_trait]
pub trait TrustStore: Send + Sync {
    /// Codes issued for this phone since `since`: how many and the first (any purpose), and the
    /// last for `purpose`.
    async fn codes_issued_since(&self, phone_key: &str, purpose: CodePurpose, since: i64) -> StoreResult<(i64, Option<i64>, Option<i64>)>;
    /// Stores a code and queues its message in one transaction (no message when the phone has
    /// no account and the purpose needs one: the answer looks the same either way).
    async fn issue_code(
        &self,
        phone_key: &str,
        purpose: CodePurpose,
        code_hash: &str,
        now: i64,
        expires_at: i64,
        message: Option<&NewMessage>,
    ) -> StoreResult<()>;
    /// The newest unused, unexpired code for the phone and purpose.
    async fn live_code(&self, phone_key: &str, purpose: CodePurpose, now: i64) -> StoreResult<Option<CodeRow>>;
    /// Counts a wrong try against the code.
    async fn count_code_try(&self, id: i64) -> StoreResult<()>;
    /// Uses the code once: false if someone else used it first.
    async fn use_code(&self, id: i64, now: i64) -> StoreResult<bool>;

    async fn sign_in_failures(&self, phone_key: &str, since: i64) -> StoreResult<Vec<FailureRow>>;
    /// Counts a wrong password from an address; returns that address's count.
    async fn record_sign_in_failure(&self, phone_key: &str, addr_key: &str, now: i64) -> StoreResult<i64>;
    async fn clear_sign_in_failures(&self, phone_key: &str) -> StoreResult<()>;
    /// Removes codes and failures older than `before` (they no longer count for anything).
    async fn purge_trust_records(&self, before: i64) -> StoreResult<u64>;
    /// Clears the body and recipient of delivered or failed messages of `kind` older than `before`.
    async fn purge_outbox_bodies(&self, kind: &str, before: i64) -> StoreResult<u64>;
    async fn purge_expired_sessions(&self, now: i64) -> StoreResult<u64>;
    async fn purge_audit(&self, before: i64) -> StoreResult<u64>;

    /// A session at `stage`: `full`, or `second_factor` (password passed, TOTP to come).
    async fn create_session(
        &self,
        token_hash: &str,
        user_id: i64,
        device: &SessionDevice,
        stage: &str,
        now: i64,
        expires_at: i64,
    ) -> StoreResult<()>;
    /// The account waiting for its second factor under this session.
    async fn second_factor_user(&self, token_hash: &str, now: i64) -> StoreResult<Option<super::UserRecord>>;
    /// Turns a second-factor session into a full one under a new token; false if it is gone.
    async fn promote_session(&self, old_hash: &str, new_hash: &str, now: i64, expires_at: i64) -> StoreResult<bool>;
    /// Notes a request on the session (at most once a minute: the idle clock of privileged accounts).
    async fn touch_session(&self, token_hash: &str, now: i64) -> StoreResult<()>;
    async fn set_totp_secret(&self, user_id: i64, secret: &str) -> StoreResult<()>;
    /// Uses TOTP time step `step` unless it (or a later one) was used already; turns the second
    /// factor on at its first use.
    async fn use_totp_step(&self, user_id: i64, step: i64, now: i64) -> StoreResult<bool>;
    async fn sessions_of(&self, user_id: i64, now: i64) -> StoreResult<Vec<SessionRow>>;
    /// Ends one session of the account; false if it has no such session.
    async fn end_session_of(&self, user_id: i64, token_hash: &str) -> StoreResult<bool>;
    /// Ends every session of the account except `keep` (the device asking); returns how many.
    async fn end_sessions(&self, user_id: i64, keep: Option<&str>) -> StoreResult<u64>;
    /// Sets a new password, proves the phone if a code came with it, ends every session and
    /// clears failures, in one transaction.
    async fn set_password(&self, user_id: i64, password_hash: &str, phone_proven: bool, now: i64) -> StoreResult<()>;
    async fn mark_phone_verified(&self, user_id: i64, now: i64) -> StoreResult<()>;
    /// A proven new phone number; `Conflict("phone")` when another account holds it.
    async fn change_phone(&self, user_id: i64, phone: &str, now: i64) -> StoreResult<()>;

    /// Tells an account's owner about its security (inbox, and SMS or e-mail whatever their
    /// preferences), with the audit row, in one transaction.
    async fn security_notice(&self, notice: &Notice, action: &str, now: i64) -> StoreResult<()>;
    async fn queue_message(&self, message: &NewMessage, now: i64) -> StoreResult<i64>;
    async fn outbox(&self, limit: i64) -> StoreResult<Vec<OutboxRow>>;
    /// Messages still queued (due or waiting to retry).
    async fn outbox_backlog(&self) -> StoreResult<i64>;
    /// Queued messages whose next attempt is due.
    async fn due_outbox(&self, now: i64, limit: i64) -> StoreResult<Vec<OutboxRow>>;
    async fn record_delivery(&self, id: i64, record: &DeliveryRecord) -> StoreResult<()>;
    /// A gateway's delivery receipt: whether a sent message with that reference was found.
    async fn record_receipt(&self, gateway_ref: &str, delivered: bool, error: Option<&str>, now: i64) -> StoreResult<bool>;
}

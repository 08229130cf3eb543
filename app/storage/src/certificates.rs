//! Storage for verifiable e-certificates (电子证照): each department's signing keys, the
//! certificates issued to residents (issued in the same transaction as the approval that makes
//! them, see `ApplicationEffects::certificate`), revocations and the holder's share links.
//! Written once for both engines in `certificate_queries.rs`.
use super::{AuditEntry, Notice, StoreResult};
use async_trait::async_trait;

/// A department's Ed25519 key. `secret` (the 32-byte seed, base64) is sealed at rest and opened
/// only where it is read to sign.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SigningKeyRow {
    pub kid: String,
    pub department_code: String,
    /// base64url of the 32-byte public key.
    pub public_key: String,
    pub secret: String,
    pub created_at: i64,
    pub retired_at: Option<i64>,
}

/// What is published of a key: never its secret.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PublicKeyRow {
    pub kid: String,
    pub department_code: String,
    pub public_key: String,
    pub created_at: i64,
    pub retired_at: Option<i64>,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ECertificateRow {
    pub id: i64,
    pub serial: String,
    pub holder_id: i64,
    pub application_id: Option<i64>,
    pub service_code: String,
    pub department_code: String,
    pub kid: String,
    /// The exact bytes that were signed (JSON), opened.
    pub payload: String,
    /// base64url of the 64-byte signature.
    pub signature: String,
    pub issued_at: i64,
    /// `YYYY-MM-DD`: the last day it is valid.
    pub valid_until: String,
    pub revoked_at: Option<i64>,
    pub revoke_reason: String,
}

/// A certificate signed and ready to store with the approval that issues it.
#[derive(Clone, Debug)]
pub struct NewECertificate {
    pub serial: String,
    pub holder_id: i64,
    pub service_code: String,
    pub department_code: String,
    pub kid: String,
    pub payload: String,
    pub signature: String,
    pub valid_until: String,
}

/// A share link: which certificate, what it shows (a comma list), until when.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ECertificateShareRow {
    pub id: i64,
    pub certificate_id: i64,
    pub shows: String,
    pub created_at: i64,
    pub expires_at: i64,
}

#[async_trait]
pub trait ECertificateStore: Send + Sync {
    /// The department's current key (secret opened), if it has one yet.
    async fn current_signing_key(&self, department: &str) -> StoreResult<Option<SigningKeyRow>>;
    /// Makes `key` the department's current key. With `rotate`, the current one is retired in
    /// the same transaction (audited); without, nothing is written when the department already
    /// has a current key (two first certificates racing) and the answer is false.
    async fn add_signing_key(&self, key: &SigningKeyRow, rotate: bool, audit: Option<&AuditEntry>, now: i64) -> StoreResult<bool>;
    /// Every key ever used, current and retired, for publishing and verifying.
    async fn public_keys(&self) -> StoreResult<Vec<PublicKeyRow>>;
    async fn e_certificate(&self, serial: &str) -> StoreResult<Option<ECertificateRow>>;
    async fn e_certificate_by_id(&self, id: i64) -> StoreResult<Option<ECertificateRow>>;
    async fn e_certificates_of(&self, holder_id: i64) -> StoreResult<Vec<ECertificateRow>>;
    /// E-certificates given as materials of an application, with the slot each fills.
    async fn application_e_certificates(&self, application_id: i64) -> StoreResult<Vec<(String, ECertificateRow)>>;
    /// Stores a certificate issued outside an application here (one a department brings over
    /// from its own register).
    async fn add_e_certificate(&self, c: &NewECertificate, now: i64) -> StoreResult<()>;
    async fn e_certificate_of_application(&self, application_id: i64) -> StoreResult<Option<ECertificateRow>>;
    /// Revokes a certificate the department issued, with the holder's notice and the audit row,
    /// in one transaction; false when there is no such unrevoked certificate of that department.
    async fn revoke_e_certificate(&self, serial: &str, department: &str, reason: &str, audit: &AuditEntry, notices: &[Notice], now: i64)
        -> StoreResult<bool>;
    async fn add_e_certificate_share(&self, certificate_id: i64, token_hash: &str, shows: &str, now: i64, expires_at: i64) -> StoreResult<()>;
    /// The share with this token hash, while it has not expired.
    async fn e_certificate_share(&self, token_hash: &str, now: i64) -> StoreResult<Option<ECertificateShareRow>>;
    /// The holder's shares still open.
    async fn e_certificate_shares(&self, certificate_id: i64, now: i64) -> StoreResult<Vec<ECertificateShareRow>>;
    /// Deletes share links that ran out before `before`; how many.
    async fn purge_expired_certificate_shares(&self, before: i64) -> StoreResult<u64>;
    /// Ends a share early; false when it is not this certificate's.
    async fn end_e_certificate_share(&self, certificate_id: i64, share_id: i64, now: i64) -> StoreResult<bool>;
}

//! Storage for self-service terminals (自助终端): registered by an administrator for a community,
//! recognised by the hash of their device secret, withdrawn when lost. Written once for both
//! engines.
use super::{AuditEntry, StoreResult};
use async_trait::async_trait;

/// A session begun at a terminal ends after this long without a request, whatever its browser
/// does (the page's own dialog ends it after 60 s and a 20 s countdown).
pub const KIOSK_IDLE_SECONDS: i64 = 120;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct KioskRow {
    pub id: i64,
    pub name: String,
    pub community_code: String,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
}

#[async_trait]
pub trait KioskStore: Send + Sync {
    async fn create_kiosk(&self, name: &str, community: &str, secret_hash: &str, audit: &AuditEntry, now: i64) -> StoreResult<i64>;
    async fn kiosks(&self) -> StoreResult<Vec<KioskRow>>;
    /// The terminal holding this secret, unless it was withdrawn.
    async fn kiosk_by_secret(&self, secret_hash: &str) -> StoreResult<Option<KioskRow>>;
    /// Withdraws a terminal and ends every session begun on it; false if it was not in use.
    async fn revoke_kiosk(&self, id: i64, audit: &AuditEntry, now: i64) -> StoreResult<bool>;
    /// A page handed to a phone: the token's hash, its address, until when it may be opened.
    async fn create_handoff(&self, token_hash: &str, kiosk_id: i64, path: &str, now: i64, expires_at: i64) -> StoreResult<()>;
    /// Whether a handoff is still waiting (unused, unexpired) for this terminal.
    async fn handoff_waiting(&self, token_hash: &str, kiosk_id: i64, now: i64) -> StoreResult<bool>;
    /// Opens a handoff once: its address, or `None` when used, expired or unknown.
    async fn take_handoff(&self, token_hash: &str, now: i64) -> StoreResult<Option<String>>;
}

macro_rules! impl_kiosk_store {
    ($store:ident, $begin_write:literal) => {
        #[async_trait::async_trait]
        impl $crate::KioskStore for $store {
            async fn create_kiosk(&self, name: &str, community: &str, secret_hash: &str, audit: &$crate::AuditEntry, now: i64)
                -> $crate::StoreResult<i64> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                let id: i64 = sqlx::query_scalar("INSERT INTO kiosks (name, community_code, secret_hash, created_by, created_at) \
                                                  VALUES ($1, $2, $3, $4, $5) RETURNING id")
                    .bind(name).bind(community).bind(secret_hash).bind(audit.actor_id).bind(now).fetch_one(&mut *tx).await?;
                $crate::application_queries::write_audit!(tx, std::iter::once(audit), now);
                tx.commit().await?;
                Ok(id)
            }

            async fn kiosks(&self) -> $crate::StoreResult<Vec<$crate::KioskRow>> {
                Ok(sqlx::query_as("SELECT id, name, community_code, created_at, revoked_at FROM kiosks ORDER BY community_code, name")
                    .fetch_all(&self.pool).await?)
            }

            async fn kiosk_by_secret(&self, secret_hash: &str) -> $crate::StoreResult<Option<$crate::KioskRow>> {
                Ok(sqlx::query_as("SELECT id, name, community_code, created_at, revoked_at FROM kiosks \
                                   WHERE secret_hash = $1 AND revoked_at IS NULL")
                    .bind(secret_hash).fetch_optional(&self.pool).await?)
            }

            async fn revoke_kiosk(&self, id: i64, audit: &$crate::AuditEntry, now: i64) -> $crate::StoreResult<bool> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                let done = sqlx::query("UPDATE kiosks SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL")
                    .bind(id).bind(now).execute(&mut *tx).await?;
                if done.rows_affected() == 0 {
                    return Ok(false);
                }
                sqlx::query("DELETE FROM sessions WHERE kiosk_id = $1").bind(id).execute(&mut *tx).await?;
                sqlx::query("DELETE FROM kiosk_handoffs WHERE kiosk_id = $1").bind(id).execute(&mut *tx).await?;
                $crate::application_queries::write_audit!(tx, std::iter::once(audit), now);
                tx.commit().await?;
                Ok(true)
            }

            async fn create_handoff(&self, token_hash: &str, kiosk_id: i64, path: &str, now: i64, expires_at: i64) -> $crate::StoreResult<()> {
                // Old handoffs are of no use to anyone: swept as new ones are made.
                sqlx::query("DELETE FROM kiosk_handoffs WHERE expires_at <= $1").bind(now).execute(&self.pool).await?;
                sqlx::query("INSERT INTO kiosk_handoffs (token_hash, kiosk_id, path, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)")
                    .bind(token_hash).bind(kiosk_id).bind(path).bind(now).bind(expires_at).execute(&self.pool).await?;
                Ok(())
            }

            async fn handoff_waiting(&self, token_hash: &str, kiosk_id: i64, now: i64) -> $crate::StoreResult<bool> {
                let found: Option<i64> = sqlx::query_scalar("SELECT kiosk_id FROM kiosk_handoffs WHERE token_hash = $1 AND kiosk_id = $2 \
                                                             AND used_at IS NULL AND expires_at > $3")
                    .bind(token_hash).bind(kiosk_id).bind(now).fetch_optional(&self.pool).await?;
                Ok(found.is_some())
            }

            async fn take_handoff(&self, token_hash: &str, now: i64) -> $crate::StoreResult<Option<String>> {
                Ok(sqlx::query_scalar("UPDATE kiosk_handoffs SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 \
                                       RETURNING path")
                    .bind(token_hash).bind(now).fetch_optional(&self.pool).await?)
            }
        }
    };
}
pub(crate) use impl_kiosk_store;

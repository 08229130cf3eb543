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
    /// A one-time sign-in code; false when its short code is already taken (make another).
    async fn create_kiosk_code(&self, code: &NewKioskCode, audit: Option<&AuditEntry>, now: i64) -> StoreResult<bool>;
    /// Who a code (by its token's or its short code's hash) was made for and by whom, while it lasts.
    async fn kiosk_code(&self, hash: &str, now: i64) -> StoreResult<Option<KioskCodeRow>>;
    /// Uses a code once at a terminal of `community`: whose session to start.
    async fn take_kiosk_code(&self, hash: &str, community: &str, now: i64) -> StoreResult<Option<KioskCodeRow>>;
    /// Photos of one material (`kind`) handed over from the phone into `user_id`'s wallet.
    async fn create_photo_handoff(&self, token_hash: &str, kiosk_id: i64, user_id: i64, kind: &str, now: i64, expires_at: i64) -> StoreResult<()>;
    /// Whose wallet a photo handoff fills, and with which material, while unused and unexpired.
    async fn photo_handoff(&self, token_hash: &str, now: i64) -> StoreResult<Option<(i64, String)>>;
    /// Puts the photos in the wallet of the handoff's owner and closes it, in one transaction;
    /// false when it was already used or has expired (nothing is stored).
    async fn hand_over_photos(&self, token_hash: &str, files: &[crate::NewFile], audit: &AuditEntry, now: i64) -> StoreResult<bool>;
}

/// A one-time code for signing in at a terminal; only the hashes are stored.
pub struct NewKioskCode {
    pub token_hash: String,
    pub short_hash: String,
    pub user_id: i64,
    /// Staff-made codes work only on their community's terminals.
    pub community_code: Option<String>,
    pub started_by: Option<i64>,
    pub expires_at: i64,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct KioskCodeRow {
    pub user_id: i64,
    pub community_code: Option<String>,
    pub started_by: Option<i64>,
    pub expires_at: i64,
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
                                       AND user_id IS NULL RETURNING path")
                    .bind(token_hash).bind(now).fetch_optional(&self.pool).await?)
            }

            async fn create_kiosk_code(&self, code: &$crate::NewKioskCode, audit: Option<&$crate::AuditEntry>, now: i64) -> $crate::StoreResult<bool> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                sqlx::query("DELETE FROM kiosk_sign_in_codes WHERE expires_at <= $1").bind(now).execute(&mut *tx).await?;
                let done = sqlx::query("INSERT INTO kiosk_sign_in_codes (token_hash, short_hash, user_id, community_code, started_by, created_at, expires_at) \
                                        VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING")
                    .bind(&code.token_hash).bind(&code.short_hash).bind(code.user_id).bind(&code.community_code)
                    .bind(code.started_by).bind(now).bind(code.expires_at).execute(&mut *tx).await?;
                if done.rows_affected() == 0 {
                    return Ok(false);
                }
                $crate::application_queries::write_audit!(tx, audit.into_iter(), now);
                tx.commit().await?;
                Ok(true)
            }

            async fn kiosk_code(&self, hash: &str, now: i64) -> $crate::StoreResult<Option<$crate::KioskCodeRow>> {
                Ok(sqlx::query_as("SELECT user_id, community_code, started_by, expires_at FROM kiosk_sign_in_codes \
                                   WHERE token_hash = $1 AND expires_at > $2")
                    .bind(hash).bind(now).fetch_optional(&self.pool).await?)
            }

            async fn take_kiosk_code(&self, hash: &str, community: &str, now: i64) -> $crate::StoreResult<Option<$crate::KioskCodeRow>> {
                Ok(sqlx::query_as("DELETE FROM kiosk_sign_in_codes WHERE (token_hash = $1 OR short_hash = $1) AND expires_at > $3 \
                                   AND (community_code IS NULL OR community_code = $2) \
                                   RETURNING user_id, community_code, started_by, expires_at")
                    .bind(hash).bind(community).bind(now).fetch_optional(&self.pool).await?)
            }

            async fn create_photo_handoff(&self, token_hash: &str, kiosk_id: i64, user_id: i64, kind: &str, now: i64, expires_at: i64)
                -> $crate::StoreResult<()> {
                sqlx::query("DELETE FROM kiosk_handoffs WHERE expires_at <= $1").bind(now).execute(&self.pool).await?;
                sqlx::query("INSERT INTO kiosk_handoffs (token_hash, kiosk_id, path, created_at, expires_at, user_id) VALUES ($1, $2, $3, $4, $5, $6)")
                    .bind(token_hash).bind(kiosk_id).bind(kind).bind(now).bind(expires_at).bind(user_id).execute(&self.pool).await?;
                Ok(())
            }

            async fn photo_handoff(&self, token_hash: &str, now: i64) -> $crate::StoreResult<Option<(i64, String)>> {
                let found: Option<(Option<i64>, String)> = sqlx::query_as("SELECT user_id, path FROM kiosk_handoffs WHERE token_hash = $1 \
                                                                           AND used_at IS NULL AND expires_at > $2")
                    .bind(token_hash).bind(now).fetch_optional(&self.pool).await?;
                Ok(found.and_then(|(owner, kind)| Some((owner?, kind))))
            }

            async fn hand_over_photos(&self, token_hash: &str, files: &[$crate::NewFile], audit: &$crate::AuditEntry, now: i64)
                -> $crate::StoreResult<bool> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                let owner: Option<Option<i64>> = sqlx::query_scalar("UPDATE kiosk_handoffs SET used_at = $2 WHERE token_hash = $1 \
                                                                     AND used_at IS NULL AND expires_at > $2 AND user_id IS NOT NULL RETURNING user_id")
                    .bind(token_hash).bind(now).fetch_optional(&mut *tx).await?;
                let Some(Some(owner)) = owner else { return Ok(false) };
                for f in files {
                    sqlx::query("INSERT INTO files (owner_id, uploaded_by, kind, original_name, stored_name, thumb_name, mime, size, \
                                 sha256, in_wallet, created_at) VALUES ($1, $1, $2, $3, $4, $5, $6, $7, $8, 1, $9)")
                        .bind(owner).bind(&f.slot).bind(&f.original_name).bind(&f.stored_name).bind(&f.thumb_name)
                        .bind(&f.mime).bind(f.size).bind(&f.sha256).bind(now).execute(&mut *tx).await?;
                }
                $crate::application_queries::write_audit!(tx, std::iter::once(audit), now);
                tx.commit().await?;
                Ok(true)
            }
        }
    };
}
pub(crate) use impl_kiosk_store;

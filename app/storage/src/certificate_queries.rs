//! The SQL of `ECertificateStore`, written once for both engines (see `queries.rs`).

pub(crate) const CERTIFICATE_SELECT: &str = "SELECT id, serial, holder_id, application_id, service_code, department_code, kid, \
    payload, signature, issued_at, valid_until, revoked_at, revoke_reason FROM certificates";

/// Stores a certificate issued by an approval, inside the approval's transaction.
macro_rules! insert_certificate {
    ($cipher:expr, $tx:expr, $c:expr, $application:expr, $now:expr) => {
        sqlx::query("INSERT INTO certificates (serial, holder_id, application_id, service_code, department_code, kid, payload, signature, \
                     issued_at, valid_until) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
            .bind(&$c.serial).bind($c.holder_id).bind($application).bind(&$c.service_code).bind(&$c.department_code)
            .bind(&$c.kid).bind($cipher.seal("certificates.payload", &$c.payload)).bind(&$c.signature).bind($now).bind(&$c.valid_until)
            .execute(&mut *$tx).await?;
    };
}
pub(crate) use insert_certificate;

macro_rules! impl_certificate_store {
    ($store:ident, $begin_write:literal) => {
        #[async_trait::async_trait]
        impl $crate::ECertificateStore for $store {
            async fn current_signing_key(&self, department: &str) -> $crate::StoreResult<Option<$crate::SigningKeyRow>> {
                let row: Option<$crate::SigningKeyRow> = sqlx::query_as(
                        "SELECT kid, department_code, public_key, secret, created_at, retired_at FROM signing_keys \
                         WHERE department_code = $1 AND retired_at IS NULL")
                    .bind(department).fetch_optional(&self.pool).await?;
                $crate::sealed::open_one(&*self.cipher, row)
            }

            async fn add_signing_key(&self, key: &$crate::SigningKeyRow, rotate: bool, audit: Option<&$crate::AuditEntry>, now: i64)
                -> $crate::StoreResult<bool> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                if rotate {
                    sqlx::query("UPDATE signing_keys SET retired_at = $2 WHERE department_code = $1 AND retired_at IS NULL")
                        .bind(&key.department_code).bind(now).execute(&mut *tx).await?;
                }
                let added = sqlx::query(
                        "INSERT INTO signing_keys (kid, department_code, public_key, secret, created_at) VALUES ($1, $2, $3, $4, $5) \
                         ON CONFLICT (department_code) WHERE retired_at IS NULL DO NOTHING")
                    .bind(&key.kid).bind(&key.department_code).bind(&key.public_key)
                    .bind(self.cipher.seal("signing_keys.secret", &key.secret)).bind(now)
                    .execute(&mut *tx).await?.rows_affected() == 1;
                if added {
                    $crate::application_queries::write_audit!(tx, audit.map(std::slice::from_ref).unwrap_or_default(), now);
                }
                tx.commit().await?;
                Ok(added)
            }

            async fn public_keys(&self) -> $crate::StoreResult<Vec<$crate::PublicKeyRow>> {
                Ok(sqlx::query_as("SELECT kid, department_code, public_key, created_at, retired_at FROM signing_keys ORDER BY department_code, id")
                    .fetch_all(&self.pool).await?)
            }

            async fn e_certificate(&self, serial: &str) -> $crate::StoreResult<Option<$crate::ECertificateRow>> {
                let sql = format!("{} WHERE serial = $1", $crate::certificate_queries::CERTIFICATE_SELECT);
                $crate::sealed::open_one(&*self.cipher, sqlx::query_as(&sql).bind(serial).fetch_optional(&self.pool).await?)
            }

            async fn e_certificate_by_id(&self, id: i64) -> $crate::StoreResult<Option<$crate::ECertificateRow>> {
                let sql = format!("{} WHERE id = $1", $crate::certificate_queries::CERTIFICATE_SELECT);
                $crate::sealed::open_one(&*self.cipher, sqlx::query_as(&sql).bind(id).fetch_optional(&self.pool).await?)
            }

            async fn e_certificates_of(&self, holder_id: i64) -> $crate::StoreResult<Vec<$crate::ECertificateRow>> {
                let sql = format!("{} WHERE holder_id = $1 ORDER BY issued_at DESC, id DESC", $crate::certificate_queries::CERTIFICATE_SELECT);
                $crate::sealed::open_all(&*self.cipher, sqlx::query_as(&sql).bind(holder_id).fetch_all(&self.pool).await?)
            }

            async fn application_e_certificates(&self, application_id: i64) -> $crate::StoreResult<Vec<(String, $crate::ECertificateRow)>> {
                let given: Vec<(String, i64)> = sqlx::query_as(
                        "SELECT slot, certificate_id FROM application_certificates WHERE application_id = $1 ORDER BY added_at, certificate_id")
                    .bind(application_id).fetch_all(&self.pool).await?;
                let mut out = Vec::new();
                for (slot, id) in given {
                    if let Some(row) = $crate::ECertificateStore::e_certificate_by_id(self, id).await? {
                        out.push((slot, row));
                    }
                }
                Ok(out)
            }

            async fn add_e_certificate(&self, c: &$crate::NewECertificate, now: i64) -> $crate::StoreResult<()> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                $crate::certificate_queries::insert_certificate!(self.cipher, tx, c, None::<i64>, now);
                tx.commit().await?;
                Ok(())
            }

            async fn e_certificate_of_application(&self, application_id: i64) -> $crate::StoreResult<Option<$crate::ECertificateRow>> {
                let sql = format!("{} WHERE application_id = $1", $crate::certificate_queries::CERTIFICATE_SELECT);
                $crate::sealed::open_one(&*self.cipher, sqlx::query_as(&sql).bind(application_id).fetch_optional(&self.pool).await?)
            }

            async fn revoke_e_certificate(&self, serial: &str, department: &str, reason: &str, audit: &$crate::AuditEntry,
                notices: &[$crate::Notice], now: i64) -> $crate::StoreResult<bool> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                let done = sqlx::query("UPDATE certificates SET revoked_at = $3, revoke_reason = $4 \
                                        WHERE serial = $1 AND department_code = $2 AND revoked_at IS NULL")
                    .bind(serial).bind(department).bind(now).bind(reason).execute(&mut *tx).await?.rows_affected() == 1;
                if !done {
                    return Ok(false);
                }
                sqlx::query("DELETE FROM certificate_shares WHERE certificate_id = (SELECT id FROM certificates WHERE serial = $1)")
                    .bind(serial).execute(&mut *tx).await?;
                let link = format!("/me/certificates/{serial}");
                $crate::application_queries::write_notices!(self.cipher, tx, notices, None::<i64>, Some(link.as_str()), now);
                $crate::application_queries::write_audit!(tx, std::slice::from_ref(audit), now);
                tx.commit().await?;
                Ok(true)
            }

            async fn add_e_certificate_share(&self, certificate_id: i64, token_hash: &str, shows: &str, now: i64, expires_at: i64)
                -> $crate::StoreResult<()> {
                sqlx::query("INSERT INTO certificate_shares (certificate_id, token_hash, shows, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)")
                    .bind(certificate_id).bind(token_hash).bind(shows).bind(now).bind(expires_at).execute(&self.pool).await?;
                Ok(())
            }

            async fn e_certificate_share(&self, token_hash: &str, now: i64) -> $crate::StoreResult<Option<$crate::ECertificateShareRow>> {
                Ok(sqlx::query_as("SELECT id, certificate_id, shows, created_at, expires_at FROM certificate_shares \
                                   WHERE token_hash = $1 AND expires_at > $2")
                    .bind(token_hash).bind(now).fetch_optional(&self.pool).await?)
            }

            async fn e_certificate_shares(&self, certificate_id: i64, now: i64) -> $crate::StoreResult<Vec<$crate::ECertificateShareRow>> {
                Ok(sqlx::query_as("SELECT id, certificate_id, shows, created_at, expires_at FROM certificate_shares \
                                   WHERE certificate_id = $1 AND expires_at > $2 ORDER BY id DESC")
                    .bind(certificate_id).bind(now).fetch_all(&self.pool).await?)
            }

            async fn purge_expired_certificate_shares(&self, before: i64) -> $crate::StoreResult<u64> {
                Ok(sqlx::query("DELETE FROM certificate_shares WHERE expires_at <= $1").bind(before).execute(&self.pool).await?.rows_affected())
            }

            async fn end_e_certificate_share(&self, certificate_id: i64, share_id: i64, now: i64) -> $crate::StoreResult<bool> {
                Ok(sqlx::query("UPDATE certificate_shares SET expires_at = $3 WHERE id = $2 AND certificate_id = $1 AND expires_at > $3")
                    .bind(certificate_id).bind(share_id).bind(now).execute(&self.pool).await?.rows_affected() == 1)
            }
        }
    };
}
pub(crate) use impl_certificate_store;

//! The SQL of `TrustStore`, written once for both engines (see `queries.rs`).

pub(crate) const OUTBOX_COLUMNS: &str = "id, at, user_id, kind, channel, recipient, body, status, sent_at, sender, \
    attempts, next_attempt_at, gateway_ref, last_error";


macro_rules! impl_trust_store {
    ($store:ident, $begin_write:literal) => {
        #[async_trait::async_trait]
        impl $crate::TrustStore for $store {
            async fn codes_issued_since(&self, phone_key: &str, purpose: $crate::CodePurpose, since: i64)
                -> $crate::StoreResult<(i64, Option<i64>, Option<i64>)> {
                Ok(sqlx::query_as("SELECT COUNT(*), MIN(created_at), MAX(CASE WHEN purpose = $3 THEN created_at END) \
                                   FROM one_time_codes WHERE phone_key = $1 AND created_at >= $2")
                    .bind(phone_key).bind(since).bind(purpose.as_str()).fetch_one(&self.pool).await?)
            }

            async fn issue_code(&self, phone_key: &str, purpose: $crate::CodePurpose, code_hash: &str, now: i64,
                                expires_at: i64, message: Option<&$crate::NewMessage>) -> $crate::StoreResult<()> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                sqlx::query("INSERT INTO one_time_codes (phone_key, purpose, code_hash, created_at, expires_at) \
                             VALUES ($1, $2, $3, $4, $5)")
                    .bind(phone_key).bind(purpose.as_str()).bind(code_hash).bind(now).bind(expires_at)
                    .execute(&mut *tx).await?;
                if let Some(m) = message {
                    $crate::trust_queries::insert_message!(self.cipher, tx, m, now);
                }
                tx.commit().await?;
                Ok(())
            }

            async fn live_code(&self, phone_key: &str, purpose: $crate::CodePurpose, now: i64)
                -> $crate::StoreResult<Option<$crate::CodeRow>> {
                Ok(sqlx::query_as("SELECT id, code_hash, expires_at, tries FROM one_time_codes \
                                   WHERE phone_key = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3 \
                                   ORDER BY id DESC LIMIT 1")
                    .bind(phone_key).bind(purpose.as_str()).bind(now).fetch_optional(&self.pool).await?)
            }

            async fn count_code_try(&self, id: i64) -> $crate::StoreResult<()> {
                sqlx::query("UPDATE one_time_codes SET tries = tries + 1 WHERE id = $1").bind(id).execute(&self.pool).await?;
                Ok(())
            }

            async fn use_code(&self, id: i64, now: i64) -> $crate::StoreResult<bool> {
                let done = sqlx::query("UPDATE one_time_codes SET used_at = $2 WHERE id = $1 AND used_at IS NULL")
                    .bind(id).bind(now).execute(&self.pool).await?;
                Ok(done.rows_affected() == 1)
            }

            async fn sign_in_failures(&self, phone_key: &str, since: i64) -> $crate::StoreResult<Vec<$crate::FailureRow>> {
                Ok(sqlx::query_as("SELECT addr_key, failures, last_at FROM sign_in_failures \
                                   WHERE phone_key = $1 AND last_at >= $2")
                    .bind(phone_key).bind(since).fetch_all(&self.pool).await?)
            }

            async fn record_sign_in_failure(&self, phone_key: &str, addr_key: &str, now: i64) -> $crate::StoreResult<i64> {
                // One statement, so concurrent wrong guesses are all counted.
                Ok(sqlx::query_scalar("INSERT INTO sign_in_failures (phone_key, addr_key, failures, last_at) \
                        VALUES ($1, $2, 1, $3) ON CONFLICT (phone_key, addr_key) DO UPDATE SET \
                        failures = CASE WHEN sign_in_failures.last_at < $4 THEN 1 ELSE sign_in_failures.failures + 1 END, \
                        last_at = excluded.last_at RETURNING failures")
                    .bind(phone_key).bind(addr_key).bind(now).bind(now - $crate::FAILURE_WINDOW_SECONDS)
                    .fetch_one(&self.pool).await?)
            }

            async fn clear_sign_in_failures(&self, phone_key: &str) -> $crate::StoreResult<()> {
                sqlx::query("DELETE FROM sign_in_failures WHERE phone_key = $1").bind(phone_key).execute(&self.pool).await?;
                Ok(())
            }

            async fn purge_trust_records(&self, before: i64) -> $crate::StoreResult<u64> {
                let codes = sqlx::query("DELETE FROM one_time_codes WHERE created_at < $1").bind(before).execute(&self.pool).await?;
                let fails = sqlx::query("DELETE FROM sign_in_failures WHERE last_at < $1").bind(before).execute(&self.pool).await?;
                Ok(codes.rows_affected() + fails.rows_affected())
            }

            async fn purge_outbox_bodies(&self, kind: &str, before: i64) -> $crate::StoreResult<u64> {
                let done = sqlx::query("UPDATE outbox SET body = '', recipient = '' WHERE kind = $1 AND at < $2 \
                                        AND status <> 'queued' AND (body <> '' OR recipient <> '')")
                    .bind(kind).bind(before).execute(&self.pool).await?;
                Ok(done.rows_affected())
            }

            async fn purge_expired_sessions(&self, now: i64) -> $crate::StoreResult<u64> {
                let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1").bind(now).execute(&self.pool).await?;
                Ok(done.rows_affected())
            }

            async fn purge_audit(&self, before: i64) -> $crate::StoreResult<u64> {
                let done = sqlx::query("DELETE FROM audit_log WHERE at < $1").bind(before).execute(&self.pool).await?;
                Ok(done.rows_affected())
            }

            async fn create_session(&self, token_hash: &str, user_id: i64, device: &$crate::SessionDevice, stage: &str,
                                    now: i64, expires_at: i64) -> $crate::StoreResult<()> {
                sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen_at, addr, user_agent, stage, kiosk_id) \
                             VALUES ($1, $2, $3, $4, $3, $5, $6, $7, $8)")
                    .bind(token_hash).bind(user_id).bind(now).bind(expires_at).bind(&device.addr).bind(&device.user_agent)
                    .bind(stage).bind($crate::origin::kiosk()).execute(&self.pool).await?;
                // Expired sessions are useless; sweep them as new ones are made.
                sqlx::query("DELETE FROM sessions WHERE expires_at <= $1").bind(now).execute(&self.pool).await?;
                Ok(())
            }

            async fn second_factor_user(&self, token_hash: &str, now: i64) -> $crate::StoreResult<Option<$crate::UserRecord>> {
                let sql = format!("SELECT {} FROM users WHERE id = (SELECT user_id FROM sessions WHERE token_hash = $1 \
                                   AND expires_at > $2 AND stage = 'second_factor')", $crate::queries::USER_COLUMNS);
                $crate::sealed::open_one(&*self.cipher, sqlx::query_as(&sql).bind(token_hash).bind(now).fetch_optional(&self.pool).await?)
            }

            async fn promote_session(&self, old_hash: &str, new_hash: &str, now: i64, expires_at: i64) -> $crate::StoreResult<bool> {
                let done = sqlx::query("UPDATE sessions SET token_hash = $2, stage = 'full', created_at = $3, last_seen_at = $3, \
                                        expires_at = $4 WHERE token_hash = $1 AND stage = 'second_factor' AND expires_at > $3")
                    .bind(old_hash).bind(new_hash).bind(now).bind(expires_at).execute(&self.pool).await?;
                Ok(done.rows_affected() == 1)
            }

            async fn touch_session(&self, token_hash: &str, now: i64) -> $crate::StoreResult<()> {
                sqlx::query("UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1 AND last_seen_at < $2 - 60")
                    .bind(token_hash).bind(now).execute(&self.pool).await?;
                Ok(())
            }

            async fn set_totp_secret(&self, user_id: i64, secret: &str) -> $crate::StoreResult<()> {
                sqlx::query("UPDATE users SET totp_secret = $2, totp_enabled_at = NULL, totp_last_step = NULL WHERE id = $1")
                    .bind(user_id).bind(secret).execute(&self.pool).await?;
                Ok(())
            }

            async fn use_totp_step(&self, user_id: i64, step: i64, now: i64) -> $crate::StoreResult<bool> {
                let done = sqlx::query("UPDATE users SET totp_last_step = $2, totp_enabled_at = COALESCE(totp_enabled_at, $3) \
                                        WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)")
                    .bind(user_id).bind(step).bind(now).execute(&self.pool).await?;
                Ok(done.rows_affected() == 1)
            }

            async fn sessions_of(&self, user_id: i64, now: i64) -> $crate::StoreResult<Vec<$crate::SessionRow>> {
                Ok(sqlx::query_as("SELECT token_hash, created_at, expires_at, last_seen_at, addr, user_agent FROM sessions \
                                   WHERE user_id = $1 AND expires_at > $2 AND stage = 'full' ORDER BY created_at DESC")
                    .bind(user_id).bind(now).fetch_all(&self.pool).await?)
            }

            async fn end_session_of(&self, user_id: i64, token_hash: &str) -> $crate::StoreResult<bool> {
                let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash = $2")
                    .bind(user_id).bind(token_hash).execute(&self.pool).await?;
                Ok(done.rows_affected() == 1)
            }

            async fn end_sessions(&self, user_id: i64, keep: Option<&str>) -> $crate::StoreResult<u64> {
                let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
                    .bind(user_id).bind(keep.unwrap_or("")).execute(&self.pool).await?;
                Ok(done.rows_affected())
            }

            async fn set_password(&self, user_id: i64, password_hash: &str, phone_proven: bool, now: i64)
                -> $crate::StoreResult<()> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                sqlx::query("UPDATE users SET password_hash = $2, password_changed_at = $3 WHERE id = $1")
                    .bind(user_id).bind(password_hash).bind(now).execute(&mut *tx).await?;
                if phone_proven {
                    sqlx::query("UPDATE users SET phone_verified_at = $2 WHERE id = $1 AND phone_verified_at IS NULL")
                        .bind(user_id).bind(now).execute(&mut *tx).await?;
                }
                sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn mark_phone_verified(&self, user_id: i64, now: i64) -> $crate::StoreResult<()> {
                sqlx::query("UPDATE users SET phone_verified_at = $2 WHERE id = $1").bind(user_id).bind(now)
                    .execute(&self.pool).await?;
                Ok(())
            }

            async fn change_phone(&self, user_id: i64, phone: &str, now: i64) -> $crate::StoreResult<()> {
                let changed = sqlx::query("UPDATE users SET phone = $2, phone_key = $4, phone_verified_at = $3 WHERE id = $1")
                    .bind(user_id).bind(self.cipher.seal("users.phone", phone)).bind(now)
                    .bind(self.cipher.lookup_key($crate::PHONE_DOMAIN, phone)).execute(&self.pool).await;
                match changed {
                    Err(e) if $crate::is_unique_violation(&e) => Err($crate::StoreError::Conflict("phone")),
                    Err(e) => Err(e.into()),
                    Ok(_) => Ok(()),
                }
            }

            async fn security_notice(&self, n: &$crate::Notice, action: &str, now: i64) -> $crate::StoreResult<()> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                sqlx::query("INSERT INTO notifications (user_id, at, kind, link, text_zh, text_en) VALUES ($1, $2, $3, $4, $5, $6)")
                    .bind(n.user_id).bind(now).bind(&n.kind).bind("/me/security").bind(&n.text_zh).bind(&n.text_en)
                    .execute(&mut *tx).await?;
                for (channel, to) in [("sms", &n.sms_to), ("email", &n.email_to)] {
                    if let Some(to) = to {
                        let m = $crate::NewMessage { user_id: Some(n.user_id), kind: "security", channel,
                                                     recipient: to.clone(), body: n.text_zh.clone() };
                        $crate::trust_queries::insert_message!(self.cipher, tx, m, now);
                    }
                }
                sqlx::query("INSERT INTO audit_log (at, actor_id, subject_id, action, detail, addr, user_agent) VALUES ($1, NULL, $2, $3, '', $4, $5)")
                    .bind(now).bind(n.user_id).bind(action).bind($crate::origin::addr()).bind($crate::origin::user_agent()).execute(&mut *tx).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn queue_message(&self, m: &$crate::NewMessage, now: i64) -> $crate::StoreResult<i64> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                let id = $crate::trust_queries::insert_message!(self.cipher, tx, m, now);
                tx.commit().await?;
                Ok(id)
            }

            async fn outbox(&self, limit: i64) -> $crate::StoreResult<Vec<$crate::OutboxRow>> {
                let sql = format!("SELECT {} FROM outbox ORDER BY id DESC LIMIT $1", $crate::trust_queries::OUTBOX_COLUMNS);
                $crate::sealed::open_all(&*self.cipher, sqlx::query_as(&sql).bind(limit).fetch_all(&self.pool).await?)
            }

            async fn outbox_backlog(&self) -> $crate::StoreResult<i64> {
                Ok(sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE status = 'queued'").fetch_one(&self.pool).await?)
            }

            async fn due_outbox(&self, now: i64, limit: i64) -> $crate::StoreResult<Vec<$crate::OutboxRow>> {
                let sql = format!("SELECT {} FROM outbox WHERE status = 'queued' AND next_attempt_at <= $1 \
                                   ORDER BY id LIMIT $2", $crate::trust_queries::OUTBOX_COLUMNS);
                $crate::sealed::open_all(&*self.cipher, sqlx::query_as(&sql).bind(now).bind(limit).fetch_all(&self.pool).await?)
            }

            async fn record_delivery(&self, id: i64, r: &$crate::DeliveryRecord) -> $crate::StoreResult<()> {
                sqlx::query("UPDATE outbox SET status = $2, sender = $3, sent_at = $4, \
                             gateway_ref = COALESCE($5, gateway_ref), last_error = $6, \
                             next_attempt_at = COALESCE($7, next_attempt_at), attempts = attempts + 1 WHERE id = $1")
                    .bind(id).bind(r.status).bind(&r.sender).bind(r.at).bind(&r.gateway_ref).bind(&r.error)
                    .bind(r.next_attempt_at).execute(&self.pool).await?;
                Ok(())
            }

            async fn record_receipt(&self, gateway_ref: &str, delivered: bool, error: Option<&str>, now: i64)
                -> $crate::StoreResult<bool> {
                let status = if delivered { "delivered" } else { "failed" };
                let done = sqlx::query("UPDATE outbox SET status = $2, last_error = $3, sent_at = COALESCE(sent_at, $4) \
                                        WHERE gateway_ref = $1 AND status IN ('sent', 'delivered', 'failed')")
                    .bind(gateway_ref).bind(status).bind(error).bind(now).execute(&self.pool).await?;
                Ok(done.rows_affected() > 0)
            }
        }
    };
}

/// Inserts one outbox message inside an open transaction; evaluates to its id.
macro_rules! insert_message {
    ($cipher:expr, $tx:expr, $m:expr, $now:expr) => {{
        let id: i64 = sqlx::query_scalar("INSERT INTO outbox (at, user_id, kind, channel, recipient, body, next_attempt_at) \
                                          VALUES ($1, $2, $3, $4, $5, $6, $1) RETURNING id")
            .bind($now).bind($m.user_id).bind($m.kind).bind($m.channel).bind($cipher.seal("outbox.recipient", &$m.recipient)).bind(&$m.body)
            .fetch_one(&mut *$tx).await?;
        id
    }};
}

pub(crate) use {impl_trust_store, insert_message};

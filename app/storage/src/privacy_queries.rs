//! The SQL of `PrivacyStore`, written once for both engines (see `queries.rs`).

macro_rules! impl_privacy_store {
    ($store:ident, $begin_write:literal) => {
        #[async_trait::async_trait]
        impl $crate::PrivacyStore for $store {
            async fn files_owned_by(&self, owner_id: i64) -> $crate::StoreResult<Vec<$crate::FileRow>> {
                let sql = format!("SELECT {} FROM files f WHERE f.owner_id = $1 ORDER BY f.id", $crate::application_queries::FILE_COLUMNS);
                Ok(sqlx::query_as(&sql).bind(owner_id).fetch_all(&self.pool).await?)
            }

            async fn close_account(&self, closure: &$crate::Closure, now: i64) -> $crate::StoreResult<Vec<String>> {
                let id = closure.user_id;
                let mut tx = self.pool.begin_with($begin_write).await?;
                // Placeholders keep the unique columns unique; '!' is no Argon2 hash, so no
                // password ever matches.
                let placeholder = format!("closed-{id}");
                sqlx::query("UPDATE users SET name = '已注销用户', phone = $2, id_number = $3, password_hash = '!', \
                             totp_secret = NULL, totp_enabled_at = NULL, building_id = NULL, mode = 'standard', \
                             lang = 'zh', closed_at = $4, phone_key = $5, id_key = $6, calendar_key = NULL WHERE id = $1")
                    .bind(id).bind(self.cipher.seal("users.phone", &placeholder)).bind(self.cipher.seal("users.id_number", &placeholder))
                    .bind(now).bind(self.cipher.lookup_key($crate::PHONE_DOMAIN, &placeholder))
                    .bind(self.cipher.lookup_key($crate::ID_NUMBER_DOMAIN, &placeholder)).execute(&mut *tx).await?;
                for sql in [
                    "DELETE FROM sessions WHERE user_id = $1",
                    "DELETE FROM notifications WHERE user_id = $1",
                    "DELETE FROM notify_prefs WHERE user_id = $1",
                    "DELETE FROM feedback_follows WHERE user_id = $1",
                    // Groups stated about oneself (disability, living alone) go with the account.
                    "DELETE FROM user_groups WHERE user_id = $1",
                    "DELETE FROM notice_subscriptions WHERE user_id = $1",
                    // Photos taken for a questionnaire (inside one's home, say) go; the answers stay.
                    "DELETE FROM survey_photos WHERE user_id = $1",
                    // Help requests keep their record (a volunteer's hours rest on it) but not what was asked.
                    "UPDATE help_requests SET details = '', code = '', status = CASE WHEN status IN ('screening', 'open', 'taken') \
                     THEN 'cancelled' ELSE status END WHERE requester_id = $1",
                    "DELETE FROM volunteers WHERE user_id = $1",
                    "DELETE FROM delegation_invites WHERE principal_id = $1 OR delegate_id = $1",
                    "UPDATE outbox SET body = '', recipient = '' WHERE user_id = $1",
                    "UPDATE feedback SET reporter_name = '', reporter_contact = '' WHERE resident_id = $1",
                ] {
                    sqlx::query(sql).bind(id).execute(&mut *tx).await?;
                }
                sqlx::query("UPDATE delegations SET revoked_at = $2 WHERE (principal_id = $1 OR delegate_id = $1) AND revoked_at IS NULL")
                    .bind(id).bind(now).execute(&mut *tx).await?;
                // E-certificates stop being proof of anyone once the account is gone; the issuing
                // department keeps its record (the signed document), and every share link closes.
                sqlx::query("DELETE FROM certificate_shares WHERE certificate_id IN (SELECT id FROM certificates WHERE holder_id = $1)")
                    .bind(id).execute(&mut *tx).await?;
                sqlx::query("UPDATE certificates SET revoked_at = $2, revoke_reason = '持证人已注销账号 / the holder closed the account' \
                             WHERE holder_id = $1 AND revoked_at IS NULL")
                    .bind(id).bind(now).execute(&mut *tx).await?;
                let finished = $crate::status_in(2, &closure.finished_orders);
                let sql = format!("UPDATE orders SET address = '', contact_phone = '', note = '' WHERE resident_id = $1 AND {finished}");
                let mut query = sqlx::query(&sql).bind(id);
                for s in &closure.finished_orders {
                    query = query.bind(*s);
                }
                query.execute(&mut *tx).await?;
                for sql in ["DELETE FROM one_time_codes WHERE phone_key = $1", "DELETE FROM sign_in_failures WHERE phone_key = $1"] {
                    sqlx::query(sql).bind(&closure.phone_key).execute(&mut *tx).await?;
                }
                // Wallet files no application, feedback item or order holds.
                let loose: Vec<(String, Option<String>)> = sqlx::query_as(
                    "DELETE FROM files WHERE owner_id = $1 \
                     AND id NOT IN (SELECT file_id FROM application_files) \
                     AND id NOT IN (SELECT result_file_id FROM applications WHERE result_file_id IS NOT NULL) \
                     AND id NOT IN (SELECT file_id FROM feedback_files) \
                     AND id NOT IN (SELECT file_id FROM listing_photos) \
                     AND id NOT IN (SELECT licence_file_id FROM providers) \
                     AND id NOT IN (SELECT image_file_id FROM promotions) \
                     AND id NOT IN (SELECT file_id FROM notice_files) \
                     RETURNING stored_name, thumb_name")
                    .bind(id).fetch_all(&mut *tx).await?;
                sqlx::query("UPDATE files SET in_wallet = 0 WHERE owner_id = $1").bind(id).execute(&mut *tx).await?;
                sqlx::query("INSERT INTO audit_log (at, actor_id, subject_id, action, detail, addr, user_agent) VALUES ($1, $2, $2, 'account_closed', '', $3, $4)")
                    .bind(now).bind(id).bind($crate::origin::addr()).bind($crate::origin::user_agent()).execute(&mut *tx).await?;
                tx.commit().await?;
                Ok(loose.into_iter().flat_map(|(stored, thumb)| std::iter::once(stored).chain(thumb)).collect())
            }

            async fn move_id_number(&self, m: &$crate::IdMove, now: i64) -> $crate::StoreResult<bool> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                let holder: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE id_key = $1")
                    .bind(self.cipher.lookup_key($crate::ID_NUMBER_DOMAIN, &m.id_number)).fetch_optional(&mut *tx).await?;
                let masked = format!("{}…{}", &m.id_number[..3], &m.id_number[m.id_number.len() - 2..]);
                if let Some(holder) = holder {
                    let placeholder = format!("disputed-{holder}");
                    sqlx::query("UPDATE users SET id_number = $2, id_key = $4, identity_checked_at = NULL, identity_checked_by = NULL, \
                                 identity_method = '', id_disputed_at = $3 WHERE id = $1")
                        .bind(holder).bind(self.cipher.seal("users.id_number", &placeholder)).bind(now)
                        .bind(self.cipher.lookup_key($crate::ID_NUMBER_DOMAIN, &placeholder)).execute(&mut *tx).await?;
                    let open = $crate::status_in(3, &m.open_states);
                    let sql = format!("UPDATE applications SET frozen_at = $2 WHERE applicant_id = $1 AND frozen_at IS NULL AND {open} RETURNING id");
                    let mut query = sqlx::query_scalar(&sql).bind(holder).bind(now);
                    for s in &m.open_states {
                        query = query.bind(*s);
                    }
                    let frozen: Vec<i64> = query.fetch_all(&mut *tx).await?;
                    for application in frozen {
                        sqlx::query("INSERT INTO application_events (application_id, at, actor_id, kind, note) VALUES ($1, $2, $3, 'frozen', '')")
                            .bind(application).bind(now).bind(m.staff_id).execute(&mut *tx).await?;
                    }
                    sqlx::query("INSERT INTO audit_log (at, actor_id, subject_id, action, detail, addr, user_agent) VALUES ($1, $2, $3, 'id_moved_away', $4, $5, $6)")
                        .bind(now).bind(m.staff_id).bind(holder).bind(&masked).bind($crate::origin::addr()).bind($crate::origin::user_agent())
                        .execute(&mut *tx).await?;
                }
                let moved = sqlx::query("UPDATE users SET id_number = $3, id_key = $6, id_claim_key = NULL, identity_checked_at = $4, \
                                         identity_checked_by = $5, identity_method = 'in_person' WHERE id = $1 AND id_claim_key = $2")
                    .bind(m.claimant_id).bind(&m.claim_key).bind(self.cipher.seal("users.id_number", &m.id_number)).bind(now)
                    .bind(m.staff_id).bind(self.cipher.lookup_key($crate::ID_NUMBER_DOMAIN, &m.id_number)).execute(&mut *tx).await?;
                if moved.rows_affected() == 0 {
                    return Ok(false);
                }
                sqlx::query("INSERT INTO audit_log (at, actor_id, subject_id, action, detail, addr, user_agent) VALUES ($1, $2, $3, 'id_moved_here', $4, $5, $6)")
                    .bind(now).bind(m.staff_id).bind(m.claimant_id).bind(format!("{masked} {}", m.community))
                    .bind($crate::origin::addr()).bind($crate::origin::user_agent()).execute(&mut *tx).await?;
                $crate::application_queries::write_notices!(self.cipher, tx, &m.notices, None::<i64>, None::<&String>, now);
                tx.commit().await?;
                Ok(true)
            }
        }
    };
}

pub(crate) use impl_privacy_store;

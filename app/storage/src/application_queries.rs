//! The SQL of `ApplicationStore`, written once for both engines (see `queries.rs`).

pub(crate) const APPLICATION_SELECT: &str = "SELECT a.id, a.ref_no, a.service_code, s.name AS service_name, \
    s.name_en AS service_name_en, s.time_limit_days, a.applicant_id, u.name AS applicant_name, \
    COALESCE(u.community_code, (SELECT b.community_code FROM buildings b WHERE b.id = u.building_id)) AS applicant_community, \
    a.filed_by_id, a.filed_as, a.consent_note, a.department_code, a.status, a.fields_json, a.submitted_at, a.deadline, \
    a.handler_id, a.corrections_asked, a.correction_note, a.correction_items, a.result_note, a.result_file_id, \
    a.finished_at, a.reminded_at, a.overdue_alerted_at, a.bundle_id, a.after_id, a.waiting, a.frozen_at \
    FROM applications a JOIN services s ON s.code = a.service_code JOIN users u ON u.id = a.applicant_id";

/// A case still with its department. Written exactly as the partial index `applications_open`
/// is (0035_city_indexes), so both engines see that the index holds every row the query wants.
pub(crate) const OPEN_CASE: &str = "a.status IN ('submitted', 'accepted', 'correction')";

/// An open case past its deadline (a day, the placeholder `day`) while its clock runs: a case
/// waiting for the resident's corrections is never overdue (`steps::is_overdue`).
pub(crate) fn runs_late(day: &str) -> String {
    format!("a.status <> 'correction' AND a.waiting = 0 AND a.deadline < {day}")
}

pub(crate) const FILE_COLUMNS: &str = "f.id, f.owner_id, f.uploaded_by, f.kind, f.original_name, f.stored_name, \
    f.thumb_name, f.mime, f.size, f.sha256, f.in_wallet, f.created_at";

/// Inserts inbox entries and outbox messages inside an open transaction. An inbox entry points
/// at an application (`$app`) or at any other page (`$link`).
macro_rules! write_notices {
    ($cipher:expr, $tx:expr, $notices:expr, $app:expr, $link:expr, $now:expr) => {
        for n in $notices {
            sqlx::query("INSERT INTO notifications (user_id, at, kind, application_id, link, text_zh, text_en) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7)")
                .bind(n.user_id).bind($now).bind(&n.kind).bind($app).bind($link).bind(&n.text_zh).bind(&n.text_en)
                .execute(&mut *$tx).await?;
            for (channel, to) in [("sms", &n.sms_to), ("email", &n.email_to)] {
                if let Some(to) = to {
                    sqlx::query("INSERT INTO outbox (at, user_id, channel, recipient, body) VALUES ($1, $2, $3, $4, $5)")
                        .bind($now).bind(n.user_id).bind(channel).bind($cipher.seal("outbox.recipient", to)).bind(&n.text_zh)
                        .execute(&mut *$tx).await?;
                }
            }
        }
    };
}

/// Inserts files (owned by `$owner`) and links them, plus reused wallet files, to an application.
/// Evaluates to the id of the `result` file, if one was among them.
macro_rules! attach_files {
    ($tx:expr, $app:expr, $owner:expr, $actor:expr, $files:expr, $reused:expr, $now:expr) => {{
        let mut result_id: Option<i64> = None;
        for f in $files {
            let id: i64 = sqlx::query_scalar(
                    "INSERT INTO files (owner_id, uploaded_by, kind, original_name, stored_name, thumb_name, mime, size, \
                     sha256, in_wallet, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id")
                .bind($owner).bind($actor).bind(&f.slot).bind(&f.original_name).bind(&f.stored_name)
                .bind(&f.thumb_name).bind(&f.mime).bind(f.size).bind(&f.sha256).bind(f.in_wallet as i64).bind($now)
                .fetch_one(&mut *$tx).await?;
            sqlx::query("INSERT INTO application_files (application_id, file_id, slot, added_at) VALUES ($1, $2, $3, $4)")
                .bind($app).bind(id).bind(&f.slot).bind($now).execute(&mut *$tx).await?;
            if f.slot == "result" {
                result_id = Some(id);
            }
        }
        for (file_id, slot) in $reused {
            // Only the applicant's own wallet can be reused from.
            sqlx::query("INSERT INTO application_files (application_id, file_id, slot, added_at) \
                         SELECT $1, f.id, $3, $4 FROM files f WHERE f.id = $2 AND f.owner_id = $5 AND f.in_wallet = 1 \
                         ON CONFLICT (application_id, file_id) DO NOTHING")
                .bind($app).bind(*file_id).bind(slot).bind($now).bind($owner).execute(&mut *$tx).await?;
        }
        result_id
    }};
}

macro_rules! write_audit {
    ($tx:expr, $audit:expr, $now:expr) => {
        for a in $audit {
            sqlx::query("INSERT INTO audit_log (at, actor_id, subject_id, action, detail, addr, user_agent) VALUES ($1, $2, $3, $4, $5, $6, $7)")
                .bind($now).bind(a.actor_id).bind(a.subject_id).bind(&a.action).bind(&a.detail)
                .bind($crate::origin::addr()).bind($crate::origin::user_agent()).execute(&mut *$tx).await?;
        }
    };
}

macro_rules! impl_application_store {
    ($store:ident, $begin_write:literal) => {
        #[async_trait::async_trait]
        impl $crate::ApplicationStore for $store {
            async fn create_application(&self, app: &$crate::NewApplication, files: &[$crate::NewFile],
                reused: &[(i64, String)], notices: &[$crate::Notice], audit: &[$crate::AuditEntry], now: i64)
                -> $crate::StoreResult<i64> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                let inserted = sqlx::query_scalar(
                        "INSERT INTO applications (ref_no, service_code, applicant_id, filed_by_id, filed_as, consent_note, \
                         department_code, status, fields_json, submitted_at, deadline, updated_at, channel) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, 'submitted', $8, $9, $10, $9, $11) RETURNING id")
                    .bind(&app.ref_no).bind(&app.service_code).bind(app.applicant_id).bind(app.filed_by_id)
                    .bind(&app.filed_as).bind(&app.consent_note).bind(&app.department_code)
                    .bind(self.cipher.seal("applications.fields_json", &app.fields_json))
                    .bind(now).bind(&app.deadline).bind(app.channel)
                    .fetch_one(&mut *tx).await;
                let id: i64 = match inserted {
                    Ok(id) => id,
                    Err(e) if $crate::is_unique_violation(&e) => {
                        return Err($crate::StoreError::Conflict("ref_no"))
                    }
                    Err(e) => return Err(e.into()),
                };
                $crate::application_queries::attach_files!(tx, id, app.applicant_id, app.filed_by_id, files, reused, now);
                for (certificate_id, slot) in &app.certificates {
                    sqlx::query("INSERT INTO application_certificates (application_id, certificate_id, slot, added_at) VALUES ($1, $2, $3, $4)")
                        .bind(id).bind(certificate_id).bind(slot).bind(now).execute(&mut *tx).await?;
                }
                sqlx::query("INSERT INTO application_events (application_id, at, actor_id, kind, department_code, note) \
                             VALUES ($1, $2, $3, 'submitted', $4, $5)")
                    .bind(id).bind(now).bind(app.filed_by_id).bind(&app.department_code).bind(&app.consent_note)
                    .execute(&mut *tx).await?;
                $crate::application_queries::write_notices!(self.cipher, tx, notices, Some(id), None::<&str>, now);
                $crate::application_queries::write_audit!(tx, audit, now);
                tx.commit().await?;
                Ok(id)
            }

            async fn application_by_ref(&self, ref_no: &str) -> $crate::StoreResult<Option<$crate::ApplicationRow>> {
                let sql = format!("{} WHERE a.ref_no = $1", $crate::application_queries::APPLICATION_SELECT);
                $crate::sealed::open_one(&*self.cipher, sqlx::query_as(&sql).bind(ref_no).fetch_optional(&self.pool).await?)
            }

            async fn application_by_id(&self, id: i64) -> $crate::StoreResult<Option<$crate::ApplicationRow>> {
                let sql = format!("{} WHERE a.id = $1", $crate::application_queries::APPLICATION_SELECT);
                $crate::sealed::open_one(&*self.cipher, sqlx::query_as(&sql).bind(id).fetch_optional(&self.pool).await?)
            }

            async fn applications_of(&self, applicant_id: i64) -> $crate::StoreResult<Vec<$crate::ApplicationRow>> {
                let sql = format!("{} WHERE a.applicant_id = $1 ORDER BY a.submitted_at DESC, a.id DESC",
                                  $crate::application_queries::APPLICATION_SELECT);
                $crate::sealed::open_all(&*self.cipher, sqlx::query_as(&sql).bind(applicant_id).fetch_all(&self.pool).await?)
            }

            async fn applications_filed_by(&self, filer_id: i64) -> $crate::StoreResult<Vec<$crate::ApplicationRow>> {
                let sql = format!("{} WHERE a.filed_by_id = $1 AND a.filed_as = 'staff' ORDER BY a.submitted_at DESC, a.id DESC LIMIT 500",
                                  $crate::application_queries::APPLICATION_SELECT);
                $crate::sealed::open_all(&*self.cipher, sqlx::query_as(&sql).bind(filer_id).fetch_all(&self.pool).await?)
            }

            async fn department_queue(&self, department: &str, status: Option<&str>, overdue_before: Option<&str>, limit: i64)
                -> $crate::StoreResult<Vec<$crate::ApplicationRow>> {
                use $crate::application_queries::{runs_late, APPLICATION_SELECT, OPEN_CASE};
                // Each form is read in deadline order straight off an index (the open cases' own,
                // partial index; or department, status, deadline), stopping at the limit.
                let rows = match status {
                    None => {
                        let sql = format!("{APPLICATION_SELECT} WHERE a.department_code = $1 AND {OPEN_CASE} \
                                           AND ($2 = '' OR ({})) ORDER BY a.deadline, a.submitted_at, a.id LIMIT $3", runs_late("$2"));
                        sqlx::query_as(&sql).bind(department).bind(overdue_before.unwrap_or("")).bind(limit).fetch_all(&self.pool).await?
                    }
                    Some(status) => {
                        let sql = format!("{APPLICATION_SELECT} WHERE a.department_code = $1 AND a.status = $2 \
                                           AND ($3 = '' OR ({})) ORDER BY a.deadline, a.submitted_at, a.id LIMIT $4", runs_late("$3"));
                        sqlx::query_as(&sql).bind(department).bind(status).bind(overdue_before.unwrap_or("")).bind(limit).fetch_all(&self.pool).await?
                    }
                };
                $crate::sealed::open_all(&*self.cipher, rows)
            }

            async fn department_queue_counts(&self, department: &str, today: &str) -> $crate::StoreResult<(i64, i64)> {
                use $crate::application_queries::{runs_late, OPEN_CASE};
                let sql = format!("SELECT COUNT(*), COALESCE(SUM(CASE WHEN {} THEN 1 ELSE 0 END), 0) FROM applications a \
                                   WHERE a.department_code = $1 AND {OPEN_CASE}", runs_late("$2"));
                let counted: (i64, i64) = sqlx::query_as(&sql).bind(department).bind(today).fetch_one(&self.pool).await?;
                Ok(counted)
            }

            async fn applications_due(&self, today: &str, horizon: &str, limit: i64) -> $crate::StoreResult<Vec<$crate::ApplicationRow>> {
                // The first three terms are the partial index `applications_due`'s (0035_city_indexes), written as it is.
                let sql = format!("{} WHERE a.status IN ('submitted', 'accepted') AND a.waiting = 0 AND a.overdue_alerted_at IS NULL \
                                   AND a.deadline <= $2 AND (a.deadline < $1 OR a.reminded_at IS NULL) ORDER BY a.deadline, a.id LIMIT $3",
                                  $crate::application_queries::APPLICATION_SELECT);
                $crate::sealed::open_all(&*self.cipher, sqlx::query_as(&sql).bind(today).bind(horizon).bind(limit).fetch_all(&self.pool).await?)
            }

            async fn attached_files(&self, application_id: i64) -> $crate::StoreResult<Vec<$crate::AttachedFile>> {
                let sql = format!("SELECT af.slot, af.added_at, {} FROM application_files af JOIN files f ON f.id = af.file_id \
                                   WHERE af.application_id = $1 ORDER BY af.added_at, f.id",
                                  $crate::application_queries::FILE_COLUMNS);
                Ok(sqlx::query_as(&sql).bind(application_id).fetch_all(&self.pool).await?)
            }

            async fn events(&self, application_id: i64) -> $crate::StoreResult<Vec<$crate::EventRow>> {
                Ok(sqlx::query_as("SELECT e.id, e.at, u.name AS actor_name, u.role AS actor_role, e.kind, e.department_code, \
                                   e.note, e.private FROM application_events e LEFT JOIN users u ON u.id = e.actor_id \
                                   WHERE e.application_id = $1 ORDER BY e.id")
                    .bind(application_id).fetch_all(&self.pool).await?)
            }

            async fn transition(&self, t: &$crate::ApplicationStep, now: i64) -> $crate::StoreResult<bool> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                let e = &t.effects;
                let (asked, note, items) = match &e.ask_correction {
                    Some((note, items)) => (1_i64, Some(note.clone()), Some(items.clone())),
                    None => (0, None, None),
                };
                let sql = format!(
                        "UPDATE applications SET status = COALESCE($2, status), department_code = COALESCE($3, department_code), \
                         handler_id = CASE WHEN $3 IS NOT NULL THEN NULL ELSE COALESCE($4, handler_id) END, \
                         corrections_asked = corrections_asked + $5, correction_note = COALESCE($6, correction_note), \
                         correction_items = COALESCE($7, correction_items), result_note = COALESCE($8, result_note), \
                         finished_at = CASE WHEN $9 = 1 THEN $10 ELSE finished_at END, \
                         reminded_at = CASE WHEN $11 IS NULL THEN reminded_at ELSE NULL END, \
                         deadline = COALESCE($11, deadline), fields_json = COALESCE($12, fields_json), updated_at = $10 \
                         WHERE id = $1 AND frozen_at IS NULL AND (waiting = 0 OR $13 = 1) AND {}", $crate::status_in(14, t.from));
                let mut update = sqlx::query(&sql)
                    .bind(t.id).bind(t.to).bind(&e.department_code).bind(e.handler_id).bind(asked)
                    .bind(note).bind(items).bind(&e.result_note).bind(e.finished as i64).bind(now)
                    .bind(&e.deadline).bind(e.fields_json.as_deref().map(|f| self.cipher.seal("applications.fields_json", f)))
                    .bind(e.also_waiting as i64);
                for state in t.from {
                    update = update.bind(*state);
                }
                let changed = update.execute(&mut *tx).await?;
                if changed.rows_affected() == 0 {
                    return Ok(false);
                }
                let (applicant, department): (i64, String) =
                    sqlx::query_as("SELECT applicant_id, department_code FROM applications WHERE id = $1")
                        .bind(t.id).fetch_one(&mut *tx).await?;
                let actor = t.actor_id.unwrap_or(applicant);
                let result_id = $crate::application_queries::attach_files!(
                    tx, t.id, applicant, actor, &e.new_files, &e.reused_files, now);
                if let Some(result_id) = result_id {
                    sqlx::query("UPDATE applications SET result_file_id = $1 WHERE id = $2")
                        .bind(result_id).bind(t.id).execute(&mut *tx).await?;
                }
                for (certificate_id, slot) in &e.certificates {
                    sqlx::query("INSERT INTO application_certificates (application_id, certificate_id, slot, added_at) VALUES ($1, $2, $3, $4) \
                                 ON CONFLICT (application_id, certificate_id) DO NOTHING")
                        .bind(t.id).bind(certificate_id).bind(slot).bind(now).execute(&mut *tx).await?;
                }
                if let Some(c) = &e.certificate {
                    $crate::certificate_queries::insert_certificate!(self.cipher, tx, c, t.id, now);
                }
                for f in &e.follow_ons {
                    $crate::bundle_queries::follow_on!(self.cipher, tx, f, t.id, e.certificate.as_ref().map(|c| &c.serial), now);
                }
                sqlx::query("INSERT INTO application_events (application_id, at, actor_id, kind, department_code, note, private) \
                             VALUES ($1, $2, $3, $4, $5, $6, $7)")
                    .bind(t.id).bind(now).bind(t.actor_id).bind(t.event_kind)
                    .bind(e.event_department.clone().unwrap_or(department)).bind(&t.note).bind(e.private as i64)
                    .execute(&mut *tx).await?;
                $crate::application_queries::write_notices!(self.cipher, tx, &t.notices, Some(t.id), None::<&str>, now);
                $crate::application_queries::write_audit!(tx, &t.audit, now);
                tx.commit().await?;
                Ok(true)
            }

            async fn record_alert(&self, application_id: i64, overdue: bool, notices: &[$crate::Notice], now: i64)
                -> $crate::StoreResult<bool> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                let sql = if overdue {
                    "UPDATE applications SET overdue_alerted_at = $2 WHERE id = $1 AND overdue_alerted_at IS NULL"
                } else {
                    "UPDATE applications SET reminded_at = $2 WHERE id = $1 AND reminded_at IS NULL"
                };
                if sqlx::query(sql).bind(application_id).bind(now).execute(&mut *tx).await?.rows_affected() == 0 {
                    return Ok(false);
                }
                let kind = if overdue { "overdue" } else { "reminded" };
                sqlx::query("INSERT INTO application_events (application_id, at, kind, department_code) \
                             SELECT id, $2, $3, department_code FROM applications WHERE id = $1")
                    .bind(application_id).bind(now).bind(kind).execute(&mut *tx).await?;
                $crate::application_queries::write_notices!(self.cipher, tx, notices, Some(application_id), None::<&str>, now);
                tx.commit().await?;
                Ok(true)
            }

            async fn file(&self, id: i64) -> $crate::StoreResult<Option<$crate::FileRow>> {
                let sql = format!("SELECT {} FROM files f WHERE f.id = $1", $crate::application_queries::FILE_COLUMNS);
                Ok(sqlx::query_as(&sql).bind(id).fetch_optional(&self.pool).await?)
            }

            async fn file_uses(&self, file_id: i64) -> $crate::StoreResult<Vec<(i64, String)>> {
                Ok(sqlx::query_as("SELECT a.applicant_id, a.department_code FROM application_files af \
                                   JOIN applications a ON a.id = af.application_id WHERE af.file_id = $1")
                    .bind(file_id).fetch_all(&self.pool).await?)
            }

            async fn wallet(&self, owner_id: i64) -> $crate::StoreResult<Vec<$crate::FileRow>> {
                let sql = format!("SELECT {} FROM files f WHERE f.owner_id = $1 AND f.in_wallet = 1 ORDER BY f.created_at DESC, f.id DESC",
                                  $crate::application_queries::FILE_COLUMNS);
                Ok(sqlx::query_as(&sql).bind(owner_id).fetch_all(&self.pool).await?)
            }

            async fn remove_from_wallet(&self, owner_id: i64, file_id: i64) -> $crate::StoreResult<Option<Vec<String>>> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                let done = sqlx::query("UPDATE files SET in_wallet = 0 WHERE id = $1 AND owner_id = $2 AND in_wallet = 1")
                    .bind(file_id).bind(owner_id).execute(&mut *tx).await?;
                if done.rows_affected() == 0 {
                    return Ok(None);
                }
                let uses: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM application_files WHERE file_id = $1")
                    .bind(file_id).fetch_one(&mut *tx).await?;
                let mut gone = Vec::new();
                if uses == 0 {
                    let (stored, thumb): (String, Option<String>) =
                        sqlx::query_as("DELETE FROM files WHERE id = $1 RETURNING stored_name, thumb_name")
                            .bind(file_id).fetch_one(&mut *tx).await?;
                    gone.push(stored);
                    gone.extend(thumb);
                }
                tx.commit().await?;
                Ok(Some(gone))
            }

            async fn stored_names(&self) -> $crate::StoreResult<Vec<String>> {
                Ok(sqlx::query_scalar("SELECT stored_name FROM files UNION ALL \
                                       SELECT thumb_name FROM files WHERE thumb_name IS NOT NULL")
                    .fetch_all(&self.pool).await?)
            }

            async fn file_checksums(&self) -> $crate::StoreResult<Vec<(String, String)>> {
                Ok(sqlx::query_as("SELECT stored_name, sha256 FROM files ORDER BY id").fetch_all(&self.pool).await?)
            }

            async fn add_delegation(&self, principal_id: i64, delegate_id: i64, now: i64) -> $crate::StoreResult<()> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                let active: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM delegations WHERE principal_id = $1 \
                                                      AND delegate_id = $2 AND revoked_at IS NULL")
                    .bind(principal_id).bind(delegate_id).fetch_one(&mut *tx).await?;
                if active > 0 {
                    return Err($crate::StoreError::Conflict("delegate"));
                }
                sqlx::query("INSERT INTO delegations (principal_id, delegate_id, created_at) VALUES ($1, $2, $3)")
                    .bind(principal_id).bind(delegate_id).bind(now).execute(&mut *tx).await?;
                sqlx::query("INSERT INTO audit_log (at, actor_id, subject_id, action, detail, addr, user_agent) VALUES ($1, $2, $2, 'delegation_granted', $3, $4, $5)")
                    .bind(now).bind(principal_id).bind(delegate_id.to_string()).bind($crate::origin::addr()).bind($crate::origin::user_agent()).execute(&mut *tx).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn revoke_delegation(&self, principal_id: i64, delegation_id: i64, now: i64) -> $crate::StoreResult<bool> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                let done = sqlx::query("UPDATE delegations SET revoked_at = $3 WHERE id = $1 AND principal_id = $2 AND revoked_at IS NULL")
                    .bind(delegation_id).bind(principal_id).bind(now).execute(&mut *tx).await?;
                if done.rows_affected() == 0 {
                    return Ok(false);
                }
                sqlx::query("INSERT INTO audit_log (at, actor_id, subject_id, action, detail, addr, user_agent) VALUES ($1, $2, $2, 'delegation_revoked', $3, $4, $5)")
                    .bind(now).bind(principal_id).bind(delegation_id.to_string()).bind($crate::origin::addr()).bind($crate::origin::user_agent()).execute(&mut *tx).await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn notify(&self, notices: &[$crate::Notice], link: &str, now: i64) -> $crate::StoreResult<()> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                $crate::application_queries::write_notices!(self.cipher, tx, notices, None::<i64>, Some(link), now);
                tx.commit().await?;
                Ok(())
            }

            async fn invite_delegate(&self, principal_id: i64, to: &$crate::InviteKey, phone_masked: &str, name_masked: &str,
                                     now: i64, expires_at: i64) -> $crate::StoreResult<i64> {
                Ok(sqlx::query_scalar("INSERT INTO delegation_invites (principal_id, phone_key, name_key, phone_masked, name_masked, \
                                       created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
                    .bind(principal_id).bind(&to.phone_key).bind(&to.name_key).bind(phone_masked).bind(name_masked)
                    .bind(now).bind(expires_at).fetch_one(&self.pool).await?)
            }

            async fn invites_from(&self, principal_id: i64, now: i64) -> $crate::StoreResult<Vec<$crate::InviteRow>> {
                Ok(sqlx::query_as("SELECT i.id, i.principal_id, u.name AS principal_name, i.phone_masked, i.name_masked, \
                                   i.created_at, i.expires_at FROM delegation_invites i JOIN users u ON u.id = i.principal_id \
                                   WHERE i.principal_id = $1 AND i.status = 'pending' AND i.expires_at > $2 ORDER BY i.id DESC")
                    .bind(principal_id).bind(now).fetch_all(&self.pool).await?)
            }

            async fn invites_for(&self, to: &$crate::InviteKey, now: i64) -> $crate::StoreResult<Vec<$crate::InviteRow>> {
                Ok(sqlx::query_as("SELECT i.id, i.principal_id, u.name AS principal_name, i.phone_masked, i.name_masked, \
                                   i.created_at, i.expires_at FROM delegation_invites i JOIN users u ON u.id = i.principal_id \
                                   WHERE i.phone_key = $1 AND i.name_key = $2 AND i.status = 'pending' AND i.expires_at > $3 \
                                   ORDER BY i.id DESC")
                    .bind(&to.phone_key).bind(&to.name_key).bind(now).fetch_all(&self.pool).await?)
            }

            async fn accept_invite(&self, id: i64, delegate_id: i64, to: &$crate::InviteKey, now: i64) -> $crate::StoreResult<bool> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                let principal: Option<i64> = sqlx::query_scalar(
                        "UPDATE delegation_invites SET status = 'accepted', delegate_id = $4, decided_at = $5 \
                         WHERE id = $1 AND phone_key = $2 AND name_key = $3 AND status = 'pending' AND expires_at > $5 \
                         AND principal_id <> $4 RETURNING principal_id")
                    .bind(id).bind(&to.phone_key).bind(&to.name_key).bind(delegate_id).bind(now).fetch_optional(&mut *tx).await?;
                let Some(principal_id) = principal else { return Ok(false) };
                let active: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM delegations WHERE principal_id = $1 \
                                                      AND delegate_id = $2 AND revoked_at IS NULL")
                    .bind(principal_id).bind(delegate_id).fetch_one(&mut *tx).await?;
                if active == 0 {
                    sqlx::query("INSERT INTO delegations (principal_id, delegate_id, created_at) VALUES ($1, $2, $3)")
                        .bind(principal_id).bind(delegate_id).bind(now).execute(&mut *tx).await?;
                    sqlx::query("INSERT INTO audit_log (at, actor_id, subject_id, action, detail, addr, user_agent) \
                                 VALUES ($1, $2, $3, 'delegation_granted', $4, $5, $6)")
                        .bind(now).bind(delegate_id).bind(principal_id).bind(delegate_id.to_string())
                        .bind($crate::origin::addr()).bind($crate::origin::user_agent()).execute(&mut *tx).await?;
                }
                tx.commit().await?;
                Ok(true)
            }

            async fn decline_invite(&self, id: i64, to: &$crate::InviteKey, now: i64) -> $crate::StoreResult<bool> {
                let done = sqlx::query("UPDATE delegation_invites SET status = 'declined', decided_at = $4 \
                                        WHERE id = $1 AND phone_key = $2 AND name_key = $3 AND status = 'pending'")
                    .bind(id).bind(&to.phone_key).bind(&to.name_key).bind(now).execute(&self.pool).await?;
                Ok(done.rows_affected() == 1)
            }

            async fn withdraw_invite(&self, id: i64, principal_id: i64, now: i64) -> $crate::StoreResult<bool> {
                let done = sqlx::query("UPDATE delegation_invites SET status = 'withdrawn', decided_at = $3 \
                                        WHERE id = $1 AND principal_id = $2 AND status = 'pending'")
                    .bind(id).bind(principal_id).bind(now).execute(&self.pool).await?;
                Ok(done.rows_affected() == 1)
            }

            async fn delegates_of(&self, principal_id: i64) -> $crate::StoreResult<Vec<$crate::DelegationRow>> {
                $crate::sealed::open_all(&*self.cipher, sqlx::query_as("SELECT d.id, d.principal_id, d.delegate_id, u.name AS other_name, u.phone AS other_phone, \
                                   d.created_at FROM delegations d JOIN users u ON u.id = d.delegate_id \
                                   WHERE d.principal_id = $1 AND d.revoked_at IS NULL ORDER BY d.id")
                    .bind(principal_id).fetch_all(&self.pool).await?)
            }

            async fn principals_of(&self, delegate_id: i64) -> $crate::StoreResult<Vec<$crate::DelegationRow>> {
                $crate::sealed::open_all(&*self.cipher, sqlx::query_as("SELECT d.id, d.principal_id, d.delegate_id, u.name AS other_name, u.phone AS other_phone, \
                                   d.created_at FROM delegations d JOIN users u ON u.id = d.principal_id \
                                   WHERE d.delegate_id = $1 AND d.revoked_at IS NULL ORDER BY d.id")
                    .bind(delegate_id).fetch_all(&self.pool).await?)
            }

            async fn is_delegate(&self, principal_id: i64, delegate_id: i64) -> $crate::StoreResult<bool> {
                let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM delegations WHERE principal_id = $1 AND delegate_id = $2 \
                                                 AND revoked_at IS NULL")
                    .bind(principal_id).bind(delegate_id).fetch_one(&self.pool).await?;
                Ok(n > 0)
            }

            async fn officers(&self, department: &str, supervisors_only: bool) -> $crate::StoreResult<Vec<$crate::UserRecord>> {
                let sql = format!("SELECT {} FROM users WHERE role = 'officer' AND department_code = $1 \
                                   AND ($2 = 0 OR is_supervisor = 1) ORDER BY id", $crate::queries::USER_COLUMNS);
                $crate::sealed::open_all(&*self.cipher, sqlx::query_as(&sql).bind(department).bind(supervisors_only as i64).fetch_all(&self.pool).await?)
            }

            async fn community_staff(&self, community: &str) -> $crate::StoreResult<Vec<$crate::UserRecord>> {
                let sql = format!("SELECT {} FROM users WHERE role = 'staff' AND community_code = $1 ORDER BY id",
                                  $crate::queries::USER_COLUMNS);
                $crate::sealed::open_all(&*self.cipher, sqlx::query_as(&sql).bind(community).fetch_all(&self.pool).await?)
            }

            async fn set_supervisor(&self, user_id: i64, on: bool) -> $crate::StoreResult<()> {
                sqlx::query("UPDATE users SET is_supervisor = $2 WHERE id = $1").bind(user_id).bind(on as i64)
                    .execute(&self.pool).await?;
                Ok(())
            }

            async fn inbox(&self, user_id: i64, limit: i64) -> $crate::StoreResult<Vec<$crate::NotificationRow>> {
                Ok(sqlx::query_as("SELECT n.id, n.at, n.kind, a.ref_no, n.link, n.text_zh, n.text_en, n.read_at FROM notifications n \
                                   LEFT JOIN applications a ON a.id = n.application_id WHERE n.user_id = $1 \
                                   ORDER BY n.id DESC LIMIT $2")
                    .bind(user_id).bind(limit).fetch_all(&self.pool).await?)
            }

            async fn unread_count(&self, user_id: i64) -> $crate::StoreResult<i64> {
                Ok(sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL")
                    .bind(user_id).fetch_one(&self.pool).await?)
            }

            async fn mark_inbox_read(&self, user_id: i64, now: i64) -> $crate::StoreResult<()> {
                sqlx::query("UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL")
                    .bind(user_id).bind(now).execute(&self.pool).await?;
                Ok(())
            }

            async fn notify_prefs(&self, user_id: i64) -> $crate::StoreResult<$crate::NotifyPrefs> {
                let found: Option<$crate::NotifyPrefs> =
                    sqlx::query_as("SELECT sms, email, email_address FROM notify_prefs WHERE user_id = $1")
                        .bind(user_id).fetch_optional(&self.pool).await?;
                Ok(found.unwrap_or($crate::NotifyPrefs { sms: 1, email: 0, email_address: String::new() }))
            }

            async fn set_notify_prefs(&self, user_id: i64, p: &$crate::NotifyPrefs) -> $crate::StoreResult<()> {
                sqlx::query("INSERT INTO notify_prefs (user_id, sms, email, email_address) VALUES ($1, $2, $3, $4) \
                             ON CONFLICT (user_id) DO UPDATE SET sms = excluded.sms, email = excluded.email, \
                             email_address = excluded.email_address")
                    .bind(user_id).bind(p.sms).bind(p.email).bind(&p.email_address).execute(&self.pool).await?;
                Ok(())
            }

            async fn reply_templates(&self, department: &str) -> $crate::StoreResult<Vec<$crate::TemplateRow>> {
                Ok(sqlx::query_as("SELECT id, action, title, body FROM reply_templates \
                                   WHERE department_code IS NULL OR department_code = $1 ORDER BY action, id")
                    .bind(department).fetch_all(&self.pool).await?)
            }
        }
    };
}
pub(crate) use {attach_files, impl_application_store, write_audit, write_notices};

//! The SQL of `FeedbackStore`, written once for both engines (see `queries.rs`).

pub(crate) const FEEDBACK_SELECT: &str = "SELECT f.id, f.ref_no, f.category_code, c.name AS category_name, \
    c.name_en AS category_name_en, f.kind, f.resident_id, u.name AS resident_name, f.filed_by_id, f.source, f.channel, \
    f.reporter_name, f.reporter_contact, f.title, f.body, f.building_id, f.address, f.community_code, f.lat, f.lng, \
    f.media_url, f.order_id, f.is_public, f.unit_kind, f.unit_code, f.handler_id, f.status, f.submitted_at, f.first_deadline, \
    f.deadline, f.first_reply_at, f.closed_at, f.was_overdue, f.reopened, f.reminded_at, f.overdue_alerted_at, f.updated_at \
    FROM feedback f JOIN feedback_categories c ON c.code = f.category_code LEFT JOIN users u ON u.id = f.resident_id";

pub(crate) const EVENT_SELECT: &str = "SELECT e.id, e.feedback_id, f.ref_no, e.at, u.role AS actor_role, e.kind, \
    e.unit_code, e.note, e.visible, e.private, e.status_after FROM feedback_events e \
    JOIN feedback f ON f.id = e.feedback_id LEFT JOIN users u ON u.id = e.actor_id";

pub(crate) const EVALUATION_COLUMNS: &str = "id, subject_kind, subject_id, resident_id, unit_kind, unit_code, overall, \
    efficiency, guide, convenience, usability, comment, set_aside, created_at, updated_at";

pub(crate) const RECTIFICATION_SELECT: &str = "SELECT r.id, r.evaluation_id, e.subject_kind, e.subject_id, e.resident_id, \
    e.overall, e.comment, r.unit_kind, r.unit_code, r.status, r.opened_at, r.deadline, r.handler_id, r.called_at, \
    r.call_note, r.outcome, r.outcome_note, r.done_at, r.appeal_reason, r.appealed_at, r.appeal_decision, r.appeal_note, \
    r.decided_at FROM rectifications r JOIN evaluations e ON e.id = r.evaluation_id";

macro_rules! impl_feedback_store {
    ($store:ident, $begin_write:literal) => {
        #[async_trait::async_trait]
        impl $crate::FeedbackStore for $store {
            async fn feedback_categories(&self) -> $crate::StoreResult<Vec<$crate::CategoryRow>> {
                Ok(sqlx::query_as("SELECT code, kind, name, name_en, description, by_community, department_code, \
                                   deadline_days, sort FROM feedback_categories ORDER BY sort, code")
                    .fetch_all(&self.pool).await?)
            }

            async fn seed_feedback_category(&self, c: &$crate::CategoryRow) -> $crate::StoreResult<()> {
                sqlx::query("INSERT INTO feedback_categories (code, kind, name, name_en, description, by_community, \
                             department_code, deadline_days, sort) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
                             ON CONFLICT (code) DO NOTHING")
                    .bind(&c.code).bind(&c.kind).bind(&c.name).bind(&c.name_en).bind(&c.description)
                    .bind(c.by_community).bind(&c.department_code).bind(c.deadline_days).bind(c.sort)
                    .execute(&self.pool).await?;
                Ok(())
            }

            async fn set_category_deadline(&self, code: &str, days: i64, by: i64, now: i64) -> $crate::StoreResult<bool> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                let done = sqlx::query("UPDATE feedback_categories SET deadline_days = $2, updated_at = $3, updated_by = $4 WHERE code = $1")
                    .bind(code).bind(days).bind(now).bind(by).execute(&mut *tx).await?;
                if done.rows_affected() == 0 {
                    return Ok(false);
                }
                sqlx::query("INSERT INTO audit_log (at, actor_id, subject_id, action, detail, addr, user_agent) VALUES ($1, $2, NULL, 'feedback_deadline_set', $3, $4, $5)")
                    .bind(now).bind(by).bind(format!("{code}={days}")).bind($crate::origin::addr()).bind($crate::origin::user_agent()).execute(&mut *tx).await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn create_feedback(&self, f: &$crate::NewFeedback, files: &[$crate::NewFile],
                notices: &[$crate::Notice], audit: &[$crate::AuditEntry], now: i64) -> $crate::StoreResult<i64> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                let inserted = sqlx::query_scalar(
                        "INSERT INTO feedback (ref_no, category_code, kind, resident_id, filed_by_id, source, api_key_id, \
                         reporter_name, reporter_contact, title, body, building_id, address, community_code, lat, lng, media_url, \
                         is_public, unit_kind, unit_code, status, submitted_at, first_deadline, deadline, updated_at, order_id, channel, consent_note) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, \
                         'open', $21, $22, $22, $21, $23, $24, $25) RETURNING id")
                    .bind(&f.ref_no).bind(&f.category_code).bind(&f.kind).bind(f.resident_id).bind(f.filed_by_id)
                    .bind(f.source).bind(f.api_key_id).bind(&f.reporter_name).bind(self.cipher.seal("feedback.reporter_contact", &f.reporter_contact)).bind(&f.title)
                    .bind(&f.body).bind(f.building_id).bind(&f.address).bind(&f.community_code).bind(f.lat).bind(f.lng)
                    .bind(&f.media_url).bind(f.is_public as i64).bind(&f.unit_kind).bind(&f.unit_code).bind(now).bind(&f.deadline).bind(f.order_id)
                    .bind(f.channel).bind(&f.consent_note)
                    .fetch_one(&mut *tx).await;
                let id: i64 = match inserted {
                    Ok(id) => id,
                    Err(e) if $crate::is_unique_violation(&e) => {
                        return Err($crate::StoreError::Conflict("ref_no"))
                    }
                    Err(e) => return Err(e.into()),
                };
                // A client's photos belong to the administrator who issued its key, who answers
                // for that client; a resident's, to the resident.
                let owner: Option<i64> = match (f.resident_id, f.api_key_id) {
                    (Some(resident), _) => Some(resident),
                    (None, Some(key)) => sqlx::query_scalar("SELECT created_by FROM api_keys WHERE id = $1")
                        .bind(key).fetch_optional(&mut *tx).await?,
                    (None, None) => None,
                };
                if owner.is_none() && !files.is_empty() {
                    return Err(sqlx::Error::Protocol("feedback photos need an owner: a resident or an API key".into()).into());
                }
                if let Some(owner) = owner {
                    for file in files {
                        let file_id: i64 = sqlx::query_scalar(
                                "INSERT INTO files (owner_id, uploaded_by, kind, original_name, stored_name, thumb_name, mime, size, \
                                 sha256, in_wallet, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $10) RETURNING id")
                            .bind(owner).bind(f.filed_by_id.unwrap_or(owner)).bind(&file.slot).bind(&file.original_name)
                            .bind(&file.stored_name).bind(&file.thumb_name).bind(&file.mime).bind(file.size).bind(&file.sha256).bind(now)
                            .fetch_one(&mut *tx).await?;
                        sqlx::query("INSERT INTO feedback_files (feedback_id, file_id, added_at) VALUES ($1, $2, $3)")
                            .bind(id).bind(file_id).bind(now).execute(&mut *tx).await?;
                    }
                }
                sqlx::query("INSERT INTO feedback_events (feedback_id, at, actor_id, kind, unit_code, visible, status_after) \
                             VALUES ($1, $2, $3, 'submitted', $4, 1, 'open')")
                    .bind(id).bind(now).bind(f.filed_by_id).bind(&f.unit_code).execute(&mut *tx).await?;
                let link = format!("/feedback/{}", f.ref_no);
                $crate::application_queries::write_notices!(self.cipher, tx, notices, None::<i64>, Some(&link), now);
                $crate::application_queries::write_audit!(tx, audit, now);
                tx.commit().await?;
                Ok(id)
            }

            async fn feedback_by_ref(&self, ref_no: &str) -> $crate::StoreResult<Option<$crate::FeedbackRow>> {
                let sql = format!("{} WHERE f.ref_no = $1", $crate::feedback_queries::FEEDBACK_SELECT);
                $crate::sealed::open_one(&*self.cipher, sqlx::query_as(&sql).bind(ref_no).fetch_optional(&self.pool).await?)
            }

            async fn feedback_by_id(&self, id: i64) -> $crate::StoreResult<Option<$crate::FeedbackRow>> {
                let sql = format!("{} WHERE f.id = $1", $crate::feedback_queries::FEEDBACK_SELECT);
                $crate::sealed::open_one(&*self.cipher, sqlx::query_as(&sql).bind(id).fetch_optional(&self.pool).await?)
            }

            async fn find_feedback(&self, q: &$crate::FeedbackQuery) -> $crate::StoreResult<Vec<$crate::FeedbackRow>> {
                // Lists travel as one comma-joined parameter so the SQL stays the same on both engines.
                let join = |v: &[String]| if v.is_empty() { String::new() } else { format!(",{},", v.join(",")) };
                let statuses: Vec<String> = q.statuses.iter().map(|s| s.to_string()).collect();
                let (unit_kind, unit_code) = q.unit.clone().unwrap_or_default();
                let sql = format!("{} WHERE ($1 = 0 OR f.is_public = 1) AND ($2 = '' OR (f.unit_kind = $2 AND f.unit_code = $3)) \
                                   AND ($4 = 0 OR f.resident_id = $4) AND ($5 = '' OR $5 LIKE '%,' || f.ref_no || ',%') \
                                   AND ($6 = '' OR $6 LIKE '%,' || f.category_code || ',%') \
                                   AND ($7 = '' OR $7 LIKE '%,' || f.status || ',%') \
                                   AND f.submitted_at >= $8 AND f.submitted_at < $9 \
                                   ORDER BY f.submitted_at DESC, f.id DESC LIMIT $10",
                                  $crate::feedback_queries::FEEDBACK_SELECT);
                $crate::sealed::open_all(&*self.cipher, sqlx::query_as(&sql)
                    .bind(q.public_only as i64).bind(unit_kind).bind(unit_code).bind(q.resident_id.unwrap_or(0))
                    .bind(join(&q.refs)).bind(join(&q.categories)).bind(join(&statuses))
                    .bind(q.from.unwrap_or(0)).bind(q.to.unwrap_or(i64::MAX)).bind(q.limit.max(1))
                    .fetch_all(&self.pool).await?)
            }

            async fn feedback_photos(&self, feedback_id: i64) -> $crate::StoreResult<Vec<$crate::FileRow>> {
                let sql = format!("SELECT {} FROM feedback_files ff JOIN files f ON f.id = ff.file_id WHERE ff.feedback_id = $1 ORDER BY f.id",
                                  $crate::application_queries::FILE_COLUMNS);
                Ok(sqlx::query_as(&sql).bind(feedback_id).fetch_all(&self.pool).await?)
            }

            async fn feedback_using_file(&self, file_id: i64) -> $crate::StoreResult<Vec<$crate::FeedbackRow>> {
                let sql = format!("{} WHERE f.id IN (SELECT feedback_id FROM feedback_files WHERE file_id = $1)",
                                  $crate::feedback_queries::FEEDBACK_SELECT);
                $crate::sealed::open_all(&*self.cipher, sqlx::query_as(&sql).bind(file_id).fetch_all(&self.pool).await?)
            }

            async fn feedback_events(&self, feedback_id: i64) -> $crate::StoreResult<Vec<$crate::FeedbackEventRow>> {
                let sql = format!("{} WHERE e.feedback_id = $1 ORDER BY e.id", $crate::feedback_queries::EVENT_SELECT);
                Ok(sqlx::query_as(&sql).bind(feedback_id).fetch_all(&self.pool).await?)
            }

            async fn feedback_glances(&self, feedback_ids: &[i64]) -> $crate::StoreResult<Vec<$crate::FeedbackGlance>> {
                if feedback_ids.is_empty() {
                    return Ok(Vec::new());
                }
                // The ids are integers from the database, so they go into the text as they are.
                let ids = feedback_ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
                let sql = format!("SELECT f.id AS feedback_id, \
                    (SELECT e.note FROM feedback_events e WHERE e.feedback_id = f.id AND e.visible = 1 AND e.note <> '' \
                     ORDER BY e.id DESC LIMIT 1) AS status_note, \
                    (SELECT MIN(ff.file_id) FROM feedback_files ff WHERE ff.feedback_id = f.id) AS first_photo \
                    FROM feedback f WHERE f.id IN ({ids})");
                Ok(sqlx::query_as(&sql).fetch_all(&self.pool).await?)
            }

            async fn public_feedback_events(&self, from: i64, to: i64, limit: i64) -> $crate::StoreResult<Vec<$crate::FeedbackEventRow>> {
                let sql = format!("{} WHERE e.visible = 1 AND f.is_public = 1 AND e.at >= $1 AND e.at < $2 ORDER BY e.at, e.id LIMIT $3",
                                  $crate::feedback_queries::EVENT_SELECT);
                Ok(sqlx::query_as(&sql).bind(from).bind(to).bind(limit).fetch_all(&self.pool).await?)
            }

            async fn feedback_step(&self, s: &$crate::FeedbackStep, now: i64) -> $crate::StoreResult<bool> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                let e = &s.effects;
                let (unit_kind, unit_code) = e.transfer_to.clone().map(|(k, c)| (Some(k), Some(c))).unwrap_or((None, None));
                // Closing after the deadline day marks the item late for good.
                let closes = e.closes_on.is_some() as i64;
                let sql = format!(
                        "UPDATE feedback SET status = COALESCE($2, status), unit_kind = COALESCE($3, unit_kind), unit_code = COALESCE($4, unit_code), \
                         handler_id = CASE WHEN $4 IS NOT NULL THEN NULL ELSE COALESCE($5, handler_id) END, \
                         first_reply_at = CASE WHEN $6 = 1 AND first_reply_at IS NULL THEN $7 ELSE first_reply_at END, \
                         closed_at = CASE WHEN $8 = 1 THEN $7 WHEN $10 = 1 THEN NULL ELSE closed_at END, \
                         was_overdue = CASE WHEN $8 = 1 AND $11 > deadline THEN 1 ELSE was_overdue END, \
                         deadline = COALESCE($9, deadline), \
                         reminded_at = CASE WHEN $9 IS NULL THEN reminded_at ELSE NULL END, \
                         overdue_alerted_at = CASE WHEN $9 IS NULL THEN overdue_alerted_at ELSE NULL END, \
                         reopened = reopened + $10, updated_at = $7 \
                         WHERE id = $1 AND {}", $crate::status_in(12, s.from));
                let mut update = sqlx::query(&sql)
                    .bind(s.id).bind(s.to).bind(unit_kind).bind(unit_code).bind(e.handler_id)
                    .bind(e.first_reply as i64).bind(now).bind(closes).bind(&e.deadline).bind(e.reopens as i64)
                    .bind(&e.closes_on);
                for state in s.from {
                    update = update.bind(*state);
                }
                let changed = update.execute(&mut *tx).await?;
                if changed.rows_affected() == 0 {
                    return Ok(false);
                }
                let (ref_no, unit, status): (String, String, String) = sqlx::query_as("SELECT ref_no, unit_code, status FROM feedback WHERE id = $1")
                    .bind(s.id).fetch_one(&mut *tx).await?;
                sqlx::query("INSERT INTO feedback_events (feedback_id, at, actor_id, kind, unit_code, note, visible, private, status_after) \
                             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
                    .bind(s.id).bind(now).bind(s.actor_id).bind(s.event_kind).bind(unit).bind(&s.note)
                    .bind(e.public as i64).bind(e.private as i64).bind(status)
                    .execute(&mut *tx).await?;
                let link = format!("/feedback/{ref_no}");
                $crate::application_queries::write_notices!(self.cipher, tx, &s.notices, None::<i64>, Some(&link), now);
                $crate::application_queries::write_audit!(tx, &s.audit, now);
                tx.commit().await?;
                Ok(true)
            }

            async fn follow_feedback(&self, feedback_id: i64, user_id: i64, now: i64) -> $crate::StoreResult<bool> {
                let done = sqlx::query("INSERT INTO feedback_follows (feedback_id, user_id, at) VALUES ($1, $2, $3) \
                                        ON CONFLICT (feedback_id, user_id) DO NOTHING")
                    .bind(feedback_id).bind(user_id).bind(now).execute(&self.pool).await?;
                Ok(done.rows_affected() > 0)
            }

            async fn feedback_followers(&self, feedback_id: i64) -> $crate::StoreResult<Vec<i64>> {
                Ok(sqlx::query_scalar("SELECT user_id FROM feedback_follows WHERE feedback_id = $1 ORDER BY at")
                    .bind(feedback_id).fetch_all(&self.pool).await?)
            }

            async fn followed_feedback(&self, user_id: i64) -> $crate::StoreResult<Vec<$crate::FeedbackRow>> {
                let sql = format!("{} WHERE f.id IN (SELECT feedback_id FROM feedback_follows WHERE user_id = $1) \
                                   ORDER BY f.submitted_at DESC", $crate::feedback_queries::FEEDBACK_SELECT);
                $crate::sealed::open_all(&*self.cipher, sqlx::query_as(&sql).bind(user_id).fetch_all(&self.pool).await?)
            }

            async fn record_feedback_alert(&self, feedback_id: i64, overdue: bool, notices: &[$crate::Notice], now: i64)
                -> $crate::StoreResult<bool> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                let sql = if overdue {
                    "UPDATE feedback SET overdue_alerted_at = $2, was_overdue = 1 WHERE id = $1 AND overdue_alerted_at IS NULL"
                } else {
                    "UPDATE feedback SET reminded_at = $2 WHERE id = $1 AND reminded_at IS NULL"
                };
                if sqlx::query(sql).bind(feedback_id).bind(now).execute(&mut *tx).await?.rows_affected() == 0 {
                    return Ok(false);
                }
                let kind = if overdue { "overdue" } else { "reminded" };
                sqlx::query("INSERT INTO feedback_events (feedback_id, at, kind, unit_code, private, status_after) \
                             SELECT id, $2, $3, unit_code, 1, status FROM feedback WHERE id = $1")
                    .bind(feedback_id).bind(now).bind(kind).execute(&mut *tx).await?;
                let ref_no: String = sqlx::query_scalar("SELECT ref_no FROM feedback WHERE id = $1").bind(feedback_id).fetch_one(&mut *tx).await?;
                let link = format!("/feedback/{ref_no}");
                $crate::application_queries::write_notices!(self.cipher, tx, notices, None::<i64>, Some(&link), now);
                tx.commit().await?;
                Ok(true)
            }

            async fn feedback_stats(&self, from: i64, to: i64) -> $crate::StoreResult<Vec<$crate::FeedbackStatRow>> {
                Ok(sqlx::query_as("SELECT unit_kind, unit_code, submitted_at, first_deadline, deadline, first_reply_at, closed_at, \
                                   was_overdue FROM feedback WHERE submitted_at >= $1 AND submitted_at < $2")
                    .bind(from).bind(to).fetch_all(&self.pool).await?)
            }

            async fn evaluation_for(&self, subject_kind: &str, subject_id: i64) -> $crate::StoreResult<Option<$crate::EvaluationRow>> {
                let sql = format!("SELECT {} FROM evaluations WHERE subject_kind = $1 AND subject_id = $2",
                                  $crate::feedback_queries::EVALUATION_COLUMNS);
                Ok(sqlx::query_as(&sql).bind(subject_kind).bind(subject_id).fetch_optional(&self.pool).await?)
            }

            async fn evaluations_by(&self, resident_id: i64) -> $crate::StoreResult<Vec<$crate::EvaluationRow>> {
                let sql = format!("SELECT {} FROM evaluations WHERE resident_id = $1 ORDER BY id DESC",
                                  $crate::feedback_queries::EVALUATION_COLUMNS);
                Ok(sqlx::query_as(&sql).bind(resident_id).fetch_all(&self.pool).await?)
            }

            async fn save_evaluation(&self, e: &$crate::NewEvaluation, rectify_by: Option<String>,
                notices: &[$crate::Notice], now: i64, change_after: i64) -> $crate::StoreResult<Option<i64>> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                let [overall, efficiency, guide, convenience, usability] = e.levels;
                // One rating per item; the same resident may change it while it is recent enough.
                let id: Option<i64> = sqlx::query_scalar(
                        "INSERT INTO evaluations (subject_kind, subject_id, resident_id, unit_kind, unit_code, overall, efficiency, \
                         guide, convenience, usability, comment, created_at, updated_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) \
                         ON CONFLICT (subject_kind, subject_id) DO UPDATE SET overall = excluded.overall, \
                         efficiency = excluded.efficiency, guide = excluded.guide, convenience = excluded.convenience, \
                         usability = excluded.usability, comment = excluded.comment, updated_at = excluded.updated_at \
                         WHERE evaluations.resident_id = excluded.resident_id AND evaluations.created_at > $13 \
                         RETURNING id")
                    .bind(e.subject_kind).bind(e.subject_id).bind(e.resident_id).bind(&e.unit_kind).bind(&e.unit_code)
                    .bind(overall).bind(efficiency).bind(guide).bind(convenience).bind(usability).bind(&e.comment)
                    .bind(now).bind(change_after)
                    .fetch_optional(&mut *tx).await?;
                let Some(id) = id else { return Ok(None) };
                if let Some(deadline) = rectify_by {
                    sqlx::query("INSERT INTO rectifications (evaluation_id, unit_kind, unit_code, status, opened_at, deadline) \
                                 VALUES ($1, $2, $3, 'open', $4, $5) ON CONFLICT (evaluation_id) DO NOTHING")
                        .bind(id).bind(&e.unit_kind).bind(&e.unit_code).bind(now).bind(deadline).execute(&mut *tx).await?;
                }
                sqlx::query("INSERT INTO audit_log (at, actor_id, subject_id, action, detail, addr, user_agent) VALUES ($1, $2, $2, 'evaluation_saved', $3, $4, $5)")
                    .bind(now).bind(e.resident_id).bind(format!("{}:{}={}", e.subject_kind, e.subject_id, overall))
                    .bind($crate::origin::addr()).bind($crate::origin::user_agent()).execute(&mut *tx).await?;
                $crate::application_queries::write_notices!(self.cipher, tx, notices, None::<i64>, Some("/work/rectifications"), now);
                tx.commit().await?;
                Ok(Some(id))
            }

            async fn evaluation_stats(&self, from: i64, to: i64) -> $crate::StoreResult<Vec<$crate::EvaluationStatRow>> {
                Ok(sqlx::query_as("SELECT unit_kind, unit_code, overall FROM evaluations WHERE set_aside = 0 \
                                   AND subject_kind <> 'rectification' AND created_at >= $1 AND created_at < $2")
                    .bind(from).bind(to).fetch_all(&self.pool).await?)
            }

            async fn rectifications(&self, unit: Option<(&str, &str)>, status: Option<&str>, resident_id: Option<i64>)
                -> $crate::StoreResult<Vec<$crate::RectificationRow>> {
                let (kind, code) = unit.unwrap_or(("", ""));
                let sql = format!("{} WHERE ($1 = '' OR (r.unit_kind = $1 AND r.unit_code = $2)) AND ($3 = '' OR r.status = $3) \
                                   AND ($4 = 0 OR e.resident_id = $4) ORDER BY r.deadline, r.id LIMIT 500",
                                  $crate::feedback_queries::RECTIFICATION_SELECT);
                Ok(sqlx::query_as(&sql).bind(kind).bind(code).bind(status.unwrap_or("")).bind(resident_id.unwrap_or(0))
                    .fetch_all(&self.pool).await?)
            }

            async fn rectification(&self, id: i64) -> $crate::StoreResult<Option<$crate::RectificationRow>> {
                let sql = format!("{} WHERE r.id = $1", $crate::feedback_queries::RECTIFICATION_SELECT);
                Ok(sqlx::query_as(&sql).bind(id).fetch_optional(&self.pool).await?)
            }

            async fn rectification_step(&self, s: &$crate::RectificationStep, now: i64) -> $crate::StoreResult<bool> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                use $crate::RectificationChange as Change;
                let note = Some(s.note.clone());
                let (mut call_note, mut outcome, mut outcome_note, mut appeal_reason, mut decision, mut decision_note) =
                    (None, None, None, None, None, None);
                match s.effects {
                    Change::Call => call_note = note,
                    Change::Outcome(kind) => (outcome, outcome_note) = (Some(kind), note),
                    Change::Appeal => appeal_reason = note,
                    Change::Decision { upheld } => (decision, decision_note) = (Some(if upheld { "upheld" } else { "dismissed" }), note),
                }
                // A dismissed appeal returns the case to where it was when appealed.
                let sql = format!(
                        "UPDATE rectifications SET \
                         status = CASE WHEN $9 = 'dismissed' THEN COALESCE(appeal_from, 'open') ELSE COALESCE($2, status) END, \
                         handler_id = CASE WHEN $3 IS NULL THEN handler_id ELSE $4 END, \
                         called_at = CASE WHEN $3 IS NULL THEN called_at ELSE $5 END, call_note = COALESCE($3, call_note), \
                         outcome = COALESCE($6, outcome), outcome_note = COALESCE($7, outcome_note), \
                         done_at = CASE WHEN $6 IS NULL THEN done_at ELSE $5 END, \
                         appeal_from = CASE WHEN $8 IS NULL THEN appeal_from ELSE status END, \
                         appeal_reason = COALESCE($8, appeal_reason), appealed_at = CASE WHEN $8 IS NULL THEN appealed_at ELSE $5 END, \
                         appeal_decision = COALESCE($9, appeal_decision), appeal_note = COALESCE($10, appeal_note), \
                         decided_by = CASE WHEN $9 IS NULL THEN decided_by ELSE $4 END, \
                         decided_at = CASE WHEN $9 IS NULL THEN decided_at ELSE $5 END \
                         WHERE id = $1 AND {}", $crate::status_in(11, s.from));
                let mut update = sqlx::query(&sql)
                    .bind(s.id).bind(s.to).bind(call_note).bind(s.actor_id).bind(now).bind(outcome).bind(outcome_note)
                    .bind(appeal_reason).bind(decision).bind(decision_note);
                for state in s.from {
                    update = update.bind(*state);
                }
                let changed = update.execute(&mut *tx).await?;
                if changed.rows_affected() == 0 {
                    return Ok(false);
                }
                if decision == Some("upheld") {
                    sqlx::query("UPDATE evaluations SET set_aside = 1 WHERE id = (SELECT evaluation_id FROM rectifications WHERE id = $1)")
                        .bind(s.id).execute(&mut *tx).await?;
                }
                let link = format!("/rectifications/{}", s.id);
                $crate::application_queries::write_notices!(self.cipher, tx, &s.notices, None::<i64>, Some(&link), now);
                $crate::application_queries::write_audit!(tx, &s.audit, now);
                tx.commit().await?;
                Ok(true)
            }

            async fn record_rectification_alert(&self, id: i64, notices: &[$crate::Notice], now: i64) -> $crate::StoreResult<bool> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                let done = sqlx::query("UPDATE rectifications SET overdue_alerted_at = $2 WHERE id = $1 AND overdue_alerted_at IS NULL \
                                        AND status IN ('open', 'called')")
                    .bind(id).bind(now).execute(&mut *tx).await?;
                if done.rows_affected() == 0 {
                    return Ok(false);
                }
                let link = format!("/rectifications/{id}");
                $crate::application_queries::write_notices!(self.cipher, tx, notices, None::<i64>, Some(&link), now);
                tx.commit().await?;
                Ok(true)
            }

            async fn users_with_role(&self, role: &str) -> $crate::StoreResult<Vec<i64>> {
                Ok(sqlx::query_scalar("SELECT id FROM users WHERE role = $1 ORDER BY id").bind(role).fetch_all(&self.pool).await?)
            }

            async fn add_api_key(&self, name: &str, key_hash: &str, by: i64, now: i64) -> $crate::StoreResult<i64> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                let id: i64 = sqlx::query_scalar("INSERT INTO api_keys (name, key_hash, created_by, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
                    .bind(name).bind(key_hash).bind(by).bind(now).fetch_one(&mut *tx).await?;
                sqlx::query("INSERT INTO audit_log (at, actor_id, subject_id, action, detail, addr, user_agent) VALUES ($1, $2, NULL, 'api_key_issued', $3, $4, $5)")
                    .bind(now).bind(by).bind(format!("{id}:{name}")).bind($crate::origin::addr()).bind($crate::origin::user_agent()).execute(&mut *tx).await?;
                tx.commit().await?;
                Ok(id)
            }

            async fn api_key_by_hash(&self, key_hash: &str) -> $crate::StoreResult<Option<$crate::ApiKeyRow>> {
                Ok(sqlx::query_as("SELECT id, name, created_at, revoked_at, may_update FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL")
                    .bind(key_hash).fetch_optional(&self.pool).await?)
            }

            async fn api_keys(&self) -> $crate::StoreResult<Vec<$crate::ApiKeyRow>> {
                Ok(sqlx::query_as("SELECT id, name, created_at, revoked_at, may_update FROM api_keys ORDER BY id DESC")
                    .fetch_all(&self.pool).await?)
            }

            async fn revoke_api_key(&self, id: i64, by: i64, now: i64) -> $crate::StoreResult<bool> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                let done = sqlx::query("UPDATE api_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL")
                    .bind(id).bind(now).execute(&mut *tx).await?;
                if done.rows_affected() == 0 {
                    return Ok(false);
                }
                sqlx::query("INSERT INTO audit_log (at, actor_id, subject_id, action, detail, addr, user_agent) VALUES ($1, $2, NULL, 'api_key_revoked', $3, $4, $5)")
                    .bind(now).bind(by).bind(id.to_string()).bind($crate::origin::addr()).bind($crate::origin::user_agent()).execute(&mut *tx).await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn allow_api_key_updates(&self, id: i64, allowed: bool, by: i64, now: i64) -> $crate::StoreResult<bool> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                let done = sqlx::query("UPDATE api_keys SET may_update = $2 WHERE id = $1 AND revoked_at IS NULL")
                    .bind(id).bind(allowed as i64).execute(&mut *tx).await?;
                if done.rows_affected() == 0 {
                    return Ok(false);
                }
                let action = if allowed { "api_key_updates_allowed" } else { "api_key_updates_stopped" };
                sqlx::query("INSERT INTO audit_log (at, actor_id, subject_id, action, detail, addr, user_agent) VALUES ($1, $2, NULL, $3, $4, $5, $6)")
                    .bind(now).bind(by).bind(action).bind(id.to_string()).bind($crate::origin::addr()).bind($crate::origin::user_agent()).execute(&mut *tx).await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn add_client_update(&self, ref_no: &str, key_id: i64, note: &str, now: i64) -> $crate::StoreResult<Option<i64>> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                let item: Option<(i64, String, String)> = sqlx::query_as("SELECT id, status, unit_code FROM feedback WHERE ref_no = $1 AND is_public = 1")
                    .bind(ref_no).fetch_optional(&mut *tx).await?;
                let Some((id, status, unit)) = item else { return Ok(None) };
                let event: i64 = sqlx::query_scalar("INSERT INTO feedback_events (feedback_id, at, actor_id, kind, unit_code, note, visible, status_after) \
                                                     VALUES ($1, $2, NULL, 'client_update', $3, $4, 1, $5) RETURNING id")
                    .bind(id).bind(now).bind(&unit).bind(note).bind(&status).fetch_one(&mut *tx).await?;
                sqlx::query("UPDATE feedback SET updated_at = $2 WHERE id = $1").bind(id).bind(now).execute(&mut *tx).await?;
                sqlx::query("INSERT INTO audit_log (at, actor_id, subject_id, action, detail, addr, user_agent) VALUES ($1, NULL, NULL, 'open311_update', $2, $3, $4)")
                    .bind(now).bind(format!("key {key_id} {ref_no} event {event}")).bind($crate::origin::addr()).bind($crate::origin::user_agent())
                    .execute(&mut *tx).await?;
                tx.commit().await?;
                Ok(Some(event))
            }
        }
    };
}
pub(crate) use impl_feedback_store;

//! The SQL of `HelpStore`, written once for both engines (see `queries.rs`). A request moves by
//! compare-and-set: the status (and the code) read in the transaction must still be there when
//! it is updated, so two volunteers taking the same request cannot both win.

pub(crate) const HELP_SELECT: &str = "SELECT r.id, r.community_code, r.requester_id, q.name AS requester_name, \
    q.phone AS requester_phone, r.posted_by, r.origin, r.kind, r.details, r.building_id, b.name AS building_name, r.needed_on, \
    r.time_slot, r.urgent, r.status, r.status_note, r.volunteer_id, v.name AS volunteer_name, r.code, r.checked_in_at, \
    r.checked_out_at, r.rating, r.thanks, r.created_at FROM help_requests r JOIN users q ON q.id = r.requester_id \
    LEFT JOIN users v ON v.id = r.volunteer_id LEFT JOIN buildings b ON b.id = r.building_id";

pub(crate) const VOLUNTEER_SELECT: &str = "SELECT t.user_id, u.name, t.community_code, t.skills, t.availability, t.status, \
    t.status_reason, t.created_at FROM volunteers t JOIN users u ON u.id = t.user_id";

pub(crate) const HOURS_SELECT: &str = "SELECT h.id, h.volunteer_id, v.name AS volunteer_name, h.request_id, h.community_code, \
    h.kind, h.served_on, h.minutes, h.confirmed_by, c.name AS confirmer_name, h.correction_reason FROM volunteer_hours h \
    JOIN users v ON v.id = h.volunteer_id JOIN users c ON c.id = h.confirmed_by";

/// Minutes summed as BIGINT on both engines (PostgreSQL's SUM of BIGINT is NUMERIC).
pub(crate) fn minutes_sum(table: &str, column: &str, extra: &str) -> String {
    format!("SELECT CAST(COALESCE(SUM(minutes), 0) AS BIGINT) FROM {table} WHERE {column} = $1{extra}")
}

macro_rules! impl_help_store {
    ($store:ident, $begin_write:literal) => {
        #[async_trait::async_trait]
        impl $crate::HelpStore for $store {
            async fn join_team(&self, user_id: i64, community_code: &str, skills: &str, availability: &str, now: i64) -> $crate::StoreResult<()> {
                sqlx::query("INSERT INTO volunteers (user_id, community_code, skills, availability, status, created_at, updated_at) \
                             VALUES ($1, $2, $3, $4, 'pending', $5, $5) ON CONFLICT (user_id) DO UPDATE SET skills = excluded.skills, \
                             availability = excluded.availability, updated_at = excluded.updated_at, \
                             status = CASE WHEN volunteers.status = 'declined' THEN 'pending' ELSE volunteers.status END")
                    .bind(user_id).bind(community_code).bind(skills).bind(availability).bind(now).execute(&self.pool).await?;
                Ok(())
            }

            async fn volunteer(&self, user_id: i64) -> $crate::StoreResult<Option<$crate::VolunteerRow>> {
                let sql = format!("{} WHERE t.user_id = $1", $crate::help_queries::VOLUNTEER_SELECT);
                Ok(sqlx::query_as(&sql).bind(user_id).fetch_optional(&self.pool).await?)
            }

            async fn community_volunteers(&self, community_code: &str, limit: i64) -> $crate::StoreResult<Vec<$crate::VolunteerRow>> {
                let sql = format!("{} WHERE t.community_code = $1 ORDER BY CASE t.status WHEN 'pending' THEN 0 ELSE 1 END, t.created_at LIMIT $2",
                    $crate::help_queries::VOLUNTEER_SELECT);
                Ok(sqlx::query_as(&sql).bind(community_code).bind(limit).fetch_all(&self.pool).await?)
            }

            async fn set_volunteer_status(&self, user_id: i64, community_code: &str, from: &[&str], to: &str, reason: &str,
                audit: &$crate::AuditEntry, now: i64) -> $crate::StoreResult<bool> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                let sql = format!("UPDATE volunteers SET status = $1, status_reason = $2, decided_by = $3, updated_at = $4 \
                                   WHERE user_id = $5 AND community_code = $6 AND {}", $crate::status_in(7, from));
                let mut query = sqlx::query(&sql).bind(to).bind(reason).bind(audit.actor_id).bind(now).bind(user_id).bind(community_code);
                for s in from {
                    query = query.bind(*s);
                }
                if query.execute(&mut *tx).await?.rows_affected() != 1 {
                    return Ok(false);
                }
                $crate::application_queries::write_audit!(tx, std::slice::from_ref(audit), now);
                tx.commit().await?;
                Ok(true)
            }

            async fn create_help_request(&self, r: &$crate::NewHelpRequest, audit: Option<&$crate::AuditEntry>, now: i64) -> $crate::StoreResult<i64> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                let id: i64 = sqlx::query_scalar(
                        "INSERT INTO help_requests (community_code, requester_id, posted_by, origin, kind, details, building_id, needed_on, \
                         time_slot, urgent, status, created_at, updated_at, channel, consent_note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13, $14) RETURNING id")
                    .bind(&r.community_code).bind(r.requester_id).bind(r.posted_by).bind(r.origin).bind(&r.kind)
                    .bind(self.cipher.seal("help_requests.details", &r.details)).bind(r.building_id).bind(&r.needed_on)
                    .bind(&r.time_slot).bind(r.urgent as i64).bind(r.status).bind(now).bind(r.channel).bind(&r.consent_note).fetch_one(&mut *tx).await?;
                $crate::application_queries::write_audit!(tx, audit.into_iter(), now);
                tx.commit().await?;
                Ok(id)
            }

            async fn help_request(&self, id: i64) -> $crate::StoreResult<Option<$crate::HelpRequestRow>> {
                let sql = format!("{} WHERE r.id = $1", $crate::help_queries::HELP_SELECT);
                let row: Option<$crate::HelpRequestRow> = sqlx::query_as(&sql).bind(id).fetch_optional(&self.pool).await?;
                row.map(|r| self.open_help(r)).transpose()
            }

            async fn help_requests_of(&self, user_id: i64, limit: i64) -> $crate::StoreResult<Vec<$crate::HelpRequestRow>> {
                let sql = format!("{} WHERE r.requester_id = $1 OR r.posted_by = $1 ORDER BY r.id DESC LIMIT $2", $crate::help_queries::HELP_SELECT);
                let rows: Vec<$crate::HelpRequestRow> = sqlx::query_as(&sql).bind(user_id).bind(limit).fetch_all(&self.pool).await?;
                rows.into_iter().map(|r| self.open_help(r)).collect()
            }

            async fn community_help_requests(&self, community_code: &str, statuses: &[&str], limit: i64) -> $crate::StoreResult<Vec<$crate::HelpRequestRow>> {
                let sql = format!("{} WHERE r.community_code = $1 AND r.{} ORDER BY r.urgent DESC, r.needed_on, r.id LIMIT $2",
                    $crate::help_queries::HELP_SELECT, $crate::status_in(3, statuses));
                let mut query = sqlx::query_as(&sql).bind(community_code).bind(limit);
                for s in statuses {
                    query = query.bind(*s);
                }
                let rows: Vec<$crate::HelpRequestRow> = query.fetch_all(&self.pool).await?;
                rows.into_iter().map(|r| self.open_help(r)).collect()
            }

            async fn volunteer_help_requests(&self, volunteer_id: i64, limit: i64) -> $crate::StoreResult<Vec<$crate::HelpRequestRow>> {
                let sql = format!("{} WHERE r.volunteer_id = $1 ORDER BY r.id DESC LIMIT $2", $crate::help_queries::HELP_SELECT);
                let rows: Vec<$crate::HelpRequestRow> = sqlx::query_as(&sql).bind(volunteer_id).bind(limit).fetch_all(&self.pool).await?;
                rows.into_iter().map(|r| self.open_help(r)).collect()
            }

            async fn move_help_request(&self, m: &$crate::HelpMove<'_>, now: i64) -> $crate::StoreResult<$crate::HelpMoved> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                let current: Option<(String, Option<i64>, String)> = sqlx::query_as("SELECT status, volunteer_id, code FROM help_requests WHERE id = $1")
                    .bind(m.id).fetch_optional(&mut *tx).await?;
                let Some((status, holder, code)) = current else { return Ok($crate::HelpMoved::Stale) };
                if !m.from.contains(&status.as_str()) || m.held_by.is_some_and(|h| holder != Some(h)) {
                    return Ok($crate::HelpMoved::Stale);
                }
                if let Some(shown) = &m.code_shown {
                    let due = $crate::sealed::open(&*self.cipher, "help_requests.code", code.clone())?;
                    if due.is_empty() || due != shown.trim() {
                        return Ok($crate::HelpMoved::WrongCode);
                    }
                }
                let next_code = m.next_code.as_ref().map(|c| if c.is_empty() { String::new() } else { self.cipher.seal("help_requests.code", c) });
                let moved = sqlx::query("UPDATE help_requests SET status = $2, updated_at = $3, volunteer_id = CASE WHEN $13 = 1 THEN NULL ELSE COALESCE($4, volunteer_id) END, \
                        code = COALESCE($5, code), code_tries = CASE WHEN $5 IS NULL THEN code_tries ELSE 0 END, checked_in_at = CASE WHEN $6 = 1 THEN $3 ELSE checked_in_at END, \
                        checked_out_at = CASE WHEN $7 = 1 THEN $3 ELSE checked_out_at END, rating = COALESCE($8, rating), \
                        thanks = COALESCE($9, thanks), status_note = COALESCE($10, status_note) WHERE id = $1 AND status = $11 AND code = $12")
                    .bind(m.id).bind(m.to).bind(now).bind(m.volunteer_id).bind(next_code).bind(m.check_in as i64).bind(m.check_out as i64)
                    .bind(m.rating).bind(m.thanks.as_deref()).bind(m.note.as_deref()).bind(&status).bind(&code).bind(m.release as i64)
                    .execute(&mut *tx).await?.rows_affected();
                if moved != 1 {
                    return Ok($crate::HelpMoved::Stale);
                }
                if let Some(h) = &m.hours {
                    sqlx::query("INSERT INTO volunteer_hours (volunteer_id, request_id, community_code, kind, served_on, minutes, confirmed_by, \
                                 created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)")
                        .bind(h.volunteer_id).bind(h.request_id).bind(&h.community_code).bind(&h.kind).bind(&h.served_on).bind(h.minutes)
                        .bind(h.confirmed_by).bind(now).execute(&mut *tx).await?;
                }
                $crate::application_queries::write_audit!(tx, m.audit.iter(), now);
                tx.commit().await?;
                Ok($crate::HelpMoved::Moved)
            }

            async fn miss_help_code(&self, id: i64, fresh: &str, now: i64) -> $crate::StoreResult<bool> {
                let tries: Option<i64> = sqlx::query_scalar("UPDATE help_requests SET code_tries = code_tries + 1, updated_at = $2 WHERE id = $1 RETURNING code_tries")
                    .bind(id).bind(now).fetch_optional(&self.pool).await?;
                if tries.unwrap_or(0) < $crate::help::CODE_TRIES {
                    return Ok(false);
                }
                sqlx::query("UPDATE help_requests SET code = $2, code_tries = 0 WHERE id = $1 AND code <> ''")
                    .bind(id).bind(self.cipher.seal("help_requests.code", fresh)).execute(&self.pool).await?;
                Ok(true)
            }

            async fn volunteer_hours(&self, volunteer_id: i64) -> $crate::StoreResult<Vec<$crate::HoursRow>> {
                let sql = format!("{} WHERE h.volunteer_id = $1 ORDER BY h.served_on DESC, h.id DESC", $crate::help_queries::HOURS_SELECT);
                Ok(sqlx::query_as(&sql).bind(volunteer_id).fetch_all(&self.pool).await?)
            }

            async fn community_hours(&self, community_code: &str, limit: i64) -> $crate::StoreResult<Vec<$crate::HoursRow>> {
                let sql = format!("{} WHERE h.community_code = $1 ORDER BY h.served_on DESC, h.id DESC LIMIT $2", $crate::help_queries::HOURS_SELECT);
                Ok(sqlx::query_as(&sql).bind(community_code).bind(limit).fetch_all(&self.pool).await?)
            }

            async fn correct_hours(&self, id: i64, community_code: &str, minutes: i64, reason: &str, audit: &$crate::AuditEntry, now: i64) -> $crate::StoreResult<bool> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                // The entry's volunteer is the subject of the audit (they read it on their record).
                let volunteer: Option<i64> = sqlx::query_scalar("SELECT volunteer_id FROM volunteer_hours WHERE id = $1").bind(id).fetch_optional(&mut *tx).await?;
                let audit = $crate::AuditEntry { subject_id: volunteer.unwrap_or(audit.subject_id), ..audit.clone() };
                let n = sqlx::query("UPDATE volunteer_hours SET minutes = $1, correction_reason = $2, corrected_by = $3, updated_at = $4 \
                                     WHERE id = $5 AND community_code = $6")
                    .bind(minutes).bind(reason).bind(audit.actor_id).bind(now).bind(id).bind(community_code).execute(&mut *tx).await?.rows_affected();
                if n != 1 {
                    return Ok(false);
                }
                $crate::application_queries::write_audit!(tx, std::slice::from_ref(&audit), now);
                tx.commit().await?;
                Ok(true)
            }

            async fn time_bank(&self, user_id: i64, year: i64) -> $crate::StoreResult<$crate::TimeBank> {
                use $crate::help_queries::minutes_sum;
                let mut sums = [0i64; 3];
                for (i, (table, column)) in [("volunteer_hours", "volunteer_id"), ("time_bank_gifts", "giver_id"), ("time_bank_gifts", "receiver_id")].iter().enumerate() {
                    sums[i] = sqlx::query_scalar(&minutes_sum(table, column, "")).bind(user_id).fetch_one(&self.pool).await?;
                }
                let given_this_year = sqlx::query_scalar(&minutes_sum("time_bank_gifts", "giver_id", " AND year = $2")).bind(user_id).bind(year)
                    .fetch_one(&self.pool).await?;
                Ok($crate::TimeBank { earned: sums[0], given: sums[1], received: sums[2], given_this_year })
            }

            async fn give_hours(&self, giver_id: i64, receiver_id: i64, minutes: i64, year: i64, cap: i64, now: i64) -> $crate::StoreResult<$crate::Gift> {
                use $crate::help_queries::minutes_sum;
                let mut tx = self.pool.begin_with($begin_write).await?;
                let earned: i64 = sqlx::query_scalar(&minutes_sum("volunteer_hours", "volunteer_id", "")).bind(giver_id).fetch_one(&mut *tx).await?;
                let given: i64 = sqlx::query_scalar(&minutes_sum("time_bank_gifts", "giver_id", "")).bind(giver_id).fetch_one(&mut *tx).await?;
                let this_year: i64 = sqlx::query_scalar(&minutes_sum("time_bank_gifts", "giver_id", " AND year = $2")).bind(giver_id).bind(year)
                    .fetch_one(&mut *tx).await?;
                if minutes > earned - given {
                    return Ok($crate::Gift::OverBalance);
                }
                if this_year + minutes > cap {
                    return Ok($crate::Gift::OverCap);
                }
                sqlx::query("INSERT INTO time_bank_gifts (giver_id, receiver_id, minutes, year, created_at) VALUES ($1, $2, $3, $4, $5)")
                    .bind(giver_id).bind(receiver_id).bind(minutes).bind(year).bind(now).execute(&mut *tx).await?;
                let audit = $crate::AuditEntry { actor_id: giver_id, subject_id: receiver_id, action: "time_bank_gift".into(), detail: format!("{minutes} min") };
                $crate::application_queries::write_audit!(tx, std::slice::from_ref(&audit), now);
                tx.commit().await?;
                Ok($crate::Gift::Given)
            }

            async fn report_volunteer(&self, request_id: i64, volunteer_id: i64, reporter_id: i64, reason: &str, now: i64) -> $crate::StoreResult<bool> {
                Ok(sqlx::query("INSERT INTO volunteer_reports (request_id, volunteer_id, reporter_id, reason, created_at) VALUES ($1, $2, $3, $4, $5) \
                                ON CONFLICT (request_id, reporter_id) DO NOTHING")
                    .bind(request_id).bind(volunteer_id).bind(reporter_id).bind(self.cipher.seal("volunteer_reports.reason", reason)).bind(now)
                    .execute(&self.pool).await?.rows_affected() == 1)
            }

            async fn community_reports(&self, community_code: &str, limit: i64) -> $crate::StoreResult<Vec<$crate::VolunteerReportRow>> {
                let rows: Vec<$crate::VolunteerReportRow> = sqlx::query_as(
                        "SELECT p.id, p.request_id, p.volunteer_id, v.name AS volunteer_name, p.reason, p.created_at FROM volunteer_reports p \
                         JOIN help_requests r ON r.id = p.request_id JOIN users v ON v.id = p.volunteer_id \
                         WHERE r.community_code = $1 ORDER BY p.id DESC LIMIT $2")
                    .bind(community_code).bind(limit).fetch_all(&self.pool).await?;
                rows.into_iter().map(|mut r| {
                    r.reason = $crate::sealed::open(&*self.cipher, "volunteer_reports.reason", r.reason)?;
                    Ok(r)
                }).collect()
            }

            async fn issue_certificate(&self, c: &$crate::CertificateRow, now: i64) -> $crate::StoreResult<()> {
                sqlx::query("INSERT INTO volunteer_certificates (code, volunteer_id, minutes, services, issued_on, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
                    .bind(&c.code).bind(c.volunteer_id).bind(c.minutes).bind(c.services).bind(&c.issued_on).bind(now).execute(&self.pool).await?;
                Ok(())
            }

            async fn certificate(&self, code: &str) -> $crate::StoreResult<Option<$crate::CertificateRow>> {
                Ok(sqlx::query_as("SELECT c.code, c.volunteer_id, u.name AS volunteer_name, c.minutes, c.services, c.issued_on \
                                   FROM volunteer_certificates c JOIN users u ON u.id = c.volunteer_id WHERE c.code = $1")
                    .bind(code).fetch_optional(&self.pool).await?)
            }
        }

        impl $store {
            fn open_help(&self, mut r: $crate::HelpRequestRow) -> $crate::StoreResult<$crate::HelpRequestRow> {
                r.details = $crate::sealed::open(&*self.cipher, "help_requests.details", r.details)?;
                r.code = $crate::sealed::open(&*self.cipher, "help_requests.code", r.code)?;
                r.requester_phone = $crate::sealed::open(&*self.cipher, "users.phone", r.requester_phone)?;
                Ok(r)
            }
        }
    };
}

pub(crate) use impl_help_store;

//! The SQL, written once for both engines. `impl_store!` instantiates it for an engine's pool.

pub(crate) const USER_COLUMNS: &str = "id, phone, name, id_number, password_hash, role, \
    department_code, community_code, building_id, mode, lang, phone_verified_at, \
    totp_secret, totp_enabled_at, totp_last_step, identity_checked_at, identity_checked_by, identity_method, closed_at, id_claim_key, id_disputed_at, created_at, room";

/// A resident's household within their building (`u` is the users row): the room they stated,
/// or the resident alone when they stated none.
pub(crate) const HOUSEHOLD: &str = "CASE WHEN u.room = '' THEN 'p' || CAST(u.id AS TEXT) ELSE 'r' || u.room END";

pub(crate) const BUILDING_SELECT: &str = "SELECT b.id, b.name, b.name_en, c.code AS community_code, \
    c.name AS community_name, c.name_en AS community_name_en, s.code AS street_code, s.name AS street_name, \
    s.name_en AS street_name_en, b.lat, b.lng \
    FROM buildings b JOIN communities c ON c.code = b.community_code \
    JOIN streets s ON s.code = c.street_code";

pub(crate) const SERVICE_LIST_COLUMNS: &str = "code, department_code, name, name_en, category, \
    life_events, target_groups, channel, time_limit_days, summary, search_text, pinyin_full, \
    pinyin_initials, summary_en, category_en";

macro_rules! impl_store {
    // `$begin_write` opens a transaction that will write: SQLite needs `BEGIN IMMEDIATE` so two
    // writers queue on the lock instead of deadlocking when a reader upgrades.
    ($store:ident, $engine:literal, $migrator:expr, $begin_write:literal) => {
        #[async_trait::async_trait]
        impl $crate::Store for $store {
            fn engine(&self) -> &'static str {
                $engine
            }

            async fn migrate(&self) -> $crate::StoreResult<()> {
                $migrator.run(&self.pool).await?;
                // Listings stored before the full-text index get their words.
                $crate::MarketStore::index_listings(self).await?;
                Ok(())
            }

            async fn seal_personal_data(&self) -> $crate::StoreResult<u64> {
                let stale = format!("{}%", self.cipher.current_prefix());
                let mut changed = 0;
                for (table, columns) in $crate::sealed::SEALED_COLUMNS {
                    let (select, update) = $crate::sealed::sweep_sql(table, columns);
                    loop {
                        let rows: Vec<$crate::sealed::SweepRow> = sqlx::query_as(&select).bind(&stale).fetch_all(&self.pool).await?;
                        if rows.is_empty() {
                            break;
                        }
                        let mut tx = self.pool.begin_with($begin_write).await?;
                        for row in &rows {
                            let mut query = sqlx::query(&update).bind(row.id);
                            for value in $crate::sealed::resealed(&*self.cipher, table, columns, row)? {
                                query = query.bind(value);
                            }
                            query.execute(&mut *tx).await?;
                        }
                        tx.commit().await?;
                        changed += rows.len() as u64;
                    }
                }
                Ok(changed)
            }

            async fn ping(&self) -> $crate::StoreResult<()> {
                sqlx::query("SELECT 1").execute(&self.pool).await?;
                Ok(())
            }

            async fn take_lease(&self, job: &str, holder: &str, now: i64, until: i64) -> $crate::StoreResult<bool> {
                let taken = sqlx::query("INSERT INTO job_leases (job, holder, until) VALUES ($1, $2, $3) \
                                         ON CONFLICT (job) DO UPDATE SET holder = excluded.holder, until = excluded.until \
                                         WHERE job_leases.until <= $4 OR job_leases.holder = excluded.holder")
                    .bind(job).bind(holder).bind(until).bind(now).execute(&self.pool).await?;
                Ok(taken.rows_affected() == 1)
            }

            async fn take_from_bucket(&self, bucket: &str, now_ms: i64, interval_ms: i64, capacity_ms: i64) -> $crate::StoreResult<Option<i64>> {
                // One statement, so two servers taking at once both see the other's take.
                let later = "CASE WHEN rate_buckets.tat > $2 THEN rate_buckets.tat ELSE $2 END";
                let sql = format!("INSERT INTO rate_buckets (bucket, tat) VALUES ($1, $2 + $3) \
                                   ON CONFLICT (bucket) DO UPDATE SET tat = {later} + $3 \
                                   WHERE {later} + $3 - $2 <= $4");
                let taken = sqlx::query(&sql).bind(bucket).bind(now_ms).bind(interval_ms).bind(capacity_ms).execute(&self.pool).await?;
                if taken.rows_affected() == 1 {
                    return Ok(None);
                }
                let tat: i64 = sqlx::query_scalar("SELECT tat FROM rate_buckets WHERE bucket = $1").bind(bucket).fetch_one(&self.pool).await?;
                Ok(Some((tat + interval_ms - capacity_ms - now_ms).max(1)))
            }

            async fn forget_full_buckets(&self, now_ms: i64) -> $crate::StoreResult<u64> {
                Ok(sqlx::query("DELETE FROM rate_buckets WHERE tat <= $1").bind(now_ms).execute(&self.pool).await?.rows_affected())
            }

            async fn count_rows(&self, table: &str) -> $crate::StoreResult<i64> {
                Ok(sqlx::query_scalar(&format!("SELECT COUNT(*) FROM \"{table}\"")).fetch_one(&self.pool).await?)
            }

            fn pool_use(&self) -> (u32, u32) {
                (self.pool.size(), self.pool.num_idle() as u32)
            }

            async fn add_street(&self, code: &str, name: &$crate::Names) -> $crate::StoreResult<()> {
                sqlx::query("INSERT INTO streets (code, name, name_en) VALUES ($1, $2, $3) \
                             ON CONFLICT (code) DO UPDATE SET name = excluded.name, name_en = excluded.name_en")
                    .bind(code).bind(&name.zh).bind(&name.en).execute(&self.pool).await?;
                Ok(())
            }

            async fn add_community(&self, code: &str, street_code: &str, name: &$crate::Names) -> $crate::StoreResult<()> {
                sqlx::query("INSERT INTO communities (code, street_code, name, name_en) VALUES ($1, $2, $3, $4) \
                             ON CONFLICT (code) DO UPDATE SET street_code = excluded.street_code, name = excluded.name, \
                             name_en = excluded.name_en")
                    .bind(code).bind(street_code).bind(&name.zh).bind(&name.en).execute(&self.pool).await?;
                Ok(())
            }

            async fn add_building(&self, community_code: &str, name: &$crate::Names) -> $crate::StoreResult<i64> {
                let id: i64 = sqlx::query_scalar("INSERT INTO buildings (community_code, name, name_en) VALUES ($1, $2, $3) \
                        ON CONFLICT (community_code, name) DO UPDATE SET name_en = excluded.name_en RETURNING id")
                    .bind(community_code).bind(&name.zh).bind(&name.en).fetch_one(&self.pool).await?;
                Ok(id)
            }

            async fn buildings(&self) -> $crate::StoreResult<Vec<$crate::BuildingRow>> {
                let sql = format!("{} ORDER BY s.code, c.code, b.id", $crate::queries::BUILDING_SELECT);
                Ok(sqlx::query_as(&sql).fetch_all(&self.pool).await?)
            }

            async fn first_building_of_each_community(&self) -> $crate::StoreResult<Vec<$crate::BuildingRow>> {
                let sql = format!("{} WHERE b.id IN (SELECT MIN(id) FROM buildings GROUP BY community_code) ORDER BY s.code, c.code, b.id",
                    $crate::queries::BUILDING_SELECT);
                Ok(sqlx::query_as(&sql).fetch_all(&self.pool).await?)
            }

            async fn building(&self, id: i64) -> $crate::StoreResult<Option<$crate::BuildingRow>> {
                let sql = format!("{} WHERE b.id = $1", $crate::queries::BUILDING_SELECT);
                Ok(sqlx::query_as(&sql).bind(id).fetch_optional(&self.pool).await?)
            }

            async fn community_exists(&self, code: &str) -> $crate::StoreResult<bool> {
                let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM communities WHERE code = $1")
                    .bind(code).fetch_one(&self.pool).await?;
                Ok(n > 0)
            }

            async fn create_user(&self, user: &$crate::NewUser, now: i64) -> $crate::StoreResult<i64> {
                let phone_key = self.cipher.lookup_key($crate::PHONE_DOMAIN, &user.phone);
                let id_key = self.cipher.lookup_key($crate::ID_NUMBER_DOMAIN, &user.id_number);
                let mut tx = self.pool.begin_with($begin_write).await?;
                let taken: Option<String> = sqlx::query_scalar(
                        "SELECT CASE WHEN phone_key = $1 THEN 'phone' ELSE 'id_number' END FROM users \
                         WHERE phone_key = $1 OR id_key = $2 ORDER BY CASE WHEN phone_key = $1 THEN 0 ELSE 1 END LIMIT 1")
                    .bind(&phone_key).bind(&id_key).fetch_optional(&mut *tx).await?;
                match taken.as_deref() {
                    Some("phone") => return Err($crate::StoreError::Conflict("phone")),
                    Some(_) => return Err($crate::StoreError::Conflict("id_number")),
                    None => {}
                }
                let inserted = sqlx::query_scalar(
                        "INSERT INTO users (phone, name, id_number, password_hash, role, department_code, \
                         community_code, building_id, created_at, phone_verified_at, id_claim_key, phone_key, id_key) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10, $11, $12) RETURNING id")
                    .bind(self.cipher.seal("users.phone", &user.phone)).bind(&user.name)
                    .bind(self.cipher.seal("users.id_number", &user.id_number)).bind(&user.password_hash)
                    .bind(user.role.as_str()).bind(&user.department_code).bind(&user.community_code)
                    .bind(user.building_id).bind(now).bind(&user.id_claim_key).bind(&phone_key).bind(&id_key)
                    .fetch_one(&mut *tx).await;
                let id: i64 = match inserted {
                    Ok(id) => id,
                    // Someone registered the same phone or ID between the check and the insert.
                    Err(e) if $crate::is_unique_violation(&e) => {
                        drop(tx);
                        let phone_taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE phone_key = $1")
                            .bind(&phone_key).fetch_one(&self.pool).await?;
                        return Err($crate::StoreError::Conflict(if phone_taken > 0 { "phone" } else { "id_number" }));
                    }
                    Err(e) => return Err(e.into()),
                };
                tx.commit().await?;
                Ok(id)
            }

            async fn user_by_id(&self, id: i64) -> $crate::StoreResult<Option<$crate::UserRecord>> {
                let sql = format!("SELECT {} FROM users WHERE id = $1", $crate::queries::USER_COLUMNS);
                $crate::sealed::open_one(&*self.cipher, sqlx::query_as(&sql).bind(id).fetch_optional(&self.pool).await?)
            }

            async fn user_by_phone(&self, phone: &str) -> $crate::StoreResult<Option<$crate::UserRecord>> {
                let sql = format!("SELECT {} FROM users WHERE phone_key = $1", $crate::queries::USER_COLUMNS);
                let key = self.cipher.lookup_key($crate::PHONE_DOMAIN, phone);
                $crate::sealed::open_one(&*self.cipher, sqlx::query_as(&sql).bind(key).fetch_optional(&self.pool).await?)
            }

            async fn user_by_id_number(&self, id_number: &str) -> $crate::StoreResult<Option<$crate::UserRecord>> {
                let sql = format!("SELECT {} FROM users WHERE id_key = $1", $crate::queries::USER_COLUMNS);
                let key = self.cipher.lookup_key($crate::ID_NUMBER_DOMAIN, id_number);
                $crate::sealed::open_one(&*self.cipher, sqlx::query_as(&sql).bind(key).fetch_optional(&self.pool).await?)
            }

            async fn set_user_prefs(&self, user_id: i64, mode: &str, lang: &str) -> $crate::StoreResult<()> {
                sqlx::query("UPDATE users SET mode = $1, lang = $2 WHERE id = $3")
                    .bind(mode).bind(lang).bind(user_id).execute(&self.pool).await?;
                Ok(())
            }

            async fn mark_identity_checked(&self, check: &$crate::IdentityCheck, now: i64) -> $crate::StoreResult<()> {
                // The check and its audit row stand or fall together.
                let mut tx = self.pool.begin_with($begin_write).await?;
                sqlx::query("UPDATE users SET identity_checked_at = $1, identity_checked_by = $2, identity_method = $3 WHERE id = $4")
                    .bind(now).bind(check.checked_by).bind(check.method).bind(check.user_id).execute(&mut *tx).await?;
                sqlx::query("INSERT INTO audit_log (at, actor_id, subject_id, action, detail, addr, user_agent) VALUES ($1, $2, $3, 'identity_checked', $4, $5, $6)")
                    .bind(now).bind(check.checked_by).bind(check.user_id).bind(format!("{} {}", check.method, check.detail).trim_end().to_string())
                    .bind($crate::origin::addr()).bind($crate::origin::user_agent()).execute(&mut *tx).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn community_office(&self, code: &str) -> $crate::StoreResult<Option<$crate::CommunityOffice>> {
                Ok(sqlx::query_as("SELECT office_address AS address, office_address_en AS address_en, office_hours AS hours, \
                    office_hours_en AS hours_en, office_phone AS phone FROM communities WHERE code = $1")
                    .bind(code).fetch_optional(&self.pool).await?)
            }

            async fn set_community_office(&self, code: &str, office: &$crate::CommunityOffice) -> $crate::StoreResult<()> {
                sqlx::query("UPDATE communities SET office_address = $1, office_address_en = $2, office_hours = $3, \
                    office_hours_en = $4, office_phone = $5 WHERE code = $6")
                    .bind(&office.address).bind(&office.address_en).bind(&office.hours).bind(&office.hours_en)
                    .bind(&office.phone).bind(code).execute(&self.pool).await?;
                Ok(())
            }

            async fn set_calendar_key(&self, user_id: i64, key: Option<&str>) -> $crate::StoreResult<()> {
                sqlx::query("UPDATE users SET calendar_key = $2 WHERE id = $1").bind(user_id).bind(key).execute(&self.pool).await?;
                Ok(())
            }

            async fn user_by_calendar_key(&self, key: &str) -> $crate::StoreResult<Option<$crate::UserRecord>> {
                let sql = format!("SELECT {} FROM users WHERE calendar_key = $1 AND closed_at IS NULL", $crate::queries::USER_COLUMNS);
                $crate::sealed::open_one(&*self.cipher, sqlx::query_as(&sql).bind(key).fetch_optional(&self.pool).await?)
            }

            async fn community_boundaries(&self) -> $crate::StoreResult<Vec<(String, String)>> {
                Ok(sqlx::query_as("SELECT code, boundary FROM communities ORDER BY code").fetch_all(&self.pool).await?)
            }

            async fn set_community_boundary(&self, code: &str, geojson: &str, by: i64, now: i64) -> $crate::StoreResult<bool> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                let changed = sqlx::query("UPDATE communities SET boundary = $1 WHERE code = $2").bind(geojson).bind(code).execute(&mut *tx).await?;
                if changed.rows_affected() == 0 {
                    return Ok(false);
                }
                sqlx::query("INSERT INTO audit_log (at, actor_id, subject_id, action, detail, addr, user_agent) VALUES ($1, $2, NULL, 'boundary_drawn', $3, $4, $5)")
                    .bind(now).bind(by).bind(code).bind($crate::origin::addr()).bind($crate::origin::user_agent()).execute(&mut *tx).await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn residents_in_community(&self, community_code: &str) -> $crate::StoreResult<Vec<$crate::UserRecord>> {
                let sql = format!(
                    "SELECT {} FROM users WHERE role = 'resident' AND building_id IN \
                     (SELECT id FROM buildings WHERE community_code = $1) ORDER BY name, id",
                    $crate::queries::USER_COLUMNS);
                $crate::sealed::open_all(&*self.cipher, sqlx::query_as(&sql).bind(community_code).fetch_all(&self.pool).await?)
            }

            async fn find_residents(&self, community_code: &str, f: &$crate::ResidentFilter) -> $crate::StoreResult<Vec<$crate::UserRecord>> {
                // Each filter is in the text only when asked for, so the plan serves it.
                let mut binds = vec![community_code.to_string()];
                let mut sql = format!("SELECT {} FROM users WHERE role = 'resident' AND building_id IN \
                    (SELECT id FROM buildings WHERE community_code = $1)", $crate::queries::USER_COLUMNS);
                if !f.name_prefix.is_empty() {
                    let escaped = f.name_prefix.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
                    binds.push(format!("{escaped}%"));
                    sql.push_str(&format!(" AND name LIKE ${} ESCAPE '\\'", binds.len()));
                }
                if !f.phone.is_empty() {
                    binds.push(self.cipher.lookup_key($crate::PHONE_DOMAIN, &f.phone));
                    sql.push_str(&format!(" AND phone_key = ${}", binds.len()));
                }
                sql.push_str(&format!(" ORDER BY name, id LIMIT ${} OFFSET ${}", binds.len() + 1, binds.len() + 2));
                let mut query = sqlx::query_as(&sql);
                for b in &binds {
                    query = query.bind(b);
                }
                $crate::sealed::open_all(&*self.cipher, query.bind(f.limit).bind(f.offset).fetch_all(&self.pool).await?)
            }

            async fn session_user(&self, token_hash: &str, now: i64, idle_since: i64) -> $crate::StoreResult<Option<$crate::UserRecord>> {
                // Staff, officers and admins are signed out after `idle_since` without a request;
                // anyone at a self-service terminal after two minutes.
                let sql = format!(
                    "SELECT {} FROM users WHERE id = (SELECT s.user_id FROM sessions s JOIN users u ON u.id = s.user_id \
                     WHERE s.token_hash = $1 AND s.expires_at > $2 AND s.stage = 'full' \
                     AND (u.role IN ('resident', 'provider') OR s.last_seen_at >= $3) \
                     AND (s.kiosk_id IS NULL OR s.last_seen_at >= $2 - {}))",
                    $crate::queries::USER_COLUMNS, $crate::KIOSK_IDLE_SECONDS);
                $crate::sealed::open_one(&*self.cipher, sqlx::query_as(&sql).bind(token_hash).bind(now).bind(idle_since).fetch_optional(&self.pool).await?)
            }

            async fn delete_session(&self, token_hash: &str) -> $crate::StoreResult<()> {
                sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(&self.pool).await?;
                Ok(())
            }

            async fn audit(&self, now: i64, actor_id: Option<i64>, subject_id: Option<i64>, action: &str, detail: &str)
                -> $crate::StoreResult<()> {
                sqlx::query("INSERT INTO audit_log (at, actor_id, subject_id, action, detail, addr, user_agent) VALUES ($1, $2, $3, $4, $5, $6, $7)")
                    .bind(now).bind(actor_id).bind(subject_id).bind(action).bind(detail)
                    .bind($crate::origin::addr()).bind($crate::origin::user_agent()).execute(&self.pool).await?;
                Ok(())
            }

            async fn audit_each(&self, now: i64, actor_id: i64, subject_ids: &[i64], action: &str, detail: &str) -> $crate::StoreResult<()> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                for subject in subject_ids {
                    sqlx::query("INSERT INTO audit_log (at, actor_id, subject_id, action, detail, addr, user_agent) VALUES ($1, $2, $3, $4, $5, $6, $7)")
                        .bind(now).bind(actor_id).bind(subject).bind(action).bind(detail)
                        .bind($crate::origin::addr()).bind($crate::origin::user_agent()).execute(&mut *tx).await?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn audit_for_subject(&self, subject_id: i64, limit: i64) -> $crate::StoreResult<Vec<$crate::AuditRow>> {
                Ok(sqlx::query_as("SELECT id, at, actor_id, subject_id, action, detail, addr, user_agent FROM audit_log \
                                   WHERE subject_id = $1 ORDER BY at DESC, id DESC LIMIT $2")
                    .bind(subject_id).bind(limit).fetch_all(&self.pool).await?)
            }

            async fn audit_by_actor(&self, actor_id: i64, limit: i64) -> $crate::StoreResult<Vec<$crate::AuditRow>> {
                Ok(sqlx::query_as("SELECT id, at, actor_id, subject_id, action, detail, addr, user_agent FROM audit_log \
                                   WHERE actor_id = $1 ORDER BY at DESC, id DESC LIMIT $2")
                    .bind(actor_id).bind(limit).fetch_all(&self.pool).await?)
            }

            async fn setting(&self, key: &str) -> $crate::StoreResult<Option<String>> {
                Ok(sqlx::query_scalar("SELECT value FROM settings WHERE key = $1").bind(key).fetch_optional(&self.pool).await?)
            }

            async fn set_setting(&self, key: &str, value: &str) -> $crate::StoreResult<()> {
                sqlx::query("INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
                    .bind(key).bind(value).execute(&self.pool).await?;
                Ok(())
            }

            async fn calendar_days(&self) -> $crate::StoreResult<Vec<$crate::CalendarDayRow>> {
                Ok(sqlx::query_as("SELECT day, kind, name FROM calendar_days ORDER BY day").fetch_all(&self.pool).await?)
            }

            async fn set_calendar_day(&self, d: &$crate::CalendarDayRow, by: Option<i64>, now: i64)
                -> $crate::StoreResult<()> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                sqlx::query("INSERT INTO calendar_days (day, kind, name, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5) \
                             ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, name = excluded.name, \
                             updated_by = excluded.updated_by, updated_at = excluded.updated_at")
                    .bind(&d.day).bind(&d.kind).bind(&d.name).bind(by).bind(now).execute(&mut *tx).await?;
                // An admin's edit is audited in the same transaction (seeding by the system is not).
                if let Some(admin) = by {
                    sqlx::query("INSERT INTO audit_log (at, actor_id, action, detail, addr, user_agent) VALUES ($1, $2, 'calendar_set', $3, $4, $5)")
                        .bind(now).bind(admin).bind(format!("{} {} {}", d.day, d.kind, d.name)).bind($crate::origin::addr()).bind($crate::origin::user_agent()).execute(&mut *tx).await?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn delete_calendar_day(&self, day: &str, by: i64, now: i64) -> $crate::StoreResult<bool> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                let done = sqlx::query("DELETE FROM calendar_days WHERE day = $1").bind(day).execute(&mut *tx).await?;
                if done.rows_affected() == 0 {
                    return Ok(false);
                }
                sqlx::query("INSERT INTO audit_log (at, actor_id, action, detail, addr, user_agent) VALUES ($1, $2, 'calendar_delete', $3, $4, $5)")
                    .bind(now).bind(by).bind(day).bind($crate::origin::addr()).bind($crate::origin::user_agent()).execute(&mut *tx).await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn upsert_department(&self, d: &$crate::DepartmentRow) -> $crate::StoreResult<()> {
                sqlx::query("INSERT INTO departments (code, name, name_en) VALUES ($1, $2, $3) \
                             ON CONFLICT (code) DO UPDATE SET name = excluded.name, name_en = excluded.name_en")
                    .bind(&d.code).bind(&d.name).bind(&d.name_en).execute(&self.pool).await?;
                Ok(())
            }

            async fn departments(&self) -> $crate::StoreResult<Vec<$crate::DepartmentRow>> {
                Ok(sqlx::query_as("SELECT code, name, name_en FROM departments ORDER BY code")
                    .fetch_all(&self.pool).await?)
            }

            async fn upsert_service(&self, s: &$crate::ServiceRow) -> $crate::StoreResult<()> {
                sqlx::query("INSERT INTO services (code, department_code, name, name_en, category, life_events, \
                        target_groups, channel, time_limit_days, summary, search_text, pinyin_full, pinyin_initials, detail_json, \
                        summary_en, category_en) \
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) \
                        ON CONFLICT (code) DO UPDATE SET department_code = excluded.department_code, name = excluded.name, \
                        name_en = excluded.name_en, category = excluded.category, life_events = excluded.life_events, \
                        target_groups = excluded.target_groups, channel = excluded.channel, \
                        time_limit_days = excluded.time_limit_days, summary = excluded.summary, search_text = excluded.search_text, \
                        pinyin_full = excluded.pinyin_full, pinyin_initials = excluded.pinyin_initials, \
                        detail_json = excluded.detail_json, summary_en = excluded.summary_en, category_en = excluded.category_en")
                    .bind(&s.code).bind(&s.department_code).bind(&s.name).bind(&s.name_en).bind(&s.category)
                    .bind(&s.life_events).bind(&s.target_groups).bind(&s.channel).bind(s.time_limit_days)
                    .bind(&s.summary).bind(&s.search_text).bind(&s.pinyin_full).bind(&s.pinyin_initials).bind(&s.detail_json)
                    .bind(&s.summary_en).bind(&s.category_en)
                    .execute(&self.pool).await?;
                Ok(())
            }

            async fn services(&self) -> $crate::StoreResult<Vec<$crate::ServiceRow>> {
                let sql = format!("SELECT {}, '' AS detail_json FROM services ORDER BY department_code, code",
                                  $crate::queries::SERVICE_LIST_COLUMNS);
                Ok(sqlx::query_as(&sql).fetch_all(&self.pool).await?)
            }

            async fn service(&self, code: &str) -> $crate::StoreResult<Option<$crate::ServiceRow>> {
                let sql = format!("SELECT {}, detail_json FROM services WHERE code = $1",
                                  $crate::queries::SERVICE_LIST_COLUMNS);
                Ok(sqlx::query_as(&sql).bind(code).fetch_optional(&self.pool).await?)
            }
        }
    };
}
pub(crate) use impl_store;

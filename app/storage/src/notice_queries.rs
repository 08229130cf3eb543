//! The SQL of `NoticeStore`, written once for both engines (see `queries.rs`).

pub(crate) const NOTICE_SELECT: &str = "SELECT n.id, n.unit_kind, n.unit_code, n.author_id, n.category, n.title, n.body, \
    n.communities, n.buildings, n.target_groups, n.ack_required, n.pinned, n.expires_on, n.status, n.publish_at, \
    n.published_at, n.withdrawn_at, n.withdraw_reason, n.replaces_id, \
    (SELECT MIN(r.id) FROM public_notices r WHERE r.replaces_id = n.id) AS replaced_by, \
    n.delivery_done, n.addressed, n.created_at, n.service_codes FROM public_notices n";

/// Whether notice `n` addresses a resident of community `$c`, building `$b` (-1: none) and
/// user id `$u`: in one of its places (none named: the whole district), and, when it names
/// groups, in one of them.
pub(crate) fn audience(c: &str, b: &str, u: &str) -> String {
    format!(
        "((n.communities = '' AND n.buildings = '') OR n.communities LIKE '%,' || {c} || ',%' \
           OR n.buildings LIKE '%,' || CAST({b} AS TEXT) || ',%') \
         AND (n.target_groups = '' OR EXISTS (SELECT 1 FROM user_groups g WHERE g.user_id = {u} \
           AND n.target_groups LIKE '%,' || g.group_code || ',%'))"
    )
}

/// A resident's community: their own, or their building's.
pub(crate) const RESIDENT_COMMUNITY: &str = "COALESCE(u.community_code, (SELECT bb.community_code FROM buildings bb WHERE bb.id = u.building_id))";

/// Upserts a receipt inside an open transaction, setting `$col` the first time only;
/// evaluates to whether this set it.
macro_rules! touch_receipt {
    ($tx:expr, $id:expr, $reader:expr, $col:literal, $now:expr) => {{
        sqlx::query("INSERT INTO notice_receipts (notice_id, user_id, building_id, delivered_at) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (notice_id, user_id) DO NOTHING")
            .bind($id).bind($reader.user_id).bind($reader.building_id).bind($now).execute(&mut *$tx).await?;
        let sql = concat!("UPDATE notice_receipts SET ", $col, " = $3 WHERE notice_id = $1 AND user_id = $2 AND ", $col, " IS NULL");
        sqlx::query(sql).bind($id).bind($reader.user_id).bind($now).execute(&mut *$tx).await?.rows_affected() == 1
    }};
}

macro_rules! impl_notice_store {
    ($store:ident, $begin_write:literal) => {
        #[async_trait::async_trait]
        impl $crate::NoticeStore for $store {
            async fn create_public_notice(&self, n: &$crate::NewPublicNotice, now: i64) -> $crate::StoreResult<i64> {
                Ok(sqlx::query_scalar(
                        "INSERT INTO public_notices (unit_kind, unit_code, author_id, category, title, body, communities, buildings, \
                         target_groups, ack_required, pinned, expires_on, status, replaces_id, search_text, created_at, updated_at, service_codes) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'draft', $13, $14, $15, $15, $16) RETURNING id")
                    .bind(&n.unit_kind).bind(&n.unit_code).bind(n.author_id).bind(&n.category).bind(&n.title).bind(&n.body)
                    .bind(&n.communities).bind(&n.buildings).bind(&n.target_groups).bind(n.ack_required as i64).bind(n.pinned as i64)
                    .bind(&n.expires_on).bind(n.replaces_id).bind(&n.search_text).bind(now).bind(&n.service_codes)
                    .fetch_one(&self.pool).await?)
            }

            async fn public_notice(&self, id: i64) -> $crate::StoreResult<Option<$crate::PublicNoticeRow>> {
                let sql = format!("{} WHERE n.id = $1", $crate::notice_queries::NOTICE_SELECT);
                Ok(sqlx::query_as(&sql).bind(id).fetch_optional(&self.pool).await?)
            }

            async fn unit_notices(&self, unit_kind: &str, unit_code: &str, limit: i64) -> $crate::StoreResult<Vec<$crate::PublicNoticeRow>> {
                let sql = format!("{} WHERE n.unit_kind = $1 AND n.unit_code = $2 ORDER BY n.id DESC LIMIT $3", $crate::notice_queries::NOTICE_SELECT);
                Ok(sqlx::query_as(&sql).bind(unit_kind).bind(unit_code).bind(limit).fetch_all(&self.pool).await?)
            }

            async fn move_public_notice(&self, id: i64, from: &[&str], to: &str, publish_at: Option<i64>, reason: &str,
                audit: &$crate::AuditEntry, now: i64) -> $crate::StoreResult<bool> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                let current: Option<String> = sqlx::query_scalar("SELECT status FROM public_notices WHERE id = $1")
                    .bind(id).fetch_optional(&mut *tx).await?;
                if !current.is_some_and(|s| from.contains(&s.as_str())) {
                    return Ok(false);
                }
                sqlx::query("UPDATE public_notices SET status = $2, updated_at = $3, \
                             publish_at = CASE WHEN $2 = 'scheduled' THEN $4 ELSE publish_at END, \
                             published_at = CASE WHEN $2 = 'published' THEN $3 ELSE published_at END, \
                             withdrawn_at = CASE WHEN $2 = 'withdrawn' THEN $3 ELSE withdrawn_at END, \
                             withdraw_reason = CASE WHEN $2 = 'withdrawn' THEN $5 ELSE withdraw_reason END WHERE id = $1")
                    .bind(id).bind(to).bind(now).bind(publish_at).bind(reason).execute(&mut *tx).await?;
                $crate::application_queries::write_audit!(tx, std::slice::from_ref(audit), now);
                tx.commit().await?;
                Ok(true)
            }

            async fn due_public_notices(&self, now: i64) -> $crate::StoreResult<Vec<i64>> {
                Ok(sqlx::query_scalar("SELECT id FROM public_notices WHERE status = 'scheduled' AND publish_at <= $1 ORDER BY id")
                    .bind(now).fetch_all(&self.pool).await?)
            }

            async fn undelivered_public_notices(&self) -> $crate::StoreResult<Vec<i64>> {
                Ok(sqlx::query_scalar("SELECT id FROM public_notices WHERE status = 'published' AND delivery_done = 0 ORDER BY id")
                    .fetch_all(&self.pool).await?)
            }

            async fn deliver_public_notice(&self, id: i64, text: &$crate::DeliveryText, batch: i64, now: i64) -> $crate::StoreResult<$crate::DeliveryStep> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                let cursor: Option<i64> = sqlx::query_scalar("SELECT delivery_cursor FROM public_notices WHERE id = $1 AND status = 'published' AND delivery_done = 0")
                    .bind(id).fetch_optional(&mut *tx).await?;
                let Some(cursor) = cursor else { return Ok($crate::DeliveryStep { written: 0, done: true }) };
                // Every resident notice `$1` addresses; a batch is a range of their ids.
                let matches = $crate::notice_queries::audience($crate::notice_queries::RESIDENT_COMMUNITY, "COALESCE(u.building_id, -1)", "u.id");
                let addressed = format!("FROM users u, public_notices n WHERE n.id = $1 AND u.role = 'resident' AND u.closed_at IS NULL AND {matches}");
                let ids: Vec<i64> = sqlx::query_scalar(&format!("SELECT u.id {addressed} AND u.id > $2 ORDER BY u.id LIMIT $3")).bind(id).bind(cursor).bind(batch).fetch_all(&mut *tx).await?;
                let (Some(first), Some(last)) = (ids.first().copied(), ids.last().copied()) else {
                    sqlx::query("UPDATE public_notices SET delivery_done = 1, addressed = (SELECT COUNT(*) FROM notice_receipts WHERE notice_id = $1) WHERE id = $1")
                        .bind(id).execute(&mut *tx).await?;
                    tx.commit().await?;
                    return Ok($crate::DeliveryStep { written: 0, done: true });
                };
                // The batch is the ids just chosen: the same range, re-selected by the database.
                let range = format!("{addressed} AND u.id BETWEEN $2 AND $3");
                // Urgent notices reach everyone at once; otherwise each resident's choice for the
                // category decides: an inbox line now, one in the next digest, or none.
                let urgent = text.by_sms as i64;
                let chosen = "COALESCE((SELECT s.frequency FROM notice_subscriptions s WHERE s.user_id = u.id AND s.category = n.category), 'now')";
                let written = sqlx::query(&format!("INSERT INTO notice_receipts (notice_id, user_id, building_id, delivered_at, digest_due) \
                                                    SELECT $1, u.id, u.building_id, $4, CASE WHEN $5 = 0 AND {chosen} = 'digest' THEN 1 ELSE 0 END \
                                                    {range} ON CONFLICT (notice_id, user_id) DO NOTHING"))
                    .bind(id).bind(first).bind(last).bind(now).bind(urgent).execute(&mut *tx).await?.rows_affected();
                let link = format!("/notices/{id}");
                sqlx::query(&format!("INSERT INTO notifications (user_id, at, kind, link, text_zh, text_en) \
                                      SELECT u.id, $4, 'public_notice', $5, $6, $7 {range} AND ($8 = 1 OR {chosen} = 'now')"))
                    .bind(id).bind(first).bind(last).bind(now).bind(&link).bind(&text.zh).bind(&text.en).bind(urgent).execute(&mut *tx).await?;
                if text.by_sms {
                    let phones: Vec<(i64, String)> = sqlx::query_as(&format!("SELECT u.id, u.phone {range} \
                            AND COALESCE((SELECT p.sms FROM notify_prefs p WHERE p.user_id = u.id), 1) = 1"))
                        .bind(id).bind(first).bind(last).fetch_all(&mut *tx).await?;
                    for (user_id, sealed) in phones {
                        let phone = $crate::sealed::open(&*self.cipher, "users.phone", sealed)?;
                        sqlx::query("INSERT INTO outbox (at, user_id, kind, channel, recipient, body, next_attempt_at) VALUES ($1, $2, 'notice', 'sms', $3, $4, $1)")
                            .bind(now).bind(user_id).bind(self.cipher.seal("outbox.recipient", &phone)).bind(&text.zh).execute(&mut *tx).await?;
                    }
                }
                sqlx::query("UPDATE public_notices SET delivery_cursor = $2 WHERE id = $1").bind(id).bind(last).execute(&mut *tx).await?;
                tx.commit().await?;
                Ok($crate::DeliveryStep { written, done: false })
            }

            async fn notices_for(&self, reader: Option<&$crate::Reader>, today: &str, search: &str, limit: i64, offset: i64) -> $crate::StoreResult<Vec<$crate::PublicNoticeRow>> {
                let matches = $crate::notice_queries::audience("$2", "$3", "$4");
                let sql = format!("{} WHERE n.status = 'published' AND (n.expires_on = '' OR n.expires_on >= $1) \
                                   AND ($5 = 0 OR {matches}) AND ($5 = 1 OR (n.communities = '' AND n.buildings = '' AND n.target_groups = '')) \
                                   AND ($6 = '' OR n.search_text LIKE '%' || $6 || '%') \
                                   ORDER BY n.pinned DESC, n.published_at DESC, n.id DESC LIMIT $7 OFFSET $8", $crate::notice_queries::NOTICE_SELECT);
                let (community, building, user) = reader.map(|r| (r.community.clone(), r.building_id.unwrap_or(-1), r.user_id)).unwrap_or_default();
                Ok(sqlx::query_as(&sql).bind(today).bind(community).bind(building).bind(user).bind(reader.is_some() as i64)
                    .bind(search.trim().to_lowercase()).bind(limit).bind(offset).fetch_all(&self.pool).await?)
            }

            async fn addresses(&self, id: i64, reader: &$crate::Reader) -> $crate::StoreResult<bool> {
                let sql = format!("SELECT COUNT(*) FROM public_notices n WHERE n.id = $1 AND {}", $crate::notice_queries::audience("$2", "$3", "$4"));
                let n: i64 = sqlx::query_scalar(&sql).bind(id).bind(&reader.community).bind(reader.building_id.unwrap_or(-1)).bind(reader.user_id)
                    .fetch_one(&self.pool).await?;
                Ok(n > 0)
            }

            async fn mark_notice_read(&self, id: i64, reader: &$crate::Reader, now: i64) -> $crate::StoreResult<bool> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                let first = $crate::notice_queries::touch_receipt!(tx, id, reader, "read_at", now);
                tx.commit().await?;
                Ok(first)
            }

            async fn acknowledge_notice(&self, id: i64, reader: &$crate::Reader, now: i64) -> $crate::StoreResult<bool> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                let _ = $crate::notice_queries::touch_receipt!(tx, id, reader, "read_at", now);
                let first = $crate::notice_queries::touch_receipt!(tx, id, reader, "acknowledged_at", now);
                tx.commit().await?;
                Ok(first)
            }

            async fn record_notice_told(&self, id: i64, reader: &$crate::Reader, how: &str, audit: &$crate::AuditEntry, now: i64) -> $crate::StoreResult<()> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                let _ = $crate::notice_queries::touch_receipt!(tx, id, reader, "told_at", now);
                sqlx::query("UPDATE notice_receipts SET told_how = $3, told_by = $4 WHERE notice_id = $1 AND user_id = $2")
                    .bind(id).bind(reader.user_id).bind(how).bind(audit.actor_id).execute(&mut *tx).await?;
                $crate::application_queries::write_audit!(tx, std::slice::from_ref(audit), now);
                tx.commit().await?;
                Ok(())
            }

            async fn notice_receipt(&self, id: i64, user_id: i64) -> $crate::StoreResult<Option<$crate::NoticeReceipt>> {
                Ok(sqlx::query_as("SELECT delivered_at, read_at, acknowledged_at, told_how, told_at FROM notice_receipts \
                                   WHERE notice_id = $1 AND user_id = $2")
                    .bind(id).bind(user_id).fetch_optional(&self.pool).await?)
            }

            async fn notice_coverage(&self, id: i64) -> $crate::StoreResult<Vec<$crate::BuildingCoverage>> {
                let h = $crate::queries::HOUSEHOLD;
                let reached = "r.read_at IS NOT NULL OR r.acknowledged_at IS NOT NULL OR r.told_at IS NOT NULL";
                let sql = format!("SELECT r.building_id, b.name AS building_name, COUNT(*) AS addressed, \
                                   COUNT(r.read_at) AS read, COUNT(r.acknowledged_at) AS acknowledged, COUNT(r.told_at) AS told, \
                                   COUNT(DISTINCT {h}) AS households, COUNT(DISTINCT CASE WHEN r.read_at IS NOT NULL THEN {h} END) AS households_read, \
                                   COUNT(DISTINCT CASE WHEN r.acknowledged_at IS NOT NULL THEN {h} END) AS households_acknowledged, \
                                   COUNT(DISTINCT CASE WHEN {reached} THEN {h} END) AS households_reached \
                                   FROM notice_receipts r JOIN users u ON u.id = r.user_id LEFT JOIN buildings b ON b.id = r.building_id \
                                   WHERE r.notice_id = $1 GROUP BY r.building_id, b.name ORDER BY b.name");
                Ok(sqlx::query_as(&sql).bind(id).fetch_all(&self.pool).await?)
            }

            async fn unreached(&self, id: i64, limit: i64) -> $crate::StoreResult<Vec<$crate::Unreached>> {
                // Someone at the same door was reached: the household is.
                Ok(sqlx::query_as("SELECT r.user_id, u.name, b.name AS building_name, u.room FROM notice_receipts r \
                                   JOIN users u ON u.id = r.user_id LEFT JOIN buildings b ON b.id = r.building_id \
                                   WHERE r.notice_id = $1 AND r.read_at IS NULL AND r.acknowledged_at IS NULL AND r.told_at IS NULL \
                                   AND (u.room = '' OR NOT EXISTS (SELECT 1 FROM notice_receipts o JOIN users m ON m.id = o.user_id \
                                        WHERE o.notice_id = r.notice_id AND m.building_id = u.building_id AND m.room = u.room \
                                        AND (o.read_at IS NOT NULL OR o.acknowledged_at IS NOT NULL OR o.told_at IS NOT NULL))) \
                                   ORDER BY b.name, u.room, u.id LIMIT $2")
                    .bind(id).bind(limit).fetch_all(&self.pool).await?)
            }

            async fn set_user_room(&self, user_id: i64, room: &str) -> $crate::StoreResult<()> {
                sqlx::query("UPDATE users SET room = $2 WHERE id = $1").bind(user_id).bind(room).execute(&self.pool).await?;
                Ok(())
            }

            async fn set_user_groups(&self, user_id: i64, groups: &[String], now: i64) -> $crate::StoreResult<()> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                sqlx::query("DELETE FROM user_groups WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
                for g in groups {
                    sqlx::query("INSERT INTO user_groups (user_id, group_code, consented_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
                        .bind(user_id).bind(g).bind(now).execute(&mut *tx).await?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn notice_subscriptions(&self, user_id: i64) -> $crate::StoreResult<Vec<(String, String)>> {
                Ok(sqlx::query_as("SELECT category, frequency FROM notice_subscriptions WHERE user_id = $1 ORDER BY category")
                    .bind(user_id).fetch_all(&self.pool).await?)
            }

            async fn set_notice_subscriptions(&self, user_id: i64, choices: &[(String, String)]) -> $crate::StoreResult<()> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                sqlx::query("DELETE FROM notice_subscriptions WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
                for (category, frequency) in choices.iter().filter(|(_, f)| f != "now") {
                    sqlx::query("INSERT INTO notice_subscriptions (user_id, category, frequency) VALUES ($1, $2, $3)")
                        .bind(user_id).bind(category).bind(frequency).execute(&mut *tx).await?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn due_notice_digests(&self, before: i64, limit: i64) -> $crate::StoreResult<Vec<$crate::DigestItem>> {
                Ok(sqlx::query_as("SELECT r.user_id, r.notice_id, n.title FROM notice_receipts r JOIN public_notices n ON n.id = r.notice_id \
                                   WHERE r.digest_due = 1 AND r.delivered_at < $1 ORDER BY r.user_id, r.notice_id LIMIT $2")
                    .bind(before).bind(limit).fetch_all(&self.pool).await?)
            }

            async fn send_notice_digest(&self, user_id: i64, notice_ids: &[i64], text: &$crate::DeliveryText, now: i64) -> $crate::StoreResult<()> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                for id in notice_ids {
                    sqlx::query("UPDATE notice_receipts SET digest_due = 0 WHERE notice_id = $1 AND user_id = $2").bind(id).bind(user_id).execute(&mut *tx).await?;
                }
                sqlx::query("INSERT INTO notifications (user_id, at, kind, link, text_zh, text_en) VALUES ($1, $2, 'notice_digest', '/notices', $3, $4)")
                    .bind(user_id).bind(now).bind(&text.zh).bind(&text.en).execute(&mut *tx).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn attach_notice_files(&self, id: i64, owner_id: i64, files: &[$crate::NewFile], max: i64, now: i64) -> $crate::StoreResult<bool> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                let draft: Option<i64> = sqlx::query_scalar("SELECT COUNT(f.file_id) FROM public_notices n \
                                                             LEFT JOIN notice_files f ON f.notice_id = n.id \
                                                             WHERE n.id = $1 AND n.status = 'draft' GROUP BY n.id")
                    .bind(id).fetch_optional(&mut *tx).await?;
                match draft {
                    Some(held) if held + files.len() as i64 <= max => {}
                    _ => return Ok(false),
                }
                for f in files {
                    let file_id = $crate::market_queries::insert_file!(tx, owner_id, "notice_attachment", f, now);
                    sqlx::query("INSERT INTO notice_files (notice_id, file_id) VALUES ($1, $2)").bind(id).bind(file_id).execute(&mut *tx).await?;
                }
                tx.commit().await?;
                Ok(true)
            }

            async fn notice_files(&self, id: i64) -> $crate::StoreResult<Vec<$crate::FileRow>> {
                let sql = format!("SELECT {} FROM files f JOIN notice_files nf ON nf.file_id = f.id WHERE nf.notice_id = $1 ORDER BY f.id",
                                  $crate::application_queries::FILE_COLUMNS);
                Ok(sqlx::query_as(&sql).bind(id).fetch_all(&self.pool).await?)
            }

            async fn detach_notice_file(&self, id: i64, file_id: i64) -> $crate::StoreResult<Option<Vec<String>>> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                let gone = sqlx::query("DELETE FROM notice_files WHERE notice_id = $1 AND file_id = $2 \
                                        AND notice_id IN (SELECT id FROM public_notices WHERE status = 'draft')")
                    .bind(id).bind(file_id).execute(&mut *tx).await?.rows_affected();
                if gone == 0 {
                    return Ok(None);
                }
                let names: Vec<(String, Option<String>)> = sqlx::query_as(
                    "DELETE FROM files WHERE id = $1 AND id NOT IN (SELECT file_id FROM notice_files) RETURNING stored_name, thumb_name")
                    .bind(file_id).fetch_all(&mut *tx).await?;
                tx.commit().await?;
                Ok(Some(names.into_iter().flat_map(|(stored, thumb)| std::iter::once(stored).chain(thumb)).collect()))
            }

            async fn copy_notice_files(&self, from_id: i64, to_id: i64) -> $crate::StoreResult<()> {
                sqlx::query("INSERT INTO notice_files (notice_id, file_id) SELECT $2, file_id FROM notice_files WHERE notice_id = $1")
                    .bind(from_id).bind(to_id).execute(&self.pool).await?;
                Ok(())
            }

            async fn user_groups(&self, user_id: i64) -> $crate::StoreResult<Vec<String>> {
                Ok(sqlx::query_scalar("SELECT group_code FROM user_groups WHERE user_id = $1 ORDER BY group_code")
                    .bind(user_id).fetch_all(&self.pool).await?)
            }
        }
    };
}

pub(crate) use {impl_notice_store, touch_receipt};

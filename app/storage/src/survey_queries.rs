//! The SQL of `SurveyStore`, written once for both engines (see `queries.rs`). A questionnaire's
//! audience is matched by the same predicate as a notice's (`notice_queries::audience`).

pub(crate) const SURVEY_SELECT: &str = "SELECT n.id, n.unit_kind, n.unit_code, n.author_id, n.title, n.intro, n.communities, \
    n.buildings, n.target_groups, n.anonymous, n.closes_on, n.status, n.questions_json, n.opened_at, n.created_at, n.per_household FROM surveys n";

pub(crate) const ANSWER_SELECT: &str = "SELECT a.user_id, u.name, a.building_id, b.name AS building_name, a.answers, a.origin, \
    a.recorded_by, a.consent_note, a.updated_at FROM survey_answers a JOIN users u ON u.id = a.user_id \
    LEFT JOIN buildings b ON b.id = a.building_id";

/// Residents the questionnaire `$1` addresses now, each with their answer if any.
pub(crate) fn addressed_residents() -> String {
    let matches = super::notice_queries::audience(super::notice_queries::RESIDENT_COMMUNITY, "COALESCE(u.building_id, -1)", "u.id");
    format!("FROM users u LEFT JOIN buildings b ON b.id = u.building_id JOIN surveys n ON n.id = $1 \
             LEFT JOIN survey_answers a ON a.survey_id = n.id AND a.user_id = u.id \
             WHERE u.role = 'resident' AND u.closed_at IS NULL AND {matches}")
}

/// Deletes the `files` rows of `ids` (`(file_id,)` rows), adding their stored names to `names`
/// for the caller to remove from disk once the transaction commits.
macro_rules! delete_files {
    ($tx:expr, $ids:expr, $names:expr) => {
        for (file_id,) in $ids {
            let gone: Option<(String, Option<String>)> = sqlx::query_as("DELETE FROM files WHERE id = $1 RETURNING stored_name, thumb_name")
                .bind(file_id).fetch_optional(&mut *$tx).await?;
            $names.extend(gone.into_iter().flat_map(|(stored, thumb)| std::iter::once(stored).chain(thumb)));
        }
    };
}

/// A photo answer as read: whose, which question, and the file's columns.
#[derive(sqlx::FromRow)]
pub(crate) struct PhotoRow {
    pub user_id: i64,
    pub question: String,
    #[sqlx(flatten)]
    pub file: crate::FileRow,
}

macro_rules! impl_survey_store {
    ($store:ident, $begin_write:literal) => {
        #[async_trait::async_trait]
        impl $crate::SurveyStore for $store {
            async fn create_survey(&self, s: &$crate::NewSurvey, now: i64) -> $crate::StoreResult<i64> {
                Ok(sqlx::query_scalar(
                        "INSERT INTO surveys (unit_kind, unit_code, author_id, title, intro, communities, buildings, target_groups, \
                         anonymous, closes_on, status, created_at, updated_at, per_household) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'draft', $11, $11, $12) RETURNING id")
                    .bind(&s.unit_kind).bind(&s.unit_code).bind(s.author_id).bind(&s.title).bind(&s.intro).bind(&s.communities)
                    .bind(&s.buildings).bind(&s.target_groups).bind(s.anonymous as i64).bind(&s.closes_on).bind(now).bind(s.per_household as i64)
                    .fetch_one(&self.pool).await?)
            }

            async fn survey(&self, id: i64) -> $crate::StoreResult<Option<$crate::SurveyRow>> {
                let sql = format!("{} WHERE n.id = $1", $crate::survey_queries::SURVEY_SELECT);
                Ok(sqlx::query_as(&sql).bind(id).fetch_optional(&self.pool).await?)
            }

            async fn unit_surveys(&self, unit_kind: &str, unit_code: &str, limit: i64) -> $crate::StoreResult<Vec<$crate::SurveyRow>> {
                let sql = format!("{} WHERE n.unit_kind = $1 AND n.unit_code = $2 ORDER BY n.id DESC LIMIT $3", $crate::survey_queries::SURVEY_SELECT);
                Ok(sqlx::query_as(&sql).bind(unit_kind).bind(unit_code).bind(limit).fetch_all(&self.pool).await?)
            }

            async fn set_survey_questions(&self, id: i64, questions_json: &str, now: i64) -> $crate::StoreResult<bool> {
                Ok(sqlx::query("UPDATE surveys SET questions_json = $2, updated_at = $3 WHERE id = $1 AND status = 'draft'")
                    .bind(id).bind(questions_json).bind(now).execute(&self.pool).await?.rows_affected() == 1)
            }

            async fn move_survey(&self, id: i64, from: &[&str], to: &str, audit: &$crate::AuditEntry, now: i64) -> $crate::StoreResult<bool> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                let current: Option<String> = sqlx::query_scalar("SELECT status FROM surveys WHERE id = $1").bind(id).fetch_optional(&mut *tx).await?;
                if !current.is_some_and(|s| from.contains(&s.as_str())) {
                    return Ok(false);
                }
                sqlx::query("UPDATE surveys SET status = $2, updated_at = $3, opened_at = CASE WHEN $2 = 'open' THEN $3 ELSE opened_at END WHERE id = $1")
                    .bind(id).bind(to).bind(now).execute(&mut *tx).await?;
                $crate::application_queries::write_audit!(tx, std::slice::from_ref(audit), now);
                tx.commit().await?;
                Ok(true)
            }

            async fn surveys_for(&self, reader: &$crate::Reader, today: &str, limit: i64) -> $crate::StoreResult<Vec<$crate::SurveyRow>> {
                let sql = format!("{} WHERE n.status = 'open' AND n.closes_on >= $1 AND {} ORDER BY n.closes_on, n.id LIMIT $5",
                    $crate::survey_queries::SURVEY_SELECT, $crate::notice_queries::audience("$2", "$3", "$4"));
                Ok(sqlx::query_as(&sql).bind(today).bind(&reader.community).bind(reader.building_id.unwrap_or(-1)).bind(reader.user_id)
                    .bind(limit).fetch_all(&self.pool).await?)
            }

            async fn survey_addresses(&self, id: i64, reader: &$crate::Reader) -> $crate::StoreResult<bool> {
                let sql = format!("SELECT COUNT(*) FROM surveys n WHERE n.id = $1 AND {}", $crate::notice_queries::audience("$2", "$3", "$4"));
                let n: i64 = sqlx::query_scalar(&sql).bind(id).bind(&reader.community).bind(reader.building_id.unwrap_or(-1)).bind(reader.user_id)
                    .fetch_one(&self.pool).await?;
                Ok(n > 0)
            }

            async fn save_survey_answer(&self, a: &$crate::NewSurveyAnswer, today: &str, audit: Option<&$crate::AuditEntry>, now: i64)
                -> $crate::StoreResult<Option<Vec<String>>> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                let open: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM surveys WHERE id = $1 AND status = 'open' AND closes_on >= $2")
                    .bind(a.survey_id).bind(today).fetch_one(&mut *tx).await?;
                if open == 0 {
                    return Ok(None);
                }
                let mut replaced = Vec::new();
                // One answer per household: the other members' answers and photos give way.
                for member in &a.replaces {
                    let old: Vec<(i64,)> = sqlx::query_as("DELETE FROM survey_photos WHERE survey_id = $1 AND user_id = $2 RETURNING file_id")
                        .bind(a.survey_id).bind(member).fetch_all(&mut *tx).await?;
                    $crate::survey_queries::delete_files!(tx, old, replaced);
                    sqlx::query("DELETE FROM survey_answers WHERE survey_id = $1 AND user_id = $2").bind(a.survey_id).bind(member).execute(&mut *tx).await?;
                }
                for (question, file) in &a.photos {
                    let old: Vec<(i64,)> = sqlx::query_as("DELETE FROM survey_photos WHERE survey_id = $1 AND user_id = $2 AND question = $3 RETURNING file_id")
                        .bind(a.survey_id).bind(a.reader.user_id).bind(question).fetch_all(&mut *tx).await?;
                    $crate::survey_queries::delete_files!(tx, old, replaced);
                    if let Some(f) = file {
                        let file_id = $crate::market_queries::insert_file!(tx, a.reader.user_id, "survey_photo", f, now);
                        sqlx::query("INSERT INTO survey_photos (survey_id, user_id, question, file_id) VALUES ($1, $2, $3, $4)")
                            .bind(a.survey_id).bind(a.reader.user_id).bind(question).bind(file_id).execute(&mut *tx).await?;
                    }
                }
                sqlx::query("INSERT INTO survey_answers (survey_id, user_id, building_id, answers, origin, recorded_by, consent_note, created_at, updated_at, channel) \
                             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9) ON CONFLICT (survey_id, user_id) DO UPDATE SET \
                             building_id = excluded.building_id, answers = excluded.answers, origin = excluded.origin, \
                             recorded_by = excluded.recorded_by, consent_note = excluded.consent_note, updated_at = excluded.updated_at, \
                             channel = excluded.channel")
                    .bind(a.survey_id).bind(a.reader.user_id).bind(a.reader.building_id).bind(self.cipher.seal("survey_answers.answers", &a.answers))
                    .bind(a.origin).bind(a.recorded_by).bind(&a.consent_note).bind(now).bind(a.channel).execute(&mut *tx).await?;
                $crate::application_queries::write_audit!(tx, audit.into_iter(), now);
                tx.commit().await?;
                Ok(Some(replaced))
            }

            async fn household_members(&self, user_id: i64) -> $crate::StoreResult<Vec<i64>> {
                Ok(sqlx::query_scalar("SELECT m.id FROM users u JOIN users m ON m.building_id = u.building_id AND m.room = u.room \
                                       WHERE u.id = $1 AND u.room <> '' AND m.id <> u.id AND m.closed_at IS NULL ORDER BY m.id")
                    .bind(user_id).fetch_all(&self.pool).await?)
            }

            async fn survey_photos(&self, id: i64, user_id: Option<i64>) -> $crate::StoreResult<Vec<$crate::SurveyPhoto>> {
                let sql = format!("SELECT p.user_id, p.question, {} FROM survey_photos p JOIN files f ON f.id = p.file_id \
                                   WHERE p.survey_id = $1 AND ($2 IS NULL OR p.user_id = $2) ORDER BY p.user_id, p.question",
                                  $crate::application_queries::FILE_COLUMNS);
                let raw: Vec<$crate::survey_queries::PhotoRow> = sqlx::query_as(&sql).bind(id).bind(user_id).fetch_all(&self.pool).await?;
                Ok(raw.into_iter().map(|r| $crate::SurveyPhoto { user_id: r.user_id, question: r.question, file: r.file }).collect())
            }

            async fn survey_answer(&self, id: i64, user_id: i64) -> $crate::StoreResult<Option<$crate::SurveyAnswerRow>> {
                let sql = format!("{} WHERE a.survey_id = $1 AND a.user_id = $2", $crate::survey_queries::ANSWER_SELECT);
                let row: Option<$crate::SurveyAnswerRow> = sqlx::query_as(&sql).bind(id).bind(user_id).fetch_optional(&self.pool).await?;
                row.map(|r| self.open_answer(r)).transpose()
            }

            async fn survey_answers(&self, id: i64) -> $crate::StoreResult<Vec<$crate::SurveyAnswerRow>> {
                let sql = format!("{} WHERE a.survey_id = $1 ORDER BY a.id", $crate::survey_queries::ANSWER_SELECT);
                let rows: Vec<$crate::SurveyAnswerRow> = sqlx::query_as(&sql).bind(id).fetch_all(&self.pool).await?;
                rows.into_iter().map(|r| self.open_answer(r)).collect()
            }

            async fn survey_coverage(&self, id: i64) -> $crate::StoreResult<Vec<$crate::SurveyCoverage>> {
                let h = $crate::queries::HOUSEHOLD;
                let sql = format!("SELECT u.building_id, b.name AS building_name, COUNT(*) AS addressed, COUNT(a.id) AS answered, \
                                   COUNT(DISTINCT {h}) AS households, COUNT(DISTINCT CASE WHEN a.id IS NOT NULL THEN {h} END) AS households_answered {} \
                                   GROUP BY u.building_id, b.name ORDER BY b.name", $crate::survey_queries::addressed_residents());
                Ok(sqlx::query_as(&sql).bind(id).fetch_all(&self.pool).await?)
            }

            async fn survey_answer_groups(&self, id: i64) -> $crate::StoreResult<Vec<(i64, String)>> {
                Ok(sqlx::query_as("SELECT a.user_id, g.group_code FROM survey_answers a JOIN user_groups g ON g.user_id = a.user_id \
                                   WHERE a.survey_id = $1 ORDER BY a.user_id, g.group_code")
                    .bind(id).fetch_all(&self.pool).await?)
            }

            async fn survey_unanswered(&self, id: i64, limit: i64) -> $crate::StoreResult<Vec<$crate::SurveyResident>> {
                // Per household: nobody at the same building and door has answered either.
                let sql = format!("SELECT u.id AS user_id, u.name, b.name AS building_name {} AND a.id IS NULL \
                                   AND (n.per_household = 0 OR u.room = '' OR NOT EXISTS (SELECT 1 FROM survey_answers o JOIN users m ON m.id = o.user_id \
                                        WHERE o.survey_id = n.id AND m.building_id = u.building_id AND m.room = u.room)) \
                                   ORDER BY b.name, u.room, u.id LIMIT $2",
                    $crate::survey_queries::addressed_residents());
                Ok(sqlx::query_as(&sql).bind(id).bind(limit).fetch_all(&self.pool).await?)
            }
        }

        impl $store {
            fn open_answer(&self, mut r: $crate::SurveyAnswerRow) -> $crate::StoreResult<$crate::SurveyAnswerRow> {
                r.answers = $crate::sealed::open(&*self.cipher, "survey_answers.answers", r.answers)?;
                Ok(r)
            }
        }
    };
}

pub(crate) use {delete_files, impl_survey_store};

//! The needs dashboard's breakdowns beyond buildings: applications by catalogue item and outcome,
//! feedback by category and satisfaction (好差评), and the catalogue searches that found nothing.
//! One query each, grouped in SQL; counts only. Written once for both engines.
use super::{InsightScope, StoreResult};
use async_trait::async_trait;

/// One catalogue item's applications in the period: all, approved, rejected, still open.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct ServiceOutcome {
    pub service_code: String,
    pub total: i64,
    pub approved: i64,
    pub rejected: i64,
    pub open: i64,
}

/// One feedback category in the period: items, closed ones, rated ones, rated 4 or 5 overall.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct CategorySatisfaction {
    pub category_code: String,
    pub name: String,
    pub name_en: String,
    pub total: i64,
    pub closed: i64,
    pub rated: i64,
    pub satisfied: i64,
}

/// A catalogue search with no result, as the dashboard may show it.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct SearchMiss {
    pub query: String,
    pub n: i64,
}

/// Misses shown at all: fewer searches than this could point at one person's words.
pub const SEARCH_MISS_SHOWN_FROM: i64 = 5;

#[async_trait]
pub trait InsightDetailStore: Send + Sync {
    async fn applications_by_service(&self, scope: &InsightScope) -> StoreResult<Vec<ServiceOutcome>>;
    /// Feedback in the scope's buildings (not for a department's view: see `InsightScope`).
    async fn feedback_by_category(&self, scope: &InsightScope) -> StoreResult<Vec<CategorySatisfaction>>;
    /// Counts a search that found nothing, once for everyone (`''`) and once per `groups`.
    async fn record_search_miss(&self, month: &str, community: &str, groups: &[String], query: &str, now: i64) -> StoreResult<()>;
    /// The month's most asked searches with no result, in a community (or all: `''`) and group
    /// (or everyone: `''`), each asked at least `SEARCH_MISS_SHOWN_FROM` times.
    async fn search_misses(&self, month: &str, community: &str, group: &str, limit: i64) -> StoreResult<Vec<SearchMiss>>;
}

macro_rules! impl_insight_detail_store {
    ($store:ident) => {
        #[async_trait::async_trait]
        impl $crate::InsightDetailStore for $store {
            async fn applications_by_service(&self, s: &$crate::InsightScope) -> $crate::StoreResult<Vec<$crate::ServiceOutcome>> {
                let here = $crate::insights::in_community(s);
                Ok(sqlx::query_as(&format!(
                        "SELECT a.service_code, COUNT(*) AS total, \
                         CAST(SUM(CASE WHEN a.status = 'approved' THEN 1 ELSE 0 END) AS BIGINT) AS approved, \
                         CAST(SUM(CASE WHEN a.status = 'rejected' THEN 1 ELSE 0 END) AS BIGINT) AS rejected, \
                         CAST(SUM(CASE WHEN a.status IN ('submitted', 'accepted', 'correction') THEN 1 ELSE 0 END) AS BIGINT) AS open \
                         FROM applications a JOIN users u ON u.id = a.applicant_id JOIN buildings b ON b.id = u.building_id \
                         WHERE a.submitted_at >= $3 AND a.submitted_at < $4 AND {here} AND ($5 = '' OR a.department_code = $5) AND {} \
                         GROUP BY a.service_code ORDER BY total DESC, a.service_code", $crate::insights::in_group("a.applicant_id")))
                    .bind(&s.community).bind(&s.group).bind(s.from).bind(s.to).bind(&s.department).fetch_all(&self.pool).await?)
            }

            async fn feedback_by_category(&self, s: &$crate::InsightScope) -> $crate::StoreResult<Vec<$crate::CategorySatisfaction>> {
                if !s.department.is_empty() {
                    return Ok(Vec::new());
                }
                let here = $crate::insights::in_community(s);
                Ok(sqlx::query_as(&format!(
                        "SELECT f.category_code, c.name, c.name_en, COUNT(*) AS total, \
                         CAST(SUM(CASE WHEN f.status IN ('closed', 'resolved') THEN 1 ELSE 0 END) AS BIGINT) AS closed, \
                         COUNT(e.id) AS rated, CAST(SUM(CASE WHEN e.overall >= 4 THEN 1 ELSE 0 END) AS BIGINT) AS satisfied \
                         FROM feedback f JOIN buildings b ON b.id = f.building_id JOIN feedback_categories c ON c.code = f.category_code \
                         LEFT JOIN evaluations e ON e.subject_kind = 'feedback' AND e.subject_id = f.id AND e.set_aside = 0 \
                         WHERE f.submitted_at >= $3 AND f.submitted_at < $4 AND {here} AND {} \
                         GROUP BY f.category_code, c.name, c.name_en ORDER BY total DESC, f.category_code", $crate::insights::in_group("f.resident_id")))
                    .bind(&s.community).bind(&s.group).bind(s.from).bind(s.to).fetch_all(&self.pool).await?)
            }

            async fn record_search_miss(&self, month: &str, community: &str, groups: &[String], query: &str, now: i64) -> $crate::StoreResult<()> {
                for group in std::iter::once("").chain(groups.iter().map(String::as_str)) {
                    sqlx::query("INSERT INTO search_misses (month, community_code, group_code, query, n, last_at) VALUES ($1, $2, $3, $4, 1, $5) \
                                 ON CONFLICT (month, community_code, group_code, query) DO UPDATE SET n = search_misses.n + 1, last_at = $5")
                        .bind(month).bind(community).bind(group).bind(query).bind(now).execute(&self.pool).await?;
                }
                Ok(())
            }

            async fn search_misses(&self, month: &str, community: &str, group: &str, limit: i64) -> $crate::StoreResult<Vec<$crate::SearchMiss>> {
                Ok(sqlx::query_as("SELECT query, CAST(SUM(n) AS BIGINT) AS n FROM search_misses \
                                   WHERE month = $1 AND ($2 = '' OR community_code = $2) AND group_code = $3 \
                                   GROUP BY query HAVING SUM(n) >= $4 ORDER BY n DESC, query LIMIT $5")
                    .bind(month).bind(community).bind(group).bind($crate::SEARCH_MISS_SHOWN_FROM).bind(limit).fetch_all(&self.pool).await?)
            }
        }
    };
}
pub(crate) use impl_insight_detail_store;

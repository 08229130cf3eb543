//! Storage for the needs dashboard (需求分析): per building, who lives there and what reached
//! them in a period — applications (and 一件事 bundles), feedback, help requests, notices — in a
//! fixed five queries, each grouped by building. Counts only: nothing about any one person.
use super::StoreResult;
use async_trait::async_trait;

/// What to count: a community's buildings (or all), one department's applications (or all),
/// residents of one population group (or everyone), over `[from, to)`.
#[derive(Clone, Debug, Default)]
pub struct InsightScope {
    pub community: String,
    pub department: String,
    pub group: String,
    pub from: i64,
    pub to: i64,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct BuildingFigures {
    pub building_id: i64,
    pub residents: i64,
    /// 独居老人 living there (whatever the group filter).
    pub alone: i64,
    pub applications: i64,
    pub finished: i64,
    pub in_bundles: i64,
    pub feedback: i64,
    pub feedback_closed: i64,
    pub help: i64,
    pub help_met: i64,
    pub help_waiting: i64,
    pub notices: i64,
    pub unread: i64,
}

/// One measure over consecutive periods (a year of months).
#[derive(Clone, Debug, PartialEq)]
pub struct Trend {
    /// `applications`, `feedback` or `help`.
    pub measure: &'static str,
    pub counts: Vec<i64>,
}

/// How many of one kind of request came by one channel.
#[derive(Clone, Debug, PartialEq)]
pub struct ChannelCount {
    /// `applications`, `feedback`, `help`, `bookings` (counter appointments and market orders)
    /// or `answers` (questionnaires).
    pub measure: &'static str,
    pub channel: String,
    pub n: i64,
}

/// The channels that need a person at the community; a resident whose every request came by
/// one of them is served only offline.
const OFFLINE: &str = "('phone', 'counter', 'visit', 'paper', 'hotline')";

/// Each measure's rows in the scope and period as `(person, channel)`, the scope's building as `b`.
pub(crate) fn channel_sources(s: &InsightScope) -> Vec<(&'static str, String)> {
    let here = in_community(s);
    let dept = if s.department.is_empty() { "$5 = ''" } else { "x.department_code = $5" };
    // A department's view counts its own casework only.
    let casework_only = if s.department.is_empty() { "$5 = ''" } else { "$5 = '-'" };
    let rows = |person: &str, table: &str, at: &str, building: &str, filter: &str| format!(
        "SELECT {person} AS person, x.channel FROM {table} x {building} WHERE x.{at} >= $3 AND x.{at} < $4 AND {here} AND {} AND {filter}",
        in_group(person));
    let by_resident = |col: &str| format!("JOIN users u ON u.id = x.{col} JOIN buildings b ON b.id = u.building_id");
    vec![
        ("applications", rows("x.applicant_id", "applications", "submitted_at", &by_resident("applicant_id"), dept)),
        ("feedback", rows("x.resident_id", "feedback", "submitted_at", "JOIN buildings b ON b.id = x.building_id", casework_only)),
        ("help", rows("x.requester_id", "help_requests", "created_at", "JOIN buildings b ON b.id = x.building_id", casework_only)),
        ("bookings", rows("x.resident_id", "appointments", "created_at", &by_resident("resident_id"), casework_only)),
        ("bookings", rows("x.resident_id", "orders", "created_at", &by_resident("resident_id"), casework_only)),
        ("answers", rows("x.user_id", "survey_answers", "created_at", "JOIN buildings b ON b.id = x.building_id", casework_only)),
    ]
}

/// Residents in the scope whose every request in the period came through staff.
pub(crate) fn offline_only_sql(s: &InsightScope) -> String {
    let all = channel_sources(s).into_iter().map(|(_, sql)| sql).collect::<Vec<_>>().join(" UNION ALL ");
    format!("SELECT COUNT(*) FROM (SELECT person FROM ({all}) r WHERE person IS NOT NULL GROUP BY person \
             HAVING MIN(CASE WHEN channel IN {OFFLINE} THEN 1 ELSE 0 END) = 1) o")
}

#[async_trait]
pub trait InsightStore: Send + Sync {
    /// Each kind of request in the scope and period by channel, and how many residents were
    /// served only through staff (no request of theirs online or at a kiosk).
    async fn channel_counts(&self, scope: &InsightScope) -> StoreResult<(Vec<ChannelCount>, i64)>;
    async fn building_figures(&self, scope: &InsightScope) -> StoreResult<Vec<BuildingFigures>>;
    /// Applications, feedback and help requests in each period between consecutive `bounds`
    /// (at most 12 periods), in the scope's buildings, group and department: one query each.
    async fn trends(&self, scope: &InsightScope, bounds: &[i64]) -> StoreResult<Vec<Trend>>;
}

/// `SUM(CASE …)` per period, the bounds being `$3 …`: one column per period.
pub(crate) fn period_columns(at: &str, periods: usize) -> String {
    (0..periods)
        .map(|i| format!("CAST(COALESCE(SUM(CASE WHEN {at} >= ${} AND {at} < ${} THEN 1 ELSE 0 END), 0) AS BIGINT)", i + 3, i + 4))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The person filter every count shares: `$2` empty, or the person has stated that group.
const IN_GROUP: &str = "($2 = '' OR EXISTS (SELECT 1 FROM user_groups g WHERE g.user_id = {person} AND g.group_code = $2))";

pub(crate) fn in_group(person: &str) -> String {
    IN_GROUP.replace("{person}", person)
}

/// The community's filter, in the text only when asked for ("$1 = ''" keeps the parameter): an
/// `OR` would keep the planner from reading by period.
pub(crate) fn in_community(scope: &InsightScope) -> &'static str {
    if scope.community.is_empty() { "$1 = ''" } else { "b.community_code = $1" }
}

macro_rules! impl_insight_store {
    ($store:ident) => {
        #[async_trait::async_trait]
        impl $crate::InsightStore for $store {
            async fn building_figures(&self, s: &$crate::InsightScope) -> $crate::StoreResult<Vec<$crate::BuildingFigures>> {
                use std::collections::BTreeMap;
                let mut by: BTreeMap<i64, $crate::BuildingFigures> = BTreeMap::new();
                let here = $crate::insights::in_community(s);
                let applications: Vec<(i64, i64, i64, i64)> = sqlx::query_as(&format!(
                        "SELECT u.building_id, COUNT(*), COUNT(a.finished_at), COUNT(a.bundle_id) FROM applications a \
                         JOIN users u ON u.id = a.applicant_id JOIN buildings b ON b.id = u.building_id \
                         WHERE a.submitted_at >= $3 AND a.submitted_at < $4 AND {here} AND ($5 = '' OR a.department_code = $5) AND {} \
                         GROUP BY u.building_id", $crate::insights::in_group("a.applicant_id")))
                    .bind(&s.community).bind(&s.group).bind(s.from).bind(s.to).bind(&s.department).fetch_all(&self.pool).await?;
                for (b, n, finished, bundled) in applications {
                    let f = by.entry(b).or_default();
                    (f.applications, f.finished, f.in_bundles) = (n, finished, bundled);
                }
                if !s.department.is_empty() {
                    // A department's view: its own casework only (no census of the district's residents).
                    return Ok(by.into_iter().map(|(b, f)| $crate::BuildingFigures { building_id: b, ..f }).collect());
                }
                let residents: Vec<(i64, i64, i64)> = sqlx::query_as(&format!(
                        "SELECT u.building_id, COUNT(*), CAST(SUM(CASE WHEN EXISTS (SELECT 1 FROM user_groups a WHERE a.user_id = u.id \
                         AND a.group_code = 'alone') THEN 1 ELSE 0 END) AS BIGINT) FROM users u JOIN buildings b ON b.id = u.building_id \
                         WHERE u.role = 'resident' AND u.closed_at IS NULL AND {here} AND {} GROUP BY u.building_id", $crate::insights::in_group("u.id")))
                    .bind(&s.community).bind(&s.group).fetch_all(&self.pool).await?;
                for (b, n, alone) in residents {
                    let f = by.entry(b).or_default();
                    (f.residents, f.alone) = (n, alone);
                }
                let feedback: Vec<(i64, i64, i64)> = sqlx::query_as(&format!(
                        "SELECT f.building_id, COUNT(*), CAST(SUM(CASE WHEN f.status IN ('closed', 'resolved') THEN 1 ELSE 0 END) AS BIGINT) \
                         FROM feedback f JOIN buildings b ON b.id = f.building_id WHERE f.submitted_at >= $3 AND f.submitted_at < $4 \
                         AND {here} AND {} GROUP BY f.building_id", $crate::insights::in_group("f.resident_id")))
                    .bind(&s.community).bind(&s.group).bind(s.from).bind(s.to).fetch_all(&self.pool).await?;
                for (b, n, closed) in feedback {
                    let f = by.entry(b).or_default();
                    (f.feedback, f.feedback_closed) = (n, closed);
                }
                let help: Vec<(i64, i64, i64, i64)> = sqlx::query_as(&format!(
                        "SELECT r.building_id, COUNT(*), CAST(SUM(CASE WHEN r.status IN ('served', 'confirmed') THEN 1 ELSE 0 END) AS BIGINT), \
                         CAST(SUM(CASE WHEN r.status IN ('screening', 'open') THEN 1 ELSE 0 END) AS BIGINT) \
                         FROM help_requests r JOIN buildings b ON b.id = r.building_id WHERE r.created_at >= $3 AND r.created_at < $4 \
                         AND {here} AND {} GROUP BY r.building_id", $crate::insights::in_group("r.requester_id")))
                    .bind(&s.community).bind(&s.group).bind(s.from).bind(s.to).fetch_all(&self.pool).await?;
                for (b, n, met, waiting) in help {
                    let f = by.entry(b).or_default();
                    (f.help, f.help_met, f.help_waiting) = (n, met, waiting);
                }
                let notices: Vec<(i64, i64, i64)> = sqlx::query_as(&format!(
                        "SELECT n.building_id, COUNT(*), CAST(SUM(CASE WHEN n.read_at IS NULL AND n.acknowledged_at IS NULL AND n.told_at IS NULL \
                         THEN 1 ELSE 0 END) AS BIGINT) FROM notice_receipts n JOIN buildings b ON b.id = n.building_id \
                         WHERE n.delivered_at >= $3 AND n.delivered_at < $4 AND {here} AND {} GROUP BY n.building_id", $crate::insights::in_group("n.user_id")))
                    .bind(&s.community).bind(&s.group).bind(s.from).bind(s.to).fetch_all(&self.pool).await?;
                for (b, n, unread) in notices {
                    let f = by.entry(b).or_default();
                    (f.notices, f.unread) = (n, unread);
                }
                Ok(by.into_iter().map(|(b, f)| $crate::BuildingFigures { building_id: b, ..f }).collect())
            }

            async fn channel_counts(&self, s: &$crate::InsightScope) -> $crate::StoreResult<(Vec<$crate::ChannelCount>, i64)> {
                let mut out: Vec<$crate::ChannelCount> = Vec::new();
                for (measure, rows) in $crate::insights::channel_sources(s) {
                    let counted: Vec<(String, i64)> = sqlx::query_as(&format!("SELECT channel, COUNT(*) FROM ({rows}) r GROUP BY channel"))
                        .bind(&s.community).bind(&s.group).bind(s.from).bind(s.to).bind(&s.department).fetch_all(&self.pool).await?;
                    for (channel, n) in counted {
                        match out.iter_mut().find(|c| c.measure == measure && c.channel == channel) {
                            Some(c) => c.n += n,
                            None => out.push($crate::ChannelCount { measure, channel, n }),
                        }
                    }
                }
                let offline: i64 = sqlx::query_scalar(&$crate::insights::offline_only_sql(s))
                    .bind(&s.community).bind(&s.group).bind(s.from).bind(s.to).bind(&s.department).fetch_one(&self.pool).await?;
                Ok((out, offline))
            }

            async fn trends(&self, s: &$crate::InsightScope, bounds: &[i64]) -> $crate::StoreResult<Vec<$crate::Trend>> {
                use sqlx::Row;
                let periods = bounds.len().saturating_sub(1).min(12);
                if periods == 0 {
                    return Ok(Vec::new());
                }
                let here = $crate::insights::in_community(s);
                let (first, last) = (3, 3 + periods);
                let department = format!("${}", last + 1);
                let measures: Vec<(&'static str, String)> = vec![
                    ("applications", format!("SELECT {} FROM applications a JOIN users u ON u.id = a.applicant_id JOIN buildings b ON b.id = u.building_id \
                        WHERE a.submitted_at >= ${first} AND a.submitted_at < ${last} AND {here} AND {} AND ({department} = '' OR a.department_code = {department})",
                        $crate::insights::period_columns("a.submitted_at", periods), $crate::insights::in_group("a.applicant_id"))),
                    ("feedback", format!("SELECT {} FROM feedback f JOIN buildings b ON b.id = f.building_id \
                        WHERE f.submitted_at >= ${first} AND f.submitted_at < ${last} AND {here} AND {} AND {department} = ''",
                        $crate::insights::period_columns("f.submitted_at", periods), $crate::insights::in_group("f.resident_id"))),
                    ("help", format!("SELECT {} FROM help_requests r JOIN buildings b ON b.id = r.building_id \
                        WHERE r.created_at >= ${first} AND r.created_at < ${last} AND {here} AND {} AND {department} = ''",
                        $crate::insights::period_columns("r.created_at", periods), $crate::insights::in_group("r.requester_id"))),
                ];
                let mut out = Vec::new();
                for (measure, sql) in measures {
                    let mut query = sqlx::query(&sql).bind(&s.community).bind(&s.group);
                    for b in &bounds[..=periods] {
                        query = query.bind(*b);
                    }
                    let row = query.bind(&s.department).fetch_one(&self.pool).await?;
                    let counts = (0..periods).map(|i| row.try_get::<i64, _>(i)).collect::<Result<Vec<_>, _>>()?;
                    out.push($crate::Trend { measure, counts });
                }
                Ok(out)
            }
        }
    };
}
pub(crate) use impl_insight_store;

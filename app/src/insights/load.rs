//! The dashboard's figures for whoever asks: the scope follows the role (a community's staff,
//! a department's officers, administrators), counts are suppressed under five, and the look is
//! audited with what was asked.
use super::*;
use crate::applications::server::failed;
use crate::prefs::{Lang, Role};
use crate::state::AppState;
use crate::storage::{BuildingFigures, InsightScope, StoreResult, UserRecord};

/// The scope this user may see, narrowed to a known population group (any other is everyone);
/// `None` for residents and providers.
pub fn scope_of(user: &UserRecord, group: &str) -> Option<InsightScope> {
    let mut scope = match user.role {
        Role::Staff => user.community_code.clone().map(|c| InsightScope { community: c, ..Default::default() }),
        Role::Officer => user.department_code.clone().map(|d| InsightScope { department: d, ..Default::default() }),
        Role::Admin => Some(InsightScope::default()),
        _ => None,
    }?;
    scope.group = if crate::notices::GROUPS.contains(&group) { group.to_string() } else { String::new() };
    Some(scope)
}

pub fn cells(f: &BuildingFigures) -> Vec<String> {
    [f.residents, f.alone, f.applications, f.finished, f.in_bundles, f.feedback, f.feedback_closed, f.help, f.help_met, f.notices, f.unread]
        .map(cell)
        .to_vec()
}

/// A building's gaps, each only when there is one: 独居老人 living there, notices not yet read,
/// help requests nobody has taken.
pub fn gaps(building: &str, f: &BuildingFigures, lang: Lang) -> Option<String> {
    let mut parts = Vec::new();
    for (n, id) in [(f.alone, "insights-gap-alone"), (f.unread, "insights-gap-unread"), (f.help_waiting, "insights-gap-help")] {
        if n > 0 {
            parts.push(crate::i18n::text_with(lang, id, [("n", cell(n).into())]));
        }
    }
    (f.unread > 0 || f.help_waiting > 0).then(|| format!("{building}: {}", parts.join(if lang == Lang::En { ", " } else { "，" })))
}

/// The user's scope over one month; `None` when the month cannot be or the user has no view.
pub(super) fn month_scope(user: &UserRecord, month: &str, group: &str) -> Option<InsightScope> {
    let (mut scope, (from, to)) = (scope_of(user, group)?, crate::board::stats::month_span(month)?);
    (scope.from, scope.to) = (from, to);
    Some(scope)
}

/// The rows and gaps of a month, for a user; `None` when the month cannot be or the user has no view.
pub async fn figures(state: &AppState, user: &UserRecord, month: &str, group: &str, lang: Lang) -> StoreResult<Option<(String, bool, Vec<InsightRow>, Vec<String>)>> {
    let Some(scope) = month_scope(user, month, group) else { return Ok(None) };
    let store = &*state.store;
    let figures = store.building_figures(&scope).await?;
    let buildings = store.buildings().await?;
    let mut rows = Vec::new();
    let mut gap_lines = Vec::new();
    for f in &figures {
        let Some(b) = buildings.iter().find(|b| b.id == f.building_id) else { continue };
        let (building, community) = match lang {
            Lang::En => (b.name_en.clone(), b.community_name_en.clone()),
            Lang::Zh => (b.name.clone(), b.community_name.clone()),
        };
        if let Some(line) = gaps(&building, f, lang).filter(|_| scope.department.is_empty()) {
            gap_lines.push(line);
        }
        rows.push(InsightRow { building, community, cells: cells(f) });
    }
    let units = crate::units::all(store).await?;
    let whose = if !scope.community.is_empty() {
        crate::units::name_in(&units, "community", &scope.community, lang)
    } else if !scope.department.is_empty() {
        crate::units::name_in(&units, "department", &scope.department, lang)
    } else {
        crate::i18n::text(lang, "insights-whole-district").to_string()
    };
    let detail = format!("{month} {} {}", if scope.group.is_empty() { "all" } else { &scope.group }, if scope.community.is_empty() { &scope.department } else { &scope.community });
    store.audit(state.now(), Some(user.id), None, "insights_viewed", &detail).await?;
    Ok(Some((whose, !scope.department.is_empty(), rows, gap_lines)))
}

pub async fn page(month: Option<String>, group: Option<String>) -> Result<Option<Insights>, ServerFnError> {
    let state = crate::state::app_state()?;
    let Some(user) = crate::accounts::server::ssr::current_user() else { return Ok(None) };
    let lang = crate::prefs::server_viewer().lang;
    let month = month.filter(|m| !m.is_empty()).unwrap_or_else(crate::board::ssr::this_month);
    let group = group.unwrap_or_default();
    let Some((scope, casework_only, rows, gaps)) = figures(&state, &user, &month, &group, lang).await.map_err(failed)? else {
        crate::components::set_status(404);
        return Ok(None);
    };
    let trend = trend(&state, &user, &month, &group).await.map_err(failed)?;
    let (channels, offline_only) = channels(&state, &user, &month, &group, lang).await.map_err(failed)?;
    let details = match month_scope(&user, &month, &group) {
        Some(scope) => details::ssr::details(&state, &scope, &month, lang).await.map_err(failed)?,
        None => Default::default(),
    };
    let groups = crate::notices::GROUPS.iter().map(|g| (g.to_string(), crate::i18n::text_with(lang, &format!("group-{g}"), []))).collect();
    Ok(Some(Insights { month, months: crate::board::ssr::recent_months(), group, groups, scope, casework_only, rows, gaps, trend, channels, offline_only, details }))
}

/// The month's split by channel, small counts suppressed, and the residents served only offline.
async fn channels(state: &AppState, user: &UserRecord, month: &str, group: &str, lang: Lang) -> StoreResult<(Vec<crate::channel::ChannelRow>, String)> {
    let Some(scope) = month_scope(user, month, group) else { return Ok((Vec::new(), cell(0))) };
    let (counts, offline_only) = state.store.channel_counts(&scope).await?;
    Ok((crate::channel::rows(&counts, lang, cell), cell(offline_only)))
}

/// The twelve months ending with `month`, oldest first ("2026-01" … "2026-12").
pub fn year_to(month: &str) -> Vec<String> {
    let Some((y, m)) = month.split_once('-').and_then(|(y, m)| Some((y.parse::<i32>().ok()?, m.parse::<i32>().ok()?))) else { return Vec::new() };
    (0..12).rev().map(|back| {
        let n = y * 12 + (m - 1) - back;
        format!("{:04}-{:02}", n / 12, n % 12 + 1)
    }).collect()
}

/// Applications, feedback and help requests in each of the twelve months up to `month`.
async fn trend(state: &AppState, user: &UserRecord, month: &str, group: &str) -> StoreResult<Vec<TrendPoint>> {
    let Some(scope) = scope_of(user, group) else { return Ok(Vec::new()) };
    let months = year_to(month);
    let spans: Vec<(i64, i64)> = months.iter().filter_map(|m| crate::board::stats::month_span(m)).collect();
    if spans.len() != months.len() || spans.is_empty() {
        return Ok(Vec::new());
    }
    let mut bounds: Vec<i64> = spans.iter().map(|(from, _)| *from).collect();
    bounds.push(spans[spans.len() - 1].1);
    let trends = state.store.trends(&scope, &bounds).await?;
    let count = |measure: &str, i: usize| trends.iter().find(|t| t.measure == measure).and_then(|t| t.counts.get(i).copied()).unwrap_or(0);
    Ok(months.into_iter().enumerate().map(|(i, m)| TrendPoint { month: m, counts: [count("applications", i), count("feedback", i), count("help", i)] }).collect())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_year_runs_back_across_new_year() {
        let y = super::year_to("2026-03");
        assert_eq!((y.len(), y[0].as_str(), y[9].as_str(), y[11].as_str()), (12, "2025-04", "2026-01", "2026-03"));
        assert!(super::year_to("nonsense").is_empty());
    }
}

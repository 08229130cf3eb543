//! The dashboard's breakdowns: applications by catalogue item and outcome, feedback by category
//! and satisfaction, questionnaire coverage, and catalogue searches that found nothing (the
//! service residents ask for and the catalogue lacks). Every count under five is suppressed; a
//! satisfaction or coverage share is shown only over at least five.
use super::SUPPRESS_BELOW;
use crate::i18n::t;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A breakdown's row: what it is about (user-written text for questionnaire titles and searches)
/// and its cells, already suppressed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BreakdownRow {
    pub label: String,
    pub written: bool,
    pub cells: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Details {
    pub services: Vec<BreakdownRow>,
    pub categories: Vec<BreakdownRow>,
    pub surveys: Vec<BreakdownRow>,
    pub misses: Vec<BreakdownRow>,
}

/// `part` of `whole` as a whole percentage, only when the whole is at least five.
pub fn share(part: i64, whole: i64) -> String {
    if whole < SUPPRESS_BELOW { "—".into() } else { format!("{}%", (part * 100 + whole / 2) / whole) }
}

pub const SERVICE_COLUMNS: [&str; 5] = ["insights-catalogue-item", "insights-applications", "insights-approved", "insights-rejected", "insights-open"];
pub const CATEGORY_COLUMNS: [&str; 5] = ["insights-category", "insights-feedback", "insights-feedback-closed", "insights-rated", "insights-satisfied"];
pub const SURVEY_COLUMNS: [&str; 4] = ["insights-survey", "insights-households", "insights-households-answered", "insights-coverage"];
pub const MISS_COLUMNS: [&str; 2] = ["insights-search", "insights-searches"];

/// One breakdown as a table with a caption, or a line saying there is nothing.
#[component]
pub fn BreakdownTable(id: &'static str, title: &'static str, columns: &'static [&'static str], rows: Vec<BreakdownRow>,
    #[prop(optional)] hint: Option<&'static str>) -> impl IntoView {
    view! {
        <section aria-labelledby=id>
            <h2 id=id>{t(title)}</h2>
            {hint.map(|h| view! { <p class="hint">{t(h)}</p> })}
            {if rows.is_empty() { view! { <p>{t("insights-nothing")}</p> }.into_any() } else { view! {
                <div class="table-scroll" tabindex="0" role="region" aria-label=t(title)>
                <table class="board">
                    <thead><tr>{columns.iter().map(|c| view! { <th scope="col">{t(c)}</th> }).collect_view()}</tr></thead>
                    <tbody>
                        {rows.into_iter().map(|r| view! {
                            <tr><th scope="row">{if r.written { view! { <crate::components::Written text=r.label/> }.into_any() } else { r.label.into_any() }}</th>
                                {r.cells.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}</tr>
                        }).collect_view()}
                    </tbody>
                </table>
                </div>
            }.into_any() }}
        </section>
    }
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;
    use crate::insights::cell;
    use crate::prefs::Lang;
    use crate::state::AppState;
    use crate::storage::{InsightScope, StoreResult, SurveyRow, UserRecord};

    /// The breakdowns of a month in a scope (`month` as "2026-11").
    pub async fn details(state: &AppState, scope: &InsightScope, month: &str, lang: Lang) -> StoreResult<Details> {
        let store = &*state.store;
        let catalogue = state.catalogue.get(store).await?;
        let services = store.applications_by_service(scope).await?.into_iter().map(|o| {
            let row = catalogue.services.iter().find(|s| s.code == o.service_code);
            let label = row.map(|s| if lang == Lang::En { s.name_en.clone() } else { s.name.clone() }).unwrap_or(o.service_code);
            BreakdownRow { label, written: false, cells: vec![cell(o.total), cell(o.approved), cell(o.rejected), cell(o.open)] }
        }).collect();
        let categories = store.feedback_by_category(scope).await?.into_iter().map(|c| BreakdownRow {
            label: if lang == Lang::En { c.name_en } else { c.name },
            written: false,
            cells: vec![cell(c.total), cell(c.closed), cell(c.rated), share(c.satisfied, c.rated)],
        }).collect();
        let misses = store.search_misses(month, &scope.community, &scope.group, 20).await?.into_iter()
            .map(|m| BreakdownRow { label: m.query, written: true, cells: vec![cell(m.n)] })
            .collect();
        Ok(Details { services, categories, surveys: surveys(state, scope).await?, misses })
    }

    /// Questionnaires of the scope's units that were open at some time in the period, with the
    /// households they address and those that answered.
    async fn surveys(state: &AppState, scope: &InsightScope) -> StoreResult<Vec<BreakdownRow>> {
        let store = &*state.store;
        let units: Vec<(String, String)> = if !scope.community.is_empty() {
            vec![("community".into(), scope.community.clone())]
        } else if !scope.department.is_empty() {
            vec![("department".into(), scope.department.clone())]
        } else {
            crate::units::all(store).await?.into_iter().filter(|u| u.0 == "community" || u.0 == "department").map(|u| (u.0, u.1)).collect()
        };
        let mut rows = Vec::new();
        for (kind, code) in units {
            for s in store.unit_surveys(&kind, &code, 20).await?.into_iter().filter(|s| open_during(s, scope.from, scope.to)) {
                let coverage = store.survey_coverage(s.id).await?;
                let (households, answered) = coverage.iter().fold((0, 0), |(h, a), c| (h + c.households, a + c.households_answered));
                rows.push(BreakdownRow { label: s.title, written: true, cells: vec![cell(households), cell(answered), share(answered, households)] });
            }
        }
        Ok(rows)
    }

    /// A catalogue search that found nothing, as it may be kept: trimmed, lower-case, at most 20
    /// characters, and with no more than three digits (never an ID, phone or case number).
    pub fn miss_worth_keeping(query: &str) -> Option<String> {
        let kept = query.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
        let digits = kept.chars().filter(char::is_ascii_digit).count();
        (!kept.is_empty() && kept.chars().count() <= 20 && digits <= 3).then_some(kept)
    }

    /// The header a drawn catalogue page carries when its search found nothing, with the words
    /// kept (percent-encoded): a held copy of the page handed to another reader counts the miss
    /// for them too (`page_cache`). It is taken off before the page is sent.
    pub const SEARCH_MISS_HEADER: &str = "x-linli-search-miss";

    /// Counts a search of the catalogue that found nothing, under the searcher's community and
    /// groups (anonymous searches count for everyone only), and marks the page drawn for it. A
    /// failure is logged, never shown: the resident's search has been answered already.
    pub async fn note_search_miss(state: &AppState, query: &str) {
        let Some(kept) = miss_worth_keeping(query) else { return };
        if let (Some(res), Ok(mark)) = (
            leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
            http::HeaderValue::from_str(&crate::components::encode_query(&kept)),
        ) {
            res.insert_header(http::HeaderName::from_static(SEARCH_MISS_HEADER), mark);
        }
        let user = crate::accounts::server::ssr::current_user();
        note_miss_of(state, user.as_deref(), &kept).await;
    }

    /// Counts again a miss marked on a held page (`SEARCH_MISS_HEADER`), for `user`. The mark
    /// holds words already kept by `miss_worth_keeping`, and only a drawn page sets it.
    pub async fn note_held_miss(state: &AppState, user: Option<&UserRecord>, mark: &str) {
        let words = serde_urlencoded::from_str::<Vec<(String, String)>>(&format!("q={mark}")).ok().and_then(|mut q| q.pop());
        if let Some((_, kept)) = words {
            note_miss_of(state, user, &kept).await;
        }
    }

    async fn note_miss_of(state: &AppState, user: Option<&UserRecord>, kept: &str) {
        let store = &*state.store;
        let noted = async {
            let (community, groups) = match user {
                Some(u) if u.role == crate::prefs::Role::Resident => (
                    crate::applications::access::community_of(store, u).await?.unwrap_or_default(),
                    store.user_groups(u.id).await?,
                ),
                _ => (String::new(), Vec::new()),
            };
            store.record_search_miss(&crate::board::ssr::this_month(), &community, &groups, kept, state.now()).await
        };
        if let Err(e) = noted.await {
            tracing::error!(error = %e, "noting a search miss failed");
        }
    }

    /// Opened before the period ends, and its last day not before the period starts.
    fn open_during(s: &SurveyRow, from: i64, to: i64) -> bool {
        let first_day = crate::time::format_local(from);
        s.opened_at.is_some_and(|opened| opened < to) && s.closes_on.as_str() >= first_day.get(..10).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    #[cfg(feature = "ssr")]
    #[test]
    fn only_short_searches_without_numbers_are_kept() {
        use super::ssr::miss_worth_keeping as kept;
        assert_eq!(kept("  助浴   服务 "), Some("助浴 服务".into()));
        assert_eq!(kept("Elderly BATH"), Some("elderly bath".into()));
        assert_eq!(kept("110105194803120042"), None, "an ID number is never kept");
        assert_eq!(kept("13800000001"), None);
        assert_eq!(kept("一二三四五六七八九十一二三四五六七八九十一"), None, "over 20 characters");
        assert_eq!(kept("   "), None);
    }

    #[test]
    fn a_share_needs_five_behind_it() {
        assert_eq!(super::share(3, 4), "—");
        assert_eq!(super::share(4, 5), "80%");
        assert_eq!(super::share(2, 3 * 3), "22%");
    }
}

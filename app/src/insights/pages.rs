//! `/insights`: the needs dashboard's page — month and group filters, the gaps first, then the
//! table by building (with a CSV of the same).
use super::*;
use super::details::BreakdownTable;
use crate::components::{loaded, nothing_here};
use crate::i18n::{t, t_with};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn InsightsPage() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new(
        move || query.with(|q| (q.get("month"), q.get("group"))),
        |(month, group)| load_insights(month, group),
    );
    view! {
        <Title text=t("insights-title")/>
        <h1>{t("insights-title")}</h1>
        <p class="lead">{t("insights-lead")}</p>
        {loaded(data, nothing_here, move |d| view! { <InsightsBody d/> }.into_any())}
    }
}

#[component]
fn InsightsBody(d: Insights) -> impl IntoView {
    let csv = format!("/insights.csv?month={}&group={}", d.month, d.group);
    let columns: Vec<&'static str> = if d.casework_only { COLUMNS[..5].to_vec() } else { COLUMNS.to_vec() };
    let shown = columns.len();
    view! {
        <p class="meta">{d.scope.clone()}</p>
        <form method="get" action="/insights" class="filters">
            <div class="field">
                <label for="month">{t("insights-month")}</label>
                <select id="month" name="month">
                    {d.months.iter().map(|m| view! { <option value=m.clone() selected=*m == d.month>{m.clone()}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="group">{t("insights-group")}</label>
                <select id="group" name="group">
                    <option value="">{t("insights-everyone")}</option>
                    {d.groups.iter().map(|(g, label)| view! { <option value=g.clone() selected=*g == d.group>{label.clone()}</option> }).collect_view()}
                </select>
            </div>
            <button type="submit" class="button">{t("insights-show")}</button>
        </form>
        {(!d.casework_only).then(|| view! {
            <section aria-labelledby="gaps">
                <h2 id="gaps">{t("insights-gaps")}</h2>
                {if d.gaps.is_empty() { view! { <p>{t("insights-no-gaps")}</p> }.into_any() } else {
                    view! { <ul class="plain-list">{d.gaps.iter().map(|g| view! { <li>{g.clone()}</li> }).collect_view()}</ul> }.into_any()
                }}
            </section>
        })}
        <Trend points=d.trend.clone() scope=d.scope.clone() casework_only=d.casework_only/>
        <section aria-labelledby="channels">
            <h2 id="channels">{t("insights-channels")}</h2>
            {(!d.casework_only).then(|| view! { <p class="lead">{t_with("insights-offline-only", [("n", d.offline_only.clone().into())])}</p> })}
            {if d.channels.is_empty() { view! { <p>{t("insights-no-channels")}</p> }.into_any() } else {
                view! { <crate::components::ChannelTable rows=d.channels.clone() caption=t("insights-channels")/> }.into_any()
            }}
        </section>
        <section aria-labelledby="by-building">
            <h2 id="by-building">{t("insights-by-building")}</h2>
            <p class="hint">{t("insights-suppressed")}</p>
            {if d.rows.is_empty() { view! { <p>{t("insights-nothing")}</p> }.into_any() } else {
                view! {
                    <div class="table-scroll" tabindex="0" role="region" aria-label=t("insights-by-building")>
                    <table class="board">
                        <thead><tr>
                            <th scope="col">{t("insights-building")}</th>
                            {columns.iter().map(|c| view! { <th scope="col">{t(c)}</th> }).collect_view()}
                        </tr></thead>
                        <tbody>
                            {d.rows.iter().map(|r| view! {
                                <tr><th scope="row">{r.community.clone()}" · "{r.building.clone()}</th>
                                    {r.cells.iter().take(shown).map(|c| view! { <td>{c.clone()}</td> }).collect_view()}</tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    </div>
                }.into_any()
            }}
            <p><a href=csv download="">{t("insights-csv")}</a></p>
        </section>
        <BreakdownTable id="by-service" title="insights-by-service" columns=&details::SERVICE_COLUMNS rows=d.details.services.clone()/>
        {(!d.casework_only).then(|| view! {
            <BreakdownTable id="by-category" title="insights-by-category" columns=&details::CATEGORY_COLUMNS rows=d.details.categories.clone()
                hint="insights-satisfaction-hint"/>
        })}
        <BreakdownTable id="survey-coverage" title="insights-survey-coverage" columns=&details::SURVEY_COLUMNS rows=d.details.surveys.clone()/>
        <BreakdownTable id="unmet-searches" title="insights-unmet-searches" columns=&details::MISS_COLUMNS rows=d.details.misses.clone()
            hint="insights-unmet-hint"/>
    }
}

/// The year's trend: the chart, and the same figures as a table (suppressed the same way).
#[component]
fn Trend(points: Vec<TrendPoint>, scope: String, casework_only: bool) -> impl IntoView {
    let title = format!("{} · {}", t("insights-trend"), scope);
    let measures = if casework_only { 1 } else { 3 };
    let names = ["insights-applications", "insights-feedback", "insights-help"];
    view! {
        <section aria-labelledby="trend">
            <h2 id="trend">{t("insights-trend")}</h2>
            <figure class="trend-figure">
                <div inner_html=trend_svg(&points, &title, measures)></div>
                <figcaption>
                    <ul class="legend plain-list">
                        {names.iter().take(measures).enumerate().map(|(m, id)| view! { <li class=format!("legend-{m}")>{t(id)}</li> }).collect_view()}
                    </ul>
                </figcaption>
            </figure>
            <div class="table-scroll" tabindex="0" role="region" aria-label=t("insights-trend")>
            <table class="board">
                <thead><tr><th scope="col">{t("insights-month")}</th>
                    {names.iter().take(measures).map(|id| view! { <th scope="col">{t(id)}</th> }).collect_view()}</tr></thead>
                <tbody>
                    {points.iter().map(|p| view! {
                        <tr><th scope="row">{p.month.clone()}</th>
                            {p.counts.iter().take(measures).map(|n| view! { <td>{cell(*n)}</td> }).collect_view()}</tr>
                    }).collect_view()}
                </tbody>
            </table>
            </div>
        </section>
    }
}

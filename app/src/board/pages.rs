//! `/board`: the month's table, ranked, and the same numbers as an SVG bar chart.
use crate::i18n::t;
use super::{hours, load_board, percent, Board};
use crate::i18n::use_strings;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn BoardPage() -> impl IntoView {
    let query = use_query_map();
    let month = move || query.with(|q| q.get("month"));
    let data = Resource::new(month, load_board);
    view! {
        <Title text=t("board-public-response-time-board")/>
        <h1>{t("board-public-response-time-board")}</h1>
        <p class="lead">{t("board-how-much-each-department-and-community")}</p>
        <Suspense fallback=move || view! { <p>{use_strings().loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(b)) => view! { <BoardBody b/> }.into_any(),
                    Ok(None) => view! { <p class="banner banner-error" role="alert">{t("board-the-month-should-look-like-2026")}</p> }.into_any(),
                    Err(_) => crate::components::load_failed(),
                }
            })}
        </Suspense>
    }
}

const BAR_MAX: f64 = 200.0;

#[component]
fn BoardBody(b: Board) -> impl IntoView {
    let csv = format!("/board.csv?month={}", b.month);
    let rows = b.rows.clone();
    let height = 30 + rows.len() * 44;
    view! {
        <form method="get" action="/board" class="filters">
            <div class="field">
                <label for="month">{t("board-month")}</label>
                <select id="month" name="month">
                    {b.months.iter().map(|m| view! { <option value=m.clone() selected=*m == b.month>{m.clone()}</option> }).collect_view()}
                </select>
            </div>
            <button type="submit" class="button">{t("board-show")}</button>
            " "<a class="button" href=csv rel="external" download="">{t("board-download-csv")}</a>
        </form>
        {if rows.is_empty() {
            view! { <p>{t("board-nothing-was-received-that-month")}</p> }.into_any()
        } else {
            view! {
                <div class="table-scroll" tabindex="0" role="region" aria-label=t("board-board-table")>
                <table class="board">
                    <caption>{b.month.clone()}{t("board-ranking-by-the-mean-of-response")}</caption>
                    <thead><tr>
                        <th scope="col">{t("board-rank")}</th><th scope="col">{t("board-unit")}</th>
                        <th scope="col">{t("board-received")}</th><th scope="col">{t("board-answered-in-time")}</th>
                        <th scope="col">{t("board-resolved-on-time")}</th><th scope="col">{t("board-satisfied")}</th>
                        <th scope="col">{t("board-median-hours-to-first-reply")}</th>
                    </tr></thead>
                    <tbody>
                        {rows.iter().map(|r| view! {
                            <tr>
                                <td>{r.rank}</td><th scope="row">{r.unit.clone()}" "<small>{r.kind.clone()}</small></th>
                                <td>{r.received}</td><td>{percent(r.response_rate)}</td><td>{percent(r.on_time_rate)}</td>
                                <td>{percent(r.satisfaction_rate)}" "<small>{format!("({})", r.rated)}</small></td>
                                <td>{hours(r.median_reply_hours)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                </div>
                <figure class="chart">
                    <svg viewBox=format!("0 0 360 {height}") width="100%" role="img" aria-labelledby="chart-title chart-desc">
                        <title id="chart-title">{t("board-on-time-resolution-and-satisfaction")}</title>
                        <desc id="chart-desc">{t("board-two-bars-per-unit-on-time")}</desc>
                        <rect x="150" y="4" width="12" height="12" class="bar-a"/>
                        <text x="166" y="15" class="legend">{t("board-on-time")}</text>
                        <rect x="250" y="4" width="12" height="12" class="bar-b"/>
                        <text x="266" y="15" class="legend">{t("board-satisfied")}</text>
                        {rows.iter().enumerate().map(|(i, r)| {
                            let y = 30 + i * 44;
                            let w = |v: Option<f64>| (v.unwrap_or(0.0) / 100.0 * BAR_MAX).max(0.0);
                            view! {
                                <g>
                                    <text x="0" y=(y + 16).to_string() class="label">{r.unit.chars().take(9).collect::<String>()}</text>
                                    <rect x="140" y=y.to_string() height="16" width=format!("{:.1}", w(r.on_time_rate)) class="bar-a"/>
                                    <text x=format!("{:.1}", 144.0 + w(r.on_time_rate)) y=(y + 13).to_string() class="value">{percent(r.on_time_rate)}</text>
                                    <rect x="140" y=(y + 19).to_string() height="16" width=format!("{:.1}", w(r.satisfaction_rate)) class="bar-b"/>
                                    <text x=format!("{:.1}", 144.0 + w(r.satisfaction_rate)) y=(y + 32).to_string() class="value">{percent(r.satisfaction_rate)}</text>
                                </g>
                            }
                        }).collect_view()}
                    </svg>
                </figure>
            }.into_any()
        }}
    }
}

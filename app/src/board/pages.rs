//! `/board`: the month's table, ranked, and the same numbers as an SVG bar chart.
use crate::i18n::t;
use super::{hours, load_board, percent, Board, BundleCount, CaseworkRow, CounterRow};
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

#[component]
fn BoardBody(b: Board) -> impl IntoView {
    let csv = format!("/board.csv?month={}", b.month);
    let rows = b.rows.clone();
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
                <div class="table-scroll board-table" tabindex="0" role="region" aria-label=t("board-board-table")>
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
                // One card per unit: its rank and the three rates as labelled bars, the labels
                // inside the card at every width (a phone shows these; the table is for wide
                // screens and screen readers).
                <ol class="board-cards">
                    {rows.iter().map(|r| view! {
                        <li class="card board-card">
                            <p class="board-rank">{t("board-rank")}" "<strong>{r.rank}</strong></p>
                            <h2 class="board-unit">{r.unit.clone()}" "<small>{r.kind.clone()}</small></h2>
                            <p class="meta">{t("board-received")}" "{r.received}" · "{t("board-median-hours-to-first-reply")}" "{hours(r.median_reply_hours)}</p>
                            <dl class="rates">
                                <RateBar label=t("board-answered-in-time") rate=r.response_rate/>
                                <RateBar label=t("board-resolved-on-time") rate=r.on_time_rate/>
                                <RateBar label=t("board-satisfied") rate=r.satisfaction_rate/>
                            </dl>
                        </li>
                    }).collect_view()}
                </ol>
            }.into_any()
        }}
        <Casework casework=b.casework.clone() bundles=b.bundles.clone()/>
        <Counters counters=b.counters.clone()/>
        <section aria-labelledby="channels">
            <h2 id="channels">{t("board-channels")}</h2>
            <p>{t("board-channels-lead")}</p>
            {if b.channels.is_empty() {
                view! { <p>{t("board-no-channels-that-month")}</p> }.into_any()
            } else {
                view! { <crate::components::ChannelTable rows=b.channels.clone() caption=t("board-channels")/> }.into_any()
            }}
        </section>
    }
}

/// 窗口排队: each office's numbers in the month, the mean wait to be called and the mean service.
#[component]
fn Counters(counters: Vec<CounterRow>) -> impl IntoView {
    // One decimal or a dash, as the hours of the table above.
    let minutes = hours;
    view! {
        <section aria-labelledby="counters">
            <h2 id="counters">{t("board-counters")}</h2>
            {if counters.is_empty() {
                view! { <p>{t("board-no-numbers-that-month")}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll" tabindex="0" role="region" aria-label=t("board-counters")>
                    <table class="board">
                        <thead><tr>
                            <th scope="col">{t("board-office")}</th><th scope="col">{t("board-numbers-taken")}</th>
                            <th scope="col">{t("board-numbers-served")}</th><th scope="col">{t("board-mean-wait")}</th>
                            <th scope="col">{t("board-mean-service")}</th>
                        </tr></thead>
                        <tbody>
                            {counters.into_iter().map(|c| view! {
                                <tr><th scope="row">{c.office}</th><td>{c.taken}</td><td>{c.served}</td>
                                    <td>{minutes(c.mean_wait_minutes)}</td><td>{minutes(c.mean_service_minutes)}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

/// 网上办件: what each department received online in the month, and the 一件事 filed.
#[component]
fn Casework(casework: Vec<CaseworkRow>, bundles: Vec<BundleCount>) -> impl IntoView {
    view! {
        <section aria-labelledby="casework">
            <h2 id="casework">{t("board-casework")}</h2>
            {if casework.is_empty() {
                view! { <p>{t("board-no-applications-that-month")}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll" tabindex="0" role="region" aria-label=t("board-casework")>
                    <table class="board">
                        <thead><tr>
                            <th scope="col">{t("board-unit")}</th><th scope="col">{t("board-applications-received")}</th>
                            <th scope="col">{t("board-of-which-in-bundles")}</th><th scope="col">{t("board-finished")}</th>
                            <th scope="col">{t("board-finished-on-time")}</th>
                        </tr></thead>
                        <tbody>
                            {casework.into_iter().map(|c| view! {
                                <tr><th scope="row">{c.unit}</th><td>{c.received}</td><td>{c.in_bundles}</td><td>{c.finished}</td><td>{percent(c.on_time_rate)}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    </div>
                }.into_any()
            }}
            <h3>{t("board-bundles")}</h3>
            {if bundles.is_empty() {
                view! { <p>{t("board-no-bundles-that-month")}</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list">
                        {bundles.into_iter().map(|b| view! { <li>{format!("{} · {}", b.name, b.bundles)}</li> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

/// A rate as words and a bar; with nothing to count, the words say so and no bar is drawn.
#[component]
fn RateBar(label: &'static str, rate: Option<f64>) -> impl IntoView {
    view! {
        <div class="rate">
            <dt>{label}</dt>
            <dd>
                <span class="rate-value">{percent(rate)}</span>
                {rate.map(|v| view! { <progress max="100" value=format!("{v:.1}") aria-label=label>{percent(Some(v))}</progress> })}
            </dd>
        </div>
    }
}

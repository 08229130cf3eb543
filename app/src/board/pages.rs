//! `/board`: the month's table, ranked, and the same numbers as an SVG bar chart.
use super::{hours, load_board, percent, Board};
use crate::components::tr;
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
        <Title text=tr("办理情况公开", "Public response-time board")/>
        <h1>{tr("办理情况公开", "Public response-time board")}</h1>
        <p class="lead">{tr("各部门、各社区每月收到多少诉求、是否按时答复和办结、群众是否满意，全部公开。",
            "How much each department and community received each month, whether it answered and resolved on time, and how satisfied residents were.")}</p>
        <Suspense fallback=move || view! { <p>{use_strings().loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(b)) => view! { <BoardBody b/> }.into_any(),
                    Ok(None) => view! { <p class="banner banner-error" role="alert">{tr("月份格式应为 2026-11。", "The month should look like 2026-11.")}</p> }.into_any(),
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
                <label for="month">{tr("月份", "Month")}</label>
                <select id="month" name="month">
                    {b.months.iter().map(|m| view! { <option value=m.clone() selected=*m == b.month>{m.clone()}</option> }).collect_view()}
                </select>
            </div>
            <button type="submit" class="button">{tr("查看", "Show")}</button>
            " "<a class="button" href=csv rel="external" download="">{tr("下载 CSV", "Download CSV")}</a>
        </form>
        {if rows.is_empty() {
            view! { <p>{tr("该月暂无数据。", "Nothing was received that month.")}</p> }.into_any()
        } else {
            view! {
                <div class="table-scroll" tabindex="0" role="region" aria-label=tr("办理情况表", "Board table")>
                <table class="board">
                    <caption>{b.month.clone()}{tr(" 排名（按响应率、按期办结率、满意率的平均值）", " ranking (by the mean of response, on-time and satisfaction rates)")}</caption>
                    <thead><tr>
                        <th scope="col">{tr("排名", "Rank")}</th><th scope="col">{tr("单位", "Unit")}</th>
                        <th scope="col">{tr("受理量", "Received")}</th><th scope="col">{tr("响应率", "Answered in time")}</th>
                        <th scope="col">{tr("按期办结率", "Resolved on time")}</th><th scope="col">{tr("满意率", "Satisfied")}</th>
                        <th scope="col">{tr("首次答复用时中位数（小时）", "Median hours to first reply")}</th>
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
                        <title id="chart-title">{tr("按期办结率与满意率", "On-time resolution and satisfaction")}</title>
                        <desc id="chart-desc">{tr("每个单位两条横条：上为按期办结率，下为满意率；数值同上表。", "Two bars per unit: on-time resolution above, satisfaction below; the numbers are in the table above.")}</desc>
                        <rect x="150" y="4" width="12" height="12" class="bar-a"/>
                        <text x="166" y="15" class="legend">{tr("按期办结率", "On time")}</text>
                        <rect x="250" y="4" width="12" height="12" class="bar-b"/>
                        <text x="266" y="15" class="legend">{tr("满意率", "Satisfied")}</text>
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

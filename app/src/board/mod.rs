//! 公开监督: `/board` shows, per department and per community for a chosen month, what was
//! received, how much was answered and resolved on time, how satisfied residents were, the
//! median time to a first reply, and the ranking. Charts are server-rendered SVG with the same
//! numbers as a table; `/board.csv` downloads them.
#[cfg(feature = "ssr")]
pub mod handlers;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod stats;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BoardRow {
    pub rank: u32,
    pub unit: String,
    pub kind: String,
    pub received: u32,
    /// Percentages with one decimal, or None where there was nothing to count.
    pub response_rate: Option<f64>,
    pub on_time_rate: Option<f64>,
    pub satisfaction_rate: Option<f64>,
    pub rated: u32,
    pub median_reply_hours: Option<f64>,
}

/// Online applications a department received in the month, alone or as part of a 一件事.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseworkRow {
    pub unit: String,
    pub received: u32,
    pub in_bundles: u32,
    pub finished: u32,
    /// Of those finished, the share finished by their deadline.
    pub on_time_rate: Option<f64>,
}

/// 一件事 bundles filed in the month, per life event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BundleCount {
    pub name: String,
    pub bundles: u32,
}

/// 窗口排队: numbers taken at an office in the month, and how long they waited and were served.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CounterRow {
    pub office: String,
    pub taken: u32,
    pub served: u32,
    pub mean_wait_minutes: Option<f64>,
    pub mean_service_minutes: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Board {
    pub month: String,
    pub months: Vec<String>,
    pub rows: Vec<BoardRow>,
    pub casework: Vec<CaseworkRow>,
    pub bundles: Vec<BundleCount>,
    pub counters: Vec<CounterRow>,
    /// Applications, feedback, help requests, bookings and answers by the channel they came by.
    pub channels: Vec<crate::channel::ChannelRow>,
}

/// What the board shows for one month, as computed (and cached) on the server.
#[derive(Clone, Debug, Default)]
pub struct BoardData {
    pub rows: Vec<BoardRow>,
    pub casework: Vec<CaseworkRow>,
    pub bundles: Vec<BundleCount>,
    pub counters: Vec<CounterRow>,
    pub channels: Vec<crate::channel::ChannelRow>,
}

pub fn percent(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.1}%")).unwrap_or_else(|| "—".into())
}

pub fn hours(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.1}")).unwrap_or_else(|| "—".into())
}

#[server(endpoint = "board")]
pub async fn load_board(month: Option<String>) -> Result<Option<Board>, ServerFnError> {
    let state = crate::state::app_state()?;
    let lang = crate::prefs::server_viewer().lang;
    let board = ssr::board(&state, month, lang).await.map_err(crate::applications::server::failed)?;
    if board.is_none() {
        crate::components::set_status(404);
    }
    Ok(board)
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;
    use crate::prefs::Lang;
    use crate::state::AppState;
    use crate::storage::{Store, StoreResult};
    use std::time::Duration;

    /// Boards as computed lately, per month and language (see `web::recent`). The current month
    /// is computed again after a minute. A past month changes only when an item it received is
    /// answered late or a rating is set aside, so it is kept for an hour.
    pub type BoardCache = crate::web::Recent<(String, Lang), BoardData>;

    pub fn board_cache() -> BoardCache {
        let keep_for = |(month, _): &(String, Lang)| Duration::from_secs(if *month == this_month() { 60 } else { 3600 });
        BoardCache::new(keep_for, 48)
    }

    pub fn this_month() -> String {
        let (y, m, _) = crate::time::today();
        format!("{y:04}-{m:02}")
    }

    /// The last twelve months, newest first.
    pub fn recent_months() -> Vec<String> {
        let (mut y, mut m, _) = crate::time::today();
        (0..12)
            .map(|_| {
                let s = format!("{y:04}-{m:02}");
                if m == 1 { y -= 1; m = 12 } else { m -= 1 }
                s
            })
            .collect()
    }

    /// Last month's board in both languages, drawn when the server starts and every half hour
    /// after, so no reader waits for a month of a city's cases to be counted (seconds at a
    /// million residents). Older months are drawn when first asked for, then kept an hour.
    pub async fn keep_last_month_drawn(state: AppState) {
        let mut first = true;
        loop {
            let month = recent_months().get(1).cloned().unwrap_or_default();
            if let Some((from, to)) = super::stats::month_span(&month) {
                for lang in [Lang::Zh, Lang::En] {
                    let key = (month.clone(), lang);
                    // The first drawing goes through `get_or`, so a reader asking meanwhile waits
                    // for it rather than drawing the month again; later ones replace the held one.
                    let drawn = if first {
                        state.board.get_or(key, data_of(&*state.store, from, to, lang)).await.map(|_| ())
                    } else {
                        data_of(&*state.store, from, to, lang).await.map(|data| state.board.put(key, data))
                    };
                    if let Err(e) = drawn {
                        tracing::warn!(error = %e, %month, "drawing last month's board failed");
                    }
                }
            }
            first = false;
            tokio::time::sleep(Duration::from_secs(30 * 60)).await;
        }
    }

    /// The board of `month` (the current one when absent); `None` for a month that cannot be.
    pub async fn board(state: &AppState, month: Option<String>, lang: Lang) -> StoreResult<Option<Board>> {
        let month = month.filter(|m| !m.is_empty()).unwrap_or_else(this_month);
        let Some((from, to)) = super::stats::month_span(&month) else { return Ok(None) };
        let key = (month.clone(), lang);
        let data = state.board.get_or(key, data_of(&*state.store, from, to, lang)).await?;
        let BoardData { rows, casework, bundles, counters, channels } = (*data).clone();
        Ok(Some(Board { month, months: recent_months(), rows, casework, bundles, counters, channels }))
    }

    async fn data_of(store: &dyn Store, from: i64, to: i64, lang: Lang) -> StoreResult<BoardData> {
        let rows = rows_of(store, from, to, lang).await?;
        let names = crate::units::all(store).await?;
        let received = store.applications_received(from, to).await?;
        let casework = super::stats::casework(&received, crate::applications::steps::today())
            .into_iter()
            .map(|c| CaseworkRow {
                unit: crate::units::name_in(&names, "department", &c.department, lang),
                received: c.received,
                in_bundles: c.in_bundles,
                finished: c.finished,
                on_time_rate: (c.finished > 0).then(|| c.finished_on_time as f64 * 100.0 / c.finished as f64),
            })
            .collect();
        let bundles = store
            .bundle_counts(from, to)
            .await?
            .into_iter()
            .map(|(code, n)| BundleCount {
                name: crate::things::find(&code).map(|t| t.name_in(lang).to_string()).unwrap_or(code),
                bundles: n as u32,
            })
            .collect();
        let offices = store.offices().await?;
        let counters = store
            .queue_times(from, to)
            .await?
            .into_iter()
            .filter_map(|q| {
                let o = offices.iter().find(|o| o.id == q.office_id)?;
                Some(CounterRow {
                    office: if lang == Lang::En { o.name_en.clone() } else { o.name.clone() },
                    taken: q.taken as u32,
                    served: q.served as u32,
                    mean_wait_minutes: (q.called > 0).then(|| q.wait_secs as f64 / q.called as f64 / 60.0),
                    mean_service_minutes: (q.served > 0).then(|| q.service_secs as f64 / q.served as f64 / 60.0),
                })
            })
            .collect();
        // The whole district's split: counts of requests, never of people.
        let scope = crate::storage::InsightScope { from, to, ..Default::default() };
        let channels = crate::channel::rows(&store.channel_counts(&scope).await?.0, lang, |n| n.to_string());
        Ok(BoardData { rows, casework, bundles, counters, channels })
    }

    async fn rows_of(store: &dyn Store, from: i64, to: i64, lang: Lang) -> StoreResult<Vec<BoardRow>> {
        let items = store.feedback_stats(from, to).await?;
        let ratings = store.evaluation_stats(from, to).await?;
        let names = crate::units::all(store).await?;
        Ok(super::stats::compute(&items, &ratings)
            .into_iter()
            .map(|s| BoardRow {
                rank: s.rank,
                unit: crate::units::name_in(&names, &s.unit_kind, &s.unit_code, lang),
                kind: match (s.unit_kind.as_str(), lang) {
                    ("department", Lang::En) => "Department".into(),
                    ("department", _) => "部门".into(),
                    (_, Lang::En) => "Community".into(),
                    _ => "社区".into(),
                },
                received: s.received,
                response_rate: s.response_rate(),
                on_time_rate: s.on_time_rate(),
                satisfaction_rate: s.satisfaction_rate(),
                rated: s.rated,
                median_reply_hours: s.median_reply_hours,
            })
            .collect())
    }
}

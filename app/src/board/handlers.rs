//! GET `/board.csv?month=YYYY-MM`: the board's table for spreadsheets (UTF-8 with a BOM, so
//! Excel opens the Chinese names correctly).
use super::{hours, percent};
use crate::prefs::Lang;
use crate::state::AppState;
use crate::web::{AppError, AppResult};
use axum::extract::{Query, State};
use axum::http::{header, HeaderValue};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

pub fn routes() -> Router<AppState> {
    Router::new().route("/board.csv", get(csv))
}

#[derive(serde::Deserialize)]
pub(crate) struct MonthQuery {
    month: Option<String>,
}

fn cell(s: &str) -> String {
    if s.contains([',', '"', '\n']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() }
}

#[utoipa::path(get, path = "/board.csv", tag = "board",
    params(("month" = Option<String>, Query, description = "YYYY-MM; the latest month when absent")),
    responses((status = 200, description = "The board's table (UTF-8 with a byte-order mark)", body = String, content_type = "text/csv"),
        (status = 404, description = "The month is not YYYY-MM", body = String, content_type = "text/plain")))]
pub(crate) async fn csv(State(state): State<AppState>, lang: Lang, Query(q): Query<MonthQuery>) -> AppResult {
    let board = super::ssr::board(&state, q.month, lang).await?.ok_or(AppError::NotFound)?;
    let mut out = String::from("\u{feff}");
    out.push_str(if lang == crate::prefs::Lang::En {
        "rank,unit,type,received,response rate,on-time resolution rate,satisfaction rate,ratings,median hours to first reply\n"
    } else {
        "排名,单位,类型,受理量,响应率,按期办结率,满意率,评价数,首次答复用时中位数（小时）\n"
    });
    for r in &board.rows {
        out.push_str(&format!("{},{},{},{},{},{},{},{},{}\n", r.rank, cell(&r.unit), cell(&r.kind), r.received,
            percent(r.response_rate), percent(r.on_time_rate), percent(r.satisfaction_rate), r.rated, hours(r.median_reply_hours)));
    }
    // Then the month's requests by channel, as the board shows them.
    if !board.channels.is_empty() {
        let heads: Vec<String> = std::iter::once("channel-how-it-came")
            .chain(crate::channel::MEASURES.iter().map(|m| crate::channel::measure_label(m)))
            .map(|id| cell(&crate::i18n::text_with(lang, id, [])))
            .collect();
        out.push_str(&format!("\n{}\n", heads.join(",")));
        for r in &board.channels {
            out.push_str(&format!("{},{}\n", cell(&r.channel), r.counts.join(",")));
        }
    }
    let mut res = out.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"linli-board-{}.csv\"", board.month)) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(res)
}

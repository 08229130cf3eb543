//! `GET /insights.csv`: the dashboard's tables as a spreadsheet (by building, then each
//! breakdown after a blank line), with the same scope, suppression and audit as the page.
use super::COLUMNS;
use crate::state::AppState;
use crate::web::{AppError, AppResult, CurrentUser};
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use std::collections::HashMap;

pub fn routes() -> Router<AppState> {
    Router::new().route("/insights.csv", get(csv))
}

/// A CSV field, quoted when it holds a separator, a quote or a line break; a leading `=`, `+`,
/// `-` or `@` is defused so a spreadsheet never runs it as a formula.
fn field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) { format!("'{text}") } else { text.to_string() };
    if text.contains([',', '"', '\n', '\r']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text }
}

/// One CSV line, each field quoted or defused as it needs.
fn push_line<'a>(out: &mut String, fields: impl Iterator<Item = &'a str>) {
    out.push_str(&fields.map(field).collect::<Vec<_>>().join(","));
    out.push_str("\r\n");
}

async fn csv(State(state): State<AppState>, user: CurrentUser, lang: crate::prefs::Lang, Query(q): Query<HashMap<String, String>>) -> AppResult {
    let month = q.get("month").filter(|m| !m.is_empty()).cloned().unwrap_or_else(crate::board::ssr::this_month);
    let group = q.get("group").cloned().unwrap_or_default();
    let (_, _, rows, _) = super::load::figures(&state, &user, &month, &group, lang).await?.ok_or(AppError::NotFound)?;
    let mut out = String::from("\u{feff}");
    let heading = |ids: &[&str]| ids.iter().map(|id| crate::i18n::text_with(lang, id, []).to_string()).collect::<Vec<_>>();
    push_line(&mut out, heading(&[&["insights-community", "insights-building"][..], &COLUMNS[..]].concat()).iter().map(String::as_str));
    for r in &rows {
        push_line(&mut out, [&r.community, &r.building].into_iter().chain(&r.cells).map(String::as_str));
    }
    if let Some(scope) = super::load::month_scope(&user, &month, &group) {
        let d = super::details::ssr::details(&state, &scope, &month, lang).await?;
        use super::details::*;
        for (columns, rows) in [(&SERVICE_COLUMNS[..], d.services), (&CATEGORY_COLUMNS[..], d.categories), (&SURVEY_COLUMNS[..], d.surveys), (&MISS_COLUMNS[..], d.misses)] {
            out.push_str("\r\n");
            push_line(&mut out, heading(columns).iter().map(String::as_str));
            for r in &rows {
                push_line(&mut out, std::iter::once(&r.label).chain(&r.cells).map(String::as_str));
            }
        }
    }
    let name = format!("attachment; filename=\"linli-insights-{month}.csv\"");
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()), (header::CONTENT_DISPOSITION, name), (header::CACHE_CONTROL, "no-store".to_string())], out).into_response())
}

#[cfg(test)]
mod tests {
    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        assert_eq!(super::field("东湖新村 3 号楼"), "东湖新村 3 号楼");
        assert_eq!(super::field("a,b"), "\"a,b\"");
        assert_eq!(super::field("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(super::field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}

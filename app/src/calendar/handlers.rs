//! Admins change the calendar with plain form posts; every change is audited.
use super::rules::DayKind;
use crate::forms::{msg, internal, lang_of, not_found, read_form, render_page, signed_in, FormState};
use crate::state::AppState;
use crate::storage::CalendarDayRow;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::Router;
use chrono::NaiveDate;
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/calendar", post(set_day))
        .route("/admin/calendar/{day}/delete", post(delete_day))
}

#[derive(Deserialize)]
struct DayForm {
    #[serde(default)]
    day: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    name: String,
}

async fn set_day(State(state): State<AppState>, req: Request) -> Response {
    let (parts, f) = match read_form::<DayForm>(req).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let Some(admin) = signed_in(&parts).filter(|s| s.0.role == "admin") else { return not_found() };
    let lang = lang_of(&parts);
    let mut form = FormState::default();
    for (k, v) in [("day", &f.day), ("kind", &f.kind), ("name", &f.name)] {
        form.values.insert(k.into(), v.chars().take(40).collect());
    }
    let day = NaiveDate::parse_from_str(f.day.trim(), "%Y-%m-%d").ok();
    if day.is_none() {
        form.refuse("day", msg(lang, "请输入有效日期，如 2027-01-01", "Enter a real date, e.g. 2027-01-01"));
    }
    let kind = DayKind::parse(&f.kind);
    if kind.is_none() {
        form.refuse("kind", msg(lang, "请选择放假或调休上班", "Choose day off or working day"));
    }
    let name = f.name.trim();
    if name.is_empty() {
        form.refuse("name", msg(lang, "此项必填，如“元旦”", "Required, e.g. New Year's Day"));
    } else if name.chars().count() > 20 {
        form.refuse("name", msg(lang, "最多 20 个字符", "At most 20 characters"));
    }
    let (Some(day), Some(kind), true) = (day, kind, form.is_ok()) else {
        return render_page(state, parts, form, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let now = crate::time::now_unix();
    let row = CalendarDayRow { day: day.to_string(), kind: kind.as_str().into(), name: name.into() };
    if let Err(e) = state.store.set_calendar_day(&row, Some(admin.0.id), now).await {
        return internal(e);
    }
    Redirect::to(&format!("/admin/calendar?year={}", &row.day[..4])).into_response()
}

async fn delete_day(State(state): State<AppState>, Path(day): Path<String>, req: Request) -> Response {
    let (parts, _) = req.into_parts();
    let Some(admin) = signed_in(&parts).filter(|s| s.0.role == "admin") else { return not_found() };
    let Ok(date) = NaiveDate::parse_from_str(&day, "%Y-%m-%d") else { return not_found() };
    let now = crate::time::now_unix();
    match state.store.delete_calendar_day(&date.to_string(), admin.0.id, now).await {
        Ok(true) => {}
        Ok(false) => return not_found(),
        Err(e) => return internal(e),
    }
    Redirect::to(&format!("/admin/calendar?year={}", &date.to_string()[..4])).into_response()
}

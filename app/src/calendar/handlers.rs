//! Admins change the calendar with plain form posts; every change is audited.
use super::rules::DayKind;
use crate::forms::{FormState, Message};
use crate::state::AppState;
use crate::storage::CalendarDayRow;
use crate::web::{Admin, AppError, AppResult, PostForm};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
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

async fn set_day(State(state): State<AppState>, admin: Admin, PostForm(f): PostForm<DayForm>) -> AppResult {
    let mut form = FormState::default();
    for (k, v) in [("day", &f.day), ("kind", &f.kind), ("name", &f.name)] {
        form.values.insert(k.into(), v.chars().take(40).collect());
    }
    let day = NaiveDate::parse_from_str(f.day.trim(), "%Y-%m-%d").ok();
    if day.is_none() {
        form.refuse("day", Message::new("calendar-enter-a-real-date-e-g"));
    }
    let kind = DayKind::parse(&f.kind);
    if kind.is_none() {
        form.refuse("kind", Message::new("calendar-choose-day-off-or-working-day"));
    }
    let name = f.name.trim();
    if name.is_empty() {
        form.refuse("name", Message::new("calendar-required-e-g-new-years-day"));
    } else if name.chars().count() > 20 {
        form.refuse("name", Message::new("calendar-at-most-20-characters"));
    }
    let (Some(day), Some(kind), true) = (day, kind, form.is_ok()) else {
        return Err(AppError::invalid(form));
    };
    let row = CalendarDayRow { day: day.to_string(), kind: kind.as_str().into(), name: name.into() };
    state.store.set_calendar_day(&row, Some(admin.id), state.now()).await?;
    Ok(Redirect::to(&format!("/admin/calendar?year={}", &row.day[..4])).into_response())
}

async fn delete_day(State(state): State<AppState>, admin: Admin, Path(day): Path<String>) -> AppResult {
    let date = NaiveDate::parse_from_str(&day, "%Y-%m-%d").map_err(|_| AppError::NotFound)?;
    if !state.store.delete_calendar_day(&date.to_string(), admin.id, state.now()).await? {
        return Err(AppError::NotFound);
    }
    Ok(Redirect::to(&format!("/admin/calendar?year={}", &date.to_string()[..4])).into_response())
}

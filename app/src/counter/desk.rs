//! The desk's posts (`/work/counter/{office}/…`), for whoever runs the office: call the next
//! number to a window, record a number's outcome, give a number at the desk, publish and
//! withdraw weekly hours; and the administrator's no-show rule.
use super::handlers::{new_ticket, office_or_404, refused};
use super::lifecycle::{visit_after, TicketAction, TicketActor, OUTCOMES, TICKET_TABLE};
use super::load::runs;
use super::rules::{NoShowPolicy, IDENTITY};
use crate::forms::Message;
use crate::state::AppState;
use crate::storage::{AuditEntry, CounterHoursRow, OfficeRow};
use crate::web::{AppError, AppResult, CurrentUser, FormPairs};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use axum::routing::post;
use axum::Router;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/work/counter/{office}/call", post(call))
        .route("/work/counter/{office}/tickets/{id}/{action}", post(finish))
        .route("/work/counter/{office}/issue", post(issue))
        .route("/work/counter/{office}/hours", post(publish))
        .route("/work/counter/{office}/hours/{id}/remove", post(withdraw))
        .route("/admin/counter/policy", post(set_policy))
}

/// The office, if this user runs it; a 404 for anyone else.
async fn run_by(state: &AppState, code: &str, user: &CurrentUser) -> Result<OfficeRow, AppError> {
    let o = office_or_404(state, code).await?;
    if runs(user, &o) { Ok(o) } else { Err(AppError::NotFound) }
}

fn desk(code: &str) -> String {
    format!("/work/counter/{code}")
}

/// The desk again, remembering the window this member of staff calls to.
fn back_to_window(code: &str, window: &str, extra: &[(&str, &str)]) -> String {
    let mut query = vec![("window", window)];
    query.extend_from_slice(extra);
    format!("{}?{}", desk(code), serde_urlencoded::to_string(&query).unwrap_or_default())
}

/// POST `…/call`: the next number (appointments first) to this window; its holder hears of it.
async fn call(State(state): State<AppState>, Path(code): Path<String>, user: CurrentUser, pairs: FormPairs) -> AppResult {
    let o = run_by(&state, &code, &user).await?;
    let window = pairs.get("window").trim().to_string();
    if window.is_empty() || window.chars().count() > 10 {
        return Err(refused("window", Message::new("counter-window-1-10"), desk(&code)));
    }
    let today = crate::time::day_of(state.now()).to_string();
    let Some(t) = state.store.call_next(o.id, &today, &window, user.id, state.now()).await? else {
        return Ok(Redirect::to(&back_to_window(&code, &window, &[("none", "1")])).into_response());
    };
    if let Some(holder) = t.resident_id {
        let told = Message::new("notice-counter-called").with("label", t.label.clone()).with("window", window.clone())
            .with_names("office", o.name.clone(), o.name_en.clone());
        let notices = crate::applications::steps::notices(&*state.store, &[holder], "counter", &told).await?;
        state.store.notify(&notices, &format!("/queue/t/{}", t.token), state.now()).await?;
    }
    Ok(Redirect::to(&back_to_window(&code, &window, &[])).into_response())
}

/// POST `…/tickets/{id}/{serve|absent|leave}`: the number's outcome, by the ticket table.
async fn finish(State(state): State<AppState>, Path((code, id, action)): Path<(String, i64, String)>, user: CurrentUser, pairs: FormPairs) -> AppResult {
    let o = run_by(&state, &code, &user).await?;
    let action = TicketAction::from_path(&action).ok_or(AppError::NotFound)?;
    let rule = TICKET_TABLE.rule(action, TicketActor::Staff).ok_or(AppError::NotFound)?;
    let to = rule.to.ok_or(AppError::NotFound)?;
    let outcome = pairs.get("outcome");
    if action == TicketAction::Serve && !OUTCOMES.contains(&outcome.as_str()) {
        return Err(refused(&format!("outcome-{id}"), Message::new("counter-choose-outcome"), desk(&code)));
    }
    let visit = visit_after(to).map(|v| v.as_str());
    if !state.store.finish_ticket(id, o.id, rule.from, to.as_str(), visit, &outcome, state.now()).await? {
        return Err(AppError::NotFound);
    }
    Ok(Redirect::to(&back_to_window(&code, &pairs.get("window"), &[])).into_response())
}

/// POST `…/issue`: a number given at the desk, for an appointment of today (by its reference)
/// or for a walk-in's service.
async fn issue(State(state): State<AppState>, Path(code): Path<String>, user: CurrentUser, pairs: FormPairs) -> AppResult {
    let o = run_by(&state, &code, &user).await?;
    let store = &*state.store;
    let ref_no = pairs.get("ref_no");
    let ticket = if !ref_no.is_empty() {
        let today = crate::time::day_of(state.now());
        let a = store.appointment_by_ref(&ref_no).await?
            .filter(|a| a.office_id == o.id && a.status == "booked" && crate::time::day_of(a.starts_at) == today)
            .ok_or_else(|| refused("ref_no", Message::new("counter-no-such-appointment"), desk(&code)))?;
        new_ticket(&state, &o, &a.service, Some(a.resident_id), Some(a.id), "staff")
    } else {
        let service = pairs.get("service");
        if !store.counter_hours(o.id).await?.iter().any(|h| h.service == service) {
            return Err(refused("service", Message::new("counter-choose-service"), desk(&code)));
        }
        new_ticket(&state, &o, &service, None, None, "staff")
    };
    let t = store.take_ticket(&ticket, state.now()).await?
        .ok_or_else(|| refused("ref_no", Message::new("counter-no-such-appointment"), desk(&code)))?;
    Ok(Redirect::to(&format!("{}?issued={}", desk(&code), t.label)).into_response())
}

/// "09:30" → minutes past midnight, within opening hours (07:00–20:00).
fn minute_of(text: &str) -> Option<i64> {
    let (h, m) = text.trim().split_once(':')?;
    let minute = h.parse::<i64>().ok()? * 60 + m.parse::<i64>().ok()?;
    (m.len() == 2 && (7 * 60..=20 * 60).contains(&minute)).then_some(minute)
}

/// POST `…/hours`: publishes a weekly slot for a service (or changes its capacity).
async fn publish(State(state): State<AppState>, Path(code): Path<String>, user: CurrentUser, pairs: FormPairs) -> AppResult {
    let o = run_by(&state, &code, &user).await?;
    let page = desk(&code);
    let mut form = crate::forms::FormState::default();
    for key in ["service", "weekday", "time", "capacity"] {
        form.values.insert(key.into(), pairs.get(key).chars().take(40).collect());
    }
    let service = pairs.get("service");
    let catalogue = state.catalogue.get(&*state.store).await?;
    let known = service == IDENTITY || catalogue.services.iter().any(|s| s.code == service && o.department_code.as_ref().is_none_or(|d| *d == s.department_code));
    if !known {
        form.refuse("service", Message::new("counter-choose-service"));
    }
    let weekday = pairs.get("weekday").parse::<i64>().ok().filter(|d| (1..=5).contains(d));
    if weekday.is_none() {
        form.refuse("weekday", Message::new("counter-choose-weekday"));
    }
    let minute = minute_of(&pairs.get("time"));
    if minute.is_none() {
        form.refuse("time", Message::new("counter-time-7-20"));
    }
    let capacity = pairs.get("capacity").parse::<i64>().ok().filter(|c| (1..=50).contains(c));
    if capacity.is_none() {
        form.refuse("capacity", Message::new("counter-capacity-1-50"));
    }
    let (Some(weekday), Some(start_minute), Some(capacity), true) = (weekday, minute, capacity, form.is_ok()) else {
        return Err(AppError::invalid(form).on_page(page));
    };
    let h = CounterHoursRow { id: 0, office_id: o.id, service: service.clone(), weekday, start_minute, capacity };
    let audit = AuditEntry { actor_id: user.id, subject_id: user.id, action: "counter_hours_published".into(), detail: format!("{code} {service} {weekday} {start_minute} {capacity}") };
    state.store.put_counter_hours(&h, &audit, state.now()).await?;
    Ok(Redirect::to(&format!("{page}?published=1")).into_response())
}

/// POST `…/hours/{id}/remove`: withdraws a weekly slot; places already booked stay booked.
async fn withdraw(State(state): State<AppState>, Path((code, id)): Path<(String, i64)>, user: CurrentUser) -> AppResult {
    let o = run_by(&state, &code, &user).await?;
    let audit = AuditEntry { actor_id: user.id, subject_id: user.id, action: "counter_hours_withdrawn".into(), detail: format!("{code} {id}") };
    if !state.store.remove_counter_hours(id, o.id, &audit, state.now()).await? {
        return Err(AppError::NotFound);
    }
    Ok(Redirect::to(&desk(&code)).into_response())
}

/// POST `/admin/counter/policy`: how many no-shows in how many days pause booking, for how long.
async fn set_policy(State(state): State<AppState>, user: CurrentUser, pairs: FormPairs) -> AppResult {
    if user.role != crate::prefs::Role::Admin {
        return Err(AppError::NotFound);
    }
    let office = pairs.get("office");
    let page = desk(&office);
    let read = |k: &str, range: std::ops::RangeInclusive<i64>| pairs.get(k).parse::<i64>().ok().filter(|v| range.contains(v));
    let (Some(limit), Some(window_days), Some(pause_days)) = (read("limit", 1..=20), read("window_days", 7..=365), read("pause_days", 0..=365)) else {
        return Err(refused("limit", Message::new("counter-policy-range"), page));
    };
    let policy = NoShowPolicy { limit, window_days, pause_days };
    state.store.set_setting(NoShowPolicy::SETTING, &policy.setting()).await?;
    state.store.audit(state.now(), Some(user.id), None, "counter_policy_set", &policy.setting()).await?;
    Ok(Redirect::to(&format!("{page}?policy=1")).into_response())
}

//! The calendar files: a booking (`/market/orders/{ref}/calendar.ics`) and an application's
//! deadline (`/me/applications/{ref}/calendar.ics`), each for whoever may see that order or
//! application (others meet 404); and a resident's feed of both at a secret URL
//! (`/calendar/{token}.ics`) that their phone calendar subscribes to, made and revoked at
//! `/me/calendar`. The link is shown once; only its keyed hash is kept.
use super::ics::{calendar, Event, When};
use crate::applications::access::application_access;
use crate::applications::Status;
use crate::forms::{FormState, Message};
use crate::market::access::order_role;
use crate::market::lifecycle::OrderStatus;
use crate::prefs::Lang;
use crate::state::AppState;
use crate::storage::{ApplicationRow, OrderQuery, OrderRow, StoreResult};
use crate::web::{redraw, AppError, AppResult, ClientAddr, CurrentUser, Limit};
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/market/orders/{ref_no}/calendar.ics", get(booking))
        .route("/me/applications/{ref_no}/calendar.ics", get(deadline))
        .route("/calendar/{file}", get(feed))
        .route("/me/calendar/link", post(new_link))
        .route("/me/calendar/revoke", post(revoke))
}

const PAGE: &str = "/me/calendar";
/// Bookings this far back stay in the feed (a calendar keeps what happened).
const FEED_PAST_DAYS: i64 = 30;

fn ics(file_name: &str, body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file_name}\"")),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        body,
    )
        .into_response()
}

/// The account's own language (a calendar app has no cookie to say it).
fn lang_of(user: &crate::storage::UserRecord) -> Lang {
    Lang::parse(&user.lang).unwrap_or(Lang::Zh)
}

fn text(lang: Lang, id: &'static str, args: &[(&'static str, &str)]) -> String {
    let mut m = Message::new(id);
    for (k, v) in args {
        m = m.with(k, *v);
    }
    m.text(lang)
}

async fn booking_event(state: &AppState, o: &OrderRow, lang: Lang) -> StoreResult<Event> {
    let minutes = state.store.listing(o.listing_id).await?.map(|l| l.duration_minutes).filter(|m| *m > 0).unwrap_or(60);
    let origin = crate::applications::server::ssr::public_origin(state);
    Ok(Event {
        uid: format!("order-{}@linli", o.ref_no),
        summary: o.title.clone(),
        description: text(lang, "agenda-booking-description", &[("provider", &o.provider_name), ("ref", &o.ref_no), ("phone", &o.provider_phone)]),
        location: o.address.clone(),
        url: format!("{origin}/market/orders/{}", o.ref_no),
        when: When::Timed { starts_at: o.starts_at, minutes },
    })
}

fn deadline_event(state: &AppState, a: &ApplicationRow, lang: Lang) -> Event {
    let origin = crate::applications::server::ssr::public_origin(state);
    let service = if lang == Lang::En && !a.service_name_en.is_empty() { &a.service_name_en } else { &a.service_name };
    Event {
        uid: format!("application-{}@linli", a.ref_no),
        summary: text(lang, "agenda-deadline-summary", &[("service", service)]),
        description: text(lang, "agenda-deadline-description", &[("ref", &a.ref_no)]),
        location: String::new(),
        url: format!("{origin}/me/applications/{}", a.ref_no),
        when: When::Day(a.deadline.clone()),
    }
}

/// GET `/market/orders/{ref}/calendar.ics`
async fn booking(State(state): State<AppState>, user: CurrentUser, Path(ref_no): Path<String>) -> AppResult {
    let order = state.store.order_by_ref(&ref_no).await?.ok_or(AppError::NotFound)?;
    order_role(&state, &user, &order).await?.ok_or(AppError::NotFound)?;
    let lang = lang_of(&user);
    let event = booking_event(&state, &order, lang).await?;
    Ok(ics(&format!("{ref_no}.ics"), calendar(&order.title, &[event], state.now())))
}

/// GET `/me/applications/{ref}/calendar.ics`: the promised deadline, as an all-day event.
async fn deadline(State(state): State<AppState>, user: CurrentUser, Path(ref_no): Path<String>) -> AppResult {
    let app = state.store.application_by_ref(&ref_no).await?.ok_or(AppError::NotFound)?;
    application_access(&*state.store, &user, &app).await?.ok_or(AppError::NotFound)?;
    let event = deadline_event(&state, &app, lang_of(&user));
    Ok(ics(&format!("{ref_no}.ics"), calendar(&event.summary.clone(), &[event], state.now())))
}

/// GET `/calendar/{token}.ics`: the feed a phone calendar polls, signed in by its secret URL.
#[utoipa::path(get, path = "/calendar/{token}.ics", tag = "calendars",
    params(("token" = String, Path, description = "The secret from the resident's calendar page")),
    responses((status = 200, description = "Bookings and open applications' deadlines (RFC 5545)", body = String, content_type = "text/calendar"),
        (status = 404, description = "No such link, or revoked", body = String, content_type = "text/plain"),
        (status = 429, description = "Too many look-ups from this address; see Retry-After", body = String, content_type = "text/plain")))]
pub(crate) async fn feed(State(state): State<AppState>, ClientAddr(addr): ClientAddr, Path(file): Path<String>) -> AppResult {
    state.limits.check(Limit::CalendarFeed, addr).await?;
    let token = file.strip_suffix(".ics").ok_or(AppError::NotFound)?;
    let user = state.store.user_by_calendar_key(&state.config.keys.tag("calendar", &[token])).await?.ok_or(AppError::NotFound)?;
    let lang = lang_of(&user);
    let since = state.now() - FEED_PAST_DAYS * 86_400;
    let orders = state.store.orders(&OrderQuery { resident_id: Some(user.id), limit: 500, ..Default::default() }).await?;
    let mut events = Vec::new();
    for o in orders.iter().filter(|o| o.starts_at >= since && OrderStatus::parse(&o.status).is_some_and(|s| s.is_open() || s == OrderStatus::Completed)) {
        events.push(booking_event(&state, o, lang).await?);
    }
    let applications = state.store.applications_of(user.id).await?;
    events.extend(applications.iter().filter(|a| Status::parse(&a.status).is_some_and(|s| s.is_open())).map(|a| deadline_event(&state, a, lang)));
    Ok(ics("linli.ics", calendar(&text(lang, "agenda-feed-name", &[]), &events, state.now())))
}

/// POST `/me/calendar/link`: a new secret link (any older one stops working), shown once.
async fn new_link(State(state): State<AppState>, user: CurrentUser) -> AppResult {
    let token: String = (0..24).map(|_| format!("{:02x}", rand::random::<u8>())).collect();
    state.store.set_calendar_key(user.id, Some(&state.config.keys.tag("calendar", &[&token]))).await?;
    let url = format!("{}/calendar/{token}.ics", crate::applications::server::ssr::public_origin(&state));
    let form = FormState { notice: Some(Message::new("agenda-link-made").with("url", url)), ..Default::default() };
    Ok(redraw(form, StatusCode::OK, Some(PAGE.into())))
}

/// POST `/me/calendar/revoke`: the link stops working.
async fn revoke(State(state): State<AppState>, user: CurrentUser) -> AppResult {
    state.store.set_calendar_key(user.id, None).await?;
    let form = FormState { notice: Some(Message::new("agenda-link-revoked")), ..Default::default() };
    Ok(redraw(form, StatusCode::OK, Some(PAGE.into())))
}

//! The GeoReport v2 endpoints.
use crate::units;
use crate::prefs::Lang;
use crate::state::AppState;
use crate::storage::{CategoryRow, FeedbackGlance, FeedbackQuery, FeedbackRow, StoreResult};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use super::format::{error, list, list_body, object, ready, s, w3c, Format, Item, Val};
use axum::body::Bytes;
#[allow(unused_imports)] // Named in the OpenAPI attributes.
use super::schema::{Discovery, Open311Error, RequestUpdate, Service, ServiceDefinition, ServiceRequest};
use std::collections::HashMap;

pub const MAX_SPAN_DAYS: i64 = 90;
pub const DEFAULT_LIMIT: i64 = 1000;
/// When the staff day ends: `expected_datetime` is the deadline day at this hour.
const DAY_ENDS: &str = "T18:00:00+08:00";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/open311/v2/{file}", get(read).merge(super::posting::route()))
        .route("/open311/v2/services/{file}", get(service_definition))
        .route("/open311/v2/requests/{file}", get(one_request))
}

type Params = HashMap<String, String>;

pub(super) fn internal(format: Format, e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "open311 request failed");
    error(format, StatusCode::INTERNAL_SERVER_ERROR, "internal error")
}

pub(super) async fn public_categories(state: &AppState) -> StoreResult<Vec<CategoryRow>> {
    Ok(state.store.feedback_categories().await?.into_iter().filter(|c| c.kind == "report").collect())
}

fn service_item(c: &CategoryRow) -> Item {
    vec![
        ("service_code", s(&c.code)),
        ("service_name", s(&c.name)),
        ("description", s(format!("{}（{}）", c.name, c.name_en))),
        ("metadata", Val::Bool(true)),
        ("type", s("realtime")),
        ("keywords", s("报事")),
        ("group", s("public-space")),
    ]
}

pub(super) fn notice(deadline_days: i64) -> String {
    if deadline_days == 0 {
        "承诺当天答复 / Answered the same working day".into()
    } else {
        format!("承诺 {deadline_days} 个工作日内答复 / Answered within {deadline_days} working days")
    }
}

/// GET `/open311/v2/{discovery|services|requests|servicerequestupdates}.{json|xml}`
async fn read(State(state): State<AppState>, Path(name): Path<String>, Query(q): Query<Params>) -> Response {
    let Some((stem, fmt)) = Format::split(&name) else {
        return error(Format::Json, StatusCode::NOT_FOUND, "unknown endpoint; use .json or .xml");
    };
    match stem {
        "discovery" => discovery(&state, fmt),
        "services" => services(&state, fmt).await,
        "requests" => requests(&state, fmt, &q).await,
        "servicerequestupdates" => updates(&state, fmt, &q).await,
        _ => error(fmt, StatusCode::NOT_FOUND, "unknown endpoint"),
    }
}

#[utoipa::path(get, path = "/open311/v2/services.{format}", tag = "open311", params(("format" = super::schema::Format, Path, description = "json or xml")),
    responses((status = 200, description = "The public-space categories", content(([Service] = "application/json"), ([Service] = "text/xml")))))]
pub(crate) async fn services(state: &AppState, fmt: Format) -> Response {
    match public_categories(state).await {
        Ok(cats) => list(fmt, StatusCode::OK, "services", "service", &cats.iter().map(service_item).collect::<Vec<_>>()),
        Err(e) => internal(fmt, e),
    }
}

#[utoipa::path(get, path = "/open311/v2/discovery.{format}", tag = "open311", params(("format" = super::schema::Format, Path, description = "json or xml")),
    responses((status = 200, description = "Where the API lives", content((Discovery = "application/json"), (Discovery = "text/xml")))))]
pub(crate) fn discovery(state: &AppState, fmt: Format) -> Response {
    let origin = crate::applications::server::ssr::public_origin(state);
    let endpoint: Item = vec![
        ("specification", s("http://wiki.open311.org/GeoReport_v2")),
        ("url", s(format!("{origin}/open311/v2"))),
        ("changeset", s("2026-11-26T00:00:00+08:00")),
        ("type", s("production")),
        ("formats", Val::Strs("format", vec!["application/json".into(), "text/xml".into()])),
    ];
    let doc: Item = vec![
        ("changeset", s("2026-11-26T00:00:00+08:00")),
        ("contact", s("邻里社区服务平台 Linli; api keys from the district administrator")),
        ("key_service", s(format!("{origin}/admin/open311"))),
        ("endpoints", Val::List("endpoint", vec![endpoint])),
    ];
    object(fmt, "discovery", &doc)
}

/// GET `/open311/v2/services/{code}.{json|xml}`: the definition (one optional attribute).
#[utoipa::path(get, path = "/open311/v2/services/{service_code}.{format}", tag = "open311",
    params(("service_code" = String, Path), ("format" = super::schema::Format, Path, description = "json or xml")),
    responses((status = 200, description = "The service's attributes", content((ServiceDefinition = "application/json"), (ServiceDefinition = "text/xml"))), (status = 404, description = "No such public service", content(([Open311Error] = "application/json"), ([Open311Error] = "text/xml")))))]
pub(crate) async fn service_definition(State(state): State<AppState>, Path(name): Path<String>) -> Response {
    let Some((code, fmt)) = Format::split(&name) else {
        return error(Format::Json, StatusCode::NOT_FOUND, "unknown endpoint; use .json or .xml");
    };
    let cats = match public_categories(&state).await {
        Ok(c) => c,
        Err(e) => return internal(fmt, e),
    };
    if !cats.iter().any(|c| c.code == code) {
        return error(fmt, StatusCode::NOT_FOUND, "service_code not found");
    }
    let title = optional_text_attribute("title", 1, "至多 60 字 / at most 60 characters",
        "一句话说明问题（默认取描述的开头） / The problem in one line (defaults to the start of the description)");
    // For clients that place a report by attribute: the building's id from Linli's list.
    let address_id = optional_text_attribute("address_id", 2, "楼栋编号；不知道时只给经纬度 / A building id; without one, give lat and long",
        "所在楼栋 / The building");
    let attributes = Val::List("attribute", vec![title, address_id]);
    object(fmt, "service_definition", &vec![("service_code", s(code)), ("attributes", attributes)])
}

/// An optional free-text attribute of a service definition.
fn optional_text_attribute(code: &str, order: i64, datatype_description: &str, description: &str) -> Item {
    vec![
        ("variable", Val::Bool(true)),
        ("code", s(code)),
        ("datatype", s("string")),
        ("required", Val::Bool(false)),
        ("datatype_description", s(datatype_description)),
        ("order", Val::Int(order)),
        ("description", s(description)),
        ("values", Val::List("value", vec![])),
    ]
}

fn request_item(origin: &str, f: &FeedbackRow, glance: Option<&FeedbackGlance>, names: &[(String, String, String, String)], cats: &[CategoryRow]) -> Item {
    let status_notes = glance.and_then(|g| g.status_note.clone());
    let media = match glance.and_then(|g| g.first_photo) {
        Some(photo) => format!("{origin}/feedback/{}/photos/{photo}", f.ref_no),
        None => f.media_url.clone(),
    };
    let days = cats.iter().find(|c| c.code == f.category_code).map(|c| c.deadline_days).unwrap_or(0);
    let opt = |v: Option<String>| v.map(Val::Str).unwrap_or(Val::Null);
    vec![
        ("service_request_id", s(&f.ref_no)),
        ("status", s(if crate::feedback::lifecycle::FeedbackStatus::FINISHED.contains(&f.status.as_str()) { "closed" } else { "open" })),
        ("status_notes", opt(status_notes)),
        ("service_name", s(&f.category_name)),
        ("service_code", s(&f.category_code)),
        ("description", s(description_of(f))),
        ("agency_responsible", s(units::name_in(names, &f.unit_kind, &f.unit_code, Lang::Zh))),
        ("service_notice", s(notice(days))),
        ("requested_datetime", s(w3c(f.submitted_at))),
        ("updated_datetime", s(w3c(f.updated_at))),
        ("expected_datetime", s(format!("{}{DAY_ENDS}", f.deadline))),
        ("address", s(&f.address)),
        ("address_id", f.building_id.map(|b| s(b.to_string())).unwrap_or(Val::Null)),
        ("zipcode", Val::Null),
        ("lat", f.lat.map(Val::Num).unwrap_or(Val::Null)),
        ("long", f.lng.map(Val::Num).unwrap_or(Val::Null)),
        ("media_url", if media.is_empty() { Val::Null } else { s(media) }),
    ]
}

/// The description as a client reads it back: the title on the first line unless the body
/// already begins with it (a one-line description gave both).
fn description_of(f: &FeedbackRow) -> String {
    if f.body.starts_with(&f.title) { f.body.clone() } else { format!("{}\n\n{}", f.title, f.body) }
}

/// The items of a list: a fixed few queries however many rows (notes and photos for all at once).
async fn items(state: &AppState, rows: &[FeedbackRow]) -> StoreResult<Vec<Item>> {
    let origin = crate::applications::server::ssr::public_origin(state);
    let names = units::all(&*state.store).await?;
    let cats = state.store.feedback_categories().await?;
    let ids: Vec<i64> = rows.iter().map(|f| f.id).collect();
    let glances: HashMap<i64, FeedbackGlance> = state.store.feedback_glances(&ids).await?.into_iter().map(|g| (g.feedback_id, g)).collect();
    Ok(rows.iter().map(|f| request_item(&origin, f, glances.get(&f.id), &names, &cats)).collect())
}

fn comma_list(q: &Params, key: &str) -> Vec<String> {
    q.get(key).map(|v| v.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()).unwrap_or_default()
}

/// The window asked for: `start_date`/`end_date` (W3C), at most 90 days, by default the last 90.
/// Both ends are included, as GeoReport v2 defines them; the store's window is half-open, so
/// the answer's upper bound is the second after `end_date`.
fn window(q: &Params) -> Result<(i64, i64), &'static str> {
    let parse = |k: &str| match q.get(k).filter(|v| !v.is_empty()) {
        Some(v) => super::format::parse_w3c(v).map(Some).ok_or("start_date and end_date must be W3C datetimes, e.g. 2026-11-01T00:00:00+08:00"),
        None => Ok(None),
    };
    let span = MAX_SPAN_DAYS * 86_400;
    let now = crate::time::now_unix();
    let (from, last) = match (parse("start_date")?, parse("end_date")?) {
        (Some(a), Some(b)) => (a, b),
        (Some(a), None) => (a, (a + span).min(now)),
        (None, Some(b)) => (b - span, b),
        (None, None) => (now - span, now),
    };
    if last < from {
        return Err("end_date is before start_date");
    }
    if last - from > span {
        return Err("the date range may span at most 90 days");
    }
    Ok((from, last + 1))
}

#[utoipa::path(get, path = "/open311/v2/requests.{format}", tag = "open311",
    params(("format" = super::schema::Format, Path, description = "json or xml"),
        ("service_request_id" = Option<String>, Query, description = "Comma-separated ids; the other filters are then ignored"),
        ("service_code" = Option<String>, Query, description = "Comma-separated service codes"),
        ("start_date" = Option<String>, Query, description = "W3C datetime, included"),
        ("end_date" = Option<String>, Query, description = "W3C datetime, included; at most 90 days after start_date"),
        ("status" = Option<String>, Query, description = "open, closed, or both comma-separated")),
    responses((status = 200, description = "Public reports, newest first, at most 1,000", content(([ServiceRequest] = "application/json"), ([ServiceRequest] = "text/xml"))), (status = 400, description = "A filter could not be read", content(([Open311Error] = "application/json"), ([Open311Error] = "text/xml")))))]
pub(crate) async fn requests(state: &AppState, fmt: Format, q: &Params) -> Response {
    let key = list_key(fmt, q);
    match state.open311_lists.get_or(key, request_list(state, fmt, q)).await {
        Ok(body) => ready(fmt, Bytes::clone(&body)),
        Err(refused) => refused,
    }
}

/// `requests` lists as answered lately (see `web::recent`), by format and query: ten seconds, and
/// forgotten when an item changes on this server. Clients poll the same few lists, and a list
/// of 1,000 reports reads and opens a thousand rows; holding it keeps the answer at the speed
/// of its bytes.
pub type RecentLists = crate::web::Recent<String, Bytes>;

pub fn recent_lists() -> RecentLists {
    // At most 16 lists of up to about 650 kB each.
    RecentLists::new(|_| std::time::Duration::from_secs(10), 16)
}

fn list_key(fmt: Format, q: &Params) -> String {
    let mut pairs: Vec<(&String, &String)> = q.iter().collect();
    pairs.sort();
    format!("{fmt:?} {pairs:?}")
}

/// The text of a `requests` list, or the refusal to answer with.
async fn request_list(state: &AppState, fmt: Format, q: &Params) -> Result<Bytes, Response> {
    let ids = comma_list(q, "service_request_id");
    let mut query = FeedbackQuery { public_only: true, limit: DEFAULT_LIMIT, ..Default::default() };
    if !ids.is_empty() {
        // With ids, the other filters are ignored (GeoReport v2).
        query.refs = ids;
    } else {
        let (from, to) = match window(q) {
            Ok(w) => w,
            Err(m) => return Err(error(fmt, StatusCode::BAD_REQUEST, m)),
        };
        query.from = Some(from);
        query.to = Some(to);
        query.categories = comma_list(q, "service_code");
        for st in comma_list(q, "status") {
            match st.as_str() {
                "open" => query.statuses.extend(crate::feedback::lifecycle::FeedbackStatus::RUNNING),
                "closed" => query.statuses.extend(crate::feedback::lifecycle::FeedbackStatus::FINISHED),
                _ => return Err(error(fmt, StatusCode::BAD_REQUEST, "status must be open or closed")),
            }
        }
    }
    let rows = state.store.find_feedback(&query).await.map_err(|e| internal(fmt, e))?;
    let items = items(state, &rows).await.map_err(|e| internal(fmt, e))?;
    Ok(Bytes::from(list_body(fmt, "service_requests", "request", &items)))
}

/// GET `/open311/v2/requests/{id}.{json|xml}`: an array of one.
#[utoipa::path(get, path = "/open311/v2/requests/{service_request_id}.{format}", tag = "open311",
    params(("service_request_id" = String, Path), ("format" = super::schema::Format, Path, description = "json or xml")),
    responses((status = 200, description = "An array of one", content(([ServiceRequest] = "application/json"), ([ServiceRequest] = "text/xml"))), (status = 404, description = "No such public report", content(([Open311Error] = "application/json"), ([Open311Error] = "text/xml")))))]
pub(crate) async fn one_request(State(state): State<AppState>, Path(name): Path<String>) -> Response {
    let Some((id, fmt)) = Format::split(&name) else {
        return error(Format::Json, StatusCode::NOT_FOUND, "unknown endpoint; use .json or .xml");
    };
    let row = match state.store.feedback_by_ref(id).await {
        Ok(Some(f)) if f.is_public == 1 => f,
        Ok(_) => return error(fmt, StatusCode::NOT_FOUND, "service_request_id not found"),
        Err(e) => return internal(fmt, e),
    };
    match items(&state, &[row]).await {
        Ok(items) => list(fmt, StatusCode::OK, "service_requests", "request", &items),
        Err(e) => internal(fmt, e),
    }
}

/// GET `/open311/v2/servicerequestupdates.{json|xml}` (FixMyStreet): public timeline entries.
#[utoipa::path(get, path = "/open311/v2/servicerequestupdates.{format}", tag = "open311",
    params(("format" = super::schema::Format, Path, description = "json or xml"),
        ("start_date" = Option<String>, Query, description = "W3C datetime, included"),
        ("end_date" = Option<String>, Query, description = "W3C datetime, included")),
    responses((status = 200, description = "Public timeline entries", content(([RequestUpdate] = "application/json"), ([RequestUpdate] = "text/xml"))), (status = 400, description = "A filter could not be read", content(([Open311Error] = "application/json"), ([Open311Error] = "text/xml")))))]
pub(crate) async fn updates(state: &AppState, fmt: Format, q: &Params) -> Response {
    let (from, to) = match window(q) {
        Ok(w) => w,
        Err(m) => return error(fmt, StatusCode::BAD_REQUEST, m),
    };
    let events = match state.store.public_feedback_events(from, to, DEFAULT_LIMIT).await {
        Ok(e) => e,
        Err(e) => return internal(fmt, e),
    };
    let items: Vec<Item> = events
        .iter()
        .map(|e| {
            let label = crate::feedback::event_label(&e.kind, Lang::Zh);
            vec![
                ("update_id", s(e.id.to_string())),
                ("service_request_id", s(&e.ref_no)),
                ("status", s(if crate::feedback::lifecycle::FeedbackStatus::FINISHED.contains(&e.status_after.as_str()) { "closed" } else { "open" })),
                ("updated_datetime", s(w3c(e.at))),
                ("description", s(if e.note.is_empty() { label.to_string() } else { format!("{label}：{}", e.note) })),
                ("media_url", Val::Null),
            ]
        })
        .collect();
    list(fmt, StatusCode::OK, "service_request_updates", "request_update", &items)
}

//! The terminal's posts: pairing a browser with its secret, ending a session (the button, or the
//! idle countdown), calling staff; and the administrator's: registering and withdrawing one.
use super::ssr::{new_secret, normalise, secret_hash};
use super::{Kiosk, COOKIE};
use crate::accounts::session;
use crate::forms::{FormState, Message};
use crate::state::AppState;
use crate::storage::AuditEntry;
use crate::web::{redraw, Admin, AppError, AppResult, ClientAddr, CurrentUser, FormPairs, Limit};
use axum::extract::{FromRequest, Path, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::{Extension, Router};

const ADMIN_PAGE: &str = "/admin/kiosks";
/// The device cookie lasts a year; the terminal is withdrawn on the server when lost.
const DEVICE_SECONDS: i64 = 365 * 86_400;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/kiosk/pair", post(pair))
        .route("/kiosk/end", post(end))
        .route("/kiosk/alive", axum::routing::get(alive))
        .route("/kiosk/handoff", post(hand_off))
        .route("/h/{token}", axum::routing::get(open_handoff))
        .route("/kiosk/call", post(call))
        .route("/admin/kiosks", post(register))
        .route("/admin/kiosks/{id}/revoke", post(revoke))
        .merge(super::sign_in_handlers::routes())
        .merge(super::photo_handlers::routes())
}

/// POST `/kiosk/pair`: the terminal's browser is given its device secret once, by whoever sets
/// it up; a wrong one is refused beside the field (and guesses are limited per address).
async fn pair(State(state): State<AppState>, ClientAddr(addr): ClientAddr, req: Request) -> AppResult {
    let page = "/kiosk/pair";
    // Anyone may try: the address's allowance is counted before the body is read.
    state.limits.check(Limit::KioskPair, addr).await.map_err(|e| e.too_many(FormState::default(), "secret").on_page(page))?;
    let pairs = FormPairs::from_request(req, &state).await?;
    let secret = normalise(&pairs.get("secret"));
    let Some(kiosk) = state.store.kiosk_by_secret(&secret_hash(&secret)).await? else {
        let mut form = FormState::default();
        form.refuse("secret", Message::new("kiosk-secret-unknown"));
        return Err(AppError::invalid(form).on_page(page));
    };
    state.store.audit(state.now(), None, None, "kiosk_paired", &format!("{} {}", kiosk.id, kiosk.name)).await?;
    let mut response = Redirect::to("/kiosk").into_response();
    response.headers_mut().append(header::SET_COOKIE, session::cookie(COOKIE, &secret, DEVICE_SECONDS, state.config.secure_cookies));
    Ok(response)
}

/// GET `/kiosk/alive`: someone is still at the terminal (typing makes no other request); the
/// session layer has already noted the request, so there is nothing more to do.
async fn alive() -> StatusCode {
    StatusCode::NO_CONTENT
}

/// POST `/kiosk/end` (结束并退出, or the countdown): the session ends, the browser is told to
/// clear what it kept, the display preferences go back to the terminal's, and the start screen
/// returns for the next person. The device cookie stays: the terminal is still a terminal.
async fn end(State(state): State<AppState>, user: Option<CurrentUser>, kiosk: Option<Extension<Kiosk>>, headers: HeaderMap) -> AppResult {
    let secure = state.config.secure_cookies;
    if let Some(hash) = session::session_hash(&headers, secure) {
        state.store.delete_session(&hash).await?;
    }
    if let Some(u) = &user {
        state.store.audit(state.now(), Some(u.id), Some(u.id), "kiosk_session_ended", kiosk.as_ref().map(|k| k.name.as_str()).unwrap_or("")).await?;
    }
    Ok(ended(if kiosk.is_some() { "/kiosk" } else { "/" }, secure))
}

fn ended(to: &str, secure: bool) -> Response {
    let mut response = Redirect::to(to).into_response();
    let h = response.headers_mut();
    for name in [session::SESSION_COOKIE, session::MODE_COOKIE, session::LANG_COOKIE] {
        h.append(header::SET_COOKIE, session::cookie(name, "", 0, secure));
    }
    h.insert("clear-site-data", HeaderValue::from_static("\"cache\", \"storage\""));
    response
}

/// POST `/kiosk/call` (呼叫工作人员): the community's staff are told in their inbox which
/// terminal needs someone. Only a terminal may call, a few times an hour.
async fn call(State(state): State<AppState>, ClientAddr(addr): ClientAddr, kiosk: Option<Extension<Kiosk>>, pairs: FormPairs) -> AppResult {
    let Some(Extension(kiosk)) = kiosk else { return Err(AppError::NotFound) };
    let back = pairs.get("back");
    let back = if crate::components::is_same_site_path(&back) { back } else { "/kiosk".to_string() };
    state.limits.check(Limit::KioskCall, addr).await.map_err(|e| e.too_many(FormState::default(), "call").on_page(&back))?;
    let store = &*state.store;
    let staff: Vec<i64> = store.community_staff(&kiosk.community_code).await?.iter().map(|u| u.id).collect();
    let told = Message::new("notice-kiosk-call").with("name", &kiosk.name);
    let notices = crate::applications::steps::notices(store, &staff, "kiosk_call", &told).await?;
    store.notify(&notices, "/kiosk", state.now()).await?;
    store.audit(state.now(), None, None, "kiosk_called_staff", &format!("{} {}", kiosk.id, kiosk.name)).await?;
    let sep = if back.contains('?') { '&' } else { '?' };
    Ok(Redirect::to(&format!("{back}{sep}called=1")).into_response())
}

/// A handed-off page may be opened for ten minutes, once.
const HANDOFF_SECONDS: i64 = 600;

/// POST `/kiosk/handoff` (在手机上继续): the page on the terminal, by a one-time QR that holds
/// only a random token; the terminal then shows the QR at `/kiosk/handoff?t=…`.
async fn hand_off(State(state): State<AppState>, kiosk: Option<Extension<Kiosk>>, pairs: FormPairs) -> AppResult {
    let Some(Extension(kiosk)) = kiosk else { return Err(AppError::NotFound) };
    let path = pairs.get("path");
    let path = if crate::components::is_same_site_path(&path) && !path.starts_with("/kiosk") { path } else { "/".to_string() };
    let token = crate::secrets::random_token();
    let now = state.now();
    state.store.create_handoff(&secret_hash(&token), kiosk.id, &path, now, now + HANDOFF_SECONDS).await?;
    Ok(Redirect::to(&format!("/kiosk/handoff?t={token}")).into_response())
}

/// GET `/h/{token}`: the phone opens the handed-off page, once, within ten minutes; it signs in
/// there itself when the page needs it.
async fn open_handoff(State(state): State<AppState>, Path(token): Path<String>) -> AppResult {
    let path = state.store.take_handoff(&secret_hash(&token), state.now()).await?.ok_or(AppError::NotFound)?;
    Ok(Redirect::to(&path).into_response())
}

/// POST `/admin/kiosks`: a terminal for a community; its secret is shown once, on the page.
async fn register(State(state): State<AppState>, admin: Admin, pairs: FormPairs) -> AppResult {
    let (name, community) = (pairs.get("name").trim().to_string(), pairs.get("community"));
    let mut form = FormState::default();
    form.values.insert("name".into(), name.chars().take(60).collect());
    form.values.insert("community".into(), community.clone());
    if name.is_empty() || name.chars().count() > 40 {
        form.refuse("name", Message::new("kiosk-name-it"));
    }
    let known = crate::units::all(&*state.store).await?.iter().any(|u| u.0 == "community" && u.1 == community);
    if !known {
        form.refuse("community", Message::new("kiosk-choose-community"));
    }
    if !form.is_ok() {
        return Err(AppError::invalid(form).on_page(ADMIN_PAGE));
    }
    let secret = new_secret();
    let audit = AuditEntry { actor_id: admin.id, subject_id: admin.id, action: "kiosk_registered".into(), detail: format!("{community} {name}") };
    state.store.create_kiosk(&name, &community, &secret_hash(&secret), &audit, state.now()).await?;
    let mut shown = FormState::default();
    shown.notice = Some(Message::new("kiosk-secret-shown-once").with("name", name).with("secret", secret));
    Ok(redraw(shown, StatusCode::OK, Some(ADMIN_PAGE.into())))
}

/// POST `/admin/kiosks/{id}/revoke`: a lost or retired terminal; its sessions end with it.
async fn revoke(State(state): State<AppState>, admin: Admin, Path(id): Path<i64>) -> AppResult {
    let audit = AuditEntry { actor_id: admin.id, subject_id: admin.id, action: "kiosk_revoked".into(), detail: id.to_string() };
    if !state.store.revoke_kiosk(id, &audit, state.now()).await? {
        return Err(AppError::NotFound);
    }
    Ok(Redirect::to(ADMIN_PAGE).into_response())
}

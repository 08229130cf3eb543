//! The account form posts. Each validates everything first, stores in one step, and answers a
//! refusal with the same page, a 4xx and a message beside the field (see `forms`).
use super::session::{self, SignedIn};
use super::validate::{self, Problem};
use crate::forms::{internal, lang_of, not_found, read_form, render_page, signed_in, FormState};
use crate::prefs::{Lang, Mode};
use crate::state::AppState;
use crate::storage::{FailureOutcome, NewUser, StoreError};
use axum::extract::{Path, Request, State};
use axum::http::{header, request::Parts, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::Router;
use serde::Deserialize;

pub const MAX_FAILED_SIGN_INS: i64 = 5;
pub const LOCK_SECONDS: i64 = 15 * 60;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/register", post(register))
        .route("/login", post(sign_in))
        .route("/logout", post(sign_out))
        .route("/settings", post(save_settings))
        .route("/staff/residents/{id}/verify", post(verify_in_person))
}

/// Starts a session and sends the browser on. A mode or language already chosen on this device
/// (say 长辈版, set up by a relative) wins and is saved to the account; otherwise the account's
/// saved preferences come to this device.
async fn start_session(state: &AppState, parts: &Parts, user_id: i64, to: &str) -> Result<Response, Response> {
    let now = crate::time::now_unix();
    let (token, hash) = session::new_session_token();
    state.store.create_session(&hash, user_id, now, now + session::SESSION_SECONDS).await.map_err(internal)?;
    let user = state.store.user_by_id(user_id).await.map_err(internal)?.ok_or_else(|| internal("user vanished"))?;
    let device_mode = session::read_cookie(&parts.headers, session::MODE_COOKIE).and_then(|m| Mode::parse(&m));
    let device_lang = session::read_cookie(&parts.headers, session::LANG_COOKIE).and_then(|l| Lang::parse(&l));
    let mode = device_mode.map(Mode::as_str).unwrap_or(user.mode.as_str());
    let lang = device_lang.map(Lang::as_str).unwrap_or(user.lang.as_str());
    if mode != user.mode || lang != user.lang {
        state.store.set_user_prefs(user.id, mode, lang).await.map_err(internal)?;
    }
    let secure = state.config.secure_cookies;
    let mut response = Redirect::to(to).into_response();
    let headers = response.headers_mut();
    headers.append(header::SET_COOKIE, session::cookie(session::SESSION_COOKIE, &token, session::SESSION_SECONDS, secure));
    headers.append(header::SET_COOKIE, session::preference_cookie(session::MODE_COOKIE, mode, secure));
    headers.append(header::SET_COOKIE, session::preference_cookie(session::LANG_COOKIE, lang, secure));
    Ok(response)
}

#[derive(Deserialize)]
struct RegisterForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    id_number: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password2: String,
    #[serde(default)]
    building: String,
    #[serde(default)]
    consent: String,
}

async fn register(State(state): State<AppState>, req: Request) -> Response {
    let (parts, f) = match read_form::<RegisterForm>(req).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let lang = lang_of(&parts);
    let mut form = FormState::default();
    for (k, v) in [("name", &f.name), ("phone", &f.phone), ("building", &f.building)] {
        form.values.insert(k.into(), v.chars().take(100).collect());
    }
    let mut refuse = |field: &str, p: Problem| form.refuse(field, p.message(lang));

    let name = validate::real_name(&f.name).map_err(|p| refuse("name", p)).ok();
    let phone = validate::mobile(&f.phone).map_err(|p| refuse("phone", p)).ok();
    let id_number = validate::resident_id(&f.id_number, crate::time::today()).map_err(|p| refuse("id_number", p)).ok();
    let password_ok = validate::password(&f.password).map_err(|p| refuse("password", p)).is_ok();
    if password_ok && f.password != f.password2 {
        refuse("password2", Problem::PasswordMismatch);
    }
    let building = match f.building.parse::<i64>() {
        Ok(id) => state.store.building(id).await.map_err(internal),
        Err(_) => Ok(None),
    };
    let building = match building {
        Ok(b) => b,
        Err(r) => return r,
    };
    if building.is_none() {
        refuse("building", Problem::BuildingUnknown);
    }
    if f.consent != "yes" {
        refuse("consent", Problem::ConsentMissing);
    }
    let (Some(name), Some(phone), Some(id_number), Some(building), true) = (name, phone, id_number, building, form.is_ok())
    else {
        return render_page(state, parts, form, StatusCode::UNPROCESSABLE_ENTITY).await;
    };

    let password = f.password.clone();
    let password_hash = match tokio::task::spawn_blocking(move || session::hash_password(&password)).await {
        Ok(h) => h,
        Err(e) => return internal(e),
    };
    let new_user = NewUser {
        phone,
        name,
        id_number,
        password_hash,
        role: "resident".into(),
        department_code: None,
        community_code: Some(building.community_code.clone()),
        building_id: Some(building.id),
    };
    let now = crate::time::now_unix();
    let id = match state.store.create_user(&new_user, now).await {
        Ok(id) => id,
        Err(StoreError::Conflict(field)) => {
            let (field, problem) = if field == "phone" { ("phone", Problem::PhoneTaken) } else { ("id_number", Problem::IdTaken) };
            form.refuse(field, problem.message(lang));
            return render_page(state, parts, form, StatusCode::CONFLICT).await;
        }
        Err(e) => return internal(e),
    };
    if let Err(e) = state.store.audit(now, Some(id), Some(id), "register", "").await {
        tracing::error!(error = %e, "audit write failed");
    }
    start_session(&state, &parts, id, "/me?welcome=1").await.unwrap_or_else(|r| r)
}

#[derive(Deserialize)]
struct SignInForm {
    #[serde(default)]
    phone: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

/// Only same-site paths: never an open redirect.
fn safe_next(next: &str) -> &str {
    if next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') { next } else { "/me" }
}

async fn sign_in(State(state): State<AppState>, req: Request) -> Response {
    let (parts, f) = match read_form::<SignInForm>(req).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let lang = lang_of(&parts);
    let mut form = FormState::default();
    form.values.insert("phone".into(), f.phone.chars().take(20).collect());
    form.values.insert("next".into(), safe_next(&f.next).to_string());
    let now = crate::time::now_unix();

    let phone = match validate::mobile(&f.phone) {
        Ok(p) => p,
        Err(p) => {
            form.refuse("phone", p.message(lang));
            return render_page(state, parts, form, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let user = match state.store.user_by_phone(&phone).await {
        Ok(u) => u,
        Err(e) => return internal(e),
    };
    let Some(user) = user else {
        let password = f.password.clone();
        let _ = tokio::task::spawn_blocking(move || session::verify_against_nothing(&password)).await;
        form.refuse("password", Problem::WrongCredentials.message(lang));
        return render_page(state, parts, form, StatusCode::UNAUTHORIZED).await;
    };
    if let Some(until) = user.locked_until.filter(|u| *u > now) {
        let minutes = ((until - now) + 59) / 60;
        form.refuse("password", Problem::Locked(minutes).message(lang));
        return render_page(state, parts, form, StatusCode::LOCKED).await;
    }
    let (hash, password) = (user.password_hash.clone(), f.password.clone());
    let good = tokio::task::spawn_blocking(move || session::verify_password(&hash, &password)).await.unwrap_or(false);
    if !good {
        let outcome = state.store.record_login_failure(user.id, MAX_FAILED_SIGN_INS, now + LOCK_SECONDS).await;
        let (status, problem, action) = match outcome {
            Ok(FailureOutcome::LockedUntil(_)) => (StatusCode::LOCKED, Problem::Locked(LOCK_SECONDS / 60), "account_locked"),
            Ok(FailureOutcome::Counted(_)) => (StatusCode::UNAUTHORIZED, Problem::WrongCredentials, "sign_in_failed"),
            Err(e) => return internal(e),
        };
        if let Err(e) = state.store.audit(now, None, Some(user.id), action, "").await {
            tracing::error!(error = %e, "audit write failed");
        }
        form.refuse("password", problem.message(lang));
        return render_page(state, parts, form, status).await;
    }
    if let Err(e) = state.store.clear_login_failures(user.id).await {
        return internal(e);
    }
    if let Err(e) = state.store.audit(now, Some(user.id), Some(user.id), "sign_in", "").await {
        tracing::error!(error = %e, "audit write failed");
    }
    start_session(&state, &parts, user.id, safe_next(&f.next)).await.unwrap_or_else(|r| r)
}

async fn sign_out(State(state): State<AppState>, req: Request) -> Response {
    let (parts, _) = req.into_parts();
    if let Some(token) = session::read_cookie(&parts.headers, session::SESSION_COOKIE) {
        if let Err(e) = state.store.delete_session(&session::token_hash(&token)).await {
            return internal(e);
        }
        if let Some(SignedIn(user)) = signed_in(&parts) {
            let _ = state.store.audit(crate::time::now_unix(), Some(user.id), Some(user.id), "sign_out", "").await;
        }
    }
    let mut response = Redirect::to("/").into_response();
    response
        .headers_mut()
        .append(header::SET_COOKIE, session::cookie(session::SESSION_COOKIE, "", 0, state.config.secure_cookies));
    response
}

#[derive(Deserialize)]
struct SettingsForm {
    #[serde(default)]
    mode: String,
    #[serde(default)]
    lang: String,
}

async fn save_settings(State(state): State<AppState>, req: Request) -> Response {
    let (parts, f) = match read_form::<SettingsForm>(req).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let (Some(mode), Some(lang)) = (Mode::parse(&f.mode), Lang::parse(&f.lang)) else {
        return (StatusCode::UNPROCESSABLE_ENTITY, "未知的设置 / Unknown setting").into_response();
    };
    if let Some(SignedIn(user)) = signed_in(&parts) {
        if let Err(e) = state.store.set_user_prefs(user.id, mode.as_str(), lang.as_str()).await {
            return internal(e);
        }
    }
    let secure = state.config.secure_cookies;
    let mut response = Redirect::to("/settings?saved=1").into_response();
    let headers = response.headers_mut();
    headers.append(header::SET_COOKIE, session::preference_cookie(session::MODE_COOKIE, mode.as_str(), secure));
    headers.append(header::SET_COOKIE, session::preference_cookie(session::LANG_COOKIE, lang.as_str(), secure));
    response
}

/// 线下核验: staff mark a resident of their own community as checked in person. Anyone else, or a
/// resident of another community, meets a 404 — the record's existence is not revealed.
async fn verify_in_person(State(state): State<AppState>, Path(resident_id): Path<i64>, req: Request) -> Response {
    let (parts, _) = req.into_parts();
    let Some(SignedIn(staff)) = signed_in(&parts) else {
        return Redirect::to("/login?next=/staff/residents").into_response();
    };
    if staff.role != "staff" || staff.community_code.is_none() {
        return not_found();
    }
    let resident = match state.store.user_by_id(resident_id).await {
        Ok(Some(r)) if r.role == "resident" => r,
        Ok(_) => return not_found(),
        Err(e) => return internal(e),
    };
    let building = match resident.building_id {
        Some(b) => state.store.building(b).await.ok().flatten(),
        None => None,
    };
    if building.map(|b| b.community_code) != staff.community_code {
        return not_found();
    }
    let now = crate::time::now_unix();
    if let Err(e) = state.store.mark_identity_checked(resident.id, staff.id, now).await {
        return internal(e);
    }
    Redirect::to("/staff/residents").into_response()
}

#[cfg(test)]
mod tests {
    #[test]
    fn next_paths_stay_on_site() {
        assert_eq!(super::safe_next("/services?q=1"), "/services?q=1");
        assert_eq!(super::safe_next("//evil.example"), "/me");
        assert_eq!(super::safe_next("https://evil.example"), "/me");
        assert_eq!(super::safe_next("/\\evil"), "/me");
    }
}

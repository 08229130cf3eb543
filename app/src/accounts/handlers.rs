//! The account form posts. Each validates everything first, stores in one step, and answers a
//! refusal with the same page, a 4xx and a message beside the field (see `forms`).
use super::session;
use super::validate::{self, Problem};
use crate::forms::FormState;
use crate::prefs::{Lang, Mode, Role};
use crate::state::AppState;
use crate::storage::{FailureOutcome, NewUser, StoreError};
use crate::web::{AppError, AppResult, CurrentUser, PostForm};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect};
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
async fn start_session(state: &AppState, headers: &HeaderMap, user_id: i64, to: &str) -> AppResult {
    let now = state.now();
    let (token, hash) = session::new_session_token();
    state.store.create_session(&hash, user_id, now, now + session::SESSION_SECONDS).await?;
    let user = state.store.user_by_id(user_id).await?.ok_or_else(|| AppError::internal("user vanished"))?;
    let secure = state.config.secure_cookies;
    let device_mode = session::read_cookie(headers, session::MODE_COOKIE, secure).and_then(|m| Mode::parse(&m));
    let device_lang = session::read_cookie(headers, session::LANG_COOKIE, secure).and_then(|l| Lang::parse(&l));
    let mode = device_mode.map(Mode::as_str).unwrap_or(user.mode.as_str());
    let lang = device_lang.map(Lang::as_str).unwrap_or(user.lang.as_str());
    if mode != user.mode || lang != user.lang {
        state.store.set_user_prefs(user.id, mode, lang).await?;
    }
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

async fn register(State(state): State<AppState>, headers: HeaderMap, PostForm(f): PostForm<RegisterForm>) -> AppResult {
    let mut form = FormState::default();
    for (k, v) in [("name", &f.name), ("phone", &f.phone), ("building", &f.building)] {
        form.values.insert(k.into(), v.chars().take(100).collect());
    }
    let mut refuse = |field: &str, p: Problem| form.refuse(field, p.message());

    let name = validate::real_name(&f.name).map_err(|p| refuse("name", p)).ok();
    let phone = validate::mobile(&f.phone).map_err(|p| refuse("phone", p)).ok();
    let id_number = validate::resident_id(&f.id_number, crate::time::ymd(state.clock.today())).map_err(|p| refuse("id_number", p)).ok();
    let password_ok = validate::password(&f.password).map_err(|p| refuse("password", p)).is_ok();
    if password_ok && f.password != f.password2 {
        refuse("password2", Problem::PasswordMismatch);
    }
    let building = match f.building.parse::<i64>() {
        Ok(id) => state.store.building(id).await?,
        Err(_) => None,
    };
    if building.is_none() {
        refuse("building", Problem::BuildingUnknown);
    }
    if f.consent != "yes" {
        refuse("consent", Problem::ConsentMissing);
    }
    let (Some(name), Some(phone), Some(id_number), Some(building), true) = (name, phone, id_number, building, form.is_ok())
    else {
        return Err(AppError::invalid(form));
    };

    let password = f.password.clone();
    let password_hash = session::hash_in_turn(password).await?;
    let new_user = NewUser {
        phone,
        name,
        id_number,
        password_hash,
        role: Role::Resident,
        department_code: None,
        community_code: Some(building.community_code.clone()),
        building_id: Some(building.id),
    };
    let now = state.now();
    let id = match state.store.create_user(&new_user, now).await {
        Ok(id) => id,
        Err(StoreError::Conflict(field)) => {
            let (field, problem) = if field == "phone" { ("phone", Problem::PhoneTaken) } else { ("id_number", Problem::IdTaken) };
            form.refuse(field, problem.message());
            return Err(AppError::conflict(form));
        }
        Err(e) => return Err(e.into()),
    };
    if let Err(e) = state.store.audit(now, Some(id), Some(id), "register", "").await {
        tracing::error!(error = %e, "audit write failed");
    }
    start_session(&state, &headers, id, "/me?welcome=1").await
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

/// Only same-site paths: never an open redirect. Browsers drop tabs and line breaks from a URL,
/// so `/\t/evil.example` would become `//evil.example`: control characters are refused too.
fn safe_next(next: &str) -> &str {
    let same_site = next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') && !next.chars().any(char::is_control);
    if same_site { next } else { "/me" }
}

/// A sign-in answered with the form again, under `status` (401 wrong, 423 locked, 422 unreadable).
fn refuse_sign_in(form: FormState, status: StatusCode) -> AppError {
    AppError::Refused { form, status, page: None }
}

async fn sign_in(State(state): State<AppState>, headers: HeaderMap, PostForm(f): PostForm<SignInForm>) -> AppResult {
    let mut form = FormState::default();
    form.values.insert("phone".into(), f.phone.chars().take(20).collect());
    form.values.insert("next".into(), safe_next(&f.next).to_string());
    let now = state.now();

    let phone = match validate::mobile(&f.phone) {
        Ok(p) => p,
        Err(p) => {
            form.refuse("phone", p.message());
            return Err(AppError::invalid(form));
        }
    };
    let Some(user) = state.store.user_by_phone(&phone).await? else {
        session::check_nothing_in_turn(f.password.clone()).await;
        form.refuse("password", Problem::WrongCredentials.message());
        return Err(refuse_sign_in(form, StatusCode::UNAUTHORIZED));
    };
    if let Some(until) = user.locked_until.filter(|u| *u > now) {
        let minutes = ((until - now) + 59) / 60;
        form.refuse("password", Problem::Locked(minutes).message());
        return Err(refuse_sign_in(form, StatusCode::LOCKED));
    }
    let (hash, password) = (user.password_hash.clone(), f.password.clone());
    let good = session::check_in_turn(hash, password).await;
    if !good {
        let outcome = state.store.record_login_failure(user.id, MAX_FAILED_SIGN_INS, now + LOCK_SECONDS).await?;
        let (status, problem, action) = match outcome {
            FailureOutcome::LockedUntil(_) => (StatusCode::LOCKED, Problem::Locked(LOCK_SECONDS / 60), "account_locked"),
            FailureOutcome::Counted(_) => (StatusCode::UNAUTHORIZED, Problem::WrongCredentials, "sign_in_failed"),
        };
        if let Err(e) = state.store.audit(now, None, Some(user.id), action, "").await {
            tracing::error!(error = %e, "audit write failed");
        }
        form.refuse("password", problem.message());
        return Err(refuse_sign_in(form, status));
    }
    state.store.clear_login_failures(user.id).await?;
    if let Err(e) = state.store.audit(now, Some(user.id), Some(user.id), "sign_in", "").await {
        tracing::error!(error = %e, "audit write failed");
    }
    start_session(&state, &headers, user.id, safe_next(&f.next)).await
}

async fn sign_out(State(state): State<AppState>, user: Option<CurrentUser>, headers: HeaderMap) -> AppResult {
    if let Some(token) = session::read_cookie(&headers, session::SESSION_COOKIE, state.config.secure_cookies) {
        state.store.delete_session(&session::token_hash(&token)).await?;
        if let Some(user) = user {
            let _ = state.store.audit(state.now(), Some(user.id), Some(user.id), "sign_out", "").await;
        }
    }
    let mut response = Redirect::to("/").into_response();
    response
        .headers_mut()
        .append(header::SET_COOKIE, session::cookie(session::SESSION_COOKIE, "", 0, state.config.secure_cookies));
    Ok(response)
}

#[derive(Deserialize)]
struct SettingsForm {
    #[serde(default)]
    mode: String,
    #[serde(default)]
    lang: String,
}

async fn save_settings(State(state): State<AppState>, user: Option<CurrentUser>, PostForm(f): PostForm<SettingsForm>) -> AppResult {
    let (Some(mode), Some(lang)) = (Mode::parse(&f.mode), Lang::parse(&f.lang)) else {
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, "未知的设置 / Unknown setting").into_response());
    };
    if let Some(user) = user {
        state.store.set_user_prefs(user.id, mode.as_str(), lang.as_str()).await?;
    }
    let secure = state.config.secure_cookies;
    let mut response = Redirect::to("/settings?saved=1").into_response();
    let headers = response.headers_mut();
    headers.append(header::SET_COOKIE, session::preference_cookie(session::MODE_COOKIE, mode.as_str(), secure));
    headers.append(header::SET_COOKIE, session::preference_cookie(session::LANG_COOKIE, lang.as_str(), secure));
    Ok(response)
}

/// 线下核验: staff mark a resident of their own community as checked in person. Anyone else, or a
/// resident of another community, meets a 404 — the record's existence is not revealed.
async fn verify_in_person(State(state): State<AppState>, user: Option<CurrentUser>, Path(resident_id): Path<i64>) -> AppResult {
    let staff = user.ok_or(AppError::SignIn { next: Some("/staff/residents".into()) })?;
    if staff.role != Role::Staff || staff.community_code.is_none() {
        return Err(AppError::NotFound);
    }
    let resident = state.store.user_by_id(resident_id).await?.filter(|r| r.role == Role::Resident).ok_or(AppError::NotFound)?;
    let building = match resident.building_id {
        Some(b) => state.store.building(b).await?,
        None => None,
    };
    if building.map(|b| b.community_code) != staff.community_code {
        return Err(AppError::NotFound);
    }
    state.store.mark_identity_checked(resident.id, staff.id, state.now()).await?;
    Ok(Redirect::to("/staff/residents").into_response())
}

#[cfg(test)]
mod tests {
    #[test]
    fn next_paths_stay_on_site() {
        assert_eq!(super::safe_next("/services?q=1"), "/services?q=1");
        assert_eq!(super::safe_next("//evil.example"), "/me");
        assert_eq!(super::safe_next("https://evil.example"), "/me");
        assert_eq!(super::safe_next("/\\evil"), "/me");
        assert_eq!(super::safe_next("/\t/evil.example"), "/me");
        assert_eq!(super::safe_next("/\n/evil.example"), "/me");
    }
}

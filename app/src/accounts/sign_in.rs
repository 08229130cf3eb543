//! Signing in and starting a session. Wrong passwords slow the account down from that address
//! and then ask for a one-time code (`throttle`); an unknown phone costs the same time and gets
//! the same answers as a known one.
use super::session;
use super::throttle::{self, Attempt, Standing};
use super::validate::{self, Problem};
use super::codes;
use crate::forms::{FormState, Message};
use crate::prefs::{Lang, Mode};
use crate::state::AppState;
use crate::storage::{CodePurpose, SessionDevice, UserRecord};
use crate::web::{redraw, user_agent, AppError, AppResult, ClientAddr, Limit, PostForm};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect};
use serde::Deserialize;
use std::net::IpAddr;

/// Starts a session and sends the browser on. A mode or language already chosen on this device
/// (say 长辈版, set up by a relative) wins and is saved to the account; otherwise the account's
/// saved preferences come to this device.
pub(crate) async fn start_session(state: &AppState, headers: &HeaderMap, how: NewSession, to: &str) -> AppResult {
    let now = state.now();
    let (token, hash) = session::new_session_token();
    let user_id = match how {
        NewSession::Fresh { addr, user_id } => {
            let device = SessionDevice { addr: addr.to_string(), user_agent: user_agent(headers) };
            state.store.create_session(&hash, user_id, &device, "full", now, now + session::SESSION_SECONDS).await?;
            user_id
        }
        NewSession::Promote { old_hash, user_id } => {
            if !state.store.promote_session(&old_hash, &hash, now, now + session::SESSION_SECONDS).await? {
                return Err(AppError::SignIn { next: None });
            }
            user_id
        }
    };
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

/// How a full session comes about: straight after the password, or after the second factor
/// (the waiting session gets a new token: nothing learnt before the code carries over).
pub(crate) enum NewSession {
    Fresh { addr: IpAddr, user_id: i64 },
    Promote { old_hash: String, user_id: i64 },
}

#[derive(Deserialize)]
pub(super) struct SignInForm {
    #[serde(default)]
    phone: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    send_code: String,
    #[serde(default)]
    next: String,
}

/// Only same-site paths: never an open redirect.
pub(super) fn safe_next(next: &str) -> &str {
    if crate::components::is_same_site_path(next) { next } else { "/me" }
}

/// A sign-in answered with the form again (401 wrong, 422 unreadable).
fn refuse(form: FormState, status: StatusCode) -> AppError {
    AppError::Refused { form, status, page: None }
}

pub(super) async fn sign_in(State(state): State<AppState>, ClientAddr(addr): ClientAddr, headers: HeaderMap, PostForm(f): PostForm<SignInForm>) -> AppResult {
    let mut form = FormState::default();
    form.values.insert("phone".into(), f.phone.chars().take(20).collect());
    form.values.insert("next".into(), safe_next(&f.next).to_string());
    state.limits.check(Limit::SignIn, addr).await.map_err(|e| e.too_many(form.clone(), "password"))?;
    let phone = match validate::mobile(&f.phone) {
        Ok(p) => p,
        Err(p) => {
            form.refuse("phone", p.message());
            return Err(AppError::invalid(form));
        }
    };
    let attempt = Attempt::load(&state, &phone, &addr).await?;
    let standing = attempt.standing;
    if standing.code_needed {
        form.values.insert("code_needed".into(), "1".into());
    }
    if let Some(wait) = standing.wait {
        return Err(AppError::wait(wait as u64).too_many(form, "password"));
    }
    if f.send_code == "1" {
        if standing.code_needed {
            codes::send(&state, &phone, CodePurpose::SignIn, addr).await.map_err(|e| e.too_many(form.clone(), "code"))?;
        }
        form.notice = Some(codes::sent_notice(&phone));
        return Ok(redraw(form, StatusCode::OK, None));
    }
    if standing.code_needed {
        if let Err(problem) = code_problem(&state, &phone, &f.code).await? {
            form.refuse("code", problem.message());
            return Err(refuse(form, StatusCode::UNAUTHORIZED));
        }
    }
    let user = state.store.user_by_phone(&phone).await?;
    if !password_matches(user.as_ref(), &f.password).await {
        attempt.failed(&state).await?;
        after_failure(&state, user.as_ref(), standing).await?;
        form.values.insert("code_needed".into(), if standing.code_needed || throttle::crosses_into_code(standing.total) { "1" } else { "" }.into());
        form.refuse("password", Problem::WrongCredentials.message());
        return Err(refuse(form, StatusCode::UNAUTHORIZED));
    }
    let user = user.ok_or_else(|| AppError::internal("password matched without an account"))?;
    if super::second_factor::needs_second_factor(user.role) {
        return super::second_factor::begin(&state, &headers, addr, &user, safe_next(&f.next)).await;
    }
    attempt.succeeded(&state).await?;
    if let Err(e) = state.store.audit(state.now(), Some(user.id), Some(user.id), "sign_in", "").await {
        tracing::error!(error = %e, "audit write failed");
    }
    start_session(&state, &headers, NewSession::Fresh { addr, user_id: user.id }, safe_next(&f.next)).await
}

async fn code_problem(state: &AppState, phone: &str, typed: &str) -> crate::storage::StoreResult<Result<(), Problem>> {
    match validate::one_time_code(typed) {
        Ok(code) => codes::check(state, phone, CodePurpose::SignIn, &code).await,
        Err(Problem::Required) => Ok(Err(Problem::CodeNeeded)),
        Err(p) => Ok(Err(p)),
    }
}

/// The same Argon2 work whether or not the phone has an account.
async fn password_matches(user: Option<&UserRecord>, password: &str) -> bool {
    match user {
        Some(user) => session::check_in_turn(user.password_hash.clone(), password.to_string()).await,
        None => {
            session::check_nothing_in_turn(password.to_string()).await;
            false
        }
    }
}

/// Audits a failure on a real account, and tells the owner once codes become necessary.
async fn after_failure(state: &AppState, user: Option<&UserRecord>, before: Standing) -> Result<(), AppError> {
    let Some(user) = user else { return Ok(()) };
    let now = state.now();
    if throttle::crosses_into_code(before.total) {
        let total = before.total + 1;
        let message = Message::new("notice-sign-in-failures").with("n", total);
        super::owner_notice::tell_owner(state, user, &message, "sign_in_code_required").await?;
    } else if let Err(e) = state.store.audit(now, None, Some(user.id), "sign_in_failed", "").await {
        tracing::error!(error = %e, "audit write failed");
    }
    Ok(())
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

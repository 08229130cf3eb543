//! The second factor of staff, officers and admins: a TOTP code (RFC 6238: six digits, 30 s
//! steps, any authenticator app) after the password. The first sign-in enrols: the page shows
//! the secret as a QR code and as text, and the first right code turns the factor on. A code
//! works once (the step is recorded), wrong codes count as sign-in failures (the same growing
//! delay), and a privileged session ends after 15 minutes without a request.
use super::sign_in::{safe_next, start_session, NewSession};
use super::throttle::Attempt;
use super::validate;
use crate::forms::{FormState, Message};
use crate::prefs::Role;
use crate::state::AppState;
use crate::storage::{SessionDevice, UserRecord};
use crate::web::{user_agent, AppError, AppResult, ClientAddr, PostForm};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect};
use serde::Deserialize;
use std::net::IpAddr;
use totp_rs::{Algorithm, Secret, TOTP};

/// How long a privileged session lasts without a request.
pub const PRIVILEGED_IDLE_SECONDS: i64 = 15 * 60;
/// How long the code page waits after the password.
const SECOND_FACTOR_SECONDS: i64 = 5 * 60;
const STEP_SECONDS: i64 = 30;

/// Accounts that see other people's data sign in with a second factor.
pub fn needs_second_factor(role: Role) -> bool {
    matches!(role, Role::Staff | Role::Officer | Role::Admin)
}

/// A new secret: 160 random bits, base32 as authenticator apps read it.
pub fn new_secret() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 20];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    Secret::Raw(bytes.to_vec()).to_encoded().to_string()
}

fn totp(secret: &str) -> Option<TOTP> {
    let bytes = Secret::Encoded(secret.to_string()).to_bytes().ok()?;
    TOTP::new(Algorithm::SHA1, 6, 1, STEP_SECONDS as u64, bytes).ok()
}

/// The code of time step `step` (what an authenticator shows during it).
pub fn code_for_step(secret: &str, step: i64) -> Option<String> {
    Some(totp(secret)?.generate((step * STEP_SECONDS) as u64))
}

pub fn step_at(unix: i64) -> i64 {
    unix.div_euclid(STEP_SECONDS)
}

/// The step a typed code belongs to: this one, or one either side (phone clocks drift).
pub fn matching_step(secret: &str, typed: &str, now: i64) -> Option<i64> {
    let totp = totp(secret)?;
    let here = step_at(now);
    (here - 1..=here + 1).find(|step| crate::secrets::same_secret(typed, &totp.generate((step * STEP_SECONDS) as u64)))
}

/// What an authenticator app scans.
pub fn otpauth_uri(secret: &str, account: &str) -> String {
    let label: String = account.chars().filter(char::is_ascii_alphanumeric).collect();
    format!("otpauth://totp/Linli:{label}?secret={secret}&issuer=Linli&algorithm=SHA1&digits=6&period={STEP_SECONDS}")
}

/// After the right password: a session that opens only the code page, then that page.
pub(super) async fn begin(state: &AppState, headers: &HeaderMap, addr: IpAddr, user: &UserRecord, next: &str) -> AppResult {
    if user.totp_secret.is_none() {
        state.store.set_totp_secret(user.id, &new_secret()).await?;
    }
    let now = state.now();
    let (token, hash) = super::session::new_session_token();
    let device = SessionDevice { addr: addr.to_string(), user_agent: user_agent(headers) };
    state.store.create_session(&hash, user.id, &device, "second_factor", now, now + SECOND_FACTOR_SECONDS).await?;
    let to = format!("/login/totp?next={}", crate::web::error::encode_path(next));
    let mut response = Redirect::to(&to).into_response();
    let cookie = super::session::cookie(super::session::SESSION_COOKIE, &token, SECOND_FACTOR_SECONDS, state.config.secure_cookies);
    response.headers_mut().append(axum::http::header::SET_COOKIE, cookie);
    Ok(response)
}

#[derive(Deserialize)]
pub(super) struct CodeForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    next: String,
}

pub(super) async fn confirm(State(state): State<AppState>, ClientAddr(addr): ClientAddr, headers: HeaderMap, PostForm(f): PostForm<CodeForm>) -> AppResult {
    let old_hash = super::session::session_hash(&headers, state.config.secure_cookies).unwrap_or_default();
    let now = state.now();
    let Some(user) = state.store.second_factor_user(&old_hash, now).await? else { return Err(AppError::SignIn { next: None }) };
    let mut form = FormState::default();
    form.values.insert("next".into(), safe_next(&f.next).to_string());
    let attempt = Attempt::load(&state, &user.phone, &addr).await?;
    if let Some(wait) = attempt.standing.wait {
        return Err(AppError::wait(wait as u64).too_many(form, "code"));
    }
    let code = match validate::one_time_code(&f.code) {
        Ok(code) => code,
        Err(p) => {
            form.refuse("code", p.message());
            return Err(AppError::invalid(form));
        }
    };
    let secret = user.totp_secret.clone().unwrap_or_default();
    let Some(step) = matching_step(&secret, &code, now) else {
        attempt.failed(&state).await?;
        let _ = state.store.audit(now, None, Some(user.id), "second_factor_failed", "").await;
        form.refuse("code", Message::new("problem-totp-wrong"));
        return Err(AppError::Refused { form, status: StatusCode::UNAUTHORIZED, page: None });
    };
    if !state.store.use_totp_step(user.id, step, now).await? {
        form.refuse("code", Message::new("problem-totp-used"));
        return Err(AppError::Refused { form, status: StatusCode::UNAUTHORIZED, page: None });
    }
    let action = if user.totp_enabled_at.is_none() { "second_factor_enrolled" } else { "sign_in" };
    attempt.succeeded(&state).await?;
    if let Err(e) = state.store.audit(now, Some(user.id), Some(user.id), action, "").await {
        tracing::error!(error = %e, "audit write failed");
    }
    start_session(&state, &headers, NewSession::Promote { old_hash, user_id: user.id }, safe_next(&f.next)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 6238, appendix B: the SHA-1 key "12345678901234567890" at 59 s gives 94287082 (8 digits);
    // its last six digits are what a 6-digit authenticator shows.
    #[test]
    fn codes_follow_rfc_6238() {
        let secret = Secret::Raw(b"12345678901234567890".to_vec()).to_encoded().to_string();
        assert_eq!(code_for_step(&secret, step_at(59)).as_deref(), Some("287082"));
        assert_eq!(code_for_step(&secret, step_at(1_111_111_109)).as_deref(), Some("081804"));
    }

    #[test]
    fn a_code_matches_its_step_or_one_either_side() {
        let secret = new_secret();
        let now = 1_780_000_015;
        let here = step_at(now);
        for step in [here - 1, here, here + 1] {
            assert_eq!(matching_step(&secret, &code_for_step(&secret, step).unwrap(), now), Some(step));
        }
        let old = code_for_step(&secret, here - 2).unwrap();
        assert_eq!(matching_step(&secret, &old, now).filter(|s| *s == here - 2), None, "a minute old is too old");
        assert!(needs_second_factor(Role::Officer) && !needs_second_factor(Role::Resident) && !needs_second_factor(Role::Provider));
        assert!(otpauth_uri(&secret, "138****0001").starts_with("otpauth://totp/Linli:1380001?secret="));
    }
}

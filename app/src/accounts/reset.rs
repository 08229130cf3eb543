//! 忘记密码: a new password for whoever proves the phone with a one-time code. Every session of
//! the account ends, the failure count clears, and the owner is told (inbox and SMS). The page
//! answers the same for a registered and an unregistered phone.
use super::codes;
use super::validate::{self, Problem};
use crate::forms::{FormState, Message};
use crate::state::AppState;
use crate::storage::CodePurpose;
use crate::web::{redraw, AppError, AppResult, ClientAddr, Limit, PostForm};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use serde::Deserialize;

#[derive(Deserialize)]
pub(super) struct ResetForm {
    #[serde(default)]
    phone: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password2: String,
    #[serde(default)]
    send_code: String,
    #[serde(default)]
    code_step: String,
}

pub(super) async fn reset(State(state): State<AppState>, ClientAddr(addr): ClientAddr, PostForm(f): PostForm<ResetForm>) -> AppResult {
    let mut form = FormState::default();
    form.values.insert("phone".into(), f.phone.chars().take(20).collect());
    if f.send_code != "1" || f.code_step == "1" {
        form.values.insert("code_step".into(), "1".into());
    }
    state.limits.check(Limit::Reset, addr).await.map_err(|e| e.too_many(form.clone(), "phone"))?;
    let phone = validate::mobile(&f.phone).map_err(|p| form.refuse("phone", p.message())).ok();
    if f.send_code == "1" {
        let Some(phone) = phone else { return Err(AppError::invalid(form)) };
        codes::send(&state, &phone, CodePurpose::Reset, addr).await.map_err(|e| e.too_many(form.clone(), "code"))?;
        form.values.insert("code_step".into(), "1".into());
        form.notice = Some(codes::sent_notice(&phone));
        return Ok(redraw(form, StatusCode::OK, None));
    }
    let code = validate::one_time_code(&f.code).map_err(|p| form.refuse("code", p.message())).ok();
    if let Err((field, p)) = validate::new_password(&f.password, &f.password2) {
        form.refuse(field, p.message());
    }
    let (Some(phone), Some(code), true) = (phone, code, form.is_ok()) else { return Err(AppError::invalid(form)) };
    if let Err(p) = codes::check(&state, &phone, CodePurpose::Reset, &code).await? {
        form.refuse("code", p.message());
        return Err(AppError::invalid(form));
    }
    // A code is only ever sent to a registered phone, so a right one names an account.
    let user = state.store.user_by_phone(&phone).await?.ok_or_else(|| {
        form.refuse("code", Problem::CodeExpired.message());
        AppError::invalid(form.clone())
    })?;
    let hash = super::session::hash_in_turn(f.password.clone()).await?;
    let now = state.now();
    state.store.set_password(user.id, &hash, true, now).await?;
    state.store.clear_sign_in_failures(&state.config.keys.phone_key(&phone)).await?;
    super::owner_notice::tell_owner(&state, &user, &Message::new("notice-password-changed"), "password_reset").await?;
    Ok(Redirect::to("/login?reset=1").into_response())
}

//! 更换手机号 (`/me/security/phone`): the new number is proven with a one-time code, the password
//! confirms it is the owner asking, and the old number is told by SMS (the owner may not be the
//! one who asked). Only someone who has proven the new number learns that it is taken.
use super::{codes, owner_notice, session, validate};
use crate::forms::{FormState, Message};
use crate::state::AppState;
use crate::storage::{CodePurpose, StoreError};
use crate::web::{redraw, AppError, AppResult, ClientAddr, CurrentUser, Limit, PostForm};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use serde::Deserialize;

pub use super::security_pages::PHONE_PAGE as PAGE;

#[derive(Deserialize)]
pub(super) struct PhoneForm {
    #[serde(default)]
    phone: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    current: String,
    #[serde(default)]
    send_code: String,
    #[serde(default)]
    code_step: String,
}

pub(super) async fn change_phone(State(state): State<AppState>, user: CurrentUser, ClientAddr(addr): ClientAddr, PostForm(f): PostForm<PhoneForm>) -> AppResult {
    let mut form = FormState::default();
    form.values.insert("phone".into(), f.phone.chars().take(20).collect());
    if f.send_code != "1" || f.code_step == "1" {
        form.values.insert("code_step".into(), "1".into());
    }
    state.limits.check(Limit::SignIn, addr).await.map_err(|e| e.too_many(form.clone(), "phone").on_page(PAGE))?;
    let phone = match validate::mobile(&f.phone) {
        Ok(p) if p == user.phone => {
            form.refuse("phone", Message::new("phone-change-same"));
            None
        }
        Ok(p) => Some(p),
        Err(p) => {
            form.refuse("phone", p.message());
            None
        }
    };
    if f.send_code == "1" {
        let Some(phone) = phone else { return Err(AppError::invalid(form).on_page(PAGE)) };
        codes::send(&state, &phone, CodePurpose::PhoneChange, addr).await.map_err(|e| e.too_many(form.clone(), "code").on_page(PAGE))?;
        form.values.insert("code_step".into(), "1".into());
        form.notice = Some(codes::sent_notice(&phone));
        return Ok(redraw(form, StatusCode::OK, Some(PAGE.into())));
    }
    let code = validate::one_time_code(&f.code).map_err(|p| form.refuse("code", p.message())).ok();
    let (Some(phone), Some(code), true) = (phone, code, form.is_ok()) else { return Err(AppError::invalid(form).on_page(PAGE)) };
    if !session::check_in_turn(user.password_hash.clone(), f.current.clone()).await {
        super::throttle::Attempt::load(&state, &user.phone, &addr).await?.failed(&state).await?;
        form.refuse("current", Message::new("problem-current-password"));
        return Err(AppError::Refused { form, status: StatusCode::UNAUTHORIZED, page: Some(PAGE.into()) });
    }
    if let Err(p) = codes::check(&state, &phone, CodePurpose::PhoneChange, &code).await? {
        form.refuse("code", p.message());
        return Err(AppError::invalid(form).on_page(PAGE));
    }
    let old = user.0.as_ref().clone();
    match state.store.change_phone(user.id, &phone, state.now()).await {
        Ok(()) => {}
        Err(StoreError::Conflict(_)) => {
            // They proved the number, so they may learn it already has an account.
            form.refuse("phone", Message::new("phone-change-taken"));
            return Err(AppError::conflict(form).on_page(PAGE));
        }
        Err(e) => return Err(e.into()),
    }
    // The old number hears of it: if someone else made the change, its owner can act.
    owner_notice::tell_owner(&state, &old, &Message::new("notice-phone-changed").with("phone", validate::mask_phone(&phone)), "phone_changed").await?;
    Ok(Redirect::to("/me/security?phone=1").into_response())
}

//! The posts of `/me/security`: change the password (every other device is signed out and the
//! owner told), sign out one device, sign out every other device.
use super::sign_in::{start_session, NewSession};
use super::validate;
use super::{owner_notice, session};
use crate::forms::{FormState, Message};
use crate::state::AppState;
use crate::web::{AppError, AppResult, ClientAddr, CurrentUser, Limit, PostForm};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect};
use axum::routing::post;
use axum::Router;
use serde::Deserialize;

/// Where a refused password change is drawn again.
const PAGE: &str = "/me/security";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/me/security/password", post(change_password))
        .route(super::phone_change::PAGE, post(super::phone_change::change_phone))
        .route("/me/security/sessions/end", post(end_one))
        .route("/me/security/sessions/end-others", post(end_others))
}

#[derive(Deserialize)]
struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password2: String,
}

async fn change_password(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientAddr(addr): ClientAddr,
    headers: HeaderMap,
    PostForm(f): PostForm<PasswordForm>,
) -> AppResult {
    let mut form = FormState::default();
    state.limits.check(Limit::SignIn, addr).await.map_err(|e| e.too_many(form.clone(), "current").on_page(PAGE))?;
    if let Err((field, p)) = validate::new_password(&f.password, &f.password2) {
        form.refuse(field, p.message());
    }
    if !form.is_ok() {
        return Err(AppError::invalid(form).on_page(PAGE));
    }
    // Someone at an unlocked phone must still know the password to change it.
    if !session::check_in_turn(user.password_hash.clone(), f.current.clone()).await {
        super::throttle::Attempt::load(&state, &user.phone, &addr).await?.failed(&state).await?;
        form.refuse("current", Message::new("problem-current-password"));
        return Err(AppError::Refused { form, status: StatusCode::UNAUTHORIZED, page: Some(PAGE.into()) });
    }
    let hash = session::hash_in_turn(f.password.clone()).await?;
    state.store.set_password(user.id, &hash, false, state.now()).await?;
    owner_notice::tell_owner(&state, &user, &Message::new("notice-password-changed"), "password_changed").await?;
    start_session(&state, &headers, NewSession::Fresh { addr, user_id: user.id }, "/me/security?changed=1").await
}

#[derive(Deserialize)]
struct DeviceForm {
    #[serde(default)]
    id: String,
}

/// Another of the owner's sessions, by its stored hash; anyone else's is a 404.
async fn end_one(State(state): State<AppState>, user: CurrentUser, PostForm(f): PostForm<DeviceForm>) -> AppResult {
    if !state.store.end_session_of(user.id, &f.id).await? {
        return Err(AppError::NotFound);
    }
    if let Err(e) = state.store.audit(state.now(), Some(user.id), Some(user.id), "sessions_ended", "1").await {
        tracing::error!(error = %e, "audit write failed");
    }
    Ok(Redirect::to("/me/security").into_response())
}

async fn end_others(State(state): State<AppState>, user: CurrentUser, headers: HeaderMap) -> AppResult {
    let current = session::session_hash(&headers, state.config.secure_cookies);
    let ended = state.store.end_sessions(user.id, current.as_deref()).await?;
    if let Err(e) = state.store.audit(state.now(), Some(user.id), Some(user.id), "sessions_ended", &ended.to_string()).await {
        tracing::error!(error = %e, "audit write failed");
    }
    Ok(Redirect::to("/me/security").into_response())
}

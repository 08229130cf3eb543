//! Granting and revoking 亲友代办. Only the person being represented can do either.
use crate::accounts::assurance::{ssr::level_of, TO_AUTHORISE_A_RELATIVE};
use crate::accounts::validate;
use crate::forms::{FormState, Message};
use crate::prefs::Role;
use crate::state::AppState;
use crate::web::{AppError, AppResult, CurrentUser, PostForm, Resident};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use axum::routing::post;
use axum::Router;
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/me/family", post(grant))
        .route("/me/family/{id}/revoke", post(revoke))
        .route("/me/family/invites/{id}/withdraw", post(withdraw))
        .route("/me/family/invites/{id}/{answer}", post(answer))
}

#[derive(Deserialize)]
struct Grant {
    #[serde(default)]
    phone: String,
    #[serde(default)]
    name: String,
}

/// How long an invitation waits to be accepted.
const INVITE_SECONDS: i64 = 7 * 24 * 3600;

/// Offers 亲友代办 to whoever holds this phone and real name. The answer is the same whether or
/// not such a resident exists; if one does, they are told, and it starts when they accept.
async fn grant(State(state): State<AppState>, user: Resident, PostForm(f): PostForm<Grant>) -> AppResult {
    let mut form = FormState::default();
    if level_of(&user) < TO_AUTHORISE_A_RELATIVE {
        form.notice = Some(Message::new("identity-gate-refused"));
        return Err(AppError::Refused { form, status: axum::http::StatusCode::FORBIDDEN, page: None });
    }
    form.values.insert("phone".into(), f.phone.chars().take(13).collect());
    form.values.insert("name".into(), f.name.chars().take(30).collect());
    let phone = validate::mobile(&f.phone).map_err(|p| form.refuse("phone", p.message())).ok();
    let name = validate::real_name(&f.name).map_err(|_| form.refuse("name", Message::new("family-enter-their-real-name"))).ok();
    let (Some(phone), Some(name)) = (phone, name) else { return Err(AppError::invalid(form)) };
    if phone == user.phone {
        form.refuse("phone", Message::new("family-not-yourself"));
        return Err(AppError::invalid(form));
    }
    let now = state.now();
    let key = super::ssr::invite_key(&state, &phone, &name);
    let masked_name: String = name.chars().take(1).chain(std::iter::once('*')).collect();
    state.store.invite_delegate(user.id, &key, &validate::mask_phone(&phone), &masked_name, now, now + INVITE_SECONDS).await?;
    let invitee = state.store.user_by_phone(&phone).await?.filter(|d| d.role == Role::Resident && d.name == name);
    if let Some(invitee) = invitee {
        let message = Message::new("notice-family-invite").with("name", user.name.clone());
        let notices = crate::applications::steps::notices(&*state.store, &[invitee.id], "family", &message).await?;
        state.store.notify(&notices, "/me/family", now).await?;
    }
    Ok(Redirect::to("/me/family?invited=1").into_response())
}

/// The invitee's answer: accept (the delegation starts) or decline. Someone the invitation is
/// not addressed to meets a 404.
async fn answer(State(state): State<AppState>, user: Resident, Path((id, answer)): Path<(i64, String)>) -> AppResult {
    let key = super::ssr::invite_key(&state, &user.phone, &user.name);
    let done = match answer.as_str() {
        "accept" => state.store.accept_invite(id, user.id, &key, state.now()).await?,
        "decline" => state.store.decline_invite(id, &key, state.now()).await?,
        _ => false,
    };
    if !done {
        return Err(AppError::NotFound);
    }
    Ok(Redirect::to("/me/family").into_response())
}

async fn withdraw(State(state): State<AppState>, user: Resident, Path(id): Path<i64>) -> AppResult {
    if !state.store.withdraw_invite(id, user.id, state.now()).await? {
        return Err(AppError::NotFound);
    }
    Ok(Redirect::to("/me/family").into_response())
}

async fn revoke(State(state): State<AppState>, user: Option<CurrentUser>, Path(id): Path<i64>) -> AppResult {
    let user = user.ok_or(AppError::NotFound)?;
    if !state.store.revoke_delegation(user.id, id, state.now()).await? {
        return Err(AppError::NotFound);
    }
    Ok(Redirect::to("/me/family").into_response())
}

//! Granting and revoking 亲友代办. Only the person being represented can do either.
use crate::accounts::validate;
use crate::forms::{FormState, Message};
use crate::prefs::Role;
use crate::state::AppState;
use crate::storage::StoreError;
use crate::web::{AppError, AppResult, CurrentUser, PostForm, Resident};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::routing::post;
use axum::Router;
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new().route("/me/family", post(grant)).route("/me/family/{id}/revoke", post(revoke))
}

#[derive(Deserialize)]
struct Grant {
    #[serde(default)]
    phone: String,
    #[serde(default)]
    name: String,
}

async fn grant(State(state): State<AppState>, user: Resident, PostForm(f): PostForm<Grant>) -> AppResult {
    let mut form = FormState::default();
    form.values.insert("phone".into(), f.phone.chars().take(13).collect());
    form.values.insert("name".into(), f.name.chars().take(30).collect());
    let phone = validate::mobile(&f.phone);
    if let Err(p) = &phone {
        form.refuse("phone", p.message());
    }
    if f.name.trim().is_empty() {
        form.refuse("name", Message::new("family-enter-their-real-name"));
    }
    if !form.is_ok() {
        return Err(AppError::invalid(form));
    }
    let phone = phone.unwrap_or_default();
    // Phone and real name must both match a resident account: a typo never authorises a stranger.
    let delegate = state.store.user_by_phone(&phone).await?.filter(|d| d.role == Role::Resident && d.name == f.name.trim() && d.id != user.id);
    let Some(delegate) = delegate else {
        form.refuse("phone", Message::new("family-no-registered-resident-has-this-phone"));
        return Err(AppError::invalid(form));
    };
    match state.store.add_delegation(user.id, delegate.id, state.now()).await {
        Ok(()) => Ok(Redirect::to("/me/family").into_response()),
        Err(StoreError::Conflict(_)) => {
            form.refuse("phone", Message::new("family-you-have-already-authorised-this-person"));
            Err(AppError::Refused { form, status: StatusCode::CONFLICT, page: None })
        }
        Err(e) => Err(e.into()),
    }
}

async fn revoke(State(state): State<AppState>, user: Option<CurrentUser>, Path(id): Path<i64>) -> AppResult {
    let user = user.ok_or(AppError::NotFound)?;
    if !state.store.revoke_delegation(user.id, id, state.now()).await? {
        return Err(AppError::NotFound);
    }
    Ok(Redirect::to("/me/family").into_response())
}

//! Marking the inbox read, and choosing channels.
use crate::forms::{FormState, Message};
use crate::state::AppState;
use crate::storage::NotifyPrefs;
use crate::web::{AppError, AppResult, CurrentUser, PostForm};
use axum::extract::State;
use axum::response::{IntoResponse, Redirect};
use axum::routing::post;
use axum::Router;
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new().route("/me/inbox/read", post(mark_read)).route("/me/inbox", post(set_channels))
}

async fn mark_read(State(state): State<AppState>, user: Option<CurrentUser>) -> AppResult {
    let user = user.ok_or(AppError::NotFound)?;
    state.store.mark_inbox_read(user.id, state.now()).await?;
    Ok(Redirect::to("/me/inbox").into_response())
}

#[derive(Deserialize)]
struct Channels {
    #[serde(default)]
    sms: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    email_address: String,
}

fn plausible_email(s: &str) -> bool {
    let Some((user, domain)) = s.split_once('@') else { return false };
    !user.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.')
        && s.len() <= 100 && !s.chars().any(|c| c.is_whitespace() || c == ',' || c == ';')
}

async fn set_channels(State(state): State<AppState>, user: Option<CurrentUser>, PostForm(f): PostForm<Channels>) -> AppResult {
    let user = user.ok_or(AppError::NotFound)?;
    let address = f.email_address.trim().to_string();
    let email = f.email == "1";
    let mut form = FormState::default();
    form.values.insert("email_address".into(), address.chars().take(100).collect());
    if (email || !address.is_empty()) && !plausible_email(&address) {
        form.refuse("email_address", Message::new("notifications-enter-an-email-address"));
        return Err(AppError::invalid(form));
    }
    let prefs = NotifyPrefs { sms: (f.sms == "1") as i64, email: email as i64, email_address: address };
    state.store.set_notify_prefs(user.id, &prefs).await?;
    Ok(Redirect::to("/me/inbox?saved=1").into_response())
}

#[cfg(test)]
mod tests {
    #[test]
    fn email_addresses() {
        assert!(super::plausible_email("wang@example.cn"));
        assert!(!super::plausible_email("wang@localhost"));
        assert!(!super::plausible_email("a b@example.cn"));
        assert!(!super::plausible_email("@example.cn"));
    }
}

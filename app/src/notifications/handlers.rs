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
    Router::new()
        .route("/me/inbox/read", post(mark_read))
        .route("/me/inbox", post(set_channels))
        .route("/gateway/receipts", post(delivery_receipt))
}

/// A gateway's word on one message: `{"id": "<its reference>", "status": "delivered" | "failed",
/// "error": "…"}`, with `Authorization: Bearer <LINLI_RECEIPT_TOKEN>`.
#[derive(Deserialize, utoipa::ToSchema)]
pub(crate) struct Receipt {
    /// The gateway's reference for the message, as it answered the send.
    id: String,
    /// `delivered` or `failed`.
    #[schema(pattern = "^(delivered|failed)$")]
    status: String,
    /// Why it failed (kept to 200 characters).
    #[serde(default)]
    error: Option<String>,
}

/// The token is checked before a byte of the body is read.
#[utoipa::path(post, path = "/gateway/receipts", tag = "operations", security(("receipt_token" = [])),
    request_body(content = Receipt, content_type = "application/json"),
    responses((status = 204, description = "Recorded"),
        (status = 400, description = "Not a receipt"),
        (status = 401, description = "No token, or the wrong one"),
        (status = 404, description = "No such message, or receipts are not configured"),
        (status = 413, description = "Larger than 64 KB"),
        (status = 422, description = "status is neither delivered nor failed")))]
pub(crate) async fn delivery_receipt(State(state): State<AppState>, req: axum::extract::Request) -> axum::http::StatusCode {
    use axum::http::StatusCode;
    let Some(expected) = state.config.receipt_token.as_deref() else { return StatusCode::NOT_FOUND };
    let given = req.headers().get(axum::http::header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    if !given.is_some_and(|g| crate::secrets::same_secret(g, expected)) {
        return StatusCode::UNAUTHORIZED;
    }
    let Ok(body) = axum::body::to_bytes(req.into_body(), 64 * 1024).await else { return StatusCode::PAYLOAD_TOO_LARGE };
    let Ok(receipt) = serde_json::from_slice::<Receipt>(&body) else { return StatusCode::BAD_REQUEST };
    let delivered = match receipt.status.as_str() {
        "delivered" => true,
        "failed" => false,
        _ => return StatusCode::UNPROCESSABLE_ENTITY,
    };
    let error = receipt.error.map(|e| e.chars().take(200).collect::<String>());
    match state.store.record_receipt(&receipt.id, delivered, error.as_deref(), state.now()).await {
        Ok(true) => StatusCode::NO_CONTENT,
        Ok(false) => StatusCode::NOT_FOUND,
        Err(e) => {
            tracing::error!(error = %e, "receipt not recorded");
            StatusCode::INTERNAL_SERVER_ERROR
        }
    }
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

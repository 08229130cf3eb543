//! The posts behind signing in at a terminal by a one-time code: the resident's phone makes one
//! (`/me/kiosk-code`), staff make one for a resident with the resident's agreement
//! (`/work/kiosk-code`), and the terminal takes it, typed (`/kiosk/sign-in`) or as a photo of the
//! QR from its camera (`/kiosk/sign-in/photo`).
use super::sign_in::{ssr::*, CODE_SECONDS};
use super::Kiosk;
use crate::accounts::session;
use crate::accounts::sign_in::{start_session, NewSession};
use crate::forms::{FormState, Message};
use crate::prefs::Role;
use crate::state::AppState;
use crate::storage::{AuditEntry, NewKioskCode};
use crate::uploads::Upload;
use crate::web::{AppError, AppResult, ClientAddr, CurrentUser, FormPairs, Limit, Staff};
use axum::extract::{Request, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect};
use axum::routing::post;
use axum::{Extension, Router};

const KIOSK_SIGN_IN: &str = "/kiosk/sign-in";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/me/kiosk-code", post(make_own_code))
        .route("/work/kiosk-code", post(make_code_for))
        .route(KIOSK_SIGN_IN, post(sign_in_by_code))
        .route("/kiosk/sign-in/photo", crate::uploads::uploads(sign_in_by_photo))
}

/// Stores a new code for `user_id`; a clash of short codes (one in a hundred million while
/// both last) just draws another.
async fn make_code(state: &AppState, user_id: i64, staff: Option<(&Staff, AuditEntry)>) -> AppResult<String> {
    let now = state.now();
    for _ in 0..5 {
        let token = crate::secrets::random_token();
        let code = NewKioskCode {
            token_hash: token_hash(&token),
            short_hash: short_hash(&short_of(&token)),
            user_id,
            community_code: staff.as_ref().map(|(s, _)| s.community.clone()),
            started_by: staff.as_ref().map(|(s, _)| s.user.id),
            expires_at: now + CODE_SECONDS,
        };
        if state.store.create_kiosk_code(&code, staff.as_ref().map(|(_, a)| a), now).await? {
            return Ok(token);
        }
    }
    Err(AppError::internal("no free short code"))
}

/// POST `/me/kiosk-code`: a resident's phone makes a code for signing in at a terminal.
async fn make_own_code(State(state): State<AppState>, user: CurrentUser) -> AppResult {
    if user.role != Role::Resident {
        return Err(AppError::NotFound);
    }
    let token = make_code(&state, user.id, None).await?;
    Ok(Redirect::to(&format!("/me/kiosk-code?t={token}")).into_response())
}

/// POST `/work/kiosk-code`: staff at the counter make a code for a resident of their community
/// who has neither a phone to make one nor a password, recording how the resident agreed.
async fn make_code_for(State(state): State<AppState>, staff: Staff, pairs: FormPairs) -> AppResult {
    let for_id = pairs.get("for").parse::<i64>().ok();
    let resident = match crate::applications::access::acting_for(&*state.store, &staff.user, for_id).await? {
        Some((p, "staff")) => p,
        _ => return Err(AppError::NotFound),
    };
    let page = format!("/work/kiosk-code?for={}", resident.id);
    let mut form = FormState::default();
    let how = pairs.get("consent");
    let (note, _) = crate::applications::access::consent_of_filing("staff", &how, pairs.get("consent_confirmed") == "1", &staff.user.name, &mut form);
    if !form.is_ok() {
        return Err(AppError::invalid(form).on_page(&page));
    }
    let audit = AuditEntry { actor_id: staff.user.id, subject_id: resident.id, action: "kiosk_code_made_for".into(), detail: note };
    let token = make_code(&state, resident.id, Some((&staff, audit))).await?;
    // The resident hears of it however they chose to be told: a session was opened in their name.
    let told = Message::new("notice-kiosk-code-made-for").with("name", &staff.user.name);
    let notices = crate::applications::steps::notices(&*state.store, &[resident.id], "kiosk_code", &told).await?;
    state.store.notify(&notices, "/me/data", state.now()).await?;
    Ok(Redirect::to(&format!("{page}&t={token}")).into_response())
}

/// POST `/kiosk/sign-in`: the code as typed (eight digits) or as the camera read it.
async fn sign_in_by_code(State(state): State<AppState>, ClientAddr(addr): ClientAddr, kiosk: Option<Extension<Kiosk>>, headers: HeaderMap, req: Request) -> AppResult {
    let Some(Extension(kiosk)) = kiosk else { return Err(AppError::NotFound) };
    state.limits.check(Limit::KioskCode, addr).await.map_err(|e| e.too_many(FormState::default(), "code").on_page(KIOSK_SIGN_IN))?;
    let pairs = <FormPairs as axum::extract::FromRequest<AppState>>::from_request(req, &state).await?;
    let entered = pairs.get("code");
    finish(&state, &kiosk, addr, &headers, hash_of_entered(&entered), "code", "typed").await
}

/// POST `/kiosk/sign-in/photo`: a photo of the phone's screen from the terminal's camera (the
/// camera input works without JavaScript); the QR in it is read here.
async fn sign_in_by_photo(State(state): State<AppState>, ClientAddr(addr): ClientAddr, kiosk: Option<Extension<Kiosk>>, headers: HeaderMap, req: Request) -> AppResult {
    let Some(Extension(kiosk)) = kiosk else { return Err(AppError::NotFound) };
    state.limits.check(Limit::KioskCode, addr).await.map_err(|e| e.too_many(FormState::default(), "photo").on_page(KIOSK_SIGN_IN))?;
    let upload = Upload::read(req, &state).await?;
    let photo = upload.files.into_iter().find(|f| f.0 == "photo").map(|f| f.2);
    let text = match photo {
        Some(bytes) => {
            let _permit = crate::uploads::image_permit().await;
            tokio::task::spawn_blocking(move || read_qr(&bytes)).await.map_err(|_| AppError::internal("qr reader stopped"))?
        }
        None => None,
    };
    let Some(text) = text else {
        let mut form = FormState::default();
        form.refuse("photo", Message::new("kiosk-qr-unreadable"));
        return Err(AppError::invalid(form).on_page(KIOSK_SIGN_IN));
    };
    finish(&state, &kiosk, addr, &headers, hash_of_entered(&text), "photo", "camera").await
}

/// Uses the code at this terminal and starts the resident's session there (ending whoever was
/// signed in before); an unknown, used or expired code is refused beside `field`.
async fn finish(state: &AppState, kiosk: &Kiosk, addr: std::net::IpAddr, headers: &HeaderMap, hash: Option<String>, field: &str, how: &str) -> AppResult {
    let now = state.now();
    let taken = match hash {
        Some(h) => state.store.take_kiosk_code(&h, &kiosk.community_code, now).await?,
        None => None,
    };
    let Some(code) = taken else {
        let mut form = FormState::default();
        form.refuse(field, Message::new("kiosk-code-unknown"));
        return Err(AppError::invalid(form).on_page(KIOSK_SIGN_IN));
    };
    if let Some(old) = session::session_hash(headers, state.config.secure_cookies) {
        state.store.delete_session(&old).await?;
    }
    let detail = match code.started_by {
        Some(staff) => format!("{how}, made by staff {staff}"),
        None => how.to_string(),
    };
    let actor = code.started_by.unwrap_or(code.user_id);
    state.store.audit(now, Some(actor), Some(code.user_id), "kiosk_signed_in_by_code", &detail).await?;
    start_session(state, headers, NewSession::Fresh { addr, user_id: code.user_id }, "/kiosk").await
}

//! The posts of 用手机拍材料: the terminal makes the handoff (`/kiosk/photo`); the phone sends the
//! photos (`/h/p/{token}`), which go into the resident's wallet and close the handoff together.
use super::photo::{ssr::token_hash, PHOTO_SECONDS};
use super::Kiosk;
use crate::forms::{FormState, Message};
use crate::state::AppState;
use crate::storage::AuditEntry;
use crate::uploads::Upload;
use crate::web::{AppError, AppResult, ClientAddr, CurrentUser, FormPairs, Limit};
use axum::extract::{Path, Request, State};
use axum::response::{IntoResponse, Redirect};
use axum::routing::post;
use axum::{Extension, Router};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/kiosk/photo", post(hand_over))
        .route("/h/p/{token}", crate::uploads::uploads(receive))
}

/// POST `/kiosk/photo`: the signed-in resident at a terminal wants to photograph a material
/// (`kind`) with their phone; the terminal then shows the QR, with the way back to the form.
async fn hand_over(State(state): State<AppState>, kiosk: Option<Extension<Kiosk>>, user: CurrentUser, pairs: FormPairs) -> AppResult {
    let Some(Extension(kiosk)) = kiosk else { return Err(AppError::NotFound) };
    let kind: String = pairs.get("kind").chars().take(40).collect();
    if kind.is_empty() || !kind.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        return Err(AppError::NotFound);
    }
    let back = pairs.get("back");
    let back = if crate::components::is_same_site_path(&back) { back } else { "/kiosk".to_string() };
    let token = crate::secrets::random_token();
    let now = state.now();
    state.store.create_photo_handoff(&token_hash(&token), kiosk.id, user.id, &kind, now, now + PHOTO_SECONDS).await?;
    Ok(Redirect::to(&format!("/kiosk/photo?t={token}&back={}", crate::components::encode_query(&back))).into_response())
}

/// POST `/h/p/{token}`: the phone's photos, cleaned like every upload, into the wallet; the
/// handoff is then used up. Whoever holds the token can only add photos, never read anything.
async fn receive(State(state): State<AppState>, ClientAddr(addr): ClientAddr, Path(token): Path<String>, req: Request) -> AppResult {
    let page = format!("/h/p/{token}");
    state.limits.check(Limit::KioskCode, addr).await.map_err(|e| e.too_many(FormState::default(), "photo").on_page(&page))?;
    let hash = token_hash(&token);
    let Some((owner, kind)) = state.store.photo_handoff(&hash, state.now()).await? else { return Err(AppError::NotFound) };
    let upload = Upload::read(req, &state).await?;
    let mut form = FormState::default();
    let too_large = upload.problems.contains_key("photo");
    let chosen: Vec<(String, String, Vec<u8>)> = upload.files.into_iter().filter(|f| f.0 == "photo").map(|(_, name, bytes)| (kind.clone(), name, bytes)).collect();
    if chosen.is_empty() || too_large {
        form.refuse("photo", Message::new("kiosk-photo-choose"));
        return Err(AppError::invalid(form).on_page(&page));
    }
    let written = crate::uploads::store_files(&state, chosen, true, &mut form).await?;
    if let Some(refused) = form.errors.get(&format!("m_{kind}")).cloned() {
        let mut shown = FormState::default();
        shown.refuse("photo", refused);
        return Err(AppError::invalid(shown).on_page(&page));
    }
    let audit = AuditEntry { actor_id: owner, subject_id: owner, action: "wallet_photos_from_phone".into(), detail: format!("{kind} {}", written.len()) };
    if !state.store.hand_over_photos(&hash, &written, &audit, state.now()).await? {
        crate::uploads::discard(&state, &written).await;
        return Err(AppError::NotFound);
    }
    Ok(Redirect::to("/h/photo-received").into_response())
}

//! Serving materials to the people allowed to see them, and the materials wallet (材料库).
use super::access::{file_access, Access};
use crate::state::AppState;
use crate::web::{AppError, AppResult, CurrentUser};
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Redirect};

/// GET `/files/{id}` (the file) and `/files/{id}/thumb` (its thumbnail).
pub async fn download(State(state): State<AppState>, user: Option<CurrentUser>, Path(id): Path<i64>) -> AppResult {
    serve(state, user.ok_or(AppError::NotFound)?, id, false).await
}

pub async fn thumbnail(State(state): State<AppState>, user: Option<CurrentUser>, Path(id): Path<i64>) -> AppResult {
    serve(state, user.ok_or(AppError::NotFound)?, id, true).await
}

async fn serve(state: AppState, user: CurrentUser, id: i64, thumb: bool) -> AppResult {
    let store = &*state.store;
    let file = state.opened_files.row(id, store.file(id)).await?.ok_or(AppError::NotFound)?;
    let access = file_access(store, &user.0, &file).await?.ok_or(AppError::NotFound)?;
    // Staff looking at a resident's material is recorded where the resident can read it.
    if access == Access::Officer && !thumb {
        let now = state.now();
        store.audit(now, Some(user.id), Some(file.owner_id), "officer_viewed_file", &file.original_name).await?;
    }
    send_stored(&state, &file, thumb).await
}

/// The bytes of a stored file (or its thumbnail) for someone already allowed to see it.
pub async fn send_stored(state: &AppState, file: &crate::storage::FileRow, thumb: bool) -> AppResult {
    let id = file.id;
    let (name, mime) = match (thumb, &file.thumb_name) {
        (true, Some(t)) => (t.clone(), "image/jpeg".to_string()),
        (true, None) => return Err(AppError::NotFound),
        (false, _) => (file.stored_name.clone(), file.mime.clone()),
    };
    let open = async {
        let stored = state.config.files.get(&name).await.map_err(|e| e.into_app(&format!("file {id}")))?;
        let (keys, name) = (state.config.keys.clone(), name.clone());
        let opened = tokio::task::spawn_blocking(move || keys.open(&name, &stored)).await?;
        opened.map(axum::body::Bytes::from).map_err(|e| AppError::internal(format!("file {id}: {e}")))
    };
    let bytes = state.opened_files.get_or(&name, thumb, file.size, open).await?;
    let disposition = format!("inline; filename*=UTF-8''{}", crate::components::encode_query(&file.original_name));
    let mut res = Body::from(bytes).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_str(&mime).unwrap_or(HeaderValue::from_static("application/octet-stream")));
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    // Personal documents: never in a shared cache; a PDF cannot run script in our origin.
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"));
    Ok(res)
}

/// POST `/me/wallet/{id}/delete`: the resident removes a kept material. Applications that used it
/// keep their copy; when none did, the bytes are deleted too.
pub async fn delete_from_wallet(State(state): State<AppState>, user: Option<CurrentUser>, Path(id): Path<i64>) -> AppResult {
    let user = user.ok_or(AppError::NotFound)?;
    let gone = state.store.remove_from_wallet(user.id, id).await?.ok_or(AppError::NotFound)?;
    state.config.files.remove(&gone).await;
    Ok(Redirect::to("/me/wallet").into_response())
}

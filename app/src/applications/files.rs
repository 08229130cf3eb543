//! Serving materials to the people allowed to see them, and the materials wallet (材料库).
use super::access::{file_access, Access};
use super::uploads;
use crate::forms::{internal, not_found, signed_in};
use crate::state::AppState;
use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};

/// GET `/files/{id}` (the file) and `/files/{id}/thumb` (its thumbnail).
pub async fn download(State(state): State<AppState>, Path(id): Path<i64>, req: Request) -> Response {
    serve(state, id, false, req).await
}

pub async fn thumbnail(State(state): State<AppState>, Path(id): Path<i64>, req: Request) -> Response {
    serve(state, id, true, req).await
}

async fn serve(state: AppState, id: i64, thumb: bool, req: Request) -> Response {
    let (parts, _) = req.into_parts();
    let Some(user) = signed_in(&parts) else { return not_found() };
    let store = &*state.store;
    let file = match store.file(id).await {
        Ok(Some(f)) => f,
        Ok(None) => return not_found(),
        Err(e) => return internal(e),
    };
    let access = match file_access(store, &user.0, &file).await {
        Ok(Some(a)) => a,
        Ok(None) => return not_found(),
        Err(e) => return internal(e),
    };
    // Staff looking at a resident's material is recorded where the resident can read it.
    if access == Access::Officer && !thumb {
        let now = crate::time::now_unix();
        if let Err(e) = store.audit(now, Some(user.0.id), Some(file.owner_id), "officer_viewed_file", &file.original_name).await {
            return internal(e);
        }
    }
    send_stored(&state, &file, thumb).await
}

/// The bytes of a stored file (or its thumbnail) for someone already allowed to see it.
pub async fn send_stored(state: &AppState, file: &crate::storage::FileRow, thumb: bool) -> Response {
    let id = file.id;
    let (name, mime) = match (thumb, &file.thumb_name) {
        (true, Some(t)) => (t.clone(), "image/jpeg".to_string()),
        (true, None) => return not_found(),
        (false, _) => (file.stored_name.clone(), file.mime.clone()),
    };
    let path = uploads::files_dir(&state.config.data_dir).join(&name);
    let bytes = match tokio::fs::read(&path).await {
        Ok(b) => b,
        Err(e) => return internal(format!("file {id} missing on disk: {e}")),
    };
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
    res
}

/// POST `/me/wallet/{id}/delete`: the resident removes a kept material. Applications that used it
/// keep their copy; when none did, the bytes are deleted too.
pub async fn delete_from_wallet(State(state): State<AppState>, Path(id): Path<i64>, req: Request) -> Response {
    let (parts, _) = req.into_parts();
    let Some(user) = signed_in(&parts) else { return not_found() };
    match state.store.remove_from_wallet(user.0.id, id).await {
        Ok(Some(gone)) => {
            uploads::remove_names(&uploads::files_dir(&state.config.data_dir), &gone);
            Redirect::to("/me/wallet").into_response()
        }
        Ok(None) => not_found(),
        Err(e) => internal(e),
    }
}

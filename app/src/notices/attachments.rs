//! A notice's attachments (PDF or image): added to a draft through the upload pipeline (bytes
//! recognised, images re-encoded without EXIF, sealed and fsynced), frozen once it is out, and
//! served to exactly the people who may read the notice.
use super::load::{sight, Publisher};
use super::Attachment;
use crate::forms::{FormState, Message};
use crate::state::AppState;
use crate::storage::FileRow;
use crate::uploads::{discard, store_files, uploads, Upload, MAX_FILES_PER_SLOT};
use crate::web::{AppError, AppResult, CurrentUser};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use axum::Router;

/// The field the desk's upload form refuses beside.
const FIELD: &str = "attachments";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/work/notices/{id}/attachments", uploads(attach))
        .route("/work/notices/{id}/attachments/{file}/remove", post(remove))
        .route("/notices/{id}/files/{file}", get(download))
        .route("/notices/{id}/files/{file}/thumb", get(thumbnail))
}

/// How the notice page lists a file.
pub fn listed(f: &FileRow) -> Attachment {
    let kind = if f.mime == "application/pdf" { "pdf" } else { "image" };
    let size = if f.size >= 1024 * 1024 { format!("{:.1} MB", f.size as f64 / 1_048_576.0) } else { format!("{} KB", (f.size + 1023) / 1024) };
    Attachment { id: f.id, name: f.original_name.clone(), kind: kind.into(), size }
}

/// The notice, when the asker publishes for its unit; anyone else gets a 404.
async fn own_notice(state: &AppState, user: &CurrentUser, id: i64) -> Result<crate::storage::PublicNoticeRow, AppError> {
    let p = Publisher::of(user).ok_or(AppError::NotFound)?;
    state.store.public_notice(id).await?.filter(|n| p.owns(n)).ok_or(AppError::NotFound)
}

/// POST `/work/notices/{id}/attachments` (multipart `attachments`): up to five files on a draft.
async fn attach(State(state): State<AppState>, user: CurrentUser, Path(id): Path<i64>, upload: Upload) -> AppResult {
    let n = own_notice(&state, &user, id).await?;
    let page = format!("/work/notices/{id}");
    let mut form = FormState::default();
    let chosen: Vec<_> = upload.files_for(FIELD).map(|(_, name, bytes)| ("attachment".to_string(), name.clone(), bytes.clone())).collect();
    let held = state.store.notice_files(id).await?.len();
    if let Some(problem) = upload.problems.get(FIELD) {
        form.refuse(FIELD, problem.message());
    } else if chosen.is_empty() {
        form.refuse(FIELD, Message::new("notice-attach-choose"));
    } else if held + chosen.len() > MAX_FILES_PER_SLOT {
        form.refuse(FIELD, Message::new("notice-attach-at-most").with("n", MAX_FILES_PER_SLOT));
    }
    if n.status != "draft" {
        return Err(AppError::conflict(form).on_page(page));
    }
    if !form.is_ok() {
        return Err(AppError::invalid(form).on_page(page));
    }
    let mut slot = FormState::default();
    let files = store_files(&state, chosen, false, &mut slot).await?;
    if let Some(e) = slot.errors.into_values().next() {
        form.refuse(FIELD, e);
        return Err(AppError::invalid(form).on_page(page));
    }
    // The draft may have been published, or filled, since the check above: nothing is kept then.
    if !state.store.attach_notice_files(id, user.id, &files, MAX_FILES_PER_SLOT as i64, state.now()).await? {
        discard(&state, &files).await;
        return Err(AppError::conflict(FormState::default()).on_page(page));
    }
    Ok(Redirect::to(&page).into_response())
}

/// POST `/work/notices/{id}/attachments/{file}/remove`: only while it is a draft.
async fn remove(State(state): State<AppState>, user: CurrentUser, Path((id, file)): Path<(i64, i64)>) -> AppResult {
    own_notice(&state, &user, id).await?;
    let gone = state.store.detach_notice_file(id, file).await?.ok_or(AppError::NotFound)?;
    state.config.files.remove(&gone).await;
    Ok(Redirect::to(&format!("/work/notices/{id}")).into_response())
}

async fn download(state: State<AppState>, user: Option<CurrentUser>, path: Path<(i64, i64)>) -> AppResult {
    send(state, user, path, false).await
}

async fn thumbnail(state: State<AppState>, user: Option<CurrentUser>, path: Path<(i64, i64)>) -> AppResult {
    send(state, user, path, true).await
}

/// The file, to whoever may read the notice (signed out too, for a district-wide one).
async fn send(State(state): State<AppState>, user: Option<CurrentUser>, Path((id, file)): Path<(i64, i64)>, thumb: bool) -> AppResult {
    let n = state.store.public_notice(id).await?.ok_or(AppError::NotFound)?;
    sight(&*state.store, user.as_deref(), &n).await?.ok_or(AppError::NotFound)?;
    let f = state.store.notice_files(id).await?.into_iter().find(|f| f.id == file).ok_or(AppError::NotFound)?;
    crate::applications::files::send_stored(&state, &f, thumb).await
}

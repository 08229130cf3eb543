//! Uploads, shared by applications, feedback and the marketplace: the multipart form (read only
//! once the asker is known), the route helper that declares its size limit in one place, and the
//! durable, cleaned files behind them.
pub mod backend;
pub mod files;
mod form;
mod opened;

pub use backend::{FileStore, FileStoreError, S3Settings};
pub use files::*;
pub use form::{uploads, Upload, UPLOAD_REQUEST_LIMIT};
pub use opened::OpenedFiles;

use crate::forms::{FormState, Message};
use crate::state::AppState;
use crate::storage::NewFile;
use crate::web::{AppError, AppResult};

/// Recognises, cleans and durably writes every chosen `(slot, file name, bytes)`; a bad file
/// refuses its slot (`m_{slot}`) and removes whatever was already written.
pub async fn store_files(
    state: &AppState,
    chosen: Vec<(String, String, Vec<u8>)>,
    keep: bool,
    form: &mut FormState,
) -> AppResult<Vec<NewFile>> {
    let files = &state.config.files;
    let mut written: Vec<NewFile> = Vec::new();
    for (slot, name, bytes) in chosen {
        metrics::counter!("linli_upload_bytes_total").increment(bytes.len() as u64);
        // Decoding a phone photo takes tens of MB for a moment; at most one per core at a time.
        let _permit = image_permit().await;
        let prepared = tokio::task::spawn_blocking(move || prepare(&bytes)).await?;
        match prepared {
            Ok(p) => match write_durably(files, &state.config.keys, p, &name, &slot, keep && slot != "result").await {
                Ok(file) => written.push(file),
                Err(e) => {
                    // Nothing of this submission is kept: it is refused whole, to be sent again.
                    tracing::error!(error = %e, "materials could not be stored");
                    discard(state, &written).await;
                    form.notice = Some(Message::new("upload-storage-unavailable"));
                    return Err(AppError::unavailable(form.clone()));
                }
            },
            Err(p) => {
                let file: String = name.chars().take(40).collect();
                form.refuse(&format!("m_{slot}"), Message::new("upload-file-refused").with("file", file).with("problem", p.message()))
            }
        }
    }
    if !form.is_ok() {
        discard(state, &written).await;
    }
    Ok(written)
}

/// A refused upload form: the browser cannot be given its files back, so the page says to choose
/// them again.
pub fn choose_again(upload: &Upload, mut form: FormState) -> FormState {
    if !upload.files.is_empty() {
        form.notice = Some(Message::new("uploads-for-your-privacy-please-choose-your"));
    }
    form
}

/// Removes files written for a submission that was then refused.
pub async fn discard(state: &AppState, files: &[NewFile]) {
    let names: Vec<String> = files.iter().flat_map(|f| std::iter::once(f.stored_name.clone()).chain(f.thumb_name.clone())).collect();
    state.config.files.remove(&names).await;
}

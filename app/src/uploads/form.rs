//! The multipart form of an upload route. `Upload` is a body extractor that first checks the
//! session (the middleware has resolved it from the headers) and refuses a stranger before a
//! byte of the body is read; it is the last argument of its handler, after the user extractor,
//! so the order holds by construction too.
use super::files::{UploadProblem, MAX_FILE_BYTES};
use crate::web::{AppError, CurrentUser};
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Request};
use axum::handler::Handler;
use axum::http::StatusCode;
use axum::routing::{post, MethodRouter};
use std::collections::BTreeMap;

/// Upper bound of one upload request (several 10 MB files); each file's size is checked while
/// it streams in. Every other request body is held to the router's 1 MB default.
pub const UPLOAD_REQUEST_LIMIT: usize = 80 * 1024 * 1024;

/// Text fields are small; a larger one means the form is not ours.
const TEXT_LIMIT: usize = 8 * 1024;

/// A POST route that takes files: the one place an upload's body limit is declared.
pub fn uploads<H, T, S>(handler: H) -> MethodRouter<S>
where
    H: Handler<T, S>,
    T: 'static,
    S: Clone + Send + Sync + 'static,
{
    post(handler).layer(DefaultBodyLimit::max(UPLOAD_REQUEST_LIMIT))
}

/// A parsed multipart form: text values (repeatable) and files, with per-field read problems.
#[derive(Default)]
pub struct Upload {
    pub texts: BTreeMap<String, Vec<String>>,
    pub files: Vec<(String, String, Vec<u8>)>,
    pub problems: BTreeMap<String, UploadProblem>,
    /// This upload's share of the memory uploads may hold at once, given back when it is dropped.
    _memory: Option<tokio::sync::OwnedSemaphorePermit>,
}

/// Megabytes that upload bodies being read and handled may hold at once on this server
/// (`LINLI_UPLOAD_MEMORY_MB`, default 256). A thousand residents sending two phone photos at
/// once would otherwise hold gigabytes; past the budget, an upload waits (its bytes stay in the
/// client and the kernel) until earlier ones are done, within the upload deadline.
fn upload_memory() -> std::sync::Arc<tokio::sync::Semaphore> {
    static BUDGET: std::sync::OnceLock<std::sync::Arc<tokio::sync::Semaphore>> = std::sync::OnceLock::new();
    BUDGET
        .get_or_init(|| {
            let mb = std::env::var("LINLI_UPLOAD_MEMORY_MB").ok().and_then(|v| v.parse::<usize>().ok()).unwrap_or(256);
            std::sync::Arc::new(tokio::sync::Semaphore::new(mb.max(UPLOAD_REQUEST_LIMIT >> 20)))
        })
        .clone()
}

/// The megabytes an upload is charged: its declared length (or the most any upload may be).
fn charge(req: &Request) -> u32 {
    let declared = req.headers().get(axum::http::header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<usize>().ok());
    let bytes = declared.unwrap_or(UPLOAD_REQUEST_LIMIT).min(UPLOAD_REQUEST_LIMIT);
    (bytes >> 20).max(1) as u32
}

impl Upload {
    pub fn text(&self, name: &str) -> String {
        self.texts.get(name).and_then(|v| v.first()).map(|s| s.trim().to_string()).unwrap_or_default()
    }
    pub fn list(&self, name: &str) -> Vec<String> {
        self.texts.get(name).cloned().unwrap_or_default()
    }
    pub fn ids(&self, name: &str) -> Vec<i64> {
        self.texts.get(name).map(|v| v.iter().filter_map(|s| s.trim().parse().ok()).collect()).unwrap_or_default()
    }
    pub fn files_for<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a (String, String, Vec<u8>)> + 'a {
        self.files.iter().filter(move |f| f.0 == name)
    }
}

impl<S: Send + Sync> FromRequest<S> for Upload {
    type Rejection = AppError;
    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        if req.extensions().get::<CurrentUser>().is_none() {
            return Err(AppError::sign_in());
        }
        Upload::read(req, state).await
    }
}

impl Upload {
    /// Reads a multipart body without asking who sent it: for clients that prove themselves in
    /// the body (an Open311 key), after their per-address limit.
    pub async fn read<S: Send + Sync>(req: Request, state: &S) -> Result<Self, AppError> {
        let malformed = |_| AppError::Malformed(StatusCode::BAD_REQUEST);
        let memory = upload_memory().acquire_many_owned(charge(&req)).await.expect("the budget is never closed");
        let mut multipart = Multipart::from_request(req, state).await.map_err(|_| AppError::Malformed(StatusCode::BAD_REQUEST))?;
        let mut upload = Upload { _memory: Some(memory), ..Upload::default() };
        while let Some(mut field) = multipart.next_field().await.map_err(malformed)? {
            let name = field.name().unwrap_or_default().to_string();
            let file_name = field.file_name().map(str::to_string);
            let limit = if file_name.is_some() { MAX_FILE_BYTES } else { TEXT_LIMIT };
            let mut bytes = Vec::new();
            let mut too_large = false;
            while let Some(chunk) = field.chunk().await.map_err(malformed)? {
                if bytes.len() + chunk.len() > limit {
                    too_large = true; // keep reading so the browser gets our answer, not a reset
                    continue;
                }
                bytes.extend_from_slice(&chunk);
            }
            match file_name {
                // An empty file input arrives as a part with no name and no bytes.
                Some(f) if f.is_empty() && bytes.is_empty() && !too_large => {}
                Some(_) if too_large => {
                    upload.problems.insert(name, UploadProblem::TooLarge);
                }
                Some(f) => upload.files.push((name, f, bytes)),
                None if too_large => return Err(AppError::Malformed(StatusCode::PAYLOAD_TOO_LARGE)),
                None => upload.texts.entry(name).or_default().push(String::from_utf8_lossy(&bytes).into_owned()),
            }
        }
        Ok(upload)
    }
}

//! Photo questions: the answer form arrives as a plain form, or as multipart when the
//! questionnaire asks for a photo (`AnswerForm` takes either, once the asker is known); each
//! photo goes through the upload pipeline and is served to the person it is about, a relative
//! they authorised, and the owning unit (a look that is audited).
use super::questions::{Kind, Question, PHOTO_GIVEN};
use crate::forms::{FormState, Message};
use crate::notices::load::Publisher;
use crate::state::AppState;
use crate::storage::{NewFile, SurveyPhoto};
use crate::uploads::{sniff, store_files, Sniffed, Upload, UploadProblem};
use crate::web::{AppError, AppResult, CurrentUser, FormPairs};
use axum::extract::{FromRequest, Path, Request, State};
use axum::http::header;
use axum::routing::get;
use axum::Router;
use std::collections::BTreeMap;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/surveys/{id}/photos/{file}", get(download))
        .route("/surveys/{id}/photos/{file}/thumb", get(thumbnail))
}

/// An answer form: its fields, and the photos chosen (multipart only).
pub struct AnswerForm {
    pub pairs: FormPairs,
    pub files: Vec<(String, String, Vec<u8>)>,
    pub problems: BTreeMap<String, UploadProblem>,
}

impl<S: Send + Sync> FromRequest<S> for AnswerForm {
    type Rejection = AppError;
    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        let multipart = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("multipart/"));
        if !multipart {
            let pairs = FormPairs::from_request(req, state).await?;
            return Ok(AnswerForm { pairs, files: Vec::new(), problems: BTreeMap::new() });
        }
        // `Upload` refuses a stranger before reading a byte of the body.
        let upload = Upload::from_request(req, state).await?;
        let pairs = upload.texts.iter().flat_map(|(k, vs)| vs.iter().map(move |v| (k.clone(), v.clone()))).collect();
        Ok(AnswerForm { pairs: FormPairs(pairs), files: upload.files, problems: upload.problems })
    }
}

/// What the form says of each photo question, before anything is written.
pub struct PhotoPlan {
    /// The value `check` sees for each photo question: given (new or kept) or not.
    pub given: BTreeMap<String, Vec<String>>,
    /// A newly chosen photo per question: (question, file name, bytes).
    pub chosen: Vec<(String, String, Vec<u8>)>,
    /// Refusals beside their questions (too large, not a photo, more than one).
    pub refused: Vec<(String, Message)>,
}

/// Reads the photo questions' part of the form against the photos already kept.
pub fn plan(questions: &[Question], form: &AnswerForm, kept: &[SurveyPhoto]) -> PhotoPlan {
    let mut plan = PhotoPlan { given: BTreeMap::new(), chosen: Vec::new(), refused: Vec::new() };
    for q in questions.iter().filter(|q| q.kind == Kind::Photo) {
        let new: Vec<_> = form.files.iter().filter(|f| f.0 == q.id).collect();
        let keeps = kept.iter().any(|p| p.question == q.id) && form.pairs.get(&format!("{}.remove", q.id)) != "1";
        if let Some(problem) = form.problems.get(&q.id) {
            plan.refused.push((q.id.clone(), problem.message()));
        } else if new.len() > 1 {
            plan.refused.push((q.id.clone(), Message::new("survey-one-photo")));
        } else if let Some((_, name, bytes)) = new.first() {
            if matches!(sniff(bytes), None | Some(Sniffed::Pdf)) {
                plan.refused.push((q.id.clone(), Message::new("survey-photo-image-only")));
            } else {
                plan.chosen.push((q.id.clone(), name.clone(), bytes.clone()));
            }
        }
        let given = !new.is_empty() || keeps;
        plan.given.insert(q.id.clone(), if given { vec![PHOTO_GIVEN.to_string()] } else { Vec::new() });
    }
    plan
}

/// Writes the chosen photos (cleaned, sealed, fsynced); a photo the pipeline refuses is
/// refused beside its question and nothing is kept.
pub async fn write(state: &AppState, chosen: Vec<(String, String, Vec<u8>)>, form: &mut FormState) -> AppResult<Vec<(String, NewFile)>> {
    let mut slots = FormState::default();
    let files = store_files(state, chosen, false, &mut slots).await?;
    for (slot, m) in slots.errors {
        form.refuse(slot.trim_start_matches("m_"), m);
    }
    Ok(files.into_iter().map(|f| (f.slot.clone(), f)).collect())
}

async fn download(state: State<AppState>, user: Option<CurrentUser>, path: Path<(i64, i64)>) -> AppResult {
    send(state, user, path, false).await
}

async fn thumbnail(state: State<AppState>, user: Option<CurrentUser>, path: Path<(i64, i64)>) -> AppResult {
    send(state, user, path, true).await
}

/// The photo, to the resident it is about, a relative they authorised, or the owning unit.
async fn send(State(state): State<AppState>, user: Option<CurrentUser>, Path((id, file)): Path<(i64, i64)>, thumb: bool) -> AppResult {
    let user = user.ok_or(AppError::NotFound)?;
    let store = &*state.store;
    let f = store.file(file).await?.filter(|f| f.kind == "survey_photo").ok_or(AppError::NotFound)?;
    let s = store.survey(id).await?.ok_or(AppError::NotFound)?;
    if !store.survey_photos(id, Some(f.owner_id)).await?.iter().any(|p| p.file.id == file) {
        return Err(AppError::NotFound);
    }
    let owning = Publisher::of(&user).is_some_and(|p| p.unit_kind == s.unit_kind && p.unit_code == s.unit_code);
    if !(f.owner_id == user.id || owning || store.is_delegate(f.owner_id, user.id).await?) {
        return Err(AppError::NotFound);
    }
    if owning && !thumb {
        store.audit(state.now(), Some(user.id), Some(f.owner_id), "survey_photo_viewed", &format!("survey {id}")).await?;
    }
    crate::applications::files::send_stored(&state, &f, thumb).await
}

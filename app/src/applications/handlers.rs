//! The resident side's posts: apply (multipart), withdraw, the 10-minute undo, corrections; and
//! the file routes.
use super::access::application_access;
use super::lifecycle::{guard, next, Action, Actor};
use super::{apply, files, steps, Status, UNDO_SECONDS};
use crate::forms::{FormState, Message};
use crate::state::AppState;
use crate::storage::{ApplicationEffects, ApplicationRow, ApplicationStep, AuditEntry};
use crate::uploads::uploads;
use crate::web::{AppError, AppResult, CurrentUser};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use axum::Router;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/services/{code}/apply", uploads(apply::apply))
        .route("/me/applications/{ref_no}/supplement", uploads(apply::supplement))
        .route("/me/applications/{ref_no}/withdraw", post(withdraw))
        .route("/me/applications/{ref_no}/undo", post(undo))
        .route("/files/{id}", get(files::download))
        .route("/files/{id}/thumb", get(files::thumbnail))
        .route("/me/wallet/{id}/delete", post(files::delete_from_wallet))
}

/// The application, if the signed-in person may act for its applicant (else a 404).
pub async fn for_applicant(state: &AppState, user: &CurrentUser, ref_no: &str) -> AppResult<ApplicationRow> {
    let app = state.store.application_by_ref(ref_no).await?.ok_or(AppError::NotFound)?;
    match application_access(&*state.store, &user.0, &app).await? {
        Some(a) if a.speaks_for_applicant() => Ok(app),
        _ => Err(AppError::NotFound),
    }
}

async fn withdraw(state: State<AppState>, user: Option<CurrentUser>, path: Path<String>) -> AppResult {
    give_up(state, user.ok_or(AppError::NotFound)?, path, false).await
}

async fn undo(state: State<AppState>, user: Option<CurrentUser>, path: Path<String>) -> AppResult {
    give_up(state, user.ok_or(AppError::NotFound)?, path, true).await
}

/// Withdrawing (before the department accepts) and the one-tap undo (within 10 minutes of
/// submitting, whatever has happened since) both end the application.
async fn give_up(State(state): State<AppState>, user: CurrentUser, Path(ref_no): Path<String>, is_undo: bool) -> AppResult {
    let store = &*state.store;
    let app = for_applicant(&state, &user, &ref_no).await?;
    let now = state.now();
    let page = format!("/me/applications/{ref_no}");
    let (action, kind) = if is_undo { (Action::Undo, "undone") } else { (Action::Withdraw, "withdrawn") };
    let from = guard(action, Actor::Applicant);
    let too_late = is_undo && now > app.submitted_at + UNDO_SECONDS;
    let allowed = !too_late && Status::parse(&app.status).is_some_and(|s| next(s, action, Actor::Applicant).is_ok());
    if !allowed {
        let mut form = FormState::default();
        form.notice = Some(Message::new("applications-can-no-longer-be-withdrawn"));
        return Err(AppError::conflict(form).on_page(page));
    }
    let result = async {
        let mut ids = steps::applicant_circle(store, app.applicant_id).await?;
        if let Some(h) = app.handler_id {
            ids.push(h);
        }
        let told = Message::new("notice-application-withdrawn").with("ref", &ref_no).with_names("service", &app.service_name, &app.service_name_en);
        let notices = steps::notices(store, &ids, kind, &told).await?;
        let audit = (user.id != app.applicant_id)
            .then(|| AuditEntry { actor_id: user.id, subject_id: app.applicant_id, action: format!("{kind}_for"), detail: ref_no.clone() })
            .into_iter()
            .collect();
        let step = ApplicationStep {
            notices,
            audit,
            effects: ApplicationEffects {
                finished: true,
                also_waiting: true,
                follow_ons: super::follow::follow_ons(&state, &app, Some("withdrawn")).await?,
                ..Default::default()
            },
            ..ApplicationStep::new(app.id, from, Some("withdrawn"), kind).by(user.id)
        };
        store.transition(&step, now).await
    }
    .await;
    if !result? {
        let mut form = FormState::default();
        form.notice = Some(Message::new("applications-this-application-just-changed-see-its"));
        return Err(AppError::conflict(form).on_page(page));
    }
    Ok(Redirect::to(&page).into_response())
}

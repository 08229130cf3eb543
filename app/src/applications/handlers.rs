//! The resident side's posts: apply (multipart), withdraw, the 10-minute undo, corrections; and
//! the file routes.
use super::access::application_access;
use super::{apply, files, steps, Status, UNDO_SECONDS};
use crate::forms::{internal, lang_of, not_found, render_at, signed_in, FormState};
use crate::prefs::Lang;
use crate::state::AppState;
use crate::storage::{AuditEntry, Transition};
use axum::extract::{DefaultBodyLimit, Path, Request, State};
use crate::storage::{ApplicationRow, UserRecord};
use axum::http::{request::Parts, StatusCode};
use std::sync::Arc;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;

/// Upper bound of one upload request (several 10 MB files); the size of each file is checked
/// while it streams in.
pub const UPLOAD_REQUEST_LIMIT: usize = 80 * 1024 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/services/{code}/apply", post(apply::apply).layer(DefaultBodyLimit::max(UPLOAD_REQUEST_LIMIT)))
        .route("/me/applications/{ref_no}/supplement", post(apply::supplement).layer(DefaultBodyLimit::max(UPLOAD_REQUEST_LIMIT)))
        .route("/me/applications/{ref_no}/withdraw", post(withdraw))
        .route("/me/applications/{ref_no}/undo", post(undo))
        .route("/files/{id}", get(files::download))
        .route("/files/{id}/thumb", get(files::thumbnail))
        .route("/me/wallet/{id}/delete", post(files::delete_from_wallet))
}

/// Whether a POST to `path` may carry uploads (the router's body limit asks).
pub fn is_upload_path(path: &str) -> bool {
    (path.starts_with("/services/") && path.ends_with("/apply"))
        || (path.starts_with("/me/applications/") && path.ends_with("/supplement"))
        || (path.starts_with("/work/") && path.ends_with("/approve"))
        || path == "/feedback/new"
        || crate::market::handlers::is_upload_path(path)
}

/// The application, if the signed-in person may act for its applicant (else a 404).
pub async fn for_applicant(state: &AppState, parts: &Parts, ref_no: &str) -> Result<(Arc<UserRecord>, ApplicationRow), Response> {
    let Some(user) = signed_in(parts) else { return Err(not_found()) };
    let app = match state.store.application_by_ref(ref_no).await {
        Ok(Some(a)) => a,
        Ok(None) => return Err(not_found()),
        Err(e) => return Err(internal(e)),
    };
    match application_access(&*state.store, &user.0, &app).await {
        Ok(Some(a)) if a.speaks_for_applicant() => Ok((user.0, app)),
        Ok(_) => Err(not_found()),
        Err(e) => Err(internal(e)),
    }
}

async fn withdraw(state: State<AppState>, path: Path<String>, req: Request) -> Response {
    give_up(state, path, req, false).await
}

async fn undo(state: State<AppState>, path: Path<String>, req: Request) -> Response {
    give_up(state, path, req, true).await
}

/// Withdrawing (before the department accepts) and the one-tap undo (within 10 minutes of
/// submitting, whatever has happened since) both end the application.
async fn give_up(State(state): State<AppState>, Path(ref_no): Path<String>, req: Request, is_undo: bool) -> Response {
    let (parts, _) = req.into_parts();
    let lang = lang_of(&parts);
    let store = &*state.store;
    let (user, app) = match for_applicant(&state, &parts, &ref_no).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let now = crate::time::now_unix();
    let page = format!("/me/applications/{ref_no}");
    let (from, kind): (&'static [&'static str], &str) = if is_undo {
        (&["submitted", "accepted", "correction"], "undone")
    } else {
        (&["submitted", "correction"], "withdrawn")
    };
    let too_late = is_undo && now > app.submitted_at + UNDO_SECONDS;
    let allowed = !too_late && Status::parse(&app.status).map(|s| from.contains(&s.as_str())).unwrap_or(false);
    if !allowed {
        let mut form = FormState::default();
        form.notice = Some(if lang == Lang::En {
            "It can no longer be withdrawn: the 10 minutes have passed or the department has accepted it.".into()
        } else {
            "已无法撤回：已超过 10 分钟，或部门已受理。".into()
        });
        return render_at(state, parts, &page, form, StatusCode::CONFLICT).await;
    }
    let result = async {
        let mut ids = steps::applicant_circle(store, app.applicant_id).await?;
        if let Some(h) = app.handler_id {
            ids.push(h);
        }
        let notices = steps::notices(store, &ids, kind,
            &format!("申请 {ref_no}（{}）已撤回。", app.service_name),
            &format!("Application {ref_no} ({}) was withdrawn.", app.service_name_en)).await?;
        let audit = (user.id != app.applicant_id)
            .then(|| AuditEntry { actor_id: user.id, subject_id: app.applicant_id, action: format!("{kind}_for"), detail: ref_no.clone() })
            .into_iter()
            .collect();
        let step = Transition {
            application_id: app.id,
            from,
            to: Some("withdrawn"),
            actor_id: Some(user.id),
            event_kind: kind.into(),
            finished: true,
            notices,
            audit,
            ..Default::default()
        };
        store.transition(&step, now).await
    }
    .await;
    match result {
        Ok(true) => Redirect::to(&page).into_response(),
        Ok(false) => {
            let mut form = FormState::default();
            form.notice = Some(if lang == Lang::En { "This application just changed; see its latest state.".into() } else { "此申请刚刚已有变化，请查看最新状态。".into() });
            render_at(state, parts, &page, form, StatusCode::CONFLICT).await
        }
        Err(e) => internal(e),
    }
}

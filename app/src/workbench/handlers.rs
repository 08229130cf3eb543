//! The officer's actions on a case. Each is one guarded transition: if two officers act at once,
//! one wins and the other sees the case as it now is.
use crate::applications::access::{application_access, Access};
use crate::applications::lifecycle::{guard, Action, Actor::Officer, TABLE};
use crate::applications::steps;
use crate::forms::{Message, FormState};
use crate::state::AppState;
use crate::storage::{ApplicationEffects, ApplicationRow, ApplicationStep, AuditEntry, NewFile, UserRecord};
use crate::uploads::{discard, store_files, uploads, Upload};
use crate::web::{AppError, AppResult, CurrentUser, FormPairs};
use axum::extract::{FromRequest, Path, Request, State};
use axum::response::{IntoResponse, Redirect};
use axum::routing::post;
use axum::Router;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/work/{ref_no}/accept", post(accept))
        .route("/work/{ref_no}/correct", post(correct))
        .route("/work/{ref_no}/approve", uploads(approve))
        .route("/work/{ref_no}/reject", post(reject))
        .route("/work/{ref_no}/transfer", post(transfer))
        .route("/work/{ref_no}/note", post(note))
}

/// The case, if this officer's department handles it (anyone else: 404).
async fn case_for(state: &AppState, user: Option<CurrentUser>, ref_no: &str) -> AppResult<(CurrentUser, ApplicationRow)> {
    let user = user.ok_or(AppError::NotFound)?;
    let store = &*state.store;
    let app = store.application_by_ref(ref_no).await?.ok_or(AppError::NotFound)?;
    match application_access(store, &user.0, &app).await? {
        Some(Access::Officer) => Ok((user, app)),
        _ => Err(AppError::NotFound),
    }
}

/// A note from the text box, or else the chosen reply template's text.
async fn note_or_template(state: &AppState, app: &ApplicationRow, pairs: &FormPairs, name: &str) -> AppResult<String> {
    let typed = pairs.get(name);
    if !typed.is_empty() {
        return Ok(typed.chars().take(2000).collect());
    }
    let chosen = pairs.get(&format!("{name}_template"));
    if chosen.is_empty() {
        return Ok(String::new());
    }
    let templates = state.store.reply_templates(&app.department_code).await?;
    Ok(templates.into_iter().find(|t| t.id.to_string() == chosen).map(|t| t.body).unwrap_or_default())
}

struct Outcome<'a> {
    state: AppState,
    app: &'a ApplicationRow,
    officer: &'a UserRecord,
}

impl Outcome<'_> {
    async fn apply(self, mut step: ApplicationStep, told: Option<Message>, files: &[NewFile]) -> AppResult {
        let store = &*self.state.store;
        let page = format!("/work/{}", self.app.ref_no);
        step.id = self.app.id;
        step.actor_id = Some(self.officer.id);
        let result = async {
            if let Some(told) = told {
                let circle = steps::applicant_circle(store, self.app.applicant_id).await?;
                step.notices.extend(steps::notices(store, &circle, step.event_kind, &told).await?);
            }
            step.effects.follow_ons = crate::applications::follow::follow_ons(&self.state, self.app, step.to).await?;
            store.transition(&step, self.state.now()).await
        }
        .await;
        match result {
            Ok(true) => Ok(Redirect::to(&page).into_response()),
            Ok(false) => {
                discard(&self.state, files).await;
                let mut form = FormState::default();
                form.notice = Some(Message::new("workbench-the-case-has-changed"));
                Err(AppError::conflict(form).on_page(page))
            }
            Err(e) => {
                discard(&self.state, files).await;
                Err(e.into())
            }
        }
    }
}

/// An officer's step, guarded and led by the lifecycle table; `Outcome::apply` names the case.
fn officer_step(action: Action, event_kind: &'static str, note: String) -> ApplicationStep {
    let to = TABLE.rule(action, Officer).and_then(|r| r.to).map(|s| s.as_str());
    ApplicationStep::new(0, guard(action, Officer), to, event_kind).note(note)
}

/// The case page drawn again with `message` beside `field` (422).
fn refuse(ref_no: &str, field: &str, message: Message) -> AppError {
    let mut form = FormState::default();
    form.refuse(field, message);
    AppError::invalid(form).on_page(format!("/work/{ref_no}"))
}

async fn accept(State(state): State<AppState>, user: Option<CurrentUser>, Path(ref_no): Path<String>) -> AppResult {
    let (officer, app) = case_for(&state, user, &ref_no).await?;
    let effects = ApplicationEffects { handler_id: Some(officer.id), ..Default::default() };
    let step = officer_step(Action::Accept, "accepted", String::new()).effects(effects);
    let told = Message::new("notice-application-accepted").with("ref", &ref_no).with_names("service", &app.service_name, &app.service_name_en)
        .with("deadline", &app.deadline);
    Outcome { state, app: &app, officer: &officer }.apply(step, Some(told), &[]).await
}

async fn correct(State(state): State<AppState>, user: Option<CurrentUser>, Path(ref_no): Path<String>, pairs: FormPairs) -> AppResult {
    let (officer, app) = case_for(&state, user, &ref_no).await?;
    if app.corrections_asked > 0 {
        return Err(refuse(&ref_no, "correct_items", Message::new("workbench-corrections-may-be-asked-once-only")));
    }
    let items = pairs.all("items");
    if items.is_empty() || items.iter().any(|i| i.contains(',') || i.len() > 40) {
        return Err(refuse(&ref_no, "correct_items", Message::new("workbench-tick-every-material-or-detail-to")));
    }
    let text = note_or_template(&state, &app, &pairs, "correct_note").await?;
    if text.is_empty() {
        return Err(refuse(&ref_no, "correct_note", Message::new("workbench-say-exactly-what-to-correct-a")));
    }
    let effects = ApplicationEffects { handler_id: Some(officer.id), ask_correction: Some((text.clone(), items.join(","))), ..Default::default() };
    let step = officer_step(Action::AskCorrection, "correction", text.clone()).effects(effects);
    let told = Message::new("notice-application-correction").with("ref", &ref_no).with("note", &text);
    Outcome { state, app: &app, officer: &officer }.apply(step, Some(told), &[]).await
}

async fn approve(State(state): State<AppState>, user: Option<CurrentUser>, Path(ref_no): Path<String>, req: Request) -> AppResult {
    let (officer, app) = case_for(&state, user, &ref_no).await?;
    // Only now, for the officer of this case, is the body read.
    let upload = Upload::from_request(req, &state).await?;
    let pairs = FormPairs(upload.texts.iter().flat_map(|(k, vs)| vs.iter().map(move |v| (k.clone(), v.clone()))).collect());
    let text = note_or_template(&state, &app, &pairs, "approve_note").await?;
    if text.is_empty() {
        return Err(refuse(&ref_no, "approve_note", Message::new("workbench-write-the-result-note-a-template")));
    }
    if let Some(p) = upload.problems.get("m_result") {
        return Err(refuse(&ref_no, "m_result", p.message()));
    }
    // The facts an e-certificate states are checked before any file is kept.
    let mut form = FormState::default();
    let spec = crate::certificates::issue::spec_of(&*state.store, &app.service_code).await?;
    let facts = spec.as_ref().map(|s| crate::certificates::issue::stated_facts(s, |name| pairs.get(name), &mut form));
    if !form.is_ok() {
        return Err(AppError::invalid(form).on_page(format!("/work/{ref_no}")));
    }
    let chosen: Vec<(String, String, Vec<u8>)> =
        upload.files_for("m_result").take(1).map(|(_, name, bytes)| ("result".to_string(), name.clone(), bytes.clone())).collect();
    let files = store_files(&state, chosen, false, &mut form).await?;
    if !form.is_ok() {
        return Err(AppError::invalid(form).on_page(format!("/work/{ref_no}")));
    }
    let certificate = match (spec, facts) {
        (Some(spec), Some(facts)) => Some(crate::certificates::issue::for_approval(&state, &app, &spec, facts).await?),
        _ => None,
    };
    let told = match &certificate {
        Some(_) => Message::new("notice-application-approved-certificate"),
        None => Message::new("notice-application-approved"),
    };
    let told = told.with("ref", &ref_no).with_names("service", &app.service_name, &app.service_name_en);
    let effects = ApplicationEffects { result_note: Some(text.clone()), finished: true, new_files: files.clone(), certificate, ..Default::default() };
    let step = officer_step(Action::Approve, "approved", text).effects(effects);
    Outcome { state, app: &app, officer: &officer }.apply(step, Some(told), &files).await
}

async fn reject(State(state): State<AppState>, user: Option<CurrentUser>, Path(ref_no): Path<String>, pairs: FormPairs) -> AppResult {
    let (officer, app) = case_for(&state, user, &ref_no).await?;
    let text = note_or_template(&state, &app, &pairs, "reject_note").await?;
    if text.chars().count() < 4 {
        return Err(refuse(&ref_no, "reject_note", Message::new("workbench-state-the-reason-and-its-basis")));
    }
    let effects = ApplicationEffects { result_note: Some(text.clone()), finished: true, ..Default::default() };
    let step = officer_step(Action::Reject, "rejected", text.clone()).effects(effects);
    let told = Message::new("notice-application-rejected").with("ref", &ref_no).with("note", &text);
    Outcome { state, app: &app, officer: &officer }.apply(step, Some(told), &[]).await
}

async fn transfer(State(state): State<AppState>, user: Option<CurrentUser>, Path(ref_no): Path<String>, pairs: FormPairs) -> AppResult {
    let (officer, app) = case_for(&state, user, &ref_no).await?;
    let target = pairs.get("department");
    let depts = state.store.departments().await?;
    let Some(dept) = depts.into_iter().find(|d| d.code == target && d.code != app.department_code) else {
        return Err(refuse(&ref_no, "department", Message::new("workbench-choose-the-receiving-department")));
    };
    let reason = note_or_template(&state, &app, &pairs, "transfer_note").await?;
    if reason.is_empty() {
        return Err(refuse(&ref_no, "transfer_note", Message::new("workbench-give-the-reason-for-the-transfer")));
    }
    let receiving: Vec<i64> = state.store.officers(&dept.code, false).await?.iter().map(|o| o.id).collect();
    let incoming = Message::new("notice-application-transferred-in").with("ref", &ref_no).with_names("service", &app.service_name, &app.service_name_en);
    let mut notices = steps::notices(&*state.store, &receiving, "new_case", &incoming).await?;
    notices.retain(|n| n.user_id != officer.id);
    let effects = ApplicationEffects { department_code: Some(dept.code.clone()), ..Default::default() };
    let step = ApplicationStep { notices, ..officer_step(Action::Transfer, "transferred", format!("{reason} → {}", dept.name)).effects(effects) };
    let told = Message::new("notice-application-transferred").with("ref", &ref_no).with_names("department", &dept.name, &dept.name_en).with("note", &reason);
    Outcome { state, app: &app, officer: &officer }.apply(step, Some(told), &[]).await
}

async fn note(State(state): State<AppState>, user: Option<CurrentUser>, Path(ref_no): Path<String>, pairs: FormPairs) -> AppResult {
    let (officer, app) = case_for(&state, user, &ref_no).await?;
    let text = note_or_template(&state, &app, &pairs, "private_note").await?;
    if text.is_empty() {
        return Err(refuse(&ref_no, "private_note", Message::new("workbench-the-note-is-empty")));
    }
    // A note may be added in any state.
    let audit = vec![AuditEntry { actor_id: officer.id, subject_id: app.applicant_id, action: "officer_note".into(), detail: ref_no.clone() }];
    let step = ApplicationStep { audit, ..officer_step(Action::Note, "note", text).effects(ApplicationEffects { private: true, ..Default::default() }) };
    Outcome { state, app: &app, officer: &officer }.apply(step, None, &[]).await
}

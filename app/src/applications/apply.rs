//! The multipart posts that carry materials: applying, and supplying corrections. Everything is
//! checked before anything is written; files are fsynced before the rows that name them are
//! committed, and only then does the resident see "submitted".
use super::access::acting_for;
use crate::accounts::assurance::ssr::level_of;
use super::steps;
use super::Status;
use super::lifecycle::{Action, Actor};
use crate::catalogue::{ApplyForm, FormField, ServiceDetail};
use crate::forms::{FormState, Message};
use crate::state::AppState;
use crate::storage::{ApplicationRow, AuditEntry, NewApplication, NewFile, Notice, Store, StoreError, StoreResult, ApplicationEffects, ApplicationStep};
use crate::uploads::{choose_again, discard, store_files, Upload, UploadProblem, MAX_FILES_PER_SLOT};
use crate::web::{AppError, AppResult, CurrentUser};
use axum::extract::{FromRequest, Path, Request, State};
use axum::response::{IntoResponse, Redirect};
use std::collections::BTreeMap;

/// Checks one form field; the error message if it is not acceptable.
pub(crate) fn check_field(f: &FormField, value: &str) -> Option<Message> {
    if value.is_empty() {
        return f.required.then(|| Message::new("applications-required"));
    }
    match f.kind.as_str() {
        "number" if value.parse::<u64>().map(|n| n > 100_000_000).unwrap_or(true) => {
            Some(Message::new("applications-enter-a-whole-number-e-g"))
        }
        "date" if steps::parse_day(value).is_none() => Some(Message::new("applications-enter-a-date-e-g-2020")),
        "select" if !f.options.iter().any(|o| o == value) => Some(Message::new("applications-choose-from-the-list")),
        "textarea" if value.chars().count() > 1000 => Some(Message::new("applications-at-most-1000-characters")),
        "text" if value.chars().count() > 100 => Some(Message::new("applications-at-most-100-characters")),
        _ => None,
    }
}

/// What the chosen materials come to: new files to prepare, wallet files reused, and
/// e-certificates given instead of uploads (certificate id, slot).
#[derive(Default)]
pub(crate) struct Chosen {
    pub new_files: Vec<(String, String, Vec<u8>)>,
    pub reused: Vec<(i64, String)>,
    pub certificates: Vec<(i64, String)>,
}

/// Checks the chosen materials of the given slots. A slot is filled by new files, wallet files,
/// or one of the owner's current e-certificates that stands in
/// for it, ticked: their consent.
pub(crate) async fn check_materials(state: &AppState, owner_id: i64, slots: &[(String, bool)], upload: &Upload, form: &mut FormState)
    -> AppResult<Chosen> {
    let wallet = state.store.wallet(owner_id).await?;
    let usable = crate::certificates::issue::usable(state, owner_id).await?;
    let mut out = Chosen::default();
    for (kind, required) in slots {
        let field = format!("m_{kind}");
        let chosen: Vec<_> = upload.files_for(&field).collect();
        let kept: Vec<i64> = upload.ids(&format!("w_{kind}")).into_iter().filter(|id| wallet.iter().any(|w| w.id == *id)).collect();
        let serials = upload.texts.get(&format!("c_{kind}")).cloned().unwrap_or_default();
        let given: Vec<i64> = serials.iter().filter_map(|s| usable.iter().find(|u| &u.kind == kind && &u.row.serial == s)).map(|u| u.row.id).collect();
        if let Some(p) = upload.problems.get(&field) {
            form.refuse(&field, p.message());
        } else if chosen.len() > MAX_FILES_PER_SLOT {
            form.refuse(&field, UploadProblem::TooMany.message());
        } else if given.len() < serials.len() {
            form.refuse(&field, Message::new("applications-that-e-certificate-cannot-be-used"));
        } else if *required && chosen.is_empty() && kept.is_empty() && given.is_empty() {
            form.refuse(&field, Message::new("applications-upload-this-material-or-choose-it"));
        }
        out.new_files.extend(chosen.into_iter().map(|(_, name, bytes)| (kind.clone(), name.clone(), bytes.clone())));
        out.reused.extend(kept.into_iter().map(|id| (id, kind.clone())));
        out.certificates.extend(given.into_iter().map(|id| (id, kind.clone())));
    }
    Ok(out)
}

/// POST `/services/{code}/apply`
pub async fn apply(State(state): State<AppState>, user: CurrentUser, Path(code): Path<String>, upload: Upload) -> AppResult {
    let store = &*state.store;
    let service = store.service(&code).await?.filter(|s| s.channel != "offline").ok_or(AppError::NotFound)?;
    let detail = serde_json::from_str::<ServiceDetail>(&service.detail_json)?;
    let spec = detail.form.as_ref().ok_or(AppError::NotFound)?;
    let for_id = upload.text("for").parse::<i64>().ok();
    let (principal, filed_as) = acting_for(store, &user.0, for_id).await?.ok_or(AppError::NotFound)?;
    if level_of(&principal) < spec.assurance {
        // The page, drawn again, explains how the applicant reaches the level.
        let mut form = FormState::default();
        form.notice = Some(Message::new("identity-gate-refused"));
        return Err(AppError::Refused { form, status: axum::http::StatusCode::FORBIDDEN, page: None });
    }

    let mut form = FormState::default();
    let mut values = BTreeMap::new();
    for f in &spec.fields {
        let value = upload.text(&format!("f_{}", f.key));
        if let Some(e) = check_field(f, &value) {
            form.refuse(&format!("f_{}", f.key), e);
        }
        form.values.insert(format!("f_{}", f.key), value.chars().take(1000).collect());
        if !value.is_empty() {
            values.insert(f.key.clone(), value);
        }
    }
    let (consent_note, channel) = super::access::consent_of_filing(filed_as, &upload.text("consent"), upload.text("consent_confirmed") == "1", &user.0.name, &mut form);
    let keep = upload.text("keep") == "1";
    let slots: Vec<(String, bool)> = spec.materials.iter().map(|m| (m.kind.clone(), m.required)).collect();
    let chosen = check_materials(&state, principal.id, &slots, &upload, &mut form).await?;
    if !form.is_ok() {
        return Err(AppError::invalid(choose_again(&upload, form)));
    }
    let files = store_files(&state, chosen.new_files, keep, &mut form).await?;
    if !form.is_ok() {
        return Err(AppError::invalid(choose_again(&upload, form)));
    }

    let fields_json = serde_json::to_string(&values).unwrap_or_else(|_| "{}".into());
    let given = Given { files: &files, reused: &chosen.reused, certificates: &chosen.certificates };
    let result = submit(&state, &service, &principal, &user.0, (filed_as, channel), consent_note, fields_json, given).await;
    match result {
        Ok(ref_no) => Ok(Redirect::to(&format!("/me/applications/{ref_no}/receipt")).into_response()),
        Err(e) => {
            discard(&state, &files).await;
            Err(e.into())
        }
    }
}

/// The materials an application carries: new files, reused wallet files, e-certificates.
struct Given<'a> {
    files: &'a [NewFile],
    reused: &'a [(i64, String)],
    certificates: &'a [(i64, String)],
}

#[allow(clippy::too_many_arguments)]
async fn submit(
    state: &AppState,
    service: &crate::storage::ServiceRow,
    principal: &crate::storage::UserRecord,
    filer: &crate::storage::UserRecord,
    (filed_as, channel): (&str, crate::channel::Channel),
    consent_note: String,
    fields_json: String,
    given: Given<'_>,
) -> Result<String, StoreError> {
    let store = &*state.store;
    let deadline = steps::deadline_from(store, state.today(), service.time_limit_days).await?;
    let circle = steps::applicant_circle(store, principal.id).await?;
    let officers: Vec<i64> = store.officers(&service.department_code, false).await?.iter().map(|o| o.id).collect();
    // A clash of reference numbers is retried with a new one; the notices name it, so they follow.
    for ref_no in std::iter::repeat_with(steps::new_ref_no).take(3) {
        let submitted = Message::new("notice-application-submitted").with("ref", &ref_no)
            .with_names("service", &service.name, &service.name_en).with("deadline", &deadline);
        let mut notices = steps::notices(store, &circle, "submitted", &submitted).await?;
        let new_case = Message::new("notice-application-new-case").with("ref", &ref_no).with_names("service", &service.name, &service.name_en);
        notices.extend(steps::notices(store, &officers, "new_case", &new_case).await?);
        let mut audit: Vec<AuditEntry> = (filed_as != "self")
            .then(|| AuditEntry { actor_id: filer.id, subject_id: principal.id, action: format!("apply_for_{filed_as}"), detail: format!("{ref_no} {}", service.name) })
            .into_iter()
            .collect();
        // Giving a certificate shows its facts to this department: on the holder's record.
        audit.extend(given.certificates.iter().map(|_| AuditEntry {
            actor_id: filer.id, subject_id: principal.id, action: "certificate_given".into(), detail: ref_no.clone(),
        }));
        let app = NewApplication {
            ref_no: ref_no.clone(),
            service_code: service.code.clone(),
            applicant_id: principal.id,
            filed_by_id: filer.id,
            filed_as: filed_as.to_string(),
            consent_note: consent_note.clone(),
            channel: channel.as_str(),
            department_code: service.department_code.clone(),
            fields_json: fields_json.clone(),
            deadline: deadline.clone(),
            certificates: given.certificates.to_vec(),
        };
        match store.create_application(&app, given.files, given.reused, &notices, &audit, state.now()).await {
            Ok(_) => return Ok(ref_no),
            Err(StoreError::Conflict(_)) => continue,
            Err(e) => return Err(e),
        }
    }
    Err(StoreError::Conflict("ref_no"))
}

/// POST `/me/applications/{ref}/supplement`: the corrections asked for, all at once; the clock
/// restarts from today.
pub async fn supplement(State(state): State<AppState>, user: Option<CurrentUser>, Path(ref_no): Path<String>, req: Request) -> AppResult {
    let user = user.ok_or(AppError::NotFound)?;
    let store = &*state.store;
    let app = super::handlers::for_applicant(&state, &user, &ref_no).await?;
    // Only now, for someone entitled, is the body read.
    let upload = Upload::from_request(req, &state).await?;
    let page = format!("/me/applications/{ref_no}");
    let mut form = FormState::default();
    if !super::lifecycle::TABLE.allows(Action::Supplement, Actor::Applicant, &app.status) {
        form.notice = Some(Message::new("applications-this-application-is-not-waiting-for"));
        return Err(AppError::conflict(form).on_page(page));
    }
    let service = store.service(&app.service_code).await?.ok_or(AppError::NotFound)?;
    let detail = serde_json::from_str::<ServiceDetail>(&service.detail_json).unwrap_or_default();
    let items: Vec<&str> = app.correction_items.split(',').filter(|s| !s.is_empty()).collect();
    let spec = detail.form.unwrap_or_default();
    let values = corrected_fields(&app.fields_json, &spec, &items, &upload, &mut form);
    let slots: Vec<(String, bool)> = items.iter().filter(|i| !i.starts_with("f_")).map(|k| (k.to_string(), true)).collect();
    let chosen = check_materials(&state, app.applicant_id, &slots, &upload, &mut form).await?;
    if !form.is_ok() {
        return Err(AppError::invalid(form).on_page(page));
    }
    let files = store_files(&state, chosen.new_files, upload.text("keep") == "1", &mut form).await?;
    if !form.is_ok() {
        return Err(AppError::invalid(form).on_page(page));
    }
    let result = async {
        let deadline = steps::deadline_from(store, state.today(), app.time_limit_days).await?;
        let to = if app.handler_id.is_some() { Status::Accepted } else { Status::Submitted };
        let notices = supplement_notices(store, &app, &deadline).await?;
        let mut audit: Vec<AuditEntry> = (user.id != app.applicant_id)
            .then(|| AuditEntry { actor_id: user.id, subject_id: app.applicant_id, action: "supplement_for".into(), detail: ref_no.clone() })
            .into_iter()
            .collect();
        audit.extend(chosen.certificates.iter().map(|_| AuditEntry {
            actor_id: user.id, subject_id: app.applicant_id, action: "certificate_given".into(), detail: ref_no.clone(),
        }));
        let effects = ApplicationEffects {
            deadline: Some(deadline),
            fields_json: Some(serde_json::to_string(&values).unwrap_or_else(|_| "{}".into())),
            new_files: files.clone(),
            reused_files: chosen.reused,
            certificates: chosen.certificates,
            ..Default::default()
        };
        let from = super::lifecycle::guard(Action::Supplement, Actor::Applicant);
        let step = ApplicationStep { notices, audit, effects, ..ApplicationStep::new(app.id, from, Some(to.as_str()), "supplemented").by(user.id) };
        store.transition(&step, state.now()).await
    }
    .await;
    match result {
        Ok(true) => Ok(Redirect::to(&page).into_response()),
        Ok(false) => {
            discard(&state, &files).await;
            form.notice = Some(Message::new("applications-this-application-just-changed-see-its"));
            Err(AppError::conflict(form).on_page(page))
        }
        Err(e) => {
            discard(&state, &files).await;
            Err(e.into())
        }
    }
}

/// The application's answers with the ones the officer asked to correct replaced, each checked
/// as required; problems go beside their fields.
fn corrected_fields(stored: &str, spec: &ApplyForm, items: &[&str], upload: &Upload, form: &mut FormState) -> BTreeMap<String, String> {
    let mut values: BTreeMap<String, String> = serde_json::from_str(stored).unwrap_or_default();
    for f in spec.fields.iter().filter(|f| items.contains(&format!("f_{}", f.key).as_str())) {
        let value = upload.text(&format!("f_{}", f.key));
        let required = FormField { required: true, ..f.clone() };
        if let Some(e) = check_field(&required, &value) {
            form.refuse(&format!("f_{}", f.key), e);
        }
        form.values.insert(format!("f_{}", f.key), value.chars().take(1000).collect());
        values.insert(f.key.clone(), value);
    }
    values
}

/// Who hears that corrections came in: whoever has the case (or the whole department), and the
/// applicant's circle, each told the new deadline.
async fn supplement_notices(store: &dyn Store, app: &ApplicationRow, deadline: &str) -> StoreResult<Vec<Notice>> {
    let ref_no = &app.ref_no;
    let handlers: Vec<i64> = match app.handler_id {
        Some(h) => vec![h],
        None => store.officers(&app.department_code, false).await?.iter().map(|o| o.id).collect(),
    };
    let to_officers = Message::new("notice-application-supplemented-officer").with("ref", ref_no).with("deadline", deadline);
    let mut notices = steps::notices(store, &handlers, "supplemented", &to_officers).await?;
    let circle = steps::applicant_circle(store, app.applicant_id).await?;
    let to_applicant = Message::new("notice-application-supplemented").with("ref", ref_no).with("deadline", deadline);
    notices.extend(steps::notices(store, &circle, "supplemented", &to_applicant).await?);
    Ok(notices)
}

//! POST `/things/{code}`: one multipart form for a life event. Everything is checked before
//! anything is written; files are fsynced first, then the bundle and all its parts are stored in
//! one transaction, and only then does the resident see the receipt.
use super::server::ssr::{items, union_fields, union_slots, carried, Item};
use super::{chain_days, find, plan};
use crate::accounts::assurance::ssr::level_of;
use crate::applications::access::{acting_for, consent_of_filing};
use crate::applications::apply::{check_field, check_materials};
use crate::applications::steps;
use crate::forms::{FormState, Message};
use crate::state::AppState;
use crate::storage::{AuditEntry, NewApplication, NewBundle, NewBundlePart, StoreError, UserRecord};
use crate::uploads::{choose_again, discard, store_files, uploads, Upload};
use crate::web::{AppError, AppResult, CurrentUser};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use axum::Router;
use std::collections::BTreeMap;

pub fn routes() -> Router<AppState> {
    Router::new().route("/things/{code}", uploads(file_bundle))
}

/// Who files, for whom, and how the resident agreed (staff only).
struct Filing {
    principal: UserRecord,
    filer: UserRecord,
    filed_as: &'static str,
    consent_note: String,
    channel: crate::channel::Channel,
}

async fn file_bundle(State(state): State<AppState>, user: CurrentUser, Path(code): Path<String>, upload: Upload) -> AppResult {
    let store = &*state.store;
    let thing = find(&code).ok_or(AppError::NotFound)?;
    let items = items(store, thing, crate::prefs::Lang::Zh).await?.ok_or(AppError::NotFound)?;
    let for_id = upload.text("for").parse::<i64>().ok();
    let (principal, filed_as) = acting_for(store, &user.0, for_id).await?.ok_or(AppError::NotFound)?;
    let assurance = items.iter().map(|i| i.form.assurance).max().unwrap_or_default();
    if level_of(&principal) < assurance {
        let mut form = FormState::default();
        form.notice = Some(Message::new("identity-gate-refused"));
        return Err(AppError::Refused { form, status: axum::http::StatusCode::FORBIDDEN, page: None });
    }
    let planned = plan(thing, |service| upload.text(&format!("q_{service}")) == "1");
    let chosen: Vec<&Item> = planned.iter().map(|p| &items[thing.parts.iter().position(|q| q.service == p.part.service).unwrap_or(0)]).collect();

    let mut form = FormState::default();
    for p in thing.parts.iter().filter(|p| p.question.is_some()) {
        let name = format!("q_{}", p.service);
        form.values.insert(name.clone(), upload.text(&name));
    }
    let mut values = BTreeMap::new();
    for (f, required) in union_fields(&chosen, |_| true) {
        let name = format!("f_{}", f.key);
        let value = upload.text(&name);
        let asked = crate::catalogue::FormField { required, ..f.clone() };
        if let Some(e) = check_field(&asked, &value) {
            form.refuse(&name, e);
        }
        form.values.insert(name, value.chars().take(1000).collect());
        if !value.is_empty() {
            values.insert(f.key.clone(), value);
        }
    }
    let (consent_note, channel) = consent_of_filing(filed_as, &upload.text("consent"), upload.text("consent_confirmed") == "1", &user.0.name, &mut form);
    let slots: Vec<(String, bool)> = union_slots(&planned, &chosen, |_| true).into_iter().map(|(k, _, r)| (k, r)).collect();
    let given = check_materials(&state, principal.id, &slots, &upload, &mut form).await?;
    if !form.is_ok() {
        return Err(AppError::invalid(choose_again(&upload, form)));
    }
    let files = store_files(&state, given.new_files, upload.text("keep") == "1", &mut form).await?;
    if !form.is_ok() {
        return Err(AppError::invalid(choose_again(&upload, form)));
    }
    let filing = Filing { principal, filer: (*user.0).clone(), filed_as, consent_note, channel };
    let parts = Parts { thing_code: &thing.code, planned: &planned, items: &chosen, values: &values, reused: &given.reused, certificates: &given.certificates };
    match submit(&state, &filing, &parts, &files).await {
        Ok(ref_no) => Ok(Redirect::to(&format!("/me/things/{ref_no}")).into_response()),
        Err(e) => {
            discard(&state, &files).await;
            Err(e.into())
        }
    }
}

/// What the form came to: the parts to file, the answers, and the materials given.
struct Parts<'a> {
    thing_code: &'a str,
    planned: &'a [super::Planned<'a>],
    items: &'a [&'a Item],
    values: &'a BTreeMap<String, String>,
    reused: &'a [(i64, String)],
    certificates: &'a [(i64, String)],
}

async fn submit(state: &AppState, filing: &Filing, parts: &Parts<'_>, files: &[crate::storage::NewFile]) -> Result<String, StoreError> {
    let store = &*state.store;
    let today = state.today();
    let days: Vec<i64> = parts.items.iter().map(|i| i.service.time_limit_days).collect();
    let chains = chain_days(parts.planned, &days);
    let mut deadlines = Vec::with_capacity(chains.len());
    for chain in &chains {
        deadlines.push(steps::deadline_from(store, today, *chain).await?);
    }
    let promised_by = deadlines.iter().max().cloned().unwrap_or_default();
    let circle = steps::applicant_circle(store, filing.principal.id).await?;
    let thing_name = find(parts.thing_code).map(|t| (t.name.clone(), t.name_en.clone())).unwrap_or_default();
    for _ in 0..3 {
        let bundle_ref = steps::new_ref_no();
        let mut new_parts = Vec::with_capacity(parts.items.len());
        for (i, item) in parts.items.iter().enumerate() {
            let ref_no = steps::new_ref_no();
            let service = &item.service;
            let keys: Vec<&str> = item.form.fields.iter().map(|f| f.key.as_str()).collect();
            let own: BTreeMap<&String, &String> = parts.values.iter().filter(|(k, _)| keys.contains(&k.as_str())).collect();
            let slots: Vec<String> = item.form.materials.iter().map(|m| m.kind.clone()).filter(|k| !carried(parts.planned, parts.items, i, k)).collect();
            let after = parts.planned[i].after;
            // A part that waits is announced to its department when it starts.
            let notices = if after.is_none() {
                let officers: Vec<i64> = store.officers(&service.department_code, false).await?.iter().map(|o| o.id).collect();
                let new_case = Message::new("notice-application-new-case").with("ref", &ref_no).with_names("service", &service.name, &service.name_en);
                steps::notices(store, &officers, "new_case", &new_case).await?
            } else {
                Vec::new()
            };
            new_parts.push(NewBundlePart {
                app: NewApplication {
                    ref_no,
                    service_code: service.code.clone(),
                    applicant_id: filing.principal.id,
                    filed_by_id: filing.filer.id,
                    filed_as: filing.filed_as.to_string(),
                    consent_note: filing.consent_note.clone(),
                    channel: filing.channel.as_str(),
                    department_code: service.department_code.clone(),
                    fields_json: serde_json::to_string(&own).unwrap_or_else(|_| "{}".into()),
                    deadline: deadlines[i].clone(),
                    certificates: parts.certificates.iter().filter(|(_, slot)| slots.contains(slot)).cloned().collect(),
                },
                after,
                slots,
                notices,
            });
        }
        let told = Message::new("notice-bundle-submitted").with("ref", &bundle_ref)
            .with_names("thing", &thing_name.0, &thing_name.1).with("deadline", &promised_by);
        let notices = steps::notices(store, &circle, "submitted", &told).await?;
        let mut audit: Vec<AuditEntry> = (filing.filed_as != "self")
            .then(|| AuditEntry { actor_id: filing.filer.id, subject_id: filing.principal.id, action: format!("apply_for_{}", filing.filed_as), detail: format!("{bundle_ref} {}", thing_name.0) })
            .into_iter()
            .collect();
        audit.extend(parts.certificates.iter().map(|_| AuditEntry {
            actor_id: filing.filer.id, subject_id: filing.principal.id, action: "certificate_given".into(), detail: bundle_ref.clone(),
        }));
        let bundle = NewBundle {
            ref_no: bundle_ref.clone(),
            thing_code: parts.thing_code.to_string(),
            applicant_id: filing.principal.id,
            filed_by_id: filing.filer.id,
            filed_as: filing.filed_as.to_string(),
            promised_by: promised_by.clone(),
        };
        match store.create_bundle(&bundle, &new_parts, files, parts.reused, &notices, &audit, state.now()).await {
            Ok(_) => return Ok(bundle_ref),
            Err(StoreError::Conflict(_)) => continue,
            Err(e) => return Err(e),
        }
    }
    Err(StoreError::Conflict("ref_no"))
}

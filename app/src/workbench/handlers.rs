//! The officer's actions on a case. Each is one guarded transition: if two officers act at once,
//! one wins and the other sees the case as it now is.
use crate::applications::access::{application_access, Access};
use crate::applications::apply::{discard, read_upload, store_files};
use crate::applications::handlers::UPLOAD_REQUEST_LIMIT;
use crate::applications::steps;
use crate::forms::{field, msg, Pairs, internal, lang_of, not_found, read_form, render_at, signed_in, FormState};
use crate::state::AppState;
use crate::storage::{ApplicationRow, AuditEntry, NewFile, Transition, UserRecord};
use axum::extract::{DefaultBodyLimit, Path, Request, State};
use axum::http::{request::Parts, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::Router;
use std::sync::Arc;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/work/{ref_no}/accept", post(accept))
        .route("/work/{ref_no}/correct", post(correct))
        .route("/work/{ref_no}/approve", post(approve).layer(DefaultBodyLimit::max(UPLOAD_REQUEST_LIMIT)))
        .route("/work/{ref_no}/reject", post(reject))
        .route("/work/{ref_no}/transfer", post(transfer))
        .route("/work/{ref_no}/note", post(note))
}

/// The case, if this officer's department handles it.
async fn case_for(state: &AppState, parts: &Parts, ref_no: &str) -> Result<(Arc<UserRecord>, ApplicationRow), Response> {
    let Some(user) = signed_in(parts) else { return Err(not_found()) };
    let store = &*state.store;
    let app = match store.application_by_ref(ref_no).await {
        Ok(Some(a)) => a,
        Ok(None) => return Err(not_found()),
        Err(e) => return Err(internal(e)),
    };
    match application_access(store, &user.0, &app).await {
        Ok(Some(Access::Officer)) => Ok((user.0, app)),
        Ok(_) => Err(not_found()),
        Err(e) => Err(internal(e)),
    }
}

/// A form post on a case this officer's department handles.
async fn case_form(state: &AppState, ref_no: &str, req: Request) -> Result<(Parts, Pairs, Arc<UserRecord>, ApplicationRow), Response> {
    let (parts, pairs) = read_form::<Pairs>(req).await?;
    let (officer, app) = case_for(state, &parts, ref_no).await?;
    Ok((parts, pairs, officer, app))
}

/// A note from the text box, or else the chosen reply template's text.
async fn note_or_template(state: &AppState, app: &ApplicationRow, pairs: &Pairs, name: &str) -> Result<String, Response> {
    let typed = field(pairs, name);
    if !typed.is_empty() {
        return Ok(typed.chars().take(2000).collect());
    }
    let chosen = field(pairs, &format!("{name}_template"));
    if chosen.is_empty() {
        return Ok(String::new());
    }
    let templates = state.store.reply_templates(&app.department_code).await.map_err(internal)?;
    Ok(templates.into_iter().find(|t| t.id.to_string() == chosen).map(|t| t.body).unwrap_or_default())
}

struct Outcome<'a> {
    state: AppState,
    parts: Parts,
    app: &'a ApplicationRow,
    officer: &'a UserRecord,
}

impl Outcome<'_> {
    async fn apply(self, mut step: Transition, resident_zh: String, resident_en: String, files: &[NewFile]) -> Response {
        let store = &*self.state.store;
        let lang = lang_of(&self.parts);
        let page = format!("/work/{}", self.app.ref_no);
        step.application_id = self.app.id;
        step.actor_id = Some(self.officer.id);
        let result = async {
            if !resident_zh.is_empty() {
                let circle = steps::applicant_circle(store, self.app.applicant_id).await?;
                step.notices.extend(steps::notices(store, &circle, &step.event_kind, &resident_zh, &resident_en).await?);
            }
            store.transition(&step, crate::time::now_unix()).await
        }
        .await;
        match result {
            Ok(true) => Redirect::to(&page).into_response(),
            Ok(false) => {
                discard(&self.state, files);
                let mut form = FormState::default();
                form.notice = Some(msg(lang, "该申请状态已变化（可能同事刚刚处理过），请查看最新状态。",
                    "The case has changed (a colleague may just have acted); here is its latest state."));
                render_at(self.state, self.parts, &page, form, StatusCode::CONFLICT).await
            }
            Err(e) => {
                discard(&self.state, files);
                internal(e)
            }
        }
    }
}

async fn refuse(state: AppState, parts: Parts, ref_no: &str, field: &str, message: String) -> Response {
    let mut form = FormState::default();
    form.refuse(field, message);
    render_at(state, parts, &format!("/work/{ref_no}"), form, StatusCode::UNPROCESSABLE_ENTITY).await
}

async fn accept(State(state): State<AppState>, Path(ref_no): Path<String>, req: Request) -> Response {
    let (parts, _) = req.into_parts();
    let (officer, app) = match case_for(&state, &parts, &ref_no).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let step = Transition { from: &["submitted"], to: Some("accepted"), event_kind: "accepted".into(), handler_id: Some(officer.id), ..Default::default() };
    let (zh, en) = (
        format!("您的申请 {ref_no}（{}）已受理，承诺 {} 前办结。", app.service_name, app.deadline),
        format!("Your application {ref_no} ({}) was accepted; due by {}.", app.service_name_en, app.deadline),
    );
    Outcome { state, parts, app: &app, officer: &officer }.apply(step, zh, en, &[]).await
}

async fn correct(State(state): State<AppState>, Path(ref_no): Path<String>, req: Request) -> Response {
    let (parts, pairs, officer, app) = match case_form(&state, &ref_no, req).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let lang = lang_of(&parts);
    if app.corrections_asked > 0 {
        return refuse(state, parts, &ref_no, "correct_items", msg(lang, "补正只能一次性告知，本申请已告知过", "Corrections may be asked once only; they already were")).await;
    }
    let items: Vec<String> = pairs.iter().filter(|(k, _)| k == "items").map(|(_, v)| v.clone()).collect();
    if items.is_empty() || items.iter().any(|i| i.contains(',') || i.len() > 40) {
        return refuse(state, parts, &ref_no, "correct_items", msg(lang, "请勾选需要补正的全部材料或信息", "Tick every material or detail to correct")).await;
    }
    let text = match note_or_template(&state, &app, &pairs, "correct_note").await {
        Ok(t) => t,
        Err(r) => return r,
    };
    if text.is_empty() {
        return refuse(state, parts, &ref_no, "correct_note", msg(lang, "请写明需要怎样补正（可选用模板）", "Say exactly what to correct (a template may help)")).await;
    }
    let step = Transition {
        from: &["submitted", "accepted"],
        to: Some("correction"),
        event_kind: "correction".into(),
        event_note: text.clone(),
        handler_id: Some(officer.id),
        ask_correction: Some((text.clone(), items.join(","))),
        ..Default::default()
    };
    let (zh, en) = (
        format!("您的申请 {ref_no} 需要补正：{text} 补齐后重新计算办理时限。"),
        format!("Application {ref_no} needs corrections: {text} The clock restarts when they arrive."),
    );
    Outcome { state, parts, app: &app, officer: &officer }.apply(step, zh, en, &[]).await
}

async fn approve(State(state): State<AppState>, Path(ref_no): Path<String>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let (officer, app) = match case_for(&state, &parts, &ref_no).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let (parts, upload) = match read_upload(Request::from_parts(parts, body)).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let lang = lang_of(&parts);
    let pairs: Pairs = upload.texts.iter().flat_map(|(k, vs)| vs.iter().map(move |v| (k.clone(), v.clone()))).collect();
    let text = match note_or_template(&state, &app, &pairs, "approve_note").await {
        Ok(t) => t,
        Err(r) => return r,
    };
    if text.is_empty() {
        return refuse(state, parts, &ref_no, "approve_note", msg(lang, "请填写办结意见（可选用模板）", "Write the result note (a template may help)")).await;
    }
    if let Some(p) = upload.problems.get("m_result") {
        return refuse(state, parts, &ref_no, "m_result", p.message(lang)).await;
    }
    let chosen: Vec<(String, String, Vec<u8>)> =
        upload.files_for("m_result").take(1).map(|(_, name, bytes)| ("result".to_string(), name.clone(), bytes.clone())).collect();
    let mut form = FormState::default();
    let files = match store_files(&state, chosen, false, &mut form, lang).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    if !form.is_ok() {
        return render_at(state, parts, &format!("/work/{ref_no}"), form, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let step = Transition {
        from: &["accepted"],
        to: Some("approved"),
        event_kind: "approved".into(),
        event_note: text.clone(),
        result_note: Some(text),
        finished: true,
        new_files: files.clone(),
        ..Default::default()
    };
    let (zh, en) = (
        format!("您的申请 {ref_no}（{}）已办结，可在申请详情中查看结果。", app.service_name),
        format!("Your application {ref_no} ({}) is complete; see the result on its page.", app.service_name_en),
    );
    Outcome { state, parts, app: &app, officer: &officer }.apply(step, zh, en, &files).await
}

async fn reject(State(state): State<AppState>, Path(ref_no): Path<String>, req: Request) -> Response {
    let (parts, pairs, officer, app) = match case_form(&state, &ref_no, req).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let lang = lang_of(&parts);
    let text = match note_or_template(&state, &app, &pairs, "reject_note").await {
        Ok(t) => t,
        Err(r) => return r,
    };
    if text.chars().count() < 4 {
        return refuse(state, parts, &ref_no, "reject_note", msg(lang, "请写明不予办理的理由和依据", "State the reason and its basis")).await;
    }
    let step = Transition {
        from: &["submitted", "accepted"],
        to: Some("rejected"),
        event_kind: "rejected".into(),
        event_note: text.clone(),
        result_note: Some(text.clone()),
        finished: true,
        ..Default::default()
    };
    let (zh, en) = (format!("您的申请 {ref_no} 不予办理：{text}"), format!("Application {ref_no} was refused: {text}"));
    Outcome { state, parts, app: &app, officer: &officer }.apply(step, zh, en, &[]).await
}

async fn transfer(State(state): State<AppState>, Path(ref_no): Path<String>, req: Request) -> Response {
    let (parts, pairs, officer, app) = match case_form(&state, &ref_no, req).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let lang = lang_of(&parts);
    let target = field(&pairs, "department");
    let depts = match state.store.departments().await {
        Ok(d) => d,
        Err(e) => return internal(e),
    };
    let Some(dept) = depts.into_iter().find(|d| d.code == target && d.code != app.department_code) else {
        return refuse(state, parts, &ref_no, "department", msg(lang, "请选择接收的部门", "Choose the receiving department")).await;
    };
    let reason = match note_or_template(&state, &app, &pairs, "transfer_note").await {
        Ok(t) => t,
        Err(r) => return r,
    };
    if reason.is_empty() {
        return refuse(state, parts, &ref_no, "transfer_note", msg(lang, "请写明转办理由", "Give the reason for the transfer")).await;
    }
    let receiving: Vec<i64> = match state.store.officers(&dept.code, false).await {
        Ok(o) => o.iter().map(|o| o.id).collect(),
        Err(e) => return internal(e),
    };
    let mut notices = match steps::notices(&*state.store, &receiving, "new_case",
        &format!("转办来的申请待受理：{}，编号 {ref_no}", app.service_name),
        &format!("Transferred application to accept: {}, {ref_no}", app.service_name_en)).await {
        Ok(n) => n,
        Err(e) => return internal(e),
    };
    notices.retain(|n| n.user_id != officer.id);
    let step = Transition {
        from: &["submitted", "accepted"],
        to: Some("submitted"),
        event_kind: "transferred".into(),
        event_note: format!("{reason} → {}", dept.name),
        department_code: Some(dept.code.clone()),
        notices,
        ..Default::default()
    };
    let (zh, en) = (
        format!("您的申请 {ref_no} 已转交 {} 办理：{reason}", dept.name),
        format!("Application {ref_no} was transferred to {}: {reason}", dept.name_en),
    );
    Outcome { state, parts, app: &app, officer: &officer }.apply(step, zh, en, &[]).await
}

async fn note(State(state): State<AppState>, Path(ref_no): Path<String>, req: Request) -> Response {
    let (parts, pairs, officer, app) = match case_form(&state, &ref_no, req).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let lang = lang_of(&parts);
    let text = match note_or_template(&state, &app, &pairs, "private_note").await {
        Ok(t) => t,
        Err(r) => return r,
    };
    if text.is_empty() {
        return refuse(state, parts, &ref_no, "private_note", msg(lang, "备注不能为空", "The note is empty")).await;
    }
    // A note may be added in any state.
    let step = Transition {
        from: &["submitted", "accepted", "correction", "approved", "rejected", "withdrawn"],
        to: None,
        event_kind: "note".into(),
        event_note: text,
        private: true,
        audit: vec![AuditEntry { actor_id: officer.id, subject_id: app.applicant_id, action: "officer_note".into(), detail: ref_no.clone() }],
        ..Default::default()
    };
    Outcome { state, parts, app: &app, officer: &officer }.apply(step, String::new(), String::new(), &[]).await
}

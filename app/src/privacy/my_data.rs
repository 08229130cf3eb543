//! A resident's rights over their data (个人信息保护法 第四十五、四十七条): download everything
//! Linli holds about them (`GET /me/data/export.zip`: JSON and their own files), and close the
//! account (注销, `POST /me/data/close`), after which what is personal is deleted or anonymised
//! and what departments must keep stays, anonymised, for its period.
use crate::accounts::session;
use crate::forms::{FormState, Message};
use crate::market::lifecycle::OrderStatus;
use crate::state::AppState;
use crate::storage::{ApplicationRow, Closure, FeedbackQuery, OrderQuery, OrderRow, Store, StoreResult, UserRecord};
use crate::web::{AppError, AppResult, ClientAddr, CurrentUser, Limit, PostForm, Resident};
use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use serde_json::{json, Value};
use std::io::Write;

pub fn routes() -> Router<AppState> {
    Router::new().route("/me/data/export.zip", get(export)).route("/me/data/close", post(close))
}

/// Everything about one account, as named JSON documents (the files come separately).
async fn documents(state: &AppState, user: &UserRecord) -> AppResult<Vec<(&'static str, Value)>> {
    let store = &*state.store;
    let address = match user.building_id {
        Some(id) => store.building(id).await?.map(|b| b.address(crate::prefs::Lang::Zh)),
        None => None,
    };
    let account = json!({
        "name": user.name, "phone": user.phone, "id_number": user.id_number, "role": user.role.as_str(),
        "address": address, "registered_at": user.created_at, "phone_verified_at": user.phone_verified_at,
        "identity_confirmed_at": user.identity_checked_at, "identity_method": user.identity_method,
        "mode": user.mode, "lang": user.lang, "second_factor_enabled_at": user.totp_enabled_at,
    });
    let mut applications = Vec::new();
    for a in store.applications_of(user.id).await? {
        // Internal notes between officers (`private`) are the department's, not personal data.
        let events: Vec<Value> = store.events(a.id).await?.into_iter().filter(|e| e.private == 0)
            .map(|e| json!({"at": e.at, "kind": e.kind, "note": e.note})).collect();
        let files: Vec<i64> = store.attached_files(a.id).await?.into_iter().map(|f| f.file.id).collect();
        applications.push(json!({
            "ref_no": a.ref_no, "service": a.service_name, "status": a.status, "filed_as": a.filed_as,
            "submitted_at": a.submitted_at, "deadline": a.deadline, "fields": serde_json::from_str::<Value>(&a.fields_json).unwrap_or(Value::Null),
            "result": a.result_note, "events": events, "files": files,
        }));
    }
    let feedback: Vec<Value> = store.find_feedback(&FeedbackQuery { resident_id: Some(user.id), limit: 10_000, ..Default::default() }).await?
        .into_iter().map(|f| json!({"ref_no": f.ref_no, "category": f.category_name, "title": f.title, "body": f.body,
            "address": f.address, "reporter_name": f.reporter_name, "reporter_contact": f.reporter_contact}))
        .collect();
    let evaluations: Vec<Value> = store.evaluations_by(user.id).await?.into_iter()
        .map(|e| json!({"subject": format!("{} {}", e.subject_kind, e.subject_id), "overall": e.overall, "comment": e.comment, "at": e.created_at}))
        .collect();
    let orders: Vec<Value> = store.orders(&OrderQuery { resident_id: Some(user.id), limit: 10_000, ..Default::default() }).await?
        .into_iter().map(|o| json!({"ref_no": o.ref_no, "provider": o.provider_name, "service": o.title, "starts_at": o.starts_at,
            "address": o.address, "contact_phone": o.contact_phone, "note": o.note, "status": o.status}))
        .collect();
    let relation = |d: crate::storage::DelegationRow| json!({"name": d.other_name, "since": d.created_at});
    let family = json!({
        "acting_for_me": store.delegates_of(user.id).await?.into_iter().map(relation).collect::<Vec<_>>(),
        "i_act_for": store.principals_of(user.id).await?.into_iter().map(relation).collect::<Vec<_>>(),
    });
    let inbox: Vec<Value> = store.inbox(user.id, 10_000).await?.into_iter()
        .map(|n| json!({"at": n.at, "text": n.text_zh, "read_at": n.read_at})).collect();
    let prefs = store.notify_prefs(user.id).await?;
    let groups = store.user_groups(user.id).await?;
    let activity: Vec<Value> = store.audit_for_subject(user.id, 100_000).await?.into_iter()
        .map(|a| json!({"at": a.at, "action": a.action, "by_someone_else": a.actor_id.is_some_and(|x| x != user.id),
            "address": a.addr, "browser": a.user_agent}))
        .collect();
    // Each e-certificate as the signed document the holder can check anywhere, with its standing.
    let certificates: Vec<Value> = store.e_certificates_of(user.id).await?.into_iter().map(|c| json!({
        "serial": c.serial, "valid_until": c.valid_until, "revoked_at": c.revoked_at, "revoke_reason": c.revoke_reason,
        "document": crate::certificates::signing::Document::new(&c.kid, &c.payload, &c.signature),
    })).collect();
    let sessions: Vec<Value> = store.sessions_of(user.id, state.now()).await?.into_iter()
        .map(|s| json!({"started_at": s.created_at, "last_seen_at": s.last_seen_at, "address": s.addr, "browser": s.user_agent}))
        .collect();
    Ok(vec![
        ("account.json", account),
        ("applications.json", Value::Array(applications)),
        ("feedback.json", Value::Array(feedback)),
        ("evaluations.json", Value::Array(evaluations)),
        ("orders.json", Value::Array(orders)),
        ("certificates.json", Value::Array(certificates)),
        ("family.json", family),
        ("messages.json", json!({"inbox": inbox, "sms": prefs.sms == 1, "email": prefs.email == 1, "email_address": prefs.email_address, "groups": groups})),
        ("activity.json", Value::Array(activity)),
        ("devices.json", Value::Array(sessions)),
    ])
}

/// GET `/me/data/export.zip`. Audited: it is a look at personal data, even one's own.
async fn export(State(state): State<AppState>, user: Option<CurrentUser>) -> AppResult {
    let user = user.ok_or(AppError::SignIn { next: Some("/me/data".into()) })?;
    let docs = documents(&state, &user).await?;
    let files = state.store.files_owned_by(user.id).await?;
    let mut opened = Vec::new();
    for f in files {
        let stored = state.config.files.get(&f.stored_name).await.map_err(|e| e.into_app(&format!("file {}", f.id)))?;
        opened.push((format!("files/{}-{}", f.id, f.original_name.replace(['/', '\\'], "_")), f.stored_name, stored));
    }
    let keys = state.config.keys.clone();
    let zip = tokio::task::spawn_blocking(move || -> Result<Vec<u8>, String> {
        use zip::write::SimpleFileOptions;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let text = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        for (name, doc) in docs {
            zip.start_file(name, text).map_err(|e| e.to_string())?;
            zip.write_all(&serde_json::to_vec_pretty(&doc).map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
        }
        for (path, name, sealed) in opened {
            let bytes = keys.open(&name, &sealed).map_err(|e| e.to_string())?;
            zip.start_file(path, stored).map_err(|e| e.to_string())?;
            zip.write_all(&bytes).map_err(|e| e.to_string())?;
        }
        zip.finish().map(|c| c.into_inner()).map_err(|e| e.to_string())
    })
    .await?
    .map_err(AppError::internal)?;
    state.store.audit(state.now(), Some(user.id), Some(user.id), "data_exported", "").await?;
    let mut res = zip.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/zip"));
    h.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("attachment; filename=\"linli-my-data.zip\""));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    Ok(res)
}

#[derive(Deserialize)]
struct CloseForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

/// Everything a resident applied for and booked (what 注销 waits on, and what the page counts).
pub async fn applications_and_orders(store: &dyn Store, user_id: i64) -> StoreResult<(Vec<ApplicationRow>, Vec<OrderRow>)> {
    let orders = store.orders(&OrderQuery { resident_id: Some(user_id), limit: 10_000, ..Default::default() }).await?;
    Ok((store.applications_of(user_id).await?, orders))
}

/// How many applications and orders are still running, by their lifecycle tables.
pub fn still_running(applications: &[ApplicationRow], orders: &[OrderRow]) -> (usize, usize) {
    let open_applications = applications.iter().filter(|a| crate::applications::Status::parse(&a.status).is_some_and(|s| s.is_open())).count();
    let open_orders = orders.iter().filter(|o| OrderStatus::parse(&o.status).is_some_and(|s| s.is_open())).count();
    (open_applications, open_orders)
}

/// Where a refused close is explained.
const PAGE: &str = "/me/data";

/// What the resident types to show they mean it (either language).
pub const CLOSE_WORDS: [&str; 2] = ["注销", "close"];

/// POST `/me/data/close`: 注销. Refused while applications or orders are still running (they
/// would be left without anyone to answer them); the password and the typed word confirm it.
async fn close(State(state): State<AppState>, user: Resident, ClientAddr(addr): ClientAddr, PostForm(f): PostForm<CloseForm>) -> AppResult {
    let mut form = FormState::default();
    form.values.insert("confirm".into(), f.confirm.chars().take(10).collect());
    // The password is asked here as at sign-in, so it is guessed no faster here either.
    state.limits.check(Limit::SignIn, addr).await.map_err(|e| e.too_many(form.clone(), "password").on_page(PAGE))?;
    let (applications, orders) = applications_and_orders(&*state.store, user.id).await?;
    let (open_applications, open_orders) = still_running(&applications, &orders);
    if open_applications + open_orders > 0 {
        form.refuse("confirm", Message::new("my-data-still-running").with("applications", open_applications).with("orders", open_orders));
        return Err(AppError::conflict(form).on_page(PAGE));
    }
    if !CLOSE_WORDS.contains(&f.confirm.trim().to_lowercase().as_str()) {
        form.refuse("confirm", Message::new("my-data-type-the-word"));
    }
    let hash = user.password_hash.clone();
    let password = f.password.clone();
    let password_ok = tokio::task::spawn_blocking(move || session::verify_password(&hash, &password)).await?;
    if !password_ok {
        crate::accounts::throttle::Attempt::load(&state, &user.phone, &addr).await?.failed(&state).await?;
        form.refuse("password", Message::new("my-data-wrong-password"));
    }
    if !form.is_ok() {
        return Err(AppError::invalid(form).on_page(PAGE));
    }
    let finished_orders = OrderStatus::ALL.into_iter().filter(|s| !s.is_open()).map(OrderStatus::as_str).collect();
    let closure = Closure { user_id: user.id, phone_key: state.config.keys.phone_key(&user.phone), finished_orders };
    let gone = state.store.close_account(&closure, state.now()).await?;
    state.config.files.remove(&gone).await;
    let mut res = Redirect::to("/?closed=1").into_response();
    res.headers_mut().append(header::SET_COOKIE, session::cookie(session::SESSION_COOKIE, "", 0, state.config.secure_cookies));
    Ok(res)
}

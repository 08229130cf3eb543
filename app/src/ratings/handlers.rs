//! Rating posts and the steps of a rectification case.
use super::subjects::resolve;
use super::{is_bad, CHANGE_WINDOW_SECS, DEFAULT_RECTIFICATION_DAYS, INDICATORS};
use crate::applications::steps;
use crate::feedback::units;
use crate::forms::{field, msg, Pairs, internal, lang_of, not_found, read_form, render_at, signed_in, FormState};
use crate::prefs::Lang;
use crate::state::AppState;
use crate::storage::{AuditEntry, NewEvaluation, RectificationStep, Store, StoreResult};
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::Router;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/rate/{kind}/{key}", post(rate))
        .route("/rectifications/{id}/{action}", post(step))
        .route("/admin/rectification-days", post(set_days))
}

/// Working days a unit has for a rectification case.
pub async fn rectification_days(store: &dyn Store) -> StoreResult<i64> {
    Ok(store.setting("rectification_days").await?.and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_RECTIFICATION_DAYS))
}

/// POST `/rate/{kind}/{key}`: the resident's own rating, once per item, changeable for 7 days.
async fn rate(State(state): State<AppState>, Path((kind, key)): Path<(String, String)>, req: Request) -> Response {
    let (parts, pairs) = match read_form::<Pairs>(req).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let Some(user) = signed_in(&parts) else { return not_found() };
    let lang = lang_of(&parts);
    let store = &*state.store;
    let subject = match resolve(store, &kind, &key, lang).await {
        Ok(Some(s)) if s.resident_id == user.0.id && user.0.role == "resident" => s,
        Ok(_) => return not_found(),
        Err(e) => return internal(e),
    };
    let page = format!("/rate/{kind}/{key}");
    let mut form = FormState::default();
    let mut levels = [0_i64; 5];
    for (i, (name, _, _)) in INDICATORS.iter().enumerate() {
        let raw = field(&pairs, name);
        form.values.insert(name.to_string(), raw.clone());
        match raw.parse::<i64>() {
            Ok(l) if (1..=5).contains(&l) => levels[i] = l,
            _ => form.refuse(name, msg(lang, "请选择一个评价等级", "Choose a level")),
        }
    }
    let comment = field(&pairs, "comment");
    form.values.insert("comment".into(), comment.clone());
    if comment.chars().count() > 500 {
        form.refuse("comment", msg(lang, "最多 500 字", "At most 500 characters"));
    }
    if !subject.finished {
        form.refuse("overall", msg(lang, "办结后才能评价", "You can rate it once it is finished"));
    }
    if !form.is_ok() {
        return render_at(state.clone(), parts, &page, form, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let now = crate::time::now_unix();
    let result = async {
        // A bad rating of an application or feedback item opens a case; a rectification's own
        // rating closes the loop and opens nothing.
        let (rectify_by, notices) = if is_bad(levels[0]) && subject.kind != "rectification" {
            let deadline = steps::deadline_from(store, steps::today(), rectification_days(store).await?).await?;
            let ids = units::members(store, &subject.unit_kind, &subject.unit_code, false).await?;
            let notices = steps::notices(store, &ids, "rectification",
                &format!("差评整改：{}（{}），请回访居民并于 {deadline} 前整改或说明。", subject.title, super::level_label(levels[0], Lang::Zh)),
                &format!("Bad rating: {} ({}); call the resident back and fix or explain by {deadline}.", subject.title, super::level_label(levels[0], Lang::En))).await?;
            (Some(deadline), notices)
        } else {
            (None, vec![])
        };
        let e = NewEvaluation {
            subject_kind: subject.kind,
            subject_id: subject.id,
            resident_id: user.0.id,
            unit_kind: subject.unit_kind.clone(),
            unit_code: subject.unit_code.clone(),
            levels,
            comment: comment.chars().take(500).collect(),
        };
        store.save_evaluation(&e, rectify_by, &notices, now, now - CHANGE_WINDOW_SECS).await
    }
    .await;
    match result {
        Ok(Some(_)) => Redirect::to(&format!("{}?rated=1", subject.link)).into_response(),
        Ok(None) => {
            let mut form = FormState::default();
            form.notice = Some(msg(lang, "评价提交 7 天后不能再修改。", "A rating can only be changed within 7 days."));
            render_at(state.clone(), parts, &page, form, StatusCode::CONFLICT).await
        }
        Err(e) => internal(e),
    }
}

/// POST `/rectifications/{id}/{action}`: call (回访), fix or explain, appeal; an admin upholds
/// or dismisses an appeal.
async fn step(State(state): State<AppState>, Path((id, action)): Path<(i64, String)>, req: Request) -> Response {
    let (parts, pairs) = match read_form::<Pairs>(req).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let Some(user) = signed_in(&parts) else { return not_found() };
    let user = user.0;
    let lang = lang_of(&parts);
    let store = &*state.store;
    let r = match store.rectification(id).await {
        Ok(Some(r)) => r,
        Ok(None) => return not_found(),
        Err(e) => return internal(e),
    };
    let is_unit = units::works_for(&user, &r.unit_kind, &r.unit_code);
    let is_admin = user.role == "admin";
    let note: String = field(&pairs, "note").chars().take(2000).collect();
    let page = format!("/rectifications/{id}");
    if note.is_empty() && (is_unit || is_admin) {
        let mut form = FormState::default();
        form.refuse("note", msg(lang, "请填写说明", "Write what was done and why"));
        return render_at(state.clone(), parts, &page, form, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let mut s = RectificationStep { id, actor_id: user.id, ..Default::default() };
    let (tell, zh, en): (Vec<i64>, String, String) = match (action.as_str(), is_unit, is_admin) {
        ("call", true, _) => {
            s.from = &["open"];
            s.to = "called";
            s.call_note = Some(note.clone());
            (vec![], String::new(), String::new())
        }
        ("fix", true, _) | ("explain", true, _) => {
            s.from = &["called"];
            s.to = "done";
            s.outcome = Some((if action == "fix" { "fixed" } else { "explained" }, note.clone()));
            (vec![r.resident_id], format!("您的差评已处理：{note}。请对整改结果进行评价。"),
             format!("Your rating was followed up: {note}. Please rate the outcome."))
        }
        ("appeal", true, _) => {
            s.from = &["open", "called"];
            s.to = "appealed";
            s.appeal_reason = Some(note.clone());
            let admins = match store.users_with_role("admin").await {
                Ok(a) => a,
                Err(e) => return internal(e),
            };
            (admins, format!("差评申诉待审核：整改单 {id}，理由：{note}"), format!("Appeal to review: rectification case {id}, reason: {note}"))
        }
        ("uphold", _, true) | ("dismiss", _, true) => {
            s.from = &["appealed"];
            s.to = "voided";
            s.decision = Some((action == "uphold", note.clone()));
            let mut ids = match units::members(store, &r.unit_kind, &r.unit_code, false).await {
                Ok(ids) => ids,
                Err(e) => return internal(e),
            };
            ids.push(r.resident_id);
            let (zh, en) = if action == "uphold" {
                (format!("整改单 {id} 的申诉成立，该评价不计入统计。理由：{note}"), format!("The appeal on case {id} was upheld; the rating is set aside. Reason: {note}"))
            } else {
                (format!("整改单 {id} 的申诉不成立，请继续整改。理由：{note}"), format!("The appeal on case {id} was dismissed; the case continues. Reason: {note}"))
            };
            (ids, zh, en)
        }
        _ => return not_found(),
    };
    s.audit.push(AuditEntry { actor_id: user.id, subject_id: r.resident_id, action: format!("rectification_{action}"), detail: format!("{id}: {note}") });
    if !zh.is_empty() {
        match steps::notices(store, &tell, "rectification", &zh, &en).await {
            Ok(n) => s.notices = n,
            Err(e) => return internal(e),
        }
    }
    match store.rectification_step(&s, crate::time::now_unix()).await {
        Ok(true) => Redirect::to(&page).into_response(),
        Ok(false) => {
            let mut form = FormState::default();
            form.notice = Some(msg(lang, "整改单状态已变化，请查看最新状态。", "The case has changed; here is its latest state."));
            render_at(state.clone(), parts, &page, form, StatusCode::CONFLICT).await
        }
        Err(e) => internal(e),
    }
}

/// POST `/admin/rectification-days`: the time units have for a rectification case.
async fn set_days(State(state): State<AppState>, req: Request) -> Response {
    let (parts, pairs) = match read_form::<Pairs>(req).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    match signed_in(&parts) {
        Some(u) if u.0.role == "admin" => {
            let raw = field(&pairs, "days");
            let Some(days) = raw.parse::<i64>().ok().filter(|d| (1..=60).contains(d)) else {
                let mut form = FormState::default();
                form.values.insert("rectification_days".into(), raw);
                form.refuse("rectification_days", msg(lang_of(&parts), "请填写 1 到 60 之间的工作日数", "Enter working days from 1 to 60"));
                return render_at(state, parts, "/admin/feedback", form, StatusCode::UNPROCESSABLE_ENTITY).await;
            };
            let now = crate::time::now_unix();
            let saved = async {
                state.store.set_setting("rectification_days", &days.to_string()).await?;
                state.store.audit(now, Some(u.0.id), None, "rectification_days_set", &days.to_string()).await
            };
            match saved.await {
                Ok(()) => Redirect::to("/admin/feedback?saved=1").into_response(),
                Err(e) => internal(e),
            }
        }
        _ => not_found(),
    }
}

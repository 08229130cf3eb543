//! Rating posts and the steps of a rectification case.
use super::lifecycle::{self, Action, Actor, CaseStatus};
use super::subjects::resolve;
use super::{is_bad, CHANGE_WINDOW_SECS, DEFAULT_RECTIFICATION_DAYS, INDICATORS};
use crate::applications::steps;
use crate::units;
use crate::forms::{FormState, Message};
use crate::prefs::{Lang, Role};
use crate::state::AppState;
use crate::storage::{AuditEntry, NewEvaluation, RectificationChange, RectificationStep, Store, StoreResult};
use crate::web::{Admin, AppError, AppResult, CurrentUser, FormPairs};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
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
async fn rate(State(state): State<AppState>, user: Option<CurrentUser>, lang: Lang, Path((kind, key)): Path<(String, String)>, pairs: FormPairs) -> AppResult {
    let user = user.ok_or(AppError::NotFound)?;
    let store = &*state.store;
    let subject = resolve(store, &kind, &key, lang)
        .await?
        .filter(|s| s.resident_id == user.id && user.role == Role::Resident)
        .ok_or(AppError::NotFound)?;
    let page = format!("/rate/{kind}/{key}");
    let mut form = FormState::default();
    let mut levels = [0_i64; 5];
    for (i, (name, _, _)) in INDICATORS.iter().enumerate() {
        let raw = pairs.get(name);
        form.values.insert(name.to_string(), raw.clone());
        match raw.parse::<i64>() {
            Ok(l) if (1..=5).contains(&l) => levels[i] = l,
            _ => form.refuse(name, Message::new("ratings-choose-a-level")),
        }
    }
    let comment = pairs.get("comment");
    form.values.insert("comment".into(), comment.clone());
    if comment.chars().count() > 500 {
        form.refuse("comment", Message::new("ratings-at-most-500-characters"));
    }
    if !subject.finished {
        form.refuse("overall", Message::new("ratings-you-can-rate-it-once-it-2"));
    }
    if !form.is_ok() {
        return Err(AppError::invalid(form).on_page(page));
    }
    let now = state.now();
    let result = async {
        // A bad rating of an application or feedback item opens a case; a rectification's own
        // rating closes the loop and opens nothing.
        let (rectify_by, notices) = if is_bad(levels[0]) && subject.kind != "rectification" {
            let deadline = steps::deadline_from(store, state.today(), rectification_days(store).await?).await?;
            let ids = units::members(store, &subject.unit_kind, &subject.unit_code, false).await?;
            let told = Message::new("notice-rating-bad").with("title", &subject.title)
                .with_names("level", super::level_label(levels[0], Lang::Zh), super::level_label(levels[0], Lang::En)).with("deadline", &deadline);
            let notices = steps::notices(store, &ids, "rectification", &told).await?;
            (Some(deadline), notices)
        } else {
            (None, vec![])
        };
        let e = NewEvaluation {
            subject_kind: subject.kind,
            subject_id: subject.id,
            resident_id: user.id,
            unit_kind: subject.unit_kind.clone(),
            unit_code: subject.unit_code.clone(),
            levels,
            comment: comment.chars().take(500).collect(),
        };
        store.save_evaluation(&e, rectify_by, &notices, now, now - CHANGE_WINDOW_SECS).await
    }
    .await;
    if result?.is_none() {
        let mut form = FormState::default();
        form.notice = Some(Message::new("ratings-a-rating-can-only-be-changed"));
        return Err(AppError::conflict(form).on_page(page));
    }
    state.feedback_changed();
    Ok(Redirect::to(&format!("{}?rated=1", subject.link)).into_response())
}

/// POST `/rectifications/{id}/{action}`: call (回访), fix or explain, appeal; an admin upholds
/// or dismisses an appeal.
async fn step(State(state): State<AppState>, user: Option<CurrentUser>, Path((id, action)): Path<(i64, String)>, pairs: FormPairs) -> AppResult {
    let user = user.ok_or(AppError::NotFound)?;
    let store = &*state.store;
    let r = store.rectification(id).await?.ok_or(AppError::NotFound)?;
    let action = Action::from_path(&action).ok_or(AppError::NotFound)?;
    let actor = if units::works_for(&user, &r.unit_kind, &r.unit_code) {
        Actor::Unit
    } else if user.role == Role::Admin {
        Actor::Admin
    } else {
        return Err(AppError::NotFound);
    };
    let rule = lifecycle::TABLE.rule(action, actor).ok_or(AppError::NotFound)?;
    let note: String = pairs.get("note").chars().take(2000).collect();
    let page = format!("/rectifications/{id}");
    if note.is_empty() {
        let mut form = FormState::default();
        form.refuse("note", Message::new("ratings-write-what-was-done-and-why"));
        return Err(AppError::invalid(form).on_page(page));
    }
    let mut s = RectificationStep::new(id, rule.from, rule.to.map(CaseStatus::as_str), action.as_str()).by(user.id).note(note.clone());
    let (tell, told): (Vec<i64>, Option<Message>) = match action {
        Action::Call => {
            s.effects = RectificationChange::Call;
            (vec![], None)
        }
        Action::Fix | Action::Explain => {
            s.effects = RectificationChange::Outcome(if action == Action::Fix { "fixed" } else { "explained" });
            (vec![r.resident_id], Some(Message::new("notice-rating-followed-up")))
        }
        Action::Appeal => {
            s.effects = RectificationChange::Appeal;
            (store.users_with_role("admin").await?, Some(Message::new("notice-rating-appeal")))
        }
        Action::Uphold | Action::Dismiss => {
            s.effects = RectificationChange::Decision { upheld: action == Action::Uphold };
            let mut ids = units::members(store, &r.unit_kind, &r.unit_code, false).await?;
            ids.push(r.resident_id);
            (ids, Some(if action == Action::Uphold { Message::new("notice-rating-appeal-upheld") } else { Message::new("notice-rating-appeal-dismissed") }))
        }
    };
    s.audit.push(AuditEntry { actor_id: user.id, subject_id: r.resident_id, action: format!("rectification_{}", action.as_str()), detail: format!("{id}: {note}") });
    if let Some(told) = told {
        let message = told.with("case", id.to_string()).with("note", &note);
        s.notices = steps::notices(store, &tell, "rectification", &message).await?;
    }
    if !store.rectification_step(&s, state.now()).await? {
        let mut form = FormState::default();
        form.notice = Some(Message::new("ratings-the-case-has-changed-here-is"));
        return Err(AppError::conflict(form).on_page(page));
    }
    state.feedback_changed(); // an upheld appeal sets the rating aside
    Ok(Redirect::to(&page).into_response())
}

/// POST `/admin/rectification-days`: the time units have for a rectification case.
async fn set_days(State(state): State<AppState>, admin: Admin, pairs: FormPairs) -> AppResult {
    let raw = pairs.get("days");
    let Some(days) = raw.parse::<i64>().ok().filter(|d| (1..=60).contains(d)) else {
        let mut form = FormState::default();
        form.values.insert("rectification_days".into(), raw);
        form.refuse("rectification_days", Message::new("ratings-enter-working-days-from-1-to"));
        return Err(AppError::invalid(form).on_page("/admin/feedback"));
    };
    state.store.set_setting("rectification_days", &days.to_string()).await?;
    state.store.audit(state.now(), Some(admin.id), None, "rectification_days_set", &days.to_string()).await?;
    Ok(Redirect::to("/admin/feedback?saved=1").into_response())
}

//! `POST /feedback/{ref}/{action}`: one step of an item's lifecycle (`lifecycle::TABLE`), by the
//! owning unit or by the resident. The table says who may take it from where; this file adds what
//! each step needs (a note, a target unit, a new deadline) and whom it tells.
use super::handlers::{item, note_or_template};
use super::lifecycle::{self, Action, Actor, FeedbackStatus};
use super::server::ssr::speaks_for;
use crate::applications::steps;
use crate::forms::{Message, FormState};
use crate::state::AppState;
use crate::storage::{AuditEntry, FeedbackRow, FeedbackStep, Store};
use crate::units;
use crate::web::{AppError, AppResult, CurrentUser, FormPairs};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};

/// Who hears about a step, and what they are told in each language.
struct Told {
    ids: Vec<i64>,
    message: Option<Message>,
}

pub async fn act(State(state): State<AppState>, user: Option<CurrentUser>, Path((ref_no, action)): Path<(String, String)>, pairs: FormPairs) -> AppResult {
    let user = user.ok_or(AppError::NotFound)?.0;
    let f = item(&state, &ref_no).await?;
    let action = Action::from_path(&action).ok_or(AppError::NotFound)?;
    let is_unit = units::works_for(&user, &f.unit_kind, &f.unit_code);
    let rule = match lifecycle::TABLE.rule(action, Actor::Unit) {
        Some(r) if is_unit => r,
        _ => match lifecycle::TABLE.rule(action, Actor::Resident) {
            Some(r) if speaks_for(&state, &user, &f).await? => r,
            _ => return Err(AppError::NotFound),
        },
    };
    let page = format!("/feedback/{ref_no}");
    let note = note_or_template(&pairs);
    let mut step = FeedbackStep::new(f.id, rule.from, rule.to.map(FeedbackStatus::as_str), action.event()).by(user.id).note(note.clone());
    let refuse = |field: &str, message: Message| {
        let mut form = FormState::default();
        form.values.insert("note".into(), pairs.get("note"));
        form.refuse(field, message);
        AppError::invalid(form).on_page(page.clone())
    };
    let store = &*state.store;
    // A transfer names its target first; then every step that must carry words is checked.
    let target = match action {
        Action::Transfer => Some(transfer_target(store, &f, &pairs.get("to")).await?.ok_or_else(|| refuse("to", Message::new("feedback-choose-where-to-transfer-it")))?),
        _ => None,
    };
    if let Some(message) = note_needed(action).filter(|_| note.is_empty()) {
        return Err(refuse("note", message));
    }
    let told = match action {
        Action::Reply | Action::Ask | Action::Close => unit_answers(store, &f, &mut step, action, user.id, state.today()).await?,
        Action::Transfer => {
            let target = target.ok_or(AppError::NotFound)?;
            step.audit.push(AuditEntry { actor_id: user.id, subject_id: f.resident_id.unwrap_or(user.id), action: "feedback_transferred".into(),
                detail: format!("{} → {}:{}", f.ref_no, target.0, target.1) });
            transfer(store, &f, &mut step, target).await?
        }
        Action::Note => {
            step.effects.private = true;
            Told { ids: vec![], message: None }
        }
        Action::Answer => Told { ids: unit_side(store, &f).await?,
            message: Some(Message::new("notice-feedback-answered").with("ref", &f.ref_no).with("note", &note)) },
        Action::Confirm => {
            step.effects.public = f.is_public == 1;
            Told { ids: unit_side(store, &f).await?, message: Some(Message::new("notice-feedback-confirmed").with("ref", &f.ref_no)) }
        }
        Action::Reopen => reopen(store, &f, &mut step, state.today()).await?,
    };
    if let Some(message) = &told.message {
        step.notices = steps::notices(store, &told.ids, step.event_kind, message).await?;
    }
    if !store.feedback_step(&step, state.now()).await? {
        let mut form = FormState::default();
        form.notice = Some(Message::new("feedback-this-item-has-changed-someone-may"));
        return Err(AppError::conflict(form).on_page(page));
    }
    state.feedback_changed();
    Ok(Redirect::to(&page).into_response())
}

/// What to say when a step that must carry words comes without them.
fn note_needed(action: Action) -> Option<Message> {
    Some(Message::new(match action {
        Action::Reply | Action::Ask | Action::Close => "feedback-write-the-reply-or-choose-a-template",
        Action::Transfer => "feedback-give-the-reason-for-the-transfer",
        Action::Note => "feedback-write-the-note",
        Action::Answer => "feedback-write-your-answer",
        Action::Reopen => "feedback-say-what-is-still-not-fixed",
        Action::Confirm => return None,
    }))
}

/// The resident and whoever follows the item.
async fn resident_side(store: &dyn Store, f: &FeedbackRow) -> crate::storage::StoreResult<Vec<i64>> {
    let mut ids: Vec<i64> = f.resident_id.into_iter().collect();
    ids.extend(store.feedback_followers(f.id).await?);
    Ok(ids)
}

/// Whoever took the item in the unit, or the whole unit while nobody has.
async fn unit_side(store: &dyn Store, f: &FeedbackRow) -> crate::storage::StoreResult<Vec<i64>> {
    match f.handler_id {
        Some(h) => Ok(vec![h]),
        None => units::members(store, &f.unit_kind, &f.unit_code, false).await,
    }
}

/// A reply, a question or the closing answer: the one answering becomes the item's handler.
async fn unit_answers(store: &dyn Store, f: &FeedbackRow, step: &mut FeedbackStep, action: Action, user_id: i64, today: chrono::NaiveDate)
    -> AppResult<Told> {
    let (ref_no, note) = (&f.ref_no, step.note.clone());
    step.effects.handler_id = Some(user_id);
    step.effects.first_reply = true;
    step.effects.closes_on = (action == Action::Close).then(|| today.to_string());
    step.effects.public = f.is_public == 1 && action != Action::Ask;
    let id = match action {
        Action::Reply => "notice-feedback-reply",
        Action::Ask => "notice-feedback-ask",
        _ => "notice-feedback-closed",
    };
    let message = Message::new(id).with("ref", ref_no).with("note", note);
    Ok(Told { ids: resident_side(store, f).await?, message: Some(message) })
}

/// The unit to hand the item to, if `target` ("kind:code") names another real unit.
async fn transfer_target(store: &dyn Store, f: &FeedbackRow, target: &str) -> AppResult<Option<(String, String)>> {
    let Some((kind, code)) = target.split_once(':') else { return Ok(None) };
    let other = !(kind == f.unit_kind && code == f.unit_code);
    let known = units::all(store).await?.iter().any(|u| u.0 == kind && u.1 == code);
    Ok((known && other).then(|| (kind.to_string(), code.to_string())))
}

async fn transfer(store: &dyn Store, f: &FeedbackRow, step: &mut FeedbackStep, (kind, code): (String, String)) -> AppResult<Told> {
    let note = step.note.clone();
    step.effects.public = f.is_public == 1;
    let ids = units::members(store, &kind, &code, false).await?;
    step.effects.transfer_to = Some((kind, code));
    let message = Message::new("notice-feedback-transferred").with("ref", &f.ref_no).with("title", &f.title).with("note", note)
        .with("deadline", &f.deadline);
    Ok(Told { ids, message: Some(message) })
}

/// "Still not fixed": the clock restarts and the unit's supervisors hear of it too.
async fn reopen(store: &dyn Store, f: &FeedbackRow, step: &mut FeedbackStep, today: chrono::NaiveDate) -> AppResult<Told> {
    let days = store.feedback_categories().await?.iter().find(|c| c.code == f.category_code).map(|c| c.deadline_days).unwrap_or(5);
    let deadline = steps::deadline_from(store, today, days).await?;
    step.effects.public = f.is_public == 1;
    step.effects.reopens = true;
    step.effects.deadline = Some(deadline.clone());
    let mut ids = unit_side(store, f).await?;
    ids.extend(units::members(store, &f.unit_kind, &f.unit_code, true).await?);
    let (ref_no, note) = (&f.ref_no, &step.note);
    let message = Message::new("notice-feedback-reopened").with("ref", ref_no).with("title", &f.title).with("note", note)
        .with("deadline", deadline);
    Ok(Told { ids, message: Some(message) })
}

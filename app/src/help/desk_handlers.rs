//! The community desk's posts (`/work/help/…`): 派单 or 接单, asking for help for a resident
//! (after a visit or a call), deciding on volunteers (approve, decline, suspend with a reason,
//! reinstate) and correcting recorded hours with a reason. Every one is audited.
use super::handlers::{checked_request, file_request};
use super::lifecycle::VolunteerAction;
use super::load::mode_setting;
use crate::forms::{FormState, Message};
use crate::state::AppState;
use crate::applications::access::staff_channel;
use crate::storage::{AuditEntry, NewHelpRequest};
use crate::web::{AppError, AppResult, CurrentUser, FormPairs};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use axum::routing::post;
use axum::Router;
use linli_types::Role;

const DESK: &str = "/work/help";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/work/help/mode", post(set_mode))
        .route("/work/help/requests", post(ask_for))
        .route("/work/help/volunteers/{id}/{action}", post(decide))
        .route("/work/help/hours/{id}", post(correct))
        .route("/admin/time-bank", post(set_gift_cap))
}

/// The community whose desk this is: staff of a community only.
fn desk_community(user: &CurrentUser) -> Result<String, AppError> {
    match (&user.role, &user.community_code) {
        (Role::Staff, Some(c)) => Ok(c.clone()),
        _ => Err(AppError::NotFound),
    }
}

fn refused(field: &str, message: &'static str) -> AppError {
    super::handlers::refused(field, message, DESK)
}

async fn set_mode(State(state): State<AppState>, user: CurrentUser, pairs: FormPairs) -> AppResult {
    let community = desk_community(&user)?;
    let mode = pairs.get("mode");
    if !["direct", "dispatch"].contains(&mode.as_str()) {
        return Err(refused("mode", "help-choose-mode"));
    }
    state.store.set_setting(&mode_setting(&community), &mode).await?;
    state.store.audit(state.now(), Some(user.id), None, "help_mode_set", &format!("{community} {mode}")).await?;
    Ok(Redirect::to(DESK).into_response())
}

/// POST `/work/help/requests`: staff ask for help for a resident of their community, found by
/// phone.
async fn ask_for(State(state): State<AppState>, user: CurrentUser, pairs: FormPairs) -> AppResult {
    let community = desk_community(&user)?;
    let person = match crate::accounts::validate::mobile(&pairs.get("phone")) {
        Ok(p) => state.store.user_by_phone(&p).await?.filter(|u| u.role == Role::Resident && u.closed_at.is_none()),
        Err(_) => None,
    };
    let home = match &person {
        Some(p) => super::load::home_community(&*state.store, p).await?,
        None => None,
    };
    let here = person.filter(|_| home.as_deref() == Some(community.as_str()));
    let checked = checked_request(&state, &pairs);
    let mut form = checked.clone().err().unwrap_or_default();
    for key in ["kind", "details", "needed_on", "time_slot"] {
        form.values.insert(key.into(), pairs.get(key).chars().take(400).collect());
    }
    let (consent, channel) = staff_channel(|k| pairs.get(k), &user.name, &mut form);
    let (Some(person), Ok(r), true) = (here.clone(), &checked, form.is_ok()) else {
        form.values.insert("phone".into(), pairs.get("phone").chars().take(20).collect());
        // The phone is refused only when it is not a resident of this community.
        if here.is_none() {
            form.refuse("phone", Message::new("help-no-such-resident-here"));
        }
        return Err(AppError::invalid(form).on_page(DESK));
    };
    let r = NewHelpRequest { channel: channel.as_str(), consent_note: consent, ..r.clone() };
    let id = file_request(&state, &person, &user, "staff", r, DESK).await?;
    Ok(Redirect::to(&format!("/help/{id}")).into_response())
}

/// POST `/work/help/volunteers/{id}/{approve|decline|suspend|reinstate}`.
async fn decide(State(state): State<AppState>, user: CurrentUser, Path((id, action)): Path<(i64, String)>, pairs: FormPairs) -> AppResult {
    let community = desk_community(&user)?;
    let action = VolunteerAction::from_path(&action).ok_or(AppError::NotFound)?;
    let reason = pairs.get("reason").trim().chars().take(200).collect::<String>();
    if action.needs_reason() && reason.chars().count() < 2 {
        return Err(refused(&format!("reason-{id}"), "help-give-reason"));
    }
    let (from, to) = action.step();
    let audit = AuditEntry { actor_id: user.id, subject_id: id, action: format!("volunteer_{to}"), detail: reason.clone() };
    if !state.store.set_volunteer_status(id, &community, from, to, &reason, &audit, state.now()).await? {
        return Err(AppError::NotFound);
    }
    let message = if to == "active" { "help-volunteer-approved" } else { "help-volunteer-status-changed" };
    super::handlers::tell_at(&state, &[id], message, "/volunteer").await?;
    Ok(Redirect::to(DESK).into_response())
}

/// POST `/work/help/hours/{id}`: correct an entry's minutes, with a reason (kept beside it).
async fn correct(State(state): State<AppState>, user: CurrentUser, Path(id): Path<i64>, pairs: FormPairs) -> AppResult {
    let community = desk_community(&user)?;
    let minutes = pairs.get("minutes").parse::<i64>().ok().filter(|m| (0..=720).contains(m));
    let reason = pairs.get("reason").trim().chars().take(200).collect::<String>();
    let Some(minutes) = minutes else { return Err(refused(&format!("minutes-{id}"), "help-minutes-0-720")) };
    if reason.chars().count() < 2 {
        return Err(refused(&format!("minutes-{id}"), "help-give-reason"));
    }
    let audit = AuditEntry { actor_id: user.id, subject_id: 0, action: "volunteer_hours_corrected".into(), detail: format!("hours {id}: {minutes} min, {reason}") };
    if !state.store.correct_hours(id, &community, minutes, &reason, &audit, state.now()).await? {
        return Err(AppError::NotFound);
    }
    Ok(Redirect::to(DESK).into_response())
}

/// POST `/admin/time-bank`: the district's yearly cap on hours one person may give (audited).
async fn set_gift_cap(State(state): State<AppState>, user: CurrentUser, pairs: FormPairs) -> AppResult {
    if user.role != Role::Admin {
        return Err(AppError::NotFound);
    }
    let Some(hours) = pairs.get("hours").parse::<i64>().ok().filter(|h| (1..=1000).contains(h)) else {
        let mut form = FormState::default();
        form.values.insert("hours".into(), pairs.get("hours").chars().take(10).collect());
        form.refuse("hours", Message::new("help-cap-1-1000"));
        return Err(AppError::invalid(form).on_page("/admin/time-bank"));
    };
    state.store.set_setting(super::load::GIFT_CAP_SETTING, &hours.to_string()).await?;
    state.store.audit(state.now(), Some(user.id), None, "time_bank_cap_set", &format!("{hours} h")).await?;
    Ok(Redirect::to("/admin/time-bank?saved=1").into_response())
}

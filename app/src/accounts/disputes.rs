//! 身份争议: someone registers with an ID number another account already holds. Their account
//! opens with the number only claimed (a keyed hash; `id_number` holds a placeholder), at level 0
//! for applications. At the counter, staff of their community type the number from the card they
//! hold; if it is the number claimed, it moves: the holder loses it (and its confirmed identity),
//! the holder's open applications are frozen and flagged to their departments, and both people
//! are told (`POST /staff/residents/{id}/claim`).
use crate::applications::steps;
use crate::forms::{FormState, Message};
use crate::state::AppState;
use crate::storage::{IdMove, Notice};
use crate::web::{AppError, AppResult, MaybeUser, PostForm};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use serde::Deserialize;

/// A unique stand-in for the number an account claims (never a valid ID number).
pub fn claim_placeholder() -> String {
    use rand::Rng;
    format!("claim-{:016x}", rand::rngs::OsRng.gen::<u64>())
}

#[derive(Deserialize)]
pub(super) struct ClaimForm {
    #[serde(default)]
    id_seen: String,
}

const PAGE: &str = "/staff/residents";

pub(super) async fn settle_claim(State(state): State<AppState>, user: MaybeUser, Path(claimant_id): Path<i64>, PostForm(f): PostForm<ClaimForm>) -> AppResult {
    let (user, community, claimant, home) = super::identity_handlers::at_the_counter(&state, user, claimant_id).await?;
    let claim_key = claimant.id_claim_key.clone().ok_or(AppError::NotFound)?;
    let store = &*state.store;
    let mut form = FormState::default();
    form.values.insert("resident".into(), claimant_id.to_string());
    let seen = super::identity_handlers::number_on_the_card(&f.id_seen, &mut form)?;
    if state.config.keys.id_key(&seen) != claim_key {
        form.refuse("id_seen", Message::new("dispute-card-is-not-the-claim"));
        return Err(AppError::invalid(form).on_page(PAGE));
    }
    let mut notices = steps::notices(store, &[claimant.id], "identity", &Message::new("notice-id-moved-here")).await?;
    let holder = store.user_by_id_number(&seen).await?;
    if let Some(holder) = &holder {
        let told = Message::new("notice-id-moved-away").with_names("community", &home.community_name, &home.community_name_en);
        notices.extend(steps::notices(store, &[holder.id], "identity", &told).await?.into_iter().map(|n| Notice { sms_to: Some(holder.phone.clone()), ..n }));
        for a in store.applications_of(holder.id).await?.iter().filter(|a| crate::applications::Status::parse(&a.status).is_some_and(|s| s.is_open())) {
            let officers: Vec<i64> = store.officers(&a.department_code, false).await?.iter().map(|o| o.id).collect();
            let frozen = Message::new("notice-application-frozen").with("ref", &a.ref_no);
            notices.extend(steps::notices(store, &officers, "frozen", &frozen).await?);
        }
    }
    let open_states = crate::applications::Status::ALL.into_iter().filter(|s| s.is_open()).map(|s| s.as_str()).collect();
    let change = IdMove { claimant_id, claim_key, id_number: seen, staff_id: user.id, community, open_states, notices };
    if !store.move_id_number(&change, state.now()).await? {
        form.notice = Some(Message::new("dispute-already-settled"));
        return Err(AppError::conflict(form).on_page(PAGE));
    }
    Ok(Redirect::to("/staff/residents?moved=1").into_response())
}

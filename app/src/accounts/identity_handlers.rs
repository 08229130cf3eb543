//! Reaching L2: online through the configured identity verifier (`POST /me/identity`), or at the
//! community counter, where staff type the number on the ID card they hold
//! (`POST /staff/residents/{id}/verify`).
use super::assurance::{ssr::level_of, Level};
use super::identity::{Verdict, VerifierError};
use super::validate;
use crate::forms::{FormState, Message};
use crate::prefs::Role;
use crate::state::AppState;
use crate::storage::{BuildingRow, IdentityCheck, UserRecord};
use crate::web::{AppError, AppResult, ClientAddr, CurrentUser, Limit, MaybeUser, PostForm, Resident};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::routing::post;
use axum::Router;
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/me/identity", post(check_online))
        .route("/staff/residents/{id}/verify", post(verify_in_person))
        .route("/staff/residents/{id}/claim", post(super::disputes::settle_claim))
}

/// Mismatches a day before the online check stops offering itself to an account.
pub const ONLINE_MISMATCHES_PER_DAY: usize = 3;

#[derive(Deserialize)]
struct OnlineForm {
    #[serde(default)]
    consent: String,
}

/// The online check of the account's own name and ID number. Only offered when a verifier is
/// configured; a mismatch sends the resident to the counter after a few tries a day.
async fn check_online(State(state): State<AppState>, ClientAddr(addr): ClientAddr, user: Resident, PostForm(f): PostForm<OnlineForm>) -> AppResult {
    let verifier = state.config.identity.clone().ok_or(AppError::NotFound)?;
    // A claimed (or lost) ID number is settled at the counter, with the card, never online.
    if !user.holds_id_number() {
        return Err(AppError::NotFound);
    }
    if level_of(&user) >= Level::Identity {
        return Ok(Redirect::to("/me/identity").into_response());
    }
    let mut form = FormState::default();
    state.limits.check(Limit::IdentityCheck, addr).await.map_err(|e| e.too_many(form.clone(), "consent"))?;
    if f.consent != "yes" {
        form.refuse("consent", Message::new("identity-consent-needed"));
        return Err(AppError::invalid(form));
    }
    let now = state.now();
    let recent = state.store.audit_for_subject(user.id, 50).await?;
    let mismatches = recent.iter().filter(|a| a.action == "identity_online_mismatch" && a.at > now - 86_400).count();
    if mismatches >= ONLINE_MISMATCHES_PER_DAY {
        form.refuse("consent", Message::new("identity-online-tries-used"));
        return Err(AppError::Refused { form, status: StatusCode::TOO_MANY_REQUESTS, page: None });
    }
    match verifier.verify(&user.name, &user.id_number).await {
        Ok(Verdict::Match { reference }) => {
            let check = IdentityCheck { user_id: user.id, checked_by: None, method: "online", detail: reference };
            state.store.mark_identity_checked(&check, now).await?;
            Ok(Redirect::to("/me/identity?done=1").into_response())
        }
        Ok(Verdict::Mismatch) => {
            state.store.audit(now, Some(user.id), Some(user.id), "identity_online_mismatch", "").await?;
            form.refuse("consent", Message::new("identity-online-mismatch"));
            Err(AppError::invalid(form))
        }
        Err(e) => {
            if let VerifierError::Refused(_) = e {
                tracing::error!(error = %e, "the identity service refused our request");
            } else {
                tracing::warn!(error = %e, "the identity service did not answer");
            }
            form.refuse("consent", Message::new("identity-online-unavailable"));
            Err(AppError::Refused { form, status: StatusCode::SERVICE_UNAVAILABLE, page: None })
        }
    }
}

/// Where staff check identities, and where a refused check is drawn again.
const COUNTER: &str = "/staff/residents";

/// Staff of the resident's own community, and the resident with their home building. Anyone
/// else, or a resident of another community, meets a 404: the record's existence is not revealed.
pub(super) async fn at_the_counter(state: &AppState, user: MaybeUser, resident_id: i64) -> AppResult<(CurrentUser, String, UserRecord, BuildingRow)> {
    let user = user.ok_or(AppError::SignIn { next: Some(COUNTER.into()) })?;
    let community = user.community_code.clone().filter(|_| user.role == Role::Staff).ok_or(AppError::NotFound)?;
    let resident = state.store.user_by_id(resident_id).await?.filter(|r| r.role == Role::Resident).ok_or(AppError::NotFound)?;
    let home = match resident.building_id {
        Some(b) => state.store.building(b).await?.filter(|b| b.community_code == community),
        None => None,
    };
    let home = home.ok_or(AppError::NotFound)?;
    Ok((user, community, resident, home))
}

/// The ID number staff typed from the card, or the page again with the problem beside it.
pub(super) fn number_on_the_card(typed: &str, form: &mut FormState) -> AppResult<String> {
    validate::resident_id(typed, crate::time::today()).map_err(|problem| {
        form.refuse("id_seen", problem.message());
        AppError::invalid(form.clone()).on_page(COUNTER)
    })
}

#[derive(Deserialize)]
struct CounterForm {
    #[serde(default)]
    id_seen: String,
}

/// 线下核验: staff of the resident's own community, holding the ID card, type its number; it
/// must be the number on the account. Anyone else, or a resident of another community, meets a
/// 404 — the record's existence is not revealed.
async fn verify_in_person(State(state): State<AppState>, user: MaybeUser, Path(resident_id): Path<i64>, PostForm(f): PostForm<CounterForm>) -> AppResult {
    let (user, community, resident, _) = at_the_counter(&state, user, resident_id).await?;
    let mut form = FormState::default();
    form.values.insert("resident".into(), resident_id.to_string());
    let seen = number_on_the_card(&f.id_seen, &mut form)?;
    if seen != resident.id_number {
        // Not this account's number: the card's holder may be someone else, or the account may
        // hold a number that is not theirs (a dispute the office settles).
        form.refuse("id_seen", Message::new("identity-card-does-not-match"));
        return Err(AppError::invalid(form).on_page(COUNTER));
    }
    let check = IdentityCheck { user_id: resident.id, checked_by: Some(user.id), method: "in_person", detail: community };
    state.store.mark_identity_checked(&check, state.now()).await?;
    Ok(Redirect::to("/staff/residents?checked=1").into_response())
}

//! The posts behind the notice pages: writing a draft, moving it through its lifecycle,
//! acknowledging, recording who staff told in person, reminding the unreached, and the groups
//! a resident states about themselves. Plain form posts; each answers with a redirect.
use super::lifecycle::{Mover, NoticeAction, NoticeStatus, NOTICE_TABLE};
use super::load::{reader_of, Publisher};
use crate::forms::{FormState, Message};
use crate::state::AppState;
use crate::storage::{AuditEntry, NewPublicNotice, PublicNoticeRow};
use crate::web::{AppError, AppResult, CurrentUser, FormPairs};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use axum::routing::post;
use axum::Router;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/work/notices", post(write_draft))
        .route("/work/notices/{id}/{action}", post(act))
        .route("/notices/{id}/acknowledge", post(acknowledge))
        .route("/me/groups", post(set_groups))
        .route("/me/room", post(set_room))
        .route("/me/notice-settings", post(set_subscriptions))
}

const DESK: &str = "/work/notices";

fn publisher(user: &CurrentUser) -> Result<Publisher, AppError> {
    Publisher::of(user).ok_or(AppError::NotFound)
}

/// `,a,b,` from the chosen values that are among `allowed`.
fn chosen(values: Vec<String>, allowed: impl Fn(&str) -> bool) -> Result<String, ()> {
    if values.iter().any(|v| !allowed(v)) {
        return Err(());
    }
    Ok(if values.is_empty() { String::new() } else { format!(",{},", values.join(",")) })
}

/// The audience a form names (communities, buildings, groups as `,code,` lists), within the
/// publisher's reach; community staff address their own community unless they name buildings.
pub(crate) async fn audience_from(state: &AppState, p: &Publisher, pairs: &FormPairs) -> Result<(String, String, String), AppError> {
    let buildings = state.store.buildings().await?;
    let in_scope = |community: &str| p.community.as_deref().is_none_or(|c| c == community);
    let communities = chosen(pairs.all("communities"), |c| in_scope(c) && buildings.iter().any(|b| b.community_code == c));
    let building_ids = chosen(pairs.all("buildings"), |id| buildings.iter().any(|b| b.id.to_string() == id && in_scope(&b.community_code)));
    let groups = chosen(pairs.all("groups"), |g| super::GROUPS.contains(&g));
    let (Ok(mut communities), Ok(building_ids), Ok(groups)) = (communities, building_ids, groups) else {
        // Only a hand-made post names a place outside the publisher's reach.
        return Err(AppError::NotFound);
    };
    if communities.is_empty() && building_ids.is_empty() {
        if let Some(c) = &p.community {
            communities = format!(",{c},");
        }
    }
    Ok((communities, building_ids, groups))
}

/// What the form asks for, checked; refusals beside their fields.
async fn draft_from(state: &AppState, p: &Publisher, user: &CurrentUser, pairs: &FormPairs) -> Result<NewPublicNotice, AppError> {
    let mut form = FormState::default();
    for key in ["category", "title", "body", "expires_on"] {
        form.values.insert(key.into(), pairs.get(key).chars().take(5000).collect());
    }
    let (title, body, category) = (pairs.get("title").trim().to_string(), pairs.get("body").trim().to_string(), pairs.get("category"));
    if !(2..=60).contains(&title.chars().count()) {
        form.refuse("title", Message::new("notice-title-2-60"));
    }
    if body.is_empty() || body.chars().count() > 5000 {
        form.refuse("body", Message::new("notice-body-needed"));
    }
    if !super::CATEGORIES.contains(&category.as_str()) {
        form.refuse("category", Message::new("notice-choose-category"));
    }
    let (communities, building_ids, groups) = audience_from(state, p, pairs).await?;
    let expires_on = pairs.get("expires_on");
    if !expires_on.is_empty() && crate::applications::steps::parse_day(&expires_on).is_none_or(|d| d < state.today()) {
        form.refuse("expires_on", Message::new("notice-expiry-today-or-later"));
    }
    let catalogue = state.store.services().await?;
    let service_codes = chosen(pairs.all("services"), |code| catalogue.iter().any(|s| s.code == code)).unwrap_or_else(|_| {
        form.refuse("services", Message::new("notice-choose-listed-services"));
        String::new()
    });
    if !form.is_ok() {
        return Err(AppError::invalid(form).on_page(DESK));
    }
    Ok(NewPublicNotice {
        unit_kind: p.unit_kind.to_string(),
        unit_code: p.unit_code.clone(),
        author_id: user.id,
        search_text: super::search_text(&title, &body),
        category,
        title,
        body,
        communities,
        buildings: building_ids,
        target_groups: groups,
        ack_required: pairs.get("ack_required") == "1",
        pinned: pairs.get("pinned") == "1",
        expires_on,
        replaces_id: None,
        service_codes,
    })
}

/// POST `/work/notices`: a new draft; it is previewed on its own page before publishing.
async fn write_draft(State(state): State<AppState>, user: CurrentUser, pairs: FormPairs) -> AppResult {
    let p = publisher(&user)?;
    let draft = draft_from(&state, &p, &user, &pairs).await?;
    let id = state.store.create_public_notice(&draft, state.now()).await?;
    Ok(Redirect::to(&format!("{DESK}/{id}")).into_response())
}

async fn owned(state: &AppState, user: &CurrentUser, id: i64) -> Result<(Publisher, PublicNoticeRow), AppError> {
    let p = publisher(user)?;
    let n = state.store.public_notice(id).await?.filter(|n| p.owns(n)).ok_or(AppError::NotFound)?;
    Ok((p, n))
}

/// POST `/work/notices/{id}/{publish|schedule|unschedule|withdraw|copy|told|remind}`.
async fn act(State(state): State<AppState>, user: CurrentUser, Path((id, action)): Path<(i64, String)>, pairs: FormPairs) -> AppResult {
    let (_, n) = owned(&state, &user, id).await?;
    let page = format!("{DESK}/{id}");
    match action.as_str() {
        "copy" => return copy(&state, &user, &n).await,
        "told" => return told(&state, &user, &n, &pairs).await,
        "remind" => return remind(&state, &n).await,
        _ => {}
    }
    let action = NoticeAction::from_path(&action).ok_or(AppError::NotFound)?;
    let rule = NOTICE_TABLE.rule(action, Mover::Publisher).ok_or(AppError::NotFound)?;
    let to = rule.to.ok_or_else(|| AppError::internal("a notice step without a target"))?;
    let mut form = FormState::default();
    let publish_at = if action == NoticeAction::Schedule {
        let at = parse_local(&pairs.get("publish_at")).filter(|t| *t > state.now());
        if at.is_none() {
            form.values.insert("publish_at".into(), pairs.get("publish_at"));
            form.refuse("publish_at", Message::new("notice-schedule-in-future"));
        }
        at
    } else {
        None
    };
    let reason: String = pairs.get("reason").trim().chars().take(300).collect();
    if action == NoticeAction::Withdraw && reason.is_empty() {
        form.refuse("reason", Message::new("notice-give-reason"));
    }
    if !form.is_ok() {
        return Err(AppError::invalid(form).on_page(page));
    }
    let audit = AuditEntry { actor_id: user.id, subject_id: user.id, action: format!("notice_{}", to.as_str()), detail: format!("notice {id} {reason}") };
    if !state.store.move_public_notice(id, rule.from, to.as_str(), publish_at, &reason, &audit, state.now()).await? {
        return Err(AppError::conflict(FormState::default()).on_page(page));
    }
    if to == NoticeStatus::Published {
        super::delivery::deliver(&*state.store, id, state.now()).await?;
    }
    Ok(Redirect::to(&page).into_response())
}

/// `2026-12-02T09:00` from a `datetime-local` field, in Beijing time.
fn parse_local(s: &str) -> Option<i64> {
    let t = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").ok()?;
    t.and_local_timezone(crate::time::shanghai()).single().map(|t| t.timestamp())
}

/// A withdrawn notice is changed by republishing: a new draft with its text, which says
/// which notice it replaces.
async fn copy(state: &AppState, user: &CurrentUser, n: &PublicNoticeRow) -> AppResult {
    if n.status != NoticeStatus::Withdrawn.as_str() {
        return Err(AppError::NotFound);
    }
    let draft = NewPublicNotice {
        unit_kind: n.unit_kind.clone(), unit_code: n.unit_code.clone(), author_id: user.id, category: n.category.clone(),
        title: n.title.clone(), body: n.body.clone(), communities: n.communities.clone(), buildings: n.buildings.clone(),
        target_groups: n.target_groups.clone(), ack_required: n.ack_required == 1, pinned: n.pinned == 1,
        expires_on: n.expires_on.clone(), search_text: super::search_text(&n.title, &n.body), replaces_id: Some(n.id),
        service_codes: n.service_codes.clone(),
    };
    let id = state.store.create_public_notice(&draft, state.now()).await?;
    state.store.copy_notice_files(n.id, id).await?;
    Ok(Redirect::to(&format!("{DESK}/{id}")).into_response())
}

/// Staff told a resident in person or by phone: counted as reached, audited with who and how.
async fn told(state: &AppState, user: &CurrentUser, n: &PublicNoticeRow, pairs: &FormPairs) -> AppResult {
    let how = pairs.get("how");
    if n.status != NoticeStatus::Published.as_str() || !["in_person", "phone"].contains(&how.as_str()) {
        return Err(AppError::NotFound);
    }
    let resident_id: i64 = pairs.get("resident").parse().map_err(|_| AppError::NotFound)?;
    let resident = state.store.user_by_id(resident_id).await?.ok_or(AppError::NotFound)?;
    let reader = reader_of(&*state.store, &resident).await?.ok_or(AppError::NotFound)?;
    if state.store.notice_receipt(n.id, resident.id).await?.is_none() && !state.store.addresses(n.id, &reader).await? {
        return Err(AppError::NotFound);
    }
    let audit = AuditEntry { actor_id: user.id, subject_id: resident.id, action: format!("notice_told_{how}"), detail: format!("notice {}", n.id) };
    state.store.record_notice_told(n.id, &reader, &how, &audit, state.now()).await?;
    Ok(Redirect::to(&format!("{DESK}/{}", n.id)).into_response())
}

/// A reminder to exactly the residents not reached yet (inbox, and SMS where they take it).
async fn remind(state: &AppState, n: &PublicNoticeRow) -> AppResult {
    if n.status != NoticeStatus::Published.as_str() {
        return Err(AppError::NotFound);
    }
    let ids: Vec<i64> = state.store.unreached(n.id, 5_000).await?.into_iter().map(|u| u.user_id).collect();
    let message = Message::new("notice-reminder").with("title", &n.title);
    let notices = crate::applications::steps::notices(&*state.store, &ids, "public_notice", &message).await?;
    state.store.notify(&notices, &format!("/notices/{}", n.id), state.now()).await?;
    Ok(Redirect::to(&format!("{DESK}/{}?reminded={}", n.id, ids.len())).into_response())
}

/// POST `/notices/{id}/acknowledge`: "我已知晓", by a resident the notice addresses.
async fn acknowledge(State(state): State<AppState>, user: CurrentUser, Path(id): Path<i64>) -> AppResult {
    let reader = reader_of(&*state.store, &user).await?.ok_or(AppError::NotFound)?;
    let n = state.store.public_notice(id).await?.ok_or(AppError::NotFound)?;
    if n.status != NoticeStatus::Published.as_str() || n.ack_required != 1 || !state.store.addresses(id, &reader).await? {
        return Err(AppError::NotFound);
    }
    state.store.acknowledge_notice(id, &reader, state.now()).await?;
    Ok(Redirect::to(&format!("/notices/{id}")).into_response())
}

/// POST `/me/groups`: the groups a resident states, only with the consent box ticked.
async fn set_groups(State(state): State<AppState>, user: CurrentUser, pairs: FormPairs) -> AppResult {
    let groups: Vec<String> = pairs.all("groups").into_iter().filter(|g| super::GROUPS.contains(&g.as_str())).collect();
    if !groups.is_empty() && pairs.get("consent") != "1" {
        let mut form = FormState::default();
        form.refuse("consent", Message::new("notice-groups-consent-needed"));
        return Err(AppError::invalid(form).on_page("/me/groups"));
    }
    state.store.set_user_groups(user.id, &groups, state.now()).await?;
    Ok(Redirect::to("/me/groups?saved=1").into_response())
}

/// POST `/me/room`: the resident's door within their building, which makes their household.
async fn set_room(State(state): State<AppState>, user: CurrentUser, pairs: FormPairs) -> AppResult {
    if user.role != crate::prefs::Role::Resident {
        return Err(AppError::NotFound);
    }
    let sent = pairs.get("room");
    match super::household::normalize_room(&sent) {
        Ok(room) => {
            state.store.set_user_room(user.id, &room).await?;
            Ok(Redirect::to("/me/groups?saved=1").into_response())
        }
        Err(m) => {
            let mut form = FormState::default();
            form.values.insert("room".into(), sent.chars().take(40).collect());
            form.refuse("room", Message::new(m));
            Err(AppError::invalid(form).on_page("/me/groups"))
        }
    }
}

/// POST `/me/notice-settings`: per category, at once, a daily digest, or none (urgent
/// categories always come at once, whatever is sent).
async fn set_subscriptions(State(state): State<AppState>, user: CurrentUser, pairs: FormPairs) -> AppResult {
    let mut choices = Vec::new();
    for c in super::CATEGORIES.iter().filter(|c| !super::URGENT.contains(c)) {
        let f = pairs.get(c);
        let f = if ["now", "digest", "never"].contains(&f.as_str()) { f } else { "now".to_string() };
        choices.push((c.to_string(), f));
    }
    state.store.set_notice_subscriptions(user.id, &choices).await?;
    Ok(Redirect::to("/me/notice-settings?saved=1").into_response())
}

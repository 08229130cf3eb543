//! The posts behind the mutual-help pages: asking for help (for oneself, a relative one looks
//! after, or — from the desk — a resident of the community), every move of a request through
//! its table, reports about a volunteer, joining the team, certificates and gifts of hours.
//! Plain form posts answered with redirects; the desk's posts are in `desk_handlers.rs`.
use crate::channel::Channel;
use super::lifecycle::{asks_for_payment, served_minutes, HelpAction, HelpActor, HELP_TABLE};
use super::load::{active_volunteer, gift_cap_minutes, home_community, mode_of, role_on};
use super::KINDS;
use crate::forms::{FormState, Message};
use crate::state::AppState;
use crate::storage::{AuditEntry, CertificateRow, Gift, HelpMove, HelpMoved, HelpRequestRow, NewHelpRequest, NewHours, UserRecord};
use crate::web::{AppError, AppResult, CurrentUser, FormPairs};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use axum::routing::post;
use axum::Router;
use linli_types::Role;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/help", post(ask))
        .route("/help/{id}/report", post(report))
        .route("/help/{id}/{action}", post(act))
        .route("/volunteer", post(join))
        .route("/volunteer/certificate", post(certify))
        .route("/volunteer/gift", post(give))
        .merge(super::desk_handlers::routes())
}

/// A fresh six-digit code for the resident to show.
pub fn new_code() -> String {
    format!("{:06}", rand::random::<u32>() % 1_000_000)
}

pub(crate) fn refused(field: &str, message: &'static str, page: impl Into<String>) -> AppError {
    let mut form = FormState::default();
    form.refuse(field, Message::new(message));
    AppError::invalid(form).on_page(page.into())
}

/// Checks what a request asks (kind, what, when) and returns it ready to store, or the form
/// with each refusal beside its field.
pub(crate) fn checked_request(state: &AppState, pairs: &FormPairs) -> Result<NewHelpRequest, FormState> {
    let mut form = FormState::default();
    for key in ["kind", "details", "needed_on", "time_slot"] {
        form.values.insert(key.into(), pairs.get(key).chars().take(400).collect());
    }
    let kind = pairs.get("kind");
    if !KINDS.contains(&kind.as_str()) {
        form.refuse("kind", Message::new("help-choose-kind"));
    }
    let details = pairs.get("details").trim().to_string();
    if !(4..=300).contains(&details.chars().count()) {
        form.refuse("details", Message::new("help-details-4-300"));
    } else if asks_for_payment(&details) {
        form.refuse("details", Message::new("help-no-payment"));
    }
    let needed_on = pairs.get("needed_on");
    let today = state.today();
    match crate::applications::steps::parse_day(&needed_on) {
        Some(d) if d >= today && d <= today + chrono::Days::new(60) => {}
        _ => form.refuse("needed_on", Message::new("help-day-within-60")),
    }
    let time_slot = pairs.get("time_slot").trim().to_string();
    if time_slot.chars().count() > 40 {
        form.refuse("time_slot", Message::new("help-at-most-40"));
    } else if asks_for_payment(&time_slot) {
        form.refuse("time_slot", Message::new("help-no-payment"));
    }
    if !form.is_ok() {
        return Err(form);
    }
    Ok(NewHelpRequest { kind, details, needed_on, time_slot, urgent: pairs.get("urgent") == "1", ..Default::default() })
}

/// Stores a request for `person`, posted by `by` (`origin`: self, relative, staff); in a 派单
/// community it waits for screening, otherwise it is open at once and the community's active
/// volunteers who offer that kind of help hear of it.
pub(crate) async fn file_request(state: &AppState, person: &UserRecord, by: &UserRecord, origin: &'static str, mut r: NewHelpRequest,
    page: &str) -> Result<i64, AppError> {
    let store = &*state.store;
    let community = home_community(store, person).await?.ok_or_else(|| refused("for", "help-no-community", page))?;
    let dispatch = mode_of(store, &community).await? == "dispatch";
    r.community_code = community.clone();
    r.requester_id = person.id;
    r.posted_by = by.id;
    r.origin = origin;
    // Staff say how the request reached them; the resident and relatives ask online.
    if origin != "staff" {
        r.channel = Channel::self_service().as_str();
        r.consent_note = String::new();
    }
    r.building_id = person.building_id;
    r.status = if dispatch { "screening" } else { "open" };
    let audit = (origin != "self").then(|| AuditEntry { actor_id: by.id, subject_id: person.id, action: "help_posted_for".into(), detail: format!("{origin} {}", r.kind) });
    let id = store.create_help_request(&r, audit.as_ref(), state.now()).await?;
    if !dispatch {
        tell_volunteers(state, &community, &r.kind, id).await?;
    }
    Ok(id)
}

async fn tell_volunteers(state: &AppState, community: &str, kind: &str, id: i64) -> Result<(), AppError> {
    let team = state.store.community_volunteers(community, 500).await?;
    let ids: Vec<i64> = team.iter().filter(|v| v.status == "active" && (v.skills.is_empty() || v.skills.split(',').any(|s| s == kind)))
        .map(|v| v.user_id).collect();
    tell(state, &ids, "help-new-nearby", id).await
}

pub(crate) async fn tell(state: &AppState, ids: &[i64], message: &'static str, id: i64) -> Result<(), AppError> {
    tell_at(state, ids, message, &format!("/help/{id}")).await
}

pub(crate) async fn tell_at(state: &AppState, ids: &[i64], message: &'static str, link: &str) -> Result<(), AppError> {
    if ids.is_empty() {
        return Ok(());
    }
    let notices = crate::applications::steps::notices(&*state.store, ids, "help", &Message::new(message)).await?;
    state.store.notify(&notices, link, state.now()).await?;
    Ok(())
}

/// POST `/help`: ask for help for oneself or a relative one looks after (`for`).
async fn ask(State(state): State<AppState>, user: CurrentUser, pairs: FormPairs) -> AppResult {
    if user.role != Role::Resident {
        return Err(AppError::NotFound);
    }
    let for_id = pairs.get("for").parse::<i64>().unwrap_or(user.id);
    let (person, origin) = if for_id == user.id {
        ((*user).clone(), "self")
    } else if state.store.is_delegate(for_id, user.id).await? {
        (state.store.user_by_id(for_id).await?.ok_or(AppError::NotFound)?, "relative")
    } else {
        return Err(AppError::NotFound);
    };
    let r = checked_request(&state, &pairs).map_err(|f| AppError::invalid(f).on_page("/help"))?;
    let id = file_request(&state, &person, &user, origin, r, "/help").await?;
    Ok(Redirect::to(&format!("/help/{id}?posted=1")).into_response())
}

/// POST `/help/{id}/{action}`: one step of the table, by whoever the asker is to the request.
async fn act(State(state): State<AppState>, user: CurrentUser, Path((id, action)): Path<(i64, String)>, pairs: FormPairs) -> AppResult {
    let action = HelpAction::from_path(&action).ok_or(AppError::NotFound)?;
    let r = state.store.help_request(id).await?.ok_or(AppError::NotFound)?;
    let role = role_on(&*state.store, &user, &r).await?.ok_or(AppError::NotFound)?;
    let page = format!("/help/{id}");
    let rule = HELP_TABLE.rule(action, role).ok_or(AppError::NotFound)?;
    let holder = r.volunteer_id == Some(user.id);
    if role == HelpActor::Volunteer && action != HelpAction::Take && !holder {
        return Err(AppError::NotFound);
    }
    if !rule.allows(&r.status) {
        return Err(AppError::conflict(FormState::default()).on_page(page));
    }
    let to = rule.to.ok_or_else(|| AppError::internal("a help step without a target"))?;
    let mut m = HelpMove { id, from: rule.from, to: to.as_str(), ..Default::default() };
    let audit = |what: &str| AuditEntry { actor_id: user.id, subject_id: r.requester_id, action: format!("help_{what}"), detail: format!("help {id}") };
    match action {
        HelpAction::Take => {
            if r.requester_id == user.id || !active_volunteer(&*state.store, user.id, &r.community_code).await? {
                return Err(AppError::NotFound);
            }
            m.volunteer_id = Some(user.id);
            m.next_code = Some(new_code());
        }
        HelpAction::Assign => {
            let volunteer = pairs.get("volunteer").parse::<i64>().unwrap_or(0);
            if volunteer == r.requester_id || !active_volunteer(&*state.store, volunteer, &r.community_code).await? {
                return Err(refused("volunteer", "help-choose-volunteer", page));
            }
            m.volunteer_id = Some(volunteer);
            m.next_code = Some(new_code());
            m.audit = Some(audit("assigned"));
        }
        HelpAction::Release | HelpAction::Cancel => {
            m.release = action == HelpAction::Release;
            m.next_code = Some(String::new());
            m.held_by = (action == HelpAction::Release).then_some(user.id);
            if role == HelpActor::Staff {
                m.audit = Some(audit("cancelled"));
            }
        }
        HelpAction::CheckIn | HelpAction::CheckOut => {
            // A suspended volunteer starts no service (one under way may still check out).
            if action == HelpAction::CheckIn && !active_volunteer(&*state.store, user.id, &r.community_code).await? {
                return Err(AppError::NotFound);
            }
            m.held_by = Some(user.id);
            m.code_shown = Some(pairs.get("code"));
            m.check_in = action == HelpAction::CheckIn;
            m.check_out = action == HelpAction::CheckOut;
            m.next_code = Some(if m.check_in { new_code() } else { String::new() });
        }
        HelpAction::Confirm => confirm(&user, &r, &pairs, &page, &mut m, role)?,
        HelpAction::Approve => m.audit = Some(audit("approved")),
        HelpAction::Refuse => {
            let note = pairs.get("note").trim().chars().take(200).collect::<String>();
            if note.chars().count() < 2 {
                return Err(refused("note", "help-give-reason", page));
            }
            m.note = Some(note);
            m.audit = Some(audit("refused"));
        }
    }
    match state.store.move_help_request(&m, state.now()).await? {
        HelpMoved::Moved => {}
        HelpMoved::Stale => return Err(AppError::conflict(FormState::default()).on_page(page)),
        HelpMoved::WrongCode => {
            if state.store.miss_help_code(id, &new_code(), state.now()).await? {
                tell(&state, &[r.requester_id], "help-code-replaced", id).await?;
                return Err(refused("code", "help-code-replaced-ask-again", page));
            }
            return Err(refused("code", "help-code-wrong", page));
        }
    }
    after_move(&state, &r, action, m.volunteer_id).await?;
    let back = if role == HelpActor::Staff && action != HelpAction::Confirm { "/work/help".to_string() } else { page };
    Ok(Redirect::to(&back).into_response())
}

/// Confirming: a rating, thanks, and the hours the check-in and check-out recorded.
fn confirm(user: &UserRecord, r: &HelpRequestRow, pairs: &FormPairs, page: &str, m: &mut HelpMove<'_>, role: HelpActor) -> Result<(), AppError> {
    let rating = pairs.get("rating").parse::<i64>().ok().filter(|n| (1..=5).contains(n));
    let Some(rating) = rating else { return Err(refused("rating", "help-choose-rating", page)) };
    let thanks = pairs.get("thanks").trim().to_string();
    if thanks.chars().count() > 200 {
        return Err(refused("thanks", "help-at-most-200", page));
    }
    let (Some(volunteer_id), Some(checked_in), Some(checked_out)) = (r.volunteer_id, r.checked_in_at, r.checked_out_at) else {
        return Err(AppError::internal("a served request without its check-in and check-out"));
    };
    m.rating = Some(rating);
    m.thanks = Some(thanks);
    m.hours = Some(NewHours {
        volunteer_id, request_id: r.id, community_code: r.community_code.clone(), kind: r.kind.clone(),
        served_on: crate::time::day_of(checked_in).to_string(), minutes: served_minutes(checked_in, checked_out), confirmed_by: user.id,
    });
    if role == HelpActor::Staff {
        m.audit = Some(AuditEntry { actor_id: user.id, subject_id: r.requester_id, action: "help_confirmed_for".into(), detail: format!("help {}", r.id) });
    }
    Ok(())
}

/// Who hears of a step: the resident's side when it is taken, served or refused; the volunteer
/// when assigned or cancelled under them.
async fn after_move(state: &AppState, r: &HelpRequestRow, action: HelpAction, volunteer: Option<i64>) -> Result<(), AppError> {
    let requester = [r.requester_id];
    match action {
        HelpAction::Take | HelpAction::Assign => {
            tell(state, &requester, "help-taken", r.id).await?;
            if action == HelpAction::Assign {
                tell(state, &volunteer.into_iter().collect::<Vec<_>>(), "help-assigned-to-you", r.id).await?;
            }
        }
        HelpAction::CheckOut => tell(state, &requester, "help-please-confirm", r.id).await?,
        HelpAction::Refuse => tell(state, &requester, "help-refused", r.id).await?,
        HelpAction::Cancel => tell(state, &r.volunteer_id.into_iter().collect::<Vec<_>>(), "help-cancelled", r.id).await?,
        HelpAction::Approve => tell_volunteers(state, &r.community_code, &r.kind, r.id).await?,
        _ => {}
    }
    Ok(())
}

/// POST `/help/{id}/report`: the resident's side reports the volunteer who took it.
async fn report(State(state): State<AppState>, user: CurrentUser, Path(id): Path<i64>, pairs: FormPairs) -> AppResult {
    let r = state.store.help_request(id).await?.ok_or(AppError::NotFound)?;
    let page = format!("/help/{id}");
    let (Some(HelpActor::Requester), Some(volunteer)) = (role_on(&*state.store, &user, &r).await?, r.volunteer_id) else {
        return Err(AppError::NotFound);
    };
    let reason = pairs.get("reason").trim().to_string();
    if !(4..=300).contains(&reason.chars().count()) {
        return Err(refused("reason", "help-details-4-300", page));
    }
    if !state.store.report_volunteer(id, volunteer, user.id, &reason, state.now()).await? {
        let mut form = FormState::default();
        form.notice = Some(Message::new("help-already-reported"));
        return Err(AppError::conflict(form).on_page(page));
    }
    let staff: Vec<i64> = state.store.community_staff(&r.community_code).await?.iter().map(|u| u.id).collect();
    tell(&state, &staff, "help-report-filed", id).await?;
    Ok(Redirect::to(&format!("{page}?reported=1")).into_response())
}

/// POST `/volunteer`: join the community's team (staff approve), or update skills and hours.
async fn join(State(state): State<AppState>, user: CurrentUser, pairs: FormPairs) -> AppResult {
    if user.role != Role::Resident {
        return Err(AppError::NotFound);
    }
    let community = home_community(&*state.store, &user).await?.ok_or_else(|| refused("skills", "help-no-community", "/volunteer"))?;
    let skills: Vec<String> = pairs.all("skills").into_iter().filter(|s| KINDS.contains(&s.as_str())).collect();
    let availability = pairs.get("availability").trim().to_string();
    let mut form = FormState::default();
    form.values.insert("availability".into(), availability.chars().take(100).collect());
    if skills.is_empty() {
        form.refuse("skills", Message::new("help-choose-skills"));
    }
    if !(2..=60).contains(&availability.chars().count()) {
        form.refuse("availability", Message::new("help-availability-2-60"));
    }
    if !form.is_ok() {
        return Err(AppError::invalid(form).on_page("/volunteer"));
    }
    state.store.join_team(user.id, &community, &skills.join(","), &availability, state.now()).await?;
    Ok(Redirect::to("/volunteer?saved=1").into_response())
}

/// POST `/volunteer/certificate`: a certificate of the hours recorded so far, with a number
/// anyone can check.
async fn certify(State(state): State<AppState>, user: CurrentUser) -> AppResult {
    let hours = state.store.volunteer_hours(user.id).await?;
    if hours.is_empty() {
        return Err(refused("certificate", "help-no-hours-yet", "/volunteer"));
    }
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let code: String = (0..12).map(|_| ALPHABET[rand::random::<usize>() % ALPHABET.len()] as char).collect();
    let c = CertificateRow {
        code: code.clone(), volunteer_id: user.id, volunteer_name: user.name.clone(), minutes: hours.iter().map(|h| h.minutes).sum(),
        services: hours.len() as i64, issued_on: state.today().to_string(),
    };
    state.store.issue_certificate(&c, state.now()).await?;
    Ok(Redirect::to(&format!("/volunteer/certificates/{code}")).into_response())
}

/// POST `/volunteer/gift`: hours to another resident's time-bank account (an elder's), by their
/// phone, within one's balance and the yearly cap.
async fn give(State(state): State<AppState>, user: CurrentUser, pairs: FormPairs) -> AppResult {
    let page = "/volunteer";
    let mut form = FormState::default();
    for key in ["phone", "hours"] {
        form.values.insert(key.into(), pairs.get(key).chars().take(20).collect());
    }
    let minutes = pairs.get("hours").parse::<f64>().ok().filter(|h| h.is_finite() && *h > 0.0 && *h <= 1000.0).map(|h| (h * 60.0).round() as i64);
    let receiver = match crate::accounts::validate::mobile(&pairs.get("phone")) {
        Ok(p) => state.store.user_by_phone(&p).await?.filter(|u| u.role == Role::Resident && u.id != user.id && u.closed_at.is_none()),
        Err(_) => None,
    };
    if receiver.is_none() {
        form.refuse("phone", Message::new("help-gift-no-such-resident"));
    }
    if minutes.is_none() {
        form.refuse("hours", Message::new("help-gift-hours"));
    }
    let (Some(receiver), Some(minutes), true) = (receiver, minutes, form.is_ok()) else {
        return Err(AppError::invalid(form).on_page(page));
    };
    let year = chrono::Datelike::year(&state.today()) as i64;
    let cap = gift_cap_minutes(&*state.store).await?;
    match state.store.give_hours(user.id, receiver.id, minutes, year, cap, state.now()).await? {
        Gift::Given => {}
        Gift::OverBalance => form.refuse("hours", Message::new("help-gift-over-balance")),
        Gift::OverCap => form.refuse("hours", Message::new("help-gift-over-cap")),
    }
    if !form.is_ok() {
        return Err(AppError::invalid(form).on_page(page));
    }
    Ok(Redirect::to("/volunteer?given=1").into_response())
}

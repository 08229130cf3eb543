//! The mutual-help pages' loaders, and who someone is to a request: the resident's side (the
//! resident, whoever posted it, a relative who looks after them), the volunteer holding it (or
//! any active volunteer of the community while it is open), or the community's staff.
use super::lifecycle::{code_due, HelpActor, HELP_TABLE};
use super::*;
use crate::applications::server::{failed, not_theirs};
use crate::market::access::mask_name;
use crate::notices::load::{label, reader_of};
use crate::prefs::Lang;
use crate::storage::{HelpRequestRow, HoursRow, Store, StoreResult, UserRecord};
use linli_types::Role;

/// Gifts of hours per giver per year, unless an administrator set another cap.
pub const DEFAULT_GIFT_CAP_HOURS: i64 = 50;
pub const GIFT_CAP_SETTING: &str = "time_bank.yearly_gift_hours";

pub fn mode_setting(community: &str) -> String {
    format!("help_mode.{community}")
}

/// `dispatch` (派单: staff screen every request) or `direct` (接单, the default).
pub async fn mode_of(store: &dyn Store, community: &str) -> StoreResult<String> {
    Ok(store.setting(&mode_setting(community)).await?.filter(|m| m == "dispatch").unwrap_or_else(|| "direct".into()))
}

pub async fn gift_cap_minutes(store: &dyn Store) -> StoreResult<i64> {
    let hours = store.setting(GIFT_CAP_SETTING).await?.and_then(|v| v.parse::<i64>().ok()).unwrap_or(DEFAULT_GIFT_CAP_HOURS);
    Ok(hours * 60)
}

/// The community a resident lives in (through their building).
pub async fn home_community(store: &dyn Store, user: &UserRecord) -> StoreResult<Option<String>> {
    Ok(reader_of(store, user).await?.map(|r| r.community).filter(|c| !c.is_empty()))
}

/// Whether `user` is an active volunteer of `community`.
pub async fn active_volunteer(store: &dyn Store, user_id: i64, community: &str) -> StoreResult<bool> {
    Ok(store.volunteer(user_id).await?.is_some_and(|v| v.status == "active" && v.community_code == community))
}

/// Who `user` is to the request; `None`: nobody (a 404).
pub async fn role_on(store: &dyn Store, user: &UserRecord, r: &HelpRequestRow) -> StoreResult<Option<HelpActor>> {
    // Staff first: a request staff registered for a resident is still worked from the desk.
    if user.role == Role::Staff && user.community_code.as_deref() == Some(r.community_code.as_str()) {
        return Ok(Some(HelpActor::Staff));
    }
    if user.id == r.requester_id || user.id == r.posted_by || store.is_delegate(r.requester_id, user.id).await? {
        return Ok(Some(HelpActor::Requester));
    }
    let may_take = r.status == "open" && active_volunteer(store, user.id, &r.community_code).await?;
    Ok((r.volunteer_id == Some(user.id) || may_take).then_some(HelpActor::Volunteer))
}

pub fn card(r: &HelpRequestRow, lang: Lang, reveal: bool) -> HelpCard {
    HelpCard {
        id: r.id,
        kind: label(lang, "help-kind", &r.kind),
        details: r.details.clone(),
        building: r.building_name.clone().unwrap_or_else(|| crate::i18n::text(lang, "notice-no-building").to_string()),
        needed_on: r.needed_on.clone(),
        time_slot: r.time_slot.clone(),
        urgent: r.urgent == 1,
        status: r.status.clone(),
        requester: if reveal { r.requester_name.clone() } else { mask_name(&r.requester_name) },
        volunteer: r.volunteer_name.clone(),
    }
}

fn hours_item(h: &HoursRow, lang: Lang) -> HoursItem {
    HoursItem {
        id: h.id,
        volunteer: h.volunteer_name.clone(),
        kind: label(lang, "help-kind", &h.kind),
        served_on: h.served_on.clone(),
        minutes: h.minutes,
        confirmed_by: h.confirmer_name.clone(),
        correction_reason: h.correction_reason.clone(),
    }
}

pub async fn home() -> Result<Option<HelpHome>, ServerFnError> {
    let state = crate::state::app_state()?;
    let store = &*state.store;
    let lang = crate::prefs::server_viewer().lang;
    let Some(user) = crate::accounts::server::ssr::current_user() else { return Ok(not_theirs(None)) };
    let is_resident = user.role == Role::Resident;
    let mut for_whom = vec![(user.id, user.name.clone())];
    for p in store.principals_of(user.id).await.map_err(failed)? {
        for_whom.push((p.principal_id, p.other_name));
    }
    let mine = store.help_requests_of(user.id, 50).await.map_err(failed)?.iter().map(|r| card(r, lang, true)).collect();
    let volunteer = store.volunteer(user.id).await.map_err(failed)?;
    let (mut open, mut held) = (Vec::new(), Vec::new());
    if let Some(v) = volunteer.as_ref().filter(|v| v.status == "active") {
        open = store.community_help_requests(&v.community_code, &["open"], 50).await.map_err(failed)?.iter()
            .filter(|r| r.requester_id != user.id).map(|r| card(r, lang, false)).collect();
        held = store.volunteer_help_requests(user.id, 50).await.map_err(failed)?.iter().map(|r| card(r, lang, true)).collect();
    }
    Ok(Some(HelpHome { is_resident, for_whom, mine, volunteer_status: volunteer.map(|v| v.status), open, held }))
}

pub async fn request(id: i64) -> Result<Option<HelpDetail>, ServerFnError> {
    let state = crate::state::app_state()?;
    let store = &*state.store;
    let lang = crate::prefs::server_viewer().lang;
    let Some(user) = crate::accounts::server::ssr::current_user() else { return Ok(not_theirs(None)) };
    let Some(r) = store.help_request(id).await.map_err(failed)? else { return Ok(not_theirs(None)) };
    let Some(role) = role_on(store, &user, &r).await.map_err(failed)? else { return Ok(not_theirs(None)) };
    let holder = r.volunteer_id == Some(user.id);
    let requester_side = role == HelpActor::Requester;
    let reveal = requester_side || holder || role == HelpActor::Staff;
    if !requester_side && reveal {
        // The holder and staff see the resident's name and phone: a look at personal data.
        store.audit(state.now(), Some(user.id), Some(r.requester_id), "help_contact_viewed", &format!("help {id}")).await.map_err(failed)?;
    }
    let actions: Vec<String> = HELP_TABLE.rules().filter(|rule| rule.actor == role && rule.allows(&r.status))
        .filter(|rule| role != HelpActor::Volunteer || holder || rule.action == lifecycle::HelpAction::Take)
        .map(|rule| rule.action.path().to_string()).collect();
    let volunteers = if role == HelpActor::Staff {
        store.community_volunteers(&r.community_code, 200).await.map_err(failed)?.into_iter().filter(|v| v.status == "active")
            .map(|v| crate::notices::Choice { value: v.user_id.to_string(), label: v.name }).collect()
    } else {
        Vec::new()
    };
    let minutes = if r.status == "confirmed" {
        store.volunteer_hours(r.volunteer_id.unwrap_or(0)).await.map_err(failed)?.into_iter().find(|h| h.request_id == Some(id)).map(|h| h.minutes)
    } else {
        None
    };
    Ok(Some(HelpDetail {
        card: card(&r, lang, reveal),
        phone: if reveal { r.requester_phone.clone() } else { crate::accounts::validate::mask_phone(&r.requester_phone) },
        code: (code_due(&r.status) && (requester_side || role == HelpActor::Staff) && !r.code.is_empty()).then(|| r.code.clone()),
        actions,
        requester_side,
        can_report: requester_side && r.volunteer_id.is_some() && r.requester_id != r.volunteer_id.unwrap_or(0),
        origin: label(lang, "help-origin", &r.origin),
        status_note: r.status_note.clone(),
        rating: r.rating,
        thanks: r.thanks.clone(),
        minutes,
        volunteers,
    }))
}

pub async fn volunteer() -> Result<Option<VolunteerView>, ServerFnError> {
    let state = crate::state::app_state()?;
    let store = &*state.store;
    let lang = crate::prefs::server_viewer().lang;
    let Some(user) = crate::accounts::server::ssr::current_user() else { return Ok(not_theirs(None)) };
    let v = store.volunteer(user.id).await.map_err(failed)?;
    let year = chrono::Datelike::year(&state.today()) as i64;
    let bank = store.time_bank(user.id, year).await.map_err(failed)?;
    Ok(Some(VolunteerView {
        is_resident: user.role == Role::Resident,
        status: v.as_ref().map(|v| v.status.clone()),
        status_reason: v.as_ref().map(|v| v.status_reason.clone()).unwrap_or_default(),
        skills: v.as_ref().map(|v| v.skills.split(',').filter(|s| !s.is_empty()).map(str::to_string).collect()).unwrap_or_default(),
        availability: v.map(|v| v.availability).unwrap_or_default(),
        hours: store.volunteer_hours(user.id).await.map_err(failed)?.iter().map(|h| hours_item(h, lang)).collect(),
        earned: bank.earned,
        given: bank.given,
        received: bank.received,
        given_this_year: bank.given_this_year,
        cap_minutes: gift_cap_minutes(store).await.map_err(failed)?,
    }))
}

pub async fn desk() -> Result<Option<HelpDesk>, ServerFnError> {
    let state = crate::state::app_state()?;
    let store = &*state.store;
    let lang = crate::prefs::server_viewer().lang;
    let Some(user) = crate::accounts::server::ssr::current_user().filter(|u| u.role == Role::Staff) else { return Ok(not_theirs(None)) };
    let Some(community) = user.community_code.clone() else { return Ok(not_theirs(None)) };
    let cards = |rows: Vec<HelpRequestRow>| rows.iter().map(|r| card(r, lang, true)).collect::<Vec<_>>();
    let units = crate::units::all(store).await.map_err(failed)?;
    Ok(Some(HelpDesk {
        community: crate::units::name_in(&units, "community", &community, lang),
        mode: mode_of(store, &community).await.map_err(failed)?,
        screening: cards(store.community_help_requests(&community, &["screening"], 100).await.map_err(failed)?),
        under_way: cards(store.community_help_requests(&community, &["open", "taken", "serving", "served"], 200).await.map_err(failed)?),
        volunteers: store.community_volunteers(&community, 500).await.map_err(failed)?.into_iter().map(|v| VolunteerItem {
            id: v.user_id, name: v.name, skills: v.skills.split(',').filter(|s| !s.is_empty()).map(|s| label(lang, "help-kind", s)).collect::<Vec<_>>().join("、"),
            availability: v.availability, status: v.status, status_reason: v.status_reason,
        }).collect(),
        reports: store.community_reports(&community, 100).await.map_err(failed)?.into_iter().map(|p| ReportItem {
            request_id: p.request_id, volunteer_id: p.volunteer_id, volunteer: p.volunteer_name, reason: p.reason, at: crate::time::format_local(p.created_at),
        }).collect(),
        hours: store.community_hours(&community, 200).await.map_err(failed)?.iter().map(|h| hours_item(h, lang)).collect(),
    }))
}

/// A certificate by its number: public (the QR on paper leads here), the name masked unless the
/// holder is looking.
pub async fn certificate(code: String) -> Result<Option<CertificateView>, ServerFnError> {
    let state = crate::state::app_state()?;
    let store = &*state.store;
    let viewer = crate::accounts::server::ssr::current_user();
    if code.len() != 12 || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Ok(not_theirs(None));
    }
    let Some(c) = store.certificate(&code).await.map_err(failed)? else { return Ok(not_theirs(None)) };
    let is_holder = viewer.is_some_and(|u| u.id == c.volunteer_id);
    let url = format!("{}/volunteer/certificates/{}", crate::applications::server::ssr::public_origin(&state), c.code);
    Ok(Some(CertificateView {
        qr_svg: crate::components::qr_svg(&url).map_err(failed)?,
        url,
        name: if is_holder { c.volunteer_name.clone() } else { mask_name(&c.volunteer_name) },
        code: c.code,
        minutes: c.minutes,
        services: c.services,
        issued_on: c.issued_on,
        is_holder,
    }))
}

pub async fn gift_cap() -> Result<Option<i64>, ServerFnError> {
    let state = crate::state::app_state()?;
    if !crate::accounts::server::ssr::current_user().is_some_and(|u| u.role == Role::Admin) {
        return Ok(not_theirs(None));
    }
    Ok(Some(gift_cap_minutes(&*state.store).await.map_err(failed)? / 60))
}

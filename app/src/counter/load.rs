//! The counter pages' loaders, and who someone is to an office (they run it) or to an
//! appointment (the resident's side, or the office's staff). `None` is a 404 to the page.
use super::lifecycle::{VisitAction, VisitActor, VISIT_TABLE};
use super::rules::{open_slots, NoShowPolicy, BOOKING_DAYS, IDENTITY};
use super::*;
use crate::applications::server::{failed, not_theirs};
use crate::market::access::mask_name;
use crate::prefs::{Lang, Role};
use crate::state::AppState;
use crate::storage::{AppointmentRow, OfficeRow, ServiceRow, Store, StoreResult, TicketRow, UserRecord};
use crate::time::format_local;

/// Every community's service centre and every department's counters in the district hall are
/// offices that can publish hours (reference data: kept in step with the district's structure).
pub async fn seed_offices(store: &dyn Store) -> StoreResult<()> {
    for (code, _, name, estate, name_en, estate_en) in crate::community::seed::COMMUNITIES {
        store.put_office(&OfficeRow {
            id: 0,
            code: code.to_string(),
            name: format!("{name}党群服务中心"),
            name_en: format!("{name_en} Service Centre"),
            address: format!("{estate} 2 号楼一层"),
            address_en: format!("Ground floor, {estate_en} Building 2"),
            community_code: Some(code.to_string()),
            department_code: None,
            slot_minutes: 30,
        }).await?;
    }
    for (code, name, name_en) in crate::catalogue::facets::DEPARTMENTS {
        store.put_office(&OfficeRow {
            id: 0,
            code: format!("hall-{code}"),
            name: format!("区政务服务中心·{name}窗口"),
            name_en: format!("District Government Service Centre: {name_en} counters"),
            address: "人民路 88 号".into(),
            address_en: "88 Renmin Road".into(),
            community_code: None,
            department_code: Some(code.to_string()),
            slot_minutes: 30,
        }).await?;
    }
    Ok(())
}

fn lang() -> Lang {
    crate::prefs::server_viewer().lang
}

fn user() -> Option<UserRecord> {
    crate::accounts::server::ssr::current_user().map(|u| (*u).clone())
}

/// Whether `user` runs the office: an administrator, its community's staff, or its
/// department's officers.
pub fn runs(user: &UserRecord, office: &OfficeRow) -> bool {
    match user.role {
        Role::Admin => true,
        Role::Staff => user.community_code.is_some() && user.community_code == office.community_code,
        Role::Officer => user.department_code.is_some() && user.department_code == office.department_code,
        _ => false,
    }
}

/// The resident's side (the resident, whoever booked, a relative who looks after them), or the
/// staff running the office; `None` for anyone else.
pub async fn side_of(store: &dyn Store, user: &UserRecord, a: &AppointmentRow) -> StoreResult<Option<VisitActor>> {
    if user.id == a.resident_id || user.id == a.booked_by_id || store.is_delegate(a.resident_id, user.id).await? {
        return Ok(Some(VisitActor::Resident));
    }
    let office = store.office(&a.office_code).await?;
    Ok(office.filter(|o| runs(user, o)).map(|_| VisitActor::Staff))
}

/// A service's name: the identity check's, or the catalogue item's (`services`), else its code.
pub fn label_of(code: &str, services: &[ServiceRow], lang: Lang) -> String {
    if code == IDENTITY {
        return crate::i18n::text(lang, "counter-identity").to_string();
    }
    services.iter().find(|s| s.code == code)
        .map(|s| if lang == Lang::En { s.name_en.clone() } else { s.name.clone() })
        .unwrap_or_else(|| code.to_string())
}

pub async fn service_label(state: &AppState, code: &str, lang: Lang) -> StoreResult<String> {
    Ok(label_of(code, &state.catalogue.get(&*state.store).await?.services, lang))
}

pub async fn office_card(state: &AppState, o: &OfficeRow, viewer: Option<&UserRecord>, lang: Lang) -> StoreResult<OfficeCard> {
    let mut services: Vec<String> = state.store.counter_hours(o.id).await?.into_iter().map(|h| h.service).collect();
    services.dedup();
    let mut labelled = Vec::new();
    for s in services {
        let label = service_label(state, &s, lang).await?;
        labelled.push((s, label));
    }
    Ok(OfficeCard {
        code: o.code.clone(),
        name: if lang == Lang::En { o.name_en.clone() } else { o.name.clone() },
        address: if lang == Lang::En { o.address_en.clone() } else { o.address.clone() },
        services: labelled,
        runs: viewer.is_some_and(|u| runs(u, o)),
    })
}

pub async fn appointment_card(state: &AppState, a: &AppointmentRow, lang: Lang) -> StoreResult<AppointmentCard> {
    let office = state.store.office(&a.office_code).await?;
    Ok(AppointmentCard {
        ref_no: a.ref_no.clone(),
        office: office.map(|o| if lang == Lang::En { o.name_en } else { o.name }).unwrap_or_default(),
        office_code: a.office_code.clone(),
        service: service_label(state, &a.service, lang).await?,
        when: crate::market::slots::slot_text(a.starts_at, lang),
        status: a.status.clone(),
        resident: a.resident_name.clone(),
    })
}

/// The service's slots still open, with the places left in each; full ones are left out.
pub async fn slot_choices(state: &AppState, office: &OfficeRow, service: &str, lang: Lang) -> StoreResult<Vec<SlotChoice>> {
    let hours = state.store.counter_hours(office.id).await?;
    let calendar = crate::calendar::ssr::load(&*state.store).await?;
    let now = state.now();
    let slots = open_slots(&hours, service, &calendar, now, BOOKING_DAYS);
    let used = state.store.counter_slot_use(office.id, service, now, now + (BOOKING_DAYS + 1) * 86_400).await?;
    Ok(slots.into_iter().filter_map(|s| {
        let taken = used.iter().find(|(at, _)| *at == s.starts_at).map(|(_, n)| *n).unwrap_or(0);
        let left = s.capacity - taken;
        (left > 0).then(|| SlotChoice { starts_at: s.starts_at, text: crate::market::slots::slot_text(s.starts_at, lang), left, capacity: s.capacity })
    }).collect())
}

pub async fn policy(store: &dyn Store) -> StoreResult<NoShowPolicy> {
    Ok(NoShowPolicy::parse(store.setting(NoShowPolicy::SETTING).await?.as_deref()))
}

/// Until when the resident's booking is paused by repeated no-shows.
pub async fn paused_until(state: &AppState, resident_id: i64) -> StoreResult<Option<i64>> {
    let p = policy(&*state.store).await?;
    let now = state.now();
    let no_shows = state.store.no_shows_of(resident_id, now - p.window_days * 86_400).await?;
    Ok(p.paused_until(&no_shows, now))
}

pub async fn home() -> Result<Option<CounterHome>, ServerFnError> {
    let state = crate::state::app_state()?;
    let (viewer, lang) = (user(), lang());
    let mut offices = Vec::new();
    for o in state.store.offices().await.map_err(failed)? {
        // An office with nothing published is listed only to those who run it.
        let card = office_card(&state, &o, viewer.as_ref(), lang).await.map_err(failed)?;
        if !card.services.is_empty() || card.runs {
            offices.push(card);
        }
    }
    let mut mine = Vec::new();
    if let Some(u) = viewer.as_ref().filter(|u| u.role == Role::Resident) {
        let mut people = vec![u.id];
        people.extend(state.store.principals_of(u.id).await.map_err(failed)?.into_iter().map(|d| d.principal_id));
        for id in people {
            for a in state.store.appointments_of(id, 20).await.map_err(failed)? {
                mine.push(appointment_card(&state, &a, lang).await.map_err(failed)?);
            }
        }
    }
    Ok(Some(CounterHome { offices, mine, signed_in: viewer.is_some() }))
}

pub async fn book(office: String, service: String, for_id: Option<i64>, who: String) -> Result<Option<BookView>, ServerFnError> {
    let state = crate::state::app_state()?;
    let Some(u) = user() else { return Ok(None) };
    let lang = lang();
    let Some(o) = state.store.office(&office).await.map_err(failed)? else { return Ok(not_theirs(None)) };
    let card = office_card(&state, &o, Some(&u), lang).await.map_err(failed)?;
    let service = if card.services.iter().any(|(s, _)| *s == service) { service } else {
        card.services.first().map(|(s, _)| s.clone()).unwrap_or_default()
    };
    let is_staff = u.role == Role::Staff;
    let acting = crate::applications::access::acting_for(&*state.store, &u, for_id).await.map_err(failed)?;
    if acting.is_none() && !(is_staff && for_id.is_none()) {
        return Ok(not_theirs(None));
    }
    let found = crate::applications::server::ssr::choices(&state, &u, &who).await.map_err(failed)?;
    let choices = crate::applications::server::ssr::with_chosen(found, acting.as_ref().map(|(p, _)| p));
    let paused = match &acting {
        Some((p, _)) => paused_until(&state, p.id).await.map_err(failed)?,
        None => None,
    };
    Ok(Some(BookView {
        slots: slot_choices(&state, &o, &service, lang).await.map_err(failed)?,
        office: card,
        service,
        is_staff,
        choices,
        chosen: acting.map(|(p, _)| p.id).unwrap_or(0),
        who,
        paused_until: paused.map(|t| crate::time::day_of(t).to_string()),
    }))
}

pub async fn appointment(ref_no: String) -> Result<Option<AppointmentView>, ServerFnError> {
    let state = crate::state::app_state()?;
    let Some(u) = user() else { return Ok(None) };
    let lang = lang();
    let Some(a) = state.store.appointment_by_ref(&ref_no).await.map_err(failed)? else { return Ok(not_theirs(None)) };
    let Some(side) = side_of(&*state.store, &u, &a).await.map_err(failed)? else { return Ok(not_theirs(None)) };
    let Some(o) = state.store.office(&a.office_code).await.map_err(failed)? else { return Ok(not_theirs(None)) };
    let can_change = VISIT_TABLE.allows(VisitAction::Move, side, &a.status) && a.starts_at > state.now();
    let today = crate::time::day_of(state.now());
    let can_take = VISIT_TABLE.allows(VisitAction::Arrive, side, &a.status) && crate::time::day_of(a.starts_at) == today;
    let ticket = if a.status == "booked" { None } else {
        state.store.office_tickets(o.id, &today.to_string()).await.map_err(failed)?
            .into_iter().find(|t| t.appointment_id == Some(a.id)).map(|t| t.token)
    };
    let slots = if can_change { slot_choices(&state, &o, &a.service, lang).await.map_err(failed)? } else { Vec::new() };
    Ok(Some(AppointmentView {
        card: appointment_card(&state, &a, lang).await.map_err(failed)?,
        address: if lang == Lang::En { o.address_en } else { o.address },
        can_change,
        can_take,
        slots,
        ticket,
    }))
}

fn ticket_card(t: &TicketRow, services: &[(String, String)], holder: String) -> TicketCard {
    TicketCard {
        id: t.id,
        label: t.label.clone(),
        service: services.iter().find(|(s, _)| *s == t.service).map(|(_, l)| l.clone()).unwrap_or_else(|| t.service.clone()),
        status: t.status.clone(),
        window: t.window_label.clone(),
        taken_at: format_local(t.taken_at).chars().skip(11).collect(),
        holder,
        outcome: t.outcome.clone(),
    }
}

pub async fn desk(office: String) -> Result<Option<DeskView>, ServerFnError> {
    let state = crate::state::app_state()?;
    // A desk is no one else's page: a stranger, signed in or not, meets the same 404.
    let Some(u) = user() else { return Ok(not_theirs(None)) };
    let lang = lang();
    let Some(o) = state.store.office(&office).await.map_err(failed)?.filter(|o| runs(&u, o)) else { return Ok(not_theirs(None)) };
    let card = office_card(&state, &o, Some(&u), lang).await.map_err(failed)?;
    let today = crate::time::day_of(state.now());
    let start = crate::market::slots::at(today, 0);
    let mut appointments = Vec::new();
    for a in state.store.office_appointments(o.id, start, start + 86_400).await.map_err(failed)? {
        appointments.push(DeskAppointment {
            ref_no: a.ref_no.clone(),
            when: format_local(a.starts_at).chars().skip(11).collect(),
            service: service_label(&state, &a.service, lang).await.map_err(failed)?,
            // The desk needs to recognise a visit, not to read a register of names: masked, as on numbers.
            resident: mask_name(&a.resident_name),
            status: a.status.clone(),
        });
    }
    let tickets = state.store.office_tickets(o.id, &today.to_string()).await.map_err(failed)?;
    let holders = holder_names(&state, &tickets).await.map_err(failed)?;
    let cards: Vec<TicketCard> = tickets.iter().zip(holders).map(|(t, h)| ticket_card(t, &card.services, h)).collect();
    let of = |s: &str| cards.iter().filter(|c| c.status == s).cloned().collect::<Vec<_>>();
    let hours = state.store.counter_hours(o.id).await.map_err(failed)?.into_iter().map(|h| {
        let service = card.services.iter().find(|(s, _)| *s == h.service).map(|(_, l)| l.clone()).unwrap_or_default();
        HoursItem { id: h.id, service, weekday: crate::market::weekday_label(h.weekday, lang).into(), time: crate::market::minute_text(h.start_minute), capacity: h.capacity }
    }).collect();
    let mut publishable = vec![(IDENTITY.to_string(), crate::i18n::text(lang, "counter-identity").to_string())];
    let catalogue = state.catalogue.get(&*state.store).await.map_err(failed)?;
    publishable.extend(catalogue.services.iter()
        .filter(|s| o.department_code.as_ref().is_none_or(|d| *d == s.department_code))
        .map(|s| (s.code.clone(), if lang == Lang::En { s.name_en.clone() } else { s.name.clone() })));
    let policy = match u.role {
        Role::Admin => { let p = policy(&*state.store).await.map_err(failed)?; Some((p.limit, p.window_days, p.pause_days)) }
        _ => None,
    };
    let mut finished: Vec<TicketCard> = cards.iter().filter(|c| ["served", "missed", "cancelled"].contains(&c.status.as_str())).cloned().collect();
    finished.reverse();
    finished.truncate(20);
    Ok(Some(DeskView { office: card, today: today.to_string(), appointments, waiting: of("waiting"), called: of("called"), finished, hours, publishable, policy }))
}

/// Who holds each number, as the desk may show it: the name for a signed-in holder, masked.
async fn holder_names(state: &AppState, tickets: &[TicketRow]) -> StoreResult<Vec<String>> {
    let mut out = Vec::new();
    for t in tickets {
        let name = match t.resident_id {
            Some(id) => state.store.user_by_id(id).await?.map(|u| mask_name(&u.name)).unwrap_or_default(),
            None => String::new(),
        };
        out.push(name);
    }
    Ok(out)
}

pub async fn display(office: String) -> Result<Option<DisplayView>, ServerFnError> {
    let state = crate::state::app_state()?;
    let lang = lang();
    let Some(o) = state.store.office(&office).await.map_err(failed)? else { return Ok(not_theirs(None)) };
    let today = crate::time::day_of(state.now()).to_string();
    let tickets = state.store.office_tickets(o.id, &today).await.map_err(failed)?;
    let mut called: Vec<&TicketRow> = tickets.iter().filter(|t| t.called_at.is_some() && t.status == "called").collect();
    called.sort_by_key(|t| std::cmp::Reverse(t.called_at));
    let take = format!("{}/queue/{}/take", crate::applications::server::ssr::public_origin(&state), o.code);
    Ok(Some(DisplayView {
        office: if lang == Lang::En { o.name_en.clone() } else { o.name.clone() },
        office_code: o.code.clone(),
        called: called.iter().take(6).map(|t| (t.label.clone(), t.window_label.clone())).collect(),
        waiting: tickets.iter().filter(|t| t.status == "waiting").count(),
        take_qr: crate::components::qr_svg(&take).unwrap_or_default(),
    }))
}

/// Numbers ahead of `t` in calling order (appointments first, then by number).
pub fn ahead_of(t: &TicketRow, day: &[TicketRow]) -> usize {
    let key = |x: &TicketRow| (x.appointment_id.is_none(), x.seq);
    day.iter().filter(|x| x.status == "waiting" && key(x) < key(t)).count()
}

pub async fn place(token: String) -> Result<Option<PlaceView>, ServerFnError> {
    let state = crate::state::app_state()?;
    let lang = lang();
    let Some(t) = state.store.ticket_by_token(&token).await.map_err(failed)? else { return Ok(not_theirs(None)) };
    let Some(o) = state.store.offices().await.map_err(failed)?.into_iter().find(|o| o.id == t.office_id) else { return Ok(not_theirs(None)) };
    let day = state.store.office_tickets(o.id, &t.day).await.map_err(failed)?;
    let ahead = ahead_of(&t, &day);
    let served: Vec<i64> = day.iter().filter(|x| x.status == "served").filter_map(|x| Some(x.finished_at? - x.called_at?)).collect();
    let mean = (!served.is_empty()).then(|| served.iter().sum::<i64>() / served.len() as i64);
    let hour_ago = state.now() - 3600;
    let mut windows: Vec<&str> = day.iter().filter(|x| x.called_at.is_some_and(|c| c >= hour_ago)).map(|x| x.window_label.as_str()).collect();
    windows.sort();
    windows.dedup();
    Ok(Some(PlaceView {
        office: if lang == Lang::En { o.name_en.clone() } else { o.name.clone() },
        office_code: o.code.clone(),
        label: t.label.clone(),
        service: service_label(&state, &t.service, lang).await.map_err(failed)?,
        status: t.status.clone(),
        ahead,
        wait_minutes: super::rules::estimated_wait_minutes(ahead, mean, windows.len()),
        window: t.window_label.clone(),
        token: t.token.clone(),
    }))
}

pub async fn take(office: String) -> Result<Option<TakeView>, ServerFnError> {
    let state = crate::state::app_state()?;
    let (viewer, lang) = (user(), lang());
    let Some(o) = state.store.office(&office).await.map_err(failed)? else { return Ok(not_theirs(None)) };
    let appointment = match &viewer {
        Some(u) => match todays_appointment(&state, u.id, &o).await.map_err(failed)? {
            Some(a) => Some(appointment_card(&state, &a, lang).await.map_err(failed)?),
            None => None,
        },
        None => None,
    };
    Ok(Some(TakeView { office: office_card(&state, &o, viewer.as_ref(), lang).await.map_err(failed)?, signed_in: viewer.is_some(), appointment }))
}

/// The resident's appointment at the office today that is still to arrive.
pub async fn todays_appointment(state: &AppState, resident_id: i64, o: &OfficeRow) -> StoreResult<Option<AppointmentRow>> {
    let today = crate::time::day_of(state.now());
    Ok(state.store.appointments_of(resident_id, 20).await?.into_iter()
        .find(|a| a.office_id == o.id && a.status == "booked" && crate::time::day_of(a.starts_at) == today))
}

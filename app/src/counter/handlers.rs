//! The posts behind the counter pages: booking, moving and cancelling an appointment (for
//! oneself, a relative, or — staff — a resident of the community), taking a number (by the
//! office's QR, at the kiosk, or for an appointment), leaving the queue. The desk's posts are in
//! `desk.rs`. Plain form posts answered with redirects; a refusal redraws the page with its
//! message beside the field.
use crate::applications::access::consent_of_filing;
use super::lifecycle::{TicketAction, TicketActor, VisitAction, VisitActor, TICKET_TABLE, VISIT_TABLE};
use super::load::{paused_until, side_of, slot_choices, todays_appointment};
use super::rules::MOST_HELD;
use crate::forms::{FormState, Message};
use crate::prefs::Lang;
use crate::state::AppState;
use crate::storage::{AppointmentRow, AuditEntry, CounterBooking, NewAppointment, NewTicket, OfficeRow, StoreError};
use crate::web::{AppError, AppResult, ClientAddr, CurrentUser, FormPairs, Limit, MaybeUser};
use axum::extract::{FromRequest, Path, Request, State};
use axum::response::{IntoResponse, Redirect};
use axum::routing::post;
use axum::Router;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/counter/{office}/book", post(book))
        .route("/me/appointments/{ref_no}/{action}", post(change))
        .route("/queue/{office}/take", post(take))
        .route("/queue/t/{token}/leave", post(leave))
        .merge(super::desk::routes())
}

pub(crate) fn refused(field: &str, message: Message, page: impl Into<String>) -> AppError {
    let mut form = FormState::default();
    form.refuse(field, message);
    AppError::invalid(form).on_page(page.into())
}

pub(crate) async fn office_or_404(state: &AppState, code: &str) -> Result<OfficeRow, AppError> {
    state.store.office(code).await?.ok_or(AppError::NotFound)
}

/// "{office}: {service}, {when}" in both languages, for notices.
pub(crate) async fn told(state: &AppState, id: &'static str, o: &OfficeRow, service: &str, starts_at: i64) -> Result<Message, AppError> {
    let (zh, en) = (super::load::service_label(state, service, Lang::Zh).await?, super::load::service_label(state, service, Lang::En).await?);
    let (wzh, wen) = (crate::market::slots::slot_text(starts_at, Lang::Zh), crate::market::slots::slot_text(starts_at, Lang::En));
    Ok(Message::new(id).with_names("office", o.name.clone(), o.name_en.clone()).with_names("service", zh, en).with_names("when", wzh, wen))
}

fn new_ref_no() -> String {
    let (y, m, d) = crate::time::today();
    format!("Y{y:04}{m:02}{d:02}{:06}", rand::random::<u32>() % 1_000_000)
}

/// The resident and whoever booked, once each.
fn told_ids(a_resident: i64, by: i64) -> Vec<i64> {
    if a_resident == by { vec![a_resident] } else { vec![a_resident, by] }
}

/// POST `/counter/{office}/book`: a place in one of the service's open slots.
async fn book(State(state): State<AppState>, Path(office): Path<String>, user: CurrentUser, pairs: FormPairs) -> AppResult {
    let o = office_or_404(&state, &office).await?;
    let service = pairs.get("service");
    let for_id = pairs.get("for").parse::<i64>().ok();
    let page = match for_id {
        Some(id) => format!("/counter/{office}?service={service}&for={id}"),
        None => format!("/counter/{office}?service={service}"),
    };
    let store = &*state.store;
    let Some((person, how)) = crate::applications::access::acting_for(store, &user, for_id).await? else {
        // Staff who have not chosen anyone yet are asked to; anyone naming a person not theirs meets a 404.
        if user.role == crate::prefs::Role::Staff && for_id.is_none() {
            return Err(refused("for", Message::new("counter-choose-resident"), page));
        }
        return Err(AppError::NotFound);
    };
    // Staff book after a call or at the counter, with the resident's agreement recorded.
    let mut form = FormState::default();
    let (consent, channel) = consent_of_filing(how, &pairs.get("consent"), pairs.get("consent_confirmed") == "1", &user.name, &mut form);
    if !form.is_ok() {
        return Err(AppError::invalid(form).on_page(page));
    }
    if let Some(until) = paused_until(&state, person.id).await? {
        let day = crate::time::day_of(until).to_string();
        return Err(refused("starts_at", Message::new("counter-paused").with("day", day), page));
    }
    let now = state.now();
    let held: Vec<AppointmentRow> = store.appointments_of(person.id, 50).await?.into_iter().filter(|a| a.status == "booked" && a.starts_at > now).collect();
    if held.iter().any(|a| a.office_id == o.id && a.service == service) {
        return Err(refused("starts_at", Message::new("counter-already-booked"), page));
    }
    if held.len() >= MOST_HELD {
        return Err(refused("starts_at", Message::new("counter-too-many").with("n", MOST_HELD as i64), page));
    }
    let starts_at = pairs.get("starts_at").parse::<i64>().unwrap_or(0);
    let Some(slot) = slot_choices(&state, &o, &service, Lang::Zh).await?.into_iter().find(|s| s.starts_at == starts_at) else {
        return Err(refused("starts_at", Message::new("counter-choose-slot"), page));
    };
    let capacity = slot.capacity;
    let notices = crate::applications::steps::notices(store, &told_ids(person.id, user.id), "counter", &told(&state, "notice-counter-booked", &o, &service, starts_at).await?).await?;
    let audit: Vec<AuditEntry> = (how != "self").then(|| AuditEntry { actor_id: user.id, subject_id: person.id, action: "appointment_booked_for".into(), detail: format!("{how} {office} {service} {consent}") }).into_iter().collect();
    for _ in 0..3 {
        let a = NewAppointment { ref_no: new_ref_no(), office_id: o.id, service: service.clone(), starts_at, resident_id: person.id, booked_by_id: user.id, channel: channel.as_str() };
        match store.book_counter(&a, capacity, &notices, &audit, now).await {
            Ok(CounterBooking::Booked(_)) => return Ok(Redirect::to(&format!("/me/appointments/{}?booked=1", a.ref_no)).into_response()),
            Ok(_) => {
                let mut form = FormState::default();
                form.refuse("starts_at", Message::new("counter-slot-full"));
                return Err(AppError::conflict(form).on_page(page));
            }
            Err(StoreError::Conflict(_)) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(AppError::internal("no free appointment reference"))
}

/// POST `/me/appointments/{ref}/{move|cancel|take}`: the resident's side (or the office's staff).
async fn change(State(state): State<AppState>, Path((ref_no, action)): Path<(String, String)>, user: CurrentUser, pairs: FormPairs) -> AppResult {
    let store = &*state.store;
    let a = store.appointment_by_ref(&ref_no).await?.ok_or(AppError::NotFound)?;
    let side = side_of(store, &user, &a).await?.ok_or(AppError::NotFound)?;
    let o = office_or_404(&state, &a.office_code).await?;
    let page = format!("/me/appointments/{ref_no}");
    let action = match action.as_str() {
        "move" => VisitAction::Move,
        "cancel" => VisitAction::Cancel,
        "take" => VisitAction::Arrive,
        _ => return Err(AppError::NotFound),
    };
    if !VISIT_TABLE.allows(action, side, &a.status) {
        return Err(refused("action", Message::new("counter-too-late"), page));
    }
    let now = state.now();
    let audit: Vec<AuditEntry> = (user.id != a.resident_id)
        .then(|| AuditEntry { actor_id: user.id, subject_id: a.resident_id, action: format!("appointment_{}", audit_word(action)), detail: ref_no.clone() })
        .into_iter().collect();
    match action {
        VisitAction::Move => {
            let starts_at = pairs.get("starts_at").parse::<i64>().unwrap_or(0);
            let Some(slot) = slot_choices(&state, &o, &a.service, Lang::Zh).await?.into_iter().find(|s| s.starts_at == starts_at && s.starts_at != a.starts_at) else {
                return Err(refused("starts_at", Message::new("counter-choose-slot"), page));
            };
            let capacity = slot.capacity;
            let notices = crate::applications::steps::notices(store, &told_ids(a.resident_id, user.id), "counter", &told(&state, "notice-counter-moved", &o, &a.service, starts_at).await?).await?;
            match store.move_appointment(a.id, starts_at, capacity, &notices, &audit, now).await? {
                CounterBooking::Booked(_) => Ok(Redirect::to(&format!("{page}?moved=1")).into_response()),
                CounterBooking::Full => {
                    let mut form = FormState::default();
                    form.refuse("starts_at", Message::new("counter-slot-full"));
                    Err(AppError::conflict(form).on_page(page))
                }
                CounterBooking::Gone => Err(refused("action", Message::new("counter-too-late"), page)),
            }
        }
        VisitAction::Cancel => {
            if a.starts_at <= now {
                return Err(refused("action", Message::new("counter-too-late"), page));
            }
            let notices = crate::applications::steps::notices(store, &told_ids(a.resident_id, user.id), "counter", &told(&state, "notice-counter-cancelled", &o, &a.service, a.starts_at).await?).await?;
            if !store.cancel_appointment(a.id, &notices, &audit, now).await? {
                return Err(refused("action", Message::new("counter-too-late"), page));
            }
            Ok(Redirect::to(&format!("{page}?cancelled=1")).into_response())
        }
        _ => {
            if crate::time::day_of(a.starts_at) != crate::time::day_of(now) {
                return Err(refused("action", Message::new("counter-not-today"), page));
            }
            let ticket = new_ticket(&state, &o, &a.service, Some(a.resident_id), Some(a.id), if side == VisitActor::Staff { "staff" } else { "qr" });
            match store.take_ticket(&ticket, now).await? {
                Some(t) => Ok(Redirect::to(&format!("/queue/t/{}", t.token)).into_response()),
                None => Err(refused("action", Message::new("counter-too-late"), page)),
            }
        }
    }
}

fn audit_word(action: VisitAction) -> &'static str {
    match action {
        VisitAction::Move => "moved",
        VisitAction::Cancel => "cancelled",
        _ => "arrived",
    }
}

/// A number for today at the office (the day counts from 1 each morning, in Shanghai).
pub(crate) fn new_ticket(state: &AppState, o: &OfficeRow, service: &str, resident: Option<i64>, appointment: Option<i64>, via: &'static str) -> NewTicket {
    NewTicket {
        office_id: o.id,
        day: crate::time::day_of(state.now()).to_string(),
        prefix: if appointment.is_some() { "Y" } else { "A" },
        // What the number's page is found by: it shows no one's name, but it is theirs.
        token: crate::secrets::random_token(),
        service: service.to_string(),
        resident_id: resident,
        appointment_id: appointment,
        taken_via: via,
    }
}

/// POST `/queue/{office}/take`: a number for today. A resident with an appointment here today
/// arrives with it (a `Y` number, called first); anyone else chooses the service. Without an
/// account (the hall's kiosk) the address's allowance is counted before anything is read.
async fn take(State(state): State<AppState>, Path(office): Path<String>, user: MaybeUser, ClientAddr(addr): ClientAddr, req: Request) -> AppResult {
    let page = format!("/queue/{office}/take");
    let resident = user.as_ref().filter(|u| u.role == crate::prefs::Role::Resident);
    if resident.is_none() {
        state.limits.check(Limit::QueueNumber, addr).await.map_err(|e| e.too_many(FormState::default(), "service").on_page(page.clone()))?;
    }
    let pairs = FormPairs::from_request(req, &state).await?;
    let o = office_or_404(&state, &office).await?;
    let store = &*state.store;
    let now = state.now();
    let today = crate::time::day_of(now).to_string();
    if let Some(u) = resident {
        // One place in the queue at a time: the one already held is shown again.
        let held = store.office_tickets(o.id, &today).await?.into_iter().find(|t| t.resident_id == Some(u.id) && t.status == "waiting");
        if let Some(t) = held {
            return Ok(Redirect::to(&format!("/queue/t/{}", t.token)).into_response());
        }
        if let Some(a) = todays_appointment(&state, u.id, &o).await? {
            let t = new_ticket(&state, &o, &a.service, Some(u.id), Some(a.id), "qr");
            if let Some(t) = store.take_ticket(&t, now).await? {
                return Ok(Redirect::to(&format!("/queue/t/{}", t.token)).into_response());
            }
        }
    }
    let service = pairs.get("service");
    if !store.counter_hours(o.id).await?.iter().any(|h| h.service == service) {
        return Err(refused("service", Message::new("counter-choose-service"), page));
    }
    let t = new_ticket(&state, &o, &service, resident.map(|u| u.id), None, if resident.is_some() { "qr" } else { "kiosk" });
    let t = store.take_ticket(&t, now).await?.ok_or_else(|| AppError::internal("a number without an appointment was refused"))?;
    Ok(Redirect::to(&format!("/queue/t/{}", t.token)).into_response())
}

/// POST `/queue/t/{token}/leave`: the holder gives up a number still waiting.
async fn leave(State(state): State<AppState>, Path(token): Path<String>) -> AppResult {
    let t = state.store.ticket_by_token(&token).await?.ok_or(AppError::NotFound)?;
    let rule = TICKET_TABLE.rule(TicketAction::Leave, TicketActor::Holder).expect("the table lets a holder leave");
    let to = rule.to.map(|s| s.as_str()).unwrap_or("cancelled");
    if !state.store.finish_ticket(t.id, t.office_id, rule.from, to, None, "", state.now()).await? {
        return Err(refused("action", Message::new("counter-already-called"), format!("/queue/t/{token}")));
    }
    Ok(Redirect::to(&format!("/queue/t/{token}")).into_response())
}

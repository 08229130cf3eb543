//! Booking and the order's life: the resident (or a relative, or community staff) books a slot;
//! the provider confirms or declines, sets out, serves and records payment at the door; the
//! resident confirms, cancels within the free window, rates, or complains to community staff.
//! Every step is one guarded transaction, so two people acting at once cannot both succeed.
use super::access::{order_role, serves};
use super::lifecycle::{self, Action, Actor, OrderStatus};
use super::{new_order_ref, slots, BOOKING_DAYS};
use crate::applications::access::acting_for;
use crate::applications::steps;
use crate::feedback::handlers::{file, Filing, FilingError};
use crate::forms::{Message, FormState};
use crate::prefs::Lang;
use crate::state::AppState;
use crate::storage::{AuditEntry, BookOutcome, NewOrder, OrderRow, OrderStep, StoreError, UserRecord};
use crate::web::{AppError, AppResult, CurrentUser, FormPairs};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::routing::post;
use axum::Router;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/market/{id}/book", post(book))
        .route("/market/orders/{ref_no}/{action}", post(act))
}

/// POST `/market/{id}/book`: slot, address, phone, note; `for` and consent when acting for someone.
async fn book(State(state): State<AppState>, user: CurrentUser, Path(id): Path<i64>, pairs: FormPairs) -> AppResult {
    let store = &*state.store;
    // A listing that is hidden (provider suspended, taken down) cannot be booked by URL either.
    let listing = store
        .listing(id)
        .await?
        .filter(|l| super::vetting::is_approved(&l.provider_status) && l.active == 1 && l.provider_owner_id != user.id)
        .ok_or(AppError::NotFound)?;
    let for_id = pairs.get("for").parse::<i64>().ok();
    let (resident, how) = acting_for(store, &user, for_id).await?.ok_or(AppError::NotFound)?;
    let page = format!("/market/{id}?for={}", resident.id);
    let mut form = FormState::default();
    for key in ["slot", "address", "phone", "note", "consent"] {
        form.values.insert(key.into(), pairs.get(key).chars().take(500).collect());
    }
    let now = state.now();
    let rules = store.availability(id).await?;
    let wanted = pairs.get("slot").parse::<i64>().ok();
    let slot = wanted.and_then(|t| slots::upcoming(&rules, now, BOOKING_DAYS).into_iter().find(|s| s.starts_at == t));
    if slot.is_none() {
        form.refuse("slot", Message::new("market-choose-one-of-the-open-time"));
    }
    let (address, phone, note) = contact_details(&pairs, &mut form);
    let (community, place) = super::access::home_of(store, &resident).await?;
    if !serves(&listing, community.as_deref(), place) {
        form.refuse("address", Message::new("market-this-provider-does-not-serve-this"));
    }
    let consent = consent_note(how, &pairs, &user.name, &mut form);
    let Some(slot) = slot.filter(|_| form.is_ok()) else {
        return Err(AppError::invalid(form).on_page(page));
    };
    let told = Message::new("notice-order-new").with("title", &listing.title)
        .with_names("slot", slots::slot_text(slot.starts_at, Lang::Zh), slots::slot_text(slot.starts_at, Lang::En)).with("address", &address);
    let notices = steps::notices(store, &[listing.provider_owner_id], "order", &told).await?;
    let audit: Vec<AuditEntry> = (how != "self")
        .then(|| AuditEntry { actor_id: user.id, subject_id: resident.id, action: format!("order_booked_{how}"), detail: format!("{} {consent}", listing.title) })
        .into_iter()
        .collect();
    for ref_no in std::iter::repeat_with(new_order_ref).take(3) {
        let order = NewOrder {
            ref_no: ref_no.clone(),
            listing_id: listing.id,
            provider_id: listing.provider_id,
            resident_id: resident.id,
            booked_by_id: user.id,
            consent: consent.clone(),
            channel: crate::applications::access::channel_of_filing(how, &pairs.get("consent")).as_str(),
            community_code: community.clone(),
            starts_at: slot.starts_at,
            address: address.clone(),
            contact_phone: phone.clone(),
            note: note.clone(),
            title: listing.title.clone(),
            price_kind: listing.price_kind.clone(),
            price_cents: listing.price_cents,
            cancel_hours: listing.cancel_hours,
        };
        match store.book(&order, slot.capacity, &notices, &audit, now).await {
            Ok(BookOutcome::Booked(_)) => return Ok(Redirect::to(&format!("/market/orders/{ref_no}?booked=1")).into_response()),
            Ok(BookOutcome::Full) => {
                form.refuse("slot", Message::new("market-someone-just-took-the-last-place"));
                return Err(AppError::conflict(form).on_page(page));
            }
            Ok(BookOutcome::Unavailable) => return Err(AppError::NotFound),
            Err(StoreError::Conflict(_)) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(AppError::internal("no free order reference"))
}

/// Where to come, whom to call and any note, each checked beside its field.
fn contact_details(pairs: &FormPairs, form: &mut FormState) -> (String, String, String) {
    let address = pairs.get("address");
    if address.chars().count() < 4 || address.chars().count() > 120 {
        form.refuse("address", Message::new("market-enter-the-address-with-building-and"));
    }
    let phone = match crate::accounts::validate::mobile(&pairs.get("phone")) {
        Ok(p) => p,
        Err(p) => {
            form.refuse("phone", p.message());
            String::new()
        }
    };
    let note: String = pairs.get("note");
    if note.chars().count() > 300 {
        form.refuse("note", Message::new("market-at-most-300-characters"));
    }
    (address, phone, note)
}

/// How the resident agreed when someone else books: staff record it and confirm; a relative's
/// authorisation is the consent.
fn consent_note(how: &str, pairs: &FormPairs, booker: &str, form: &mut FormState) -> String {
    let mut consent = String::new();
    if how == "staff" {
        match crate::applications::access::staff_consent(&pairs.get("consent"), pairs.get("consent_confirmed") == "1", booker) {
            Some(note) => consent = note,
            None => form.refuse("consent", Message::new("market-record-how-the-resident-agreed-and")),
        }
    } else if how == "delegate" {
        consent = format!("亲友代约（{booker}）");
    }
    consent
}

/// POST `/market/orders/{ref}/{action}`: a lifecycle step (see `lifecycle::TABLE`), or one of
/// the side matters of an order (rating, a reply to it, a complaint, online payment).
async fn act(State(state): State<AppState>, user: Option<CurrentUser>, Path((ref_no, action)): Path<(String, String)>, pairs: FormPairs) -> AppResult {
    let user = user.ok_or(AppError::NotFound)?.0;
    let o = state.store.order_by_ref(&ref_no).await?.ok_or(AppError::NotFound)?;
    let role = order_role(&state, &user, &o).await?.ok_or(AppError::NotFound)?;
    let page = format!("/market/orders/{ref_no}");
    let again = Again { page: page.clone(), note: pairs.get("note").chars().take(500).collect() };
    let actor = match role {
        "provider" => Actor::Provider,
        "resident" => Actor::Resident,
        _ => return Err(AppError::NotFound),
    };
    match (action.as_str(), actor) {
        ("rate", Actor::Resident) => return rate(&state, &user, &o, &pairs, &page).await,
        ("complain", Actor::Resident) => return complain(&state, &user, &o, &pairs, &page).await,
        ("reply", Actor::Provider) => return reply(&state, &o, &again).await,
        ("pay_online", Actor::Resident) => {
            let m = match super::payments::gateway().start(&o.ref_no, o.price_cents) {
                Ok(url) => return Ok(Redirect::to(&url).into_response()),
                Err(_) => Message::new("market-online-payment-is-not-available-yet"),
            };
            return Err(again.refuse("pay", m, StatusCode::SERVICE_UNAVAILABLE));
        }
        _ => {}
    }
    let rule = Action::from_path(&action).and_then(|a| lifecycle::TABLE.rule(a, actor)).ok_or(AppError::NotFound)?;
    let mut step = OrderStep::new(o.id, rule.from, rule.to.map(OrderStatus::as_str), rule.action.event()).by(user.id).note(again.note.clone());
    let what = prepare(&mut step, rule.action, &o, &pairs, state.now()).map_err(|(field, m, status)| again.refuse(field, m, status))?;
    let store = &*state.store;
    let told = if actor == Actor::Provider { vec![o.resident_id, o.booked_by_id] } else { vec![o.provider_owner_id] };
    let message = Message::new("notice-order-step").with("ref", &ref_no).with("title", &o.title).with("what", what);
    step.notices = steps::notices(store, &told, "order", &message).await?;
    if user.id != o.resident_id && actor == Actor::Resident {
        step.audit.push(AuditEntry { actor_id: user.id, subject_id: o.resident_id, action: format!("order_{action}_for"), detail: ref_no.clone() });
    }
    if !store.order_step(&step, state.now()).await? {
        return Err(again.refuse("state", Message::new("market-the-order-changed-meanwhile-here-is"), StatusCode::CONFLICT));
    }
    Ok(Redirect::to(&page).into_response())
}

type Refusal = (&'static str, Message, StatusCode);

/// What a step needs beyond the table (a reason, a payment, the cancellation window), and the
/// message both sides are told.
fn prepare(step: &mut OrderStep, action: Action, o: &OrderRow, pairs: &FormPairs, now: i64) -> Result<Message, Refusal> {
    let note = step.note.clone();
    let invalid = |field, m: Message| Err((field, m, StatusCode::UNPROCESSABLE_ENTITY));
    Ok(match action {
        Action::Confirm => Message::new("notice-order-confirmed"),
        Action::Decline => {
            if note.is_empty() {
                return invalid("note", Message::new("market-give-the-reason-the-resident-will"));
            }
            step.effects.reason = Some(note.clone());
            step.effects.frees_slot = true;
            Message::new("notice-order-declined").with("note", note)
        }
        Action::Depart => Message::new("notice-order-departed"),
        Action::Serve => {
            step.effects.served = true;
            Message::new("notice-order-served")
        }
        Action::RecordPayment => {
            let method = pairs.get("method");
            let Some(method) = super::payments::METHODS.iter().find(|m| m.0 == method).map(|m| m.0) else {
                return invalid("method", Message::new("market-choose-how-it-was-paid"));
            };
            let Some(cents) = super::parse_yuan(&pairs.get("amount")).filter(|c| *c > 0) else {
                return invalid("amount", Message::new("market-enter-the-amount-received-in-yuan"));
            };
            step.effects.paid = Some((cents, method));
            let amount = super::price_text("fixed", cents, Lang::Zh);
            step.note = format!("{amount} {}", super::payments::method_label(method, Lang::Zh));
            Message::new("notice-order-paid").with("amount", amount)
                .with_names("method", super::payments::method_label(method, Lang::Zh), super::payments::method_label(method, Lang::En))
        }
        Action::Complete => {
            step.effects.completed = true;
            Message::new("notice-order-completed")
        }
        Action::Cancel => {
            if now > slots::free_cancel_until(o.starts_at, o.cancel_hours) {
                let m = Message::new("market-free-cancellation-ended").with("hours", o.cancel_hours);
                return Err(("cancel", m, StatusCode::CONFLICT));
            }
            step.effects.reason = Some(note);
            step.effects.frees_slot = true;
            Message::new("notice-order-cancelled")
        }
        Action::AutoComplete => unreachable!("only the job completes by itself"),
    })
}

/// The order page drawn again with a message beside a field, keeping the note as typed.
struct Again {
    page: String,
    note: String,
}

impl Again {
    fn refuse(&self, field: &str, m: Message, status: StatusCode) -> AppError {
        let mut form = FormState::default();
        form.values.insert("note".into(), self.note.clone());
        form.refuse(field, m);
        AppError::Refused { form, status, page: Some(self.page.clone()) }
    }
}

/// The provider answers a review, once.
async fn reply(state: &AppState, o: &OrderRow, again: &Again) -> AppResult {
    if again.note.is_empty() {
        return Err(again.refuse("note", Message::new("market-write-your-reply"), StatusCode::UNPROCESSABLE_ENTITY));
    }
    if !state.store.reply_review(o.id, o.provider_id, &again.note, state.now()).await? {
        return Err(again.refuse("note", Message::new("market-a-review-can-be-answered-once"), StatusCode::CONFLICT));
    }
    Ok(Redirect::to(&again.page).into_response())
}

/// 1–5 stars and an optional text, once, after completion; only the resident themself.
async fn rate(state: &AppState, user: &UserRecord, o: &OrderRow, pairs: &FormPairs, page: &str) -> AppResult {
    let mut form = FormState::default();
    form.values.insert("review".into(), pairs.get("review"));
    let stars = pairs.get("stars").parse::<i64>().ok().filter(|s| (1..=5).contains(s));
    if user.id != o.resident_id {
        form.refuse("stars", Message::new("market-only-the-resident-can-rate"));
    } else if stars.is_none() {
        form.refuse("stars", Message::new("market-choose-1-to-5-stars"));
    }
    let body: String = pairs.get("review");
    if body.chars().count() > 500 {
        form.refuse("review", Message::new("market-at-most-500-characters"));
    }
    if !form.is_ok() {
        return Err(AppError::invalid(form).on_page(page));
    }
    let stars = stars.unwrap_or(5);
    let told = Message::new("notice-order-reviewed").with("ref", &o.ref_no).with("stars", stars);
    let notices = steps::notices(&*state.store, &[o.provider_owner_id], "review", &told).await?;
    if !state.store.add_review(o.id, o.resident_id, stars, &body, &notices, state.now()).await? {
        form.refuse("stars", Message::new("market-you-can-rate-once-after-the"));
        return Err(AppError::conflict(form).on_page(page));
    }
    Ok(Redirect::to(page).into_response())
}

/// A complaint about an order is a feedback item (kind complaint) owned by the resident's
/// community, with the usual deadlines; its staff may then read the whole order.
async fn complain(state: &AppState, user: &UserRecord, o: &OrderRow, pairs: &FormPairs, page: &str) -> AppResult {
    let body: String = pairs.get("complaint");
    let mut form = FormState::default();
    form.values.insert("complaint".into(), body.clone());
    if body.chars().count() < 5 || body.chars().count() > 1000 {
        form.refuse("complaint", Message::new("market-describe-the-problem-5-1000-characters"));
        return Err(AppError::invalid(form).on_page(page));
    }
    let resident = state.store.user_by_id(o.resident_id).await?.ok_or(AppError::NotFound)?;
    let filing = Filing {
        category: super::COMPLAINT_CATEGORY.into(),
        title: format!("便民服务投诉：{}（{}）", o.title, o.provider_name).chars().take(60).collect(),
        body: format!("订单 {}。{body}", o.ref_no),
        building_id: resident.building_id,
        address_detail: if resident.building_id.is_some() { String::new() } else { o.address.clone() },
        lat: None,
        lng: None,
        resident: Some(resident),
        filed_by: None,
        channel: crate::channel::Channel::Online,
        consent_note: String::new(),
        api_key_id: None,
        reporter_name: String::new(),
        reporter_contact: String::new(),
        media_url: String::new(),
        order_id: Some(o.id),
    };
    if user.id != o.resident_id {
        state.store.audit(state.now(), Some(user.id), Some(o.resident_id), "order_complaint_for", &o.ref_no).await?;
    }
    match file(state, filing, &[]).await {
        Ok(ref_no) => Ok(Redirect::to(&format!("/feedback/{ref_no}?filed=1")).into_response()),
        Err(FilingError::Field(_, m)) => {
            form.refuse("complaint", m);
            Err(AppError::invalid(form).on_page(page))
        }
        Err(FilingError::Store(e)) => Err(e.into()),
    }
}

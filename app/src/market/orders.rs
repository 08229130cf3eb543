//! Booking and the order's life: the resident (or a relative, or community staff) books a slot;
//! the provider confirms or declines, sets out, serves and records payment at the door; the
//! resident confirms, cancels within the free window, rates, or complains to community staff.
//! Every step is one guarded transaction, so two people acting at once cannot both succeed.
use super::access::{order_role, serves};
use super::{new_order_ref, slots, BOOKING_DAYS};
use crate::applications::access::acting_for;
use crate::applications::steps;
use crate::feedback::handlers::{file, Filing, FilingError};
use crate::forms::{msg, FormState};
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
async fn book(State(state): State<AppState>, user: CurrentUser, lang: Lang, Path(id): Path<i64>, pairs: FormPairs) -> AppResult {
    let store = &*state.store;
    // A listing that is hidden (provider suspended, taken down) cannot be booked by URL either.
    let listing = store
        .listing(id)
        .await?
        .filter(|l| l.provider_status == "approved" && l.active == 1 && l.provider_owner_id != user.id)
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
        form.refuse("slot", msg(lang, "请选择一个可预约的时段", "Choose one of the open time slots"));
    }
    let address = pairs.get("address");
    if address.chars().count() < 4 || address.chars().count() > 120 {
        form.refuse("address", msg(lang, "请填写上门地址（含楼栋和门牌号）", "Enter the address, with building and door number"));
    }
    let phone = match crate::accounts::validate::mobile(&pairs.get("phone")) {
        Ok(p) => p,
        Err(p) => {
            form.refuse("phone", p.message(lang));
            String::new()
        }
    };
    let note: String = pairs.get("note");
    if note.chars().count() > 300 {
        form.refuse("note", msg(lang, "备注最多 300 字", "At most 300 characters"));
    }
    let (community, place) = super::access::home_of(store, &resident).await?;
    if !serves(&listing, community.as_deref(), place) {
        form.refuse("address", msg(lang, "该服务商不在此住址的服务范围内", "This provider does not serve this address"));
    }
    let mut consent = String::new();
    if how == "staff" {
        match crate::applications::access::staff_consent(&pairs.get("consent"), pairs.get("consent_confirmed") == "1", &user.name) {
            Some(note) => consent = note,
            None => form.refuse("consent", msg(lang, "请记录居民如何同意由您代约，并勾选确认", "Record how the resident agreed, and tick to confirm")),
        }
    } else if how == "delegate" {
        consent = format!("亲友代约（{}）", user.name);
    }
    let Some(slot) = slot.filter(|_| form.is_ok()) else {
        return Err(AppError::invalid(form).on_page(page));
    };
    let text = slots::slot_text(slot.starts_at, Lang::Zh);
    let notices = steps::notices(store, &[listing.provider_owner_id], "order",
        &format!("新预约：{}，{text}，{address}。请尽快确认。", listing.title),
        &format!("New booking: {}, {text}, {address}. Please confirm.", listing.title)).await?;
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
                form.refuse("slot", msg(lang, "刚刚有人约满了这个时段，请换一个时段", "Someone just took the last place in this slot; please choose another"));
                return Err(AppError::conflict(form).on_page(page));
            }
            Ok(BookOutcome::Unavailable) => return Err(AppError::NotFound),
            Err(StoreError::Conflict(_)) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(AppError::internal("no free order reference"))
}

/// POST `/market/orders/{ref}/{action}`.
async fn act(State(state): State<AppState>, user: Option<CurrentUser>, lang: Lang, Path((ref_no, action)): Path<(String, String)>, pairs: FormPairs) -> AppResult {
    let user = user.ok_or(AppError::NotFound)?.0;
    let o = state.store.order_by_ref(&ref_no).await?.ok_or(AppError::NotFound)?;
    let role = order_role(&state, &user, &o).await?.ok_or(AppError::NotFound)?;
    let page = format!("/market/orders/{ref_no}");
    let note: String = pairs.get("note").chars().take(500).collect();
    let refuse = |name: &str, m: String, status: StatusCode| {
        let mut form = FormState::default();
        form.values.insert("note".into(), note.clone());
        form.refuse(name, m);
        Err(AppError::Refused { form, status, page: Some(page.clone()) })
    };
    let store = &*state.store;
    let now = state.now();
    let provider_side = role == "provider";
    let resident_side = role == "resident";
    let mut step = OrderStep { order_id: o.id, actor_id: Some(user.id), note: note.clone(), ..Default::default() };
    let (zh, en): (String, String);
    match (action.as_str(), provider_side, resident_side) {
        ("confirm", true, _) => {
            (step.from, step.to, step.event_kind) = (&["requested"], Some("confirmed"), "confirmed");
            (zh, en) = ("服务商已确认您的预约".into(), "The provider confirmed your booking".into());
        }
        ("decline", true, _) => {
            if note.is_empty() {
                return refuse("note", msg(lang, "请写明拒绝原因，居民会看到", "Give the reason; the resident will see it"), StatusCode::UNPROCESSABLE_ENTITY);
            }
            (step.from, step.to, step.event_kind) = (&["requested", "confirmed"], Some("declined"), "declined");
            step.reason = Some(note.clone());
            step.frees_slot = true;
            (zh, en) = (format!("服务商无法接单：{note}"), format!("The provider declined: {note}"));
        }
        ("depart", true, _) => {
            (step.from, step.to, step.event_kind) = (&["confirmed"], Some("on_the_way"), "on_the_way");
            (zh, en) = ("服务人员已出发，请留意电话".into(), "The provider is on the way".into());
        }
        ("serve", true, _) => {
            (step.from, step.to, step.event_kind) = (&["on_the_way", "confirmed"], Some("served"), "served");
            step.served = true;
            (zh, en) = ("服务已完成，请确认（48 小时后自动确认）".into(), "Service done: please confirm (automatic after 48 hours)".into());
        }
        ("paid", true, _) => {
            let method = pairs.get("method");
            let Some(method) = super::payments::METHODS.iter().find(|m| m.0 == method).map(|m| m.0) else {
                return refuse("method", msg(lang, "请选择收款方式", "Choose how it was paid"), StatusCode::UNPROCESSABLE_ENTITY);
            };
            let Some(cents) = super::parse_yuan(&pairs.get("amount")).filter(|c| *c > 0) else {
                return refuse("amount", msg(lang, "请填写实收金额（元），如 80", "Enter the amount received in yuan, e.g. 80"), StatusCode::UNPROCESSABLE_ENTITY);
            };
            (step.from, step.event_kind) = (&["confirmed", "on_the_way", "served", "completed"], "paid_offline");
            step.paid = Some((cents, method));
            step.note = format!("{} {}", super::price_text("fixed", cents, Lang::Zh), super::payments::method_label(method, Lang::Zh));
            (zh, en) = (format!("服务商登记已线下收款 {}", step.note), format!("The provider recorded payment at the door: {}", step.note));
        }
        ("complete", _, true) => {
            (step.from, step.to, step.event_kind) = (&["served"], Some("completed"), "completed");
            step.completed = true;
            (zh, en) = ("居民已确认服务完成".into(), "The resident confirmed the service".into());
        }
        ("cancel", _, true) => {
            if now > slots::free_cancel_until(o.starts_at, o.cancel_hours) {
                return refuse("cancel", msg(lang, &format!("已过免费取消时间（服务开始前 {} 小时），请致电服务商协商", o.cancel_hours),
                    &format!("Free cancellation ended {} hours before the start; please call the provider", o.cancel_hours)), StatusCode::CONFLICT);
            }
            (step.from, step.to, step.event_kind) = (&["requested", "confirmed"], Some("cancelled"), "cancelled");
            step.reason = Some(note.clone());
            step.frees_slot = true;
            (zh, en) = ("居民取消了预约".into(), "The resident cancelled the booking".into());
        }
        ("rate", _, true) => return rate(&state, &user, lang, &o, &pairs, &page).await,
        ("reply", true, _) => {
            if note.is_empty() {
                return refuse("note", msg(lang, "请填写回复内容", "Write your reply"), StatusCode::UNPROCESSABLE_ENTITY);
            }
            if !store.reply_review(o.id, o.provider_id, &note, now).await? {
                return refuse("note", msg(lang, "每条评价只能回复一次", "A review can be answered once"), StatusCode::CONFLICT);
            }
            return Ok(Redirect::to(&page).into_response());
        }
        ("complain", _, true) => return complain(&state, &user, lang, &o, &pairs, &page).await,
        ("pay_online", _, true) => {
            let m = match super::payments::gateway().start(&o.ref_no, o.price_cents) {
                Ok(url) => return Ok(Redirect::to(&url).into_response()),
                Err(_) => msg(lang, "在线支付尚未开通（本平台尚未接入支付机构），请在服务时当面付款。", "Online payment is not available yet (no payment provider is connected); please pay at the door."),
            };
            return refuse("pay", m, StatusCode::SERVICE_UNAVAILABLE);
        }
        _ => return Err(AppError::NotFound),
    }
    let told = if provider_side { vec![o.resident_id, o.booked_by_id] } else { vec![o.provider_owner_id] };
    step.notices = steps::notices(store, &told, "order", &format!("订单 {ref_no}（{}）：{zh}", o.title), &format!("Order {ref_no} ({}): {en}", o.title)).await?;
    if user.id != o.resident_id && resident_side {
        step.audit.push(AuditEntry { actor_id: user.id, subject_id: o.resident_id, action: format!("order_{action}_for"), detail: ref_no.clone() });
    }
    if !store.order_step(&step, now).await? {
        return refuse("state", msg(lang, "订单状态已变化，请查看最新进度", "The order changed meanwhile; here is where it stands"), StatusCode::CONFLICT);
    }
    Ok(Redirect::to(&page).into_response())
}

/// 1–5 stars and an optional text, once, after completion; only the resident themself.
async fn rate(state: &AppState, user: &UserRecord, lang: Lang, o: &OrderRow, pairs: &FormPairs, page: &str) -> AppResult {
    let mut form = FormState::default();
    form.values.insert("review".into(), pairs.get("review"));
    let stars = pairs.get("stars").parse::<i64>().ok().filter(|s| (1..=5).contains(s));
    if user.id != o.resident_id {
        form.refuse("stars", msg(lang, "评价由居民本人填写", "Only the resident can rate"));
    } else if stars.is_none() {
        form.refuse("stars", msg(lang, "请选择 1 到 5 星", "Choose 1 to 5 stars"));
    }
    let body: String = pairs.get("review");
    if body.chars().count() > 500 {
        form.refuse("review", msg(lang, "评价最多 500 字", "At most 500 characters"));
    }
    if !form.is_ok() {
        return Err(AppError::invalid(form).on_page(page));
    }
    let stars = stars.unwrap_or(5);
    let notices = steps::notices(&*state.store, &[o.provider_owner_id], "review",
        &format!("订单 {} 收到 {stars} 星评价。", o.ref_no), &format!("Order {} was rated {stars} stars.", o.ref_no)).await?;
    if !state.store.add_review(o.id, o.resident_id, stars, &body, &notices, state.now()).await? {
        form.refuse("stars", msg(lang, "订单完成后才能评价，且只能评价一次", "You can rate once, after the order is completed"));
        return Err(AppError::conflict(form).on_page(page));
    }
    Ok(Redirect::to(page).into_response())
}

/// A complaint about an order is a feedback item (kind complaint) owned by the resident's
/// community, with the usual deadlines; its staff may then read the whole order.
async fn complain(state: &AppState, user: &UserRecord, lang: Lang, o: &OrderRow, pairs: &FormPairs, page: &str) -> AppResult {
    let body: String = pairs.get("complaint");
    let mut form = FormState::default();
    form.values.insert("complaint".into(), body.clone());
    if body.chars().count() < 5 || body.chars().count() > 1000 {
        form.refuse("complaint", msg(lang, "请写明投诉内容（5–1000 字）", "Describe the problem (5–1000 characters)"));
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
        source: "web",
        api_key_id: None,
        reporter_name: String::new(),
        reporter_contact: String::new(),
        media_url: String::new(),
        order_id: Some(o.id),
    };
    if user.id != o.resident_id {
        state.store.audit(state.now(), Some(user.id), Some(o.resident_id), "order_complaint_for", &o.ref_no).await?;
    }
    match file(state, filing, &[], lang).await {
        Ok(ref_no) => Ok(Redirect::to(&format!("/feedback/{ref_no}?filed=1")).into_response()),
        Err(FilingError::Field(_, m)) => {
            form.refuse("complaint", m);
            Err(AppError::invalid(form).on_page(page))
        }
        Err(FilingError::Store(e)) => Err(e.into()),
    }
}

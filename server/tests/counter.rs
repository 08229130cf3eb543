//! 预约办事 and 取号 through the router, on both engines: staff publish weekly hours (bad input
//! refused beside its field, nothing stored; another office's staff get 404); residents book,
//! move and cancel, and a slot never takes more than it holds, even when everyone books at once;
//! the reminder goes once the day before; on the day the resident takes a number, staff call it
//! to a window (appointments first) and record the outcome, which the appointment follows, and
//! the board counts the wait; repeated no-shows pause booking.
use crate::common;

use axum::http::StatusCode;
use common::{app_at, App};
use linli_app::market::slots::at;
use linli_app::storage::SharedStore;

const CENTRE: &str = "/work/counter/cy-xfl";

fn monday() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap()
}

/// Staff of 幸福里 publish the identity check on a weekday at a time, for `capacity` people.
async fn publish(app: &App, staff: &str, weekday: &str, time: &str, capacity: &str) {
    let r = app.post(&format!("{CENTRE}/hours"), staff, &[("service", "identity"), ("weekday", weekday), ("time", time), ("capacity", capacity)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}

async fn book(app: &App, cookie: &str, starts_at: i64) -> common::Reply {
    app.post("/counter/cy-xfl/book", cookie, &[("service", "identity"), ("starts_at", &starts_at.to_string())]).await
}

fn ref_of(r: &common::Reply) -> String {
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", &r.body[..r.body.len().min(2000)]);
    r.location().trim_start_matches("/me/appointments/").trim_end_matches("?booked=1").to_string()
}

async fn used(app: &App, starts_at: i64) -> i64 {
    let office = app.store.office("cy-xfl").await.unwrap().unwrap();
    app.store.counter_slot_use(office.id, "identity", starts_at, starts_at + 1).await.unwrap().first().map(|(_, n)| *n).unwrap_or(0)
}

async fn slots_are_booked_moved_cancelled_and_never_overbooked(store: SharedStore) {
    let (app, clock) = app_at(store, at(monday(), 8 * 60));
    let app = std::sync::Arc::new(app);
    let (_, staff) = app.account("13700008001", 801, "staff", None, Some("cy-xfl")).await;
    let (_, officer) = app.account("13700008002", 802, "officer", Some("rs"), None).await;
    let bad = app.post(&format!("{CENTRE}/hours"), &staff, &[("service", "identity"), ("weekday", "2"), ("time", "22:00"), ("capacity", "2")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("07:00–20:00"), "the refusal is beside the time");
    let office = app.store.office("cy-xfl").await.unwrap().unwrap();
    assert!(app.store.counter_hours(office.id).await.unwrap().is_empty(), "nothing stored");
    assert_eq!(app.post(&format!("{CENTRE}/hours"), &officer, &[("service", "identity"), ("weekday", "2"), ("time", "09:00"), ("capacity", "2")]).await.status,
               StatusCode::NOT_FOUND, "not their office");
    publish(&app, &staff, "2", "09:00", "2").await;
    publish(&app, &staff, "2", "10:00", "1").await;
    let (nine, ten) = (at(monday() + chrono::Days::new(1), 9 * 60), at(monday() + chrono::Days::new(1), 10 * 60));

    let (elder_id, elder) = app.account("13700008003", 803, "resident", None, Some("cy-xfl")).await;
    let (_, stranger) = app.account("13700008004", 804, "resident", None, Some("hp-dh")).await;
    let page = app.get("/counter/cy-xfl?service=identity", &elder).await;
    assert!(page.body.contains("现场身份核验") && page.body.contains("余 2 个"), "the open slots with places left");
    let elder_ref = ref_of(&book(&app, &elder, nine).await);
    assert_eq!(app.get(&format!("/me/appointments/{elder_ref}"), &stranger).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.post(&format!("/me/appointments/{elder_ref}/cancel"), &stranger, &[]).await.status, StatusCode::NOT_FOUND);
    assert_eq!(book(&app, &elder, ten).await.status, StatusCode::UNPROCESSABLE_ENTITY, "one upcoming appointment per service and office");

    // Eight neighbours try the last place of 09:00 at once: one gets it.
    let mut cookies = Vec::new();
    for n in 0..8u32 {
        cookies.push(app.account(&format!("137000081{n:02}"), 810 + n, "resident", None, Some("cy-xfl")).await.1);
    }
    let tasks: Vec<_> = cookies.into_iter().map(|c| {
        let app = app.clone();
        tokio::spawn(async move { book(&app, &c, nine).await.status })
    }).collect();
    let mut answers = Vec::new();
    for t in tasks {
        answers.push(t.await.unwrap());
    }
    let won = answers.iter().filter(|s| **s == StatusCode::SEE_OTHER).count();
    assert_eq!(won, 1, "{answers:?}");
    // The losers hear "just filled up" (409), or, once it shows as full, "choose an open slot".
    assert!(answers.iter().all(|s| [StatusCode::SEE_OTHER, StatusCode::CONFLICT, StatusCode::UNPROCESSABLE_ENTITY].contains(s)), "{answers:?}");
    assert_eq!(used(&app, nine).await, 2, "the slot holds two and took two");

    let moved = app.post(&format!("/me/appointments/{elder_ref}/move"), &elder, &[("starts_at", &ten.to_string())]).await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.body);
    assert_eq!((used(&app, nine).await, used(&app, ten).await), (1, 1), "the old place is given back");
    let full = app.post(&format!("/me/appointments/{elder_ref}/move"), &elder, &[("starts_at", &ten.to_string())]).await;
    assert_eq!(full.status, StatusCode::UNPROCESSABLE_ENTITY, "already there");

    // The day before: reminded once, whichever server sweeps.
    clock.set(at(monday(), 18 * 60));
    linli_app::jobs::run_deadlines(&*app.store, &*clock).await.unwrap();
    linli_app::jobs::run_deadlines(&*app.store, &*clock).await.unwrap();
    let inbox = app.store.inbox(elder_id, 20).await.unwrap();
    assert_eq!(inbox.iter().filter(|n| n.text_zh.starts_with("提醒：明天")).count(), 1, "{:?}", inbox.iter().map(|n| &n.text_zh).collect::<Vec<_>>());

    let cancelled = app.post(&format!("/me/appointments/{elder_ref}/cancel"), &elder, &[]).await;
    assert_eq!(cancelled.status, StatusCode::SEE_OTHER);
    assert_eq!(used(&app, ten).await, 0, "cancelling frees the place");
    assert_eq!(app.store.appointment_by_ref(&elder_ref).await.unwrap().unwrap().status, "cancelled");
    assert_eq!(app.post(&format!("/me/appointments/{elder_ref}/cancel"), &elder, &[]).await.status, StatusCode::UNPROCESSABLE_ENTITY, "once");
}

async fn a_number_is_taken_called_and_served(store: SharedStore) {
    let (app, clock) = app_at(store, at(monday(), 8 * 60));
    let (_, staff) = app.account("13700008201", 821, "staff", None, Some("cy-xfl")).await;
    publish(&app, &staff, "1", "09:00", "3").await;
    let (elder_id, elder) = app.account("13700008203", 823, "resident", None, Some("cy-xfl")).await;
    let elder_ref = ref_of(&book(&app, &elder, at(monday(), 9 * 60)).await);

    clock.set(at(monday(), 8 * 60 + 50));
    // Staff sessions end after a quiet half hour: the desk signs in again.
    let staff = app.sign_in("13700008201", "linli2026").await.cookies();
    let (_, officer) = app.account("13700008202", 822, "officer", Some("rs"), None).await;
    let kiosk = app.post("/queue/cy-xfl/take", "", &[("service", "nothing")]).await;
    assert_eq!(kiosk.status, StatusCode::UNPROCESSABLE_ENTITY, "a service must be chosen");
    let walk_in = app.post("/queue/cy-xfl/take", "", &[("service", "identity")]).await;
    assert_eq!(walk_in.status, StatusCode::SEE_OTHER);
    let walk_in_place = walk_in.location().to_string();
    let arrived = app.post(&format!("/me/appointments/{elder_ref}/take"), &elder, &[]).await;
    assert_eq!(arrived.status, StatusCode::SEE_OTHER, "{}", arrived.body);
    let elder_place = arrived.location().to_string();
    assert!(app.get(&elder_place, "").await.body.contains("Y002"), "an appointment's number");
    assert!(app.get(&walk_in_place, "").await.body.contains("前面还有 1 人"), "the appointment is called first");
    assert_eq!(app.store.appointment_by_ref(&elder_ref).await.unwrap().unwrap().status, "arrived");

    let foreign = app.post(&format!("{CENTRE}/call"), &officer, &[("window", "3")]).await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND, "{}", foreign.location());
    assert_eq!(app.post(&format!("{CENTRE}/call"), &staff, &[("window", "")]).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    clock.set(at(monday(), 9 * 60));
    assert_eq!(app.post(&format!("{CENTRE}/call"), &staff, &[("window", "3")]).await.status, StatusCode::SEE_OTHER);
    let screen = app.get("/queue/cy-xfl", "").await;
    assert!(screen.body.contains("Y002") && screen.body.contains("3 号窗口"), "the hall's screen shows the call");
    assert!(!screen.body.contains(&common::person_name(823)), "and nobody's name");
    assert!(app.get(&elder_place, "").await.body.contains("请到 3 号窗口办理"));
    assert!(app.store.inbox(elder_id, 5).await.unwrap().iter().any(|n| n.text_zh.contains("请 Y002 号到")), "the holder is told");

    let office = app.store.office("cy-xfl").await.unwrap().unwrap();
    let today = monday().to_string();
    let tickets = app.store.office_tickets(office.id, &today).await.unwrap();
    let (y, a) = (tickets.iter().find(|t| t.label == "Y002").unwrap().id, tickets.iter().find(|t| t.label == "A001").unwrap().id);
    let no_outcome = app.post(&format!("{CENTRE}/tickets/{y}/serve"), &staff, &[("window", "3")]).await;
    assert_eq!(no_outcome.status, StatusCode::UNPROCESSABLE_ENTITY);
    clock.set(at(monday(), 9 * 60 + 8));
    assert_eq!(app.post(&format!("{CENTRE}/tickets/{y}/serve"), &staff, &[("window", "3"), ("outcome", "done")]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.store.appointment_by_ref(&elder_ref).await.unwrap().unwrap().status, "done", "the visit follows its number");
    let early = app.post(&format!("{CENTRE}/tickets/{a}/serve"), &staff, &[("outcome", "done")]).await;
    assert_eq!(early.status, StatusCode::NOT_FOUND, "not called yet: {} {:?}", early.location(), app.store.office_tickets(office.id, &today).await.unwrap());
    assert_eq!(app.post(&format!("{CENTRE}/call"), &staff, &[("window", "3")]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.post(&format!("{CENTRE}/tickets/{a}/absent"), &staff, &[("window", "3")]).await.status, StatusCode::SEE_OTHER);
    let none = app.post(&format!("{CENTRE}/call"), &staff, &[("window", "3")]).await;
    assert!(none.location().contains("none=1"), "nobody waits");
    assert_eq!(app.post(&format!("{walk_in_place}/leave"), "", &[]).await.status, StatusCode::UNPROCESSABLE_ENTITY, "a missed number cannot be given up");

    let board = app.get("/board", "").await.body;
    assert!(board.contains("窗口排队") && board.contains("幸福里社区党群服务中心"), "the board counts the queue");
    // Both numbers were called (09:00 and 09:08); Y002 was served in eight minutes.
    let times = app.store.queue_times(at(monday(), 0), at(monday(), 24 * 60)).await.unwrap();
    let q = times.iter().find(|q| q.office_id == office.id).unwrap();
    assert_eq!((q.taken, q.served, q.called), (2, 1, 2));
    assert_eq!(q.service_secs, 8 * 60);
}

async fn repeated_no_shows_pause_booking(store: SharedStore) {
    let (app, clock) = app_at(store, at(monday(), 8 * 60));
    let (_, staff) = app.account("13700008301", 831, "staff", None, Some("cy-xfl")).await;
    let (_, admin) = app.account("13700008302", 832, "admin", None, None).await;
    let refused = app.post("/admin/counter/policy", &staff, &[("office", "cy-xfl"), ("limit", "1"), ("window_days", "30"), ("pause_days", "7")]).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND, "administrators only");
    let set = app.post("/admin/counter/policy", &admin, &[("office", "cy-xfl"), ("limit", "1"), ("window_days", "30"), ("pause_days", "7")]).await;
    assert_eq!(set.status, StatusCode::SEE_OTHER, "{}", set.body);
    publish(&app, &staff, "1", "09:00", "3").await;
    publish(&app, &staff, "3", "09:00", "3").await;
    let (elder_id, elder) = app.account("13700008303", 833, "resident", None, Some("cy-xfl")).await;
    let elder_ref = ref_of(&book(&app, &elder, at(monday(), 9 * 60)).await);

    // Tuesday's first sweep: nobody came on Monday.
    clock.set(at(monday() + chrono::Days::new(1), 0));
    linli_app::jobs::run_deadlines(&*app.store, &*clock).await.unwrap();
    assert_eq!(app.store.appointment_by_ref(&elder_ref).await.unwrap().unwrap().status, "no_show");
    assert!(app.store.inbox(elder_id, 5).await.unwrap().iter().any(|n| n.text_zh.contains("未到场")));
    let r = app.sign_in("13700008303", "linli2026").await;
    let elder = r.cookies();
    let paused = book(&app, &elder, at(monday() + chrono::Days::new(2), 9 * 60)).await;
    assert_eq!(paused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(paused.body.contains("暂停网上预约"), "said beside the slots");
    assert!(app.get("/counter/cy-xfl?service=identity", &elder).await.body.contains("2026-12-14 前暂停"), "the page says until when");
}

async fn staff_book_for_a_resident_they_find(store: SharedStore) {
    let (app, _) = app_at(store, at(monday(), 8 * 60));
    let (_, staff) = app.account("13700008401", 841, "staff", None, Some("cy-xfl")).await;
    let (_, elsewhere) = app.account("13700008402", 842, "staff", None, Some("hp-dh")).await;
    publish(&app, &staff, "3", "09:00", "2").await;
    let (elder_id, _) = app.account("13700008403", 843, "resident", None, Some("cy-xfl")).await;
    let wednesday = at(monday() + chrono::Days::new(2), 9 * 60).to_string();
    let found = app.get("/counter/cy-xfl?service=identity&who=13700008403", &staff).await;
    assert!(found.body.contains(&common::person_name(843)), "found by phone number");
    assert!(found.body.contains(r#"name="service" value="identity""#), "the search keeps the service");
    let nobody = app.post("/counter/cy-xfl/book", &staff, &[("service", "identity"), ("starts_at", &wednesday)]).await;
    assert_eq!(nobody.status, StatusCode::UNPROCESSABLE_ENTITY, "staff choose the resident first");
    let for_id = elder_id.to_string();
    let foreign = app.post("/counter/cy-xfl/book", &elsewhere, &[("service", "identity"), ("starts_at", &wednesday), ("for", &for_id)]).await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND, "not a resident of theirs");
    let unsaid = app.post("/counter/cy-xfl/book", &staff, &[("service", "identity"), ("starts_at", &wednesday), ("for", &for_id)]).await;
    assert_eq!(unsaid.status, StatusCode::UNPROCESSABLE_ENTITY, "staff record how the resident agreed");
    assert!(unsaid.body.contains(r#"id="consent-error""#), "said beside the consent");
    let booked = app.post("/counter/cy-xfl/book", &staff, &[("service", "identity"), ("starts_at", &wednesday), ("for", &for_id),
        ("consent", "phone"), ("consent_confirmed", "1")]).await;
    let ref_no = ref_of(&booked);
    let row = app.store.appointment_by_ref(&ref_no).await.unwrap().unwrap();
    assert_eq!(row.resident_id, elder_id);
    let audit = app.store.audit_for_subject(elder_id, 10).await.unwrap();
    assert!(audit.iter().any(|a| a.action == "appointment_booked_for"), "booking for someone is audited on their record");
    assert!(app.store.inbox(elder_id, 5).await.unwrap().iter().any(|n| n.text_zh.starts_with("已预约")), "the resident is told");
}

linli_app::on_both_engines!(
    staff_book_for_a_resident_they_find,
    slots_are_booked_moved_cancelled_and_never_overbooked,
    a_number_is_taken_called_and_served,
    repeated_no_shows_pause_booking,
);

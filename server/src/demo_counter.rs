//! Demo 预约办事 and 取号: the 幸福里 community service centre (run by staff 李敏) and the 人社
//! counters of the district hall (run by its officers; both offices are reference data) publish
//! weekly slots; 王秀英 has booked
//! the identity check for the next working day; and today's queue at 幸福里 has a number served,
//! one called to counter 1 and one waiting, so the hall's screen shows something. Idempotent.
use linli_app::counter::rules::{open_slots, IDENTITY};
use linli_app::storage::{AuditEntry, CounterHoursRow, NewAppointment, NewTicket, Store};

/// (office, service, weekdays, start minutes, capacity)
const HOURS: &[(&str, &str, &[i64], &[i64], i64)] = &[
    ("cy-xfl", IDENTITY, &[1, 2, 3, 4, 5], &[9 * 60, 10 * 60, 14 * 60 + 30], 3),
    ("cy-xfl", "MZ001", &[2, 4], &[9 * 60 + 30, 15 * 60], 2),
    ("cy-xfl", "MZ009", &[1, 3, 5], &[10 * 60 + 30], 2),
    ("hall-rs", "RS003", &[1, 2, 3, 4, 5], &[9 * 60, 10 * 60, 14 * 60, 15 * 60], 4),
    ("hall-rs", "RS008", &[1, 3], &[9 * 60 + 30, 14 * 60 + 30], 2),
];

pub async fn seed(store: &dyn Store) -> Result<(), String> {
    let db = |e: linli_app::storage::StoreError| e.to_string();
    let Some(centre) = store.office("cy-xfl").await.map_err(db)? else { return Ok(()) };
    if !store.counter_hours(centre.id).await.map_err(db)?.is_empty() {
        return Ok(());
    }
    let Some(admin) = store.user_by_phone("13600000001").await.map_err(db)? else { return Ok(()) };
    let now = linli_app::time::now_unix();
    for code in ["cy-xfl", "hall-rs"] {
        let Some(o) = store.office(code).await.map_err(db)? else { continue };
        for (_, service, days, minutes, capacity) in HOURS.iter().filter(|h| h.0 == code) {
            for (weekday, start_minute) in days.iter().flat_map(|d| minutes.iter().map(move |m| (*d, *m))) {
                let h = CounterHoursRow { id: 0, office_id: o.id, service: service.to_string(), weekday, start_minute, capacity: *capacity };
                let audit = AuditEntry { actor_id: admin.id, subject_id: admin.id, action: "counter_hours_published".into(), detail: format!("{code} demo") };
                store.put_counter_hours(&h, &audit, now).await.map_err(db)?;
            }
        }
    }
    book_for_elder(store, now).await?;
    todays_queue(store, now).await
}

/// 王秀英's identity check at 幸福里, the first slot of the next working day.
async fn book_for_elder(store: &dyn Store, now: i64) -> Result<(), String> {
    let db = |e: linli_app::storage::StoreError| e.to_string();
    let (Some(elder), Some(o)) = (store.user_by_phone("13800000001").await.map_err(db)?, store.office("cy-xfl").await.map_err(db)?) else { return Ok(()) };
    let calendar = linli_app::calendar::ssr::load(store).await.map_err(db)?;
    let hours = store.counter_hours(o.id).await.map_err(db)?;
    let today = linli_app::time::day_of(now);
    let Some(slot) = open_slots(&hours, IDENTITY, &calendar, now, 14).into_iter().find(|s| linli_app::time::day_of(s.starts_at) > today) else { return Ok(()) };
    let (y, m, d) = linli_app::time::ymd(today);
    let a = NewAppointment { ref_no: format!("Y{y:04}{m:02}{d:02}000001"), office_id: o.id, service: IDENTITY.into(), starts_at: slot.starts_at, resident_id: elder.id, booked_by_id: elder.id, channel: "online" };
    store.book_counter(&a, slot.capacity, &[], &[], now).await.map_err(db)?;
    Ok(())
}

/// Three numbers at 幸福里 today: served, called to counter 1, waiting.
async fn todays_queue(store: &dyn Store, now: i64) -> Result<(), String> {
    let db = |e: linli_app::storage::StoreError| e.to_string();
    let (Some(o), Some(staff)) = (store.office("cy-xfl").await.map_err(db)?, store.user_by_phone("13900000001").await.map_err(db)?) else { return Ok(()) };
    let day = linli_app::time::day_of(now).to_string();
    for (i, service) in [IDENTITY, "MZ001", IDENTITY].iter().enumerate() {
        let t = NewTicket {
            office_id: o.id, day: day.clone(), prefix: "A", token: linli_app::secrets::random_token(), service: service.to_string(),
            resident_id: None, appointment_id: None, taken_via: if i == 1 { "staff" } else { "kiosk" },
        };
        store.take_ticket(&t, now - 1800 + i as i64 * 300).await.map_err(db)?;
    }
    let first = store.call_next(o.id, &day, "1", staff.id, now - 1200).await.map_err(db)?;
    if let Some(t) = first {
        store.finish_ticket(t.id, o.id, &["called"], "served", None, "done", now - 900).await.map_err(db)?;
    }
    store.call_next(o.id, &day, "1", staff.id, now - 600).await.map_err(db)?;
    Ok(())
}

//! The counter's part of the ten-minute sweep: the day-before reminder of each appointment, and
//! appointments whose day ended with nobody arriving become no-shows (which, repeated, pause
//! booking). Each is one guarded step, so two servers sweeping remind and mark once.
use crate::forms::Message;
use crate::prefs::Lang;
use crate::storage::{Store, StoreResult};
use chrono::Duration;

/// (reminded, marked as no-shows) as of `now`.
pub async fn run_once(store: &dyn Store, now: i64) -> StoreResult<(usize, usize)> {
    let today = crate::time::day_of(now);
    let tomorrow = crate::market::slots::at(today + Duration::days(1), 0);
    let mut reminded = 0;
    for a in store.appointments_to_remind(tomorrow, tomorrow + 86_400).await? {
        let Some(o) = store.office(&a.office_code).await? else { continue };
        let (zh, en) = (service_name(store, &a.service, Lang::Zh).await?, service_name(store, &a.service, Lang::En).await?);
        let told = Message::new("notice-counter-reminder")
            .with_names("office", o.name.clone(), o.name_en.clone())
            .with_names("service", zh, en)
            .with_names("when", crate::market::slots::slot_text(a.starts_at, Lang::Zh), crate::market::slots::slot_text(a.starts_at, Lang::En))
            .with_names("address", o.address.clone(), o.address_en.clone());
        let notices = crate::applications::steps::notices(store, &[a.resident_id], "counter", &told).await?;
        if store.remind_appointment(a.id, &notices, now).await? {
            reminded += 1;
        }
    }
    let missed = store.mark_no_shows(crate::market::slots::at(today, 0), now).await?;
    for a in &missed {
        let told = Message::new("notice-counter-no-show").with("ref", a.ref_no.clone());
        let notices = crate::applications::steps::notices(store, &[a.resident_id], "counter", &told).await?;
        store.notify(&notices, &format!("/me/appointments/{}", a.ref_no), now).await?;
    }
    Ok((reminded, missed.len()))
}

async fn service_name(store: &dyn Store, code: &str, lang: Lang) -> StoreResult<String> {
    let found: Vec<_> = store.service(code).await?.into_iter().collect();
    Ok(super::load::label_of(code, &found, lang))
}

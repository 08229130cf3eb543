//! Marketplace steps the router tests share: a vetted provider, a listing, a slot, a booking.
use super::{pdf, photo, App, Part, Reply};
use axum::http::StatusCode;
use chrono::Datelike;
use linli_app::market::{slots, uscc_check_char};

pub fn uscc(serial: u32) -> String {
    let first17 = format!("91320102MA{serial:07}");
    format!("{first17}{}", uscc_check_char(&first17).unwrap())
}

/// Applies as a provider serving `communities` and has `staff` approve it; the provider's cookie and id.
pub async fn approved_provider(app: &App, phone: &str, serial: u32, staff: &str, communities: &[&str]) -> (String, i64) {
    let (owner, cookie) = app.account(phone, serial, "provider", None, None).await;
    let code = uscc(serial);
    let name = format!("测试家政{serial}号店");
    let mut parts = vec![
        Part::Text("name", &name), Part::Text("uscc", &code), Part::Text("contact_name", "林师傅"),
        Part::Text("contact_phone", phone), Part::Text("categories", "housekeeping"), Part::Text("radius_km", ""),
        Part::File("licence", "执照.pdf", pdf()),
    ];
    for c in communities {
        parts.push(Part::Text("communities", c));
    }
    let r = app.post_multipart("/provider/apply", &cookie, &parts).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", &r.body[..r.body.len().min(2000)]);
    let p = app.store.provider_by_owner(owner).await.unwrap().unwrap();
    let r = app.post(&format!("/work/providers/{}/approve", p.id), staff, &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    (cookie, p.id)
}

pub async fn new_listing(app: &App, cookie: &str, title: &str, cancel_hours: &str) -> i64 {
    let r = app.post_multipart("/provider/listings/new", cookie, &[
        Part::Text("title", title), Part::Text("description", "擦窗、拖地、厨卫清洁。"), Part::Text("categories", "housekeeping"),
        Part::Text("suits", "elderly"), Part::Text("price_kind", "fixed"), Part::Text("price", "120"),
        Part::Text("duration", "120"), Part::Text("cancel_hours", cancel_hours), Part::File("photos", "保洁.jpg", photo(3)),
    ]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", &r.body[..r.body.len().min(2000)]);
    r.location().trim_start_matches("/provider/listings/").trim_end_matches("?saved=1").parse().unwrap()
}

/// Opens tomorrow 10:00 (Shanghai) for `capacity` bookings; its start time.
pub async fn open_tomorrow(app: &App, cookie: &str, listing: i64, capacity: &str) -> i64 {
    let tomorrow = linli_app::applications::steps::today() + chrono::Duration::days(1);
    let weekday = tomorrow.weekday().number_from_monday().to_string();
    let r = app.post(&format!("/provider/listings/{listing}/slots"), cookie, &[("weekday", &weekday), ("start", "10:00"), ("capacity", capacity)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", &r.body[..r.body.len().min(2000)]);
    slots::at(tomorrow, 600)
}

pub async fn book(app: &App, cookie: &str, listing: i64, starts_at: i64, phone: &str) -> Reply {
    app.post(&format!("/market/{listing}/book"), cookie, &[
        ("slot", &starts_at.to_string()), ("address", "幸福里小区 1 号楼 302 室"), ("phone", phone), ("note", "家里有老人，请轻声"),
    ]).await
}

pub fn order_ref(r: &Reply) -> String {
    assert_eq!(r.status, StatusCode::SEE_OTHER, "expected the order page, got: {}", &r.body[..r.body.len().min(2000)]);
    r.location().trim_start_matches("/market/orders/").trim_end_matches("?booked=1").to_string()
}

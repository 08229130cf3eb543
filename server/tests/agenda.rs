//! Bookings and deadlines in the phone's calendar: `.ics` files for whoever may see the order or
//! application (others meet 404), and the resident's feed at a secret link that a new link or
//! "turn off" ends. On both engines.
use crate::common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::market::*;
use common::*;
use linli_app::storage::SharedStore;

/// A GET as a calendar app makes it: no cookie.
async fn fetch_feed(app: &App, path: &str) -> Reply {
    app.send(Request::get(path).header(header::HOST, "linli.test").body(Body::empty()).unwrap()).await
}

/// The secret in the link the page shows once (`…/calendar/<48 hex>.ics`).
fn link_in(body: &str) -> String {
    body.split("/calendar/")
        .filter_map(|rest| rest.split(".ics").next())
        .find(|token| token.len() == 48 && token.chars().all(|c| c.is_ascii_hexdigit()))
        .expect("the link is shown")
        .to_string()
}

fn is_calendar(r: &Reply) {
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.headers[header::CONTENT_TYPE], "text/calendar; charset=utf-8");
    assert!(r.body.starts_with("BEGIN:VCALENDAR\r\n") && r.body.contains("BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai\r\n"), "{}", r.body);
}

async fn bookings_and_deadlines_reach_the_phone_calendar(store: SharedStore) {
    let app = app(store);
    let (_, staff) = app.account("13910007201", 721, "staff", None, Some("cy-xfl")).await;
    let (_, resident) = app.account("13810007202", 722, "resident", None, Some("cy-xfl")).await;
    let (_, stranger) = app.account("13810007203", 723, "resident", None, Some("cy-xfl")).await;
    let (provider, _) = approved_provider(&app, "13510007204", 724, &staff, &["cy-xfl"]).await;
    let listing = new_listing(&app, &provider, "上门保洁（2 小时）", "24").await;
    let starts_at = open_tomorrow(&app, &provider, listing, "3").await;
    let order = order_ref(&book(&app, &resident, listing, starts_at, "13810007202").await);
    let application = ref_of(&apply_rs003(&app, &resident, &[]).await);

    // One booking: timed, in Beijing time, 120 minutes, with an alarm; the order page links it.
    let file = app.get(&format!("/market/orders/{order}/calendar.ics"), &resident).await;
    is_calendar(&file);
    let local = chrono::DateTime::from_timestamp(starts_at + 8 * 3600, 0).unwrap();
    assert!(file.body.contains(&format!("DTSTART;TZID=Asia/Shanghai:{}", local.format("%Y%m%dT%H%M%S"))));
    assert!(file.body.contains(&format!("DTEND;TZID=Asia/Shanghai:{}", (local + chrono::Duration::minutes(120)).format("%Y%m%dT%H%M%S"))));
    assert!(file.body.contains(&format!("UID:order-{order}@linli")) && file.body.contains("TRIGGER:-PT1H"));
    assert!(file.body.replace("\r\n ", "").contains("LOCATION:幸福里小区 1 号楼 302 室"));
    assert!(app.get(&format!("/market/orders/{order}"), &resident).await.body.contains(&format!("/market/orders/{order}/calendar.ics")));
    assert_eq!(app.get(&format!("/market/orders/{order}/calendar.ics"), &stranger).await.status, StatusCode::NOT_FOUND);

    // One deadline: all day on the promised date.
    let row = app.store.application_by_ref(&application).await.unwrap().unwrap();
    let file = app.get(&format!("/me/applications/{application}/calendar.ics"), &resident).await;
    is_calendar(&file);
    assert!(file.body.contains(&format!("DTSTART;VALUE=DATE:{}", row.deadline.replace('-', ""))), "{}", file.body);
    assert!(file.body.replace("\r\n ", "").contains("SUMMARY:办理期限："));
    assert_eq!(app.get(&format!("/me/applications/{application}/calendar.ics"), &stranger).await.status, StatusCode::NOT_FOUND);

    // The feed: made at /me/calendar, shown once, read without a cookie; a new link ends the old.
    let made = app.post("/me/calendar/link", &resident, &[]).await;
    assert_eq!(made.status, StatusCode::OK);
    let link = link_in(&made.body);
    let feed_path = format!("/calendar/{link}.ics");
    let feed = fetch_feed(&app, &feed_path).await;
    is_calendar(&feed);
    assert!(feed.body.contains(&format!("UID:order-{order}@linli")) && feed.body.contains(&format!("UID:application-{application}@linli")));
    assert_eq!(fetch_feed(&app, "/calendar/0123456789abcdef0123456789abcdef0123456789abcdef.ics").await.status, StatusCode::NOT_FOUND);
    let again = app.post("/me/calendar/link", &resident, &[]).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(fetch_feed(&app, &feed_path).await.status, StatusCode::NOT_FOUND, "the old link stops");
    let newer = link_in(&again.body);
    assert_eq!(app.post("/me/calendar/revoke", &resident, &[]).await.status, StatusCode::OK);
    assert_eq!(fetch_feed(&app, &format!("/calendar/{newer}.ics")).await.status, StatusCode::NOT_FOUND, "turned off");
}

linli_app::on_both_engines!(bookings_and_deadlines_reach_the_phone_calendar);

//! Rules measured in time, tested at their edges with the deployment's clock set by hand (no
//! sleeping): the 10-minute undo and the 7-day window for changing a rating. On both engines.
mod common;

use axum::http::StatusCode;
use common::*;
use linli_app::storage::SharedStore;

/// 2026-11-30 10:00 in Shanghai, a Monday.
const MONDAY_10AM: i64 = 1_796_004_000;

async fn undo_closes_after_exactly_ten_minutes(store: SharedStore) {
    let (app, clock) = app_at(store, MONDAY_10AM);
    let (_, resident) = app.account("13810000041", 41, "resident", None, Some("cy-xfl")).await;
    let first = ref_of(&apply_rs003(&app, &resident, &[]).await);
    let second = ref_of(&apply_rs003(&app, &resident, &[]).await);

    clock.set(MONDAY_10AM + 9 * 60 + 59);
    assert_eq!(app.post(&format!("/me/applications/{first}/undo"), &resident, &[]).await.status, StatusCode::SEE_OTHER, "9m59s: undo");
    assert_eq!(app.store.application_by_ref(&first).await.unwrap().unwrap().status, "withdrawn");

    // The second is still submitted (withdrawable), but the one-tap undo is over at 10m01s.
    clock.set(MONDAY_10AM + 10 * 60 + 1);
    let officer = app.account("13710000041", 42, "officer", Some("rs"), None).await.1;
    assert_eq!(app.post(&format!("/work/{second}/accept"), &officer, &[]).await.status, StatusCode::SEE_OTHER);
    let late = app.post(&format!("/me/applications/{second}/undo"), &resident, &[]).await;
    assert_eq!(late.status, StatusCode::CONFLICT, "10m01s after submitting, an accepted application cannot be undone");
    assert!(late.body.contains("10 分钟"), "the page says why");
    assert_eq!(app.store.application_by_ref(&second).await.unwrap().unwrap().status, "accepted");
}

/// The five indicators at one level.
fn levels(level: &'static str) -> Vec<(&'static str, &'static str)> {
    ["overall", "efficiency", "guide", "convenience", "usability"].into_iter().map(|k| (k, level)).collect()
}

async fn a_rating_changes_for_seven_days_then_stands(store: SharedStore) {
    let (app, clock) = app_at(store, MONDAY_10AM);
    let (_, resident) = app.account("13810000043", 43, "resident", None, Some("cy-xfl")).await;
    let (_, officer) = app.account("13710000043", 44, "officer", Some("rs"), None).await;
    let ref_no = ref_of(&apply_rs003(&app, &resident, &[]).await);
    assert_eq!(app.post(&format!("/work/{ref_no}/accept"), &officer, &[]).await.status, StatusCode::SEE_OTHER);
    let done = app.post_multipart(&format!("/work/{ref_no}/approve"), &officer, &[Part::Text("approve_note", "已办结，社保卡可到社区领取")]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", &done.body[..done.body.len().min(500)]);

    let rate = format!("/rate/application/{ref_no}");
    assert_eq!(app.post(&rate, &resident, &levels("5")).await.status, StatusCode::SEE_OTHER, "first rating");
    let week = 7 * 24 * 3600;
    clock.set(MONDAY_10AM + week - 1);
    assert_eq!(app.post(&rate, &resident, &levels("4")).await.status, StatusCode::SEE_OTHER, "changed a second before 7 days");
    clock.set(MONDAY_10AM + week + 1);
    // A session lasts 7 days too: sign in again, as the resident would.
    let resident = app.sign_in("13810000043", "linli2026").await.cookies();
    let late = app.post(&rate, &resident, &levels("3")).await;
    assert_eq!(late.status, StatusCode::CONFLICT, "7 days and a second later the rating stands");
    let app_row = app.store.application_by_ref(&ref_no).await.unwrap().unwrap();
    let kept = app.store.evaluation_for("application", app_row.id).await.unwrap().expect("rated");
    assert_eq!(kept.overall, 4, "the last change inside the window is what counts");
}

linli_app::on_both_engines!(undo_closes_after_exactly_ten_minutes, a_rating_changes_for_seven_days_then_stands);

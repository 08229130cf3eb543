//! Rules measured in time, tested at their edges with the deployment's clock set by hand (no
//! sleeping): the 10-minute undo, the 7-day window for changing a rating, and the reminder one
//! working day before a deadline that falls after the National Day holiday. On both engines.
use crate::common;

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

/// 2026-09-17 10:00 in Shanghai, a Thursday.
const SEP_17_10AM: i64 = 1_789_610_400;

/// Ten working days from 17 Sep 2026 end on 8 Oct: Sunday 20 Sep is a make-up working day, and
/// 25–27 Sep (Mid-Autumn) and 1–7 Oct (National Day) are not. The reminder, one working day
/// before, therefore comes on 30 Sep, not 29 Sep; the alert on 9 Oct, not 8 Oct.
async fn the_reminder_comes_on_the_last_working_day_before_the_holiday(store: SharedStore) {
    let (app, clock) = app_at(store, SEP_17_10AM);
    let (_, resident) = app.account("13810000045", 45, "resident", None, Some("cy-xfl")).await;
    let ref_no = ref_of(&apply_rs003(&app, &resident, &[]).await);
    let row = app.store.application_by_ref(&ref_no).await.unwrap().unwrap();
    assert_eq!(row.deadline, "2026-10-08", "10 working days from 17 Sep across Mid-Autumn and National Day");

    let sweep_at = |day: &str| {
        let (store, clock) = (app.store.clone(), clock.clone());
        let at = chrono::DateTime::parse_from_rfc3339(&format!("{day}T10:00:00+08:00")).unwrap().timestamp();
        async move {
            clock.set(at);
            linli_app::jobs::run_deadlines(&*store, &*clock).await.unwrap()
        }
    };
    assert_eq!(sweep_at("2026-09-29").await.reminded, 0, "29 Sep: two working days remain (30 Sep, 8 Oct)");
    assert_eq!(sweep_at("2026-09-30").await.reminded, 1, "30 Sep: the last working day before the deadline");
    assert_eq!(sweep_at("2026-10-05").await.reminded, 0, "reminded once");
    assert_eq!(sweep_at("2026-10-08").await.alerted, 0, "due today is not late");
    assert_eq!(sweep_at("2026-10-09").await.alerted, 1, "late the day after");
    let row = app.store.application_by_ref(&ref_no).await.unwrap().unwrap();
    assert!(row.reminded_at.is_some() && row.overdue_alerted_at.is_some());
}

linli_app::on_both_engines!(
    undo_closes_after_exactly_ten_minutes,
    a_rating_changes_for_seven_days_then_stands,
    the_reminder_comes_on_the_last_working_day_before_the_holiday
);

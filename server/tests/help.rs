//! 邻里互助 through the router, on both engines: a request asking for money is refused with
//! nothing stored; only the community's approved volunteers see an open request, with the
//! resident's phone masked until one takes it; a request is taken once; check-in and check-out
//! codes are single-use (a used code, or a wrong one, is refused); the resident's confirmation
//! records the hours, and a certificate anyone can check by its number. 派单 communities screen
//! first; suspended volunteers take nothing; corrections and gifts keep to their rules.
use crate::common;

use axum::http::StatusCode;
use common::{app_at, App};
use linli_app::storage::SharedStore;

const STAFF: &str = "13700007001";

fn day(offset_days: i64) -> String {
    linli_app::time::day_of(linli_app::time::now_unix() + offset_days * 86_400).to_string()
}

fn help_id(location: &str) -> i64 {
    location.trim_start_matches("/help/").trim_end_matches("?posted=1").parse().unwrap_or_else(|_| panic!("a help page: {location}"))
}

/// A volunteer of 幸福里 whom the community's staff approved.
async fn volunteer(app: &App, staff: &str, phone: &str, serial: u32) -> (i64, String) {
    let (id, cookie) = app.account(phone, serial, "resident", None, Some("cy-xfl")).await;
    let joined = app.post("/volunteer", &cookie, &[("skills", "escort"), ("skills", "shopping"), ("availability", "周末白天")]).await;
    assert_eq!(joined.status, StatusCode::SEE_OTHER, "{}", joined.body);
    assert_eq!(app.post(&format!("/work/help/volunteers/{id}/approve"), staff, &[]).await.status, StatusCode::SEE_OTHER);
    (id, cookie)
}

async fn ask(app: &App, cookie: &str, details: &str) -> i64 {
    let r = app.post("/help", cookie, &[("kind", "escort"), ("details", details), ("needed_on", &day(2)), ("time_slot", "上午 9 点")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    help_id(r.location())
}

async fn a_request_is_taken_served_with_codes_and_confirmed(store: SharedStore) {
    let (app, clock) = app_at(store, linli_app::time::now_unix());
    let (_, staff) = app.account(STAFF, 701, "staff", None, Some("cy-xfl")).await;
    let (elder_id, elder) = app.account("13700007002", 702, "resident", None, Some("cy-xfl")).await;
    let (_, outsider) = app.account("13700007003", 703, "resident", None, Some("hp-dh")).await;
    let (_, neighbour) = app.account("13700007004", 704, "resident", None, Some("cy-xfl")).await;

    let paid = app.post("/help", &elder, &[("kind", "escort"), ("details", "陪我去医院复查，付100元"), ("needed_on", &day(2))]).await;
    assert_eq!(paid.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(paid.body.contains("志愿服务是无偿的"), "the refusal is beside the details");
    assert!(app.store.help_requests_of(elder_id, 5).await.unwrap().is_empty(), "nothing stored");

    let id = ask(&app, &elder, "周三上午陪我去市一医院复查").await;
    let page = format!("/help/{id}");
    assert_eq!(app.get(&page, &outsider).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get(&page, &neighbour).await.status, StatusCode::NOT_FOUND, "not a volunteer: not theirs to see");
    assert_eq!(app.post(&format!("{page}/take"), &neighbour, &[]).await.status, StatusCode::NOT_FOUND);

    let (volunteer_id, helper) = volunteer(&app, &staff, "13700007005", 705).await;
    let (_, second) = volunteer(&app, &staff, "13700007006", 706).await;
    assert!(app.get("/help", &helper).await.body.contains("周三上午陪我去市一医院复查"), "open requests of the community are listed");
    let before = app.get(&page, &helper).await.body;
    assert!(before.contains("137****7002") && !before.contains("13700007002"), "the phone is masked before taking");
    assert!(!before.contains(&linli_app_name(702)), "so is the name");

    assert_eq!(app.post(&format!("{page}/take"), &helper, &[]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.post(&format!("{page}/take"), &second, &[]).await.status, StatusCode::NOT_FOUND, "taken once; the rest no longer see it");
    let after = app.get(&page, &helper).await.body;
    assert!(after.contains("13700007002"), "the holder sees the phone");
    assert!(app.store.audit_for_subject(elder_id, 20).await.unwrap().iter().any(|a| a.action == "help_contact_viewed" && a.actor_id == Some(volunteer_id)));
    assert!(!after.contains("big-code"), "the volunteer does not see the code");
    let check_in = app.store.help_request(id).await.unwrap().unwrap().code;
    assert!(app.get(&page, &elder).await.body.contains(&format!(">{check_in}<")), "the resident's page shows it");

    let wrong = if check_in == "000000" { "111111" } else { "000000" };
    let refused = app.post(&format!("{page}/check-in"), &helper, &[("code", wrong)]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("数字不对"));
    assert_eq!(app.post(&format!("{page}/check-in"), &helper, &[("code", &check_in)]).await.status, StatusCode::SEE_OTHER);
    clock.advance(47 * 60);
    let reused = app.post(&format!("{page}/check-out"), &helper, &[("code", &check_in)]).await;
    assert_eq!(reused.status, StatusCode::UNPROCESSABLE_ENTITY, "the check-in code does not check out");
    let check_out = app.store.help_request(id).await.unwrap().unwrap().code;
    assert_ne!(check_out, check_in);
    assert_eq!(app.post(&format!("{page}/check-out"), &helper, &[("code", &check_out)]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.post(&format!("{page}/check-out"), &helper, &[("code", &check_out)]).await.status, StatusCode::CONFLICT, "used once");

    assert_eq!(app.post(&format!("{page}/confirm"), &helper, &[("rating", "5")]).await.status, StatusCode::NOT_FOUND, "no confirming one's own hours");
    assert_eq!(app.post(&format!("{page}/confirm"), &elder, &[]).await.status, StatusCode::UNPROCESSABLE_ENTITY, "a rating is needed");
    assert_eq!(app.post(&format!("{page}/confirm"), &elder, &[("rating", "5"), ("thanks", "谢谢小林")]).await.status, StatusCode::SEE_OTHER);
    let hours = app.store.volunteer_hours(volunteer_id).await.unwrap();
    assert_eq!((hours.len(), hours[0].minutes, hours[0].confirmed_by), (1, 50, elder_id), "47 minutes, to the next five, confirmed by the resident");

    let certified = app.post("/volunteer/certificate", &helper, &[]).await;
    assert_eq!(certified.status, StatusCode::SEE_OTHER);
    let certificate = certified.location().to_string();
    let anyone = app.get(&certificate, "").await;
    assert_eq!(anyone.status, StatusCode::OK, "anyone can check a certificate by its number");
    assert!(anyone.body.contains("0 小时 50 分") && anyone.body.contains("<svg"), "hours and the QR code");
    assert!(!anyone.body.contains(&linli_app_name(705)), "the name is masked for others");
    assert!(app.get(&certificate, &helper).await.body.contains(&linli_app_name(705)));
    assert_eq!(app.get("/volunteer/certificates/AAAAAAAAAAAA", "").await.status, StatusCode::NOT_FOUND);
}

fn linli_app_name(serial: u32) -> String {
    common::person_name(serial)
}

async fn wrong_codes_replace_the_code_after_five_tries(store: SharedStore) {
    let (app, _) = app_at(store, linli_app::time::now_unix());
    let (_, staff) = app.account(STAFF, 711, "staff", None, Some("cy-xfl")).await;
    let (_, elder) = app.account("13700007012", 712, "resident", None, Some("cy-xfl")).await;
    let (_, helper) = volunteer(&app, &staff, "13700007013", 713).await;
    let id = ask(&app, &elder, "帮忙买两斤鸡蛋和一袋米").await;
    assert_eq!(app.post(&format!("/help/{id}/take"), &helper, &[]).await.status, StatusCode::SEE_OTHER);
    let first = app.store.help_request(id).await.unwrap().unwrap().code;
    let wrong = if first == "000000" { "111111" } else { "000000" };
    for _ in 0..4 {
        assert!(app.post(&format!("/help/{id}/check-in"), &helper, &[("code", wrong)]).await.body.contains("数字不对"));
    }
    let fifth = app.post(&format!("/help/{id}/check-in"), &helper, &[("code", wrong)]).await;
    assert!(fifth.body.contains("数字已更换"), "the fifth wrong try replaces the code");
    let replaced = app.store.help_request(id).await.unwrap().unwrap().code;
    assert_ne!(replaced, first);
    assert_eq!(app.post(&format!("/help/{id}/check-in"), &helper, &[("code", &first)]).await.status, StatusCode::UNPROCESSABLE_ENTITY);
}

async fn dispatch_suspension_reports_corrections_and_gifts(store: SharedStore) {
    let (app, clock) = app_at(store, linli_app::time::now_unix());
    let (staff_id, staff) = app.account(STAFF, 721, "staff", None, Some("cy-xfl")).await;
    let (_, other_staff) = app.account("13700007020", 720, "staff", None, Some("hp-dh")).await;
    let (elder_id, elder) = app.account("13700007022", 722, "resident", None, Some("cy-xfl")).await;
    let (helper_id, helper) = volunteer(&app, &staff, "13700007023", 723).await;
    assert_eq!(app.post("/work/help/mode", &staff, &[("mode", "dispatch")]).await.status, StatusCode::SEE_OTHER);

    // Staff register a request for the elder after a call; in a 派单 community it waits for screening.
    let r = app.post("/work/help/requests", &staff, &[("phone", "13700007022"), ("kind", "visit"), ("details", "独居老人，想有人来聊聊天"), ("needed_on", &day(1)), ("channel", "phone"), ("consent", "phone"), ("consent_confirmed", "1")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let id = help_id(r.location());
    let stored = app.store.help_request(id).await.unwrap().unwrap();
    assert_eq!((stored.status.as_str(), stored.origin.as_str(), stored.requester_id, stored.posted_by), ("screening", "staff", elder_id, staff_id));
    assert_eq!(app.post(&format!("/help/{id}/take"), &helper, &[]).await.status, StatusCode::NOT_FOUND, "not open to volunteers yet");
    assert_eq!(app.get(&format!("/help/{id}"), &other_staff).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.post(&format!("/help/{id}/assign"), &staff, &[("volunteer", &elder_id.to_string())]).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.post(&format!("/help/{id}/assign"), &staff, &[("volunteer", &helper_id.to_string())]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.store.help_request(id).await.unwrap().unwrap().volunteer_id, Some(helper_id));

    // The assigned volunteer serves; staff confirm for an elder without a phone.
    let code = app.store.help_request(id).await.unwrap().unwrap().code;
    assert_eq!(app.post(&format!("/help/{id}/check-in"), &helper, &[("code", &code)]).await.status, StatusCode::SEE_OTHER);
    clock.advance(10 * 60); // under the 15 minutes that sign staff out
    let code = app.store.help_request(id).await.unwrap().unwrap().code;
    assert_eq!(app.post(&format!("/help/{id}/check-out"), &helper, &[("code", &code)]).await.status, StatusCode::SEE_OTHER);
    let confirmed = app.post(&format!("/help/{id}/confirm"), &staff, &[("rating", "3")]).await;
    assert_eq!((confirmed.status, confirmed.location()), (StatusCode::SEE_OTHER, format!("/help/{id}").as_str()), "staff confirm for an elder without a phone");
    // The elder reports the volunteer; staff suspend them (a reason is required), and they take nothing more.
    assert_eq!(app.post(&format!("/help/{id}/report"), &elder, &[("reason", "约好的时间没有来")]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.post(&format!("/help/{id}/report"), &elder, &[("reason", "约好的时间没有来")]).await.status, StatusCode::CONFLICT);
    assert!(app.get("/work/help", &staff).await.body.contains("约好的时间没有来"), "the report is on the desk");
    assert_eq!(app.post(&format!("/work/help/volunteers/{helper_id}/suspend"), &staff, &[]).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.post(&format!("/work/help/volunteers/{helper_id}/suspend"), &other_staff, &[("reason", "居民反映爽约")]).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.post(&format!("/work/help/volunteers/{helper_id}/suspend"), &staff, &[("reason", "居民反映爽约")]).await.status, StatusCode::SEE_OTHER);
    assert!(app.store.audit_for_subject(helper_id, 10).await.unwrap().iter().any(|a| a.action == "volunteer_suspended" && a.detail == "居民反映爽约"));
    let next = app.post("/work/help/requests", &staff, &[("phone", "13700007022"), ("kind", "shopping"), ("details", "帮忙买降压药"), ("needed_on", &day(1)), ("channel", "phone"), ("consent", "phone"), ("consent_confirmed", "1")]).await;
    let next = help_id(next.location());
    assert_eq!(app.post(&format!("/help/{next}/approve"), &staff, &[]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.post(&format!("/help/{next}/take"), &helper, &[]).await.status, StatusCode::NOT_FOUND, "a suspended volunteer takes nothing");

    let entry = app.store.volunteer_hours(helper_id).await.unwrap().remove(0);
    assert_eq!(entry.minutes, 10);
    let correct = format!("/work/help/hours/{}", entry.id);
    assert_eq!(app.post(&correct, &staff, &[("minutes", "90")]).await.status, StatusCode::UNPROCESSABLE_ENTITY, "a reason is required");
    assert_eq!(app.post(&correct, &other_staff, &[("minutes", "90"), ("reason", "补录")]).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.post(&correct, &staff, &[("minutes", "90"), ("reason", "签退时手机没电，按实际补录")]).await.status, StatusCode::SEE_OTHER);
    let entry = app.store.volunteer_hours(helper_id).await.unwrap().remove(0);
    assert_eq!((entry.minutes, entry.correction_reason.as_str()), (90, "签退时手机没电，按实际补录"));
    assert!(app.store.audit_for_subject(helper_id, 10).await.unwrap().iter().any(|a| a.action == "volunteer_hours_corrected"));

    let (_, admin) = app.account("13700007029", 729, "admin", None, None).await;
    assert_eq!(app.post("/admin/time-bank", &staff, &[("hours", "1")]).await.status, StatusCode::NOT_FOUND, "the district's rule, not a community's");
    assert_eq!(app.post("/admin/time-bank", &admin, &[("hours", "0")]).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.post("/admin/time-bank", &admin, &[("hours", "1")]).await.status, StatusCode::SEE_OTHER);
    assert!(app.get("/volunteer", &helper).await.body.contains("每人每年最多转赠 1 小时"));
    let over = app.post("/volunteer/gift", &helper, &[("phone", "13700007022"), ("hours", "1.5")]).await;
    assert_eq!(over.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(over.body.contains("超过了今年的转赠上限"));
    let broke = app.post("/volunteer/gift", &helper, &[("phone", "13700007022"), ("hours", "2")]).await;
    assert!(broke.body.contains("超过了您可转赠的时长"), "90 minutes earned: two hours is more than the balance");
    assert_eq!(app.post("/volunteer/gift", &helper, &[("phone", "13700007022"), ("hours", "1")]).await.status, StatusCode::SEE_OTHER);
    let year = linli_app::time::day_of(linli_app::time::now_unix()).format("%Y").to_string().parse().unwrap();
    let bank = app.store.time_bank(elder_id, year).await.unwrap();
    assert_eq!(bank.received, 60);
}

linli_app::on_both_engines!(
    a_request_is_taken_served_with_codes_and_confirmed,
    wrong_codes_replace_the_code_after_five_tries,
    dispatch_suspension_reports_corrections_and_gifts,
);

//! Who may reach which object: every object route × every kind of asker, with the status each
//! must get, on both engines. A stranger meets the same 404 as for nothing at all; signed-out
//! visitors are asked to sign in where a page could be theirs, and meet a 404 on an officer's
//! case or an admin page.
use crate::common;

use axum::http::StatusCode;
use common::*;
use linli_app::storage::SharedStore;

/// The askers, in the order of every row below.
const WHO: [&str; 10] = [
    "owner", "delegate", "stranger", "staff here", "staff elsewhere", "officer here", "officer elsewhere", "provider", "admin",
    "signed out",
];

const OK: u16 = 200;
const NO: u16 = 404;
/// A page that could be the visitor's: 401 with the sign-in prompt (which brings them back).
const LOGIN: u16 = 401;
/// The same, as a redirect to `/login?next=…` (pages that send the browser on).
const TO_LOGIN: u16 = 302;
/// A role's own page (not an object) asked for by another role: it says whose page it is.
const ROLE: u16 = 403;
/// Allowed in, but the empty form is refused beside its field (nothing changes).
const INVALID: u16 = 422;
/// A state change by someone signed out: sent to sign in first.
const SIGN_IN_FIRST: u16 = 303;
/// Not asked in this row (the one allowed change is made last, once the refusals are checked).
const LAST: u16 = 0;

struct Cast {
    cookies: Vec<String>,
}

async fn cast(app: &App) -> (Cast, i64) {
    let (owner_id, owner) = app.account("13811000001", 201, "resident", None, Some("cy-xfl")).await;
    let (_, delegate) = app.account("13811000002", 202, "resident", None, Some("hp-dh")).await;
    app.store.add_delegation(owner_id, app.store.user_by_phone("13811000002").await.unwrap().unwrap().id, 1).await.unwrap();
    let (_, stranger) = app.account("13811000003", 203, "resident", None, Some("cy-xfl")).await;
    let (_, staff_here) = app.account("13911000001", 204, "staff", None, Some("cy-xfl")).await;
    let (_, staff_elsewhere) = app.account("13911000002", 205, "staff", None, Some("hp-dh")).await;
    let (_, officer_here) = app.account("13711000001", 206, "officer", Some("rs"), None).await;
    let (_, officer_elsewhere) = app.account("13711000002", 207, "officer", Some("jy"), None).await;
    let (_, provider) = app.account("13511000001", 208, "provider", None, None).await;
    let (_, admin) = app.account("13611000001", 209, "admin", None, None).await;
    let cookies = vec![owner, delegate, stranger, staff_here, staff_elsewhere, officer_here, officer_elsewhere, provider, admin, String::new()];
    (Cast { cookies }, owner_id)
}

/// Asks `path` as every asker and compares with `expected`; every mismatch is listed at once.
async fn row(app: &App, cast: &Cast, method: &str, path: &str, expected: [u16; 10], failures: &mut Vec<String>) {
    for (i, cookies) in cast.cookies.iter().enumerate() {
        if expected[i] == LAST {
            continue;
        }
        let status = match method {
            "GET" => app.get(path, cookies).await.status,
            _ => app.post(path, cookies, &[]).await.status,
        };
        if status.as_u16() != expected[i] {
            failures.push(format!("{method} {path} as {}: {} (expected {})", WHO[i], status.as_u16(), expected[i]));
        }
    }
}

async fn every_object_route_answers_each_asker_as_the_rules_say(store: SharedStore) {
    let app = app(store.clone());
    let (cast, owner_id) = cast(&app).await;
    let ref_no = ref_of(&apply_rs003(&app, &cast.cookies[0], &[]).await);
    let application = store.application_by_ref(&ref_no).await.unwrap().unwrap();
    let file = store.attached_files(application.id).await.unwrap().remove(0).file.id;
    let delegation = store.delegates_of(owner_id).await.unwrap().remove(0).id;
    let mut failures = Vec::new();

    //                                                      owner deleg stran staff staff2 off  off2  prov admin anon
    row(&app, &cast, "GET", &format!("/me/applications/{ref_no}"), [OK, OK, NO, NO, NO, OK, NO, NO, NO, LOGIN], &mut failures).await;
    row(&app, &cast, "GET", &format!("/me/applications/{ref_no}/receipt"), [OK, OK, NO, NO, NO, OK, NO, NO, NO, LOGIN], &mut failures).await;
    row(&app, &cast, "GET", &format!("/files/{file}"), [OK, OK, NO, NO, NO, OK, NO, NO, NO, NO], &mut failures).await;
    row(&app, &cast, "GET", &format!("/files/{file}/thumb"), [OK, OK, NO, NO, NO, OK, NO, NO, NO, NO], &mut failures).await;
    row(&app, &cast, "GET", &format!("/work/{ref_no}"), [NO, NO, NO, NO, NO, OK, NO, NO, NO, NO], &mut failures).await;
    row(&app, &cast, "GET", "/work", [NO, NO, NO, NO, NO, OK, OK, NO, NO, LOGIN], &mut failures).await;
    row(&app, &cast, "GET", "/staff/residents", [ROLE, ROLE, ROLE, OK, OK, ROLE, ROLE, ROLE, ROLE, TO_LOGIN], &mut failures).await;
    row(&app, &cast, "GET", "/admin/outbox", [NO, NO, NO, NO, NO, NO, NO, NO, OK, NO], &mut failures).await;
    row(&app, &cast, "GET", "/admin/retention", [NO, NO, NO, NO, NO, NO, NO, NO, OK, NO], &mut failures).await;
    // State changes by anyone the rules leave out: refused, and nothing changes.
    row(&app, &cast, "POST", &format!("/me/family/{delegation}/revoke"), [LAST, NO, NO, NO, NO, NO, NO, NO, NO, NO], &mut failures).await;
    assert_eq!(store.delegates_of(owner_id).await.unwrap().len(), 1, "nobody but the owner revoked it");
    row(&app, &cast, "POST", &format!("/work/{ref_no}/accept"), [NO, NO, NO, NO, NO, LAST, NO, NO, NO, NO], &mut failures).await;
    row(&app, &cast, "POST", &format!("/me/applications/{ref_no}/withdraw"), [LAST, LAST, NO, NO, NO, NO, NO, NO, NO, NO], &mut failures).await;
    // The counter: only staff of the resident's own community; a claim only where one exists.
    row(&app, &cast, "POST", &format!("/staff/residents/{owner_id}/verify"), [NO, NO, NO, INVALID, NO, NO, NO, NO, NO, SIGN_IN_FIRST], &mut failures).await;
    row(&app, &cast, "POST", &format!("/staff/residents/{owner_id}/claim"), [NO, NO, NO, NO, NO, NO, NO, NO, NO, SIGN_IN_FIRST], &mut failures).await;
    assert_eq!(store.application_by_ref(&ref_no).await.unwrap().unwrap().status, application.status, "unchanged");
    assert!(failures.is_empty(), "{} cells differ:\n{}", failures.len(), failures.join("\n"));

    // And those the rules let in can.
    assert_eq!(app.post(&format!("/work/{ref_no}/accept"), &cast.cookies[5], &[]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.post(&format!("/me/family/{delegation}/revoke"), &cast.cookies[0], &[]).await.status, StatusCode::SEE_OTHER);
}

/// The community's objects: a help request, a questionnaire and a targeted notice.
async fn community_objects_answer_each_asker_as_the_rules_say(store: SharedStore) {
    let app = app(store.clone());
    let (cast, _) = cast(&app).await;
    let (owner, staff) = (&cast.cookies[0], &cast.cookies[3]);
    let day = linli_app::time::day_of(linli_app::time::now_unix() + 86_400).to_string();
    let help = app.post("/help", owner, &[("kind", "shopping"), ("details", "帮忙买一袋米"), ("needed_on", &day)]).await;
    let help = help.location().trim_start_matches("/help/").trim_end_matches("?posted=1").to_string();
    let survey = app.post("/work/surveys", staff, &[("title", "助餐需求调查"), ("closes_on", &day)]).await.location().to_string();
    app.post(&format!("{survey}/questions"), staff, &[("kind", "text"), ("label", "建议")]).await;
    app.post(&format!("{survey}/open"), staff, &[]).await;
    let survey_id = survey.trim_start_matches("/work/surveys/").to_string();
    let mut failures = Vec::new();

    //                                                      owner deleg stran staff staff2 off  off2  prov admin anon
    row(&app, &cast, "GET", &format!("/help/{help}"), [OK, OK, NO, OK, NO, NO, NO, NO, NO, LOGIN], &mut failures).await;
    row(&app, &cast, "GET", "/work/help", [NO, NO, NO, OK, OK, NO, NO, NO, NO, LOGIN], &mut failures).await;
    row(&app, &cast, "GET", "/volunteer", [OK, OK, OK, OK, OK, OK, OK, OK, OK, LOGIN], &mut failures).await;
    row(&app, &cast, "GET", "/admin/time-bank", [NO, NO, NO, NO, NO, NO, NO, NO, OK, NO], &mut failures).await;
    row(&app, &cast, "GET", &format!("/surveys/{survey_id}"), [OK, NO, OK, NO, NO, NO, NO, NO, NO, LOGIN], &mut failures).await;
    row(&app, &cast, "GET", &survey, [NO, NO, NO, OK, NO, NO, NO, NO, NO, NO], &mut failures).await;
    row(&app, &cast, "POST", &format!("/help/{help}/take"), [NO, NO, NO, NO, NO, NO, NO, NO, NO, SIGN_IN_FIRST], &mut failures).await;
    row(&app, &cast, "POST", &format!("/help/{help}/cancel"), [LAST, LAST, NO, LAST, NO, NO, NO, NO, NO, SIGN_IN_FIRST], &mut failures).await;
    row(&app, &cast, "POST", &format!("{survey}/close"), [NO, NO, NO, LAST, NO, NO, NO, NO, NO, SIGN_IN_FIRST], &mut failures).await;
    assert_eq!(store.help_request(help.parse().unwrap()).await.unwrap().unwrap().status, "open", "unchanged");
    assert!(failures.is_empty(), "{} cells differ:\n{}", failures.len(), failures.join("\n"));
    assert_eq!(app.post(&format!("/help/{help}/cancel"), owner, &[]).await.status, StatusCode::SEE_OTHER);
}

/// An e-certificate of the owner's, issued by the officer's department (人社's 就业创业证).
async fn certificate_routes_answer_each_asker_as_the_rules_say(store: SharedStore) {
    let app = app(store.clone());
    let (cast, owner_id) = cast(&app).await;
    let owner = store.user_by_id(owner_id).await.unwrap().unwrap();
    let spec = linli_app::certificates::issue::spec_of(&*store, "RS006").await.unwrap().unwrap();
    let now = linli_app::time::now_unix();
    let subject = linli_app::certificates::issue::Subject { holder: &owner, service_code: "RS006", department: "rs" };
    let facts = vec![linli_app::certificates::signing::Fact { label: "就业失业状态".into(), label_en: "Employment status".into(), value: "就业".into() }];
    let issued = linli_app::certificates::issue::signed(&*store, subject, &spec, facts, linli_app::time::day_of(now), now).await.unwrap();
    store.add_e_certificate(&issued, now).await.unwrap();
    let serial = issued.serial;
    let mut failures = Vec::new();

    //                                                      owner deleg stran staff staff2 off  off2  prov admin anon
    row(&app, &cast, "GET", &format!("/me/certificates/{serial}"), [OK, NO, NO, NO, NO, NO, NO, NO, NO, LOGIN], &mut failures).await;
    row(&app, &cast, "GET", &format!("/me/certificates/{serial}/download"), [OK, NO, NO, NO, NO, NO, NO, NO, NO, NO], &mut failures).await;
    row(&app, &cast, "GET", &format!("/work/certificates/{serial}"), [NO, NO, NO, NO, NO, OK, NO, NO, NO, LOGIN], &mut failures).await;
    row(&app, &cast, "GET", &format!("/verify/{serial}"), [OK, OK, OK, OK, OK, OK, OK, OK, OK, OK], &mut failures).await;
    row(&app, &cast, "GET", "/admin/keys", [NO, NO, NO, NO, NO, NO, NO, NO, OK, NO], &mut failures).await;
    row(&app, &cast, "POST", &format!("/me/certificates/{serial}/share"), [INVALID, NO, NO, NO, NO, NO, NO, NO, NO, NO], &mut failures).await;
    row(&app, &cast, "POST", &format!("/work/certificates/{serial}/revoke"), [NO, NO, NO, NO, NO, INVALID, NO, NO, NO, NO], &mut failures).await;
    row(&app, &cast, "POST", "/admin/keys/rs/rotate", [NO, NO, NO, NO, NO, NO, NO, NO, LAST, NO], &mut failures).await;
    let row_now = store.e_certificate(&serial).await.unwrap().unwrap();
    assert!(row_now.revoked_at.is_none() && store.public_keys().await.unwrap().len() == 1, "unchanged");
    assert!(failures.is_empty(), "{} cells differ:\n{}", failures.len(), failures.join("\n"));
    assert_eq!(app.post("/admin/keys/rs/rotate", &cast.cookies[8], &[]).await.status, StatusCode::SEE_OTHER);
}

/// A 一件事 bundle of the owner's: the family sees the whole; each department only its part.
async fn bundle_routes_answer_each_asker_as_the_rules_say(store: SharedStore) {
    let app = app(store.clone());
    let (cast, _) = cast(&app).await;
    let filed = app.post_multipart("/things/unemployment", &cast.cookies[0], &[
        Part::File("m_id_card", "身份证.jpg", photo(3)),
        Part::File("m_ssc", "社保卡.jpg", photo(4)),
    ]).await;
    assert_eq!(filed.status, StatusCode::SEE_OTHER, "{}", &filed.body[..filed.body.len().min(2000)]);
    let bundle = filed.location().to_string();
    let parts = store.bundle_parts(store.bundle_by_ref(bundle.trim_start_matches("/me/things/")).await.unwrap().unwrap().id).await.unwrap();
    assert_eq!(parts.iter().map(|p| p.service_code.as_str()).collect::<Vec<_>>(), ["RS005"], "questions left unticked file nothing");
    let mut failures = Vec::new();

    //                                                      owner deleg stran staff staff2 off  off2  prov admin anon
    row(&app, &cast, "GET", &bundle, [OK, OK, NO, NO, NO, NO, NO, NO, NO, LOGIN], &mut failures).await;
    row(&app, &cast, "GET", &format!("/work/{}", parts[0].ref_no), [NO, NO, NO, NO, NO, OK, NO, NO, NO, NO], &mut failures).await;
    row(&app, &cast, "GET", "/things/unemployment", [OK, OK, OK, OK, OK, NO, NO, NO, NO, LOGIN], &mut failures).await;
    row(&app, &cast, "GET", "/things", [OK, OK, OK, OK, OK, OK, OK, OK, OK, OK], &mut failures).await;
    assert!(failures.is_empty(), "{} cells differ:\n{}", failures.len(), failures.join("\n"));
}

/// A counter appointment of the owner's: the family and the office's staff see it; the desks
/// open only to those who run the office; the hall's screen is anyone's.
async fn counter_routes_answer_each_asker_as_the_rules_say(store: SharedStore) {
    let app = app(store.clone());
    let (cast, _) = cast(&app).await;
    for weekday in ["1", "2", "3", "4", "5"] {
        for time in ["09:00", "14:00"] {
            let r = app.post("/work/counter/cy-xfl/hours", &cast.cookies[3], &[("service", "identity"), ("weekday", weekday), ("time", time), ("capacity", "2")]).await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        }
    }
    let office = store.office("cy-xfl").await.unwrap().unwrap();
    let calendar = linli_app::calendar::ssr::load(&*store).await.unwrap();
    let hours = store.counter_hours(office.id).await.unwrap();
    let slot = linli_app::counter::rules::open_slots(&hours, "identity", &calendar, linli_app::time::now_unix(), 14)[0];
    let booked = app.post("/counter/cy-xfl/book", &cast.cookies[0], &[("service", "identity"), ("starts_at", &slot.starts_at.to_string())]).await;
    assert_eq!(booked.status, StatusCode::SEE_OTHER, "{}", booked.body);
    let page = booked.location().trim_end_matches("?booked=1").to_string();
    let mut failures = Vec::new();

    //                                                      owner deleg stran staff staff2 off  off2  prov admin anon
    row(&app, &cast, "GET", &page, [OK, OK, NO, OK, NO, NO, NO, NO, OK, LOGIN], &mut failures).await;
    row(&app, &cast, "POST", &format!("{page}/cancel"), [LAST, LAST, NO, LAST, NO, NO, NO, NO, LAST, SIGN_IN_FIRST], &mut failures).await;
    row(&app, &cast, "GET", "/work/counter/cy-xfl", [NO, NO, NO, OK, NO, NO, NO, NO, OK, NO], &mut failures).await;
    row(&app, &cast, "GET", "/work/counter/hall-rs", [NO, NO, NO, NO, NO, OK, NO, NO, OK, NO], &mut failures).await;
    row(&app, &cast, "POST", "/work/counter/cy-xfl/call", [NO, NO, NO, INVALID, NO, NO, NO, NO, INVALID, SIGN_IN_FIRST], &mut failures).await;
    row(&app, &cast, "POST", "/work/counter/cy-xfl/hours", [NO, NO, NO, INVALID, NO, NO, NO, NO, INVALID, SIGN_IN_FIRST], &mut failures).await;
    row(&app, &cast, "GET", "/queue/cy-xfl", [OK, OK, OK, OK, OK, OK, OK, OK, OK, OK], &mut failures).await;
    row(&app, &cast, "GET", "/queue/t/00000000000000000000000000000000", [NO, NO, NO, NO, NO, NO, NO, NO, NO, NO], &mut failures).await;
    row(&app, &cast, "GET", "/counter", [OK, OK, OK, OK, OK, OK, OK, OK, OK, OK], &mut failures).await;
    assert!(failures.is_empty(), "{} cells differ:\n{}", failures.len(), failures.join("\n"));
    assert_eq!(app.post(&format!("{page}/cancel"), &cast.cookies[0], &[]).await.status, StatusCode::SEE_OTHER, "the owner's own change, last");
}

linli_app::on_both_engines!(
    every_object_route_answers_each_asker_as_the_rules_say,
    counter_routes_answer_each_asker_as_the_rules_say,
    community_objects_answer_each_asker_as_the_rules_say,
    certificate_routes_answer_each_asker_as_the_rules_say,
    bundle_routes_answer_each_asker_as_the_rules_say,
);

//! 一件事一次办 through the router, on SQLite and on PostgreSQL: one form files linked
//! applications, one per item, all or nothing; each department sees only its own part; a part
//! that waits starts when its prerequisite is approved (carrying the result), and ends when the
//! prerequisite is refused.
use crate::common;

use axum::http::StatusCode;
use common::*;
use linli_app::storage::{NewApplication, NewBundle, NewBundlePart, SharedStore, StoreError};

/// 2026-12-03 10:00 in Asia/Shanghai (a Thursday).
const THURSDAY: i64 = 1_796_263_200;

fn bundle_ref(r: &Reply) -> String {
    assert_eq!(r.status, StatusCode::SEE_OTHER, "expected the bundle's page, got: {}", &r.body[..r.body.len().min(3000)]);
    r.location().trim_start_matches("/me/things/").to_string()
}

async fn file_birth(app: &App, resident: &str, extra: &[(&'static str, &'static str)]) -> Reply {
    let mut parts = vec![
        Part::Text("q_RS003", "1"),
        Part::File("m_birth_cert", "出生医学证明.jpg", photo(11)),
        Part::File("m_id_card", "身份证.jpg", photo(12)),
        Part::File("m_hukou", "户口簿.jpg", photo(13)),
        Part::File("m_photo", "宝宝照片.jpg", photo(14)),
    ];
    parts.extend(extra.iter().map(|(k, v)| Part::Text(k, v)));
    app.post_multipart("/things/birth", resident, &parts).await
}

async fn a_birth_filed_once_reaches_three_departments(store: SharedStore) {
    let (app, _clock) = app_at(store, THURSDAY);
    let (_, parent) = app.account("13810000401", 401, "resident", None, Some("cy-xfl")).await;
    let (_, stranger) = app.account("13810000402", 402, "resident", None, Some("cy-xfl")).await;
    let (_, police) = app.account("13710000401", 403, "officer", Some("ga"), None).await;
    let (_, insurance) = app.account("13710000402", 404, "officer", Some("yb"), None).await;
    let (rs_officer_id, social) = app.account("13710000403", 405, "officer", Some("rs"), None).await;

    // The life event is listed, and its form asks each fact and each material once.
    assert!(app.get("/things", "").await.body.contains("href=\"/things/birth\""));
    let form = app.get("/things/birth", &parent).await;
    assert_eq!(form.status, StatusCode::OK);
    for once in ["name=\"f_child_name\"", "name=\"m_birth_cert\"", "name=\"m_id_card\""] {
        assert_eq!(form.body.matches(once).count(), 1, "{once} asked once");
    }
    assert!(form.body.contains("name=\"q_RS003\"") && form.body.contains("是否同时为孩子申领社会保障卡"));

    // A missing answer is refused beside its field, and nothing at all is stored.
    let refused = file_birth(&app, &parent, &[("f_child_birthdate", "2026-11-28")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("id=\"f_child_name-error\""), "the message is beside the baby's name");
    assert_eq!(app.store.count_rows("bundles").await.unwrap(), 0);
    assert_eq!(app.store.count_rows("applications").await.unwrap(), 0);
    assert!(app.stored_files().is_empty(), "no file kept from a refused form");

    // Filed: the card (RS003) is asked for, the vaccination record (WJ005) is not.
    let r = file_birth(&app, &parent, &[("f_child_name", "李小宝"), ("f_child_birthdate", "2026-11-28")]).await;
    let bundle_no = bundle_ref(&r);
    let bundle = app.store.bundle_by_ref(&bundle_no).await.unwrap().expect("the bundle is stored");
    let parts = app.store.bundle_parts(bundle.id).await.unwrap();
    let codes: Vec<&str> = parts.iter().map(|p| p.service_code.as_str()).collect();
    assert_eq!(codes, ["GA001", "YB002", "RS003"]);
    let (ga, yb, rs) = (&parts[0], &parts[1], &parts[2]);
    assert_eq!((rs.after_id, rs.waiting, ga.waiting), (Some(ga.id), 1, 0), "the card waits for the registration");
    assert!(ga.fields_json.contains("李小宝") && yb.fields_json.contains("李小宝"), "typed once, given to each");
    assert!(rs.deadline > ga.deadline && bundle.promised_by == rs.deadline, "the promise is the longest chain");
    // The birth certificate is stored once and attached to both parts that ask for it.
    let slots = |files: Vec<linli_app::storage::AttachedFile>| files.into_iter().map(|f| (f.slot, f.file.id)).collect::<Vec<_>>();
    let (ga_files, yb_files, rs_files) = (
        slots(app.store.attached_files(ga.id).await.unwrap()),
        slots(app.store.attached_files(yb.id).await.unwrap()),
        slots(app.store.attached_files(rs.id).await.unwrap()),
    );
    let birth = |files: &[(String, i64)]| files.iter().find(|(s, _)| s == "birth_cert").map(|(_, id)| *id);
    assert!(birth(&ga_files).is_some() && birth(&ga_files) == birth(&yb_files));
    assert!(birth(&rs_files).is_none() && rs_files.iter().any(|(s, _)| s == "photo"), "each part holds only what it asks for");

    // One page shows every part; the waiting one says what it waits for.
    let page = app.get(&format!("/me/things/{bundle_no}"), &parent).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("出生登记（新生儿落户）") && page.body.contains("新生儿参加居民医保") && page.body.contains("等待前序事项办结"));
    assert!(app.get("/me/inbox", &parent).await.body.contains("新生儿出生一件事"), "one receipt for the whole thing");
    let board = app.get("/board", "").await;
    assert!(board.body.contains("新生儿出生一件事 · 1"), "the board counts the bundle as well as its items");

    // Each department sees its own part only; nobody but the family sees the whole.
    assert_eq!(app.get(&format!("/work/{}", ga.ref_no), &police).await.status, StatusCode::OK);
    assert_eq!(app.get(&format!("/work/{}", rs.ref_no), &police).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get(&format!("/work/{}", ga.ref_no), &insurance).await.status, StatusCode::NOT_FOUND);
    for outsider in [&stranger, &police, &social] {
        assert_eq!(app.get(&format!("/me/things/{bundle_no}"), outsider).await.status, StatusCode::NOT_FOUND);
    }
    // The card's department sees it waiting, with nothing to do yet, and cannot start it early.
    let waiting = app.get(&format!("/work/{}", rs.ref_no), &social).await;
    assert_eq!(waiting.status, StatusCode::OK);
    assert!(waiting.body.contains("等待前序事项办结") && !waiting.body.contains(&format!("action=\"/work/{}/accept\"", rs.ref_no)));
    assert_eq!(app.post(&format!("/work/{}/accept", rs.ref_no), &social, &[]).await.status, StatusCode::CONFLICT);
    assert_eq!(app.store.application_by_id(rs.id).await.unwrap().unwrap().status, "submitted");

    // The registration completes the same day: the card starts, carrying its result.
    assert_eq!(app.post(&format!("/work/{}/accept", ga.ref_no), &police, &[]).await.status, StatusCode::SEE_OTHER);
    let approved = app.post_multipart(&format!("/work/{}/approve", ga.ref_no), &police, &[
        Part::Text("approve_note", "已落户"),
        Part::File("m_result", "户口簿新页.jpg", photo(21)),
    ]).await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", &approved.body[..approved.body.len().min(2000)]);
    let rs_now = app.store.application_by_id(rs.id).await.unwrap().unwrap();
    assert_eq!((rs_now.status.as_str(), rs_now.waiting), ("submitted", 0));
    assert!(rs_now.deadline < rs.deadline && rs_now.deadline > ga.deadline, "counted from the day it started, sooner than promised");
    let carried = app.store.attached_files(rs.id).await.unwrap();
    assert!(carried.iter().any(|f| f.slot == "result" && f.file.original_name == "户口簿新页.jpg"), "the registration travels on");
    let events: Vec<String> = app.store.events(rs.id).await.unwrap().into_iter().map(|e| e.kind).collect();
    assert_eq!(events, ["submitted", "released"]);
    let told = app.store.inbox(rs_officer_id, 20).await.unwrap();
    assert!(told.iter().any(|n| n.text_zh.contains(&rs.ref_no)), "the card's department hears it can start");
    assert_eq!(app.post(&format!("/work/{}/accept", rs.ref_no), &social, &[]).await.status, StatusCode::SEE_OTHER);
    // The officer of the card sees the carried registration page among the materials.
    let result_id = carried.iter().find(|f| f.slot == "result").unwrap().file.id;
    assert_eq!(app.get(&format!("/files/{result_id}"), &social).await.status, StatusCode::OK);
}

async fn a_refused_prerequisite_ends_what_waits(store: SharedStore) {
    let (app, _clock) = app_at(store, THURSDAY);
    let (_, son) = app.account("13810000411", 411, "resident", None, Some("cy-xfl")).await;
    let (_, police) = app.account("13710000411", 412, "officer", Some("ga"), None).await;
    let r = app.post_multipart("/things/bereavement", &son, &[
        Part::Text("q_RS010", "1"),
        Part::Text("q_YB007", "1"),
        Part::Text("f_deceased_name", "李老伯"),
        Part::Text("f_date_of_death", "2026-11-30"),
        Part::Text("f_relation", "子女"),
        Part::File("m_death_cert", "死亡医学证明.jpg", photo(31)),
        Part::File("m_hukou", "户口簿.jpg", photo(32)),
        Part::File("m_id_card", "身份证.jpg", photo(33)),
        Part::File("m_bank_card", "银行卡.jpg", photo(34)),
    ]).await;
    let bundle_no = bundle_ref(&r);
    let bundle = app.store.bundle_by_ref(&bundle_no).await.unwrap().unwrap();
    let parts = app.store.bundle_parts(bundle.id).await.unwrap();
    assert_eq!(parts.iter().map(|p| (p.service_code.as_str(), p.waiting)).collect::<Vec<_>>(), [("GA006", 0), ("RS010", 1), ("YB007", 1)]);

    let refused = app.post(&format!("/work/{}/reject", parts[0].ref_no), &police, &[("reject_note", "死亡信息与户籍记录不符，请到派出所核对")]).await;
    assert_eq!(refused.status, StatusCode::SEE_OTHER);
    for part in &parts[1..] {
        let now = app.store.application_by_id(part.id).await.unwrap().unwrap();
        assert_eq!((now.status.as_str(), now.waiting), ("withdrawn", 0), "{} ends with it", part.service_code);
        assert_eq!(app.store.events(part.id).await.unwrap().last().unwrap().kind, "stopped");
    }
    let page = app.get(&format!("/me/things/{bundle_no}"), &son).await;
    assert!(page.body.contains("前序事项未能办结"), "the timeline says why");
}

/// The store refuses a bundle whole: a clash on its last part leaves no bundle, no part.
async fn a_bundle_is_stored_whole_or_not_at_all(store: SharedStore) {
    let app = app(store.clone());
    let (resident_id, _) = app.account("13810000421", 421, "resident", None, Some("cy-xfl")).await;
    let part = |ref_no: &str, service: &str, dept: &str| NewBundlePart {
        app: NewApplication {
            ref_no: ref_no.into(),
            service_code: service.into(),
            applicant_id: resident_id,
            filed_by_id: resident_id,
            filed_as: "self".into(),
            consent_note: String::new(),
            channel: "online",
            department_code: dept.into(),
            fields_json: "{}".into(),
            deadline: "2026-12-10".into(),
            certificates: Vec::new(),
        },
        after: None,
        slots: Vec::new(),
        notices: Vec::new(),
    };
    let bundle = NewBundle {
        ref_no: "2026120300000001".into(),
        thing_code: "birth".into(),
        applicant_id: resident_id,
        filed_by_id: resident_id,
        filed_as: "self".into(),
        promised_by: "2026-12-24".into(),
    };
    let clash = [part("2026120300000002", "GA001", "ga"), part("2026120300000002", "YB002", "yb")];
    let r = store.create_bundle(&bundle, &clash, &[], &[], &[], &[], 1).await;
    assert!(matches!(r, Err(StoreError::Conflict("ref_no"))), "{r:?}");
    assert_eq!(store.count_rows("bundles").await.unwrap(), 0);
    assert_eq!(store.count_rows("applications").await.unwrap(), 0);
    let fine = [part("2026120300000002", "GA001", "ga"), part("2026120300000003", "YB002", "yb")];
    store.create_bundle(&bundle, &fine, &[], &[], &[], &[], 1).await.unwrap();
    assert_eq!(store.count_rows("applications").await.unwrap(), 2);
}

/// Community staff file 老年人优待一件事 for an older resident who came to the counter: the
/// consent is recorded on every part, and the look is on her record.
async fn staff_file_a_bundle_for_an_older_resident(store: SharedStore) {
    let (app, _clock) = app_at(store, THURSDAY);
    let (elder_id, elder) = app.account("13810000431", 431, "resident", None, Some("cy-xfl")).await;
    let (_, staff) = app.account("13910000431", 432, "staff", None, Some("cy-xfl")).await;
    let (_, staff_elsewhere) = app.account("13910000432", 433, "staff", None, Some("hp-dh")).await;
    let form = app.get(&format!("/things/elderly?for={elder_id}"), &staff).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("name=\"consent\"") && form.body.contains(&person_name(431)));
    assert_eq!(app.get(&format!("/things/elderly?for={elder_id}"), &staff_elsewhere).await.status, StatusCode::NOT_FOUND);
    let elder_id_text = elder_id.to_string();
    let parts = |consent: bool| {
        let mut p = vec![
            Part::Text("for", &elder_id_text),
            Part::Text("q_SQ002", "1"),
            Part::File("m_id_card", "身份证.jpg", photo(41)),
            Part::File("m_photo", "照片.jpg", photo(42)),
            Part::File("m_ssc", "社保卡.jpg", photo(43)),
        ];
        if consent {
            p.push(Part::Text("consent", "in_person"));
            p.push(Part::Text("consent_confirmed", "1"));
        }
        p
    };
    let refused = app.post_multipart(&format!("/things/elderly?for={elder_id}"), &staff, &parts(false)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "how she agreed must be recorded");
    assert!(refused.body.contains("id=\"consent-error\""));
    assert_eq!(app.store.count_rows("bundles").await.unwrap(), 0);
    let r = app.post_multipart("/things/elderly", &staff, &parts(true)).await;
    let bundle_no = bundle_ref(&r);
    let bundle = app.store.bundle_by_ref(&bundle_no).await.unwrap().unwrap();
    assert_eq!((bundle.applicant_id, bundle.filed_as.as_str()), (elder_id, "staff"));
    let parts = app.store.bundle_parts(bundle.id).await.unwrap();
    assert_eq!(parts.iter().map(|p| p.service_code.as_str()).collect::<Vec<_>>(), ["MZ009", "SQ002"]);
    assert!(parts.iter().all(|p| p.filed_as == "staff" && p.consent_note.contains("居民到场当面同意")));
    // She follows it herself; the staff member who filed it may too, and that look is recorded.
    assert_eq!(app.get(&format!("/me/things/{bundle_no}"), &elder).await.status, StatusCode::OK);
    assert_eq!(app.get(&format!("/me/things/{bundle_no}"), &staff).await.status, StatusCode::OK);
    assert_eq!(app.get(&format!("/me/things/{bundle_no}"), &staff_elsewhere).await.status, StatusCode::NOT_FOUND);
    let audit = app.store.audit_for_subject(elder_id, 20).await.unwrap();
    assert!(audit.iter().any(|a| a.action == "apply_for_staff" && a.detail.starts_with(&bundle_no)));
    assert!(audit.iter().any(|a| a.action == "staff_viewed_application" && a.detail == bundle_no));
}

linli_app::on_both_engines!(
    a_birth_filed_once_reaches_three_departments,
    a_refused_prerequisite_ends_what_waits,
    a_bundle_is_stored_whole_or_not_at_all,
    staff_file_a_bundle_for_an_older_resident,
);

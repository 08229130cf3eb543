//! E-certificates through the router, on SQLite and on PostgreSQL: issued by the approval that
//! makes them, checked by serial and by document, shown through a share link until it runs out,
//! revoked by the issuing department only, and still verifiable after a key rotation.
use crate::common;

use axum::http::{header, StatusCode};
use base64::Engine;
use common::*;
use linli_app::storage::SharedStore;

/// 2026-12-02 10:00 in Asia/Shanghai.
const NOON_ISH: i64 = 1_796_176_800;

/// A resident applies for the disability certificate (CL001) and its officer accepts it.
async fn accepted_cl001(app: &App, resident: &str, officer: &str) -> String {
    let r = app.post_multipart("/services/CL001/apply", resident, &[
        Part::File("m_id_card", "身份证.jpg", photo(3)),
        Part::File("m_photo", "照片.jpg", photo(5)),
        Part::File("m_medical", "病历.jpg", photo(9)),
    ]).await;
    let ref_no = ref_of(&r);
    assert_eq!(app.post(&format!("/work/{ref_no}/accept"), officer, &[]).await.status, StatusCode::SEE_OTHER);
    ref_no
}

async fn approve(app: &App, officer: &str, ref_no: &str, grade: &str) -> Reply {
    app.post_multipart(&format!("/work/{ref_no}/approve"), officer, &[
        Part::Text("approve_note", "经评定，符合办证条件"),
        Part::Text("c_category", "肢体残疾"),
        Part::Text("c_grade", grade),
    ]).await
}

/// The serial out of the resident's list of certificates (the only one, or the newest).
async fn newest_serial(app: &App, holder_id: i64) -> String {
    app.store.e_certificates_of(holder_id).await.unwrap().first().expect("a certificate was issued").serial.clone()
}

fn share_token(body: &str) -> String {
    let start = body.find("/verify/s/").expect("the share link is shown") + "/verify/s/".len();
    body[start..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect()
}

async fn issued_checked_shared_and_revoked(store: SharedStore) {
    let (app, clock) = app_at(store, NOON_ISH);
    let (holder_id, resident) = app.account("13810000301", 301, "resident", None, Some("cy-xfl")).await;
    let (_, stranger) = app.account("13810000302", 302, "resident", None, Some("cy-xfl")).await;
    let (_, officer) = app.account("13710000301", 303, "officer", Some("cl"), None).await;
    let (_, other_officer) = app.account("13710000302", 304, "officer", Some("rs"), None).await;
    let ref_no = accepted_cl001(&app, &resident, &officer).await;

    // The case page asks for the certificate's facts; approving without them is refused, with
    // nothing stored.
    let case = app.get(&format!("/work/{ref_no}"), &officer).await;
    assert!(case.body.contains("name=\"c_grade\"") && case.body.contains("中华人民共和国残疾人证"), "the approve form states the facts");
    let r = app.post_multipart(&format!("/work/{ref_no}/approve"), &officer, &[Part::Text("approve_note", "符合条件"), Part::Text("c_category", "肢体残疾")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("请填写证照上的“残疾等级”"), "the message is beside the missing fact");
    assert!(app.store.e_certificates_of(holder_id).await.unwrap().is_empty());
    assert_eq!(app.store.application_by_ref(&ref_no).await.unwrap().unwrap().status, "accepted");

    // Approved: the certificate is issued in the same step, and the resident is told.
    assert_eq!(approve(&app, &officer, &ref_no, "二级").await.status, StatusCode::SEE_OTHER);
    let serial = newest_serial(&app, holder_id).await;
    assert!(serial.starts_with("CL-2026-"), "{serial}");
    let mine = app.get("/me/certificates", &resident).await;
    assert!(mine.body.contains(&serial) && mine.body.contains("中华人民共和国残疾人证") && mine.body.contains("2036-12-01"), "valid ten years");
    assert!(app.get(&format!("/me/applications/{ref_no}"), &resident).await.body.contains(&format!("/me/certificates/{serial}")));
    assert!(app.get("/me/inbox", &resident).await.body.contains("电子证照已放入"));
    let page = app.get(&format!("/me/certificates/{serial}"), &resident).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("二级") && page.body.contains("<svg") && page.body.contains(&format!("http://linli.test/verify/{serial}")));
    assert!(!page.body.contains(&id_number(301)), "the ID number is masked");

    // Nobody else meets it: the same 404 as for a certificate that does not exist.
    assert_eq!(app.get(&format!("/me/certificates/{serial}"), &stranger).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get(&format!("/me/certificates/{serial}/download"), &stranger).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get(&format!("/work/certificates/{serial}"), &other_officer).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.post(&format!("/work/certificates/{serial}/revoke"), &other_officer, &[("reason", "不属于本部门")]).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.post(&format!("/me/certificates/{serial}/share"), &stranger, &[("minutes", "10")]).await.status, StatusCode::NOT_FOUND);

    // The public check by serial: genuine and current, and nothing about the holder.
    let check = app.get(&format!("/verify/{serial}"), "").await;
    assert_eq!(check.status, StatusCode::OK);
    assert!(check.body.contains("验证通过") && !check.body.contains(&person_name(301)) && !check.body.contains("二级"));
    assert_eq!(app.get("/verify/CL-2026-0000000000", "").await.status, StatusCode::NOT_FOUND);

    // The downloaded document checks out; altered or signed by another key, it does not.
    let doc = app.get(&format!("/me/certificates/{serial}/download"), &resident).await;
    assert_eq!(doc.status, StatusCode::OK);
    let r = app.post("/verify", "", &[("document", &doc.body)]).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, format!("/verify/{serial}").as_str()));
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let mut parsed: serde_json::Value = serde_json::from_str(&doc.body).unwrap();
    let payload = String::from_utf8(b64.decode(parsed["payload"].as_str().unwrap()).unwrap()).unwrap();
    assert!(payload.contains("二级"));
    parsed["payload"] = b64.encode(payload.replace("二级", "一级")).into();
    let r = app.post("/verify", "", &[("document", &parsed.to_string())]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("文件可能被篡改或伪造"));
    assert_eq!(app.post("/verify", "", &[("document", "{\"not\": \"a certificate\"}")]).await.status, StatusCode::UNPROCESSABLE_ENTITY);

    // A later application takes the certificate instead of an upload: offered on the form,
    // ticked, and shown to the officer as checked. Someone else's serial is refused.
    let form = app.get("/services/CL002/apply", &resident).await;
    assert!(form.body.contains("name=\"c_disability_cert\"") && form.body.contains(&serial), "the certificate is offered for its slot");
    let cl002 = |serial: String| {
        let app = &app;
        let resident = resident.clone();
        async move {
            app.post_multipart("/services/CL002/apply", &resident, &[
                Part::Text("c_disability_cert", &serial),
                Part::File("m_id_card", "身份证.jpg", photo(3)),
                Part::File("m_ssc", "社保卡.jpg", photo(4)),
            ]).await
        }
    };
    let refused = cl002("CL-2026-0000000000".into()).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("所选电子证照不能用于此项材料"));
    let later = ref_of(&cl002(serial.clone()).await);
    let case = app.get(&format!("/work/{later}"), &officer).await;
    assert!(case.body.contains("以电子证照提交的材料") && case.body.contains(&serial) && case.body.contains("验证通过") && case.body.contains("二级"));
    let audit = app.store.audit_for_subject(holder_id, 50).await.unwrap();
    assert!(audit.iter().any(|a| a.action == "certificate_given" && a.detail == later));

    // A correction can be answered with the certificate too: a blurred scan of the card is
    // replaced by the e-certificate itself.
    let devices = ref_of(&app.post_multipart("/services/CL003/apply", &resident, &[
        Part::File("m_disability_cert", "残疾证扫描.jpg", photo(6)),
        Part::File("m_id_card", "身份证.jpg", photo(3)),
    ]).await);
    let asked = app.post(&format!("/work/{devices}/correct"), &officer, &[("items", "disability_cert"), ("correct_note", "残疾人证扫描件模糊，请重新提供")]).await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER);
    let page = app.get(&format!("/me/applications/{devices}"), &resident).await;
    assert!(page.body.contains("name=\"c_disability_cert\"") && page.body.contains(&serial), "the correction offers the certificate");
    let supplied = app.post_multipart(&format!("/me/applications/{devices}/supplement"), &resident, &[Part::Text("c_disability_cert", &serial)]).await;
    assert_eq!(supplied.status, StatusCode::SEE_OTHER, "{}", &supplied.body[..supplied.body.len().min(2000)]);
    let given = app.store.application_e_certificates(app.store.application_by_ref(&devices).await.unwrap().unwrap().id).await.unwrap();
    assert_eq!(given.iter().map(|(slot, c)| (slot.as_str(), c.serial.as_str())).collect::<Vec<_>>(), [("disability_cert", serial.as_str())]);
    let audit = app.store.audit_for_subject(holder_id, 50).await.unwrap();
    assert!(audit.iter().any(|a| a.action == "certificate_given" && a.detail == devices));

    // A share link shows only what was ticked, and is looked at on the record.
    let r = app.post(&format!("/me/certificates/{serial}/share"), &resident, &[("shows", "name"), ("shows", "facts"), ("minutes", "10")]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", &r.body[..r.body.len().min(2000)]);
    let token = share_token(&r.body);
    let shared = app.get(&format!("/verify/s/{token}"), "").await;
    assert_eq!(shared.status, StatusCode::OK);
    assert!(shared.body.contains(&person_name(301)) && shared.body.contains("二级"), "name and facts, as chosen");
    assert!(!shared.body.contains("身份证号"), "the ID number was not chosen");
    let audit = app.store.audit_for_subject(holder_id, 50).await.unwrap();
    assert!(audit.iter().any(|a| a.action == "certificate_share_viewed" && a.detail == serial));
    clock.advance(11 * 60);
    assert_eq!(app.get(&format!("/verify/s/{token}"), "").await.status, StatusCode::NOT_FOUND, "the link ran out");
    let report = linli_app::privacy::retention::run_once(&*app.store, NOON_ISH + 11 * 60).await.unwrap();
    let purged = report.removed.iter().find(|(k, _)| *k == linli_app::privacy::retention::Kind::CertificateShares).map(|(_, n)| *n);
    assert_eq!(purged, Some(1), "the run-out link's record goes at the next retention run");

    // Revoked by the issuing department, with a reason: the check says so, links close, and
    // the holder is told why.
    let r = app.post(&format!("/me/certificates/{serial}/share"), &resident, &[("minutes", "60")]).await;
    let token = share_token(&r.body);
    assert_eq!(app.post(&format!("/work/certificates/{serial}/revoke"), &officer, &[("reason", "无")]).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.post(&format!("/work/certificates/{serial}/revoke"), &officer, &[("reason", "复核发现评定有误")]).await.status, StatusCode::SEE_OTHER);
    assert!(app.get(&format!("/verify/{serial}"), "").await.body.contains("已被发证部门撤销"));
    assert_eq!(app.get(&format!("/verify/s/{token}"), "").await.status, StatusCode::NOT_FOUND);
    assert!(app.get("/me/inbox", &resident).await.body.contains("复核发现评定有误"));
    assert!(app.get(&format!("/work/{later}"), &officer).await.body.contains("已被发证部门撤销"), "the case shows it revoked");
    assert_eq!(app.post(&format!("/me/certificates/{serial}/share"), &resident, &[("minutes", "10")]).await.status, StatusCode::CONFLICT);
}

async fn expiry_and_key_rotation(store: SharedStore) {
    let (app, clock) = app_at(store, NOON_ISH);
    let (holder_id, resident) = app.account("13810000311", 311, "resident", None, Some("cy-xfl")).await;
    let (_, officer) = app.account("13710000311", 312, "officer", Some("cl"), None).await;
    let (_, admin) = app.account("13610000311", 313, "admin", None, None).await;
    let first = accepted_cl001(&app, &resident, &officer).await;
    assert_eq!(approve(&app, &officer, &first, "三级").await.status, StatusCode::SEE_OTHER);
    let old_serial = newest_serial(&app, holder_id).await;
    let old_doc = app.get(&format!("/me/certificates/{old_serial}/download"), &resident).await.body;

    // A rotation: the old key signs nothing more but stays published; what it signed verifies.
    assert_eq!(app.post("/admin/keys/cl/rotate", &resident, &[]).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.post("/admin/keys/cl/rotate", &admin, &[]).await.status, StatusCode::SEE_OTHER);
    let keys: serde_json::Value = serde_json::from_str(&app.get("/.well-known/linli-keys.json", "").await.body).unwrap();
    let cl: Vec<&serde_json::Value> = keys["keys"].as_array().unwrap().iter().filter(|k| k["department"] == "cl").collect();
    assert_eq!(cl.len(), 2);
    assert!(cl.iter().all(|k| k["crv"] == "Ed25519" && k.get("secret").is_none() && k.get("d").is_none()));
    assert!(app.get("/admin/keys", &admin).await.body.contains("轮换密钥"));
    let r = app.post("/verify", "", &[("document", &old_doc)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "signed before the rotation, still genuine");

    let second = accepted_cl001(&app, &resident, &officer).await;
    assert_eq!(approve(&app, &officer, &second, "四级").await.status, StatusCode::SEE_OTHER);
    let old = app.store.e_certificate(&old_serial).await.unwrap().unwrap();
    let new = app.store.e_certificate(&newest_serial(&app, holder_id).await).await.unwrap().unwrap();
    assert_ne!(old.kid, new.kid, "signed with the new key");

    // Past its last day it reads as expired everywhere, and cannot be shown.
    clock.advance(10 * 366 * 86_400);
    assert!(app.get(&format!("/verify/{old_serial}"), "").await.body.contains("已过期"));
    let resident = app.sign_in("13810000311", "linli2026").await.cookies();
    assert_eq!(app.post(&format!("/me/certificates/{old_serial}/share"), &resident, &[("minutes", "10")]).await.status, StatusCode::CONFLICT);
}

linli_app::on_both_engines!(
    issued_checked_shared_and_revoked,
    expiry_and_key_rotation,
    the_demo_elder_holds_a_senior_card,
    a_public_check_over_its_limit_says_how_long_to_wait
);

/// The public check is limited per address (120 an hour): the next one is a 429 with
/// `Retry-After` that says, in the reader's language, how long to wait — not "loading failed".
async fn a_public_check_over_its_limit_says_how_long_to_wait(store: SharedStore) {
    let app = app(store);
    for _ in 0..120 {
        assert_eq!(app.get("/verify/CL-2026-0000000000", "").await.status, StatusCode::NOT_FOUND);
    }
    let over = app.get("/verify/CL-2026-0000000000", "").await;
    assert_eq!(over.status, StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = over.headers[header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
    assert!(wait > 0 && over.body.contains(&format!("请 {wait} 秒后再试")) && !over.body.contains("加载失败"), "{wait}");
    let en = app.get("/verify/CL-2026-0000000000?lang=en", "").await;
    assert_eq!(en.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(en.body.contains("Too many tries"));
    assert_eq!(app.get("/verify", "").await.status, StatusCode::OK, "the paste box counts nothing");
}

async fn the_demo_elder_holds_a_senior_card(store: SharedStore) {
    let app = app(store.clone());
    linli_server::demo::seed(&*store).await.unwrap();
    linli_server::demo_certificates::seed(&*store).await.unwrap();
    linli_server::demo_certificates::seed(&*store).await.unwrap();
    let elder = store.user_by_phone("13800000001").await.unwrap().unwrap();
    let held = store.e_certificates_of(elder.id).await.unwrap();
    assert_eq!(held.len(), 1, "seeded once");
    let cookie = app.sign_in("13800000001", "linli2026").await.cookies();
    assert!(app.get("/me/certificates", &cookie).await.body.contains("老年人优待证"));
    assert!(app.get(&format!("/verify/{}", held[0].serial), "").await.body.contains("验证通过"));

    // Closing the account: the certificate is no proof of anyone any more.
    let closed = app.post("/me/data/close", &cookie, &[("password", "linli2026"), ("confirm", "注销")]).await;
    assert_eq!(closed.status, StatusCode::SEE_OTHER, "{}", &closed.body[..closed.body.len().min(1500)]);
    assert!(app.get(&format!("/verify/{}", held[0].serial), "").await.body.contains("已被发证部门撤销"));
}

//! Online applications through the router, on SQLite and on PostgreSQL: applying with photos,
//! corrections from the wallet, the officer's decisions, 代办, and who may see what.
use crate::common;

use axum::http::StatusCode;
use common::*;
use linli_app::storage::SharedStore;

async fn file_ids(app: &App, ref_no: &str) -> Vec<i64> {
    let a = app.store.application_by_ref(ref_no).await.unwrap().unwrap();
    app.store.attached_files(a.id).await.unwrap().iter().map(|f| f.file.id).collect()
}

async fn resident_applies_officer_corrects_and_completes(store: SharedStore) {
    let app = app(store);
    let (_, resident) = app.account("13810000001", 1, "resident", None, Some("cy-xfl")).await;
    let (_, officer) = app.account("13710000001", 2, "officer", Some("rs"), None).await;

    let form = app.get("/services/RS003/apply", &resident).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("name=\"m_id_card\"") && form.body.contains("name=\"m_photo\""), "slots come from the catalogue");
    assert!(form.body.contains("110105") == false, "no full ID number on the page");

    let r = apply_rs003(&app, &resident, &[Part::Text("keep", "1"), Part::Text("f_reason", "首次申领")]).await;
    let ref_no = ref_of(&r);
    assert_eq!(app.stored_files().len(), 4, "two cleaned photos and two thumbnails");
    let receipt = app.get(&format!("/me/applications/{ref_no}/receipt"), &resident).await;
    assert_eq!(receipt.status, StatusCode::OK);
    assert!(receipt.body.contains(&ref_no) && receipt.body.contains("<svg"), "receipt with its QR code");
    assert!(receipt.body.contains(&format!("http://linli.test/me/applications/{ref_no}")));

    // The officer's queue has it; the resident's list too.
    assert!(app.get("/work", &officer).await.body.contains(&ref_no));
    assert!(app.get("/me/applications", &resident).await.body.contains(&ref_no));
    let case = app.get(&format!("/work/{ref_no}"), &officer).await;
    assert_eq!(case.status, StatusCode::OK);
    assert!(case.body.contains("/accept"));

    // One request for corrections, naming exactly what.
    let r = app.post(&format!("/work/{ref_no}/correct"), &officer, &[("items", "photo"), ("correct_note", "证件照背景需为白色")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let again = app.post(&format!("/work/{ref_no}/correct"), &officer, &[("items", "id_card"), ("correct_note", "再次补正")]).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY, "corrections are asked once only");
    let page = app.get(&format!("/me/applications/{ref_no}"), &resident).await;
    assert!(page.body.contains("证件照背景需为白色") && page.body.contains("/supplement"));

    // The resident supplies the photo from the wallet (kept at submission) without re-uploading.
    let wallet = app.store.wallet(app.store.application_by_ref(&ref_no).await.unwrap().unwrap().applicant_id).await.unwrap();
    assert_eq!(wallet.len(), 2, "both materials kept with consent");
    let kept_photo = wallet.iter().find(|f| f.kind == "photo").unwrap().id.to_string();
    let empty = app.post_multipart(&format!("/me/applications/{ref_no}/supplement"), &resident, &[Part::Text("keep", "")]).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY, "the requested material is required");
    let r = app.post_multipart(&format!("/me/applications/{ref_no}/supplement"), &resident, &[Part::Text("w_photo", &kept_photo)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let row = app.store.application_by_ref(&ref_no).await.unwrap().unwrap();
    assert_eq!(row.status, "accepted");

    // Completed with a result document the resident downloads.
    let r = app.post_multipart(&format!("/work/{ref_no}/approve"), &officer, &[Part::Text("approve_note", "已制卡，请到社区领取"), Part::File("m_result", "结果.pdf", pdf())]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let row = app.store.application_by_ref(&ref_no).await.unwrap().unwrap();
    assert_eq!(row.status, "approved");
    let result_id = row.result_file_id.expect("result stored");
    let download = app.get(&format!("/files/{result_id}"), &resident).await;
    assert_eq!(download.status, StatusCode::OK);
    assert_eq!(download.headers["content-type"], "application/pdf");
    assert!(download.headers["content-security-policy"].to_str().unwrap().contains("sandbox"));
    let page = app.get(&format!("/me/applications/{ref_no}"), &resident).await;
    assert!(page.body.contains("已制卡，请到社区领取") && page.body.contains(&format!("/files/{result_id}")));
    for step in ["提交申请", "一次性告知补正", "申请人补正材料", "办结"] {
        assert!(page.body.contains(step), "timeline shows {step}");
    }

    // Every change reached the inbox, and SMS copies went to the outbox.
    let inbox = app.get("/me/inbox", &resident).await;
    assert!(inbox.body.contains(&ref_no) && inbox.body.contains("已办结"));
    let outbox = app.store.outbox(100).await.unwrap();
    assert!(outbox.iter().any(|m| m.channel == "sms" && m.recipient == "13810000001" && m.body.contains(&ref_no)));
    // The officer's looks are on the resident's record.
    let family = app.get("/me/family", &resident).await;
    assert!(family.body.contains("工作人员查看了您的申请"));
}

async fn others_meet_404_on_every_route(store: SharedStore) {
    let app = app(store);
    let (_, owner) = app.account("13810000011", 11, "resident", None, Some("cy-xfl")).await;
    let (_, stranger) = app.account("13810000012", 12, "resident", None, Some("cy-xfl")).await;
    let (_, other_dept) = app.account("13710000012", 13, "officer", Some("jy"), None).await;
    let (_, staff_elsewhere) = app.account("13910000012", 14, "staff", None, Some("hp-dh")).await;
    let ref_no = ref_of(&apply_rs003(&app, &owner, &[Part::Text("keep", "1")]).await);
    let files = file_ids(&app, &ref_no).await;
    for who in [&stranger, &other_dept, &staff_elsewhere, &String::new()] {
        for path in [format!("/me/applications/{ref_no}"), format!("/me/applications/{ref_no}/receipt"), format!("/work/{ref_no}")] {
            let r = app.get(&path, who).await;
            // Signed out: the sign-in prompt, identical for any reference number.
            let expected = if who.is_empty() && !path.starts_with("/work") { StatusCode::UNAUTHORIZED } else { StatusCode::NOT_FOUND };
            assert_eq!(r.status, expected, "{path}");
        }
        for id in &files {
            assert_eq!(app.get(&format!("/files/{id}"), who).await.status, StatusCode::NOT_FOUND);
            assert_eq!(app.get(&format!("/files/{id}/thumb"), who).await.status, StatusCode::NOT_FOUND);
            assert_eq!(app.post(&format!("/me/wallet/{id}/delete"), who, &[]).await.status, StatusCode::NOT_FOUND);
        }
        let r = app.post_multipart(&format!("/work/{ref_no}/approve"), who, &[Part::Text("approve_note", "x")]).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "approve");
        for action in ["accept", "correct", "reject", "transfer", "note"] {
            let r = app.post(&format!("/work/{ref_no}/{action}"), who, &[("private_note", "x"), ("reject_note", "理由理由理由")]).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{action}");
        }
        for action in ["withdraw", "undo"] {
            assert_eq!(app.post(&format!("/me/applications/{ref_no}/{action}"), who, &[]).await.status, StatusCode::NOT_FOUND, "{action}");
        }
        let r = app.post_multipart(&format!("/me/applications/{ref_no}/supplement"), who, &[Part::Text("x", "y")]).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        // The server functions behind the pages are no endpoints at all.
        for endpoint in ["/api/applications/detail", "/api/applications/receipt"] {
            let r = app.post(endpoint, who, &[("ref_no", ref_no.as_str())]).await;
            if !who.is_empty() {
                assert_eq!(r.status, StatusCode::NOT_FOUND, "{endpoint}");
            }
            assert!(!r.body.contains(&ref_no), "{endpoint} reveals nothing");
        }
    }
    // Nothing changed, and the owner still sees it all.
    assert_eq!(app.store.application_by_ref(&ref_no).await.unwrap().unwrap().status, "submitted");
    assert_eq!(app.get(&format!("/files/{}", files[0]), &owner).await.status, StatusCode::OK);
    assert_eq!(app.get(&format!("/me/applications/{ref_no}"), &owner).await.status, StatusCode::OK);
}

async fn bad_uploads_are_refused_and_nothing_is_stored(store: SharedStore) {
    let app = app(store);
    let (resident_id, resident) = app.account("13810000021", 21, "resident", None, Some("cy-xfl")).await;
    let gif_named_jpg = b"GIF89a\x01\x00\x01\x00\x80\x00\x00".to_vec();
    let r = app.post_multipart("/services/RS003/apply", &resident, &[Part::File("m_id_card", "id.jpg", gif_named_jpg), Part::File("m_photo", "p.jpg", photo(1))]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("只接受 JPEG、PNG、WebP 图片或 PDF 文件"), "message beside the field");
    let r = app.post_multipart("/services/RS003/apply", &resident, &[Part::File("m_photo", "p.jpg", photo(1))]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("请上传此项材料"));
    let huge = { let mut b = photo(2); b.resize(10 * 1024 * 1024 + 10, 0); b };
    let r = app.post_multipart("/services/RS003/apply", &resident, &[Part::File("m_id_card", "big.jpg", huge), Part::File("m_photo", "p.jpg", photo(1))]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("10 MB"));
    let mut broken = photo(4);
    broken.truncate(200);
    let r = app.post_multipart("/services/RS003/apply", &resident, &[Part::File("m_id_card", "a.jpg", broken), Part::File("m_photo", "p.jpg", photo(1))]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("无法打开"));
    assert!(app.store.applications_of(resident_id).await.unwrap().is_empty());
    assert!(app.stored_files().is_empty(), "no file left behind: {:?}", app.stored_files());
    // Not signed in: off to sign in, nothing stored. Offline-only items have no form.
    let r = app.post_multipart("/services/RS003/apply", "", &[Part::File("m_photo", "p.jpg", photo(1))]).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/login"));
    assert_eq!(app.get("/services/MZ006/apply", &resident).await.status, StatusCode::NOT_FOUND);
}

async fn undo_within_ten_minutes_and_withdraw_before_acceptance(store: SharedStore) {
    let app = app(store);
    let (_, resident) = app.account("13810000031", 31, "resident", None, Some("cy-xfl")).await;
    let (_, officer) = app.account("13710000031", 32, "officer", Some("rs"), None).await;
    let first = ref_of(&apply_rs003(&app, &resident, &[]).await);
    assert_eq!(app.post(&format!("/me/applications/{first}/undo"), &resident, &[]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.store.application_by_ref(&first).await.unwrap().unwrap().status, "withdrawn");

    let second = ref_of(&apply_rs003(&app, &resident, &[]).await);
    assert_eq!(app.post(&format!("/work/{second}/accept"), &officer, &[]).await.status, StatusCode::SEE_OTHER);
    let r = app.post(&format!("/me/applications/{second}/withdraw"), &resident, &[]).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "accepted: no longer withdrawable");
    // …but the 10-minute undo still applies.
    assert_eq!(app.post(&format!("/me/applications/{second}/undo"), &resident, &[]).await.status, StatusCode::SEE_OTHER);
    // Before acceptance, an ordinary withdrawal works.
    let third = ref_of(&apply_rs003(&app, &resident, &[]).await);
    assert_eq!(app.post(&format!("/me/applications/{third}/withdraw"), &resident, &[]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.store.application_by_ref(&third).await.unwrap().unwrap().status, "withdrawn");
}

async fn a_delegate_and_community_staff_file_for_a_resident(store: SharedStore) {
    let app = app(store);
    let (elder_id, elder) = app.account("13810000041", 41, "resident", None, Some("cy-xfl")).await;
    let (son_id, son) = app.account("13810000042", 42, "resident", None, Some("hp-dh")).await;
    let (_, staff) = app.account("13910000041", 43, "staff", None, Some("cy-xfl")).await;
    let (_, other_staff) = app.account("13910000042", 44, "staff", None, Some("hp-dh")).await;
    // The son cannot act before the elder authorises him.
    let elder_s = elder_id.to_string();
    let r = apply_rs003(&app, &son, &[Part::Text("for", &elder_s)]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // An offer to a wrong name is answered like any other (nothing is revealed) and reaches nobody.
    let wrong = app.post("/me/family", &elder, &[("name", "别人"), ("phone", "13810000042")]).await;
    assert_eq!((wrong.status, wrong.location()), (StatusCode::SEE_OTHER, "/me/family?invited=1"));
    let offer = app.post("/me/family", &elder, &[("name", &person_name(42)), ("phone", "13810000042")]).await;
    assert_eq!((offer.status, offer.location()), (StatusCode::SEE_OTHER, "/me/family?invited=1"));
    assert_eq!(apply_rs003(&app, &son, &[Part::Text("for", &elder_s)]).await.status, StatusCode::NOT_FOUND, "not before he accepts");
    let asked = app.get("/me/family", &son).await.body;
    assert_eq!(asked.matches("/accept\"").count(), 1, "only the offer with his name reaches him");
    let accept = asked.split("action=\"").find(|a| a.starts_with("/me/family/invites/") && a.contains("/accept")).unwrap();
    let accept = &accept[..accept.find('"').unwrap()];
    assert_eq!(app.post(accept, &other_staff, &[]).await.status, StatusCode::NOT_FOUND, "nobody else accepts it");
    assert_eq!(app.post(accept, &son, &[]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.post(accept, &son, &[]).await.status, StatusCode::NOT_FOUND, "once");
    let by_son = ref_of(&apply_rs003(&app, &son, &[Part::Text("for", &elder_s)]).await);
    let row = app.store.application_by_ref(&by_son).await.unwrap().unwrap();
    assert_eq!((row.applicant_id, row.filed_by_id, row.filed_as.as_str()), (elder_id, son_id, "delegate"));
    assert!(app.get("/me/applications", &elder).await.body.contains(&by_son), "in the elder's own account");
    assert!(app.get(&format!("/me/applications?for={elder_id}"), &son).await.body.contains(&by_son), "and the son's switcher");

    // Staff of the elder's community, with recorded consent; staff elsewhere cannot.
    let no_consent = apply_rs003(&app, &staff, &[Part::Text("for", &elder_s)]).await;
    assert_eq!(no_consent.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Staff find her by a search of their community, never a list of everyone in it.
    let elder_name = person_name(41);
    let chooser = app.get("/services/RS003/apply", &staff).await.body;
    assert!(chooser.contains("name=\"who\"") && !chooser.contains(&elder_name), "nobody listed before a search");
    let first_char: String = elder_name.chars().take(1).collect();
    let found = app.get(&format!("/services/RS003/apply?who={}", linli_app::components::encode_query(&first_char)), &staff).await.body;
    assert!(found.contains(&format!("value=\"{elder_id}\"")), "found by the start of her name");
    let elsewhere_search = app.get(&format!("/services/RS003/apply?who={}", linli_app::components::encode_query(&first_char)), &other_staff).await.body;
    assert!(!elsewhere_search.contains(&format!("value=\"{elder_id}\"")), "staff elsewhere do not find her");
    // The form posts with whom it is for in its address, so the refusal is drawn for her, with
    // the message beside the consent question.
    let form = app.get(&format!("/services/RS003/apply?for={elder_id}"), &staff).await;
    assert!(form.body.contains(&format!("action=\"/services/RS003/apply?for={elder_id}\"")));
    let redrawn = app.post_multipart(&format!("/services/RS003/apply?for={elder_id}"), &staff, &[
        Part::Text("for", &elder_s), Part::File("m_id_card", "身份证.jpg", photo(3)), Part::File("m_photo", "证件照.jpg", photo(7)),
    ]).await;
    assert_eq!(redrawn.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(redrawn.body.contains("id=\"consent-error\""), "the message is beside the question");
    let by_staff = ref_of(&apply_rs003(&app, &staff, &[Part::Text("for", &elder_s), Part::Text("consent", "phone"), Part::Text("consent_confirmed", "1")]).await);
    assert_eq!(app.store.application_by_ref(&by_staff).await.unwrap().unwrap().filed_as, "staff");
    assert!(app.get("/me/applications", &staff).await.body.contains(&by_staff), "staff list what they filed");
    let elsewhere = apply_rs003(&app, &other_staff, &[Part::Text("for", &elder_s), Part::Text("consent", "phone"), Part::Text("consent_confirmed", "1")]).await;
    assert_eq!(elsewhere.status, StatusCode::NOT_FOUND);
    // The staff filer follows progress but does not see the materials.
    let staff_view = app.get(&format!("/me/applications/{by_staff}"), &staff).await;
    assert_eq!(staff_view.status, StatusCode::OK);
    let files = file_ids(&app, &by_staff).await;
    assert!(!staff_view.body.contains(&format!("/files/{}", files[0])));
    assert_eq!(app.get(&format!("/files/{}", files[0]), &staff).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get(&format!("/files/{}", files[0]), &son).await.status, StatusCode::OK, "delegates see materials");

    // The elder reads who did what for her, then revokes; the son loses access.
    let record = app.get("/me/family", &elder).await.body;
    assert!(record.contains("亲友为您提交申请") && record.contains("社区工作人员为您提交申请"));
    let delegation = app.store.delegates_of(elder_id).await.unwrap()[0].id;
    assert_eq!(app.post(&format!("/me/family/{delegation}/revoke"), &son, &[]).await.status, StatusCode::NOT_FOUND, "only the elder revokes");
    assert_eq!(app.post(&format!("/me/family/{delegation}/revoke"), &elder, &[]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.get(&format!("/me/applications/{by_son}"), &son).await.status, StatusCode::NOT_FOUND);
}

async fn wallet_reuse_delete_and_sweep(store: SharedStore) {
    let app = app(store);
    let (resident_id, resident) = app.account("13810000051", 51, "resident", None, Some("cy-xfl")).await;
    ref_of(&apply_rs003(&app, &resident, &[Part::Text("keep", "1")]).await);
    let wallet = app.store.wallet(resident_id).await.unwrap();
    let id_card = wallet.iter().find(|f| f.kind == "id_card").unwrap().id;
    let photo_id = wallet.iter().find(|f| f.kind == "photo").unwrap().id;
    // A second application reuses both without uploading anything.
    let r = app.post_multipart("/services/RS003/apply", &resident, &[Part::Text("w_id_card", &id_card.to_string()), Part::Text("w_photo", &photo_id.to_string())]).await;
    let second = ref_of(&r);
    assert_eq!(file_ids(&app, &second).await.len(), 2);
    assert_eq!(app.stored_files().len(), 4, "no copies made");
    // Deleting from the wallet stops reuse but the applications keep their materials.
    assert_eq!(app.post(&format!("/me/wallet/{id_card}/delete"), &resident, &[]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.store.wallet(resident_id).await.unwrap().len(), 1);
    assert_eq!(app.get(&format!("/files/{id_card}"), &resident).await.status, StatusCode::OK);
    // A file on disk with no row (a crash between write and commit) is swept; the rest stay.
    let dir = app.data_dir.join("files");
    std::fs::write(dir.join("orphan.jpg"), b"left over").unwrap();
    let removed = linli_app::uploads::sweep(&*app.store, &linli_app::uploads::FileStore::local(dir.clone()), std::time::Duration::ZERO).await.unwrap();
    assert_eq!(removed, 1);
    assert_eq!(app.stored_files().len(), 4);
}

async fn reminders_before_and_alerts_after_the_deadline(store: SharedStore) {
    use linli_app::notifications::reminders::run_once;
    let app = app(store);
    let (_, resident) = app.account("13810000061", 61, "resident", None, Some("cy-xfl")).await;
    let (handler_id, officer) = app.account("13710000061", 62, "officer", Some("rs"), None).await;
    let (supervisor_id, _) = app.account("13710000062", 63, "officer", Some("rs"), None).await;
    app.store.set_supervisor(supervisor_id, true).await.unwrap();
    let (staff_id, _) = app.account("13910000061", 64, "staff", None, Some("cy-xfl")).await;
    let due = ref_of(&apply_rs003(&app, &resident, &[]).await);
    assert_eq!(app.post(&format!("/work/{due}/accept"), &officer, &[]).await.status, StatusCode::SEE_OTHER);
    let late = ref_of(&apply_rs003(&app, &resident, &[]).await);
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    // 2026-09-30 with a deadline of 2026-10-08: the next working day after the National Day break.
    // Both cases are given fixed deadlines so the arithmetic is about real 2026 dates.
    for (r, deadline) in [(&due, "2026-10-08"), (&late, "2026-09-29")] {
        let row = app.store.application_by_ref(r).await.unwrap().unwrap();
        let effects = linli_app::storage::ApplicationEffects { private: true, deadline: Some(deadline.into()), ..Default::default() };
        let step = linli_app::storage::ApplicationStep::new(row.id, &["submitted", "accepted"], None, "note").effects(effects);
        assert!(app.store.transition(&step, 0).await.unwrap());
    }
    let clock = linli_app::time::ManualClock::on(day("2026-09-30"));
    let sweep = run_once(&*app.store, &clock).await.unwrap();
    assert_eq!((sweep.reminded, sweep.alerted), (1, 1), "one working day before 8 Oct is 30 Sep (1–7 Oct are off)");
    assert_eq!(run_once(&*app.store, &clock).await.unwrap().reminded, 0, "reminded once");
    // The reminder is stamped with the clock's time, not the machine's.
    let reminded = app.store.application_by_ref(&due).await.unwrap().unwrap().reminded_at;
    assert_eq!(reminded, Some(linli_app::time::Clock::now(&clock)));
    let handler_inbox = app.store.inbox(handler_id, 20).await.unwrap();
    assert!(handler_inbox.iter().any(|n| n.kind == "reminder" && n.ref_no.as_deref() == Some(due.as_str())));
    for who in [supervisor_id, staff_id] {
        assert!(app.store.inbox(who, 20).await.unwrap().iter().any(|n| n.kind == "overdue" && n.ref_no.as_deref() == Some(late.as_str())));
    }
    // 29 Sep is not a reminder day for 8 Oct: 30 Sep and 8 Oct are two working days away.
    let fresh = ref_of(&apply_rs003(&app, &resident, &[]).await);
    let row = app.store.application_by_ref(&fresh).await.unwrap().unwrap();
    let effects = linli_app::storage::ApplicationEffects { private: true, deadline: Some("2026-10-08".into()), ..Default::default() };
    let step = linli_app::storage::ApplicationStep::new(row.id, &["submitted"], None, "note").effects(effects);
    assert!(app.store.transition(&step, 0).await.unwrap());
    run_once(&*app.store, &linli_app::time::ManualClock::on(day("2026-09-29"))).await.unwrap();
    assert!(app.store.application_by_ref(&fresh).await.unwrap().unwrap().reminded_at.is_none());
}

async fn officers_transfer_reject_and_keep_private_notes(store: SharedStore) {
    let app = app(store);
    let (_, resident) = app.account("13810000071", 71, "resident", None, Some("cy-xfl")).await;
    let (_, rs) = app.account("13710000071", 72, "officer", Some("rs"), None).await;
    let (_, jy) = app.account("13710000072", 73, "officer", Some("jy"), None).await;
    let ref_no = ref_of(&apply_rs003(&app, &resident, &[]).await);
    let r = app.post(&format!("/work/{ref_no}/note"), &rs, &[("private_note", "申请人电话未接通")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(!app.get(&format!("/me/applications/{ref_no}"), &resident).await.body.contains("申请人电话未接通"), "private notes stay private");
    assert!(app.get(&format!("/work/{ref_no}"), &rs).await.body.contains("申请人电话未接通"));
    let r = app.post(&format!("/work/{ref_no}/transfer"), &rs, &[("department", ""), ("transfer_note", "x")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    // The reply template fills the reason when the box is left empty.
    let template = app.store.reply_templates("rs").await.unwrap().into_iter().find(|t| t.action == "transfer").unwrap();
    let r = app.post(&format!("/work/{ref_no}/transfer"), &rs, &[("department", "jy"), ("transfer_note", ""), ("transfer_note_template", &template.id.to_string())]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(app.get(&format!("/work/{ref_no}"), &rs).await.status, StatusCode::NOT_FOUND, "now the other department's case");
    assert_eq!(app.get(&format!("/work/{ref_no}"), &jy).await.status, StatusCode::OK);
    assert!(app.get(&format!("/me/applications/{ref_no}"), &resident).await.body.contains("该事项应由其他部门办理"));
    let r = app.post(&format!("/work/{ref_no}/reject"), &jy, &[("reject_note", "")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app.post(&format!("/work/{ref_no}/reject"), &jy, &[("reject_note", "不符合申领条件：已持有有效社保卡")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(app.store.application_by_ref(&ref_no).await.unwrap().unwrap().status, "rejected");
    assert_eq!(app.post(&format!("/work/{ref_no}/accept"), &jy, &[]).await.status, StatusCode::CONFLICT, "a finished case stays finished");
}

async fn residents_choose_channels_and_admins_read_the_outbox(store: SharedStore) {
    use linli_app::notifications::sender::{deliver_due, LogSender};
    let app = app(store);
    let (_, resident) = app.account("13810000081", 81, "resident", None, Some("cy-xfl")).await;
    let (_, admin) = app.account("13610000081", 82, "admin", None, None).await;
    let r = app.post("/me/inbox", &resident, &[("sms", "1"), ("email", "1"), ("email_address", "not-an-address")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("请填写有效的电子邮箱"));
    let r = app.post("/me/inbox", &resident, &[("email", "1"), ("email_address", "lin@example.cn")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "SMS off, e-mail on");
    let ref_no = ref_of(&apply_rs003(&app, &resident, &[]).await);
    let now = linli_app::time::now_unix();
    let queued = app.store.due_outbox(now, 100).await.unwrap();
    let mine: Vec<_> = queued.iter().filter(|m| m.body.contains(&ref_no) && m.user_id.is_some()).collect();
    assert!(mine.iter().any(|m| m.channel == "email" && m.recipient == "lin@example.cn"));
    assert!(!mine.iter().any(|m| m.channel == "sms" && m.recipient == "13810000081"), "SMS was turned off");
    // The built-in sender delivers to the log and marks each message; nothing is dropped.
    let sent = deliver_due(&*app.store, &LogSender, now).await.unwrap();
    assert!(sent >= 1);
    assert!(app.store.due_outbox(now, 100).await.unwrap().is_empty());
    assert!(app.store.outbox(100).await.unwrap().iter().all(|m| m.status == "sent" && m.sender == "log"));
    let page = app.get("/admin/outbox", &admin).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("l***@example.cn") && !page.body.contains("lin@example.cn"), "recipients masked");
    assert_eq!(app.get("/admin/outbox", &resident).await.status, StatusCode::NOT_FOUND);
    // The inbox shows the submission, and can be marked read.
    assert!(app.get("/me/inbox", &resident).await.body.contains(&ref_no));
    assert_eq!(app.post("/me/inbox/read", &resident, &[]).await.status, StatusCode::SEE_OTHER);
    let user = app.store.user_by_phone("13810000081").await.unwrap().unwrap();
    assert_eq!(app.store.unread_count(user.id).await.unwrap(), 0);
}

linli_app::on_both_engines!(
    residents_choose_channels_and_admins_read_the_outbox,
    resident_applies_officer_corrects_and_completes,
    others_meet_404_on_every_route,
    bad_uploads_are_refused_and_nothing_is_stored,
    undo_within_ten_minutes_and_withdraw_before_acceptance,
    a_delegate_and_community_staff_file_for_a_resident,
    wallet_reuse_delete_and_sweep,
    reminders_before_and_alerts_after_the_deadline,
    officers_transfer_reject_and_keep_private_notes,
);

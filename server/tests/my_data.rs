//! `/me/data`: a resident downloads everything Linli holds about them, then closes the account
//! (注销): personal data goes, records departments must keep stay without a name.
use crate::common;

use axum::http::{header, StatusCode};
use common::*;
use linli_app::storage::SharedStore;
use std::io::Read;

fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a ZIP file");
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).unwrap();
            let mut content = Vec::new();
            entry.read_to_end(&mut content).unwrap();
            (entry.name().unwrap().to_string(), content)
        })
        .collect()
}

fn json_of(entries: &[(String, Vec<u8>)], name: &str) -> serde_json::Value {
    let (_, bytes) = entries.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("{name} in the export"));
    serde_json::from_slice(bytes).unwrap()
}

async fn a_resident_downloads_everything_then_closes_the_account(store: SharedStore) {
    let app = app(store.clone());
    let (me_id, me) = app.account("13600006161", 61, "resident", None, Some("cy-xfl")).await;
    let ref_no = ref_of(&apply_rs003(&app, &me, &[Part::Text("keep", "1")]).await);
    assert_eq!(app.get("/me/data/export.zip", "").await.status, StatusCode::SEE_OTHER, "signed out: sign in first");

    let page = app.get("/me/data", &me).await;
    assert!(page.body.contains("1 件申请") && page.body.contains("2 份材料"), "{}", page.body);
    let download = app.send(
        axum::http::Request::get("/me/data/export.zip").header(header::HOST, "linli.test").header(header::COOKIE, &me).body(axum::body::Body::empty()).unwrap(),
    ).await;
    assert_eq!(download.status, StatusCode::OK);
    assert_eq!(download.headers[header::CONTENT_TYPE], "application/zip");
    assert_eq!(download.headers[header::CACHE_CONTROL], "private, no-store");
    let bytes = app.get_bytes("/me/data/export.zip", &me).await;
    let entries = unzip(&bytes);
    let account = json_of(&entries, "account.json");
    assert_eq!((account["phone"].as_str(), account["id_number"].as_str()), (Some("13600006161"), Some(id_number(61).as_str())));
    assert_eq!(json_of(&entries, "applications.json")[0]["ref_no"], ref_no.as_str());
    let photos: Vec<_> = entries.iter().filter(|(n, _)| n.starts_with("files/")).collect();
    assert_eq!(photos.len(), 2, "the two materials, opened");
    assert!(photos.iter().all(|(_, b)| b.starts_with(&[0xFF, 0xD8])), "JPEG bytes, not the sealed form");
    assert!(json_of(&entries, "activity.json").as_array().unwrap().iter().any(|a| a["action"] == "sign_in"));
    let audit = store.audit_for_subject(me_id, 5).await.unwrap();
    assert!(audit.iter().any(|a| a.action == "data_exported"), "the download is audited");

    // 注销 waits for the running application.
    let early = app.post("/me/data/close", &me, &[("password", "linli2026"), ("confirm", "注销")]).await;
    assert_eq!(early.status, StatusCode::CONFLICT);
    assert!(early.body.contains("还有 1 件申请"));
    assert_eq!(app.post(&format!("/me/applications/{ref_no}/withdraw"), &me, &[]).await.status, StatusCode::SEE_OTHER);
    let wrong = app.post("/me/data/close", &me, &[("password", "guess-2026"), ("confirm", "好的")]).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("密码不正确") && wrong.body.contains("请输入“注销”两个字确认"));
    assert!(store.user_by_id(me_id).await.unwrap().unwrap().closed_at.is_none(), "nothing changed");

    let files_before = app.stored_files();
    let closed = app.post("/me/data/close", &me, &[("password", "linli2026"), ("confirm", "注销")]).await;
    assert_eq!((closed.status, closed.location()), (StatusCode::SEE_OTHER, "/?closed=1"));
    let gone = store.user_by_id(me_id).await.unwrap().unwrap();
    assert!(gone.closed_at.is_some());
    assert_eq!(gone.name, "已注销用户");
    assert!(!gone.phone.contains("13600006161") && !gone.id_number.contains(&id_number(61)));
    assert!(store.user_by_phone("13600006161").await.unwrap().is_none());
    let old = app.get("/me", &me).await;
    assert!(old.status == StatusCode::FOUND && old.location().starts_with("/login"), "the old session is gone");
    assert_eq!(app.sign_in("13600006161", "linli2026").await.status, StatusCode::UNAUTHORIZED);
    assert!(store.wallet(me_id).await.unwrap().is_empty());
    // The department keeps the application and its materials, without a name on them.
    let kept = store.applications_of(me_id).await.unwrap();
    assert_eq!((kept.len(), kept[0].applicant_name.as_str()), (1, "已注销用户"));
    assert_eq!(app.stored_files(), files_before, "materials an application holds stay");
    assert_eq!(store.audit_for_subject(me_id, 1).await.unwrap()[0].action, "account_closed");

    // The phone and ID number are free for the person to register again.
    assert_eq!(app.register("13600006161", &id_number(61)).await.status, StatusCode::SEE_OTHER);
}

async fn only_the_owner_closes_and_staff_cannot(store: SharedStore) {
    let app = app(store.clone());
    let (_, staff) = app.account("13900006262", 62, "staff", None, Some("cy-xfl")).await;
    let page = app.get("/me/data", &staff).await;
    assert!(page.body.contains("下载（ZIP）") && !page.body.contains("action=\"/me/data/close\""));
    assert_eq!(app.post("/me/data/close", &staff, &[("password", "linli2026"), ("confirm", "注销")]).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.post("/me/data/close", "", &[("password", "linli2026"), ("confirm", "注销")]).await.status, StatusCode::NOT_FOUND);
}

linli_app::on_both_engines!(
    a_resident_downloads_everything_then_closes_the_account,
    only_the_owner_closes_and_staff_cannot,
);

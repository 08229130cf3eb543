//! 自助终端 through the router, on both engines: an administrator registers a terminal (its secret
//! shown once, bad input refused beside the fields, others meet a 404); its browser is paired by
//! the secret however it is typed; pages there are large-print with the terminal's bar and keep
//! nothing offline; what a resident files there is recorded as the kiosk's, the audit naming it;
//! a page is handed to a phone by a one-time QR; a session begun there ends after two idle minutes; 呼叫工作人员 reaches the community's staff;
//! 结束并退出 ends the session and clears the browser; a withdrawn terminal is a browser again.
use crate::common;

use axum::http::StatusCode;
use common::*;
use linli_app::storage::SharedStore;

/// `linli_kiosk=…` out of a pairing's Set-Cookie.
fn device_cookie(r: &Reply) -> String {
    r.cookies().split("; ").find(|c| c.starts_with("linli_kiosk=")).expect("the device cookie").to_string()
}

/// Registers a terminal for 幸福里 and returns its secret, as shown once.
async fn register(app: &App, admin: &str) -> String {
    let shown = app.post("/admin/kiosks", admin, &[("name", "幸福里党群服务中心 1 号机"), ("community", "cy-xfl")]).await;
    assert_eq!(shown.status, StatusCode::OK, "{}", &shown.body[..shown.body.len().min(2000)]);
    let at = shown.body.find("设备密钥：").expect("the secret is shown") + "设备密钥：".len();
    shown.body[at..].chars().take(24).collect()
}

async fn a_terminal_is_registered_paired_used_and_withdrawn(store: SharedStore) {
    let (app, clock) = app_at(store, linli_app::time::now_unix());
    let (_, admin) = app.account("13600000701", 701, "admin", None, None).await;
    let (_, resident_only) = app.account("13810000711", 711, "resident", None, Some("cy-xfl")).await;
    let (staff_id, _) = app.account("13910000711", 712, "staff", None, Some("cy-xfl")).await;

    assert_eq!(app.post("/admin/kiosks", &resident_only, &[("name", "x"), ("community", "cy-xfl")]).await.status, StatusCode::NOT_FOUND);
    let bad = app.post("/admin/kiosks", &admin, &[("name", ""), ("community", "nowhere")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("name-error") && bad.body.contains("community-error"), "each beside its field");
    assert!(app.store.kiosks().await.unwrap().is_empty(), "nothing stored");
    let secret = register(&app, &admin).await;
    assert!(!app.get("/admin/kiosks", &admin).await.body.contains(&secret), "shown once, never again");

    let wrong = app.post("/kiosk/pair", "", &[("secret", "AAAA-BBBB-CCCC-DDDD-EEEE")]).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("secret-error"));
    let paired = app.post("/kiosk/pair", "", &[("secret", &secret.to_lowercase().replace('-', " "))]).await;
    assert_eq!((paired.status, paired.location()), (StatusCode::SEE_OTHER, "/kiosk"));
    let device = device_cookie(&paired);

    let start = app.get("/kiosk", &device).await.body;
    assert!(start.contains("幸福里党群服务中心 1 号机") && start.contains("class=\"elder kiosk\""), "large print, named");
    assert!(start.contains("/kiosk.js") && start.contains("/pwa-off.js") && start.contains("action=\"/kiosk/end\""));
    assert!(!app.get("/kiosk", "").await.body.contains("action=\"/kiosk/end\""), "a phone is not a terminal");
    let guide = app.get("/services?mode=standard", &device).await;
    assert!(guide.body.contains("class=\"elder kiosk\""), "the next person never meets the last one's choice");
    assert!(guide.headers.get("x-linli-offline").is_none(), "nothing kept offline on a terminal");

    // 在手机上继续: a one-time QR holding only a token; the phone opens the page once.
    assert_eq!(app.post("/kiosk/handoff", "", &[("path", "/services/RS003")]).await.status, StatusCode::NOT_FOUND, "only a terminal hands off");
    let handed = app.post("/kiosk/handoff", &device, &[("path", "/services/RS003")]).await;
    assert_eq!(handed.status, StatusCode::SEE_OTHER);
    let token = handed.location().trim_start_matches("/kiosk/handoff?t=").to_string();
    assert_eq!(token.len(), 32, "a random token: {}", handed.location());
    let shown = app.get(handed.location(), &device).await;
    assert!(shown.body.contains("<svg") && shown.body.contains("在手机上继续"), "the terminal shows the QR");
    assert!(!shown.body.contains("RS003"), "the QR page names no page and no person");
    assert_eq!(app.get(handed.location(), "").await.status, StatusCode::NOT_FOUND, "another browser cannot show it");
    let opened = app.get(&format!("/h/{token}"), "").await;
    assert_eq!((opened.status, opened.location()), (StatusCode::SEE_OTHER, "/services/RS003"));
    assert_eq!(app.get(&format!("/h/{token}"), "").await.status, StatusCode::NOT_FOUND, "once only");
    let late = app.post("/kiosk/handoff", &device, &[("path", "/notices")]).await.location().trim_start_matches("/kiosk/handoff?t=").to_string();
    clock.advance(601);
    assert_eq!(app.get(&format!("/h/{late}"), "").await.status, StatusCode::NOT_FOUND, "ten minutes at most");

    // A resident signs in at the terminal and files feedback: the kiosk's, by the audit too.
    let (resident_id, _) = app.account("13810000712", 713, "resident", None, Some("cy-xfl")).await;
    let signed = app.post("/login", &device, &[("phone", "13810000712"), ("password", "linli2026"), ("next", "/me")]).await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER, "{}", signed.body);
    let there = format!("{device}; {}", signed.cookies());
    let building = app.store.buildings().await.unwrap().into_iter().find(|b| b.community_code == "cy-xfl").unwrap().id.to_string();
    let filed = app.post_multipart("/feedback/new", &there, &[Part::Text("category", "help-daily"), Part::Text("building", &building),
        Part::Text("title", "想办老年卡"), Part::Text("body", "在终端上问一下老年卡怎么办。")]).await;
    assert_eq!(filed.status, StatusCode::SEE_OTHER, "{}", &filed.body[..filed.body.len().min(2000)]);
    let ref_no = filed.location().trim_start_matches("/feedback/").trim_end_matches("?filed=1").to_string();
    assert_eq!(app.store.feedback_by_ref(&ref_no).await.unwrap().unwrap().channel, "kiosk");
    // On paper, a guide and an item carry a QR code back to their page; screens do not draw it.
    for page in ["/services/RS003".to_string(), format!("/feedback/{ref_no}")] {
        let slip = app.get(&format!("{page}?paper=80mm"), &there).await.body;
        assert!(slip.contains("class=\"poster-qr print-qr\"") && slip.contains("<svg"), "{page} on paper");
        assert!(!app.get(&page, &there).await.body.contains("print-qr"), "{page} on screen");
    }
    let audit = app.store.audit_for_subject(resident_id, 10).await.unwrap();
    assert!(audit.iter().any(|a| a.action == "sign_in" && a.user_agent.starts_with("kiosk:") && a.user_agent.contains("1 号机")), "the terminal is named");

    // Two idle minutes end a terminal's session, whatever its browser does.
    clock.advance(60);
    assert!(app.get("/me", &there).await.body.contains("id=\"profile\""), "still there after a minute");
    clock.advance(121);
    assert!(!app.get("/me", &there).await.body.contains("id=\"profile\""), "gone after two idle minutes");

    // 呼叫工作人员 reaches the community's staff; only a terminal may call.
    assert_eq!(app.post("/kiosk/call", &resident_only, &[("back", "/services")]).await.status, StatusCode::NOT_FOUND);
    let called = app.post("/kiosk/call", &device, &[("back", "/services")]).await;
    assert_eq!((called.status, called.location()), (StatusCode::SEE_OTHER, "/services?called=1"));
    let elsewhere = app.post("/kiosk/call", &device, &[("back", "/\\evil.example")]).await;
    assert_eq!(elsewhere.location(), "/kiosk?called=1", "never sent to another site");
    let told = app.store.inbox(staff_id, 5).await.unwrap();
    assert!(told.iter().any(|n| n.text_zh.contains("幸福里党群服务中心 1 号机")), "staff hear which terminal");

    // 结束并退出: the session ends and the browser is told to clear what it kept.
    let again = app.post("/login", &device, &[("phone", "13810000712"), ("password", "linli2026"), ("next", "/me")]).await;
    let there = format!("{device}; {}", again.cookies());
    let ended = app.post("/kiosk/end", &there, &[]).await;
    assert_eq!((ended.status, ended.location()), (StatusCode::SEE_OTHER, "/kiosk"));
    assert_eq!(ended.headers["clear-site-data"], "\"cache\", \"storage\"");
    assert!(!app.get("/me", &there).await.body.contains("id=\"profile\""), "the session is over");

    // A withdrawn terminal is a browser again, and its sessions end with it.
    let id = app.store.kiosks().await.unwrap()[0].id;
    let third = app.post("/login", &device, &[("phone", "13810000712"), ("password", "linli2026"), ("next", "/me")]).await;
    let there = format!("{device}; {}", third.cookies());
    assert_eq!(app.post(&format!("/admin/kiosks/{id}/revoke"), &admin, &[]).await.status, StatusCode::SEE_OTHER);
    assert!(!app.get("/kiosk", &device).await.body.contains("action=\"/kiosk/end\""));
    assert!(!app.get("/me", &there).await.body.contains("id=\"profile\""), "its session ended with it");
}

linli_app::on_both_engines!(a_terminal_is_registered_paired_used_and_withdrawn);

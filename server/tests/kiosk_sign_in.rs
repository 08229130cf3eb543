//! Signing in at a terminal by a one-time code, through the router, on both engines: the
//! resident's phone makes a code (a QR and eight digits, two minutes, once); the terminal takes
//! it typed or as a photo of the QR from its camera; staff make one for a resident with neither a
//! phone nor a password, with the resident's agreement, good only on their community's terminals;
//! and a document photographed on the phone while applying at the terminal reaches the wallet.
//! Whatever is done at the terminal is audited with the terminal's name.
use crate::common;

use axum::http::StatusCode;
use common::*;
use linli_app::storage::SharedStore;

async fn paired(app: &App, admin: &str, community: &str, name: &str) -> String {
    let shown = app.post("/admin/kiosks", admin, &[("name", name), ("community", community)]).await;
    assert_eq!(shown.status, StatusCode::OK, "{}", &shown.body[..shown.body.len().min(2000)]);
    let at = shown.body.find("设备密钥：").expect("the secret is shown") + "设备密钥：".len();
    let secret: String = shown.body[at..].chars().take(24).collect();
    let r = app.post("/kiosk/pair", "", &[("secret", &secret)]).await;
    r.cookies().split("; ").find(|c| c.starts_with("linli_kiosk=")).expect("the device cookie").to_string()
}

/// The token a code page was sent to, and the eight digits it shows.
async fn made_code(app: &App, location: &str, viewer: &str) -> (String, String) {
    let token = location.split("t=").nth(1).expect("a token").to_string();
    let page = app.get(location, viewer).await.body;
    assert!(page.contains("<svg"), "the QR is shown");
    let at = page.find("class=\"digits\">").expect("the digits are shown") + "class=\"digits\">".len();
    (token, page[at..at + 9].replace(' ', ""))
}

fn signed_in_as(r: &Reply) -> String {
    r.cookies().split("; ").find(|c| c.starts_with("linli_session=")).map(str::to_string).unwrap_or_default()
}

async fn a_terminal_signs_residents_in_by_code_or_qr_photo(store: SharedStore) {
    let (app, clock) = app_at(store, linli_app::time::now_unix());
    let (_, admin) = app.account("13600000801", 801, "admin", None, None).await;
    let (resident, phone) = app.account("13810000801", 802, "resident", None, Some("cy-xfl")).await;
    let (_, stranger) = app.account("13810000802", 803, "resident", None, Some("cy-xfl")).await;
    let device = paired(&app, &admin, "cy-xfl", "幸福里 2 号机").await;

    // The phone makes a code; nobody else sees it.
    let made = app.post("/me/kiosk-code", &phone, &[]).await;
    assert_eq!(made.status, StatusCode::SEE_OTHER);
    let (token, digits) = made_code(&app, made.location(), &phone).await;
    assert_eq!((token.len(), digits.len()), (32, 8));
    assert!(!app.get(made.location(), &stranger).await.body.contains("class=\"digits\""), "another resident's code is not shown");

    // Typed at a phone (not a terminal): 404. Wrong digits: refused beside the field.
    assert_eq!(app.post("/kiosk/sign-in", "", &[("code", &digits)]).await.status, StatusCode::NOT_FOUND);
    let wrong = app.post("/kiosk/sign-in", &device, &[("code", "0000 0000")]).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("code-error"));
    let spaced = format!("{} {}", &digits[..4], &digits[4..]);
    let signed = app.post("/kiosk/sign-in", &device, &[("code", &spaced)]).await;
    assert_eq!((signed.status, signed.location()), (StatusCode::SEE_OTHER, "/kiosk"), "{}", signed.body);
    let there = format!("{device}; {}", signed_in_as(&signed));
    assert!(app.get("/me", &there).await.body.contains("id=\"profile\""), "signed in at the terminal");
    assert_eq!(app.post("/kiosk/sign-in", &device, &[("code", &digits)]).await.status, StatusCode::UNPROCESSABLE_ENTITY, "once only");
    let audit = app.store.audit_for_subject(resident, 20).await.unwrap();
    assert!(audit.iter().any(|a| a.action == "kiosk_signed_in_by_code" && a.user_agent.contains("2 号机")), "the terminal is named");

    // A photo of the phone's QR from the terminal's camera; a photo without one is refused.
    let made = app.post("/me/kiosk-code", &phone, &[]).await;
    let (token, _) = made_code(&app, made.location(), &phone).await;
    let blank = linli_app::components::qr_png("not a sign-in code", 6).unwrap();
    let refused = app.post_multipart("/kiosk/sign-in/photo", &device, &[Part::File("photo", "blank.png", blank)]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("photo-error"));
    let photo = linli_app::components::qr_png(&format!("LINLI-KIOSK:{token}"), 5).unwrap();
    let by_photo = app.post_multipart("/kiosk/sign-in/photo", &device, &[Part::File("photo", "qr.png", photo)]).await;
    assert_eq!((by_photo.status, by_photo.location()), (StatusCode::SEE_OTHER, "/kiosk"), "{}", by_photo.body);

    // Two minutes, then the code is no good.
    let made = app.post("/me/kiosk-code", &phone, &[]).await;
    let (_, late) = made_code(&app, made.location(), &phone).await;
    clock.advance(121);
    assert_eq!(app.post("/kiosk/sign-in", &device, &[("code", &late)]).await.status, StatusCode::UNPROCESSABLE_ENTITY);
}

async fn staff_open_a_terminal_session_for_a_resident_with_neither(store: SharedStore) {
    let (app, _) = app_at(store, linli_app::time::now_unix());
    let (_, admin) = app.account("13600000811", 811, "admin", None, None).await;
    let (elder, _) = app.account("13810000811", 812, "resident", None, Some("cy-xfl")).await;
    let (staff_id, staff) = app.account("13910000811", 813, "staff", None, Some("cy-xfl")).await;
    let (_, elsewhere) = app.account("13910000812", 814, "staff", None, Some("cy-ch")).await;
    let here = paired(&app, &admin, "cy-xfl", "幸福里 3 号机").await;
    let there = paired(&app, &admin, "cy-ch", "长虹 1 号机").await;

    let page = format!("/work/kiosk-code?for={elder}");
    assert_eq!(app.get(&page, &elsewhere).await.status, StatusCode::NOT_FOUND, "another community's resident");
    assert_eq!(app.post("/work/kiosk-code", &elsewhere, &[("for", &elder.to_string())]).await.status, StatusCode::NOT_FOUND);
    let asked = app.get(&page, &staff).await;
    assert!(asked.body.contains("consent-confirmed"), "staff are asked for the agreement: {}", asked.status);
    let no_consent = app.post("/work/kiosk-code", &staff, &[("for", &elder.to_string())]).await;
    assert_eq!(no_consent.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_consent.body.contains("consent-error"), "the agreement is asked beside its field: {}", no_consent.body);
    let made = app.post("/work/kiosk-code", &staff, &[("for", &elder.to_string()), ("consent", "in_person"), ("consent_confirmed", "1")]).await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let (_, digits) = made_code(&app, made.location(), &staff).await;
    let audit = app.store.audit_for_subject(elder, 10).await.unwrap();
    assert!(audit.iter().any(|a| a.action == "kiosk_code_made_for" && a.actor_id == Some(staff_id) && a.detail.contains("当面同意")));
    assert!(app.store.inbox(elder, 5).await.unwrap().iter().any(|n| n.kind == "kiosk_code"), "the resident is told");

    assert_eq!(app.post("/kiosk/sign-in", &there, &[("code", &digits)]).await.status, StatusCode::UNPROCESSABLE_ENTITY,
        "only the staff's community's terminals");
    let signed = app.post("/kiosk/sign-in", &here, &[("code", &digits)]).await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER, "{}", signed.body);
    let audit = app.store.audit_for_subject(elder, 10).await.unwrap();
    assert!(audit.iter().any(|a| a.action == "kiosk_signed_in_by_code" && a.actor_id == Some(staff_id)), "staff's part is on record");
}

async fn a_document_photographed_on_the_phone_reaches_the_terminals_form(store: SharedStore) {
    let (app, _) = app_at(store, linli_app::time::now_unix());
    let (_, admin) = app.account("13600000821", 821, "admin", None, None).await;
    let (resident, phone) = app.account("13810000821", 822, "resident", None, Some("cy-xfl")).await;
    let device = paired(&app, &admin, "cy-xfl", "幸福里 4 号机").await;
    let made = app.post("/me/kiosk-code", &phone, &[]).await;
    let (_, digits) = made_code(&app, made.location(), &phone).await;
    let there = format!("{device}; {}", signed_in_as(&app.post("/kiosk/sign-in", &device, &[("code", &digits)]).await));

    let form = app.get("/services/RS003/apply", &there).await.body;
    assert!(form.contains("capture=\"environment\""), "the terminal's camera opens for a material");
    let at = form.find("name=\"kind\" value=\"").expect("a phone-photo button per material") + "name=\"kind\" value=\"".len();
    let kind: String = form[at..].chars().take_while(|c| *c != '"').collect();
    assert_eq!(app.post("/kiosk/photo", &phone, &[("kind", &kind), ("back", "/services/RS003/apply")]).await.status, StatusCode::NOT_FOUND,
        "only a terminal hands a photo over");
    let handed = app.post("/kiosk/photo", &there, &[("kind", &kind), ("back", "/services/RS003/apply")]).await;
    assert_eq!(handed.status, StatusCode::SEE_OTHER);
    let token: String = handed.location().split("t=").nth(1).unwrap().chars().take_while(|c| *c != '&').collect();
    let qr = app.get(handed.location(), &there).await.body;
    assert!(qr.contains("<svg") && qr.contains("href=\"/services/RS003/apply\""), "the QR, and the way back to the form");
    assert_eq!(app.get(handed.location(), &device).await.status, StatusCode::NOT_FOUND, "only for whoever made it");

    // The phone, signed in or not, sends photos; they land in the wallet under the material.
    assert_eq!(app.get(&format!("/h/p/{token}"), "").await.status, StatusCode::OK);
    let empty = app.post_multipart(&format!("/h/p/{token}"), "", &[Part::Text("x", "y")]).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    let photo = linli_app::components::qr_png("an identity card, say", 8).unwrap();
    let sent = app.post_multipart(&format!("/h/p/{token}"), "", &[Part::File("photo", "id.png", photo.clone())]).await;
    assert_eq!((sent.status, sent.location()), (StatusCode::SEE_OTHER, "/h/photo-received"), "{}", sent.body);
    let wallet = app.store.wallet(resident).await.unwrap();
    assert_eq!(wallet.iter().filter(|f| f.kind == kind).count(), 1);
    assert_eq!(app.post_multipart(&format!("/h/p/{token}"), "", &[Part::File("photo", "id.png", photo)]).await.status, StatusCode::NOT_FOUND,
        "one upload per QR");
    let back = app.get("/services/RS003/apply", &there).await.body;
    assert!(back.contains(&format!("name=\"w_{kind}\"")), "the terminal's form offers the photo");

    // Every post at the terminal is on record with its name, whoever was signed in.
    let audit = app.store.audit_for_subject(resident, 30).await.unwrap();
    assert!(audit.iter().any(|a| a.action == "kiosk_action" && a.detail == "POST /kiosk/photo" && a.user_agent.contains("4 号机")));
    assert!(audit.iter().any(|a| a.action == "wallet_photos_from_phone"));
}

linli_app::on_both_engines!(
    a_terminal_signs_residents_in_by_code_or_qr_photo,
    staff_open_a_terminal_session_for_a_resident_with_neither,
    a_document_photographed_on_the_phone_reaches_the_terminals_form
);

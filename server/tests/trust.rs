//! Identity and abuse: registration proves the phone with a one-time code, wrong passwords slow
//! down and then ask for a code (never lock), a password is reset with a code, and anonymous
//! clients meet per-address limits. On both engines.
use crate::common;

use axum::http::{header, StatusCode};
use common::*;
use linli_app::storage::SharedStore;

const START: i64 = 1_780_000_000;

async fn registration_proves_the_phone_before_anything_is_said(store: SharedStore) {
    let (app, clock) = app_at(store.clone(), START);
    let building = store.buildings().await.unwrap()[0].id.to_string();
    let id = id_number(31);
    let form = |phone: &str, code: &str, id: &str| -> Vec<(String, String)> {
        [("name", "林晓"), ("phone", phone), ("code", code), ("id_number", id), ("password", "linli2026"),
         ("password2", "linli2026"), ("building", building.as_str()), ("consent", "yes")]
            .iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    };
    let post = |fields: Vec<(String, String)>| {
        let app = &app;
        async move {
            let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            app.post("/register", "", &pairs).await
        }
    };

    // Without a code nothing is stored, whatever else is right.
    let r = post(form("13600003131", "", &id)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"code-error\"") && r.body.contains("此项必填"));
    assert!(store.user_by_phone("13600003131").await.unwrap().is_none());

    let sent = app.post("/register", "", &[("phone", "13600003131"), ("send_code", "1")]).await;
    assert_eq!(sent.status, StatusCode::OK);
    assert!(sent.body.contains("验证码已发送至 136****3131"), "{}", &sent.body[..2000.min(sent.body.len())]);
    assert!(sent.body.contains("name=\"code\""), "step two asks for the code");
    let code = app.latest_code("13600003131").await.unwrap();
    let queued = store.outbox(5).await.unwrap();
    assert_eq!((queued[0].kind.as_str(), queued[0].user_id), ("code", None));
    let phone_key = linli_app::secrets::Keyring::from_bytes([7; 32]).phone_key("13600003131");
    let stored = store.live_code(&phone_key, linli_app::storage::CodePurpose::Register, START).await.unwrap().unwrap();
    assert!(!stored.code_hash.contains(&code), "the code is stored only as a keyed hash");

    let wrong = if code == "000000" { "111111" } else { "000000" };
    let r = post(form("13600003131", wrong, &id)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("验证码不正确，还可再试 4 次"));
    let resend = app.post("/register", "", &[("phone", "13600003131"), ("send_code", "1"), ("code_step", "1")]).await;
    assert_eq!(resend.status, StatusCode::TOO_MANY_REQUESTS, "one code a minute per phone");
    assert!(resend.headers.contains_key(header::RETRY_AFTER) && resend.body.contains("秒后再试"));

    let r = post(form("13600003131", &code, &id)).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/me?welcome=1"));
    assert!(store.user_by_phone("13600003131").await.unwrap().unwrap().phone_verified_at.is_some());
    let again = post(form("13600003131", &code, &id_number(32))).await;
    assert!(again.body.contains("验证码已失效"), "a code works once");

    // Only someone who proved the phone learns that it is registered.
    clock.advance(61);
    app.post("/register", "", &[("phone", "13600003131"), ("send_code", "1")]).await;
    let code = app.latest_code("13600003131").await.unwrap();
    let r = post(form("13600003131", &code, &id_number(32))).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("您已证明是号码的主人"));
    // An ID number someone else holds: the account opens with the number only claimed, for the
    // community to settle with the card (see disputes.rs).
    app.post("/register", "", &[("phone", "13600003232"), ("send_code", "1")]).await;
    let code = app.latest_code("13600003232").await.unwrap();
    let r = post(form("13600003232", &code, &id)).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/me?welcome=1&claim=1"));
    let claimant = store.user_by_phone("13600003232").await.unwrap().unwrap();
    assert!(claimant.id_claim_key.is_some() && claimant.id_number != id);
}

async fn codes_live_five_minutes_and_allow_five_tries(store: SharedStore) {
    let (app, clock) = app_at(store.clone(), START);
    let reset = |code: String| {
        let app = &app;
        async move {
            app.post("/reset", "", &[("phone", "13600004141"), ("code", &code), ("password", "newpass2026"), ("password2", "newpass2026")]).await
        }
    };
    app.account("13600004141", 41, "resident", None, Some("cy-xfl")).await;
    app.post("/reset", "", &[("phone", "13600004141"), ("send_code", "1")]).await;
    let code = app.latest_code("13600004141").await.unwrap();
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for left in (1..=4).rev() {
        let r = reset(wrong.into()).await;
        assert!(r.body.contains(&format!("还可再试 {left} 次")), "{left}");
    }
    assert!(reset(wrong.into()).await.body.contains("验证码已失效"), "the fifth wrong try ends the code");
    assert!(reset(code).await.body.contains("验证码已失效"), "even the right code, after five wrong ones");

    clock.advance(61);
    app.post("/reset", "", &[("phone", "13600004141"), ("send_code", "1")]).await;
    let code = app.latest_code("13600004141").await.unwrap();
    clock.advance(301);
    assert!(reset(code).await.body.contains("验证码已失效"), "five minutes, then gone");
    // Five codes an hour per phone, whoever asks.
    for _ in 0..3 {
        clock.advance(61);
        assert_eq!(app.post("/reset", "", &[("phone", "13600004141"), ("send_code", "1")]).await.status, StatusCode::OK);
    }
    clock.advance(61);
    let sixth = app.post("/reset", "", &[("phone", "13600004141"), ("send_code", "1")]).await;
    assert_eq!(sixth.status, StatusCode::TOO_MANY_REQUESTS);
}

async fn wrong_passwords_slow_down_then_ask_for_a_code_and_never_lock(store: SharedStore) {
    let (app, clock) = app_at(store.clone(), START);
    app.account("13600005151", 51, "resident", None, Some("cy-xfl")).await;
    let attempt = |from: &'static str, phone: &'static str, password: &'static str, code: String| {
        let app = &app;
        async move { app.post_from(from, "/login", "", &[("phone", phone), ("password", password), ("code", &code), ("next", "/me")]).await }
    };
    for n in 1..=3 {
        let r = attempt("203.0.113.9", "13600005151", "wrong-pass1", String::new()).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "failure {n}");
        assert!(r.body.contains("手机号或密码不正确"));
    }
    let hurried = attempt("203.0.113.9", "13600005151", "wrong-pass1", String::new()).await;
    assert_eq!(hurried.status, StatusCode::TOO_MANY_REQUESTS, "the third failure makes this address wait");
    assert_eq!(hurried.headers[header::RETRY_AFTER], "2");
    clock.advance(2);
    assert_eq!(attempt("203.0.113.9", "13600005151", "wrong-pass1", String::new()).await.status, StatusCode::UNAUTHORIZED);
    clock.advance(4);
    let fifth = attempt("203.0.113.9", "13600005151", "wrong-pass1", String::new()).await;
    assert_eq!(fifth.status, StatusCode::UNAUTHORIZED);
    assert!(fifth.body.contains("name=\"code\""), "from now on a code is asked for");
    let owner = store.user_by_phone("13600005151").await.unwrap().unwrap();
    let told = store.outbox(20).await.unwrap();
    assert!(told.iter().any(|m| m.kind == "security" && m.user_id == Some(owner.id) && m.body.contains("5 次密码错误")), "the owner is told by SMS");
    assert!(store.audit_for_subject(owner.id, 20).await.unwrap().iter().any(|a| a.action == "sign_in_code_required"));

    // The owner, elsewhere, is not slowed down and not locked out: the code reaches them.
    let no_code = attempt("198.51.100.7", "13600005151", "linli2026", String::new()).await;
    assert_eq!(no_code.status, StatusCode::UNAUTHORIZED);
    assert!(no_code.body.contains("短信验证码") && !no_code.headers.contains_key(header::SET_COOKIE));
    let sent = app.post_from("198.51.100.7", "/login", "", &[("phone", "13600005151"), ("send_code", "1")]).await;
    assert_eq!(sent.status, StatusCode::OK);
    let code = app.latest_code("13600005151").await.unwrap();
    let r = attempt("198.51.100.7", "13600005151", "linli2026", code).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/me"));
    assert!(store.sign_in_failures(&linli_app::secrets::Keyring::from_bytes([7; 32]).phone_key("13600005151"), 0).await.unwrap().is_empty());

    // An unknown phone is counted and answered exactly the same way.
    for _ in 0..3 {
        attempt("203.0.113.10", "13600005959", "wrong-pass1", String::new()).await;
    }
    clock.advance(2);
    attempt("203.0.113.10", "13600005959", "wrong-pass1", String::new()).await;
    clock.advance(4);
    let unknown = attempt("203.0.113.10", "13600005959", "wrong-pass1", String::new()).await;
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    assert!(unknown.body.contains("name=\"code\""));
    let asked = attempt("198.51.100.8", "13600005959", "linli2026", String::new()).await;
    assert_eq!(asked.status, no_code.status);
    assert!(asked.body.contains("请同时输入发送到此手机号的短信验证码"));
}

async fn a_reset_password_ends_every_session_and_the_owner_is_told(store: SharedStore) {
    let (app, clock) = app_at(store.clone(), START);
    let (id, cookies) = app.account("13600006161", 61, "resident", None, Some("cy-xfl")).await;
    assert_eq!(app.get("/me", &cookies).await.status, StatusCode::OK);
    let sent = app.post("/reset", "", &[("phone", "13600006161"), ("send_code", "1")]).await;
    let unknown = app.post("/reset", "", &[("phone", "13600006969"), ("send_code", "1")]).await;
    assert_eq!((sent.status, unknown.status), (StatusCode::OK, StatusCode::OK));
    assert!(sent.body.contains("验证码已发送至 136****6161") && unknown.body.contains("验证码已发送至 136****6969"), "the same answer");
    assert!(app.latest_code("13600006969").await.is_none(), "nothing goes to a phone with no account");
    let code = app.latest_code("13600006161").await.unwrap();
    let weak = app.post("/reset", "", &[("phone", "13600006161"), ("code", &code), ("password", "short"), ("password2", "short")]).await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY, "the code is not spent on a refused form");
    let r = app.post("/reset", "", &[("phone", "13600006161"), ("code", &code), ("password", "newpass2026"), ("password2", "newpass2026")]).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/login?reset=1"));
    assert_eq!(app.get("/me", &cookies).await.status, StatusCode::FOUND, "the old session ended");
    assert_eq!(app.sign_in("13600006161", "linli2026").await.status, StatusCode::UNAUTHORIZED);
    clock.advance(1);
    assert_eq!(app.sign_in("13600006161", "newpass2026").await.status, StatusCode::SEE_OTHER);
    let outbox = store.outbox(20).await.unwrap();
    assert!(outbox.iter().any(|m| m.kind == "security" && m.user_id == Some(id) && m.body.contains("密码已修改")));
    assert!(store.audit_for_subject(id, 20).await.unwrap().iter().any(|a| a.action == "password_reset"));
}

async fn anonymous_clients_meet_per_address_limits(store: SharedStore) {
    let app = app(store.clone());
    // Registration: a burst of 20 from one address, then a wait, told beside the field.
    for _ in 0..20 {
        assert_eq!(app.post_from("192.0.2.1", "/register", "", &[("phone", "1")]).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let r = app.post_from("192.0.2.1", "/register", "", &[("phone", "1")]).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = r.headers[header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
    assert!((1..=31).contains(&wait));
    assert!(r.body.contains(&format!("请 {wait} 秒后再试")) && r.body.contains("<form"), "the page, with the wait beside the field");
    assert_eq!(app.post_from("192.0.2.2", "/register", "", &[("phone", "1")]).await.status, StatusCode::UNPROCESSABLE_ENTITY,
        "another address is not held up");

    // Sign-ins: 30 at once from one address.
    for _ in 0..30 {
        assert_eq!(app.post_from("192.0.2.5", "/login", "", &[("phone", "1")]).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let r = app.post_from("192.0.2.5", "/login", "", &[("phone", "1")]).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.body.contains("id=\"password-error\"") && r.body.contains("秒后再试"));

    // Searches: 300 at once, then one every 100 ms.
    let search = |n: usize| {
        let app = &app;
        async move {
            let mut req = axum::http::Request::get(format!("/healthz?q=x{n}")).body(axum::body::Body::empty()).unwrap();
            req.extensions_mut().insert(axum::extract::ConnectInfo(std::net::SocketAddr::from(([192, 0, 2, 3], 1))));
            app.send(req).await
        }
    };
    // (The bucket refills while the test runs, so count how many pass before the first wait.)
    let mut passed = 0;
    let held = loop {
        let r = search(passed).await;
        if r.status != StatusCode::OK || passed > 1_000 {
            break r;
        }
        passed += 1;
    };
    assert_eq!(held.status, StatusCode::TOO_MANY_REQUESTS, "after {passed}");
    assert!(passed >= 300, "a burst of 300 passes, not {passed}");
    assert!(held.body.contains("Too many requests") && held.headers.contains_key(header::RETRY_AFTER));

    // Open311 posts get their answer as an error document.
    let mut last = None;
    for _ in 0..31 {
        last = Some(app.post_from("192.0.2.4", "/open311/v2/requests.json", "", &[("service_code", "x")]).await);
    }
    let last = last.unwrap();
    assert_eq!(last.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(last.body.contains("\"code\":429") && last.headers.contains_key(header::RETRY_AFTER), "{}", last.body);
}

async fn officers_sign_in_with_a_second_factor_and_go_idle(store: SharedStore) {
    use linli_app::accounts::second_factor::{code_for_step, step_at};
    let (app, clock) = app_at(store.clone(), START);
    linli_app::accounts::operator::add_user(&*store, &linli_app::accounts::operator::UserSpec {
        phone: "13700007171".into(), password: "linli2026".into(), name: "钱经办".into(), id_number: id_number(71),
        role: "officer".into(), department: Some("rs".into()), community: None, building_id: None, identity_checked: true,
    }).await.unwrap();
    let password = app.post("/login", "", &[("phone", "13700007171"), ("password", "linli2026"), ("next", "/work")]).await;
    assert_eq!((password.status, password.location()), (StatusCode::SEE_OTHER, "/login/totp?next=/work"));
    let waiting = password.cookies();
    assert_eq!(app.get("/work", &waiting).await.status, StatusCode::UNAUTHORIZED, "the password alone opens nothing");
    let enrol = app.get("/login/totp", &waiting).await;
    assert_eq!(enrol.status, StatusCode::OK);
    let officer = store.user_by_phone("13700007171").await.unwrap().unwrap();
    let secret = officer.totp_secret.clone().expect("a secret made at the first sign-in");
    assert!(enrol.body.contains(&secret[..4]) && enrol.body.contains("<svg"), "the secret as text and as a QR code");
    assert!(officer.totp_enabled_at.is_none());

    let here = step_at(START);
    let stale = code_for_step(&secret, here - 3).unwrap();
    let wrong = app.post("/login/totp", &waiting, &[("code", &stale), ("next", "/work")]).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(wrong.body.contains("动态验证码不正确"));
    let code = code_for_step(&secret, here).unwrap();
    let ok = app.post("/login/totp", &waiting, &[("code", &code), ("next", "/work")]).await;
    assert_eq!((ok.status, ok.location()), (StatusCode::SEE_OTHER, "/work"));
    let cookies = ok.cookies();
    assert_ne!(cookies, waiting, "a new token once the second factor is passed");
    assert_eq!(app.get("/work", &cookies).await.status, StatusCode::OK);
    assert_eq!(app.get("/work", &waiting).await.status, StatusCode::UNAUTHORIZED, "the waiting token is gone");
    assert!(store.user_by_phone("13700007171").await.unwrap().unwrap().totp_enabled_at.is_some());
    assert!(store.audit_for_subject(officer.id, 10).await.unwrap().iter().any(|a| a.action == "second_factor_enrolled"));

    // A code works once.
    let again = app.post("/login", "", &[("phone", "13700007171"), ("password", "linli2026"), ("next", "/work")]).await;
    let replay = app.post("/login/totp", &again.cookies(), &[("code", &code), ("next", "/work")]).await;
    assert_eq!(replay.status, StatusCode::UNAUTHORIZED);
    assert!(replay.body.contains("刚刚已用过"));
    let enrolled = app.get("/login/totp", &again.cookies()).await;
    assert!(!enrolled.body.contains(&secret[..8]), "the secret is shown only while enrolling");

    // Fifteen quiet minutes end an officer's session; a resident's lasts.
    let (_, resident) = app.account("13600007272", 72, "resident", None, Some("cy-xfl")).await;
    clock.advance(14 * 60);
    assert_eq!(app.get("/work", &cookies).await.status, StatusCode::OK, "in use: kept");
    clock.advance(15 * 60 + 1);
    assert_eq!(app.get("/work", &cookies).await.status, StatusCode::UNAUTHORIZED, "idle: signed out");
    assert_eq!(app.get("/me", &resident).await.status, StatusCode::OK);
}

async fn owners_see_their_devices_and_sign_them_out(store: SharedStore) {
    let (app, _clock) = app_at(store.clone(), START);
    let (id, phone) = app.account("13600008181", 81, "resident", None, Some("cy-xfl")).await;
    let laptop = app.sign_in("13600008181", "linli2026").await.cookies();
    let page = app.get("/me/security", &phone).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.body.matches("class=\"device\"").count(), 2);
    assert!(page.body.contains("本设备"));
    let other = store.sessions_of(id, START).await.unwrap().into_iter().map(|s| s.token_hash)
        .find(|h| !laptop.contains(h.as_str())).unwrap();
    let stranger = app.account("13600008282", 82, "resident", None, Some("cy-xfl")).await.1;
    assert_eq!(app.post("/me/security/sessions/end", &stranger, &[("id", &other)]).await.status, StatusCode::NOT_FOUND,
        "nobody ends another person's session");
    assert_eq!(app.post("/me/security/sessions/end-others", &phone, &[]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.get("/me", &laptop).await.status, StatusCode::FOUND, "the laptop was signed out");
    assert_eq!(app.get("/me", &phone).await.status, StatusCode::OK, "this device stays");

    let wrong = app.post("/me/security/password", &phone, &[("current", "nope12345"), ("password", "newpass2026"), ("password2", "newpass2026")]).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(wrong.body.contains("当前密码不正确"));
    let changed = app.post("/me/security/password", &phone, &[("current", "linli2026"), ("password", "newpass2026"), ("password2", "newpass2026")]).await;
    assert_eq!((changed.status, changed.location()), (StatusCode::SEE_OTHER, "/me/security?changed=1"));
    assert_eq!(app.get("/me", &phone).await.status, StatusCode::FOUND, "the old token ended with the old password");
    assert_eq!(app.get("/me/security?changed=1", &changed.cookies()).await.status, StatusCode::OK, "this device got a new one");
    assert!(store.outbox(10).await.unwrap().iter().any(|m| m.kind == "security" && m.user_id == Some(id)));
}

async fn audit_rows_name_the_address_and_browser(store: SharedStore) {
    let app = app(store.clone());
    let (id, _) = app.account("13600009191", 91, "resident", None, Some("cy-xfl")).await;
    let r = app.post_from("198.51.100.23", "/login", "", &[("phone", "13600009191"), ("password", "linli2026"), ("next", "/me")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let row = store.audit_for_subject(id, 5).await.unwrap().into_iter().find(|a| a.action == "sign_in").unwrap();
    assert_eq!(row.addr, "198.51.100.23");

    // A look written while a page renders (in a task of its own) carries its origin too.
    let (admin_id, admin) = app.account("13600009292", 92, "admin", None, None).await;
    let mut req = axum::http::Request::get("/admin/outbox")
        .header(header::HOST, "linli.test")
        .header(header::COOKIE, admin)
        .header(header::USER_AGENT, "Mozilla/5.0 (Linux; Android 12) MicroMessenger/8.0")
        .body(axum::body::Body::empty())
        .unwrap();
    req.extensions_mut().insert(axum::extract::ConnectInfo(std::net::SocketAddr::from(([203, 0, 113, 77], 5000))));
    assert_eq!(app.send(req).await.status, StatusCode::OK);
    let viewed: Vec<(String, String)> = store.audit_by_actor(admin_id, 20).await.unwrap().into_iter()
        .filter(|a| a.action == "outbox_viewed").map(|a| (a.addr, a.user_agent)).collect();
    assert!(viewed.iter().any(|(addr, ua)| addr == "203.0.113.77" && ua.contains("MicroMessenger")), "{viewed:?}");
}

async fn retention_runs_as_the_admin_page_says(store: SharedStore) {
    use linli_app::storage::{CodePurpose, DeliveryRecord, NewMessage};
    const DAY: i64 = 86_400;
    let (app, _clock) = app_at(store.clone(), START);
    let message = |kind: &'static str, body: &str| NewMessage {
        user_id: None, kind, channel: "sms", recipient: "13600001010".into(), body: body.into(),
    };
    let sent = |at: i64| DeliveryRecord { status: "sent", sender: "log".into(), at, gateway_ref: None, error: None, next_attempt_at: None };
    let old_code = store.queue_message(&message("code", "验证码 123456"), START - 2 * DAY).await.unwrap();
    store.record_delivery(old_code, &sent(START - 2 * DAY)).await.unwrap();
    let new_code = store.queue_message(&message("code", "验证码 654321"), START - 60).await.unwrap();
    store.record_delivery(new_code, &sent(START - 60)).await.unwrap();
    let notice = store.queue_message(&message("notice", "您的申请已受理"), START - 10 * DAY).await.unwrap();
    store.record_delivery(notice, &sent(START - 10 * DAY)).await.unwrap();
    store.issue_code("pk", CodePurpose::Register, "h", START - 3 * DAY, START - 3 * DAY + 300, None).await.unwrap();

    let report = linli_app::privacy::retention::run_once(&*store, START).await.unwrap();
    let body = |id: i64| {
        let store = store.clone();
        async move { store.outbox(10).await.unwrap().into_iter().find(|m| m.id == id).unwrap() }
    };
    let cleared = body(old_code).await;
    assert_eq!((cleared.body.as_str(), cleared.recipient.as_str()), ("", ""), "a day-old code message keeps no text or number");
    assert_eq!(body(new_code).await.body, "验证码 654321");
    assert_eq!(body(notice).await.body, "您的申请已受理", "notices are kept 180 days");
    assert_eq!(store.codes_issued_since("pk", CodePurpose::Register, 0).await.unwrap().0, 0);
    assert!(report.removed.iter().any(|(_, n)| *n >= 1));

    let (_, admin) = app.account("13600001111", 11, "admin", None, None).await;
    let page = app.get("/admin/retention", &admin).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("个人信息保存期限") && page.body.contains("1095 天") && page.body.contains("网络安全法"));
    let (_, resident) = app.account("13600001212", 12, "resident", None, Some("cy-xfl")).await;
    assert!(!app.get("/admin/retention", &resident).await.body.contains("1095 天"), "admins only");
}

async fn materials_are_sealed_on_disk_and_served_whole(store: SharedStore) {
    use sha2::Digest;
    let app = app(store.clone());
    let (resident_id, resident) = app.account("13600001313", 13, "resident", None, Some("cy-xfl")).await;
    let ref_no = ref_of(&apply_rs003(&app, &resident, &[]).await);
    let row = store.application_by_ref(&ref_no).await.unwrap().unwrap();
    assert_eq!(row.applicant_id, resident_id);
    for f in store.attached_files(row.id).await.unwrap() {
        let on_disk = std::fs::read(app.data_dir.join("files").join(&f.file.stored_name)).unwrap();
        assert!(on_disk.starts_with(b"LNE1"), "sealed");
        let disk_sha: String = sha2::Sha256::digest(&on_disk).iter().map(|b| format!("{b:02x}")).collect();
        assert_ne!(disk_sha, f.file.sha256, "the disk holds no copy of the material");
        let served = app.get_bytes(&format!("/files/{}", f.file.id), &resident).await;
        let served_sha: String = sha2::Sha256::digest(&served).iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(served_sha, f.file.sha256, "served exactly as uploaded");
        // Moved under another file's name, it does not open.
        let thumb = f.file.thumb_name.clone().expect("photos have thumbnails");
        std::fs::write(app.data_dir.join("files").join(&thumb), &on_disk).unwrap();
        let swapped = app.get(&format!("/files/{}/thumb", f.file.id), &resident).await;
        assert_eq!(swapped.status, StatusCode::INTERNAL_SERVER_ERROR);
    }
}

linli_app::on_both_engines!(
    materials_are_sealed_on_disk_and_served_whole,
    retention_runs_as_the_admin_page_says,
    audit_rows_name_the_address_and_browser,
    officers_sign_in_with_a_second_factor_and_go_idle,
    owners_see_their_devices_and_sign_them_out,
    registration_proves_the_phone_before_anything_is_said,
    codes_live_five_minutes_and_allow_five_tries,
    wrong_passwords_slow_down_then_ask_for_a_code_and_never_lock,
    a_reset_password_ends_every_session_and_the_owner_is_told,
    anonymous_clients_meet_per_address_limits,
);

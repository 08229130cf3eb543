//! The HTTP surface, driven through the router with `oneshot`, on SQLite and on PostgreSQL.
use crate::common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::*;
use linli_app::storage::SharedStore;

async fn health_says_the_database_answers(store: SharedStore) {
    let app = app(store);
    let r = app.get("/healthz", "").await;
    assert_eq!(r.status, StatusCode::OK);
    let json: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(json["database"], "ok");
}

async fn pages_carry_security_headers_and_a_nonce_policy(store: SharedStore) {
    let app = app(store);
    let r = app.get("/", "").await;
    assert_eq!(r.status, StatusCode::OK);
    let csp = r.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(csp.contains("frame-ancestors 'none'") && csp.contains("'nonce-"), "{csp}");
    let nonce = csp.split("'nonce-").nth(1).unwrap().split('\'').next().unwrap();
    assert!(r.body.contains(&format!("nonce=\"{nonce}\"")), "inline scripts carry the nonce");
    assert_eq!(r.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert!(r.headers.contains_key(header::REFERRER_POLICY));
    assert!(r.body.contains("<html lang=\"zh-CN\" class=\"standard\""));
    let h = app.get("/healthz", "").await;
    assert!(h.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap().contains("frame-ancestors 'none'"));
}

async fn responses_are_compressed(store: SharedStore) {
    let app = app(store);
    for (accept, expected) in [("br", "br"), ("gzip", "gzip")] {
        let req = Request::get("/services")
            .header(header::HOST, "linli.test")
            .header(header::ACCEPT_ENCODING, accept)
            .body(Body::empty())
            .unwrap();
        let r = app.send(req).await;
        assert_eq!(r.headers.get(header::CONTENT_ENCODING).map(|v| v.to_str().unwrap()), Some(expected));
    }
}

async fn mode_and_language_switch_by_url_and_are_remembered(store: SharedStore) {
    let app = app(store);
    let r = app.get("/services?mode=elder&lang=en", "").await;
    assert!(r.body.contains("<html lang=\"en\" class=\"elder\""), "rendered large from the first byte");
    let cookies = r.cookies();
    assert!(cookies.contains("linli_mode=elder") && cookies.contains("linli_lang=en"));
    let later = app.get("/", &cookies).await;
    assert!(later.body.contains("class=\"elder\""));
    assert!(!later.body.contains("推广"), "no promotions in 长辈版");
    let back = app.get("/?mode=standard", &cookies).await;
    assert!(back.body.contains("class=\"standard\""));
}

async fn registration_signs_in_and_never_reveals_the_id_number(store: SharedStore) {
    let app = app(store);
    let id = id_number(1);
    let r = app.register("13600001111", &id).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), "/me?welcome=1");
    let set = r.headers.get_all(header::SET_COOKIE).iter().map(|v| v.to_str().unwrap().to_string()).collect::<Vec<_>>();
    let session = set.iter().find(|c| c.starts_with("linli_session=")).expect("session cookie");
    assert!(session.contains("HttpOnly") && session.contains("SameSite=Lax"));
    let me = app.get("/me", &r.cookies()).await;
    assert_eq!(me.status, StatusCode::OK);
    assert!(me.body.contains("林晓"));
    assert!(me.body.contains(&format!("{}{}{}", &id[..1], "*".repeat(16), &id[17..])));
    assert!(!me.body.contains(&id), "full ID number never reaches a browser");
    assert!(!me.body.contains("13600001111"), "phone shown masked");
    // The profile is no endpoint of its own: the page is the only way to it.
    let api = Request::post("/api/accounts/profile")
        .header(header::HOST, "linli.test")
        .header(header::ORIGIN, "http://linli.test")
        .header(header::COOKIE, r.cookies())
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::empty())
        .unwrap();
    let api = app.send(api).await;
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    assert!(!api.body.contains(&id));
}

async fn bad_registrations_get_a_message_beside_the_field_and_store_nothing(store: SharedStore) {
    let app = app(store.clone());
    let id = id_number(2);
    let wrong_check = format!("{}{}", &id[..17], if id.ends_with('0') { '1' } else { '0' });
    let r = app.register("13600002222", &wrong_check).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"id_number-error\"") && r.body.contains("身份证号校验位不正确"));
    assert!(!r.body.contains(&wrong_check), "the ID number typed is not echoed back");
    assert!(store.user_by_phone("13600002222").await.unwrap().is_none());

    let long_name = "长".repeat(31);
    let b = store.buildings().await.unwrap()[0].id.to_string();
    let r = app.post("/register", "", &[
        ("name", &long_name), ("phone", "1360000"), ("id_number", &id), ("password", "short"),
        ("password2", "short"), ("building", &b),
    ]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for expected in ["最多 30 个字符", "请输入 11 位手机号码", "密码至少 8 位", "请阅读并同意个人信息处理规则"] {
        assert!(r.body.contains(expected), "missing {expected}");
    }
    let en = app.post("/register?lang=en", "", &[("name", ""), ("phone", "1")]).await;
    assert_eq!(en.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(en.body.contains("This field is required"));

}

async fn sign_in_and_out(store: SharedStore) {
    let app = app(store);
    app.register("13600006666", &id_number(6)).await;
    let r = app.sign_in("13600006666", "linli2026").await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/me"));
    let cookies = r.cookies();
    assert_eq!(app.get("/me", &cookies).await.status, StatusCode::OK);
    let out = app.post("/logout", &cookies, &[]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    let after = app.get("/me", &cookies).await;
    assert_eq!(after.status, StatusCode::FOUND, "signed-out sessions are gone: back to sign-in");
    assert!(after.location().starts_with("/login"));
    let open_redirect = app.post("/login", "", &[("phone", "13600006666"), ("password", "linli2026"), ("next", "//evil.example")]).await;
    assert_eq!(open_redirect.location(), "/me");
}

/// Who is signed in is held a few seconds (a page and its pictures ask a dozen times): a session
/// ended through this server ends at once; one ended through another server (here: straight in
/// the database) ends within the five seconds of the deployment's clock it was held for.
async fn a_session_ended_elsewhere_ends_here_within_seconds(store: SharedStore) {
    let (app, clock) = app_at(store.clone(), 1_780_000_000);
    app.register("13600006667", &id_number(16)).await;
    let cookies = app.sign_in("13600006667", "linli2026").await.cookies();
    assert_eq!(app.get("/me", &cookies).await.status, StatusCode::OK);
    let user = store.user_by_phone("13600006667").await.unwrap().expect("account");
    assert_eq!(store.end_sessions(user.id, None).await.unwrap(), 2, "another server signs out both (registering signed in too)");
    assert_eq!(app.get("/me", &cookies).await.status, StatusCode::OK, "held for the rest of its five seconds");
    clock.advance(5);
    let after = app.get("/me", &cookies).await;
    assert_eq!(after.status, StatusCode::FOUND, "no longer held: asked again and found ended");
    let again = app.sign_in("13600006667", "linli2026").await.cookies();
    assert_eq!(app.get("/me", &again).await.status, StatusCode::OK);
    assert_eq!(app.post("/logout", &again, &[]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.get("/me", &again).await.status, StatusCode::FOUND, "signed out here: at once, held or not");
}

async fn state_changes_from_another_origin_are_refused(store: SharedStore) {
    let app = app(store.clone());
    let building = store.buildings().await.unwrap()[0].id.to_string();
    let form = serde_urlencoded::to_string([
        ("name", "林晓"), ("phone", "13600007777"), ("id_number", &id_number(7)), ("password", "linli2026"),
        ("password2", "linli2026"), ("building", &building), ("consent", "yes"),
    ]).unwrap();
    for (name, value) in [("origin", "https://evil.example"), ("sec-fetch-site", "cross-site"), ("referer", "https://evil.example/x")] {
        let req = Request::post("/register")
            .header(header::HOST, "linli.test")
            .header(name, value)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form.clone()))
            .unwrap();
        assert_eq!(app.send(req).await.status, StatusCode::FORBIDDEN, "{name}");
    }
    assert!(store.user_by_phone("13600007777").await.unwrap().is_none());
}

async fn catalogue_lists_filters_searches_and_shows_items(store: SharedStore) {
    let app = app(store.clone());
    let total = store.services().await.unwrap().len();
    assert!(total >= 40);
    let all = app.get("/services", "").await;
    assert_eq!(all.status, StatusCode::OK);
    assert!(all.body.contains(&format!("共找到 {total} 项")));
    // Twenty to a page; the pages together list every service once; a page past the end shows the last.
    let pages = total.div_ceil(20);
    let mut seen = std::collections::HashSet::new();
    for page in 1..=pages {
        let body = app.get(&format!("/services?page={page}"), "").await.body;
        let cards = body.matches("class=\"service-card\"").count();
        assert_eq!(cards, if page < pages { 20 } else { total - 20 * (pages - 1) }, "page {page}");
        for code in body.split("href=\"/services/").skip(1).map(|s| s[..5].to_string()) {
            seen.insert(code);
        }
        assert_eq!(body.contains("rel=\"next\""), page < pages);
    }
    assert_eq!(seen.len(), total);
    let past = app.get("/services?page=99", "").await.body;
    assert!(past.contains(&format!("第 {pages} / {pages} 页")));
    for q in ["%E7%A4%BE%E4%BF%9D", "sb", "shebao", "SheBao"] {
        let r = app.get(&format!("/services?q={q}"), "").await;
        assert!(r.body.contains("/services/RS003"), "{q}");
        assert!(!r.body.contains("/services/MZ006"), "{q}");
    }
    let yibao = app.get("/services?q=yb", "").await;
    assert!(yibao.body.contains("/services/YB003"));
    let filtered = app.get("/services?dept=cl&group=disabled", "").await;
    assert!(filtered.body.contains("/services/CL001") && !filtered.body.contains("/services/RS003"));
    let event = app.get("/services?event=birth", "").await;
    assert!(event.body.contains("/services/GA001") && event.body.contains("/services/WJ001"));
    let none = app.get("/services?q=zzzzzz", "").await;
    assert!(none.body.contains("没有找到匹配的事项"));
    let item = app.get("/services/JY001", "").await;
    assert_eq!(item.status, StatusCode::OK);
    for part in ["所需材料", "办理流程", "承诺时限", "20 个工作日", "常见问题", "办理条件", "收费标准"] {
        assert!(item.body.contains(part), "{part}");
    }
    assert_eq!(app.get("/services/NOPE", "").await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/no/such/page", "").await.status, StatusCode::NOT_FOUND);
}

async fn staff_check_identity_only_in_their_own_community(store: SharedStore) {
    let app = app(store.clone());
    linli_server::demo::seed(&*store).await.unwrap();
    // Demo resident 陈静 lives in 幸福里 (the staff's community) at level 1; make one elsewhere.
    let elsewhere = store.buildings().await.unwrap().into_iter().find(|b| b.community_code != "cy-xfl").unwrap();
    let outsider = linli_app::storage::NewUser {
        phone: "13600008888".into(), name: "外社区".into(), id_number: id_number(8),
        password_hash: "x".into(), role: linli_app::prefs::Role::Resident, department_code: None,
        community_code: Some(elsewhere.community_code.clone()), building_id: Some(elsewhere.id), id_claim_key: None,
    };
    let outsider_id = store.create_user(&outsider, 1).await.unwrap();
    let neighbour = store.user_by_phone("13800000003").await.unwrap().unwrap();

    let staff = app.sign_in("13900000001", "linli2026").await.cookies();
    let page = app.get("/staff/residents", &staff).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("陈静") && page.body.contains("王秀英") && !page.body.contains("外社区"));
    // The counter finds a resident by the start of the name or by the phone, a page at a time.
    let by_name = app.get(&format!("/staff/residents?q={}", "%E9%99%88"), &staff).await;
    assert!(by_name.body.contains("陈静") && !by_name.body.contains("王秀英"), "陈…");
    let by_phone = app.get("/staff/residents?q=13800000001", &staff).await;
    assert!(by_phone.body.contains("王秀英") && !by_phone.body.contains("陈静"));
    assert!(!app.get("/staff/residents?q=%25", &staff).await.body.contains("陈静"), "a % is a character, not a wildcard");
    let first = store.find_residents("cy-xfl", &linli_app::storage::ResidentFilter { limit: 1, ..Default::default() }).await.unwrap();
    let second = store.find_residents("cy-xfl", &linli_app::storage::ResidentFilter { limit: 1, offset: 1, ..Default::default() }).await.unwrap();
    assert_eq!((first.len(), second.len()), (1, 1));
    assert_ne!(first[0].id, second[0].id);
    assert!(!page.body.contains(&neighbour.id_number));

    let card = [("id_seen", neighbour.id_number.as_str())];
    let other = app.post(&format!("/staff/residents/{outsider_id}/verify"), &staff, &[("id_seen", &id_number(8))]).await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    // The number typed from the card must be the account's.
    let wrong = app.post(&format!("/staff/residents/{}/verify", neighbour.id), &staff, &[("id_seen", &id_number(9))]).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("与该账号登记的身份证号不一致"), "the problem beside the field");
    assert!(store.user_by_id(neighbour.id).await.unwrap().unwrap().identity_checked_at.is_none());
    let ok = app.post(&format!("/staff/residents/{}/verify", neighbour.id), &staff, &card).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    let checked = store.user_by_id(neighbour.id).await.unwrap().unwrap();
    assert_eq!((checked.identity_checked_at.is_some(), checked.identity_method.as_str()), (true, "in_person"));
    assert!(store.user_by_id(outsider_id).await.unwrap().unwrap().identity_checked_at.is_none());
    let log = store.audit_for_subject(neighbour.id, 5).await.unwrap();
    assert_eq!((log[0].action.as_str(), log[0].detail.as_str()), ("identity_checked", "in_person cy-xfl"));

    let resident = app.sign_in("13800000002", "linli2026").await.cookies();
    let refused = app.post(&format!("/staff/residents/{}/verify", neighbour.id), &resident, &card).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/staff/residents", &resident).await.status, StatusCode::FORBIDDEN);
    let anonymous = app.post(&format!("/staff/residents/{}/verify", neighbour.id), "", &card).await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
    assert!(anonymous.location().starts_with("/login"));
}

async fn admins_keep_the_working_day_calendar(store: SharedStore) {
    let app = app(store.clone());
    linli_server::demo::seed(&*store).await.unwrap();
    let admin = app.sign_in("13600000001", "linli2026").await.cookies();
    let page = app.get("/admin/calendar?year=2026", &admin).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("国庆节调休上班") && page.body.contains("2026-10-10"));

    // What a resident sees: the promised date of a 20-working-day service from today.
    let promised = |body: &str| body.split("承诺最迟 ").nth(1).map(|s| s[..10].to_string()).expect("promised date shown");
    let before = promised(&app.get("/services/JY001", "").await.body);
    let bad = app.post("/admin/calendar", &admin, &[("day", "2026-02-30"), ("kind", "holiday"), ("name", "")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("请输入有效日期") && bad.body.contains("此项必填"));
    // Declare the next working day a holiday: the promise moves one working day later.
    let today = chrono::Utc::now().with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap()).date_naive();
    let calendar = linli_app::calendar::ssr::load(&*store).await.unwrap();
    let next = calendar.deadline(today, 1).to_string();
    let ok = app.post("/admin/calendar", &admin, &[("day", &next), ("kind", "holiday"), ("name", "临时休假")]).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    let after = promised(&app.get("/services/JY001", "").await.body);
    assert!(after > before, "{before} → {after}");
    assert_eq!(app.post(&format!("/admin/calendar/{next}/delete"), &admin, &[]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(promised(&app.get("/services/JY001", "").await.body), before);
    assert_eq!(app.post(&format!("/admin/calendar/{next}/delete"), &admin, &[]).await.status, StatusCode::NOT_FOUND);

    let resident = app.sign_in("13800000002", "linli2026").await.cookies();
    assert_eq!(app.get("/admin/calendar", &resident).await.status, StatusCode::NOT_FOUND);
    let refused = app.post("/admin/calendar", &resident, &[("day", "2026-12-01"), ("kind", "holiday"), ("name", "x")]).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    assert_eq!(app.post("/admin/calendar/2026-10-01/delete", "", &[]).await.status, StatusCode::NOT_FOUND);
    assert!(store.calendar_days().await.unwrap().iter().any(|d| d.day == "2026-10-01"));
}

async fn settings_are_saved_to_the_device_and_the_account(store: SharedStore) {
    let app = app(store.clone());
    app.register("13600001212", &id_number(12)).await;
    let cookies = app.sign_in("13600001212", "linli2026").await.cookies();
    let saved = app.post("/settings", &cookies, &[("mode", "elder"), ("lang", "en")]).await;
    assert_eq!((saved.status, saved.location()), (StatusCode::SEE_OTHER, "/settings?saved=1"));
    assert!(saved.cookies().contains("linli_mode=elder") && saved.cookies().contains("linli_lang=en"));
    let user = store.user_by_phone("13600001212").await.unwrap().unwrap();
    assert_eq!((user.mode.as_str(), user.lang.as_str()), ("elder", "en"));
    // A new device signing in gets the account's choice.
    let fresh = app.sign_in("13600001212", "linli2026").await;
    assert!(fresh.cookies().contains("linli_mode=elder"));
    let page = app.get("/settings?saved=1", &fresh.cookies()).await;
    assert!(page.body.contains("class=\"elder\"") && page.body.contains("Settings saved"));
    let bad = app.post("/settings", &cookies, &[("mode", "huge"), ("lang", "en")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(store.user_by_phone("13600001212").await.unwrap().unwrap().mode, "elder");
}

/// Pages load their data on the server: no server-function endpoint answers from outside, signed
/// in or not, and every response carries a request id to quote (the log lines carry the same).
async fn no_server_function_endpoints_and_every_answer_has_a_request_id(store: SharedStore) {
    let app = app(store);
    let resident = app.account("13810000091", 91, "resident", None, Some("cy-xfl")).await.1;
    for path in ["/api/catalogue/list", "/api/market/list", "/api/market/order", "/api/applications/mine"] {
        for cookie in ["", resident.as_str()] {
            let r = app.post(path, cookie, &[("ref_no", "X")]).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{path} answered {}", r.status);
        }
    }
    let home = app.get("/", "").await;
    let id = home.headers.get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("");
    assert_eq!(id.len(), 16, "a request id: {id:?}");
    assert_ne!(app.get("/", "").await.headers["x-request-id"], home.headers["x-request-id"], "one id per request");
}

/// After sign-in the browser goes back only to a same-site path: `next` values a browser would
/// read as another site (tab or newline inside `//`) go to the account page instead.
async fn sign_in_returns_only_to_same_site_paths(store: SharedStore) {
    let app = app(store);
    app.account("13810000092", 92, "resident", None, Some("cy-xfl")).await;
    for (next, to) in [("/market", "/market"), ("/\t/evil.example", "/me"), ("//evil.example", "/me"), ("/%09/evil.example", "/%09/evil.example")] {
        let r = app.post("/login", "", &[("phone", "13810000092"), ("password", "linli2026"), ("next", next)]).await;
        assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, to), "next={next:?}");
    }
}

linli_app::on_both_engines!(
    no_server_function_endpoints_and_every_answer_has_a_request_id,
    sign_in_returns_only_to_same_site_paths,
    settings_are_saved_to_the_device_and_the_account,
    admins_keep_the_working_day_calendar,
    health_says_the_database_answers,
    pages_carry_security_headers_and_a_nonce_policy,
    responses_are_compressed,
    mode_and_language_switch_by_url_and_are_remembered,
    registration_signs_in_and_never_reveals_the_id_number,
    bad_registrations_get_a_message_beside_the_field_and_store_nothing,
    sign_in_and_out,
    a_session_ended_elsewhere_ends_here_within_seconds,
    state_changes_from_another_origin_are_refused,
    catalogue_lists_filters_searches_and_shows_items,
    staff_check_identity_only_in_their_own_community,
);

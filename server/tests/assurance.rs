//! Assurance levels: L1 residents meet a page that says where to confirm their identity instead
//! of the 社保/低保/户籍 forms and the 亲友代办 form; staff at the counter or the configured
//! identity verifier (a real HTTP one, against a service started here) bring them to L2.
use crate::common;

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::routing::post;
use axum::{Json, Router};
use common::*;
use linli_app::accounts::identity::HttpIdentityVerifier;
use linli_app::storage::SharedStore;
use std::sync::{Arc, Mutex};

async fn a_level_one_resident_is_shown_the_counter_until_staff_confirm_them(store: SharedStore) {
    let app = app(store.clone());
    linli_server::demo::seed(&*store).await.unwrap();
    // Registration proves the phone only: level 1.
    app.register("13600005150", &id_number(50)).await;
    let registered = store.user_by_phone("13600005150").await.unwrap().unwrap();
    assert!(registered.phone_verified_at.is_some() && registered.identity_checked_at.is_none());
    let (_, me) = app.level_one_resident("13600005151", 51, "cy-xfl").await;
    let resident = store.user_by_phone("13600005151").await.unwrap().unwrap();

    // 社保 needs L2: the page names the community counter and its hours instead of the form.
    let gate = app.get("/services/RS003/apply", &me).await;
    assert_eq!(gate.status, StatusCode::OK);
    for part in ["办理本事项需要二级（身份已核验）认证", "幸福里社区", "2 号楼一层", "周一至周五 8:30–12:00", "目前是：一级（手机号已验证）"] {
        assert!(gate.body.contains(part), "{part}");
    }
    assert!(!gate.body.contains("multipart/form-data"), "no form below the level");
    // A post anyway is refused, and nothing is stored.
    let refused = apply_rs003(&app, &me, &[]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.body.contains("未提交：本事项需要二级认证"));
    assert!(store.applications_of(resident.id).await.unwrap().is_empty());
    assert!(app.stored_files().is_empty(), "no file kept from a refused post");
    // An item that needs L1 (高龄津贴) shows its form.
    assert!(app.get("/services/MZ004/apply", &me).await.body.contains("multipart/form-data"));
    // Authorising a relative needs L2 too.
    let family = app.get("/me/family", &me).await;
    assert!(family.body.contains("需要二级") && !family.body.contains("action=\"/me/family\""));
    let grant = app.post("/me/family", &me, &[("name", "林大伟"), ("phone", "13800000002")]).await;
    assert_eq!(grant.status, StatusCode::FORBIDDEN);

    // Staff applying for a level-1 resident meet the same page: the resident must come in.
    let staff = app.sign_in("13900000001", "linli2026").await.cookies();
    let for_her = app.get(&format!("/services/RS003/apply?for={}", resident.id), &staff).await;
    assert!(for_her.body.contains("需要被代办人本人先完成二级认证"), "{}", &for_her.body[..2000.min(for_her.body.len())]);

    // At the counter, with the card.
    let checked = app.post(&format!("/staff/residents/{}/verify", resident.id), &staff, &[("id_seen", &id_number(51))]).await;
    assert_eq!(checked.status, StatusCode::SEE_OTHER);
    assert!(app.get("/services/RS003/apply", &me).await.body.contains("multipart/form-data"));
    assert_eq!(apply_rs003(&app, &me, &[]).await.status, StatusCode::SEE_OTHER);
    let page = app.get("/me/identity", &me).await;
    assert!(page.body.contains("二级（身份已核验）") && page.body.contains("社区窗口核验"));
}

/// What the identity service saw, and its verdicts by ID number.
#[derive(Default)]
struct Registry {
    seen: Vec<(HeaderMap, serde_json::Value)>,
}

type Shared = Arc<Mutex<Registry>>;

/// Answers like a population-register gateway: a match for the one pair it knows, a mismatch for
/// other numbers, 503 for a number ending in 0 (the service is down).
async fn answer(State(reg): State<Shared>, headers: HeaderMap, Json(body): Json<serde_json::Value>) -> (StatusCode, Json<serde_json::Value>) {
    reg.lock().unwrap().seen.push((headers.clone(), body.clone()));
    if headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()) != Some("Bearer registry-token") {
        return (StatusCode::UNAUTHORIZED, Json(serde_json::json!({})));
    }
    let id = body["id_number"].as_str().unwrap_or_default();
    if id.ends_with('0') {
        return (StatusCode::SERVICE_UNAVAILABLE, Json(serde_json::json!({})));
    }
    if id == id_number(52) && body["name"] == person_name(52) {
        return (StatusCode::OK, Json(serde_json::json!({"result": "match", "reference": "GA-2026-0001"})));
    }
    (StatusCode::OK, Json(serde_json::json!({"result": "mismatch"})))
}

async fn start_registry() -> (String, Shared) {
    let reg: Shared = Arc::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/verify", listener.local_addr().unwrap());
    let app = Router::new().route("/verify", post(answer)).with_state(reg.clone());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, reg)
}

/// A resident at L1 with the given serial's name and ID number.
async fn level_one(app: &App, phone: &str, serial: u32) -> String {
    app.level_one_resident(phone, serial, "cy-xfl").await.1
}

async fn the_online_check_asks_the_configured_service(store: SharedStore) {
    // Without a verifier, L2 is in person only: no online form, and its route is not there.
    let plain = app(store.clone());
    let me = level_one(&plain, "13600005252", 52).await;
    let page = plain.get("/me/identity", &me).await;
    assert!(page.body.contains("一级（手机号已验证）") && !page.body.contains("action=\"/me/identity\""));
    assert_eq!(plain.post("/me/identity", &me, &[("consent", "yes")]).await.status, StatusCode::NOT_FOUND);

    let (url, registry) = start_registry().await;
    let verifier = HttpIdentityVerifier::new(&url, Some("registry-token".into())).unwrap();
    let app = app_with(store.clone(), linli_server::ServerConfig { identity_verifier: Some(Arc::new(verifier)), ..config() });
    assert!(app.get("/me/identity", &me).await.body.contains("action=\"/me/identity\""));
    let no_consent = app.post("/me/identity", &me, &[]).await;
    assert_eq!(no_consent.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_consent.body.contains("请先勾选同意"));
    assert!(registry.lock().unwrap().seen.is_empty(), "nothing is sent without consent");

    let matched = app.post("/me/identity", &me, &[("consent", "yes")]).await;
    assert_eq!((matched.status, matched.location()), (StatusCode::SEE_OTHER, "/me/identity?done=1"));
    let user = store.user_by_phone("13600005252").await.unwrap().unwrap();
    assert_eq!((user.identity_checked_at.is_some(), user.identity_method.as_str()), (true, "online"));
    let audit = store.audit_for_subject(user.id, 1).await.unwrap();
    assert_eq!((audit[0].action.as_str(), audit[0].detail.as_str()), ("identity_checked", "online GA-2026-0001"));
    {
        let seen = &registry.lock().unwrap().seen;
        assert_eq!(seen.len(), 1);
        assert_eq!((seen[0].1["name"].as_str(), seen[0].1["id_number"].as_str()), (Some(person_name(52).as_str()), Some(id_number(52).as_str())));
    }

    // Someone whose number the register does not give their name: three tries a day.
    let other = level_one(&app, "13600005353", 53).await;
    for _ in 0..3 {
        let r = app.post("/me/identity", &other, &[("consent", "yes")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("未通过核验"));
    }
    let spent = app.post("/me/identity", &other, &[("consent", "yes")]).await;
    assert_eq!(spent.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(spent.body.contains("今天的在线核验次数已用完"));
    assert_eq!(registry.lock().unwrap().seen.len(), 4, "the fourth try never reached the service");
    assert!(store.user_by_phone("13600005353").await.unwrap().unwrap().identity_checked_at.is_none());

    // The service down: said plainly, nothing recorded.
    let serial = (60..100).find(|s| id_number(*s).ends_with('0')).unwrap();
    let down = level_one(&app, "13600005454", serial).await;
    let r = app.post("/me/identity", &down, &[("consent", "yes")]).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(r.body.contains("核验服务暂时无法使用"));
}

linli_app::on_both_engines!(
    a_level_one_resident_is_shown_the_counter_until_staff_confirm_them,
    the_online_check_asks_the_configured_service,
);

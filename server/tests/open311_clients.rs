//! Open311 as third-party clients use it, one test per thing those clients found: the exact
//! requests they send (no cookie, no Origin), through the router, on both engines.
use crate::common;

use axum::body::Body;
use axum::http::{header, Request};
use common::{app, multipart_body, photo, App, Part, Reply};
use linli_app::storage::SharedStore;
use serde_json::Value;

const KEY: &str = "k-client-0123456789abcdef";

async fn client_app(store: SharedStore) -> App {
    let app = app(store);
    let (admin, _) = app.account("13600007001", 701, "admin", None, None).await;
    app.store.add_api_key("a client", &linli_app::open311::keys::hash(KEY), admin, linli_app::time::now_unix()).await.unwrap();
    app
}

/// A POST as the client makes it: its own content type, no cookie, no Origin.
async fn client_post(app: &App, path: &str, content_type: &str, body: Vec<u8>) -> Reply {
    let req = Request::post(path).header(header::HOST, "linli.test").header(header::CONTENT_TYPE, content_type);
    app.send(req.body(Body::from(body)).unwrap()).await
}

async fn client_get(app: &App, path: &str) -> Value {
    let r = app.send(Request::get(path).header(header::HOST, "linli.test").body(Body::empty()).unwrap()).await;
    assert_eq!(r.status, 200, "{path}: {}", r.body);
    serde_json::from_str(&r.body).unwrap()
}

fn form(pairs: &[(&str, &str)]) -> Vec<u8> {
    serde_urlencoded::to_string(pairs).unwrap().into_bytes()
}

async fn post_form(app: &App, pairs: &[(&str, &str)]) -> Reply {
    client_post(app, "/open311/v2/requests.json", "application/x-www-form-urlencoded", form(pairs)).await
}

fn created_id(r: &Reply) -> String {
    assert_eq!(r.status, 200, "{}", r.body);
    let v: Value = serde_json::from_str(&r.body).unwrap();
    v[0]["service_request_id"].as_str().expect("an id").to_string()
}

fn error_of(r: &Reply) -> (u16, String) {
    let v: Value = serde_json::from_str(&r.body).unwrap_or_else(|e| panic!("not an Open311 error document ({e}): {}", r.body));
    (v[0]["code"].as_u64().unwrap() as u16, v[0]["description"].as_str().unwrap().to_string())
}

fn enc(s: &str) -> String {
    linli_app::components::encode_query(s)
}

async fn end_date_includes_items_at_that_moment(store: SharedStore) {
    let app = client_app(store).await;
    let building = app.store.buildings().await.unwrap()[0].id.to_string();
    let id = created_id(&post_form(&app, &[("api_key", KEY), ("service_code", "report-light"), ("address_id", &building), ("description", "路灯不亮")]).await);
    let item = &client_get(&app, &format!("/open311/v2/requests/{id}.json")).await[0];
    let at = item["requested_datetime"].as_str().unwrap().to_string();
    let start = linli_app::open311::format::w3c(linli_app::open311::format::parse_w3c(&at).unwrap() - 3600);
    let listed = client_get(&app, &format!("/open311/v2/requests.json?start_date={}&end_date={}", enc(&start), enc(&at))).await;
    assert!(listed.as_array().unwrap().iter().any(|r| r["service_request_id"] == id.as_str()), "an item at end_date is kept: {listed}");
    let updates = client_get(&app, &format!("/open311/v2/servicerequestupdates.json?start_date={}&end_date={}", enc(&start), enc(&at))).await;
    assert!(updates.as_array().unwrap().iter().any(|u| u["service_request_id"] == id.as_str()), "so is an update: {updates}");
    let before = linli_app::open311::format::w3c(linli_app::open311::format::parse_w3c(&at).unwrap() - 1);
    let earlier = client_get(&app, &format!("/open311/v2/requests.json?start_date={}&end_date={}", enc(&start), enc(&before))).await;
    assert!(!earlier.as_array().unwrap().iter().any(|r| r["service_request_id"] == id.as_str()), "but not a second before it");
}

async fn an_empty_title_attribute_takes_the_first_line(store: SharedStore) {
    let app = client_app(store).await;
    let building = app.store.buildings().await.unwrap()[0].id.to_string();
    let r = post_form(&app, &[("api_key", KEY), ("service_code", "report-light"), ("address_id", &building),
        ("attribute[title]", ""), ("description", "路灯不亮\r\n\r\n3号楼门口的路灯整晚不亮，已经三天")]).await;
    let id = created_id(&r);
    let stored = app.store.feedback_by_ref(&id).await.unwrap().unwrap();
    assert_eq!((stored.title.as_str(), stored.body.as_str()), ("路灯不亮", "3号楼门口的路灯整晚不亮，已经三天"));
    let item = &client_get(&app, &format!("/open311/v2/requests/{id}.json")).await[0];
    assert_eq!(item["description"], "路灯不亮\n\n3号楼门口的路灯整晚不亮，已经三天", "the title once");
}

async fn a_long_title_is_named_as_sent(store: SharedStore) {
    let app = client_app(store).await;
    let building = app.store.buildings().await.unwrap()[0].id.to_string();
    let long = "路".repeat(61);
    let r = post_form(&app, &[("api_key", KEY), ("service_code", "report-light"), ("address_id", &building), ("attribute[title]", &long), ("description", "x")]).await;
    assert_eq!(r.status, 400);
    let (code, description) = error_of(&r);
    assert_eq!(code, 400);
    assert!(description.starts_with("attribute[title]: "), "{description}");
}

async fn multipart_posts_are_taken_with_their_photos(store: SharedStore) {
    let app = client_app(store).await;
    let building = app.store.buildings().await.unwrap()[0].id.to_string();
    let (content_type, body) = multipart_body(&[
        Part::Text("api_key", KEY), Part::Text("service_code", "report-light"), Part::Text("address_id", &building),
        Part::Text("description", "井盖缺失\r\n\r\n小区东门外的井盖不见了"), Part::File("media", "manhole.jpg", photo(3)),
    ]);
    let id = created_id_xml(&client_post(&app, "/open311/v2/requests.xml", &content_type, body).await);
    let item = &client_get(&app, &format!("/open311/v2/requests/{id}.json")).await[0];
    let media = item["media_url"].as_str().expect("the photo is the media");
    assert!(media.contains(&format!("/feedback/{id}/photos/")), "{media}");
    let f = app.store.feedback_by_ref(&id).await.unwrap().unwrap();
    let photos = app.store.feedback_photos(f.id).await.unwrap();
    assert_eq!(photos.len(), 1);
    assert!(media.ends_with(&format!("/photos/{}", photos[0].id)), "{media}");
    // A file that is no photo is refused in an error document, and nothing is stored.
    let before = app.stored_files().len();
    let (content_type, body) = multipart_body(&[
        Part::Text("api_key", KEY), Part::Text("service_code", "report-light"), Part::Text("address_id", &building),
        Part::Text("description", "x"), Part::File("media", "a.jpg", b"not a photo".to_vec()),
    ]);
    let r = client_post(&app, "/open311/v2/requests.json", &content_type, body).await;
    assert_eq!(error_of(&r).0, 400, "{}", r.body);
    assert!(error_of(&r).1.starts_with("media: "), "{}", r.body);
    assert_eq!(app.stored_files().len(), before);
    // Any other content type: 415, as an error document in the format asked for.
    let r = client_post(&app, "/open311/v2/requests.xml", "application/json", b"{}".to_vec()).await;
    assert_eq!(r.status, 415);
    assert!(r.body.contains("<errors><error><code>415</code>"), "{}", r.body);
}

async fn a_point_without_a_building_reaches_its_community(store: SharedStore) {
    let app = client_app(store).await;
    let buildings = app.store.buildings().await.unwrap();
    let target = buildings.iter().find(|b| b.community_code == "cy-xfl").expect("幸福里's building").clone();
    app.store.set_building_location(target.id, 39.9200, 116.4400).await.unwrap();
    let service = client_get(&app, "/open311/v2/services/report-light.json").await;
    assert_eq!(service["attributes"][1]["code"], "address_id", "address_id is advertised");
    for pairs in [
        vec![("address_id", "#NOTPINPOINTED#"), ("lat", "39.9205"), ("long", "116.4402")],
        vec![("attribute[address_id]", ""), ("lat", "39.9195"), ("long", "116.4398")],
    ] {
        let mut all = vec![("api_key", KEY), ("service_code", "report-light"), ("description", "路面塌陷")];
        all.extend(pairs);
        let id = created_id(&post_form(&app, &all).await);
        let f = app.store.feedback_by_ref(&id).await.unwrap().unwrap();
        assert_eq!(f.community_code.as_deref(), Some("cy-xfl"), "placed by the nearest building");
        assert_eq!(f.building_id, None, "near a building is not at it");
    }
    // The building as an attribute places the report at it.
    let building = target.id.to_string();
    let id = created_id(&post_form(&app, &[("api_key", KEY), ("service_code", "report-light"), ("attribute[address_id]", &building), ("description", "x")]).await);
    assert_eq!(app.store.feedback_by_ref(&id).await.unwrap().unwrap().building_id, Some(target.id));
    // Far from every building: the district bureau, as before.
    let id = created_id(&post_form(&app, &[("api_key", KEY), ("service_code", "report-light"), ("lat", "40.5"), ("long", "117.0"), ("description", "x")]).await);
    assert_eq!(app.store.feedback_by_ref(&id).await.unwrap().unwrap().community_code, None);
}

async fn updates_come_from_the_keys_an_administrator_allows(store: SharedStore) {
    let app = common::app(store);
    let (admin, cookie) = app.account("13600007002", 702, "admin", None, None).await;
    let key_id = app.store.add_api_key("a partner app", &linli_app::open311::keys::hash(KEY), admin, linli_app::time::now_unix()).await.unwrap();
    let building = app.store.buildings().await.unwrap()[0].id.to_string();
    let id = created_id(&post_form(&app, &[("api_key", KEY), ("service_code", "report-light"), ("address_id", &building), ("description", "路灯不亮")]).await);
    let update = |pairs: Vec<(&'static str, String)>| {
        let body = serde_urlencoded::to_string(&pairs).unwrap().into_bytes();
        client_post(&app, "/open311/v2/servicerequestupdates.json", "application/x-www-form-urlencoded", body)
    };
    let good = || vec![("api_key", KEY.to_string()), ("service_request_id", id.clone()), ("status", "OPEN".into()),
                       ("description", "志愿者已在灯下放了警示牌".to_string()), ("first_name", "Lei".into())];
    let r = update(good()).await;
    assert_eq!(error_of(&r), (403, "this api_key may not post updates; ask the administrator who issued it".into()));

    // The administrator allows it on the keys page.
    let allowed = app.post(&format!("/admin/open311/keys/{key_id}/updates"), &cookie, &[("allowed", "1")]).await;
    assert_eq!(allowed.status, axum::http::StatusCode::SEE_OTHER, "{}", allowed.body);
    assert!(app.get("/admin/open311", &cookie).await.body.contains("停止补充进展"));
    let mut missing = good();
    missing.retain(|(k, _)| *k != "description");
    assert_eq!(error_of(&update(missing).await).0, 400);
    let mut unknown = good();
    unknown[1].1 = "FK00000000".into();
    assert_eq!(error_of(&update(unknown).await).0, 404);
    let r = update(good()).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let v: Value = serde_json::from_str(&r.body).unwrap();
    let update_id = v[0]["update_id"].as_str().expect("an update id").to_string();
    let listed = client_get(&app, "/open311/v2/servicerequestupdates.json").await;
    let mine = listed.as_array().unwrap().iter().find(|u| u["update_id"] == update_id.as_str()).expect("the update is public");
    assert_eq!(mine["service_request_id"], id.as_str());
    assert!(mine["description"].as_str().unwrap().ends_with("志愿者已在灯下放了警示牌"), "{mine}");
    assert_eq!(mine["status"], "open", "a client does not close a report");
    assert!(!mine.to_string().contains("Lei"), "nobody's name is published");
}

/// The id in an XML answer.
fn created_id_xml(r: &Reply) -> String {
    assert_eq!(r.status, 200, "{}", r.body);
    r.body.split("<service_request_id>").nth(1).and_then(|rest| rest.split('<').next()).expect("an id in the XML").to_string()
}

linli_app::on_both_engines!(
    end_date_includes_items_at_that_moment,
    an_empty_title_attribute_takes_the_first_line,
    a_long_title_is_named_as_sent,
    multipart_posts_are_taken_with_their_photos,
    a_point_without_a_building_reaches_its_community,
    updates_come_from_the_keys_an_administrator_allows,
);

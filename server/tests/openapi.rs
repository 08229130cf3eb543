//! `/openapi.json` against the router: every documented operation is called, its errors
//! included, and each answer must carry a documented status and content type and a body that
//! fits the documented schema (JSON by the schema itself, XML by the element names it gives).
//! Every documented status below 500 must have been seen, so the document cannot promise what
//! the router never answers. The document's validity as OpenAPI 3.1 is checked by an
//! independent validator in the browser suite (`end2end/tests/openapi.spec.ts`).
use crate::common;
#[path = "support/openapi_check.rs"]
mod openapi_check;

use axum::body::Body;
use axum::http::{header, Request};
use common::{app_with, config, multipart_body, photo, App, Part, Reply};
use linli_app::storage::{DeliveryRecord, NewMessage, SharedStore};
use openapi_check::{Conformance, Exchange};
use serde_json::Value;

const KEY: &str = "k-openapi-0123456789abcdef";
const READ_ONLY_KEY: &str = "k-openapi-readonly-0123456";
const RECEIPT_TOKEN: &str = "receipt-token-openapi";

/// A request from its own address (each limit is per address).
fn request(method: &str, uri: &str, addr: u8) -> axum::http::request::Builder {
    let mut req = Request::builder().method(method).uri(uri).header(header::HOST, "linli.test");
    let peer: std::net::SocketAddr = format!("10.31.0.{addr}:40000").parse().unwrap();
    req.extensions_mut().map(|e| e.insert(axum::extract::ConnectInfo(peer)));
    req
}

struct Client<'a> {
    app: &'a App,
    check: Conformance,
}

impl Client<'_> {
    async fn call(&mut self, method: &str, uri: &str, headers: &[(header::HeaderName, &str)], body: Vec<u8>, addr: u8) -> Reply {
        let mut req = request(method, uri, addr);
        for (name, value) in headers {
            req = req.header(name, *value);
        }
        let reply = self.app.send(req.body(Body::from(body)).unwrap()).await;
        self.check.answer(&Exchange { method, uri, status: reply.status.as_u16(), headers: &reply.headers, body: &reply.body });
        reply
    }

    async fn post(&mut self, uri: &str, content_type: &str, body: Vec<u8>, addr: u8) -> Reply {
        self.call("POST", uri, &[(header::CONTENT_TYPE, content_type)], body, addr).await
    }

    /// A delivery receipt, with the gateway's token or without.
    async fn receipt(&mut self, json: &str, token: Option<&str>) -> Reply {
        let bearer = token.map(|t| format!("Bearer {t}")).unwrap_or_default();
        let mut headers = vec![(header::CONTENT_TYPE, "application/json")];
        if token.is_some() {
            headers.push((header::AUTHORIZATION, bearer.as_str()));
        }
        self.call("POST", "/gateway/receipts", &headers, json.as_bytes().to_vec(), 5).await
    }

    async fn get(&mut self, uri: &str) -> Reply {
        self.call("GET", uri, &[], Vec::new(), 1).await
    }

    async fn form(&mut self, uri: &str, pairs: &[(&str, &str)]) -> Reply {
        let body = serde_urlencoded::to_string(pairs).unwrap().into_bytes();
        self.post(uri, "application/x-www-form-urlencoded", body, 2).await
    }

    async fn multipart(&mut self, uri: &str, parts: &[Part<'_>]) -> Reply {
        let (content_type, body) = multipart_body(parts);
        self.post(uri, &content_type, body, 3).await
    }
}

/// An app with what every operation needs: two keys (one allowed to post updates), a resident
/// with a calendar link, and a text message the gateway has taken.
async fn prepared(store: SharedStore) -> (App, String, String) {
    let app = app_with(store, linli_server::ServerConfig { receipt_token: Some(RECEIPT_TOKEN.into()), ..config() });
    let now = linli_app::time::now_unix();
    let (admin, _) = app.account("13600007301", 731, "admin", None, None).await;
    let key = app.store.add_api_key("openapi", &linli_app::open311::keys::hash(KEY), admin, now).await.unwrap();
    app.store.allow_api_key_updates(key, true, admin, now).await.unwrap();
    app.store.add_api_key("read only", &linli_app::open311::keys::hash(READ_ONLY_KEY), admin, now).await.unwrap();
    let (_, resident) = app.account("13600007302", 732, "resident", None, None).await;
    let made = app.post("/me/calendar/link", &resident, &[]).await;
    let link = made.body.split("/calendar/").filter_map(|rest| rest.split(".ics").next())
        .find(|t| t.len() == 48).expect("a calendar link").to_string();
    let message = NewMessage { user_id: None, kind: "code", channel: "sms", recipient: "13600007303".into(), body: "【邻里】验证码 120934".into() };
    let id = app.store.queue_message(&message, now).await.unwrap();
    let sent = DeliveryRecord { status: "sent", sender: "http".into(), at: now, gateway_ref: Some("gw-openapi-1".into()), error: None, next_attempt_at: None };
    app.store.record_delivery(id, &sent).await.unwrap();
    let building = app.store.buildings().await.unwrap()[0].id.to_string();
    (app, link, building)
}

async fn every_documented_operation_answers_as_documented(store: SharedStore) {
    let (app, link, building) = prepared(store).await;
    let doc = app.send(request("GET", "/openapi.json", 9).body(Body::empty()).unwrap()).await;
    assert_eq!(doc.status, 200);
    let doc: Value = serde_json::from_str(&doc.body).expect("the document is JSON");
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.1")), "OpenAPI 3.1: {}", doc["openapi"]);
    let mut c = Client { app: &app, check: Conformance::new(doc) };

    c.get("/openapi.json").await;
    c.get("/healthz").await;
    for fmt in ["json", "xml"] {
        c.get(&format!("/open311/v2/discovery.{fmt}")).await;
        c.get(&format!("/open311/v2/services.{fmt}")).await;
        c.get(&format!("/open311/v2/services/report-light.{fmt}")).await;
        c.get(&format!("/open311/v2/services/no-such-service.{fmt}")).await;
        let filed = c.form(&format!("/open311/v2/requests.{fmt}"), &[("api_key", KEY), ("service_code", "report-light"),
            ("address_id", &building), ("description", "路灯不亮\r\n\r\n3号楼门口的路灯整晚不亮"), ("lat", "31.2304"), ("long", "121.4737")]).await;
        assert_eq!(filed.status, 200, "{}", filed.body);
        c.get(&format!("/open311/v2/requests.{fmt}")).await;
        c.get(&format!("/open311/v2/requests.{fmt}?status=open,closed&service_code=report-light")).await;
        c.get(&format!("/open311/v2/requests.{fmt}?status=pending")).await;
        c.get(&format!("/open311/v2/requests.{fmt}?start_date=2026-01-01&end_date=2026-12-31")).await;
        c.get(&format!("/open311/v2/servicerequestupdates.{fmt}")).await;
        c.get(&format!("/open311/v2/servicerequestupdates.{fmt}?start_date=yesterday")).await;
        c.get(&format!("/open311/v2/requests/FK00000000.{fmt}")).await;
    }
    let listed = c.get("/open311/v2/requests.json").await;
    let id = serde_json::from_str::<Value>(&listed.body).unwrap()[0]["service_request_id"].as_str().expect("a report").to_string();
    c.get(&format!("/open311/v2/requests/{id}.json")).await;
    c.get(&format!("/open311/v2/requests/{id}.xml")).await;
    c.get(&format!("/open311/v2/requests.json?service_request_id={id}")).await;

    posting_answers(&mut c, &id, &building).await;

    c.get(&format!("/calendar/{link}.ics")).await;
    c.get("/calendar/0123456789abcdef0123456789abcdef0123456789abcdef.ics").await;
    for _ in 0..61 {
        let r = c.call("GET", "/calendar/ffffffffffffffffffffffffffffffffffffffffffffffff.ics", &[], Vec::new(), 40).await;
        if r.status == 429 {
            break;
        }
    }
    c.get("/board.csv").await;
    c.get("/.well-known/linli-keys.json").await;
    c.get("/board.csv?month=soon").await;

    let token = Some(RECEIPT_TOKEN);
    c.receipt(r#"{"id":"gw-openapi-1","status":"delivered"}"#, token).await;
    c.receipt(r#"{"id":"gw-unknown","status":"failed","error":"x"}"#, token).await;
    c.receipt(r#"{"id":"gw-openapi-1","status":"read"}"#, token).await;
    c.receipt("not json", token).await;
    c.receipt(r#"{"id":"gw-openapi-1","status":"delivered"}"#, None).await;
    c.receipt(&" ".repeat(65 * 1024), token).await;

    c.check.finish();
}

/// Both POST operations: accepted, then each refusal the document lists.
async fn posting_answers(c: &mut Client<'_>, id: &str, building: &str) {
    for (path, good) in [
        ("/open311/v2/requests", vec![("api_key", KEY), ("service_code", "report-light"), ("address_id", building), ("description", "井盖松动")]),
        ("/open311/v2/servicerequestupdates", vec![("api_key", KEY), ("service_request_id", id), ("description", "志愿者已放警示牌")]),
    ] {
        for fmt in ["json", "xml"] {
            let uri = format!("{path}.{fmt}");
            assert_eq!(c.form(&uri, &good).await.status, 200);
            let parts: Vec<Part> = good.iter().map(|(k, v)| Part::Text(k, v)).collect();
            c.multipart(&uri, &parts).await;
            let without_key: Vec<_> = good.iter().filter(|(k, _)| *k != "api_key").cloned().collect();
            c.form(&uri, &without_key).await;
            let mut wrong_key = good.clone();
            wrong_key[0].1 = READ_ONLY_KEY;
            c.form(&uri, &wrong_key).await;
            let mut unknown = good.clone();
            unknown[1].1 = "FK00000000";
            c.form(&uri, &unknown).await;
            c.form(&uri, &good[..2]).await;
            c.post(&uri, "text/plain", b"description=hello".to_vec(), 2).await;
            let long = "长".repeat(9 * 1024);
            let mut too_long: Vec<Part> = good.iter().map(|(k, v)| Part::Text(k, v)).collect();
            too_long.push(Part::Text("description", &long));
            c.multipart(&uri, &too_long).await;
        }
    }
    let big = vec![0u8; linli_app::uploads::MAX_FILE_BYTES + 1];
    let building_id = building.to_string();
    c.multipart("/open311/v2/requests.json", &[Part::Text("api_key", KEY), Part::Text("service_code", "report-light"),
        Part::Text("address_id", &building_id), Part::Text("description", "井盖松动"), Part::File("media", "big.jpg", big)]).await;
    let with_photo = c.multipart("/open311/v2/requests.json", &[Part::Text("api_key", KEY), Part::Text("service_code", "report-light"),
        Part::Text("address_id", &building_id), Part::Text("description", "井盖松动"), Part::File("media", "a.jpg", photo(3))]).await;
    assert_eq!(with_photo.status, 200, "{}", with_photo.body);
    // One address posting without pause meets its limit on both operations.
    for path in ["/open311/v2/requests.json", "/open311/v2/servicerequestupdates.json"] {
        for _ in 0..31 {
            if c.post(path, "text/plain", Vec::new(), 41).await.status == 429 {
                break;
            }
        }
    }
}

linli_app::on_both_engines!(every_documented_operation_answers_as_documented);

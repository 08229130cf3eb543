//! The real HTTP sender against a gateway running on this machine: retries with a growing pause,
//! final refusals, the gateway's reference, and delivery receipts through the router.
use crate::common;

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::routing::post;
use axum::{Json, Router};
use common::*;
use linli_app::notifications::sender::{deliver_due, HttpSender, MAX_ATTEMPTS};
use linli_app::storage::{NewMessage, SharedStore};
use std::sync::{Arc, Mutex};

/// What the gateway saw, and how it will answer next (a status and a body), in order.
#[derive(Default)]
struct Gateway {
    seen: Vec<(HeaderMap, serde_json::Value)>,
    answers: Vec<(u16, serde_json::Value)>,
}

type Shared = Arc<Mutex<Gateway>>;

async fn take(State(gw): State<Shared>, headers: HeaderMap, Json(body): Json<serde_json::Value>) -> (StatusCode, Json<serde_json::Value>) {
    let mut gw = gw.lock().unwrap();
    gw.seen.push((headers, body));
    let (status, body) = if gw.answers.is_empty() { (200, serde_json::json!({})) } else { gw.answers.remove(0) };
    (StatusCode::from_u16(status).unwrap(), Json(body))
}

async fn start_gateway(answers: Vec<(u16, serde_json::Value)>) -> (String, Shared) {
    let gw: Shared = Arc::new(Mutex::new(Gateway { seen: Vec::new(), answers }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/sms", listener.local_addr().unwrap());
    let app = Router::new().route("/sms", post(take)).with_state(gw.clone());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, gw)
}

fn code_message(to: &str) -> NewMessage {
    NewMessage { user_id: None, kind: "code", channel: "sms", recipient: to.into(), body: "【邻里】验证码 482913".into() }
}

async fn the_gateway_gets_each_message_once_retries_and_receipts(store: SharedStore) {
    let (url, gw) = start_gateway(vec![(503, serde_json::json!({})), (200, serde_json::json!({"id": "gw-77"}))]).await;
    let sender = HttpSender::new(&url, Some("gateway-token".into())).unwrap();
    let id = store.queue_message(&code_message("13600007171"), 1_000).await.unwrap();

    assert_eq!(deliver_due(&*store, &sender, 1_000).await.unwrap(), 0, "the gateway was busy");
    let row = store.outbox(1).await.unwrap().remove(0);
    assert_eq!((row.status.as_str(), row.attempts, row.next_attempt_at), ("queued", 1, 1_030));
    assert!(row.last_error.unwrap().contains("503"));
    assert_eq!(deliver_due(&*store, &sender, 1_010).await.unwrap(), 0, "not before its pause is over");
    assert_eq!(deliver_due(&*store, &sender, 1_030).await.unwrap(), 1);
    let row = store.outbox(1).await.unwrap().remove(0);
    assert_eq!((row.status.as_str(), row.gateway_ref.as_deref(), row.sender.as_str()), ("sent", Some("gw-77"), "http"));
    {
        let gw = gw.lock().unwrap();
        assert_eq!(gw.seen.len(), 2);
        let (headers, body) = &gw.seen[1];
        assert_eq!(headers[header::AUTHORIZATION], "Bearer gateway-token");
        assert_eq!(headers["idempotency-key"], format!("linli-outbox-{id}"), "the same key on every try");
        assert_eq!(gw.seen[0].0["idempotency-key"], headers["idempotency-key"]);
        assert_eq!(body["to"], "13600007171");
        assert_eq!(body["body"], "【邻里】验证码 482913");
        assert_eq!((body["channel"].as_str(), body["kind"].as_str()), (Some("sms"), Some("code")));
    }

    // The gateway reports delivery to the router, with its token.
    let app = app_with(store.clone(), linli_server::ServerConfig { receipt_token: Some("receipt-token".into()), ..config() });
    let receipt = |token: &str, body: &str| {
        Request::post("/gateway/receipts")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap()
    };
    assert_eq!(app.send(receipt("guess", r#"{"id":"gw-77","status":"delivered"}"#)).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.send(receipt("receipt-token", r#"{"id":"gw-00","status":"delivered"}"#)).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.send(receipt("receipt-token", r#"{"id":"gw-77","status":"delivered"}"#)).await.status, StatusCode::NO_CONTENT);
    assert_eq!(store.outbox(1).await.unwrap()[0].status, "delivered");
    let no_receipts = app_with(store.clone(), config());
    assert_eq!(no_receipts.send(receipt("receipt-token", "{}")).await.status, StatusCode::NOT_FOUND, "off unless configured");
}

async fn refusals_are_final_and_an_unreachable_gateway_gives_up(store: SharedStore) {
    let (url, _gw) = start_gateway(vec![(400, serde_json::json!({"error": "bad number"}))]).await;
    let sender = HttpSender::new(&url, None).unwrap();
    store.queue_message(&code_message("13600007272"), 1_000).await.unwrap();
    deliver_due(&*store, &sender, 1_000).await.unwrap();
    let row = store.outbox(1).await.unwrap().remove(0);
    assert_eq!((row.status.as_str(), row.attempts), ("failed", 1), "a refusal is not retried");

    // Nothing listens on port 9 of this machine.
    let down = HttpSender::new("http://127.0.0.1:9/sms", None).unwrap();
    store.queue_message(&code_message("13600007373"), 2_000).await.unwrap();
    let mut now = 2_000;
    for _ in 0..MAX_ATTEMPTS {
        deliver_due(&*store, &down, now).await.unwrap();
        now += 3_600;
    }
    let row = store.outbox(1).await.unwrap().remove(0);
    assert_eq!((row.status.as_str(), row.attempts), ("failed", MAX_ATTEMPTS));
    assert!(row.last_error.is_some());
}

linli_app::on_both_engines!(
    the_gateway_gets_each_message_once_retries_and_receipts,
    refusals_are_final_and_an_unreachable_gateway_gives_up,
);

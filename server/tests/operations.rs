//! What the people running a deployment rely on: `/metrics` (Prometheus' text format) shows
//! requests by route, the database pool, upload bytes and file-store errors, and is closed to
//! everyone but loopback and holders of the metrics token.
use crate::common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::*;
use linli_app::storage::SharedStore;

async fn metrics_from(app: &App, peer: Option<&str>, token: Option<&str>) -> Reply {
    let mut req = Request::get("/metrics").header(header::HOST, "linli.test");
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    let mut req = req.body(Body::empty()).unwrap();
    if let Some(addr) = peer {
        let peer: std::net::SocketAddr = format!("{addr}:40000").parse().unwrap();
        req.extensions_mut().insert(axum::extract::ConnectInfo(peer));
    }
    app.send(req).await
}

async fn metrics_are_for_operators_only(store: SharedStore) {
    let app = app(store);
    let (_, resident) = app.account("13810000093", 93, "resident", None, Some("cy-xfl")).await;
    assert_eq!(app.get("/services", "").await.status, StatusCode::OK);
    apply_rs003(&app, &resident, &[]).await;

    assert_eq!(metrics_from(&app, Some("203.0.113.9"), None).await.status, StatusCode::NOT_FOUND, "not public");
    assert_eq!(metrics_from(&app, Some("203.0.113.9"), Some("guess")).await.status, StatusCode::NOT_FOUND, "a wrong token");
    let local = metrics_from(&app, Some("127.0.0.1"), None).await;
    assert_eq!(local.status, StatusCode::OK, "loopback may read it");
    let m = metrics_from(&app, Some("203.0.113.9"), Some("metrics-token")).await;
    assert_eq!(m.status, StatusCode::OK, "the token opens it from anywhere");
    assert!(m.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/plain; version=0.0.4"));
    let body = m.body;
    for series in [
        r#"linli_http_requests_total{method="GET",route="/services",status="200"}"#,
        r#"linli_http_requests_total{method="POST",route="/services/{code}/apply",status="303"}"#,
        r#"linli_http_request_duration_seconds_bucket{route="/services",le="0.05"}"#,
        r#"linli_db_pool_connections{state="open"}"#,
        "linli_upload_bytes_total",
    ] {
        assert!(body.contains(series), "{series} missing from:\n{body}");
    }
    assert!(!body.contains("13810000093"), "nothing personal in metrics");
}

linli_app::on_both_engines!(metrics_are_for_operators_only);

/// Two servers on one PostgreSQL database: an address's registrations count on both, so the
/// limit holds whichever server the balancer picks.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn per_address_limits_hold_across_servers_on_postgres() {
    let store = linli_app::storage::testing::postgres().await;
    let (a, b) = (app(store.clone()), app(store));
    for n in 0..20 {
        let server = if n % 2 == 0 { &a } else { &b };
        assert_eq!(server.post_from("192.0.2.7", "/register", "", &[("phone", "1")]).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    for server in [&a, &b] {
        let r = server.post_from("192.0.2.7", "/register", "", &[("phone", "1")]).await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "the 21st waits on either server");
        assert!(r.headers.contains_key(header::RETRY_AFTER));
    }
    assert_eq!(a.post_from("192.0.2.8", "/register", "", &[("phone", "1")]).await.status, StatusCode::UNPROCESSABLE_ENTITY);
}

/// While the database cannot be read (here: its sessions table taken away, as a restart or a
/// failed disk would), a signed-in resident is told "try again" (503 with Retry-After), not
/// that they are signed out: a form post is not sent to the sign-in page, and nothing is lost.
/// (The session found a moment before is held five seconds: the clock moves past them.)
async fn a_session_that_cannot_be_read_is_a_503_not_a_sign_out(store: SharedStore, url: String) {
    let (app, clock) = app_at(store, linli_app::time::now_unix());
    let (_, resident) = app.account("13810000094", 94, "resident", None, Some("cy-xfl")).await;
    assert_eq!(app.get("/me/applications", &resident).await.status, StatusCode::OK);
    let hide = |from: &str, to: &str| format!("ALTER TABLE {from} RENAME TO {to}");
    run_sql(&url, &hide("sessions", "sessions_away")).await;
    clock.advance(5);
    for r in [app.get("/me/applications", &resident).await, apply_rs003(&app, &resident, &[]).await] {
        assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{}", &r.body[..r.body.len().min(300)]);
        assert!(r.headers.contains_key(header::RETRY_AFTER));
        assert!(!r.headers.get(header::LOCATION).is_some_and(|l| l.to_str().unwrap().contains("/login")));
    }
    assert_eq!(app.get("/services", "").await.status, StatusCode::OK, "a visitor without a session is still served");
    run_sql(&url, &hide("sessions_away", "sessions")).await;
    assert_eq!(app.get("/me/applications", &resident).await.status, StatusCode::OK, "still signed in once it is back");
}

async fn run_sql(url: &str, sql: &str) {
    use sqlx::Connection;
    if url.starts_with("postgres") {
        let mut c = sqlx::PgConnection::connect(url).await.unwrap();
        sqlx::raw_sql(sql).execute(&mut c).await.unwrap();
    } else {
        let mut c = sqlx::SqliteConnection::connect(url).await.unwrap();
        sqlx::raw_sql(sql).execute(&mut c).await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_session_outage() {
    let (store, url) = linli_app::storage::testing::sqlite_with(linli_app::storage::testing::cipher()).await;
    a_session_that_cannot_be_read_is_a_503_not_a_sign_out(store, url).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_session_outage() {
    let (store, url) = linli_app::storage::testing::postgres_with(linli_app::storage::testing::cipher()).await;
    a_session_that_cannot_be_read_is_a_503_not_a_sign_out(store, url).await;
}

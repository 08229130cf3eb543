//! `/metrics` in Prometheus' text format, for the people who run a deployment: requests by route
//! and status with latency histograms, the database pool, periodic jobs (runs, duration, last
//! run), the outbox backlog, upload bytes and file-store errors. Not public: it answers a client
//! on loopback, or one presenting `LINLI_METRICS_TOKEN` as a bearer token; anyone else gets 404.
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use linli_app::state::AppState;
use linli_app::web::ClientAddr;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::sync::{Arc, OnceLock};
use std::time::Instant;

/// Request latency buckets, in seconds: a page is fast under 50 ms and slow past a second.
const BUCKETS: [f64; 12] = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

/// The process's recorder, installed once (several routers may live in one test process).
pub fn handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), &BUCKETS)
            .expect("the buckets are not empty")
            .build_recorder();
        let handle = recorder.handle();
        if metrics::set_global_recorder(recorder).is_err() {
            tracing::warn!("a metrics recorder was already installed");
        }
        handle
    })
}

/// Drains what the recorder holds between scrapes (histogram samples wait there until a scrape
/// or an upkeep sums them): a server nobody scraped kept some 19 bytes of every request.
pub async fn keep_up() {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(5));
    loop {
        every.tick().await;
        handle().run_upkeep();
    }
}

/// Where the router notes the route a request matched, for `track` outside it.
#[derive(Clone, Default)]
struct MatchedSlot(Arc<OnceLock<MatchedPath>>);

/// Counts and times every request under the route that matched it (never the raw path, whose
/// ids would make a series per record). It wraps the whole router, so the router's
/// `note_route` tells it the route.
pub async fn track(mut req: Request, next: Next) -> Response {
    let slot = MatchedSlot::default();
    req.extensions_mut().insert(slot.clone());
    let bundle = req.uri().path().starts_with("/pkg/");
    let method = req.method().to_string();
    let started = Instant::now();
    let res = next.run(req).await;
    let route = match slot.0.get() {
        Some(m) => m.as_str().to_string(),
        None if bundle => "/pkg/*".into(),
        None => "other".into(),
    };
    let status = res.status().as_u16().to_string();
    metrics::counter!("linli_http_requests_total", "method" => method, "route" => route.clone(), "status" => status).increment(1);
    metrics::histogram!("linli_http_request_duration_seconds", "route" => route).record(started.elapsed().as_secs_f64());
    res
}

/// Inside the router, where the matched route is known: notes it for `track`.
pub async fn note_route(req: Request, next: Next) -> Response {
    if let (Some(slot), Some(matched)) = (req.extensions().get::<MatchedSlot>(), req.extensions().get::<MatchedPath>()) {
        let _ = slot.0.set(matched.clone());
    }
    next.run(req).await
}

#[derive(Clone)]
pub struct MetricsAccess {
    pub token: Option<Arc<str>>,
}

fn allowed(access: &MetricsAccess, client: ClientAddr, headers: &HeaderMap) -> bool {
    let bearer = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    match (&access.token, bearer) {
        (Some(token), Some(given)) => linli_app::secrets::same_secret(given, token),
        _ => client.0.is_loopback(),
    }
}

/// GET `/metrics`.
pub async fn render(State((state, access)): State<(AppState, MetricsAccess)>, client: ClientAddr, headers: HeaderMap) -> Response {
    if !allowed(&access, client, &headers) {
        return linli_app::web::AppError::NotFound.into_response();
    }
    let (open, idle) = state.store.pool_use();
    metrics::gauge!("linli_db_pool_connections", "state" => "open").set(open as f64);
    metrics::gauge!("linli_db_pool_connections", "state" => "idle").set(idle as f64);
    let handle = handle();
    handle.run_upkeep();
    (StatusCode::OK, [(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], handle.render()).into_response()
}

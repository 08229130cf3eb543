//! The whole HTTP surface, built in one function so tests can drive it with `oneshot`.
use crate::security::{same_origin_only, security_headers};
use crate::ServerConfig;
use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, AxumRouteListing};
use linli_app::state::{AppState, Config};
use linli_app::web::{AppError, Refusal};
use linli_app::storage::SharedStore;
use linli_app::{shell, App};
use std::sync::{Arc, OnceLock, RwLock};
use tower::ServiceExt;
use std::time::Instant;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::RequestBodyTimeoutLayer;

/// Form posts are small; only the upload routes take more.
const BODY_LIMIT: usize = 1024 * 1024;

/// `/pkg/linli.HASH…` for the bundle's current hash.
fn is_named_by_content(path: &str) -> bool {
    linli_app::shell::asset_hash().is_some_and(|h| path.strip_prefix("/pkg/linli.").is_some_and(|rest| rest.starts_with(h)))
}

pub fn leptos_options(config: &ServerConfig) -> LeptosOptions {
    // A built site names its bundle by content (`scripts/build-site.sh` writes `pkg/asset-hash`).
    let hash = std::fs::read_to_string(std::path::Path::new(&config.site_root).join("pkg/asset-hash"))
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit()));
    if let Some(h) = &hash {
        linli_app::shell::set_asset_hash(h);
    }
    LeptosOptions::builder()
        .output_name(match linli_app::shell::asset_hash() {
            Some(h) => format!("linli.{h}"),
            None => "linli".to_string(),
        })
        .site_root(config.site_root.as_str())
        .site_pkg_dir("pkg")
        .site_addr(config.site_addr)
        .build()
}

/// The app's routes, generated once per process. Generation briefly suppresses resource loading
/// process-wide (leptos#4773), so it must never overlap a render: doing it once, before any
/// router exists, guarantees that even when several routers live in one process (tests).
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// On PostgreSQL several servers may share the work: the per-address limits live in the database
/// so they hold whichever server answers. On SQLite (one machine) they stay in memory.
fn rate_limits(store: &SharedStore, scale: u32) -> linli_app::web::RateLimits {
    if store.engine() == "postgres" {
        linli_app::web::RateLimits::shared(scale, store.clone())
    } else {
        linli_app::web::RateLimits::new(scale)
    }
}

pub fn build_router(store: SharedStore, config: &ServerConfig) -> Router {
    build(store, config).0
}

/// The router and the state its handlers share (the serving process also runs work on it).
fn build(store: SharedStore, config: &ServerConfig) -> (Router, AppState) {
    let options = leptos_options(config);
    let limits = Arc::new(rate_limits(&store, config.rate_limit_scale));
    let state = AppState::new(linli_app::state::AppStateParts {
        store,
        leptos_options: options.clone(),
        config: Arc::new(Config {
            secure_cookies: config.secure_cookies,
            files: config.files.clone(),
            keys: config.keys.clone(),
            receipt_token: config.receipt_token.clone(),
            identity: config.identity_verifier.clone(),
        }),
        clock: config.clock.clone(),
        limits,
        catalogue: Default::default(),
        board: Arc::new(linli_app::board::ssr::board_cache()),
        public_feedback: Arc::new(linli_app::feedback::server::ssr::public_lists()),
        open311_lists: Arc::new(linli_app::open311::api::recent_lists()),
        opened_files: Default::default(),
        queue_counts: Arc::new(linli_app::workbench::queue_counts()),
        market_lists: Arc::new(linli_app::market::held::market_lists()),
        sessions: Arc::new(linli_app::accounts::session::held_sessions()),
    });
    let routes = route_list();
    let not_found = {
        let (state, options) = (state.clone(), options.clone());
        leptos_axum::render_app_async_with_context(move || provide_context(state.clone()), move || shell(options.clone()))
    };
    let bundle = crate::assets::Bundle::load(&config.site_root, is_named_by_content);
    let site = ServeDir::new(&config.site_root)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(tower::service_fn(move |req: Request| {
            let render = not_found.clone();
            async move { Ok::<_, std::convert::Infallible>(render(req).await) }
        }));

    let router = Router::new()
        .merge(linli_app::web::health::routes())
        .merge(linli_app::apidoc::routes())
        .merge(linli_app::accounts::handlers::routes())
        .merge(linli_app::calendar::handlers::routes())
        .merge(linli_app::applications::handlers::routes())
        .merge(linli_app::workbench::handlers::routes())
        .merge(linli_app::family::handlers::routes())
        .merge(linli_app::certificates::handlers::routes())
        .merge(linli_app::things::handlers::routes())
        .merge(linli_app::counter::handlers::routes())
        .merge(linli_app::insights::handlers::routes())
        .merge(linli_app::kiosk::handlers::routes())
        .merge(linli_app::privacy::my_data::routes())
        .merge(linli_app::notifications::handlers::routes())
        .merge(linli_app::feedback::handlers::routes())
        .merge(linli_app::ratings::handlers::routes())
        .merge(linli_app::board::handlers::routes())
        .merge(linli_app::open311::api::routes())
        .merge(linli_app::market::handlers::routes())
        .merge(linli_app::market::orders::routes())
        .merge(linli_app::market::promotions::routes())
        .merge(linli_app::open311::keys::routes())
        .merge(linli_app::community::boundaries_page::routes())
        .merge(linli_app::agenda::handlers::routes())
        .merge(linli_app::notices::handlers::routes())
        .merge(linli_app::notices::attachments::routes())
        .merge(linli_app::surveys::handlers::routes())
        .merge(linli_app::surveys::photos::routes())
        .merge(linli_app::help::handlers::routes())
        .merge(metrics_route(&state, config));
    let pages = crate::page_cache::PageCache::default();
    let mut router = page_routes(router, &state, &routes, &pages);
    if config.bench_routes {
        // Bytes to echo may be a whole photo or the wasm: above the form limit.
        let whole_file = DefaultBodyLimit::max(16 * 1024 * 1024);
        router = router.route("/__bench/echo", get(bench_echo).post(bench_set).layer(whole_file)).route(
            "/__bench/seal",
            axum::routing::post(bench_seal).layer(whole_file),
        );
    }
    let router = router
        // Files are read, never written: any other method on a path no route knows is a 404.
        .fallback(move |req: Request| {
            let (site, bundle) = (site.clone(), bundle.clone());
            async move {
                if matches!(*req.method(), axum::http::Method::GET | axum::http::Method::HEAD) {
                    if req.method() == axum::http::Method::GET {
                        if let Some(held) = bundle.answer(req.uri().path(), req.headers()) {
                            return held;
                        }
                    }
                    let named_by_content = is_named_by_content(req.uri().path());
                    let mut response = site.oneshot(req).await.into_response();
                    // A file named by its content never changes: no revalidation, ever.
                    if named_by_content && response.status() == axum::http::StatusCode::OK {
                        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable"));
                    }
                    response
                } else {
                    AppError::NotFound.into_response()
                }
            }
        })
        .layer(middleware::from_fn(crate::metrics::note_route))
        .with_state(state.clone());
    // Around the whole router, not each route: axum clones a route's stack for every request, and
    // each middleware then clones the stack below it, so layers on the routes were cloned some
    // hundred times a request. Outermost first.
    let stack = tower::ServiceBuilder::new()
        .layer(axum::Extension(linli_app::web::TrustedProxies(config.trusted_proxies.clone())))
        .layer(middleware::from_fn(crate::metrics::track))
        .layer(middleware::from_fn(log_request))
        .layer(middleware::from_fn_with_state(state.clone(), record_origin))
        .layer(middleware::from_fn_with_state(config.limits, crate::listen::request_deadline))
        .layer(RequestBodyTimeoutLayer::new(config.limits.body_silence))
        .map_request(|req: Request<tower_http::timeout::TimeoutBody<Body>>| req.map(Body::new))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(CompressionLayer::new())
        .layer(SetResponseHeaderLayer::if_not_present(header::CACHE_CONTROL, HeaderValue::from_static("no-cache")))
        .layer(middleware::from_fn_with_state(config.secure_cookies, security_headers))
        .layer(middleware::from_fn(same_origin_only))
        .layer(middleware::from_fn_with_state(state.clone(), linli_app::accounts::session::resolve_viewer))
        .layer(middleware::from_fn_with_state(state.clone(), render_refusals))
        .layer(middleware::from_fn_with_state((pages, state.clone()), crate::page_cache::forget_on_change))
        .layer(middleware::from_fn_with_state(state.clone(), crate::security::limit_costly))
        .service(router);
    let router = Router::new().fallback_service(stack);
    (router, state)
}

/// `/metrics`, for the deployment's Prometheus (see `metrics`).
fn metrics_route(state: &AppState, config: &ServerConfig) -> Router<AppState> {
    crate::metrics::handle();
    let access = crate::metrics::MetricsAccess { token: config.metrics_token.as_deref().map(Arc::from) };
    Router::new().route("/metrics", get(crate::metrics::render)).with_state((state.clone(), access))
}

/// Every page, rendered on the server. Unlike `leptos_routes`, this registers no `/api/…`
/// server-function endpoints: pages load their data on the server, and no island calls one, so
/// none is exposed to the internet.
fn page_routes(mut router: Router<AppState>, state: &AppState, routes: &[AxumRouteListing], pages: &crate::page_cache::PageCache) -> Router<AppState> {
    let held = middleware::from_fn_with_state((state.clone(), pages.clone()), crate::page_cache::serve_held);
    for listing in routes {
        let (state, options) = (state.clone(), state.leptos_options.clone());
        let render = leptos_axum::render_app_async_with_context(
            move || {
                provide_context(leptos_router::Method::Get);
                provide_context(state.clone());
            },
            move || shell(options.clone()),
        );
        router = router.route(listing.path(), get(render).layer(held.clone()));
    }
    router
}

/// A refused form (`AppError::Refused`) comes back as its page drawn again, with the typed
/// values and the messages beside the fields, under the refusal's status: the same page a
/// browser without JavaScript shows. The handler only says what was wrong.
async fn render_refusals(State(state): State<AppState>, req: Request, next: Next) -> Response {
    // Only form posts are refused; pages and files pass straight through.
    if req.method() != axum::http::Method::POST {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let mut keep = Request::new(Body::empty());
    *keep.uri_mut() = parts.uri.clone();
    *keep.headers_mut() = parts.headers.clone();
    *keep.version_mut() = parts.version;
    if let Some(viewer) = parts.extensions.get::<linli_app::prefs::Viewer>() {
        keep.extensions_mut().insert(viewer.clone());
        keep.extensions_mut().insert(viewer.lang);
    }
    if let Some(user) = parts.extensions.get::<linli_app::web::CurrentUser>() {
        keep.extensions_mut().insert(user.clone());
    }
    let response = next.run(Request::from_parts(parts, body)).await;
    let Some(refusal) = response.extensions().get::<Refusal>().cloned() else { return response };
    let status = response.status();
    let retry_after = response.headers().get(header::RETRY_AFTER).cloned();
    let (mut parts, _) = keep.into_parts();
    if let Some(page) = refusal.page.as_deref() {
        match page.parse() {
            Ok(uri) => parts.uri = uri,
            Err(e) => return AppError::internal(e).into_response(),
        }
    }
    let options = state.leptos_options.clone();
    let form = refusal.form;
    let render = leptos_axum::render_app_async_with_context(
        move || {
            provide_context(state.clone());
            provide_context(form.clone());
        },
        move || shell(options.clone()),
    );
    let mut page = render(Request::from_parts(parts, Body::empty())).await;
    *page.status_mut() = status;
    if let Some(wait) = retry_after {
        page.headers_mut().insert(header::RETRY_AFTER, wait);
    }
    page
}

/// Every audit row written while the request runs names its address and browser, or the
/// self-service terminal it came from (recognised here, by its device cookie, for every layer).
async fn record_origin(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let (mut parts, body) = req.into_parts();
    if let Some(kiosk) = linli_app::kiosk::ssr::resolve(&state, &parts.headers).await {
        parts.extensions.insert(kiosk);
    }
    let origin = linli_app::web::origin_of(&parts);
    linli_app::storage::origin::ORIGIN.scope(origin, next.run(Request::from_parts(parts, body))).await
}

/// One structured line per request, and a request id: on the response (`x-request-id`, what a
/// resident can quote) and on every log line written while the request runs (an internal error's
/// cause is logged there, never shown).
async fn log_request(req: Request, next: Next) -> Response {
    use tracing::Instrument;
    let (method, path) = (req.method().clone(), req.uri().path().to_string());
    let id = format!("{:016x}", rand_id());
    let started = Instant::now();
    let span = tracing::info_span!("request", id = %id);
    let mut res = next.run(req).instrument(span.clone()).await;
    span.in_scope(|| {
        tracing::info!(
            method = %method,
            path = %path,
            status = res.status().as_u16(),
            ms = started.elapsed().as_secs_f64() * 1000.0,
            "request"
        )
    });
    if let Ok(value) = HeaderValue::from_str(&id) {
        res.headers_mut().insert("x-request-id", value);
    }
    res
}

/// Unique enough to find one request's lines in a day's log.
fn rand_id() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0));
    h.finish()
}

/// For `cargo make bench` only (LINLI_BENCH=1): serves fixed bytes from memory, the yardstick
/// the SSR catalogue page is measured against on the same server.
static BENCH_BYTES: RwLock<Bytes> = RwLock::new(Bytes::new());

async fn bench_echo() -> Response {
    let bytes = BENCH_BYTES.read().map(|b| b.clone()).unwrap_or_default();
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], Body::from(bytes)).into_response()
}

async fn bench_set(body: Bytes) -> StatusCode {
    match BENCH_BYTES.write() {
        Ok(mut b) => {
            *b = body;
            StatusCode::NO_CONTENT
        }
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// What sealing a personal field costs (a phone number, as every signed-in request opens two
/// such fields): mean ns to seal and to open, over 10,000 rounds.
fn time_fields(keys: &linli_app::secrets::Keyring) -> (u64, u64) {
    use linli_app::storage::FieldCipher;
    let rounds = 10_000u32;
    let started = Instant::now();
    let sealed: Vec<String> = (0..rounds).map(|i| FieldCipher::seal(keys, "users.phone", &format!("1380000{i:04}"))).collect();
    let seal = started.elapsed();
    let started = Instant::now();
    let opened = sealed.iter().filter(|s| FieldCipher::open(keys, "users.phone", s).is_ok()).count();
    let open = started.elapsed();
    assert_eq!(opened, rounds as usize);
    ((seal / rounds).as_nanos() as u64, (open / rounds).as_nanos() as u64)
}

/// For `cargo make bench` only: what sealing costs an upload. Seals and opens the posted bytes
/// (a phone photo) with this server's data key, 20 times, and answers the mean of each in µs.
async fn bench_seal(State(state): State<AppState>, body: Bytes) -> Response {
    let keys = state.config.keys.clone();
    let timing = tokio::task::spawn_blocking(move || {
        let rounds = 20u32;
        let (mut seal, mut open) = (std::time::Duration::ZERO, std::time::Duration::ZERO);
        for _ in 0..rounds {
            let started = Instant::now();
            let sealed = keys.seal("bench.jpg", &body);
            seal += started.elapsed();
            let started = Instant::now();
            let opened = keys.open("bench.jpg", &sealed).map(|b| b.len()).unwrap_or(0);
            open += started.elapsed();
            assert_eq!(opened, body.len());
        }
        let (field_seal_ns, field_open_ns) = time_fields(&keys);
        serde_json::json!({"bytes": body.len(), "field_open_ns": field_open_ns, "field_seal_ns": field_seal_ns,
                           "open_us": (open / rounds).as_micros() as u64, "seal_us": (seal / rounds).as_micros() as u64})
    })
    .await;
    match timing {
        Ok(json) => Json(json).into_response(),
        Err(e) => AppError::internal(e).into_response(),
    }
}

pub async fn serve(store: SharedStore, config: ServerConfig) -> std::io::Result<()> {
    use linli_app::notifications::sender;
    // Deadline reminders, 督办 alerts, order completion and the file sweep; outbound SMS/e-mail.
    tokio::spawn(linli_app::jobs::run(store.clone(), config.clock.clone(), config.files.clone()));
    let outbound: Arc<dyn sender::Sender> = match &config.sms_gateway {
        Some((url, token)) => Arc::new(sender::HttpSender::new(url, token.clone()).map_err(std::io::Error::other)?),
        None => Arc::new(sender::LogSender),
    };
    tracing::info!(sender = outbound.name(), "outbound messages");
    tokio::spawn(sender::run(store.clone(), outbound, config.clock.clone()));
    tokio::spawn(crate::metrics::keep_up());
    let (app, state) = build(store, &config);
    tokio::spawn(linli_app::board::ssr::keep_last_month_drawn(state));
    let listener = tokio::net::TcpListener::bind(config.site_addr).await?;
    tracing::info!(addr = %config.site_addr, "Linli is listening on http://{}", config.site_addr);
    crate::listen::serve(listener, app, config.limits, shutdown_signal()).await
}

/// SIGTERM (from an orchestrator) or Ctrl-C: stop accepting, finish what is in flight.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}

//! The Linli server: configuration, storage start-up and the HTTP router.
pub mod assets;
pub mod backup;
pub mod demo;
pub mod demo_certificates;
pub mod demo_things;
pub mod demo_counter;
pub mod demo_kiosk;
pub mod demo_feedback;
pub mod demo_market;
pub mod demo_notices;
pub mod demo_help;
pub mod demo_surveys;
pub mod listen;
pub mod metrics;
pub mod move_up;
pub mod page_cache;
pub mod router;
pub mod security;

use linli_app::storage::{self, SharedStore};
use std::path::PathBuf;

#[derive(Clone, Debug)]
pub struct ServerConfig {
    pub database_url: String,
    pub data_dir: PathBuf,
    /// Uploaded materials: `<data dir>/files`, or the S3-compatible bucket `LINLI_S3_*` names.
    pub files: linli_app::uploads::FileStore,
    pub site_root: String,
    pub site_addr: std::net::SocketAddr,
    pub secure_cookies: bool,
    pub bench_routes: bool,
    /// Header timeout and connection cap of the listener.
    pub limits: listen::Limits,
    /// Where "now" comes from: the system clock, or a test's hand-set one.
    pub clock: linli_app::time::SharedClock,
    /// Keyed hashes of phones, addresses and one-time codes.
    pub keys: linli_app::secrets::Keyring,
    /// Multiplies every per-address rate limit; 0 turns them off (the bench).
    pub rate_limit_scale: u32,
    /// Load balancers whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// The SMS gateway: its URL and bearer token. None: messages go to the log sender.
    pub sms_gateway: Option<(String, Option<String>)>,
    /// What `/metrics` asks of a client not on loopback (`LINLI_METRICS_TOKEN`). None: loopback only.
    pub metrics_token: Option<String>,
    /// The token a gateway's delivery receipts must carry. None: receipts are not taken.
    pub receipt_token: Option<String>,
    /// Confirms identities online (L2). None: in person at the community counter only.
    pub identity_verifier: Option<std::sync::Arc<dyn linli_app::accounts::identity::IdentityVerifier>>,
}

fn env_or(key: &str, default: &str) -> String {
    std::env::var(key).ok().filter(|v| !v.is_empty()).unwrap_or_else(|| default.to_string())
}

/// `DATABASE_URL` (default: SQLite under the data dir; `postgres://…` selects PostgreSQL),
/// `LINLI_DATA_DIR` (default `./data`), `LEPTOS_SITE_ADDR` (default 127.0.0.1:3000),
/// `LEPTOS_SITE_ROOT` (default `target/site`), `LINLI_SECURE_COOKIES` (default: on, i.e. HTTPS
/// in front, unless the server listens on loopback for development), `LINLI_INDEX_KEY` (base64;
/// default: `<data dir>/keys/index.key`, made on first start), `LINLI_RATE_LIMIT_SCALE`
/// (default 1), `LINLI_TRUSTED_PROXIES` (comma-separated addresses), `LINLI_SMS_GATEWAY_URL`,
/// `LINLI_SMS_GATEWAY_TOKEN`, `LINLI_RECEIPT_TOKEN`, `LINLI_IDENTITY_VERIFIER_URL`,
/// `LINLI_IDENTITY_VERIFIER_TOKEN`, `LINLI_S3_*` (materials in object storage), `LINLI_METRICS_TOKEN` and `LINLI_DATA_KEYS` (`1:<base64>,…`; default:
/// `<data dir>/keys/data-<n>.key`).
pub fn config_from_env() -> Result<ServerConfig, String> {
    let data_dir = PathBuf::from(env_or("LINLI_DATA_DIR", "data"));
    let default_db = data_dir.join("linli.db").to_string_lossy().into_owned();
    let site_addr: std::net::SocketAddr =
        env_or("LEPTOS_SITE_ADDR", "127.0.0.1:3000").parse().unwrap_or_else(|_| ([127, 0, 0, 1], 3000).into());
    let https_default = if site_addr.ip().is_loopback() { "0" } else { "1" };
    let key_env = std::env::var("LINLI_INDEX_KEY").ok().filter(|k| !k.is_empty());
    let data_keys = std::env::var("LINLI_DATA_KEYS").ok().filter(|k| !k.is_empty());
    let keys = linli_app::secrets::Keyring::load(key_env.as_deref(), data_keys.as_deref(), &data_dir.join("keys"))
        .map_err(|e| format!("cannot read the keys: {e}"))?;
    let trusted_proxies = env_or("LINLI_TRUSTED_PROXIES", "").split(',').filter_map(|a| a.trim().parse().ok()).collect();
    let optional = |key: &str| std::env::var(key).ok().filter(|v| !v.is_empty());
    let identity_verifier = match optional("LINLI_IDENTITY_VERIFIER_URL") {
        Some(url) => {
            let verifier = linli_app::accounts::identity::HttpIdentityVerifier::new(&url, optional("LINLI_IDENTITY_VERIFIER_TOKEN"))
                .map_err(|e| format!("cannot set up the identity verifier: {e}"))?;
            Some(std::sync::Arc::new(verifier) as std::sync::Arc<dyn linli_app::accounts::identity::IdentityVerifier>)
        }
        None => None,
    };
    let files = files_from_env(&data_dir)?;
    Ok(ServerConfig {
        files,
        database_url: env_or("DATABASE_URL", &default_db),
        site_root: env_or("LEPTOS_SITE_ROOT", "target/site"),
        site_addr,
        secure_cookies: env_or("LINLI_SECURE_COOKIES", https_default) == "1",
        bench_routes: env_or("LINLI_BENCH", "0") == "1",
        limits: listen_limits(),
        clock: std::sync::Arc::new(linli_app::time::SystemClock),
        data_dir,
        keys,
        rate_limit_scale: env_or("LINLI_RATE_LIMIT_SCALE", "1").parse().unwrap_or(1),
        trusted_proxies,
        sms_gateway: optional("LINLI_SMS_GATEWAY_URL").map(|url| (url, optional("LINLI_SMS_GATEWAY_TOKEN"))),
        receipt_token: optional("LINLI_RECEIPT_TOKEN"),
        metrics_token: optional("LINLI_METRICS_TOKEN"),
        identity_verifier,
    })
}

/// The local directory, unless `LINLI_S3_BUCKET` names a bucket (see `uploads::S3Settings`).
fn files_from_env(data_dir: &std::path::Path) -> Result<linli_app::uploads::FileStore, String> {
    use linli_app::uploads::{FileStore, S3Settings};
    let bucket = env_or("LINLI_S3_BUCKET", "");
    if bucket.is_empty() {
        return Ok(FileStore::local(linli_app::uploads::files_dir(data_dir)));
    }
    FileStore::s3(&S3Settings {
        endpoint: env_or("LINLI_S3_ENDPOINT", "https://s3.amazonaws.com"),
        bucket,
        access_key_id: env_or("LINLI_S3_ACCESS_KEY_ID", ""),
        secret_access_key: env_or("LINLI_S3_SECRET_ACCESS_KEY", ""),
        region: env_or("LINLI_S3_REGION", "us-east-1"),
        prefix: env_or("LINLI_S3_PREFIX", ""),
    })
}

/// `LINLI_HEADER_TIMEOUT_SECS` (default 10) and `LINLI_MAX_CONNECTIONS` (default 1024).
fn listen_limits() -> listen::Limits {
    let defaults = listen::Limits::default();
    let header_secs = env_or("LINLI_HEADER_TIMEOUT_SECS", "").parse().unwrap_or(defaults.header_timeout.as_secs());
    listen::Limits {
        header_timeout: std::time::Duration::from_secs(header_secs.max(1)),
        max_connections: env_or("LINLI_MAX_CONNECTIONS", "").parse().unwrap_or(defaults.max_connections).max(1),
        ..defaults
    }
}

/// The keys of a server whose SQLite file is `db` (they live in `<data dir>/keys`, beside it),
/// for tools that open its database directly; the environment's keys win, as for the server.
pub fn keys_beside(db: &str) -> std::io::Result<linli_app::secrets::Keyring> {
    let dir = std::path::Path::new(db).parent().unwrap_or(std::path::Path::new(".")).join("keys");
    let env = |key: &str| std::env::var(key).ok().filter(|v| !v.is_empty());
    linli_app::secrets::Keyring::load(env("LINLI_INDEX_KEY").as_deref(), env("LINLI_DATA_KEYS").as_deref(), &dir)
}

/// Opens the database, runs migrations and makes sure the reference data is loaded.
pub async fn open_store(config: &ServerConfig) -> Result<SharedStore, storage::StoreError> {
    if !config.database_url.starts_with("postgres") {
        std::fs::create_dir_all(&config.data_dir).map_err(|e| storage::StoreError::Db(sqlx::Error::Io(e)))?;
    }
    let store = storage::connect(&config.database_url, std::sync::Arc::new(config.keys.clone())).await?;
    store.migrate().await?;
    // Rows written before sealing, or under a data key since retired, are sealed anew.
    let resealed = store.seal_personal_data().await?;
    if resealed > 0 {
        tracing::info!(rows = resealed, "personal fields sealed under the newest data key");
    }
    if linli_app::reference::ensure(&*store).await? {
        tracing::info!("reference data loaded");
    }
    Ok(store)
}

/// Large blocks (Argon2's 19 MiB per password check, decoded photos) go straight to and from the
/// kernel. glibc's default raises that threshold after the first such block is freed, and from
/// then on keeps freed blocks in per-thread arenas: a burst of sign-ins left hundreds of MB held.
pub fn give_large_blocks_back() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets one of the allocator's tuning parameters (under its own lock);
    // it touches no memory of ours.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1024 * 1024);
    }
}

pub fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("LINLI_LOG").unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let _ = tracing_subscriber::fmt().json().with_env_filter(filter).with_current_span(true).with_span_list(false).try_init();
}

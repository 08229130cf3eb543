//! The Linli server: configuration, storage start-up and the HTTP router.
pub mod demo;
pub mod demo_feedback;
pub mod demo_market;
pub mod listen;
pub mod router;
pub mod security;

use linli_app::storage::{self, SharedStore};
use std::path::PathBuf;

#[derive(Clone, Debug)]
pub struct ServerConfig {
    pub database_url: String,
    pub data_dir: PathBuf,
    pub site_root: String,
    pub site_addr: std::net::SocketAddr,
    pub secure_cookies: bool,
    pub bench_routes: bool,
    /// Header timeout and connection cap of the listener.
    pub limits: listen::Limits,
    /// Where "now" comes from: the system clock, or a test's hand-set one.
    pub clock: linli_app::time::SharedClock,
}

fn env_or(key: &str, default: &str) -> String {
    std::env::var(key).ok().filter(|v| !v.is_empty()).unwrap_or_else(|| default.to_string())
}

/// `DATABASE_URL` (default: SQLite under the data dir; `postgres://…` selects PostgreSQL),
/// `LINLI_DATA_DIR` (default `./data`), `LEPTOS_SITE_ADDR` (default 127.0.0.1:3000),
/// `LEPTOS_SITE_ROOT` (default `target/site`), `LINLI_SECURE_COOKIES` (default: on, i.e. HTTPS
/// in front, unless the server listens on loopback for development).
pub fn config_from_env() -> ServerConfig {
    let data_dir = PathBuf::from(env_or("LINLI_DATA_DIR", "data"));
    let default_db = data_dir.join("linli.db").to_string_lossy().into_owned();
    let site_addr: std::net::SocketAddr =
        env_or("LEPTOS_SITE_ADDR", "127.0.0.1:3000").parse().unwrap_or_else(|_| ([127, 0, 0, 1], 3000).into());
    let https_default = if site_addr.ip().is_loopback() { "0" } else { "1" };
    ServerConfig {
        database_url: env_or("DATABASE_URL", &default_db),
        site_root: env_or("LEPTOS_SITE_ROOT", "target/site"),
        site_addr,
        secure_cookies: env_or("LINLI_SECURE_COOKIES", https_default) == "1",
        bench_routes: env_or("LINLI_BENCH", "0") == "1",
        limits: listen_limits(),
        clock: std::sync::Arc::new(linli_app::time::SystemClock),
        data_dir,
    }
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

/// Opens the database, runs migrations and makes sure the reference data is loaded.
pub async fn open_store(config: &ServerConfig) -> Result<SharedStore, storage::StoreError> {
    if !config.database_url.starts_with("postgres") {
        std::fs::create_dir_all(&config.data_dir).map_err(|e| storage::StoreError::Db(sqlx::Error::Io(e)))?;
    }
    let store = storage::connect(&config.database_url).await?;
    store.migrate().await?;
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

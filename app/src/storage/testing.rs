//! Fresh stores for tests: a new SQLite file, or a new PostgreSQL database per call, migrated
//! and loaded with reference data. PostgreSQL is found at `LINLI_TEST_PG_ADMIN_URL` (default:
//! the local server's `postgres` database); `scripts/test-rust.sh` starts it and drops the
//! `linli_t_*` databases afterwards.
use super::{PgStore, SharedStore, SqliteStore, Store};
use sqlx::Connection;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

static COUNTER: AtomicU32 = AtomicU32::new(0);

fn unique() -> String {
    format!("{}_{}_{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed), rand::random::<u32>())
}

/// The cipher of every test store: the same key as the test servers' (`Keyring::from_bytes([7; 32])`).
pub fn cipher() -> Arc<dyn super::FieldCipher> {
    Arc::new(crate::secrets::Keyring::from_bytes([7; 32]))
}

async fn ready(store: impl Store + 'static) -> SharedStore {
    store.migrate().await.expect("migrations run");
    store.seal_personal_data().await.expect("the sweep runs");
    crate::reference::ensure(&store).await.expect("reference data loads");
    Arc::new(store)
}

pub async fn sqlite() -> SharedStore {
    sqlite_with(cipher()).await.0
}

/// A fresh SQLite store sealing with `cipher`, and its URL (to look at the file directly).
pub async fn sqlite_with(cipher: Arc<dyn super::FieldCipher>) -> (SharedStore, String) {
    let path = std::env::temp_dir().join(format!("linli_t_{}.db", unique()));
    let url = format!("sqlite://{}", path.to_string_lossy());
    (ready(SqliteStore::connect(&url, cipher).await.expect("sqlite opens")).await, url)
}

pub fn pg_admin_url() -> String {
    std::env::var("LINLI_TEST_PG_ADMIN_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

pub async fn postgres() -> SharedStore {
    postgres_with(cipher()).await.0
}

/// A fresh PostgreSQL database sealing with `cipher`, and its URL.
pub async fn postgres_with(cipher: Arc<dyn super::FieldCipher>) -> (SharedStore, String) {
    let admin = pg_admin_url();
    let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap_or_else(|e| {
        panic!("PostgreSQL is not reachable at {admin} ({e}); start it with scripts/test-rust.sh or set LINLI_TEST_PG_ADMIN_URL")
    });
    let name = format!("linli_t_{}", unique());
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.expect("create test database");
    let (base, _) = admin.rsplit_once('/').expect("admin URL names a database");
    let url = format!("{base}/{name}");
    (ready(PgStore::connect(&url, cipher).await.expect("postgres opens")).await, url)
}

/// Runs `$test(store)` once per engine: `mod sqlite_engine` and `mod postgres_engine`.
#[macro_export]
macro_rules! on_both_engines {
    ($($test:ident),* $(,)?) => {
        mod sqlite_engine {
            $( #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
               async fn $test() { super::$test($crate::storage::testing::sqlite().await).await } )*
        }
        mod postgres_engine {
            $( #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
               async fn $test() { super::$test($crate::storage::testing::postgres().await).await } )*
        }
    };
}

use super::StoreResult;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;
use std::str::FromStr;
use std::time::Duration;

/// The embedded engine: one file, WAL, foreign keys on, and `synchronous=FULL` so a committed
/// row survives a crash before anyone is told "submitted".
pub struct SqliteStore {
    pub(crate) pool: SqlitePool,
    pub(crate) cipher: std::sync::Arc<dyn super::FieldCipher>,
}

impl SqliteStore {
    pub async fn connect(url: &str, cipher: std::sync::Arc<dyn super::FieldCipher>) -> StoreResult<Self> {
        let url = if url.starts_with("sqlite:") { url.to_string() } else { format!("sqlite://{url}") };
        let opts = SqliteConnectOptions::from_str(&url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new().max_connections(8).connect_with(opts).await?;
        Ok(Self { pool, cipher })
    }
}

super::queries::impl_store!(SqliteStore, "sqlite", sqlx::migrate!("./migrations/sqlite"), "BEGIN IMMEDIATE");
super::application_queries::impl_application_store!(SqliteStore, "BEGIN IMMEDIATE");
super::bundle_queries::impl_bundle_store!(SqliteStore, "BEGIN IMMEDIATE");
super::counter_queries::impl_counter_store!(SqliteStore, "BEGIN IMMEDIATE");
super::insights::impl_insight_store!(SqliteStore);
super::insight_details::impl_insight_detail_store!(SqliteStore);
super::kiosks::impl_kiosk_store!(SqliteStore, "BEGIN IMMEDIATE");
super::feedback_queries::impl_feedback_store!(SqliteStore, "BEGIN IMMEDIATE");
super::help_queries::impl_help_store!(SqliteStore, "BEGIN IMMEDIATE");
super::market_queries::impl_market_store!(SqliteStore, "BEGIN IMMEDIATE",
    "SELECT rowid FROM listing_fts WHERE listing_fts MATCH $9", super::search_terms::fts5_query);
super::notice_queries::impl_notice_store!(SqliteStore, "BEGIN IMMEDIATE");
super::survey_queries::impl_survey_store!(SqliteStore, "BEGIN IMMEDIATE");
super::trust_queries::impl_trust_store!(SqliteStore, "BEGIN IMMEDIATE");
super::privacy_queries::impl_privacy_store!(SqliteStore, "BEGIN IMMEDIATE");
super::certificate_queries::impl_certificate_store!(SqliteStore, "BEGIN IMMEDIATE");

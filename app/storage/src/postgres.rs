use super::StoreResult;
use sqlx::postgres::PgPoolOptions;
use sqlx::PgPool;
use std::time::Duration;

/// The engine for deployments that outgrow one machine: several Linli servers share it.
pub struct PgStore {
    pub(crate) pool: PgPool,
    pub(crate) cipher: std::sync::Arc<dyn super::FieldCipher>,
}

impl PgStore {
    pub async fn connect(url: &str, cipher: std::sync::Arc<dyn super::FieldCipher>) -> StoreResult<Self> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await?;
        Ok(Self { pool, cipher })
    }
}

super::queries::impl_store!(PgStore, "postgres", sqlx::migrate!("./migrations/postgres"), "BEGIN");
super::application_queries::impl_application_store!(PgStore, "BEGIN");
super::bundle_queries::impl_bundle_store!(PgStore, "BEGIN");
super::counter_queries::impl_counter_store!(PgStore, "BEGIN");
super::insights::impl_insight_store!(PgStore);
super::insight_details::impl_insight_detail_store!(PgStore);
super::kiosks::impl_kiosk_store!(PgStore, "BEGIN");
super::feedback_queries::impl_feedback_store!(PgStore, "BEGIN");
super::help_queries::impl_help_store!(PgStore, "BEGIN");
super::market_queries::impl_market_store!(PgStore, "BEGIN",
    "SELECT id FROM listings WHERE search_vector @@ to_tsquery('simple', $9)", super::search_terms::tsquery);
super::notice_queries::impl_notice_store!(PgStore, "BEGIN");
super::survey_queries::impl_survey_store!(PgStore, "BEGIN");
super::trust_queries::impl_trust_store!(PgStore, "BEGIN");
super::privacy_queries::impl_privacy_store!(PgStore, "BEGIN");
super::certificate_queries::impl_certificate_store!(PgStore, "BEGIN");

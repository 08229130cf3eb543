//! Reference data every deployment has: the district's structure and the service catalogue.
//! Loaded at start, skipped when this version is already in the database.
use crate::storage::{Store, StoreResult};

const VERSION_KEY: &str = "reference_data_version";

fn version() -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(include_str!("catalogue/services.json"));
    h.update(format!("{:?}", crate::feedback::categories::DEFAULTS));
    h.update(format!("{:?}{:?}", crate::community::seed::COMMUNITIES, crate::catalogue::facets::DEPARTMENTS));
    // Counter offices follow the communities and departments (added in version 28).
    h.update("counter offices");
    h.finalize().iter().take(8).map(|b| format!("{b:02x}")).collect()
}

pub async fn ensure(store: &dyn Store) -> StoreResult<bool> {
    crate::calendar::ssr::seed_official_once(store).await?;
    let wanted = version();
    if store.setting(VERSION_KEY).await?.as_deref() == Some(wanted.as_str()) {
        return Ok(false);
    }
    crate::community::seed::seed_district(store).await?;
    crate::counter::load::seed_offices(store).await?;
    crate::catalogue::seed::seed_catalogue(store).await?;
    crate::feedback::categories::seed(store).await?;
    store.set_setting(VERSION_KEY, &wanted).await?;
    Ok(true)
}

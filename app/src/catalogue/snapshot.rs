//! The catalogue as every page reads it: held in memory and read again from the database at most
//! once a minute. It changes only when a server seeds it at start-up (every server of a cluster
//! does so from the same file), so a minute is the longest another server's edit takes to show,
//! and a resident's catalogue page costs no query.
use crate::storage::{DepartmentRow, ServiceRow, Store, StoreError, StoreResult};
use crate::web::Recent;
use std::sync::Arc;
use std::time::Duration;

const FRESH_FOR: Duration = Duration::from_secs(60);

/// The services and departments as last read.
#[derive(Debug)]
pub struct Catalogue {
    pub departments: Vec<DepartmentRow>,
    /// In catalogue order (department, code), with summaries: no guide's whole document.
    pub services: Vec<ServiceRow>,
}

/// One catalogue, kept like any answer computed lately (see `web::recent`).
#[derive(Debug)]
pub struct Snapshot(Recent<(), Catalogue>);

impl Default for Snapshot {
    fn default() -> Self {
        Snapshot(Recent::new(|_| FRESH_FOR, 1))
    }
}

impl Snapshot {
    /// The catalogue, read again first when the copy held is older than a minute (or none is).
    pub async fn get(&self, store: &dyn Store) -> StoreResult<Arc<Catalogue>> {
        let read = async { Ok::<_, StoreError>(Catalogue { departments: store.departments().await?, services: store.services().await? }) };
        self.0.get_or((), read).await
    }

    /// Drops the copy held, so the next page reads the catalogue again.
    pub fn forget(&self) {
        self.0.forget();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_copy_is_reused_until_forgotten() {
        let store = crate::storage::testing::sqlite().await;
        let snapshot = Snapshot::default();
        let first = snapshot.get(&*store).await.unwrap();
        assert!(!first.services.is_empty());
        assert!(Arc::ptr_eq(&first, &snapshot.get(&*store).await.unwrap()), "held, not read again");
        snapshot.forget();
        assert!(!Arc::ptr_eq(&first, &snapshot.get(&*store).await.unwrap()), "read again once forgotten");
    }
}

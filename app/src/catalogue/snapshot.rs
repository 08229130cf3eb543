//! The catalogue as every page reads it: held in memory and read again from the database at most
//! once a minute. It changes only when a server seeds it at start-up (every server of a cluster
//! does so from the same file), so a minute is the longest another server's edit takes to show,
//! and a resident's catalogue page costs no query.
use crate::storage::{DepartmentRow, ServiceRow, Store, StoreResult};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

const FRESH_FOR: Duration = Duration::from_secs(60);

/// The services and departments as last read.
#[derive(Debug)]
pub struct Catalogue {
    pub departments: Vec<DepartmentRow>,
    /// In catalogue order (department, code), with summaries: no guide's whole document.
    pub services: Vec<ServiceRow>,
    read_at: Instant,
}

#[derive(Debug, Default)]
pub struct Snapshot {
    current: RwLock<Option<Arc<Catalogue>>>,
}

impl Snapshot {
    /// The catalogue, read again first when the copy held is older than a minute (or none is).
    pub async fn get(&self, store: &dyn Store) -> StoreResult<Arc<Catalogue>> {
        if let Some(held) = self.held().filter(|c| c.read_at.elapsed() < FRESH_FOR) {
            return Ok(held);
        }
        // Two requests may both read it at the minute's turn; both get the same rows.
        let fresh = Arc::new(Catalogue { departments: store.departments().await?, services: store.services().await?, read_at: Instant::now() });
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Some(fresh.clone());
        Ok(fresh)
    }

    /// Drops the copy held, so the next page reads the catalogue (after this server seeds it).
    pub fn forget(&self) {
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = None;
    }

    fn held(&self) -> Option<Arc<Catalogue>> {
        self.current.read().unwrap_or_else(|e| e.into_inner()).clone()
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

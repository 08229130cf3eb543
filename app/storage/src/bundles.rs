//! Storage for 一件事一次办: a bundle is one submission for a life event, made of linked
//! applications (its parts), stored all or nothing. A part that waits for another starts when
//! that one completes; the step that completes it carries the follow-ons (`FollowOn`), applied
//! in the same transaction.
use super::{AuditEntry, NewApplication, NewFile, Notice, StoreResult};
use async_trait::async_trait;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct BundleRow {
    pub id: i64,
    pub ref_no: String,
    pub thing_code: String,
    pub applicant_id: i64,
    pub filed_by_id: i64,
    pub filed_as: String,
    pub submitted_at: i64,
    pub promised_by: String,
}

#[derive(Clone, Debug)]
pub struct NewBundle {
    pub ref_no: String,
    pub thing_code: String,
    pub applicant_id: i64,
    pub filed_by_id: i64,
    pub filed_as: String,
    pub promised_by: String,
}

/// One application of a bundle.
#[derive(Clone, Debug)]
pub struct NewBundlePart {
    pub app: NewApplication,
    /// The earlier part (its index) this one waits for.
    pub after: Option<usize>,
    /// The material slots this part asks for: only those files are attached to it.
    pub slots: Vec<String>,
    /// Told about this part (its department's officers), linked to it.
    pub notices: Vec<Notice>,
}

/// What completing (or ending) a part does to a part waiting for it.
#[derive(Clone, Debug)]
pub struct FollowOn {
    pub application_id: i64,
    /// The part it waits for: the follow-on applies only while it still waits for that one.
    pub waits_for: i64,
    /// `submitted` (it starts) or `withdrawn` (it will not be done).
    pub to: &'static str,
    /// `released` or `stopped`.
    pub event_kind: &'static str,
    /// The new deadline when it starts.
    pub deadline: Option<String>,
    pub note: String,
    /// The slot the completed part's result document fills in the waiting part.
    pub result_slot: Option<String>,
    /// The slot the e-certificate issued by the same step fills in the waiting part.
    pub certificate_slot: Option<String>,
    pub notices: Vec<Notice>,
}

/// An application received in a period, as the board counts it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ReceivedRow {
    pub department_code: String,
    pub status: String,
    pub deadline: String,
    pub finished_at: Option<i64>,
    pub waiting: i64,
    pub in_bundle: i64,
}

#[async_trait]
pub trait BundleStore: Send + Sync {
    /// Stores the bundle and every part with its files, first timeline entry, audit rows and
    /// notices, all or nothing. New files are stored once and attached to each part that asks
    /// for their slot. `Conflict("ref_no")` if a reference number is taken (the caller retries).
    async fn create_bundle(
        &self,
        bundle: &NewBundle,
        parts: &[NewBundlePart],
        files: &[NewFile],
        reused: &[(i64, String)],
        notices: &[Notice],
        audit: &[AuditEntry],
        now: i64,
    ) -> StoreResult<i64>;
    async fn bundle_by_ref(&self, ref_no: &str) -> StoreResult<Option<BundleRow>>;
    async fn bundle_by_id(&self, id: i64) -> StoreResult<Option<BundleRow>>;
    /// The bundles filed for an applicant, newest first.
    async fn bundles_of(&self, applicant_id: i64) -> StoreResult<Vec<BundleRow>>;
    /// The parts of a bundle in the order they were filed.
    async fn bundle_parts(&self, bundle_id: i64) -> StoreResult<Vec<super::ApplicationRow>>;
    /// Bundles filed between two instants, per life event: (thing code, bundles).
    async fn bundle_counts(&self, from: i64, to: i64) -> StoreResult<Vec<(String, i64)>>;
    /// Every application received between two instants (items alone and parts of bundles).
    async fn applications_received(&self, from: i64, to: i64) -> StoreResult<Vec<ReceivedRow>>;
}

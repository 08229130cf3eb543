//! Storage for public notices (通知公告, 政策解读): a unit's notice to an audience, its delivery
//! to every addressed resident in bounded batches, and the receipts (delivered, read,
//! acknowledged, told by staff). Written once for both engines in `notice_queries.rs`.
//! Not to be confused with `Notice`, one inbox message to one person.
use super::{AuditEntry, StoreResult};
use async_trait::async_trait;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PublicNoticeRow {
    pub id: i64,
    /// `community` or `department`: who publishes it and who may manage it.
    pub unit_kind: String,
    pub unit_code: String,
    pub author_id: i64,
    pub category: String,
    pub title: String,
    pub body: String,
    /// `,code,` lists; communities and buildings both empty: the whole district.
    pub communities: String,
    pub buildings: String,
    /// Within those places, only residents who stated one of these groups (empty: everyone).
    pub target_groups: String,
    pub ack_required: i64,
    pub pinned: i64,
    /// `YYYY-MM-DD`, or empty: it does not expire.
    pub expires_on: String,
    pub status: String,
    pub publish_at: Option<i64>,
    pub published_at: Option<i64>,
    pub withdrawn_at: Option<i64>,
    pub withdraw_reason: String,
    pub replaces_id: Option<i64>,
    /// The notice republished in its place, once this one is withdrawn and replaced.
    pub replaced_by: Option<i64>,
    pub delivery_done: i64,
    pub addressed: i64,
    pub created_at: i64,
    /// Catalogue items the notice concerns (`,code,` list).
    pub service_codes: String,
}

#[derive(Clone, Debug, Default)]
pub struct NewPublicNotice {
    pub unit_kind: String,
    pub unit_code: String,
    pub author_id: i64,
    pub category: String,
    pub title: String,
    pub body: String,
    pub communities: String,
    pub buildings: String,
    pub target_groups: String,
    pub ack_required: bool,
    pub pinned: bool,
    pub expires_on: String,
    /// Title and body with their pinyin, for search.
    pub search_text: String,
    pub replaces_id: Option<i64>,
    /// Catalogue items the notice concerns (`,code,` list).
    pub service_codes: String,
}

/// Who is reading, for matching audiences: their community, building and stated groups.
#[derive(Clone, Debug)]
pub struct Reader {
    pub user_id: i64,
    pub community: String,
    pub building_id: Option<i64>,
}

/// What one notice's delivery batch did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DeliveryStep {
    pub written: u64,
    pub done: bool,
}

/// One building's share of a notice's audience (accounts without a building under `None`).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct BuildingCoverage {
    pub building_id: Option<i64>,
    pub building_name: Option<String>,
    pub addressed: i64,
    pub read: i64,
    pub acknowledged: i64,
    pub told: i64,
    /// Households addressed (a building's door; a resident who stated none counts alone).
    pub households: i64,
    /// Households where someone read it, where someone acknowledged it, and where someone
    /// read, acknowledged or was told.
    pub households_read: i64,
    pub households_acknowledged: i64,
    pub households_reached: i64,
}

/// A resident of a household the notice has not reached yet (nobody there read it,
/// acknowledged it or was told).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Unreached {
    pub user_id: i64,
    pub name: String,
    pub building_name: Option<String>,
    pub room: String,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct NoticeReceipt {
    pub delivered_at: i64,
    pub read_at: Option<i64>,
    pub acknowledged_at: Option<i64>,
    pub told_how: Option<String>,
    pub told_at: Option<i64>,
}

/// A notice waiting in a resident's next daily digest.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct DigestItem {
    pub user_id: i64,
    pub notice_id: i64,
    pub title: String,
}

/// The inbox line each addressed resident gets, in both languages.
#[derive(Clone, Debug)]
pub struct DeliveryText {
    pub zh: String,
    pub en: String,
    /// Whether residents who take SMS get it by SMS too (停水停电, 防疫).
    pub by_sms: bool,
}

#[async_trait]
pub trait NoticeStore: Send + Sync {
    /// A new draft.
    async fn create_public_notice(&self, n: &NewPublicNotice, now: i64) -> StoreResult<i64>;
    async fn public_notice(&self, id: i64) -> StoreResult<Option<PublicNoticeRow>>;
    /// A unit's notices, newest first.
    async fn unit_notices(&self, unit_kind: &str, unit_code: &str, limit: i64) -> StoreResult<Vec<PublicNoticeRow>>;
    /// Moves the notice from one of `from` to `to` (with `publish_at` for a schedule, and the
    /// reason for a withdrawal), audited; false when it was in none of `from`.
    async fn move_public_notice(&self, id: i64, from: &[&str], to: &str, publish_at: Option<i64>, reason: &str, audit: &AuditEntry, now: i64) -> StoreResult<bool>;
    /// Scheduled notices whose time has come.
    async fn due_public_notices(&self, now: i64) -> StoreResult<Vec<i64>>;
    /// Published notices whose delivery has not finished (a restart resumes them).
    async fn undelivered_public_notices(&self) -> StoreResult<Vec<i64>>;
    /// Addresses the next `batch` residents of a published notice's audience (receipt, inbox
    /// line, and SMS where asked), in one transaction of its own.
    async fn deliver_public_notice(&self, id: i64, text: &DeliveryText, batch: i64, now: i64) -> StoreResult<DeliveryStep>;
    /// Published, unexpired notices for a reader (none: the district-wide ones), pinned first,
    /// then newest; `search` matches title, body or their pinyin.
    async fn notices_for(&self, reader: Option<&Reader>, today: &str, search: &str, limit: i64, offset: i64) -> StoreResult<Vec<PublicNoticeRow>>;
    /// Whether the notice's audience includes the reader now.
    async fn addresses(&self, id: i64, reader: &Reader) -> StoreResult<bool>;
    /// Marks it read (and delivered, for someone who joined the audience later); true the
    /// first time only.
    async fn mark_notice_read(&self, id: i64, reader: &Reader, now: i64) -> StoreResult<bool>;
    /// "我已知晓"; true the first time only.
    async fn acknowledge_notice(&self, id: i64, reader: &Reader, now: i64) -> StoreResult<bool>;
    /// Staff told the resident in person or by phone; audited.
    async fn record_notice_told(&self, id: i64, reader: &Reader, how: &str, audit: &AuditEntry, now: i64) -> StoreResult<()>;
    async fn notice_receipt(&self, id: i64, user_id: i64) -> StoreResult<Option<NoticeReceipt>>;
    async fn notice_coverage(&self, id: i64) -> StoreResult<Vec<BuildingCoverage>>;
    /// Residents of the households not reached yet, by building and door.
    async fn unreached(&self, id: i64, limit: i64) -> StoreResult<Vec<Unreached>>;
    /// Replaces the groups a resident states about themselves (each with its consent time).
    async fn set_user_groups(&self, user_id: i64, groups: &[String], now: i64) -> StoreResult<()>;
    /// The resident's door within their building (室号), which makes their household.
    async fn set_user_room(&self, user_id: i64, room: &str) -> StoreResult<()>;
    async fn user_groups(&self, user_id: i64) -> StoreResult<Vec<String>>;
    /// The categories a resident hears of other than at once: (category, `digest` or `never`).
    async fn notice_subscriptions(&self, user_id: i64) -> StoreResult<Vec<(String, String)>>;
    async fn set_notice_subscriptions(&self, user_id: i64, choices: &[(String, String)]) -> StoreResult<()>;
    /// Receipts waiting for a digest that were delivered before `before`, by resident.
    async fn due_notice_digests(&self, before: i64, limit: i64) -> StoreResult<Vec<DigestItem>>;
    /// One inbox line for a resident's waiting notices; they no longer wait.
    async fn send_notice_digest(&self, user_id: i64, notice_ids: &[i64], text: &DeliveryText, now: i64) -> StoreResult<()>;
    /// Attaches files to a draft, owned by the publisher; false (nothing written) when the notice
    /// is no longer a draft or would then hold more than `max`.
    async fn attach_notice_files(&self, id: i64, owner_id: i64, files: &[super::NewFile], max: i64, now: i64) -> StoreResult<bool>;
    async fn notice_files(&self, id: i64) -> StoreResult<Vec<super::FileRow>>;
    /// Takes a file off a draft; the stored names to delete when no other notice links it
    /// (`None`: not this draft's).
    async fn detach_notice_file(&self, id: i64, file_id: i64) -> StoreResult<Option<Vec<String>>>;
    /// A republished copy links the files of the notice it replaces.
    async fn copy_notice_files(&self, from_id: i64, to_id: i64) -> StoreResult<()>;
}

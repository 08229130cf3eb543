//! The one door to the database. `Store` is the small interface every capability uses; each
//! engine (SQLite embedded by default, PostgreSQL for scale) has its own type, pool settings and
//! migrations. The SQL itself is portable (`$n` placeholders, `RETURNING`, `ON CONFLICT`), so it
//! is written once in `queries.rs` and instantiated per engine.
mod application_queries;
mod applications;
mod bundle_queries;
mod bundles;
mod certificate_queries;
mod certificates;
mod feedback;
mod feedback_queries;
mod help;
mod help_queries;
mod insight_details;
mod insights;
mod kiosks;
mod market;
mod market_queries;
mod notice_queries;
mod notices;
mod survey_queries;
mod surveys;
pub mod origin;
mod postgres;
mod counter;
mod counter_queries;
mod privacy;
mod privacy_queries;
mod queries;
pub mod sealed;
pub mod search_terms;
mod sqlite;
mod step;
mod trust;
mod trust_queries;

pub use applications::*;
pub use bundles::*;
pub use certificates::*;
pub use counter::*;
pub use feedback::*;
pub use help::*;
pub use insight_details::*;
pub use insights::*;
pub use kiosks::*;
pub use market::*;
pub use notices::*;
pub use surveys::*;
pub use postgres::PgStore;
pub use privacy::*;
pub use sealed::{FieldCipher, ID_NUMBER_DOMAIN, PHONE_DOMAIN};
pub use sqlite::SqliteStore;
pub use step::Step;
pub use trust::*;

use async_trait::async_trait;
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique rule was hit; names the field ("phone", "id_number", …).
    #[error("already exists: {0}")]
    Conflict(&'static str),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A sealed field did not open: altered, or sealed under a key this server does not hold.
    #[error("a sealed field does not open ({0})")]
    Sealed(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct UserRecord {
    pub id: i64,
    pub phone: String,
    pub name: String,
    pub id_number: String,
    pub password_hash: String,
    /// Stored as its name (`Role::as_str`), read back through `Role::try_from`.
    #[sqlx(try_from = "String")]
    pub role: linli_types::Role,
    pub department_code: Option<String>,
    pub community_code: Option<String>,
    pub building_id: Option<i64>,
    pub mode: String,
    pub lang: String,
    pub phone_verified_at: Option<i64>,
    /// Base32 TOTP secret of a privileged account (made at its first sign-in).
    pub totp_secret: Option<String>,
    pub totp_enabled_at: Option<i64>,
    pub totp_last_step: Option<i64>,
    pub identity_checked_at: Option<i64>,
    pub identity_checked_by: Option<i64>,
    /// How the identity was confirmed: `in_person`, `online`, `operator`; empty when it was not.
    pub identity_method: String,
    /// When the account was closed (注销); its personal data is gone.
    pub closed_at: Option<i64>,
    /// The keyed hash of an ID number this account claims but another holds (its `id_number`
    /// is then a placeholder), until staff settle it at the counter.
    pub id_claim_key: Option<String>,
    /// When staff moved this account's ID number to its true holder.
    pub id_disputed_at: Option<i64>,
    pub created_at: i64,
    /// The door within the building (室号), which makes the household; empty when not stated.
    pub room: String,
}

impl UserRecord {
    /// Whether `id_number` is a real number the account holds (not a claim or a lost one).
    pub fn holds_id_number(&self) -> bool {
        self.id_claim_key.is_none() && self.id_disputed_at.is_none() && self.closed_at.is_none()
    }
}

/// What the counter looks a resident up by; empty parts do not filter.
#[derive(Clone, Debug, Default)]
pub struct ResidentFilter {
    pub name_prefix: String,
    pub phone: String,
    pub offset: i64,
    pub limit: i64,
}

/// A confirmed identity (assurance level 2): who confirmed it, how, and what they noted.
#[derive(Clone, Debug)]
pub struct IdentityCheck {
    pub user_id: i64,
    /// The staff member who saw the ID card; none for the online verifier or an operator.
    pub checked_by: Option<i64>,
    pub method: &'static str,
    /// For the audit row: the verifier's reference, the staff member's office.
    pub detail: String,
}

/// Where a community's counter is and when it is open (for "how to reach L2").
#[derive(Clone, Debug, Default, PartialEq, sqlx::FromRow)]
pub struct CommunityOffice {
    pub address: String,
    pub address_en: String,
    pub hours: String,
    pub hours_en: String,
    pub phone: String,
}

#[derive(Clone, Debug)]
pub struct NewUser {
    pub phone: String,
    pub name: String,
    pub id_number: String,
    pub password_hash: String,
    pub role: linli_types::Role,
    pub department_code: Option<String>,
    pub community_code: Option<String>,
    pub building_id: Option<i64>,
    /// Registering with an ID number another account holds: `id_number` is a placeholder and
    /// this is the keyed hash of the number claimed.
    pub id_claim_key: Option<String>,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct BuildingRow {
    pub id: i64,
    pub name: String,
    pub name_en: String,
    pub community_code: String,
    pub community_name: String,
    pub community_name_en: String,
    pub street_code: String,
    pub street_name: String,
    pub street_name_en: String,
    /// Where the building stands (WGS-84), when known.
    pub lat: Option<f64>,
    pub lng: Option<f64>,
}

/// A place's name in both languages; `en` empty where none is given.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Names {
    pub zh: String,
    pub en: String,
}

impl Names {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Names { zh: zh.into(), en: en.into() }
    }
}

impl BuildingRow {
    fn pick<'a>(zh: &'a str, en: &'a str, lang: linli_types::Lang) -> &'a str {
        if lang == linli_types::Lang::En && !en.is_empty() { en } else { zh }
    }
    pub fn building_name(&self, lang: linli_types::Lang) -> &str {
        Self::pick(&self.name, &self.name_en, lang)
    }
    /// "朝阳街道 幸福里社区", or "Xingfuli Community, Chaoyang Sub-district".
    pub fn community_label(&self, lang: linli_types::Lang) -> String {
        let (street, community) = (Self::pick(&self.street_name, &self.street_name_en, lang), Self::pick(&self.community_name, &self.community_name_en, lang));
        if lang == linli_types::Lang::En { format!("{community}, {street}") } else { format!("{street} {community}") }
    }
    /// The full address of the building, largest place first in Chinese and last in English.
    pub fn address(&self, lang: linli_types::Lang) -> String {
        if lang == linli_types::Lang::En {
            format!("{}, {}", self.building_name(lang), self.community_label(lang))
        } else {
            format!("{} {}", self.community_label(lang), self.name)
        }
    }
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct DepartmentRow {
    pub code: String,
    pub name: String,
    pub name_en: String,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ServiceRow {
    pub code: String,
    pub department_code: String,
    pub name: String,
    pub name_en: String,
    pub category: String,
    /// Comma-separated codes.
    pub life_events: String,
    pub target_groups: String,
    pub channel: String,
    pub time_limit_days: i64,
    pub summary: String,
    pub summary_en: String,
    pub category_en: String,
    /// Chinese text searched by substring: name, keywords, summary.
    pub search_text: String,
    /// Space-separated pinyin of the name and each keyword, whole and by initials.
    pub pinyin_full: String,
    pub pinyin_initials: String,
    /// The whole guide (`ServiceDetail`); left empty by `services()`, which lists.
    pub detail_json: String,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AuditRow {
    pub id: i64,
    pub at: i64,
    pub actor_id: Option<i64>,
    pub subject_id: Option<i64>,
    pub action: String,
    pub detail: String,
    /// The client address and browser of the request that wrote it (empty for sweeps).
    pub addr: String,
    pub user_agent: String,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CalendarDayRow {
    /// `YYYY-MM-DD`
    pub day: String,
    pub kind: String,
    pub name: String,
}

#[async_trait]
pub trait Store: ApplicationStore + BundleStore + CounterStore + ECertificateStore + FeedbackStore + HelpStore + InsightStore + InsightDetailStore + KioskStore + MarketStore + NoticeStore + SurveyStore + TrustStore + PrivacyStore + Send + Sync {
    fn engine(&self) -> &'static str;
    async fn migrate(&self) -> StoreResult<()>;
    /// Seals personal fields written before sealing, or under an older data key, with the
    /// newest key, and fills the users' keyed hashes; batch by batch. Returns the rows changed.
    async fn seal_personal_data(&self) -> StoreResult<u64>;
    async fn ping(&self) -> StoreResult<()>;
    /// Takes (or, for its holder, renews) `job`'s lease for `holder` until `until`, unless
    /// another server holds it at `now`. True when taken: only then does the job run, so several
    /// servers run each job once per interval, and another takes over when a holder stops.
    async fn take_lease(&self, job: &str, holder: &str, now: i64, until: i64) -> StoreResult<bool>;
    /// Takes one from a GCRA bucket shared by every server: allowed when the bucket's arrival
    /// time, moved on by `interval_ms`, stays within `capacity_ms` of `now_ms`. None when taken;
    /// otherwise how many ms until one is free.
    async fn take_from_bucket(&self, bucket: &str, now_ms: i64, interval_ms: i64, capacity_ms: i64) -> StoreResult<Option<i64>>;
    /// Deletes buckets that are full again (their time has passed).
    async fn forget_full_buckets(&self, now_ms: i64) -> StoreResult<u64>;
    /// Rows in `table` (a name the caller checked: letters, digits and `_` only).
    async fn count_rows(&self, table: &str) -> StoreResult<i64>;
    /// Connections of the pool: open, and idle among them (for `/metrics`).
    fn pool_use(&self) -> (u32, u32);

    async fn add_street(&self, code: &str, name: &Names) -> StoreResult<()>;
    async fn add_community(&self, code: &str, street_code: &str, name: &Names) -> StoreResult<()>;
    async fn add_building(&self, community_code: &str, name: &Names) -> StoreResult<i64>;
    async fn buildings(&self) -> StoreResult<Vec<BuildingRow>>;
    /// The first building of each community, in the same order: a community's names without
    /// reading every building of a city.
    async fn first_building_of_each_community(&self) -> StoreResult<Vec<BuildingRow>>;
    async fn building(&self, id: i64) -> StoreResult<Option<BuildingRow>>;
    async fn community_exists(&self, code: &str) -> StoreResult<bool>;

    /// Inserts a user unless the phone or ID number is taken; never half-stores. The phone counts
    /// as proven: by a one-time code at registration, or by the operator who made the account.
    async fn create_user(&self, user: &NewUser, now: i64) -> StoreResult<i64>;
    async fn user_by_id(&self, id: i64) -> StoreResult<Option<UserRecord>>;
    async fn user_by_phone(&self, phone: &str) -> StoreResult<Option<UserRecord>>;
    async fn user_by_id_number(&self, id_number: &str) -> StoreResult<Option<UserRecord>>;
    async fn set_user_prefs(&self, user_id: i64, mode: &str, lang: &str) -> StoreResult<()>;
    /// Records a confirmed identity and audits it, in one transaction.
    async fn mark_identity_checked(&self, check: &IdentityCheck, now: i64) -> StoreResult<()>;
    async fn community_office(&self, code: &str) -> StoreResult<Option<CommunityOffice>>;
    async fn set_community_office(&self, code: &str, office: &CommunityOffice) -> StoreResult<()>;
    async fn residents_in_community(&self, community_code: &str) -> StoreResult<Vec<UserRecord>>;
    /// One page of a community's residents for the counter, in name order: those whose name
    /// starts with `name_prefix`, or who registered `phone` (found by its keyed hash).
    async fn find_residents(&self, community_code: &str, filter: &ResidentFilter) -> StoreResult<Vec<UserRecord>>;
    /// Sets (or, with none, removes) the keyed hash of the account's calendar feed link.
    async fn set_calendar_key(&self, user_id: i64, key: Option<&str>) -> StoreResult<()>;
    async fn user_by_calendar_key(&self, key: &str) -> StoreResult<Option<UserRecord>>;
    /// Every community's drawn area: `(code, GeoJSON)`, empty where none is drawn.
    async fn community_boundaries(&self) -> StoreResult<Vec<(String, String)>>;
    /// Redraws a community's area and audits who did it; false when there is no such community.
    async fn set_community_boundary(&self, code: &str, geojson: &str, by: i64, now: i64) -> StoreResult<bool>;

    /// The account of a full session; a privileged account's session also needs a request since
    /// `idle_since`.
    async fn session_user(&self, token_hash: &str, now: i64, idle_since: i64) -> StoreResult<Option<UserRecord>>;
    async fn delete_session(&self, token_hash: &str) -> StoreResult<()>;

    async fn audit(
        &self,
        now: i64,
        actor_id: Option<i64>,
        subject_id: Option<i64>,
        action: &str,
        detail: &str,
    ) -> StoreResult<()>;
    /// One look at many people's data (an export, say): an entry per person, in one transaction.
    async fn audit_each(&self, now: i64, actor_id: i64, subject_ids: &[i64], action: &str, detail: &str) -> StoreResult<()>;
    async fn audit_for_subject(&self, subject_id: i64, limit: i64) -> StoreResult<Vec<AuditRow>>;
    /// What one account did, newest first (an admin's looks at the outbox, say).
    async fn audit_by_actor(&self, actor_id: i64, limit: i64) -> StoreResult<Vec<AuditRow>>;

    async fn setting(&self, key: &str) -> StoreResult<Option<String>>;
    async fn set_setting(&self, key: &str, value: &str) -> StoreResult<()>;

    async fn calendar_days(&self) -> StoreResult<Vec<CalendarDayRow>>;
    async fn set_calendar_day(&self, day: &CalendarDayRow, by: Option<i64>, now: i64) -> StoreResult<()>;
    /// Whether there was such a day to remove.
    async fn delete_calendar_day(&self, day: &str, by: i64, now: i64) -> StoreResult<bool>;

    async fn upsert_department(&self, dept: &DepartmentRow) -> StoreResult<()>;
    async fn departments(&self) -> StoreResult<Vec<DepartmentRow>>;
    async fn upsert_service(&self, service: &ServiceRow) -> StoreResult<()>;
    /// Every service without its detail document (for lists and search).
    async fn services(&self) -> StoreResult<Vec<ServiceRow>>;
    async fn service(&self, code: &str) -> StoreResult<Option<ServiceRow>>;
}

pub type SharedStore = Arc<dyn Store>;

/// Opens the database named by the URL: `postgres://…` selects PostgreSQL, anything else is a
/// SQLite path or `sqlite:` URL.
/// Personal fields are sealed and opened with `cipher`.
pub async fn connect(url: &str, cipher: Arc<dyn FieldCipher>) -> StoreResult<SharedStore> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Arc::new(PgStore::connect(url, cipher).await?))
    } else {
        Ok(Arc::new(SqliteStore::connect(url, cipher).await?))
    }
}

/// `status IN ($first, …)` for a transition's allowed states, bound one by one: the guard is the
/// lifecycle table's own list, with no string matching in SQL.
pub(crate) fn status_in(first: usize, states: &[&str]) -> String {
    if states.is_empty() {
        return "1 = 0".into();
    }
    let marks: Vec<String> = (first..first + states.len()).map(|i| format!("${i}")).collect();
    format!("status IN ({})", marks.join(", "))
}

/// Whether the database refused a write because a unique key is taken. Read from the driver's
/// error code, never from the message text; which key it was is asked of the data afterwards.
pub(crate) fn is_unique_violation(err: &sqlx::Error) -> bool {
    err.as_database_error().is_some_and(|db| db.is_unique_violation())
}

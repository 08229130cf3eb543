//! Storage for the 便民服务 marketplace: providers and their vetting, listings with weekly
//! availability, orders with a timeline, reviews and promotions. Written once for both engines in
//! `market_queries.rs`. Every change someone is told about is one guarded transaction.
use super::{AuditEntry, FileRow, NewFile, Notice, StoreResult};
use async_trait::async_trait;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ProviderRow {
    pub id: i64,
    pub owner_id: i64,
    pub name: String,
    pub uscc: String,
    pub contact_name: String,
    pub contact_phone: String,
    /// `,code,code,`
    pub categories: String,
    /// `,community,community,`: where it asks to serve.
    pub communities: String,
    /// `,community,…,`: where that community's staff have approved it (each decides for itself).
    pub approved_communities: String,
    pub base_building_id: Option<i64>,
    pub radius_km: f64,
    pub base_lat: Option<f64>,
    pub base_lng: Option<f64>,
    pub licence_file_id: i64,
    pub status: String,
    pub status_reason: String,
    pub vetted_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// One community's own decision about a provider.
#[derive(Clone, Debug)]
pub struct CommunityApproval {
    pub provider_id: i64,
    pub community: String,
    pub open: bool,
    /// The staff member deciding; none for demo data.
    pub by: Option<i64>,
}

/// What a provider's application (or resubmission) says.
#[derive(Clone, Debug)]
pub struct NewProvider {
    pub owner_id: i64,
    pub name: String,
    pub uscc: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub categories: String,
    pub communities: String,
    pub base_building_id: Option<i64>,
    pub radius_km: f64,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ProviderEventRow {
    pub id: i64,
    pub at: i64,
    pub actor_id: Option<i64>,
    pub kind: String,
    pub note: String,
}

/// A vetting decision changes the provider's status; its note is the reason shown to them.
pub type ProviderStep = super::Step<ProviderEffects>;

#[derive(Clone, Debug, Default)]
pub struct ProviderEffects {
    /// Approving also opens the provider in the approver's own community, in the same step.
    pub open_in: Option<String>,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ListingRow {
    pub id: i64,
    pub provider_id: i64,
    pub title: String,
    pub description: String,
    pub categories: String,
    pub target_groups: String,
    pub price_kind: String,
    pub price_cents: i64,
    pub duration_minutes: i64,
    pub cancel_hours: i64,
    pub active: i64,
    pub search_text: String,
    pub pinyin_full: String,
    pub pinyin_initials: String,
    pub created_at: i64,
    pub provider_name: String,
    pub provider_status: String,
    pub provider_owner_id: i64,
    /// Where the provider is approved (`,code,…,`), not merely where it asked to serve.
    pub provider_communities: String,
    pub provider_radius_km: f64,
    pub base_lat: Option<f64>,
    pub base_lng: Option<f64>,
    /// The community of the base its radius is measured from: its approval covers the radius.
    pub base_community: Option<String>,
    pub stars_sum: i64,
    pub reviews: i64,
    pub completed: i64,
    /// The first photo, shown on cards.
    pub cover_file_id: Option<i64>,
}

/// What a search ranks a listing by.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ListingWords {
    pub id: i64,
    pub title: String,
    pub search_text: String,
    pub pinyin_full: String,
    pub pinyin_initials: String,
}

#[derive(Clone, Debug, Default)]
pub struct ListingInput {
    pub title: String,
    pub description: String,
    pub categories: String,
    pub target_groups: String,
    pub price_kind: String,
    pub price_cents: i64,
    pub duration_minutes: i64,
    pub cancel_hours: i64,
    pub search_text: String,
    pub pinyin_full: String,
    pub pinyin_initials: String,
}

/// Which listings: the market (approved providers, active listings) or one provider's own.
#[derive(Clone, Debug, Default)]
pub struct ListingQuery {
    pub provider_id: Option<i64>,
    /// Only listings a resident may book: approved provider, listing on sale.
    pub bookable_only: bool,
    /// Providers that name this community …
    pub community: Option<String>,
    /// … or whose radius reaches this place (lat, lng).
    pub place: Option<(f64, f64)>,
    pub category: Option<String>,
    /// Words in the title or description, or pinyin, found through the full-text index (see
    /// `search_terms`) as a first cut; the caller ranks and keeps the real matches.
    pub text: Option<String>,
    pub limit: i64,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AvailabilityRow {
    pub id: i64,
    pub listing_id: i64,
    pub weekday: i64,
    pub start_minute: i64,
    pub capacity: i64,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct OrderRow {
    pub id: i64,
    pub ref_no: String,
    pub listing_id: i64,
    pub provider_id: i64,
    pub provider_name: String,
    pub provider_owner_id: i64,
    pub provider_phone: String,
    pub resident_id: i64,
    pub resident_name: String,
    pub booked_by_id: i64,
    pub consent: String,
    pub community_code: Option<String>,
    pub starts_at: i64,
    pub address: String,
    pub contact_phone: String,
    pub note: String,
    pub title: String,
    pub price_kind: String,
    pub price_cents: i64,
    pub cancel_hours: i64,
    pub status: String,
    pub reason: String,
    pub paid_cents: Option<i64>,
    pub paid_method: Option<String>,
    pub paid_at: Option<i64>,
    pub served_at: Option<i64>,
    pub completed_at: Option<i64>,
    pub auto_completed: i64,
    pub created_at: i64,
}

#[derive(Clone, Debug)]
pub struct NewOrder {
    pub ref_no: String,
    pub listing_id: i64,
    pub provider_id: i64,
    pub resident_id: i64,
    pub booked_by_id: i64,
    pub consent: String,
    /// How it reached Linli (`channel::Channel`).
    pub channel: &'static str,
    pub community_code: Option<String>,
    pub starts_at: i64,
    pub address: String,
    pub contact_phone: String,
    pub note: String,
    pub title: String,
    pub price_kind: String,
    pub price_cents: i64,
    pub cancel_hours: i64,
}

pub enum BookOutcome {
    Booked(i64),
    /// Every place in the slot is taken.
    Full,
    /// The provider is no longer approved or the listing is off sale.
    Unavailable,
}

#[derive(Clone, Debug, Default)]
pub struct OrderQuery {
    pub resident_id: Option<i64>,
    pub booked_by_id: Option<i64>,
    pub provider_id: Option<i64>,
    pub statuses: Vec<&'static str>,
    /// Orders served before this time (the 48-hour automatic completion).
    pub served_before: Option<i64>,
    pub limit: i64,
}

/// What an order's step changes besides its status (see `Step`).
#[derive(Clone, Debug, Default)]
pub struct OrderEffects {
    /// Stored as the order's reason (decline, cancellation).
    pub reason: Option<String>,
    /// Gives the place in the slot back (declined, cancelled).
    pub frees_slot: bool,
    pub served: bool,
    pub completed: bool,
    pub automatic: bool,
    /// Cash or card at the door: (amount in fen, method); recorded once.
    pub paid: Option<(i64, &'static str)>,
}

pub type OrderStep = super::Step<OrderEffects>;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct OrderEventRow {
    pub id: i64,
    pub at: i64,
    pub actor_id: Option<i64>,
    pub actor_name: Option<String>,
    pub kind: String,
    pub note: String,
    pub status_after: String,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ReviewRow {
    pub order_id: i64,
    pub listing_id: i64,
    pub resident_name: String,
    pub stars: i64,
    pub body: String,
    pub reply: Option<String>,
    pub replied_at: Option<i64>,
    pub created_at: i64,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PromotionRow {
    pub id: i64,
    pub provider_id: i64,
    pub provider_name: String,
    pub provider_status: String,
    pub provider_communities: String,
    pub title: String,
    pub image_file_id: i64,
    pub starts_on: String,
    pub ends_on: String,
    pub status: String,
    pub reason: String,
    pub created_at: i64,
}

#[async_trait]
pub trait MarketStore: Send + Sync {
    async fn set_building_location(&self, building_id: i64, lat: f64, lng: f64) -> StoreResult<()>;
    async fn building_location(&self, building_id: i64) -> StoreResult<Option<(f64, f64)>>;

    /// A new application with its licence (already fsynced); Conflict("uscc") or Conflict("owner").
    async fn create_provider(&self, p: &NewProvider, licence: &NewFile, notices: &[Notice], now: i64) -> StoreResult<i64>;
    /// Sends a rejected or "more needed" application again, optionally with a new licence.
    async fn resubmit_provider(&self, id: i64, p: &NewProvider, licence: Option<&NewFile>, from: &[&str], notices: &[Notice], now: i64) -> StoreResult<bool>;
    async fn provider(&self, id: i64) -> StoreResult<Option<ProviderRow>>;
    async fn provider_by_owner(&self, owner_id: i64) -> StoreResult<Option<ProviderRow>>;
    async fn providers(&self) -> StoreResult<Vec<ProviderRow>>;
    async fn provider_events(&self, provider_id: i64) -> StoreResult<Vec<ProviderEventRow>>;
    async fn provider_step(&self, step: &ProviderStep, now: i64) -> StoreResult<bool>;
    /// Opens (or closes) an approved provider in one community, with its history event and
    /// notices; false when the provider is not approved or nothing changed.
    async fn set_community_approval(&self, change: &CommunityApproval, notices: &[Notice], now: i64) -> StoreResult<bool>;

    /// Fills the full-text words of listings stored before the index existed; the rows filled.
    async fn index_listings(&self) -> StoreResult<u64>;
    /// Creates (id None) or changes one of the provider's listings; new photos are added.
    /// None: no such listing of that provider.
    async fn save_listing(&self, provider_id: i64, owner_id: i64, id: Option<i64>, l: &ListingInput, photos: &[NewFile], now: i64) -> StoreResult<Option<i64>>;
    async fn set_listing_active(&self, id: i64, provider_id: i64, active: bool, now: i64) -> StoreResult<bool>;
    async fn listing(&self, id: i64) -> StoreResult<Option<ListingRow>>;
    async fn listings(&self, q: &ListingQuery) -> StoreResult<Vec<ListingRow>>;
    /// A search's first cut: only the words of each listing the query finds (newest first), for
    /// the caller to rank before it reads the few it shows whole (`listings_by_id`).
    async fn listing_words(&self, q: &ListingQuery) -> StoreResult<Vec<ListingWords>>;
    /// These listings, in no particular order; ids that are not there are left out.
    async fn listings_by_id(&self, ids: &[i64]) -> StoreResult<Vec<ListingRow>>;
    /// How many listings the query finds (without its limit).
    async fn count_listings(&self, q: &ListingQuery) -> StoreResult<i64>;
    async fn listing_photos(&self, listing_id: i64) -> StoreResult<Vec<FileRow>>;
    async fn availability(&self, listing_id: i64) -> StoreResult<Vec<AvailabilityRow>>;
    /// Adds a weekly slot; false when that start already exists.
    async fn add_availability(&self, listing_id: i64, weekday: i64, start_minute: i64, capacity: i64) -> StoreResult<bool>;
    async fn delete_availability(&self, id: i64, listing_id: i64) -> StoreResult<bool>;
    /// Places taken per slot start in [from, to).
    async fn slot_use(&self, listing_id: i64, from: i64, to: i64) -> StoreResult<Vec<(i64, i64)>>;

    /// Takes a place in the slot and stores the order, or nothing at all.
    async fn book(&self, o: &NewOrder, capacity: i64, notices: &[Notice], audit: &[AuditEntry], now: i64) -> StoreResult<BookOutcome>;
    async fn order_by_ref(&self, ref_no: &str) -> StoreResult<Option<OrderRow>>;
    async fn order_ref(&self, id: i64) -> StoreResult<Option<String>>;
    async fn orders(&self, q: &OrderQuery) -> StoreResult<Vec<OrderRow>>;
    async fn order_events(&self, order_id: i64) -> StoreResult<Vec<OrderEventRow>>;
    async fn order_step(&self, step: &OrderStep, now: i64) -> StoreResult<bool>;
    /// Feedback items (complaints) about this order: (reference, unit kind, unit code).
    async fn complaints_about(&self, order_id: i64) -> StoreResult<Vec<(String, String, String)>>;

    /// The resident's rating of a completed order; false when it is not completed or already rated.
    async fn add_review(&self, order_id: i64, resident_id: i64, stars: i64, body: &str, notices: &[Notice], now: i64) -> StoreResult<bool>;
    /// The provider's one reply; false when there is no review or it was already answered.
    async fn reply_review(&self, order_id: i64, provider_id: i64, reply: &str, now: i64) -> StoreResult<bool>;
    async fn review(&self, order_id: i64) -> StoreResult<Option<ReviewRow>>;
    async fn reviews_for_listing(&self, listing_id: i64, limit: i64) -> StoreResult<Vec<ReviewRow>>;

    async fn create_promotion(&self, provider_id: i64, owner_id: i64, title: &str, image: &NewFile, starts_on: &str, ends_on: &str, notices: &[Notice], now: i64) -> StoreResult<i64>;
    async fn promotion(&self, id: i64) -> StoreResult<Option<PromotionRow>>;
    async fn promotions(&self, provider_id: Option<i64>) -> StoreResult<Vec<PromotionRow>>;
    async fn review_promotion(&self, id: i64, from: &[&str], to: &str, reason: &str, by: i64, notices: &[Notice], now: i64) -> StoreResult<bool>;
    /// Approved promotions of approved providers running on `day` (YYYY-MM-DD).
    async fn live_promotions(&self, day: &str) -> StoreResult<Vec<PromotionRow>>;
}

//! What the marketplace pages receive from the server (shared by SSR and hydration).
use crate::applications::view::PersonChoice;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    pub code: String,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ListingCard {
    pub id: i64,
    pub title: String,
    pub provider_name: String,
    pub vetted: bool,
    pub provider_status: String,
    pub provider_status_label: String,
    pub categories: Vec<String>,
    pub suits: Vec<String>,
    pub price: String,
    pub duration_minutes: i64,
    /// Mean stars with one decimal, when rated.
    pub rating: Option<String>,
    pub reviews: i64,
    pub completed: i64,
    pub photo: Option<String>,
    pub active: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MarketView {
    pub items: Vec<ListingCard>,
    /// How many matched (more than `items` when the page is full).
    pub total: usize,
    pub categories: Vec<Choice>,
    pub communities: Vec<Choice>,
    pub category: String,
    pub community: String,
    pub community_name: String,
    pub q: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewView {
    pub resident: String,
    pub stars: i64,
    pub body: String,
    pub reply: Option<String>,
    pub date: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SlotView {
    pub starts_at: i64,
    /// "11-27 周五"
    pub day: String,
    /// "09:00"
    pub time: String,
    pub left: i64,
}

/// The booking form's defaults: for whom, where, and how to reach them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BookingContext {
    pub choices: Vec<PersonChoice>,
    pub for_id: Option<i64>,
    pub staff: bool,
    pub address: String,
    pub phone: String,
    /// What staff searched their community for.
    pub who: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ListingDetail {
    pub card: ListingCard,
    pub description: String,
    pub cancel_hours: i64,
    pub photos: Vec<String>,
    pub reviews: Vec<ReviewView>,
    pub slots: Vec<SlotView>,
    pub areas: String,
    /// None for a signed-out visitor or someone who cannot book (a provider, an officer).
    pub booking: Option<BookingContext>,
    pub is_owner: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventView {
    pub at: String,
    pub label: String,
    pub actor: String,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderSummary {
    pub ref_no: String,
    pub title: String,
    pub status: String,
    pub status_label: String,
    pub slot: String,
    pub who: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderView {
    pub ref_no: String,
    pub listing_id: i64,
    pub title: String,
    pub status: String,
    pub status_label: String,
    pub slot: String,
    pub address: String,
    pub contact_phone: String,
    pub note: String,
    pub price: String,
    pub provider_name: String,
    pub provider_phone: String,
    pub resident_name: String,
    pub booked_for_by: Option<String>,
    pub reason: String,
    pub paid: Option<String>,
    pub timeline: Vec<EventView>,
    /// Who is looking: "provider", "resident" or "staff".
    pub viewer: String,
    pub free_cancel_until: String,
    pub can_cancel_free: bool,
    pub review: Option<ReviewView>,
    /// Only the resident themself rates, once, after completion.
    pub may_rate: bool,
    pub online_payment: bool,
    pub complaints: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProviderView {
    pub id: i64,
    pub name: String,
    pub uscc: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub categories: Vec<String>,
    pub communities: Vec<String>,
    pub base: String,
    pub radius_km: f64,
    pub status: String,
    pub status_label: String,
    pub reason: String,
    pub history: Vec<EventView>,
    /// Where a community has approved it (names), beside where it asks to serve.
    pub open_in: Vec<String>,
    /// For staff: whether it is open in their own community (none for admins).
    pub open_here: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PromotionView {
    pub id: i64,
    pub title: String,
    pub provider_name: String,
    pub starts_on: String,
    pub ends_on: String,
    pub status: String,
    pub status_label: String,
    pub reason: String,
    pub image: String,
}

/// `/provider`: the application's state, listings, booking inbox and promotions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProviderHome {
    pub provider: Option<ProviderView>,
    pub listings: Vec<ListingCard>,
    pub inbox: Vec<OrderSummary>,
    pub promotions: Vec<PromotionView>,
}

/// The application form's choices and, for a resubmission, what was sent before.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProviderFormView {
    pub categories: Vec<Choice>,
    pub communities: Vec<Choice>,
    pub buildings: Vec<crate::community::BuildingOption>,
    pub current: Option<ProviderFormValues>,
    /// Already approved, pending or suspended: nothing to fill in.
    pub locked: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ProviderFormValues {
    pub name: String,
    pub uscc: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub categories: Vec<String>,
    pub communities: Vec<String>,
    pub base_building: String,
    pub radius_km: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AvailabilityView {
    pub id: i64,
    pub text: String,
    pub capacity: i64,
}

/// `/provider/listings/{id}` (or `new`): the listing's fields and weekly slots.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ListingEditView {
    pub id: Option<i64>,
    pub values: std::collections::BTreeMap<String, String>,
    pub categories: Vec<Choice>,
    pub chosen_categories: Vec<String>,
    pub suits: Vec<Choice>,
    pub chosen_suits: Vec<String>,
    pub availability: Vec<AvailabilityView>,
    pub photos: Vec<String>,
    pub active: bool,
}

/// `/work/providers`: applications and providers of the staff member's community, and promotions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffMarketView {
    pub providers: Vec<ProviderView>,
    pub promotions: Vec<PromotionView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HomePromotion {
    pub title: String,
    pub provider_name: String,
    pub image: String,
}

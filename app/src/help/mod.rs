//! 邻里互助: a resident (or a relative, or community staff for them) asks for help — 陪诊, 代买,
//! 助餐送餐, 上门探访, 小修小补 — and volunteers of the community's team take it (or staff
//! screen and assign it, as the community chooses), check in and out with one-time codes the
//! resident shows, and the resident confirms and thanks them. Each confirmed service records
//! the volunteer's hours (真实、准确、完整、无偿、及时): a certificate anyone can check by its
//! number, corrections by staff with a reason, and gifts of hours to an elder's time bank.
pub mod lifecycle;
pub mod pages;
pub mod volunteer_pages;
pub mod work_pages;
#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
mod desk_handlers;
#[cfg(feature = "ssr")]
mod load;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// 陪诊, 代买, 助餐送餐, 上门探访, 小修小补, 其他.
pub const KINDS: &[&str] = &["escort", "shopping", "meals", "visit", "repair", "other"];

/// A help request as a list shows it: never a door, only the building.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HelpCard {
    pub id: i64,
    pub kind: String,
    pub details: String,
    pub building: String,
    pub needed_on: String,
    pub time_slot: String,
    pub urgent: bool,
    pub status: String,
    /// The requester as this viewer may see them (masked unless they hold the request).
    pub requester: String,
    pub volunteer: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HelpDetail {
    pub card: HelpCard,
    /// Masked until the viewer holds the request (or is staff, or the requester's side).
    pub phone: String,
    /// The code the resident shows now, to the requester's side and staff only.
    pub code: Option<String>,
    /// Actions this viewer may take now (`HelpAction::path`).
    pub actions: Vec<String>,
    pub requester_side: bool,
    pub can_report: bool,
    pub origin: String,
    pub status_note: String,
    pub rating: Option<i64>,
    pub thanks: String,
    /// Minutes recorded, once confirmed.
    pub minutes: Option<i64>,
    /// For staff assigning: the community's active volunteers.
    pub volunteers: Vec<crate::notices::Choice>,
}

/// `/help`: what I asked for (and may ask for: myself or a relative I look after), and, for a
/// volunteer, the open requests of my community and those I hold.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HelpHome {
    pub is_resident: bool,
    /// Whom the viewer may ask for: themselves first (id, name).
    pub for_whom: Vec<(i64, String)>,
    pub mine: Vec<HelpCard>,
    pub volunteer_status: Option<String>,
    pub open: Vec<HelpCard>,
    pub held: Vec<HelpCard>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HoursItem {
    pub id: i64,
    pub volunteer: String,
    pub kind: String,
    pub served_on: String,
    pub minutes: i64,
    pub confirmed_by: String,
    pub correction_reason: String,
}

/// `/volunteer`: my standing on the team, my record of hours and my time bank.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VolunteerView {
    pub is_resident: bool,
    pub status: Option<String>,
    pub status_reason: String,
    pub skills: Vec<String>,
    pub availability: String,
    pub hours: Vec<HoursItem>,
    pub earned: i64,
    pub given: i64,
    pub received: i64,
    pub given_this_year: i64,
    pub cap_minutes: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VolunteerItem {
    pub id: i64,
    pub name: String,
    pub skills: String,
    pub availability: String,
    pub status: String,
    pub status_reason: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportItem {
    pub request_id: i64,
    pub volunteer_id: i64,
    pub volunteer: String,
    pub reason: String,
    pub at: String,
}

/// `/work/help`: the community's screening queue, requests under way, the team, reports about
/// volunteers, and the hours recorded (with corrections).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HelpDesk {
    pub community: String,
    /// `direct` (接单) or `dispatch` (派单).
    pub mode: String,
    pub screening: Vec<HelpCard>,
    pub under_way: Vec<HelpCard>,
    pub volunteers: Vec<VolunteerItem>,
    pub reports: Vec<ReportItem>,
    pub hours: Vec<HoursItem>,
}

/// A certificate of hours: the holder sees their name, anyone else checking its number sees it
/// masked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CertificateView {
    pub code: String,
    pub name: String,
    pub minutes: i64,
    pub services: i64,
    pub issued_on: String,
    pub qr_svg: String,
    pub url: String,
    pub is_holder: bool,
}

/// Hours and minutes as people say them: "2 小时 30 分" / "2 h 30 min".
pub fn hours_text(minutes: i64, lang: crate::prefs::Lang) -> String {
    crate::i18n::text_with(lang, "help-hours-minutes", [("h", (minutes / 60).into()), ("m", (minutes % 60).into())])
}

#[server(endpoint = "help/home")]
pub async fn load_help_home() -> Result<Option<HelpHome>, ServerFnError> {
    load::home().await
}

#[server(endpoint = "help/request")]
pub async fn load_help_request(id: i64) -> Result<Option<HelpDetail>, ServerFnError> {
    load::request(id).await
}

#[server(endpoint = "help/volunteer")]
pub async fn load_volunteer() -> Result<Option<VolunteerView>, ServerFnError> {
    load::volunteer().await
}

#[server(endpoint = "help/desk")]
pub async fn load_help_desk() -> Result<Option<HelpDesk>, ServerFnError> {
    load::desk().await
}

#[server(endpoint = "help/certificate")]
pub async fn load_certificate(code: String) -> Result<Option<CertificateView>, ServerFnError> {
    load::certificate(code).await
}

/// The yearly cap on gifts of hours, in hours, for the administrator's page; `None` for others.
#[server(endpoint = "help/gift-cap")]
pub async fn load_gift_cap() -> Result<Option<i64>, ServerFnError> {
    load::gift_cap().await
}

//! 通知公告 and 政策解读: a community's staff or a department's officers publish a notice to an
//! audience (the district, communities, buildings, and optionally population groups there);
//! every addressed resident gets it in the inbox (and by SMS when it is urgent), and Linli
//! records who it reached: delivered, read, acknowledged (我已知晓), or told by staff in person
//! or by phone for residents without a phone. `/notices` lists what is addressed to the viewer;
//! `/work/notices` is the publisher's desk with each notice's coverage per building.
pub mod household;
pub mod lifecycle;
pub mod pages;
pub mod work_pages;
#[cfg(feature = "ssr")]
pub mod attachments;
#[cfg(feature = "ssr")]
pub mod delivery;
#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub(crate) mod load;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Categories, in the order the form offers them; `outage` and `health` are urgent (SMS too).
pub const CATEGORIES: [&str; 5] = ["notice", "policy", "event", "outage", "health"];
pub const URGENT: [&str; 2] = ["outage", "health"];
/// What `/notices?q=` searches: title and text, and the title's pinyin (whole and initials).
#[cfg(feature = "ssr")]
pub fn search_text(title: &str, body: &str) -> String {
    let (full, initials) = crate::catalogue::search::pinyin_keys([title]);
    format!("{title} {body} {full} {initials}").to_lowercase()
}

/// Population groups residents may state about themselves, with consent.
pub const GROUPS: [&str; 6] = ["elder", "alone", "disabled", "family", "migrant", "veteran"];

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NoticeSummary {
    pub id: i64,
    pub category: String,
    pub title: String,
    pub unit: String,
    /// `YYYY-MM-DD` it was published, or empty.
    pub published_on: String,
    pub pinned: bool,
    pub status: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NoticeDetail {
    pub summary: NoticeSummary,
    pub body: String,
    pub expires_on: String,
    pub audience: String,
    pub ack_required: bool,
    /// The viewer is in the audience and has acknowledged it.
    pub acknowledged: bool,
    /// The viewer may acknowledge it (signed in, addressed, asked for).
    pub may_acknowledge: bool,
    pub withdrawn_reason: Option<String>,
    pub replaced_by: Option<i64>,
    pub replaces: Option<i64>,
    /// The page's own address, for the poster's QR code.
    pub qr_svg: String,
    /// Catalogue items it concerns: (code, name), each a link to apply.
    #[serde(default)]
    pub services: Vec<Choice>,
    /// PDF or image attachments, in the order they were added.
    #[serde(default)]
    pub attachments: Vec<Attachment>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Attachment {
    pub id: i64,
    pub name: String,
    /// `pdf` or `image`.
    pub kind: String,
    /// Size for the reader deciding whether to download on a slow network, `1.2 MB`.
    pub size: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

/// The publisher's desk: their notices, and what they may address.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Desk {
    pub unit: String,
    pub notices: Vec<NoticeSummary>,
    pub communities: Vec<Choice>,
    pub buildings: Vec<Choice>,
    /// Catalogue items a policy may link to (a department's own; every item for a community).
    #[serde(default)]
    pub services: Vec<Choice>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CoverageRow {
    pub building: String,
    pub addressed: i64,
    pub read: i64,
    pub acknowledged: i64,
    pub told: i64,
    #[serde(default)]
    pub households: i64,
    #[serde(default)]
    pub households_read: i64,
    #[serde(default)]
    pub households_acknowledged: i64,
    #[serde(default)]
    pub households_reached: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Resident {
    pub id: i64,
    pub name: String,
    /// Building and door ("幸福里小区 1 号楼 302").
    pub building: String,
}

/// One notice on the publisher's desk.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeskNotice {
    pub detail: NoticeDetail,
    pub actions: Vec<String>,
    pub publish_at: String,
    pub addressed: i64,
    pub delivering: bool,
    pub coverage: Vec<CoverageRow>,
    pub unreached: Vec<Resident>,
}

/// Notices on one page of `/notices`: enough to scan, few enough to draw quickly on a cheap phone.
pub const NOTICES_PER_PAGE: u32 = 30;

/// One page of the notices a reader may see, newest first (pinned before).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NoticeList {
    pub items: Vec<NoticeSummary>,
    pub page: u32,
    pub has_next: bool,
    /// The words searched for, kept in the page links.
    pub search: String,
}

#[server(endpoint = "notices/list")]
pub async fn load_notices(search: String, page: u32) -> Result<NoticeList, ServerFnError> {
    let page = page.clamp(1, 10_000);
    let per = i64::from(NOTICES_PER_PAGE);
    // One more than a page: whether a next page exists, without counting them all.
    let mut items = load::notices(search.clone(), per + 1, (i64::from(page) - 1) * per).await?;
    let has_next = items.len() > NOTICES_PER_PAGE as usize;
    items.truncate(NOTICES_PER_PAGE as usize);
    Ok(NoticeList { items, page, has_next, search })
}

/// The home page's three latest (pinned first).
#[server(endpoint = "notices/latest")]
pub async fn load_latest_notices() -> Result<Vec<NoticeSummary>, ServerFnError> {
    load::notices(String::new(), 3, 0).await
}

#[server(endpoint = "notices/item")]
pub async fn load_notice(id: i64) -> Result<Option<NoticeDetail>, ServerFnError> {
    load::notice(id).await
}

#[server(endpoint = "notices/desk")]
pub async fn load_desk() -> Result<Option<Desk>, ServerFnError> {
    load::desk().await
}

#[server(endpoint = "notices/desk-item")]
pub async fn load_desk_notice(id: i64) -> Result<Option<DeskNotice>, ServerFnError> {
    load::desk_notice(id).await
}

/// How often the viewer hears of each category: (category, its label, `now`/`digest`/`never`,
/// urgent — always at once).
#[server(endpoint = "notices/subscriptions")]
pub async fn load_my_subscriptions() -> Result<Option<Vec<(Choice, String, bool)>>, ServerFnError> {
    load::my_subscriptions().await
}

/// The viewer's building and the door they stated (empty: none yet).
#[server(endpoint = "notices/room")]
pub async fn load_my_room() -> Result<Option<(String, String)>, ServerFnError> {
    load::my_room().await
}

#[server(endpoint = "notices/groups")]
pub async fn load_my_groups() -> Result<Option<Vec<(Choice, bool)>>, ServerFnError> {
    load::my_groups().await
}

//! The pages' loaders: who may see which notice, and what the publisher's desk shows.
use super::lifecycle::{Mover, NoticeStatus, NOTICE_TABLE};
use super::*;
use crate::applications::server::{failed, not_theirs};
use crate::prefs::{Lang, Role};
use crate::storage::{PublicNoticeRow, Reader, Store, StoreResult, UserRecord};

/// Who publishes for which unit, and where they may address: community staff their own
/// community; department officers the whole district.
#[derive(Clone, Debug)]
pub struct Publisher {
    pub unit_kind: &'static str,
    pub unit_code: String,
    /// `None`: any community.
    pub community: Option<String>,
}

impl Publisher {
    pub fn of(user: &UserRecord) -> Option<Publisher> {
        match user.role {
            Role::Staff => user.community_code.clone().map(|c| Publisher { unit_kind: "community", unit_code: c.clone(), community: Some(c) }),
            Role::Officer => user.department_code.clone().map(|d| Publisher { unit_kind: "department", unit_code: d, community: None }),
            _ => None,
        }
    }

    pub fn owns(&self, n: &PublicNoticeRow) -> bool {
        n.unit_kind == self.unit_kind && n.unit_code == self.unit_code
    }
}

/// The reader a resident is for audience matching; staff and officers read as nobody's audience.
pub async fn reader_of(store: &dyn Store, user: &UserRecord) -> StoreResult<Option<Reader>> {
    if user.role != Role::Resident {
        return Ok(None);
    }
    let community = match (&user.community_code, user.building_id) {
        (Some(c), _) => c.clone(),
        (None, Some(b)) => store.building(b).await?.map(|b| b.community_code).unwrap_or_default(),
        (None, None) => String::new(),
    };
    Ok(Some(Reader { user_id: user.id, community, building_id: user.building_id }))
}

/// A message whose id is made from a prefix and a code (`notice-category-outage`).
pub fn label(lang: Lang, prefix: &str, code: &str) -> String {
    crate::i18n::text_with(lang, &format!("{prefix}-{code}"), [])
}

fn list(s: &str) -> Vec<&str> {
    s.split(',').filter(|x| !x.is_empty()).collect()
}

pub fn is_district_wide(n: &PublicNoticeRow) -> bool {
    n.communities.is_empty() && n.buildings.is_empty() && n.target_groups.is_empty()
}

type Units = [(String, String, String, String)];

fn summary(units: &Units, n: &PublicNoticeRow, lang: Lang) -> NoticeSummary {
    NoticeSummary {
        id: n.id,
        category: label(lang, "notice-category", &n.category),
        title: n.title.clone(),
        unit: crate::units::name_in(units, &n.unit_kind, &n.unit_code, lang),
        published_on: n.published_at.map(|t| crate::time::day_of(t).to_string()).unwrap_or_default(),
        pinned: n.pinned == 1,
        status: n.status.clone(),
    }
}

/// "春晖社区、幸福里小区 2 号楼 · 长者" — where and to whom.
async fn audience(store: &dyn Store, n: &PublicNoticeRow, lang: Lang) -> StoreResult<String> {
    audience_of(store, &n.communities, &n.buildings, &n.target_groups, lang).await
}

/// An audience (`,code,` lists of communities, buildings and groups) in words.
pub async fn audience_of(store: &dyn Store, communities: &str, building_ids: &str, groups: &str, lang: Lang) -> StoreResult<String> {
    let buildings = store.buildings().await?;
    let mut places: Vec<String> = Vec::new();
    for c in list(communities) {
        if let Some(b) = buildings.iter().find(|b| b.community_code == c) {
            places.push(b.community_label(lang));
        }
    }
    for id in list(building_ids) {
        if let Some(b) = buildings.iter().find(|b| b.id.to_string() == id) {
            places.push(b.address(lang));
        }
    }
    if places.is_empty() {
        places.push(crate::i18n::text(lang, "notice-whole-district").to_string());
    }
    let groups: Vec<String> = list(groups).into_iter().map(|g| label(lang, "group", g)).collect();
    let sep = if lang == Lang::En { ", " } else { "、" };
    Ok(if groups.is_empty() { places.join(sep) } else { format!("{} · {}", places.join(sep), groups.join(sep)) })
}

pub async fn notices(search: String, limit: i64, offset: i64) -> Result<Vec<NoticeSummary>, ServerFnError> {
    let state = crate::state::app_state()?;
    let store = &*state.store;
    let lang = crate::prefs::server_viewer().lang;
    let reader = match crate::accounts::server::ssr::current_user() {
        Some(u) => reader_of(store, &u).await.map_err(failed)?,
        None => None,
    };
    let search: String = search.chars().take(40).collect();
    let rows = store.notices_for(reader.as_ref(), &state.today().to_string(), &search, limit, offset).await.map_err(failed)?;
    let units = crate::units::all(store).await.map_err(failed)?;
    Ok(rows.iter().map(|n| summary(&units, n, lang)).collect())
}

/// How the viewer stands to a notice they may read.
pub struct Sight {
    pub reader: Option<Reader>,
    /// The notice is out and addresses the reader (or once did: they hold a receipt).
    pub addressed: bool,
}

/// The viewer may read a notice if it is their unit's; or, once it is out, if it went to the
/// whole district or addresses them (a withdrawn one stays readable to them, with what
/// replaced it). `None`: anyone else, who gets a 404.
pub async fn sight(store: &dyn Store, user: Option<&UserRecord>, n: &PublicNoticeRow) -> StoreResult<Option<Sight>> {
    let publisher = user.and_then(Publisher::of).filter(|p| p.owns(n));
    let reader = match user {
        Some(u) => reader_of(store, u).await?,
        None => None,
    };
    let out_now = matches!(NoticeStatus::parse(&n.status), Some(NoticeStatus::Published | NoticeStatus::Withdrawn));
    let addressed = match &reader {
        Some(r) if out_now => store.addresses(n.id, r).await? || store.notice_receipt(n.id, r.user_id).await?.is_some(),
        _ => false,
    };
    if publisher.is_none() && !(out_now && (is_district_wide(n) || addressed)) {
        return Ok(None);
    }
    Ok(Some(Sight { reader, addressed }))
}

pub async fn notice(id: i64) -> Result<Option<NoticeDetail>, ServerFnError> {
    let state = crate::state::app_state()?;
    let store = &*state.store;
    let lang = crate::prefs::server_viewer().lang;
    let user = crate::accounts::server::ssr::current_user();
    let Some(n) = store.public_notice(id).await.map_err(failed)? else { return Ok(not_theirs(None)) };
    let Some(Sight { reader, addressed }) = sight(store, user.as_deref(), &n).await.map_err(failed)? else { return Ok(not_theirs(None)) };
    let status = NoticeStatus::parse(&n.status);
    let mut acknowledged = false;
    if let (Some(r), true, Some(NoticeStatus::Published)) = (&reader, addressed, status) {
        store.mark_notice_read(id, r, state.now()).await.map_err(failed)?;
        acknowledged = store.notice_receipt(id, r.user_id).await.map_err(failed)?.is_some_and(|x| x.acknowledged_at.is_some());
    }
    detail(&state, &n, lang, addressed && status == Some(NoticeStatus::Published), acknowledged).await.map(Some).map_err(failed)
}

pub async fn detail(state: &crate::state::AppState, n: &PublicNoticeRow, lang: Lang, addressed: bool, acknowledged: bool) -> StoreResult<NoticeDetail> {
    let store = &*state.store;
    let origin = crate::applications::server::ssr::public_origin(state);
    Ok(NoticeDetail {
        summary: summary(&crate::units::all(store).await?, n, lang),
        body: n.body.clone(),
        expires_on: n.expires_on.clone(),
        audience: audience(store, n, lang).await?,
        ack_required: n.ack_required == 1,
        acknowledged,
        may_acknowledge: addressed && n.ack_required == 1 && !acknowledged,
        withdrawn_reason: (n.status == NoticeStatus::Withdrawn.as_str()).then(|| n.withdraw_reason.clone()),
        replaced_by: n.replaced_by,
        replaces: n.replaces_id,
        qr_svg: crate::components::qr_svg(&format!("{origin}/notices/{}", n.id)).unwrap_or_default(),
        services: linked_services(store, n, lang).await?,
        attachments: store.notice_files(n.id).await?.iter().map(super::attachments::listed).collect(),
    })
}

pub async fn desk() -> Result<Option<Desk>, ServerFnError> {
    let state = crate::state::app_state()?;
    let store = &*state.store;
    let lang = crate::prefs::server_viewer().lang;
    let Some(p) = crate::accounts::server::ssr::current_user().as_deref().and_then(Publisher::of) else { return Ok(not_theirs(None)) };
    let units = crate::units::all(store).await.map_err(failed)?;
    let rows = store.unit_notices(p.unit_kind, &p.unit_code, 200).await.map_err(failed)?;
    let notices = rows.iter().map(|n| summary(&units, n, lang)).collect();
    let (communities, buildings) = places_within(store, &p, lang).await.map_err(failed)?;
    let services = store.services().await.map_err(failed)?.into_iter()
        .filter(|s| p.unit_kind == "community" || s.department_code == p.unit_code)
        .map(|s| service_choice(s, lang)).collect();
    Ok(Some(Desk { unit: crate::units::name_in(&units, p.unit_kind, &p.unit_code, lang), notices, communities, buildings, services }))
}

/// The communities and buildings a publisher may address, for the form's checkboxes.
pub async fn places_within(store: &dyn Store, p: &Publisher, lang: Lang) -> StoreResult<(Vec<Choice>, Vec<Choice>)> {
    let buildings: Vec<_> = store.buildings().await?.into_iter().filter(|b| p.community.as_ref().is_none_or(|c| *c == b.community_code)).collect();
    let mut communities: Vec<Choice> = Vec::new();
    for b in &buildings {
        if !communities.iter().any(|c| c.value == b.community_code) {
            communities.push(Choice { value: b.community_code.clone(), label: b.community_label(lang) });
        }
    }
    Ok((communities, buildings.iter().map(|b| Choice { value: b.id.to_string(), label: b.address(lang) }).collect()))
}

pub async fn desk_notice(id: i64) -> Result<Option<DeskNotice>, ServerFnError> {
    let state = crate::state::app_state()?;
    let store = &*state.store;
    let lang = crate::prefs::server_viewer().lang;
    let Some(p) = crate::accounts::server::ssr::current_user().as_deref().and_then(Publisher::of) else { return Ok(not_theirs(None)) };
    let Some(n) = store.public_notice(id).await.map_err(failed)?.filter(|n| p.owns(n)) else { return Ok(not_theirs(None)) };
    let actions = NOTICE_TABLE.rules().filter(|r| r.actor == Mover::Publisher && r.allows(&n.status))
        .map(|r| format!("{:?}", r.action).to_lowercase()).collect();
    let none = crate::i18n::text(lang, "notice-no-building");
    let coverage = store.notice_coverage(id).await.map_err(failed)?.into_iter().map(|c| CoverageRow {
        building: c.building_name.unwrap_or_else(|| none.to_string()),
        addressed: c.addressed, read: c.read, acknowledged: c.acknowledged, told: c.told,
        households: c.households, households_read: c.households_read, households_acknowledged: c.households_acknowledged,
        households_reached: c.households_reached,
    }).collect();
    let unreached = store.unreached(id, 200).await.map_err(failed)?.into_iter().map(|u| Resident {
        id: u.user_id, name: u.name, building: format!("{} {}", u.building_name.unwrap_or_else(|| none.to_string()), u.room).trim_end().to_string(),
    }).collect();
    let publish_at = n.publish_at.filter(|_| n.status == NoticeStatus::Scheduled.as_str()).map(crate::open311::format::w3c).unwrap_or_default();
    Ok(Some(DeskNotice {
        detail: detail(&state, &n, lang, false, false).await.map_err(failed)?,
        actions,
        publish_at,
        addressed: n.addressed,
        delivering: n.status == NoticeStatus::Published.as_str() && n.delivery_done == 0,
        coverage,
        unreached,
    }))
}

pub async fn my_room() -> Result<Option<(String, String)>, ServerFnError> {
    let state = crate::state::app_state()?;
    let lang = crate::prefs::server_viewer().lang;
    // Only residents have a door; for anyone else the page simply has no such form.
    let Some(user) = crate::accounts::server::ssr::current_user().filter(|u| u.role == Role::Resident) else { return Ok(None) };
    let building = match user.building_id {
        Some(b) => state.store.building(b).await.map_err(failed)?.map(|b| b.address(lang)).unwrap_or_default(),
        None => String::new(),
    };
    Ok(Some((building, user.room.clone())))
}

pub async fn my_groups() -> Result<Option<Vec<(Choice, bool)>>, ServerFnError> {
    let state = crate::state::app_state()?;
    let lang = crate::prefs::server_viewer().lang;
    let Some(user) = crate::accounts::server::ssr::current_user() else { return Ok(not_theirs(None)) };
    let mine = state.store.user_groups(user.id).await.map_err(failed)?;
    Ok(Some(GROUPS.iter().map(|g| (Choice { value: g.to_string(), label: label(lang, "group", g) }, mine.iter().any(|m| m == g))).collect()))
}

pub async fn my_subscriptions() -> Result<Option<Vec<(Choice, String, bool)>>, ServerFnError> {
    let state = crate::state::app_state()?;
    let lang = crate::prefs::server_viewer().lang;
    let Some(user) = crate::accounts::server::ssr::current_user() else { return Ok(not_theirs(None)) };
    let mine = state.store.notice_subscriptions(user.id).await.map_err(failed)?;
    Ok(Some(super::CATEGORIES.iter().map(|c| {
        let chosen = mine.iter().find(|(k, _)| k == c).map(|(_, f)| f.clone()).unwrap_or_else(|| "now".into());
        (Choice { value: c.to_string(), label: label(lang, "notice-category", c) }, chosen, super::URGENT.contains(c))
    }).collect()))
}

/// A catalogue item as a choice: its code, and its name in the viewer's language.
fn service_choice(s: crate::storage::ServiceRow, lang: Lang) -> Choice {
    Choice { label: if lang == Lang::En && !s.name_en.is_empty() { s.name_en } else { s.name }, value: s.code }
}

/// The catalogue items a notice names, in its order, with their names in the viewer's language.
async fn linked_services(store: &dyn Store, n: &PublicNoticeRow, lang: Lang) -> StoreResult<Vec<Choice>> {
    let mut out = Vec::new();
    for code in list(&n.service_codes) {
        if let Some(s) = store.service(code).await? {
            out.push(service_choice(s, lang));
        }
    }
    Ok(out)
}

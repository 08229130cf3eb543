//! Who may see and do what in the marketplace, and the shared shaping of rows into views.
//! A provider sees only their own listings and orders; community staff vet providers that serve
//! their community; an order is seen by its resident (and their authorised relatives), whoever
//! booked it, its provider, and the unit handling a complaint about it. Everyone else gets a 404.
use super::view::*;
use super::{labels, provider_status_label, CATEGORIES, SUITS};
use crate::applications::access::community_of;
use crate::units;
use crate::prefs::Lang;
use crate::state::AppState;
use crate::storage::{ListingRow, OrderRow, ProviderRow, Store, StoreResult, UserRecord};

/// Staff vet a provider that names their community or is based in it; admins see all.
pub async fn staff_covers(store: &dyn Store, user: &UserRecord, p: &ProviderRow) -> StoreResult<bool> {
    if user.role == crate::prefs::Role::Admin {
        return Ok(true);
    }
    let Some(c) = user.community_code.as_ref().filter(|_| user.role == crate::prefs::Role::Staff) else { return Ok(false) };
    if p.communities.contains(&format!(",{c},")) {
        return Ok(true);
    }
    Ok(match p.base_building_id {
        Some(b) => store.building(b).await?.is_some_and(|b| &b.community_code == c),
        None => false,
    })
}

/// Whether a listing's provider serves this community (named) or this place (within its radius).
/// Each community approves for itself: `provider_communities` holds where it is approved, and
/// the radius counts where the base's own community has approved it.
pub fn serves(l: &ListingRow, community: Option<&str>, place: Option<(f64, f64)>) -> bool {
    let approved = |c: &str| l.provider_communities.contains(&format!(",{c},"));
    let named = community.is_some_and(approved);
    let near = match (place, l.base_lat.zip(l.base_lng)) {
        (Some(place), Some(base)) if l.provider_radius_km > 0.0 => {
            l.base_community.as_deref().is_some_and(approved) && within_km(base, place, l.provider_radius_km)
        }
        _ => false,
    };
    named || near
}

/// The same flat-earth test the market's SQL makes (`LISTING_WHERE`), so a listing shown as
/// serving an address can always be booked there.
pub fn within_km(base: (f64, f64), place: (f64, f64), km: f64) -> bool {
    let east_west = (111.0 * place.0.to_radians().cos()).powi(2);
    (base.0 - place.0).powi(2) * 12321.0 + (base.1 - place.1).powi(2) * east_west <= km * km
}

/// Where a resident lives: their community and, when known, their building's coordinates.
pub async fn home_of(store: &dyn Store, user: &UserRecord) -> StoreResult<(Option<String>, Option<(f64, f64)>)> {
    let community = community_of(store, user).await?;
    let place = match user.building_id {
        Some(b) => store.building_location(b).await?,
        None => None,
    };
    Ok((community, place))
}

/// How the viewer relates to an order: "provider", "resident" (or their relative, or whoever
/// booked it for them) or "staff" (handling a complaint about it); None means 404.
pub async fn order_role(state: &AppState, user: &UserRecord, o: &OrderRow) -> StoreResult<Option<&'static str>> {
    let store = &*state.store;
    if o.provider_owner_id == user.id {
        return Ok(Some("provider"));
    }
    // Whoever booked it for the resident (a relative, community staff) follows it and may take
    // the resident's steps, except rating, which is the resident's own.
    if o.resident_id == user.id || o.booked_by_id == user.id || (user.role == crate::prefs::Role::Resident && store.is_delegate(o.resident_id, user.id).await?) {
        return Ok(Some("resident"));
    }
    let complaints = store.complaints_about(o.id).await?;
    Ok(complaints.iter().any(|(_, k, c)| units::works_for(user, k, c)).then_some("staff"))
}

pub fn rating_text(stars_sum: i64, reviews: i64) -> Option<String> {
    (reviews > 0).then(|| format!("{:.1}", stars_sum as f64 / reviews as f64))
}

pub fn card(l: &ListingRow, lang: Lang) -> ListingCard {
    ListingCard {
        id: l.id,
        title: l.title.clone(),
        provider_name: l.provider_name.clone(),
        vetted: super::vetting::is_approved(&l.provider_status),
        provider_status: l.provider_status.clone(),
        provider_status_label: provider_status_label(&l.provider_status, lang).into(),
        categories: labels(CATEGORIES, &l.categories, lang),
        suits: labels(SUITS, &l.target_groups, lang),
        price: super::price_text(&l.price_kind, l.price_cents, lang),
        duration_minutes: l.duration_minutes,
        rating: rating_text(l.stars_sum, l.reviews),
        reviews: l.reviews,
        completed: l.completed,
        photo: l.cover_file_id.map(|f| format!("/market/listings/{}/photos/{f}/thumb", l.id)),
        active: l.active == 1,
    }
}

/// 王秀英 → 王*英, 张伟 → 张*: reviews show who wrote them without naming them.
pub fn mask_name(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    match chars.len() {
        0 => String::new(),
        1 => "*".into(),
        2 => format!("{}*", chars[0]),
        n => format!("{}{}{}", chars[0], "*".repeat(n - 2), chars[n - 1]),
    }
}

pub async fn provider_view(store: &dyn Store, p: &ProviderRow, lang: Lang) -> StoreResult<ProviderView> {
    let communities = community_names(store, lang).await?;
    let name_of = |c: &str| communities.iter().find(|x| x.code == c).map(|x| x.label.clone()).unwrap_or_else(|| c.to_string());
    let names: Vec<String> = super::codes(&p.communities).map(name_of).collect();
    let open_in: Vec<String> = super::codes(&p.approved_communities).map(name_of).collect();
    let base = match p.base_building_id {
        Some(b) => store.building(b).await?.map(|b| b.address(lang)).unwrap_or_default(),
        None => String::new(),
    };
    let history = store
        .provider_events(p.id)
        .await?
        .into_iter()
        .map(|e| EventView { at: crate::time::format_local(e.at), label: provider_event_label(&e.kind, lang).into(), actor: String::new(), note: e.note })
        .collect();
    Ok(ProviderView {
        id: p.id,
        name: p.name.clone(),
        uscc: p.uscc.clone(),
        contact_name: p.contact_name.clone(),
        contact_phone: p.contact_phone.clone(),
        categories: labels(CATEGORIES, &p.categories, lang),
        communities: names,
        base,
        radius_km: p.radius_km,
        status: p.status.clone(),
        status_label: provider_status_label(&p.status, lang).into(),
        reason: p.status_reason.clone(),
        history,
        open_in,
        open_here: None,
    })
}

pub fn provider_event_label(kind: &str, lang: Lang) -> &'static str {
    crate::i18n::text(lang, match kind {
        "applied" => "market-provider-event-applied",
        "resubmitted" => "market-provider-event-resubmitted",
        "approved" => "market-provider-event-approved",
        "rejected" => "market-provider-event-rejected",
        "asked" => "market-provider-event-asked",
        "suspended" => "market-provider-event-suspended",
        "reinstated" => "market-provider-event-reinstated",
        "community_opened" => "market-provider-event-community-opened",
        "community_closed" => "market-provider-event-community-closed",
        _ => "market-provider-event-other",
    })
}

pub async fn community_names(store: &dyn Store, lang: Lang) -> StoreResult<Vec<Choice>> {
    let firsts = store.first_building_of_each_community().await?;
    Ok(firsts.into_iter().map(|b| Choice { label: b.community_label(lang), code: b.community_code }).collect())
}

pub fn choices(table: &[(&str, &str, &str)], lang: Lang) -> Vec<Choice> {
    table.iter().map(|(c, zh, en)| Choice { code: c.to_string(), label: if lang == Lang::En { en.to_string() } else { zh.to_string() } }).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn radius_agrees_with_the_great_circle_at_city_distances() {
        let base = (31.2300, 121.4700);
        for (place, metres) in [((31.2390, 121.4700), 1000.8), ((31.2300, 121.4910), 1997.0), ((31.2500, 121.4900), 2900.0)] {
            let exact = crate::feedback::distance_m(base, place);
            assert!((exact - metres).abs() / metres < 0.01, "{exact}");
            assert!(super::within_km(base, place, exact / 1000.0 * 1.005));
            assert!(!super::within_km(base, place, exact / 1000.0 * 0.995));
        }
    }

    #[test]
    fn names_are_masked() {
        assert_eq!(super::mask_name("王秀英"), "王*英");
        assert_eq!(super::mask_name("张伟"), "张*");
        assert_eq!(super::mask_name("欧阳娜娜"), "欧**娜");
    }
}

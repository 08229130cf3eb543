//! Server functions behind the marketplace pages. `None` means "not found" (or not signed in
//! where that is needed): someone else's order or listing is a 404, also through `/api/…`.
use super::view::*;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::applications::server::{failed, not_theirs};

#[server(endpoint = "market/list")]
pub async fn load_market(q: Option<String>, category: Option<String>, community: Option<String>) -> Result<MarketView, ServerFnError> {
    let state = crate::state::app_state()?;
    let user = crate::accounts::server::ssr::current_user();
    ssr::market(&state, user.as_deref(), q.unwrap_or_default(), category.unwrap_or_default(), community.unwrap_or_default())
        .await
        .map_err(failed)
}

#[server(endpoint = "market/listing")]
pub async fn load_listing(id: i64, for_id: Option<i64>, who: Option<String>) -> Result<Option<ListingDetail>, ServerFnError> {
    let state = crate::state::app_state()?;
    let user = crate::accounts::server::ssr::current_user();
    ssr::listing(&state, user.as_deref(), id, for_id, who.as_deref().unwrap_or_default()).await.map(not_theirs).map_err(failed)
}

#[server(endpoint = "market/order")]
pub async fn load_order(ref_no: String) -> Result<Option<OrderView>, ServerFnError> {
    let state = crate::state::app_state()?;
    let Some(user) = crate::accounts::server::ssr::current_user() else { return Ok(None) };
    ssr::order(&state, &user, &ref_no).await.map(not_theirs).map_err(failed)
}

#[server(endpoint = "market/mine")]
pub async fn load_my_orders() -> Result<Option<Vec<OrderSummary>>, ServerFnError> {
    let state = crate::state::app_state()?;
    let Some(user) = crate::accounts::server::ssr::current_user() else { return Ok(None) };
    ssr::my_orders(&state, &user).await.map(Some).map_err(failed)
}

#[server(endpoint = "market/provider")]
pub async fn load_provider_home() -> Result<Option<ProviderHome>, ServerFnError> {
    let state = crate::state::app_state()?;
    let Some(user) = crate::accounts::server::ssr::current_user() else { return Ok(None) };
    ssr::provider_home(&state, &user).await.map(Some).map_err(failed)
}

#[server(endpoint = "market/provider-form")]
pub async fn load_provider_form() -> Result<Option<ProviderFormView>, ServerFnError> {
    let state = crate::state::app_state()?;
    let Some(user) = crate::accounts::server::ssr::current_user() else { return Ok(None) };
    ssr::provider_form(&state, &user).await.map(Some).map_err(failed)
}

#[server(endpoint = "market/listing-edit")]
pub async fn load_listing_edit(id: Option<i64>) -> Result<Option<ListingEditView>, ServerFnError> {
    let state = crate::state::app_state()?;
    let Some(user) = crate::accounts::server::ssr::current_user() else { return Ok(None) };
    ssr::listing_edit(&state, &user, id).await.map(not_theirs).map_err(failed)
}

#[server(endpoint = "market/staff")]
pub async fn load_staff_market() -> Result<Option<StaffMarketView>, ServerFnError> {
    let state = crate::state::app_state()?;
    let Some(user) = crate::accounts::server::ssr::current_user() else { return Ok(None) };
    ssr::staff_market(&state, &user, None).await.map(not_theirs).map_err(failed)
}

#[server(endpoint = "market/staff-provider")]
pub async fn load_staff_provider(id: i64) -> Result<Option<StaffMarketView>, ServerFnError> {
    let state = crate::state::app_state()?;
    let Some(user) = crate::accounts::server::ssr::current_user() else { return Ok(None) };
    ssr::staff_market(&state, &user, Some(id)).await.map(not_theirs).map_err(failed)
}

/// Promotions for the home page: never in 长辈版, whatever the page asks.
#[server(endpoint = "market/promotions")]
pub async fn load_home_promotions() -> Result<Vec<HomePromotion>, ServerFnError> {
    let state = crate::state::app_state()?;
    if crate::prefs::server_viewer().mode.is_elder() {
        return Ok(Vec::new());
    }
    let day = crate::applications::steps::today().to_string();
    let rows = state.store.live_promotions(&day).await.map_err(failed)?;
    Ok(rows
        .into_iter()
        .map(|p| HomePromotion { title: p.title, provider_name: p.provider_name, image: format!("/market/promotions/{}/image", p.id) })
        .collect())
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::super::access::*;
    use super::super::{order_event_label, order_status_label, slots, BOOKING_DAYS};
    use super::*;
    use crate::catalogue::search::score;
    use crate::market::held::ListKey;
    use crate::prefs::Lang;
    use crate::state::AppState;
    /// At most this many listings on one page; search or a category narrows the rest.
    const MARKET_PAGE: usize = 60;
    /// At most this many listings a search ranks (the newest that hold its words).
    const SEARCH_CANDIDATES: i64 = 5_000;

    use crate::storage::{ListingQuery, OrderQuery, OrderRow, PromotionRow, StoreResult, UserRecord};

    fn lang() -> Lang {
        crate::prefs::server_viewer().lang
    }

    pub async fn market(state: &AppState, user: Option<&UserRecord>, q: String, category: String, community: String) -> StoreResult<MarketView> {
        // A resident sees what serves their home unless they pick another community.
        let (home, place) = match user {
            Some(u) if community.is_empty() => home_of(&*state.store, u).await?,
            _ => (None, None),
        };
        let key = ListKey {
            lang: lang(),
            q,
            category,
            community,
            home,
            place: place.map(|(lat, lon)| (lat.to_bits(), lon.to_bits())),
            minute: state.now().div_euclid(60),
        };
        let view = state.market_lists.get_or(key.clone(), draw_up(state, key)).await?;
        Ok(MarketView::clone(&view))
    }

    /// The list for one key, read and ranked.
    async fn draw_up(state: &AppState, key: ListKey) -> StoreResult<MarketView> {
        let store = &*state.store;
        let ListKey { lang, q, category, community, home, place, .. } = key;
        let place = place.map(|(lat, lon)| (f64::from_bits(lat), f64::from_bits(lon)));
        let communities = community_names(store, lang).await?;
        let chosen = if community.is_empty() { home.unwrap_or_default() } else { community };
        let chosen = if communities.iter().any(|c| c.code == chosen) { chosen } else { String::new() };
        // SQL finds what serves the place and holds the words (the full-text index); the
        // catalogue's scorer ranks their words and keeps the real matches, and only the page's
        // listings are then read whole. Without words, the newest come first.
        let query = q.trim().to_string();
        let filter = ListingQuery {
            bookable_only: true,
            community: Some(chosen.clone()).filter(|c| !c.is_empty()),
            place: place.filter(|_| !chosen.is_empty()),
            category: Some(category.clone()).filter(|c| !c.is_empty()),
            text: Some(query.clone()).filter(|t| !t.is_empty()),
            limit: if query.is_empty() { MARKET_PAGE as i64 } else { SEARCH_CANDIDATES },
            ..Default::default()
        };
        let (rows, total) = if query.is_empty() {
            (store.listings(&filter).await?, store.count_listings(&filter).await? as usize)
        } else {
            let mut scored: Vec<(u32, i64)> = store
                .listing_words(&filter)
                .await?
                .iter()
                .filter_map(|l| score(&query, &l.title, &l.search_text, &l.pinyin_full, &l.pinyin_initials).map(|s| (s, l.id)))
                .collect();
            scored.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
            let shown: Vec<i64> = scored.iter().take(MARKET_PAGE).map(|(_, id)| *id).collect();
            let mut rows = store.listings_by_id(&shown).await?;
            rows.sort_by_key(|l| shown.iter().position(|id| *id == l.id));
            (rows, scored.len())
        };
        let items = rows.iter().map(|l| card(l, lang)).collect();
        let community_name = communities.iter().find(|c| c.code == chosen).map(|c| c.label.clone()).unwrap_or_default();
        Ok(MarketView { items, total, categories: choices(super::super::CATEGORIES, lang), communities, category, community: chosen, community_name, q })
    }

    pub fn review_view(r: &crate::storage::ReviewRow) -> ReviewView {
        ReviewView {
            resident: mask_name(&r.resident_name),
            stars: r.stars,
            body: r.body.clone(),
            reply: r.reply.clone(),
            date: crate::time::format_local(r.created_at).chars().take(10).collect(),
        }
    }

    /// The open slots of a listing with the places left in each.
    pub async fn open_slots(state: &AppState, listing_id: i64, lang: Lang) -> StoreResult<Vec<SlotView>> {
        let store = &*state.store;
        let now = state.now();
        let upcoming = slots::upcoming(&store.availability(listing_id).await?, now, BOOKING_DAYS);
        let used = store.slot_use(listing_id, now, now + (BOOKING_DAYS + 1) * 86_400).await?;
        Ok(upcoming
            .into_iter()
            .map(|s| {
                let taken = used.iter().find(|(t, _)| *t == s.starts_at).map(|(_, u)| *u).unwrap_or(0);
                let text = slots::slot_text(s.starts_at, lang);
                let (day, time) = text.rsplit_once(' ').map(|(d, t)| (d.to_string(), t.to_string())).unwrap_or_default();
                SlotView { starts_at: s.starts_at, day, time, left: (s.capacity - taken).max(0) }
            })
            .collect())
    }

    pub async fn listing(state: &AppState, user: Option<&UserRecord>, id: i64, for_id: Option<i64>, who: &str) -> StoreResult<Option<ListingDetail>> {
        let store = &*state.store;
        let lang = lang();
        let Some(l) = store.listing(id).await? else { return Ok(None) };
        let is_owner = user.is_some_and(|u| u.id == l.provider_owner_id);
        // Hidden unless on sale by an approved provider; the provider still sees their own.
        if !(super::super::vetting::is_approved(&l.provider_status) && l.active == 1) && !is_owner {
            return Ok(None);
        }
        let photos = store.listing_photos(l.id).await?;
        let provider = store.provider(l.provider_id).await?;
        let areas = match &provider {
            Some(p) => {
                let v = provider_view(store, p, lang).await?;
                let mut parts = v.communities.clone();
                if p.radius_km > 0.0 && !v.base.is_empty() {
                    parts.push(if lang == Lang::En { format!("within {} km of {}", p.radius_km, v.base) } else { format!("{} 周边 {} 公里", v.base, p.radius_km) });
                }
                parts.join("、")
            }
            None => String::new(),
        };
        let booking = match user {
            Some(u) if !is_owner && matches!(u.role.as_str(), "resident" | "staff") => {
                let choices = crate::applications::server::ssr::choices(state, u, who).await?;
                let acting = crate::applications::access::acting_for(store, u, for_id).await?;
                let (address, phone, chosen) = match &acting {
                    Some((p, _)) => (address_of(state, p).await?, p.phone.clone(), Some(p.id)),
                    None => (String::new(), String::new(), None),
                };
                let choices = crate::applications::server::ssr::with_chosen(choices, acting.as_ref().map(|(p, _)| p));
                Some(BookingContext { choices, for_id: chosen, staff: u.role == crate::prefs::Role::Staff, address, phone, who: who.to_string() })
            }
            _ => None,
        };
        Ok(Some(ListingDetail {
            card: card(&l, lang),
            description: l.description.clone(),
            cancel_hours: l.cancel_hours,
            photos: photos.iter().map(|f| format!("/market/listings/{}/photos/{}", l.id, f.id)).collect(),
            reviews: store.reviews_for_listing(l.id, 5).await?.iter().map(review_view).collect(),
            slots: open_slots(state, l.id, lang).await?,
            areas,
            booking,
            is_owner,
        }))
    }

    /// The resident's home address as the booking form prefills it.
    pub async fn address_of(state: &AppState, u: &UserRecord) -> StoreResult<String> {
        Ok(match u.building_id {
            Some(b) => state.store.building(b).await?.map(|b| format!("{} {} {}", b.street_name, b.community_name, b.name)).unwrap_or_default(),
            None => String::new(),
        })
    }

    pub fn summary(o: &OrderRow, who: &str, lang: Lang) -> OrderSummary {
        OrderSummary {
            ref_no: o.ref_no.clone(),
            title: o.title.clone(),
            status: o.status.clone(),
            status_label: order_status_label(&o.status, lang).into(),
            slot: slots::slot_text(o.starts_at, lang),
            who: who.to_string(),
        }
    }

    pub async fn order(state: &AppState, user: &UserRecord, ref_no: &str) -> StoreResult<Option<OrderView>> {
        let store = &*state.store;
        let lang = lang();
        let Some(o) = store.order_by_ref(ref_no).await? else { return Ok(None) };
        let Some(role) = order_role(state, user, &o).await? else { return Ok(None) };
        if role == "staff" {
            crate::web::with_origin(store.audit(state.now(), Some(user.id), Some(o.resident_id), "order_viewed", &o.ref_no)).await?;
        }
        let timeline = store
            .order_events(o.id)
            .await?
            .into_iter()
            .map(|e| EventView {
                at: crate::time::format_local(e.at),
                label: order_event_label(&e.kind, lang).into(),
                actor: e.actor_name.map(|n| mask_name(&n)).unwrap_or_default(),
                note: e.note,
            })
            .collect();
        let booked_for_by = if o.booked_by_id != o.resident_id {
            store.user_by_id(o.booked_by_id).await?.map(|u| u.name)
        } else {
            None
        };
        let cancel_until = slots::free_cancel_until(o.starts_at, o.cancel_hours);
        let review = store.review(o.id).await?;
        let complaints = store.complaints_about(o.id).await?.into_iter().map(|(ref_no, _, _)| ref_no).collect();
        Ok(Some(OrderView {
            ref_no: o.ref_no.clone(),
            listing_id: o.listing_id,
            title: o.title.clone(),
            status: o.status.clone(),
            status_label: order_status_label(&o.status, lang).into(),
            slot: slots::slot_text(o.starts_at, lang),
            address: o.address.clone(),
            contact_phone: o.contact_phone.clone(),
            note: o.note.clone(),
            price: super::super::price_text(&o.price_kind, o.price_cents, lang),
            provider_name: o.provider_name.clone(),
            provider_phone: o.provider_phone.clone(),
            resident_name: o.resident_name.clone(),
            booked_for_by,
            reason: o.reason.clone(),
            paid: o.paid_cents.map(|c| {
                let method = super::super::payments::method_label(o.paid_method.as_deref().unwrap_or(""), lang);
                format!("{} · {method}", super::super::price_text("fixed", c, lang))
            }),
            timeline,
            viewer: role.to_string(),
            free_cancel_until: crate::time::format_local(cancel_until),
            can_cancel_free: state.now() <= cancel_until,
            review: review.as_ref().map(review_view),
            may_rate: user.id == o.resident_id && o.status == "completed" && review.is_none(),
            online_payment: super::super::payments::gateway().available(),
            complaints,
        }))
    }

    pub async fn my_orders(state: &AppState, user: &UserRecord) -> StoreResult<Vec<OrderSummary>> {
        let lang = lang();
        let mut rows = state.store.orders(&OrderQuery { resident_id: Some(user.id), limit: 200, ..Default::default() }).await?;
        // Orders booked for a relative, or by staff for residents, are listed too.
        for o in state.store.orders(&OrderQuery { booked_by_id: Some(user.id), limit: 200, ..Default::default() }).await? {
            if !rows.iter().any(|r| r.id == o.id) {
                rows.push(o);
            }
        }
        for d in state.store.principals_of(user.id).await? {
            for o in state.store.orders(&OrderQuery { resident_id: Some(d.principal_id), limit: 200, ..Default::default() }).await? {
                if !rows.iter().any(|r| r.id == o.id) {
                    rows.push(o);
                }
            }
        }
        rows.sort_by(|a, b| b.starts_at.cmp(&a.starts_at));
        Ok(rows.iter().map(|o| summary(o, &o.provider_name, lang)).collect())
    }

    pub fn promotion_view(p: &PromotionRow, lang: Lang) -> PromotionView {
        let (zh, en) = match p.status.as_str() {
            "approved" => ("已通过", "Approved"),
            "rejected" => ("未通过", "Not approved"),
            _ => ("待审核", "Waiting for approval"),
        };
        PromotionView {
            id: p.id,
            title: p.title.clone(),
            provider_name: p.provider_name.clone(),
            starts_on: p.starts_on.clone(),
            ends_on: p.ends_on.clone(),
            status: p.status.clone(),
            status_label: if lang == Lang::En { en.into() } else { zh.into() },
            reason: p.reason.clone(),
            image: format!("/market/promotions/{}/image", p.id),
        }
    }

    pub async fn provider_home(state: &AppState, user: &UserRecord) -> StoreResult<ProviderHome> {
        let store = &*state.store;
        let lang = lang();
        let Some(p) = store.provider_by_owner(user.id).await? else {
            return Ok(ProviderHome { provider: None, listings: Vec::new(), inbox: Vec::new(), promotions: Vec::new() });
        };
        let listings = store.listings(&ListingQuery { provider_id: Some(p.id), limit: 500, ..Default::default() }).await?.iter().map(|l| card(l, lang)).collect();
        // The inbox: what needs doing first (soonest first), then the finished ones.
        let mut rows = store.orders(&OrderQuery { provider_id: Some(p.id), limit: 200, ..Default::default() }).await?;
        let finished = |o: &OrderRow| !super::super::lifecycle::OrderStatus::parse(&o.status).is_some_and(|s| s.is_open());
        rows.sort_by_key(|o| (finished(o), if finished(o) { -o.starts_at } else { o.starts_at }));
        let inbox = rows.iter().map(|o| summary(o, &o.resident_name, lang)).collect();
        let promotions = store.promotions(Some(p.id)).await?.iter().map(|m| promotion_view(m, lang)).collect();
        Ok(ProviderHome { provider: Some(provider_view(store, &p, lang).await?), listings, inbox, promotions })
    }

    pub async fn provider_form(state: &AppState, user: &UserRecord) -> StoreResult<ProviderFormView> {
        let store = &*state.store;
        let lang = lang();
        let existing = store.provider_by_owner(user.id).await?;
        let current = existing.as_ref().map(|p| ProviderFormValues {
            name: p.name.clone(),
            uscc: p.uscc.clone(),
            contact_name: p.contact_name.clone(),
            contact_phone: p.contact_phone.clone(),
            categories: super::super::codes(&p.categories).map(str::to_string).collect(),
            communities: super::super::codes(&p.communities).map(str::to_string).collect(),
            base_building: p.base_building_id.map(|b| b.to_string()).unwrap_or_default(),
            radius_km: if p.radius_km > 0.0 { p.radius_km.to_string() } else { String::new() },
        });
        Ok(ProviderFormView {
            categories: choices(super::super::CATEGORIES, lang),
            communities: community_names(store, lang).await?,
            buildings: store
                .buildings()
                .await?
                .into_iter()
                .map(|b| crate::community::BuildingOption::of(&b, lang))
                .collect(),
            locked: existing.as_ref().is_some_and(|p| !super::super::vetting::allows(super::super::vetting::VetAction::Resubmit, &p.status)),
            current,
        })
    }

    pub async fn listing_edit(state: &AppState, user: &UserRecord, id: Option<i64>) -> StoreResult<Option<ListingEditView>> {
        let store = &*state.store;
        let lang = lang();
        let Some(p) = store.provider_by_owner(user.id).await?.filter(|p| super::super::vetting::is_approved(&p.status)) else { return Ok(None) };
        let mut view = ListingEditView {
            id,
            values: Default::default(),
            categories: choices(super::super::CATEGORIES, lang),
            chosen_categories: Vec::new(),
            suits: choices(super::super::SUITS, lang),
            chosen_suits: Vec::new(),
            availability: Vec::new(),
            photos: Vec::new(),
            active: true,
        };
        let Some(id) = id else { return Ok(Some(view)) };
        let Some(l) = store.listing(id).await?.filter(|l| l.provider_id == p.id) else { return Ok(None) };
        let price = if l.price_kind == "quote" { String::new() } else { format!("{}", l.price_cents as f64 / 100.0) };
        for (k, v) in [
            ("title", l.title.clone()),
            ("description", l.description.clone()),
            ("price_kind", l.price_kind.clone()),
            ("price", price),
            ("duration", l.duration_minutes.to_string()),
            ("cancel_hours", l.cancel_hours.to_string()),
        ] {
            view.values.insert(k.into(), v);
        }
        view.chosen_categories = super::super::codes(&l.categories).map(str::to_string).collect();
        view.chosen_suits = super::super::codes(&l.target_groups).map(str::to_string).collect();
        view.availability = store
            .availability(l.id)
            .await?
            .iter()
            .map(|a| AvailabilityView {
                id: a.id,
                text: format!("{} {}", super::super::weekday_label(a.weekday, lang), super::super::minute_text(a.start_minute)),
                capacity: a.capacity,
            })
            .collect();
        view.photos = store.listing_photos(l.id).await?.iter().map(|f| format!("/market/listings/{}/photos/{}/thumb", l.id, f.id)).collect();
        view.active = l.active == 1;
        Ok(Some(view))
    }

    /// Staff see the providers they vet (one, with `only`) and those providers' promotions.
    pub async fn staff_market(state: &AppState, user: &UserRecord, only: Option<i64>) -> StoreResult<Option<StaffMarketView>> {
        let store = &*state.store;
        let lang = lang();
        if !matches!(user.role.as_str(), "staff" | "admin") {
            return Ok(None);
        }
        let mut providers = Vec::new();
        let mut ids = Vec::new();
        for p in store.providers().await? {
            if only.is_some_and(|id| id != p.id) || !staff_covers(store, user, &p).await? {
                continue;
            }
            ids.push(p.id);
            let mut view = provider_view(store, &p, lang).await?;
            view.open_here = user.community_code.as_ref().filter(|_| user.role.as_str() == "staff")
                .map(|c| p.approved_communities.contains(&format!(",{c},")));
            providers.push(view);
        }
        if only.is_some() && providers.is_empty() {
            return Ok(None);
        }
        let promotions =
            store.promotions(None).await?.iter().filter(|m| ids.contains(&m.provider_id)).map(|m| promotion_view(m, lang)).collect();
        Ok(Some(StaffMarketView { providers, promotions }))
    }
}

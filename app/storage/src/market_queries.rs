//! The SQL of `MarketStore`, written once for both engines (see `queries.rs`).

pub(crate) const PROVIDER_SELECT: &str = "SELECT p.id, p.owner_id, p.name, p.uscc, p.contact_name, p.contact_phone, \
    p.categories, p.communities, p.approved_communities, p.base_building_id, p.radius_km, b.lat AS base_lat, b.lng AS base_lng, \
    p.licence_file_id, p.status, p.status_reason, p.vetted_at, p.created_at, p.updated_at \
    FROM providers p LEFT JOIN buildings b ON b.id = p.base_building_id";

/// A listing with its provider's standing: rating and completed orders are the provider's.
pub(crate) const LISTING_SELECT: &str = "SELECT l.id, l.provider_id, l.title, l.description, l.categories, \
    l.target_groups, l.price_kind, l.price_cents, l.duration_minutes, l.cancel_hours, l.active, l.search_text, \
    l.pinyin_full, l.pinyin_initials, l.created_at, p.name AS provider_name, p.status AS provider_status, \
    p.owner_id AS provider_owner_id, p.approved_communities AS provider_communities, p.radius_km AS provider_radius_km, \
    b.lat AS base_lat, b.lng AS base_lng, b.community_code AS base_community, p.stars_sum, p.reviews, p.completed, \
    (SELECT MIN(lp.file_id) FROM listing_photos lp WHERE lp.listing_id = l.id) AS cover_file_id \
    FROM listings l JOIN providers p ON p.id = l.provider_id LEFT JOIN buildings b ON b.id = p.base_building_id";

/// The market's filters. A radius is compared on the flat-earth approximation (good to well
/// under 1% at city distances): north–south 111 km a degree, east–west scaled by cos(latitude),
/// whose square the caller passes as `$7`.
pub(crate) const LISTING_WHERE: &str = "($1 = 0 OR l.provider_id = $1) \
    AND ($2 = 0 OR (p.status = 'approved' AND p.approved_communities <> '' AND l.active = 1)) \
    AND ($3 = '' OR p.approved_communities LIKE '%,' || $3 || ',%' OR ($4 = 1 AND p.radius_km > 0 AND b.lat IS NOT NULL \
         AND p.approved_communities LIKE '%,' || b.community_code || ',%' \
         AND (b.lat - $5) * (b.lat - $5) * 12321.0 + (b.lng - $6) * (b.lng - $6) * $7 <= p.radius_km * p.radius_km)) \
    AND ($8 = '' OR l.categories LIKE '%,' || $8 || ',%')";

/// `LISTING_WHERE`, and the full-text index's answer to the query's words as `$9` when it has
/// any (`matching` is the engine's query of listing ids by `$9`); the parameter that follows.
pub(crate) fn listing_where(q: &crate::ListingQuery, matching: &str) -> (String, usize) {
    match q.text.as_deref().map(crate::search_terms::query_terms) {
        Some(terms) if !terms.is_empty() => (format!("{LISTING_WHERE} AND l.id IN ({matching})"), 10),
        _ => (LISTING_WHERE.to_string(), 9),
    }
}

/// Binds `LISTING_WHERE`'s parameters $1–$8 in order, then the words as `$match` makes them
/// for the engine, when `listing_where` asked for them.
macro_rules! bind_listing_query {
    ($query:expr, $q:expr) => {{
        let (near, lat, lng) = match $q.place {
            Some((lat, lng)) => (1_i64, lat, lng),
            None => (0, 0.0, 0.0),
        };
        let east_west = (111.0 * lat.to_radians().cos()).powi(2);
        $query
            .bind($q.provider_id.unwrap_or(0)).bind($q.bookable_only as i64)
            .bind($q.community.clone().unwrap_or_default()).bind(near).bind(lat).bind(lng).bind(east_west)
            .bind($q.category.clone().unwrap_or_default())
    }};
    ($query:expr, $q:expr, $match:path) => {{
        let query = $crate::market_queries::bind_listing_query!($query, $q);
        match $q.text.as_deref().map($crate::search_terms::query_terms) {
            Some(terms) if !terms.is_empty() => query.bind($match(&terms)),
            _ => query,
        }
    }};
}

pub(crate) const ORDER_SELECT: &str = "SELECT o.id, o.ref_no, o.listing_id, o.provider_id, p.name AS provider_name, \
    p.owner_id AS provider_owner_id, p.contact_phone AS provider_phone, o.resident_id, u.name AS resident_name, \
    o.booked_by_id, o.consent, o.community_code, o.starts_at, o.address, o.contact_phone, o.note, o.title, o.price_kind, \
    o.price_cents, o.cancel_hours, o.status, o.reason, o.paid_cents, o.paid_method, o.paid_at, o.served_at, \
    o.completed_at, o.auto_completed, o.created_at \
    FROM orders o JOIN providers p ON p.id = o.provider_id JOIN users u ON u.id = o.resident_id";

pub(crate) const REVIEW_SELECT: &str = "SELECT r.order_id, r.listing_id, u.name AS resident_name, r.stars, r.body, \
    r.reply, r.replied_at, r.created_at FROM reviews r JOIN users u ON u.id = r.resident_id";

pub(crate) const PROMOTION_SELECT: &str = "SELECT m.id, m.provider_id, p.name AS provider_name, \
    p.status AS provider_status, p.approved_communities AS provider_communities, m.title, m.image_file_id, m.starts_on, \
    m.ends_on, m.status, m.reason, m.created_at FROM promotions m JOIN providers p ON p.id = m.provider_id";

/// Adds `$community` to (or takes it from) the provider's approved communities inside an open
/// transaction, with its history event; evaluates to whether anything changed.
macro_rules! approve_in_community {
    ($tx:expr, $provider:expr, $community:expr, $open:expr, $by:expr, $now:expr) => {{
        let approved: String = sqlx::query_scalar("SELECT approved_communities FROM providers WHERE id = $1")
            .bind($provider).fetch_one(&mut *$tx).await?;
        let mut codes: Vec<&str> = approved.split(',').filter(|c| !c.is_empty() && *c != $community.as_str()).collect();
        if $open {
            codes.push($community.as_str());
            codes.sort_unstable();
        }
        let updated = if codes.is_empty() { String::new() } else { format!(",{},", codes.join(",")) };
        let changed = updated != approved;
        if changed {
            sqlx::query("UPDATE providers SET approved_communities = $2, updated_at = $3 WHERE id = $1")
                .bind($provider).bind(&updated).bind($now).execute(&mut *$tx).await?;
            let kind = if $open { "community_opened" } else { "community_closed" };
            sqlx::query("INSERT INTO provider_events (provider_id, at, actor_id, kind, note) VALUES ($1, $2, $3, $4, $5)")
                .bind($provider).bind($now).bind($by).bind(kind).bind($community.as_str()).execute(&mut *$tx).await?;
        }
        changed
    }};
}

/// Stores one prepared file row inside an open transaction; evaluates to its id.
macro_rules! insert_file {
    ($tx:expr, $owner:expr, $kind:expr, $f:expr, $now:expr) => {{
        let id: i64 = sqlx::query_scalar(
                "INSERT INTO files (owner_id, uploaded_by, kind, original_name, stored_name, thumb_name, mime, size, \
                 sha256, in_wallet, created_at) VALUES ($1, $1, $2, $3, $4, $5, $6, $7, $8, 0, $9) RETURNING id")
            .bind($owner).bind($kind).bind(&$f.original_name).bind(&$f.stored_name).bind(&$f.thumb_name)
            .bind(&$f.mime).bind($f.size).bind(&$f.sha256).bind($now)
            .fetch_one(&mut *$tx).await?;
        id
    }};
}

macro_rules! impl_market_store {
    ($store:ident, $begin_write:literal, $matching:literal, $match:path) => {
        #[async_trait::async_trait]
        impl $crate::MarketStore for $store {
            async fn set_building_location(&self, building_id: i64, lat: f64, lng: f64) -> $crate::StoreResult<()> {
                sqlx::query("UPDATE buildings SET lat = $2, lng = $3 WHERE id = $1")
                    .bind(building_id).bind(lat).bind(lng).execute(&self.pool).await?;
                Ok(())
            }

            async fn building_location(&self, building_id: i64) -> $crate::StoreResult<Option<(f64, f64)>> {
                let row: Option<(Option<f64>, Option<f64>)> = sqlx::query_as("SELECT lat, lng FROM buildings WHERE id = $1")
                    .bind(building_id).fetch_optional(&self.pool).await?;
                Ok(row.and_then(|(a, b)| a.zip(b)))
            }

            async fn create_provider(&self, p: &$crate::NewProvider, licence: &$crate::NewFile,
                notices: &[$crate::Notice], now: i64) -> $crate::StoreResult<i64> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                let file_id = $crate::market_queries::insert_file!(tx, p.owner_id, "licence", licence, now);
                let inserted = sqlx::query_scalar(
                        "INSERT INTO providers (owner_id, name, uscc, contact_name, contact_phone, categories, communities, \
                         base_building_id, radius_km, licence_file_id, status, created_at, updated_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'pending', $11, $11) RETURNING id")
                    .bind(p.owner_id).bind(&p.name).bind(&p.uscc).bind(&p.contact_name).bind(self.cipher.seal("providers.contact_phone", &p.contact_phone))
                    .bind(&p.categories).bind(&p.communities).bind(p.base_building_id).bind(p.radius_km).bind(file_id).bind(now)
                    .fetch_one(&mut *tx).await;
                let id: i64 = match inserted {
                    Ok(id) => id,
                    Err(e) if $crate::is_unique_violation(&e) => {
                        drop(tx);
                        let uscc_taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM providers WHERE uscc = $1")
                            .bind(&p.uscc).fetch_one(&self.pool).await?;
                        return Err($crate::StoreError::Conflict(if uscc_taken > 0 { "uscc" } else { "owner" }));
                    }
                    Err(e) => return Err(e.into()),
                };
                sqlx::query("INSERT INTO provider_events (provider_id, at, actor_id, kind) VALUES ($1, $2, $3, 'applied')")
                    .bind(id).bind(now).bind(p.owner_id).execute(&mut *tx).await?;
                let link = format!("/work/providers/{id}");
                $crate::application_queries::write_notices!(self.cipher, tx, notices, None::<i64>, Some(&link), now);
                tx.commit().await?;
                Ok(id)
            }

            async fn resubmit_provider(&self, id: i64, p: &$crate::NewProvider, licence: Option<&$crate::NewFile>,
                from: &[&str], notices: &[$crate::Notice], now: i64) -> $crate::StoreResult<bool> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                let file_id: Option<i64> = match licence {
                    Some(f) => Some($crate::market_queries::insert_file!(tx, p.owner_id, "licence", f, now)),
                    None => None,
                };
                let sql = format!("UPDATE providers SET name = $3, uscc = $4, contact_name = $5, contact_phone = $6, \
                                   categories = $7, communities = $8, base_building_id = $9, radius_km = $10, \
                                   licence_file_id = COALESCE($11, licence_file_id), status = 'pending', status_reason = '', \
                                   updated_at = $12 WHERE id = $1 AND owner_id = $2 AND {}", $crate::status_in(13, from));
                let mut update = sqlx::query(&sql)
                    .bind(id).bind(p.owner_id).bind(&p.name).bind(&p.uscc).bind(&p.contact_name).bind(self.cipher.seal("providers.contact_phone", &p.contact_phone))
                    .bind(&p.categories).bind(&p.communities).bind(p.base_building_id).bind(p.radius_km).bind(file_id).bind(now);
                for state in from {
                    update = update.bind(*state);
                }
                let done = update.execute(&mut *tx).await;
                match done {
                    Ok(d) if d.rows_affected() == 0 => return Ok(false),
                    Ok(_) => {}
                    Err(e) if $crate::is_unique_violation(&e) => return Err($crate::StoreError::Conflict("uscc")),
                    Err(e) => return Err(e.into()),
                }
                sqlx::query("INSERT INTO provider_events (provider_id, at, actor_id, kind) VALUES ($1, $2, $3, 'resubmitted')")
                    .bind(id).bind(now).bind(p.owner_id).execute(&mut *tx).await?;
                let link = format!("/work/providers/{id}");
                $crate::application_queries::write_notices!(self.cipher, tx, notices, None::<i64>, Some(&link), now);
                tx.commit().await?;
                Ok(true)
            }

            async fn provider(&self, id: i64) -> $crate::StoreResult<Option<$crate::ProviderRow>> {
                let sql = format!("{} WHERE p.id = $1", $crate::market_queries::PROVIDER_SELECT);
                $crate::sealed::open_one(&*self.cipher, sqlx::query_as(&sql).bind(id).fetch_optional(&self.pool).await?)
            }

            async fn provider_by_owner(&self, owner_id: i64) -> $crate::StoreResult<Option<$crate::ProviderRow>> {
                let sql = format!("{} WHERE p.owner_id = $1", $crate::market_queries::PROVIDER_SELECT);
                $crate::sealed::open_one(&*self.cipher, sqlx::query_as(&sql).bind(owner_id).fetch_optional(&self.pool).await?)
            }

            async fn providers(&self) -> $crate::StoreResult<Vec<$crate::ProviderRow>> {
                let sql = format!("{} ORDER BY p.updated_at DESC", $crate::market_queries::PROVIDER_SELECT);
                $crate::sealed::open_all(&*self.cipher, sqlx::query_as(&sql).fetch_all(&self.pool).await?)
            }

            async fn provider_events(&self, provider_id: i64) -> $crate::StoreResult<Vec<$crate::ProviderEventRow>> {
                Ok(sqlx::query_as("SELECT id, at, actor_id, kind, note FROM provider_events WHERE provider_id = $1 ORDER BY id")
                    .bind(provider_id).fetch_all(&self.pool).await?)
            }

            async fn provider_step(&self, s: &$crate::ProviderStep, now: i64) -> $crate::StoreResult<bool> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                let sql = format!("UPDATE providers SET status = COALESCE($2, status), status_reason = $3, vetted_by = $4, vetted_at = $5, \
                                   updated_at = $5 WHERE id = $1 AND {}", $crate::status_in(6, s.from));
                let mut update = sqlx::query(&sql).bind(s.id).bind(s.to).bind(&s.note).bind(s.actor_id).bind(now);
                for state in s.from {
                    update = update.bind(*state);
                }
                let done = update.execute(&mut *tx).await?;
                if done.rows_affected() == 0 {
                    return Ok(false);
                }
                sqlx::query("INSERT INTO provider_events (provider_id, at, actor_id, kind, note) VALUES ($1, $2, $3, $4, $5)")
                    .bind(s.id).bind(now).bind(s.actor_id).bind(s.event_kind).bind(&s.note).execute(&mut *tx).await?;
                if let Some(community) = &s.effects.open_in {
                    $crate::market_queries::approve_in_community!(tx, s.id, community, true, s.actor_id, now);
                }
                let link = "/provider".to_string();
                $crate::application_queries::write_notices!(self.cipher, tx, &s.notices, None::<i64>, Some(&link), now);
                $crate::application_queries::write_audit!(tx, &s.audit, now);
                tx.commit().await?;
                Ok(true)
            }

            async fn set_community_approval(&self, c: &$crate::CommunityApproval, notices: &[$crate::Notice], now: i64) -> $crate::StoreResult<bool> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                let status: Option<String> = sqlx::query_scalar("SELECT status FROM providers WHERE id = $1")
                    .bind(c.provider_id).fetch_optional(&mut *tx).await?;
                if status.as_deref() != Some("approved") {
                    return Ok(false);
                }
                let changed = $crate::market_queries::approve_in_community!(tx, c.provider_id, &c.community, c.open, c.by, now);
                if changed {
                    let link = "/provider".to_string();
                    $crate::application_queries::write_notices!(self.cipher, tx, notices, None::<i64>, Some(&link), now);
                    tx.commit().await?;
                }
                Ok(changed)
            }

            async fn index_listings(&self) -> $crate::StoreResult<u64> {
                let mut filled = 0;
                loop {
                    let rows: Vec<(i64, String, String, String, String)> = sqlx::query_as(
                            "SELECT id, title, search_text, pinyin_full, pinyin_initials FROM listings WHERE search_terms = '' LIMIT 500")
                        .fetch_all(&self.pool).await?;
                    if rows.is_empty() {
                        return Ok(filled);
                    }
                    let mut tx = self.pool.begin_with($begin_write).await?;
                    for (id, title, text, full, initials) in &rows {
                        // A listing with no word at all still leaves the queue.
                        let terms = $crate::search_terms::index_terms(title, text, full, initials);
                        sqlx::query("UPDATE listings SET search_terms = $2 WHERE id = $1")
                            .bind(id).bind(if terms.is_empty() { " ".to_string() } else { terms }).execute(&mut *tx).await?;
                    }
                    tx.commit().await?;
                    filled += rows.len() as u64;
                }
            }

            async fn save_listing(&self, provider_id: i64, owner_id: i64, id: Option<i64>, l: &$crate::ListingInput,
                photos: &[$crate::NewFile], now: i64) -> $crate::StoreResult<Option<i64>> {
                let terms = $crate::search_terms::index_terms(&l.title, &l.search_text, &l.pinyin_full, &l.pinyin_initials);
                let mut tx = self.pool.begin_with($begin_write).await?;
                let id: i64 = match id {
                    None => sqlx::query_scalar(
                            "INSERT INTO listings (provider_id, title, description, categories, target_groups, price_kind, \
                             price_cents, duration_minutes, cancel_hours, search_text, pinyin_full, pinyin_initials, created_at, \
                             updated_at, search_terms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $14) RETURNING id")
                        .bind(provider_id).bind(&l.title).bind(&l.description).bind(&l.categories).bind(&l.target_groups)
                        .bind(&l.price_kind).bind(l.price_cents).bind(l.duration_minutes).bind(l.cancel_hours)
                        .bind(&l.search_text).bind(&l.pinyin_full).bind(&l.pinyin_initials).bind(now).bind(&terms)
                        .fetch_one(&mut *tx).await?,
                    Some(id) => {
                        let done = sqlx::query("UPDATE listings SET title = $3, description = $4, categories = $5, \
                                                target_groups = $6, price_kind = $7, price_cents = $8, duration_minutes = $9, \
                                                cancel_hours = $10, search_text = $11, pinyin_full = $12, pinyin_initials = $13, \
                                                updated_at = $14, search_terms = $15 WHERE id = $1 AND provider_id = $2")
                            .bind(id).bind(provider_id).bind(&l.title).bind(&l.description).bind(&l.categories)
                            .bind(&l.target_groups).bind(&l.price_kind).bind(l.price_cents).bind(l.duration_minutes)
                            .bind(l.cancel_hours).bind(&l.search_text).bind(&l.pinyin_full).bind(&l.pinyin_initials).bind(now)
                            .bind(&terms)
                            .execute(&mut *tx).await?;
                        if done.rows_affected() == 0 {
                            return Ok(None);
                        }
                        id
                    }
                };
                for f in photos {
                    let file_id = $crate::market_queries::insert_file!(tx, owner_id, "listing_photo", f, now);
                    sqlx::query("INSERT INTO listing_photos (listing_id, file_id) VALUES ($1, $2)")
                        .bind(id).bind(file_id).execute(&mut *tx).await?;
                }
                tx.commit().await?;
                Ok(Some(id))
            }

            async fn set_listing_active(&self, id: i64, provider_id: i64, active: bool, now: i64) -> $crate::StoreResult<bool> {
                let done = sqlx::query("UPDATE listings SET active = $3, updated_at = $4 WHERE id = $1 AND provider_id = $2")
                    .bind(id).bind(provider_id).bind(active as i64).bind(now).execute(&self.pool).await?;
                Ok(done.rows_affected() == 1)
            }

            async fn listing(&self, id: i64) -> $crate::StoreResult<Option<$crate::ListingRow>> {
                let sql = format!("{} WHERE l.id = $1", $crate::market_queries::LISTING_SELECT);
                Ok(sqlx::query_as(&sql).bind(id).fetch_optional(&self.pool).await?)
            }

            async fn listings(&self, q: &$crate::ListingQuery) -> $crate::StoreResult<Vec<$crate::ListingRow>> {
                let (filter, next) = $crate::market_queries::listing_where(q, $matching);
                let sql = format!("{} WHERE {filter} ORDER BY l.id DESC LIMIT ${next}", $crate::market_queries::LISTING_SELECT);
                let query = $crate::market_queries::bind_listing_query!(sqlx::query_as(&sql), q, $match);
                Ok(query.bind(q.limit.max(1)).fetch_all(&self.pool).await?)
            }

            async fn listing_words(&self, q: &$crate::ListingQuery) -> $crate::StoreResult<Vec<$crate::ListingWords>> {
                let (filter, next) = $crate::market_queries::listing_where(q, $matching);
                let sql = format!("SELECT l.id, l.title, l.search_text, l.pinyin_full, l.pinyin_initials \
                                   FROM listings l JOIN providers p ON p.id = l.provider_id \
                                   LEFT JOIN buildings b ON b.id = p.base_building_id WHERE {filter} ORDER BY l.id DESC LIMIT ${next}");
                let query = $crate::market_queries::bind_listing_query!(sqlx::query_as(&sql), q, $match);
                Ok(query.bind(q.limit.max(1)).fetch_all(&self.pool).await?)
            }

            async fn listings_by_id(&self, ids: &[i64]) -> $crate::StoreResult<Vec<$crate::ListingRow>> {
                if ids.is_empty() {
                    return Ok(Vec::new());
                }
                // The ids are integers, so they go into the text as they are.
                let ids = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
                let sql = format!("{} WHERE l.id IN ({ids})", $crate::market_queries::LISTING_SELECT);
                Ok(sqlx::query_as(&sql).fetch_all(&self.pool).await?)
            }

            async fn count_listings(&self, q: &$crate::ListingQuery) -> $crate::StoreResult<i64> {
                let (filter, _) = $crate::market_queries::listing_where(q, $matching);
                let sql = format!("SELECT COUNT(*) FROM listings l JOIN providers p ON p.id = l.provider_id \
                                   LEFT JOIN buildings b ON b.id = p.base_building_id WHERE {filter}");
                let query = $crate::market_queries::bind_listing_query!(sqlx::query_scalar(&sql), q, $match);
                Ok(query.fetch_one(&self.pool).await?)
            }

            async fn listing_photos(&self, listing_id: i64) -> $crate::StoreResult<Vec<$crate::FileRow>> {
                let sql = format!("SELECT {} FROM listing_photos lp JOIN files f ON f.id = lp.file_id WHERE lp.listing_id = $1 ORDER BY f.id",
                                  $crate::application_queries::FILE_COLUMNS);
                Ok(sqlx::query_as(&sql).bind(listing_id).fetch_all(&self.pool).await?)
            }

            async fn availability(&self, listing_id: i64) -> $crate::StoreResult<Vec<$crate::AvailabilityRow>> {
                Ok(sqlx::query_as("SELECT id, listing_id, weekday, start_minute, capacity FROM availability \
                                   WHERE listing_id = $1 ORDER BY weekday, start_minute")
                    .bind(listing_id).fetch_all(&self.pool).await?)
            }

            async fn add_availability(&self, listing_id: i64, weekday: i64, start_minute: i64, capacity: i64) -> $crate::StoreResult<bool> {
                let done = sqlx::query("INSERT INTO availability (listing_id, weekday, start_minute, capacity) VALUES ($1, $2, $3, $4) \
                                        ON CONFLICT (listing_id, weekday, start_minute) DO NOTHING")
                    .bind(listing_id).bind(weekday).bind(start_minute).bind(capacity).execute(&self.pool).await?;
                Ok(done.rows_affected() == 1)
            }

            async fn delete_availability(&self, id: i64, listing_id: i64) -> $crate::StoreResult<bool> {
                let done = sqlx::query("DELETE FROM availability WHERE id = $1 AND listing_id = $2")
                    .bind(id).bind(listing_id).execute(&self.pool).await?;
                Ok(done.rows_affected() == 1)
            }

            async fn slot_use(&self, listing_id: i64, from: i64, to: i64) -> $crate::StoreResult<Vec<(i64, i64)>> {
                Ok(sqlx::query_as("SELECT starts_at, used FROM slot_use WHERE listing_id = $1 AND starts_at >= $2 AND starts_at < $3")
                    .bind(listing_id).bind(from).bind(to).fetch_all(&self.pool).await?)
            }

            async fn book(&self, o: &$crate::NewOrder, capacity: i64, notices: &[$crate::Notice],
                audit: &[$crate::AuditEntry], now: i64) -> $crate::StoreResult<$crate::BookOutcome> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                let open: Option<i64> = sqlx::query_scalar("SELECT l.id FROM listings l JOIN providers p ON p.id = l.provider_id \
                                                            WHERE l.id = $1 AND l.active = 1 AND p.status = 'approved'")
                    .bind(o.listing_id).fetch_optional(&mut *tx).await?;
                if open.is_none() {
                    return Ok($crate::BookOutcome::Unavailable);
                }
                // The place is taken only while the slot has room; with no row back it is full.
                let taken: Option<i64> = sqlx::query_scalar(
                        "INSERT INTO slot_use (listing_id, starts_at, used) VALUES ($1, $2, 1) \
                         ON CONFLICT (listing_id, starts_at) DO UPDATE SET used = slot_use.used + 1 \
                         WHERE slot_use.used < $3 RETURNING used")
                    .bind(o.listing_id).bind(o.starts_at).bind(capacity).fetch_optional(&mut *tx).await?;
                if taken.is_none() {
                    return Ok($crate::BookOutcome::Full);
                }
                let inserted = sqlx::query_scalar(
                        "INSERT INTO orders (ref_no, listing_id, provider_id, resident_id, booked_by_id, consent, community_code, \
                         starts_at, address, contact_phone, note, title, price_kind, price_cents, cancel_hours, status, created_at, \
                         updated_at, channel) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 'requested', $16, $16, $17) \
                         RETURNING id")
                    .bind(&o.ref_no).bind(o.listing_id).bind(o.provider_id).bind(o.resident_id).bind(o.booked_by_id)
                    .bind(&o.consent).bind(&o.community_code).bind(o.starts_at)
                    .bind(self.cipher.seal("orders.address", &o.address)).bind(self.cipher.seal("orders.contact_phone", &o.contact_phone))
                    .bind(&o.note).bind(&o.title).bind(&o.price_kind).bind(o.price_cents).bind(o.cancel_hours).bind(now).bind(o.channel)
                    .fetch_one(&mut *tx).await;
                let id: i64 = match inserted {
                    Ok(id) => id,
                    Err(e) if $crate::is_unique_violation(&e) => return Err($crate::StoreError::Conflict("ref_no")),
                    Err(e) => return Err(e.into()),
                };
                sqlx::query("INSERT INTO order_events (order_id, at, actor_id, kind, note, status_after) VALUES ($1, $2, $3, 'requested', $4, 'requested')")
                    .bind(id).bind(now).bind(o.booked_by_id).bind(&o.note).execute(&mut *tx).await?;
                let link = format!("/market/orders/{}", o.ref_no);
                $crate::application_queries::write_notices!(self.cipher, tx, notices, None::<i64>, Some(&link), now);
                $crate::application_queries::write_audit!(tx, audit, now);
                tx.commit().await?;
                Ok($crate::BookOutcome::Booked(id))
            }

            async fn order_by_ref(&self, ref_no: &str) -> $crate::StoreResult<Option<$crate::OrderRow>> {
                let sql = format!("{} WHERE o.ref_no = $1", $crate::market_queries::ORDER_SELECT);
                $crate::sealed::open_one(&*self.cipher, sqlx::query_as(&sql).bind(ref_no).fetch_optional(&self.pool).await?)
            }

            async fn order_ref(&self, id: i64) -> $crate::StoreResult<Option<String>> {
                Ok(sqlx::query_scalar("SELECT ref_no FROM orders WHERE id = $1").bind(id).fetch_optional(&self.pool).await?)
            }

            async fn orders(&self, q: &$crate::OrderQuery) -> $crate::StoreResult<Vec<$crate::OrderRow>> {
                let statuses = if q.statuses.is_empty() { String::new() } else { format!(",{},", q.statuses.join(",")) };
                // Each filter is in the text only when asked for (`$n = 0` keeps the parameter
                // otherwise): "resident_id = $1 OR $1 = 0" would read every order to find a few.
                let only = |asked: bool, filter: &str, unused: &str| if asked { filter.to_string() } else { unused.to_string() };
                let sql = format!("{} WHERE {} AND {} AND {} AND ($4 = '' OR $4 LIKE '%,' || o.status || ',%') \
                                   AND ($5 = 0 OR o.served_at < $5) ORDER BY o.starts_at DESC, o.id DESC LIMIT $6",
                                  $crate::market_queries::ORDER_SELECT,
                                  only(q.resident_id.is_some(), "o.resident_id = $1", "$1 = 0"),
                                  only(q.booked_by_id.is_some(), "o.booked_by_id = $2", "$2 = 0"),
                                  only(q.provider_id.is_some(), "o.provider_id = $3", "$3 = 0"));
                $crate::sealed::open_all(&*self.cipher, sqlx::query_as(&sql)
                    .bind(q.resident_id.unwrap_or(0)).bind(q.booked_by_id.unwrap_or(0)).bind(q.provider_id.unwrap_or(0))
                    .bind(statuses).bind(q.served_before.unwrap_or(0)).bind(q.limit.max(1))
                    .fetch_all(&self.pool).await?)
            }

            async fn order_events(&self, order_id: i64) -> $crate::StoreResult<Vec<$crate::OrderEventRow>> {
                Ok(sqlx::query_as("SELECT e.id, e.at, e.actor_id, u.name AS actor_name, e.kind, e.note, e.status_after \
                                   FROM order_events e LEFT JOIN users u ON u.id = e.actor_id WHERE e.order_id = $1 ORDER BY e.id")
                    .bind(order_id).fetch_all(&self.pool).await?)
            }

            async fn order_step(&self, s: &$crate::OrderStep, now: i64) -> $crate::StoreResult<bool> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                let e = &s.effects;
                let (paid, cents, method) = match e.paid { Some((c, m)) => (1_i64, Some(c), Some(m)), None => (0, None, None) };
                let sql = format!(
                        "UPDATE orders SET status = COALESCE($2, status), reason = COALESCE($3, reason), \
                         served_at = CASE WHEN $4 = 1 THEN $5 ELSE served_at END, \
                         completed_at = CASE WHEN $6 = 1 THEN $5 ELSE completed_at END, \
                         auto_completed = CASE WHEN $7 = 1 THEN 1 ELSE auto_completed END, \
                         paid_cents = CASE WHEN $8 = 1 THEN $9 ELSE paid_cents END, \
                         paid_method = CASE WHEN $8 = 1 THEN $10 ELSE paid_method END, \
                         paid_at = CASE WHEN $8 = 1 THEN $5 ELSE paid_at END, updated_at = $5 \
                         WHERE id = $1 AND {} AND ($8 = 0 OR paid_at IS NULL) \
                         RETURNING ref_no, status, listing_id, starts_at", $crate::status_in(11, s.from));
                let mut update = sqlx::query_as::<_, (String, String, i64, i64)>(&sql)
                    .bind(s.id).bind(s.to).bind(&e.reason).bind(e.served as i64).bind(now).bind(e.completed as i64)
                    .bind(e.automatic as i64).bind(paid).bind(cents).bind(method);
                for state in s.from {
                    update = update.bind(*state);
                }
                let row = update.fetch_optional(&mut *tx).await?;
                let Some((ref_no, status, listing_id, starts_at)) = row else { return Ok(false) };
                if e.completed {
                    sqlx::query("UPDATE providers SET completed = completed + 1 WHERE id = (SELECT provider_id FROM orders WHERE id = $1)")
                        .bind(s.id).execute(&mut *tx).await?;
                }
                if e.frees_slot {
                    sqlx::query("UPDATE slot_use SET used = used - 1 WHERE listing_id = $1 AND starts_at = $2 AND used > 0")
                        .bind(listing_id).bind(starts_at).execute(&mut *tx).await?;
                }
                sqlx::query("INSERT INTO order_events (order_id, at, actor_id, kind, note, status_after) VALUES ($1, $2, $3, $4, $5, $6)")
                    .bind(s.id).bind(now).bind(s.actor_id).bind(s.event_kind).bind(&s.note).bind(&status)
                    .execute(&mut *tx).await?;
                let link = format!("/market/orders/{ref_no}");
                $crate::application_queries::write_notices!(self.cipher, tx, &s.notices, None::<i64>, Some(&link), now);
                $crate::application_queries::write_audit!(tx, &s.audit, now);
                tx.commit().await?;
                Ok(true)
            }

            async fn complaints_about(&self, order_id: i64) -> $crate::StoreResult<Vec<(String, String, String)>> {
                Ok(sqlx::query_as("SELECT ref_no, unit_kind, unit_code FROM feedback WHERE order_id = $1 ORDER BY id")
                    .bind(order_id).fetch_all(&self.pool).await?)
            }

            async fn add_review(&self, order_id: i64, resident_id: i64, stars: i64, body: &str, notices: &[$crate::Notice],
                now: i64) -> $crate::StoreResult<bool> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                let done = sqlx::query("INSERT INTO reviews (order_id, listing_id, provider_id, resident_id, stars, body, created_at) \
                                        SELECT o.id, o.listing_id, o.provider_id, o.resident_id, $3, $4, $5 FROM orders o \
                                        WHERE o.id = $1 AND o.resident_id = $2 AND o.status = 'completed' \
                                        ON CONFLICT (order_id) DO NOTHING")
                    .bind(order_id).bind(resident_id).bind(stars).bind(body).bind(now).execute(&mut *tx).await?;
                if done.rows_affected() == 0 {
                    return Ok(false);
                }
                let (ref_no, provider_id): (String, i64) = sqlx::query_as("SELECT ref_no, provider_id FROM orders WHERE id = $1")
                    .bind(order_id).fetch_one(&mut *tx).await?;
                sqlx::query("UPDATE providers SET stars_sum = stars_sum + $2, reviews = reviews + 1 WHERE id = $1")
                    .bind(provider_id).bind(stars).execute(&mut *tx).await?;
                sqlx::query("INSERT INTO order_events (order_id, at, actor_id, kind, note, status_after) VALUES ($1, $2, $3, 'reviewed', $4, 'completed')")
                    .bind(order_id).bind(now).bind(resident_id).bind(format!("{stars}★ {body}")).execute(&mut *tx).await?;
                let link = format!("/market/orders/{ref_no}");
                $crate::application_queries::write_notices!(self.cipher, tx, notices, None::<i64>, Some(&link), now);
                tx.commit().await?;
                Ok(true)
            }

            async fn reply_review(&self, order_id: i64, provider_id: i64, reply: &str, now: i64) -> $crate::StoreResult<bool> {
                let done = sqlx::query("UPDATE reviews SET reply = $3, replied_at = $4 WHERE order_id = $1 AND provider_id = $2 AND reply IS NULL")
                    .bind(order_id).bind(provider_id).bind(reply).bind(now).execute(&self.pool).await?;
                Ok(done.rows_affected() == 1)
            }

            async fn review(&self, order_id: i64) -> $crate::StoreResult<Option<$crate::ReviewRow>> {
                let sql = format!("{} WHERE r.order_id = $1", $crate::market_queries::REVIEW_SELECT);
                Ok(sqlx::query_as(&sql).bind(order_id).fetch_optional(&self.pool).await?)
            }

            async fn reviews_for_listing(&self, listing_id: i64, limit: i64) -> $crate::StoreResult<Vec<$crate::ReviewRow>> {
                let sql = format!("{} WHERE r.listing_id = $1 ORDER BY r.created_at DESC, r.order_id DESC LIMIT $2",
                                  $crate::market_queries::REVIEW_SELECT);
                Ok(sqlx::query_as(&sql).bind(listing_id).bind(limit).fetch_all(&self.pool).await?)
            }

            async fn create_promotion(&self, provider_id: i64, owner_id: i64, title: &str, image: &$crate::NewFile,
                starts_on: &str, ends_on: &str, notices: &[$crate::Notice], now: i64) -> $crate::StoreResult<i64> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                let file_id = $crate::market_queries::insert_file!(tx, owner_id, "promotion", image, now);
                let id: i64 = sqlx::query_scalar("INSERT INTO promotions (provider_id, title, image_file_id, starts_on, ends_on, status, created_at) \
                                                  VALUES ($1, $2, $3, $4, $5, 'pending', $6) RETURNING id")
                    .bind(provider_id).bind(title).bind(file_id).bind(starts_on).bind(ends_on).bind(now)
                    .fetch_one(&mut *tx).await?;
                let link = "/work/providers".to_string();
                $crate::application_queries::write_notices!(self.cipher, tx, notices, None::<i64>, Some(&link), now);
                tx.commit().await?;
                Ok(id)
            }

            async fn promotion(&self, id: i64) -> $crate::StoreResult<Option<$crate::PromotionRow>> {
                let sql = format!("{} WHERE m.id = $1", $crate::market_queries::PROMOTION_SELECT);
                Ok(sqlx::query_as(&sql).bind(id).fetch_optional(&self.pool).await?)
            }

            async fn promotions(&self, provider_id: Option<i64>) -> $crate::StoreResult<Vec<$crate::PromotionRow>> {
                let sql = format!("{} WHERE ($1 = 0 OR m.provider_id = $1) ORDER BY m.id DESC", $crate::market_queries::PROMOTION_SELECT);
                Ok(sqlx::query_as(&sql).bind(provider_id.unwrap_or(0)).fetch_all(&self.pool).await?)
            }

            async fn review_promotion(&self, id: i64, from: &[&str], to: &str, reason: &str, by: i64, notices: &[$crate::Notice],
                now: i64) -> $crate::StoreResult<bool> {
                let mut tx = self.pool.begin_with($begin_write).await?;
                let sql = format!("UPDATE promotions SET status = $2, reason = $3, reviewed_by = $4, reviewed_at = $5 \
                                   WHERE id = $1 AND {}", $crate::status_in(6, from));
                let mut update = sqlx::query(&sql).bind(id).bind(to).bind(reason).bind(by).bind(now);
                for state in from {
                    update = update.bind(*state);
                }
                let done = update.execute(&mut *tx).await?;
                if done.rows_affected() == 0 {
                    return Ok(false);
                }
                let link = "/provider".to_string();
                $crate::application_queries::write_notices!(self.cipher, tx, notices, None::<i64>, Some(&link), now);
                sqlx::query("INSERT INTO audit_log (at, actor_id, subject_id, action, detail, addr, user_agent) VALUES ($1, $2, NULL, $3, $4, $5, $6)")
                    .bind(now).bind(by).bind(format!("promotion_{to}"))
                    .bind(format!("promotion={id} {reason}")).bind($crate::origin::addr()).bind($crate::origin::user_agent()).execute(&mut *tx).await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn live_promotions(&self, day: &str) -> $crate::StoreResult<Vec<$crate::PromotionRow>> {
                let sql = format!("{} WHERE m.status = 'approved' AND p.status = 'approved' AND m.starts_on <= $1 AND m.ends_on >= $1 \
                                   ORDER BY m.id DESC LIMIT 6", $crate::market_queries::PROMOTION_SELECT);
                Ok(sqlx::query_as(&sql).bind(day).fetch_all(&self.pool).await?)
            }
        }
    };
}

pub(crate) use {approve_in_community, bind_listing_query, impl_market_store, insert_file};

-- 便民服务: vetted local providers, their listings and weekly time slots, residents' orders with
-- a timeline, reviews, promotions; complaints about an order are feedback items (kind complaint).

-- Where a building is, for providers that serve "within N km" (demo data and admins fill it).
ALTER TABLE buildings ADD COLUMN lat REAL;
ALTER TABLE buildings ADD COLUMN lng REAL;

-- One business per account. Lists are stored ',a,b,' so one LIKE finds a member on both engines.
CREATE TABLE providers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id INTEGER NOT NULL UNIQUE REFERENCES users(id),
    name TEXT NOT NULL,
    uscc TEXT NOT NULL UNIQUE,
    contact_name TEXT NOT NULL,
    contact_phone TEXT NOT NULL,
    categories TEXT NOT NULL,
    communities TEXT NOT NULL,
    base_building_id INTEGER REFERENCES buildings(id),
    radius_km REAL NOT NULL DEFAULT 0,
    licence_file_id INTEGER NOT NULL REFERENCES files(id),
    status TEXT NOT NULL CHECK (status IN ('pending', 'more_info', 'approved', 'rejected', 'suspended')),
    status_reason TEXT NOT NULL DEFAULT '',
    vetted_by INTEGER REFERENCES users(id),
    vetted_at INTEGER,
    -- Standing shown on every listing, kept in the transactions that change it (a review, a
    -- completion) so a page of listings never counts rows.
    stars_sum INTEGER NOT NULL DEFAULT 0,
    reviews INTEGER NOT NULL DEFAULT 0,
    completed INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

-- Vetting history: applied, approved, rejected, asked, resubmitted, suspended, reinstated.
CREATE TABLE provider_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    provider_id INTEGER NOT NULL REFERENCES providers(id),
    at INTEGER NOT NULL,
    actor_id INTEGER REFERENCES users(id),
    kind TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX provider_events_provider ON provider_events(provider_id);

CREATE TABLE listings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    provider_id INTEGER NOT NULL REFERENCES providers(id),
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    categories TEXT NOT NULL,
    target_groups TEXT NOT NULL DEFAULT '',
    price_kind TEXT NOT NULL CHECK (price_kind IN ('fixed', 'from', 'quote')),
    price_cents INTEGER NOT NULL DEFAULT 0,
    duration_minutes INTEGER NOT NULL,
    cancel_hours INTEGER NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    search_text TEXT NOT NULL,
    pinyin_full TEXT NOT NULL,
    pinyin_initials TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX listings_provider ON listings(provider_id);

CREATE TABLE listing_photos (
    listing_id INTEGER NOT NULL REFERENCES listings(id),
    file_id INTEGER NOT NULL REFERENCES files(id),
    PRIMARY KEY (listing_id, file_id)
);

-- Weekly availability: on `weekday` (1 = Monday) a slot starts at `start_minute` (Shanghai time).
CREATE TABLE availability (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    listing_id INTEGER NOT NULL REFERENCES listings(id),
    weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    start_minute INTEGER NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
    capacity INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 50),
    UNIQUE (listing_id, weekday, start_minute)
);

-- Places taken in one concrete slot. Booking raises `used` only while it is below capacity (a
-- guarded upsert), so the last place goes to exactly one resident however many try at once.
CREATE TABLE slot_use (
    listing_id INTEGER NOT NULL REFERENCES listings(id),
    starts_at INTEGER NOT NULL,
    used INTEGER NOT NULL CHECK (used >= 0),
    PRIMARY KEY (listing_id, starts_at)
);

CREATE TABLE orders (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ref_no TEXT NOT NULL UNIQUE,
    listing_id INTEGER NOT NULL REFERENCES listings(id),
    provider_id INTEGER NOT NULL REFERENCES providers(id),
    resident_id INTEGER NOT NULL REFERENCES users(id),
    -- Who pressed "book": the resident, an authorised relative, or community staff.
    booked_by_id INTEGER NOT NULL REFERENCES users(id),
    consent TEXT NOT NULL DEFAULT '',
    community_code TEXT REFERENCES communities(code),
    starts_at INTEGER NOT NULL,
    address TEXT NOT NULL,
    contact_phone TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    -- The listing's terms when booked (a later edit does not change an order).
    title TEXT NOT NULL,
    price_kind TEXT NOT NULL,
    price_cents INTEGER NOT NULL,
    cancel_hours INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('requested', 'confirmed', 'declined', 'on_the_way', 'served', 'completed', 'cancelled')),
    reason TEXT NOT NULL DEFAULT '',
    paid_cents INTEGER,
    paid_method TEXT,
    paid_at INTEGER,
    served_at INTEGER,
    completed_at INTEGER,
    auto_completed INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX orders_provider ON orders(provider_id, status);
CREATE INDEX orders_resident ON orders(resident_id);
CREATE INDEX orders_listing ON orders(listing_id, status);

CREATE TABLE order_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id INTEGER NOT NULL REFERENCES orders(id),
    at INTEGER NOT NULL,
    actor_id INTEGER REFERENCES users(id),
    kind TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    status_after TEXT NOT NULL
);
CREATE INDEX order_events_order ON order_events(order_id);

CREATE TABLE reviews (
    order_id INTEGER PRIMARY KEY REFERENCES orders(id),
    listing_id INTEGER NOT NULL REFERENCES listings(id),
    provider_id INTEGER NOT NULL REFERENCES providers(id),
    resident_id INTEGER NOT NULL REFERENCES users(id),
    stars INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
    body TEXT NOT NULL DEFAULT '',
    reply TEXT,
    replied_at INTEGER,
    created_at INTEGER NOT NULL
);
CREATE INDEX reviews_listing ON reviews(listing_id, created_at);
CREATE INDEX reviews_provider ON reviews(provider_id);

CREATE TABLE promotions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    provider_id INTEGER NOT NULL REFERENCES providers(id),
    title TEXT NOT NULL,
    image_file_id INTEGER NOT NULL REFERENCES files(id),
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    reason TEXT NOT NULL DEFAULT '',
    reviewed_by INTEGER REFERENCES users(id),
    reviewed_at INTEGER,
    created_at INTEGER NOT NULL
);

-- A complaint about an order is a feedback item that points at it; its unit may read the order.
ALTER TABLE feedback ADD COLUMN order_id INTEGER REFERENCES orders(id);

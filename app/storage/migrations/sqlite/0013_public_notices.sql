-- 通知公告: a unit's public notice to an audience. A published notice is never edited: it is
-- withdrawn, and a republished copy points at the one it replaces.
CREATE TABLE public_notices (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    unit_kind TEXT NOT NULL CHECK (unit_kind IN ('community', 'department')),
    unit_code TEXT NOT NULL,
    author_id INTEGER NOT NULL REFERENCES users(id),
    category TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    -- Where (',code,' lists; all empty: the whole district) and, optionally, to whom there.
    communities TEXT NOT NULL DEFAULT '',
    buildings TEXT NOT NULL DEFAULT '',
    target_groups TEXT NOT NULL DEFAULT '',
    ack_required INTEGER NOT NULL DEFAULT 0,
    pinned INTEGER NOT NULL DEFAULT 0,
    expires_on TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('draft', 'scheduled', 'published', 'withdrawn')),
    publish_at INTEGER,
    published_at INTEGER,
    withdrawn_at INTEGER,
    withdraw_reason TEXT NOT NULL DEFAULT '',
    replaces_id INTEGER REFERENCES public_notices(id),
    -- Delivery goes in batches by resident id; a restart resumes after the last one written.
    delivery_cursor INTEGER NOT NULL DEFAULT 0,
    delivery_done INTEGER NOT NULL DEFAULT 0,
    addressed INTEGER NOT NULL DEFAULT 0,
    search_text TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX public_notices_by_status ON public_notices (status, published_at);
-- Each notice row looks up the notice that replaced it.
CREATE INDEX public_notices_by_replaces ON public_notices (replaces_id);

-- One row per addressed resident: delivered at publication, then read, acknowledged, or told
-- by staff in person or by phone (for residents without a phone). Counted once per resident.
CREATE TABLE notice_receipts (
    notice_id INTEGER NOT NULL REFERENCES public_notices(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    building_id INTEGER,
    delivered_at INTEGER NOT NULL,
    read_at INTEGER,
    acknowledged_at INTEGER,
    told_how TEXT CHECK (told_how IN ('in_person', 'phone')),
    told_by INTEGER REFERENCES users(id),
    told_at INTEGER,
    PRIMARY KEY (notice_id, user_id)
);
CREATE INDEX notice_receipts_by_user ON notice_receipts (user_id, notice_id);

-- Population groups a resident states about themselves (长者, 独居老人 …), each with consent.
CREATE TABLE user_groups (
    user_id INTEGER NOT NULL REFERENCES users(id),
    group_code TEXT NOT NULL,
    consented_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, group_code)
);

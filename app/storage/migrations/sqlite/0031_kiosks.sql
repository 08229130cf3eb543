-- 自助终端: terminals an administrator registered for a community. The device secret is shown
-- once; only its hash is kept. A session begun at a terminal names it, and ends after two idle
-- minutes whatever the browser does.
CREATE TABLE kiosks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    community_code TEXT NOT NULL REFERENCES communities(code),
    secret_hash TEXT NOT NULL UNIQUE,
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
);
ALTER TABLE sessions ADD COLUMN kiosk_id INTEGER REFERENCES kiosks(id);

-- Community structure: 街道 → 社区 → 楼栋
CREATE TABLE streets (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL
);
CREATE TABLE communities (
    code TEXT PRIMARY KEY,
    street_code TEXT NOT NULL REFERENCES streets(code),
    name TEXT NOT NULL
);
CREATE TABLE buildings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    community_code TEXT NOT NULL REFERENCES communities(code),
    name TEXT NOT NULL,
    UNIQUE (community_code, name)
);

CREATE TABLE departments (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    name_en TEXT NOT NULL
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    phone TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    id_number TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('resident','staff','officer','provider','admin')),
    department_code TEXT REFERENCES departments(code),
    community_code TEXT REFERENCES communities(code),
    building_id INTEGER REFERENCES buildings(id),
    mode TEXT NOT NULL DEFAULT 'standard',
    lang TEXT NOT NULL DEFAULT 'zh',
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until INTEGER,
    identity_checked_at INTEGER,
    identity_checked_by INTEGER REFERENCES users(id),
    created_at INTEGER NOT NULL
);
CREATE INDEX users_community ON users(community_code);
CREATE INDEX users_building ON users(building_id);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    actor_id INTEGER REFERENCES users(id),
    subject_id INTEGER REFERENCES users(id),
    action TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_subject ON audit_log(subject_id, at);

CREATE TABLE services (
    code TEXT PRIMARY KEY,
    department_code TEXT NOT NULL REFERENCES departments(code),
    name TEXT NOT NULL,
    name_en TEXT NOT NULL,
    category TEXT NOT NULL,
    life_events TEXT NOT NULL,
    target_groups TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('online','offline','both')),
    time_limit_days INTEGER NOT NULL,
    summary TEXT NOT NULL,
    search_text TEXT NOT NULL,
    pinyin_full TEXT NOT NULL,
    pinyin_initials TEXT NOT NULL,
    detail_json TEXT NOT NULL
);
CREATE INDEX services_department ON services(department_code);

-- Small key/value facts about the deployment (e.g. which reference data is loaded).
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

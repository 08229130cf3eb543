-- 邻里互助: a resident (or a relative, or staff for them) asks for help; volunteers of the
-- community's team take it, check in and out with one-time codes the resident shows, and the
-- resident confirms, which records the volunteer's hours (志愿服务记录).
CREATE TABLE volunteers (
    user_id INTEGER PRIMARY KEY REFERENCES users(id),
    community_code TEXT NOT NULL,
    skills TEXT NOT NULL DEFAULT '',
    availability TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('pending', 'active', 'declined', 'suspended')),
    status_reason TEXT NOT NULL DEFAULT '',
    decided_by INTEGER REFERENCES users(id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX volunteers_by_community ON volunteers (community_code, status);

CREATE TABLE help_requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    community_code TEXT NOT NULL,
    requester_id INTEGER NOT NULL REFERENCES users(id),
    posted_by INTEGER NOT NULL REFERENCES users(id),
    origin TEXT NOT NULL CHECK (origin IN ('self', 'relative', 'staff')),
    kind TEXT NOT NULL,
    -- Sealed: what is needed often says how the resident is (陪诊: which hospital, what illness).
    details TEXT NOT NULL,
    building_id INTEGER,
    needed_on TEXT NOT NULL,
    time_slot TEXT NOT NULL DEFAULT '',
    urgent INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL CHECK (status IN ('screening', 'open', 'taken', 'serving', 'served', 'confirmed', 'cancelled', 'refused')),
    status_note TEXT NOT NULL DEFAULT '',
    volunteer_id INTEGER REFERENCES users(id),
    -- Sealed: the one-time code the resident shows now (to check in while taken, out while serving).
    code TEXT NOT NULL DEFAULT '',
    -- Wrong codes tried against it; the fifth replaces it (the resident's page shows the new one).
    code_tries INTEGER NOT NULL DEFAULT 0,
    checked_in_at INTEGER,
    checked_out_at INTEGER,
    rating INTEGER,
    thanks TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX help_by_community ON help_requests (community_code, status);
CREATE INDEX help_by_requester ON help_requests (requester_id);
CREATE INDEX help_by_volunteer ON help_requests (volunteer_id);

-- One entry per confirmed service (who, what, when, confirmed by whom); staff may correct the
-- minutes with a reason, which is kept and audited.
CREATE TABLE volunteer_hours (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    volunteer_id INTEGER NOT NULL REFERENCES users(id),
    request_id INTEGER UNIQUE REFERENCES help_requests(id),
    community_code TEXT NOT NULL,
    kind TEXT NOT NULL,
    served_on TEXT NOT NULL,
    minutes INTEGER NOT NULL CHECK (minutes >= 0),
    confirmed_by INTEGER NOT NULL REFERENCES users(id),
    corrected_by INTEGER REFERENCES users(id),
    correction_reason TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX hours_by_volunteer ON volunteer_hours (volunteer_id, served_on);

-- Hours given to an elder's time-bank account (时间银行), capped per giver per year.
CREATE TABLE time_bank_gifts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    giver_id INTEGER NOT NULL REFERENCES users(id),
    receiver_id INTEGER NOT NULL REFERENCES users(id),
    minutes INTEGER NOT NULL CHECK (minutes > 0),
    year INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX gifts_by_giver ON time_bank_gifts (giver_id, year);

CREATE TABLE volunteer_reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id INTEGER NOT NULL REFERENCES help_requests(id),
    volunteer_id INTEGER NOT NULL REFERENCES users(id),
    reporter_id INTEGER NOT NULL REFERENCES users(id),
    reason TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (request_id, reporter_id)
);

-- A certificate of hours at the day it was issued; anyone holding its number can check it.
CREATE TABLE volunteer_certificates (
    code TEXT PRIMARY KEY,
    volunteer_id INTEGER NOT NULL REFERENCES users(id),
    minutes INTEGER NOT NULL,
    services INTEGER NOT NULL,
    issued_on TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

-- Resident feedback (诉求), 好差评 evaluations with rectification, and Open311 API keys.

-- Inbox entries may point at any page (feedback, evaluations), not only applications.
ALTER TABLE notifications ADD COLUMN link TEXT;

-- Category → responsible unit and promised reply time in working days (0 = the same working day).
-- `by_community`: owned by the community the location belongs to; else, or when the location has
-- no community, by `department_code`.
CREATE TABLE feedback_categories (
    code TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('consult', 'help', 'complaint', 'suggestion', 'report')),
    name TEXT NOT NULL,
    name_en TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    by_community INTEGER NOT NULL,
    department_code TEXT NOT NULL REFERENCES departments(code),
    deadline_days INTEGER NOT NULL,
    sort INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER,
    updated_by INTEGER REFERENCES users(id)
);

CREATE TABLE feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ref_no TEXT NOT NULL UNIQUE,
    category_code TEXT NOT NULL REFERENCES feedback_categories(code),
    kind TEXT NOT NULL,
    -- The resident (null for a request posted through Open311 without an account).
    resident_id INTEGER REFERENCES users(id),
    filed_by_id INTEGER REFERENCES users(id),
    source TEXT NOT NULL DEFAULT 'web' CHECK (source IN ('web', 'open311')),
    api_key_id INTEGER,
    reporter_name TEXT NOT NULL DEFAULT '',
    reporter_contact TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    building_id INTEGER REFERENCES buildings(id),
    address TEXT NOT NULL,
    community_code TEXT,
    lat REAL,
    lng REAL,
    media_url TEXT NOT NULL DEFAULT '',
    is_public INTEGER NOT NULL,
    unit_kind TEXT NOT NULL CHECK (unit_kind IN ('department', 'community')),
    unit_code TEXT NOT NULL,
    handler_id INTEGER REFERENCES users(id),
    status TEXT NOT NULL CHECK (status IN ('open', 'asked', 'closed', 'resolved')),
    submitted_at INTEGER NOT NULL,
    first_deadline TEXT NOT NULL,
    deadline TEXT NOT NULL,
    first_reply_at INTEGER,
    closed_at INTEGER,
    -- Sticky: once late, an item stays in the overdue statistics after it closes.
    was_overdue INTEGER NOT NULL DEFAULT 0,
    reopened INTEGER NOT NULL DEFAULT 0,
    reminded_at INTEGER,
    overdue_alerted_at INTEGER,
    updated_at INTEGER NOT NULL
);
CREATE INDEX feedback_resident ON feedback(resident_id, submitted_at);
CREATE INDEX feedback_unit ON feedback(unit_kind, unit_code, status, deadline);
CREATE INDEX feedback_public ON feedback(is_public, category_code, status);
CREATE INDEX feedback_submitted ON feedback(submitted_at);
CREATE INDEX feedback_updated ON feedback(updated_at);

CREATE TABLE feedback_files (
    feedback_id INTEGER NOT NULL REFERENCES feedback(id),
    file_id INTEGER NOT NULL REFERENCES files(id),
    added_at INTEGER NOT NULL,
    PRIMARY KEY (feedback_id, file_id)
);
CREATE INDEX feedback_files_file ON feedback_files(file_id);

-- Replies, questions, answers, transfers, closing, confirmation, reopening. `visible` entries
-- appear on the public page and in Open311 updates; the resident sees all but private notes.
CREATE TABLE feedback_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    feedback_id INTEGER NOT NULL REFERENCES feedback(id),
    at INTEGER NOT NULL,
    actor_id INTEGER REFERENCES users(id),
    kind TEXT NOT NULL,
    unit_code TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    visible INTEGER NOT NULL DEFAULT 0,
    private INTEGER NOT NULL DEFAULT 0,
    status_after TEXT NOT NULL
);
CREATE INDEX feedback_events_item ON feedback_events(feedback_id, id);
CREATE INDEX feedback_events_at ON feedback_events(at);

-- "Follow this instead": residents who joined an existing report rather than filing a duplicate.
CREATE TABLE feedback_follows (
    feedback_id INTEGER NOT NULL REFERENCES feedback(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    at INTEGER NOT NULL,
    PRIMARY KEY (feedback_id, user_id)
);

-- 好差评: one per rated item, on five levels (5 = 非常满意 … 1 = 非常不满意) for each indicator.
CREATE TABLE evaluations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    subject_kind TEXT NOT NULL CHECK (subject_kind IN ('application', 'feedback', 'order', 'rectification')),
    subject_id INTEGER NOT NULL,
    resident_id INTEGER NOT NULL REFERENCES users(id),
    unit_kind TEXT NOT NULL,
    unit_code TEXT NOT NULL,
    overall INTEGER NOT NULL CHECK (overall BETWEEN 1 AND 5),
    efficiency INTEGER NOT NULL CHECK (efficiency BETWEEN 1 AND 5),
    guide INTEGER NOT NULL CHECK (guide BETWEEN 1 AND 5),
    convenience INTEGER NOT NULL CHECK (convenience BETWEEN 1 AND 5),
    usability INTEGER NOT NULL CHECK (usability BETWEEN 1 AND 5),
    comment TEXT NOT NULL DEFAULT '',
    -- Set when an admin upholds the unit's appeal that the rating was malicious.
    set_aside INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (subject_kind, subject_id)
);
CREATE INDEX evaluations_unit ON evaluations(unit_kind, unit_code, created_at);

-- 差评整改: call back the resident, then fix or explain, by a deadline; the resident rates it.
CREATE TABLE rectifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    evaluation_id INTEGER NOT NULL UNIQUE REFERENCES evaluations(id),
    unit_kind TEXT NOT NULL,
    unit_code TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'called', 'done', 'appealed', 'voided')),
    opened_at INTEGER NOT NULL,
    deadline TEXT NOT NULL,
    handler_id INTEGER REFERENCES users(id),
    called_at INTEGER,
    call_note TEXT NOT NULL DEFAULT '',
    outcome TEXT CHECK (outcome IN ('fixed', 'explained')),
    outcome_note TEXT NOT NULL DEFAULT '',
    done_at INTEGER,
    appeal_reason TEXT NOT NULL DEFAULT '',
    appealed_at INTEGER,
    appeal_from TEXT,
    appeal_decision TEXT CHECK (appeal_decision IN ('upheld', 'dismissed')),
    appeal_note TEXT NOT NULL DEFAULT '',
    decided_by INTEGER REFERENCES users(id),
    decided_at INTEGER,
    overdue_alerted_at INTEGER
);
CREATE INDEX rectifications_unit ON rectifications(unit_kind, unit_code, status);

-- Open311 clients: the key is shown once; only its hash is kept.
CREATE TABLE api_keys (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
);

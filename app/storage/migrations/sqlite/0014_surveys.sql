-- 问卷 / 入户排查: a unit's questionnaire to an audience (the same places and groups as notices).
-- Questions are fixed once it opens; answers can be changed until it closes.
CREATE TABLE surveys (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    unit_kind TEXT NOT NULL CHECK (unit_kind IN ('community', 'department')),
    unit_code TEXT NOT NULL,
    author_id INTEGER NOT NULL REFERENCES users(id),
    title TEXT NOT NULL,
    intro TEXT NOT NULL DEFAULT '',
    communities TEXT NOT NULL DEFAULT '',
    buildings TEXT NOT NULL DEFAULT '',
    target_groups TEXT NOT NULL DEFAULT '',
    anonymous INTEGER NOT NULL DEFAULT 0,
    closes_on TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'open', 'closed')),
    questions_json TEXT NOT NULL DEFAULT '[]',
    opened_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX surveys_by_status ON surveys (status, closes_on);

-- One answer per person, sealed (incomes, health, household members); who gave it and how:
-- the resident, a relative acting for them, staff after a visit or a call (with how consent was
-- given), or a kiosk.
CREATE TABLE survey_answers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    survey_id INTEGER NOT NULL REFERENCES surveys(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    building_id INTEGER,
    answers TEXT NOT NULL,
    origin TEXT NOT NULL CHECK (origin IN ('self', 'relative', 'staff', 'kiosk')),
    recorded_by INTEGER REFERENCES users(id),
    consent_note TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (survey_id, user_id)
);

-- 一件事一次办: one submission for a life event makes several linked applications, one per
-- catalogue item, acknowledged together under the bundle's reference. A part may wait for
-- another (户籍 before 社保卡): `after_id` names it for good, `waiting` is 1 until it completes.
-- A waiting part is `submitted` but no officer step applies to it (the transition checks).
CREATE TABLE bundles (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ref_no TEXT NOT NULL UNIQUE,
    thing_code TEXT NOT NULL,
    applicant_id INTEGER NOT NULL REFERENCES users(id),
    filed_by_id INTEGER NOT NULL REFERENCES users(id),
    filed_as TEXT NOT NULL CHECK (filed_as IN ('self', 'delegate', 'staff')),
    submitted_at INTEGER NOT NULL,
    promised_by TEXT NOT NULL
);
CREATE INDEX bundles_applicant ON bundles (applicant_id, submitted_at);
CREATE INDEX bundles_thing ON bundles (thing_code, submitted_at);

ALTER TABLE applications ADD COLUMN bundle_id INTEGER REFERENCES bundles(id);
ALTER TABLE applications ADD COLUMN after_id INTEGER REFERENCES applications(id);
ALTER TABLE applications ADD COLUMN waiting INTEGER NOT NULL DEFAULT 0;
CREATE INDEX applications_bundle ON applications (bundle_id);
CREATE INDEX applications_after ON applications (after_id);
-- The board counts what each month received.
CREATE INDEX applications_submitted ON applications (submitted_at);

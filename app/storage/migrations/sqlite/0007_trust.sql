-- Trust: one-time codes that prove a phone, sign-in failures counted per phone and address
-- (a growing delay, never a lock), and an outbox that keeps each message's delivery state.

-- A code goes to a phone that may have no account yet (registration), so `user_id` may be
-- empty. SQLite cannot drop NOT NULL in place: the table is rebuilt with its rows.
CREATE TABLE outbox_next (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    user_id INTEGER REFERENCES users(id),
    kind TEXT NOT NULL DEFAULT 'notice' CHECK (kind IN ('notice', 'code', 'security')),
    channel TEXT NOT NULL CHECK (channel IN ('sms', 'email')),
    recipient TEXT NOT NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'delivered', 'failed')),
    sent_at INTEGER,
    sender TEXT NOT NULL DEFAULT '',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL DEFAULT 0,
    gateway_ref TEXT,
    last_error TEXT
);
INSERT INTO outbox_next (id, at, user_id, channel, recipient, body, status, sent_at, sender, attempts)
    SELECT id, at, user_id, channel, recipient, body, status, sent_at, sender,
           CASE WHEN status = 'queued' THEN 0 ELSE 1 END FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_next RENAME TO outbox;
CREATE INDEX outbox_due ON outbox(status, next_attempt_at, id);
CREATE INDEX outbox_gateway_ref ON outbox(gateway_ref);

-- `phone_key` is a keyed hash of the number: a code row names no phone in clear.
CREATE TABLE one_time_codes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    phone_key TEXT NOT NULL,
    purpose TEXT NOT NULL CHECK (purpose IN ('register', 'reset', 'sign_in', 'phone_change')),
    code_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    tries INTEGER NOT NULL DEFAULT 0,
    used_at INTEGER
);
CREATE INDEX one_time_codes_phone ON one_time_codes(phone_key, purpose, id);
CREATE INDEX one_time_codes_created ON one_time_codes(created_at);

-- Wrong passwords per (phone, address), both as keyed hashes: an unknown phone is counted
-- exactly like a known one, so the answers reveal nothing.
CREATE TABLE sign_in_failures (
    phone_key TEXT NOT NULL,
    addr_key TEXT NOT NULL,
    failures INTEGER NOT NULL,
    last_at INTEGER NOT NULL,
    PRIMARY KEY (phone_key, addr_key)
);
CREATE INDEX sign_in_failures_last ON sign_in_failures(last_at);

ALTER TABLE users ADD COLUMN phone_verified_at INTEGER;
ALTER TABLE users ADD COLUMN password_changed_at INTEGER;
-- Accounts made by staff or seeded before codes existed keep their phones as proven then.
UPDATE users SET phone_verified_at = created_at;

-- What the owner sees of each signed-in device at /me/security.
ALTER TABLE sessions ADD COLUMN addr TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN last_seen_at INTEGER NOT NULL DEFAULT 0;

-- The second factor of staff, officers and admins (TOTP, RFC 6238). A sign-in that has passed
-- the password but not the second factor holds a session at stage 'second_factor', which opens
-- nothing but the code page.
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_enabled_at INTEGER;
-- The last time step used: a code works once.
ALTER TABLE users ADD COLUMN totp_last_step INTEGER;
ALTER TABLE sessions ADD COLUMN stage TEXT NOT NULL DEFAULT 'full' CHECK (stage IN ('full', 'second_factor'));

-- Where each audited act came from (the client address and browser), as PIPL asks of a record
-- of who looked at personal data.
ALTER TABLE audit_log ADD COLUMN addr TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';

-- 亲友代办 is offered to whoever holds a phone and real name (keyed hashes) and starts when they
-- accept: the one who offers cannot use the form to test which phone and name are registered.
CREATE TABLE delegation_invites (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    principal_id INTEGER NOT NULL REFERENCES users(id),
    phone_key TEXT NOT NULL,
    name_key TEXT NOT NULL,
    phone_masked TEXT NOT NULL,
    name_masked TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'declined', 'withdrawn')),
    delegate_id INTEGER REFERENCES users(id),
    decided_at INTEGER
);
CREATE INDEX delegation_invites_to ON delegation_invites(phone_key, name_key, status);
CREATE INDEX delegation_invites_from ON delegation_invites(principal_id, status);

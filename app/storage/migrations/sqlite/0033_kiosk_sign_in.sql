-- Signing in at a terminal without typing a password: a one-time code made on the resident's
-- phone (or by staff at the counter for a resident who has neither phone nor password, with
-- their agreement), shown as a QR and as eight digits. Only hashes are kept; a code lives two
-- minutes and is used once. A staff-made code works only on the staff's community's terminals.
CREATE TABLE kiosk_sign_in_codes (
    token_hash TEXT PRIMARY KEY,
    short_hash TEXT NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    community_code TEXT,
    started_by INTEGER REFERENCES users(id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX kiosk_sign_in_codes_expiry ON kiosk_sign_in_codes (expires_at);

-- A photo handed over from the phone while applying at a terminal: the handoff names whose
-- materials wallet the photo goes to.
ALTER TABLE kiosk_handoffs ADD COLUMN user_id INTEGER REFERENCES users(id) ON DELETE CASCADE;

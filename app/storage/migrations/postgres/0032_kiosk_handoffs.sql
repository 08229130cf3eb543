-- "在手机上继续": a terminal's page handed to the resident's phone by a one-time, short-lived QR
-- that carries no personal data, only a random token for the page's address.
CREATE TABLE kiosk_handoffs (
    token_hash TEXT PRIMARY KEY,
    kiosk_id BIGINT NOT NULL REFERENCES kiosks(id),
    path TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX kiosk_handoffs_expiry ON kiosk_handoffs (expires_at);

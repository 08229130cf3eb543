-- What a resident chooses to hear of, per notice category: at once (the default, no row), a
-- daily digest, or nothing but urgent notices (停水停电 and 防疫 always come at once). The notice
-- is on their /notices page either way; this decides only the inbox line.
CREATE TABLE notice_subscriptions (
    user_id BIGINT NOT NULL REFERENCES users(id),
    category TEXT NOT NULL,
    frequency TEXT NOT NULL CHECK (frequency IN ('now', 'digest', 'never')),
    PRIMARY KEY (user_id, category)
);

-- A receipt waiting for the resident's next daily digest.
ALTER TABLE notice_receipts ADD COLUMN digest_due BIGINT NOT NULL DEFAULT 0;
CREATE INDEX notice_receipts_digest ON notice_receipts (digest_due, delivered_at);

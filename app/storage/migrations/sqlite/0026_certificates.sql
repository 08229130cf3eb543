-- Verifiable e-certificates (电子证照). Each department signs with its own Ed25519 key; a
-- rotation retires the old key, which stays published so what it signed still verifies. The
-- private key is sealed like other secrets at rest. A certificate keeps the exact bytes that
-- were signed (sealed: they carry the holder's name), and a holder's short-lived share links
-- are found by the hash of their token.
CREATE TABLE signing_keys (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kid TEXT NOT NULL UNIQUE,
    department_code TEXT NOT NULL,
    public_key TEXT NOT NULL,
    secret TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    retired_at INTEGER
);
-- One current key per department, even when two first certificates race to make it.
CREATE UNIQUE INDEX signing_keys_current ON signing_keys (department_code) WHERE retired_at IS NULL;

CREATE TABLE certificates (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    serial TEXT NOT NULL UNIQUE,
    holder_id INTEGER NOT NULL REFERENCES users(id),
    application_id INTEGER REFERENCES applications(id),
    service_code TEXT NOT NULL,
    department_code TEXT NOT NULL,
    kid TEXT NOT NULL REFERENCES signing_keys(kid),
    payload TEXT NOT NULL,
    signature TEXT NOT NULL,
    issued_at INTEGER NOT NULL,
    valid_until TEXT NOT NULL,
    revoked_at INTEGER,
    revoke_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX certificates_holder ON certificates (holder_id, issued_at);
CREATE INDEX certificates_application ON certificates (application_id);

CREATE TABLE certificate_shares (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    certificate_id INTEGER NOT NULL REFERENCES certificates(id),
    token_hash TEXT NOT NULL UNIQUE,
    shows TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX certificate_shares_certificate ON certificate_shares (certificate_id, expires_at);

-- E-certificates an applicant gave (with consent) instead of uploading a material.
CREATE TABLE application_certificates (
    application_id INTEGER NOT NULL REFERENCES applications(id),
    certificate_id INTEGER NOT NULL REFERENCES certificates(id),
    slot TEXT NOT NULL,
    added_at INTEGER NOT NULL,
    PRIMARY KEY (application_id, certificate_id)
);

-- Phones, ID numbers, addresses and contacts are sealed (AES-256-GCM) by the server before they
-- are written, so these columns hold `enc:<key>:<base64>`. Uniqueness and look-ups move to keyed
-- hashes (HMAC-SHA-256 under the index key); the server fills them for existing rows at start.
ALTER TABLE users ADD COLUMN phone_key TEXT;
ALTER TABLE users ADD COLUMN id_key TEXT;
CREATE UNIQUE INDEX users_by_phone_key ON users (phone_key);
CREATE UNIQUE INDEX users_by_id_key ON users (id_key);

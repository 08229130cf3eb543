-- A resident's personal calendar feed is read by a secret URL; its keyed hash is stored here
-- (none: no feed). Making a new link or revoking replaces it.
ALTER TABLE users ADD COLUMN calendar_key TEXT;
CREATE UNIQUE INDEX users_by_calendar_key ON users (calendar_key);

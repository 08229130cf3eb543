-- A household (户) is a building's door: residents state their room (室号, "302" or "2 单元 302")
-- and everyone at the same building and room is one household, so notices and questionnaires
-- count the households they reach. A resident who states no room counts as a household alone.
ALTER TABLE users ADD COLUMN room TEXT NOT NULL DEFAULT '';
CREATE INDEX users_by_household ON users (building_id, room);

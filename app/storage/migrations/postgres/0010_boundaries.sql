-- A community's area as GeoJSON (Polygon or MultiPolygon), drawn by an administrator: a report
-- that comes with a point and no building is placed in the community whose area holds it.
ALTER TABLE communities ADD COLUMN boundary TEXT NOT NULL DEFAULT '';

-- Market search on a city (#19): the listing's words kept as a tsvector beside them, so a query
-- that checks many candidate listings (every listing of a community holds "保洁") compares a stored
-- vector rather than re-tokenising each listing's words (1 s over 10,000 listings before).
ALTER TABLE listings ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', search_terms)) STORED;
CREATE INDEX listings_vector ON listings USING GIN (search_vector);
DROP INDEX listings_search;

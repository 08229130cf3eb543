-- Market search through a full-text index: each listing's words (Chinese characters and pairs,
-- tails of pinyin and ASCII words; see search_terms.rs) under a GIN index. The 'simple'
-- configuration keeps every word as it is. Existing listings are indexed by the store after the
-- migrations run.
ALTER TABLE listings ADD COLUMN search_terms TEXT NOT NULL DEFAULT '';
CREATE INDEX listings_search ON listings USING GIN (to_tsvector('simple', search_terms));

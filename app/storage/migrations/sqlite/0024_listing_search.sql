-- Market search through a full-text index: each listing's words (Chinese characters and pairs,
-- tails of pinyin and ASCII words; see search_terms.rs) in FTS5, kept in step by triggers.
-- Existing listings are indexed by the store after the migrations run.
ALTER TABLE listings ADD COLUMN search_terms TEXT NOT NULL DEFAULT '';

CREATE VIRTUAL TABLE listing_fts USING fts5(search_terms, content = 'listings', content_rowid = 'id');

CREATE TRIGGER listing_fts_insert AFTER INSERT ON listings BEGIN
    INSERT INTO listing_fts (rowid, search_terms) VALUES (new.id, new.search_terms);
END;
CREATE TRIGGER listing_fts_delete AFTER DELETE ON listings BEGIN
    INSERT INTO listing_fts (listing_fts, rowid, search_terms) VALUES ('delete', old.id, old.search_terms);
END;
CREATE TRIGGER listing_fts_update AFTER UPDATE OF search_terms ON listings BEGIN
    INSERT INTO listing_fts (listing_fts, rowid, search_terms) VALUES ('delete', old.id, old.search_terms);
    INSERT INTO listing_fts (rowid, search_terms) VALUES (new.id, new.search_terms);
END;

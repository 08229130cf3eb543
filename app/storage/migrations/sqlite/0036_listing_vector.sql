-- PostgreSQL keeps the listing's search vector stored (0036 there); FTS5 already keeps its own
-- index of the words (0024), so SQLite has nothing to change. The number stays in step.
SELECT 1;

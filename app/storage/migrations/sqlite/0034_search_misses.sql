-- 需求分析: what residents looked for in the catalogue and did not find, counted by month, by the
-- searcher's community and population group ('' is everyone, anonymous searches included), so
-- a community can ask for the missing service. Only short queries without long runs of digits
-- are kept (never an ID or phone number), and the dashboard shows a query only once five
-- searches have asked it.
CREATE TABLE search_misses (
    month TEXT NOT NULL,
    community_code TEXT NOT NULL DEFAULT '',
    group_code TEXT NOT NULL DEFAULT '',
    query TEXT NOT NULL,
    n INTEGER NOT NULL DEFAULT 0,
    last_at INTEGER NOT NULL,
    PRIMARY KEY (month, community_code, group_code, query)
);

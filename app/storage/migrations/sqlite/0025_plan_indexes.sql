-- Indexes the query-plan test (server/tests/query_plans.rs) found missing on hot pages: the
-- board reads a month of ratings by their time (the unit-first index cannot serve that alone),
-- and "my orders" lists what a resident booked, for themselves or a relative.
CREATE INDEX evaluations_created ON evaluations (created_at);
CREATE INDEX orders_booked_by ON orders (booked_by_id, starts_at);

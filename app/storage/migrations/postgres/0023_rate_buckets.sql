-- Per-address limits shared by every server of a deployment on PostgreSQL: one GCRA bucket per
-- kind of limit and client address, holding its theoretical arrival time (ms). A bucket whose
-- time has passed is full again and is deleted by the hourly housekeeping.
CREATE TABLE rate_buckets (
    bucket TEXT PRIMARY KEY,
    tat BIGINT NOT NULL
);

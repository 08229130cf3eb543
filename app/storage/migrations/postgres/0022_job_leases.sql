-- Periodic jobs run once per interval across every server sharing this database: a server runs
-- a job only while it holds the job's lease, taken when the previous holder's has run out.
CREATE TABLE job_leases (
    job TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    until BIGINT NOT NULL
);

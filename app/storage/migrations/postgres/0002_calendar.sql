-- The working-day calendar: days that break the weekend rule. A holiday on a weekday, or a
-- make-up working day (调休) on a weekend. Dates are Asia/Shanghai calendar days.
CREATE TABLE calendar_days (
    day TEXT PRIMARY KEY CHECK (length(day) = 10),
    kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
    name TEXT NOT NULL,
    updated_by BIGINT REFERENCES users(id),
    updated_at BIGINT NOT NULL
);

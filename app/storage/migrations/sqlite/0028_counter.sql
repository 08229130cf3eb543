-- 预约办事 and 取号: community offices and department halls publish weekly counter hours per
-- service (or for the in-person identity check); residents, relatives and staff book a place
-- in a slot; on arrival a queue number is taken, called by staff at a window and finished with
-- an outcome. `counter_slot_use` is the guard that never lets a slot take more than it holds.
CREATE TABLE counter_offices (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    name_en TEXT NOT NULL,
    address TEXT NOT NULL,
    address_en TEXT NOT NULL,
    -- Who runs it: the staff of a community, or the officers of a department.
    community_code TEXT,
    department_code TEXT,
    slot_minutes INTEGER NOT NULL DEFAULT 30
);

CREATE TABLE counter_hours (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    office_id INTEGER NOT NULL REFERENCES counter_offices(id),
    -- A catalogue item's code, or `identity` (the in-person identity check).
    service TEXT NOT NULL,
    weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    start_minute INTEGER NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
    capacity INTEGER NOT NULL CHECK (capacity > 0),
    UNIQUE (office_id, service, weekday, start_minute)
);

CREATE TABLE counter_slot_use (
    office_id INTEGER NOT NULL REFERENCES counter_offices(id),
    service TEXT NOT NULL,
    starts_at INTEGER NOT NULL,
    used INTEGER NOT NULL,
    PRIMARY KEY (office_id, service, starts_at)
);

CREATE TABLE appointments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ref_no TEXT NOT NULL UNIQUE,
    office_id INTEGER NOT NULL REFERENCES counter_offices(id),
    service TEXT NOT NULL,
    starts_at INTEGER NOT NULL,
    resident_id INTEGER NOT NULL REFERENCES users(id),
    booked_by_id INTEGER NOT NULL REFERENCES users(id),
    status TEXT NOT NULL CHECK (status IN ('booked', 'arrived', 'done', 'cancelled', 'no_show')),
    reminded INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX appointments_resident ON appointments (resident_id, starts_at);
CREATE INDEX appointments_office ON appointments (office_id, starts_at);
CREATE INDEX appointments_status ON appointments (status, starts_at);

-- The last number given at an office on a day (取号 counts from 1 each morning).
CREATE TABLE queue_numbers (
    office_id INTEGER NOT NULL REFERENCES counter_offices(id),
    day TEXT NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (office_id, day)
);

CREATE TABLE queue_tickets (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    office_id INTEGER NOT NULL REFERENCES counter_offices(id),
    day TEXT NOT NULL,
    seq INTEGER NOT NULL,
    label TEXT NOT NULL,
    -- The phone follows its place by this (the ticket's QR); it says nothing about the holder.
    token TEXT NOT NULL UNIQUE,
    service TEXT NOT NULL,
    resident_id INTEGER REFERENCES users(id),
    appointment_id INTEGER REFERENCES appointments(id),
    taken_via TEXT NOT NULL CHECK (taken_via IN ('qr', 'kiosk', 'staff')),
    status TEXT NOT NULL CHECK (status IN ('waiting', 'called', 'served', 'missed', 'cancelled')),
    window_label TEXT NOT NULL DEFAULT '',
    outcome TEXT NOT NULL DEFAULT '',
    called_by_id INTEGER REFERENCES users(id),
    taken_at INTEGER NOT NULL,
    called_at INTEGER,
    finished_at INTEGER,
    UNIQUE (office_id, day, seq)
);
CREATE INDEX queue_tickets_day ON queue_tickets (office_id, day, status);
CREATE INDEX queue_tickets_taken ON queue_tickets (taken_at);

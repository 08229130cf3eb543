-- 渠道: how each application, feedback item, help request, booking and answer reached Linli
-- (online, kiosk, or through staff by phone, at the counter, on a visit, on paper, from the
-- hotline; Open311 for clients). Staff who record a request for a resident also record how the
-- resident agreed. Rows from before are given the channel their filer implies.
ALTER TABLE feedback ADD COLUMN channel TEXT NOT NULL DEFAULT 'online'
    CHECK (channel IN ('online', 'kiosk', 'phone', 'counter', 'visit', 'paper', 'hotline', 'open311'));
ALTER TABLE feedback ADD COLUMN consent_note TEXT NOT NULL DEFAULT '';
UPDATE feedback SET channel = 'open311' WHERE source = 'open311';

ALTER TABLE applications ADD COLUMN channel TEXT NOT NULL DEFAULT 'online'
    CHECK (channel IN ('online', 'kiosk', 'phone', 'counter', 'visit', 'paper', 'hotline', 'open311'));
UPDATE applications SET channel = CASE WHEN consent_note LIKE '%电话%' THEN 'phone' ELSE 'counter' END WHERE filed_as = 'staff';

ALTER TABLE help_requests ADD COLUMN channel TEXT NOT NULL DEFAULT 'online'
    CHECK (channel IN ('online', 'kiosk', 'phone', 'counter', 'visit', 'paper', 'hotline', 'open311'));
ALTER TABLE help_requests ADD COLUMN consent_note TEXT NOT NULL DEFAULT '';
UPDATE help_requests SET channel = 'phone' WHERE origin = 'staff';

ALTER TABLE appointments ADD COLUMN channel TEXT NOT NULL DEFAULT 'online'
    CHECK (channel IN ('online', 'kiosk', 'phone', 'counter', 'visit', 'paper', 'hotline', 'open311'));
UPDATE appointments SET channel = 'counter' WHERE booked_by_id IN (SELECT id FROM users WHERE role = 'staff');

ALTER TABLE orders ADD COLUMN channel TEXT NOT NULL DEFAULT 'online'
    CHECK (channel IN ('online', 'kiosk', 'phone', 'counter', 'visit', 'paper', 'hotline', 'open311'));
UPDATE orders SET channel = CASE WHEN consent LIKE '%电话%' THEN 'phone' ELSE 'counter' END
    WHERE booked_by_id IN (SELECT id FROM users WHERE role = 'staff');

ALTER TABLE survey_answers ADD COLUMN channel TEXT NOT NULL DEFAULT 'online'
    CHECK (channel IN ('online', 'kiosk', 'phone', 'counter', 'visit', 'paper', 'hotline', 'open311'));
UPDATE survey_answers SET channel = CASE WHEN origin = 'kiosk' THEN 'kiosk' WHEN consent_note = 'phone' THEN 'phone' ELSE 'visit' END
    WHERE origin IN ('kiosk', 'staff');

-- The board and the dashboard count each kind by channel over a period: read by period.
CREATE INDEX appointments_created ON appointments (created_at);
CREATE INDEX orders_created ON orders (created_at);
CREATE INDEX survey_answers_created ON survey_answers (created_at);

-- 需求分析 counts each building's notices and help requests in a month: read by period (an
-- index range), never the whole table.
CREATE INDEX notice_receipts_delivered ON notice_receipts (delivered_at);
CREATE INDEX help_requests_created ON help_requests (created_at);

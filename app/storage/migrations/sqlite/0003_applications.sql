-- Online applications (网上办件): materials, routing, timeline, delegation, notifications.
ALTER TABLE users ADD COLUMN is_supervisor INTEGER NOT NULL DEFAULT 0;

-- Uploaded materials and result documents. Bytes live in the data directory under stored_name,
-- fsynced before this row is committed; files on disk without a row are swept.
CREATE TABLE files (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id INTEGER NOT NULL REFERENCES users(id),
    uploaded_by INTEGER NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    original_name TEXT NOT NULL,
    stored_name TEXT NOT NULL UNIQUE,
    thumb_name TEXT,
    mime TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    in_wallet INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);
CREATE INDEX files_owner ON files(owner_id, kind);

CREATE TABLE applications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ref_no TEXT NOT NULL UNIQUE,
    service_code TEXT NOT NULL REFERENCES services(code),
    applicant_id INTEGER NOT NULL REFERENCES users(id),
    filed_by_id INTEGER NOT NULL REFERENCES users(id),
    filed_as TEXT NOT NULL CHECK (filed_as IN ('self', 'delegate', 'staff')),
    consent_note TEXT NOT NULL DEFAULT '',
    department_code TEXT NOT NULL REFERENCES departments(code),
    status TEXT NOT NULL CHECK (status IN ('submitted', 'accepted', 'correction', 'approved', 'rejected', 'withdrawn')),
    fields_json TEXT NOT NULL,
    submitted_at INTEGER NOT NULL,
    deadline TEXT NOT NULL,
    handler_id INTEGER REFERENCES users(id),
    corrections_asked INTEGER NOT NULL DEFAULT 0,
    correction_note TEXT NOT NULL DEFAULT '',
    correction_items TEXT NOT NULL DEFAULT '',
    result_note TEXT NOT NULL DEFAULT '',
    result_file_id INTEGER REFERENCES files(id),
    finished_at INTEGER,
    reminded_at INTEGER,
    overdue_alerted_at INTEGER,
    updated_at INTEGER NOT NULL
);
CREATE INDEX applications_applicant ON applications(applicant_id, submitted_at);
CREATE INDEX applications_queue ON applications(department_code, status, deadline);

CREATE TABLE application_files (
    application_id INTEGER NOT NULL REFERENCES applications(id),
    file_id INTEGER NOT NULL REFERENCES files(id),
    slot TEXT NOT NULL,
    added_at INTEGER NOT NULL,
    PRIMARY KEY (application_id, file_id)
);
CREATE INDEX application_files_file ON application_files(file_id);

-- The timeline: every step with time, actor and department. Private notes are for officers only.
CREATE TABLE application_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id INTEGER NOT NULL REFERENCES applications(id),
    at INTEGER NOT NULL,
    actor_id INTEGER REFERENCES users(id),
    kind TEXT NOT NULL,
    department_code TEXT,
    note TEXT NOT NULL DEFAULT '',
    private INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX application_events_app ON application_events(application_id, id);

-- 亲友代办: the principal (often an elder) lets a delegate act for them until revoked.
CREATE TABLE delegations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    principal_id INTEGER NOT NULL REFERENCES users(id),
    delegate_id INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
);
CREATE UNIQUE INDEX delegations_active ON delegations(principal_id, delegate_id) WHERE revoked_at IS NULL;
CREATE INDEX delegations_delegate ON delegations(delegate_id);

CREATE TABLE notifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users(id),
    at INTEGER NOT NULL,
    kind TEXT NOT NULL,
    application_id INTEGER REFERENCES applications(id),
    text_zh TEXT NOT NULL,
    text_en TEXT NOT NULL,
    read_at INTEGER
);
CREATE INDEX notifications_user ON notifications(user_id, id);

CREATE TABLE notify_prefs (
    user_id INTEGER PRIMARY KEY REFERENCES users(id),
    sms INTEGER NOT NULL DEFAULT 1,
    email INTEGER NOT NULL DEFAULT 0,
    email_address TEXT NOT NULL DEFAULT ''
);

-- Outbound SMS and e-mail, written in the same transaction as the change they announce and
-- delivered by the configured sender (the built-in one writes to the log).
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users(id),
    channel TEXT NOT NULL CHECK (channel IN ('sms', 'email')),
    recipient TEXT NOT NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
    sent_at INTEGER,
    sender TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_status ON outbox(status, id);

CREATE TABLE reply_templates (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    department_code TEXT REFERENCES departments(code),
    action TEXT NOT NULL CHECK (action IN ('correct', 'approve', 'reject', 'transfer', 'note')),
    title TEXT NOT NULL,
    body TEXT NOT NULL
);
INSERT INTO reply_templates (department_code, action, title, body) VALUES
    (NULL, 'correct', '照片不清晰', '您上传的材料照片不清晰，请在光线充足处重新拍摄，保证四角完整、文字可辨认后补充上传。'),
    (NULL, 'correct', '材料不全', '申请材料不全，请按下方列出的项目一次性补齐后提交，补齐后重新计算办理时限。'),
    (NULL, 'approve', '已办结', '您的申请已审核通过并办结，结果文件可在本页下载。如有疑问请拨打部门咨询电话。'),
    (NULL, 'reject', '不符合条件', '经审核，您目前不符合本事项的申请条件，具体原因如下：'),
    (NULL, 'transfer', '非本部门职责', '该事项应由其他部门办理，已转交相应部门，时限连续计算。'),
    (NULL, 'note', '已电话联系', '已电话联系申请人，核实情况如下：');

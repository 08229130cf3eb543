-- 部门工作台 on a city (#19): a department's open cases in deadline order, straight off an index
-- that holds only open cases (a tenth of a city's millions), so the queue reads the first page and
-- stops, and its counts (open, overdue) are read from the index alone. The predicate is written
-- exactly as the queries' (`application_queries::OPEN_CASE`), which both engines need to use it.
CREATE INDEX applications_open ON applications (department_code, deadline, submitted_at, id, status, waiting)
    WHERE status IN ('submitted', 'accepted', 'correction');

-- The reminder job (催办与督办) reads only cases it may still have to act on, earliest deadline
-- first: running, not yet alerted as overdue (`ApplicationStore::applications_due`).
CREATE INDEX applications_due ON applications (deadline, id)
    WHERE status IN ('submitted', 'accepted') AND waiting = 0 AND overdue_alerted_at IS NULL;

-- Who to tell: a department's officers and a community's staff, among a city of residents.
CREATE INDEX users_by_role ON users (role, department_code, community_code);

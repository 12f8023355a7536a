-- A password set by an administrator (or generated) is temporary: it must
-- be changed at the next sign-in.
ALTER TABLE users ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT 0;

-- Every administrative change, one row each; rows are never changed or
-- removed.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    at TIMESTAMP NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    before TEXT,
    after TEXT
);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_target ON audit_log(target);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit rows are never changed');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit rows are never removed');
END;

-- Reports the Monitoring Room closed without work (duplicate, invalid,
-- out of scope); a reopening removes the row.
CREATE TABLE closures (
    report_number BIGINT PRIMARY KEY NOT NULL REFERENCES reports(number),
    reason TEXT NOT NULL,
    duplicate_of BIGINT REFERENCES reports(number),
    closed_at TIMESTAMP NOT NULL
);

-- For a correction of the category: the category the report had before,
-- so a score can use the category at its period's cut-off.
ALTER TABLE report_history ADD COLUMN category_before TEXT;

-- Units are deactivated, never removed: a deactivated unit keeps its
-- history but receives no report, hand-over or account.
ALTER TABLE units ADD COLUMN active BOOLEAN NOT NULL DEFAULT 1;

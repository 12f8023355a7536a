ALTER TABLE units DROP COLUMN active;
ALTER TABLE report_history DROP COLUMN category_before;
DROP TABLE closures;
DROP TRIGGER audit_log_no_delete;
DROP TRIGGER audit_log_no_update;
DROP TABLE audit_log;
ALTER TABLE users DROP COLUMN must_change_password;

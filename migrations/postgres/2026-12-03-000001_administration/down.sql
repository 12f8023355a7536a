ALTER TABLE units DROP COLUMN active;
ALTER TABLE report_history DROP COLUMN category_before;
DROP TABLE closures;
DROP TRIGGER audit_log_append_only ON audit_log;
DROP FUNCTION audit_log_is_append_only();
DROP TABLE audit_log;
ALTER TABLE users DROP COLUMN must_change_password;

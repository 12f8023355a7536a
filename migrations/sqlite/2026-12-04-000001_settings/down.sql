DROP TABLE digest_slots;
ALTER TABLE users DROP COLUMN phone;
ALTER TABLE users DROP COLUMN email;
ALTER TABLE journal_periods DROP COLUMN rebuild_reason;
ALTER TABLE journal_periods DROP COLUMN rebuilt_by;
ALTER TABLE journal_periods DROP COLUMN rebuilt_at;
ALTER TABLE journal_periods DROP COLUMN settings_version;
DROP TABLE settings_versions;

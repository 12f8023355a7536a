-- Every version of the numbers an administrator may change (time targets,
-- near share, hand-over limit, cut-off day, verification, grade edges,
-- digest hours, start of the records), as JSON; each valid from its moment.
-- A period is scored with the version in force at its cut-off.
CREATE TABLE settings_versions (
    version BIGINT PRIMARY KEY,
    valid_from TIMESTAMP NOT NULL,
    body TEXT NOT NULL,
    changed_by TEXT,
    reason TEXT NOT NULL
);
CREATE INDEX settings_versions_valid_from ON settings_versions(valid_from);

-- Which settings a frozen period was scored with, and when an
-- administrator rebuilt a period frozen from imported reports only.
ALTER TABLE journal_periods ADD COLUMN settings_version BIGINT;
ALTER TABLE journal_periods ADD COLUMN rebuilt_at TIMESTAMP;
ALTER TABLE journal_periods ADD COLUMN rebuilt_by TEXT;
ALTER TABLE journal_periods ADD COLUMN rebuild_reason TEXT;

-- Where a staff member is reached outside the app (warnings, new reports,
-- coordination requests, the digest): an e-mail address and a mobile
-- number, both optional.
ALTER TABLE users ADD COLUMN email TEXT;
ALTER TABLE users ADD COLUMN phone TEXT;

-- The "still Menunggu" digests sent, one row per slot (a WIB date and
-- hour), so each goes out once across restarts and servers.
CREATE TABLE digest_slots (
    slot TEXT PRIMARY KEY NOT NULL,
    sent_at TIMESTAMP NOT NULL
);

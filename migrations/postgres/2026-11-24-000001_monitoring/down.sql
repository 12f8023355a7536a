DROP TRIGGER reports_public_note ON report_history;
DROP FUNCTION reports_public_note();
DROP INDEX reports_search;
ALTER TABLE reports DROP COLUMN search;
ALTER TABLE reports DROP COLUMN public_notes;
DROP TABLE notifications;
DROP TABLE warnings;

DROP TRIGGER reports_fts_note;
DROP TRIGGER reports_fts_delete;
DROP TRIGGER reports_fts_update;
DROP TRIGGER reports_fts_insert;
DROP TABLE reports_fts;
DROP TABLE notifications;
DROP TABLE warnings;

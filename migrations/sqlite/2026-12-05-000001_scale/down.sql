DROP TRIGGER reports_fts_note;
CREATE TRIGGER reports_fts_note AFTER INSERT ON report_history
    WHEN NEW.public AND NEW.note IS NOT NULL BEGIN
    UPDATE reports_fts SET notes = notes || ' ' || NEW.note WHERE rowid = NEW.report_number;
END;
DROP INDEX reports_completed;
DROP INDEX reports_with_estimate;
DROP INDEX report_history_dispose;

DROP TRIGGER reports_public_note ON report_history;
CREATE TRIGGER reports_public_note AFTER INSERT ON report_history
    FOR EACH ROW WHEN (NEW.public AND NEW.note IS NOT NULL)
    EXECUTE FUNCTION reports_public_note();
DROP INDEX reports_completed;
DROP INDEX reports_with_estimate;
DROP INDEX report_history_dispose;

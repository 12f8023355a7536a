-- The score reads, of the months before a period, only the reports a
-- hand-over or an estimate may have moved into it: both found by index.
CREATE INDEX report_history_dispose ON report_history (at, report_number) WHERE kind = 'dispose';
CREATE INDEX reports_with_estimate ON reports (received_at) WHERE estimate_at IS NOT NULL;
-- The statistics count the completions of a window by their time.
CREATE INDEX reports_completed ON reports (completed_at);

-- The arrival's note is the system's own ("Laporan diterima dari kanal …
-- dan diteruskan ke …"): searching it found every report of a channel or a
-- unit, and indexing it cost a second write of the report per new report.
DROP TRIGGER reports_public_note ON report_history;
CREATE TRIGGER reports_public_note AFTER INSERT ON report_history
    FOR EACH ROW WHEN (NEW.public AND NEW.note IS NOT NULL AND NEW.kind <> 'arrive')
    EXECUTE FUNCTION reports_public_note();

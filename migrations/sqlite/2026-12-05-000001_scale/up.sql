-- The score reads, of the months before a period, only the reports a
-- hand-over or an estimate may have moved into it: both found by index.
CREATE INDEX report_history_dispose ON report_history (at, report_number) WHERE kind = 'dispose';
CREATE INDEX reports_with_estimate ON reports (received_at) WHERE estimate_at IS NOT NULL;

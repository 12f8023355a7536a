DROP INDEX reports_with_estimate;
DROP INDEX report_history_dispose;

DROP INDEX report_history_flagged;

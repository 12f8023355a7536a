DROP INDEX report_schedule_next_check;
ALTER TABLE report_schedule DROP COLUMN next_check_at;

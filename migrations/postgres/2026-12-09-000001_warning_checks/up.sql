-- When the warning job next looks at an open report: the next moment one
-- of its clocks turns near or runs out (crm_domain::sla::next_check), and
-- at the latest a day after it last looked. Every write that works a
-- report's schedule out sets it to the schedule's attention time, so the
-- job reads only the reports that may raise a warning now, not every
-- report already past its targets. NULL (a row written by an earlier
-- version) is due from its attention time.
ALTER TABLE report_schedule ADD COLUMN next_check_at TIMESTAMP;
UPDATE report_schedule SET next_check_at = attention_at;
CREATE INDEX report_schedule_next_check ON report_schedule (next_check_at);

-- A unit's board reads report numbers from the holder's indexes of the
-- schedules; with the number in them the read never visits the table.
-- A kota's board (53 holders, 23,000 open reports at 100,000 reports a
-- month) read its page of reports late in 51 ms without, 15 ms with.
DROP INDEX report_schedule_holder;
CREATE INDEX report_schedule_holder
    ON report_schedule (holder_code, first_due_at, attention_at, report_number);
DROP INDEX report_schedule_holder_waiting;
CREATE INDEX report_schedule_holder_waiting
    ON report_schedule (holder_code, waiting_since, report_number);

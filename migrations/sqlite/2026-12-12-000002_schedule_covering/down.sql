DROP INDEX report_schedule_holder;
CREATE INDEX report_schedule_holder ON report_schedule (holder_code, first_due_at, attention_at);
DROP INDEX report_schedule_holder_waiting;
CREATE INDEX report_schedule_holder_waiting ON report_schedule (holder_code, waiting_since);

-- When each open report next needs attention (crm_domain::sla::schedule),
-- kept by every write to it: the targets board pages it in the database,
-- and the warning job and the workload board read only what is due. A
-- report has a row while a clock may run on it (not done, not awaiting a
-- verifier); the server works out the rows of reports written before. The
-- holder is the report's, and while it is Menunggu, since when it waits at
-- the holder: kept with it so that a unit's board is read by index.
CREATE TABLE report_schedule (
    report_number BIGINT PRIMARY KEY REFERENCES reports(number),
    attention_at TIMESTAMP NOT NULL,
    first_due_at TIMESTAMP NOT NULL,
    holder_code TEXT,
    waiting_since TIMESTAMP
);
-- Both times in each index: a list's count reads the index alone.
CREATE INDEX report_schedule_first_due ON report_schedule (first_due_at, attention_at);
CREATE INDEX report_schedule_holder ON report_schedule (holder_code, first_due_at, attention_at);
CREATE INDEX report_schedule_attention ON report_schedule (attention_at);
-- What still waits to be taken up, the longest waiting first.
CREATE INDEX report_schedule_waiting ON report_schedule (waiting_since, report_number);
CREATE INDEX report_schedule_holder_waiting ON report_schedule (holder_code, waiting_since);

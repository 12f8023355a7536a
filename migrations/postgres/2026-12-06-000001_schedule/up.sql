-- When each open report next needs attention (crm_domain::sla::schedule),
-- kept by every write to it: the targets board pages it in the database,
-- and the warning job and the workload board read only what is due. A
-- report has a row while a clock may run on it (not done, not awaiting a
-- verifier); the server works out the rows of reports written before.
CREATE TABLE report_schedule (
    report_number BIGINT PRIMARY KEY REFERENCES reports(number),
    attention_at TIMESTAMP NOT NULL,
    first_due_at TIMESTAMP NOT NULL
);
CREATE INDEX report_schedule_first_due ON report_schedule (first_due_at);
CREATE INDEX report_schedule_attention ON report_schedule (attention_at);

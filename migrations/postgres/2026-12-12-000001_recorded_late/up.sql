-- The reports first recorded only after their month of receipt had ended
-- (a channel forwarding one late), with that moment. No unit can have held
-- such a report at its month's cut-off, so it counts in a later period,
-- and the score of that period finds it here among the earlier reports
-- (crates/api/src/db/scores.rs). The filing writes the row
-- (crm_domain::period::recorded_after_its_month); an import, whose history
-- begins at the receipt, never does. Months are WIB's (UTC+7).
CREATE TABLE recorded_late (
    report_number BIGINT PRIMARY KEY NOT NULL REFERENCES reports(number),
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX recorded_late_at ON recorded_late (recorded_at);
INSERT INTO recorded_late (report_number, recorded_at)
SELECT number, first_at FROM (
    SELECT r.number AS number, r.received_at AS received_at,
           (SELECT MIN(h.at) FROM report_history h WHERE h.report_number = r.number) AS first_at
    FROM reports r
    WHERE r.created_at >= date_trunc('month', r.received_at + interval '7 hours') + interval '1 month' - interval '7 hours'
) AS created_late
WHERE first_at IS NOT NULL
  AND first_at >= date_trunc('month', received_at + interval '7 hours') + interval '1 month' - interval '7 hours';

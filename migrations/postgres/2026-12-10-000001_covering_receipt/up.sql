-- The receipt index carries every column the month's scores, statistics and
-- recap read (db::scores, db::monitor::stat_rows), so PostgreSQL reads a
-- month from the index alone (an index-only scan) instead of visiting each
-- report's wide heap row (its description and stored search vector). At
-- 100,000 reports a month this took a fourth to a third off those reads
-- (BENCHMARKS.md). SQLite keeps the narrow index: there the wider entry
-- measured no faster end to end.
DROP INDEX reports_received;
CREATE INDEX reports_received ON reports (received_at) INCLUDE (
    number, category_code, estimate_at, holder_code, status, completed_at,
    verified_at, updated_at, channel_code, lat, first_response_at, handovers
);

-- A report a channel files well after its receipt (forwarded late) may be
-- recorded after the cut-off of its month: no unit held it then, so it
-- moves into the next period, and the score of that period reads it among
-- the earlier reports. This index holds only such reports (and imported
-- ones), so that read is cheap. The query repeats the condition word for
-- word (crates/api/src/db/scores.rs): SQLite uses a partial index only then.
-- No cut-off falls less than a day after the end of a month, so twelve
-- hours' delay is safely below any that can cross one.
CREATE INDEX reports_filed_late ON reports (created_at, received_at)
    WHERE created_at > datetime(received_at, '+12 hours');

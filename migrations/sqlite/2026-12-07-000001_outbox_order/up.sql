-- The delivery job takes due events in the order they fell due (ties by
-- id), straight from this index: a claim stops at its batch however long
-- the backlog, where ordering by id alone read and sorted every due row.
DROP INDEX outbox_due;
CREATE INDEX outbox_due ON outbox(state, next_attempt_at, id);

DROP INDEX outbox_due;
CREATE INDEX outbox_due ON outbox(state, next_attempt_at);

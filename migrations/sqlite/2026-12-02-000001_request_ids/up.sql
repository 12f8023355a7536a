-- The request that wrote an outbox event, so its delivery attempts can be
-- followed in the log under the same request id.
ALTER TABLE outbox ADD COLUMN request_id TEXT;

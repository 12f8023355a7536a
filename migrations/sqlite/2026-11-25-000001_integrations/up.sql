-- Channel integrations: photo addresses and the placement flag of a
-- report; each channel's webhook; the notification outbox (one row per
-- event and target, written in the transaction of the change); kelurahan
-- boundaries loaded by administrators.
ALTER TABLE reports ADD COLUMN photo_urls TEXT NOT NULL DEFAULT '[]';
ALTER TABLE reports ADD COLUMN location_flag TEXT;

CREATE TABLE channel_webhooks (
    channel_code TEXT PRIMARY KEY NOT NULL REFERENCES channels(code),
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    previous_secret TEXT,
    rotated_at TIMESTAMP,
    active BOOLEAN NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    event_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    target TEXT NOT NULL,
    channel_code TEXT NOT NULL REFERENCES channels(code),
    report_number BIGINT NOT NULL REFERENCES reports(number),
    recipient TEXT,
    payload TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    locked_until TIMESTAMP,
    last_error TEXT,
    created_at TIMESTAMP NOT NULL,
    delivered_at TIMESTAMP
);
CREATE UNIQUE INDEX outbox_event_target ON outbox(event_id, target);
CREATE INDEX outbox_due ON outbox(state, next_attempt_at);
CREATE INDEX outbox_report ON outbox(report_number, target, id);

CREATE TABLE boundaries (
    kelurahan_code TEXT PRIMARY KEY NOT NULL REFERENCES units(code),
    geometry TEXT NOT NULL,
    loaded_at TIMESTAMP NOT NULL
);

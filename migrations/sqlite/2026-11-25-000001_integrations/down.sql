DROP TABLE boundaries;
DROP TABLE outbox;
DROP TABLE channel_webhooks;
ALTER TABLE reports DROP COLUMN location_flag;
ALTER TABLE reports DROP COLUMN photo_urls;

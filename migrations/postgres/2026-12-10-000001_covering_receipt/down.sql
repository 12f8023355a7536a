DROP INDEX reports_received;
CREATE INDEX reports_received ON reports (received_at);

DROP INDEX reports_completed;
CREATE INDEX reports_completed ON reports (completed_at);

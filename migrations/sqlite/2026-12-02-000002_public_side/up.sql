-- The H3 cell of the report's point, for nearby reports (reports made
-- before get theirs at the next start).
ALTER TABLE reports ADD COLUMN h3_cell BIGINT;
CREATE INDEX reports_nearby ON reports(category_code, h3_cell);

-- Each report's tracking code, the reporter's secret (reports made before
-- get theirs at the next start).
CREATE TABLE tracking_codes (
    report_number BIGINT PRIMARY KEY NOT NULL REFERENCES reports(number),
    code TEXT NOT NULL
);
CREATE UNIQUE INDEX tracking_codes_code ON tracking_codes(code);

-- The Monitoring Room's review queue: a reporter said a Selesai report was
-- not fixed.
CREATE TABLE reviews (
    report_number BIGINT PRIMARY KEY NOT NULL REFERENCES reports(number),
    requested_at TIMESTAMP NOT NULL,
    state TEXT NOT NULL,
    resolved_at TIMESTAMP,
    resolved_by TEXT
);
CREATE INDEX reviews_state ON reviews(state, requested_at);

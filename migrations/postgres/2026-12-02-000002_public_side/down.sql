DROP TABLE reviews;
DROP TABLE tracking_codes;
DROP INDEX reports_nearby;
ALTER TABLE reports DROP COLUMN h3_cell;

DROP TABLE report_history;
DROP TABLE reports;
DROP TABLE api_keys;
DROP TABLE users;
DROP TABLE channels;
DROP TABLE categories;
DROP TABLE units;

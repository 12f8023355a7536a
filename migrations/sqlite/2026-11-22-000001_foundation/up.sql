-- Reference data, accounts, reports and their history (SQLite).
CREATE TABLE units (
    code TEXT PRIMARY KEY NOT NULL,
    parent_code TEXT REFERENCES units(code),
    level TEXT NOT NULL,
    name TEXT NOT NULL
);
CREATE INDEX units_parent ON units(parent_code);
CREATE INDEX units_level ON units(level);

CREATE TABLE categories (
    code TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL UNIQUE,
    weight DOUBLE NOT NULL,
    t1 DOUBLE NOT NULL,
    t2 DOUBLE NOT NULL,
    t3 DOUBLE NOT NULL
);

CREATE TABLE channels (
    code TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    username TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    full_name TEXT NOT NULL,
    role TEXT NOT NULL,
    unit_code TEXT REFERENCES units(code),
    active BOOLEAN NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE api_keys (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    channel_code TEXT NOT NULL REFERENCES channels(code),
    label TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    created_by BIGINT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);

CREATE TABLE reports (
    number INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    channel_code TEXT NOT NULL REFERENCES channels(code),
    channel_ref TEXT,
    reporter_name TEXT,
    reporter_contact TEXT,
    hidden BOOLEAN NOT NULL DEFAULT 0,
    category_code TEXT NOT NULL REFERENCES categories(code),
    tags TEXT NOT NULL DEFAULT '[]',
    description TEXT NOT NULL,
    address TEXT,
    lat DOUBLE,
    lon DOUBLE,
    kelurahan_code TEXT REFERENCES units(code),
    holder_code TEXT REFERENCES units(code),
    status TEXT NOT NULL,
    received_at TIMESTAMP NOT NULL,
    first_response_at TIMESTAMP,
    completed_at TIMESTAMP,
    verified_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX reports_channel_ref ON reports(channel_code, channel_ref);
CREATE INDEX reports_holder ON reports(holder_code, number);
CREATE INDEX reports_status ON reports(status, number);
CREATE INDEX reports_received ON reports(received_at);
CREATE INDEX reports_category ON reports(category_code, number);

CREATE TABLE report_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    report_number BIGINT NOT NULL REFERENCES reports(number),
    at TIMESTAMP NOT NULL,
    status TEXT NOT NULL,
    unit_code TEXT REFERENCES units(code),
    actor_user_id BIGINT REFERENCES users(id),
    actor_name TEXT,
    note TEXT,
    public BOOLEAN NOT NULL DEFAULT 1
);
CREATE INDEX report_history_report ON report_history(report_number, id);

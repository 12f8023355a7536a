-- The score journal: each period's results frozen at its cut-off, never
-- changed afterwards.
CREATE TABLE journal_periods (
    period TEXT PRIMARY KEY NOT NULL,
    cutoff TIMESTAMP NOT NULL,
    frozen_at TIMESTAMP NOT NULL,
    verification BOOLEAN NOT NULL
);

CREATE TABLE journal_units (
    period TEXT NOT NULL REFERENCES journal_periods(period),
    level TEXT NOT NULL,
    unit_code TEXT NOT NULL REFERENCES units(code),
    total INTEGER NOT NULL,
    complete INTEGER NOT NULL,
    completion DOUBLE PRECISION NOT NULL,
    follow_up_time DOUBLE PRECISION NOT NULL,
    category_weight DOUBLE PRECISION NOT NULL,
    effort DOUBLE PRECISION NOT NULL,
    obtained DOUBLE PRECISION NOT NULL,
    maximum DOUBLE PRECISION NOT NULL,
    final_score DOUBLE PRECISION NOT NULL,
    grade TEXT NOT NULL,
    rank INTEGER NOT NULL,
    PRIMARY KEY (period, level, unit_code)
);

CREATE TABLE journal_reports (
    period TEXT NOT NULL REFERENCES journal_periods(period),
    report_number BIGINT NOT NULL REFERENCES reports(number),
    unit_code TEXT NOT NULL REFERENCES units(code),
    category_code TEXT NOT NULL,
    completion_hours DOUBLE PRECISION,
    band_score DOUBLE PRECISION,
    weight DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (period, report_number)
);
CREATE INDEX journal_reports_unit ON journal_reports(period, unit_code);

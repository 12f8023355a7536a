DROP TABLE journal_reports;
DROP TABLE journal_units;
DROP TABLE journal_periods;

-- The statistics mark the reports handed back to a unit that had handed
-- them on: history entries flagged so are few, and are found from here
-- (from the start of the window asked about) instead of by looking at the
-- history of every report of the window that was ever handed on.
CREATE INDEX report_history_flagged ON report_history (at, report_number) WHERE flagged;

DROP TABLE report_schedule;

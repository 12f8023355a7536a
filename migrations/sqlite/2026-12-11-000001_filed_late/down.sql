DROP INDEX reports_filed_late;

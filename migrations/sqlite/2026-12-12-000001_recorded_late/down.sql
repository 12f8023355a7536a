DROP TABLE recorded_late;

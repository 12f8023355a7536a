-- The Monitoring Room: warnings raised once per report, target, standing
-- and clock start; in-app notifications per user; full-text search over
-- description, address and public notes (FTS5, kept by triggers).
CREATE TABLE warnings (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    report_number BIGINT NOT NULL REFERENCES reports(number),
    target TEXT NOT NULL,
    standing TEXT NOT NULL,
    clock_since TIMESTAMP NOT NULL,
    due_at TIMESTAMP NOT NULL,
    unit_code TEXT REFERENCES units(code),
    raised_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX warnings_once ON warnings(report_number, target, standing, clock_since);

CREATE TABLE notifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    report_number BIGINT NOT NULL REFERENCES reports(number),
    warning_id BIGINT REFERENCES warnings(id),
    unit_code TEXT REFERENCES units(code),
    created_at TIMESTAMP NOT NULL,
    read_at TIMESTAMP
);
CREATE INDEX notifications_user ON notifications(user_id, id);


CREATE VIRTUAL TABLE reports_fts USING fts5(
    description, address, notes,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO reports_fts(rowid, description, address, notes)
    SELECT r.number, r.description, COALESCE(r.address, ''),
           COALESCE((SELECT group_concat(h.note, ' ') FROM report_history h
                     WHERE h.report_number = r.number AND h.public AND h.note IS NOT NULL), '')
    FROM reports r;
CREATE TRIGGER reports_fts_insert AFTER INSERT ON reports BEGIN
    INSERT INTO reports_fts(rowid, description, address, notes)
        VALUES (NEW.number, NEW.description, COALESCE(NEW.address, ''), '');
END;
CREATE TRIGGER reports_fts_update AFTER UPDATE OF description, address ON reports BEGIN
    UPDATE reports_fts SET description = NEW.description, address = COALESCE(NEW.address, '')
        WHERE rowid = NEW.number;
END;
CREATE TRIGGER reports_fts_delete AFTER DELETE ON reports BEGIN
    DELETE FROM reports_fts WHERE rowid = OLD.number;
END;
CREATE TRIGGER reports_fts_note AFTER INSERT ON report_history
    WHEN NEW.public AND NEW.note IS NOT NULL BEGIN
    UPDATE reports_fts SET notes = notes || ' ' || NEW.note WHERE rowid = NEW.report_number;
END;

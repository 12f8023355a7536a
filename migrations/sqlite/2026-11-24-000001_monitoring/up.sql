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


-- `facets` holds the list filters as tokens (holder h…, status s…,
-- category c…, channel k…: the code's letters and digits), so a search
-- combined with filters is answered inside the index (db/search.rs).
CREATE VIRTUAL TABLE reports_fts USING fts5(
    description, address, notes, facets,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO reports_fts(rowid, description, address, notes, facets)
    SELECT r.number, r.description, COALESCE(r.address, ''),
           COALESCE((SELECT group_concat(h.note, ' ') FROM report_history h
                     WHERE h.report_number = r.number AND h.public AND h.note IS NOT NULL), ''),
           'h' || COALESCE(lower(replace(replace(r.holder_code, '.', ''), '-', '')), 'none')
               || ' s' || r.status
               || ' c' || lower(replace(r.category_code, '-', ''))
               || ' k' || lower(replace(r.channel_code, '-', ''))
    FROM reports r;
CREATE TRIGGER reports_fts_insert AFTER INSERT ON reports BEGIN
    INSERT INTO reports_fts(rowid, description, address, notes, facets)
        VALUES (NEW.number, NEW.description, COALESCE(NEW.address, ''), '',
           'h' || COALESCE(lower(replace(replace(NEW.holder_code, '.', ''), '-', '')), 'none')
               || ' s' || NEW.status
               || ' c' || lower(replace(NEW.category_code, '-', ''))
               || ' k' || lower(replace(NEW.channel_code, '-', '')));
END;
CREATE TRIGGER reports_fts_update
    AFTER UPDATE OF description, address, holder_code, status, category_code, channel_code ON reports BEGIN
    UPDATE reports_fts SET description = NEW.description, address = COALESCE(NEW.address, ''),
        facets = 'h' || COALESCE(lower(replace(replace(NEW.holder_code, '.', ''), '-', '')), 'none')
               || ' s' || NEW.status
               || ' c' || lower(replace(NEW.category_code, '-', ''))
               || ' k' || lower(replace(NEW.channel_code, '-', ''))
        WHERE rowid = NEW.number;
END;
CREATE TRIGGER reports_fts_delete AFTER DELETE ON reports BEGIN
    DELETE FROM reports_fts WHERE rowid = OLD.number;
END;
CREATE TRIGGER reports_fts_note AFTER INSERT ON report_history
    WHEN NEW.public AND NEW.note IS NOT NULL BEGIN
    UPDATE reports_fts SET notes = notes || ' ' || NEW.note WHERE rowid = NEW.report_number;
END;

-- The report lifecycle: the state the actions keep on a report, the kind of
-- each history entry, coordinating units, photos and per-category evidence.
ALTER TABLE reports ADD COLUMN holder_since TIMESTAMP;
UPDATE reports SET holder_since = received_at;
ALTER TABLE reports ADD COLUMN awaiting_verification BOOLEAN NOT NULL DEFAULT 0;
ALTER TABLE reports ADD COLUMN evidence BOOLEAN NOT NULL DEFAULT 0;
ALTER TABLE reports ADD COLUMN estimate_at TIMESTAMP;
ALTER TABLE reports ADD COLUMN assignee_id BIGINT REFERENCES users(id);
ALTER TABLE reports ADD COLUMN rating INTEGER;
ALTER TABLE reports ADD COLUMN handovers INTEGER NOT NULL DEFAULT 0;
CREATE INDEX reports_assignee ON reports(assignee_id);
CREATE INDEX reports_verifying ON reports(awaiting_verification, number);

ALTER TABLE report_history ADD COLUMN kind TEXT NOT NULL DEFAULT 'arrive';
ALTER TABLE report_history ADD COLUMN to_unit_code TEXT REFERENCES units(code);
ALTER TABLE report_history ADD COLUMN flagged BOOLEAN NOT NULL DEFAULT 0;

ALTER TABLE categories ADD COLUMN evidence_required BOOLEAN NOT NULL DEFAULT 1;
UPDATE categories SET evidence_required = 0
    WHERE code IN ('hukum', 'kearsipan', 'kependudukan-dan-catatan-sipil', 'penanaman-modal', 'perencanaan-pembangunan');

CREATE TABLE report_collaborators (
    report_number BIGINT NOT NULL REFERENCES reports(number),
    unit_code TEXT NOT NULL REFERENCES units(code),
    added_at TIMESTAMP NOT NULL,
    PRIMARY KEY (report_number, unit_code)
);
CREATE INDEX report_collaborators_unit ON report_collaborators(unit_code);

CREATE TABLE report_photos (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    report_number BIGINT NOT NULL REFERENCES reports(number),
    history_id BIGINT REFERENCES report_history(id),
    object_key TEXT NOT NULL,
    thumb_key TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    bytes BIGINT NOT NULL,
    public BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX report_photos_report ON report_photos(report_number, id);

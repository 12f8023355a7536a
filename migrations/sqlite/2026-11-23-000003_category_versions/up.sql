-- Every version of a category's bands and weight, so that a score computed
-- for a moment uses the tables valid then. The seeded figures are valid
-- from the beginning.
CREATE TABLE category_versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    category_code TEXT NOT NULL REFERENCES categories(code),
    valid_from TIMESTAMP NOT NULL,
    weight DOUBLE NOT NULL,
    t1 DOUBLE NOT NULL,
    t2 DOUBLE NOT NULL,
    t3 DOUBLE NOT NULL,
    evidence_required BOOLEAN NOT NULL,
    changed_by TEXT
);
CREATE INDEX category_versions_code ON category_versions(category_code, valid_from);
INSERT INTO category_versions (category_code, valid_from, weight, t1, t2, t3, evidence_required)
    SELECT code, '1970-01-01 00:00:00', weight, t1, t2, t3, evidence_required FROM categories;

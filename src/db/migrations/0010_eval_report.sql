-- canbo schema, version 10: the year results' publication (issue 4, "Workflow
-- and publication"). A publication is an immutable snapshot of a unit's
-- decided year results (eval_year_rating after the council's decision): one
-- header row per (unit, year, version) and one row per person, with the
-- name, post, unit, score, levels and note as they were shown. Nothing here is
-- ever updated or deleted (triggers); a re-publication after a correction is a
-- new version, the old ones stay readable. Rows can only be added to a
-- publication until it holds the number of rows its header declares (sealed).
CREATE TABLE eval_publication (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES unit(id),
  year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  version INTEGER NOT NULL CHECK (version >= 1),
  unit_name TEXT NOT NULL,             -- the board unit's name when published
  agency_name TEXT,                    -- its parent's name (cơ quan), if any
  regime TEXT NOT NULL,
  decision_id INTEGER REFERENCES eval_cap_decision(id),
  limit_percent INTEGER NOT NULL,      -- the HTXS limit applied (regime's or the exception's)
  exception_no TEXT,
  exception_date TEXT,
  summary TEXT NOT NULL,               -- JSON: counts per level, cap lines per (unit, task group)
  note TEXT,
  rows INTEGER NOT NULL CHECK (rows >= 0),
  content_sha256 TEXT NOT NULL CHECK (length(content_sha256) = 64),
  published_by INTEGER NOT NULL REFERENCES app_user(id),
  published_at TEXT NOT NULL,
  UNIQUE (unit_id, year, version));
CREATE TRIGGER eval_publication_no_update BEFORE UPDATE ON eval_publication
BEGIN SELECT RAISE(ABORT, 'eval_publication is append-only'); END;
CREATE TRIGGER eval_publication_no_delete BEFORE DELETE ON eval_publication
BEGIN SELECT RAISE(ABORT, 'eval_publication is append-only'); END;

CREATE TABLE eval_publication_row (
  publication_id INTEGER NOT NULL REFERENCES eval_publication(id),
  seq INTEGER NOT NULL CHECK (seq >= 1),  -- STT
  person_id INTEGER NOT NULL REFERENCES person(id),
  full_name TEXT NOT NULL,
  post TEXT,                              -- chức vụ / chức danh when published
  rating_unit_id INTEGER NOT NULL REFERENCES unit(id),
  rating_unit_name TEXT NOT NULL,
  task_group TEXT,
  score_x100 INTEGER,
  proposed_level TEXT NOT NULL,
  final_level TEXT NOT NULL,
  note TEXT,
  PRIMARY KEY (publication_id, seq));
CREATE INDEX eval_publication_row_person ON eval_publication_row(person_id);
CREATE TRIGGER eval_publication_row_sealed BEFORE INSERT ON eval_publication_row
WHEN (SELECT count(*) FROM eval_publication_row WHERE publication_id = new.publication_id)
     >= (SELECT rows FROM eval_publication WHERE id = new.publication_id)
BEGIN SELECT RAISE(ABORT, 'eval_publication is sealed'); END;
CREATE TRIGGER eval_publication_row_no_update BEFORE UPDATE ON eval_publication_row
BEGIN SELECT RAISE(ABORT, 'eval_publication_row is append-only'); END;
CREATE TRIGGER eval_publication_row_no_delete BEFORE DELETE ON eval_publication_row
BEGIN SELECT RAISE(ABORT, 'eval_publication_row is append-only'); END;

-- Peer comparison and flags read a person's year across boards and people by
-- job position.
CREATE INDEX eval_report_year_rating_person ON eval_year_rating(person_id, year);
CREATE INDEX eval_report_person_position ON person(position) WHERE position IS NOT NULL;
-- Anomalies compare the tasks of one product type across units.
CREATE INDEX eval_report_task_product ON eval_task(product_type_id, year);

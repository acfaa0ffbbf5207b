-- canbo schema, version 5: the unit's year rating board (issue 4, "The cap").
-- eval_year_rating holds the computed proposal per (board unit, year, person):
-- annual score, the level from core/rating.h, the HTXS cap outcome from
-- core/cap.h per (rating unit, task group), and the final level, NULL until
-- the council decides. A board can be recomputed (its undecided rows replaced)
-- until it is decided; decided rows never change. eval_cap_decision records
-- each council decision with its minutes and an optional competent-level
-- exception (decision number, date, raised limit); append-only.
CREATE TABLE eval_year_rating (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES unit(id),          -- the board's unit
  year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  person_id INTEGER NOT NULL REFERENCES person(id),
  rating_unit_id INTEGER NOT NULL REFERENCES unit(id),   -- unit of the person's last period (cap scope)
  task_group_id INTEGER REFERENCES eval_task_group(id),  -- NULL = one group for the unit
  regime TEXT NOT NULL,
  score_x100 INTEGER,
  periods INTEGER NOT NULL,
  carried_over INTEGER NOT NULL,
  proposed_level TEXT NOT NULL,        -- core/rating.h level, before the cap
  cap_status TEXT NOT NULL CHECK (cap_status IN ('unchanged', 'kept', 'demoted', 'tie')),
  cap_level TEXT,                      -- level after the cap; NULL for a tie (council)
  final_level TEXT,                    -- NULL until decided
  detail TEXT NOT NULL,                -- JSON: rating explanation
  computed_at TEXT NOT NULL,
  decided_at TEXT,
  decision_id INTEGER REFERENCES eval_cap_decision(id),
  UNIQUE (unit_id, year, person_id));
CREATE INDEX eval_year_rating_unit ON eval_year_rating(unit_id, year);
CREATE TRIGGER eval_year_rating_decided BEFORE UPDATE ON eval_year_rating
WHEN old.final_level IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a decided year rating cannot change'); END;
CREATE TRIGGER eval_year_rating_no_delete_decided BEFORE DELETE ON eval_year_rating
WHEN old.final_level IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a decided year rating cannot change'); END;

CREATE TABLE eval_cap_decision (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES unit(id),
  year INTEGER NOT NULL,
  exception_no TEXT,                   -- competent-level exception: decision number
  exception_date TEXT,
  limit_percent INTEGER NOT NULL,      -- the limit applied (regime's, or the exception's)
  minutes TEXT NOT NULL,               -- the council's minutes
  decisions TEXT NOT NULL,             -- JSON: [{person_id, level}]
  decided_by INTEGER NOT NULL REFERENCES app_user(id),
  decided_at TEXT NOT NULL,
  CHECK ((exception_no IS NULL) = (exception_date IS NULL)));
CREATE INDEX eval_cap_decision_unit ON eval_cap_decision(unit_id, year);
CREATE TRIGGER eval_cap_decision_no_update BEFORE UPDATE ON eval_cap_decision
BEGIN SELECT RAISE(ABORT, 'eval_cap_decision is append-only'); END;
CREATE TRIGGER eval_cap_decision_no_delete BEFORE DELETE ON eval_cap_decision
BEGIN SELECT RAISE(ABORT, 'eval_cap_decision is append-only'); END;

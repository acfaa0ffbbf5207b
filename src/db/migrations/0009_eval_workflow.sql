-- Period workflow rules (issue 4): leaders' components, lawful absence per
-- assessment, deadlines per unit and period (docs/evaluation.md).

-- The inputs of the score kept on the assessment so that it can be computed
-- again at a later step: the three general-criteria groups given on submit
-- (JSON array of hundredths), the leader components đ and e entered by the
-- reviewer (basis points, NĐ 335/2025 Art. 15), and the lawful absence of the
-- period (NĐ 335/2025 Art. 21): days absent, the reason, and whether the whole
-- period was not worked (then the period has no score and is left out of the
-- annual average).
ALTER TABLE eval_assessment ADD COLUMN general TEXT;
ALTER TABLE eval_assessment ADD COLUMN leader_organising_bp INTEGER
  CHECK (leader_organising_bp IS NULL OR leader_organising_bp BETWEEN 0 AND 10000);
ALTER TABLE eval_assessment ADD COLUMN leader_unity_bp INTEGER
  CHECK (leader_unity_bp IS NULL OR leader_unity_bp BETWEEN 0 AND 10000);
ALTER TABLE eval_assessment ADD COLUMN absence_days INTEGER NOT NULL DEFAULT 0
  CHECK (absence_days BETWEEN 0 AND 92);
ALTER TABLE eval_assessment ADD COLUMN absence_reason TEXT
  CHECK (absence_reason IS NULL OR absence_reason IN ('sick', 'maternity', 'other_lawful'));
ALTER TABLE eval_assessment ADD COLUMN not_worked INTEGER NOT NULL DEFAULT 0
  CHECK (not_worked IN (0, 1));
CREATE INDEX eval_assessment_period ON eval_assessment(period_kind, year, number, state);

-- Deadlines of each workflow step for a unit (and its subtree, unless a unit
-- below has its own) and a period. Changes are audited (before/after).
CREATE TABLE eval_deadline (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES unit(id),
  period_kind TEXT NOT NULL CHECK (period_kind IN ('month', 'quarter')),
  year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  number INTEGER NOT NULL CHECK (number BETWEEN 1 AND 12),
  step TEXT NOT NULL CHECK (step IN ('self', 'manager', 'head', 'approval')),
  due TEXT NOT NULL,                     -- ISO date, inclusive
  set_by INTEGER NOT NULL REFERENCES app_user(id),
  set_at TEXT NOT NULL,
  UNIQUE (unit_id, period_kind, year, number, step));
CREATE INDEX eval_deadline_period ON eval_deadline(period_kind, year, number);

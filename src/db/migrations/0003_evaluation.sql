-- canbo schema, version 3: evaluation by product (issue 4), storage side.
-- Products and tasks, results with evidence, verification, quality reviews and
-- delays, results loaded from other systems, period assessments with their
-- workflow, and historic ratings. Append-only where history matters: triggers
-- refuse rewriting transitions, reviews and historic ratings, and a decided
-- (approved) assessment cannot change. Quantities are integers; conversion
-- norms and weights are integers x100.

-- Groups of similar tasks (nhóm nhiệm vụ tương đồng) inside a unit: the cap on
-- HTXS is counted per unit and task group.
CREATE TABLE eval_task_group (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES unit(id),
  name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (unit_id, name));

-- Catalogue of product types per unit (and optionally per job position) with
-- the conversion norm to standard units (quy đổi): norm_x100 = 150 means one
-- product counts as 1,5 standard units. Never deleted: retired with active = 0
-- (tasks keep a snapshot of the norm they were assigned with).
CREATE TABLE eval_product_type (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES unit(id),
  position TEXT,                        -- vị trí việc làm, NULL = any
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  measure TEXT,                         -- đơn vị tính ("hồ sơ", "văn bản")
  norm_x100 INTEGER NOT NULL CHECK (norm_x100 BETWEEN 1 AND 100000),
  task_group_id INTEGER REFERENCES eval_task_group(id),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
  UNIQUE (unit_id, code));

-- A task assigned to a person for a month or a quarter.
CREATE TABLE eval_task (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES person(id),
  unit_id INTEGER NOT NULL REFERENCES unit(id),       -- the person's unit when assigned
  period_kind TEXT NOT NULL CHECK (period_kind IN ('month', 'quarter')),
  year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  number INTEGER NOT NULL CHECK (number >= 1 AND
    ((period_kind = 'month' AND number <= 12) OR (period_kind = 'quarter' AND number <= 4))),
  product_type_id INTEGER NOT NULL REFERENCES eval_product_type(id),
  norm_x100 INTEGER NOT NULL,            -- snapshot of the product type's norm
  title TEXT NOT NULL,
  target_qty INTEGER NOT NULL CHECK (target_qty BETWEEN 1 AND 1000000),
  deadline TEXT NOT NULL,
  quality_req TEXT,
  weight_x100 INTEGER NOT NULL DEFAULT 100 CHECK (weight_x100 BETWEEN 1 AND 100000),
  verifier_user_id INTEGER REFERENCES app_user(id),
  key_task INTEGER NOT NULL DEFAULT 0 CHECK (key_task IN (0, 1)),  -- unit's key task given to its head
  assigned_by INTEGER NOT NULL REFERENCES app_user(id),
  created_at TEXT NOT NULL);
CREATE INDEX eval_task_person ON eval_task(person_id, year, period_kind, number);
CREATE INDEX eval_task_unit ON eval_task(unit_id, year);

-- Uploaded evidence files. Size limit and type allow-list enforced here too.
CREATE TABLE eval_file (
  id INTEGER PRIMARY KEY,
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  size INTEGER NOT NULL CHECK (size BETWEEN 1 AND 10485760),
  content_type TEXT NOT NULL CHECK (content_type IN ('application/pdf', 'image/png', 'image/jpeg',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')),
  name TEXT NOT NULL,
  data BLOB NOT NULL,
  person_id INTEGER REFERENCES person(id),   -- whose evidence (scope), NULL = uploaded by staff for self
  uploaded_by INTEGER NOT NULL REFERENCES app_user(id),
  uploaded_at TEXT NOT NULL);
CREATE INDEX eval_file_sha ON eval_file(sha256);
CREATE TRIGGER eval_file_no_update BEFORE UPDATE ON eval_file
BEGIN SELECT RAISE(ABORT, 'eval_file is append-only'); END;

-- A reported result (quantity of products) of a task. Results are appended;
-- only the verification columns move once, from 'unverified'.
CREATE TABLE eval_result (
  id INTEGER PRIMARY KEY,
  task_id INTEGER NOT NULL REFERENCES eval_task(id),
  quantity INTEGER NOT NULL CHECK (quantity BETWEEN 0 AND 1000000),
  note TEXT,
  origin TEXT NOT NULL CHECK (origin IN ('report', 'import')),
  source TEXT,                           -- import: the other system
  extracted_at TEXT,                     -- import: when the figure was extracted there
  external_ref TEXT,
  reported_by INTEGER NOT NULL REFERENCES app_user(id),
  reported_at TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'unverified' CHECK (status IN ('unverified', 'verified', 'rejected')),
  verified_by INTEGER REFERENCES app_user(id),
  verified_at TEXT,
  verify_note TEXT,
  CHECK (origin = 'report' OR (source IS NOT NULL AND extracted_at IS NOT NULL)));
CREATE INDEX eval_result_task ON eval_result(task_id);
CREATE TRIGGER eval_result_once BEFORE UPDATE ON eval_result
WHEN old.status <> 'unverified' OR new.task_id <> old.task_id OR new.quantity <> old.quantity
  OR new.origin <> old.origin OR new.reported_by <> old.reported_by OR new.reported_at <> old.reported_at
BEGIN SELECT RAISE(ABORT, 'eval_result is append-only'); END;
CREATE TRIGGER eval_result_no_delete BEFORE DELETE ON eval_result
BEGIN SELECT RAISE(ABORT, 'eval_result is append-only'); END;

-- Evidence of a result: a document number, a dossier code or an uploaded file.
CREATE TABLE eval_evidence (
  id INTEGER PRIMARY KEY,
  result_id INTEGER NOT NULL REFERENCES eval_result(id),
  kind TEXT NOT NULL CHECK (kind IN ('document', 'dossier', 'file', 'system')),
  ref TEXT,
  file_id INTEGER REFERENCES eval_file(id),
  CHECK ((kind = 'file' AND file_id IS NOT NULL) OR (kind <> 'file' AND ref IS NOT NULL)));
CREATE INDEX eval_evidence_result ON eval_evidence(result_id);

-- Failed quality reviews and delays per task. Each costs 25% of the item's
-- points under NĐ 335/2025 Art. 14 unless objective (then a reason is required).
CREATE TABLE eval_review (
  id INTEGER PRIMARY KEY,
  task_id INTEGER NOT NULL REFERENCES eval_task(id),
  kind TEXT NOT NULL CHECK (kind IN ('quality', 'delay')),
  on_date TEXT NOT NULL,
  objective INTEGER NOT NULL CHECK (objective IN (0, 1)),
  reason TEXT,
  recorded_by INTEGER NOT NULL REFERENCES app_user(id),
  recorded_at TEXT NOT NULL,
  CHECK (objective = 0 OR reason IS NOT NULL));
CREATE INDEX eval_review_task ON eval_review(task_id);
CREATE TRIGGER eval_review_no_update BEFORE UPDATE ON eval_review
BEGIN SELECT RAISE(ABORT, 'eval_review is append-only'); END;
CREATE TRIGGER eval_review_no_delete BEFORE DELETE ON eval_review
BEGIN SELECT RAISE(ABORT, 'eval_review is append-only'); END;

-- A person's assessment for a period, and its workflow state:
-- draft -> submitted (self) -> manager_reviewed -> head_reviewed
--   -> [council_reviewed] -> approved; any review step may return it
-- (returned -> submitted again). The score is stored with the regime that
-- computed it. Approved assessments are frozen.
CREATE TABLE eval_assessment (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES person(id),
  unit_id INTEGER NOT NULL REFERENCES unit(id),
  period_kind TEXT NOT NULL CHECK (period_kind IN ('month', 'quarter')),
  year INTEGER NOT NULL,
  number INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'manager_reviewed', 'head_reviewed',
    'council_reviewed', 'approved', 'returned')),
  regime TEXT,                           -- regime code of the stored score
  score_x100 INTEGER,                    -- hundredths of a point, NULL when not computed
  band TEXT,
  score_detail TEXT,                     -- JSON: inputs and explanation
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
  UNIQUE (person_id, period_kind, year, number));
CREATE INDEX eval_assessment_unit ON eval_assessment(unit_id, year);
CREATE TRIGGER eval_assessment_frozen BEFORE UPDATE ON eval_assessment
WHEN old.state = 'approved'
BEGIN SELECT RAISE(ABORT, 'an approved assessment cannot change'); END;
CREATE TRIGGER eval_assessment_no_delete BEFORE DELETE ON eval_assessment
BEGIN SELECT RAISE(ABORT, 'eval_assessment is append-only'); END;

-- Every workflow step: dated, signed (SHA-256 over the step and the previous
-- signature), and audited in the same transaction. Append-only.
CREATE TABLE eval_transition (
  id INTEGER PRIMARY KEY,
  assessment_id INTEGER NOT NULL REFERENCES eval_assessment(id),
  action TEXT NOT NULL,
  from_state TEXT NOT NULL,
  to_state TEXT NOT NULL,
  user_id INTEGER NOT NULL REFERENCES app_user(id),
  at TEXT NOT NULL,                      -- ISO date-time (UTC)
  note TEXT,
  score_x100 INTEGER,
  signature TEXT NOT NULL);
CREATE INDEX eval_transition_assessment ON eval_transition(assessment_id, id);
CREATE TRIGGER eval_transition_no_update BEFORE UPDATE ON eval_transition
BEGIN SELECT RAISE(ABORT, 'eval_transition is append-only'); END;
CREATE TRIGGER eval_transition_no_delete BEFORE DELETE ON eval_transition
BEGIN SELECT RAISE(ABORT, 'eval_transition is append-only'); END;

-- Historic year ratings (any year, any regime, including legacy pre-2020
-- levels), entered or imported. A correction is a new row; rows never change.
CREATE TABLE eval_rating_history (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES person(id),
  year INTEGER NOT NULL CHECK (year BETWEEN 1990 AND 2100),
  regime TEXT NOT NULL,                  -- regime code (core/regime.h)
  level TEXT NOT NULL,                   -- level code of that regime
  score_x100 INTEGER,
  decision_no TEXT,
  source TEXT,
  recorded_by INTEGER NOT NULL REFERENCES app_user(id),
  recorded_at TEXT NOT NULL);
CREATE INDEX eval_rating_history_person ON eval_rating_history(person_id, year);
CREATE TRIGGER eval_rating_history_no_update BEFORE UPDATE ON eval_rating_history
BEGIN SELECT RAISE(ABORT, 'eval_rating_history is append-only'); END;
CREATE TRIGGER eval_rating_history_no_delete BEFORE DELETE ON eval_rating_history
BEGIN SELECT RAISE(ABORT, 'eval_rating_history is append-only'); END;

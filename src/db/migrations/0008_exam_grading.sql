-- canbo schema, version 8: grading and results of exams (issue 5,
-- docs/exam-grading.md). Reads exam_attempt / exam_answer (migration 6);
-- writes per-item points, double-blind essay marks, positions and quotas,
-- tie decisions, publication, appeals and the staff test result per person.
-- Points are integers in hundredths of a point.

-- Per-exam grading parameters.
CREATE TABLE exam_grading_config (
  exam_id INTEGER PRIMARY KEY REFERENCES exam(id),
  -- a third grader when 100*|mark1 - mark2| > essay_gap_percent * item maximum
  essay_gap_percent INTEGER NOT NULL DEFAULT 10 CHECK (essay_gap_percent BETWEEN 0 AND 100),
  -- final essay mark after a third grader: 'third_closer' = average of the
  -- third mark and the closer of the first two; 'third' = the third mark
  final_rule TEXT NOT NULL DEFAULT 'third_closer' CHECK (final_rule IN ('third_closer', 'third')),
  -- recruitment round 2: written + interview combined, with the written weight in %
  combined INTEGER NOT NULL DEFAULT 0 CHECK (combined IN (0, 1)),
  weight_written INTEGER NOT NULL DEFAULT 70 CHECK (weight_written BETWEEN 1 AND 99),
  -- recruitment round 2: the round-1 exam whose results admit the candidates
  round1_exam_id INTEGER REFERENCES exam(id),
  published_at TEXT,
  published_by INTEGER REFERENCES app_user(id)
);

-- Per candidate: the anonymous code (số phách) graders see, the public
-- registration number (số báo danh), the job position applied for, the
-- interview score and a manually entered round-1 result.
CREATE TABLE exam_cand_grading (
  candidate_id INTEGER PRIMARY KEY REFERENCES exam_candidate(id),
  exam_id INTEGER NOT NULL REFERENCES exam(id),
  anon_code TEXT NOT NULL,
  reg_no TEXT NOT NULL,
  position_code TEXT,
  interview INTEGER CHECK (interview BETWEEN 0 AND 10000),
  r1_correct INTEGER,
  r1_total INTEGER,
  UNIQUE (exam_id, anon_code),
  UNIQUE (exam_id, reg_no)
);

-- Job positions and their quotas (chỉ tiêu) per exam.
CREATE TABLE exam_position (
  exam_id INTEGER NOT NULL REFERENCES exam(id),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  quota INTEGER NOT NULL CHECK (quota BETWEEN 1 AND 100000),
  PRIMARY KEY (exam_id, code)
);

-- Points of each form item: automatic for objective items, the final mark
-- for essays (NULL until final).
CREATE TABLE exam_item_score (
  form_id INTEGER NOT NULL REFERENCES exam_form(id),
  pos INTEGER NOT NULL,
  exam_id INTEGER NOT NULL REFERENCES exam(id),
  candidate_id INTEGER NOT NULL REFERENCES exam_candidate(id),
  max_points INTEGER NOT NULL,
  points INTEGER,
  correct INTEGER NOT NULL DEFAULT 0,
  source TEXT NOT NULL CHECK (source IN ('auto', 'essay', 'appeal')),
  graded_at TEXT NOT NULL,
  PRIMARY KEY (form_id, pos)
);
CREATE INDEX exam_item_score_exam ON exam_item_score(exam_id, candidate_id);

-- Graders assigned to an exam by the board.
CREATE TABLE exam_grader (
  exam_id INTEGER NOT NULL REFERENCES exam(id),
  user_id INTEGER NOT NULL REFERENCES app_user(id),
  PRIMARY KEY (exam_id, user_id)
);

-- One essay answer marked by one grader: slot 1 and 2 independently, slot 3
-- when they differ by more than the gap. Marks are never deleted.
CREATE TABLE exam_essay_mark (
  id INTEGER PRIMARY KEY,
  exam_id INTEGER NOT NULL REFERENCES exam(id),
  form_id INTEGER NOT NULL REFERENCES exam_form(id),
  pos INTEGER NOT NULL,
  slot INTEGER NOT NULL CHECK (slot IN (1, 2, 3)),
  grader_id INTEGER NOT NULL REFERENCES app_user(id),
  mark INTEGER,
  comment TEXT,
  marked_at TEXT,
  UNIQUE (form_id, pos, slot),
  UNIQUE (form_id, pos, grader_id)
);
CREATE INDEX exam_essay_mark_grader ON exam_essay_mark(grader_id, exam_id);
CREATE TRIGGER exam_essay_mark_no_delete BEFORE DELETE ON exam_essay_mark
BEGIN SELECT RAISE(ABORT, 'marks are never deleted'); END;

-- The head's recorded decision on a full tie at the last quota place.
CREATE TABLE exam_tie_decision (
  exam_id INTEGER NOT NULL REFERENCES exam(id),
  position_code TEXT NOT NULL,
  winners TEXT NOT NULL,          -- JSON array of candidate ids
  decision_no TEXT NOT NULL,
  decision_date TEXT NOT NULL,
  recorded_by INTEGER REFERENCES app_user(id),
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (exam_id, position_code)
);

-- Appeals (phúc khảo): registered by the board, re-graded by a different
-- grader, decided by the board; before and after kept.
CREATE TABLE exam_appeal (
  id INTEGER PRIMARY KEY,
  exam_id INTEGER NOT NULL REFERENCES exam(id),
  candidate_id INTEGER NOT NULL REFERENCES exam_candidate(id),
  form_id INTEGER NOT NULL,
  pos INTEGER NOT NULL,
  reason TEXT NOT NULL,
  registered_by INTEGER REFERENCES app_user(id),
  registered_at TEXT NOT NULL,
  regrader_id INTEGER REFERENCES app_user(id),
  before_points INTEGER,
  regrade_points INTEGER,
  regraded_at TEXT,
  status TEXT NOT NULL DEFAULT 'registered' CHECK (status IN ('registered', 'regraded', 'accepted', 'rejected')),
  decision_no TEXT,
  decided_at TEXT,
  after_points INTEGER
);
CREATE INDEX exam_appeal_exam ON exam_appeal(exam_id);

-- A staff competency test result kept on the person (evaluation, retraining).
CREATE TABLE exam_person_result (
  exam_id INTEGER NOT NULL REFERENCES exam(id),
  person_id INTEGER NOT NULL REFERENCES person(id),
  candidate_id INTEGER NOT NULL REFERENCES exam_candidate(id),
  points INTEGER NOT NULL,
  max_points INTEGER NOT NULL,
  percent INTEGER NOT NULL,       -- hundredths of a percent
  passed INTEGER NOT NULL CHECK (passed IN (0, 1)),
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (exam_id, person_id)
);
CREATE INDEX exam_person_result_person ON exam_person_result(person_id);

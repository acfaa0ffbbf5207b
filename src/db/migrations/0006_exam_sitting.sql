-- canbo schema, version 6: the online sitting's shared contract (issue 5).
-- exam_attempt: a candidate's one attempt at their form (started when they
-- first open it with their one-time code; the deadline is fixed then by the
-- server clock); exam_answer: the latest acknowledged answer per form item.
-- Grading (api/exam_grading.c) reads these; the sitting (api/exam_sitting.c)
-- writes them. Times are UTC "YYYY-MM-DDTHH:MM:SS.mmmZ".
CREATE TABLE exam_attempt (
  candidate_id INTEGER PRIMARY KEY REFERENCES exam_candidate(id),
  form_id INTEGER NOT NULL UNIQUE REFERENCES exam_form(id),
  started_at TEXT NOT NULL,
  deadline_at TEXT NOT NULL,
  submitted_at TEXT,                         -- NULL while the candidate is sitting
  submit_kind TEXT CHECK (submit_kind IN ('candidate', 'deadline', 'board')),
  CHECK ((submitted_at IS NULL) = (submit_kind IS NULL))
);
-- A submitted attempt is final.
CREATE TRIGGER exam_attempt_final BEFORE UPDATE ON exam_attempt
WHEN old.submitted_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a submitted attempt is final'); END;
CREATE TRIGGER exam_attempt_no_delete BEFORE DELETE ON exam_attempt
BEGIN SELECT RAISE(ABORT, 'attempts are never deleted'); END;

-- response is JSON: for single / multiple / true_false the sorted array of
-- the STORED option ords chosen (exam_option.ord, not the shown positions),
-- e.g. [0] or [1,3] ([] = cleared); for short_answer / essay a JSON string.
CREATE TABLE exam_answer (
  form_id INTEGER NOT NULL REFERENCES exam_form(id),
  pos INTEGER NOT NULL,
  response TEXT NOT NULL,
  seq INTEGER NOT NULL,                      -- client's per-item sequence number (last write wins by seq)
  saved_at TEXT NOT NULL,
  PRIMARY KEY (form_id, pos),
  FOREIGN KEY (form_id, pos) REFERENCES exam_form_item(form_id, pos)
);
-- Nothing changes after the attempt is submitted.
CREATE TRIGGER exam_answer_after_submit_ins BEFORE INSERT ON exam_answer
WHEN EXISTS (SELECT 1 FROM exam_attempt WHERE form_id = new.form_id AND submitted_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'the attempt is submitted'); END;
CREATE TRIGGER exam_answer_after_submit_upd BEFORE UPDATE ON exam_answer
WHEN EXISTS (SELECT 1 FROM exam_attempt WHERE form_id = old.form_id AND submitted_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'the attempt is submitted'); END;
CREATE TRIGGER exam_answer_no_delete BEFORE DELETE ON exam_answer
BEGIN SELECT RAISE(ABORT, 'answers are never deleted'); END;

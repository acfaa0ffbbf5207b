-- Question banks and exams (issue 5): subjects, topics, per-subject members
-- (author / reviewer / board), versioned questions with options and images,
-- exams with blueprints, sittings, candidates and per-candidate forms.
-- A question edit adds a row to exam_question_version; forms reference
-- versions, so an edit never changes a form already drawn.

CREATE TABLE exam_subject (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE exam_topic (
  id INTEGER PRIMARY KEY,
  subject_id INTEGER NOT NULL REFERENCES exam_subject(id),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  UNIQUE (subject_id, code)
);
-- Question secrecy: only members of the subject read its questions.
CREATE TABLE exam_member (
  subject_id INTEGER NOT NULL REFERENCES exam_subject(id),
  user_id INTEGER NOT NULL REFERENCES app_user(id),
  role TEXT NOT NULL CHECK (role IN ('author', 'reviewer', 'board')),
  PRIMARY KEY (subject_id, user_id, role)
);
CREATE TABLE exam_question (
  id INTEGER PRIMARY KEY,
  subject_id INTEGER NOT NULL REFERENCES exam_subject(id),
  current_version INTEGER NOT NULL DEFAULT 1,
  created_by INTEGER REFERENCES app_user(id),
  created_at TEXT NOT NULL
);
CREATE INDEX exam_question_subject ON exam_question(subject_id);
CREATE TABLE exam_question_version (
  id INTEGER PRIMARY KEY,
  question_id INTEGER NOT NULL REFERENCES exam_question(id),
  version INTEGER NOT NULL,
  topic_id INTEGER NOT NULL REFERENCES exam_topic(id),
  type TEXT NOT NULL CHECK (type IN ('single', 'multiple', 'true_false', 'short_answer', 'essay')),
  difficulty INTEGER NOT NULL CHECK (difficulty BETWEEN 1 AND 5),
  stem TEXT NOT NULL,
  tags TEXT NOT NULL DEFAULT '[]',          -- JSON array of strings
  answer TEXT,                              -- short answer: the expected answer; essay: the marking guide
  points INTEGER NOT NULL DEFAULT 100 CHECK (points BETWEEN 1 AND 10000), -- hundredths
  created_by INTEGER REFERENCES app_user(id),
  created_at TEXT NOT NULL,
  UNIQUE (question_id, version)
);
CREATE TABLE exam_option (
  version_id INTEGER NOT NULL REFERENCES exam_question_version(id),
  ord INTEGER NOT NULL,
  text TEXT NOT NULL,
  correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
  PRIMARY KEY (version_id, ord)
);
CREATE TABLE exam_image (
  version_id INTEGER NOT NULL REFERENCES exam_question_version(id),
  ord INTEGER NOT NULL,
  mime TEXT NOT NULL CHECK (mime IN ('image/png', 'image/jpeg', 'image/gif', 'image/webp')),
  sha256 TEXT NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (version_id, ord)
);
-- Nothing of a version is ever rewritten: forms point at it.
CREATE TRIGGER exam_version_no_update BEFORE UPDATE ON exam_question_version
BEGIN SELECT RAISE(ABORT, 'question versions are immutable'); END;
CREATE TRIGGER exam_option_no_update BEFORE UPDATE ON exam_option
BEGIN SELECT RAISE(ABORT, 'question versions are immutable'); END;

CREATE TABLE exam (
  id INTEGER PRIMARY KEY,
  subject_id INTEGER NOT NULL REFERENCES exam_subject(id),
  type TEXT NOT NULL CHECK (type IN ('staff_test', 'recruit_r1', 'recruit_r2', 'leadership')),
  title TEXT NOT NULL,
  reference_date TEXT NOT NULL,
  duration_min INTEGER NOT NULL CHECK (duration_min BETWEEN 1 AND 600),
  pass_percent INTEGER NOT NULL CHECK (pass_percent BETWEEN 1 AND 100),
  created_by INTEGER REFERENCES app_user(id),
  created_at TEXT NOT NULL
);
CREATE TABLE exam_blueprint (
  exam_id INTEGER NOT NULL REFERENCES exam(id),
  row INTEGER NOT NULL,
  topic_id INTEGER NOT NULL REFERENCES exam_topic(id),
  difficulty INTEGER NOT NULL CHECK (difficulty BETWEEN 1 AND 5),
  count INTEGER NOT NULL CHECK (count BETWEEN 1 AND 1000),
  PRIMARY KEY (exam_id, row),
  UNIQUE (exam_id, topic_id, difficulty)
);
CREATE TABLE exam_sitting (
  id INTEGER PRIMARY KEY,
  exam_id INTEGER NOT NULL REFERENCES exam(id),
  starts_at TEXT NOT NULL,                  -- YYYY-MM-DDTHH:MM (local time of the exam site)
  room TEXT NOT NULL,
  capacity INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 100000)
);
CREATE TABLE exam_candidate (
  id INTEGER PRIMARY KEY,
  exam_id INTEGER NOT NULL REFERENCES exam(id),
  sitting_id INTEGER REFERENCES exam_sitting(id),
  person_id INTEGER REFERENCES person(id),  -- staff from the records; NULL = external applicant
  full_name TEXT NOT NULL,
  birth_date TEXT,
  cccd TEXT,
  documents TEXT NOT NULL DEFAULT '[]',     -- JSON array of {kind, ref}
  priority TEXT NOT NULL DEFAULT '[]',      -- JSON array of core/exam.h priority codes
  created_at TEXT NOT NULL,
  UNIQUE (exam_id, person_id),
  UNIQUE (exam_id, cccd)
);
-- The pool a batch of forms was drawn from (the versions current then), so
-- that any form can be redrawn later from its seed and compared.
CREATE TABLE exam_pool (
  exam_id INTEGER NOT NULL REFERENCES exam(id),
  version_id INTEGER NOT NULL REFERENCES exam_question_version(id),
  PRIMARY KEY (exam_id, version_id)
);
CREATE TABLE exam_form (
  id INTEGER PRIMARY KEY,
  candidate_id INTEGER NOT NULL UNIQUE REFERENCES exam_candidate(id),
  seed TEXT NOT NULL,                       -- 16 hex digits (64-bit)
  generated_at TEXT NOT NULL
);
CREATE TABLE exam_form_item (
  form_id INTEGER NOT NULL REFERENCES exam_form(id),
  pos INTEGER NOT NULL,
  version_id INTEGER NOT NULL REFERENCES exam_question_version(id),
  option_order TEXT NOT NULL,               -- JSON array: shown position -> stored option ord
  PRIMARY KEY (form_id, pos)
);
CREATE TRIGGER exam_form_item_no_update BEFORE UPDATE ON exam_form_item
BEGIN SELECT RAISE(ABORT, 'forms are immutable'); END;

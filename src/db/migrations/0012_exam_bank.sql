-- canbo schema, version 12: retiring questions (issue 5, docs/exams.md).
-- A question is never deleted: it can be withdrawn from future forms
-- (retired_at set) and restored. Forms keep pointing at their versions, and
-- an exam whose forms are drawn keeps its pool snapshot (exam_pool).
ALTER TABLE exam_question ADD COLUMN retired_at TEXT;
ALTER TABLE exam_question ADD COLUMN retired_by INTEGER REFERENCES app_user(id);
ALTER TABLE exam_question ADD COLUMN retired_reason TEXT;
CREATE TRIGGER exam_question_no_delete BEFORE DELETE ON exam_question
BEGIN SELECT RAISE(ABORT, 'questions are retired, never deleted'); END;
CREATE TRIGGER exam_version_no_delete BEFORE DELETE ON exam_question_version
BEGIN SELECT RAISE(ABORT, 'question versions are never deleted'); END;
CREATE TRIGGER exam_option_no_delete BEFORE DELETE ON exam_option
BEGIN SELECT RAISE(ABORT, 'question versions are never deleted'); END;
CREATE TRIGGER exam_image_no_delete BEFORE DELETE ON exam_image
BEGIN SELECT RAISE(ABORT, 'question versions are never deleted'); END;

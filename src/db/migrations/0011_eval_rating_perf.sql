-- canbo schema, version 11: covering indexes for the year rating board at
-- scale (issue 4, Benchmarks: 1,000,000 people in under 10 s). The board reads
-- a whole year's approved period scores in person order, and the task group of
-- each person's tasks, in one pass each, without touching the wide rows.
CREATE INDEX eval_assessment_year_rating
  ON eval_assessment(year, state, person_id, period_kind, number, unit_id, score_x100);
CREATE INDEX eval_task_year_person ON eval_task(year, person_id, product_type_id);
-- eval_year_rating(unit_id, year) is a prefix of its UNIQUE (unit_id, year,
-- person_id) index: the second index only cost every insert of a board.
DROP INDEX eval_year_rating_unit;

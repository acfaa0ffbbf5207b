-- canbo schema, version 13: the year rating board at scale, continued (issue 4,
-- Benchmarks). The board reads the periods not worked and the lawful absence
-- days of the year's approved periods (NĐ 335/2025 Art. 21, migration 0009)
-- through core rating_periods_collect; those are few, so a partial index finds
-- them without scanning the year's rows. eval_year_rating.detail is written
-- compact from this version on (the rule's inputs and outcome, {"v":2,...});
-- the explanation lines are rendered from it when read (api/eval_rating.c).
-- Rows written before keep their "explain" array and are read as they are.
CREATE INDEX eval_assessment_absence ON eval_assessment(year, person_id)
  WHERE not_worked = 1 OR absence_days > 0;

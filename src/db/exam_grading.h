/* Grading and results of exams (migration 0008, docs/exam-grading.md): the
 * automatic grading of objective items from exam_answer, double-blind essay
 * marks under anonymous codes, positions and quotas, tie decisions,
 * publication, appeals, item statistics and staff results on the person.
 * Functions return 0 on success, -1 on error, and positive codes where
 * documented. Points are hundredths of a point. */
#ifndef CANBO_DB_EXAM_GRADING_H
#define CANBO_DB_EXAM_GRADING_H
#include <jansson.h>
#include <stdint.h>
#include "db/db.h"

struct grading_config {
    int gap_percent;           /* third grader when 100*|m1-m2| > gap_percent*max */
    char final_rule[16];       /* "third_closer" | "third" */
    int combined;              /* round 2: written + interview */
    int weight_written;        /* % when combined */
    int64_t round1_exam_id;    /* round 2: round-1 exam admitting the candidates (0 none) */
    char published_at[32];     /* "" when not published */
};
/* Defaults when the exam has no row. */
int db_grading_config_get(db *d, int64_t exam_id, struct grading_config *c);
int db_grading_config_put(db *d, int64_t exam_id, const struct grading_config *c);
int db_grading_publish(db *d, int64_t exam_id, int64_t user_id, const char *now);

/* Type, reference date and pass percent of an exam; 1 when absent. */
int db_grading_exam_info(db *d, int64_t exam_id, char type[16], char ref_date[11], int *pass_percent, char *title, size_t title_cap);

/* Graders per exam. add: 1 = already; remove: 1 = absent. */
int db_grading_grader_add(db *d, int64_t exam_id, int64_t user_id);
int db_grading_grader_remove(db *d, int64_t exam_id, int64_t user_id);
json_t *db_grading_grader_list(db *d, int64_t exam_id);
int db_grading_is_grader(db *d, int64_t exam_id, int64_t user_id);
/* Active users who are not yet graders of the exam, for the board's pick
 * list: [{id, username, display_name, role}] by display name. */
json_t *db_grading_eligible_graders(db *d, int64_t exam_id);

/* Registration number (SBD0001…, in candidate id order) and anonymous essay
 * code for every candidate of the exam still without them; existing ones
 * never change. Called when one-time codes are issued for a sitting and at
 * the grading run, so the printed code list and the published results show
 * the same number. 0 / -1. */
int db_grading_assign_codes(db *d, int64_t exam_id);

struct grading_summary {
    int candidates, graded, absent, not_submitted, items, essays, essays_unassigned, thirds_needed;
};
/* Anonymous codes and registration numbers for candidates lacking them, then
 * automatic grading of every submitted attempt's objective items, then two
 * graders for each essay answer not yet assigned (and third graders where
 * needed). Re-runnable: objective points are recomputed, essay marks kept. */
int db_grading_run(db *d, int64_t exam_id, const char *now, struct grading_summary *s);

/* The grader's essay tasks: code, stem, marking guide, response and their own
 * mark only (never a name, never another grader's mark). exam_id 0 = all.
 * A grader removed from the exam no longer sees or marks its tasks. */
json_t *db_grading_tasks(db *d, int64_t grader_id, int64_t exam_id);
/* Enters a mark (0..max) on a task. 1 = not the grader's task, 2 = out of
 * range (*max set), 3 = the item's final mark is settled. *exam_out the exam. */
int db_grading_mark(db *d, int64_t task_id, int64_t grader_id, int mark, const char *comment, const char *now,
                    int64_t *exam_out, int *max);
/* All marks of an exam (board view): [{form_id, pos, code, slot, grader_id, mark}]. */
json_t *db_grading_marks(db *d, int64_t exam_id);

/* Per candidate: {candidate_id, person_id, full_name, reg_no, anon_code,
 * position, priority, interview, r1_correct, r1_total, attempt, submitted,
 * items, max_points, points, correct, essays_pending}. */
json_t *db_grading_results(db *d, int64_t exam_id);
/* Round-1 result of a person (or cccd) in another exam: 0 found, 1 not. */
int db_grading_r1_lookup(db *d, int64_t r1_exam_id, int64_t person_id, const char *cccd, int *correct, int *total);

/* Positions and candidates. put: upsert. 1 = the candidate is not in the exam. */
int db_grading_position_put(db *d, int64_t exam_id, const char *code, const char *name, int quota);
json_t *db_grading_position_list(db *d, int64_t exam_id);
int db_grading_position_exists(db *d, int64_t exam_id, const char *code);
struct grading_cand_edit {
    const char *position;      /* NULL = unchanged */
    int set_interview, interview;  /* interview -1 = clear */
    int set_r1, r1_correct, r1_total;
};
int db_grading_candidate_put(db *d, int64_t exam_id, int64_t cand_id, const struct grading_cand_edit *e);

/* Tie decisions: 1 = already recorded for the position. */
int db_grading_tie_put(db *d, int64_t exam_id, const char *position, const char *winners_json, const char *decision_no,
                       const char *date, int64_t user_id, const char *now);
json_t *db_grading_tie_list(db *d, int64_t exam_id);

/* Appeals. register: 1 = no scored item at (candidate, pos); 2 = no grader
 * left who did not grade the item. */
int db_grading_appeal_register(db *d, int64_t exam_id, int64_t cand_id, int pos, const char *reason,
                               int64_t regrader, int64_t user_id, const char *now, int64_t *id);
json_t *db_grading_appeal_list(db *d, int64_t exam_id, int64_t regrader_only);
json_t *db_grading_appeal_get(db *d, int64_t id);
/* The regrader's mark: 1 = not theirs or not open, 2 = out of range. */
int db_grading_appeal_regrade(db *d, int64_t id, int64_t grader_id, int mark, const char *now);
/* The board's decision: accept applies the re-grade to the item. 1 = not regraded yet. */
int db_grading_appeal_decide(db *d, int64_t id, int accept, const char *decision_no, const char *now);

/* Item statistics per question version (see docs): difficulty, upper-lower
 * 27% discrimination, option choice counts. */
json_t *db_grading_item_stats(db *d, int64_t exam_id);

/* Staff results on the person. */
int db_grading_person_result_put(db *d, int64_t exam_id, int64_t person_id, int64_t cand_id, int points, int max,
                                 int percent, int passed, const char *now);
json_t *db_grading_person_results(db *d, int64_t person_id);

#endif

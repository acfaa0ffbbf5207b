/* SQL for evaluation by product (migration 0003): task groups, product types,
 * tasks, results with evidence, files, quality reviews and delays, period
 * assessments with their workflow transitions, historic ratings.
 * Reads that list many rows are scope-filtered with the same unit_closure
 * predicate as db/person.c; single-row getters return the person/unit so the
 * handler checks scope through auth/. Writes run inside the caller's
 * transaction. Return 0 on success, 1 when not found / duplicate, -1 on error. */
#ifndef CANBO_DB_EVAL_H
#define CANBO_DB_EVAL_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include "auth/auth.h"
#include "db/db.h"

/* ---- task groups and product types ---- */
int db_eval_group_insert(db *d, int64_t unit_id, const char *name, const char *now, int64_t *id);
/* unit_id of a group; 1 when absent. */
int db_eval_group_unit(db *d, int64_t id, int64_t *unit_id);
json_t *db_eval_group_list(db *d, const struct scope *sc, int64_t unit_id);

struct eval_ptype {
    int64_t unit_id;
    const char *position, *code, *name, *measure;
    int64_t norm_x100;
    int64_t task_group_id;   /* 0 = none */
};
int db_eval_ptype_insert(db *d, const struct eval_ptype *p, const char *now, int64_t *id);
/* The row as JSON (caller owns); 1 when absent. */
int db_eval_ptype_get(db *d, int64_t id, json_t **out);
int db_eval_ptype_update(db *d, int64_t id, const char *name, const char *measure, const char *position,
                         int64_t norm_x100, int64_t task_group_id, int active, const char *now);
/* unit_id 0 = all units in scope; active_only filters retired types. */
json_t *db_eval_ptype_list(db *d, const struct scope *sc, int64_t unit_id, int active_only);

/* ---- tasks ---- */
struct eval_task {
    int64_t id, person_id, unit_id;
    char period_kind[8];
    int64_t year, number, product_type_id, norm_x100, target_qty, weight_x100;
    int64_t verifier_user_id;  /* 0 = none */
    int64_t key_task;
    const char *title, *deadline, *quality_req;
};
int db_eval_task_insert(db *d, const struct eval_task *t, int64_t assigned_by, const char *now, int64_t *id);
/* Fills the numeric members and period_kind (text members NULL); 1 when absent. */
int db_eval_task_get(db *d, int64_t id, struct eval_task *t);
/* A person's tasks with their results (evidence nested), reviews and the
 * verified quantity that counts. Filters: year 0 / kind NULL / number 0 = any. */
json_t *db_eval_tasks_of(db *d, int64_t person_id, int64_t year, const char *kind, int64_t number);

/* Tasks of the people in scope (person's current unit in the subtree of
 * `unit_id` when > 0), flat, with verified/unverified quantities. */
json_t *db_eval_tasks_list(db *d, const struct scope *sc, int64_t unit_id, int64_t year, const char *kind,
                           int64_t number, int limit, int offset);

/* ---- evidence files ---- */
int db_eval_file_insert(db *d, const char *sha256_hex, const char *ctype, const char *name, const void *data,
                        size_t len, int64_t person_id, int64_t user_id, const char *now, int64_t *id);
/* Owner of a file (person_id 0 when none) and who uploaded it; 1 when absent. */
int db_eval_file_owner(db *d, int64_t id, int64_t *person_id, int64_t *uploaded_by);
/* File metadata as JSON (no data); 1 when absent. */
int db_eval_file_meta(db *d, int64_t id, json_t **out);
/* The bytes (malloc'd, caller frees) and content type; 1 when absent. */
int db_eval_file_data(db *d, int64_t id, char **data, size_t *len, char *ctype, size_t ccap);

/* ---- results ---- */
struct eval_result_in {
    int64_t task_id, quantity;
    const char *note, *origin, *source, *extracted_at, *external_ref;
};
int db_eval_result_insert(db *d, const struct eval_result_in *r, int64_t user_id, const char *now, int64_t *id);
int db_eval_evidence_insert(db *d, int64_t result_id, const char *kind, const char *ref, int64_t file_id);
/* task, reporter and status of a result; 1 when absent. */
int db_eval_result_get(db *d, int64_t id, int64_t *task_id, int64_t *reported_by, char *status, size_t scap);
/* Number of evidence rows of a result. */
int db_eval_result_evidence_count(db *d, int64_t id);
/* Moves an unverified result to 'verified' or 'rejected'; 1 when it was not unverified. */
int db_eval_result_verify(db *d, int64_t id, const char *status, int64_t user_id, const char *now, const char *note);

/* ---- quality reviews and delays ---- */
int db_eval_review_insert(db *d, int64_t task_id, const char *kind, const char *on_date, int objective,
                          const char *reason, int64_t user_id, const char *now, int64_t *id);

/* ---- score inputs: one row per task of the period ---- */
struct eval_score_row {
    int64_t task_id, norm_x100, target_qty, verified_qty, unverified_qty;
    int64_t quality_failures, delays;      /* non-objective only */
    int64_t objective_events;              /* objective (not counted) */
};
/* Rows for (person, period); *n receives the count (<= cap). -1 on error. */
int db_eval_score_rows(db *d, int64_t person_id, const char *kind, int64_t year, int64_t number,
                       struct eval_score_row *rows, size_t cap, size_t *n);

/* ---- assessments and workflow ---- */
struct eval_assessment {
    int64_t id, person_id, unit_id, year, number;
    char period_kind[8];
    char state[20];
};
/* 1 when the (person, period) already has one (its id in *id). */
int db_eval_assessment_insert(db *d, int64_t person_id, int64_t unit_id, const char *kind, int64_t year,
                              int64_t number, const char *now, int64_t *id);
int db_eval_assessment_get(db *d, int64_t id, struct eval_assessment *a);
/* Moves state from `from` to `to` (1 when the state was not `from`). The
 * score columns are written when set_score (regime/band/detail may be NULL,
 * score < 0 stores NULL). */
int db_eval_assessment_move(db *d, int64_t id, const char *from, const char *to, int set_score, const char *regime,
                            int64_t score_x100, const char *band, const char *detail, const char *now);
/* Signature of the last transition ("" when none). */
int db_eval_transition_last_sig(db *d, int64_t assessment_id, char *sig, size_t cap);
int db_eval_transition_insert(db *d, int64_t assessment_id, const char *action, const char *from, const char *to,
                              int64_t user_id, const char *at, const char *note, int64_t score_x100,
                              const char *signature, int64_t *id);
/* One assessment with its transitions; 1 when absent. */
int db_eval_assessment_json(db *d, int64_t id, json_t **out);
json_t *db_eval_assessments_of(db *d, int64_t person_id, int64_t year);

/* ---- historic ratings ---- */
int db_eval_rating_insert(db *d, int64_t person_id, int64_t year, const char *regime, const char *level,
                          int64_t score_x100, const char *decision_no, const char *source, int64_t user_id,
                          const char *now, int64_t *id);
json_t *db_eval_ratings_of(db *d, int64_t person_id);
/* Import helpers: the person with this CCCD number (*id), and a person's
 * full name (into buf). 0, or 1 when absent, -1 on error. */
int db_eval_person_by_cccd(db *d, const char *cccd, int64_t *id);
int db_eval_person_name(db *d, int64_t id, char *buf, size_t cap);

/* ---- helpers ---- */
/* Current unit of a person and whether their current title is a leadership
 * post; 1 when absent. */
int db_eval_person_unit(db *d, int64_t person_id, int64_t *unit_id, int *is_leader);
/* 1 when `descendant` is in the current subtree of `ancestor`. */
int db_eval_unit_contains(db *d, int64_t ancestor, int64_t descendant);
/* 1 when an active user with this id exists. */
int db_eval_user_active(db *d, int64_t user_id);

/* ---- workflow inputs, absence, deadlines (migration 0009) ---- */
struct eval_inputs {
    char general[96];          /* JSON array of the three general groups, "" when none */
    int has_leader;            /* 1 when đ and e were entered */
    int32_t organising_bp, unity_bp;
    int32_t absence_days;
    char absence_reason[16];   /* "" when none */
    int not_worked;
};
int db_eval_inputs_get(db *d, int64_t id, struct eval_inputs *in);
/* general NULL clears it. */
int db_eval_set_general(db *d, int64_t id, const char *general_json);
/* organising_bp < 0 clears both components. */
int db_eval_set_leader(db *d, int64_t id, int32_t organising_bp, int32_t unity_bp);
int db_eval_set_absence(db *d, int64_t id, int32_t days, const char *reason, int not_worked, const char *now);
/* Scores (hundredths) of the leader's subordinates for one period: the
 * assessments of that period opened in the subtree of `unit_id`, scored and
 * past the self-assessment (not draft / returned), excluding the leader and
 * the other leadership-title holders of `unit_id` itself. *scores is
 * malloc'd (caller frees; NULL when none). */
int db_eval_subordinate_scores(db *d, int64_t leader_person_id, int64_t unit_id, const char *kind, int64_t year,
                               int64_t number, int32_t **scores, size_t *n);

/* Deadlines. `due` is an ISO date. *before receives the previous date ("" when
 * the row is new). */
int db_eval_deadline_set(db *d, int64_t unit_id, const char *kind, int64_t year, int64_t number, const char *step,
                         const char *due, int64_t user_id, const char *now, char before[11], int64_t *id);
/* Deadlines of the units in scope (unit_id > 0: that unit's subtree), year 0 = any. */
json_t *db_eval_deadlines_list(db *d, const struct scope *sc, int64_t unit_id, int64_t year);
/* The deadline that applies to a unit for a step: its own, else the nearest
 * ancestor's. 1 when none. */
int db_eval_deadline_for(db *d, int64_t unit_id, const char *kind, int64_t year, int64_t number, const char *step,
                         char due[11]);

/* Reminders (rows as JSON objects, each with "due" or null):
 *  - own: the person's assessments in draft / returned, and periods with a
 *    self-assessment deadline for the person's unit but no assessment yet;
 *  - review: assessments in scope (not the user's own) in the given states;
 *  - verify: unverified results with evidence on tasks whose verifier is the
 *    user (officers: also tasks in scope without a verifier), not reported by
 *    the user. `limit` caps each list. */
json_t *db_eval_reminders_own(db *d, int64_t person_id, int limit);
json_t *db_eval_reminders_review(db *d, const struct scope *sc, int64_t self_person_id, int officer, int limit);
json_t *db_eval_reminders_verify(db *d, const struct scope *sc, int64_t user_id, int officer, int limit);

/* Accounts that may verify tasks of a unit: active admins, officers and
 * leaders whose unit is the unit or one of its ancestors (their scope covers
 * it), and staff accounts of people whose current unit is that unit. */
json_t *db_eval_verifiers(db *d, int64_t unit_id, int limit);
/* Unverified results awaiting the verification of user_id: tasks naming the
 * user as verifier, and (in_scope_too) every task of a person in the scope;
 * never results the user reported nor tasks of self_person_id. Each row
 * carries the task, the person's name and `evidence`. year / number 0 and
 * kind NULL = any. */
json_t *db_eval_results_pending(db *d, const struct scope *sc, int64_t user_id, int64_t self_person_id, int in_scope_too,
                                int64_t year, const char *kind, int64_t number, int limit);
/* 1 when the file is evidence of a result of a task whose verifier is user_id. */
int db_eval_file_verifier(db *d, int64_t file_id, int64_t user_id);
/* The person's year results from the rating board (eval_year_rating), newest year first. */
json_t *db_eval_year_ratings_of(db *d, int64_t person_id);

#endif

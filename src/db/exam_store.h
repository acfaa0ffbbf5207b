/* SQL for question banks and exams (migration 0004, issue 5). All statements
 * are prepared with bound parameters. Functions return 0 on success, -1 on
 * error, 1 for "not found" / constraint (where documented). */
#ifndef CANBO_DB_EXAM_STORE_H
#define CANBO_DB_EXAM_STORE_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include "core/exam_form.h"
#include "db/db.h"

enum { EXAM_M_AUTHOR = 1, EXAM_M_REVIEWER = 2, EXAM_M_BOARD = 4 };

/* Subjects, topics, members. Inserts return 1 on a duplicate code. */
int db_exam_subject_insert(db *d, const char *code, const char *name, const char *now, int64_t *id);
int db_exam_subject_update(db *d, int64_t id, const char *name); /* 1 = absent */
/* all: every subject; else only those where user_id is a member. */
json_t *db_exam_subject_list(db *d, int all, int64_t user_id);
json_t *db_exam_subject_get(db *d, int64_t id); /* with topics and members; NULL when absent */
int db_exam_topic_insert(db *d, int64_t subject_id, const char *code, const char *name, int64_t *id);
int db_exam_topic_update(db *d, int64_t id, const char *name);
/* The subject of a topic, or 0. */
int64_t db_exam_topic_subject(db *d, int64_t topic_id);
/* Topic id by code within a subject, or 0. */
int64_t db_exam_topic_by_code(db *d, int64_t subject_id, const char *code);
int db_exam_member_add(db *d, int64_t subject_id, int64_t user_id, const char *role); /* 1 = already */
int db_exam_member_remove(db *d, int64_t subject_id, int64_t user_id, const char *role); /* 1 = absent */
/* EXAM_M_* bits of a user in a subject. */
unsigned db_exam_member_roles(db *d, int64_t subject_id, int64_t user_id);

/* Questions. A version carries its content; options and images belong to it. */
struct exam_qv {
    int64_t topic_id;
    const char *type;
    int difficulty;
    const char *stem;
    const char *tags_json;
    const char *answer;
    int points;
};
int db_exam_question_insert(db *d, int64_t subject_id, int64_t user_id, const char *now, int64_t *id);
/* Inserts version `version` of a question and makes it current. */
int db_exam_version_insert(db *d, int64_t question_id, int version, const struct exam_qv *v, int64_t user_id,
                           const char *now, int64_t *vid);
int db_exam_option_insert(db *d, int64_t vid, int ord, const char *text, int correct);
int db_exam_image_insert(db *d, int64_t vid, int ord, const char *mime, const char *sha256,
                         const void *data, size_t len);
/* Subject and current version of a question. 0, 1 absent, -1. */
int db_exam_question_meta(db *d, int64_t qid, int64_t *subject_id, int *current_version);
/* Full content of one version (0 = current), options and images (base64). NULL when absent. */
json_t *db_exam_question_get(db *d, int64_t qid, int version);
/* Metadata only (no stem, options or answer): the list shows no content;
 * retired questions are listed with retired_at set. */
json_t *db_exam_question_list(db *d, int64_t subject_id, int64_t topic_id, int difficulty);
/* Retirement (migration 12): a retired question is not drawn for new forms
 * (db_exam_pool_live) and not exported; it is never deleted. 0, 1 when
 * already retired / not retired (or absent), -1. */
int db_exam_question_retire(db *d, int64_t qid, int64_t user_id, const char *now, const char *reason);
int db_exam_question_restore(db *d, int64_t qid);
/* 1 retired, 0 not, -1 absent or error. */
int db_exam_question_retired(db *d, int64_t qid);
/* Ids of the subject's questions, ascending. */
json_t *db_exam_question_ids(db *d, int64_t subject_id);

/* Exams. */
struct exam_def {
    int64_t subject_id;
    const char *type, *title, *reference_date;
    int duration_min, pass_percent;
};
int db_exam_insert(db *d, const struct exam_def *e, int64_t user_id, const char *now, int64_t *id);
int db_exam_update(db *d, int64_t id, const struct exam_def *e);
int db_exam_blueprint_clear(db *d, int64_t exam_id);
int db_exam_blueprint_insert(db *d, int64_t exam_id, int row, const struct form_bp_row *r);
/* Blueprint rows in order; caller frees *rows. */
int db_exam_blueprint_load(db *d, int64_t exam_id, struct form_bp_row **rows, size_t *n);
json_t *db_exam_get(db *d, int64_t id); /* with blueprint, sittings, counts; NULL when absent */
json_t *db_exam_list(db *d);
int64_t db_exam_subject_of(db *d, int64_t exam_id); /* 0 when absent */
int db_exam_sitting_insert(db *d, int64_t exam_id, const char *starts_at, const char *room, int capacity, int64_t *id);
/* 1 when the sitting belongs to the exam and has room left. */
int db_exam_sitting_has_room(db *d, int64_t exam_id, int64_t sitting_id, int *exists);

struct exam_cand {
    int64_t sitting_id, person_id;
    const char *full_name, *birth_date, *cccd, *documents_json, *priority_json;
};
int db_exam_candidate_insert(db *d, int64_t exam_id, const struct exam_cand *c, const char *now, int64_t *id); /* 1 = duplicate */
json_t *db_exam_candidate_list(db *d, int64_t exam_id);
/* Candidate ids of an exam without a form, ascending; caller frees. */
int db_exam_candidates_without_form(db *d, int64_t exam_id, int64_t **ids, size_t *n);
int db_exam_candidate_in_exam(db *d, int64_t exam_id, int64_t cand_id); /* 1 yes */
int64_t db_exam_form_count(db *d, int64_t exam_id);

/* Pool: the current versions of the subject's questions not retired (live), or the
 * snapshot an exam's forms were drawn from. Sorted by version id. Caller frees. */
int db_exam_pool_live(db *d, int64_t subject_id, struct form_pool_item **pool, size_t *n);
int db_exam_pool_snapshot(db *d, int64_t exam_id, struct form_pool_item **pool, size_t *n);
int db_exam_pool_save(db *d, int64_t exam_id, const struct form_pool_item *pool, size_t n);

int db_exam_form_insert(db *d, int64_t cand_id, const char *seed_hex, const char *now, int64_t *form_id);
int db_exam_form_item_insert(db *d, int64_t form_id, int pos, int64_t vid, const char *option_order_json);
/* {form_id, candidate_id, seed, generated_at, items: [{pos, version_id, question_id, version, option_order}]}
 * or NULL when the candidate has no form. */
json_t *db_exam_form_get(db *d, int64_t cand_id);

#endif

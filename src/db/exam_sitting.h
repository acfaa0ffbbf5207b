/* SQL of the online sitting (issue 5; docs/exam-sitting.md): one-time codes,
 * candidate sessions, attempts (exam_attempt), answers (exam_answer, the
 * shared contract of migration 6), incidents and the board's live view.
 * Times are UTC "YYYY-MM-DDTHH:MM:SS.mmmZ" (SIT_TIME_LEN chars). */
#ifndef CANBO_DB_EXAM_SITTING_H
#define CANBO_DB_EXAM_SITTING_H
#include <jansson.h>
#include <stdint.h>
#include "db/db.h"

#define SIT_TIME_LEN 24
#define SIT_HASH_LEN 64   /* hex SHA-256 */

/* The subject of the exam when the sitting belongs to it, else 0. */
int64_t db_sit_subject(db *d, int64_t exam_id, int64_t sitting_id);
/* Candidates of a sitting: [{id, full_name, has_code, used, reg_no (null
 * until assigned, see db_grading_assign_codes)}], by id. */
json_t *db_sit_candidates(db *d, int64_t sitting_id);
/* Issues (or reissues, replacing the old hash) a candidate's code and ends
 * the candidate's sessions. 0 / -1. */
int db_sit_code_set(db *d, int64_t candidate_id, int64_t sitting_id, const char *hash, const char *now, int64_t by);
/* Consumes an unused code: 1 and *candidate_id when it signed in, 0 when no
 * such unused code, -1 on error. */
int db_sit_code_use(db *d, const char *hash, const char *now, int64_t *candidate_id);

int db_sit_session_create(db *d, const char *token_hash, int64_t candidate_id, const char *csrf, const char *now,
                          const char *expires);
int db_sit_session_end(db *d, const char *token_hash);
/* 0 with the candidate and CSRF token of a live session, 1 when none, -1. */
int db_sit_session_get(db *d, const char *token_hash, const char *now, int64_t *candidate_id, char csrf[64]);

/* Candidate, exam and sitting facts: {candidate_id, full_name, exam_id,
 * exam_title, exam_type, duration_min, sitting_id, starts_at, room, form_id
 * (0 = none), items, reg_no (or null)}; NULL when absent. */
json_t *db_sit_candidate_info(db *d, int64_t candidate_id);

struct sit_attempt {
    int64_t form_id;
    char started_at[SIT_TIME_LEN + 1];
    char deadline_at[SIT_TIME_LEN + 1];
    char submitted_at[SIT_TIME_LEN + 1];   /* "" while open */
    char submit_kind[16];                  /* "" while open */
};
/* 0 found, 1 none, -1 error. */
int db_sit_attempt_get(db *d, int64_t candidate_id, struct sit_attempt *a);
int db_sit_attempt_create(db *d, int64_t candidate_id, int64_t form_id, const char *started, const char *deadline);
/* Closes an open attempt (kind candidate|deadline|board) at `at`. 1 closed, 0 already closed, -1. */
int db_sit_attempt_close(db *d, int64_t candidate_id, const char *at, const char *kind);
/* Closes, as 'deadline' at their deadline, the open attempts of a sitting
 * (sitting_id > 0) or of an exam (exam_id > 0) whose deadline is before now.
 * Appends the closed candidate ids to `closed` when not NULL. 0 / -1. */
int db_sit_close_expired(db *d, int64_t sitting_id, int64_t exam_id, const char *now, json_t *closed);

/* The form as the candidate sees it, options still in stored order with
 * each item's option_order: [{pos, type, stem, option_order, options:
 * [{ord, text}], images: [{mime, data_base64}]}]. No correct flags, answers
 * or version ids. NULL on error. */
json_t *db_sit_form(db *d, int64_t form_id);
/* An item's type and option_order JSON text. 0 found, 1 none, -1. */
int db_sit_item(db *d, int64_t form_id, int pos, char type[16], char *order, size_t cap);
/* Upsert by seq: writes when no answer exists or seq is higher than the
 * stored one (*applied = 1); else leaves it (*applied = 0). 0 / -1. */
int db_sit_answer_save(db *d, int64_t form_id, int pos, const char *response, int64_t seq, const char *now, int *applied);
/* Saved answers with their items' type and option order:
 * [{pos, type, option_order, response (text), seq, saved_at}]. */
json_t *db_sit_answers(db *d, int64_t form_id);

int db_sit_incident_add(db *d, int64_t candidate_id, const char *kind, const char *detail, const char *client_at,
                        const char *now);
int db_sit_incident_count(db *d, int64_t candidate_id);

/* The board's live view of a sitting: [{candidate_id, full_name, reg_no, code
 * (none|issued|used), generation, started_at, deadline_at, submitted_at,
 * submit_kind, items, answered, last_save, incidents_count, incidents:
 * [{kind, detail, at}] (the last 50)}]. */
json_t *db_sit_live(db *d, int64_t sitting_id);

#endif

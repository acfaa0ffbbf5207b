/* SQL for the unit's year rating board (migration 0005): the approved period
 * scores of a unit's subtree, the inputs of core/rating.h (leader post,
 * discipline, task group), the stored proposal and the council's decisions.
 * Writes run inside the caller's transaction. Return 0 on success, 1 when not
 * found, -1 on error. */
#ifndef CANBO_DB_EVAL_RATING_H
#define CANBO_DB_EVAL_RATING_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include "db/db.h"

/* A board over many people writes more pages than the connection's default
 * page cache holds (spilling them to the WAL several times): on = 1 raises
 * the cache to 256 MB for the computation, on = 0 restores the default. */
int db_er_bulk(db *d, int on);
/* Foreign-key enforcement of the connection (PRAGMA foreign_keys; only
 * outside a transaction). The board's write turns it off around its
 * transaction: every id it writes was read in that same transaction from rows
 * whose own foreign keys hold (assessments, product types, the unit's
 * subtree), and the lookups of 4 parents per row (the person table of a
 * million people among them) were most of the write's cost. */
int db_er_fk(db *d, int on);

/* The units of the subtree of a unit, as a bitmap over unit ids. */
struct er_units {
    unsigned char *in; /* in[id] != 0: id is in the subtree */
    int64_t max;       /* ids above max are outside */
};
int db_er_subtree(db *d, int64_t unit_id, struct er_units *out);
void er_units_free(struct er_units *u);
static inline int er_units_has(const struct er_units *u, int64_t id)
{
    return id >= 0 && id <= u->max && u->in[id];
}

/* One person rated on the board: the approved, scored periods of the year (in
 * any unit: carried-over periods included), in period order, at
 * scores[first .. first + n) (at most SCORE_MAX_PERIODS); unit_id is the unit
 * of the last period, which must be in the subtree (those who moved out are
 * not rated here); carried = periods among the n worked in another unit. */
struct er_scored {
    int64_t person_id, unit_id;
    uint32_t first, n;
    int32_t carried;
};
/* Every person rated on the board of (unit, year), ordered by person id, with
 * their period scores. One pass over the year's approved periods (the
 * covering index of migration 0011) when the subtree is a large part of the
 * tree, else through the subtree's units. *people and *scores are malloc'd
 * (caller frees). With job (db_er_task_groups_start), this connection reads
 * the people before the job's split and the job's thread the others, on the
 * second core; the call waits for the thread. */
struct er_tg_job;
int db_er_scores(db *d, const struct er_units *sub, int64_t unit_id, int64_t year, struct er_tg_job *job,
                 struct er_scored **people, size_t *np, int32_t **scores, size_t *ns);

/* Sorted ids of the people whose current title is a leadership post. */
int db_er_leaders(db *d, int64_t **ids, size_t *n);
/* For people[0..n) (ordered by person id): the task group most of each
 * person's tasks of the year belong to (ties: the smallest group id; 0 when
 * none) into groups[i]. */
int db_er_task_groups(db *d, int64_t year, const struct er_scored *people, size_t n, int64_t *groups);
/* The same, overlapped with the caller's reads: _start runs the one-pass
 * variant (and a third of the score read, see db_er_scores) on a thread with
 * a second, read-only connection to the same file
 * (WAL: the caller holds the write lock and has written nothing yet, so both
 * read the same snapshot). NULL when not worth it or not possible (a board
 * over a small subtree, an in-memory database, no memory): then call
 * db_er_task_groups. _finish joins the thread, fills groups[0..n) for
 * people[0..n) (ordered by person id) and frees the job; -1 on error. */
struct er_tg_job *db_er_task_groups_start(db *d, const struct er_units *sub, int64_t year);
int db_er_task_groups_finish(struct er_tg_job *job, const struct er_scored *people, size_t n, int64_t *groups);

/* Name and leadership post of a person; 1 when absent. */
int db_er_person(db *d, int64_t person_id, char *name, size_t cap, int *is_leader);
/* Display name of a task group / of a unit (current version). */
int db_er_group_name(db *d, int64_t group_id, char *name, size_t cap);
int db_er_unit_name(db *d, int64_t unit_id, char *name, size_t cap);

/* Discipline rows taking effect in or recorded for `year`. */
struct er_disc {
    int64_t id, year, person_id;
    char form[64];
    char effective[16];
};
/* Every such row of `year`, for everybody, ordered by person id, then id.
 * *rows is malloc'd (caller frees). */
int db_er_disciplines(db *d, int64_t year, struct er_disc **rows, size_t *n);

/* The lawful absence on the year's approved periods (NĐ 335/2025 Art. 21,
 * migration 0009): one row per period that was not worked or has absence
 * days, for everybody, ordered by person id (partial index of migration 13).
 * reason: "sick" / "maternity" / "other_lawful" or "" when not recorded. */
struct er_absence {
    int64_t person_id;
    int32_t days;
    unsigned char not_worked;
    char reason[16];
};
int db_er_absences(db *d, int64_t year, struct er_absence **rows, size_t *n);

/* ---- the stored board ---- */
struct er_row {
    int64_t unit_id, year, person_id, rating_unit_id, task_group_id; /* group 0 = NULL */
    const char *regime;
    int64_t score_x100;           /* < 0 = NULL */
    int64_t periods, carried_over;
    const char *proposed_level, *cap_status, *cap_level; /* cap_level NULL for a tie */
    const char *detail, *computed_at;
};
/* 1 when the board of (unit, year) already has decided rows. */
int db_er_decided(db *d, int64_t unit_id, int64_t year);
/* Removes the undecided rows of (unit, year). */
int db_er_clear(db *d, int64_t unit_id, int64_t year);
int db_er_insert(db *d, const struct er_row *r);
/* Inserts r[0..n): ER_INSERT_BATCH rows per statement (one prepared
 * multi-row INSERT), the rest one by one. The texts must stay valid until the
 * call returns. */
#define ER_INSERT_BATCH 32
int db_er_insert_rows(db *d, const struct er_row *r, size_t n);
/* The board's rows, with the person's name, ordered by rating unit, group,
 * score descending. JSON array (caller owns) or NULL on error. */
json_t *db_er_list(db *d, int64_t unit_id, int64_t year);
/* The same rows, rows [offset, offset + limit) of that order (limit < 0: all),
 * each with its stored `detail` text; *total = the board's row count. */
json_t *db_er_page(db *d, int64_t unit_id, int64_t year, int64_t limit, int64_t offset, int64_t *total);
int db_er_set_final(db *d, int64_t unit_id, int64_t year, int64_t person_id, const char *level,
                    int64_t decision_id, const char *now);
int db_er_decision_insert(db *d, int64_t unit_id, int64_t year, const char *exc_no, const char *exc_date,
                          int64_t limit_percent, const char *minutes, const char *decisions_json,
                          int64_t user_id, const char *now, int64_t *id);
/* The recorded decisions of (unit, year). JSON array or NULL. */
json_t *db_er_decisions(db *d, int64_t unit_id, int64_t year);

#endif

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

/* One approved, scored period assessment of the year. */
struct er_period {
    int64_t person_id, unit_id, score_x100;
};
/* Every approved scored period of `year` (in any unit: carried-over scores
 * included) of the people who have at least one in the subtree of unit_id;
 * ordered by person, then period. *rows is malloc'd (caller frees). */
int db_er_periods(db *d, int64_t unit_id, int64_t year, struct er_period **rows, size_t *n);

/* Name and leadership post of a person; 1 when absent. */
int db_er_person(db *d, int64_t person_id, char *name, size_t cap, int *is_leader);
/* The task group of most of the person's tasks in the year (0 when none). */
int db_er_task_group(db *d, int64_t person_id, int64_t year, int64_t *group_id);
/* Display name of a task group / of a unit (current version). */
int db_er_group_name(db *d, int64_t group_id, char *name, size_t cap);
int db_er_unit_name(db *d, int64_t unit_id, char *name, size_t cap);

/* Discipline rows of a person taking effect in or recorded for `year`. */
struct er_disc {
    int64_t id, year;
    char form[64];
    char effective[16];
};
int db_er_discipline(db *d, int64_t person_id, int64_t year, struct er_disc *rows, size_t cap, size_t *n);

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
/* The board's rows, with the person's name, ordered by rating unit, group,
 * score descending. JSON array (caller owns) or NULL on error. */
json_t *db_er_list(db *d, int64_t unit_id, int64_t year);
int db_er_set_final(db *d, int64_t unit_id, int64_t year, int64_t person_id, const char *level,
                    int64_t decision_id, const char *now);
int db_er_decision_insert(db *d, int64_t unit_id, int64_t year, const char *exc_no, const char *exc_date,
                          int64_t limit_percent, const char *minutes, const char *decisions_json,
                          int64_t user_id, const char *now, int64_t *id);
/* The recorded decisions of (unit, year). JSON array or NULL. */
json_t *db_er_decisions(db *d, int64_t unit_id, int64_t year);

#endif

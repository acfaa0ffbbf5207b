/* Dashboard statistics: the SQL behind GET /api/v1/stats/dashboard.
 *
 * Every query is filtered by a struct scope exactly as db/person.c filters
 * the people list (admin: everything; officer/leader: people whose current
 * unit lies in the subtree of unit_root in the current-tree closure; staff:
 * their own record), optionally narrowed to the subtree of `unit` (0 = none).
 * Only people with status 'active' are counted.
 *
 * The rules (retirement age, term end, salary step cycle) live in core/; the
 * functions here only select candidates by a date range wide enough to hold
 * every person the rule can keep, so a province of a million people is
 * filtered by an index range first and the rule runs on a few thousand rows. */
#ifndef CANBO_DB_STATS_H
#define CANBO_DB_STATS_H
#include <jansson.h>
#include <stdint.h>
#include "auth/auth.h"
#include "db/db.h"

/* A consistent read snapshot across several statements (a deferred read
 * transaction; never takes the write lock). Returns 1 when it opened one, 0
 * when the connection is already inside a transaction, -1 on error; pass the
 * result to db_stats_read_end. */
int db_stats_read_begin(db *d);
void db_stats_read_end(db *d, int opened);

/* Active people in scope, by current unit: fn(ctx, unit_id, count) once per
 * unit (unit_id 0 for people without a unit). One pass over the people; the
 * sum is the number of active people in scope. */
typedef int (*stats_count_fn)(void *ctx, int64_t unit_id, int64_t count);
int db_stats_headcounts(db *d, const struct scope *sc, int64_t unit, stats_count_fn fn, void *ctx);

/* Units of the tree valid on `on` ("YYYY-MM-DD") that lie in the scope, each
 * with its quota (biên chế; has_quota 0 when none is set). headcount is left
 * 0 (see db_stats_headcounts). */
struct stats_unit {
    int64_t id;
    const char *name;        /* valid during the callback only */
    int has_quota;
    int64_t quota;
    int64_t headcount;
};
typedef int (*stats_unit_fn)(void *ctx, const struct stats_unit *u);
int db_stats_units(db *d, const struct scope *sc, int64_t unit, const char *on, stats_unit_fn fn, void *ctx);

/* A candidate person for the rules. Text members are valid during the
 * callback only. */
struct stats_person {
    int64_t id;
    const char *birth_date;  /* "YYYY-MM-DD" */
    int birth_precision;     /* 0 full, 1 year-month, 2 year */
    int sex;                 /* 1 male, 2 female */
    const char *title_since; /* NULL when none */
    int has_title;
    const char *salary_group;/* of the current rank, or NULL */
    int salary_step;         /* 0 when none */
    const char *salary_since;
    int vk_percent;
};
/* The callback returns 0 to go on, non-zero to stop with an error. */
typedef int (*stats_person_fn)(void *ctx, const struct stats_person *p);

/* People of `sex` born in [from, to] (inclusive ISO dates) whose birth date
 * precision is at least min_precision (0 = all; 2 = year-only records). */
int db_stats_born_between(db *d, const struct scope *sc, int64_t unit, int sex, const char *from, const char *to,
                          int min_precision, stats_person_fn fn, void *ctx);
/* People holding a leadership title since a date in [from, to]. */
int db_stats_title_since_between(db *d, const struct scope *sc, int64_t unit, const char *from, const char *to,
                                 stats_person_fn fn, void *ctx);
/* People on a salary step (with a known rank) since a date in one of n
 * (<= STATS_MAX_RANGES) ranges, in one pass. A range: inclusive dates, people
 * with (vk = 1) or without (vk = 0) a vượt khung percentage, and the salary
 * groups it applies to as a JSON array of codes (NULL = every group). */
#define STATS_MAX_RANGES 4
struct stats_salary_range {
    const char *from, *to;
    int vk;
    const char *groups_json;
};
int db_stats_salary_since_in(db *d, const struct scope *sc, int64_t unit, const struct stats_salary_range *ranges,
                             int n, stats_person_fn fn, void *ctx);

/* The few members the dashboard lists show for one person:
 * {id, full_name, birth_date, sex, unit_id, unit_name, position, title_name,
 *  rank_code, rank_name, salary_step}. NULL when absent or on error. */
json_t *db_stats_person_brief(db *d, int64_t id);

#endif

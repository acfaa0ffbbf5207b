/* SQL for the year results' reports (migration 0010): the decided board with
 * what a results table shows (post, unit and task-group names), immutable
 * publications, the year data peer comparison reads, and the flags (KHT,
 * below threshold twice, anomalies). Writes run inside the caller's
 * transaction. Return 0 on success, 1 when not found, -1 on error. */
#ifndef CANBO_DB_EVAL_REPORT_H
#define CANBO_DB_EVAL_REPORT_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include "db/db.h"

/* The board of (unit, year) as a results table: each row of eval_year_rating
 * with name, post (leadership title, else job position, else rank name), the
 * rating unit's and task group's names, score_x100, periods, carried_over,
 * proposed_level, cap_status, cap_level, final_level, detail (JSON text),
 * decision_id; ordered by rating unit, task group, score descending, name.
 * JSON array (caller owns) or NULL on error. */
json_t *db_rep_board(db *d, int64_t unit_id, int64_t year);
/* The unit's current name and its parent's (agency; "" when none). */
int db_rep_unit_names(db *d, int64_t unit_id, char *name, size_t ncap, char *parent, size_t pcap);

/* ---- publications ---- */
struct rep_pub {
    int64_t unit_id, year, decision_id; /* decision 0 = NULL */
    const char *unit_name, *agency_name, *regime, *exception_no, *exception_date;
    int64_t limit_percent;
    const char *summary, *note, *sha256, *published_at;
    int64_t rows, published_by;
};
/* Latest version of (unit, year), 0 when none; its content hash in sha (65 bytes). */
int db_rep_pub_latest(db *d, int64_t unit_id, int64_t year, int64_t *version, char *sha);
/* Inserts the header with version = latest + 1. *id and *version set. */
int db_rep_pub_insert(db *d, const struct rep_pub *p, int64_t *id, int64_t *version);
struct rep_pub_row {
    int64_t seq, person_id, rating_unit_id;
    const char *full_name, *post, *rating_unit_name, *task_group, *proposed_level, *final_level, *note;
    int64_t score_x100; /* < 0 = NULL */
};
int db_rep_pub_row_insert(db *d, int64_t pub_id, const struct rep_pub_row *r);
/* Versions of (unit, year): [{id, version, published_at, published_by, note, rows}]. */
json_t *db_rep_pub_versions(db *d, int64_t unit_id, int64_t year);
/* One publication (version 0 = latest) as {publication fields..., rows: [...]};
 * when none, *found = 0 and an empty object. NULL on error. */
/* The units with a publication for the year: [{unit_id, unit_name (latest), versions, published_at}]. */
json_t *db_rep_pub_units(db *d, int64_t year);
json_t *db_rep_pub_get(db *d, int64_t unit_id, int64_t year, int64_t version, int *found);
/* 1 when the person appears in any publication of (unit, year). */
int db_rep_pub_has_person(db *d, int64_t unit_id, int64_t year, int64_t person_id);
/* The current unit of a person (0 when none). */
int db_rep_person_unit(db *d, int64_t person_id, int64_t *unit_id);
/* 1 when `descendant` is `ancestor` or inside its subtree (current tree). */
int db_rep_unit_contains(db *d, int64_t ancestor, int64_t descendant);

/* ---- peer comparison ---- */
/* The person's job position and rank group ("" when not recorded). */
int db_rep_person_basis(db *d, int64_t person_id, char *position, size_t pcap, char *rank_group, size_t rcap);
/* The rank group of a rank code, or the code itself when it is a rank group;
 * 1 when neither. */
int db_rep_rank_group(db *d, const char *code, char *group, size_t cap);
enum rep_basis { REP_BASIS_POSITION = 1, REP_BASIS_RANK_GROUP = 2 };
/* A person's year: decided final level and score (latest decided board row),
 * or the approved period scores when no board decided the year. */
struct rep_year {
    int64_t person_id, unit_id;
    int decided;               /* 1: from eval_year_rating.final_level */
    int64_t score_x100;        /* decided: the board's score (< 0 = none) */
    char level[16];            /* decided: final level */
    int32_t periods[64];       /* not decided: approved period scores */
    size_t nperiods;
};
/* Every person of the basis group (same job position text, or same rank
 * group) that has a decided year or approved scored periods in `year`.
 * *rows malloc'd (caller frees), ordered by person. */
int db_rep_peer_years(db *d, enum rep_basis basis, const char *key, int64_t year, struct rep_year **rows, size_t *n);

/* ---- flags (people whose current unit, or rating unit, is in the subtree of
 * unit_id; unit_id 0 = everywhere) ---- */
/* Finally rated KHT in `year`: board rows (decided) and historic ratings. */
json_t *db_rep_flag_kht(db *d, int64_t unit_id, int64_t year);
/* Approved scored periods of `year` below `threshold_x100`, people with at
 * least `times` of them: [{person_id, name, unit_id, periods: [{assessment_id,
 * period_kind, number, score_x100}]}]. */
json_t *db_rep_flag_periods_below(db *d, int64_t unit_id, int64_t year, int64_t threshold_x100, int times);
/* Final levels (decided board rows, else the latest historic rating) of
 * `year` - 1 and `year` for people in scope: [{person_id, name, unit_id,
 * year, level, source, ref_id}], ordered by person and year. */
json_t *db_rep_flag_levels(db *d, int64_t unit_id, int64_t year);
/* Per task of `year` in scope: reported (non-rejected) quantity, and the
 * per-task reported quantities of every task with the same product type,
 * period kind and year (any unit), for the peer median. Calls fn once per
 * (product type, period kind) group with all its tasks. */
struct rep_task_qty {
    int64_t task_id, person_id, unit_id, product_type_id, qty;
    int in_scope;
    int number;
    char period_kind[8];
};
typedef int (*rep_group_fn)(void *ud, const struct rep_task_qty *tasks, size_t n);
int db_rep_task_groups(db *d, int64_t unit_id, int64_t year, rep_group_fn fn, void *ud);
/* Name of a person (current) and of a product type. */
int db_rep_person_name(db *d, int64_t person_id, char *name, size_t cap);
int db_rep_product_name(db *d, int64_t pt_id, char *name, size_t cap, char *measure, size_t mcap);
/* Result ids (non-rejected) of a task, JSON array of integers. */
json_t *db_rep_task_results(db *d, int64_t task_id);
/* Results of `year`'s tasks in scope without any evidence, not rejected,
 * reported before `before` (ISO date-time): [{result_id, task_id, person_id,
 * name, unit_id, quantity, reported_at, status}]. */
json_t *db_rep_flag_no_evidence(db *d, int64_t unit_id, int64_t year, const char *before);

#endif

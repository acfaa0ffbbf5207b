/* SQL for io/ (import, export, printable CV, statistics). Reads, except
 * db_io_set_vk; every other write goes through db/person.h and api/people.h. */
#ifndef CANBO_DB_EXPORT_H
#define CANBO_DB_EXPORT_H
#include <jansson.h>
#include <stdint.h>
#include "db/db.h"

/* The person with this citizen ID, in any scope: 1 and *id, 0 none, -1 error. */
int db_io_person_by_cccd(db *d, const char *cccd, int64_t *id);
/* Start of the person's open main posting ("YYYY-MM-DD"): 0, 1 when none, -1. */
int db_io_posting_start(db *d, int64_t person_id, char out[11]);
/* Live units whose current version has this code: the count (0, 1, or 2 for
 * "several"); *id receives the first. -1 on error. */
int db_io_unit_by_code(db *d, const char *code, int64_t *id);
/* Current name of the unit's current parent into out; 0, 1 when none, -1. */
int db_io_unit_parent_name(db *d, int64_t unit_id, char *out, size_t cap);
/* Live units without a parent in the current tree: [{id, name}]. NULL on error. */
json_t *db_io_root_units(db *d);

/* Sets the seniority allowance (vượt khung, percent) of the person's open
 * salary row and current state, for a person the importer has just created
 * (people_create_one takes no vk_percent). Caller holds the transaction. 0 / -1. */
int db_io_set_vk(db *d, int64_t person_id, int vk_percent);

/* Statistics: calls fn for every active person in the subtree of `root`
 * (current tree), or only those placed directly in `root` when direct_only.
 * Strings may be NULL. fn returning non-zero stops. 0 / -1. */
struct io_stat_person {
    int sex;
    const char *birth_date;
    int64_t ethnicity_id;          /* 0 when unknown */
    const char *rank_group;        /* ref_rank.rank_group, or NULL */
    const char *professional_level;
    const char *theory_level;
};
typedef int (*db_io_stat_fn)(void *ud, const struct io_stat_person *p);
int db_io_stats_each(db *d, int64_t root, int direct_only, db_io_stat_fn fn, void *ud);

#endif

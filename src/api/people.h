/* Person writes shared by the API handlers, the importer and self-service. */
#ifndef CANBO_API_PEOPLE_H
#define CANBO_API_PEOPLE_H
#include <jansson.h>
#include "auth/audit.h"
#include "auth/auth.h"
#include "db/db.h"

/* A validation failure: stable code, the member at fault (may point into
 * the input JSON: use before freeing it) and a Vietnamese message. */
struct verr { const char *code; const char *field; char message[300]; };

/* Validates one person (Mẫu 2C fields plus placement: unit_id, position,
 * title_id, posting_from, rank_code, salary_step, salary_from, decision_no)
 * for user u and inserts it with its first posting and salary rows. The
 * caller holds the transaction and writes the audit entry. 0 / -1 with e. */
int people_create_one(db *d, const struct user *u, json_t *in, int64_t *id, struct verr *e);
/* Validates changes to person fields (partial) against the stored record
 * `current`; accepted members are copied into `out`. 0 / -1 with e. */
int people_validate_changes(db *d, json_t *in, json_t *out, int64_t id, json_t *current, struct verr *e);
/* Applies validated changes and appends the audit entry (before/after of the
 * changed members only). Caller holds the transaction. 0 / -1. */
int people_apply_changes(db *d, const struct actor *a, int64_t id, json_t *current, json_t *changes, const char *action);
/* Validates a placement for user u: the unit exists, is active and in scope;
 * the title exists. 0 / -1 with e (code not_found for the unit). */
int people_check_placement(db *d, const struct user *u, int64_t unit_id, int64_t title_id, struct verr *e);

/* The people-list filters, sort and paging from the query string (shared by
 * the list and its exports). On bad input writes the 4xx to out and returns
 * -1. bfrom/bto hold the age-band dates the filter points to. */
struct req;
struct resp;
struct person_filter;
int people_filter_from_query(struct req *r, struct person_filter *f, char bfrom[11], char bto[11], struct resp *out);

#endif

/* API resources: one file per resource; each exposes its route table. */
#ifndef CANBO_API_API_H
#define CANBO_API_API_H
#include "http/http.h"

extern const struct route api_auth_routes[];
extern const struct route api_ref_routes[];
extern const struct route api_unit_routes[];
extern const struct route api_people_routes[];
extern const struct route api_user_routes[];
extern const struct route api_proposal_routes[];
extern const struct route api_audit_routes[];
extern const struct route api_dashboard_routes[]; /* api/dashboard.c */
extern const struct route api_io_routes[];        /* api/io.c: import, exports, CV PDF */
extern const struct route api_eval_routes[];      /* api/eval.c: evaluation by product */
extern const struct route api_exam_routes[];      /* api/exams.c: question banks, exams, forms */
extern const struct route api_eval_rating_routes[]; /* api/eval_rating.c: the unit's year rating board */
extern const struct route api_eval_report_routes[]; /* api/eval_report.c: publication, peers, flags, Excel */
extern const struct route api_exam_sitting_routes[]; /* api/exam_sitting.c: online sittings */
extern const struct route api_exam_grading_routes[]; /* api/exam_grading.c: grading, results, appeals */
extern const struct route api_exam_bank_io_routes[]; /* api/exam_bank_io.c: .xlsx/.csv bank import/export */

/* Registers every table above. */
void api_register_all(void);

/* Shared helpers for handlers. */
struct actor;
void api_actor(const struct req *r, struct actor *a);
/* Strict string/int/date members: on a type error, writes a 400 naming the
 * field and returns -1. A missing member leaves *out untouched and returns 0
 * (or -1 with a 400 "required" when required is set). */
int api_get_string(json_t *o, const char *field, int required, size_t maxlen, const char **out, struct resp *resp);
int api_get_int(json_t *o, const char *field, int required, int64_t min, int64_t max, int64_t *out, int *present, struct resp *resp);
int api_get_date(json_t *o, const char *field, int required, const char **out, struct resp *resp);
/* Rejects members not in the NULL-terminated list (400 unknown_field). */
int api_only_fields(json_t *o, const char *const *allowed, struct resp *resp);
/* Pagination from ?page=&per_page= (defaults 1/50, max 500). */
void api_paging(struct req *r, int *page, int *per_page);
/* Today's date as ISO text. */
void api_today(char buf[11]);

#endif

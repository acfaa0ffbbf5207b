/* The printable CV, Mẫu 2C-BNV/2008 (rules.md §8.1, items 1-32 with the
 * history tables 27, 28, 30, 31), as a PDF on A4 with pango + cairo and the
 * DejaVu fonts (Vietnamese diacritics). Long tables break across pages and
 * repeat their header row. Dates are dd/mm/yyyy.
 *
 * The caller decides access: the person (or unit) must be in the user's
 * scope, and with_sensitive says whether items 23 (health), 29 (political
 * history) and 30 (family) are printed; the caller audits those reads. */
#ifndef CANBO_IO_CV_PDF_H
#define CANBO_IO_CV_PDF_H
#include <stdint.h>
#include <stdio.h>
#include "auth/auth.h"
#include "db/db.h"

#define CV_MAX_BULK 2000

/* One person's CV. 0, 1 when the person is absent or outside u's scope, -1
 * on error. *pages receives the page count. */
int cv_pdf_person(db *d, const struct user *u, int64_t id, int with_sensitive, FILE *f, int *pages);

/* Called for each person printed by cv_pdf_unit (for auditing), may be NULL.
 * Returning non-zero stops with an error. */
typedef int (*cv_person_fn)(void *ud, int64_t person_id);

/* The CVs of every active person of the unit's subtree visible to u (as
 * GET /people?unit=ID lists them, at most CV_MAX_BULK), each starting on a
 * new page. 0, -1 on error, 2 when there are more than CV_MAX_BULK people.
 * *people receives the number printed. */
int cv_pdf_unit_ex(db *d, const struct user *u, int64_t unit, int with_sensitive, FILE *f, int *pages, long *people,
                   cv_person_fn fn, void *ud);
int cv_pdf_unit(db *d, const struct user *u, int64_t unit, int with_sensitive, FILE *f, int *pages, long *people);

#endif

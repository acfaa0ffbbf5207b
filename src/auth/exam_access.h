/* Who may do what with question banks and exams (issue 5): managers (admin,
 * officer) handle subjects, members, exams, sittings, candidates and forms;
 * question content is readable only by the subject's authors, reviewers and
 * board. Decided here, like every other access rule (auth/). */
#ifndef CANBO_AUTH_EXAM_ACCESS_H
#define CANBO_AUTH_EXAM_ACCESS_H
#include <stdint.h>
#include "auth/auth.h"
#include "db/db.h"

enum exam_need {
    NEED_MANAGE,      /* subjects, members, exams, sittings, candidates, forms */
    NEED_READ_Q,      /* question content: author, reviewer, board */
    NEED_WRITE_Q,     /* create / edit questions, import: author, board */
    NEED_VIEW_EXAM,   /* an exam and its forms: managers and the board */
};

/* 1 when u may do `need` in the subject (0 = no subject). */
int auth_exam_can(db *d, const struct user *u, int64_t subject_id, enum exam_need need);
/* Admin and officers manage banks and exams. */
int auth_exam_manager(const struct user *u);

#endif

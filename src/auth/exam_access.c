/* Access to question banks and exams. */
#include "auth/exam_access.h"
#include "db/exam_store.h"

int auth_exam_manager(const struct user *u) { return u->role == ROLE_ADMIN || u->role == ROLE_OFFICER; }

int auth_exam_can(db *d, const struct user *u, int64_t subject_id, enum exam_need need)
{
    unsigned m = subject_id > 0 ? db_exam_member_roles(d, subject_id, u->id) : 0;
    switch (need) {
    case NEED_MANAGE: return auth_exam_manager(u);
    case NEED_READ_Q: return (m & (EXAM_M_AUTHOR | EXAM_M_REVIEWER | EXAM_M_BOARD)) != 0;
    case NEED_WRITE_Q: return (m & (EXAM_M_AUTHOR | EXAM_M_BOARD)) != 0;
    case NEED_VIEW_EXAM: return auth_exam_manager(u) || (m & EXAM_M_BOARD) != 0;
    }
    return 0;
}

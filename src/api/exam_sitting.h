/* The online sitting's helpers shared with other handlers. */
#ifndef CANBO_API_EXAM_SITTING_H
#define CANBO_API_EXAM_SITTING_H
#include <stdint.h>

#include "db/db.h"

/* Closes, inside the caller's transaction, every open attempt of a sitting
 * (sitting_id > 0) or of an exam (exam_id > 0) whose deadline has passed by
 * the server clock, as submit_kind 'deadline' at the deadline, with one
 * `exam.attempt.deadline` audit entry each. 0 / -1. */
int exam_sitting_sweep(db *d, int64_t sitting_id, int64_t exam_id);

#endif

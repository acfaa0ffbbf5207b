/* `canbo rules exam-rank`: the recruitment-exam rules (core/exam.c) on a
 * JSON case: round-1 and round-2 results, priority points and the winners
 * within the quota of each job position (docs/rules-exam.md). */
#ifndef CANBO_API_RULES_EXAM_H
#define CANBO_API_RULES_EXAM_H
#include <jansson.h>

/* Evaluates one exam. `input` is borrowed. Returns a new reference to the
 * answer, or NULL with *error set to a new reference to
 * {"error":{"code":"...","field":"..." or null,"message":"<Vietnamese>"}}.
 * Codes: invalid_input (not an object), unknown_field, missing_field,
 * invalid_type, invalid_value. The signature is that of the rule table in
 * src/cli/rules.c. */
json_t *rule_exam_rank(json_t *input, json_t **error);

#endif

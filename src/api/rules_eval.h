/* The evaluation rules on JSON, shared by `canbo rules` and the API (docs/rules.md ("Evaluation by product")): "score",
 * "rating" and "cap". Each takes the borrowed JSON input and returns a new
 * answer object, or NULL with *error set to a new
 * {"error":{"code":"...","field":"..."|null,"message":"<Vietnamese>"}}. */
#ifndef CANBO_API_RULES_EVAL_H
#define CANBO_API_RULES_EVAL_H
#include <jansson.h>
#include <stdint.h>

#include "core/cap.h"

json_t *rules_eval_score(json_t *input, json_t **error);
json_t *rules_eval_rating(json_t *input, json_t **error);
json_t *rules_eval_cap(json_t *input, json_t **error);

/* The group part of the `cap` answer from core cap_apply's result (C structs,
 * no per-person JSON; used by the rating board): {"limit_percent", "rounding",
 * "denominator", "counts", "tie" ({"score","places","people":[ids]} or null),
 * "explain"} with the texts of rules_eval_cap for the same input, without
 * an exception. tie_ids: the s->ties people with status CAP_TIE, in input
 * order. Returns a new object. */
json_t *rules_eval_cap_group(const struct eval_regime *g, int year, const char *unit, const char *group,
                             const struct cap_params *prm, const struct cap_summary *s, const int64_t *tie_ids);

#endif

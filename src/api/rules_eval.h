/* The evaluation rules on JSON, shared by `canbo rules` and the API (docs/rules.md ("Evaluation by product")): "score",
 * "rating" and "cap". Each takes the borrowed JSON input and returns a new
 * answer object, or NULL with *error set to a new
 * {"error":{"code":"...","field":"..."|null,"message":"<Vietnamese>"}}. */
#ifndef CANBO_API_RULES_EVAL_H
#define CANBO_API_RULES_EVAL_H
#include <jansson.h>

json_t *rules_eval_score(json_t *input, json_t **error);
json_t *rules_eval_rating(json_t *input, json_t **error);
json_t *rules_eval_cap(json_t *input, json_t **error);

#endif

/* The evaluation rules of `canbo rules` (docs/rules.md ("Evaluation by product")): "score",
 * "rating" and "cap". Each takes the borrowed JSON input and returns a new
 * answer object, or NULL with *error set to a new
 * {"error":{"code":"...","field":"..."|null,"message":"<Vietnamese>"}}. */
#ifndef CANBO_CLI_RULES_EVAL_H
#define CANBO_CLI_RULES_EVAL_H
#include <jansson.h>

json_t *rules_eval_score(json_t *input, json_t **error);
json_t *rules_eval_rating(json_t *input, json_t **error);
json_t *rules_eval_cap(json_t *input, json_t **error);

#endif

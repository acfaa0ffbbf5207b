/* `canbo rules NAME`: evaluate one rule of the rules layer on a JSON object
 * read from stdin and print the JSON answer (docs/rules.md). */
#ifndef CANBO_CLI_RULES_H
#define CANBO_CLI_RULES_H
#include <jansson.h>

/* argv[0] is the rule name ("retirement", ...). Reads one JSON object from
 * stdin (duplicate keys rejected) and writes the answer to stdout.
 * Returns 0 on success; 2 on bad input or an unknown rule, after printing
 * {"error":{"code":"...","field":...,"message":"<Vietnamese>"}}; 1 when
 * stdout cannot be written. */
int cli_rules(int argc, char **argv);
/* The same on explicit streams (added; used by cli_rules and the tests). */
#include <stdio.h>
int cli_rules_io(int argc, char **argv, FILE *in, FILE *out);

/* Evaluates rule `name` on `input` (borrowed). Returns a new reference to
 * the answer object, or NULL with *error set to a new reference to
 * {"error":{"code":"...","field":"..." or null,"message":"..."}}.
 * Codes: unknown_rule, invalid_input (not an object), unknown_field,
 * missing_field, invalid_type, invalid_value. */
json_t *rules_eval(const char *name, json_t *input, json_t **error);

/* NULL-terminated list of rule names (for usage text). */
const char *const *rules_names(void);

#endif

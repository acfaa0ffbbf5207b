/* One Check runner for every suite (unit and API). Suites are discovered at
 * build time from "Suite *suite_NAME(void)" definitions (build/gen/suites.h). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define X(fn) Suite *fn(void);
#include "suites.h"
#undef X

int main(int argc, char **argv)
{
    const char *only = argc > 1 ? argv[1] : getenv("CANBO_SUITE");
    SRunner *sr = NULL;
#define X(fn)                                                        \
    if (!only || strstr(#fn, only)) {                                \
        if (!sr) sr = srunner_create(fn());                          \
        else srunner_add_suite(sr, fn());                            \
    }
#include "suites.h"
#undef X
    if (!sr) { fprintf(stderr, "no suite matches %s\n", only); return 2; }
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* Routes of api/eval_report.c (being written; see docs). */
#include "api/api.h"

const struct route api_eval_report_routes[] = {
    {NULL, NULL, NULL, 0},
};

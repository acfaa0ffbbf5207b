/* Routes of api/exam_sitting.c (being written; see docs). */
#include "api/api.h"

const struct route api_exam_sitting_routes[] = {
    {NULL, NULL, NULL, 0},
};

/* Routes of api/exam_grading.c (being written; see docs). */
#include "api/api.h"

const struct route api_exam_grading_routes[] = {
    {NULL, NULL, NULL, 0},
};

/* Routes of api/exam_bank_io.c (being written; see docs). */
#include "api/api.h"

const struct route api_exam_bank_io_routes[] = {
    {NULL, NULL, NULL, 0},
};

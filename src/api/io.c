/* Import/export endpoints (owned by the io/ work). */
#include "api/api.h"
const struct route api_io_routes[] = {{NULL, NULL, NULL, 0}};

/* /api/v1/stats/... (owned by the UI work). */
#include "api/api.h"
const struct route api_dashboard_routes[] = {{NULL, NULL, NULL, 0}};

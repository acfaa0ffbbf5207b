/* /api/v1/ref/:kind — reference data (ranks, salary steps, ethnicities,
 * religions, levels, titles). Read-only for every signed-in user. */
#include "api/api.h"
#include "db/admin.h"

static void ref_get(struct req *r, struct resp *out)
{
    json_t *items = db_ref_list(r->db, r->sparams[0]);
    if (!items) { resp_error(out, 404, "not_found", NULL, "Không có danh mục này."); return; }
    resp_json(out, 200, json_pack("{s:o}", "items", items));
}

const struct route api_ref_routes[] = {
    {"GET", "/api/v1/ref/:kind", ref_get, 0},
    {NULL, NULL, NULL, 0},
};

/* /api/v1/ref/:kind — reference data (ranks, salary steps, ethnicities,
 * religions, levels, titles). Read-only for every signed-in user. */
#include "api/api.h"
#include <string.h>

static void rows_to_json(sqlite3_stmt *st, json_t *arr)
{
    int n = sqlite3_column_count(st);
    while (sqlite3_step(st) == SQLITE_ROW) {
        json_t *o = json_object();
        for (int i = 0; i < n; i++) {
            const char *name = sqlite3_column_name(st, i);
            switch (sqlite3_column_type(st, i)) {
            case SQLITE_INTEGER: json_object_set_new(o, name, json_integer(sqlite3_column_int64(st, i))); break;
            case SQLITE_NULL: json_object_set_new(o, name, json_null()); break;
            default: json_object_set_new(o, name, json_string(db_col_text(st, i)));
            }
        }
        json_array_append_new(arr, o);
    }
    sqlite3_reset(st);
}

static void ref_get(struct req *r, struct resp *out)
{
    const char *kind = r->sparams[0];
    const char *sql = NULL;
    if (!strcmp(kind, "ranks")) sql = "SELECT code, name, salary_group, rank_group, source FROM ref_rank ORDER BY code";
    else if (!strcmp(kind, "salary-steps")) sql = "SELECT salary_group, step, coef_x100 FROM ref_salary_step ORDER BY salary_group, step";
    else if (!strcmp(kind, "ethnicities")) sql = "SELECT id, name, code_1979, code_2008 FROM ref_ethnicity ORDER BY id";
    else if (!strcmp(kind, "religions")) sql = "SELECT id, name, gso_code FROM ref_religion ORDER BY id";
    else if (!strcmp(kind, "levels")) sql = "SELECT kind, code, name, ord FROM ref_level ORDER BY kind, ord";
    else if (!strcmp(kind, "titles")) sql = "SELECT id, code, name, level, allowance_x100, is_leader FROM ref_title ORDER BY level, id";
    if (!sql) { resp_error(out, 404, "not_found", NULL, "Không có danh mục này."); return; }
    sqlite3_stmt *st = db_stmt(r->db, sql);
    if (!st) { resp_error(out, 500, "internal", NULL, "Lỗi hệ thống."); return; }
    json_t *arr = json_array();
    rows_to_json(st, arr);
    resp_json(out, 200, json_pack("{s:o}", "items", arr));
}

const struct route api_ref_routes[] = {
    {"GET", "/api/v1/ref/:kind", ref_get, 0},
    {NULL, NULL, NULL, 0},
};

/* SQL for io/: lookups for the importer, extras for exports and the CV,
 * statistics by unit. Prepared statements with bound parameters only. */
#include "db/export.h"
#include <stdio.h>
#include <string.h>

int db_io_person_by_cccd(db *d, const char *cccd, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT id FROM person WHERE cccd = ?1");
    if (!st) return -1;
    db_bind_text(st, 1, cccd);
    int rc = sqlite3_step(st);
    int found = rc == SQLITE_ROW;
    if (found) *id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return found ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int db_io_posting_start(db *d, int64_t person_id, char out[11])
{
    sqlite3_stmt *st = db_stmt(d, "SELECT valid_from FROM posting WHERE person_id = ?1 AND concurrent = 0"
                                  " AND valid_to IS NULL ORDER BY valid_from DESC LIMIT 1");
    if (!st) return -1;
    db_bind_int(st, 1, person_id);
    int rc = sqlite3_step(st);
    int ret = rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
    if (ret == 0) snprintf(out, 11, "%s", db_col_text(st, 0) ? db_col_text(st, 0) : "");
    sqlite3_reset(st);
    return ret;
}

int db_io_unit_by_code(db *d, const char *code, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT v.unit_id FROM unit_version v JOIN unit u ON u.id = v.unit_id"
                                  " WHERE v.code = ?1 AND v.valid_to IS NULL AND u.ended_on IS NULL"
                                  " ORDER BY v.unit_id LIMIT 2");
    if (!st) return -1;
    db_bind_text(st, 1, code);
    int n = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == 0) *id = sqlite3_column_int64(st, 0);
        n++;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? n : -1;
}

int db_io_unit_parent_name(db *d, int64_t unit_id, char *out, size_t cap)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT p.name FROM unit_version v JOIN unit_version p ON p.unit_id = v.parent_id"
                                  " AND p.valid_to IS NULL WHERE v.unit_id = ?1 AND v.valid_to IS NULL");
    if (!st) return -1;
    db_bind_int(st, 1, unit_id);
    int rc = sqlite3_step(st);
    int ret = rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
    if (ret == 0) snprintf(out, cap, "%s", db_col_text(st, 0) ? db_col_text(st, 0) : "");
    sqlite3_reset(st);
    return ret;
}

int db_io_set_vk(db *d, int64_t person_id, int vk_percent)
{
    sqlite3_stmt *st = db_stmt(d, "UPDATE salary_history SET vk_percent = ?2 WHERE person_id = ?1 AND valid_to IS NULL");
    if (!st) return -1;
    db_bind_int(st, 1, person_id);
    db_bind_int(st, 2, vk_percent);
    if (db_step_done(st) != 0 || db_changes(d) != 1) return -1;
    st = db_stmt(d, "UPDATE person SET vk_percent = ?2 WHERE id = ?1");
    if (!st) return -1;
    db_bind_int(st, 1, person_id);
    db_bind_int(st, 2, vk_percent);
    return db_step_done(st);
}

json_t *db_io_root_units(db *d)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT v.unit_id, v.name FROM unit_version v JOIN unit u ON u.id = v.unit_id"
                                  " WHERE v.valid_to IS NULL AND v.parent_id IS NULL AND u.ended_on IS NULL"
                                  " ORDER BY v.name, v.unit_id");
    if (!st) return NULL;
    json_t *arr = json_array();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        json_array_append_new(arr, json_pack("{s:I,s:s}", "id", (json_int_t)sqlite3_column_int64(st, 0), "name",
                                             db_col_text(st, 1) ? db_col_text(st, 1) : ""));
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) { json_decref(arr); return NULL; }
    return arr;
}

int db_io_stats_each(db *d, int64_t root, int direct_only, db_io_stat_fn fn, void *ud)
{
    sqlite3_stmt *st = direct_only
        ? db_stmt(d, "SELECT p.sex, p.birth_date, p.ethnicity_id, r.rank_group, p.professional_level, p.theory_level"
                     " FROM person p LEFT JOIN ref_rank r ON r.code = p.rank_code"
                     " WHERE p.unit_id = ?1 AND p.status = 'active'")
        : db_stmt(d, "SELECT p.sex, p.birth_date, p.ethnicity_id, r.rank_group, p.professional_level, p.theory_level"
                     " FROM unit_closure c JOIN person p ON p.unit_id = c.descendant"
                     " LEFT JOIN ref_rank r ON r.code = p.rank_code"
                     " WHERE c.ancestor = ?1 AND p.status = 'active'");
    if (!st) return -1;
    db_bind_int(st, 1, root);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct io_stat_person p = {
            sqlite3_column_int(st, 0), db_col_text(st, 1),
            sqlite3_column_type(st, 2) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 2),
            db_col_text(st, 3), db_col_text(st, 4), db_col_text(st, 5),
        };
        if (fn(ud, &p) != 0) { sqlite3_reset(st); return 0; }
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

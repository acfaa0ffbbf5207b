/* People: SQL for the personnel record, its dated histories and lists. */
#include "db/person.h"
#include "core/date.h"
#include "core/vntext.h"
#include "util/jbuf.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Editable fields in the order of Mẫu 2C-BNV/2008 (rules.md §8.1). */
const struct person_field person_fields[] = {
    {"cccd", PF_CCCD, PG_BASIC, 12, 1, NULL, "Số CCCD (25)", 0},
    {"full_name", PF_TEXT, PG_BASIC, 120, 1, NULL, "Họ và tên khai sinh (1)", 0},
    {"other_names", PF_TEXT, PG_BASIC, 120, 0, NULL, "Tên gọi khác (2)", 1},
    {"birth_date", PF_DATE, PG_BASIC, 10, 1, NULL, "Ngày sinh (3)", 0},
    {"birth_precision", PF_PRECISION, PG_BASIC, 2, 0, NULL, "Độ chính xác ngày sinh", 0},
    {"sex", PF_SEX, PG_BASIC, 2, 1, NULL, "Giới tính (3)", 0},
    {"birth_place", PF_TEXT, PG_BASIC, 300, 0, NULL, "Nơi sinh (4)", 1},
    {"home_town", PF_TEXT, PG_BASIC, 300, 0, NULL, "Quê quán (5)", 1},
    {"ethnicity_id", PF_ETHNICITY, PG_BASIC, 0, 0, NULL, "Dân tộc (6)", 1},
    {"religion_id", PF_RELIGION, PG_BASIC, 0, 0, NULL, "Tôn giáo (7)", 1},
    {"permanent_address", PF_TEXT, PG_BASIC, 300, 0, NULL, "Nơi đăng ký hộ khẩu thường trú (8)", 1},
    {"current_address", PF_TEXT, PG_BASIC, 300, 0, NULL, "Nơi ở hiện nay (9)", 1},
    {"phone", PF_TEXT, PG_BASIC, 30, 0, NULL, "Điện thoại", 1},
    {"email", PF_TEXT, PG_BASIC, 120, 0, NULL, "Thư điện tử", 1},
    {"occupation_at_recruitment", PF_TEXT, PG_BASIC, 200, 0, NULL, "Nghề nghiệp khi được tuyển dụng (10)", 0},
    {"recruitment_date", PF_DATE, PG_BASIC, 10, 0, NULL, "Ngày tuyển dụng (11)", 0},
    {"recruitment_agency", PF_TEXT, PG_BASIC, 200, 0, NULL, "Cơ quan tuyển dụng (11)", 0},
    {"main_duty", PF_TEXT, PG_BASIC, 500, 0, NULL, "Công việc chính được giao (13)", 0},
    {"general_education", PF_TEXT, PG_BASIC, 10, 0, NULL, "Trình độ giáo dục phổ thông (15.1)", 1},
    {"professional_level", PF_LEVEL, PG_BASIC, 40, 0, "professional", "Trình độ chuyên môn cao nhất (15.2)", 1},
    {"professional_major", PF_TEXT, PG_BASIC, 200, 0, NULL, "Chuyên ngành (15.2)", 1},
    {"theory_level", PF_LEVEL, PG_BASIC, 40, 0, "theory", "Lý luận chính trị (15.3)", 1},
    {"mgmt_level", PF_LEVEL, PG_BASIC, 40, 0, "mgmt", "Quản lý nhà nước (15.4)", 1},
    {"foreign_language", PF_TEXT, PG_BASIC, 200, 0, NULL, "Ngoại ngữ (15.5)", 1},
    {"it_level", PF_LEVEL, PG_BASIC, 40, 0, "it", "Tin học (15.6)", 1},
    {"party_join_date", PF_DATE, PG_BASIC, 10, 0, NULL, "Ngày vào Đảng (16)", 0},
    {"party_official_date", PF_DATE, PG_BASIC, 10, 0, NULL, "Ngày chính thức (16)", 0},
    {"mass_org", PF_TEXT, PG_BASIC, 300, 0, NULL, "Tổ chức chính trị – xã hội (17)", 1},
    {"army_join_date", PF_DATE, PG_BASIC, 10, 0, NULL, "Ngày nhập ngũ (18)", 0},
    {"army_leave_date", PF_DATE, PG_BASIC, 10, 0, NULL, "Ngày xuất ngũ (18)", 0},
    {"army_rank", PF_TEXT, PG_BASIC, 100, 0, NULL, "Quân hàm cao nhất (18)", 0},
    {"honor_title", PF_TEXT, PG_BASIC, 200, 0, NULL, "Danh hiệu được phong tặng cao nhất (19)", 0},
    {"strengths", PF_TEXT, PG_BASIC, 300, 0, NULL, "Sở trường công tác (20)", 1},
    {"health_status", PF_TEXT, PG_HEALTH, 200, 0, NULL, "Tình trạng sức khỏe (23)", 1},
    {"height_cm", PF_INT, PG_HEALTH, 250, 0, NULL, "Chiều cao (23)", 1},
    {"weight_kg", PF_INT, PG_HEALTH, 300, 0, NULL, "Cân nặng (23)", 1},
    {"blood_type", PF_TEXT, PG_HEALTH, 5, 0, NULL, "Nhóm máu (23)", 1},
    {"war_invalid_grade", PF_TEXT, PG_BASIC, 50, 0, NULL, "Thương binh hạng (24)", 0},
    {"policy_family", PF_TEXT, PG_BASIC, 200, 0, NULL, "Con gia đình chính sách (24)", 0},
    {"id_issue_date", PF_DATE, PG_BASIC, 10, 0, NULL, "Ngày cấp CCCD (25)", 1},
    {"social_insurance_no", PF_TEXT, PG_BASIC, 20, 0, NULL, "Số sổ BHXH (26)", 0},
    {"history_arrest", PF_TEXT, PG_POLITICAL, 2000, 0, NULL, "Bị bắt, bị tù (29)", 0},
    {"history_old_regime", PF_TEXT, PG_POLITICAL, 2000, 0, NULL, "Làm việc trong chế độ cũ (29)", 0},
    {"history_foreign", PF_TEXT, PG_POLITICAL, 2000, 0, NULL, "Quan hệ với tổ chức nước ngoài (29)", 0},
    {"remarks", PF_TEXT, PG_BASIC, 4000, 0, NULL, "Nhận xét, đánh giá (32)", 0},
    {NULL, 0, 0, 0, 0, NULL, NULL, 0},
};

#define NFIELDS (sizeof person_fields / sizeof person_fields[0] - 1)

const struct person_field *person_field_find(const char *name)
{
    for (const struct person_field *f = person_fields; f->name; f++)
        if (!strcmp(f->name, name)) return f;
    return NULL;
}

/* Statements generated once from the field table (stable pointers, so the
 * per-connection cache in db_stmt keys on them). Column names come only from
 * the static table above, never from input. */
static char *sql_insert, *sql_update, *sql_select;
static pthread_once_t sql_once = PTHREAD_ONCE_INIT;

static void build_sql(void)
{
    size_t cap = 8192;
    sql_insert = malloc(cap);
    sql_update = malloc(cap);
    sql_select = malloc(cap);
    if (!sql_insert || !sql_update || !sql_select) abort();
    size_t a = 0, b = 0, c = 0;
    a += (size_t)snprintf(sql_insert + a, cap - a, "INSERT INTO person(");
    b += (size_t)snprintf(sql_update + b, cap - b, "UPDATE person SET ");
    c += (size_t)snprintf(sql_select + c, cap - c, "SELECT p.id");
    size_t i = 0;
    for (const struct person_field *f = person_fields; f->name; f++, i++) {
        a += (size_t)snprintf(sql_insert + a, cap - a, "%s, ", f->name);
        b += (size_t)snprintf(sql_update + b, cap - b, "%s = ?%zu, ", f->name, i + 1);
        c += (size_t)snprintf(sql_select + c, cap - c, ", p.%s", f->name);
    }
    a += (size_t)snprintf(sql_insert + a, cap - a, "name_fold, sort_key, created_at, updated_at) VALUES (");
    for (size_t k = 0; k < NFIELDS + 4; k++)
        a += (size_t)snprintf(sql_insert + a, cap - a, "%s?%zu", k ? ", " : "", k + 1);
    snprintf(sql_insert + a, cap - a, ")");
    snprintf(sql_update + b, cap - b, "name_fold = ?%zu, sort_key = ?%zu, updated_at = ?%zu,"
             " row_version = row_version + 1 WHERE id = ?%zu", NFIELDS + 1, NFIELDS + 2, NFIELDS + 3, NFIELDS + 4);
    snprintf(sql_select + c, cap - c,
             ", p.unit_id, p.position, p.title_id, p.title_since, p.rank_code, p.salary_step, p.coef_x100,"
             " p.salary_since, p.vk_percent, p.status, p.created_at, p.updated_at, p.row_version,"
             " uv.name AS unit_name, t.name AS title_name, r.name AS rank_name, r.salary_group AS salary_group,"
             " e.name AS ethnicity_name, g.name AS religion_name"
             " FROM person p"
             " LEFT JOIN unit_version uv ON uv.unit_id = p.unit_id AND uv.valid_to IS NULL"
             " LEFT JOIN ref_title t ON t.id = p.title_id"
             " LEFT JOIN ref_rank r ON r.code = p.rank_code"
             " LEFT JOIN ref_ethnicity e ON e.id = p.ethnicity_id"
             " LEFT JOIN ref_religion g ON g.id = p.religion_id"
             " WHERE p.id = ?1 AND (?2 = 1 OR p.id = ?4 OR p.unit_id IN"
             " (SELECT descendant FROM unit_closure WHERE ancestor = ?3))");
}

static void now_iso(char buf[32])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static json_t *col_json(sqlite3_stmt *st, int i)
{
    switch (sqlite3_column_type(st, i)) {
    case SQLITE_INTEGER: return json_integer(sqlite3_column_int64(st, i));
    case SQLITE_NULL: return json_null();
    default: return json_string(db_col_text(st, i));
    }
}

static void row_to_object(sqlite3_stmt *st, json_t *o)
{
    int n = sqlite3_column_count(st);
    for (int i = 0; i < n; i++) json_object_set_new(o, sqlite3_column_name(st, i), col_json(st, i));
}

static void bind_scope(sqlite3_stmt *st, const struct scope *sc, int first)
{
    db_bind_int(st, first, sc->all);
    db_bind_int(st, first + 1, sc->unit_root);
    db_bind_int(st, first + 2, sc->person_id);
}

int db_person_get(db *d, const struct scope *sc, int64_t id, json_t **out)
{
    pthread_once(&sql_once, build_sql);
    *out = NULL;
    sqlite3_stmt *st = db_stmt(d, sql_select);
    if (!st) return -1;
    db_bind_int(st, 1, id);
    bind_scope(st, sc, 2);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        json_t *o = json_object();
        row_to_object(st, o);
        sqlite3_reset(st);
        *out = o;
        return 0;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 1 : -1;
}

/* JSON keys of a statement's columns, written once ("\"name\":") and reused
 * by every connection: column names depend only on the SQL text. */
#define MAX_COLS 96
struct colkeys {
    int ready;
    int n;
    char key[MAX_COLS][48];
    unsigned char len[MAX_COLS];
};
static pthread_mutex_t colkeys_mu = PTHREAD_MUTEX_INITIALIZER;

static const struct colkeys *colkeys_for(struct colkeys *k, sqlite3_stmt *st)
{
    if (__atomic_load_n(&k->ready, __ATOMIC_ACQUIRE)) return k;
    pthread_mutex_lock(&colkeys_mu);
    if (!k->ready) {
        int n = sqlite3_column_count(st);
        k->n = n < MAX_COLS ? n : MAX_COLS;
        for (int i = 0; i < k->n; i++) {
            int m = snprintf(k->key[i], sizeof k->key[i], "\"%s\":", sqlite3_column_name(st, i));
            k->len[i] = (unsigned char)(m < (int)sizeof k->key[i] ? m : (int)sizeof k->key[i] - 1);
        }
        __atomic_store_n(&k->ready, 1, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&colkeys_mu);
    return k;
}

/* Writes the columns of the current row as members of the open object,
 * skipping column i when skip && skip[i]. */
static void row_to_jb(sqlite3_stmt *st, const struct colkeys *keys, struct jbuf *jb, const unsigned char *skip)
{
    int n = keys->n;
    for (int i = 0; i < n; i++) {
        if (skip && skip[i]) continue;
        jb_key_raw(jb, keys->key[i], keys->len[i]);
        switch (sqlite3_column_type(st, i)) {
        case SQLITE_INTEGER: jb_int(jb, sqlite3_column_int64(st, i)); break;
        case SQLITE_NULL: jb_null(jb); break;
        default: jb_strn(jb, (const char *)sqlite3_column_text(st, i), (size_t)sqlite3_column_bytes(st, i));
        }
    }
}

static void copy_col(sqlite3_stmt *st, int i, char *out, size_t cap)
{
    const char *t = db_col_text(st, i);
    snprintf(out, cap, "%s", t ? t : "");
}

static struct colkeys person_keys;
/* Column positions of the fields the computed values need (found once). */
static struct { int birth_date, birth_precision, sex, salary_group, salary_since, salary_step, vk_percent,
                title_id, title_since; } pcol;
static unsigned char person_group_of[MAX_COLS];
static int pcol_ready;

static void find_pcols(sqlite3_stmt *st)
{
    if (__atomic_load_n(&pcol_ready, __ATOMIC_ACQUIRE)) return;
    pthread_mutex_lock(&colkeys_mu);
    if (pcol_ready) { pthread_mutex_unlock(&colkeys_mu); return; }
    int n = sqlite3_column_count(st);
    for (int i = 0; i < n && i < MAX_COLS; i++) {
        const char *name = sqlite3_column_name(st, i);
        const struct person_field *f = i >= 1 && (size_t)i <= NFIELDS ? &person_fields[i - 1] : NULL;
        person_group_of[i] = f ? (unsigned char)f->group : PG_BASIC;
        if (!strcmp(name, "birth_date")) pcol.birth_date = i;
        else if (!strcmp(name, "birth_precision")) pcol.birth_precision = i;
        else if (!strcmp(name, "sex")) pcol.sex = i;
        else if (!strcmp(name, "salary_group")) pcol.salary_group = i;
        else if (!strcmp(name, "salary_since")) pcol.salary_since = i;
        else if (!strcmp(name, "salary_step")) pcol.salary_step = i;
        else if (!strcmp(name, "vk_percent")) pcol.vk_percent = i;
        else if (!strcmp(name, "title_id")) pcol.title_id = i;
        else if (!strcmp(name, "title_since")) pcol.title_since = i;
    }
    __atomic_store_n(&pcol_ready, 1, __ATOMIC_RELEASE);
    pthread_mutex_unlock(&colkeys_mu);
}

int db_person_write(db *d, const struct scope *sc, int64_t id, unsigned omit, struct jbuf *jb, struct person_core *core)
{
    pthread_once(&sql_once, build_sql);
    sqlite3_stmt *st = db_stmt(d, sql_select);
    if (!st) return -1;
    db_bind_int(st, 1, id);
    bind_scope(st, sc, 2);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return rc == SQLITE_DONE ? 1 : -1;
    }
    find_pcols(st);
    const struct colkeys *keys = colkeys_for(&person_keys, st);
    unsigned char skip[MAX_COLS] = {0};
    for (int i = 0; i < keys->n; i++)
        if (omit & (1u << person_group_of[i])) skip[i] = 1;
    memset(core, 0, sizeof *core);
    copy_col(st, pcol.birth_date, core->birth_date, sizeof core->birth_date);
    core->birth_precision = sqlite3_column_int(st, pcol.birth_precision);
    core->sex = sqlite3_column_int(st, pcol.sex);
    copy_col(st, pcol.salary_group, core->salary_group, sizeof core->salary_group);
    copy_col(st, pcol.salary_since, core->salary_since, sizeof core->salary_since);
    core->has_salary = sqlite3_column_type(st, pcol.salary_step) == SQLITE_INTEGER;
    core->salary_step = sqlite3_column_int(st, pcol.salary_step);
    core->vk_percent = sqlite3_column_int(st, pcol.vk_percent);
    core->has_title = sqlite3_column_type(st, pcol.title_id) == SQLITE_INTEGER;
    copy_col(st, pcol.title_since, core->title_since, sizeof core->title_since);
    jb_obj_open(jb);
    row_to_jb(st, keys, jb, skip);
    sqlite3_reset(st);
    return 0;
}

/* History tables of a person, written row by row into the reply. */
static const struct { const char *key; const char *sql; } history_sql[] = {
    {"postings",
     "SELECT ps.id, ps.unit_id, (SELECT v.name FROM unit_version v WHERE v.unit_id = ps.unit_id"
     " AND v.valid_from <= ps.valid_from AND (v.valid_to IS NULL OR v.valid_to > ps.valid_from)) AS unit_name,"
     " ps.position, ps.title_id, t.name AS title_name, ps.concurrent, ps.valid_from, ps.valid_to,"
     " ps.decision_no, ps.reason FROM posting ps LEFT JOIN ref_title t ON t.id = ps.title_id"
     " WHERE ps.person_id = ?1 ORDER BY ps.valid_from, ps.id"},
    {"salary_history",
     "SELECT s.id, s.rank_code, r.name AS rank_name, s.step, s.coef_x100, s.vk_percent, s.valid_from,"
     " s.valid_to, s.decision_no FROM salary_history s LEFT JOIN ref_rank r ON r.code = s.rank_code"
     " WHERE s.person_id = ?1 ORDER BY s.valid_from, s.id"},
    {"training", "SELECT id, school, major, from_month, to_month, form, degree FROM training"
                 " WHERE person_id = ?1 ORDER BY from_month, id"},
    {"work_history", "SELECT id, from_month, to_month, description FROM work_history"
                     " WHERE person_id = ?1 ORDER BY from_month, id"},
    {"awards", "SELECT id, year, form, authority, decision_no FROM award WHERE person_id = ?1 ORDER BY year, id"},
    {"discipline", "SELECT id, year, form, authority, decision_no, effective, reason FROM discipline"
                   " WHERE person_id = ?1 ORDER BY year, id"},
    {"family", "SELECT id, side, relation, full_name, birth_year, details, political_history FROM family_member"
               " WHERE person_id = ?1 ORDER BY side DESC, id"},
};
#define N_HISTORY (sizeof history_sql / sizeof history_sql[0])
static struct colkeys history_keys[N_HISTORY];

int db_person_write_histories(db *d, int64_t id, int with_family, struct jbuf *jb)
{
    for (size_t k = 0; k < N_HISTORY; k++) {
        if (!with_family && !strcmp(history_sql[k].key, "family")) continue;
        sqlite3_stmt *st = db_stmt(d, history_sql[k].sql);
        if (!st) return -1;
        db_bind_int(st, 1, id);
        jb_key(jb, history_sql[k].key);
        jb_arr_open(jb);
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            jb_obj_open(jb);
            row_to_jb(st, colkeys_for(&history_keys[k], st), jb, NULL);
            jb_obj_close(jb);
        }
        jb_arr_close(jb);
        sqlite3_reset(st);
        if (rc != SQLITE_DONE) return -1;
    }
    return 0;
}

int db_person_as_of(db *d, int64_t id, const char *as_of, json_t **out)
{
    *out = json_object();
    json_object_set_new(*out, "date", json_string(as_of));
    sqlite3_stmt *st = db_stmt(d,
        "SELECT ps.unit_id, (SELECT v.name FROM unit_version v WHERE v.unit_id = ps.unit_id AND v.valid_from <= ?2"
        " AND (v.valid_to IS NULL OR v.valid_to > ?2)) AS unit_name, ps.position, ps.title_id,"
        " (SELECT t.name FROM ref_title t WHERE t.id = ps.title_id) AS title_name, ps.valid_from AS posting_from"
        " FROM posting ps WHERE ps.person_id = ?1 AND ps.concurrent = 0 AND ps.valid_from <= ?2"
        " AND (ps.valid_to IS NULL OR ps.valid_to > ?2) ORDER BY ps.valid_from DESC LIMIT 1");
    if (!st) return -1;
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, as_of);
    if (sqlite3_step(st) == SQLITE_ROW) row_to_object(st, *out);
    sqlite3_reset(st);
    st = db_stmt(d, "SELECT s.rank_code, s.step AS salary_step, s.coef_x100, s.vk_percent, s.valid_from AS salary_since"
                    " FROM salary_history s WHERE s.person_id = ?1 AND s.valid_from <= ?2"
                    " AND (s.valid_to IS NULL OR s.valid_to > ?2) ORDER BY s.valid_from DESC LIMIT 1");
    if (!st) return -1;
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, as_of);
    if (sqlite3_step(st) == SQLITE_ROW) row_to_object(st, *out);
    sqlite3_reset(st);
    return 0;
}

/* --- list and search ---------------------------------------------------- */

/* Builds an FTS5 query from folded text: every word must match, the last
 * one as a prefix. Words are [a-z0-9]+ after folding, so quoting is safe. */
static int fts_query(const char *q, char *out, size_t cap)
{
    char folded[256];
    size_t n = vn_fold(q, strlen(q), folded, sizeof folded);
    if (n == (size_t)-1 || n == 0) return -1;
    size_t used = 0;
    int words = 0;
    char *save = NULL;
    for (char *w = strtok_r(folded, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        char clean[64];
        size_t k = 0;
        for (const char *p = w; *p && k < sizeof clean - 1; p++)
            if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')) clean[k++] = *p;
        clean[k] = 0;
        if (!k) continue;
        int m = snprintf(out + used, cap - used, "%s\"%s\"", words ? " " : "", clean);
        if (m < 0 || (size_t)m >= cap - used) return -1;
        used += (size_t)m;
        words++;
    }
    if (!words || used + 2 > cap) return -1;
    out[used++] = '*';
    out[used] = 0;
    return 0;
}

#define LIST_COLS "p.id, p.full_name, p.birth_date, p.sex, p.cccd, p.unit_id," \
    " (SELECT v.name FROM unit_version v WHERE v.unit_id = p.unit_id AND v.valid_to IS NULL) AS unit_name," \
    " p.position, p.title_id, (SELECT t.name FROM ref_title t WHERE t.id = p.title_id) AS title_name," \
    " p.rank_code, (SELECT r.name FROM ref_rank r WHERE r.code = p.rank_code) AS rank_name," \
    " p.salary_step, p.coef_x100, p.ethnicity_id, p.party_join_date, p.professional_level, p.status"

/* All filters are bound parameters; a NULL parameter disables its filter. */
#define LIST_WHERE \
    " WHERE (?1 = 1 OR p.id = ?3 OR p.unit_id IN (SELECT descendant FROM unit_closure WHERE ancestor = ?2))" \
    " AND (?4 IS NULL OR p.unit_id IN (SELECT descendant FROM unit_closure WHERE ancestor = ?4))" \
    " AND (?5 IS NULL OR p.rank_code = ?5)" \
    " AND (?6 IS NULL OR (?6 = -1 AND p.title_id IS NOT NULL) OR p.title_id = ?6)" \
    " AND (?7 IS NULL OR p.sex = ?7)" \
    " AND (?8 IS NULL OR (?8 = -1 AND p.ethnicity_id <> 1) OR p.ethnicity_id = ?8)" \
    " AND (?9 IS NULL OR p.birth_date >= ?9) AND (?10 IS NULL OR p.birth_date <= ?10)" \
    " AND (?11 IS NULL OR (?11 = 1 AND p.party_join_date IS NOT NULL) OR (?11 = 2 AND p.party_join_date IS NULL))" \
    " AND (?12 IS NULL OR p.professional_level = ?12)" \
    " AND p.status = ?13"
/* Search is driven from the FTS index: matches come out in rowid order and
 * each is joined to its person row, so a LIMIT stops early. */
#define FTS_FROM " FROM person_fts f JOIN person p ON p.id = f.rowid"
#define FTS_MATCH " AND person_fts MATCH ?14"

static void bind_filter(sqlite3_stmt *st, const struct scope *sc, const struct person_filter *f, const char *fts)
{
    bind_scope(st, sc, 1);
    if (f->unit) db_bind_int(st, 4, f->unit);
    db_bind_text(st, 5, f->rank);
    if (f->title) db_bind_int(st, 6, f->title);
    if (f->sex) db_bind_int(st, 7, f->sex);
    if (f->ethnicity) db_bind_int(st, 8, f->ethnicity);
    db_bind_text(st, 9, f->birth_from);
    db_bind_text(st, 10, f->birth_to);
    if (f->party) db_bind_int(st, 11, f->party);
    db_bind_text(st, 12, f->professional_level);
    db_bind_text(st, 13, f->status ? f->status : "active");
    if (fts) db_bind_text(st, 14, fts);
}

/* Counting stops at these caps (the reply says so with total_capped); a
 * search with more matches than SEARCH_SORT_CAP is listed in index order
 * rather than sorting every match by name. */
#define LIST_TOTAL_CAP 10000
#define SEARCH_TOTAL_CAP 1000
#define SEARCH_SORT_CAP 300

/* Sortable columns of the list: the API name and its ORDER BY expression
 * (static text; the statements are built once and cached). */
static const struct { const char *name; const char *expr; } sorts[] = {
    {"full_name", "p.sort_key"}, {"birth_date", "p.birth_date"}, {"sex", "p.sex"},
    {"unit_name", "unit_name"}, {"position", "p.position"}, {"rank_name", "p.rank_code"},
    {"salary_step", "p.salary_step"}, {"party_join_date", "p.party_join_date"},
};
#define N_SORTS (sizeof sorts / sizeof sorts[0])
static char *sort_sql[N_SORTS][2][2]; /* [column][descending][search] */
static pthread_once_t sort_once = PTHREAD_ONCE_INIT;

static void build_sort_sql(void)
{
    for (size_t i = 0; i < N_SORTS; i++)
        for (int desc = 0; desc < 2; desc++)
            for (int fts = 0; fts < 2; fts++) {
                char buf[4096];
                snprintf(buf, sizeof buf, "SELECT " LIST_COLS "%s" LIST_WHERE "%s ORDER BY %s %s, p.id LIMIT ?15 OFFSET ?16",
                         fts ? FTS_FROM : " FROM person p", fts ? FTS_MATCH : "", sorts[i].expr, desc ? "DESC" : "ASC");
                sort_sql[i][desc][fts] = strdup(buf);
                if (!sort_sql[i][desc][fts]) abort();
            }
}

static int sort_index(const char *sort, int *desc)
{
    *desc = 0;
    if (!sort || !*sort) return 0;
    if (*sort == '-') { *desc = 1; sort++; }
    for (size_t i = 0; i < N_SORTS; i++)
        if (!strcmp(sorts[i].name, sort)) return (int)i;
    return -1;
}

int person_sort_valid(const char *sort)
{
    int desc;
    return sort_index(sort, &desc) >= 0;
}

int db_person_list(db *d, const struct scope *sc, const struct person_filter *f, json_t **items,
                   int64_t *total, int *capped)
{
    char fts[512];
    int use_fts = f->q && *f->q && fts_query(f->q, fts, sizeof fts) == 0;
    if (f->q && *f->q && !use_fts) {
        *items = json_array();
        *total = 0;
        *capped = 0;
        return 0;
    }
    int cap = use_fts ? SEARCH_TOTAL_CAP : LIST_TOTAL_CAP;
    sqlite3_stmt *st = db_stmt(d, use_fts
        ? "SELECT count(*) FROM (SELECT 1" FTS_FROM LIST_WHERE FTS_MATCH " LIMIT 1001)"
        : "SELECT count(*) FROM (SELECT 1 FROM person p" LIST_WHERE " LIMIT 10001)");
    if (!st) return -1;
    bind_filter(st, sc, f, use_fts ? fts : NULL);
    *total = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    *capped = *total > cap;
    if (*capped) *total = cap;
    int desc, si = sort_index(f->sort, &desc);
    if (si < 0) si = 0;
    pthread_once(&sort_once, build_sort_sql);
    if (use_fts && *total > SEARCH_SORT_CAP)
        st = db_stmt(d, "SELECT " LIST_COLS FTS_FROM LIST_WHERE FTS_MATCH " ORDER BY f.rowid LIMIT ?15 OFFSET ?16");
    else
        st = db_stmt(d, sort_sql[si][desc][use_fts]);
    if (!st) return -1;
    bind_filter(st, sc, f, use_fts ? fts : NULL);
    db_bind_int(st, 15, f->per_page);
    db_bind_int(st, 16, (int64_t)(f->page - 1) * f->per_page);
    json_t *arr = json_array();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *o = json_object();
        row_to_object(st, o);
        json_array_append_new(arr, o);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) { json_decref(arr); return -1; }
    *items = arr;
    return 0;
}

/* --- writes ------------------------------------------------------------- */

static int bind_fields(sqlite3_stmt *st, json_t *fields, char *fold, size_t fcap, char *skey, size_t scap)
{
    int i = 1;
    for (const struct person_field *f = person_fields; f->name; f++, i++) {
        json_t *v = json_object_get(fields, f->name);
        if (!v || json_is_null(v)) db_bind_null(st, i);
        else if (json_is_integer(v)) db_bind_int(st, i, json_integer_value(v));
        else if (json_is_string(v)) db_bind_text(st, i, json_string_value(v));
        else return -1;
    }
    const char *name = json_string_value(json_object_get(fields, "full_name"));
    if (!name) return -1;
    if (vn_fold(name, strlen(name), fold, fcap) == (size_t)-1) return -1;
    if (vn_name_sort_key(name, skey, scap) == (size_t)-1) return -1;
    return 0;
}

int db_person_insert(db *d, json_t *fields, int64_t *id)
{
    pthread_once(&sql_once, build_sql);
    sqlite3_stmt *st = db_stmt(d, sql_insert);
    if (!st) return -1;
    char fold[512], skey[512], now[32];
    if (bind_fields(st, fields, fold, sizeof fold, skey, sizeof skey) != 0) return -1;
    now_iso(now);
    int k = (int)NFIELDS + 1;
    db_bind_text(st, k, fold);
    db_bind_text(st, k + 1, skey);
    db_bind_text(st, k + 2, now);
    db_bind_text(st, k + 3, now);
    if (db_step_done(st) != 0) return -1;
    *id = db_last_id(d);
    return 0;
}

int db_person_update(db *d, int64_t id, json_t *merged)
{
    pthread_once(&sql_once, build_sql);
    sqlite3_stmt *st = db_stmt(d, sql_update);
    if (!st) return -1;
    char fold[512], skey[512], now[32];
    if (bind_fields(st, merged, fold, sizeof fold, skey, sizeof skey) != 0) return -1;
    now_iso(now);
    int k = (int)NFIELDS + 1;
    db_bind_text(st, k, fold);
    db_bind_text(st, k + 1, skey);
    db_bind_text(st, k + 2, now);
    db_bind_int(st, k + 3, id);
    return db_step_done(st);
}

int db_person_exists_cccd(db *d, const char *cccd, int64_t except_id)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT 1 FROM person WHERE cccd = ?1 AND id <> ?2");
    if (!st) return -1;
    db_bind_text(st, 1, cccd);
    db_bind_int(st, 2, except_id);
    int found = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_reset(st);
    return found;
}

int db_person_has_later_rows(db *d, const char *table, int64_t id, const char *from)
{
    sqlite3_stmt *st = !strcmp(table, "posting")
        ? db_stmt(d, "SELECT 1 FROM posting WHERE person_id = ?1 AND concurrent = 0 AND valid_from >= ?2")
        : db_stmt(d, "SELECT 1 FROM salary_history WHERE person_id = ?1 AND valid_from >= ?2");
    if (!st) return -1;
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, from);
    int found = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_reset(st);
    return found;
}

/* Refreshes the current-state columns from the rows valid today. */
static int refresh_current(db *d, int64_t id)
{
    char today[11];
    date_format_iso(date_today(), today);
    sqlite3_stmt *st = db_stmt(d,
        "UPDATE person SET"
        " unit_id = (SELECT unit_id FROM posting WHERE person_id = ?1 AND concurrent = 0 AND valid_from <= ?2"
        "   AND (valid_to IS NULL OR valid_to > ?2) ORDER BY valid_from DESC LIMIT 1),"
        " position = (SELECT position FROM posting WHERE person_id = ?1 AND concurrent = 0 AND valid_from <= ?2"
        "   AND (valid_to IS NULL OR valid_to > ?2) ORDER BY valid_from DESC LIMIT 1),"
        " title_id = (SELECT title_id FROM posting WHERE person_id = ?1 AND concurrent = 0 AND valid_from <= ?2"
        "   AND (valid_to IS NULL OR valid_to > ?2) ORDER BY valid_from DESC LIMIT 1),"
        " title_since = (SELECT valid_from FROM posting WHERE person_id = ?1 AND concurrent = 0 AND valid_from <= ?2"
        "   AND (valid_to IS NULL OR valid_to > ?2) AND title_id IS NOT NULL ORDER BY valid_from DESC LIMIT 1),"
        " rank_code = (SELECT rank_code FROM salary_history WHERE person_id = ?1 AND valid_from <= ?2"
        "   AND (valid_to IS NULL OR valid_to > ?2) ORDER BY valid_from DESC LIMIT 1),"
        " salary_step = (SELECT step FROM salary_history WHERE person_id = ?1 AND valid_from <= ?2"
        "   AND (valid_to IS NULL OR valid_to > ?2) ORDER BY valid_from DESC LIMIT 1),"
        " coef_x100 = (SELECT coef_x100 FROM salary_history WHERE person_id = ?1 AND valid_from <= ?2"
        "   AND (valid_to IS NULL OR valid_to > ?2) ORDER BY valid_from DESC LIMIT 1),"
        " vk_percent = (SELECT vk_percent FROM salary_history WHERE person_id = ?1 AND valid_from <= ?2"
        "   AND (valid_to IS NULL OR valid_to > ?2) ORDER BY valid_from DESC LIMIT 1),"
        " salary_since = (SELECT valid_from FROM salary_history WHERE person_id = ?1 AND valid_from <= ?2"
        "   AND (valid_to IS NULL OR valid_to > ?2) ORDER BY valid_from DESC LIMIT 1),"
        " row_version = row_version + 1"
        " WHERE id = ?1");
    if (!st) return -1;
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, today);
    return db_step_done(st);
}

int db_person_new_posting(db *d, int64_t id, int64_t unit_id, const char *position, int64_t title_id,
                          const char *from, const char *decision_no, const char *reason)
{
    sqlite3_stmt *st = db_stmt(d, "UPDATE posting SET valid_to = ?2 WHERE person_id = ?1 AND concurrent = 0"
                                  " AND valid_to IS NULL");
    if (!st) return -1;
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, from);
    if (db_step_done(st) != 0) return -1;
    st = db_stmt(d, "INSERT INTO posting(person_id, unit_id, position, title_id, valid_from, decision_no, reason)"
                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!st) return -1;
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, unit_id);
    db_bind_text(st, 3, position);
    if (title_id > 0) db_bind_int(st, 4, title_id);
    db_bind_text(st, 5, from);
    db_bind_text(st, 6, decision_no);
    db_bind_text(st, 7, reason);
    if (db_step_done(st) != 0) return -1;
    return refresh_current(d, id);
}

int db_person_new_salary(db *d, int64_t id, const char *rank_code, int step, int coef_x100, int vk_percent,
                         const char *from, const char *decision_no)
{
    sqlite3_stmt *st = db_stmt(d, "UPDATE salary_history SET valid_to = ?2 WHERE person_id = ?1 AND valid_to IS NULL");
    if (!st) return -1;
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, from);
    if (db_step_done(st) != 0) return -1;
    st = db_stmt(d, "INSERT INTO salary_history(person_id, rank_code, step, coef_x100, vk_percent, valid_from, decision_no)"
                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!st) return -1;
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, rank_code);
    db_bind_int(st, 3, step);
    db_bind_int(st, 4, coef_x100);
    db_bind_int(st, 5, vk_percent);
    db_bind_text(st, 6, from);
    db_bind_text(st, 7, decision_no);
    if (db_step_done(st) != 0) return -1;
    return refresh_current(d, id);
}

int db_person_rehome(db *d, int64_t from_unit, int64_t to_unit, const char *on, const int64_t *ids, size_t nids,
                     const char *reason)
{
    /* The people whose open posting is in from_unit. */
    sqlite3_stmt *st = db_stmt(d, "SELECT person_id, position, title_id FROM posting WHERE unit_id = ?1"
                                  " AND concurrent = 0 AND valid_to IS NULL ORDER BY person_id");
    if (!st) return -1;
    db_bind_int(st, 1, from_unit);
    struct mv { int64_t id, title; char pos[128]; int has_pos; } *list = NULL;
    size_t n = 0, cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        int64_t pid = sqlite3_column_int64(st, 0);
        if (ids) {
            int want = 0;
            for (size_t i = 0; i < nids; i++)
                if (ids[i] == pid) { want = 1; break; }
            if (!want) continue;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            struct mv *nl = realloc(list, cap * sizeof *nl);
            if (!nl) { free(list); sqlite3_reset(st); return -1; }
            list = nl;
        }
        list[n].id = pid;
        list[n].title = sqlite3_column_type(st, 2) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 2);
        const char *pos = db_col_text(st, 1);
        list[n].has_pos = pos != NULL;
        snprintf(list[n].pos, sizeof list[n].pos, "%s", pos ? pos : "");
        n++;
    }
    sqlite3_reset(st);
    for (size_t i = 0; i < n; i++)
        if (db_person_new_posting(d, list[i].id, to_unit, list[i].has_pos ? list[i].pos : NULL, list[i].title, on,
                                  NULL, reason) != 0) {
            free(list);
            return -1;
        }
    free(list);
    return (int)n;
}

/* --- history rows ------------------------------------------------------- */

static const char *const training_cols[] = {"school", "major", "from_month", "to_month", "form", "degree", NULL};
static const char *const training_req[] = {"school", NULL};
static const char *const work_cols[] = {"from_month", "to_month", "description", NULL};
static const char *const work_req[] = {"from_month", "description", NULL};
static const char *const family_cols[] = {"side", "relation", "full_name", "birth_year", "details", "political_history", NULL};
static const char *const family_req[] = {"side", "relation", "full_name", NULL};
static const char *const award_cols[] = {"year", "form", "authority", "decision_no", NULL};
static const char *const award_req[] = {"year", "form", NULL};
static const char *const disc_cols[] = {"year", "form", "authority", "decision_no", "effective", "reason", NULL};
static const char *const disc_req[] = {"year", "form", NULL};

static const struct history_kind kinds[] = {
    {"training", "training", training_cols, training_req, 0},
    {"work_history", "work_history", work_cols, work_req, 0},
    {"family", "family_member", family_cols, family_req, 1},
    {"awards", "award", award_cols, award_req, 0},
    {"discipline", "discipline", disc_cols, disc_req, 0},
    {NULL, NULL, NULL, NULL, 0},
};

const struct history_kind *history_kind_find(const char *name)
{
    for (const struct history_kind *k = kinds; k->name; k++)
        if (!strcmp(k->name, name)) return k;
    return NULL;
}

/* Per-kind statements, built once from the static column lists. */
struct kind_sql { char ins[512], upd[512], del[160], get[512]; };
static struct kind_sql kind_sqls[sizeof kinds / sizeof kinds[0]];
static pthread_once_t kind_once = PTHREAD_ONCE_INIT;

static void build_kind_sql(void)
{
    for (size_t i = 0; kinds[i].name; i++) {
        const struct history_kind *k = &kinds[i];
        struct kind_sql *s = &kind_sqls[i];
        size_t a = 0, b = 0, c = 0;
        int n = 0;
        a += (size_t)snprintf(s->ins + a, sizeof s->ins - a, "INSERT INTO %s(person_id", k->table);
        b += (size_t)snprintf(s->upd + b, sizeof s->upd - b, "UPDATE %s SET ", k->table);
        c += (size_t)snprintf(s->get + c, sizeof s->get - c, "SELECT id");
        for (const char *const *col = k->cols; *col; col++, n++) {
            a += (size_t)snprintf(s->ins + a, sizeof s->ins - a, ", %s", *col);
            b += (size_t)snprintf(s->upd + b, sizeof s->upd - b, "%s%s = ?%d", n ? ", " : "", *col, n + 3);
            c += (size_t)snprintf(s->get + c, sizeof s->get - c, ", %s", *col);
        }
        a += (size_t)snprintf(s->ins + a, sizeof s->ins - a, ") VALUES (?1");
        for (int j = 0; j < n; j++) a += (size_t)snprintf(s->ins + a, sizeof s->ins - a, ", ?%d", j + 3);
        snprintf(s->ins + a, sizeof s->ins - a, ")");
        snprintf(s->upd + b, sizeof s->upd - b, " WHERE person_id = ?1 AND id = ?2");
        snprintf(s->get + c, sizeof s->get - c, " FROM %s WHERE person_id = ?1 AND id = ?2", k->table);
        snprintf(s->del, sizeof s->del, "DELETE FROM %s WHERE person_id = ?1 AND id = ?2", k->table);
    }
}

static struct kind_sql *sql_for(const struct history_kind *k)
{
    pthread_once(&kind_once, build_kind_sql);
    return &kind_sqls[k - kinds];
}

static void bind_row(sqlite3_stmt *st, const struct history_kind *k, json_t *row)
{
    int i = 3;
    for (const char *const *col = k->cols; *col; col++, i++) {
        json_t *v = json_object_get(row, *col);
        if (json_is_integer(v)) db_bind_int(st, i, json_integer_value(v));
        else if (json_is_string(v)) db_bind_text(st, i, json_string_value(v));
        else db_bind_null(st, i);
    }
}

int db_history_insert(db *d, const struct history_kind *k, int64_t person_id, json_t *row, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, sql_for(k)->ins);
    if (!st) return -1;
    db_bind_int(st, 1, person_id);
    bind_row(st, k, row);
    if (db_step_done(st) != 0) return -1;
    *id = db_last_id(d);
    return 0;
}

int db_history_update(db *d, const struct history_kind *k, int64_t person_id, int64_t id, json_t *row)
{
    sqlite3_stmt *st = db_stmt(d, sql_for(k)->upd);
    if (!st) return -1;
    db_bind_int(st, 1, person_id);
    db_bind_int(st, 2, id);
    bind_row(st, k, row);
    if (db_step_done(st) != 0) return -1;
    return db_changes(d) == 1 ? 0 : 1;
}

int db_history_delete(db *d, const struct history_kind *k, int64_t person_id, int64_t id)
{
    sqlite3_stmt *st = db_stmt(d, sql_for(k)->del);
    if (!st) return -1;
    db_bind_int(st, 1, person_id);
    db_bind_int(st, 2, id);
    if (db_step_done(st) != 0) return -1;
    return db_changes(d) == 1 ? 0 : 1;
}

json_t *db_history_get(db *d, const struct history_kind *k, int64_t person_id, int64_t id)
{
    sqlite3_stmt *st = db_stmt(d, sql_for(k)->get);
    if (!st) return NULL;
    db_bind_int(st, 1, person_id);
    db_bind_int(st, 2, id);
    json_t *o = NULL;
    if (sqlite3_step(st) == SQLITE_ROW) {
        o = json_object();
        row_to_object(st, o);
    }
    sqlite3_reset(st);
    return o;
}

int db_ref_exists(db *d, const char *what, const char *code)
{
    sqlite3_stmt *st = NULL;
    if (!strcmp(what, "ethnicity")) st = db_stmt(d, "SELECT 1 FROM ref_ethnicity WHERE id = ?1");
    else if (!strcmp(what, "religion")) st = db_stmt(d, "SELECT 1 FROM ref_religion WHERE id = ?1");
    else if (!strcmp(what, "rank")) st = db_stmt(d, "SELECT 1 FROM ref_rank WHERE code = ?1");
    else if (!strcmp(what, "title")) st = db_stmt(d, "SELECT 1 FROM ref_title WHERE id = ?1");
    else if (!strcmp(what, "unit")) st = db_stmt(d, "SELECT 1 FROM unit WHERE id = ?1 AND ended_on IS NULL");
    else {
        /* "level:<kind>" */
        if (strncmp(what, "level:", 6) != 0) return 0;
        st = db_stmt(d, "SELECT 1 FROM ref_level WHERE kind = ?2 AND code = ?1");
        if (!st) return -1;
        db_bind_text(st, 2, what + 6);
    }
    if (!st) return -1;
    db_bind_text(st, 1, code);
    int found = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_reset(st);
    return found;
}

int db_rank_salary_group(db *d, const char *rank, char *group, size_t cap)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT salary_group FROM ref_rank WHERE code = ?1");
    if (!st) return -1;
    db_bind_text(st, 1, rank);
    int rc = -1;
    if (sqlite3_step(st) == SQLITE_ROW) {
        snprintf(group, cap, "%s", db_col_text(st, 0));
        rc = 0;
    }
    sqlite3_reset(st);
    return rc;
}

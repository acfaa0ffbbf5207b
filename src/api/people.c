/* /api/v1/people: the personnel record (Mẫu 2C), its dated histories,
 * computed fields, lists with filters, search, and bulk creation. */
#include "api/api.h"
#include "api/people.h"
#include "auth/audit.h"
#include "core/career.h"
#include "core/date.h"
#include "core/ident.h"
#include "core/retire.h"
#include "core/salary.h"
#include "core/vntext.h"
#include "db/admin.h"
#include "db/person.h"
#include "util/jbuf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static int fail(struct verr *e, const char *code, const char *field, const char *fmt, const char *label)
{
    e->code = code;
    e->field = field;
    snprintf(e->message, sizeof e->message, fmt, label);
    return -1;
}

static void send_verr(struct resp *out, const struct verr *e, int status)
{
    resp_error(out, status, e->code, e->field, e->message);
}

static int parse_birth(const char *s, int prec, int *y, int *m)
{
    cdate d;
    if (date_parse_iso(s, &d) != 0) return -1;
    int day;
    date_to_ymd(d, y, m, &day);
    if (prec == BIRTH_Y) *m = 0;
    return 0;
}

/* Validates person fields in `in` (all when !partial) into `out` (a copy of
 * the accepted members). `current` is the stored record for updates. */
static int validate_fields(db *d, json_t *in, json_t *out, int partial, int64_t self_id, json_t *current,
                           struct verr *e)
{
    for (const struct person_field *f = person_fields; f->name; f++) {
        json_t *v = json_object_get(in, f->name);
        if (!v) {
            if (!partial && f->required) return fail(e, "required", f->name, "Trường «%s» là bắt buộc.", f->label);
            continue;
        }
        if (json_is_null(v)) {
            if (f->required) return fail(e, "required", f->name, "Trường «%s» là bắt buộc.", f->label);
            json_object_set(out, f->name, v);
            continue;
        }
        switch (f->type) {
        case PF_INT: case PF_SEX: case PF_ETHNICITY: case PF_RELIGION: case PF_PRECISION: {
            if (!json_is_integer(v)) return fail(e, "invalid_type", f->name, "Trường «%s» phải là số nguyên.", f->label);
            json_int_t x = json_integer_value(v);
            if (f->type == PF_SEX && x != 1 && x != 2)
                return fail(e, "invalid_value", f->name, "«%s» phải là 1 (nam) hoặc 2 (nữ).", f->label);
            if (f->type == PF_PRECISION && (x < 0 || x > 2))
                return fail(e, "invalid_value", f->name, "«%s» phải là 0, 1 hoặc 2.", f->label);
            if (f->type == PF_INT && (x < 0 || x > f->maxlen))
                return fail(e, "out_of_range", f->name, "Giá trị của «%s» nằm ngoài phạm vi cho phép.", f->label);
            if (f->type == PF_ETHNICITY || f->type == PF_RELIGION) {
                char buf[24];
                snprintf(buf, sizeof buf, "%lld", (long long)x);
                if (db_ref_exists(d, f->type == PF_ETHNICITY ? "ethnicity" : "religion", buf) != 1)
                    return fail(e, "unknown_code", f->name, "Mã «%s» không có trong danh mục.", f->label);
            }
            break;
        }
        default: {
            if (!json_is_string(v)) return fail(e, "invalid_type", f->name, "Trường «%s» phải là chuỗi ký tự.", f->label);
            const char *s = json_string_value(v);
            size_t n = json_string_length(v);
            if (!utf8_valid(s, n)) return fail(e, "invalid_text", f->name, "Trường «%s» chứa ký tự không hợp lệ.", f->label);
            if ((int)n > f->maxlen && f->type != PF_DATE)
                return fail(e, "too_long", f->name, "Trường «%s» quá dài.", f->label);
            if (f->required) {
                const char *p = s;
                while (*p == ' ') p++;
                if (!*p) return fail(e, "required", f->name, "Trường «%s» là bắt buộc.", f->label);
            }
            if (f->type == PF_DATE) {
                cdate dd;
                if (date_parse_iso(s, &dd) != 0)
                    return fail(e, "invalid_date", f->name, "«%s» phải là ngày hợp lệ dạng YYYY-MM-DD.", f->label);
                if (dd > date_today())
                    return fail(e, "future_date", f->name, "«%s» không được sau ngày hôm nay.", f->label);
            }
            if (f->type == PF_LEVEL) {
                char what[48];
                snprintf(what, sizeof what, "level:%s", f->level_kind);
                if (db_ref_exists(d, what, s) != 1)
                    return fail(e, "unknown_code", f->name, "Mã «%s» không có trong danh mục.", f->label);
            }
        }
        }
        json_object_set(out, f->name, v);
    }
    /* Cross-field checks on the resulting record. */
    json_t *merged = current ? json_deep_copy(current) : json_object();
    json_object_update(merged, out);
    const char *cccd = json_string_value(json_object_get(merged, "cccd"));
    const char *birth = json_string_value(json_object_get(merged, "birth_date"));
    int sex = (int)json_integer_value(json_object_get(merged, "sex"));
    int prec = (int)json_integer_value(json_object_get(merged, "birth_precision"));
    int rc = 0;
    int by = 0, bm = 0;
    if (birth && parse_birth(birth, prec, &by, &bm) == 0) {
        cdate bd;
        date_parse_iso(birth, &bd);
        int age = date_age_years(bd, date_today());
        if (age < 15 || age > 100) rc = fail(e, "invalid_value", "birth_date", "«%s» không hợp lý (tuổi phải từ 15 đến 100).", "Ngày sinh");
    }
    if (!rc && cccd) {
        enum cccd_error ce = cccd_check(cccd, by, sex);
        if (ce != CCCD_OK) {
            e->code = ce == CCCD_FORMAT ? "invalid_cccd" : "cccd_mismatch";
            e->field = "cccd";
            snprintf(e->message, sizeof e->message, "%s", cccd_error_message(ce));
            rc = -1;
        } else if (db_person_exists_cccd(d, cccd, self_id) == 1) {
            rc = fail(e, "duplicate_cccd", "cccd", "Số CCCD đã tồn tại trong hệ thống (%s).", cccd);
        }
    }
    const char *pj = json_string_value(json_object_get(merged, "party_join_date"));
    const char *po = json_string_value(json_object_get(merged, "party_official_date"));
    if (!rc && pj && po && strcmp(po, pj) < 0)
        rc = fail(e, "invalid_value", "party_official_date", "«%s» không được trước ngày vào Đảng.", "Ngày chính thức");
    if (!rc && birth && pj && strcmp(pj, birth) <= 0)
        rc = fail(e, "invalid_value", "party_join_date", "«%s» phải sau ngày sinh.", "Ngày vào Đảng");
    json_decref(merged);
    return rc;
}

int people_validate_changes(db *d, json_t *in, json_t *out, int64_t id, json_t *current, struct verr *e)
{
    return validate_fields(d, in, out, 1, id, current, e);
}

/* Computed fields: age, retirement (NĐ 135/2020), next salary step
 * (TT 08/2013/TT-BNV), term end of the leadership post (5 years). */
static json_t *computed_json(const struct person_core *pc)
{
    json_t *c = json_object();
    char buf[11];
    cdate bd;
    if (pc->birth_date[0] && date_parse_iso(pc->birth_date, &bd) == 0) {
        json_object_set_new(c, "age", json_integer(date_age_years(bd, date_today())));
        int y, m, day;
        date_to_ymd(bd, &y, &m, &day);
        struct retire_result rr;
        if (retire_compute(y, pc->birth_precision == BIRTH_Y ? 0 : m, pc->sex == 2 ? SEX_FEMALE : SEX_MALE, &rr) == 0) {
            date_format_iso(rr.retire_date, buf);
            char pension[24];
            snprintf(pension, sizeof pension, "%04d-%02d-01", month_index_year(rr.pension_month),
                     month_index_month(rr.pension_month));
            json_object_set_new(c, "retirement", json_pack("{s:s,s:{s:i,s:i},s:s,s:s}", "date", buf, "age", "years",
                                                           rr.age_months / 12, "months", rr.age_months % 12,
                                                           "pension_start", pension, "regime", rr.regime));
        }
    }
    cdate sd;
    if (pc->has_salary && pc->salary_group[0] && date_parse_iso(pc->salary_since, &sd) == 0) {
        struct salary_next sn;
        if (salary_next_step(pc->salary_group, pc->salary_step, sd, pc->vk_percent, &sn) == 0) {
            date_format_iso(sn.due, buf);
            json_object_set_new(c, "next_salary_step", json_pack("{s:s,s:b,s:i,s:i,s:i}", "due", buf, "at_top", sn.at_top,
                                                                 "step", sn.next_step, "coef_x100", sn.next_coef_x100,
                                                                 "vk_percent", sn.vk_percent));
        }
    }
    cdate td;
    if (pc->has_title && date_parse_iso(pc->title_since, &td) == 0) {
        date_format_iso(term_end(td), buf);
        json_object_set_new(c, "term_end", json_string(buf));
    }
    return c;
}

static void copy_str(json_t *p, const char *key, char *out, size_t cap)
{
    const char *v = json_string_value(json_object_get(p, key));
    snprintf(out, cap, "%s", v ? v : "");
}

static void add_computed(json_t *p)
{
    struct person_core pc;
    memset(&pc, 0, sizeof pc);
    copy_str(p, "birth_date", pc.birth_date, sizeof pc.birth_date);
    pc.birth_precision = (int)json_integer_value(json_object_get(p, "birth_precision"));
    pc.sex = (int)json_integer_value(json_object_get(p, "sex"));
    copy_str(p, "salary_group", pc.salary_group, sizeof pc.salary_group);
    copy_str(p, "salary_since", pc.salary_since, sizeof pc.salary_since);
    pc.has_salary = json_is_integer(json_object_get(p, "salary_step"));
    pc.salary_step = (int)json_integer_value(json_object_get(p, "salary_step"));
    pc.vk_percent = (int)json_integer_value(json_object_get(p, "vk_percent"));
    pc.has_title = json_is_integer(json_object_get(p, "title_id"));
    copy_str(p, "title_since", pc.title_since, sizeof pc.title_since);
    json_object_set_new(p, "computed", computed_json(&pc));
}

static void strip_group(json_t *p, enum pf_group g)
{
    for (const struct person_field *f = person_fields; f->name; f++)
        if (f->group == g) json_object_del(p, f->name);
}

static int in_list(const char *list, const char *word)
{
    if (!list) return 0;
    size_t n = strlen(word);
    for (const char *p = list; (p = strstr(p, word)); p += n)
        if ((p == list || p[-1] == ',') && (p[n] == ',' || !p[n])) return 1;
    return 0;
}

static void person_get(struct req *r, struct resp *out)
{
    struct scope sc;
    auth_scope(&r->user, &sc);
    const char *include = req_query(r, "include");
    int own = r->user.role == ROLE_STAFF && r->user.person_id == r->params[0];
    int may = auth_can_read_sensitive(&r->user) || own;
    int want_family = may && in_list(include, "family");
    int want_political = may && in_list(include, "political");
    int want_health = may && in_list(include, "health");
    const char *as_of = req_query(r, "as_of");
    cdate ad;
    if (as_of && date_parse_iso(as_of, &ad) != 0) {
        resp_error(out, 400, "invalid_date", "as_of", "Tham số «as_of» phải là ngày dạng YYYY-MM-DD.");
        return;
    }
    /* Straight from the rows into the reply (the hot read path). */
    struct jbuf jb;
    struct person_core pc;
    jb_init(&jb);
    unsigned omit = (want_health ? 0 : 1u << PG_HEALTH) | (want_political ? 0 : 1u << PG_POLITICAL);
    int rc = db_person_write(r->db, &sc, r->params[0], omit, &jb, &pc);
    if (rc == 1) { jb_free(&jb); resp_error(out, 404, "not_found", NULL, "Không tìm thấy hồ sơ."); return; }
    if (include && !may && (in_list(include, "family") || in_list(include, "political") || in_list(include, "health"))) {
        jb_free(&jb);
        resp_error(out, 403, "forbidden", "include", "Bạn không có quyền xem nhóm thông tin nhạy cảm này.");
        return;
    }
    if (rc != 0 || db_person_write_histories(r->db, r->params[0], want_family, &jb) != 0) {
        jb_free(&jb);
        resp_error(out, 500, "internal", NULL, "Lỗi hệ thống.");
        return;
    }
    if (as_of) {
        json_t *ao;
        if (db_person_as_of(r->db, r->params[0], as_of, &ao) == 0) {
            jb_key(&jb, "as_of");
            jb_json(&jb, ao);
        }
        json_decref(ao);
    }
    json_t *computed = computed_json(&pc);
    jb_key(&jb, "computed");
    jb_json(&jb, computed);
    json_decref(computed);
    jb_obj_close(&jb);
    if (want_family || want_political || want_health) {
        /* Reads of sensitive groups are logged before anything is sent. */
        char groups[64];
        snprintf(groups, sizeof groups, "{\"groups\":\"%s%s%s\"}", want_family ? "family " : "",
                 want_political ? "political " : "", want_health ? "health" : "");
        struct actor a;
        api_actor(r, &a);
        if (db_begin(r->db) != 0 || audit_append(r->db, &a, "person.read_sensitive", "person", r->params[0], NULL, groups) ||
            db_commit(r->db) != 0) {
            db_rollback(r->db);
            jb_free(&jb);
            resp_error(out, 503, "audit_failed", NULL, "Không ghi được nhật ký truy cập; không trả dữ liệu nhạy cảm.");
            return;
        }
    }
    size_t len;
    char *body = jb_take(&jb, &len);
    if (!body) { resp_error(out, 500, "internal", NULL, "Lỗi hệ thống."); return; }
    resp_text(out, 200, "application/json; charset=utf-8", "", 0);
    free(out->body);
    out->body = body;
    out->len = len;
}

static int parse_age_band(const char *band, char *from, char *to)
{
    /* band "a-b" in whole years: born in (today - (b+1) years, today - a years]. */
    int a = -1, b = -1;
    if (!band || sscanf(band, "%d-%d", &a, &b) != 2 || a < 0 || b < a || b > 120) return -1;
    int y, m, d;
    date_to_ymd(date_today(), &y, &m, &d);
    cdate hi = date_add_months(date_today(), -12 * a);
    cdate lo = date_add_months(date_today(), -12 * (b + 1)) + 1;
    date_format_iso(lo, from);
    date_format_iso(hi, to);
    return 0;
}

int people_filter_from_query(struct req *r, struct person_filter *f, char bfrom[11], char bto[11], struct resp *out)
{
    memset(f, 0, sizeof *f);
    api_paging(r, &f->page, &f->per_page);
    const char *v;
    if ((v = req_query(r, "unit"))) f->unit = atoll(v);
    if (f->unit && !auth_unit_in_scope(r->db, &r->user, f->unit) && r->user.role != ROLE_STAFF) {
        resp_error(out, 404, "not_found", "unit", "Không tìm thấy đơn vị.");
        return -1;
    }
    f->rank = req_query(r, "rank");
    if ((v = req_query(r, "title"))) f->title = !strcmp(v, "any") ? -1 : atoll(v);
    if ((v = req_query(r, "sex"))) {
        f->sex = atoi(v);
        if (f->sex != 1 && f->sex != 2) { resp_error(out, 400, "invalid_value", "sex", "Giới tính phải là 1 hoặc 2."); return -1; }
    }
    if ((v = req_query(r, "ethnicity"))) f->ethnicity = !strcmp(v, "minority") ? -1 : atoll(v);
    if ((v = req_query(r, "age"))) {
        if (parse_age_band(v, bfrom, bto) != 0) { resp_error(out, 400, "invalid_value", "age", "Độ tuổi phải có dạng «30-39»."); return -1; }
        f->birth_from = bfrom;
        f->birth_to = bto;
    }
    if ((v = req_query(r, "party"))) f->party = !strcmp(v, "1") || !strcmp(v, "true") ? 1 : 2;
    f->professional_level = req_query(r, "qualification");
    f->q = req_query(r, "q");
    if (f->q && (strlen(f->q) > 200 || !utf8_valid(f->q, strlen(f->q)))) {
        resp_error(out, 400, "invalid_value", "q", "Chuỗi tìm kiếm không hợp lệ.");
        return -1;
    }
    f->sort = req_query(r, "sort");
    if (f->sort && !person_sort_valid(f->sort)) {
        resp_error(out, 400, "invalid_value", "sort", "Không sắp xếp được theo cột này.");
        return -1;
    }
    f->status = req_query(r, "status");
    if (f->status && strcmp(f->status, "active") && strcmp(f->status, "retired") && strcmp(f->status, "left")) {
        resp_error(out, 400, "invalid_value", "status", "Trạng thái không hợp lệ.");
        return -1;
    }
    return 0;
}

static void people_list(struct req *r, struct resp *out)
{
    struct scope sc;
    auth_scope(&r->user, &sc);
    struct person_filter f;
    char bfrom[11], bto[11];
    if (people_filter_from_query(r, &f, bfrom, bto, out) != 0) return;
    json_t *items;
    int64_t total;
    int capped;
    if (db_person_list(r->db, &sc, &f, &items, &total, &capped) != 0) {
        resp_error(out, 500, "internal", NULL, "Lỗi hệ thống.");
        return;
    }
    resp_json(out, 200, json_pack("{s:o,s:I,s:b,s:i,s:i}", "items", items, "total", (json_int_t)total,
                                  "total_capped", capped, "page", f.page, "per_page", f.per_page));
}

/* Validates a placement {unit_id, position?, title_id?} against the scope. */
int people_check_placement(db *d, const struct user *u, int64_t unit_id, int64_t title_id, struct verr *e)
{
    char buf[24];
    snprintf(buf, sizeof buf, "%lld", (long long)unit_id);
    if (db_ref_exists(d, "unit", buf) != 1 || !auth_unit_in_scope(d, u, unit_id))
        return fail(e, "not_found", "unit_id", "Không tìm thấy %s.", "đơn vị");
    if (title_id > 0) {
        snprintf(buf, sizeof buf, "%lld", (long long)title_id);
        if (db_ref_exists(d, "title", buf) != 1)
            return fail(e, "unknown_code", "title_id", "Mã «%s» không có trong danh mục.", "chức vụ");
    }
    return 0;
}

static int salary_for(db *d, const struct user *u, const char *rank, int64_t step, int *coef, struct verr *e)
{
    char group[16];
    if (db_rank_salary_group(d, rank, group, sizeof group) != 0)
        return fail(e, "unknown_code", "rank_code", "Mã «%s» không có trong danh mục.", "ngạch");
    if (salary_coef(group, (int)step, coef) != 0)
        return fail(e, "out_of_range", "salary_step", "«%s» không có trong thang lương của ngạch.", "Bậc lương");
    return 0;
}

static const char *const create_extra[] = {"unit_id", "position", "title_id", "rank_code", "salary_step",
                                           "posting_from", "salary_from", "decision_no", NULL};

static int is_extra(const char *k)
{
    for (const char *const *x = create_extra; *x; x++)
        if (!strcmp(*x, k)) return 1;
    return 0;
}

/* Validates and inserts one person with placement; the caller holds the
 * transaction. Returns 0 and *id, or -1 with e filled. */
int people_create_one(db *d, const struct user *u, json_t *in, int64_t *id, struct verr *e)
{
    const char *key;
    json_t *v;
    json_object_foreach(in, key, v) {
        if (!person_field_find(key) && !is_extra(key)) return fail(e, "unknown_field", key, "Trường «%s» không được hỗ trợ.", key);
    }
    json_t *fields = json_object();
    if (validate_fields(d, in, fields, 0, 0, NULL, e) != 0) { json_decref(fields); return -1; }
    if (!json_is_integer(json_object_get(fields, "birth_precision")))
        json_object_set_new(fields, "birth_precision", json_integer(BIRTH_FULL));
    json_t *uj = json_object_get(in, "unit_id");
    if (!json_is_integer(uj)) { json_decref(fields); return fail(e, "required", "unit_id", "Trường «%s» là bắt buộc.", "Đơn vị"); }
    json_t *t = json_object_get(in, "title_id");
    if (t && !json_is_null(t) && !json_is_integer(t)) { json_decref(fields); return fail(e, "invalid_type", "title_id", "Trường «%s» phải là số nguyên.", "Chức vụ"); }
    int64_t unit_id = json_integer_value(uj), title_id = json_integer_value(t);
    if (people_check_placement(d, u, unit_id, title_id, e) != 0) { json_decref(fields); return -1; }
    char today[11];
    api_today(today);
    const char *pfrom = json_string_value(json_object_get(in, "posting_from"));
    const char *sfrom = json_string_value(json_object_get(in, "salary_from"));
    const char *position = json_string_value(json_object_get(in, "position"));
    const char *decision = json_string_value(json_object_get(in, "decision_no"));
    const char *rank = json_string_value(json_object_get(in, "rank_code"));
    cdate tmp;
    if (pfrom && date_parse_iso(pfrom, &tmp) != 0) { json_decref(fields); return fail(e, "invalid_date", "posting_from", "«%s» phải là ngày hợp lệ dạng YYYY-MM-DD.", "Ngày bắt đầu công tác"); }
    if (sfrom && date_parse_iso(sfrom, &tmp) != 0) { json_decref(fields); return fail(e, "invalid_date", "salary_from", "«%s» phải là ngày hợp lệ dạng YYYY-MM-DD.", "Ngày hưởng lương"); }
    if (position && json_string_length(json_object_get(in, "position")) > 200) { json_decref(fields); return fail(e, "too_long", "position", "Trường «%s» quá dài.", "Vị trí việc làm"); }
    int coef = 0;
    json_t *stepj = json_object_get(in, "salary_step");
    if (rank) {
        if (!json_is_integer(stepj)) { json_decref(fields); return fail(e, "required", "salary_step", "Trường «%s» là bắt buộc.", "Bậc lương"); }
        if (salary_for(d, u, rank, json_integer_value(stepj), &coef, e) != 0) { json_decref(fields); return -1; }
    }
    if (db_person_insert(d, fields, id) != 0) { json_decref(fields); return fail(e, "db_error", NULL, "%s", "Không ghi được hồ sơ."); }
    json_decref(fields);
    if (db_person_new_posting(d, *id, unit_id, position, title_id, pfrom ? pfrom : today, decision, "Tạo hồ sơ") != 0)
        return fail(e, "db_error", NULL, "%s", "Không ghi được quá trình công tác.");
    if (rank && db_person_new_salary(d, *id, rank, (int)json_integer_value(stepj), coef, 0, sfrom ? sfrom : today, decision) != 0)
        return fail(e, "db_error", NULL, "%s", "Không ghi được diễn biến lương.");
    return 0;
}

static void person_create(struct req *r, struct resp *out)
{
    if (!auth_can_write_people(&r->user)) { resp_error(out, 403, "forbidden", NULL, "Bạn không có quyền tạo hồ sơ."); return; }
    json_t *in = req_json_object(r, out);
    if (!in) return;
    struct verr e;
    int64_t id;
    struct actor a;
    api_actor(r, &a);
    if (db_begin(r->db) != 0) { json_decref(in); resp_error(out, 503, "busy", NULL, "Hệ thống đang bận, vui lòng thử lại."); return; }
    if (people_create_one(r->db, &r->user, in, &id, &e) != 0) {
        db_rollback(r->db);
        send_verr(out, &e, !strcmp(e.code, "not_found") ? 404 : !strcmp(e.code, "duplicate_cccd") ? 409 : !strcmp(e.code, "db_error") ? 500 : 400);
        json_decref(in); /* e.field may point into it */
        return;
    }
    char *after = json_dumps(in, JSON_COMPACT | JSON_SORT_KEYS);
    int arc = audit_append(r->db, &a, "person.create", "person", id, NULL, after);
    free(after);
    json_decref(in);
    if (arc != 0 || db_commit(r->db) != 0) { db_rollback(r->db); resp_error(out, 500, "internal", NULL, "Lỗi hệ thống."); return; }
    struct scope sc;
    auth_scope(&r->user, &sc);
    json_t *p;
    if (db_person_get(r->db, &sc, id, &p) != 0) { resp_json(out, 201, json_pack("{s:I}", "id", (json_int_t)id)); return; }
    strip_group(p, PG_HEALTH);
    strip_group(p, PG_POLITICAL);
    add_computed(p);
    resp_json(out, 201, p);
}

/* Only the members that differ, for the audit entry. */
static void diff_fields(json_t *before, json_t *changes, char **b, char **a)
{
    json_t *jb = json_object(), *ja = json_object();
    const char *key;
    json_t *v;
    json_object_foreach(changes, key, v) {
        json_t *old = json_object_get(before, key);
        if (old && json_equal(old, v)) continue;
        json_object_set(jb, key, old ? old : json_null());
        json_object_set(ja, key, v);
    }
    *b = json_dumps(jb, JSON_COMPACT | JSON_SORT_KEYS);
    *a = json_dumps(ja, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(jb);
    json_decref(ja);
}

/* Applies validated changes to a person (shared by PATCH and proposal
 * approval). Caller holds the transaction. */
int people_apply_changes(db *d, const struct actor *a, int64_t id, json_t *current, json_t *changes, const char *action)
{
    json_t *merged = json_deep_copy(current);
    json_object_update(merged, changes);
    int rc = db_person_update(d, id, merged);
    json_decref(merged);
    if (rc != 0) return -1;
    char *b, *af;
    diff_fields(current, changes, &b, &af);
    rc = audit_append(d, a, action, "person", id, b, af);
    free(b);
    free(af);
    return rc;
}

static void person_patch(struct req *r, struct resp *out)
{
    if (!auth_can_write_people(&r->user)) { resp_error(out, 403, "forbidden", NULL, "Bạn không có quyền sửa hồ sơ."); return; }
    struct scope sc;
    auth_scope(&r->user, &sc);
    json_t *in = req_json_object(r, out);
    if (!in) return;
    if (db_begin(r->db) != 0) { json_decref(in); resp_error(out, 503, "busy", NULL, "Hệ thống đang bận, vui lòng thử lại."); return; }
    json_t *cur = NULL;
    int rc = db_person_get(r->db, &sc, r->params[0], &cur);
    if (rc != 0) {
        db_rollback(r->db);
        json_decref(in);
        if (rc == 1) resp_error(out, 404, "not_found", NULL, "Không tìm thấy hồ sơ.");
        else resp_error(out, 500, "internal", NULL, "Lỗi hệ thống.");
        return;
    }
    /* Optimistic concurrency: "row_version" must match when given. */
    json_t *ver = json_object_get(in, "row_version");
    if (ver && (!json_is_integer(ver) || json_integer_value(ver) != json_integer_value(json_object_get(cur, "row_version")))) {
        db_rollback(r->db);
        json_decref(in);
        json_decref(cur);
        resp_error(out, 409, "conflict", "row_version", "Hồ sơ đã được người khác sửa. Vui lòng tải lại.");
        return;
    }
    json_object_del(in, "row_version");
    const char *key;
    json_t *v;
    json_object_foreach(in, key, v) {
        if (!person_field_find(key)) {
            char msg[200];
            snprintf(msg, sizeof msg, "Trường «%s» không được hỗ trợ hoặc không sửa trực tiếp được.", key);
            db_rollback(r->db);
            resp_error(out, 400, "unknown_field", key, msg);
            json_decref(in);
            json_decref(cur);
            return;
        }
    }
    json_t *changes = json_object();
    struct verr e;
    struct actor a;
    api_actor(r, &a);
    if (validate_fields(r->db, in, changes, 1, r->params[0], cur, &e) != 0) {
        db_rollback(r->db);
        send_verr(out, &e, !strcmp(e.code, "duplicate_cccd") ? 409 : 400);
    } else if (people_apply_changes(r->db, &a, r->params[0], cur, changes, "person.update") != 0 || db_commit(r->db) != 0) {
        db_rollback(r->db);
        resp_error(out, 500, "internal", NULL, "Lỗi hệ thống.");
    } else {
        json_t *p;
        if (db_person_get(r->db, &sc, r->params[0], &p) == 0) {
            strip_group(p, PG_HEALTH);
            strip_group(p, PG_POLITICAL);
            add_computed(p);
            resp_json(out, 200, p);
        } else resp_json(out, 200, json_pack("{s:b}", "ok", 1));
    }
    json_decref(changes);
    json_decref(in);
    json_decref(cur);
}

/* Common start for writes on a person's sub-resources: permission, scope,
 * body, transaction. Returns the body or NULL (response written). */
static json_t *begin_person_write(struct req *r, struct resp *out)
{
    if (!auth_can_write_people(&r->user)) { resp_error(out, 403, "forbidden", NULL, "Bạn không có quyền sửa hồ sơ."); return NULL; }
    if (!auth_person_in_scope(r->db, &r->user, r->params[0])) { resp_error(out, 404, "not_found", NULL, "Không tìm thấy hồ sơ."); return NULL; }
    json_t *in = NULL;
    if (strcmp(r->method, "DELETE") != 0) {
        in = req_json_object(r, out);
        if (!in) return NULL;
    } else in = json_object();
    if (db_begin(r->db) != 0) { json_decref(in); resp_error(out, 503, "busy", NULL, "Hệ thống đang bận, vui lòng thử lại."); return NULL; }
    return in;
}

static void finish_write(struct req *r, struct resp *out, int ok, json_t *reply)
{
    if (ok && db_commit(r->db) == 0) { resp_json(out, 200, reply); return; }
    db_rollback(r->db);
    json_decref(reply);
    resp_error(out, 500, "internal", NULL, "Lỗi hệ thống.");
}

static void posting_create(struct req *r, struct resp *out)
{
    json_t *in = begin_person_write(r, out);
    if (!in) return;
    static const char *const allowed[] = {"unit_id", "position", "title_id", "effective", "decision_no", "reason", NULL};
    int64_t unit_id = 0, title_id = 0;
    const char *position = NULL, *effective = NULL, *decision = NULL, *reason = NULL;
    struct verr e;
    if (api_only_fields(in, allowed, out) || api_get_int(in, "unit_id", 1, 1, INT64_MAX, &unit_id, NULL, out) ||
        api_get_int(in, "title_id", 0, 1, INT64_MAX, &title_id, NULL, out) ||
        api_get_string(in, "position", 0, 200, &position, out) || api_get_date(in, "effective", 1, &effective, out) ||
        api_get_string(in, "decision_no", 0, 100, &decision, out) || api_get_string(in, "reason", 0, 300, &reason, out)) {
        db_rollback(r->db);
        json_decref(in);
        return;
    }
    if (people_check_placement(r->db, &r->user, unit_id, title_id, &e) != 0) {
        db_rollback(r->db);
        json_decref(in);
        send_verr(out, &e, !strcmp(e.code, "not_found") ? 404 : 400);
        return;
    }
    if (db_person_has_later_rows(r->db, "posting", r->params[0], effective) == 1) {
        db_rollback(r->db);
        json_decref(in);
        resp_error(out, 400, "history_rewrite", "effective",
                   "Ngày hiệu lực phải sau ngày bắt đầu của quá trình công tác hiện tại (không ghi đè lịch sử).");
        return;
    }
    struct actor a;
    api_actor(r, &a);
    char *after = json_dumps(in, JSON_COMPACT | JSON_SORT_KEYS);
    int ok = db_person_new_posting(r->db, r->params[0], unit_id, position, title_id, effective, decision, reason) == 0 &&
             audit_append(r->db, &a, "person.posting", "person", r->params[0], NULL, after) == 0;
    free(after);
    json_decref(in);
    finish_write(r, out, ok, json_pack("{s:b}", "ok", 1));
}

static void salary_create(struct req *r, struct resp *out)
{
    json_t *in = begin_person_write(r, out);
    if (!in) return;
    static const char *const allowed[] = {"rank_code", "salary_step", "vk_percent", "effective", "decision_no", NULL};
    int64_t step = 0, vk = 0;
    const char *rank = NULL, *effective = NULL, *decision = NULL;
    struct verr e;
    int coef = 0;
    if (api_only_fields(in, allowed, out) || api_get_string(in, "rank_code", 1, 20, &rank, out) ||
        api_get_int(in, "salary_step", 1, 1, 12, &step, NULL, out) || api_get_int(in, "vk_percent", 0, 0, 100, &vk, NULL, out) ||
        api_get_date(in, "effective", 1, &effective, out) || api_get_string(in, "decision_no", 0, 100, &decision, out)) {
        db_rollback(r->db);
        json_decref(in);
        return;
    }
    if (salary_for(r->db, &r->user, rank, step, &coef, &e) != 0) {
        db_rollback(r->db);
        json_decref(in);
        send_verr(out, &e, 400);
        return;
    }
    if (db_person_has_later_rows(r->db, "salary", r->params[0], effective) == 1) {
        db_rollback(r->db);
        json_decref(in);
        resp_error(out, 400, "history_rewrite", "effective",
                   "Ngày hưởng phải sau ngày hưởng của bậc lương hiện tại (không ghi đè lịch sử).");
        return;
    }
    struct actor a;
    api_actor(r, &a);
    char *after = json_dumps(in, JSON_COMPACT | JSON_SORT_KEYS);
    int ok = db_person_new_salary(r->db, r->params[0], rank, (int)step, coef, (int)vk, effective, decision) == 0 &&
             audit_append(r->db, &a, "person.salary", "person", r->params[0], NULL, after) == 0;
    free(after);
    json_decref(in);
    finish_write(r, out, ok, json_pack("{s:b,s:i}", "ok", 1, "coef_x100", coef));
}

/* Validates a history row against its kind: known columns, types, months
 * "YYYY-MM", years. */
static int validate_history(const struct history_kind *k, json_t *in, int partial, struct resp *out)
{
    const char *key;
    json_t *v;
    json_object_foreach(in, key, v) {
        int known = 0;
        for (const char *const *c = k->cols; *c; c++)
            if (!strcmp(*c, key)) known = 1;
        if (!known) {
            char msg[200];
            snprintf(msg, sizeof msg, "Trường «%s» không được hỗ trợ.", key);
            resp_error(out, 400, "unknown_field", key, msg);
            return -1;
        }
    }
    if (!partial)
        for (const char *const *c = k->required; *c; c++) {
            json_t *x = json_object_get(in, *c);
            if (!x || json_is_null(x) || (json_is_string(x) && !*json_string_value(x))) {
                char msg[200];
                snprintf(msg, sizeof msg, "Trường «%s» là bắt buộc.", *c);
                resp_error(out, 400, "required", *c, msg);
                return -1;
            }
        }
    json_object_foreach(in, key, v) {
        if (json_is_null(v)) continue;
        char msg[200];
        int is_year = !strcmp(key, "year") || !strcmp(key, "birth_year");
        if (is_year) {
            if (!json_is_integer(v) || json_integer_value(v) < 1900 || json_integer_value(v) > 2100) {
                snprintf(msg, sizeof msg, "Trường «%s» phải là năm hợp lệ.", key);
                resp_error(out, 400, "invalid_value", key, msg);
                return -1;
            }
            continue;
        }
        if (!json_is_string(v) || json_string_length(v) > 1000 || !utf8_valid(json_string_value(v), json_string_length(v))) {
            snprintf(msg, sizeof msg, "Trường «%s» phải là chuỗi ký tự hợp lệ (tối đa 1000 ký tự).", key);
            resp_error(out, 400, "invalid_type", key, msg);
            return -1;
        }
        const char *s = json_string_value(v);
        if (strstr(key, "_month")) {
            int y, m;
            char tail;
            if (strlen(s) != 7 || sscanf(s, "%4d-%2d%c", &y, &m, &tail) != 2 || m < 1 || m > 12 || y < 1900) {
                snprintf(msg, sizeof msg, "Trường «%s» phải có dạng YYYY-MM.", key);
                resp_error(out, 400, "invalid_date", key, msg);
                return -1;
            }
        }
        if (!strcmp(key, "effective")) {
            cdate dd;
            if (date_parse_iso(s, &dd) != 0) {
                resp_error(out, 400, "invalid_date", key, "Trường «effective» phải là ngày dạng YYYY-MM-DD.");
                return -1;
            }
        }
        if (!strcmp(key, "side") && strcmp(s, "self") && strcmp(s, "spouse")) {
            resp_error(out, 400, "invalid_value", key, "«side» phải là «self» (bên bản thân) hoặc «spouse» (bên vợ/chồng).");
            return -1;
        }
    }
    const char *from = json_string_value(json_object_get(in, "from_month"));
    const char *to = json_string_value(json_object_get(in, "to_month"));
    if (from && to && strcmp(to, from) < 0) {
        resp_error(out, 400, "invalid_value", "to_month", "«Đến tháng» không được trước «từ tháng».");
        return -1;
    }
    return 0;
}

static void history_write(struct req *r, struct resp *out)
{
    const struct history_kind *k = history_kind_find(r->sparams[0]);
    if (!k) { resp_error(out, 404, "not_found", NULL, "Không tìm thấy."); return; }
    json_t *in = begin_person_write(r, out);
    if (!in) return;
    int is_post = !strcmp(r->method, "POST"), is_del = !strcmp(r->method, "DELETE");
    if (!is_del && validate_history(k, in, !is_post, out) != 0) { db_rollback(r->db); json_decref(in); return; }
    struct actor a;
    api_actor(r, &a);
    char action[64];
    snprintf(action, sizeof action, "person.%s.%s", k->name, is_post ? "create" : is_del ? "delete" : "update");
    int64_t hid = r->params[1];
    json_t *before = is_post ? NULL : db_history_get(r->db, k, r->params[0], hid);
    if (!is_post && !before) {
        db_rollback(r->db);
        json_decref(in);
        resp_error(out, 404, "not_found", NULL, "Không tìm thấy dòng này.");
        return;
    }
    if (!is_post && !is_del) {
        /* PUT changes the members given; the others keep their values. */
        json_t *merged = json_deep_copy(before);
        json_object_del(merged, "id");
        json_object_update(merged, in);
        json_decref(in);
        in = merged;
        if (validate_history(k, in, 0, out) != 0) {
            db_rollback(r->db);
            json_decref(before);
            json_decref(in);
            return;
        }
    }
    int rc = is_post ? db_history_insert(r->db, k, r->params[0], in, &hid)
           : is_del ? db_history_delete(r->db, k, r->params[0], hid)
                    : db_history_update(r->db, k, r->params[0], hid, in);
    json_t *after = is_del ? NULL : db_history_get(r->db, k, r->params[0], hid);
    char *bs = before ? json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    char *as = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    int ok = rc == 0 && audit_append(r->db, &a, action, "person", r->params[0], bs, as) == 0;
    free(bs);
    free(as);
    json_decref(before);
    json_decref(in);
    finish_write(r, out, ok, after ? after : json_pack("{s:b}", "ok", 1));
}

static void person_audit(struct req *r, struct resp *out)
{
    if (!auth_person_in_scope(r->db, &r->user, r->params[0]) || r->user.role == ROLE_STAFF) {
        resp_error(out, 404, "not_found", NULL, "Không tìm thấy hồ sơ.");
        return;
    }
    json_t *items = db_audit_list(r->db, "person", r->params[0], 200, 0);
    if (!items) { resp_error(out, 500, "internal", NULL, "Lỗi hệ thống."); return; }
    resp_json(out, 200, json_pack("{s:o}", "items", items));
}

/* All-or-nothing creation of many people: one transaction; the report
 * names every bad row. */
static void people_bulk(struct req *r, struct resp *out)
{
    if (!auth_can_write_people(&r->user)) { resp_error(out, 403, "forbidden", NULL, "Bạn không có quyền tạo hồ sơ."); return; }
    json_t *in = req_json_object(r, out);
    if (!in) return;
    json_t *rows = json_object_get(in, "people");
    if (!json_is_array(rows) || json_array_size(rows) == 0 || json_array_size(rows) > 100000) {
        json_decref(in);
        resp_error(out, 400, "invalid_value", "people", "«people» phải là danh sách từ 1 đến 100.000 hồ sơ.");
        return;
    }
    if (db_begin(r->db) != 0) { json_decref(in); resp_error(out, 503, "busy", NULL, "Hệ thống đang bận, vui lòng thử lại."); return; }
    json_t *errors = json_array();
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
        struct verr e;
        int64_t id;
        if (!json_is_object(row)) {
            json_array_append_new(errors, json_pack("{s:I,s:s,s:s}", "row", (json_int_t)i + 1, "code", "invalid_type", "message", "Mỗi dòng phải là một đối tượng."));
            continue;
        }
        if (people_create_one(r->db, &r->user, row, &id, &e) != 0) {
            json_t *er = json_pack("{s:I,s:s,s:s}", "row", (json_int_t)i + 1, "code", e.code, "message", e.message);
            if (e.field) json_object_set_new(er, "field", json_string(e.field));
            json_array_append_new(errors, er);
            if (json_array_size(errors) >= 1000) break;
        }
    }
    if (json_array_size(errors) > 0) {
        db_rollback(r->db);
        json_t *body = json_pack("{s:{s:s,s:s,s:o}}", "error", "code", "rows_invalid", "message",
                                 "Có dòng không hợp lệ; không hồ sơ nào được ghi.", "rows", errors);
        resp_json(out, 400, body);
        json_decref(in);
        return;
    }
    json_decref(errors);
    struct actor a;
    api_actor(r, &a);
    char after[64];
    snprintf(after, sizeof after, "{\"count\":%zu}", json_array_size(rows));
    int ok = audit_append(r->db, &a, "person.bulk_create", "person", 0, NULL, after) == 0;
    json_decref(in);
    if (!ok || db_commit(r->db) != 0) { db_rollback(r->db); resp_error(out, 500, "internal", NULL, "Lỗi hệ thống."); return; }
    resp_json(out, 201, json_pack("{s:I}", "created", (json_int_t)json_array_size(rows)));
}

const struct route api_people_routes[] = {
    {"GET", "/api/v1/people", people_list, 0},
    {"POST", "/api/v1/people", person_create, 0},
    {"POST", "/api/v1/people/bulk", people_bulk, ROUTE_BIG_BODY},
    {"GET", "/api/v1/people/:id", person_get, 0},
    {"PATCH", "/api/v1/people/:id", person_patch, 0},
    {"GET", "/api/v1/people/:id/audit", person_audit, 0},
    {"POST", "/api/v1/people/:id/postings", posting_create, 0},
    {"POST", "/api/v1/people/:id/salary", salary_create, 0},
    {"POST", "/api/v1/people/:id/:kind", history_write, 0},
    {"PUT", "/api/v1/people/:id/:kind/:id", history_write, 0},
    {"DELETE", "/api/v1/people/:id/:kind/:id", history_write, 0},
    {NULL, NULL, NULL, 0},
};

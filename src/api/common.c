/* Helpers shared by the API handlers. */
#include "api/api.h"
#include "auth/audit.h"
#include "core/date.h"
#include "core/vntext.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void api_register_all(void)
{
    http_add_routes(api_auth_routes);
    http_add_routes(api_ref_routes);
    http_add_routes(api_unit_routes);
    http_add_routes(api_people_routes);
    http_add_routes(api_user_routes);
    http_add_routes(api_proposal_routes);
    http_add_routes(api_audit_routes);
    http_add_routes(api_dashboard_routes);
    http_add_routes(api_io_routes);
    http_add_routes(api_eval_routes);
    http_add_routes(api_exam_routes);
    http_add_routes(api_eval_rating_routes);
    http_add_routes(api_eval_report_routes);
    http_add_routes(api_exam_sitting_routes);
    http_add_routes(api_exam_grading_routes);
    http_add_routes(api_exam_bank_io_routes);
}

void api_actor(const struct req *r, struct actor *a)
{
    a->user_id = r->user.id;
    a->username = r->user.username;
}

static void field_error(struct resp *resp, const char *code, const char *field, const char *fmt)
{
    char msg[256];
    snprintf(msg, sizeof msg, fmt, field);
    resp_error(resp, 400, code, field, msg);
}

int api_get_string(json_t *o, const char *field, int required, size_t maxlen, const char **out, struct resp *resp)
{
    json_t *v = json_object_get(o, field);
    if (!v || json_is_null(v)) {
        if (required) { field_error(resp, "required", field, "Trường «%s» là bắt buộc."); return -1; }
        if (v) *out = NULL;
        return 0;
    }
    if (!json_is_string(v)) { field_error(resp, "invalid_type", field, "Trường «%s» phải là chuỗi ký tự."); return -1; }
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    if (n > maxlen) { field_error(resp, "too_long", field, "Trường «%s» quá dài."); return -1; }
    if (!utf8_valid(s, n)) { field_error(resp, "invalid_text", field, "Trường «%s» chứa ký tự không hợp lệ."); return -1; }
    if (required) {
        const char *p = s;
        while (*p == ' ' || *p == '\t') p++;
        if (!*p) { field_error(resp, "required", field, "Trường «%s» là bắt buộc."); return -1; }
    }
    *out = s;
    return 0;
}

int api_get_int(json_t *o, const char *field, int required, int64_t min, int64_t max, int64_t *out, int *present,
                struct resp *resp)
{
    json_t *v = json_object_get(o, field);
    if (present) *present = 0;
    if (!v || json_is_null(v)) {
        if (required) { field_error(resp, "required", field, "Trường «%s» là bắt buộc."); return -1; }
        if (v && present) *present = 2; /* explicit null */
        return 0;
    }
    if (!json_is_integer(v)) { field_error(resp, "invalid_type", field, "Trường «%s» phải là số nguyên."); return -1; }
    int64_t x = json_integer_value(v);
    if (x < min || x > max) { field_error(resp, "out_of_range", field, "Giá trị của «%s» nằm ngoài phạm vi cho phép."); return -1; }
    *out = x;
    if (present) *present = 1;
    return 0;
}

int api_get_date(json_t *o, const char *field, int required, const char **out, struct resp *resp)
{
    const char *s = NULL;
    json_t *v = json_object_get(o, field);
    if (api_get_string(o, field, required, 10, &s, resp) != 0) return -1;
    if (!s) { if (v) *out = NULL; return 0; }
    cdate d;
    if (date_parse_iso(s, &d) != 0) {
        field_error(resp, "invalid_date", field, "Trường «%s» phải là ngày hợp lệ dạng YYYY-MM-DD.");
        return -1;
    }
    *out = s;
    return 0;
}

int api_only_fields(json_t *o, const char *const *allowed, struct resp *resp)
{
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v) {
        int ok = 0;
        for (const char *const *a = allowed; *a; a++)
            if (!strcmp(*a, key)) { ok = 1; break; }
        if (!ok) { field_error(resp, "unknown_field", key, "Trường «%s» không được hỗ trợ."); return -1; }
    }
    return 0;
}

void api_paging(struct req *r, int *page, int *per_page)
{
    const char *p = req_query(r, "page"), *pp = req_query(r, "per_page");
    *page = p ? atoi(p) : 1;
    *per_page = pp ? atoi(pp) : 50;
    if (*page < 1) *page = 1;
    if (*page > 1000000) *page = 1000000;
    if (*per_page < 1) *per_page = 1;
    if (*per_page > 500) *per_page = 500;
}

void api_today(char buf[11]) { date_format_iso(date_today(), buf); }

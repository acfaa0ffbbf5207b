/* The year results' reports (issue 4, "Workflow and publication"; see
 * docs/evaluation-results.md):
 *  - publication of a unit's decided year results: an immutable, versioned
 *    snapshot readable by every user of the unit (staff see colleagues'
 *    name, post, score and final level there, nowhere else);
 *  - peer comparison across units: people in equivalent posts (same job
 *    position, else same rank group), aggregates only;
 *  - flags feeding later work: KHT (downsizing review, NĐ 154/2025), below
 *    the HTNV threshold twice (retraining review), anomalies for verifiers;
 *  - the unit's year results in Excel (io/eval_xlsx.h). */
#include "api/api.h"
#include "auth/audit.h"
#include "auth/auth.h"
#include "core/cap.h"
#include "core/date.h"
#include "core/rating.h"
#include "core/regime.h"
#include "core/score.h"
#include "db/eval_rating.h"
#include "db/eval_report.h"
#include "io/eval_xlsx.h"
#include "io/people_export.h"
#include <inttypes.h>
#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CT_XLSX "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#define PEER_MIN_GROUP 5      /* smallest group whose distribution is shown (admins: always) */
#define HTNV_THRESHOLD_X100 5000 /* NĐ 335/2025 Art. 20: HTNV from 50 points, below is KHT */
#define BELOW_TIMES 2         /* "below threshold twice" (management rule, not a legal one) */
#define ANOM_FACTOR 3.0       /* anomaly: reported quantity > factor x peer median */
#define ANOM_MIN_PEERS 3      /* tasks of the product type with a reported quantity */
#define ANOM_DAYS 14          /* result without evidence older than this many days */

static void internal(struct resp *out) { resp_error(out, 500, "internal", NULL, "Lỗi hệ thống."); }
static void busy(struct resp *out) { resp_error(out, 503, "busy", NULL, "Hệ thống đang bận, vui lòng thử lại."); }
static void not_found(struct resp *out) { resp_error(out, 404, "not_found", NULL, "Không tìm thấy."); }
static void bad(struct resp *out, const char *code, const char *field, const char *msg)
{
    resp_error(out, 400, code, field, msg);
}

static void iso_at(time_t t, char buf[32])
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static json_t *hstr(int64_t h)
{
    char b[24];
    score_format(h, b, sizeof b);
    return json_string(b);
}

static json_t *score_or_null(json_t *v) { return json_is_integer(v) && json_integer_value(v) >= 0 ? hstr(json_integer_value(v)) : json_null(); }

static void vn_date(const char *iso, char out[16])
{
    cdate d;
    char b[11];
    if (iso && strlen(iso) >= 10) {
        memcpy(b, iso, 10);
        b[10] = 0;
        if (date_parse_iso(b, &d) == 0) { date_format_vn(d, out); return; }
    }
    snprintf(out, 16, "%s", iso ? iso : "");
}

/* ?year= (required, 2000-2100). */
static int query_year(struct req *r, int64_t *year, struct resp *out)
{
    const char *ys = req_query(r, "year");
    char *end = NULL;
    long y = ys ? strtol(ys, &end, 10) : 0;
    if (!ys || !*ys || *end || y < 2000 || y > 2100) {
        bad(out, ys ? "invalid_value" : "required", "year", "Cần năm đánh giá (2000–2100).");
        return -1;
    }
    *year = y;
    return 0;
}

/* Optional integer query parameter in [min, max]. */
static int query_int(struct req *r, const char *name, int64_t min, int64_t max, int64_t *v, struct resp *out)
{
    const char *s = req_query(r, name);
    if (!s) return 0;
    char *end = NULL;
    long long x = strtoll(s, &end, 10);
    if (!*s || *end || x < min || x > max) {
        char msg[200];
        snprintf(msg, sizeof msg, "Giá trị phải là số nguyên từ %" PRId64 " đến %" PRId64 ".", min, max);
        bad(out, "invalid_value", name, msg);
        return -1;
    }
    *v = x;
    return 0;
}

static int audit_add(struct req *r, const char *action, const char *entity, int64_t id, json_t *after)
{
    struct actor a;
    api_actor(r, &a);
    char *s = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    int rc = audit_append(r->db, &a, action, entity, id, NULL, s);
    free(s);
    return rc;
}

/* Officers and admins with the unit in scope; 404 for everyone else. */
static int officer_unit_ok(struct req *r, struct resp *out)
{
    if ((r->user.role != ROLE_ADMIN && r->user.role != ROLE_OFFICER) || !auth_unit_in_scope(r->db, &r->user, r->params[0])) {
        not_found(out);
        return 0;
    }
    return 1;
}

/* ------------------------------------------------------------------------ */
/* The results view: the board of (unit, year) with notes, totals and the   */
/* cap lines; what a publication snapshots and the Excel file shows.        */
/* ------------------------------------------------------------------------ */

struct grp {
    int64_t unit, group;
    int htxs, htt;
    const char *unit_name, *group_name;
};

static const char *row_level(json_t *o)
{
    const char *f = json_string_value(json_object_get(o, "final_level"));
    if (f) return f;
    return json_string_value(json_object_get(o, "cap_level")); /* NULL for a tie before the decision */
}

/* Builds the view; 0, or -1 with *code "not_computed" (nothing stored) or
 * "internal". */
static json_t *build_view(db *d, int64_t unit, int64_t year, const char **code)
{
    *code = "internal";
    json_t *rows = db_rep_board(d, unit, year);
    if (!rows) return NULL;
    if (json_array_size(rows) == 0) { json_decref(rows); *code = "not_computed"; return NULL; }
    json_t *decs = db_er_decisions(d, unit, year);
    if (!decs) { json_decref(rows); return NULL; }
    json_t *dec = json_array_size(decs) ? json_array_get(decs, json_array_size(decs) - 1) : NULL;
    const struct eval_regime *g = regime_for_year(CAT_CONG_CHUC, (int)year);
    const char *exc_no = dec ? json_string_value(json_object_get(dec, "exception_no")) : NULL;
    const char *exc_date = dec ? json_string_value(json_object_get(dec, "exception_date")) : NULL;
    int exc_pct = exc_no ? (int)json_integer_value(json_object_get(dec, "limit_percent")) : 0;
    struct cap_params prm, prm0;
    cap_params_for(g, exc_pct, &prm);
    cap_params_for(g, 0, &prm0);
    char uname[300], agency[300];
    if (db_rep_unit_names(d, unit, uname, sizeof uname, agency, sizeof agency) < 0) { json_decref(rows); json_decref(decs); return NULL; }

    size_t n = json_array_size(rows), ng = 0;
    struct grp *gs = calloc(n, sizeof *gs);
    if (!gs) { json_decref(rows); json_decref(decs); return NULL; }
    int decided = 1;
    int64_t tot[5] = {0}; /* HTXS HTT HTNV KHT other */
    size_t i;
    json_t *o;
    json_array_foreach(rows, i, o) {
        if (json_is_null(json_object_get(o, "final_level"))) decided = 0;
        int64_t u = json_integer_value(json_object_get(o, "rating_unit_id"));
        int64_t gr = json_integer_value(json_object_get(o, "task_group_id"));
        size_t q = 0;
        while (q < ng && !(gs[q].unit == u && gs[q].group == gr)) q++;
        if (q == ng) {
            gs[ng].unit = u;
            gs[ng].group = gr;
            gs[ng].unit_name = json_string_value(json_object_get(o, "rating_unit_name"));
            gs[ng].group_name = json_string_value(json_object_get(o, "task_group"));
            ng++;
        }
        const char *l = row_level(o);
        if (l && !strcmp(l, "HTXS")) { gs[q].htxs++; tot[0]++; }
        else if (l && !strcmp(l, "HTT")) { gs[q].htt++; tot[1]++; }
        else if (l && !strcmp(l, "HTNV")) tot[2]++;
        else if (l && !strcmp(l, "KHT")) tot[3]++;
        else tot[4]++;
    }
    char exc_vn[16] = "";
    if (exc_date) vn_date(exc_date, exc_vn);
    json_t *cap_lines = json_array(), *groups = json_array();
    for (size_t q = 0; q < ng; q++) {
        int den = prm.denominator == CAP_DEN_HTT ? gs[q].htt : gs[q].htt + gs[q].htxs;
        int lim = cap_limit_of(&prm, den), lim0 = cap_limit_of(&prm0, den);
        char line[900], ex[300] = "";
        if (exc_no)
            snprintf(ex, sizeof ex, "; giới hạn nâng từ %d%% lên %d%% theo Quyết định số %s ngày %s của cấp có thẩm quyền",
                     prm0.percent, prm.percent, exc_no, exc_vn);
        snprintf(line, sizeof line, "Giới hạn HTXS — %s, %s: %d người HTXS; %d%% × %d người %s = %d người (%s%s)%s.",
                 gs[q].unit_name ? gs[q].unit_name : "", gs[q].group_name ? gs[q].group_name : "toàn đơn vị (chưa phân nhóm nhiệm vụ)",
                 gs[q].htxs, prm.percent, den, prm.denominator == CAP_DEN_HTT ? "HTT" : "HTT trở lên", lim,
                 g ? g->cite_cap : "", ex, gs[q].htxs <= lim ? "" : " — VƯỢT GIỚI HẠN");
        json_array_append_new(cap_lines, json_string(line));
        json_array_append_new(groups, json_pack("{s:I, s:s?, s:o, s:s?, s:i, s:i, s:i, s:i, s:i, s:b}",
            "rating_unit_id", (json_int_t)gs[q].unit, "unit", gs[q].unit_name,
            "task_group_id", gs[q].group ? json_integer(gs[q].group) : json_null(), "task_group", gs[q].group_name,
            "htxs", gs[q].htxs, "htt", gs[q].htt, "denominator", den, "limit", lim, "limit_percent", prm.percent,
            "exception_needed", exc_no && gs[q].htxs > lim0));
    }

    json_t *out_rows = json_array();
    char dec_vn[16] = "";
    if (dec) vn_date(json_string_value(json_object_get(dec, "decided_at")), dec_vn);
    json_array_foreach(rows, i, o) {
        char note[1200] = "";
        size_t nl = 0;
#define ADD(...) do { if (nl) nl += (size_t)snprintf(note + nl, nl < sizeof note ? sizeof note - nl : 0, "; "); \
                      if (nl < sizeof note) nl += (size_t)snprintf(note + nl, sizeof note - nl, __VA_ARGS__); } while (0)
        int64_t carried = json_integer_value(json_object_get(o, "carried_over"));
        const char *cs = json_string_value(json_object_get(o, "cap_status"));
        const char *fin = json_string_value(json_object_get(o, "final_level"));
        if (carried > 0) ADD("Có %" PRId64 " kỳ đánh giá chuyển từ đơn vị cũ (Điều 21 NĐ 335/2025)", carried);
        if (cs && !strcmp(cs, "demoted")) ADD("Đề xuất HTXS, xếp HTT do vượt giới hạn tỷ lệ HTXS");
        if (cs && !strcmp(cs, "tie")) {
            if (fin) ADD("Đồng điểm ở ranh giới giới hạn HTXS: Hội đồng quyết định %s (ngày %s)", fin, dec_vn);
            else ADD("Đồng điểm ở ranh giới giới hạn HTXS: chờ Hội đồng quyết định");
        }
        json_t *detail = json_loads(json_string_value(json_object_get(o, "detail")) ? json_string_value(json_object_get(o, "detail")) : "{}", 0, NULL);
        json_int_t kht = json_integer_value(json_object_get(detail, "kht"));
        json_decref(detail);
        if (kht & KHT_DISCIPLINE) ADD("KHT do bị kỷ luật từ khiển trách trở lên trong năm (Điều 20 NĐ 335/2025)");
        if (kht & KHT_DEGRADATION) ADD("KHT do có kết luận suy thoái (Điều 20 NĐ 335/2025)");
        if (kht & KHT_CORRUPTION) ADD("KHT do đơn vị trực tiếp quản lý để xảy ra tham nhũng (Điều 20 NĐ 335/2025)");
        const char *lv = row_level(o);
        if (exc_no && lv && !strcmp(lv, "HTXS")) {
            int64_t u = json_integer_value(json_object_get(o, "rating_unit_id"));
            int64_t gr = json_integer_value(json_object_get(o, "task_group_id"));
            json_t *gj;
            size_t k;
            json_array_foreach(groups, k, gj)
                if (json_integer_value(json_object_get(gj, "rating_unit_id")) == u &&
                    json_integer_value(json_object_get(gj, "task_group_id")) == gr &&
                    json_is_true(json_object_get(gj, "exception_needed")))
                    ADD("Trong giới hạn ngoại lệ %d%% (Quyết định số %s ngày %s)", prm.percent, exc_no, exc_vn);
        }
#undef ADD
        json_t *s = json_object_get(o, "score_x100");
        json_array_append_new(out_rows, json_pack("{s:I, s:I, s:s, s:s?, s:s?, s:I, s:s?, s:O, s:o, s:s, s:s?, s:s, s:s}",
            "seq", (json_int_t)(i + 1), "person_id", json_integer_value(json_object_get(o, "person_id")),
            "name", json_string_value(json_object_get(o, "name")), "post", json_string_value(json_object_get(o, "post")),
            "unit", json_string_value(json_object_get(o, "rating_unit_name")),
            "rating_unit_id", json_integer_value(json_object_get(o, "rating_unit_id")),
            "task_group", json_string_value(json_object_get(o, "task_group")),
            "score_x100", s, "score", score_or_null(s),
            "proposed", json_string_value(json_object_get(o, "proposed_level")), "final", fin,
            "cap_status", cs ? cs : "", "note", note));
    }
    free(gs);
    char today[11];
    api_today(today);
    json_t *view = json_pack("{s:I, s:s, s:s, s:I, s:b, s:s?, s:s, s:s, s:s, s:i, s:o, s:o, s:o, s:o, s:o, "
                             "s:{s:I, s:I, s:I, s:I, s:I, s:I}}",
        "unit_id", (json_int_t)unit, "unit_name", uname, "agency", agency, "year", (json_int_t)year,
        "decided", decided, "decided_on", dec ? json_string_value(json_object_get(dec, "decided_at")) : NULL,
        "date", today, "regime_name", g ? g->name : "", "regime_code", g ? g->code : "", "limit_percent", prm.percent,
        "decision_id", dec ? json_integer(json_integer_value(json_object_get(dec, "id"))) : json_null(),
        "exception", exc_no ? json_pack("{s:s, s:s?, s:i}", "decision_no", exc_no, "date", exc_date, "limit_percent", exc_pct) : json_null(),
        "rows", out_rows, "groups", groups, "cap_lines", cap_lines,
        "totals", "HTXS", (json_int_t)tot[0], "HTT", (json_int_t)tot[1], "HTNV", (json_int_t)tot[2], "KHT", (json_int_t)tot[3],
        "other", (json_int_t)tot[4], "total", (json_int_t)n);
    json_decref(rows);
    json_decref(decs);
    if (!view) return NULL;
    *code = NULL;
    return view;
}

/* ------------------------------------------------------------------------ */
/* Publication                                                              */
/* ------------------------------------------------------------------------ */

/* SHA-256 (hex) of what a publication shows: rows, totals, cap lines, limit
 * and exception (not the date line). */
static void content_hash(json_t *view, char hex[65])
{
    json_t *c = json_pack("{s:O, s:O, s:O, s:O, s:O}", "rows", json_object_get(view, "rows"),
                          "totals", json_object_get(view, "totals"), "cap_lines", json_object_get(view, "cap_lines"),
                          "limit_percent", json_object_get(view, "limit_percent"), "exception", json_object_get(view, "exception"));
    char *s = json_dumps(c, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(c);
    unsigned char dig[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(dig, (const unsigned char *)(s ? s : ""), s ? strlen(s) : 0);
    free(s);
    sodium_bin2hex(hex, 65, dig, sizeof dig);
}

static void ratings_publish(struct req *r, struct resp *out)
{
    if (!officer_unit_ok(r, out)) return;
    json_t *in = req_json_object(r, out);
    if (!in) return;
    static const char *const allowed[] = {"year", "note", NULL};
    int64_t year = 0, unit = r->params[0];
    const char *note = NULL;
    json_t *view = NULL;
    if (api_only_fields(in, allowed, out) || api_get_int(in, "year", 1, 2000, 2100, &year, NULL, out) ||
        api_get_string(in, "note", 0, 2000, &note, out))
        goto done;
    char now[32];
    iso_at(time(NULL), now);
    if (db_begin(r->db) != 0) { busy(out); goto done; }
    int dec = db_er_decided(r->db, unit, year);
    if (dec != 1) {
        db_rollback(r->db);
        if (dec == 0)
            resp_error(out, 409, "not_decided", "year",
                       "Chưa có quyết định của Hội đồng về kết quả xếp loại năm này của đơn vị; chưa công bố được.");
        else internal(out);
        goto done;
    }
    const char *code = NULL;
    view = build_view(r->db, unit, year, &code);
    if (!view) {
        db_rollback(r->db);
        if (code && !strcmp(code, "not_computed")) resp_error(out, 409, "not_decided", "year", "Chưa có bảng xếp loại năm này của đơn vị.");
        else internal(out);
        goto done;
    }
    char sha[65], prev_sha[65];
    int64_t prev = 0;
    content_hash(view, sha);
    if (db_rep_pub_latest(r->db, unit, year, &prev, prev_sha) != 0) { db_rollback(r->db); internal(out); goto done; }
    if (prev && !strcmp(prev_sha, sha)) {
        db_rollback(r->db);
        char msg[300];
        snprintf(msg, sizeof msg, "Kết quả không thay đổi so với lần công bố thứ %" PRId64 "; không cần công bố lại.", prev);
        resp_error(out, 409, "unchanged", "year", msg);
        goto done;
    }
    json_t *rows = json_object_get(view, "rows");
    json_t *summary = json_pack("{s:O, s:O, s:O}", "totals", json_object_get(view, "totals"),
                                "groups", json_object_get(view, "groups"), "cap_lines", json_object_get(view, "cap_lines"));
    char *sum = json_dumps(summary, JSON_COMPACT);
    json_decref(summary);
    json_t *exc = json_object_get(view, "exception");
    struct rep_pub p = {
        .unit_id = unit, .year = year, .decision_id = json_integer_value(json_object_get(view, "decision_id")),
        .unit_name = json_string_value(json_object_get(view, "unit_name")),
        .agency_name = json_string_value(json_object_get(view, "agency")),
        .regime = json_string_value(json_object_get(view, "regime_code")),
        .exception_no = json_string_value(json_object_get(exc, "decision_no")),
        .exception_date = json_string_value(json_object_get(exc, "date")),
        .limit_percent = json_integer_value(json_object_get(view, "limit_percent")),
        .summary = sum, .note = note, .sha256 = sha, .published_at = now,
        .rows = (int64_t)json_array_size(rows), .published_by = r->user.id,
    };
    int64_t pid = 0, version = 0;
    int rc = sum ? db_rep_pub_insert(r->db, &p, &pid, &version) : -1;
    free(sum);
    size_t i;
    json_t *o;
    json_array_foreach(rows, i, o) {
        if (rc != 0) break;
        json_t *s = json_object_get(o, "score_x100");
        struct rep_pub_row pr = {
            .seq = json_integer_value(json_object_get(o, "seq")), .person_id = json_integer_value(json_object_get(o, "person_id")),
            .rating_unit_id = json_integer_value(json_object_get(o, "rating_unit_id")),
            .full_name = json_string_value(json_object_get(o, "name")), .post = json_string_value(json_object_get(o, "post")),
            .rating_unit_name = json_string_value(json_object_get(o, "unit")),
            .task_group = json_string_value(json_object_get(o, "task_group")),
            .proposed_level = json_string_value(json_object_get(o, "proposed")),
            .final_level = json_string_value(json_object_get(o, "final")),
            .note = json_string_value(json_object_get(o, "note")),
            .score_x100 = json_is_integer(s) ? json_integer_value(s) : -1,
        };
        rc = db_rep_pub_row_insert(r->db, pid, &pr);
    }
    if (rc == 0) {
        json_t *au = json_pack("{s:I, s:I, s:I, s:I, s:s, s:s?, s:O}", "unit_id", (json_int_t)unit, "year", (json_int_t)year,
                               "version", (json_int_t)version, "rows", (json_int_t)json_array_size(rows), "sha256", sha,
                               "note", note, "totals", json_object_get(view, "totals"));
        rc = audit_add(r, "eval.rating.publish", "eval_publication", pid, au);
        json_decref(au);
    }
    if (rc != 0 || db_commit(r->db) != 0) { db_rollback(r->db); internal(out); goto done; }
    resp_json(out, 201, json_pack("{s:I, s:I, s:I, s:I, s:I, s:s, s:s, s:O}", "id", (json_int_t)pid, "unit_id", (json_int_t)unit,
                                  "year", (json_int_t)year, "version", (json_int_t)version,
                                  "rows", (json_int_t)json_array_size(rows), "sha256", sha, "published_at", now,
                                  "totals", json_object_get(view, "totals")));
done:
    json_decref(view);
    json_decref(in);
}

/* Who reads a publication: admins; officers and leaders with the unit in
 * scope (full rows); every user of the unit: officers/leaders whose unit is
 * inside it, staff whose person works inside it or is in the publication
 * (limited rows). 0 = no access, 1 = limited, 2 = full. */
static int pub_access(struct req *r, int64_t unit, int64_t year)
{
    const struct user *u = &r->user;
    if (u->role == ROLE_ADMIN) return 2;
    if (u->role == ROLE_OFFICER || u->role == ROLE_LEADER) {
        if (auth_unit_in_scope(r->db, u, unit)) return 2;
        return u->unit_id > 0 && db_rep_unit_contains(r->db, unit, u->unit_id) == 1 ? 1 : 0;
    }
    if (u->role == ROLE_STAFF && u->person_id > 0) {
        int64_t pu = 0;
        if (db_rep_person_unit(r->db, u->person_id, &pu) == 0 && pu > 0 && db_rep_unit_contains(r->db, unit, pu) == 1) return 1;
        return db_rep_pub_has_person(r->db, unit, year, u->person_id) == 1 ? 1 : 0;
    }
    return 0;
}

/* GET /eval/publications?year= — the publications of the year this user may
 * read (the same rule as the published route), so staff can choose a parent
 * unit's publication too. */
static void publications_list(struct req *r, struct resp *out)
{
    int64_t year = 0;
    if (query_year(r, &year, out)) return;
    if (db_read_begin(r->db) != 0) { busy(out); return; }
    json_t *all = db_rep_pub_units(r->db, year);
    if (!all) { db_read_end(r->db); internal(out); return; }
    json_t *items = json_array();
    size_t i;
    json_t *o;
    json_array_foreach(all, i, o) {
        int acc = pub_access(r, json_integer_value(json_object_get(o, "unit_id")), year);
        if (!acc) continue;
        json_object_set_new(o, "view", json_string(acc == 2 ? "full" : "limited"));
        json_array_append(items, o);
    }
    db_read_end(r->db);
    json_decref(all);
    resp_json(out, 200, json_pack("{s:I, s:o}", "year", (json_int_t)year, "items", items));
}

static void ratings_published(struct req *r, struct resp *out)
{
    int64_t year = 0, version = 0, unit = r->params[0];
    if (db_read_begin(r->db) != 0) { busy(out); return; }
    int acc = pub_access(r, unit, 0);
    if (!acc) {
        /* staff in an earlier publication but moved out: check with the year */
        const char *ys = req_query(r, "year");
        if (ys) acc = pub_access(r, unit, atoll(ys));
    }
    if (!acc) { db_read_end(r->db); not_found(out); return; }
    if (query_year(r, &year, out) || query_int(r, "version", 1, 1000000, &version, out)) { db_read_end(r->db); return; }
    int found = 0;
    json_t *pub = db_rep_pub_get(r->db, unit, year, version, &found);
    json_t *versions = pub ? db_rep_pub_versions(r->db, unit, year) : NULL;
    db_read_end(r->db);
    if (!pub || !versions) { json_decref(pub); json_decref(versions); internal(out); return; }
    if (!found) {
        json_decref(pub);
        json_decref(versions);
        resp_error(out, 404, "not_published", version ? "version" : "year",
                   version ? "Không có lần công bố này." : "Kết quả xếp loại năm này của đơn vị chưa được công bố.");
        return;
    }
    json_t *summary = json_loads(json_string_value(json_object_get(pub, "summary")), 0, NULL);
    json_object_set_new(pub, "summary", summary ? summary : json_null());
    json_t *rows = json_object_get(pub, "rows");
    size_t i;
    json_t *o;
    json_t *lim = json_array();
    json_array_foreach(rows, i, o) {
        json_t *s = json_object_get(o, "score_x100");
        if (acc == 2) {
            json_object_set_new(o, "score", score_or_null(s));
            continue;
        }
        /* limited: name, post, unit, score and final level */
        json_array_append_new(lim, json_pack("{s:O, s:O, s:O, s:O, s:o, s:O}", "seq", json_object_get(o, "seq"),
                                             "name", json_object_get(o, "name"), "post", json_object_get(o, "post"),
                                             "unit", json_object_get(o, "rating_unit_name"), "score", score_or_null(s),
                                             "final_level", json_object_get(o, "final_level")));
    }
    if (acc == 1) {
        json_object_set_new(pub, "rows", lim);
        json_object_del(pub, "published_by");
        json_object_del(pub, "published_by_name");
        json_object_del(pub, "content_sha256");
        json_t *v;
        json_array_foreach(versions, i, v) json_object_del(v, "published_by");
    } else json_decref(lim);
    json_object_set_new(pub, "versions", versions);
    json_object_set_new(pub, "view", json_string(acc == 2 ? "full" : "unit_member"));
    resp_json(out, 200, pub);
}

/* ------------------------------------------------------------------------ */
/* Excel export                                                             */
/* ------------------------------------------------------------------------ */

static void ratings_export(struct req *r, struct resp *out)
{
    if (!officer_unit_ok(r, out)) return;
    int64_t year = 0, unit = r->params[0];
    if (query_year(r, &year, out)) return;
    if (db_read_begin(r->db) != 0) { busy(out); return; }
    const char *code = NULL;
    json_t *view = build_view(r->db, unit, year, &code);
    db_read_end(r->db);
    if (!view) {
        if (code && !strcmp(code, "not_computed"))
            resp_error(out, 409, "not_computed", "year", "Chưa tính bảng xếp loại năm này của đơn vị (POST .../ratings/compute).");
        else internal(out);
        return;
    }
    json_object_set_new(view, "prepared_by", json_string(r->user.display_name[0] ? r->user.display_name : r->user.username));
    char path[512];
    if (io_temp_path(path, sizeof path, ".xlsx") != 0) { json_decref(view); internal(out); return; }
    int rc = eval_xlsx_write(path, view);
    size_t nrows = json_array_size(json_object_get(view, "rows"));
    json_decref(view);
    char *buf = NULL;
    size_t len = 0;
    if (rc == 0) rc = io_read_file(path, &buf, &len);
    unlink(path);
    if (rc != 0) { internal(out); return; }
    free(out->body);
    out->body = buf;
    out->len = len;
    out->status = 200;
    out->content_type = CT_XLSX;
    snprintf(out->extra_header[0], sizeof out->extra_header[0],
             "Content-Disposition: attachment; filename=\"ket-qua-xep-loai-%" PRId64 "-%" PRId64 ".xlsx\"", unit, year);
    snprintf(out->extra_header[1], sizeof out->extra_header[1], "X-Row-Count: %zu", nrows);
}

/* ------------------------------------------------------------------------ */
/* Peer comparison                                                          */
/* ------------------------------------------------------------------------ */

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* Quantile p (0..1) of sorted values, linear interpolation between closest
 * ranks (Hyndman-Fan type 7, Excel QUARTILE.INC), in hundredths, rounded
 * half up. */
static int64_t quantile(const int64_t *v, size_t n, int num, int den)
{
    /* h = (n-1)*p exactly: (n-1)*num/den */
    uint64_t hn = (uint64_t)(n - 1) * (uint64_t)num;
    size_t lo = (size_t)(hn / (uint64_t)den);
    uint64_t frac = hn % (uint64_t)den; /* /den */
    if (lo + 1 >= n || frac == 0) return v[lo];
    /* v[lo] + frac/den*(v[lo+1]-v[lo]), rounded half up */
    int64_t diff = v[lo + 1] - v[lo];
    int64_t q = (int64_t)((2 * (int64_t)frac * diff + den) / (2 * den));
    return v[lo] + q;
}

/* Year score and level of one row: decided board row, else the average of
 * the approved period scores (NĐ 335 Art. 21) and its band (Art. 20). */
static void year_of(const struct eval_regime *g, const struct rep_year *y, int64_t *score, const char **level)
{
    *score = -1;
    *level = NULL;
    if (y->decided) {
        *score = y->score_x100;
        *level = y->level;
        return;
    }
    int32_t avg;
    if (g && g->scored && y->nperiods && score_annual(g, y->periods, y->nperiods, &avg) == 0) {
        *score = avg;
        *level = rating_level_code(rating_band(g, avg));
    }
}

/* The group's distribution; person_id > 0 adds the person's place. NULL on error. */
static json_t *peer_stats(struct req *r, enum rep_basis basis, const char *key, int64_t year, int64_t person_id)
{
    struct rep_year *ys = NULL;
    size_t n = 0;
    if (db_rep_peer_years(r->db, basis, key, year, &ys, &n) != 0) return NULL;
    const struct eval_regime *g = regime_for_year(CAT_CONG_CHUC, (int)year);
    int64_t *scores = malloc((n ? n : 1) * sizeof *scores);
    if (!scores) { free(ys); return NULL; }
    size_t ns = 0;
    int lv[5] = {0}; /* HTXS HTT HTNV KHT other */
    int bands[10] = {0};
    int decided = 0;
    int64_t pscore = -1;
    const char *plevel = NULL;
    int psource = 0, pfound = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t s;
        const char *l;
        year_of(g, &ys[i], &s, &l);
        decided += ys[i].decided;
        if (ys[i].person_id == person_id) {
            pfound = 1;
            pscore = s;
            plevel = l;
            psource = ys[i].decided ? 1 : 2;
        }
        if (l && !strcmp(l, "HTXS")) lv[0]++;
        else if (l && !strcmp(l, "HTT")) lv[1]++;
        else if (l && !strcmp(l, "HTNV")) lv[2]++;
        else if (l && !strcmp(l, "KHT")) lv[3]++;
        else lv[4]++;
        if (s >= 0) {
            scores[ns++] = s;
            int b = (int)(s / 1000);
            bands[b > 9 ? 9 : b]++;
        }
    }
    qsort(scores, ns, sizeof *scores, cmp_i64);
    int suppressed = (int)n < PEER_MIN_GROUP && r->user.role != ROLE_ADMIN;
    json_t *res = json_pack("{s:I, s:s, s:s, s:I, s:I, s:I, s:i, s:b}", "year", (json_int_t)year,
                            "basis", basis == REP_BASIS_POSITION ? "position" : "rank_group", "key", key,
                            "group_size", (json_int_t)n, "scored", (json_int_t)ns, "decided", (json_int_t)decided,
                            "min_group", PEER_MIN_GROUP, "suppressed", suppressed);
    if (!suppressed) {
        json_object_set_new(res, "levels", json_pack("{s:i, s:i, s:i, s:i, s:i}", "HTXS", lv[0], "HTT", lv[1],
                                                     "HTNV", lv[2], "KHT", lv[3], "other", lv[4]));
        json_t *ba = json_array();
        for (int b = 0; b < 10; b++)
            json_array_append_new(ba, json_pack("{s:i, s:i, s:i}", "from", b * 10, "to", b * 10 + 10, "count", bands[b]));
        json_object_set_new(res, "bands", ba);
        json_object_set_new(res, "quartiles", ns ? json_pack("{s:o, s:o, s:o, s:o, s:o}", "min", hstr(scores[0]),
                                                              "q1", hstr(quantile(scores, ns, 1, 4)), "median", hstr(quantile(scores, ns, 1, 2)),
                                                              "q3", hstr(quantile(scores, ns, 3, 4)), "max", hstr(scores[ns - 1]))
                                                 : json_null());
    } else {
        json_object_set_new(res, "levels", json_null());
        json_object_set_new(res, "bands", json_null());
        json_object_set_new(res, "quartiles", json_null());
    }
    if (person_id > 0) {
        json_object_set_new(res, "person_id", json_integer(person_id));
        json_object_set_new(res, "score", pscore >= 0 ? hstr(pscore) : json_null());
        json_object_set_new(res, "level", plevel ? json_string(plevel) : json_null());
        json_object_set_new(res, "source", psource == 1 ? json_string("decided") : psource == 2 ? json_string("periods") : json_null());
        /* peers = the group without the person; percentile over the scored ones */
        int64_t lower = 0, equal = 0, npeers = (int64_t)n - pfound, nscored = (int64_t)ns - (pfound && pscore >= 0);
        if (pscore >= 0)
            for (size_t i = 0; i < ns; i++) {
                if (scores[i] < pscore) lower++;
                else if (scores[i] == pscore) equal++;
            }
        if (pscore >= 0) equal--; /* the person */
        json_object_set_new(res, "peers", json_integer(npeers));
        if (pscore >= 0 && nscored > 0 && !suppressed) {
            /* 100 x (lower + equal/2) / peers, to one decimal (half up) */
            int64_t x10 = (2000 * lower + 1000 * equal + nscored) / (2 * nscored);
            json_object_set_new(res, "percentile", json_real((double)x10 / 10.0));
            json_object_set_new(res, "lower", json_integer(lower));
            json_object_set_new(res, "equal", json_integer(equal));
        } else {
            json_object_set_new(res, "percentile", json_null());
        }
    }
    free(scores);
    free(ys);
    return res;
}

static void person_peers(struct req *r, struct resp *out)
{
    int64_t pid = r->params[0], year = 0;
    if (!auth_person_in_scope(r->db, &r->user, pid)) { not_found(out); return; }
    if (query_year(r, &year, out)) return;
    const char *bq = req_query(r, "basis");
    if (bq && strcmp(bq, "position") && strcmp(bq, "rank")) {
        bad(out, "invalid_value", "basis", "Cơ sở so sánh phải là «position» (vị trí việc làm) hoặc «rank» (nhóm ngạch).");
        return;
    }
    char pos[256], rg[64];
    if (db_read_begin(r->db) != 0) { busy(out); return; }
    int rc = db_rep_person_basis(r->db, pid, pos, sizeof pos, rg, sizeof rg);
    if (rc != 0) { db_read_end(r->db); if (rc == 1) not_found(out); else internal(out); return; }
    enum rep_basis basis;
    const char *key;
    if ((!bq || !strcmp(bq, "position")) && pos[0]) { basis = REP_BASIS_POSITION; key = pos; }
    else if ((!bq || !strcmp(bq, "rank")) && rg[0]) { basis = REP_BASIS_RANK_GROUP; key = rg; }
    else {
        db_read_end(r->db);
        resp_error(out, 409, "no_peer_basis", bq ? "basis" : NULL,
                   "Hồ sơ chưa có vị trí việc làm hoặc ngạch nên không xác định được nhóm vị trí tương đương.");
        return;
    }
    json_t *res = peer_stats(r, basis, key, year, pid);
    db_read_end(r->db);
    if (!res) { internal(out); return; }
    resp_json(out, 200, res);
}

static void peers_distribution(struct req *r, struct resp *out)
{
    int64_t year = 0;
    if (query_year(r, &year, out)) return;
    const char *pos = req_query(r, "position"), *rank = req_query(r, "rank");
    if ((pos && rank) || (!pos && !rank) || (pos && (!*pos || strlen(pos) > 200)) || (rank && (!*rank || strlen(rank) > 64))) {
        bad(out, pos || rank ? "invalid_value" : "required", pos && rank ? "rank" : pos ? "position" : rank ? "rank" : "position",
            "Cần đúng một trong hai: position (vị trí việc làm) hoặc rank (mã ngạch hoặc nhóm ngạch).");
        return;
    }
    if (db_read_begin(r->db) != 0) { busy(out); return; }
    char rg[64];
    if (rank) {
        int rc = db_rep_rank_group(r->db, rank, rg, sizeof rg);
        if (rc != 0) {
            db_read_end(r->db);
            if (rc == 1) bad(out, "unknown_code", "rank", "Mã ngạch hoặc nhóm ngạch không có trong danh mục.");
            else internal(out);
            return;
        }
    }
    json_t *res = peer_stats(r, rank ? REP_BASIS_RANK_GROUP : REP_BASIS_POSITION, rank ? rg : pos, year, 0);
    db_read_end(r->db);
    if (!res) { internal(out); return; }
    resp_json(out, 200, res);
}

/* ------------------------------------------------------------------------ */
/* Flags                                                                    */
/* ------------------------------------------------------------------------ */

#define CITE_KHT_154 "NĐ 154/2025/NĐ-CP Điều 2 khoản 1 điểm e"
#define CITE_USE_335 "NĐ 335/2025/NĐ-CP Điều 23"
#define CITE_LAW_2025 "Luật Cán bộ, công chức 80/2025/QH15 Điều 27"
#define CITE_29_2023 "NĐ 29/2023/NĐ-CP Điều 2 khoản 1 điểm đ (hết hiệu lực từ 16/6/2025)"
#define CITE_LAW_2008 "Luật Cán bộ, công chức 22/2008/QH12 Điều 58 khoản 3 (trước 1/7/2025)"
#define CITE_BANDS_335 "NĐ 335/2025/NĐ-CP Điều 20"

static json_t *kht_flags(struct req *r, int64_t unit, int64_t year)
{
    json_t *rows = db_rep_flag_kht(r->db, unit, year);
    if (!rows) return NULL;
    json_t *out = json_array();
    int64_t last = 0;
    size_t i;
    json_t *o;
    json_array_foreach(rows, i, o) {
        int64_t pid = json_integer_value(json_object_get(o, "person_id"));
        if (pid == last) continue; /* board first, then history */
        last = pid;
        int board = !strcmp(json_string_value(json_object_get(o, "source")), "board");
        char reason[1200];
        snprintf(reason, sizeof reason,
                 "Xếp loại «Không hoàn thành nhiệm vụ» năm %" PRId64 "%s: thuộc diện xem xét tinh giản biên chế trong năm %" PRId64
                 " và năm %" PRId64 " (%s: xếp loại KHT trong năm trước liền kề hoặc trong năm xét, một năm là đủ); "
                 "cũng là căn cứ bố trí vị trí việc làm thấp hơn hoặc cho thôi việc (%s; %s).",
                 year, board ? " (bảng xếp loại đã được Hội đồng quyết định)" : " (kết quả xếp loại đã ghi nhận)",
                 year, year + 1, CITE_KHT_154, CITE_USE_335, CITE_LAW_2025);
        json_t *links = board ? json_pack("{s:I, s:O, s:O, s:I}", "person_id", (json_int_t)pid, "year_rating_id", json_object_get(o, "ref_id"),
                                          "decision_id", json_object_get(o, "decision_id"), "board_unit_id",
                                          json_integer_value(json_object_get(o, "board_unit_id")))
                              : json_pack("{s:I, s:O, s:O}", "person_id", (json_int_t)pid, "rating_history_id", json_object_get(o, "ref_id"),
                                          "decision_no", json_object_get(o, "decision_no"));
        json_array_append_new(out, json_pack("{s:I, s:O, s:O, s:I, s:s, s:s, s:o, s:s, s:s, s:o}", "person_id", (json_int_t)pid,
            "name", json_object_get(o, "name"), "unit_id", json_object_get(o, "unit_id"), "year", (json_int_t)year,
            "level", "KHT", "source", board ? "board" : "history", "score", score_or_null(json_object_get(o, "score_x100")),
            "rule", "nd154_2025_art2_1e", "reason", reason, "links", links));
    }
    json_decref(rows);
    return out;
}

static int is_low(const char *l) { return l && (!strcmp(l, "HTNV") || !strcmp(l, "KHT")); }

static json_t *below_flags(struct req *r, int64_t unit, int64_t year)
{
    json_t *per = db_rep_flag_periods_below(r->db, unit, year, HTNV_THRESHOLD_X100, BELOW_TIMES);
    json_t *lv = per ? db_rep_flag_levels(r->db, unit, year) : NULL;
    if (!per || !lv) { json_decref(per); json_decref(lv); return NULL; }
    json_t *out = json_array();
    size_t i, k;
    json_t *o, *q;
    json_array_foreach(per, i, o) {
        char list[600] = "";
        size_t nl = 0;
        json_t *ids = json_array();
        json_array_foreach(json_object_get(o, "periods"), k, q) {
            char sc[24];
            score_format(json_integer_value(json_object_get(q, "score_x100")), sc, sizeof sc);
            const char *kind = json_string_value(json_object_get(q, "period_kind"));
            if (nl < sizeof list)
                nl += (size_t)snprintf(list + nl, sizeof list - nl, "%s%s %" PRId64 ": %s điểm", nl ? ", " : "",
                                       kind && !strcmp(kind, "month") ? "tháng" : "quý",
                                       (int64_t)json_integer_value(json_object_get(q, "number")), sc);
            json_array_append(ids, json_object_get(q, "assessment_id"));
            json_object_set_new(q, "score", hstr(json_integer_value(json_object_get(q, "score_x100"))));
        }
        char reason[1400];
        snprintf(reason, sizeof reason,
                 "%zu kỳ đánh giá năm %" PRId64 " dưới ngưỡng hoàn thành nhiệm vụ (50 điểm, %s) — %s. Đưa vào diện xem xét đào tạo, "
                 "bồi dưỡng lại hoặc bố trí lại (kết quả đánh giá là căn cứ bố trí, đào tạo, bồi dưỡng: %s). "
                 "Ngưỡng «hai lần» là quy tắc quản lý của hệ thống, không phải quy định của văn bản.",
                 json_array_size(json_object_get(o, "periods")), year, CITE_BANDS_335, list, CITE_USE_335);
        json_array_append_new(out, json_pack("{s:O, s:O, s:O, s:I, s:s, s:O, s:s, s:{s:O, s:o}}", "person_id", json_object_get(o, "person_id"),
            "name", json_object_get(o, "name"), "unit_id", json_object_get(o, "unit_id"), "year", (json_int_t)year,
            "rule", "periods_below_htnv", "periods", json_object_get(o, "periods"), "reason", reason,
            "links", "person_id", json_object_get(o, "person_id"), "assessment_ids", ids));
    }
    /* two years running at HTNV or KHT: rows ordered by person, year, source
     * (board first), newest first; the first row of each (person, year) wins */
    size_t n = json_array_size(lv);
    for (i = 0; i < n;) {
        int64_t pid = json_integer_value(json_object_get(json_array_get(lv, i), "person_id"));
        json_t *y0 = NULL, *y1 = NULL;
        size_t j = i;
        for (; j < n && json_integer_value(json_object_get(json_array_get(lv, j), "person_id")) == pid; j++) {
            json_t *x = json_array_get(lv, j);
            int64_t y = json_integer_value(json_object_get(x, "year"));
            if (y == year - 1 && !y0) y0 = x;
            if (y == year && !y1) y1 = x;
        }
        i = j;
        if (!y0 || !y1) continue;
        const char *l0 = json_string_value(json_object_get(y0, "level")), *l1 = json_string_value(json_object_get(y1, "level"));
        if (!is_low(l0) || !is_low(l1)) continue;
        int k0 = !strcmp(l0, "KHT"), k1 = !strcmp(l1, "KHT");
        char reason[1600];
        if (k0 && k1)
            snprintf(reason, sizeof reason,
                     "KHT hai năm liên tiếp (%" PRId64 ", %" PRId64 "). Trước đây là trường hợp cho thôi việc (%s); nay mỗi năm KHT đã "
                     "thuộc diện xem xét tinh giản biên chế (%s) và là căn cứ bố trí vị trí thấp hơn hoặc cho thôi việc (%s; %s).",
                     year - 1, year, CITE_LAW_2008, CITE_KHT_154, CITE_USE_335, CITE_LAW_2025);
        else if (k0 || k1)
            snprintf(reason, sizeof reason,
                     "Một năm HTNV và một năm KHT trong hai năm liên tiếp (%" PRId64 ": %s, %" PRId64 ": %s): trường hợp tinh giản của %s; "
                     "nay theo %s chỉ cần năm KHT là thuộc diện xem xét tinh giản. Đưa vào diện xem xét đào tạo, bồi dưỡng lại (%s).",
                     year - 1, l0, year, l1, CITE_29_2023, CITE_KHT_154, CITE_USE_335);
        else
            snprintf(reason, sizeof reason,
                     "Hoàn thành nhiệm vụ (mức thấp nhất đạt yêu cầu) hai năm liên tiếp (%" PRId64 ", %" PRId64 "): không phải căn cứ tinh "
                     "giản biên chế theo %s; đưa vào diện xem xét đào tạo, bồi dưỡng lại hoặc bố trí lại (%s).",
                     year - 1, year, CITE_KHT_154, CITE_USE_335);
        json_array_append_new(out, json_pack("{s:I, s:O, s:O, s:I, s:s, s:[{s:I, s:s, s:O}, {s:I, s:s, s:O}], s:s, s:{s:I, s:[{s:O, s:O}, {s:O, s:O}]}}",
            "person_id", (json_int_t)pid, "name", json_object_get(y1, "name"), "unit_id", json_object_get(y1, "unit_id"),
            "year", (json_int_t)year, "rule", "two_years_htnv_or_kht",
            "years", "year", (json_int_t)(year - 1), "level", l0, "source", json_object_get(y0, "source"),
            "year", (json_int_t)year, "level", l1, "source", json_object_get(y1, "source"),
            "reason", reason,
            "links", "person_id", (json_int_t)pid, "ratings", "source", json_object_get(y0, "source"), "id", json_object_get(y0, "ref_id"),
            "source", json_object_get(y1, "source"), "id", json_object_get(y1, "ref_id")));
    }
    json_decref(per);
    json_decref(lv);
    return out;
}

struct anom_ctx {
    struct req *r;
    double factor;
    int64_t min_peers;
    json_t *out;
    int err;
};

static int cmp_qty(const void *a, const void *b) { return cmp_i64(a, b); }

static int anom_group(void *ud, const struct rep_task_qty *t, size_t n)
{
    struct anom_ctx *c = ud;
    int64_t *v = malloc(n * sizeof *v);
    if (!v) return -1;
    size_t m = 0;
    int any_scope = 0;
    for (size_t i = 0; i < n; i++) {
        if (t[i].qty > 0) v[m++] = t[i].qty;
        any_scope |= t[i].in_scope;
    }
    if (!any_scope || (int64_t)m < c->min_peers) { free(v); return 0; }
    qsort(v, m, sizeof *v, cmp_qty);
    double median = m % 2 ? (double)v[m / 2] : ((double)v[m / 2 - 1] + (double)v[m / 2]) / 2.0;
    free(v);
    if (median <= 0) return 0;
    char pname[300] = "", measure[100] = "";
    int named = 0;
    for (size_t i = 0; i < n; i++) {
        if (!t[i].in_scope || (double)t[i].qty <= c->factor * median) continue;
        if (!named) {
            if (db_rep_product_name(c->r->db, t[i].product_type_id, pname, sizeof pname, measure, sizeof measure) < 0) return -1;
            named = 1;
        }
        char name[300];
        if (db_rep_person_name(c->r->db, t[i].person_id, name, sizeof name) < 0) return -1;
        json_t *results = db_rep_task_results(c->r->db, t[i].task_id);
        if (!results) return -1;
        double ratio = (double)t[i].qty / median;
        char reason[900];
        snprintf(reason, sizeof reason,
                 "Báo cáo %" PRId64 " %s «%s» (%s %d) — gấp %.1f lần trung vị %.1f của %zu nhiệm vụ cùng loại sản phẩm trong năm "
                 "(ngưỡng: gấp %.1f lần). Người xác minh cần kiểm tra lại minh chứng.",
                 t[i].qty, measure[0] ? measure : "sản phẩm", pname, !strcmp(t[i].period_kind, "month") ? "tháng" : "quý",
                 t[i].number, ratio, median, m, c->factor);
        json_array_append_new(c->out, json_pack("{s:s, s:I, s:s, s:I, s:I, s:I, s:s, s:s, s:i, s:I, s:f, s:I, s:f, s:s, s:{s:I, s:I, s:I, s:o}}",
            "kind", "above_median", "person_id", (json_int_t)t[i].person_id, "name", name, "unit_id", (json_int_t)t[i].unit_id,
            "task_id", (json_int_t)t[i].task_id, "product_type_id", (json_int_t)t[i].product_type_id, "product", pname,
            "period_kind", t[i].period_kind, "number", t[i].number, "quantity", (json_int_t)t[i].qty, "median", median,
            "peers", (json_int_t)m, "ratio", round(ratio * 100) / 100, "reason", reason,
            "links", "person_id", (json_int_t)t[i].person_id, "task_id", (json_int_t)t[i].task_id,
            "product_type_id", (json_int_t)t[i].product_type_id, "result_ids", results));
    }
    return 0;
}

static void flags_get(struct req *r, struct resp *out)
{
    if (r->user.role == ROLE_STAFF || r->user.role == ROLE_NONE) {
        resp_error(out, 403, "forbidden", NULL, "Bạn không có quyền xem danh sách cảnh báo.");
        return;
    }
    int64_t year = 0, unit = 0, days = ANOM_DAYS, min_peers = ANOM_MIN_PEERS;
    if (query_year(r, &year, out) || query_int(r, "unit", 1, INT64_MAX, &unit, out) ||
        query_int(r, "days", 0, 3650, &days, out) || query_int(r, "min_peers", 2, 100000, &min_peers, out))
        return;
    double factor = ANOM_FACTOR;
    const char *fs = req_query(r, "factor");
    if (fs) {
        char *end = NULL;
        factor = strtod(fs, &end);
        if (!*fs || *end || !(factor > 1.0 && factor <= 1000.0)) {
            bad(out, "invalid_value", "factor", "Hệ số phải là số lớn hơn 1 và không quá 1000 (mặc định 3).");
            return;
        }
    }
    if (unit) {
        if (!auth_unit_in_scope(r->db, &r->user, unit)) { resp_error(out, 404, "not_found", "unit", "Không tìm thấy đơn vị."); return; }
    } else if (r->user.role != ROLE_ADMIN) unit = r->user.unit_id;
    char before[32];
    iso_at(time(NULL) - (time_t)days * 86400, before);
    if (db_read_begin(r->db) != 0) { busy(out); return; }
    json_t *kht = kht_flags(r, unit, year);
    json_t *below = kht ? below_flags(r, unit, year) : NULL;
    struct anom_ctx ac = {r, factor, min_peers, json_array(), 0};
    int arc = below ? db_rep_task_groups(r->db, unit, year, anom_group, &ac) : -1;
    json_t *noev = arc == 0 ? db_rep_flag_no_evidence(r->db, unit, year, before) : NULL;
    db_read_end(r->db);
    if (!kht || !below || arc != 0 || !noev) {
        json_decref(kht);
        json_decref(below);
        json_decref(ac.out);
        json_decref(noev);
        internal(out);
        return;
    }
    time_t now = time(NULL);
    size_t i;
    json_t *o;
    json_array_foreach(noev, i, o) {
        struct tm tm;
        memset(&tm, 0, sizeof tm);
        const char *at = json_string_value(json_object_get(o, "reported_at"));
        int64_t age = -1;
        /* The reason is read by people: the report date in Vietnam time, dd/mm/yyyy. */
        char shown[16] = "";
        if (at && strptime(at, "%Y-%m-%dT%H:%M:%S", &tm)) {
            time_t t = timegm(&tm);
            age = (int64_t)((now - t) / 86400);
            time_t vn = t + 7 * 3600;
            struct tm l;
            gmtime_r(&vn, &l);
            strftime(shown, sizeof shown, "%d/%m/%Y", &l);
        }
        char reason[600];
        snprintf(reason, sizeof reason,
                 "Kết quả báo cáo ngày %s chưa có minh chứng sau %" PRId64 " ngày (ngưỡng %" PRId64 " ngày): chưa được tính cho đến khi có "
                 "minh chứng và được xác minh.", shown, age, days);
        json_array_append_new(ac.out, json_pack("{s:s, s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:I, s:s, s:{s:O, s:O, s:O}}",
            "kind", "no_evidence", "person_id", json_object_get(o, "person_id"), "name", json_object_get(o, "name"),
            "unit_id", json_object_get(o, "unit_id"), "result_id", json_object_get(o, "result_id"),
            "task_id", json_object_get(o, "task_id"), "quantity", json_object_get(o, "quantity"),
            "reported_at", json_object_get(o, "reported_at"), "period_kind", json_object_get(o, "period_kind"),
            "number", json_object_get(o, "number"), "age_days", (json_int_t)age, "reason", reason,
            "links", "person_id", json_object_get(o, "person_id"), "task_id", json_object_get(o, "task_id"),
            "result_id", json_object_get(o, "result_id")));
    }
    json_decref(noev);
    resp_json(out, 200, json_pack("{s:o, s:I, s:{s:f, s:I, s:I, s:i, s:i}, s:{s:I, s:I, s:I}, s:o, s:o, s:o, s:s}",
        "unit_id", unit ? json_integer(unit) : json_null(), "year", (json_int_t)year,
        "params", "factor", factor, "min_peers", (json_int_t)min_peers, "days", (json_int_t)days,
        "threshold", HTNV_THRESHOLD_X100 / 100, "times", BELOW_TIMES,
        "counts", "kht", (json_int_t)json_array_size(kht), "below_twice", (json_int_t)json_array_size(below),
        "anomalies", (json_int_t)json_array_size(ac.out),
        "kht", kht, "below_twice", below, "anomalies", ac.out,
        "note", "Trước khi xem xét tinh giản, kiểm tra các trường hợp không áp dụng (NĐ 154/2025/NĐ-CP): đang mang thai, nghỉ thai "
                "sản, nuôi con dưới 36 tháng tuổi (trừ khi tự nguyện); đang bị xem xét kỷ luật, truy cứu trách nhiệm hình sự hoặc thanh "
                "tra, kiểm tra do có dấu hiệu vi phạm."));
}

const struct route api_eval_report_routes[] = {
    {"GET", "/api/v1/eval/publications", publications_list, 0},
    {"POST", "/api/v1/eval/units/:id/ratings/publish", ratings_publish, 0},
    {"GET", "/api/v1/eval/units/:id/ratings/published", ratings_published, 0},
    {"GET", "/api/v1/eval/units/:id/ratings/export.xlsx", ratings_export, 0},
    {"GET", "/api/v1/eval/people/:id/peers", person_peers, 0},
    {"GET", "/api/v1/eval/peers", peers_distribution, 0},
    {"GET", "/api/v1/eval/flags", flags_get, 0},
    {NULL, NULL, NULL, 0},
};

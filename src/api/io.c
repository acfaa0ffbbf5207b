/* Import and export endpoints: people lists as .xlsx/.csv, the printable CV
 * (one person, or a unit), the structure statistics workbook, the import
 * template, and spreadsheet uploads imported by background jobs.
 *
 * Every read is scope-checked through auth/ (404 outside the scope); imports
 * need officer or admin. An import runs in its own thread with its own
 * database connection; jobs live in memory (mutex-protected) and only the
 * user who submitted one can read it. */
#include "api/api.h"
#include "api/people.h"
#include "auth/audit.h"
#include "core/date.h"
#include "core/vntext.h"
#include "db/person.h"
#include "io/cv_pdf.h"
#include "io/people_export.h"
#include "io/people_import.h"
#include "io/sheet.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#define CT_XLSX "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#define CT_CSV "text/csv; charset=utf-8"
#define CT_PDF "application/pdf"
#define API_CV_MAX 500          /* people per bulk CV request */
#define JOBS_RUNNING_MAX 2
#define JOBS_KEPT_MAX 64

static void internal(struct resp *out) { resp_error(out, 500, "internal", NULL, "Lỗi hệ thống."); }

static void attach(struct resp *out, const char *base, const char *ext)
{
    char today[11];
    api_today(today);
    snprintf(out->extra_header[0], sizeof out->extra_header[0], "Content-Disposition: attachment; filename=\"%s-%s.%s\"",
             base, today, ext);
}

/* Serves a whole file as the body and removes it. */
static void send_file(struct resp *out, const char *path, const char *ctype)
{
    char *buf;
    size_t len;
    int rc = io_read_file(path, &buf, &len);
    unlink(path);
    if (rc != 0) { internal(out); return; }
    free(out->body);
    out->body = buf;
    out->len = len;
    out->status = 200;
    out->content_type = ctype;
}

/* --- GET /people/export ------------------------------------------------------------ */


/* The filters and order of GET /api/v1/people (same parameters, same checks;
 * kept in step with people_list in api/people.c). */
/* Appends an audit entry in its own transaction (reads of sensitive data). */
static int audit_read(struct req *r, const char *action, const char *entity, int64_t id, const char *after)
{
    struct actor a;
    api_actor(r, &a);
    if (db_begin(r->db) != 0) return -1;
    if (audit_append(r->db, &a, action, entity, id, NULL, after) != 0 || db_commit(r->db) != 0) {
        db_rollback(r->db);
        return -1;
    }
    return 0;
}

static void people_export(struct req *r, struct resp *out)
{
    const char *format = req_query(r, "format");
    if (!format) format = "xlsx";
    int xlsx = !strcmp(format, "xlsx");
    if (!xlsx && strcmp(format, "csv") != 0) {
        resp_error(out, 400, "invalid_value", "format", "Định dạng phải là «xlsx» hoặc «csv».");
        return;
    }
    struct person_filter f;
    char bfrom[11], bto[11];
    if (people_filter_from_query(r, &f, bfrom, bto, out) != 0) return;
    const char *sens = req_query(r, "sensitive");
    int with_sensitive = sens && (!strcmp(sens, "1") || !strcmp(sens, "true"));
    if (with_sensitive && !auth_can_read_sensitive(&r->user)) {
        resp_error(out, 403, "forbidden", "sensitive", "Bạn không có quyền xuất nhóm thông tin nhạy cảm.");
        return;
    }
    const char *sep = req_query(r, "sep");
    struct export_opts o = {&r->user, &f, with_sensitive, sep && (!strcmp(sep, ";") || !strcmp(sep, "semicolon")) ? ';' : ','};
    long count = 0;
    if (xlsx) {
        char path[512];
        if (io_temp_path(path, sizeof path, ".xlsx") != 0) { internal(out); return; }
        if (people_export_xlsx(r->db, &o, path, &count) != 0) { unlink(path); internal(out); return; }
        if (with_sensitive) {
            char after[96];
            snprintf(after, sizeof after, "{\"groups\":\"health political\",\"people\":%ld,\"via\":\"export\"}", count);
            if (audit_read(r, "people.export_sensitive", "person", 0, after) != 0) {
                unlink(path);
                resp_error(out, 503, "audit_failed", NULL, "Không ghi được nhật ký truy cập; không trả dữ liệu nhạy cảm.");
                return;
            }
        }
        send_file(out, path, CT_XLSX);
        attach(out, "danh-sach-can-bo", "xlsx");
    } else {
        char *buf = NULL;
        size_t len = 0;
        FILE *mf = open_memstream(&buf, &len);
        if (!mf) { internal(out); return; }
        int rc = people_export_csv(r->db, &o, mf, &count);
        if (fclose(mf) != 0) rc = -1;
        if (rc != 0) { free(buf); internal(out); return; }
        if (with_sensitive) {
            char after[96];
            snprintf(after, sizeof after, "{\"groups\":\"health political\",\"people\":%ld,\"via\":\"export\"}", count);
            if (audit_read(r, "people.export_sensitive", "person", 0, after) != 0) {
                free(buf);
                resp_error(out, 503, "audit_failed", NULL, "Không ghi được nhật ký truy cập; không trả dữ liệu nhạy cảm.");
                return;
            }
        }
        free(out->body);
        out->body = buf;
        out->len = len;
        out->status = 200;
        out->content_type = CT_CSV;
        attach(out, "danh-sach-can-bo", "csv");
    }
    snprintf(out->extra_header[1], sizeof out->extra_header[1], "X-Row-Count: %ld", count);
}

/* --- CV PDFs ----------------------------------------------------------------------- */

static int pdf_into(struct resp *out, char *buf, size_t len)
{
    free(out->body);
    out->body = buf;
    out->len = len;
    out->status = 200;
    out->content_type = CT_PDF;
    return 0;
}

static void person_cv(struct req *r, struct resp *out)
{
    int64_t id = r->params[0];
    if (!auth_person_in_scope(r->db, &r->user, id)) { resp_error(out, 404, "not_found", NULL, "Không tìm thấy hồ sơ."); return; }
    int own = r->user.role == ROLE_STAFF && r->user.person_id == id;
    int with_sensitive = auth_can_read_sensitive(&r->user) || own;
    char *buf = NULL;
    size_t len = 0;
    FILE *mf = open_memstream(&buf, &len);
    if (!mf) { internal(out); return; }
    int pages = 0;
    int rc = cv_pdf_person(r->db, &r->user, id, with_sensitive, mf, &pages);
    if (fclose(mf) != 0 && rc == 0) rc = -1;
    if (rc != 0) {
        free(buf);
        if (rc == 1) resp_error(out, 404, "not_found", NULL, "Không tìm thấy hồ sơ.");
        else internal(out);
        return;
    }
    if (with_sensitive && audit_read(r, "person.read_sensitive", "person", id,
                                     "{\"groups\":\"family political health\",\"via\":\"cv.pdf\"}") != 0) {
        free(buf);
        resp_error(out, 503, "audit_failed", NULL, "Không ghi được nhật ký truy cập; không trả dữ liệu nhạy cảm.");
        return;
    }
    pdf_into(out, buf, len);
    char name[40];
    snprintf(name, sizeof name, "so-yeu-ly-lich-%lld", (long long)id);
    attach(out, name, "pdf");
}

struct idlist { int64_t *v; size_t n, cap; };

static int collect_id(void *ud, int64_t id)
{
    struct idlist *l = ud;
    if (l->n == l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 64;
        int64_t *nv = realloc(l->v, nc * sizeof *nv);
        if (!nv) return -1;
        l->v = nv;
        l->cap = nc;
    }
    l->v[l->n++] = id;
    return 0;
}

static void unit_cv(struct req *r, struct resp *out)
{
    int64_t unit = r->params[0];
    if (r->user.role == ROLE_STAFF || !auth_unit_in_scope(r->db, &r->user, unit)) {
        resp_error(out, 404, "not_found", NULL, "Không tìm thấy đơn vị.");
        return;
    }
    /* Bounded before rendering: the same list as GET /people?unit=ID. */
    struct scope sc;
    auth_scope(&r->user, &sc);
    struct person_filter f;
    memset(&f, 0, sizeof f);
    f.unit = unit;
    f.page = 1;
    f.per_page = 1;
    json_t *items = NULL;
    int64_t total = 0;
    int capped = 0;
    if (db_person_list(r->db, &sc, &f, &items, &total, &capped) != 0) { internal(out); return; }
    json_decref(items);
    if (capped || total > API_CV_MAX) {
        char msg[200];
        snprintf(msg, sizeof msg, "Đơn vị có quá %d người; hãy in theo từng đơn vị trực thuộc.", API_CV_MAX);
        resp_error(out, 413, "too_many_people", NULL, msg);
        return;
    }
    int with_sensitive = auth_can_read_sensitive(&r->user);
    char *buf = NULL;
    size_t len = 0;
    FILE *mf = open_memstream(&buf, &len);
    if (!mf) { internal(out); return; }
    struct idlist ids = {0};
    int pages = 0;
    long people = 0;
    int rc = cv_pdf_unit_ex(r->db, &r->user, unit, with_sensitive, mf, &pages, &people, collect_id, &ids);
    if (fclose(mf) != 0 && rc == 0) rc = -1;
    if (rc != 0) {
        free(buf);
        free(ids.v);
        internal(out);
        return;
    }
    if (with_sensitive && ids.n) {
        struct actor a;
        api_actor(r, &a);
        int ok = db_begin(r->db) == 0;
        for (size_t i = 0; ok && i < ids.n; i++)
            ok = audit_append(r->db, &a, "person.read_sensitive", "person", ids.v[i],
                              NULL, "{\"groups\":\"family political health\",\"via\":\"unit cv.pdf\"}") == 0;
        if (!ok || db_commit(r->db) != 0) {
            db_rollback(r->db);
            free(buf);
            free(ids.v);
            resp_error(out, 503, "audit_failed", NULL, "Không ghi được nhật ký truy cập; không trả dữ liệu nhạy cảm.");
            return;
        }
    }
    free(ids.v);
    pdf_into(out, buf, len);
    char name[40];
    snprintf(name, sizeof name, "so-yeu-ly-lich-don-vi-%lld", (long long)unit);
    attach(out, name, "pdf");
    snprintf(out->extra_header[1], sizeof out->extra_header[1], "X-Row-Count: %ld", people);
}

/* --- statistics, templates -------------------------------------------------------- */

static void stats_structure(struct req *r, struct resp *out)
{
    if (r->user.role == ROLE_STAFF) { resp_error(out, 403, "forbidden", NULL, "Bạn không có quyền xem thống kê."); return; }
    const char *v = req_query(r, "unit");
    int64_t unit = v ? atoll(v) : 0;
    if (v && (unit <= 0 || !auth_unit_in_scope(r->db, &r->user, unit))) {
        resp_error(out, 404, "not_found", "unit", "Không tìm thấy đơn vị.");
        return;
    }
    char path[512];
    if (io_temp_path(path, sizeof path, ".xlsx") != 0) { internal(out); return; }
    if (stats_export_xlsx(r->db, &r->user, unit, path) != 0) { unlink(path); internal(out); return; }
    send_file(out, path, CT_XLSX);
    attach(out, "thong-ke-co-cau", "xlsx");
}

static void template_xlsx(struct req *r, struct resp *out)
{
    char path[512];
    if (io_temp_path(path, sizeof path, ".xlsx") != 0 || people_template_xlsx(path) != 0) { unlink(path); internal(out); return; }
    send_file(out, path, CT_XLSX);
    snprintf(out->extra_header[0], sizeof out->extra_header[0], "Content-Disposition: attachment; filename=\"mau-nhap-can-bo.xlsx\"");
}

static void template_csv(struct req *r, struct resp *out)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *mf = open_memstream(&buf, &len);
    if (!mf) { internal(out); return; }
    int rc = people_template_csv(mf, 0);
    if (fclose(mf) != 0 || rc != 0) { free(buf); internal(out); return; }
    free(out->body);
    out->body = buf;
    out->len = len;
    out->status = 200;
    out->content_type = CT_CSV;
    snprintf(out->extra_header[0], sizeof out->extra_header[0], "Content-Disposition: attachment; filename=\"mau-nhap-can-bo.csv\"");
}

/* --- import jobs ---------------------------------------------------------------------- */

enum job_status { JOB_RUNNING, JOB_DONE, JOB_FAILED };

struct job {
    int64_t id;
    struct user user;             /* the submitter: rights, scope, audit */
    char db_path[1024];
    char name[256];
    int dry_run;
    char *data;                   /* the uploaded file, freed when the job ends */
    size_t len;
    enum job_status status;
    long processed, total;
    json_t *result;               /* import_result_json when finished */
    time_t created;
    struct job *next;
};

static pthread_mutex_t jobs_mu = PTHREAD_MUTEX_INITIALIZER;
static struct job *jobs;          /* newest first */
static int64_t jobs_next_id = 1;
static int jobs_running;

static void job_free(struct job *j)
{
    free(j->data);
    json_decref(j->result);
    free(j);
}

static void job_progress(void *ud, long done, long total)
{
    struct job *j = ud;
    pthread_mutex_lock(&jobs_mu);
    j->processed = done;
    j->total = total;
    pthread_mutex_unlock(&jobs_mu);
}

static void *job_main(void *arg)
{
    struct job *j = arg;
    struct import_result res;
    import_result_init(&res);
    int rc = -1;
    db *d = NULL;
    if (db_open(j->db_path, 0, &d) != 0) snprintf(res.message, sizeof res.message, "Không mở được cơ sở dữ liệu.");
    else {
        struct actor a = {j->user.id, j->user.username};
        struct import_opts o = {&j->user, &a, j->dry_run, j->name[0] ? j->name : NULL, job_progress, j};
        rc = people_import(d, j->data, j->len, &o, &res);
        db_close(d);
    }
    json_t *rj = import_result_json(&res);
    import_result_clear(&res);
    pthread_mutex_lock(&jobs_mu);
    j->status = rc == 0 ? JOB_DONE : JOB_FAILED;
    j->result = rj;
    if (res.total) j->total = res.total;
    j->processed = res.processed;
    free(j->data);
    j->data = NULL;
    j->len = 0;
    jobs_running--;
    pthread_mutex_unlock(&jobs_mu);
    return NULL;
}

/* Drops the oldest finished jobs beyond JOBS_KEPT_MAX. Caller holds jobs_mu. */
static void jobs_trim(void)
{
    int n = 0;
    struct job **pp = &jobs;
    while (*pp) {
        struct job *j = *pp;
        if (++n > JOBS_KEPT_MAX && j->status != JOB_RUNNING) {
            *pp = j->next;
            job_free(j);
            continue;
        }
        pp = &j->next;
    }
}

static int ctype_is(const char *ct, const char *want)
{
    size_t n = strlen(want);
    return ct && !strncasecmp(ct, want, n) && (ct[n] == 0 || ct[n] == ';' || ct[n] == ' ');
}

static void import_people(struct req *r, struct resp *out)
{
    if (!auth_can_write_people(&r->user)) { resp_error(out, 403, "forbidden", NULL, "Bạn không có quyền nhập hồ sơ."); return; }
    const char *ct = req_header(r, "Content-Type");
    int says_xlsx = ctype_is(ct, CT_XLSX);
    int says_csv = ctype_is(ct, "text/csv") || ctype_is(ct, "application/csv") || ctype_is(ct, "text/plain") ||
                   ctype_is(ct, "application/vnd.ms-excel");
    if (!says_xlsx && !says_csv && !ctype_is(ct, "application/octet-stream")) {
        resp_error(out, 415, "unsupported_media_type", NULL,
                   "Tệp nhập phải là .xlsx (" CT_XLSX ") hoặc .csv (text/csv).");
        return;
    }
    if (r->body_len == 0) { resp_error(out, 400, "required", NULL, "Tệp tải lên rỗng."); return; }
    enum sheet_format fmt = sheet_detect(r->body, r->body_len);
    if (fmt == SHEET_XLS) {
        resp_error(out, 400, "invalid_file", NULL, "Tệp Excel 97–2003 (.xls) không được hỗ trợ; hãy lưu lại dạng .xlsx hoặc CSV UTF-8.");
        return;
    }
    if (says_xlsx && fmt != SHEET_XLSX) {
        resp_error(out, 400, "invalid_file", NULL, "Nội dung tải lên không phải là tệp .xlsx.");
        return;
    }
    const char *dry = req_query(r, "dry_run");
    const char *name = req_query(r, "filename");
    if (!name) name = req_header(r, "X-File-Name");
    if (name && (strlen(name) > 200 || !utf8_valid(name, strlen(name)))) name = NULL;
    const char *path = sqlite3_db_filename(db_handle(r->db), "main");
    if (!path || !*path || strlen(path) >= sizeof ((struct job *)0)->db_path) { internal(out); return; }

    struct job *j = calloc(1, sizeof *j);
    if (!j || !(j->data = malloc(r->body_len))) {
        free(j);
        resp_error(out, 503, "busy", NULL, "Không đủ bộ nhớ để nhận tệp; vui lòng thử lại sau.");
        return;
    }
    memcpy(j->data, r->body, r->body_len);
    j->len = r->body_len;
    j->user = r->user;
    snprintf(j->db_path, sizeof j->db_path, "%s", path);
    if (name) snprintf(j->name, sizeof j->name, "%s", name);
    j->dry_run = dry && (!strcmp(dry, "1") || !strcmp(dry, "true"));
    j->created = time(NULL);
    j->status = JOB_RUNNING;

    pthread_mutex_lock(&jobs_mu);
    if (jobs_running >= JOBS_RUNNING_MAX) {
        pthread_mutex_unlock(&jobs_mu);
        job_free(j);
        resp_error(out, 429, "too_many_jobs", NULL, "Đang có quá nhiều lượt nhập tệp chạy cùng lúc; vui lòng thử lại sau ít phút.");
        return;
    }
    j->id = jobs_next_id++;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_t th;
    int started = pthread_create(&th, &attr, job_main, j) == 0;
    pthread_attr_destroy(&attr);
    if (!started) {
        pthread_mutex_unlock(&jobs_mu);
        job_free(j);
        resp_error(out, 503, "busy", NULL, "Không khởi động được việc nhập tệp; vui lòng thử lại sau.");
        return;
    }
    int64_t id = j->id;
    jobs_running++;
    j->next = jobs;
    jobs = j;
    jobs_trim();
    pthread_mutex_unlock(&jobs_mu);
    snprintf(out->extra_header[0], sizeof out->extra_header[0], "Location: /api/v1/import/jobs/%lld", (long long)id);
    resp_json(out, 202, json_pack("{s:I,s:s}", "job_id", (json_int_t)id, "status", "running"));
}

static void import_job(struct req *r, struct resp *out)
{
    json_t *reply = NULL;
    pthread_mutex_lock(&jobs_mu);
    for (struct job *j = jobs; j; j = j->next) {
        if (j->id != r->params[0]) continue;
        if (j->user.id != r->user.id) break;
        static const char *const names[] = {"running", "done", "failed"};
        reply = j->result ? json_deep_copy(j->result) : json_object();
        json_object_set_new(reply, "id", json_integer(j->id));
        json_object_set_new(reply, "status", json_string(names[j->status]));
        json_object_set_new(reply, "dry_run", json_boolean(j->dry_run));
        json_object_set_new(reply, "processed", json_integer(j->processed));
        json_object_set_new(reply, "total", json_integer(j->total));
        if (!j->result) {
            json_object_set_new(reply, "created", json_integer(0));
            json_object_set_new(reply, "updated", json_integer(0));
            json_object_set_new(reply, "report", json_pack("{s:[]}", "rows"));
        }
        break;
    }
    pthread_mutex_unlock(&jobs_mu);
    if (!reply) { resp_error(out, 404, "not_found", NULL, "Không tìm thấy lượt nhập này."); return; }
    resp_json(out, 200, reply);
}

const struct route api_io_routes[] = {
    {"GET", "/api/v1/people/export", people_export, 0},
    {"GET", "/api/v1/people/:id/cv.pdf", person_cv, 0},
    {"GET", "/api/v1/units/:id/cv.pdf", unit_cv, 0},
    {"GET", "/api/v1/stats/structure.xlsx", stats_structure, 0},
    {"GET", "/api/v1/import/template.xlsx", template_xlsx, 0},
    {"GET", "/api/v1/import/template.csv", template_csv, 0},
    {"POST", "/api/v1/import/people", import_people, ROUTE_BIG_BODY | ROUTE_RAW_BODY},
    {"GET", "/api/v1/import/jobs/:id", import_job, 0},
    {NULL, NULL, NULL, 0},
};

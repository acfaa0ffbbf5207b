/* Load generator for the online sitting (issue 5; docs/exam-sitting.md,
 * bench/bench_exam_load.sh): N candidates in one sitting, each saving an
 * answer every INTERVAL seconds (evenly spread), through the real HTTP API
 * with their own candidate sessions, over loopback only, for DURATION
 * seconds. Reports p50/p99/max save latency and errors as Markdown.
 *
 *   exam_load --port P --password ADMIN_PW [--candidates 5000]
 *             [--interval 10] [--duration 60] [--conns 2000] [--out FILE]
 *   exam_load --probe SECONDS     (scheduler jitter of the machine, no load)
 *
 * It sets everything up through the API as admin first (subject, bank,
 * exam, sitting, candidates, forms, one-time codes), then signs every
 * candidate in and starts their attempt, then runs the timed load. A save's
 * latency is measured from the moment it was due by the schedule to the
 * complete HTTP response, so a client that falls behind shows as latency
 * (no coordinated omission). Built with libcurl (multi interface) and
 * jansson; not linked into canbo. */
#include <curl/curl.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

static int port = 0, n_cand = 5000, interval_s = 10, duration_s = 60, max_conns = 2000, items_per_form = 10;
static const char *admin_pw = NULL, *out_path = NULL;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "exam_load: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    exit(1);
}

struct buf { char *p; size_t n; };

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *ud)
{
    struct buf *b = ud;
    size_t k = size * nmemb;
    if (b->n + k > (16u << 20)) return 0;
    char *np = realloc(b->p, b->n + k + 1);
    if (!np) return 0;
    memcpy(np + b->n, ptr, k);
    b->p = np;
    b->n += k;
    b->p[b->n] = 0;
    return k;
}

/* ---- admin setup over one keep-alive easy handle ---- */

static CURL *adm;
static char adm_cookie[128], adm_csrf_hdr[96];

static size_t adm_header(char *ptr, size_t size, size_t nmemb, void *ud)
{
    char *cookie = ud;
    size_t k = size * nmemb;
    if (k > 12 && !strncasecmp(ptr, "Set-Cookie: ", 12)) {
        size_t n = strcspn(ptr + 12, ";\r\n");
        if (n < 120) { memcpy(cookie, ptr + 12, n); cookie[n] = 0; }
    }
    return k;
}

/* Performs a request; dies unless the status is `want`. Returns the parsed body. */
static json_t *api(const char *method, const char *path, const char *body, long want)
{
    char url[512];
    snprintf(url, sizeof url, "http://127.0.0.1:%d%s", port, path);
    struct curl_slist *h = NULL;
    h = curl_slist_append(h, "Content-Type: application/json");
    if (adm_csrf_hdr[0]) h = curl_slist_append(h, adm_csrf_hdr);
    struct buf b = {NULL, 0};
    curl_easy_setopt(adm, CURLOPT_URL, url);
    curl_easy_setopt(adm, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(adm, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(adm, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(adm, CURLOPT_WRITEDATA, &b);
    curl_easy_setopt(adm, CURLOPT_HEADERFUNCTION, adm_header);
    curl_easy_setopt(adm, CURLOPT_HEADERDATA, adm_cookie);
    curl_easy_setopt(adm, CURLOPT_COOKIE, adm_cookie[0] ? adm_cookie : NULL);
    curl_easy_setopt(adm, CURLOPT_TIMEOUT, 600L);
    if (body) {
        curl_easy_setopt(adm, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(adm, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
    } else {
        curl_easy_setopt(adm, CURLOPT_POSTFIELDS, NULL);
        curl_easy_setopt(adm, CURLOPT_HTTPGET, 1L);
        curl_easy_setopt(adm, CURLOPT_CUSTOMREQUEST, method);
    }
    long st = 0;
    CURLcode rc = curl_easy_perform(adm);
    if (rc == CURLE_OK) curl_easy_getinfo(adm, CURLINFO_RESPONSE_CODE, &st);
    curl_slist_free_all(h);
    if (st != want) die("%s %s: %ld (%s) %.300s", method, path, st, curl_easy_strerror(rc), b.p ? b.p : "");
    json_t *j = b.p ? json_loads(b.p, 0, NULL) : NULL;
    free(b.p);
    return j;
}

static long long jid(json_t *j, const char *key)
{
    long long v = (long long)json_integer_value(json_object_get(j, key));
    json_decref(j);
    return v;
}

struct cand {
    long long id;
    char code[16];
    char cookie[80];
    char csrf_hdr[80];
    CURL *h;
    struct curl_slist *hdrs;
    struct buf b;
    int busy;
    long long seq;
    double due;           /* schedule time of the request in flight */
    double sent;          /* when it was handed to libcurl */
    char body[96];
};
static struct cand *cands;

static size_t cand_header(char *ptr, size_t size, size_t nmemb, void *ud)
{
    struct cand *c = ud;
    size_t k = size * nmemb;
    if (k > 12 && !strncasecmp(ptr, "Set-Cookie: ", 12)) {
        size_t n = strcspn(ptr + 12, ";\r\n");
        if (n < sizeof c->cookie) { memcpy(c->cookie, ptr + 12, n); c->cookie[n] = 0; }
    }
    return k;
}

static void setup(void)
{
    char body[1024], path[256];
    snprintf(body, sizeof body, "{\"username\":\"admin\",\"password\":\"%s\"}", admin_pw);
    json_t *j = api("POST", "/api/v1/auth/login", body, 200);
    snprintf(adm_csrf_hdr, sizeof adm_csrf_hdr, "X-CSRF-Token: %s", json_string_value(json_object_get(j, "csrf_token")));
    json_decref(j);
    char code[32];
    snprintf(code, sizeof code, "bench%ld", (long)time(NULL) % 1000000);
    snprintf(body, sizeof body, "{\"code\":\"%s\",\"name\":\"Môn thi đo tải\"}", code);
    long long subj = jid(api("POST", "/api/v1/exam/subjects", body, 201), "id");
    snprintf(path, sizeof path, "/api/v1/exam/subjects/%lld/topics", subj);
    long long topic = jid(api("POST", path, "{\"code\":\"chung\",\"name\":\"Kiến thức chung\"}", 201), "id");
    j = api("GET", "/api/v1/users", NULL, 200);
    long long admin_id = 0;
    for (size_t i = 0; i < json_array_size(json_object_get(j, "items")); i++) {
        json_t *u = json_array_get(json_object_get(j, "items"), i);
        if (!strcmp(json_string_value(json_object_get(u, "username")), "admin")) admin_id = json_integer_value(json_object_get(u, "id"));
    }
    json_decref(j);
    snprintf(path, sizeof path, "/api/v1/exam/subjects/%lld/members", subj);
    snprintf(body, sizeof body, "{\"user_id\":%lld,\"role\":\"board\"}", admin_id);
    json_decref(api("POST", path, body, 201));
    /* Bank: 2 x items_per_form single-choice questions with 4 options. */
    json_t *qs = json_array();
    for (int i = 0; i < 2 * items_per_form; i++) {
        char stem[96];
        snprintf(stem, sizeof stem, "Câu hỏi đo tải số %d?", i + 1);
        json_array_append_new(qs, json_pack("{s:s,s:s,s:i,s:s,s:[{s:s,s:b},{s:s,s:b},{s:s,s:b},{s:s,s:b}]}", "topic_code", "chung",
            "type", "single", "difficulty", 1, "stem", stem, "options", "text", "A", "correct", 1, "text", "B", "correct", 0,
            "text", "C", "correct", 0, "text", "D", "correct", 0));
    }
    json_t *bank = json_pack("{s:o}", "questions", qs);
    char *bs = json_dumps(bank, JSON_COMPACT);
    json_decref(bank);
    snprintf(path, sizeof path, "/api/v1/exam/subjects/%lld/bank", subj);
    json_decref(api("POST", path, bs, 201));
    free(bs);
    snprintf(body, sizeof body, "{\"subject_id\":%lld,\"type\":\"staff_test\",\"title\":\"Đo tải ca thi\",\"reference_date\":\"2025-11-20\","
             "\"duration_min\":600,\"blueprint\":[{\"topic_id\":%lld,\"difficulty\":1,\"count\":%d}]}", subj, topic, items_per_form);
    long long exam = jid(api("POST", "/api/v1/exams", body, 201), "id");
    snprintf(path, sizeof path, "/api/v1/exams/%lld/sittings", exam);
    snprintf(body, sizeof body, "{\"starts_at\":\"2025-11-20T08:00\",\"room\":\"Hội trường lớn\",\"capacity\":%d}", n_cand);
    long long sitting = jid(api("POST", path, body, 201), "id");
    double t = now_s();
    snprintf(path, sizeof path, "/api/v1/exams/%lld/candidates", exam);
    for (int i = 0; i < n_cand; i++) {
        snprintf(body, sizeof body, "{\"full_name\":\"Thí sinh %05d\",\"birth_date\":\"1995-01-01\",\"cccd\":\"0010950%05d\",\"sitting_id\":%lld}",
                 i + 1, i + 1, sitting);
        cands[i].id = jid(api("POST", path, body, 201), "id");
    }
    fprintf(stderr, "exam_load: %d candidates created in %.1f s\n", n_cand, now_s() - t);
    t = now_s();
    snprintf(path, sizeof path, "/api/v1/exams/%lld/forms", exam);
    json_decref(api("POST", path, "{}", 201));
    fprintf(stderr, "exam_load: forms drawn in %.1f s\n", now_s() - t);
    snprintf(path, sizeof path, "/api/v1/exams/%lld/sittings/%lld/codes", exam, sitting);
    j = api("POST", path, "{}", 201);
    json_t *codes = json_object_get(j, "codes");
    if ((int)json_array_size(codes) != n_cand) die("expected %d codes, got %zu", n_cand, json_array_size(codes));
    for (int i = 0; i < n_cand; i++) {
        json_t *c = json_array_get(codes, (size_t)i);
        if (json_integer_value(json_object_get(c, "candidate_id")) != cands[i].id) die("codes out of order");
        snprintf(cands[i].code, sizeof cands[i].code, "%s", json_string_value(json_object_get(c, "code")));
    }
    json_decref(j);
}

/* ---- candidates over one multi handle ---- */

static CURLM *multi;
static char base[64];

static void cand_prepare(struct cand *c, const char *method, const char *path, const char *body)
{
    char url[160];
    snprintf(url, sizeof url, "%s%s", base, path);
    if (!c->h) {
        c->h = curl_easy_init();
        curl_easy_setopt(c->h, CURLOPT_WRITEFUNCTION, on_body);
        curl_easy_setopt(c->h, CURLOPT_WRITEDATA, &c->b);
        curl_easy_setopt(c->h, CURLOPT_HEADERFUNCTION, cand_header);
        curl_easy_setopt(c->h, CURLOPT_HEADERDATA, c);
        curl_easy_setopt(c->h, CURLOPT_PRIVATE, c);
        curl_easy_setopt(c->h, CURLOPT_TIMEOUT, 30L);
        curl_easy_setopt(c->h, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(c->h, CURLOPT_TCP_NODELAY, 1L);
    }
    free(c->b.p);
    c->b.p = NULL;
    c->b.n = 0;
    curl_slist_free_all(c->hdrs);
    c->hdrs = curl_slist_append(NULL, "Content-Type: application/json");
    if (c->csrf_hdr[0]) c->hdrs = curl_slist_append(c->hdrs, c->csrf_hdr);
    curl_easy_setopt(c->h, CURLOPT_URL, url);
    curl_easy_setopt(c->h, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c->h, CURLOPT_HTTPHEADER, c->hdrs);
    curl_easy_setopt(c->h, CURLOPT_COOKIE, c->cookie[0] ? c->cookie : NULL);
    snprintf(c->body, sizeof c->body, "%s", body);
    curl_easy_setopt(c->h, CURLOPT_POSTFIELDS, c->body);
    curl_easy_setopt(c->h, CURLOPT_POSTFIELDSIZE, (long)strlen(c->body));
    c->busy = 1;
    curl_multi_add_handle(multi, c->h);
}

/* Runs the multi handle until `done` callbacks said all are finished. */
typedef void (*done_fn)(struct cand *c, long status, CURLcode rc);

static int pump(done_fn done, int timeout_ms)
{
    int running = 0, finished = 0;
    curl_multi_perform(multi, &running);
    CURLMsg *m;
    int left;
    while ((m = curl_multi_info_read(multi, &left))) {
        if (m->msg != CURLMSG_DONE) continue;
        struct cand *c;
        curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&c);
        long st = 0;
        curl_easy_getinfo(m->easy_handle, CURLINFO_RESPONSE_CODE, &st);
        CURLcode rc = m->data.result;
        curl_multi_remove_handle(multi, m->easy_handle);
        c->busy = 0;
        done(c, st, rc);
        finished++;
    }
    if (timeout_ms > 0) curl_multi_poll(multi, NULL, 0, timeout_ms, NULL);
    return finished;
}

static int setup_errors;
static void signin_done(struct cand *c, long st, CURLcode rc)
{
    if (st != 200 || !c->b.p) { setup_errors++; fprintf(stderr, "sign-in %lld: %ld %s\n", c->id, st, c->b.p ? c->b.p : curl_easy_strerror(rc)); return; }
    json_t *j = json_loads(c->b.p, 0, NULL);
    snprintf(c->csrf_hdr, sizeof c->csrf_hdr, "X-Exam-CSRF: %s", json_string_value(json_object_get(j, "csrf_token")));
    json_decref(j);
}
static void start_done(struct cand *c, long st, CURLcode rc)
{
    if (st != 201 && st != 200) { setup_errors++; fprintf(stderr, "start %lld: %ld %s\n", c->id, st, c->b.p ? c->b.p : curl_easy_strerror(rc)); }
}

/* Runs one request per candidate with at most `par` in flight. */
static void each(const char *method, const char *path, int signin, done_fn done, int par)
{
    int next = 0, inflight = 0, finished = 0;
    while (finished < n_cand) {
        while (next < n_cand && inflight < par) {
            char body[64];
            if (signin) snprintf(body, sizeof body, "{\"code\":\"%s\"}", cands[next].code);
            else snprintf(body, sizeof body, "{}");
            cand_prepare(&cands[next], method, path, body);
            next++;
            inflight++;
        }
        int f = pump(done, 5);
        finished += f;
        inflight -= f;
    }
}

/* ---- the timed load ---- */

static double *lat, *svc;   /* from due time; from send time */
static size_t n_lat, cap_lat;
static long n_err, n_ok, n_overlap, st_counts[6];
static double max_start_lag;
static double max_stall;      /* longest gap between two iterations of the client loop */
static long n_stall;          /* gaps over 50 ms: the client was not running (shared CPUs) */

static void save_done(struct cand *c, long st, CURLcode rc)
{
    double t = now_s();
    if (st == 200) {
        n_ok++;
        if (n_lat < cap_lat) { lat[n_lat] = t - c->due; svc[n_lat] = t - c->sent; n_lat++; }
    } else {
        n_err++;
        st_counts[st >= 100 && st < 600 ? st / 100 : 0]++;
        if (n_err <= 10) fprintf(stderr, "save %lld: %ld %s %s\n", c->id, st, curl_easy_strerror(rc), c->b.p ? c->b.p : "");
    }
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double pct(const double *a, double p)
{
    if (!n_lat) return 0;
    size_t k = (size_t)(p * (double)(n_lat - 1) + 0.5);
    return a[k];
}

/* Scheduler jitter of this machine, without any load of ours: a loop of
 * 1 ms sleeps for `secs` seconds; prints the longest sleep and how many
 * took over 50 ms. */
static int probe(int secs)
{
    double end = now_s() + secs, mx = 0;
    long n = 0, over = 0;
    while (now_s() < end) {
        double t = now_s();
        usleep(1000);
        double d = now_s() - t;
        if (d > mx) mx = d;
        over += d > 0.050;
        n++;
    }
    printf("probe_max_ms=%.1f probe_over50=%ld probe_sleeps=%ld\n", mx * 1000, over, n);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "--probe")) return probe(atoi(argv[2]) > 0 ? atoi(argv[2]) : 10);
    for (int i = 1; i + 1 < argc; i += 2) {
        const char *k = argv[i], *v = argv[i + 1];
        if (!strcmp(k, "--port")) port = atoi(v);
        else if (!strcmp(k, "--password")) admin_pw = v;
        else if (!strcmp(k, "--candidates")) n_cand = atoi(v);
        else if (!strcmp(k, "--interval")) interval_s = atoi(v);
        else if (!strcmp(k, "--duration")) duration_s = atoi(v);
        else if (!strcmp(k, "--conns")) max_conns = atoi(v);
        else if (!strcmp(k, "--out")) out_path = v;
        else die("unknown option %s", k);
    }
    if (port <= 0 || !admin_pw || n_cand < 1 || interval_s < 1 || duration_s < 1 || duration_s > 3600 || max_conns < 1)
        die("usage: exam_load --port P --password PW [--candidates N] [--interval S] [--duration S] [--conns C] [--out FILE]");
    curl_global_init(CURL_GLOBAL_DEFAULT);
    snprintf(base, sizeof base, "http://127.0.0.1:%d", port);
    cands = calloc((size_t)n_cand, sizeof *cands);
    adm = curl_easy_init();
    double t0 = now_s();
    setup();
    double t_setup = now_s() - t0;

    multi = curl_multi_init();
    curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)max_conns);
    curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, (long)max_conns);
    t0 = now_s();
    each("POST", "/api/v1/sitting/signin", 1, signin_done, 64);
    double t_signin = now_s() - t0;
    t0 = now_s();
    each("POST", "/api/v1/sitting/start", 0, start_done, 64);
    double t_start = now_s() - t0;
    if (setup_errors) die("%d sign-in/start errors", setup_errors);
    fprintf(stderr, "exam_load: setup %.1f s, %d sign-ins %.1f s, starts %.1f s; load for %d s\n", t_setup, n_cand,
            t_signin, t_start, duration_s);

    cap_lat = (size_t)n_cand * (size_t)(duration_s / interval_s + 2);
    lat = malloc(cap_lat * sizeof *lat);
    svc = malloc(cap_lat * sizeof *svc);
    double start = now_s() + 0.5, end = start + duration_s;
    long idx = 0, round = 0;
    int inflight = 0;
    double last_iter = now_s();
    for (;;) {
        double t = now_s();
        /* The loop waits at most 5 ms: a longer gap means this process was not scheduled. */
        double gap = t - last_iter;
        last_iter = t;
        if (gap > max_stall) max_stall = gap;
        if (gap > 0.050) n_stall++;
        /* Fire every save that is due: candidate i at start + i*interval/N + k*interval. */
        for (;;) {
            double due = start + (double)round * interval_s + (double)idx * interval_s / n_cand;
            if (due > t || due >= end) break;
            struct cand *c = &cands[idx];
            if (c->busy) n_overlap++; /* the previous save is still in flight: counted as an error below */
            else {
                c->seq++;
                c->due = due;
                c->sent = t;
                double lag = t - due;
                if (lag > max_start_lag) max_start_lag = lag;
                char path[64], body[64];
                snprintf(path, sizeof path, "/api/v1/sitting/answers/%lld", (c->seq - 1) % items_per_form + 1);
                snprintf(body, sizeof body, "{\"response\":[%lld],\"seq\":%lld}", c->seq % 4, c->seq);
                cand_prepare(c, "PUT", path, body);
                inflight++;
            }
            if (++idx == n_cand) { idx = 0; round++; }
        }
        double next = start + (double)round * interval_s + (double)idx * interval_s / n_cand;
        int wait_ms = (int)((next - now_s()) * 1000);
        if (wait_ms < 0) wait_ms = 0;
        if (wait_ms > 5) wait_ms = 5;
        inflight -= pump(save_done, wait_ms ? wait_ms : 1);
        if (now_s() >= end && inflight == 0) break;
        if (now_s() > end + 35) break;
    }
    n_err += n_overlap + inflight;
    qsort(lat, n_lat, sizeof *lat, cmp_d);
    qsort(svc, n_lat, sizeof *svc, cmp_d);
    double p50 = pct(lat, 0.50) * 1000, p99 = pct(lat, 0.99) * 1000, mx = n_lat ? lat[n_lat - 1] * 1000 : 0, sum = 0;
    for (size_t i = 0; i < n_lat; i++) sum += lat[i];
    double rate = (double)(n_ok + n_err) / duration_s;
    FILE *o = out_path ? fopen(out_path, "w") : stdout;
    if (!o) die("cannot write %s", out_path);
    fprintf(o, "| measure | value |\n|---|---|\n");
    fprintf(o, "| candidates (one sitting, own sessions) | %d |\n", n_cand);
    fprintf(o, "| save interval per candidate | %d s (evenly spread) |\n", interval_s);
    fprintf(o, "| load duration | %d s |\n", duration_s);
    fprintf(o, "| client connections (max, keep-alive) | %d |\n", max_conns);
    fprintf(o, "| saves attempted | %ld (%.0f /s) |\n", n_ok + n_err, rate);
    fprintf(o, "| saves acknowledged (200) | %ld |\n", n_ok);
    fprintf(o, "| **errors** | **%ld** (non-200: 4xx %ld, 5xx %ld, transport %ld; overlapping %ld; unfinished %d) |\n", n_err,
            st_counts[4], st_counts[5], st_counts[0], n_overlap, inflight);
    fprintf(o, "| save latency p50 | **%.1f ms** |\n", p50);
    fprintf(o, "| save latency p99 | **%.1f ms** |\n", p99);
    fprintf(o, "| save latency max | %.1f ms |\n", mx);
    fprintf(o, "| save latency mean | %.1f ms |\n", n_lat ? sum / (double)n_lat * 1000 : 0);
    fprintf(o, "| from send (excluding the client's own lag) p50 / p99 / max | %.1f / %.1f / %.1f ms |\n",
            pct(svc, 0.50) * 1000, pct(svc, 0.99) * 1000, n_lat ? svc[n_lat - 1] * 1000 : 0);
    fprintf(o, "| max client lag behind schedule | %.1f ms |\n", max_start_lag * 1000);
    fprintf(o, "| client loop stalls > 50 ms (process not scheduled) | %ld, longest %.1f ms |\n", n_stall, max_stall * 1000);
    fprintf(o, "| setup (API, admin) | %.1f s |\n", t_setup);
    fprintf(o, "| %d sign-ins / starts (64 in flight) | %.1f s / %.1f s |\n", n_cand, t_signin, t_start);
    if (o != stdout) fclose(o);
    printf("p50_ms=%.1f p99_ms=%.1f max_ms=%.1f errors=%ld ok=%ld\n", p50, p99, mx, n_err, n_ok);
    for (int i = 0; i < n_cand; i++) {
        if (cands[i].h) curl_easy_cleanup(cands[i].h);
        curl_slist_free_all(cands[i].hdrs);
        free(cands[i].b.p);
    }
    curl_multi_cleanup(multi);
    curl_easy_cleanup(adm);
    free(cands);
    free(lat);
    free(svc);
    curl_global_cleanup();
    return n_err ? 2 : 0;
}

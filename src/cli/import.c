/* `canbo import people FILE --db DB [--dry-run]` and
 * `canbo export people|template|stats|cv ...`: the io/ work on the command
 * line, acting as the system administrator (audit user "system"). */
#include "cli/import.h"
#include "auth/audit.h"
#include "auth/auth.h"
#include "db/db.h"
#include "db/person.h"
#include "io/cv_pdf.h"
#include "io/people_export.h"
#include "io/people_import.h"
#include "io/sheet.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static const char *opt(int argc, char **argv, const char *name)
{
    for (int i = 0; i < argc - 1; i++)
        if (!strcmp(argv[i], name)) return argv[i + 1];
    return NULL;
}

static int flag(int argc, char **argv, const char *name)
{
    for (int i = 0; i < argc; i++)
        if (!strcmp(argv[i], name)) return 1;
    return 0;
}

static void system_user(struct user *u)
{
    memset(u, 0, sizeof *u);
    u->role = ROLE_ADMIN;
    snprintf(u->username, sizeof u->username, "system");
    snprintf(u->display_name, sizeof u->display_name, "Dòng lệnh");
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && !strcasecmp(s + a - b, suffix);
}

struct progress { int tty; int last; };

static void on_progress(void *ud, long done, long total)
{
    struct progress *p = ud;
    if (!p->tty || total <= 0) return;
    int pct = (int)(done * 100 / total);
    if (pct == p->last && done != total) return;
    p->last = pct;
    fprintf(stderr, "\rĐang kiểm tra và nhập: %3d%% (%ld/%ld dòng)", pct, done, total);
    if (done == total) fputc('\n', stderr);
    fflush(stderr);
}

static int import_usage(void)
{
    fprintf(stderr, "usage: canbo import people FILE.xlsx|FILE.csv --db DB [--dry-run]\n");
    return 2;
}

int cli_import(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[0], "people") != 0 || argv[1][0] == '-') return import_usage();
    const char *file = argv[1], *dbpath = opt(argc, argv, "--db");
    if (!dbpath) return import_usage();
    char *data;
    size_t len;
    if (io_read_file(file, &data, &len) != 0) {
        fprintf(stderr, "import: không đọc được tệp %s\n", file);
        return 1;
    }
    db *d;
    if (db_open(dbpath, 0, &d) != 0) { free(data); return 1; }
    struct user u;
    system_user(&u);
    struct actor a = {0, "system"};
    struct progress pg = {isatty(2), -1};
    const char *base = strrchr(file, '/');
    struct import_opts o = {&u, &a, flag(argc, argv, "--dry-run"), base ? base + 1 : file, on_progress, &pg};
    struct import_result res;
    import_result_init(&res);
    int rc = people_import(d, data, len, &o, &res);
    free(data);
    db_close(d);
    size_t n = json_array_size(res.errors);
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_array_get(res.errors, i);
        json_t *line = json_object_get(e, "line");
        const char *col = json_string_value(json_object_get(e, "column"));
        printf("Dòng %lld", (long long)json_integer_value(json_object_get(e, "row")));
        if (line) printf(" (dòng %lld trong tệp)", (long long)json_integer_value(line));
        if (col && *col) printf(", cột «%s»", col);
        printf(": %s\n", json_string_value(json_object_get(e, "message")));
    }
    if (res.error_count > (long)n) printf("… và %ld lỗi khác.\n", res.error_count - (long)n);
    if (rc == 0) printf("%s\n", res.message);
    else fprintf(stderr, "import: %s\n", res.message);
    import_result_clear(&res);
    return rc == 0 ? 0 : 1;
}

static int export_usage(void)
{
    fprintf(stderr,
            "usage: canbo export people --db DB --to FILE.xlsx|FILE.csv [--unit ID] [--sep ';']\n"
            "       canbo export template --to FILE.xlsx|FILE.csv\n"
            "       canbo export stats --db DB --to FILE.xlsx [--unit ID]\n"
            "       canbo export cv --db DB --to FILE.pdf (--person ID | --unit ID)\n");
    return 2;
}

int cli_export(int argc, char **argv)
{
    if (argc < 1) return export_usage();
    const char *what = argv[0], *to = opt(argc, argv, "--to"), *dbpath = opt(argc, argv, "--db");
    const char *unit = opt(argc, argv, "--unit"), *person = opt(argc, argv, "--person"), *sep = opt(argc, argv, "--sep");
    if (!to) return export_usage();
    int xlsx = ends_with(to, ".xlsx"), csv = ends_with(to, ".csv");
    if (!strcmp(what, "template")) {
        if (xlsx) return people_template_xlsx(to) == 0 ? 0 : 1;
        if (!csv) return export_usage();
        FILE *f = fopen(to, "wb");
        if (!f) { perror(to); return 1; }
        int rc = people_template_csv(f, sep && *sep == ';' ? ';' : ',');
        if (fclose(f) != 0) rc = -1;
        return rc == 0 ? 0 : 1;
    }
    if (!dbpath) return export_usage();
    db *d;
    if (db_open(dbpath, DB_OPEN_READONLY, &d) != 0) return 1;
    struct user u;
    system_user(&u);
    int rc = -1;
    long count = 0;
    if (!strcmp(what, "people") && (xlsx || csv)) {
        struct person_filter f;
        memset(&f, 0, sizeof f);
        if (unit) f.unit = atoll(unit);
        struct export_opts o = {&u, &f, 1, sep && *sep == ';' ? ';' : ','};
        if (xlsx) rc = people_export_xlsx(d, &o, to, &count);
        else {
            FILE *fp = fopen(to, "wb");
            if (!fp) perror(to);
            else {
                rc = people_export_csv(d, &o, fp, &count);
                if (fclose(fp) != 0) rc = -1;
            }
        }
        if (rc == 0) printf("đã xuất %ld người vào %s\n", count, to);
    } else if (!strcmp(what, "stats") && xlsx) {
        rc = stats_export_xlsx(d, &u, unit ? atoll(unit) : 0, to);
        if (rc == 0) printf("đã xuất thống kê vào %s\n", to);
    } else if (!strcmp(what, "cv") && ends_with(to, ".pdf") && (person || unit)) {
        FILE *fp = fopen(to, "wb");
        if (!fp) perror(to);
        else {
            int pages = 0;
            rc = person ? cv_pdf_person(d, &u, atoll(person), 1, fp, &pages)
                        : cv_pdf_unit(d, &u, atoll(unit), 1, fp, &pages, &count);
            if (fclose(fp) != 0) rc = -1;
            if (rc == 0) printf("đã xuất %d trang vào %s\n", pages, to);
        }
    } else {
        db_close(d);
        return export_usage();
    }
    db_close(d);
    if (rc != 0) fprintf(stderr, "export: không xuất được %s\n", to);
    return rc == 0 ? 0 : 1;
}

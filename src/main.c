/* canbo — command line: init, serve, demo, audit verify, rules, backup, user,
 * check. See README.md and docs/. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "api/api.h"
#include "auth/audit.h"
#include "auth/auth.h"
#include "cli/demo.h"
#include "cli/import.h"
#include "cli/rules.h"
#include "core/date.h"
#include "db/db.h"

static const char *opt(int argc, char **argv, const char *name)
{
    for (int i = 0; i < argc - 1; i++)
        if (!strcmp(argv[i], name)) return argv[i + 1];
    return NULL;
}

static int usage(void)
{
    fprintf(stderr,
            "usage: canbo COMMAND [options]\n"
            "  init --db FILE                     create or upgrade the database; first admin\n"
            "                                     (password from CANBO_ADMIN_PASSWORD or generated)\n"
            "  serve --db FILE --listen HOST:PORT [--threads N] [--web DIR] [--secure-cookies]\n"
            "  demo --db FILE [--people N] [--seed S] [--province NAME]\n"
            "  audit verify --db FILE             exit 0 when the audit chain is intact\n"
            "  rules NAME < case.json             evaluate a rule (retirement, ...)\n"
            "  backup --db FILE --to FILE         online consistent copy\n"
            "  check --db FILE                    integrity and foreign-key check\n"
            "  import people FILE --db FILE [--dry-run]   .xlsx or .csv, all rows or none\n"
            "  export people --db FILE --to FILE.xlsx|.csv [--unit ID]\n"
            "  user add --db FILE --username U --role R [--unit ID] [--person ID]\n"
            "                                     (password from CANBO_USER_PASSWORD)\n");
    return 2;
}

static int open_db(int argc, char **argv, int flags, db **d)
{
    const char *path = opt(argc, argv, "--db");
    if (!path) { fprintf(stderr, "--db FILE is required\n"); return -1; }
    if (db_open(path, flags, d) != 0) return -1;
    return 0;
}

static int cmd_init(int argc, char **argv)
{
    db *d;
    if (open_db(argc, argv, DB_OPEN_CREATE, &d) != 0) return 1;
    int rc = 1;
    if (db_migrate(d) != 0) goto out;
    sqlite3_stmt *st = db_stmt(d, "SELECT count(*) FROM app_user WHERE role = 'admin'");
    int admins = 0;
    if (st && sqlite3_step(st) == SQLITE_ROW) admins = sqlite3_column_int(st, 0);
    if (st) sqlite3_reset(st);
    if (admins == 0) {
        char pw[64], hash[256];
        const char *env = getenv("CANBO_ADMIN_PASSWORD");
        int generated = !env || !*env;
        if (generated) auth_random_password(pw, 16);
        else snprintf(pw, sizeof pw, "%s", env);
        if (strlen(pw) < 8) { fprintf(stderr, "init: the admin password must have at least 8 characters\n"); goto out; }
        if (auth_hash_password(pw, hash, sizeof hash) != 0) goto out;
        char today[11];
        date_format_iso(date_today(), today);
        if (db_begin(d) != 0) goto out;
        st = db_stmt(d, "INSERT INTO app_user(username, pw_hash, role, display_name, created_at)"
                        " VALUES ('admin', ?1, 'admin', 'Quản trị hệ thống', ?2)");
        struct actor a = {0, "system"};
        if (!st || db_bind_text(st, 1, hash) || db_bind_text(st, 2, today) || db_step_done(st) ||
            audit_append(d, &a, "user.create", "user", db_last_id(d), NULL, "{\"username\":\"admin\",\"role\":\"admin\"}") ||
            db_commit(d)) {
            db_rollback(d);
            goto out;
        }
        if (generated) printf("admin password (shown once): %s\n", pw);
        else printf("admin user created (password from CANBO_ADMIN_PASSWORD)\n");
        memset(pw, 0, sizeof pw);
    }
    if (db_begin(d) == 0) {
        char today[11];
        date_format_iso(date_today(), today);
        if (db_unit_closure_rebuild(d, today) == 0) db_commit(d);
        else db_rollback(d);
    }
    printf("database ready: schema version %d\n", db_schema_version(d));
    rc = 0;
out:
    db_close(d);
    return rc;
}

static volatile sig_atomic_t stop_flag;
static void on_signal(int sig) { (void)sig; stop_flag = 1; }

static int cmd_serve(int argc, char **argv)
{
    const char *path = opt(argc, argv, "--db");
    const char *listen = opt(argc, argv, "--listen");
    if (!path) { fprintf(stderr, "--db FILE is required\n"); return 2; }
    char host[64] = "127.0.0.1";
    int port = 8080;
    if (listen) {
        const char *colon = strrchr(listen, ':');
        if (!colon || colon - listen >= (long)sizeof host) { fprintf(stderr, "--listen HOST:PORT\n"); return 2; }
        memcpy(host, listen, (size_t)(colon - listen));
        host[colon - listen] = 0;
        port = atoi(colon + 1);
    }
    /* Migrate and refresh the current-tree closure before serving. */
    db *d;
    if (db_open(path, 0, &d) != 0) return 1;
    if (db_migrate(d) != 0) { db_close(d); return 1; }
    char today[11];
    date_format_iso(date_today(), today);
    if (db_begin(d) == 0) {
        if (db_unit_closure_rebuild(d, today) == 0) db_commit(d);
        else db_rollback(d);
    }
    db_close(d);

    struct http_config cfg = {0};
    cfg.db_path = path;
    cfg.host = host;
    cfg.port = port;
    const char *th = opt(argc, argv, "--threads");
    cfg.threads = th ? atoi(th) : (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (cfg.threads < 1) cfg.threads = 2;
    const char *web = opt(argc, argv, "--web");
    cfg.web_root = web ? web : (access("web/index.html", R_OK) == 0 ? "web" : NULL);
    for (int i = 0; i < argc; i++)
        if (!strcmp(argv[i], "--secure-cookies")) cfg.secure_cookies = 1;
    api_register_all();
    signal(SIGPIPE, SIG_IGN);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    int bound = http_start(&cfg);
    if (bound < 0) return 1;
    printf("canbo listening on http://%s:%d\n", host, bound);
    fflush(stdout);
    while (!stop_flag) pause();
    http_stop();
    printf("canbo stopped\n");
    return 0;
}

static int cmd_audit(int argc, char **argv)
{
    if (argc < 1 || strcmp(argv[0], "verify") != 0) return usage();
    db *d;
    if (open_db(argc, argv, DB_OPEN_READONLY, &d) != 0) return 1;
    int64_t bad = 0;
    char msg[256];
    int rc = audit_verify(d, &bad, msg, sizeof msg);
    sqlite3_stmt *st = db_stmt(d, "SELECT count(*) FROM audit_log");
    long long n = 0;
    if (st && sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int64(st, 0);
    if (st) sqlite3_reset(st);
    db_close(d);
    if (rc == 0) { printf("audit chain intact: %lld entries\n", n); return 0; }
    printf("audit chain BROKEN at entry %lld: %s\n", (long long)bad, msg);
    return 1;
}

static int cmd_backup(int argc, char **argv)
{
    const char *to = opt(argc, argv, "--to");
    if (!to) { fprintf(stderr, "--to FILE is required\n"); return 2; }
    if (access(to, F_OK) == 0) { fprintf(stderr, "backup: %s exists; refusing to overwrite\n", to); return 1; }
    db *d;
    if (open_db(argc, argv, 0, &d) != 0) return 1;
    int rc = db_backup(d, to);
    db_close(d);
    if (rc == 0) printf("backup written to %s\n", to);
    return rc == 0 ? 0 : 1;
}

static int cmd_check(int argc, char **argv)
{
    db *d;
    if (open_db(argc, argv, 0, &d) != 0) return 1;
    char msg[256];
    int rc = db_check_integrity(d, msg, sizeof msg);
    db_close(d);
    if (rc == 0) { printf("database ok\n"); return 0; }
    printf("database NOT ok: %s\n", msg);
    return 1;
}

static int cmd_user(int argc, char **argv)
{
    if (argc < 1 || strcmp(argv[0], "add") != 0) return usage();
    const char *username = opt(argc, argv, "--username"), *role = opt(argc, argv, "--role");
    const char *unit = opt(argc, argv, "--unit"), *person = opt(argc, argv, "--person");
    const char *pw = getenv("CANBO_USER_PASSWORD");
    if (!username || !role || role_parse(role) == ROLE_NONE) { fprintf(stderr, "--username and --role admin|officer|leader|staff\n"); return 2; }
    if (!pw || strlen(pw) < 8) { fprintf(stderr, "set CANBO_USER_PASSWORD (at least 8 characters)\n"); return 2; }
    db *d;
    if (open_db(argc, argv, 0, &d) != 0) return 1;
    char hash[256], today[11];
    date_format_iso(date_today(), today);
    int rc = 1;
    if (auth_hash_password(pw, hash, sizeof hash) != 0 || db_begin(d) != 0) goto out;
    sqlite3_stmt *st = db_stmt(d, "INSERT INTO app_user(username, pw_hash, role, unit_id, person_id, display_name, created_at)"
                                  " VALUES (?1, ?2, ?3, ?4, ?5, ?1, ?6)");
    if (!st) { db_rollback(d); goto out; }
    db_bind_text(st, 1, username);
    db_bind_text(st, 2, hash);
    db_bind_text(st, 3, role);
    if (unit) db_bind_int(st, 4, atoll(unit));
    if (person) db_bind_int(st, 5, atoll(person));
    db_bind_text(st, 6, today);
    struct actor a = {0, "system"};
    char after[256];
    snprintf(after, sizeof after, "{\"username\":\"%s\",\"role\":\"%s\"}", username, role);
    if (db_step_done(st) || audit_append(d, &a, "user.create", "user", db_last_id(d), NULL, after) || db_commit(d)) {
        db_rollback(d);
        goto out;
    }
    printf("user %s created\n", username);
    rc = 0;
out:
    db_close(d);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) return usage();
    if (auth_init(2) != 0) { fprintf(stderr, "cannot initialise libsodium\n"); return 1; }
    const char *cmd = argv[1];
    argc -= 2;
    argv += 2;
    if (!strcmp(cmd, "init")) return cmd_init(argc, argv);
    if (!strcmp(cmd, "serve")) return cmd_serve(argc, argv);
    if (!strcmp(cmd, "demo")) return cli_demo(argc, argv);
    if (!strcmp(cmd, "audit")) return cmd_audit(argc, argv);
    if (!strcmp(cmd, "rules")) return argc < 1 ? usage() : cli_rules(argc, argv);
    if (!strcmp(cmd, "backup")) return cmd_backup(argc, argv);
    if (!strcmp(cmd, "check")) return cmd_check(argc, argv);
    if (!strcmp(cmd, "user")) return cmd_user(argc, argv);
    if (!strcmp(cmd, "import")) return cli_import(argc, argv);
    if (!strcmp(cmd, "export")) return cli_export(argc, argv);
    return usage();
}

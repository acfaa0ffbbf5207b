/* Helpers shared by the io/ unit suites: paths of the test data, a fresh
 * migrated database with a small unit tree, whole-file reads. */
#ifndef CANBO_TESTS_IO_UTIL_H
#define CANBO_TESTS_IO_UTIL_H
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "auth/auth.h"
#include "db/db.h"
#include "io/people_export.h"

/* tests/data (env CANBO_TESTDATA) and the shared data (env CANBO_SHARED, default ../shared). */
static inline void tio_path(char *out, size_t cap, const char *name)
{
    const char *d = getenv("CANBO_TESTDATA");
    snprintf(out, cap, "%s/%s", d && *d ? d : "tests/data", name);
}

static inline void tio_shared(char *out, size_t cap, const char *name)
{
    const char *d = getenv("CANBO_SHARED");
    snprintf(out, cap, "%s/data/vn-admin-2025/%s", d && *d ? d : "../shared", name);
}

static inline char *tio_read(const char *path, size_t *len)
{
    char *buf = NULL;
    if (io_read_file(path, &buf, len) != 0) return NULL;
    return buf;
}

/* 1 province > 2 Sở Nội vụ (SNV) > 3 Phòng Tổ chức cán bộ (SNV.TCCB); 1 > 4 Sở Tài chính (STC). */
static const char *const tio_tree_sql =
    "INSERT INTO unit(id, created_on) VALUES (1,'2020-01-01'),(2,'2020-01-01'),(3,'2020-01-01'),(4,'2020-01-01');"
    "INSERT INTO unit_version(unit_id, valid_from, name, code, type, parent_id) VALUES"
    " (1,'2020-01-01','UBND tỉnh Thử Nghiệm','T99','province',NULL),"
    " (2,'2020-01-01','Sở Nội vụ','SNV','department',1),"
    " (3,'2020-01-01','Phòng Tổ chức cán bộ','SNV.TCCB','division',2),"
    " (4,'2020-01-01','Sở Tài chính','STC','department',1);"
    "INSERT INTO unit_closure(ancestor, descendant, depth) VALUES"
    " (1,1,0),(2,2,0),(3,3,0),(4,4,0),(1,2,1),(1,3,2),(2,3,1),(1,4,1);";

struct tio_db { char dir[64]; char path[128]; db *d; };

static inline void tio_db_open(struct tio_db *t)
{
    snprintf(t->dir, sizeof t->dir, "/tmp/canbo-io-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(t->dir));
    snprintf(t->path, sizeof t->path, "%s/t.db", t->dir);
    ck_assert_int_eq(db_open(t->path, DB_OPEN_CREATE, &t->d), 0);
    ck_assert_int_eq(db_migrate(t->d), 0);
    ck_assert_int_eq(db_exec(t->d, tio_tree_sql), 0);
}

static inline void tio_db_close(struct tio_db *t)
{
    db_close(t->d);
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", t->dir);
    int rc = system(cmd);
    (void)rc;
}

static inline long tio_count(db *d, const char *sql)
{
    sqlite3_stmt *st = NULL;
    long n = -1;
    if (sqlite3_prepare_v2(db_handle(d), sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

static inline void tio_admin(struct user *u)
{
    memset(u, 0, sizeof *u);
    u->role = ROLE_ADMIN;
    u->id = 1;
    snprintf(u->username, sizeof u->username, "admin");
}

#endif

/* Hash-chained audit log. */
#include "auth/audit.h"
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

static void feed(crypto_hash_sha256_state *h, const char *s)
{
    /* Length-prefixed so that field boundaries cannot be shifted; NULL is
     * distinct from the empty string. */
    char len[24];
    if (!s) { crypto_hash_sha256_update(h, (const unsigned char *)"N;", 2); return; }
    size_t n = strlen(s);
    int k = snprintf(len, sizeof len, "%zu:", n);
    crypto_hash_sha256_update(h, (const unsigned char *)len, (unsigned long long)k);
    crypto_hash_sha256_update(h, (const unsigned char *)s, n);
}

static void entry_hash(char out[65], const char *prev, int64_t id, const char *at, int64_t user_id,
                       const char *username, const char *action, const char *entity, int64_t entity_id,
                       int has_entity, const char *before, const char *after)
{
    crypto_hash_sha256_state h;
    unsigned char dig[crypto_hash_sha256_BYTES];
    char num[3][24];
    snprintf(num[0], sizeof num[0], "%" PRId64, id);
    snprintf(num[1], sizeof num[1], "%" PRId64, user_id);
    snprintf(num[2], sizeof num[2], "%" PRId64, entity_id);
    crypto_hash_sha256_init(&h);
    feed(&h, prev);
    feed(&h, num[0]);
    feed(&h, at);
    feed(&h, num[1]);
    feed(&h, username);
    feed(&h, action);
    feed(&h, entity);
    feed(&h, has_entity ? num[2] : NULL);
    feed(&h, before);
    feed(&h, after);
    crypto_hash_sha256_final(&h, dig);
    sodium_bin2hex(out, 65, dig, sizeof dig);
}

int audit_append(db *d, const struct actor *who, const char *action, const char *entity,
                 int64_t entity_id, const char *before_json, const char *after_json)
{
    char prev[65] = GENESIS, hash[65], at[64];
    int64_t id = 1;
    sqlite3_stmt *st = db_stmt(d, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1");
    if (!st) return -1;
    if (sqlite3_step(st) == SQLITE_ROW) {
        id = sqlite3_column_int64(st, 0) + 1;
        snprintf(prev, sizeof prev, "%s", db_col_text(st, 1));
    }
    sqlite3_reset(st);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    snprintf(at, sizeof at, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000);
    int64_t uid = who ? who->user_id : 0;
    const char *uname = who && who->username ? who->username : "system";
    entry_hash(hash, prev, id, at, uid, uname, action, entity, entity_id, entity_id != 0, before_json, after_json);
    st = db_stmt(d, "INSERT INTO audit_log(id, at, user_id, username, action, entity, entity_id, before, after, prev_hash, hash)"
                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    if (!st) return -1;
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, at);
    db_bind_int(st, 3, uid);
    db_bind_text(st, 4, uname);
    db_bind_text(st, 5, action);
    db_bind_text(st, 6, entity);
    if (entity_id) db_bind_int(st, 7, entity_id); else db_bind_null(st, 7);
    db_bind_text(st, 8, before_json);
    db_bind_text(st, 9, after_json);
    db_bind_text(st, 10, prev);
    db_bind_text(st, 11, hash);
    return db_step_done(st);
}

int audit_verify(db *d, int64_t *bad_id, char *msg, size_t cap)
{
    char prev[65] = GENESIS, hash[65];
    int64_t expect = 1;
    *bad_id = 0;
    msg[0] = 0;
    sqlite3_stmt *st = db_stmt(d, "SELECT id, at, user_id, username, action, entity, entity_id, before, after,"
                                  " prev_hash, hash FROM audit_log ORDER BY id");
    if (!st) return -1;
    int rc = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        const char *stored_prev = db_col_text(st, 9), *stored = db_col_text(st, 10);
        if (id != expect) {
            snprintf(msg, cap, "entry %" PRId64 " is missing (found %" PRId64 ")", expect, id);
            *bad_id = id; rc = -1; break;
        }
        if (!stored_prev || strcmp(stored_prev, prev) != 0) {
            snprintf(msg, cap, "entry %" PRId64 ": prev_hash does not match entry %" PRId64, id, id - 1);
            *bad_id = id; rc = -1; break;
        }
        entry_hash(hash, prev, id, db_col_text(st, 1), sqlite3_column_int64(st, 2), db_col_text(st, 3),
                   db_col_text(st, 4), db_col_text(st, 5), sqlite3_column_int64(st, 6),
                   sqlite3_column_type(st, 6) != SQLITE_NULL, db_col_text(st, 7), db_col_text(st, 8));
        if (!stored || strcmp(stored, hash) != 0) {
            snprintf(msg, cap, "entry %" PRId64 ": content does not match its hash (edited)", id);
            *bad_id = id; rc = -1; break;
        }
        memcpy(prev, hash, sizeof prev);
        expect++;
    }
    sqlite3_reset(st);
    return rc;
}

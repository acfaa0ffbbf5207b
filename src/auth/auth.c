/* Authentication, sessions, throttling, roles and scope. */
#include "auth/auth.h"
#include <pthread.h>
#include <semaphore.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define SESSION_SECONDS (12 * 3600)
#define THROTTLE_WINDOW 900          /* 15 minutes */
#define THROTTLE_USER_MAX 5
#define THROTTLE_CLIENT_MAX 20

static sem_t hash_sem;
static int hash_sem_ready;

int auth_init(int max_concurrent_hashes)
{
    if (sodium_init() < 0) return -1;
    if (!hash_sem_ready) {
        if (sem_init(&hash_sem, 0, max_concurrent_hashes > 0 ? (unsigned)max_concurrent_hashes : 2) != 0) return -1;
        hash_sem_ready = 1;
    }
    return 0;
}

static void hash_enter(void) { if (hash_sem_ready) while (sem_wait(&hash_sem) != 0) {} }
static void hash_leave(void) { if (hash_sem_ready) sem_post(&hash_sem); }

const char *role_name(enum role r)
{
    switch (r) {
    case ROLE_ADMIN: return "admin";
    case ROLE_OFFICER: return "officer";
    case ROLE_LEADER: return "leader";
    case ROLE_STAFF: return "staff";
    default: return "none";
    }
}

enum role role_parse(const char *s)
{
    if (!s) return ROLE_NONE;
    if (!strcmp(s, "admin")) return ROLE_ADMIN;
    if (!strcmp(s, "officer")) return ROLE_OFFICER;
    if (!strcmp(s, "leader")) return ROLE_LEADER;
    if (!strcmp(s, "staff")) return ROLE_STAFF;
    return ROLE_NONE;
}

int auth_hash_password(const char *pw, char *out, size_t cap)
{
    if (cap < crypto_pwhash_STRBYTES) return -1;
    hash_enter();
    int rc = crypto_pwhash_str(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                               crypto_pwhash_MEMLIMIT_INTERACTIVE);
    hash_leave();
    return rc == 0 ? 0 : -1;
}

int auth_verify_password(const char *hash, const char *pw)
{
    hash_enter();
    int rc = crypto_pwhash_str_verify(hash, pw, strlen(pw));
    hash_leave();
    return rc == 0 ? 0 : -1;
}

void auth_random_password(char *out, size_t n)
{
    static const char alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    for (size_t i = 0; i < n; i++) out[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
    out[n] = 0;
}

static void random_token(char *out)
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(out, AUTH_TOKEN_LEN + 1, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
}

static void token_digest(const char *token, char out[65])
{
    unsigned char dig[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(dig, (const unsigned char *)token, strlen(token));
    sodium_bin2hex(out, 65, dig, sizeof dig);
}

/* --- throttling: fixed windows per key, in memory --------------------- */
struct throttle_slot { char key[80]; time_t start; int count; };
#define THROTTLE_SLOTS 1024
static struct throttle_slot throttle[THROTTLE_SLOTS];
static pthread_mutex_t throttle_mu = PTHREAD_MUTEX_INITIALIZER;

static struct throttle_slot *throttle_find(const char *key, time_t now)
{
    uint32_t h = 2166136261u;
    for (const char *p = key; *p; p++) h = (h ^ (unsigned char)*p) * 16777619u;
    struct throttle_slot *oldest = NULL;
    for (int i = 0; i < 8; i++) {
        struct throttle_slot *s = &throttle[(h + (uint32_t)i) % THROTTLE_SLOTS];
        if (!strcmp(s->key, key)) return s;
        if (!oldest || s->start < oldest->start) oldest = s;
    }
    /* Reuse an expired or the oldest slot in the probe window. */
    snprintf(oldest->key, sizeof oldest->key, "%s", key);
    oldest->start = now;
    oldest->count = 0;
    return oldest;
}

static int throttle_blocked(const char *key, int max, time_t now, int *retry)
{
    struct throttle_slot *s = throttle_find(key, now);
    if (now - s->start >= THROTTLE_WINDOW) { s->start = now; s->count = 0; }
    if (s->count >= max) { *retry = (int)(THROTTLE_WINDOW - (now - s->start)); return 1; }
    return 0;
}

static void throttle_fail(const char *key, time_t now)
{
    struct throttle_slot *s = throttle_find(key, now);
    if (now - s->start >= THROTTLE_WINDOW) { s->start = now; s->count = 0; }
    s->count++;
}

void auth_throttle_reset(void)
{
    pthread_mutex_lock(&throttle_mu);
    memset(throttle, 0, sizeof throttle);
    pthread_mutex_unlock(&throttle_mu);
}

static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static void make_dummy(void) { auth_hash_password("canbo-dummy-password", dummy_hash, sizeof dummy_hash); }

static int load_user_row(sqlite3_stmt *st, struct user *u)
{
    memset(u, 0, sizeof *u);
    u->id = sqlite3_column_int64(st, 0);
    snprintf(u->username, sizeof u->username, "%s", db_col_text(st, 1));
    u->role = role_parse(db_col_text(st, 2));
    u->unit_id = sqlite3_column_type(st, 3) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 3);
    u->person_id = sqlite3_column_type(st, 4) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 4);
    const char *dn = db_col_text(st, 5);
    snprintf(u->display_name, sizeof u->display_name, "%s", dn ? dn : u->username);
    return u->role == ROLE_NONE ? -1 : 0;
}

int auth_load_user(db *d, int64_t id, struct user *u)
{
    sqlite3_stmt *st = db_stmt(d, "SELECT id, username, role, unit_id, person_id, display_name FROM app_user"
                                  " WHERE id = ?1 AND active = 1");
    if (!st) return -1;
    db_bind_int(st, 1, id);
    int rc = sqlite3_step(st) == SQLITE_ROW ? load_user_row(st, u) : -1;
    sqlite3_reset(st);
    return rc;
}

enum auth_result auth_login(db *d, const char *username, const char *password, const char *client,
                            struct user *u, char *token, char *csrf, int *retry_after)
{
    char ukey[80], ckey[80];
    time_t now = time(NULL);
    snprintf(ukey, sizeof ukey, "u:%s", username);
    snprintf(ckey, sizeof ckey, "c:%s", client ? client : "?");
    *retry_after = 0;
    pthread_mutex_lock(&throttle_mu);
    int blocked = throttle_blocked(ukey, THROTTLE_USER_MAX, now, retry_after) ||
                  throttle_blocked(ckey, THROTTLE_CLIENT_MAX, now, retry_after);
    pthread_mutex_unlock(&throttle_mu);
    if (blocked) return AUTH_THROTTLED;

    char hash[crypto_pwhash_STRBYTES] = "";
    int64_t uid = 0;
    sqlite3_stmt *st = db_stmt(d, "SELECT id, pw_hash FROM app_user WHERE username = ?1 AND active = 1");
    if (!st) return AUTH_ERROR;
    db_bind_text(st, 1, username);
    if (sqlite3_step(st) == SQLITE_ROW) {
        uid = sqlite3_column_int64(st, 0);
        snprintf(hash, sizeof hash, "%s", db_col_text(st, 1));
    }
    sqlite3_reset(st);
    /* Always spend the hashing time, so a missing user is not faster. */
    int ok;
    if (uid) ok = auth_verify_password(hash, password) == 0;
    else {
        pthread_once(&dummy_once, make_dummy);
        auth_verify_password(dummy_hash, password);
        ok = 0;
    }
    sodium_memzero(hash, sizeof hash);
    if (!ok) {
        pthread_mutex_lock(&throttle_mu);
        throttle_fail(ukey, now);
        throttle_fail(ckey, now);
        pthread_mutex_unlock(&throttle_mu);
        return AUTH_BAD_CREDENTIALS;
    }
    if (auth_load_user(d, uid, u) != 0) return AUTH_ERROR;
    char digest[65];
    random_token(token);
    random_token(csrf);
    token_digest(token, digest);
    st = db_stmt(d, "INSERT INTO session(token_hash, user_id, csrf, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!st) return AUTH_ERROR;
    db_bind_text(st, 1, digest);
    db_bind_int(st, 2, uid);
    db_bind_text(st, 3, csrf);
    db_bind_int(st, 4, (int64_t)now);
    db_bind_int(st, 5, (int64_t)now + SESSION_SECONDS);
    if (db_step_done(st) != 0) return AUTH_ERROR;
    /* Housekeeping: drop expired sessions. */
    st = db_stmt(d, "DELETE FROM session WHERE expires_at < ?1");
    if (st) { db_bind_int(st, 1, (int64_t)now); db_step_done(st); }
    return AUTH_OK;
}

/* Sessions recently confirmed against the database, so a busy reader does
 * not query the session table on every request. An entry lives at most
 * SESSION_CACHE_TTL seconds; logout removes it at once. */
#define SESSION_CACHE_SLOTS 512
#define SESSION_CACHE_TTL 30
struct session_slot {
    char digest[65];
    struct user user;
    char csrf[AUTH_TOKEN_LEN + 1];
    time_t expires, checked;
};
static struct session_slot session_cache[SESSION_CACHE_SLOTS];
static pthread_mutex_t session_mu = PTHREAD_MUTEX_INITIALIZER;

static struct session_slot *session_slot_of(const char *digest)
{
    uint32_t h = 0;
    for (int i = 0; i < 8; i++) h = h * 16 + (uint32_t)(digest[i] <= '9' ? digest[i] - '0' : digest[i] - 'a' + 10);
    return &session_cache[h % SESSION_CACHE_SLOTS];
}

int auth_session(db *d, const char *token, struct user *u, char *csrf)
{
    if (!token || strlen(token) != AUTH_TOKEN_LEN) return -1;
    char digest[65];
    token_digest(token, digest);
    time_t now = time(NULL);
    pthread_mutex_lock(&session_mu);
    struct session_slot *slot = session_slot_of(digest);
    if (!strcmp(slot->digest, digest) && now < slot->expires && now - slot->checked < SESSION_CACHE_TTL) {
        *u = slot->user;
        memcpy(csrf, slot->csrf, AUTH_TOKEN_LEN + 1);
        pthread_mutex_unlock(&session_mu);
        return 0;
    }
    pthread_mutex_unlock(&session_mu);
    sqlite3_stmt *st = db_stmt(d, "SELECT u.id, u.username, u.role, u.unit_id, u.person_id, u.display_name, s.csrf,"
                                  " s.expires_at FROM session s JOIN app_user u ON u.id = s.user_id"
                                  " WHERE s.token_hash = ?1 AND s.expires_at > ?2 AND u.active = 1");
    if (!st) return -1;
    db_bind_text(st, 1, digest);
    db_bind_int(st, 2, (int64_t)now);
    int rc = -1;
    time_t expires = 0;
    if (sqlite3_step(st) == SQLITE_ROW && load_user_row(st, u) == 0) {
        snprintf(csrf, AUTH_TOKEN_LEN + 1, "%s", db_col_text(st, 6));
        expires = (time_t)sqlite3_column_int64(st, 7);
        rc = 0;
    }
    sqlite3_reset(st);
    if (rc == 0) {
        pthread_mutex_lock(&session_mu);
        slot = session_slot_of(digest);
        memcpy(slot->digest, digest, sizeof slot->digest);
        slot->user = *u;
        memcpy(slot->csrf, csrf, AUTH_TOKEN_LEN + 1);
        slot->expires = expires;
        slot->checked = now;
        pthread_mutex_unlock(&session_mu);
    }
    return rc;
}

int auth_logout(db *d, const char *token)
{
    if (!token) return -1;
    char digest[65];
    token_digest(token, digest);
    pthread_mutex_lock(&session_mu);
    struct session_slot *slot = session_slot_of(digest);
    if (!strcmp(slot->digest, digest)) memset(slot, 0, sizeof *slot);
    pthread_mutex_unlock(&session_mu);
    sqlite3_stmt *st = db_stmt(d, "DELETE FROM session WHERE token_hash = ?1");
    if (!st) return -1;
    db_bind_text(st, 1, digest);
    return db_step_done(st);
}

void auth_scope(const struct user *u, struct scope *s)
{
    s->all = u->role == ROLE_ADMIN;
    s->unit_root = -1;
    s->person_id = -1;
    switch (u->role) {
    case ROLE_OFFICER:
    case ROLE_LEADER: s->unit_root = u->unit_id; break;
    case ROLE_STAFF: s->person_id = u->person_id; break;
    default: break;
    }
}

int auth_can_write_people(const struct user *u) { return u->role == ROLE_ADMIN || u->role == ROLE_OFFICER; }
int auth_can_manage_units(const struct user *u) { return u->role == ROLE_ADMIN || u->role == ROLE_OFFICER; }
int auth_can_manage_users(const struct user *u) { return u->role == ROLE_ADMIN; }
int auth_can_read_sensitive(const struct user *u) { return u->role == ROLE_ADMIN || u->role == ROLE_OFFICER; }

int auth_unit_in_scope(db *d, const struct user *u, int64_t unit_id)
{
    if (u->role == ROLE_ADMIN) return 1;
    if (u->role != ROLE_OFFICER && u->role != ROLE_LEADER) return 0;
    sqlite3_stmt *st = db_stmt(d, "SELECT 1 FROM unit_closure WHERE ancestor = ?1 AND descendant = ?2");
    if (!st) return 0;
    db_bind_int(st, 1, u->unit_id);
    db_bind_int(st, 2, unit_id);
    int in = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_reset(st);
    return in;
}

int auth_person_in_scope(db *d, const struct user *u, int64_t person_id)
{
    if (u->role == ROLE_ADMIN) return 1;
    if (u->role == ROLE_STAFF) return u->person_id == person_id;
    sqlite3_stmt *st = db_stmt(d, "SELECT 1 FROM person p JOIN unit_closure c ON c.descendant = p.unit_id"
                                  " WHERE p.id = ?1 AND c.ancestor = ?2");
    if (!st) return 0;
    db_bind_int(st, 1, person_id);
    db_bind_int(st, 2, u->unit_id);
    int in = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_reset(st);
    return in;
}

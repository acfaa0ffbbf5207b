/* Users, passwords (Argon2id via libsodium, with a cap on concurrent
 * hashing), sessions, login throttling, roles and unit-subtree scope.
 * Access is decided here and nowhere else. */
#ifndef CANBO_AUTH_AUTH_H
#define CANBO_AUTH_AUTH_H
#include <stddef.h>
#include <stdint.h>
#include "db/db.h"

enum role { ROLE_NONE = 0, ROLE_ADMIN, ROLE_OFFICER, ROLE_LEADER, ROLE_STAFF };

struct user {
    int64_t id;
    char username[64];
    enum role role;
    int64_t unit_id;      /* officer: subtree root; leader: their unit */
    int64_t person_id;    /* staff: their own record */
    char display_name[128];
};

/* The scope a query is filtered by (see db/person.h SCOPE_* binding). */
struct scope {
    int all;              /* admin: everything */
    int64_t unit_root;    /* subtree root, or -1 */
    int64_t person_id;    /* own record, or -1 */
};

#define AUTH_TOKEN_LEN 43 /* base64url of 32 random bytes */

enum auth_result { AUTH_OK = 0, AUTH_BAD_CREDENTIALS, AUTH_THROTTLED, AUTH_ERROR };

int auth_init(int max_concurrent_hashes);
const char *role_name(enum role r);
enum role role_parse(const char *s);

int auth_hash_password(const char *pw, char *out, size_t cap);
/* 0 when pw matches the stored hash. Blocks on the hashing cap. */
int auth_verify_password(const char *hash, const char *pw);
/* Random password of n characters (n < cap), for the first admin. */
void auth_random_password(char *out, size_t n);

/* Checks credentials (throttled per username and per client address), and
 * on success creates a session. token and csrf receive NUL-terminated
 * strings of AUTH_TOKEN_LEN characters. *retry_after set when throttled. */
enum auth_result auth_login(db *d, const char *username, const char *password, const char *client,
                            struct user *u, char *token, char *csrf, int *retry_after);
/* Looks up a live session by its token. 0 / -1. */
int auth_session(db *d, const char *token, struct user *u, char *csrf);
int auth_logout(db *d, const char *token);
/* Forgets throttling state (tests). */
void auth_throttle_reset(void);

int auth_load_user(db *d, int64_t id, struct user *u);

/* The scope of a user's reads. */
void auth_scope(const struct user *u, struct scope *s);
/* Permissions by role. */
int auth_can_write_people(const struct user *u);      /* admin, officer */
int auth_can_manage_units(const struct user *u);      /* admin, officer (in subtree) */
int auth_can_manage_users(const struct user *u);      /* admin */
int auth_can_read_sensitive(const struct user *u);    /* admin, officer; staff for own */
/* 1 when the person / unit is inside the user's scope (current tree). */
int auth_person_in_scope(db *d, const struct user *u, int64_t person_id);
int auth_unit_in_scope(db *d, const struct user *u, int64_t unit_id);

#endif

/* Hash-chained, append-only audit log. Each entry's hash is SHA-256 over the
 * previous entry's hash and this entry's fields; `canbo audit verify` walks
 * the chain. Call audit_append inside the transaction that makes the change. */
#ifndef CANBO_AUTH_AUDIT_H
#define CANBO_AUTH_AUDIT_H
#include <stddef.h>
#include <stdint.h>
#include "db/db.h"

struct actor {
    int64_t user_id;          /* 0 for the system / command line */
    const char *username;     /* "system" when NULL */
};

/* before/after are JSON texts or NULL. 0 / -1. */
int audit_append(db *d, const struct actor *who, const char *action, const char *entity,
                 int64_t entity_id, const char *before_json, const char *after_json);
/* 0 when the whole chain is intact. Otherwise -1 and *bad_id is the first
 * entry that breaks it, with a reason in msg. */
int audit_verify(db *d, int64_t *bad_id, char *msg, size_t cap);

#endif

/* Persistence: one narrow interface over the store. SQLite now (WAL, foreign
 * keys on, one connection per worker thread, prepared statements only). */
#ifndef CANBO_DB_DB_H
#define CANBO_DB_DB_H
#include <jansson.h>
#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

typedef struct db db;

enum { DB_OPEN_CREATE = 1, DB_OPEN_READONLY = 2, DB_OPEN_BULK = 4 };

/* Opens (and with DB_OPEN_CREATE creates) the database; sets the pragmas.
 * DB_OPEN_BULK uses a larger page cache for bulk generation. 0 / -1. */
int db_open(const char *path, int flags, db **out);
void db_close(db *d);
/* Applies numbered migrations not yet applied (re-runnable). 0 / -1. */
int db_migrate(db *d);
int db_schema_version(db *d);

/* A read transaction around a whole read request: one snapshot, and one
 * lock acquisition instead of one per statement. db_begin ends it first. */
int db_read_begin(db *d);
void db_read_end(db *d);
/* Write transactions are BEGIN IMMEDIATE: one writer at a time. */
int db_begin(db *d);
int db_commit(db *d);
void db_rollback(db *d);
int db_in_tx(db *d);

/* Prepared statement cache, keyed by the SQL text pointer: pass string
 * literals only. The statement is reset and its bindings cleared. NULL on error. */
sqlite3_stmt *db_stmt(db *d, const char *sql);
/* Runs SQL text with no parameters (schema, pragmas). 0 / -1. */
int db_exec(db *d, const char *sql);
const char *db_errmsg(db *d);
sqlite3 *db_handle(db *d);
int64_t db_last_id(db *d);
int db_changes(db *d);

/* Binding helpers (1-based index); NULL text / CDATE_NONE bind NULL. */
int db_bind_text(sqlite3_stmt *s, int i, const char *v);
int db_bind_int(sqlite3_stmt *s, int i, int64_t v);
int db_bind_null(sqlite3_stmt *s, int i);
/* Column helpers: text column or NULL. */
const char *db_col_text(sqlite3_stmt *s, int i);
/* Single-value helpers for statements that return one row. */
int db_step_done(sqlite3_stmt *s);      /* steps to SQLITE_DONE; 0 / -1 */
/* Steps an INSERT/UPDATE and resets: 0, 1 on a constraint violation, -1. */
int db_step_write(sqlite3_stmt *s);
/* Column i of the current row as JSON (integer, real, null or string). */
json_t *db_col_json(sqlite3_stmt *s, int i);
/* Every row as an object keyed by column name; resets s; NULL on error. */
json_t *db_rows(sqlite3_stmt *s);
/* The same, but a column named NAME_json is parsed as JSON into member NAME. */
json_t *db_rows_json(sqlite3_stmt *s);

/* Online consistent copy (SQLite backup API) while others write. 0 / -1. */
int db_backup(db *d, const char *to_path);
/* PRAGMA integrity_check + foreign_key_check; 0 when clean. */
int db_check_integrity(db *d, char *msg, size_t cap);

/* Current-tree closure: rebuilt from unit_version rows valid on `as_of`
 * ("YYYY-MM-DD"). Call inside the transaction that changed the tree. */
int db_unit_closure_rebuild(db *d, const char *as_of);

#endif

#ifndef CANBO_DB_MIGRATIONS_H
#define CANBO_DB_MIGRATIONS_H
struct migration { int version; const char *name; const char *sql; };
/* Generated from src/db/migrations/NNNN_name.sql; terminated by {0,NULL,NULL}. */
extern const struct migration migrations[];
#endif

/* canbo demo: a realistic, deterministic province after the 1/7/2025 reform
 * (province level + communes, no districts), for demonstrations and
 * benchmarks. See demo.c for the model and its sources. */
#ifndef CANBO_CLI_DEMO_H
#define CANBO_CLI_DEMO_H
#include <stdint.h>
#include "db/db.h"

struct demo_opts {
    long people;             /* number of people (default 5000) */
    const char *province;    /* name as in provinces.csv, any case/diacritics (default "Đà Nẵng") */
    uint64_t seed;           /* same seed, same data (default 1) */
    const char *shared_dir;  /* NULL: env CANBO_SHARED, else "../shared" */
    int batch;               /* people per transaction (default 50,000) */
    int progress;            /* 1 progress on stderr, 0 none, -1 when stderr is a tty */
};

struct demo_stats {
    long people;
    int units;
    int64_t first_person_id;
    double seconds;
};

/* Generates the unit tree (one transaction) and then the people in batches
 * (one transaction and one audit entry each). The database must be migrated
 * and hold no units or people yet. 0 / -1 (message on stderr). */
int demo_generate(db *d, const struct demo_opts *o, struct demo_stats *st);

/* Creates the demo users, all with `password` (hashed here):
 *   canbo.noivu   officer, scope Sở Nội vụ, linked to a staff member there
 *   canbo.xa      officer, scope the first commune, linked to a staff member there
 *   lanhdao.noivu leader of Sở Nội vụ, linked to its Giám đốc
 *   nhanvien      staff, linked to a chuyên viên of Sở Nội vụ
 * Existing usernames are left alone. Runs its own transaction. 0 / -1. */
int demo_create_users(db *d, const char *password);

/* canbo demo --db FILE [--people N] [--province NAME] [--seed S]
 * argv[0] is the first option. Demo users are created when the environment
 * variable CANBO_DEMO_PASSWORD is set (at least 8 characters). */
int cli_demo(int argc, char **argv);

#endif

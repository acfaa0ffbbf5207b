/* Demo data generator (src/cli/demo.c): the invariants a generated province
 * must satisfy. 2,000 people are generated once per test case into a
 * temporary database (unchecked fixture); each test then reads it.
 *
 * Rules checked: NĐ 135/2020/NĐ-CP Art. 4 (nobody past retirement age),
 * TT 07/2016/TT-BCA Art. 7 (CCCD structure), NĐ 204/2004/NĐ-CP Bảng 2
 * (coefficients) and TT 08/2013/TT-BNV (step cycle: 36 months for A groups,
 * 24 for B/C; vượt khung 5 % after a cycle at the top step, then +1 %/year),
 * addendum.md B1 (54 ethnic groups under two code lists) and B5 (family
 * name shares: Nguyễn 38.4 % nationally). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth/audit.h"
#include "auth/auth.h"
#include "cli/demo.h"
#include "core/date.h"
#include "core/ident.h"
#include "core/retire.h"
#include "core/salary.h"
#include "db/db.h"

extern Suite *suite_demo(void);

#define PEOPLE 2000
#define BATCH 700
#define SEED 20250701u

static char dir[64];
static char path_a[128], path_b[128], path_c[128];

static const char *shared_dir(void)
{
    const char *s = getenv("CANBO_SHARED");
    return s && *s ? s : "../shared";
}

static int have_communes_csv(void)
{
    char p[512];
    snprintf(p, sizeof p, "%s/data/vn-admin-2025/communes.csv", shared_dir());
    return access(p, R_OK) == 0;
}

static int generate(const char *path, uint64_t seed, long people)
{
    db *d = NULL;
    unlink(path);
    if (db_open(path, DB_OPEN_CREATE, &d) != 0) return -1;
    struct demo_opts o = {.people = people, .province = "Đà Nẵng", .seed = seed,
                          .shared_dir = NULL, .batch = BATCH, .progress = 0};
    struct demo_stats st;
    int rc = db_migrate(d) == 0 && demo_generate(d, &o, &st) == 0 && st.people == people ? 0 : -1;
    db_close(d);
    return rc;
}

static void setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/canbo-test-demo-XXXXXX");
    if (!mkdtemp(dir)) { perror("mkdtemp"); abort(); }
    snprintf(path_a, sizeof path_a, "%s/a.db", dir);
    snprintf(path_b, sizeof path_b, "%s/b.db", dir);
    snprintf(path_c, sizeof path_c, "%s/c.db", dir);
    if (generate(path_a, SEED, PEOPLE) != 0) { fprintf(stderr, "demo generation failed\n"); abort(); }
}

static void rm_db(const char *p)
{
    char q[160];
    unlink(p);
    snprintf(q, sizeof q, "%s-wal", p); unlink(q);
    snprintf(q, sizeof q, "%s-shm", p); unlink(q);
    snprintf(q, sizeof q, "%s-journal", p); unlink(q);
}

static void teardown(void)
{
    rm_db(path_a);
    rm_db(path_b);
    rm_db(path_c);
    rmdir(dir);
}

static db *open_a(void)
{
    db *d = NULL;
    ck_assert_int_eq(db_open(path_a, DB_OPEN_READONLY, &d), 0);
    return d;
}

static sqlite3_stmt *prep(db *d, const char *sql)
{
    sqlite3_stmt *st = NULL;
    ck_assert_msg(sqlite3_prepare_v2(db_handle(d), sql, -1, &st, NULL) == SQLITE_OK, "%s: %s", sql, db_errmsg(d));
    return st;
}

static int64_t scalar(db *d, const char *sql)
{
    sqlite3_stmt *st = prep(d, sql);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* NĐ 135/2020 Art. 4: nobody is past retirement age today; everyone is 22+. */
START_TEST(test_ages)
{
    db *d = open_a();
    cdate today = date_today();
    sqlite3_stmt *st = prep(d, "SELECT id, birth_date, sex, recruitment_date FROM person");
    int n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        cdate b, r;
        ck_assert_int_eq(date_parse_iso((const char *)sqlite3_column_text(st, 1), &b), 0);
        ck_assert_int_eq(date_parse_iso((const char *)sqlite3_column_text(st, 3), &r), 0);
        int y, m, dd;
        date_to_ymd(b, &y, &m, &dd);
        struct retire_result rt;
        ck_assert_int_eq(retire_compute(y, m, (enum sex)sqlite3_column_int(st, 2), &rt), 0);
        ck_assert_msg(rt.retire_date >= today, "person %lld born %s is past retirement age",
                      (long long)sqlite3_column_int64(st, 0), sqlite3_column_text(st, 1));
        ck_assert_msg(date_age_years(b, today) >= 22, "person %lld is younger than 22",
                      (long long)sqlite3_column_int64(st, 0));
        ck_assert_msg(r <= today && date_age_years(b, r) >= 22, "recruitment of %lld before age 22 or in the future",
                      (long long)sqlite3_column_int64(st, 0));
        n++;
    }
    sqlite3_finalize(st);
    ck_assert_int_eq(n, PEOPLE);
    db_close(d);
}
END_TEST

/* Exactly one open posting each, in the person's current unit, with the
 * same title; closed postings end where the next one starts. */
START_TEST(test_postings)
{
    db *d = open_a();
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM person p WHERE (SELECT count(*) FROM posting q"
                               " WHERE q.person_id = p.id AND q.valid_to IS NULL) <> 1"), 0);
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM person p JOIN posting q ON q.person_id = p.id AND q.valid_to IS NULL"
                               " WHERE q.unit_id <> p.unit_id OR q.title_id IS NOT p.title_id"
                               " OR q.position IS NOT p.position"), 0);
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM person p JOIN posting q ON q.person_id = p.id AND q.valid_to IS NULL"
                               " WHERE p.title_id IS NOT NULL AND p.title_since <> q.valid_from"), 0);
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM posting a WHERE a.valid_to IS NOT NULL AND NOT EXISTS"
                               " (SELECT 1 FROM posting b WHERE b.person_id = a.person_id AND b.valid_from = a.valid_to)"), 0);
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM posting WHERE valid_to IS NOT NULL AND valid_to <= valid_from"), 0);
    /* postings never start before their unit exists (units are created on 2025-07-01) */
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM posting q JOIN unit u ON u.id = q.unit_id"
                               " WHERE q.valid_from < u.created_on"), 0);
    /* some people moved after the reform */
    ck_assert_int_gt(scalar(d, "SELECT count(*) FROM posting WHERE valid_to IS NOT NULL"), 0);
    db_close(d);
}
END_TEST

/* TT 08/2013/TT-BNV step cycle and NĐ 204/2004 Bảng 2 coefficients. */
START_TEST(test_salary_history)
{
    db *d = open_a();
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM salary_history h LEFT JOIN ref_rank r ON r.code = h.rank_code"
                               " LEFT JOIN ref_salary_step s ON s.salary_group = r.salary_group AND s.step = h.step"
                               " WHERE s.coef_x100 IS NULL OR s.coef_x100 <> h.coef_x100"), 0);
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM person p WHERE (SELECT count(*) FROM salary_history h"
                               " WHERE h.person_id = p.id AND h.valid_to IS NULL) <> 1"), 0);
    /* the current state equals the open row; the history starts at recruitment */
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM person p JOIN salary_history h ON h.person_id = p.id"
                               " AND h.valid_to IS NULL WHERE h.rank_code <> p.rank_code OR h.step <> p.salary_step"
                               " OR h.coef_x100 <> p.coef_x100 OR h.valid_from <> p.salary_since"
                               " OR h.vk_percent <> p.vk_percent"), 0);
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM person p WHERE p.recruitment_date <>"
                               " (SELECT min(valid_from) FROM salary_history h WHERE h.person_id = p.id)"), 0);

    sqlite3_stmt *st = prep(d, "SELECT h.person_id, h.rank_code, r.salary_group, h.step, h.coef_x100, h.vk_percent,"
                               " h.valid_from, h.valid_to FROM salary_history h JOIN ref_rank r ON r.code = h.rank_code"
                               " ORDER BY h.person_id, h.valid_from");
    int64_t prev_person = -1;
    char prev_rank[16] = "", prev_to[11] = "";
    int prev_step = 0, prev_coef = 0, prev_vk = 0, rows = 0, rises = 0, promotions = 0, vk_rows = 0;
    cdate prev_from = 0;
    const struct salary_group *prev_g = NULL;
    while (sqlite3_step(st) == SQLITE_ROW) {
        int64_t pid = sqlite3_column_int64(st, 0);
        const char *rank = (const char *)sqlite3_column_text(st, 1);
        const struct salary_group *g = salary_group_find((const char *)sqlite3_column_text(st, 2));
        ck_assert_ptr_nonnull(g);
        int step = sqlite3_column_int(st, 3), coef = sqlite3_column_int(st, 4), vk = sqlite3_column_int(st, 5);
        const char *from_s = (const char *)sqlite3_column_text(st, 6);
        const char *to_s = (const char *)sqlite3_column_text(st, 7);
        cdate from;
        ck_assert_int_eq(date_parse_iso(from_s, &from), 0);
        if (pid == prev_person) {
            /* contiguous: the previous row ends where this one starts */
            ck_assert_msg(prev_to[0] && !strcmp(prev_to, from_s), "person %lld: gap or overlap at %s",
                          (long long)pid, from_s);
            if (!strcmp(rank, prev_rank)) {
                if (prev_step < prev_g->steps) {
                    ck_assert_msg(step == prev_step + 1 && vk == 0, "person %lld: step %d -> %d", (long long)pid,
                                  prev_step, step);
                    ck_assert_msg(from == date_add_months(prev_from, prev_g->cycle_months),
                                  "person %lld: rise at %s is not one cycle after the previous", (long long)pid, from_s);
                    rises++;
                } else {
                    /* vượt khung: 5 % after a cycle at the top step, then +1 % a year */
                    ck_assert_int_eq(step, prev_step);
                    ck_assert_int_eq(vk, prev_vk == 0 ? 5 : prev_vk + 1);
                    ck_assert(from == date_add_months(prev_from, prev_vk == 0 ? prev_g->cycle_months : 12));
                    vk_rows++;
                }
            } else {
                /* promotion to a higher rank: a higher coefficient */
                ck_assert_msg(coef * 100 > prev_coef * (100 + prev_vk) || step == g->steps,
                              "person %lld: promotion lowers the coefficient", (long long)pid);
                ck_assert_int_eq(vk, 0);
                promotions++;
            }
        } else {
            ck_assert_int_eq(vk, 0);
        }
        prev_person = pid;
        snprintf(prev_rank, sizeof prev_rank, "%s", rank);
        snprintf(prev_to, sizeof prev_to, "%s", to_s ? to_s : "");
        prev_step = step;
        prev_coef = coef;
        prev_vk = vk;
        prev_from = from;
        prev_g = g;
        rows++;
    }
    sqlite3_finalize(st);
    ck_assert_int_gt(rows, PEOPLE);
    ck_assert_int_gt(rises, PEOPLE / 2);
    ck_assert_int_gt(promotions, 0);
    ck_assert_int_gt(vk_rows, 0);
    db_close(d);
}
END_TEST

/* TT 07/2016/TT-BCA Art. 7: every CCCD is consistent with birth year and sex. */
START_TEST(test_cccd)
{
    db *d = open_a();
    sqlite3_stmt *st = prep(d, "SELECT cccd, CAST(substr(birth_date, 1, 4) AS INTEGER), sex FROM person");
    int n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *c = (const char *)sqlite3_column_text(st, 0);
        enum cccd_error e = cccd_check(c, sqlite3_column_int(st, 1), sqlite3_column_int(st, 2));
        ck_assert_msg(e == CCCD_OK, "%s: %s", c, cccd_error_message(e));
        n++;
    }
    sqlite3_finalize(st);
    ck_assert_int_eq(n, PEOPLE);
    ck_assert_int_eq(scalar(d, "SELECT count(DISTINCT cccd) FROM person"), PEOPLE);
    db_close(d);
}
END_TEST

/* One head per unit at most; deputies only where there is a head. */
START_TEST(test_leadership)
{
    db *d = open_a();
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM (SELECT q.unit_id FROM posting q JOIN ref_title t ON t.id = q.title_id"
                               " WHERE q.valid_to IS NULL AND t.code NOT LIKE 'P%' GROUP BY q.unit_id HAVING count(*) > 1)"),
                     0);
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM (SELECT q.unit_id FROM posting q JOIN ref_title t ON t.id = q.title_id"
                               " WHERE q.valid_to IS NULL AND t.code LIKE 'P%' GROUP BY q.unit_id HAVING count(*) > 3)"),
                     0);
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM person p JOIN ref_title t ON t.id = p.title_id"
                               " WHERE t.code = 'CT_UBND_TINH'"), 1);
    /* titles fit the unit type */
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM person p JOIN ref_title t ON t.id = p.title_id"
                               " JOIN unit_version v ON v.unit_id = p.unit_id AND v.valid_to IS NULL"
                               " WHERE (t.code IN ('CT_UBND_XA', 'PCT_UBND_XA') AND v.type NOT IN ('ward', 'commune'))"
                               " OR (t.code IN ('GD_SO', 'PGD_SO') AND v.type <> 'department')"
                               " OR (t.code IN ('CT_UBND_TINH', 'PCT_UBND_TINH') AND v.type <> 'province')"),
                     0);
    /* everyone with a title is a party member (the generator's rule) */
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM person WHERE title_id IS NOT NULL AND party_join_date IS NULL"
                               " AND title_id IN (SELECT id FROM ref_title WHERE code NOT LIKE 'P%')"), 0);
    /* ~40 % party members in a realistic province; with 2,000 people over
     * ~950 units a third are heads or deputies, so check the others */
    int64_t staff = scalar(d, "SELECT count(*) FROM person WHERE title_id IS NULL");
    int64_t party = scalar(d, "SELECT count(*) FROM person WHERE title_id IS NULL AND party_join_date IS NOT NULL");
    ck_assert_msg(party * 100 > staff * 15 && party * 100 < staff * 50, "party members: %lld of %lld",
                  (long long)party, (long long)staff);
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM person WHERE party_official_date IS NOT NULL"
                               " AND party_official_date <> date(party_join_date, '+12 months')"), 0);
    db_close(d);
}
END_TEST

/* Reference data of migration 0002 (addendum.md B1; rules.md §9.2). */
START_TEST(test_reference_data)
{
    db *d = open_a();
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM ref_ethnicity"), 54);
    ck_assert_int_eq(scalar(d, "SELECT count(DISTINCT code_1979) FROM ref_ethnicity"), 54);
    ck_assert_int_eq(scalar(d, "SELECT count(DISTINCT code_2008) FROM ref_ethnicity"), 54);
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM ref_ethnicity WHERE name = 'Kinh' AND code_1979 = '01' AND code_2008 = '01'"), 1);
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM ref_ethnicity WHERE name = 'Hoa' AND code_1979 = '04' AND code_2008 = '06'"), 1);
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM ref_ethnicity WHERE name = 'Mường' AND code_1979 = '06' AND code_2008 = '04'"), 1);
    ck_assert_int_eq(scalar(d, "SELECT count(DISTINCT salary_group) FROM ref_salary_step"), 10);
    static const struct { const char *g; int steps, first, last; } want[] = {
        {"A3.1", 6, 620, 800}, {"A3.2", 6, 575, 755}, {"A2.1", 8, 440, 678}, {"A2.2", 8, 400, 638},
        {"A1", 9, 234, 498},   {"A0", 10, 210, 489},  {"B", 12, 186, 406},   {"C1", 12, 165, 363},
        {"C2", 12, 150, 348},  {"C3", 12, 135, 333},
    };
    sqlite3_stmt *st = prep(d, "SELECT count(*), min(coef_x100), max(coef_x100) FROM ref_salary_step WHERE salary_group = ?1");
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        sqlite3_reset(st);
        sqlite3_bind_text(st, 1, want[i].g, -1, SQLITE_STATIC);
        ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
        ck_assert_int_eq(sqlite3_column_int(st, 0), want[i].steps);
        ck_assert_int_eq(sqlite3_column_int(st, 1), want[i].first);
        ck_assert_int_eq(sqlite3_column_int(st, 2), want[i].last);
        /* the seed equals the core table */
        const struct salary_group *g = salary_group_find(want[i].g);
        ck_assert_ptr_nonnull(g);
        ck_assert_int_eq(g->steps, want[i].steps);
        for (int s = 1; s <= g->steps; s++) {
            char q[160];
            snprintf(q, sizeof q, "SELECT coef_x100 FROM ref_salary_step WHERE salary_group = '%s' AND step = %d", want[i].g, s);
            ck_assert_int_eq(scalar(d, q), g->coef_x100[s - 1]);
        }
    }
    sqlite3_finalize(st);
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM ref_religion WHERE name = 'Không' AND gso_code IS NULL"), 1);
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM ref_religion WHERE gso_code GLOB '[0-9][0-9]'"), 14);
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM ref_rank r WHERE NOT EXISTS"
                               " (SELECT 1 FROM ref_salary_step s WHERE s.salary_group = r.salary_group)"), 0);
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM ref_rank WHERE code IN ('01.001','01.002','01.003','01.004',"
                               "'01.005','02.006','02.007','02.008') AND source = 'TT 02/2021/TT-BNV'"), 8);
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM ref_title WHERE code = 'GD_SO' AND allowance_x100 = 90"), 1);
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM ref_title WHERE code = 'CT_UBND_XA' AND allowance_x100 = 60"), 1);
    /* person level columns hold ref_level codes */
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM person p WHERE professional_level IS NULL OR NOT EXISTS"
                               " (SELECT 1 FROM ref_level l WHERE l.kind = 'professional' AND l.code = p.professional_level)"), 0);
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM person p WHERE theory_level IS NOT NULL AND NOT EXISTS"
                               " (SELECT 1 FROM ref_level l WHERE l.kind = 'theory' AND l.code = p.theory_level)"), 0);
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM person p WHERE mgmt_level IS NOT NULL AND NOT EXISTS"
                               " (SELECT 1 FROM ref_level l WHERE l.kind = 'mgmt' AND l.code = p.mgmt_level)"), 0);
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM person p WHERE it_level IS NOT NULL AND NOT EXISTS"
                               " (SELECT 1 FROM ref_level l WHERE l.kind = 'it' AND l.code = p.it_level)"), 0);
    db_close(d);
}
END_TEST

/* addendum.md B5: Nguyễn 38.4 % nationally; with 2,000 people and a few
 * minority names the share must stay within 30–46 %. */
START_TEST(test_name_distribution)
{
    db *d = open_a();
    int64_t nguyen = scalar(d, "SELECT count(*) FROM person WHERE full_name LIKE 'Nguyễn %'");
    ck_assert_msg(nguyen * 100 >= PEOPLE * 30 && nguyen * 100 <= PEOPLE * 46, "Nguyễn: %lld of %d", (long long)nguyen,
                  PEOPLE);
    int64_t women = scalar(d, "SELECT count(*) FROM person WHERE sex = 2");
    ck_assert_msg(women * 100 > PEOPLE * 40 && women * 100 < PEOPLE * 70, "women: %lld", (long long)women);
    /* most women have "Thị" among their middle names; men hardly ever */
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM person WHERE sex = 1 AND full_name LIKE '% Thị %'"), 0);
    ck_assert_int_gt(scalar(d, "SELECT count(*) FROM person WHERE sex = 2 AND full_name LIKE '% Thị %'"), women / 3);
    int64_t kinh = scalar(d, "SELECT count(*) FROM person p JOIN ref_ethnicity e ON e.id = p.ethnicity_id WHERE e.name = 'Kinh'");
    ck_assert_msg(kinh * 100 > PEOPLE * 90 && kinh < PEOPLE, "Kinh: %lld", (long long)kinh);
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM person WHERE name_fold = '' OR sort_key = ''"), 0);
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM person WHERE name_fold GLOB '*[^a-z ]*'"), 0);
    /* the search index knows everyone */
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM person_fts WHERE person_fts MATCH 'nguyen'"),
                     scalar(d, "SELECT count(*) FROM person WHERE ' ' || name_fold || ' ' LIKE '% nguyen %'"));
    ck_assert_int_ge(scalar(d, "SELECT count(*) FROM person WHERE ' ' || name_fold || ' ' LIKE '% nguyen %'"), nguyen);
    db_close(d);
}
END_TEST

/* Structure: all real communes of Đà Nẵng, each unit with its version and
 * create event, quotas above headcount, the closure table rebuilt. */
START_TEST(test_units)
{
    db *d = open_a();
    int64_t units = scalar(d, "SELECT count(*) FROM unit");
    ck_assert_int_gt(units, 100);
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM unit_version"), units);
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM unit_version v JOIN unit_event e ON e.id = v.event_id"
                               " WHERE e.kind = 'create' AND e.effective = '2025-07-01'"), units);
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM unit WHERE created_on <> '2025-07-01'"), 0);
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM unit_version WHERE type = 'province' AND parent_id IS NULL"), 1);
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM unit_version WHERE type = 'department'"), 14);
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM unit_version WHERE name = 'UBND thành phố Đà Nẵng'"), 1);
    if (have_communes_csv()) {
        ck_assert_int_eq(scalar(d, "SELECT count(*) FROM unit_version WHERE type IN ('ward', 'commune')"), 94);
        ck_assert_int_eq(scalar(d, "SELECT count(*) FROM unit_version WHERE type = 'ward'"), 23);
        ck_assert_int_eq(scalar(d, "SELECT count(*) FROM unit_version WHERE name = 'UBND phường Hải Châu'"), 1);
        ck_assert_int_eq(scalar(d, "SELECT count(*) FROM unit_version WHERE name = 'UBND xã Hòa Vang'"), 1);
    }
    /* no districts after the reform */
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM unit_version WHERE type = 'district'"), 0);
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM unit_version v WHERE quota < (SELECT count(*) FROM person p"
                               " WHERE p.unit_id = v.unit_id)"), 0);
    int64_t root = scalar(d, "SELECT unit_id FROM unit_version WHERE type = 'province'");
    char q[128];
    snprintf(q, sizeof q, "SELECT count(*) FROM unit_closure WHERE ancestor = %lld", (long long)root);
    ck_assert_int_eq(scalar(d, q), units);
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM person WHERE unit_id IS NULL OR unit_id NOT IN (SELECT id FROM unit)"), 0);
    db_close(d);
}
END_TEST

/* Referential integrity, and one audit entry per batch with an intact chain. */
START_TEST(test_integrity_and_audit)
{
    db *d = NULL;
    ck_assert_int_eq(db_open(path_a, 0, &d), 0); /* the FTS integrity check writes */
    sqlite3_stmt *st = prep(d, "PRAGMA foreign_key_check");
    int bad = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (bad++ < 5) fprintf(stderr, "foreign_key_check: %s rowid %lld -> %s\n", sqlite3_column_text(st, 0),
                               (long long)sqlite3_column_int64(st, 1), sqlite3_column_text(st, 2));
    }
    sqlite3_finalize(st);
    ck_assert_int_eq(bad, 0);
    char msg[256];
    int ok = db_check_integrity(d, msg, sizeof msg);
    ck_assert_msg(ok == 0, "%s", msg);
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM audit_log WHERE action = 'demo.generate'"),
                     (PEOPLE + BATCH - 1) / BATCH);
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM audit_log WHERE action = 'demo.generate' AND after LIKE '%\"count\":700,%'"),
                     PEOPLE / BATCH);
    int64_t bad_id = 0;
    ck_assert_int_eq(audit_verify(d, &bad_id, msg, sizeof msg), 0);
    /* history rows exist for everyone */
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM person p WHERE NOT EXISTS (SELECT 1 FROM family_member f WHERE f.person_id = p.id)"), 0);
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM person p WHERE NOT EXISTS (SELECT 1 FROM training t WHERE t.person_id = p.id)"), 0);
    ck_assert_int_gt(scalar(d, "SELECT count(*) FROM award"), PEOPLE / 5);
    db_close(d);
}
END_TEST

/* Same seed, same people; another seed, other people. */
START_TEST(test_determinism)
{
    ck_assert_int_eq(generate(path_b, SEED, PEOPLE), 0);
    ck_assert_int_eq(generate(path_c, SEED + 1, PEOPLE), 0);
    db *d = open_a();
    char q[512];
    snprintf(q, sizeof q, "ATTACH '%s' AS b", path_b);
    ck_assert_int_eq(sqlite3_exec(db_handle(d), q, NULL, NULL, NULL), SQLITE_OK);
    snprintf(q, sizeof q, "ATTACH '%s' AS c", path_c);
    ck_assert_int_eq(sqlite3_exec(db_handle(d), q, NULL, NULL, NULL), SQLITE_OK);
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM b.person"), PEOPLE);
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM main.person a JOIN b.person b USING (id) WHERE a.full_name = b.full_name"
                               " AND a.cccd = b.cccd AND a.birth_date = b.birth_date AND a.unit_id = b.unit_id"),
                     PEOPLE);
    ck_assert_int_eq(scalar(d, "SELECT (SELECT count(*) FROM main.salary_history) = (SELECT count(*) FROM b.salary_history)"
                               " AND (SELECT count(*) FROM main.family_member) = (SELECT count(*) FROM b.family_member)"),
                     1);
    int64_t same = scalar(d, "SELECT count(*) FROM main.person a JOIN c.person c USING (id) WHERE a.full_name = c.full_name");
    ck_assert_msg(same < PEOPLE / 10, "seed %u and %u gave %lld identical names", SEED, SEED + 1, (long long)same);
    db_close(d);
}
END_TEST

/* Demo users: roles, scopes and linked people. */
START_TEST(test_users)
{
    ck_assert_int_eq(auth_init(2), 0);
    db *d = NULL;
    ck_assert_int_eq(db_open(path_a, 0, &d), 0);
    ck_assert_int_eq(demo_create_users(d, "mat-khau-demo-2025"), 0);
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM app_user WHERE username IN ('canbo.noivu', 'canbo.xa', 'lanhdao.noivu', 'nhanvien')"), 4);
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM app_user u JOIN person p ON p.id = u.person_id"
                               " WHERE u.username IN ('canbo.noivu', 'canbo.xa', 'lanhdao.noivu', 'nhanvien')"), 4);
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM app_user u JOIN unit_version v ON v.unit_id = u.unit_id"
                               " AND v.valid_to IS NULL WHERE u.username = 'canbo.noivu' AND u.role = 'officer'"
                               " AND v.name = 'Sở Nội vụ'"), 1);
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM app_user u JOIN person p ON p.id = u.person_id JOIN ref_title t"
                               " ON t.id = p.title_id WHERE u.username = 'lanhdao.noivu' AND u.role = 'leader'"
                               " AND t.code = 'GD_SO'"), 1);
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM app_user u JOIN person p ON p.id = u.person_id"
                               " WHERE u.username = 'nhanvien' AND u.role = 'staff' AND p.unit_id = u.unit_id"), 1);
    sqlite3_stmt *st = prep(d, "SELECT pw_hash FROM app_user WHERE username = 'nhanvien'");
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    ck_assert_int_eq(auth_verify_password((const char *)sqlite3_column_text(st, 0), "mat-khau-demo-2025"), 0);
    sqlite3_finalize(st);
    /* a second call leaves them alone */
    ck_assert_int_eq(demo_create_users(d, "mat-khau-demo-2025"), 0);
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM app_user"), 4);
    ck_assert_int_eq(demo_create_users(d, "short"), -1);
    db_close(d);
}
END_TEST

/* A database that already holds people is refused. */
START_TEST(test_refuses_existing_data)
{
    db *d = NULL;
    ck_assert_int_eq(db_open(path_a, 0, &d), 0);
    struct demo_opts o = {.people = 10, .province = "Đà Nẵng", .seed = 1, .batch = 10, .progress = 0};
    ck_assert_int_eq(demo_generate(d, &o, NULL), -1);
    ck_assert_int_eq(scalar(d, "SELECT count(*) FROM person"), PEOPLE);
    db_close(d);
}
END_TEST

Suite *suite_demo(void)
{
    Suite *s = suite_create("demo");
    TCase *tc = tcase_create("generated province");
    tcase_set_timeout(tc, 120);
    tcase_add_unchecked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_ages);
    tcase_add_test(tc, test_postings);
    tcase_add_test(tc, test_salary_history);
    tcase_add_test(tc, test_cccd);
    tcase_add_test(tc, test_leadership);
    tcase_add_test(tc, test_reference_data);
    tcase_add_test(tc, test_name_distribution);
    tcase_add_test(tc, test_units);
    tcase_add_test(tc, test_integrity_and_audit);
    tcase_add_test(tc, test_determinism);
    tcase_add_test(tc, test_users);
    tcase_add_test(tc, test_refuses_existing_data);
    suite_add_tcase(s, tc);
    return s;
}

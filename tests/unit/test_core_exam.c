/* Recruitment exam rules (src/core/exam.c; rules.md §4). Every case cites
 * its source: NĐ 138/2020/NĐ-CP Art. 5, 8, 9 (as amended by NĐ 116/2024)
 * until 30/6/2025; NĐ 170/2025/NĐ-CP from 1/7/2025. */
#include <check.h>
#include <string.h>

#include "core/date.h"
#include "core/exam.h"

extern Suite *suite_core_exam(void);

static cdate D(const char *iso)
{
    cdate d;
    ck_assert_int_eq(date_parse_iso(iso, &d), 0);
    return d;
}

static const struct exam_regime *R(const char *iso)
{
    const struct exam_regime *rg = exam_regime_at(D(iso));
    ck_assert_ptr_nonnull(rg);
    return rg;
}

/* ---- regime selection by the exam date (rules.md §0) ---- */
static const struct {
    const char *date;
    int id; /* 0 = no regime */
    const char *why;
} regime_cases[] = {
    {"2020-11-26", 0, "before NĐ 138/2020 (27/11/2020): not encoded"},
    {"2020-11-27", EXAM_ND138, "NĐ 138/2020 from 27/11/2020"},
    {"2024-09-16", EXAM_ND138, "NĐ 138/2020 before NĐ 116/2024"},
    {"2024-09-17", EXAM_ND138, "NĐ 138/2020 as amended by NĐ 116/2024 (17/9/2024)"},
    {"2025-06-30", EXAM_ND138, "last day of NĐ 138/2020"},
    {"2025-07-01", EXAM_ND170, "NĐ 170/2025 from 1/7/2025"},
    {"2026-05-10", EXAM_ND170, "NĐ 170/2025"},
    {"2199-12-31", EXAM_ND170, "NĐ 170/2025, open-ended"},
};
START_TEST(test_regime_at)
{
    const struct exam_regime *rg = exam_regime_at(D(regime_cases[_i].date));
    if (!regime_cases[_i].id)
        ck_assert_msg(rg == NULL, "%s", regime_cases[_i].why);
    else {
        ck_assert_msg(rg != NULL, "%s", regime_cases[_i].why);
        ck_assert_int_eq(rg->id, regime_cases[_i].id);
    }
}
END_TEST

START_TEST(test_regime_table)
{
    size_t n;
    const struct exam_regime *rs = exam_regimes(&n);
    ck_assert_uint_eq(n, 2);
    /* contiguous, non-overlapping periods */
    ck_assert_int_eq(rs[0].valid_to, 20250630);
    ck_assert_int_eq(rs[1].valid_from, 20250701);
    ck_assert_int_eq(rs[1].valid_to, 0);
    /* NĐ 138/2020 Art. 8(1): 60 + 30 + 30 questions; NĐ 170/2025: one part of 60 */
    ck_assert_int_eq(rs[0].r1_parts, 3);
    ck_assert_int_eq(rs[0].r1_questions[0], 60);
    ck_assert_int_eq(rs[0].r1_questions[1], 30);
    ck_assert_int_eq(rs[0].r1_questions[2], 30);
    ck_assert_int_eq(rs[1].r1_parts, 1);
    ck_assert_int_eq(rs[1].r1_questions[0], 60);
    /* NĐ 138/2020 Art. 8(2): written 70% + interview 30%, fixed */
    ck_assert_int_eq(rs[0].r2_weight_written, 70);
    ck_assert_int_eq(rs[0].r2_weight_interview, 30);
    ck_assert_int_eq(rs[0].r2_weights_fixed, 1);
    ck_assert_int_eq(rs[1].r2_weights_fixed, 0);
    /* 1.5 for trade-union officials: NĐ 116/2024 (from 17/9/2024); NĐ 170 [M] parameter */
    ck_assert_int_eq(rs[0].trade_union_points, 150);
    ck_assert_int_eq(rs[0].trade_union_from, 20240917);
    ck_assert_int_eq(rs[1].trade_union_points, 150);
    for (size_t i = 0; i < n; i++) {
        const char *cites[] = {rs[i].cite_r1, rs[i].cite_r2, rs[i].cite_priority,
                               rs[i].cite_priority_max, rs[i].cite_winner, rs[i].cite_tie,
                               rs[i].cite_trade_union};
        for (size_t k = 0; k < sizeof cites / sizeof cites[0]; k++)
            ck_assert_ptr_nonnull(strstr(cites[k], "NĐ 1"));
    }
    ck_assert_ptr_nonnull(strstr(rs[0].cite_winner, "Điều 9"));
    ck_assert_ptr_nonnull(strstr(rs[0].cite_priority, "Điều 5"));
}
END_TEST

/* ---- round 1: >= 50% correct, exact integer comparison ---- */
static const struct {
    int correct, total, expect;
    const char *why;
} r1_part_cases[] = {
    {29, 60, 0, "NĐ 170/2025 vòng 1: 29/60 < 50%"},
    {30, 60, 1, "NĐ 170/2025 vòng 1: 30/60 = 50%"},
    {31, 60, 1, "NĐ 170/2025 vòng 1"},
    {0, 60, 0, "NĐ 170/2025 vòng 1"},
    {60, 60, 1, "NĐ 170/2025 vòng 1"},
    {14, 30, 0, "NĐ 138/2020 Art. 8(1): language/IT 14/30 < 50%"},
    {15, 30, 1, "NĐ 138/2020 Art. 8(1): language/IT 15/30 = 50%"},
    {1, 2, 1, "odd totals: 2*1 >= 2"},
    {2, 5, 0, "odd totals: 2*2 < 5 (40%)"},
    {3, 5, 1, "odd totals: 60%"},
    {30, 61, 0, "2*30 < 61 (49.2%)"},
    {31, 61, 1, "2*31 >= 61"},
    {61, 60, -1, "invalid: more correct than questions"},
    {-1, 60, -1, "invalid: negative"},
    {0, 0, -1, "invalid: no question"},
};
START_TEST(test_r1_part)
{
    ck_assert_msg(exam_r1_part_pass(r1_part_cases[_i].correct, r1_part_cases[_i].total) ==
                      r1_part_cases[_i].expect,
                  "%d/%d: %s", r1_part_cases[_i].correct, r1_part_cases[_i].total,
                  r1_part_cases[_i].why);
}
END_TEST

#define P(c, t) {1, c, t}
#define NOPART {0, 0, 0}
static const struct {
    const char *date;
    struct exam_r1 r1;
    int expect, failed;
    const char *why;
} r1_cases[] = {
    /* NĐ 138/2020 Art. 8(1): pass only with >= 50% in EACH part */
    {"2025-06-30", {{P(30, 60), P(15, 30), P(15, 30)}}, 1, -1, "NĐ 138 Art. 8(1): all parts at 50%"},
    {"2025-06-30", {{P(29, 60), P(30, 30), P(30, 30)}}, 0, 0, "NĐ 138 Art. 8(1): general 29/60"},
    {"2025-06-30", {{P(60, 60), P(14, 30), P(30, 30)}}, 0, 1, "NĐ 138 Art. 8(1): language 14/30"},
    {"2025-06-30", {{P(60, 60), P(30, 30), P(14, 30)}}, 0, 2, "NĐ 138 Art. 8(1): IT 14/30"},
    {"2025-06-30", {{P(60, 60), P(10, 30), P(10, 30)}}, 0, 1, "NĐ 138: first failed part reported"},
    {"2025-06-30", {{P(30, 60), NOPART, P(15, 30)}}, 1, -1, "NĐ 138 Art. 8(1): language exempt"},
    {"2025-06-30", {{P(30, 60), P(15, 30), NOPART}}, 1, -1, "NĐ 138 Art. 8(1): no IT part on computer"},
    {"2025-06-30", {{P(30, 60), NOPART, NOPART}}, 1, -1, "NĐ 138 Art. 8(1): both exempt"},
    {"2025-06-30", {{P(29, 60), NOPART, NOPART}}, 0, 0, "NĐ 138 Art. 8(1): exempt, general fails"},
    {"2025-06-30", {{NOPART, P(15, 30), P(15, 30)}}, -1, -1, "general knowledge is never exempt"},
    /* NĐ 170/2025: one part of 60 questions */
    {"2025-07-01", {{P(30, 60), NOPART, NOPART}}, 1, -1, "NĐ 170 vòng 1: 30/60"},
    {"2025-07-01", {{P(29, 60), NOPART, NOPART}}, 0, 0, "NĐ 170 vòng 1: 29/60"},
    {"2025-07-01", {{P(30, 60), P(15, 30), NOPART}}, -1, -1, "NĐ 170 has no language part"},
    {"2025-07-01", {{P(61, 60), NOPART, NOPART}}, -1, -1, "invalid counts"},
};
START_TEST(test_r1)
{
    int failed = 99;
    int got = exam_r1_pass(R(r1_cases[_i].date), &r1_cases[_i].r1, &failed);
    ck_assert_msg(got == r1_cases[_i].expect, "%s: got %d", r1_cases[_i].why, got);
    ck_assert_msg(failed == r1_cases[_i].failed, "%s: failed part %d", r1_cases[_i].why, failed);
}
END_TEST

/* ---- round 2: >= 50 points; combined 70/30 with each part >= 50 (%) ---- */
#define N EXAM_NONE
static const struct {
    int written, interview, ww, wi;
    int rc, form, score, passed;
    unsigned fail;
    const char *why;
} r2_cases[] = {
    {4999, N, 70, 30, 0, EXAM_R2_WRITTEN, 4999, 0, EXAM_R2_LOW_SCORE, "NĐ 138 Art. 9(1)(a) / NĐ 170: 49.99 fails"},
    {5000, N, 70, 30, 0, EXAM_R2_WRITTEN, 5000, 1, 0, "NĐ 138 Art. 9(1)(a) / NĐ 170: 50.00 passes"},
    {N, 4999, 70, 30, 0, EXAM_R2_INTERVIEW, 4999, 0, EXAM_R2_LOW_SCORE, "NĐ 138 Art. 8(2): interview only, 49.99"},
    {N, 5000, 70, 30, 0, EXAM_R2_INTERVIEW, 5000, 1, 0, "NĐ 138 Art. 8(2): interview only, 50.00"},
    {10000, N, 70, 30, 0, EXAM_R2_WRITTEN, 10000, 1, 0, "maximum"},
    /* NĐ 138 Art. 8(2): written 70% + interview 30% */
    {8000, 6000, 70, 30, 0, EXAM_R2_COMBINED, 7400, 1, 0, "NĐ 138 Art. 8(2): 80*0.7 + 60*0.3 = 74"},
    {5000, 5000, 70, 30, 0, EXAM_R2_COMBINED, 5000, 1, 0, "NĐ 138 Art. 8(2): both parts at 50"},
    {10000, 4999, 70, 30, 0, EXAM_R2_COMBINED, 8500, 0, EXAM_R2_PART_INTERVIEW,
     "NĐ 138 Art. 8(2): interview 49.99 < 50 fails although 85.00 overall"},
    {4999, 10000, 70, 30, 0, EXAM_R2_COMBINED, 6499, 0, EXAM_R2_PART_WRITTEN,
     "NĐ 138 Art. 8(2): written 49.99 < 50 fails although 64.99 overall"},
    {4000, 4000, 70, 30, 0, EXAM_R2_COMBINED, 4000, 0,
     EXAM_R2_PART_WRITTEN | EXAM_R2_PART_INTERVIEW | EXAM_R2_LOW_SCORE, "all three conditions fail"},
    {7233, 6511, 70, 30, 0, EXAM_R2_COMBINED, 7016, 1, 0, "70.164 rounds down to 70.16"},
    {7215, 6500, 70, 30, 0, EXAM_R2_COMBINED, 7001, 1, 0, "70.005 rounds half up to 70.01"},
    /* NĐ 170/2025: each part >= 50% of its maximum; weights of the plan */
    {7000, 5000, 60, 40, 0, EXAM_R2_COMBINED, 6200, 1, 0, "NĐ 170: 70*0.6 + 50*0.4 = 62"},
    {9000, 4999, 60, 40, 0, EXAM_R2_COMBINED, 7400, 0, EXAM_R2_PART_INTERVIEW, "NĐ 170: interview < 50% of max"},
    /* invalid */
    {N, N, 70, 30, -1, 0, 0, 0, 0, "no part"},
    {10001, N, 70, 30, -1, 0, 0, 0, 0, "above 100 points"},
    {-2, N, 70, 30, -1, 0, 0, 0, 0, "negative"},
    {5000, 5000, 70, 20, -1, 0, 0, 0, 0, "weights must sum to 100"},
};
START_TEST(test_r2)
{
    struct exam_r2 in = {r2_cases[_i].written, r2_cases[_i].interview};
    struct exam_r2_result r;
    int rc = exam_r2_eval(&in, r2_cases[_i].ww, r2_cases[_i].wi, &r);
    ck_assert_msg(rc == r2_cases[_i].rc, "%s: rc %d", r2_cases[_i].why, rc);
    if (rc < 0)
        return;
    ck_assert_msg((int)r.form == r2_cases[_i].form, "%s", r2_cases[_i].why);
    ck_assert_msg(r.score == r2_cases[_i].score, "%s: score %d", r2_cases[_i].why, r.score);
    ck_assert_msg(r.passed == r2_cases[_i].passed, "%s", r2_cases[_i].why);
    ck_assert_msg(r.fail == r2_cases[_i].fail, "%s: fail %u", r2_cases[_i].why, r.fail);
}
END_TEST

/* ---- priority points: rules.md §4.3, NĐ 138/2020 Art. 5 ---- */
#define MAXC 4
static const struct {
    const char *date;
    const char *codes[MAXC];
    int points;
    const char *best;
    const char *why;
} prio_cases[] = {
    {"2026-05-10", {NULL}, 0, NULL, "no category"},
    {"2026-05-10", {"thuong_binh"}, 750, "thuong_binh", "Art. 5(1)(a): 7.5"},
    {"2026-05-10", {"anh_hung_llvt"}, 750, "anh_hung_llvt", "Art. 5(1)(a): 7.5"},
    {"2026-05-10", {"dan_toc_thieu_so"}, 500, "dan_toc_thieu_so", "Art. 5(1)(b): 5"},
    {"2026-05-10", {"con_liet_si"}, 500, "con_liet_si", "Art. 5(1)(b): 5"},
    {"2026-05-10", {"hoan_thanh_nghia_vu_quan_su"}, 250, "hoan_thanh_nghia_vu_quan_su", "Art. 5(1)(c): 2.5"},
    {"2026-05-10", {"doi_vien_thanh_nien_xung_phong"}, 250, "doi_vien_thanh_nien_xung_phong", "Art. 5(1)(c): 2.5"},
    /* Art. 5(2): several categories => only the highest (rules.md §4.3 test) */
    {"2026-05-10", {"dan_toc_thieu_so", "hoan_thanh_nghia_vu_quan_su"}, 500, "dan_toc_thieu_so",
     "Art. 5(2): ethnic-minority veteran gets 5, not 7.5"},
    {"2025-06-30", {"hoan_thanh_nghia_vu_quan_su", "dan_toc_thieu_so"}, 500, "dan_toc_thieu_so",
     "Art. 5(2) under NĐ 138: order does not matter"},
    {"2026-05-10", {"dan_toc_thieu_so", "thuong_binh", "con_liet_si"}, 750, "thuong_binh",
     "Art. 5(2): 7.5 beats 5, not 17.5"},
    {"2026-05-10", {"dan_toc_thieu_so", "con_liet_si"}, 500, "dan_toc_thieu_so",
     "Art. 5(2): two 5-point categories give 5, the first listed is named"},
    /* 1.5: NĐ 116/2024 (17/9/2024); NĐ 170 regime parameter [M] */
    {"2024-09-16", {"can_bo_cong_doan"}, 0, NULL, "NĐ 138 before NĐ 116/2024: no trade-union category"},
    {"2024-09-17", {"can_bo_cong_doan"}, 150, "can_bo_cong_doan", "NĐ 116/2024: 1.5 from 17/9/2024"},
    {"2025-07-01", {"can_bo_cong_doan"}, 150, "can_bo_cong_doan", "NĐ 170: trade_union_points"},
    {"2026-05-10", {"can_bo_cong_doan", "hoan_thanh_nghia_vu_cong_an"}, 250,
     "hoan_thanh_nghia_vu_cong_an", "Art. 5(2): 2.5 beats 1.5"},
};
START_TEST(test_priority)
{
    const struct exam_priority *cats[MAXC];
    size_t n = 0;
    for (; n < MAXC && prio_cases[_i].codes[n]; n++) {
        cats[n] = exam_priority_find(prio_cases[_i].codes[n]);
        ck_assert_ptr_nonnull(cats[n]);
    }
    const struct exam_priority *best = (const struct exam_priority *)1;
    int pts = exam_priority_best(R(prio_cases[_i].date), cats, n, D(prio_cases[_i].date), &best);
    ck_assert_msg(pts == prio_cases[_i].points, "%s: %d", prio_cases[_i].why, pts);
    if (prio_cases[_i].best)
        ck_assert_str_eq(best->code, prio_cases[_i].best);
    else
        ck_assert_ptr_null(best);
}
END_TEST

/* The whole category list of rules.md §4.3: unique codes, a label, a valid
 * clause and the points of that clause. */
START_TEST(test_priority_table)
{
    size_t n;
    const struct exam_priority *ps = exam_priority_list(&n);
    ck_assert_uint_eq(n, 24);
    int per[4] = {0};
    for (size_t i = 0; i < n; i++) {
        ck_assert_ptr_nonnull(exam_priority_find(ps[i].code));
        ck_assert_ptr_eq(exam_priority_find(ps[i].code), &ps[i]);
        ck_assert_uint_gt(strlen(ps[i].label), 5);
        ck_assert(ps[i].clause >= 'a' && ps[i].clause <= 'd');
        static const int expect[] = {750, 500, 250, 0};
        ck_assert_int_eq(ps[i].points, expect[ps[i].clause - 'a']);
        per[ps[i].clause - 'a']++;
    }
    ck_assert_int_eq(per[0], 5);  /* a) 7.5 */
    ck_assert_int_eq(per[1], 15); /* b) 5 */
    ck_assert_int_eq(per[2], 3);  /* c) 2.5 */
    ck_assert_int_eq(per[3], 1);  /* d) 1.5 */
    ck_assert_ptr_null(exam_priority_find("nope"));
    ck_assert_ptr_null(exam_priority_find(NULL));
}
END_TEST

/* ---- ranking within a quota: NĐ 138/2020 Art. 9; NĐ 170/2025 ---- */
#define MAXE 6
struct rank_case {
    int quota, has_decision, n;
    struct { int eligible, r2, priority, chosen; } in[MAXE];
    int rc;
    /* expected per entry: outcome, rank, tie */
    struct { int outcome, rank, tie; } out[MAXE];
    int winners, pending, pending_places, unfilled;
    const char *why;
};
#define W EXAM_WIN
#define L EXAM_LOSE
#define F EXAM_FAILED
#define PD EXAM_PENDING
#define WD EXAM_WIN_DECISION
#define LD EXAM_LOSE_DECISION
static const struct rank_case rank_cases[] = {
    {2, 0, 4, {{1, 7000, 0, 0}, {1, 6000, 500, 0}, {1, 6400, 0, 0}, {0, 9000, 0, 0}}, 0,
     {{W, 1, 0}, {W, 2, 0}, {L, 3, 0}, {F, 0, 0}}, 2, 0, 0, 0,
     "Art. 9(1): round 2 + priority (60+5 = 65 > 64), the failed candidate is not ranked"},
    {3, 0, 2, {{1, 5000, 0, 0}, {0, 4999, 750, 0}}, 0, {{W, 1, 0}, {F, 0, 0}}, 1, 0, 0, 2,
     "Art. 9(1)(a): below 50 in round 2 never wins, even with 7.5 priority; 2 places unfilled"},
    /* tie at the last place broken by the round-2 score (Art. 9(2)) */
    {2, 0, 3, {{1, 8000, 0, 0}, {1, 7000, 500, 0}, {1, 7500, 0, 0}}, 0,
     {{W, 1, 0}, {L, 3, EXAM_TIE_R2}, {W, 2, EXAM_TIE_R2}}, 2, 0, 0, 0,
     "Art. 9(2): 75 = 70+5 at the last place, higher round 2 (75) wins"},
    {1, 0, 3, {{1, 6000, 250, 0}, {1, 6250, 0, 0}, {1, 5750, 500, 0}}, 0,
     {{L, 2, EXAM_TIE_R2}, {W, 1, EXAM_TIE_R2}, {L, 3, EXAM_TIE_R2}}, 1, 0, 0, 0,
     "Art. 9(2): three at 62.50, the highest round 2 wins"},
    /* equal totals inside the quota are no tie at the last place */
    {3, 0, 3, {{1, 7000, 0, 0}, {1, 6500, 500, 0}, {1, 6000, 0, 0}}, 0,
     {{W, 1, 0}, {W, 2, 0}, {W, 3, 0}}, 3, 0, 0, 0, "equal totals within the quota"},
    /* full tie: flagged for the head's decision (Art. 9(2)) */
    {2, 0, 4, {{1, 9000, 0, 0}, {1, 7000, 0, 0}, {1, 7000, 0, 0}, {1, 6000, 0, 0}}, 0,
     {{W, 1, 0}, {PD, 2, EXAM_TIE_FULL}, {PD, 2, EXAM_TIE_FULL}, {L, 4, 0}}, 1, 2, 1, 0,
     "Art. 9(2): equal total and round 2 at the last place: pending"},
    {2, 1, 4, {{1, 9000, 0, 0}, {1, 7000, 0, 0}, {1, 7000, 0, 1}, {1, 6000, 0, 0}}, 0,
     {{W, 1, 0}, {LD, 2, EXAM_TIE_FULL}, {WD, 2, EXAM_TIE_FULL}, {L, 4, 0}}, 2, 0, 0, 0,
     "Art. 9(2): the recorded decision of the head names the winner"},
    /* a full tie spanning two places, the third equal-total candidate lost on round 2 */
    {3, 0, 5, {{1, 9000, 0, 0}, {1, 7000, 0, 0}, {1, 7000, 0, 0}, {1, 7000, 0, 0}, {1, 6500, 500, 0}}, 0,
     {{W, 1, 0}, {PD, 2, EXAM_TIE_FULL}, {PD, 2, EXAM_TIE_FULL}, {PD, 2, EXAM_TIE_FULL}, {L, 5, EXAM_TIE_R2}},
     1, 3, 2, 0, "Art. 9(2): three fully tied for two places; 65+5 loses on round 2"},
    {3, 1, 5, {{1, 9000, 0, 0}, {1, 7000, 0, 1}, {1, 7000, 0, 0}, {1, 7000, 0, 1}, {1, 6500, 500, 0}}, 0,
     {{W, 1, 0}, {WD, 2, EXAM_TIE_FULL}, {LD, 2, EXAM_TIE_FULL}, {WD, 2, EXAM_TIE_FULL}, {L, 5, EXAM_TIE_R2}},
     3, 0, 0, 0, "Art. 9(2): decision names two winners for two places"},
    /* invalid decisions */
    {2, 1, 3, {{1, 9000, 0, 0}, {1, 7000, 0, 1}, {1, 6000, 0, 0}}, EXAM_RANK_NO_TIE,
     {{0, 0, 0}}, 0, 0, 0, 0, "a decision without a full tie"},
    {2, 1, 4, {{1, 9000, 0, 1}, {1, 7000, 0, 0}, {1, 7000, 0, 0}, {1, 6000, 0, 0}}, EXAM_RANK_BAD_DECISION,
     {{0, 0, 0}}, 0, 0, 0, 0, "the decision names someone outside the tie"},
    {2, 1, 4, {{1, 9000, 0, 0}, {1, 7000, 0, 1}, {1, 7000, 0, 1}, {1, 6000, 0, 0}}, EXAM_RANK_BAD_DECISION,
     {{0, 0, 0}}, 0, 0, 0, 0, "the decision names more winners than places"},
    {0, 0, 1, {{1, 9000, 0, 0}}, EXAM_RANK_BAD_INPUT, {{0, 0, 0}}, 0, 0, 0, 0, "quota 0"},
};
START_TEST(test_rank)
{
    const struct rank_case *t = &rank_cases[_i];
    struct exam_entry e[MAXE];
    size_t order[MAXE], m = 99;
    memset(e, 0, sizeof e);
    for (int i = 0; i < t->n; i++) {
        e[i].eligible = t->in[i].eligible;
        e[i].r2 = t->in[i].r2;
        e[i].priority = t->in[i].priority;
        e[i].chosen = t->in[i].chosen;
    }
    struct exam_rank_summary s;
    enum exam_rank_error rc = exam_rank(e, (size_t)t->n, t->quota, t->has_decision, order, &m, &s);
    ck_assert_msg((int)rc == t->rc, "%s: rc %d", t->why, rc);
    if (rc != EXAM_RANK_OK)
        return;
    for (int i = 0; i < t->n; i++) {
        ck_assert_msg((int)e[i].outcome == t->out[i].outcome, "%s: entry %d outcome %d", t->why, i,
                      e[i].outcome);
        ck_assert_msg(e[i].rank == t->out[i].rank, "%s: entry %d rank %d", t->why, i, e[i].rank);
        ck_assert_msg((int)e[i].tie == t->out[i].tie, "%s: entry %d tie %d", t->why, i, e[i].tie);
        if (e[i].eligible)
            ck_assert_int_eq(e[i].total, e[i].r2 + e[i].priority);
    }
    ck_assert_int_eq(s.winners, t->winners);
    ck_assert_int_eq(s.pending, t->pending);
    ck_assert_int_eq(s.pending_places, t->pending_places);
    ck_assert_int_eq(s.unfilled, t->unfilled);
    /* order is by (total, r2) descending */
    for (size_t k = 1; k < m; k++) {
        const struct exam_entry *a = &e[order[k - 1]], *b = &e[order[k]];
        ck_assert(a->total > b->total || (a->total == b->total && a->r2 >= b->r2));
    }
}
END_TEST

/* The heap sort on a larger, adversarial input: ranks agree with a
 * quadratic count, and the winners are exactly the first `quota`. */
START_TEST(test_rank_many)
{
    enum { NN = 997 };
    static struct exam_entry e[NN];
    static size_t order[NN];
    memset(e, 0, sizeof e);
    unsigned x = 12345;
    for (int i = 0; i < NN; i++) {
        x = x * 1103515245u + 12345u;
        e[i].eligible = (x >> 8) % 7 != 0;
        e[i].r2 = 5000 + (int)((x >> 12) % 50) * 100; /* many equal scores */
        e[i].priority = ((x >> 20) % 4 == 0) ? 500 : 0;
    }
    size_t m;
    struct exam_rank_summary s;
    ck_assert_int_eq(exam_rank(e, NN, 100, 0, order, &m, &s), EXAM_RANK_OK);
    for (int i = 0; i < NN; i++) {
        if (!e[i].eligible) {
            ck_assert_int_eq(e[i].rank, 0);
            continue;
        }
        int better = 0;
        for (int j = 0; j < NN; j++)
            if (e[j].eligible && (e[j].total > e[i].total ||
                                  (e[j].total == e[i].total && e[j].r2 > e[i].r2)))
                better++;
        ck_assert_int_eq(e[i].rank, better + 1);
        if (e[i].outcome == EXAM_WIN)
            ck_assert_int_le(e[i].rank, 100);
    }
    ck_assert_int_eq(s.winners + s.pending_places, 100);
}
END_TEST

Suite *suite_core_exam(void)
{
    Suite *s = suite_create("core_exam");
    TCase *tc = tcase_create("exam");
#define NC(a) (int)(sizeof(a) / sizeof((a)[0]))
    tcase_add_loop_test(tc, test_regime_at, 0, NC(regime_cases));
    tcase_add_test(tc, test_regime_table);
    tcase_add_loop_test(tc, test_r1_part, 0, NC(r1_part_cases));
    tcase_add_loop_test(tc, test_r1, 0, NC(r1_cases));
    tcase_add_loop_test(tc, test_r2, 0, NC(r2_cases));
    tcase_add_loop_test(tc, test_priority, 0, NC(prio_cases));
    tcase_add_test(tc, test_priority_table);
    tcase_add_loop_test(tc, test_rank, 0, NC(rank_cases));
    tcase_add_test(tc, test_rank_many);
    suite_add_tcase(s, tc);
    return s;
}

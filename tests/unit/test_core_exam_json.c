/* `exam-rank` on JSON (src/api/rules_exam.c): results, ranking and errors.
 * Called directly through rule_exam_rank(). Sources: NĐ 138/2020/NĐ-CP
 * Art. 5, 8, 9 (as amended by NĐ 116/2024) until 30/6/2025; NĐ 170/2025/NĐ-CP
 * from 1/7/2025 (rules.md §4). */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/rules_exam.h"

extern Suite *suite_core_exam_json(void);

static json_t *parse(const char *text)
{
    json_error_t e;
    json_t *j = json_loads(text, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &e);
    ck_assert_msg(j != NULL, "fixture: %s (%s)", e.text, text);
    return j;
}

static json_t *run_ok(const char *text)
{
    json_t *in = parse(text), *err = NULL;
    json_t *out = rule_exam_rank(in, &err);
    if (!out) {
        char *s = json_dumps(err, 0);
        ck_abort_msg("unexpected error: %s", s);
    }
    ck_assert_ptr_null(err);
    json_decref(in);
    return out;
}

static json_t *cand(json_t *out, const char *code)
{
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(out, "candidates"), i, c)
        if (strcmp(json_string_value(json_object_get(c, "code")), code) == 0)
            return c;
    ck_abort_msg("no candidate %s", code);
    return NULL;
}

static json_t *pos(json_t *out, const char *code)
{
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(out, "positions"), i, p)
        if (strcmp(json_string_value(json_object_get(p, "code")), code) == 0)
            return p;
    ck_abort_msg("no position %s", code);
    return NULL;
}

/* Every explain line, general and per candidate, cites a decree. */
static void check_explain(json_t *out)
{
    size_t i, j;
    json_t *line, *c;
    json_t *ex = json_object_get(out, "explain");
    ck_assert_uint_ge(json_array_size(ex), 5);
    json_array_foreach(ex, i, line)
        ck_assert_msg(strstr(json_string_value(line), "(NĐ 1") != NULL, "%s", json_string_value(line));
    json_array_foreach(json_object_get(out, "candidates"), j, c) {
        ex = json_object_get(c, "explain");
        ck_assert_uint_ge(json_array_size(ex), 3);
        json_array_foreach(ex, i, line)
            ck_assert_msg(strstr(json_string_value(line), "(NĐ 1") != NULL, "%s",
                          json_string_value(line));
    }
}

/* ---- good cases: expected result per candidate ---- */
#define MAXK 6
static const struct {
    const char *why, *input, *regime;
    struct {
        const char *code, *result; /* trung_tuyen / khong_trung_tuyen / cho_quyet_dinh */
        int total, rank;           /* -1 = null */
        const char *explain;       /* substring of the candidate's explain, or NULL */
    } k[MAXK];
} good[] = {
    {"NĐ 170: round 1 29/60 fails, 30/60 passes; priority max only; quota 2",
     "{\"exam_date\":\"2026-05-10\",\"positions\":[{\"code\":\"VT01\",\"quota\":2}],\"candidates\":["
     "{\"code\":\"TS001\",\"position\":\"VT01\",\"round1\":{\"correct\":40,\"total\":60},"
     "\"round2\":{\"written\":7200,\"interview\":null},"
     "\"priority\":[\"dan_toc_thieu_so\",\"hoan_thanh_nghia_vu_quan_su\"]},"
     "{\"code\":\"TS002\",\"position\":\"VT01\",\"round1\":{\"correct\":29,\"total\":60}},"
     "{\"code\":\"TS003\",\"position\":\"VT01\",\"round1\":{\"correct\":30,\"total\":60},"
     "\"round2\":{\"written\":7000}},"
     "{\"code\":\"TS004\",\"position\":\"VT01\",\"round1\":{\"correct\":60,\"total\":60},"
     "\"round2\":{\"written\":6900}}]}",
     "nd170_2025",
     {{"TS001", "trung_tuyen", 7700, 1, "chỉ được cộng điểm ưu tiên cao nhất, 5,00 điểm"},
      {"TS002", "khong_trung_tuyen", -1, -1, "29/60 câu hỏi, dưới 50%"},
      {"TS003", "trung_tuyen", 7000, 2, "30/60 câu hỏi, đạt từ 50%"},
      {"TS004", "khong_trung_tuyen", 6900, 3, "ngoài chỉ tiêu"}}},
    {"NĐ 170 round 2: 49.99 fails, 50.00 passes",
     "{\"exam_date\":\"2025-07-01\",\"positions\":[{\"code\":\"VT01\",\"quota\":5}],\"candidates\":["
     "{\"code\":\"A\",\"position\":\"VT01\",\"round1\":{\"correct\":30,\"total\":60},\"round2\":{\"written\":4999},"
     "\"priority\":[\"thuong_binh\"]},"
     "{\"code\":\"B\",\"position\":\"VT01\",\"round1\":{\"correct\":30,\"total\":60},\"round2\":{\"written\":5000}}]}",
     "nd170_2025",
     {{"A", "khong_trung_tuyen", 5749, -1, "không đạt (cần từ 50 điểm trở lên)"},
      {"B", "trung_tuyen", 5000, 1, "đạt (cần từ 50 điểm trở lên)"}}},
    {"NĐ 138 Art. 8(2): 70/30 combination, one part under 50 fails; per-part round 1",
     "{\"exam_date\":\"2025-06-30\",\"positions\":[{\"code\":\"VT01\",\"quota\":3}],\"candidates\":["
     "{\"code\":\"A\",\"position\":\"VT01\",\"round1\":{\"general\":{\"correct\":30,\"total\":60},"
     "\"language\":{\"correct\":15,\"total\":30},\"it\":{\"correct\":15,\"total\":30}},"
     "\"round2\":{\"written\":8000,\"interview\":6000}},"
     "{\"code\":\"B\",\"position\":\"VT01\",\"round1\":{\"general\":{\"correct\":60,\"total\":60},"
     "\"language\":{\"correct\":14,\"total\":30},\"it\":{\"exempt\":true}},\"round2\":{\"written\":9000}},"
     "{\"code\":\"C\",\"position\":\"VT01\",\"round1\":{\"general\":{\"correct\":50,\"total\":60},"
     "\"language\":{\"exempt\":true}},\"round2\":{\"written\":10000,\"interview\":4999}},"
     "{\"code\":\"D\",\"position\":\"VT01\",\"round1\":{\"general\":{\"correct\":50,\"total\":60}},"
     "\"round2\":{\"written\":7215,\"interview\":6500}}]}",
     "nd138_2020",
     {{"A", "trung_tuyen", 7400, 1, "80,00 × 70% + 60,00 × 30% = 74,00"},
      {"B", "khong_trung_tuyen", -1, -1, "Phần ngoại ngữ dưới 50%"},
      {"C", "khong_trung_tuyen", 8500, -1, "phần phỏng vấn không đạt"},
      {"D", "trung_tuyen", 7001, 2, "= 70,01"}}},
    {"NĐ 138 Art. 9(1): two positions, each with its own quota",
     "{\"exam_date\":\"2025-03-01\",\"positions\":[{\"code\":\"VT01\",\"quota\":1},{\"code\":\"VT02\",\"quota\":2}],"
     "\"candidates\":["
     "{\"code\":\"A\",\"position\":\"VT01\",\"round1\":{\"general\":{\"correct\":40,\"total\":60}},\"round2\":{\"written\":9000}},"
     "{\"code\":\"B\",\"position\":\"VT01\",\"round1\":{\"general\":{\"correct\":40,\"total\":60}},\"round2\":{\"written\":8500}},"
     "{\"code\":\"C\",\"position\":\"VT02\",\"round1\":{\"general\":{\"correct\":40,\"total\":60}},\"round2\":{\"written\":6000}},"
     "{\"code\":\"D\",\"position\":\"VT02\",\"round1\":{\"general\":{\"correct\":40,\"total\":60}},\"round2\":{\"written\":5500},"
     "\"priority\":[\"dan_toc_thieu_so\"]},"
     "{\"code\":\"E\",\"position\":\"VT02\",\"round1\":{\"general\":{\"correct\":40,\"total\":60}},\"round2\":{\"written\":5900}}]}",
     "nd138_2020",
     {{"A", "trung_tuyen", 9000, 1, "vị trí VT01 (chỉ tiêu 1)"},
      {"B", "khong_trung_tuyen", 8500, 2, "ngoài chỉ tiêu"},
      {"C", "trung_tuyen", 6000, 1, "vị trí VT02 (chỉ tiêu 2)"},
      {"D", "trung_tuyen", 6000, 2, "Điều 5 khoản 1 điểm b"},
      {"E", "khong_trung_tuyen", 5900, 3, "ngoài chỉ tiêu"}}},
    {"NĐ 170 Art. on winners: tie at the last place broken by the round-2 score",
     "{\"exam_date\":\"2026-05-10\",\"positions\":[{\"code\":\"VT01\",\"quota\":1}],\"candidates\":["
     "{\"code\":\"A\",\"position\":\"VT01\",\"round1\":{\"correct\":40,\"total\":60},\"round2\":{\"written\":7000},"
     "\"priority\":[\"dan_toc_thieu_so\"]},"
     "{\"code\":\"B\",\"position\":\"VT01\",\"round1\":{\"correct\":40,\"total\":60},\"round2\":{\"written\":7500}}]}",
     "nd170_2025",
     {{"A", "khong_trung_tuyen", 7500, 2, "bằng tổng điểm 75,00 với B ở chỉ tiêu cuối cùng"},
      {"B", "trung_tuyen", 7500, 1, "người có điểm vòng 2 cao hơn là người trúng tuyển"}}},
    {"Full tie at the last place: flagged for the head's decision",
     "{\"exam_date\":\"2026-05-10\",\"positions\":[{\"code\":\"VT01\",\"quota\":2}],\"candidates\":["
     "{\"code\":\"A\",\"position\":\"VT01\",\"round1\":{\"correct\":40,\"total\":60},\"round2\":{\"written\":9000}},"
     "{\"code\":\"B\",\"position\":\"VT01\",\"round1\":{\"correct\":40,\"total\":60},\"round2\":{\"written\":7000}},"
     "{\"code\":\"C\",\"position\":\"VT01\",\"round1\":{\"correct\":40,\"total\":60},\"round2\":{\"written\":7000}}]}",
     "nd170_2025",
     {{"A", "trung_tuyen", 9000, 1, NULL},
      {"B", "cho_quyet_dinh", 7000, 2, "chờ quyết định"},
      {"C", "cho_quyet_dinh", 7000, 2, "người đứng đầu cơ quan có thẩm quyền tuyển dụng quyết định"}}},
    {"Full tie resolved by the recorded decision, which is cited",
     "{\"exam_date\":\"2026-05-10\",\"positions\":[{\"code\":\"VT01\",\"quota\":2}],\"candidates\":["
     "{\"code\":\"A\",\"position\":\"VT01\",\"round1\":{\"correct\":40,\"total\":60},\"round2\":{\"written\":9000}},"
     "{\"code\":\"B\",\"position\":\"VT01\",\"round1\":{\"correct\":40,\"total\":60},\"round2\":{\"written\":7000}},"
     "{\"code\":\"C\",\"position\":\"VT01\",\"round1\":{\"correct\":40,\"total\":60},\"round2\":{\"written\":7000}}],"
     "\"tie_decision\":{\"position\":\"VT01\",\"winner_candidate\":\"C\",\"decision_no\":\"12/QĐ-UBND\","
     "\"date\":\"2026-05-20\"}}",
     "nd170_2025",
     {{"A", "trung_tuyen", 9000, 1, NULL},
      {"B", "khong_trung_tuyen", 7000, 2, "theo Quyết định số 12/QĐ-UBND ngày 20/05/2026"},
      {"C", "trung_tuyen", 7000, 2, "theo Quyết định số 12/QĐ-UBND ngày 20/05/2026"}}},
    {"Regime by date: the trade-union category gives 1.5 from 17/9/2024 (NĐ 116/2024), 0 before",
     "{\"exam_date\":\"2024-09-16\",\"positions\":[{\"code\":\"VT01\",\"quota\":1}],\"candidates\":["
     "{\"code\":\"A\",\"position\":\"VT01\",\"round1\":{\"general\":{\"correct\":40,\"total\":60}},"
     "\"round2\":{\"written\":6000},\"priority\":[\"can_bo_cong_doan\"]}]}",
     "nd138_2020",
     {{"A", "trung_tuyen", 6000, 1, "chỉ được cộng điểm ưu tiên từ ngày 17/09/2024"}}},
    {"NĐ 170: weights of the recruitment plan (60/40)",
     "{\"exam_date\":\"2026-05-10\",\"round2_weights\":{\"written\":60,\"interview\":40},"
     "\"positions\":[{\"code\":\"VT01\",\"quota\":1}],\"candidates\":["
     "{\"code\":\"A\",\"position\":\"VT01\",\"round1\":{\"correct\":40,\"total\":60},"
     "\"round2\":{\"written\":7000,\"interview\":5000},\"priority\":[\"can_bo_cong_doan\"]}]}",
     "nd170_2025",
     {{"A", "trung_tuyen", 6350, 1, "70,00 × 60% + 50,00 × 40% = 62,00"}}},
    {"Passed round 1 but no round-2 result",
     "{\"exam_date\":\"2026-05-10\",\"positions\":[{\"code\":\"VT01\",\"quota\":1}],\"candidates\":["
     "{\"code\":\"A\",\"position\":\"VT01\",\"round1\":{\"correct\":40,\"total\":60},\"round2\":null}]}",
     "nd170_2025",
     {{"A", "khong_trung_tuyen", -1, -1, "không có kết quả thi"}}},
};
START_TEST(test_good)
{
    json_t *out = run_ok(good[_i].input);
    ck_assert_str_eq(json_string_value(json_object_get(out, "rule")), "exam-rank");
    ck_assert_str_eq(json_string_value(json_object_get(out, "regime_code")), good[_i].regime);
    for (int k = 0; k < MAXK && good[_i].k[k].code; k++) {
        json_t *c = cand(out, good[_i].k[k].code);
        const char *why = good[_i].why;
        ck_assert_msg(strcmp(json_string_value(json_object_get(c, "result")), good[_i].k[k].result) == 0,
                      "%s: %s result %s", why, good[_i].k[k].code,
                      json_string_value(json_object_get(c, "result")));
        json_t *t = json_object_get(c, "total"), *r = json_object_get(c, "rank");
        if (good[_i].k[k].total < 0)
            ck_assert_msg(json_is_null(t), "%s: %s total", why, good[_i].k[k].code);
        else
            ck_assert_msg(json_integer_value(t) == good[_i].k[k].total, "%s: %s total %lld", why,
                          good[_i].k[k].code, (long long)json_integer_value(t));
        if (good[_i].k[k].rank < 0)
            ck_assert_msg(json_is_null(r), "%s: %s rank", why, good[_i].k[k].code);
        else
            ck_assert_msg(json_integer_value(r) == good[_i].k[k].rank, "%s: %s rank %lld", why,
                          good[_i].k[k].code, (long long)json_integer_value(r));
        if (good[_i].k[k].explain) {
            char *all = json_dumps(json_object_get(c, "explain"), 0);
            ck_assert_msg(strstr(all, good[_i].k[k].explain) != NULL, "%s: %s explain %s", why,
                          good[_i].k[k].code, all);
            free(all);
        }
    }
    check_explain(out);
    json_decref(out);
}
END_TEST

/* Positions: winners, pending, decision echoed (NĐ 138 Art. 9(2) / NĐ 170). */
START_TEST(test_positions)
{
    json_t *out = run_ok(good[5].input); /* full tie, pending */
    json_t *p = pos(out, "VT01");
    ck_assert_int_eq(json_array_size(json_object_get(p, "winners")), 1);
    ck_assert_int_eq(json_array_size(json_object_get(p, "pending")), 2);
    ck_assert_int_eq(json_integer_value(json_object_get(p, "pending_places")), 1);
    ck_assert(json_is_null(json_object_get(p, "tie_decision")));
    ck_assert_str_eq(json_string_value(json_object_get(cand(out, "B"), "tie")), "full");
    json_decref(out);

    out = run_ok(good[6].input); /* resolved */
    p = pos(out, "VT01");
    ck_assert_int_eq(json_array_size(json_object_get(p, "winners")), 2);
    ck_assert_int_eq(json_array_size(json_object_get(p, "pending")), 0);
    json_t *d = json_object_get(p, "tie_decision");
    ck_assert_str_eq(json_string_value(json_object_get(d, "decision_no")), "12/QĐ-UBND");
    ck_assert_str_eq(json_string_value(json_object_get(d, "date")), "2026-05-20");
    json_decref(out);

    out = run_ok(good[3].input); /* two positions */
    ck_assert_int_eq(json_array_size(json_object_get(pos(out, "VT01"), "winners")), 1);
    json_t *w = json_object_get(pos(out, "VT02"), "winners");
    ck_assert_int_eq(json_array_size(w), 2);
    /* equal totals 60.00: C (round 2 60.00) before D (55.00 + 5) */
    ck_assert_str_eq(json_string_value(json_array_get(w, 0)), "C");
    ck_assert_str_eq(json_string_value(json_array_get(w, 1)), "D");
    json_decref(out);

    out = run_ok(good[4].input); /* tie broken by round 2 */
    ck_assert_str_eq(json_string_value(json_object_get(cand(out, "A"), "tie")), "round2");
    json_decref(out);
}
END_TEST

/* Regime selection: 2025-06-30 is NĐ 138 (three parts), 2025-07-01 NĐ 170. */
START_TEST(test_regime_by_date)
{
    json_t *out = run_ok(
        "{\"exam_date\":\"2025-06-30\",\"positions\":[{\"code\":\"V\",\"quota\":1}],\"candidates\":[]}");
    ck_assert_str_eq(json_string_value(json_object_get(out, "regime_code")), "nd138_2020");
    ck_assert_str_eq(json_string_value(json_object_get(out, "regime_valid_to")), "2025-06-30");
    char *all = json_dumps(json_object_get(out, "explain"), 0);
    ck_assert_ptr_nonnull(strstr(all, "NĐ 138/2020/NĐ-CP Điều 8 khoản 1"));
    ck_assert_ptr_nonnull(strstr(all, "NĐ 138/2020/NĐ-CP Điều 9 khoản 2"));
    free(all);
    json_decref(out);
    out = run_ok(
        "{\"exam_date\":\"2025-07-01\",\"positions\":[{\"code\":\"V\",\"quota\":1}],\"candidates\":[]}");
    ck_assert_str_eq(json_string_value(json_object_get(out, "regime_code")), "nd170_2025");
    ck_assert(json_is_null(json_object_get(out, "regime_valid_to")));
    json_decref(out);
}
END_TEST

/* Exact output of one small case (format pin). */
START_TEST(test_exact)
{
    json_t *out = run_ok(
        "{\"exam_date\":\"2026-05-10\",\"positions\":[{\"code\":\"VT01\",\"quota\":1}],\"candidates\":["
        "{\"code\":\"TS001\",\"position\":\"VT01\",\"round1\":{\"correct\":40,\"total\":60},"
        "\"round2\":{\"written\":7200,\"interview\":null},"
        "\"priority\":[\"dan_toc_thieu_so\",\"hoan_thanh_nghia_vu_quan_su\"]}]}");
    json_t *c = cand(out, "TS001");
    json_t *ex = json_object_get(c, "explain");
    ck_assert_str_eq(json_string_value(json_array_get(ex, 2)),
                     "Thuộc nhiều diện ưu tiên (Người dân tộc thiểu số: 5,00 điểm; Người hoàn thành "
                     "nghĩa vụ quân sự: 2,50 điểm): chỉ được cộng điểm ưu tiên cao nhất, 5,00 điểm "
                     "(Người dân tộc thiểu số) (NĐ 170/2025/NĐ-CP, điều về ưu tiên trong tuyển dụng).");
    json_object_del(c, "explain");
    json_object_del(out, "explain");
    json_object_del(out, "positions");
    char *s = json_dumps(out, JSON_COMPACT);
    ck_assert_str_eq(
        s, "{\"rule\":\"exam-rank\",\"regime\":\"NĐ 170/2025/NĐ-CP\",\"regime_code\":\"nd170_2025\","
           "\"regime_valid_from\":\"2025-07-01\",\"regime_valid_to\":null,\"exam_date\":\"2026-05-10\","
           "\"round2_weights\":{\"written\":70,\"interview\":30},\"candidates\":[{\"code\":\"TS001\","
           "\"position\":\"VT01\",\"round1\":{\"passed\":true,\"parts\":[{\"part\":\"general\","
           "\"taken\":true,\"correct\":40,\"total\":60,\"passed\":true}]},\"round2\":{\"form\":"
           "\"written\",\"written\":7200,\"interview\":null,\"score\":7200,\"passed\":true},"
           "\"priority\":{\"claimed\":[\"dan_toc_thieu_so\",\"hoan_thanh_nghia_vu_quan_su\"],"
           "\"applied\":\"dan_toc_thieu_so\",\"label\":\"Người dân tộc thiểu số\",\"points\":500},"
           "\"total\":7700,\"rank\":1,\"result\":\"trung_tuyen\",\"result_label\":\"trúng tuyển\","
           "\"tie\":null}]}");
    free(s);
    json_decref(out);
}
END_TEST

/* ---- bad input: each error code, with its field ---- */
#define OKP "\"positions\":[{\"code\":\"V\",\"quota\":1}]"
#define C170(extra) "{\"code\":\"A\",\"position\":\"V\",\"round1\":{\"correct\":40,\"total\":60}" extra "}"
#define TIE3 "\"candidates\":[" C170(",\"round2\":{\"written\":9000}") "," \
    "{\"code\":\"B\",\"position\":\"V\",\"round1\":{\"correct\":40,\"total\":60},\"round2\":{\"written\":9000}}]"
static const struct {
    const char *input, *code, *field;
} bad[] = {
    {"[]", "invalid_input", NULL},
    {"\"x\"", "invalid_input", NULL},
    {"{\"exam_date\":\"2026-05-10\"," OKP ",\"candidates\":[],\"x\":1}", "unknown_field", "x"},
    {"{\"exam_date\":\"2026-05-10\",\"positions\":[{\"code\":\"V\",\"quota\":1,\"name\":\"a\"}],\"candidates\":[]}",
     "unknown_field", "positions[0].name"},
    {"{\"exam_date\":\"2026-05-10\"," OKP ",\"candidates\":[" C170(",\"name\":\"An\"") "]}", "unknown_field",
     "candidates[0].name"},
    {"{\"exam_date\":\"2026-05-10\"," OKP ",\"candidates\":[" C170(",\"round2\":{\"oral\":5000}") "]}",
     "unknown_field", "candidates[0].round2.oral"},
    {"{\"exam_date\":\"2025-06-30\"," OKP ",\"candidates\":[{\"code\":\"A\",\"position\":\"V\",\"round1\":"
     "{\"general\":{\"correct\":40,\"total\":60},\"math\":{}}}]}", "unknown_field", "candidates[0].round1.math"},
    {"{" OKP ",\"candidates\":[]}", "missing_field", "exam_date"},
    {"{\"exam_date\":\"2026-05-10\",\"candidates\":[]}", "missing_field", "positions"},
    {"{\"exam_date\":\"2026-05-10\"," OKP "}", "missing_field", "candidates"},
    {"{\"exam_date\":\"2026-05-10\",\"positions\":[{\"code\":\"V\"}],\"candidates\":[]}", "missing_field",
     "positions[0].quota"},
    {"{\"exam_date\":\"2026-05-10\"," OKP ",\"candidates\":[{\"position\":\"V\"}]}", "missing_field",
     "candidates[0].code"},
    {"{\"exam_date\":\"2026-05-10\"," OKP ",\"candidates\":[{\"code\":\"A\",\"position\":\"V\"}]}",
     "missing_field", "candidates[0].round1"},
    {"{\"exam_date\":\"2026-05-10\"," OKP ",\"candidates\":[{\"code\":\"A\",\"position\":\"V\",\"round1\":"
     "{\"correct\":40}}]}", "missing_field", "candidates[0].round1.total"},
    {"{\"exam_date\":\"2025-06-30\"," OKP ",\"candidates\":[{\"code\":\"A\",\"position\":\"V\",\"round1\":"
     "{\"language\":{\"correct\":20,\"total\":30}}}]}", "missing_field", "candidates[0].round1.general"},
    {"{\"exam_date\":\"2026-05-10\"," OKP "," TIE3 ",\"tie_decision\":{\"position\":\"V\",\"decision_no\":\"1\","
     "\"date\":\"2026-05-20\"}}", "missing_field", "tie_decision.winner_candidate"},
    {"{\"exam_date\":20260510," OKP ",\"candidates\":[]}", "invalid_type", "exam_date"},
    {"{\"exam_date\":\"2026-05-10\",\"positions\":{},\"candidates\":[]}", "invalid_type", "positions"},
    {"{\"exam_date\":\"2026-05-10\",\"positions\":[{\"code\":\"V\",\"quota\":\"2\"}],\"candidates\":[]}",
     "invalid_type", "positions[0].quota"},
    {"{\"exam_date\":\"2026-05-10\"," OKP ",\"candidates\":[" C170(",\"round2\":{\"written\":72.5}") "]}",
     "invalid_type", "candidates[0].round2.written"},
    {"{\"exam_date\":\"2026-05-10\"," OKP ",\"candidates\":[" C170(",\"priority\":\"dan_toc_thieu_so\"") "]}",
     "invalid_type", "candidates[0].priority"},
    {"{\"exam_date\":\"2026-05-10\"," OKP ",\"candidates\":[" C170(",\"priority\":[5]") "]}",
     "invalid_type", "candidates[0].priority[0]"},
    {"{\"exam_date\":\"2026-05-10\"," OKP ",\"candidates\":[{\"code\":\"A\",\"position\":\"V\",\"round1\":[]}]}",
     "invalid_type", "candidates[0].round1"},
    {"{\"exam_date\":\"2026-05-10\"," OKP "," TIE3 ",\"tie_decision\":\"A\"}", "invalid_type", "tie_decision"},
    {"{\"exam_date\":\"2026-02-30\"," OKP ",\"candidates\":[]}", "invalid_value", "exam_date"},
    {"{\"exam_date\":\"10/05/2026\"," OKP ",\"candidates\":[]}", "invalid_value", "exam_date"},
    {"{\"exam_date\":\"2019-12-31\"," OKP ",\"candidates\":[]}", "invalid_value", "exam_date"},
    {"{\"exam_date\":\"2026-05-10\",\"positions\":[],\"candidates\":[]}", "invalid_value", "positions"},
    {"{\"exam_date\":\"2026-05-10\",\"positions\":[{\"code\":\"V\",\"quota\":0}],\"candidates\":[]}",
     "invalid_value", "positions[0].quota"},
    {"{\"exam_date\":\"2026-05-10\",\"positions\":[{\"code\":\"V\",\"quota\":1},{\"code\":\"V\",\"quota\":1}],"
     "\"candidates\":[]}", "invalid_value", "positions[1].code"},
    {"{\"exam_date\":\"2026-05-10\"," OKP ",\"candidates\":[" C170("") "," C170("") "]}", "invalid_value",
     "candidates[1].code"},
    {"{\"exam_date\":\"2026-05-10\"," OKP ",\"candidates\":[{\"code\":\"A\",\"position\":\"X\",\"round1\":"
     "{\"correct\":40,\"total\":60}}]}", "invalid_value", "candidates[0].position"},
    {"{\"exam_date\":\"2026-05-10\"," OKP ",\"candidates\":[{\"code\":\"A\",\"position\":\"V\",\"round1\":"
     "{\"correct\":61,\"total\":60}}]}", "invalid_value", "candidates[0].round1.correct"},
    {"{\"exam_date\":\"2026-05-10\"," OKP ",\"candidates\":[{\"code\":\"A\",\"position\":\"V\",\"round1\":"
     "{\"general\":{\"correct\":40,\"total\":60}}}]}", "invalid_value", "candidates[0].round1"},
    {"{\"exam_date\":\"2025-06-30\"," OKP ",\"candidates\":[" C170("") "]}", "invalid_value",
     "candidates[0].round1"},
    {"{\"exam_date\":\"2025-06-30\"," OKP ",\"candidates\":[{\"code\":\"A\",\"position\":\"V\",\"round1\":"
     "{\"general\":{\"exempt\":true}}}]}", "invalid_value", "candidates[0].round1.general.exempt"},
    {"{\"exam_date\":\"2026-05-10\"," OKP ",\"candidates\":[" C170(",\"round2\":{\"written\":10001}") "]}",
     "invalid_value", "candidates[0].round2.written"},
    {"{\"exam_date\":\"2026-05-10\"," OKP ",\"candidates\":[" C170(",\"priority\":[\"liet_si\"]") "]}",
     "invalid_value", "candidates[0].priority[0]"},
    {"{\"exam_date\":\"2025-06-30\",\"round2_weights\":{\"written\":60,\"interview\":40}," OKP
     ",\"candidates\":[]}", "invalid_value", "round2_weights"},
    {"{\"exam_date\":\"2026-05-10\",\"round2_weights\":{\"written\":60,\"interview\":30}," OKP
     ",\"candidates\":[]}", "invalid_value", "round2_weights"},
    /* tie decisions (Art. 9(2)) */
    {"{\"exam_date\":\"2026-05-10\"," OKP ",\"candidates\":[" C170(",\"round2\":{\"written\":9000}") "],"
     "\"tie_decision\":{\"position\":\"V\",\"winner_candidate\":\"A\",\"decision_no\":\"1\",\"date\":\"2026-05-20\"}}",
     "invalid_value", "tie_decision.position"},
    {"{\"exam_date\":\"2026-05-10\"," OKP "," TIE3 ",\"tie_decision\":{\"position\":\"X\",\"winner_candidate\":\"A\","
     "\"decision_no\":\"1\",\"date\":\"2026-05-20\"}}", "invalid_value", "tie_decision.position"},
    {"{\"exam_date\":\"2026-05-10\"," OKP "," TIE3 ",\"tie_decision\":{\"position\":\"V\",\"winner_candidate\":\"Z\","
     "\"decision_no\":\"1\",\"date\":\"2026-05-20\"}}", "invalid_value", "tie_decision.winner_candidate"},
    {"{\"exam_date\":\"2026-05-10\"," OKP "," TIE3 ",\"tie_decision\":{\"position\":\"V\",\"winner_candidate\":"
     "[\"A\",\"B\"],\"decision_no\":\"1\",\"date\":\"2026-05-20\"}}", "invalid_value", "tie_decision.winner_candidate"},
    {"{\"exam_date\":\"2026-05-10\"," OKP "," TIE3 ",\"tie_decision\":{\"position\":\"V\",\"winner_candidate\":\"A\","
     "\"decision_no\":\"1\",\"date\":\"2026-05-09\"}}", "invalid_value", "tie_decision.date"},
    {"{\"exam_date\":\"2026-05-10\"," OKP "," TIE3 ",\"tie_decision\":[{\"position\":\"V\",\"winner_candidate\":\"A\","
     "\"decision_no\":\"1\",\"date\":\"2026-05-20\"},{\"position\":\"V\",\"winner_candidate\":\"B\","
     "\"decision_no\":\"2\",\"date\":\"2026-05-20\"}]}", "invalid_value", "tie_decision[1].position"},
    {"{\"exam_date\":\"2026-05-10\"," OKP "," TIE3 ",\"tie_decision\":{\"position\":\"V\",\"winner_candidate\":\"A\","
     "\"decision_no\":\"\",\"date\":\"2026-05-20\"}}", "invalid_value", "tie_decision.decision_no"},
};
START_TEST(test_bad)
{
    json_t *in = parse(bad[_i].input), *err = NULL;
    json_t *out = rule_exam_rank(in, &err);
    ck_assert_msg(out == NULL, "accepted: %s", bad[_i].input);
    ck_assert_ptr_nonnull(err);
    json_t *e = json_object_get(err, "error");
    ck_assert_msg(json_is_object(e), "no error object");
    ck_assert_msg(strcmp(json_string_value(json_object_get(e, "code")), bad[_i].code) == 0,
                  "%s: code %s (%s)", bad[_i].input, json_string_value(json_object_get(e, "code")),
                  json_string_value(json_object_get(e, "message")));
    json_t *field = json_object_get(e, "field");
    if (bad[_i].field)
        ck_assert_msg(json_is_string(field) && strcmp(json_string_value(field), bad[_i].field) == 0,
                      "%s: field %s", bad[_i].input, json_string_value(field));
    else
        ck_assert(json_is_null(field));
    const char *msg = json_string_value(json_object_get(e, "message"));
    ck_assert_ptr_nonnull(msg);
    ck_assert_uint_gt(strlen(msg), 10);
    json_decref(in);
    json_decref(err);
}
END_TEST

/* 5,000 candidates over 50 positions (the size of one sitting, issue 5):
 * every position fills its quota with winners or places left for the head. */
START_TEST(test_large)
{
    json_t *in = json_pack("{s:s, s:[], s:[]}", "exam_date", "2026-05-10", "positions", "candidates");
    json_t *ps = json_object_get(in, "positions"), *cs = json_object_get(in, "candidates");
    for (int p = 0; p < 50; p++) {
        char code[16];
        snprintf(code, sizeof code, "VT%02d", p);
        json_array_append_new(ps, json_pack("{s:s, s:i}", "code", code, "quota", 1 + p % 7));
    }
    unsigned x = 7;
    for (int i = 0; i < 5000; i++) {
        char code[16], pc[16];
        x = x * 1103515245u + 12345u;
        snprintf(code, sizeof code, "TS%05d", i);
        snprintf(pc, sizeof pc, "VT%02d", (int)((x >> 8) % 50));
        json_t *prio = json_array();
        if ((x >> 16) % 5 == 0)
            json_array_append_new(prio, json_string("dan_toc_thieu_so"));
        json_array_append_new(
            cs, json_pack("{s:s, s:s, s:{s:i, s:i}, s:{s:i, s:i}, s:o}", "code", code, "position", pc,
                          "round1", "correct", 20 + (int)((x >> 4) % 41), "total", 60, "round2",
                          "written", 4000 + (int)((x >> 12) % 60) * 100, "interview",
                          4500 + (int)((x >> 20) % 50) * 100, "priority", prio));
    }
    json_t *err = NULL;
    json_t *out = rule_exam_rank(in, &err);
    ck_assert_ptr_nonnull(out);
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(out, "positions"), i, p) {
        json_int_t quota = json_integer_value(json_object_get(p, "quota"));
        json_int_t passed = json_integer_value(json_object_get(p, "passed"));
        json_int_t filled = (json_int_t)json_array_size(json_object_get(p, "winners")) +
                            json_integer_value(json_object_get(p, "pending_places"));
        ck_assert_int_eq(filled, passed < quota ? passed : quota);
        ck_assert_int_eq(json_integer_value(json_object_get(p, "unfilled")),
                         passed < quota ? quota - passed : 0);
    }
    ck_assert_uint_eq(json_array_size(json_object_get(out, "candidates")), 5000);
    json_decref(out);
    json_decref(in);
}
END_TEST

START_TEST(test_null_error_ptr)
{
    json_t *in = parse("{}");
    ck_assert_ptr_null(rule_exam_rank(in, NULL));
    json_decref(in);
}
END_TEST

Suite *suite_core_exam_json(void)
{
    Suite *s = suite_create("core_exam_json");
    TCase *tc = tcase_create("exam_json");
#define NC(a) (int)(sizeof(a) / sizeof((a)[0]))
    tcase_add_loop_test(tc, test_good, 0, NC(good));
    tcase_add_test(tc, test_positions);
    tcase_add_test(tc, test_regime_by_date);
    tcase_add_test(tc, test_exact);
    tcase_add_loop_test(tc, test_bad, 0, NC(bad));
    tcase_add_test(tc, test_null_error_ptr);
    tcase_add_test(tc, test_large);
    tcase_set_timeout(tc, 30);
    suite_add_tcase(s, tc);
    return s;
}

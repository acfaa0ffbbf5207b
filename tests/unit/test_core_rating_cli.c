/* `canbo rules score | rating | cap` (src/api/rules_eval.c): JSON in, JSON
 * out, every explanation line citing its source, every error code.
 * Sources: NĐ 335/2025/NĐ-CP Art. 12-16 (score), Art. 20-21 (rating, cap);
 * NĐ 90/2020/NĐ-CP Art. 8-15, 20 and NĐ 48/2023/NĐ-CP (rating up to 2025). */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/rules.h"

extern Suite *suite_core_rating_cli(void);

static json_t *eval(const char *rule, const char *text, json_t **err)
{
    json_error_t e;
    json_t *in = json_loads(text, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &e);
    ck_assert_msg(in != NULL, "fixture: %s", e.text);
    *err = NULL;
    json_t *out = rules_eval(rule, in, err);
    json_decref(in);
    return out;
}

static const char *str(json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    ck_assert_msg(s != NULL, "no string %s", k);
    return s;
}

/* Every explanation line cites a decree (or guidance) article. */
static void check_explain(json_t *out)
{
    json_t *ex = json_object_get(out, "explain");
    ck_assert(json_is_array(ex));
    ck_assert_uint_ge(json_array_size(ex), 2);
    size_t i;
    json_t *l;
    json_array_foreach(ex, i, l) {
        const char *s = json_string_value(l);
        ck_assert_ptr_nonnull(s);
        if (strncmp(s, "Kết quả: ", strlen("Kết quả: ")) == 0 && !strstr(s, "NĐ"))
            continue; /* the closing summary line of a rating */
        ck_assert_msg(strstr(s, "NĐ ") != NULL, "no citation: %s", s);
    }
}

/* ---- good cases ---- */
static const struct {
    const char *rule, *input;
    const char *key, *want; /* a top-level string field and its value */
    const char *key2, *want2;
} good[] = {
    /* NĐ 335 Art. 14: 70*(96.15+84.61+78.84)/3 over 13 standard units */
    {"score",
     "{\"regime_date\":\"2026-03-31\",\"role\":\"staff\",\"general\":{\"g1\":9.5,\"g2\":10,\"g3\":8.75},"
     "\"items\":[{\"name\":\"Tờ trình\",\"weight\":1.5,\"assigned\":4,\"completed\":4,\"quality_failures\":1},"
     "{\"assigned\":2,\"completed\":2,\"delays\":1,\"objective\":true,\"objective_reason\":\"Chờ số liệu\"},"
     "{\"weight\":0.5,\"assigned\":10,\"completed\":9,\"delays\":2}]}",
     "score", "88.82", "band", "HTT"},
    /* band edge 90.00 / 89.99 through the CLI (Art. 20) */
    {"score", "{\"regime_date\":\"2026-01-01\",\"general\":{\"g1\":10,\"g2\":10,\"g3\":0},"
              "\"items\":[{\"assigned\":1,\"completed\":1}]}", "score", "90.00", "band", "HTXS"},
    {"score", "{\"regime_date\":\"2026-01-01\",\"general\":{\"g1\":10,\"g2\":9.99,\"g3\":0},"
              "\"items\":[{\"assigned\":1,\"completed\":1}]}", "score", "89.99", "band", "HTT"},
    /* Art. 15: leader, one subordinate KHT -> d = 50% */
    {"score", "{\"regime_date\":\"2026-06-30\",\"role\":\"leader\",\"general\":{\"g1\":10,\"g2\":10,\"g3\":10},"
              "\"items\":[{\"assigned\":5,\"completed\":5}],\"leader\":{\"subordinates_total\":8,"
              "\"subordinates_kht\":1,\"organising\":100,\"unity\":100}}", "task", "64.16", "score", "94.16"},
    {"score", "{\"regime_date\":\"2026-06-30\",\"role\":\"leader\",\"general\":{\"g1\":10,\"g2\":10,\"g3\":10},"
              "\"items\":[{\"assigned\":5,\"completed\":5}],\"leader\":{\"subordinates_total\":8,"
              "\"subordinates_kht\":0,\"organising\":100,\"unity\":100}}", "task", "70.00", "band", "HTXS"},
    /* custom group maxima (Art. 12(2), default split [M]) */
    {"score", "{\"regime_date\":\"2026-06-30\",\"general\":{\"g1\":15,\"g2\":10,\"g3\":5},"
              "\"group_max\":{\"g1\":15,\"g2\":10,\"g3\":5},\"items\":[{\"assigned\":5,\"completed\":5}]}",
     "general", "30.00", "score", "100.00"},
    /* Art. 21: average with a lawful-absence period and a carried-over score */
    {"rating", "{\"year\":2026,\"periods\":[90,89.99,null],\"carried_over\":[90]}", "score", "89.99",
     "level", "HTT"},
    {"rating", "{\"year\":2026,\"periods\":[50,49.99]}", "score", "49.99", "level", "KHT"},
    {"rating", "{\"year\":2026,\"periods\":[70]}", "level", "HTT", "base_level", "HTT"},
    {"rating", "{\"year\":2026,\"periods\":[69.99]}", "level", "HTNV", "regime_code", "nd335_2025"},
    /* Art. 20 KHT triggers */
    {"rating", "{\"year\":2026,\"periods\":[98],\"degradation\":true}", "level", "KHT", "base_level", "HTXS"},
    {"rating", "{\"year\":2026,\"periods\":[98],\"discipline\":[{\"violation\":\"V\",\"kind\":\"administrative\","
               "\"form\":\"khien_trach\",\"effective_date\":\"2026-04-01\"}]}", "level", "KHT", "base_level", "HTXS"},
    {"rating", "{\"year\":2026,\"role\":\"leader\",\"periods\":[98],\"unit_corruption\":true}", "level", "KHT",
     "role", "leader"},
    /* NĐ 48/2023: the same violation, party 2025 + administrative 2026: counted in 2025 only */
    {"rating", "{\"year\":2026,\"periods\":[98],\"discipline\":[{\"violation\":\"V\",\"kind\":\"party\","
               "\"form\":\"khien_trach\",\"effective_date\":\"2025-11-01\"},{\"violation\":\"V\","
               "\"kind\":\"administrative\",\"form\":\"canh_cao\",\"effective_date\":\"2026-02-01\"}]}",
     "level", "HTXS", "regime_code", "nd335_2025"},
    {"rating", "{\"year\":2026,\"periods\":[98],\"discipline\":[{\"violation\":\"V\",\"kind\":\"administrative\","
               "\"form\":\"khien_trach\",\"effective_date\":\"2026-02-01\",\"prior_kht_year\":2025}]}",
     "level", "HTXS", "base_level", "HTXS"},
    /* regime by year: 2025 -> NĐ 90/48 criteria */
    {"rating", "{\"year\":2025,\"criteria\":{\"general\":\"good\",\"tasks_total\":10,\"tasks_completed\":10,"
               "\"tasks_over\":5}}", "level", "HTXS", "regime_code", "nd90_48_2023"},
    {"rating", "{\"year\":2025,\"criteria\":{\"general\":\"good\",\"tasks_total\":10,\"tasks_completed\":10,"
               "\"tasks_over\":5},\"absence_months\":3}", "level", "HTNV", "base_level", "HTXS"},
    {"rating", "{\"year\":2025,\"criteria\":{\"general\":\"good\",\"tasks_total\":10,\"tasks_completed\":10,"
               "\"tasks_over\":5},\"absence_months\":6}", "level", "not_rated", "base_level", "HTXS"},
    {"rating", "{\"year\":2025,\"criteria\":{\"general\":\"good\",\"tasks_total\":10,\"tasks_completed\":10,"
               "\"tasks_over\":5},\"absence_months\":6,\"maternity\":true}", "level", "HTXS", "base_level", "HTXS"},
    {"rating", "{\"year\":2025,\"criteria\":{\"general\":\"meets\",\"tasks_total\":10,\"tasks_completed\":10,"
               "\"tasks_not_ensured\":6}}", "level", "KHT", "base_level", "KHT"},
    {"rating", "{\"year\":2026,\"category\":\"vien_chuc\",\"role\":\"leader\",\"criteria\":{\"general\":\"good\","
               "\"tasks_total\":4,\"tasks_completed\":4,\"targets_total\":10,\"targets_completed\":10,"
               "\"targets_on_time\":10,\"targets_over\":5,\"subunits_total\":10,\"subunits_htnv_or_above\":10,"
               "\"subunits_htt_or_above\":7}}", "level", "HTXS", "regime_code", "nd90_48_2023"},
    /* cap: 2 HTT + 3 HTXS -> 0 places (Art. 20(5)) */
    {"cap", "{\"year\":2026,\"unit\":\"U\",\"task_group\":\"G\",\"people\":[{\"id\":\"a\",\"score\":95,"
            "\"proposed\":\"HTXS\"},{\"id\":\"b\",\"score\":94,\"proposed\":\"HTXS\"},{\"id\":\"c\",\"score\":93,"
            "\"proposed\":\"HTXS\"},{\"id\":\"d\",\"score\":80,\"proposed\":\"HTT\"},{\"id\":\"e\",\"score\":80,"
            "\"proposed\":\"HTT\"}]}", "rounding", "floor", "denominator", "htt"},
    {"cap", "{\"year\":2025,\"unit\":\"U\",\"task_group\":\"G\",\"people\":[],\"rounding\":\"half_up\","
            "\"denominator\":\"htt_or_above\"}", "regime_code", "nd90_48_2023", "rounding", "half_up"},
};
START_TEST(test_good)
{
    json_t *err;
    json_t *out = eval(good[_i].rule, good[_i].input, &err);
    if (!out) {
        char *e = json_dumps(err, 0);
        ck_abort_msg("case %d: %s", _i, e);
    }
    ck_assert_str_eq(str(out, "rule"), good[_i].rule);
    ck_assert_msg(strcmp(str(out, good[_i].key), good[_i].want) == 0, "case %d: %s = %s", _i,
                  good[_i].key, str(out, good[_i].key));
    ck_assert_msg(strcmp(str(out, good[_i].key2), good[_i].want2) == 0, "case %d: %s = %s", _i,
                  good[_i].key2, str(out, good[_i].key2));
    check_explain(out);
    json_decref(out);
}
END_TEST

START_TEST(test_cap_output)
{
    /* 10 HTT + 5 HTXS with a tie at the boundary, then the 25% exception. */
    char buf[4096];
    size_t n = (size_t)snprintf(buf, sizeof buf, "{\"year\":2026,\"unit\":\"Sở Nội vụ\",\"task_group\":\"CV\",\"people\":[");
    static const int scores[] = {95, 93, 93, 93, 91};
    for (int i = 0; i < 5; i++)
        n += (size_t)snprintf(buf + n, sizeof buf - n, "{\"id\":\"x%d\",\"score\":%d,\"proposed\":\"HTXS\"},", i, scores[i]);
    for (int i = 0; i < 10; i++)
        n += (size_t)snprintf(buf + n, sizeof buf - n, "{\"id\":\"t%d\",\"score\":80,\"proposed\":\"HTT\"}%s", i,
                              i < 9 ? "," : "]");
    char with_ex[4200];
    snprintf(with_ex, sizeof with_ex, "%s,\"exception\":{\"decision_no\":\"12/QĐ-UBND\",\"date\":\"2026-12-01\","
                                      "\"limit_percent\":25}}", buf);
    snprintf(buf + n, sizeof buf - n, "}");
    json_t *err;
    json_t *out = eval("cap", buf, &err);
    ck_assert_ptr_nonnull(out);
    json_t *c = json_object_get(out, "counts");
    ck_assert_int_eq(json_integer_value(json_object_get(c, "htxs_places")), 2);
    ck_assert_int_eq(json_integer_value(json_object_get(c, "final_htt")), 13);
    ck_assert_int_eq(json_integer_value(json_object_get(c, "tied")), 3);
    ck_assert_int_eq(json_integer_value(json_object_get(c, "tie_places")), 1);
    json_t *tie = json_object_get(out, "tie");
    ck_assert_str_eq(str(tie, "score"), "93.00");
    ck_assert_uint_eq(json_array_size(json_object_get(tie, "people")), 3);
    json_t *p0 = json_array_get(json_object_get(out, "people"), 0);
    ck_assert_str_eq(str(p0, "final"), "HTXS");
    json_t *p1 = json_array_get(json_object_get(out, "people"), 1);
    ck_assert_str_eq(str(p1, "final"), "council");
    json_t *p4 = json_array_get(json_object_get(out, "people"), 4);
    ck_assert_str_eq(str(p4, "final"), "HTT");
    ck_assert_str_eq(str(p4, "status"), "demoted");
    ck_assert(json_is_null(json_object_get(out, "exception")));
    check_explain(out);
    json_decref(out);

    out = eval("cap", with_ex, &err);
    ck_assert_ptr_nonnull(out);
    c = json_object_get(out, "counts");
    ck_assert_int_eq(json_integer_value(json_object_get(c, "htxs_places")), 3); /* 25% of 12 */
    ck_assert_int_eq(json_integer_value(json_object_get(out, "limit_percent")), 25);
    ck_assert_str_eq(str(json_object_get(out, "exception"), "decision_no"), "12/QĐ-UBND");
    char *all = json_dumps(json_object_get(out, "explain"), 0);
    ck_assert_ptr_nonnull(strstr(all, "12/QĐ-UBND ngày 01/12/2026"));
    free(all);
    /* 3 places: 95 kept, the three 93s tie for the 2 remaining places */
    ck_assert_int_eq(json_integer_value(json_object_get(c, "tied")), 3);
    ck_assert_int_eq(json_integer_value(json_object_get(c, "tie_places")), 2);
    ck_assert_int_eq(json_integer_value(json_object_get(c, "demoted")), 1);
    check_explain(out);
    json_decref(out);
}
END_TEST

/* ---- bad input: code and field ---- */
static const struct {
    const char *rule, *input, *code, *field;
} bad[] = {
    {"score", "[]", "invalid_input", NULL},
    {"score", "{\"x\":1}", "unknown_field", "x"},
    {"score", "{}", "missing_field", "regime_date"},
    {"score", "{\"regime_date\":20260101}", "invalid_type", "regime_date"},
    {"score", "{\"regime_date\":\"2026-02-30\"}", "invalid_value", "regime_date"},
    {"score", "{\"regime_date\":\"2025-12-31\",\"general\":{},\"items\":[]}", "not_applicable", "regime_date"},
    {"score", "{\"regime_date\":\"2026-01-01\",\"category\":\"vien_chuc\"}", "not_applicable", "regime_date"},
    {"score", "{\"regime_date\":\"2026-01-01\",\"category\":\"x\"}", "invalid_value", "category"},
    {"score", "{\"regime_date\":\"2026-01-01\",\"role\":\"boss\"}", "invalid_value", "role"},
    {"score", "{\"regime_date\":\"2026-01-01\"}", "missing_field", "general"},
    {"score", "{\"regime_date\":\"2026-01-01\",\"general\":[]}", "invalid_type", "general"},
    {"score", "{\"regime_date\":\"2026-01-01\",\"general\":{\"g4\":1}}", "unknown_field", "general.g4"},
    {"score", "{\"regime_date\":\"2026-01-01\",\"general\":{\"g1\":10,\"g2\":10}}", "missing_field", "general.g3"},
    {"score", "{\"regime_date\":\"2026-01-01\",\"general\":{\"g1\":10.5,\"g2\":10,\"g3\":1}}", "invalid_value", "general.g1"},
    {"score", "{\"regime_date\":\"2026-01-01\",\"general\":{\"g1\":9.555,\"g2\":10,\"g3\":1}}", "invalid_value", "general.g1"},
    {"score", "{\"regime_date\":\"2026-01-01\",\"general\":{\"g1\":\"9\",\"g2\":10,\"g3\":1}}", "invalid_type", "general.g1"},
    {"score", "{\"regime_date\":\"2026-01-01\",\"general\":{\"g1\":9,\"g2\":10,\"g3\":1},\"group_max\":"
              "{\"g1\":10,\"g2\":10,\"g3\":5}}", "invalid_value", "group_max"},
    {"score", "{\"regime_date\":\"2026-01-01\",\"general\":{\"g1\":9,\"g2\":10,\"g3\":1}}", "missing_field", "items"},
    {"score", "{\"regime_date\":\"2026-01-01\",\"general\":{\"g1\":9,\"g2\":10,\"g3\":1},\"items\":{}}", "invalid_type", "items"},
    {"score", "{\"regime_date\":\"2026-01-01\",\"general\":{\"g1\":9,\"g2\":10,\"g3\":1},\"items\":[]}", "invalid_value", "items"},
    {"score", "{\"regime_date\":\"2026-01-01\",\"general\":{\"g1\":9,\"g2\":10,\"g3\":1},\"items\":[{\"assigned\":1}]}",
     "missing_field", "items[0].completed"},
    {"score", "{\"regime_date\":\"2026-01-01\",\"general\":{\"g1\":9,\"g2\":10,\"g3\":1},\"items\":[{\"assigned\":1,"
              "\"completed\":1},{\"assigned\":-1,\"completed\":1}]}", "invalid_value", "items[1].assigned"},
    {"score", "{\"regime_date\":\"2026-01-01\",\"general\":{\"g1\":9,\"g2\":10,\"g3\":1},\"items\":[{\"assigned\":1,"
              "\"completed\":1,\"delays\":1.5}]}", "invalid_type", "items[0].delays"},
    {"score", "{\"regime_date\":\"2026-01-01\",\"general\":{\"g1\":9,\"g2\":10,\"g3\":1},\"items\":[{\"assigned\":1,"
              "\"completed\":1,\"weight\":0}]}", "invalid_value", "items[0].weight"},
    {"score", "{\"regime_date\":\"2026-01-01\",\"general\":{\"g1\":9,\"g2\":10,\"g3\":1},\"items\":[{\"assigned\":1,"
              "\"completed\":1,\"objective\":true}]}", "missing_field", "items[0].objective_reason"},
    {"score", "{\"regime_date\":\"2026-01-01\",\"general\":{\"g1\":9,\"g2\":10,\"g3\":1},\"items\":[{\"assigned\":1,"
              "\"completed\":1,\"objective\":1}]}", "invalid_type", "items[0].objective"},
    {"score", "{\"regime_date\":\"2026-01-01\",\"general\":{\"g1\":9,\"g2\":10,\"g3\":1},\"items\":[{\"assigned\":1,"
              "\"completed\":1,\"colour\":1}]}", "unknown_field", "items[0].colour"},
    {"score", "{\"regime_date\":\"2026-01-01\",\"general\":{\"g1\":9,\"g2\":10,\"g3\":1},\"items\":[{\"assigned\":0,"
              "\"completed\":1}]}", "invalid_value", "items"},
    {"score", "{\"regime_date\":\"2026-01-01\",\"role\":\"leader\",\"general\":{\"g1\":9,\"g2\":10,\"g3\":1},"
              "\"items\":[{\"assigned\":1,\"completed\":1}]}", "missing_field", "leader"},
    {"score", "{\"regime_date\":\"2026-01-01\",\"general\":{\"g1\":9,\"g2\":10,\"g3\":1},"
              "\"items\":[{\"assigned\":1,\"completed\":1}],\"leader\":{}}", "invalid_value", "leader"},
    {"score", "{\"regime_date\":\"2026-01-01\",\"role\":\"leader\",\"general\":{\"g1\":9,\"g2\":10,\"g3\":1},"
              "\"items\":[{\"assigned\":1,\"completed\":1}],\"leader\":{\"subordinates_total\":2,"
              "\"subordinates_kht\":3,\"organising\":100,\"unity\":100}}", "invalid_value", "leader.subordinates_kht"},
    {"score", "{\"regime_date\":\"2026-01-01\",\"role\":\"leader\",\"general\":{\"g1\":9,\"g2\":10,\"g3\":1},"
              "\"items\":[{\"assigned\":1,\"completed\":1}],\"leader\":{\"subordinates_total\":2,"
              "\"subordinates_kht\":0,\"organising\":100.5,\"unity\":100}}", "invalid_value", "leader.organising"},
    {"rating", "1", "invalid_input", NULL},
    {"rating", "{}", "missing_field", "year"},
    {"rating", "{\"year\":\"2026\"}", "invalid_type", "year"},
    {"rating", "{\"year\":1999}", "invalid_value", "year"},
    {"rating", "{\"year\":2018,\"criteria\":{}}", "not_applicable", "year"},
    {"rating", "{\"year\":2026}", "missing_field", "periods"},
    {"rating", "{\"year\":2026,\"periods\":[]}", "invalid_value", "periods"},
    {"rating", "{\"year\":2026,\"periods\":[100.01]}", "invalid_value", "periods[0]"},
    {"rating", "{\"year\":2026,\"periods\":[90,\"x\"]}", "invalid_type", "periods[1]"},
    {"rating", "{\"year\":2026,\"periods\":[90],\"carried_over\":[null]}", "invalid_type", "carried_over[0]"},
    {"rating", "{\"year\":2026,\"periods\":[90],\"criteria\":{}}", "not_applicable", "criteria"},
    {"rating", "{\"year\":2025,\"periods\":[90]}", "not_applicable", "periods"},
    {"rating", "{\"year\":2025}", "missing_field", "criteria"},
    {"rating", "{\"year\":2025,\"criteria\":{\"general\":\"ok\",\"tasks_total\":1,\"tasks_completed\":1}}",
     "invalid_value", "criteria.general"},
    {"rating", "{\"year\":2025,\"criteria\":{\"general\":\"good\",\"tasks_total\":1}}", "missing_field",
     "criteria.tasks_completed"},
    {"rating", "{\"year\":2025,\"criteria\":{\"general\":\"good\",\"tasks_total\":1,\"tasks_completed\":2}}",
     "invalid_value", "criteria.tasks_completed"},
    {"rating", "{\"year\":2025,\"criteria\":{\"general\":\"good\",\"tasks_total\":1,\"tasks_completed\":1,"
               "\"targets_total\":3}}", "invalid_value", "criteria.targets_total"},
    {"rating", "{\"year\":2025,\"role\":\"leader\",\"criteria\":{\"general\":\"good\",\"tasks_total\":1,"
               "\"tasks_completed\":1}}", "missing_field", "criteria.targets_total"},
    {"rating", "{\"year\":2026,\"periods\":[90],\"unit_corruption\":true}", "invalid_value", "unit_corruption"},
    {"rating", "{\"year\":2026,\"periods\":[90],\"degradation\":\"no\"}", "invalid_type", "degradation"},
    {"rating", "{\"year\":2026,\"periods\":[90],\"absence_months\":13}", "invalid_value", "absence_months"},
    {"rating", "{\"year\":2026,\"periods\":[90],\"maternity\":true}", "invalid_value", "maternity"},
    {"rating", "{\"year\":2026,\"periods\":[90],\"discipline\":{}}", "invalid_type", "discipline"},
    {"rating", "{\"year\":2026,\"periods\":[90],\"discipline\":[{\"violation\":\"V\",\"kind\":\"party\","
               "\"form\":\"nhac_nho\",\"effective_date\":\"2026-01-01\"}]}", "invalid_value", "discipline[0].form"},
    {"rating", "{\"year\":2026,\"periods\":[90],\"discipline\":[{\"violation\":\"V\",\"kind\":\"civil\","
               "\"form\":\"canh_cao\",\"effective_date\":\"2026-01-01\"}]}", "invalid_value", "discipline[0].kind"},
    {"rating", "{\"year\":2026,\"periods\":[90],\"discipline\":[{\"violation\":\"V\",\"kind\":\"party\","
               "\"form\":\"canh_cao\"}]}", "missing_field", "discipline[0].effective_date"},
    {"rating", "{\"year\":2026,\"periods\":[90],\"discipline\":[{\"violation\":\"V\",\"kind\":\"party\","
               "\"form\":\"canh_cao\",\"effective_date\":\"2026-01-01\",\"prior_kht_year\":2026}]}",
     "invalid_value", "discipline[0].prior_kht_year"},
    {"cap", "{}", "missing_field", "year"},
    {"cap", "{\"year\":2026}", "missing_field", "unit"},
    {"cap", "{\"year\":2026,\"unit\":\"\",\"task_group\":\"G\",\"people\":[]}", "invalid_value", "unit"},
    {"cap", "{\"year\":2026,\"unit\":\"U\"}", "missing_field", "task_group"},
    {"cap", "{\"year\":2026,\"unit\":\"U\",\"task_group\":\"G\"}", "missing_field", "people"},
    {"cap", "{\"year\":2026,\"unit\":\"U\",\"task_group\":\"G\",\"people\":{}}", "invalid_type", "people"},
    {"cap", "{\"year\":2026,\"unit\":\"U\",\"task_group\":\"G\",\"people\":[{\"id\":\"a\",\"score\":90}]}",
     "missing_field", "people[0].proposed"},
    {"cap", "{\"year\":2026,\"unit\":\"U\",\"task_group\":\"G\",\"people\":[{\"id\":\"a\",\"score\":90,"
            "\"proposed\":\"htxs\"}]}", "invalid_value", "people[0].proposed"},
    {"cap", "{\"year\":2026,\"unit\":\"U\",\"task_group\":\"G\",\"people\":[{\"id\":\"a\",\"score\":90,"
            "\"proposed\":\"HTT\"},{\"id\":\"a\",\"score\":91,\"proposed\":\"HTT\"}]}", "invalid_value", "people[1].id"},
    {"cap", "{\"year\":2026,\"unit\":\"U\",\"task_group\":\"G\",\"people\":[{\"id\":\"a\",\"score\":101,"
            "\"proposed\":\"HTT\"}]}", "invalid_value", "people[0].score"},
    {"cap", "{\"year\":2026,\"unit\":\"U\",\"task_group\":\"G\",\"people\":[{\"id\":\"a\",\"score\":90,"
            "\"proposed\":\"HTT\",\"name\":\"An\"}]}", "unknown_field", "people[0].name"},
    {"cap", "{\"year\":2026,\"unit\":\"U\",\"task_group\":\"G\",\"people\":[],\"rounding\":\"up\"}",
     "invalid_value", "rounding"},
    {"cap", "{\"year\":2026,\"unit\":\"U\",\"task_group\":\"G\",\"people\":[],\"denominator\":\"all\"}",
     "invalid_value", "denominator"},
    {"cap", "{\"year\":2026,\"unit\":\"U\",\"task_group\":\"G\",\"people\":[],\"exception\":{\"decision_no\":\"1\","
            "\"date\":\"2026-12-01\",\"limit_percent\":30}}", "invalid_value", "exception.limit_percent"},
    {"cap", "{\"year\":2026,\"unit\":\"U\",\"task_group\":\"G\",\"people\":[],\"exception\":{\"decision_no\":\"1\","
            "\"date\":\"2026-12-01\",\"limit_percent\":20}}", "invalid_value", "exception.limit_percent"},
    {"cap", "{\"year\":2026,\"unit\":\"U\",\"task_group\":\"G\",\"people\":[],\"exception\":{\"date\":\"2026-12-01\","
            "\"limit_percent\":25}}", "missing_field", "exception.decision_no"},
    {"cap", "{\"year\":2026,\"unit\":\"U\",\"task_group\":\"G\",\"people\":[],\"exception\":{\"decision_no\":\"1\","
            "\"date\":\"01/12/2026\",\"limit_percent\":25}}", "invalid_value", "exception.date"},
    {"cap", "{\"year\":2026,\"unit\":\"U\",\"task_group\":\"G\",\"people\":[],\"exception\":{\"decision_no\":\"1\","
            "\"date\":\"2026-12-01\",\"limit_percent\":25,\"by\":\"x\"}}", "unknown_field", "exception.by"},
    {"cap", "{\"year\":2019,\"unit\":\"U\",\"task_group\":\"G\",\"people\":[]}", "not_applicable", "year"},
};
START_TEST(test_bad)
{
    json_t *err;
    json_t *out = eval(bad[_i].rule, bad[_i].input, &err);
    ck_assert_msg(out == NULL, "case %d accepted", _i);
    ck_assert_ptr_nonnull(err);
    json_t *e = json_object_get(err, "error");
    ck_assert(json_is_object(e));
    ck_assert_msg(strcmp(str(e, "code"), bad[_i].code) == 0, "case %d: code %s field %s", _i,
                  str(e, "code"), json_string_value(json_object_get(e, "field")));
    json_t *field = json_object_get(e, "field");
    if (bad[_i].field)
        ck_assert_msg(json_is_string(field) && strcmp(json_string_value(field), bad[_i].field) == 0,
                      "case %d: field %s", _i, json_string_value(field));
    else
        ck_assert(json_is_null(field));
    ck_assert_uint_gt(strlen(str(e, "message")), 10);
    json_decref(err);
}
END_TEST

/* ---- through cli_rules_io: stdin -> stdout, exit codes ---- */
static int run_cli(const char *input, const char *rule, char *out, size_t cap)
{
    FILE *in = tmpfile(), *o = tmpfile();
    ck_assert_ptr_nonnull(in);
    ck_assert_ptr_nonnull(o);
    fputs(input, in);
    rewind(in);
    char *argv[2] = {(char *)rule, NULL};
    int rc = cli_rules_io(1, argv, in, o);
    rewind(o);
    size_t n = fread(out, 1, cap - 1, o);
    out[n] = '\0';
    fclose(in);
    fclose(o);
    return rc;
}

static const struct {
    const char *rule, *input;
    int rc;
    const char *expect;
} cli_cases[] = {
    {"score", "{\"regime_date\":\"2026-01-01\",\"general\":{\"g1\":10,\"g2\":10,\"g3\":10},\"items\":[{\"assigned\":1,"
              "\"completed\":1}]}", 0, "\"score\": \"100.00\""},
    {"rating", "{\"year\":2026,\"periods\":[90]}", 0, "\"level\": \"HTXS\""},
    {"cap", "{\"year\":2026,\"unit\":\"U\",\"task_group\":\"G\",\"people\":[]}", 0, "\"htxs_places\": 0"},
    {"rating", "{\"year\":2026,\"year\":2025}", 2, "\"code\": \"duplicate_key\""},
    {"score", "{\"regime_date\":", 2, "\"code\": \"invalid_json\""},
    {"cap", "[1]", 2, "\"code\": \"invalid_input\""},
};
START_TEST(test_cli)
{
    char out[16384];
    int rc = run_cli(cli_cases[_i].input, cli_cases[_i].rule, out, sizeof out);
    ck_assert_int_eq(rc, cli_cases[_i].rc);
    ck_assert_msg(strstr(out, cli_cases[_i].expect) != NULL, "stdout: %s", out);
    json_t *j = json_loads(out, JSON_REJECT_DUPLICATES, NULL);
    ck_assert_ptr_nonnull(j);
    json_decref(j);
}
END_TEST

START_TEST(test_names)
{
    const char *const *names = rules_names();
    int found = 0;
    for (int i = 0; names[i]; i++)
        found += !strcmp(names[i], "score") + !strcmp(names[i], "rating") + !strcmp(names[i], "cap");
    ck_assert_int_eq(found, 3);
    ck_assert_str_eq(names[0], "retirement");
}
END_TEST

Suite *suite_core_rating_cli(void)
{
    Suite *s = suite_create("core_rating_cli");
    TCase *tc = tcase_create("rating_cli");
#define N(a) (int)(sizeof(a) / sizeof((a)[0]))
    tcase_add_loop_test(tc, test_good, 0, N(good));
    tcase_add_test(tc, test_cap_output);
    tcase_add_loop_test(tc, test_bad, 0, N(bad));
    tcase_add_loop_test(tc, test_cli, 0, N(cli_cases));
    tcase_add_test(tc, test_names);
#undef N
    suite_add_tcase(s, tc);
    return s;
}

/* The reply writers must produce exactly jansson's compact text. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "util/jbuf.h"

static void same_as_jansson(json_t *v)
{
    char *want = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    size_t n;
    char *got = json_out(v, &n);
    ck_assert_ptr_nonnull(got);
    ck_assert_str_eq(got, want);
    ck_assert_uint_eq(n, strlen(want));
    free(got);
    free(want);
}

START_TEST(strings_escape_like_jansson)
{
    /* Every escape class, at every position around the 8-byte scan blocks. */
    const char *cases[] = {"", "a", "\"", "\\", "\n\r\t\b\f", "\x01\x1f", "Nguyễn Văn Dũng", "Đặng \"Thị\" Hoa\\",
                           "12345678\"", "1234567\n", "abcdefghijklmnop\x02qrstuvwx", "tab\there", "ơ ư ă â đ ê ô",
                           "0123456789012345678901234567890123456789\\", "\x7f\xc3\xa9"};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_t *s = json_string(cases[i]);
        ck_assert_ptr_nonnull(s);
        same_as_jansson(s);
        json_decref(s);
    }
    /* Random ASCII with control characters sprinkled in. */
    srand(7);
    for (int k = 0; k < 500; k++) {
        char buf[80];
        int n = rand() % 79;
        for (int i = 0; i < n; i++) {
            int r = rand() % 100;
            buf[i] = r < 5 ? (char)(1 + rand() % 31) : r < 8 ? '"' : r < 10 ? '\\' : (char)(32 + rand() % 95);
        }
        buf[n] = 0;
        json_t *s = json_string(buf);
        same_as_jansson(s);
        json_decref(s);
    }
}
END_TEST

START_TEST(nested_values)
{
    json_t *v = json_pack("{s:i,s:s,s:n,s:b,s:[i,s,{s:I}],s:{}}", "a", -42, "b", "x\"y", "c", "d", 1, "e", 7, "z",
                          "f", (json_int_t)INT64_MIN, "g");
    same_as_jansson(v);
    json_decref(v);
}
END_TEST

START_TEST(builder_matches_jansson)
{
    struct jbuf b;
    jb_init(&b);
    jb_obj_open(&b);
    jb_key(&b, "id");
    jb_int(&b, 123);
    jb_key(&b, "name");
    jb_str(&b, "Lê \"A\"");
    jb_key(&b, "none");
    jb_str(&b, NULL);
    jb_key_raw(&b, "\"rows\":", 7);
    jb_arr_open(&b);
    jb_obj_open(&b);
    jb_key(&b, "k");
    jb_bool(&b, 1);
    jb_obj_close(&b);
    jb_obj_open(&b);
    jb_obj_close(&b);
    jb_int(&b, -9);
    jb_arr_close(&b);
    jb_key(&b, "raw");
    jb_raw(&b, "[1,2]", 5);
    jb_obj_close(&b);
    size_t n;
    char *got = jb_take(&b, &n);
    ck_assert_str_eq(got, "{\"id\":123,\"name\":\"Lê \\\"A\\\"\",\"none\":null,\"rows\":[{\"k\":true},{},-9],\"raw\":[1,2]}");
    json_t *parsed = json_loads(got, JSON_REJECT_DUPLICATES, NULL);
    ck_assert_ptr_nonnull(parsed);
    json_decref(parsed);
    free(got);
}
END_TEST

extern Suite *suite_util_jbuf(void);
Suite *suite_util_jbuf(void)
{
    Suite *s = suite_create("util_jbuf");
    TCase *tc = tcase_create("jbuf");
    tcase_add_test(tc, strings_escape_like_jansson);
    tcase_add_test(tc, nested_values);
    tcase_add_test(tc, builder_matches_jansson);
    suite_add_tcase(s, tc);
    return s;
}

/* Vietnamese text helpers: UTF-8 validation, folding for search (case and
 * diacritics removed, đ/Đ -> d), and a sort key in Vietnamese name order. */
#ifndef CANBO_CORE_VNTEXT_H
#define CANBO_CORE_VNTEXT_H
#include <stddef.h>

/* 1 when s[0..len) is well-formed UTF-8 without NUL bytes or overlongs. */
int utf8_valid(const char *s, size_t len);
/* Folds to lowercase ASCII: Vietnamese letters lose their marks, đ -> d,
 * runs of white space and punctuation become one space, trimmed.
 * Writes at most cap-1 bytes plus NUL; returns the length written, or
 * (size_t)-1 when the input is not valid UTF-8. */
size_t vn_fold(const char *in, size_t len, char *out, size_t cap);
/* Sort key for a full name ("Nguyễn Văn An"): given name first, then family
 * name, then middle names, in Vietnamese alphabetical order (a ă â b c d đ e ê
 * ... with tones as a final tie-break). Returns bytes written (NUL-terminated,
 * comparable with strcmp), or (size_t)-1 on invalid UTF-8. */
size_t vn_name_sort_key(const char *name, char *out, size_t cap);
/* Title-cases each word ("nguyễn văn an" -> "Nguyễn Văn An"); same length. */
size_t vn_title_case(const char *in, size_t len, char *out, size_t cap);

#endif

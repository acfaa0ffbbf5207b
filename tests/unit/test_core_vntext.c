/* Vietnamese text (src/core/vntext.c): UTF-8 validation, search folding,
 * title case and the name sort key. Search ignores case and diacritics and
 * treats đ/Đ as d; names sort in Vietnamese order, given name first
 * (design/architecture.md "Conventions"). Letter order: the Vietnamese
 * alphabet; tone tie-break: none, huyền, sắc, hỏi, ngã, nặng (docs/rules.md). */
#include <check.h>
#include <string.h>

#include "core/vntext.h"

extern Suite *suite_core_vntext(void);

/* Every vowel a ă â e ê i o ô ơ u ư y with every tone, lower and upper case:
 * precomposed (NFC), decomposed (NFD: base + U+0306/U+0302/U+031B + tone
 * mark), the other case, the folded ASCII letter, vowel index, tone, upper.
 * Generated from Unicode data (python unicodedata.normalize). */
static const struct {
    const char *nfc, *nfd, *other;
    char ascii;
    int vowel, tone, upper;
} letters[] = {
    {"a", "a", "A", 'a', 0, 0, 0}, /* latin small letter a */
    {"\xC3\xA0", "a\xCC\x80", "\xC3\x80", 'a', 0, 1, 0}, /* latin small letter a with grave */
    {"\xC3\xA1", "a\xCC\x81", "\xC3\x81", 'a', 0, 2, 0}, /* latin small letter a with acute */
    {"\xE1\xBA\xA3", "a\xCC\x89", "\xE1\xBA\xA2", 'a', 0, 3, 0}, /* latin small letter a with hook above */
    {"\xC3\xA3", "a\xCC\x83", "\xC3\x83", 'a', 0, 4, 0}, /* latin small letter a with tilde */
    {"\xE1\xBA\xA1", "a\xCC\xA3", "\xE1\xBA\xA0", 'a', 0, 5, 0}, /* latin small letter a with dot below */
    {"\xC4\x83", "a\xCC\x86", "\xC4\x82", 'a', 1, 0, 0}, /* latin small letter a with breve */
    {"\xE1\xBA\xB1", "a\xCC\x86\xCC\x80", "\xE1\xBA\xB0", 'a', 1, 1, 0}, /* latin small letter a with breve and grave */
    {"\xE1\xBA\xAF", "a\xCC\x86\xCC\x81", "\xE1\xBA\xAE", 'a', 1, 2, 0}, /* latin small letter a with breve and acute */
    {"\xE1\xBA\xB3", "a\xCC\x86\xCC\x89", "\xE1\xBA\xB2", 'a', 1, 3, 0}, /* latin small letter a with breve and hook above */
    {"\xE1\xBA\xB5", "a\xCC\x86\xCC\x83", "\xE1\xBA\xB4", 'a', 1, 4, 0}, /* latin small letter a with breve and tilde */
    {"\xE1\xBA\xB7", "a\xCC\x86\xCC\xA3", "\xE1\xBA\xB6", 'a', 1, 5, 0}, /* latin small letter a with breve and dot below */
    {"\xC3\xA2", "a\xCC\x82", "\xC3\x82", 'a', 2, 0, 0}, /* latin small letter a with circumflex */
    {"\xE1\xBA\xA7", "a\xCC\x82\xCC\x80", "\xE1\xBA\xA6", 'a', 2, 1, 0}, /* latin small letter a with circumflex and grave */
    {"\xE1\xBA\xA5", "a\xCC\x82\xCC\x81", "\xE1\xBA\xA4", 'a', 2, 2, 0}, /* latin small letter a with circumflex and acute */
    {"\xE1\xBA\xA9", "a\xCC\x82\xCC\x89", "\xE1\xBA\xA8", 'a', 2, 3, 0}, /* latin small letter a with circumflex and hook above */
    {"\xE1\xBA\xAB", "a\xCC\x82\xCC\x83", "\xE1\xBA\xAA", 'a', 2, 4, 0}, /* latin small letter a with circumflex and tilde */
    {"\xE1\xBA\xAD", "a\xCC\x82\xCC\xA3", "\xE1\xBA\xAC", 'a', 2, 5, 0}, /* latin small letter a with circumflex and dot below */
    {"e", "e", "E", 'e', 3, 0, 0}, /* latin small letter e */
    {"\xC3\xA8", "e\xCC\x80", "\xC3\x88", 'e', 3, 1, 0}, /* latin small letter e with grave */
    {"\xC3\xA9", "e\xCC\x81", "\xC3\x89", 'e', 3, 2, 0}, /* latin small letter e with acute */
    {"\xE1\xBA\xBB", "e\xCC\x89", "\xE1\xBA\xBA", 'e', 3, 3, 0}, /* latin small letter e with hook above */
    {"\xE1\xBA\xBD", "e\xCC\x83", "\xE1\xBA\xBC", 'e', 3, 4, 0}, /* latin small letter e with tilde */
    {"\xE1\xBA\xB9", "e\xCC\xA3", "\xE1\xBA\xB8", 'e', 3, 5, 0}, /* latin small letter e with dot below */
    {"\xC3\xAA", "e\xCC\x82", "\xC3\x8A", 'e', 4, 0, 0}, /* latin small letter e with circumflex */
    {"\xE1\xBB\x81", "e\xCC\x82\xCC\x80", "\xE1\xBB\x80", 'e', 4, 1, 0}, /* latin small letter e with circumflex and grave */
    {"\xE1\xBA\xBF", "e\xCC\x82\xCC\x81", "\xE1\xBA\xBE", 'e', 4, 2, 0}, /* latin small letter e with circumflex and acute */
    {"\xE1\xBB\x83", "e\xCC\x82\xCC\x89", "\xE1\xBB\x82", 'e', 4, 3, 0}, /* latin small letter e with circumflex and hook above */
    {"\xE1\xBB\x85", "e\xCC\x82\xCC\x83", "\xE1\xBB\x84", 'e', 4, 4, 0}, /* latin small letter e with circumflex and tilde */
    {"\xE1\xBB\x87", "e\xCC\x82\xCC\xA3", "\xE1\xBB\x86", 'e', 4, 5, 0}, /* latin small letter e with circumflex and dot below */
    {"i", "i", "I", 'i', 5, 0, 0}, /* latin small letter i */
    {"\xC3\xAC", "i\xCC\x80", "\xC3\x8C", 'i', 5, 1, 0}, /* latin small letter i with grave */
    {"\xC3\xAD", "i\xCC\x81", "\xC3\x8D", 'i', 5, 2, 0}, /* latin small letter i with acute */
    {"\xE1\xBB\x89", "i\xCC\x89", "\xE1\xBB\x88", 'i', 5, 3, 0}, /* latin small letter i with hook above */
    {"\xC4\xA9", "i\xCC\x83", "\xC4\xA8", 'i', 5, 4, 0}, /* latin small letter i with tilde */
    {"\xE1\xBB\x8B", "i\xCC\xA3", "\xE1\xBB\x8A", 'i', 5, 5, 0}, /* latin small letter i with dot below */
    {"o", "o", "O", 'o', 6, 0, 0}, /* latin small letter o */
    {"\xC3\xB2", "o\xCC\x80", "\xC3\x92", 'o', 6, 1, 0}, /* latin small letter o with grave */
    {"\xC3\xB3", "o\xCC\x81", "\xC3\x93", 'o', 6, 2, 0}, /* latin small letter o with acute */
    {"\xE1\xBB\x8F", "o\xCC\x89", "\xE1\xBB\x8E", 'o', 6, 3, 0}, /* latin small letter o with hook above */
    {"\xC3\xB5", "o\xCC\x83", "\xC3\x95", 'o', 6, 4, 0}, /* latin small letter o with tilde */
    {"\xE1\xBB\x8D", "o\xCC\xA3", "\xE1\xBB\x8C", 'o', 6, 5, 0}, /* latin small letter o with dot below */
    {"\xC3\xB4", "o\xCC\x82", "\xC3\x94", 'o', 7, 0, 0}, /* latin small letter o with circumflex */
    {"\xE1\xBB\x93", "o\xCC\x82\xCC\x80", "\xE1\xBB\x92", 'o', 7, 1, 0}, /* latin small letter o with circumflex and grave */
    {"\xE1\xBB\x91", "o\xCC\x82\xCC\x81", "\xE1\xBB\x90", 'o', 7, 2, 0}, /* latin small letter o with circumflex and acute */
    {"\xE1\xBB\x95", "o\xCC\x82\xCC\x89", "\xE1\xBB\x94", 'o', 7, 3, 0}, /* latin small letter o with circumflex and hook above */
    {"\xE1\xBB\x97", "o\xCC\x82\xCC\x83", "\xE1\xBB\x96", 'o', 7, 4, 0}, /* latin small letter o with circumflex and tilde */
    {"\xE1\xBB\x99", "o\xCC\x82\xCC\xA3", "\xE1\xBB\x98", 'o', 7, 5, 0}, /* latin small letter o with circumflex and dot below */
    {"\xC6\xA1", "o\xCC\x9B", "\xC6\xA0", 'o', 8, 0, 0}, /* latin small letter o with horn */
    {"\xE1\xBB\x9D", "o\xCC\x9B\xCC\x80", "\xE1\xBB\x9C", 'o', 8, 1, 0}, /* latin small letter o with horn and grave */
    {"\xE1\xBB\x9B", "o\xCC\x9B\xCC\x81", "\xE1\xBB\x9A", 'o', 8, 2, 0}, /* latin small letter o with horn and acute */
    {"\xE1\xBB\x9F", "o\xCC\x9B\xCC\x89", "\xE1\xBB\x9E", 'o', 8, 3, 0}, /* latin small letter o with horn and hook above */
    {"\xE1\xBB\xA1", "o\xCC\x9B\xCC\x83", "\xE1\xBB\xA0", 'o', 8, 4, 0}, /* latin small letter o with horn and tilde */
    {"\xE1\xBB\xA3", "o\xCC\x9B\xCC\xA3", "\xE1\xBB\xA2", 'o', 8, 5, 0}, /* latin small letter o with horn and dot below */
    {"u", "u", "U", 'u', 9, 0, 0}, /* latin small letter u */
    {"\xC3\xB9", "u\xCC\x80", "\xC3\x99", 'u', 9, 1, 0}, /* latin small letter u with grave */
    {"\xC3\xBA", "u\xCC\x81", "\xC3\x9A", 'u', 9, 2, 0}, /* latin small letter u with acute */
    {"\xE1\xBB\xA7", "u\xCC\x89", "\xE1\xBB\xA6", 'u', 9, 3, 0}, /* latin small letter u with hook above */
    {"\xC5\xA9", "u\xCC\x83", "\xC5\xA8", 'u', 9, 4, 0}, /* latin small letter u with tilde */
    {"\xE1\xBB\xA5", "u\xCC\xA3", "\xE1\xBB\xA4", 'u', 9, 5, 0}, /* latin small letter u with dot below */
    {"\xC6\xB0", "u\xCC\x9B", "\xC6\xAF", 'u', 10, 0, 0}, /* latin small letter u with horn */
    {"\xE1\xBB\xAB", "u\xCC\x9B\xCC\x80", "\xE1\xBB\xAA", 'u', 10, 1, 0}, /* latin small letter u with horn and grave */
    {"\xE1\xBB\xA9", "u\xCC\x9B\xCC\x81", "\xE1\xBB\xA8", 'u', 10, 2, 0}, /* latin small letter u with horn and acute */
    {"\xE1\xBB\xAD", "u\xCC\x9B\xCC\x89", "\xE1\xBB\xAC", 'u', 10, 3, 0}, /* latin small letter u with horn and hook above */
    {"\xE1\xBB\xAF", "u\xCC\x9B\xCC\x83", "\xE1\xBB\xAE", 'u', 10, 4, 0}, /* latin small letter u with horn and tilde */
    {"\xE1\xBB\xB1", "u\xCC\x9B\xCC\xA3", "\xE1\xBB\xB0", 'u', 10, 5, 0}, /* latin small letter u with horn and dot below */
    {"y", "y", "Y", 'y', 11, 0, 0}, /* latin small letter y */
    {"\xE1\xBB\xB3", "y\xCC\x80", "\xE1\xBB\xB2", 'y', 11, 1, 0}, /* latin small letter y with grave */
    {"\xC3\xBD", "y\xCC\x81", "\xC3\x9D", 'y', 11, 2, 0}, /* latin small letter y with acute */
    {"\xE1\xBB\xB7", "y\xCC\x89", "\xE1\xBB\xB6", 'y', 11, 3, 0}, /* latin small letter y with hook above */
    {"\xE1\xBB\xB9", "y\xCC\x83", "\xE1\xBB\xB8", 'y', 11, 4, 0}, /* latin small letter y with tilde */
    {"\xE1\xBB\xB5", "y\xCC\xA3", "\xE1\xBB\xB4", 'y', 11, 5, 0}, /* latin small letter y with dot below */
    {"A", "A", "a", 'a', 0, 0, 1}, /* latin capital letter a */
    {"\xC3\x80", "A\xCC\x80", "\xC3\xA0", 'a', 0, 1, 1}, /* latin capital letter a with grave */
    {"\xC3\x81", "A\xCC\x81", "\xC3\xA1", 'a', 0, 2, 1}, /* latin capital letter a with acute */
    {"\xE1\xBA\xA2", "A\xCC\x89", "\xE1\xBA\xA3", 'a', 0, 3, 1}, /* latin capital letter a with hook above */
    {"\xC3\x83", "A\xCC\x83", "\xC3\xA3", 'a', 0, 4, 1}, /* latin capital letter a with tilde */
    {"\xE1\xBA\xA0", "A\xCC\xA3", "\xE1\xBA\xA1", 'a', 0, 5, 1}, /* latin capital letter a with dot below */
    {"\xC4\x82", "A\xCC\x86", "\xC4\x83", 'a', 1, 0, 1}, /* latin capital letter a with breve */
    {"\xE1\xBA\xB0", "A\xCC\x86\xCC\x80", "\xE1\xBA\xB1", 'a', 1, 1, 1}, /* latin capital letter a with breve and grave */
    {"\xE1\xBA\xAE", "A\xCC\x86\xCC\x81", "\xE1\xBA\xAF", 'a', 1, 2, 1}, /* latin capital letter a with breve and acute */
    {"\xE1\xBA\xB2", "A\xCC\x86\xCC\x89", "\xE1\xBA\xB3", 'a', 1, 3, 1}, /* latin capital letter a with breve and hook above */
    {"\xE1\xBA\xB4", "A\xCC\x86\xCC\x83", "\xE1\xBA\xB5", 'a', 1, 4, 1}, /* latin capital letter a with breve and tilde */
    {"\xE1\xBA\xB6", "A\xCC\x86\xCC\xA3", "\xE1\xBA\xB7", 'a', 1, 5, 1}, /* latin capital letter a with breve and dot below */
    {"\xC3\x82", "A\xCC\x82", "\xC3\xA2", 'a', 2, 0, 1}, /* latin capital letter a with circumflex */
    {"\xE1\xBA\xA6", "A\xCC\x82\xCC\x80", "\xE1\xBA\xA7", 'a', 2, 1, 1}, /* latin capital letter a with circumflex and grave */
    {"\xE1\xBA\xA4", "A\xCC\x82\xCC\x81", "\xE1\xBA\xA5", 'a', 2, 2, 1}, /* latin capital letter a with circumflex and acute */
    {"\xE1\xBA\xA8", "A\xCC\x82\xCC\x89", "\xE1\xBA\xA9", 'a', 2, 3, 1}, /* latin capital letter a with circumflex and hook above */
    {"\xE1\xBA\xAA", "A\xCC\x82\xCC\x83", "\xE1\xBA\xAB", 'a', 2, 4, 1}, /* latin capital letter a with circumflex and tilde */
    {"\xE1\xBA\xAC", "A\xCC\x82\xCC\xA3", "\xE1\xBA\xAD", 'a', 2, 5, 1}, /* latin capital letter a with circumflex and dot below */
    {"E", "E", "e", 'e', 3, 0, 1}, /* latin capital letter e */
    {"\xC3\x88", "E\xCC\x80", "\xC3\xA8", 'e', 3, 1, 1}, /* latin capital letter e with grave */
    {"\xC3\x89", "E\xCC\x81", "\xC3\xA9", 'e', 3, 2, 1}, /* latin capital letter e with acute */
    {"\xE1\xBA\xBA", "E\xCC\x89", "\xE1\xBA\xBB", 'e', 3, 3, 1}, /* latin capital letter e with hook above */
    {"\xE1\xBA\xBC", "E\xCC\x83", "\xE1\xBA\xBD", 'e', 3, 4, 1}, /* latin capital letter e with tilde */
    {"\xE1\xBA\xB8", "E\xCC\xA3", "\xE1\xBA\xB9", 'e', 3, 5, 1}, /* latin capital letter e with dot below */
    {"\xC3\x8A", "E\xCC\x82", "\xC3\xAA", 'e', 4, 0, 1}, /* latin capital letter e with circumflex */
    {"\xE1\xBB\x80", "E\xCC\x82\xCC\x80", "\xE1\xBB\x81", 'e', 4, 1, 1}, /* latin capital letter e with circumflex and grave */
    {"\xE1\xBA\xBE", "E\xCC\x82\xCC\x81", "\xE1\xBA\xBF", 'e', 4, 2, 1}, /* latin capital letter e with circumflex and acute */
    {"\xE1\xBB\x82", "E\xCC\x82\xCC\x89", "\xE1\xBB\x83", 'e', 4, 3, 1}, /* latin capital letter e with circumflex and hook above */
    {"\xE1\xBB\x84", "E\xCC\x82\xCC\x83", "\xE1\xBB\x85", 'e', 4, 4, 1}, /* latin capital letter e with circumflex and tilde */
    {"\xE1\xBB\x86", "E\xCC\x82\xCC\xA3", "\xE1\xBB\x87", 'e', 4, 5, 1}, /* latin capital letter e with circumflex and dot below */
    {"I", "I", "i", 'i', 5, 0, 1}, /* latin capital letter i */
    {"\xC3\x8C", "I\xCC\x80", "\xC3\xAC", 'i', 5, 1, 1}, /* latin capital letter i with grave */
    {"\xC3\x8D", "I\xCC\x81", "\xC3\xAD", 'i', 5, 2, 1}, /* latin capital letter i with acute */
    {"\xE1\xBB\x88", "I\xCC\x89", "\xE1\xBB\x89", 'i', 5, 3, 1}, /* latin capital letter i with hook above */
    {"\xC4\xA8", "I\xCC\x83", "\xC4\xA9", 'i', 5, 4, 1}, /* latin capital letter i with tilde */
    {"\xE1\xBB\x8A", "I\xCC\xA3", "\xE1\xBB\x8B", 'i', 5, 5, 1}, /* latin capital letter i with dot below */
    {"O", "O", "o", 'o', 6, 0, 1}, /* latin capital letter o */
    {"\xC3\x92", "O\xCC\x80", "\xC3\xB2", 'o', 6, 1, 1}, /* latin capital letter o with grave */
    {"\xC3\x93", "O\xCC\x81", "\xC3\xB3", 'o', 6, 2, 1}, /* latin capital letter o with acute */
    {"\xE1\xBB\x8E", "O\xCC\x89", "\xE1\xBB\x8F", 'o', 6, 3, 1}, /* latin capital letter o with hook above */
    {"\xC3\x95", "O\xCC\x83", "\xC3\xB5", 'o', 6, 4, 1}, /* latin capital letter o with tilde */
    {"\xE1\xBB\x8C", "O\xCC\xA3", "\xE1\xBB\x8D", 'o', 6, 5, 1}, /* latin capital letter o with dot below */
    {"\xC3\x94", "O\xCC\x82", "\xC3\xB4", 'o', 7, 0, 1}, /* latin capital letter o with circumflex */
    {"\xE1\xBB\x92", "O\xCC\x82\xCC\x80", "\xE1\xBB\x93", 'o', 7, 1, 1}, /* latin capital letter o with circumflex and grave */
    {"\xE1\xBB\x90", "O\xCC\x82\xCC\x81", "\xE1\xBB\x91", 'o', 7, 2, 1}, /* latin capital letter o with circumflex and acute */
    {"\xE1\xBB\x94", "O\xCC\x82\xCC\x89", "\xE1\xBB\x95", 'o', 7, 3, 1}, /* latin capital letter o with circumflex and hook above */
    {"\xE1\xBB\x96", "O\xCC\x82\xCC\x83", "\xE1\xBB\x97", 'o', 7, 4, 1}, /* latin capital letter o with circumflex and tilde */
    {"\xE1\xBB\x98", "O\xCC\x82\xCC\xA3", "\xE1\xBB\x99", 'o', 7, 5, 1}, /* latin capital letter o with circumflex and dot below */
    {"\xC6\xA0", "O\xCC\x9B", "\xC6\xA1", 'o', 8, 0, 1}, /* latin capital letter o with horn */
    {"\xE1\xBB\x9C", "O\xCC\x9B\xCC\x80", "\xE1\xBB\x9D", 'o', 8, 1, 1}, /* latin capital letter o with horn and grave */
    {"\xE1\xBB\x9A", "O\xCC\x9B\xCC\x81", "\xE1\xBB\x9B", 'o', 8, 2, 1}, /* latin capital letter o with horn and acute */
    {"\xE1\xBB\x9E", "O\xCC\x9B\xCC\x89", "\xE1\xBB\x9F", 'o', 8, 3, 1}, /* latin capital letter o with horn and hook above */
    {"\xE1\xBB\xA0", "O\xCC\x9B\xCC\x83", "\xE1\xBB\xA1", 'o', 8, 4, 1}, /* latin capital letter o with horn and tilde */
    {"\xE1\xBB\xA2", "O\xCC\x9B\xCC\xA3", "\xE1\xBB\xA3", 'o', 8, 5, 1}, /* latin capital letter o with horn and dot below */
    {"U", "U", "u", 'u', 9, 0, 1}, /* latin capital letter u */
    {"\xC3\x99", "U\xCC\x80", "\xC3\xB9", 'u', 9, 1, 1}, /* latin capital letter u with grave */
    {"\xC3\x9A", "U\xCC\x81", "\xC3\xBA", 'u', 9, 2, 1}, /* latin capital letter u with acute */
    {"\xE1\xBB\xA6", "U\xCC\x89", "\xE1\xBB\xA7", 'u', 9, 3, 1}, /* latin capital letter u with hook above */
    {"\xC5\xA8", "U\xCC\x83", "\xC5\xA9", 'u', 9, 4, 1}, /* latin capital letter u with tilde */
    {"\xE1\xBB\xA4", "U\xCC\xA3", "\xE1\xBB\xA5", 'u', 9, 5, 1}, /* latin capital letter u with dot below */
    {"\xC6\xAF", "U\xCC\x9B", "\xC6\xB0", 'u', 10, 0, 1}, /* latin capital letter u with horn */
    {"\xE1\xBB\xAA", "U\xCC\x9B\xCC\x80", "\xE1\xBB\xAB", 'u', 10, 1, 1}, /* latin capital letter u with horn and grave */
    {"\xE1\xBB\xA8", "U\xCC\x9B\xCC\x81", "\xE1\xBB\xA9", 'u', 10, 2, 1}, /* latin capital letter u with horn and acute */
    {"\xE1\xBB\xAC", "U\xCC\x9B\xCC\x89", "\xE1\xBB\xAD", 'u', 10, 3, 1}, /* latin capital letter u with horn and hook above */
    {"\xE1\xBB\xAE", "U\xCC\x9B\xCC\x83", "\xE1\xBB\xAF", 'u', 10, 4, 1}, /* latin capital letter u with horn and tilde */
    {"\xE1\xBB\xB0", "U\xCC\x9B\xCC\xA3", "\xE1\xBB\xB1", 'u', 10, 5, 1}, /* latin capital letter u with horn and dot below */
    {"Y", "Y", "y", 'y', 11, 0, 1}, /* latin capital letter y */
    {"\xE1\xBB\xB2", "Y\xCC\x80", "\xE1\xBB\xB3", 'y', 11, 1, 1}, /* latin capital letter y with grave */
    {"\xC3\x9D", "Y\xCC\x81", "\xC3\xBD", 'y', 11, 2, 1}, /* latin capital letter y with acute */
    {"\xE1\xBB\xB6", "Y\xCC\x89", "\xE1\xBB\xB7", 'y', 11, 3, 1}, /* latin capital letter y with hook above */
    {"\xE1\xBB\xB8", "Y\xCC\x83", "\xE1\xBB\xB9", 'y', 11, 4, 1}, /* latin capital letter y with tilde */
    {"\xE1\xBB\xB4", "Y\xCC\xA3", "\xE1\xBB\xB5", 'y', 11, 5, 1}, /* latin capital letter y with dot below */
};
#define NLETTERS (int)(sizeof letters / sizeof letters[0])

static size_t fold(const char *s, char *out, size_t cap) { return vn_fold(s, strlen(s), out, cap); }

static void key(const char *s, char *out, size_t cap)
{
    size_t n = vn_name_sort_key(s, out, cap);
    ck_assert_msg(n != (size_t)-1, "key of \"%s\" failed", s);
    ck_assert_uint_lt(n, cap - 1); /* not truncated */
}

START_TEST(test_fold_every_letter_and_tone)
{
    char out[16], want[2] = {letters[_i].ascii, 0};
    ck_assert_uint_eq(fold(letters[_i].nfc, out, sizeof out), 1);
    ck_assert_str_eq(out, want);
    ck_assert_uint_eq(fold(letters[_i].nfd, out, sizeof out), 1);
    ck_assert_str_eq(out, want);
}
END_TEST

START_TEST(test_key_nfc_equals_nfd)
{
    char a[64], b[64];
    key(letters[_i].nfc, a, sizeof a);
    key(letters[_i].nfd, b, sizeof b);
    ck_assert_str_eq(a, b);
}
END_TEST

START_TEST(test_title_case_every_letter)
{
    char out[16], in[16];
    /* at a word start: upper case */
    const char *upper = letters[_i].upper ? letters[_i].nfc : letters[_i].other;
    const char *lower = letters[_i].upper ? letters[_i].other : letters[_i].nfc;
    ck_assert_uint_eq(vn_title_case(letters[_i].nfc, strlen(letters[_i].nfc), out, sizeof out),
                      strlen(upper));
    ck_assert_str_eq(out, upper);
    /* inside a word: lower case */
    in[0] = 'x';
    strcpy(in + 1, letters[_i].nfc);
    vn_title_case(in, strlen(in), out, sizeof out);
    ck_assert_int_eq(out[0], 'X');
    ck_assert_str_eq(out + 1, lower);
}
END_TEST

/* All 144 letters in (vowel, tone, case) order have strictly increasing keys:
 * vowel first, then tone, then lower before upper. */
START_TEST(test_key_vowel_tone_order)
{
    for (int v = 0; v < 12; v++) {
        for (int t = 0; t < 6; t++) {
            for (int u = 0; u < 2; u++) {
                int k = u * 72 + v * 6 + t;
                ck_assert_int_eq(letters[k].vowel, v);
                ck_assert_int_eq(letters[k].tone, t);
                int nk = u == 0 ? k + 72 : (t < 5 ? k - 72 + 1 : (v < 11 ? v * 6 + 6 : -1));
                if (nk < 0)
                    continue;
                char a[64], b[64];
                key(letters[k].nfc, a, sizeof a);
                key(letters[nk].nfc, b, sizeof b);
                ck_assert_msg(strcmp(a, b) < 0, "%s !< %s", letters[k].nfc, letters[nk].nfc);
            }
        }
    }
}
END_TEST

/* The Vietnamese alphabet, in order (29 letters). */
static const char *const alphabet[] = {
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "g", "h", "i", "k", "l", "m",
    "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "x", "y"};
START_TEST(test_key_alphabet_order)
{
    int n = (int)(sizeof alphabet / sizeof alphabet[0]);
    ck_assert_int_eq(n, 29);
    for (int i = 0; i + 1 < n; i++) {
        char a[64], b[64];
        key(alphabet[i], a, sizeof a);
        key(alphabet[i + 1], b, sizeof b);
        ck_assert_msg(strcmp(a, b) < 0, "%s !< %s", alphabet[i], alphabet[i + 1]);
    }
}
END_TEST

/* ---- folding ---- */
static const struct { const char *in, *out; } fold_cases[] = {
    {"Nguyễn Văn Dũng", "nguyen van dung"},
    {"Đặng", "dang"},
    {"đặng", "dang"},
    {"ĐẶNG THỊ HỒNG", "dang thi hong"},
    {"Trương Thị Ánh Tuyết", "truong thi anh tuyet"},
    {"Phạm Ngọc Ước", "pham ngoc uoc"},
    {"Bùi Thị Hường", "bui thi huong"},
    {"Lê Quý Đôn", "le quy don"},
    {"Vũ Thị Ỷ", "vu thi y"},
    {"  Lê   Văn\tAn \n", "le van an"},
    {"Lê-Văn, An!!", "le van an"},
    {"H'Hen Niê", "h hen nie"},
    {"Tổ 3, phường 12", "to 3 phuong 12"},
    {"Nguye\xCC\x82\xCC\x83n Va\xCC\x86n Du\xCC\x83ng", "nguyen van dung"}, /* NFD */
    {"\xC3\x90\xE1\xBA\xB7ng", "dang"},                                   /* Ð (eth) for Đ */
    {"M\xC3\xBCller", "muller"},                                          /* ü */
    {"\xCC\x81" "abc", "abc"},                                            /* leading mark */
    {"An\xC2\xA0" "Bình", "an binh"},                                     /* NBSP */
    {"Trần 陈 Văn", "tran van"},                                          /* other scripts */
    {"", ""},
    {" \t\n ", ""},
    {"---", ""},
};
START_TEST(test_fold_cases)
{
    char out[128];
    size_t n = fold(fold_cases[_i].in, out, sizeof out);
    ck_assert_str_eq(out, fold_cases[_i].out);
    ck_assert_uint_eq(n, strlen(fold_cases[_i].out));
}
END_TEST

START_TEST(test_fold_truncation)
{
    char out[8];
    memset(out, 'Z', sizeof out);
    ck_assert_uint_eq(fold("Nguyễn Văn", out, 4), 3);
    ck_assert_str_eq(out, "ngu");
    ck_assert_uint_eq(fold("Lê Văn", out, 4), 2); /* no trailing space */
    ck_assert_str_eq(out, "le");
    out[0] = 'Z';
    ck_assert_uint_eq(fold("Lê", out, 0), 0);
    ck_assert_int_eq(out[0], 'Z');
    ck_assert_uint_eq(fold("Lê", out, 1), 0);
    ck_assert_str_eq(out, "");
}
END_TEST

START_TEST(test_fold_dd)
{
    char out[8];
    ck_assert_uint_eq(fold("đ", out, sizeof out), 1);
    ck_assert_str_eq(out, "d");
    ck_assert_uint_eq(fold("Đ", out, sizeof out), 1);
    ck_assert_str_eq(out, "d");
    ck_assert_uint_eq(vn_title_case("đ", strlen("đ"), out, sizeof out), 2);
    ck_assert_str_eq(out, "Đ");
    ck_assert_uint_eq(vn_title_case("xĐ", strlen("xĐ"), out, sizeof out), 3);
    ck_assert_str_eq(out, "Xđ");
}
END_TEST

/* ---- UTF-8 validation: every function rejects malformed input ---- */
static const struct { const char *s; size_t len; int valid; const char *what; } utf8_cases[] = {
    {"", 0, 1, "empty"},
    {"abc", 3, 1, "ascii"},
    {"Nguyễn", 8, 1, "vietnamese"},
    {"\xC2\x80", 2, 1, "U+0080"},
    {"\xDF\xBF", 2, 1, "U+07FF"},
    {"\xE0\xA0\x80", 3, 1, "U+0800"},
    {"\xED\x9F\xBF", 3, 1, "U+D7FF"},
    {"\xEE\x80\x80", 3, 1, "U+E000"},
    {"\xEF\xBF\xBF", 3, 1, "U+FFFF"},
    {"\xF0\x90\x80\x80", 4, 1, "U+10000"},
    {"\xF4\x8F\xBF\xBF", 4, 1, "U+10FFFF"},
    {"\xC0\x80", 2, 0, "overlong NUL"},
    {"\xC1\xBF", 2, 0, "overlong 2-byte"},
    {"\xE0\x80\x80", 3, 0, "overlong 3-byte NUL"},
    {"\xE0\x9F\xBF", 3, 0, "overlong 3-byte"},
    {"\xF0\x80\x80\x80", 4, 0, "overlong 4-byte NUL"},
    {"\xF0\x8F\xBF\xBF", 4, 0, "overlong 4-byte"},
    {"\xC3", 1, 0, "truncated 2-byte"},
    {"\xE1\xBB", 2, 0, "truncated 3-byte"},
    {"\xF0\x9F\x98", 3, 0, "truncated 4-byte"},
    {"Nguy\xE1\xBB", 6, 0, "truncated at end"},
    {"\xC3" "A", 2, 0, "lead then ascii"},
    {"\xE1\xBB" "A", 3, 0, "2 of 3 then ascii"},
    {"\xED\xA0\x80", 3, 0, "surrogate D800"},
    {"\xED\xBF\xBF", 3, 0, "surrogate DFFF"},
    {"\xF4\x90\x80\x80", 4, 0, "U+110000"},
    {"\xF5\x80\x80\x80", 4, 0, "lead F5"},
    {"\xF8\x88\x80\x80\x80", 5, 0, "5-byte form"},
    {"\x80", 1, 0, "stray continuation"},
    {"a\xBF" "b", 3, 0, "continuation inside"},
    {"\xFE", 1, 0, "FE"},
    {"\xFF", 1, 0, "FF"},
    {"a\0b", 3, 0, "embedded NUL"},
    {"\0", 1, 0, "NUL"},
};
START_TEST(test_utf8)
{
    const char *s = utf8_cases[_i].s;
    size_t len = utf8_cases[_i].len;
    char out[64];
    ck_assert_msg(utf8_valid(s, len) == utf8_cases[_i].valid, "%s", utf8_cases[_i].what);
    if (utf8_cases[_i].valid) {
        ck_assert_uint_ne(vn_fold(s, len, out, sizeof out), (size_t)-1);
        ck_assert_uint_eq(vn_title_case(s, len, out, sizeof out), len);
    } else {
        ck_assert_uint_eq(vn_fold(s, len, out, sizeof out), (size_t)-1);
        ck_assert_uint_eq(vn_title_case(s, len, out, sizeof out), (size_t)-1);
        if (strlen(s) == len) /* NUL-terminated API: only without inner NUL */
            ck_assert_uint_eq(vn_name_sort_key(s, out, sizeof out), (size_t)-1);
    }
}
END_TEST

/* ---- title case ---- */
static const struct { const char *in, *out; } title_cases[] = {
    {"nguyễn văn an", "Nguyễn Văn An"},
    {"NGUYỄN VĂN AN", "Nguyễn Văn An"},
    {"đặng thị ánh", "Đặng Thị Ánh"},
    {"ĐẶNG ƯỚC", "Đặng Ước"},
    {"  lê   văn  ", "  Lê   Văn  "},
    {"ê-đê", "Ê-Đê"},
    {"h'hen niê", "H'Hen Niê"},
    {"tổ 3a", "Tổ 3a"},
    {"nguye\xCC\x82\xCC\x83n", "Nguye\xCC\x82\xCC\x83n"}, /* marks copied */
    {"e\xCC\x82" "n", "E\xCC\x82" "n"},
    {"", ""},
};
START_TEST(test_title_case)
{
    char out[64];
    const char *in = title_cases[_i].in;
    ck_assert_uint_eq(vn_title_case(in, strlen(in), out, sizeof out), strlen(in));
    ck_assert_str_eq(out, title_cases[_i].out);
}
END_TEST

START_TEST(test_title_case_truncation)
{
    char out[6];
    /* "Nguyễn" needs 8 bytes: stops at a character boundary. */
    ck_assert_uint_eq(vn_title_case("nguyễn", strlen("nguyễn"), out, sizeof out), 4);
    ck_assert_str_eq(out, "Nguy");
}
END_TEST

/* ---- name sort key: given name, then family name, then middle names ---- */
START_TEST(test_key_name_order_basic)
{
    /* Pairs that must compare a < b. */
    static const char *const pairs[][2] = {
        {"an", "An"},
        {"An", "Anh"},
        {"Lê Văn An", "Nguyễn Văn An"},
        {"Nguyễn Thị An", "Nguyễn Văn An"},
        {"Nguyễn Văn An", "Nguyễn Văn Án"},
        {"Nguyễn Văn Án", "Nguyễn Văn Anh"},
        {"Trần Anh", "Trần Ánh"},
        {"Trần Ánh", "Trần Ảnh"},
        {"Trần Ảnh", "Trần Ãnh"},
        {"Trần Ãnh", "Trần Ạnh"},
        {"Trần Ạnh", "Trần Ăn"},
        {"Lê Ăn", "Lê Ân"},
        {"Nguyễn Văn Anh", "Trần Thị Bình"},
        {"Trần Thị Bình", "Lê Văn Cường"},
        {"Lê Văn Dũng", "Lê Văn Đa"},       /* d < đ */
        {"Phạm Văn Dung", "Đỗ Văn Dũng"},   /* Dung < Dũng (tone) before family name */
        {"Nguyễn Dũng", "Đỗ Dương"},        /* u < ư */
        {"Đặng Văn Dũng", "Nguyễn Văn Dũng"}, /* same given: family Đặng < Nguyễn */
        {"Dương Văn Hùng", "Đặng Văn Hùng"},  /* d < đ in the family name */
        {"Nguyễn Văn Hùng", "Nguyễn Văn Hưng"},
        {"Nguyễn Văn Hưng", "Nguyễn Văn Khánh"},
        {"Nguyễn Ý", "Nguyễn Văn Yến"},      /* given name first: Ý (shorter) < Yến */
        {"Hoa", "Nguyễn Thị Hoa"},           /* one word before more words */
        {"Ngô Hoa", "Nguyễn Hoa"},           /* family: Ngô < Nguyễn (o < u) */
        {"Lý Thị Mai", "Lê Văn Minh"},
        {"Nguyễn Văn Ơn", "Lê Văn Phú"},
        {"Nguyễn Văn Ôn", "Nguyễn Văn Ơn"},  /* ô < ơ */
        {"Trần Văn Ổn", "Trần Văn Ơn"},      /* primary ô < ơ beats tone */
    };
    int n = (int)(sizeof pairs / sizeof pairs[0]);
    for (int i = 0; i < n; i++) {
        char a[128], b[128];
        key(pairs[i][0], a, sizeof a);
        key(pairs[i][1], b, sizeof b);
        ck_assert_msg(strcmp(a, b) < 0, "\"%s\" !< \"%s\"", pairs[i][0], pairs[i][1]);
    }
}
END_TEST

static const struct { const char *a, *b; } equal_keys[] = {
    {"Nguyễn Văn An", "  Nguyễn   Văn\tAn  "},
    {"Nguyễn Văn An", "Nguyễn\xC2\xA0Văn An"},
    {"Nguyễn Văn Dũng", "Nguye\xCC\x82\xCC\x83n Va\xCC\x86n Du\xCC\x83ng"},
    {"Đặng Thị Ước", "\xC4\x90" "a\xCC\x86\xCC\xA3ng Thi\xCC\xA3 U\xCC\x9B" "o\xCC\x9B\xCC\x81" "c"},
    {"Lê Ân", "Le\xCC\x82 A\xCC\x82n"},
    {"Hồ", "Ho\xCC\x82\xCC\x80"},
    {"Hồ", "Ho\xCC\x80\xCC\x82"}, /* marks in either order */
    {"Nguyễn", "Nguy\xE1\xBA\xBD\xCC\x82n"}, /* ẽ + circumflex = ễ */
};
START_TEST(test_key_equal)
{
    char a[128], b[128];
    key(equal_keys[_i].a, a, sizeof a);
    key(equal_keys[_i].b, b, sizeof b);
    ck_assert_str_eq(a, b);
}
END_TEST

START_TEST(test_key_misc)
{
    char k[128];
    ck_assert_uint_eq(vn_name_sort_key("", k, sizeof k), 0);
    ck_assert_str_eq(k, "");
    ck_assert_uint_eq(vn_name_sort_key("   ", k, sizeof k), 0);
    ck_assert_uint_eq(vn_name_sort_key(NULL, k, sizeof k), 0);
    /* Truncated keys stay NUL-terminated prefixes. */
    char full[128], small[5];
    key("Nguyễn Văn An", full, sizeof full);
    size_t n = vn_name_sort_key("Nguyễn Văn An", small, sizeof small);
    ck_assert_uint_eq(n, 4);
    ck_assert_int_eq(strncmp(full, small, 4), 0);
    ck_assert_int_eq(small[4], '\0');
    /* Many words (more than the 32 tracked) still give a key. */
    char many[400] = "";
    for (int i = 0; i < 40; i++)
        strcat(many, "Văn ");
    strcat(many, "An");
    ck_assert_uint_ne(vn_name_sort_key(many, k, sizeof k), (size_t)-1);
    /* Keys never contain NUL before the end and compare with strcmp. */
    char a[128];
    size_t la = vn_name_sort_key("Nguyễn Thị Minh Khai", a, sizeof a);
    ck_assert_uint_eq(strlen(a), la);
}
END_TEST

Suite *suite_core_vntext(void)
{
    Suite *s = suite_create("core_vntext");
    TCase *tc = tcase_create("vntext");
#define N(a) (int)(sizeof(a) / sizeof((a)[0]))
    tcase_add_loop_test(tc, test_fold_every_letter_and_tone, 0, NLETTERS);
    tcase_add_loop_test(tc, test_key_nfc_equals_nfd, 0, NLETTERS);
    tcase_add_loop_test(tc, test_title_case_every_letter, 0, NLETTERS);
    tcase_add_test(tc, test_key_vowel_tone_order);
    tcase_add_test(tc, test_key_alphabet_order);
    tcase_add_loop_test(tc, test_fold_cases, 0, N(fold_cases));
    tcase_add_test(tc, test_fold_truncation);
    tcase_add_test(tc, test_fold_dd);
    tcase_add_loop_test(tc, test_utf8, 0, N(utf8_cases));
    tcase_add_loop_test(tc, test_title_case, 0, N(title_cases));
    tcase_add_test(tc, test_title_case_truncation);
    tcase_add_test(tc, test_key_name_order_basic);
    tcase_add_loop_test(tc, test_key_equal, 0, N(equal_keys));
    tcase_add_test(tc, test_key_misc);
#undef N
    suite_add_tcase(s, tc);
    return s;
}

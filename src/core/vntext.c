/* Vietnamese text: UTF-8 validation, search folding, title case and a name
 * sort key.
 *
 * Every character is reduced to a "letter" of the extended Vietnamese
 * alphabet (a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z;
 * f j w z sit where they do in the Latin alphabet), a tone and a case.
 * Precomposed characters come from the table below (generated from Unicode
 * 14 NFD decompositions of U+00C0..U+024F and U+1E00..U+1EFF, plus đ/Đ and the
 * look-alike eth Ð/ð often typed for Đ). Decomposed input is handled the same
 * way: a combining mark after a letter changes that letter:
 *   U+0306 breve (a->ă), U+0302 circumflex (a->â, e->ê, o->ô),
 *   U+031B horn (o->ơ, u->ư),
 *   tones U+0300/U+0340 huyền, U+0301/U+0341 sắc, U+0309 hỏi, U+0303 ngã,
 *   U+0323 nặng;
 * any other combining mark (U+0300..U+036F) is ignored. So NFC and NFD
 * spellings fold and sort identically.
 *
 * Tone order used as the tie-break in sort keys: none (ngang), huyền, sắc,
 * hỏi, ngã, nặng (the order the tones are taught in). Letter order follows
 * the Vietnamese alphabet; digraphs (ch, gi, kh, ng, nh, ph, qu, th, tr) are
 * compared letter by letter, as most software does. */
#include "core/vntext.h"

#include <stdint.h>
#include <string.h>

enum { L_A = 0, L_AW, L_AA, L_B, L_C, L_D, L_DD, L_E, L_EE, L_F, L_G, L_H, L_I,
       L_J, L_K, L_L, L_M, L_N, L_O, L_OO, L_OW, L_P, L_Q, L_R, L_S, L_T, L_U,
       L_UW, L_V, L_W, L_X, L_Y, L_Z, L_COUNT };

/* ASCII fold of each letter. */
static const char letter_ascii[L_COUNT] = {
    'a', 'a', 'a', 'b', 'c', 'd', 'd', 'e', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm',
    'n', 'o', 'o', 'o', 'p', 'q', 'r', 's', 't', 'u', 'u', 'v', 'w', 'x', 'y', 'z'};
/* Letter of each ASCII lowercase letter a..z. */
static const uint8_t ascii_letter[26] = {
    L_A, L_B, L_C, L_D, L_E, L_F, L_G, L_H, L_I, L_J, L_K, L_L, L_M,
    L_N, L_O, L_P, L_Q, L_R, L_S, L_T, L_U, L_V, L_W, L_X, L_Y, L_Z};

struct precomposed {
    uint16_t cp;     /* the character */
    uint16_t other;  /* the same letter in the other case, 0 if none */
    uint8_t letter;  /* L_* */
    uint8_t tone;    /* 0 none, 1 huyền, 2 sắc, 3 hỏi, 4 ngã, 5 nặng */
    uint8_t upper;
};

/* Sorted by cp (binary search). Generated; see the comment at the top. */
static const struct precomposed precomposed[] = {
    {0x00C0, 0x00E0,  0, 1, 1}, /* latin capital letter a with grave */
    {0x00C1, 0x00E1,  0, 2, 1}, /* latin capital letter a with acute */
    {0x00C2, 0x00E2,  2, 0, 1}, /* latin capital letter a with circumflex */
    {0x00C3, 0x00E3,  0, 4, 1}, /* latin capital letter a with tilde */
    {0x00C4, 0x00E4,  0, 0, 1}, /* latin capital letter a with diaeresis */
    {0x00C5, 0x00E5,  0, 0, 1}, /* latin capital letter a with ring above */
    {0x00C7, 0x00E7,  4, 0, 1}, /* latin capital letter c with cedilla */
    {0x00C8, 0x00E8,  7, 1, 1}, /* latin capital letter e with grave */
    {0x00C9, 0x00E9,  7, 2, 1}, /* latin capital letter e with acute */
    {0x00CA, 0x00EA,  8, 0, 1}, /* latin capital letter e with circumflex */
    {0x00CB, 0x00EB,  7, 0, 1}, /* latin capital letter e with diaeresis */
    {0x00CC, 0x00EC, 12, 1, 1}, /* latin capital letter i with grave */
    {0x00CD, 0x00ED, 12, 2, 1}, /* latin capital letter i with acute */
    {0x00CE, 0x00EE, 12, 0, 1}, /* latin capital letter i with circumflex */
    {0x00CF, 0x00EF, 12, 0, 1}, /* latin capital letter i with diaeresis */
    {0x00D0, 0x00F0,  6, 0, 1}, /* latin capital letter eth */
    {0x00D1, 0x00F1, 17, 4, 1}, /* latin capital letter n with tilde */
    {0x00D2, 0x00F2, 18, 1, 1}, /* latin capital letter o with grave */
    {0x00D3, 0x00F3, 18, 2, 1}, /* latin capital letter o with acute */
    {0x00D4, 0x00F4, 19, 0, 1}, /* latin capital letter o with circumflex */
    {0x00D5, 0x00F5, 18, 4, 1}, /* latin capital letter o with tilde */
    {0x00D6, 0x00F6, 18, 0, 1}, /* latin capital letter o with diaeresis */
    {0x00D9, 0x00F9, 26, 1, 1}, /* latin capital letter u with grave */
    {0x00DA, 0x00FA, 26, 2, 1}, /* latin capital letter u with acute */
    {0x00DB, 0x00FB, 26, 0, 1}, /* latin capital letter u with circumflex */
    {0x00DC, 0x00FC, 26, 0, 1}, /* latin capital letter u with diaeresis */
    {0x00DD, 0x00FD, 31, 2, 1}, /* latin capital letter y with acute */
    {0x00E0, 0x00C0,  0, 1, 0}, /* latin small letter a with grave */
    {0x00E1, 0x00C1,  0, 2, 0}, /* latin small letter a with acute */
    {0x00E2, 0x00C2,  2, 0, 0}, /* latin small letter a with circumflex */
    {0x00E3, 0x00C3,  0, 4, 0}, /* latin small letter a with tilde */
    {0x00E4, 0x00C4,  0, 0, 0}, /* latin small letter a with diaeresis */
    {0x00E5, 0x00C5,  0, 0, 0}, /* latin small letter a with ring above */
    {0x00E7, 0x00C7,  4, 0, 0}, /* latin small letter c with cedilla */
    {0x00E8, 0x00C8,  7, 1, 0}, /* latin small letter e with grave */
    {0x00E9, 0x00C9,  7, 2, 0}, /* latin small letter e with acute */
    {0x00EA, 0x00CA,  8, 0, 0}, /* latin small letter e with circumflex */
    {0x00EB, 0x00CB,  7, 0, 0}, /* latin small letter e with diaeresis */
    {0x00EC, 0x00CC, 12, 1, 0}, /* latin small letter i with grave */
    {0x00ED, 0x00CD, 12, 2, 0}, /* latin small letter i with acute */
    {0x00EE, 0x00CE, 12, 0, 0}, /* latin small letter i with circumflex */
    {0x00EF, 0x00CF, 12, 0, 0}, /* latin small letter i with diaeresis */
    {0x00F0, 0x00D0,  6, 0, 0}, /* latin small letter eth */
    {0x00F1, 0x00D1, 17, 4, 0}, /* latin small letter n with tilde */
    {0x00F2, 0x00D2, 18, 1, 0}, /* latin small letter o with grave */
    {0x00F3, 0x00D3, 18, 2, 0}, /* latin small letter o with acute */
    {0x00F4, 0x00D4, 19, 0, 0}, /* latin small letter o with circumflex */
    {0x00F5, 0x00D5, 18, 4, 0}, /* latin small letter o with tilde */
    {0x00F6, 0x00D6, 18, 0, 0}, /* latin small letter o with diaeresis */
    {0x00F9, 0x00D9, 26, 1, 0}, /* latin small letter u with grave */
    {0x00FA, 0x00DA, 26, 2, 0}, /* latin small letter u with acute */
    {0x00FB, 0x00DB, 26, 0, 0}, /* latin small letter u with circumflex */
    {0x00FC, 0x00DC, 26, 0, 0}, /* latin small letter u with diaeresis */
    {0x00FD, 0x00DD, 31, 2, 0}, /* latin small letter y with acute */
    {0x00FF, 0x0178, 31, 0, 0}, /* latin small letter y with diaeresis */
    {0x0100, 0x0101,  0, 0, 1}, /* latin capital letter a with macron */
    {0x0101, 0x0100,  0, 0, 0}, /* latin small letter a with macron */
    {0x0102, 0x0103,  1, 0, 1}, /* latin capital letter a with breve */
    {0x0103, 0x0102,  1, 0, 0}, /* latin small letter a with breve */
    {0x0104, 0x0105,  0, 0, 1}, /* latin capital letter a with ogonek */
    {0x0105, 0x0104,  0, 0, 0}, /* latin small letter a with ogonek */
    {0x0106, 0x0107,  4, 2, 1}, /* latin capital letter c with acute */
    {0x0107, 0x0106,  4, 2, 0}, /* latin small letter c with acute */
    {0x0108, 0x0109,  4, 0, 1}, /* latin capital letter c with circumflex */
    {0x0109, 0x0108,  4, 0, 0}, /* latin small letter c with circumflex */
    {0x010A, 0x010B,  4, 0, 1}, /* latin capital letter c with dot above */
    {0x010B, 0x010A,  4, 0, 0}, /* latin small letter c with dot above */
    {0x010C, 0x010D,  4, 0, 1}, /* latin capital letter c with caron */
    {0x010D, 0x010C,  4, 0, 0}, /* latin small letter c with caron */
    {0x010E, 0x010F,  5, 0, 1}, /* latin capital letter d with caron */
    {0x010F, 0x010E,  5, 0, 0}, /* latin small letter d with caron */
    {0x0110, 0x0111,  6, 0, 1}, /* latin capital letter d with stroke */
    {0x0111, 0x0110,  6, 0, 0}, /* latin small letter d with stroke */
    {0x0112, 0x0113,  7, 0, 1}, /* latin capital letter e with macron */
    {0x0113, 0x0112,  7, 0, 0}, /* latin small letter e with macron */
    {0x0114, 0x0115,  7, 0, 1}, /* latin capital letter e with breve */
    {0x0115, 0x0114,  7, 0, 0}, /* latin small letter e with breve */
    {0x0116, 0x0117,  7, 0, 1}, /* latin capital letter e with dot above */
    {0x0117, 0x0116,  7, 0, 0}, /* latin small letter e with dot above */
    {0x0118, 0x0119,  7, 0, 1}, /* latin capital letter e with ogonek */
    {0x0119, 0x0118,  7, 0, 0}, /* latin small letter e with ogonek */
    {0x011A, 0x011B,  7, 0, 1}, /* latin capital letter e with caron */
    {0x011B, 0x011A,  7, 0, 0}, /* latin small letter e with caron */
    {0x011C, 0x011D, 10, 0, 1}, /* latin capital letter g with circumflex */
    {0x011D, 0x011C, 10, 0, 0}, /* latin small letter g with circumflex */
    {0x011E, 0x011F, 10, 0, 1}, /* latin capital letter g with breve */
    {0x011F, 0x011E, 10, 0, 0}, /* latin small letter g with breve */
    {0x0120, 0x0121, 10, 0, 1}, /* latin capital letter g with dot above */
    {0x0121, 0x0120, 10, 0, 0}, /* latin small letter g with dot above */
    {0x0122, 0x0123, 10, 0, 1}, /* latin capital letter g with cedilla */
    {0x0123, 0x0122, 10, 0, 0}, /* latin small letter g with cedilla */
    {0x0124, 0x0125, 11, 0, 1}, /* latin capital letter h with circumflex */
    {0x0125, 0x0124, 11, 0, 0}, /* latin small letter h with circumflex */
    {0x0128, 0x0129, 12, 4, 1}, /* latin capital letter i with tilde */
    {0x0129, 0x0128, 12, 4, 0}, /* latin small letter i with tilde */
    {0x012A, 0x012B, 12, 0, 1}, /* latin capital letter i with macron */
    {0x012B, 0x012A, 12, 0, 0}, /* latin small letter i with macron */
    {0x012C, 0x012D, 12, 0, 1}, /* latin capital letter i with breve */
    {0x012D, 0x012C, 12, 0, 0}, /* latin small letter i with breve */
    {0x012E, 0x012F, 12, 0, 1}, /* latin capital letter i with ogonek */
    {0x012F, 0x012E, 12, 0, 0}, /* latin small letter i with ogonek */
    {0x0130, 0x0000, 12, 0, 1}, /* latin capital letter i with dot above */
    {0x0134, 0x0135, 13, 0, 1}, /* latin capital letter j with circumflex */
    {0x0135, 0x0134, 13, 0, 0}, /* latin small letter j with circumflex */
    {0x0136, 0x0137, 14, 0, 1}, /* latin capital letter k with cedilla */
    {0x0137, 0x0136, 14, 0, 0}, /* latin small letter k with cedilla */
    {0x0139, 0x013A, 15, 2, 1}, /* latin capital letter l with acute */
    {0x013A, 0x0139, 15, 2, 0}, /* latin small letter l with acute */
    {0x013B, 0x013C, 15, 0, 1}, /* latin capital letter l with cedilla */
    {0x013C, 0x013B, 15, 0, 0}, /* latin small letter l with cedilla */
    {0x013D, 0x013E, 15, 0, 1}, /* latin capital letter l with caron */
    {0x013E, 0x013D, 15, 0, 0}, /* latin small letter l with caron */
    {0x0143, 0x0144, 17, 2, 1}, /* latin capital letter n with acute */
    {0x0144, 0x0143, 17, 2, 0}, /* latin small letter n with acute */
    {0x0145, 0x0146, 17, 0, 1}, /* latin capital letter n with cedilla */
    {0x0146, 0x0145, 17, 0, 0}, /* latin small letter n with cedilla */
    {0x0147, 0x0148, 17, 0, 1}, /* latin capital letter n with caron */
    {0x0148, 0x0147, 17, 0, 0}, /* latin small letter n with caron */
    {0x014C, 0x014D, 18, 0, 1}, /* latin capital letter o with macron */
    {0x014D, 0x014C, 18, 0, 0}, /* latin small letter o with macron */
    {0x014E, 0x014F, 18, 0, 1}, /* latin capital letter o with breve */
    {0x014F, 0x014E, 18, 0, 0}, /* latin small letter o with breve */
    {0x0150, 0x0151, 18, 0, 1}, /* latin capital letter o with double acute */
    {0x0151, 0x0150, 18, 0, 0}, /* latin small letter o with double acute */
    {0x0154, 0x0155, 23, 2, 1}, /* latin capital letter r with acute */
    {0x0155, 0x0154, 23, 2, 0}, /* latin small letter r with acute */
    {0x0156, 0x0157, 23, 0, 1}, /* latin capital letter r with cedilla */
    {0x0157, 0x0156, 23, 0, 0}, /* latin small letter r with cedilla */
    {0x0158, 0x0159, 23, 0, 1}, /* latin capital letter r with caron */
    {0x0159, 0x0158, 23, 0, 0}, /* latin small letter r with caron */
    {0x015A, 0x015B, 24, 2, 1}, /* latin capital letter s with acute */
    {0x015B, 0x015A, 24, 2, 0}, /* latin small letter s with acute */
    {0x015C, 0x015D, 24, 0, 1}, /* latin capital letter s with circumflex */
    {0x015D, 0x015C, 24, 0, 0}, /* latin small letter s with circumflex */
    {0x015E, 0x015F, 24, 0, 1}, /* latin capital letter s with cedilla */
    {0x015F, 0x015E, 24, 0, 0}, /* latin small letter s with cedilla */
    {0x0160, 0x0161, 24, 0, 1}, /* latin capital letter s with caron */
    {0x0161, 0x0160, 24, 0, 0}, /* latin small letter s with caron */
    {0x0162, 0x0163, 25, 0, 1}, /* latin capital letter t with cedilla */
    {0x0163, 0x0162, 25, 0, 0}, /* latin small letter t with cedilla */
    {0x0164, 0x0165, 25, 0, 1}, /* latin capital letter t with caron */
    {0x0165, 0x0164, 25, 0, 0}, /* latin small letter t with caron */
    {0x0168, 0x0169, 26, 4, 1}, /* latin capital letter u with tilde */
    {0x0169, 0x0168, 26, 4, 0}, /* latin small letter u with tilde */
    {0x016A, 0x016B, 26, 0, 1}, /* latin capital letter u with macron */
    {0x016B, 0x016A, 26, 0, 0}, /* latin small letter u with macron */
    {0x016C, 0x016D, 26, 0, 1}, /* latin capital letter u with breve */
    {0x016D, 0x016C, 26, 0, 0}, /* latin small letter u with breve */
    {0x016E, 0x016F, 26, 0, 1}, /* latin capital letter u with ring above */
    {0x016F, 0x016E, 26, 0, 0}, /* latin small letter u with ring above */
    {0x0170, 0x0171, 26, 0, 1}, /* latin capital letter u with double acute */
    {0x0171, 0x0170, 26, 0, 0}, /* latin small letter u with double acute */
    {0x0172, 0x0173, 26, 0, 1}, /* latin capital letter u with ogonek */
    {0x0173, 0x0172, 26, 0, 0}, /* latin small letter u with ogonek */
    {0x0174, 0x0175, 29, 0, 1}, /* latin capital letter w with circumflex */
    {0x0175, 0x0174, 29, 0, 0}, /* latin small letter w with circumflex */
    {0x0176, 0x0177, 31, 0, 1}, /* latin capital letter y with circumflex */
    {0x0177, 0x0176, 31, 0, 0}, /* latin small letter y with circumflex */
    {0x0178, 0x00FF, 31, 0, 1}, /* latin capital letter y with diaeresis */
    {0x0179, 0x017A, 32, 2, 1}, /* latin capital letter z with acute */
    {0x017A, 0x0179, 32, 2, 0}, /* latin small letter z with acute */
    {0x017B, 0x017C, 32, 0, 1}, /* latin capital letter z with dot above */
    {0x017C, 0x017B, 32, 0, 0}, /* latin small letter z with dot above */
    {0x017D, 0x017E, 32, 0, 1}, /* latin capital letter z with caron */
    {0x017E, 0x017D, 32, 0, 0}, /* latin small letter z with caron */
    {0x01A0, 0x01A1, 20, 0, 1}, /* latin capital letter o with horn */
    {0x01A1, 0x01A0, 20, 0, 0}, /* latin small letter o with horn */
    {0x01AF, 0x01B0, 27, 0, 1}, /* latin capital letter u with horn */
    {0x01B0, 0x01AF, 27, 0, 0}, /* latin small letter u with horn */
    {0x01CD, 0x01CE,  0, 0, 1}, /* latin capital letter a with caron */
    {0x01CE, 0x01CD,  0, 0, 0}, /* latin small letter a with caron */
    {0x01CF, 0x01D0, 12, 0, 1}, /* latin capital letter i with caron */
    {0x01D0, 0x01CF, 12, 0, 0}, /* latin small letter i with caron */
    {0x01D1, 0x01D2, 18, 0, 1}, /* latin capital letter o with caron */
    {0x01D2, 0x01D1, 18, 0, 0}, /* latin small letter o with caron */
    {0x01D3, 0x01D4, 26, 0, 1}, /* latin capital letter u with caron */
    {0x01D4, 0x01D3, 26, 0, 0}, /* latin small letter u with caron */
    {0x01D5, 0x01D6, 26, 0, 1}, /* latin capital letter u with diaeresis and macron */
    {0x01D6, 0x01D5, 26, 0, 0}, /* latin small letter u with diaeresis and macron */
    {0x01D7, 0x01D8, 26, 2, 1}, /* latin capital letter u with diaeresis and acute */
    {0x01D8, 0x01D7, 26, 2, 0}, /* latin small letter u with diaeresis and acute */
    {0x01D9, 0x01DA, 26, 0, 1}, /* latin capital letter u with diaeresis and caron */
    {0x01DA, 0x01D9, 26, 0, 0}, /* latin small letter u with diaeresis and caron */
    {0x01DB, 0x01DC, 26, 1, 1}, /* latin capital letter u with diaeresis and grave */
    {0x01DC, 0x01DB, 26, 1, 0}, /* latin small letter u with diaeresis and grave */
    {0x01DE, 0x01DF,  0, 0, 1}, /* latin capital letter a with diaeresis and macron */
    {0x01DF, 0x01DE,  0, 0, 0}, /* latin small letter a with diaeresis and macron */
    {0x01E0, 0x01E1,  0, 0, 1}, /* latin capital letter a with dot above and macron */
    {0x01E1, 0x01E0,  0, 0, 0}, /* latin small letter a with dot above and macron */
    {0x01E6, 0x01E7, 10, 0, 1}, /* latin capital letter g with caron */
    {0x01E7, 0x01E6, 10, 0, 0}, /* latin small letter g with caron */
    {0x01E8, 0x01E9, 14, 0, 1}, /* latin capital letter k with caron */
    {0x01E9, 0x01E8, 14, 0, 0}, /* latin small letter k with caron */
    {0x01EA, 0x01EB, 18, 0, 1}, /* latin capital letter o with ogonek */
    {0x01EB, 0x01EA, 18, 0, 0}, /* latin small letter o with ogonek */
    {0x01EC, 0x01ED, 18, 0, 1}, /* latin capital letter o with ogonek and macron */
    {0x01ED, 0x01EC, 18, 0, 0}, /* latin small letter o with ogonek and macron */
    {0x01F0, 0x0000, 13, 0, 0}, /* latin small letter j with caron */
    {0x01F4, 0x01F5, 10, 2, 1}, /* latin capital letter g with acute */
    {0x01F5, 0x01F4, 10, 2, 0}, /* latin small letter g with acute */
    {0x01F8, 0x01F9, 17, 1, 1}, /* latin capital letter n with grave */
    {0x01F9, 0x01F8, 17, 1, 0}, /* latin small letter n with grave */
    {0x01FA, 0x01FB,  0, 2, 1}, /* latin capital letter a with ring above and acute */
    {0x01FB, 0x01FA,  0, 2, 0}, /* latin small letter a with ring above and acute */
    {0x0200, 0x0201,  0, 0, 1}, /* latin capital letter a with double grave */
    {0x0201, 0x0200,  0, 0, 0}, /* latin small letter a with double grave */
    {0x0202, 0x0203,  0, 0, 1}, /* latin capital letter a with inverted breve */
    {0x0203, 0x0202,  0, 0, 0}, /* latin small letter a with inverted breve */
    {0x0204, 0x0205,  7, 0, 1}, /* latin capital letter e with double grave */
    {0x0205, 0x0204,  7, 0, 0}, /* latin small letter e with double grave */
    {0x0206, 0x0207,  7, 0, 1}, /* latin capital letter e with inverted breve */
    {0x0207, 0x0206,  7, 0, 0}, /* latin small letter e with inverted breve */
    {0x0208, 0x0209, 12, 0, 1}, /* latin capital letter i with double grave */
    {0x0209, 0x0208, 12, 0, 0}, /* latin small letter i with double grave */
    {0x020A, 0x020B, 12, 0, 1}, /* latin capital letter i with inverted breve */
    {0x020B, 0x020A, 12, 0, 0}, /* latin small letter i with inverted breve */
    {0x020C, 0x020D, 18, 0, 1}, /* latin capital letter o with double grave */
    {0x020D, 0x020C, 18, 0, 0}, /* latin small letter o with double grave */
    {0x020E, 0x020F, 18, 0, 1}, /* latin capital letter o with inverted breve */
    {0x020F, 0x020E, 18, 0, 0}, /* latin small letter o with inverted breve */
    {0x0210, 0x0211, 23, 0, 1}, /* latin capital letter r with double grave */
    {0x0211, 0x0210, 23, 0, 0}, /* latin small letter r with double grave */
    {0x0212, 0x0213, 23, 0, 1}, /* latin capital letter r with inverted breve */
    {0x0213, 0x0212, 23, 0, 0}, /* latin small letter r with inverted breve */
    {0x0214, 0x0215, 26, 0, 1}, /* latin capital letter u with double grave */
    {0x0215, 0x0214, 26, 0, 0}, /* latin small letter u with double grave */
    {0x0216, 0x0217, 26, 0, 1}, /* latin capital letter u with inverted breve */
    {0x0217, 0x0216, 26, 0, 0}, /* latin small letter u with inverted breve */
    {0x0218, 0x0219, 24, 0, 1}, /* latin capital letter s with comma below */
    {0x0219, 0x0218, 24, 0, 0}, /* latin small letter s with comma below */
    {0x021A, 0x021B, 25, 0, 1}, /* latin capital letter t with comma below */
    {0x021B, 0x021A, 25, 0, 0}, /* latin small letter t with comma below */
    {0x021E, 0x021F, 11, 0, 1}, /* latin capital letter h with caron */
    {0x021F, 0x021E, 11, 0, 0}, /* latin small letter h with caron */
    {0x0226, 0x0227,  0, 0, 1}, /* latin capital letter a with dot above */
    {0x0227, 0x0226,  0, 0, 0}, /* latin small letter a with dot above */
    {0x0228, 0x0229,  7, 0, 1}, /* latin capital letter e with cedilla */
    {0x0229, 0x0228,  7, 0, 0}, /* latin small letter e with cedilla */
    {0x022A, 0x022B, 18, 0, 1}, /* latin capital letter o with diaeresis and macron */
    {0x022B, 0x022A, 18, 0, 0}, /* latin small letter o with diaeresis and macron */
    {0x022C, 0x022D, 18, 4, 1}, /* latin capital letter o with tilde and macron */
    {0x022D, 0x022C, 18, 4, 0}, /* latin small letter o with tilde and macron */
    {0x022E, 0x022F, 18, 0, 1}, /* latin capital letter o with dot above */
    {0x022F, 0x022E, 18, 0, 0}, /* latin small letter o with dot above */
    {0x0230, 0x0231, 18, 0, 1}, /* latin capital letter o with dot above and macron */
    {0x0231, 0x0230, 18, 0, 0}, /* latin small letter o with dot above and macron */
    {0x0232, 0x0233, 31, 0, 1}, /* latin capital letter y with macron */
    {0x0233, 0x0232, 31, 0, 0}, /* latin small letter y with macron */
    {0x1E00, 0x1E01,  0, 0, 1}, /* latin capital letter a with ring below */
    {0x1E01, 0x1E00,  0, 0, 0}, /* latin small letter a with ring below */
    {0x1E02, 0x1E03,  3, 0, 1}, /* latin capital letter b with dot above */
    {0x1E03, 0x1E02,  3, 0, 0}, /* latin small letter b with dot above */
    {0x1E04, 0x1E05,  3, 5, 1}, /* latin capital letter b with dot below */
    {0x1E05, 0x1E04,  3, 5, 0}, /* latin small letter b with dot below */
    {0x1E06, 0x1E07,  3, 0, 1}, /* latin capital letter b with line below */
    {0x1E07, 0x1E06,  3, 0, 0}, /* latin small letter b with line below */
    {0x1E08, 0x1E09,  4, 2, 1}, /* latin capital letter c with cedilla and acute */
    {0x1E09, 0x1E08,  4, 2, 0}, /* latin small letter c with cedilla and acute */
    {0x1E0A, 0x1E0B,  5, 0, 1}, /* latin capital letter d with dot above */
    {0x1E0B, 0x1E0A,  5, 0, 0}, /* latin small letter d with dot above */
    {0x1E0C, 0x1E0D,  5, 5, 1}, /* latin capital letter d with dot below */
    {0x1E0D, 0x1E0C,  5, 5, 0}, /* latin small letter d with dot below */
    {0x1E0E, 0x1E0F,  5, 0, 1}, /* latin capital letter d with line below */
    {0x1E0F, 0x1E0E,  5, 0, 0}, /* latin small letter d with line below */
    {0x1E10, 0x1E11,  5, 0, 1}, /* latin capital letter d with cedilla */
    {0x1E11, 0x1E10,  5, 0, 0}, /* latin small letter d with cedilla */
    {0x1E12, 0x1E13,  5, 0, 1}, /* latin capital letter d with circumflex below */
    {0x1E13, 0x1E12,  5, 0, 0}, /* latin small letter d with circumflex below */
    {0x1E14, 0x1E15,  7, 1, 1}, /* latin capital letter e with macron and grave */
    {0x1E15, 0x1E14,  7, 1, 0}, /* latin small letter e with macron and grave */
    {0x1E16, 0x1E17,  7, 2, 1}, /* latin capital letter e with macron and acute */
    {0x1E17, 0x1E16,  7, 2, 0}, /* latin small letter e with macron and acute */
    {0x1E18, 0x1E19,  7, 0, 1}, /* latin capital letter e with circumflex below */
    {0x1E19, 0x1E18,  7, 0, 0}, /* latin small letter e with circumflex below */
    {0x1E1A, 0x1E1B,  7, 0, 1}, /* latin capital letter e with tilde below */
    {0x1E1B, 0x1E1A,  7, 0, 0}, /* latin small letter e with tilde below */
    {0x1E1C, 0x1E1D,  7, 0, 1}, /* latin capital letter e with cedilla and breve */
    {0x1E1D, 0x1E1C,  7, 0, 0}, /* latin small letter e with cedilla and breve */
    {0x1E1E, 0x1E1F,  9, 0, 1}, /* latin capital letter f with dot above */
    {0x1E1F, 0x1E1E,  9, 0, 0}, /* latin small letter f with dot above */
    {0x1E20, 0x1E21, 10, 0, 1}, /* latin capital letter g with macron */
    {0x1E21, 0x1E20, 10, 0, 0}, /* latin small letter g with macron */
    {0x1E22, 0x1E23, 11, 0, 1}, /* latin capital letter h with dot above */
    {0x1E23, 0x1E22, 11, 0, 0}, /* latin small letter h with dot above */
    {0x1E24, 0x1E25, 11, 5, 1}, /* latin capital letter h with dot below */
    {0x1E25, 0x1E24, 11, 5, 0}, /* latin small letter h with dot below */
    {0x1E26, 0x1E27, 11, 0, 1}, /* latin capital letter h with diaeresis */
    {0x1E27, 0x1E26, 11, 0, 0}, /* latin small letter h with diaeresis */
    {0x1E28, 0x1E29, 11, 0, 1}, /* latin capital letter h with cedilla */
    {0x1E29, 0x1E28, 11, 0, 0}, /* latin small letter h with cedilla */
    {0x1E2A, 0x1E2B, 11, 0, 1}, /* latin capital letter h with breve below */
    {0x1E2B, 0x1E2A, 11, 0, 0}, /* latin small letter h with breve below */
    {0x1E2C, 0x1E2D, 12, 0, 1}, /* latin capital letter i with tilde below */
    {0x1E2D, 0x1E2C, 12, 0, 0}, /* latin small letter i with tilde below */
    {0x1E2E, 0x1E2F, 12, 2, 1}, /* latin capital letter i with diaeresis and acute */
    {0x1E2F, 0x1E2E, 12, 2, 0}, /* latin small letter i with diaeresis and acute */
    {0x1E30, 0x1E31, 14, 2, 1}, /* latin capital letter k with acute */
    {0x1E31, 0x1E30, 14, 2, 0}, /* latin small letter k with acute */
    {0x1E32, 0x1E33, 14, 5, 1}, /* latin capital letter k with dot below */
    {0x1E33, 0x1E32, 14, 5, 0}, /* latin small letter k with dot below */
    {0x1E34, 0x1E35, 14, 0, 1}, /* latin capital letter k with line below */
    {0x1E35, 0x1E34, 14, 0, 0}, /* latin small letter k with line below */
    {0x1E36, 0x1E37, 15, 5, 1}, /* latin capital letter l with dot below */
    {0x1E37, 0x1E36, 15, 5, 0}, /* latin small letter l with dot below */
    {0x1E38, 0x1E39, 15, 5, 1}, /* latin capital letter l with dot below and macron */
    {0x1E39, 0x1E38, 15, 5, 0}, /* latin small letter l with dot below and macron */
    {0x1E3A, 0x1E3B, 15, 0, 1}, /* latin capital letter l with line below */
    {0x1E3B, 0x1E3A, 15, 0, 0}, /* latin small letter l with line below */
    {0x1E3C, 0x1E3D, 15, 0, 1}, /* latin capital letter l with circumflex below */
    {0x1E3D, 0x1E3C, 15, 0, 0}, /* latin small letter l with circumflex below */
    {0x1E3E, 0x1E3F, 16, 2, 1}, /* latin capital letter m with acute */
    {0x1E3F, 0x1E3E, 16, 2, 0}, /* latin small letter m with acute */
    {0x1E40, 0x1E41, 16, 0, 1}, /* latin capital letter m with dot above */
    {0x1E41, 0x1E40, 16, 0, 0}, /* latin small letter m with dot above */
    {0x1E42, 0x1E43, 16, 5, 1}, /* latin capital letter m with dot below */
    {0x1E43, 0x1E42, 16, 5, 0}, /* latin small letter m with dot below */
    {0x1E44, 0x1E45, 17, 0, 1}, /* latin capital letter n with dot above */
    {0x1E45, 0x1E44, 17, 0, 0}, /* latin small letter n with dot above */
    {0x1E46, 0x1E47, 17, 5, 1}, /* latin capital letter n with dot below */
    {0x1E47, 0x1E46, 17, 5, 0}, /* latin small letter n with dot below */
    {0x1E48, 0x1E49, 17, 0, 1}, /* latin capital letter n with line below */
    {0x1E49, 0x1E48, 17, 0, 0}, /* latin small letter n with line below */
    {0x1E4A, 0x1E4B, 17, 0, 1}, /* latin capital letter n with circumflex below */
    {0x1E4B, 0x1E4A, 17, 0, 0}, /* latin small letter n with circumflex below */
    {0x1E4C, 0x1E4D, 18, 2, 1}, /* latin capital letter o with tilde and acute */
    {0x1E4D, 0x1E4C, 18, 2, 0}, /* latin small letter o with tilde and acute */
    {0x1E4E, 0x1E4F, 18, 4, 1}, /* latin capital letter o with tilde and diaeresis */
    {0x1E4F, 0x1E4E, 18, 4, 0}, /* latin small letter o with tilde and diaeresis */
    {0x1E50, 0x1E51, 18, 1, 1}, /* latin capital letter o with macron and grave */
    {0x1E51, 0x1E50, 18, 1, 0}, /* latin small letter o with macron and grave */
    {0x1E52, 0x1E53, 18, 2, 1}, /* latin capital letter o with macron and acute */
    {0x1E53, 0x1E52, 18, 2, 0}, /* latin small letter o with macron and acute */
    {0x1E54, 0x1E55, 21, 2, 1}, /* latin capital letter p with acute */
    {0x1E55, 0x1E54, 21, 2, 0}, /* latin small letter p with acute */
    {0x1E56, 0x1E57, 21, 0, 1}, /* latin capital letter p with dot above */
    {0x1E57, 0x1E56, 21, 0, 0}, /* latin small letter p with dot above */
    {0x1E58, 0x1E59, 23, 0, 1}, /* latin capital letter r with dot above */
    {0x1E59, 0x1E58, 23, 0, 0}, /* latin small letter r with dot above */
    {0x1E5A, 0x1E5B, 23, 5, 1}, /* latin capital letter r with dot below */
    {0x1E5B, 0x1E5A, 23, 5, 0}, /* latin small letter r with dot below */
    {0x1E5C, 0x1E5D, 23, 5, 1}, /* latin capital letter r with dot below and macron */
    {0x1E5D, 0x1E5C, 23, 5, 0}, /* latin small letter r with dot below and macron */
    {0x1E5E, 0x1E5F, 23, 0, 1}, /* latin capital letter r with line below */
    {0x1E5F, 0x1E5E, 23, 0, 0}, /* latin small letter r with line below */
    {0x1E60, 0x1E61, 24, 0, 1}, /* latin capital letter s with dot above */
    {0x1E61, 0x1E60, 24, 0, 0}, /* latin small letter s with dot above */
    {0x1E62, 0x1E63, 24, 5, 1}, /* latin capital letter s with dot below */
    {0x1E63, 0x1E62, 24, 5, 0}, /* latin small letter s with dot below */
    {0x1E64, 0x1E65, 24, 2, 1}, /* latin capital letter s with acute and dot above */
    {0x1E65, 0x1E64, 24, 2, 0}, /* latin small letter s with acute and dot above */
    {0x1E66, 0x1E67, 24, 0, 1}, /* latin capital letter s with caron and dot above */
    {0x1E67, 0x1E66, 24, 0, 0}, /* latin small letter s with caron and dot above */
    {0x1E68, 0x1E69, 24, 5, 1}, /* latin capital letter s with dot below and dot above */
    {0x1E69, 0x1E68, 24, 5, 0}, /* latin small letter s with dot below and dot above */
    {0x1E6A, 0x1E6B, 25, 0, 1}, /* latin capital letter t with dot above */
    {0x1E6B, 0x1E6A, 25, 0, 0}, /* latin small letter t with dot above */
    {0x1E6C, 0x1E6D, 25, 5, 1}, /* latin capital letter t with dot below */
    {0x1E6D, 0x1E6C, 25, 5, 0}, /* latin small letter t with dot below */
    {0x1E6E, 0x1E6F, 25, 0, 1}, /* latin capital letter t with line below */
    {0x1E6F, 0x1E6E, 25, 0, 0}, /* latin small letter t with line below */
    {0x1E70, 0x1E71, 25, 0, 1}, /* latin capital letter t with circumflex below */
    {0x1E71, 0x1E70, 25, 0, 0}, /* latin small letter t with circumflex below */
    {0x1E72, 0x1E73, 26, 0, 1}, /* latin capital letter u with diaeresis below */
    {0x1E73, 0x1E72, 26, 0, 0}, /* latin small letter u with diaeresis below */
    {0x1E74, 0x1E75, 26, 0, 1}, /* latin capital letter u with tilde below */
    {0x1E75, 0x1E74, 26, 0, 0}, /* latin small letter u with tilde below */
    {0x1E76, 0x1E77, 26, 0, 1}, /* latin capital letter u with circumflex below */
    {0x1E77, 0x1E76, 26, 0, 0}, /* latin small letter u with circumflex below */
    {0x1E78, 0x1E79, 26, 2, 1}, /* latin capital letter u with tilde and acute */
    {0x1E79, 0x1E78, 26, 2, 0}, /* latin small letter u with tilde and acute */
    {0x1E7A, 0x1E7B, 26, 0, 1}, /* latin capital letter u with macron and diaeresis */
    {0x1E7B, 0x1E7A, 26, 0, 0}, /* latin small letter u with macron and diaeresis */
    {0x1E7C, 0x1E7D, 28, 4, 1}, /* latin capital letter v with tilde */
    {0x1E7D, 0x1E7C, 28, 4, 0}, /* latin small letter v with tilde */
    {0x1E7E, 0x1E7F, 28, 5, 1}, /* latin capital letter v with dot below */
    {0x1E7F, 0x1E7E, 28, 5, 0}, /* latin small letter v with dot below */
    {0x1E80, 0x1E81, 29, 1, 1}, /* latin capital letter w with grave */
    {0x1E81, 0x1E80, 29, 1, 0}, /* latin small letter w with grave */
    {0x1E82, 0x1E83, 29, 2, 1}, /* latin capital letter w with acute */
    {0x1E83, 0x1E82, 29, 2, 0}, /* latin small letter w with acute */
    {0x1E84, 0x1E85, 29, 0, 1}, /* latin capital letter w with diaeresis */
    {0x1E85, 0x1E84, 29, 0, 0}, /* latin small letter w with diaeresis */
    {0x1E86, 0x1E87, 29, 0, 1}, /* latin capital letter w with dot above */
    {0x1E87, 0x1E86, 29, 0, 0}, /* latin small letter w with dot above */
    {0x1E88, 0x1E89, 29, 5, 1}, /* latin capital letter w with dot below */
    {0x1E89, 0x1E88, 29, 5, 0}, /* latin small letter w with dot below */
    {0x1E8A, 0x1E8B, 30, 0, 1}, /* latin capital letter x with dot above */
    {0x1E8B, 0x1E8A, 30, 0, 0}, /* latin small letter x with dot above */
    {0x1E8C, 0x1E8D, 30, 0, 1}, /* latin capital letter x with diaeresis */
    {0x1E8D, 0x1E8C, 30, 0, 0}, /* latin small letter x with diaeresis */
    {0x1E8E, 0x1E8F, 31, 0, 1}, /* latin capital letter y with dot above */
    {0x1E8F, 0x1E8E, 31, 0, 0}, /* latin small letter y with dot above */
    {0x1E90, 0x1E91, 32, 0, 1}, /* latin capital letter z with circumflex */
    {0x1E91, 0x1E90, 32, 0, 0}, /* latin small letter z with circumflex */
    {0x1E92, 0x1E93, 32, 5, 1}, /* latin capital letter z with dot below */
    {0x1E93, 0x1E92, 32, 5, 0}, /* latin small letter z with dot below */
    {0x1E94, 0x1E95, 32, 0, 1}, /* latin capital letter z with line below */
    {0x1E95, 0x1E94, 32, 0, 0}, /* latin small letter z with line below */
    {0x1E96, 0x0000, 11, 0, 0}, /* latin small letter h with line below */
    {0x1E97, 0x0000, 25, 0, 0}, /* latin small letter t with diaeresis */
    {0x1E98, 0x0000, 29, 0, 0}, /* latin small letter w with ring above */
    {0x1E99, 0x0000, 31, 0, 0}, /* latin small letter y with ring above */
    {0x1EA0, 0x1EA1,  0, 5, 1}, /* latin capital letter a with dot below */
    {0x1EA1, 0x1EA0,  0, 5, 0}, /* latin small letter a with dot below */
    {0x1EA2, 0x1EA3,  0, 3, 1}, /* latin capital letter a with hook above */
    {0x1EA3, 0x1EA2,  0, 3, 0}, /* latin small letter a with hook above */
    {0x1EA4, 0x1EA5,  2, 2, 1}, /* latin capital letter a with circumflex and acute */
    {0x1EA5, 0x1EA4,  2, 2, 0}, /* latin small letter a with circumflex and acute */
    {0x1EA6, 0x1EA7,  2, 1, 1}, /* latin capital letter a with circumflex and grave */
    {0x1EA7, 0x1EA6,  2, 1, 0}, /* latin small letter a with circumflex and grave */
    {0x1EA8, 0x1EA9,  2, 3, 1}, /* latin capital letter a with circumflex and hook above */
    {0x1EA9, 0x1EA8,  2, 3, 0}, /* latin small letter a with circumflex and hook above */
    {0x1EAA, 0x1EAB,  2, 4, 1}, /* latin capital letter a with circumflex and tilde */
    {0x1EAB, 0x1EAA,  2, 4, 0}, /* latin small letter a with circumflex and tilde */
    {0x1EAC, 0x1EAD,  2, 5, 1}, /* latin capital letter a with circumflex and dot below */
    {0x1EAD, 0x1EAC,  2, 5, 0}, /* latin small letter a with circumflex and dot below */
    {0x1EAE, 0x1EAF,  1, 2, 1}, /* latin capital letter a with breve and acute */
    {0x1EAF, 0x1EAE,  1, 2, 0}, /* latin small letter a with breve and acute */
    {0x1EB0, 0x1EB1,  1, 1, 1}, /* latin capital letter a with breve and grave */
    {0x1EB1, 0x1EB0,  1, 1, 0}, /* latin small letter a with breve and grave */
    {0x1EB2, 0x1EB3,  1, 3, 1}, /* latin capital letter a with breve and hook above */
    {0x1EB3, 0x1EB2,  1, 3, 0}, /* latin small letter a with breve and hook above */
    {0x1EB4, 0x1EB5,  1, 4, 1}, /* latin capital letter a with breve and tilde */
    {0x1EB5, 0x1EB4,  1, 4, 0}, /* latin small letter a with breve and tilde */
    {0x1EB6, 0x1EB7,  1, 5, 1}, /* latin capital letter a with breve and dot below */
    {0x1EB7, 0x1EB6,  1, 5, 0}, /* latin small letter a with breve and dot below */
    {0x1EB8, 0x1EB9,  7, 5, 1}, /* latin capital letter e with dot below */
    {0x1EB9, 0x1EB8,  7, 5, 0}, /* latin small letter e with dot below */
    {0x1EBA, 0x1EBB,  7, 3, 1}, /* latin capital letter e with hook above */
    {0x1EBB, 0x1EBA,  7, 3, 0}, /* latin small letter e with hook above */
    {0x1EBC, 0x1EBD,  7, 4, 1}, /* latin capital letter e with tilde */
    {0x1EBD, 0x1EBC,  7, 4, 0}, /* latin small letter e with tilde */
    {0x1EBE, 0x1EBF,  8, 2, 1}, /* latin capital letter e with circumflex and acute */
    {0x1EBF, 0x1EBE,  8, 2, 0}, /* latin small letter e with circumflex and acute */
    {0x1EC0, 0x1EC1,  8, 1, 1}, /* latin capital letter e with circumflex and grave */
    {0x1EC1, 0x1EC0,  8, 1, 0}, /* latin small letter e with circumflex and grave */
    {0x1EC2, 0x1EC3,  8, 3, 1}, /* latin capital letter e with circumflex and hook above */
    {0x1EC3, 0x1EC2,  8, 3, 0}, /* latin small letter e with circumflex and hook above */
    {0x1EC4, 0x1EC5,  8, 4, 1}, /* latin capital letter e with circumflex and tilde */
    {0x1EC5, 0x1EC4,  8, 4, 0}, /* latin small letter e with circumflex and tilde */
    {0x1EC6, 0x1EC7,  8, 5, 1}, /* latin capital letter e with circumflex and dot below */
    {0x1EC7, 0x1EC6,  8, 5, 0}, /* latin small letter e with circumflex and dot below */
    {0x1EC8, 0x1EC9, 12, 3, 1}, /* latin capital letter i with hook above */
    {0x1EC9, 0x1EC8, 12, 3, 0}, /* latin small letter i with hook above */
    {0x1ECA, 0x1ECB, 12, 5, 1}, /* latin capital letter i with dot below */
    {0x1ECB, 0x1ECA, 12, 5, 0}, /* latin small letter i with dot below */
    {0x1ECC, 0x1ECD, 18, 5, 1}, /* latin capital letter o with dot below */
    {0x1ECD, 0x1ECC, 18, 5, 0}, /* latin small letter o with dot below */
    {0x1ECE, 0x1ECF, 18, 3, 1}, /* latin capital letter o with hook above */
    {0x1ECF, 0x1ECE, 18, 3, 0}, /* latin small letter o with hook above */
    {0x1ED0, 0x1ED1, 19, 2, 1}, /* latin capital letter o with circumflex and acute */
    {0x1ED1, 0x1ED0, 19, 2, 0}, /* latin small letter o with circumflex and acute */
    {0x1ED2, 0x1ED3, 19, 1, 1}, /* latin capital letter o with circumflex and grave */
    {0x1ED3, 0x1ED2, 19, 1, 0}, /* latin small letter o with circumflex and grave */
    {0x1ED4, 0x1ED5, 19, 3, 1}, /* latin capital letter o with circumflex and hook above */
    {0x1ED5, 0x1ED4, 19, 3, 0}, /* latin small letter o with circumflex and hook above */
    {0x1ED6, 0x1ED7, 19, 4, 1}, /* latin capital letter o with circumflex and tilde */
    {0x1ED7, 0x1ED6, 19, 4, 0}, /* latin small letter o with circumflex and tilde */
    {0x1ED8, 0x1ED9, 19, 5, 1}, /* latin capital letter o with circumflex and dot below */
    {0x1ED9, 0x1ED8, 19, 5, 0}, /* latin small letter o with circumflex and dot below */
    {0x1EDA, 0x1EDB, 20, 2, 1}, /* latin capital letter o with horn and acute */
    {0x1EDB, 0x1EDA, 20, 2, 0}, /* latin small letter o with horn and acute */
    {0x1EDC, 0x1EDD, 20, 1, 1}, /* latin capital letter o with horn and grave */
    {0x1EDD, 0x1EDC, 20, 1, 0}, /* latin small letter o with horn and grave */
    {0x1EDE, 0x1EDF, 20, 3, 1}, /* latin capital letter o with horn and hook above */
    {0x1EDF, 0x1EDE, 20, 3, 0}, /* latin small letter o with horn and hook above */
    {0x1EE0, 0x1EE1, 20, 4, 1}, /* latin capital letter o with horn and tilde */
    {0x1EE1, 0x1EE0, 20, 4, 0}, /* latin small letter o with horn and tilde */
    {0x1EE2, 0x1EE3, 20, 5, 1}, /* latin capital letter o with horn and dot below */
    {0x1EE3, 0x1EE2, 20, 5, 0}, /* latin small letter o with horn and dot below */
    {0x1EE4, 0x1EE5, 26, 5, 1}, /* latin capital letter u with dot below */
    {0x1EE5, 0x1EE4, 26, 5, 0}, /* latin small letter u with dot below */
    {0x1EE6, 0x1EE7, 26, 3, 1}, /* latin capital letter u with hook above */
    {0x1EE7, 0x1EE6, 26, 3, 0}, /* latin small letter u with hook above */
    {0x1EE8, 0x1EE9, 27, 2, 1}, /* latin capital letter u with horn and acute */
    {0x1EE9, 0x1EE8, 27, 2, 0}, /* latin small letter u with horn and acute */
    {0x1EEA, 0x1EEB, 27, 1, 1}, /* latin capital letter u with horn and grave */
    {0x1EEB, 0x1EEA, 27, 1, 0}, /* latin small letter u with horn and grave */
    {0x1EEC, 0x1EED, 27, 3, 1}, /* latin capital letter u with horn and hook above */
    {0x1EED, 0x1EEC, 27, 3, 0}, /* latin small letter u with horn and hook above */
    {0x1EEE, 0x1EEF, 27, 4, 1}, /* latin capital letter u with horn and tilde */
    {0x1EEF, 0x1EEE, 27, 4, 0}, /* latin small letter u with horn and tilde */
    {0x1EF0, 0x1EF1, 27, 5, 1}, /* latin capital letter u with horn and dot below */
    {0x1EF1, 0x1EF0, 27, 5, 0}, /* latin small letter u with horn and dot below */
    {0x1EF2, 0x1EF3, 31, 1, 1}, /* latin capital letter y with grave */
    {0x1EF3, 0x1EF2, 31, 1, 0}, /* latin small letter y with grave */
    {0x1EF4, 0x1EF5, 31, 5, 1}, /* latin capital letter y with dot below */
    {0x1EF5, 0x1EF4, 31, 5, 0}, /* latin small letter y with dot below */
    {0x1EF6, 0x1EF7, 31, 3, 1}, /* latin capital letter y with hook above */
    {0x1EF7, 0x1EF6, 31, 3, 0}, /* latin small letter y with hook above */
    {0x1EF8, 0x1EF9, 31, 4, 1}, /* latin capital letter y with tilde */
    {0x1EF9, 0x1EF8, 31, 4, 0}, /* latin small letter y with tilde */
};

#define NPRECOMPOSED (sizeof precomposed / sizeof precomposed[0])

static const struct precomposed *precomposed_find(uint32_t cp)
{
    size_t lo = 0, hi = NPRECOMPOSED;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (precomposed[mid].cp == cp)
            return &precomposed[mid];
        if (precomposed[mid].cp < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* Decodes one code point at s[*i..len) and advances *i. Returns -1 on a
 * truncated or malformed sequence, an overlong form, a surrogate, a value
 * above U+10FFFF, or a NUL byte. */
static int utf8_next(const unsigned char *s, size_t len, size_t *i, uint32_t *cp)
{
    size_t p = *i;
    unsigned c = s[p];
    uint32_t v;
    int n;
    if (c == 0)
        return -1;
    if (c < 0x80) {
        *cp = c;
        *i = p + 1;
        return 0;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        n = 1;
        v = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 2;
        v = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 3;
        v = c & 0x07;
    } else {
        return -1; /* continuation byte, 0xC0/0xC1 overlong lead, or > U+10FFFF lead */
    }
    if (len - p <= (size_t)n)
        return -1; /* truncated */
    for (int k = 1; k <= n; k++) {
        unsigned cc = s[p + (size_t)k];
        if ((cc & 0xC0) != 0x80)
            return -1;
        v = (v << 6) | (cc & 0x3F);
    }
    if ((n == 2 && v < 0x800) || (n == 3 && (v < 0x10000 || v > 0x10FFFF)) ||
        (v >= 0xD800 && v <= 0xDFFF))
        return -1;
    *cp = v;
    *i = p + (size_t)n + 1;
    return 0;
}

int utf8_valid(const char *s, size_t len)
{
    if (!s)
        return len == 0;
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    uint32_t cp;
    while (i < len)
        if (utf8_next(u, len, &i, &cp) < 0)
            return 0;
    return 1;
}

static size_t utf8_encode(uint32_t cp, char buf[4])
{
    if (cp < 0x80) {
        buf[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        buf[0] = (char)(0xC0 | (cp >> 6));
        buf[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        buf[0] = (char)(0xE0 | (cp >> 12));
        buf[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        buf[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    buf[0] = (char)(0xF0 | (cp >> 18));
    buf[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    buf[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    buf[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

enum cls { C_OTHER = 0, C_LETTER, C_DIGIT, C_MARK, C_SPACE };

struct vchar {
    uint8_t cls;
    uint8_t letter;
    uint8_t tone;
    uint8_t upper;
};

static int is_space(uint32_t cp)
{
    return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0xA0 ||
           (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

static struct vchar classify(uint32_t cp)
{
    struct vchar v = {C_OTHER, 0, 0, 0};
    if (cp >= 'a' && cp <= 'z') {
        v.cls = C_LETTER;
        v.letter = ascii_letter[cp - 'a'];
    } else if (cp >= 'A' && cp <= 'Z') {
        v.cls = C_LETTER;
        v.letter = ascii_letter[cp - 'A'];
        v.upper = 1;
    } else if (cp >= '0' && cp <= '9') {
        v.cls = C_DIGIT;
        v.letter = (uint8_t)(cp - '0');
    } else if (cp >= 0x300 && cp <= 0x36F) {
        v.cls = C_MARK;
    } else if (is_space(cp)) {
        v.cls = C_SPACE;
    } else if (cp >= 0xC0) {
        const struct precomposed *p = precomposed_find(cp);
        if (p) {
            v.cls = C_LETTER;
            v.letter = p->letter;
            v.tone = p->tone;
            v.upper = p->upper;
        }
    }
    return v;
}

/* A combining mark after a letter: vowel modifiers and tones. */
static void apply_mark(struct vchar *v, uint32_t mark)
{
    if (v->cls != C_LETTER)
        return;
    switch (mark) {
    case 0x306:
        if (v->letter == L_A)
            v->letter = L_AW;
        break;
    case 0x302:
        if (v->letter == L_A)
            v->letter = L_AA;
        else if (v->letter == L_E)
            v->letter = L_EE;
        else if (v->letter == L_O)
            v->letter = L_OO;
        break;
    case 0x31B:
        if (v->letter == L_O)
            v->letter = L_OW;
        else if (v->letter == L_U)
            v->letter = L_UW;
        break;
    case 0x300: case 0x340: v->tone = 1; break;
    case 0x301: case 0x341: v->tone = 2; break;
    case 0x309: v->tone = 3; break;
    case 0x303: v->tone = 4; break;
    case 0x323: v->tone = 5; break;
    default: break;
    }
}

size_t vn_fold(const char *in, size_t len, char *out, size_t cap)
{
    if (!utf8_valid(in, len))
        return (size_t)-1;
    const unsigned char *u = (const unsigned char *)in;
    size_t i = 0, n = 0;
    int pending_space = 0;
    uint32_t cp;
    while (i < len) {
        (void)utf8_next(u, len, &i, &cp);
        struct vchar v = classify(cp);
        if (v.cls == C_MARK)
            continue;
        if (v.cls != C_LETTER && v.cls != C_DIGIT) {
            pending_space = 1;
            continue;
        }
        char ch = v.cls == C_LETTER ? letter_ascii[v.letter] : (char)('0' + v.letter);
        if (pending_space && n > 0 && n + 1 < cap)
            out[n++] = ' ';
        pending_space = 0;
        if (n + 1 < cap)
            out[n++] = ch;
    }
    if (n > 0 && out[n - 1] == ' ')
        n--;
    if (cap > 0)
        out[n] = '\0';
    return n;
}

size_t vn_title_case(const char *in, size_t len, char *out, size_t cap)
{
    if (!utf8_valid(in, len))
        return (size_t)-1;
    const unsigned char *u = (const unsigned char *)in;
    size_t i = 0, n = 0;
    int word_start = 1;
    uint32_t cp;
    while (i < len) {
        size_t at = i;
        (void)utf8_next(u, len, &i, &cp);
        struct vchar v = classify(cp);
        uint32_t o = cp;
        if (v.cls == C_LETTER) {
            int want_upper = word_start;
            if (cp < 0x80) {
                o = want_upper ? (cp & ~0x20u) : (cp | 0x20u);
            } else if (v.upper != want_upper) {
                const struct precomposed *p = precomposed_find(cp);
                if (p && p->other)
                    o = p->other;
            }
            word_start = 0;
        } else if (v.cls == C_DIGIT) {
            word_start = 0;
        } else if (v.cls != C_MARK) {
            word_start = 1;
        }
        char buf[4];
        size_t k = utf8_encode(o, buf);
        if (k != i - at) { /* keep the length: copy the original */
            memcpy(buf, in + at, i - at);
            k = i - at;
        }
        if (n + k >= cap)
            break;
        memcpy(out + n, buf, k);
        n += k;
    }
    if (cap > 0)
        out[n] = '\0';
    return n;
}

/* ---- sort key ------------------------------------------------------------
 * Words come in the order given name (last word), family name (first word),
 * middle words. Each word contributes its letters, then 0x03, then its tones;
 * words are separated by 0x02. So "Dung" sorts before "Dũng" whatever the
 * family names, and a tone only matters between words with the same letters.
 * Case is the last level, after 0x01, for the whole name.
 *   letters: digits 0x10..0x19, letters 0x20 + alphabet position, other
 *            non-ASCII characters their UTF-8 bytes (>= 0xC2); ASCII
 *            punctuation is ignored;
 *   tones:   0x10 + tone (0 none, 1 huyền, 2 sắc, 3 hỏi, 4 ngã, 5 nặng);
 *   case:    0x10 lower, 0x11 upper. */
#define KEY_LEVEL_SEP 0x01
#define KEY_WORD_SEP 0x02
#define KEY_TONE_SEP 0x03
#define KEY_MAX_WORDS 32

struct keybuf {
    char *out;
    size_t cap, n;
};

static void key_put(struct keybuf *k, unsigned char b)
{
    if (k->n + 1 < k->cap)
        k->out[k->n++] = (char)b;
}

static void key_emit(struct keybuf *k, int level, struct vchar v, uint32_t cp)
{
    if (v.cls == C_LETTER) {
        key_put(k, level == 0 ? (unsigned char)(0x20 + v.letter)
                   : level == 1 ? (unsigned char)(0x10 + v.tone)
                                : (unsigned char)(0x10 + v.upper));
    } else if (v.cls == C_DIGIT) {
        key_put(k, level == 0 ? (unsigned char)(0x10 + v.letter) : 0x10);
    } else if (cp >= 0x80) {
        if (level == 0) {
            char buf[4];
            size_t nb = utf8_encode(cp, buf);
            for (size_t j = 0; j < nb; j++)
                key_put(k, (unsigned char)buf[j]);
        } else {
            key_put(k, 0x10);
        }
    }
}

/* Emits one word (already validated UTF-8) at one level. A pending letter is
 * held back until the next base character so that combining marks reach it. */
static void key_word(struct keybuf *k, int level, const unsigned char *w, size_t len)
{
    size_t i = 0;
    uint32_t cp, pcp = 0;
    struct vchar pend = {C_OTHER, 0, 0, 0};
    int have = 0;
    while (i < len) {
        (void)utf8_next(w, len, &i, &cp);
        struct vchar v = classify(cp);
        if (v.cls == C_MARK) {
            if (have)
                apply_mark(&pend, cp);
            continue;
        }
        if (have)
            key_emit(k, level, pend, pcp);
        pend = v;
        pcp = cp;
        have = 1;
    }
    if (have)
        key_emit(k, level, pend, pcp);
}

size_t vn_name_sort_key(const char *name, char *out, size_t cap)
{
    size_t len = name ? strlen(name) : 0;
    if (!utf8_valid(name, len))
        return (size_t)-1;
    const unsigned char *u = (const unsigned char *)name;
    size_t ws[KEY_MAX_WORDS], we[KEY_MAX_WORDS];
    int nw = 0, in_word = 0;
    size_t i = 0;
    uint32_t cp;
    while (i < len) {
        size_t at = i;
        (void)utf8_next(u, len, &i, &cp);
        if (classify(cp).cls == C_SPACE) {
            if (in_word)
                we[nw - 1] = at;
            in_word = 0;
        } else if (!in_word) {
            in_word = 1;
            if (nw < KEY_MAX_WORDS) {
                ws[nw++] = at;
            } /* else: the last slot absorbs the remaining words */
        }
    }
    if (in_word)
        we[nw - 1] = len;

    int order[KEY_MAX_WORDS];
    if (nw > 0) {
        order[0] = nw - 1;
        for (int w = 0; w + 1 < nw; w++)
            order[w + 1] = w;
    }
    struct keybuf k = {out, cap, 0};
    for (int w = 0; w < nw; w++) {
        const unsigned char *ww = u + ws[order[w]];
        size_t wl = we[order[w]] - ws[order[w]];
        if (w > 0)
            key_put(&k, KEY_WORD_SEP);
        key_word(&k, 0, ww, wl);
        key_put(&k, KEY_TONE_SEP);
        key_word(&k, 1, ww, wl);
    }
    if (nw > 0)
        key_put(&k, KEY_LEVEL_SEP);
    for (int w = 0; w < nw; w++) {
        if (w > 0)
            key_put(&k, KEY_WORD_SEP);
        key_word(&k, 2, u + ws[order[w]], we[order[w]] - ws[order[w]]);
    }
    if (cap > 0)
        out[k.n] = '\0';
    return k.n;
}

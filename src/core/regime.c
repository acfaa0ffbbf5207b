/* Evaluation regimes with valid_from / valid_to (rules.md §0). The only
 * place where the unverified parameters of the evaluation decrees live;
 * docs/rules.md ("Evaluation by product") lists each with its source tag. */
#include "core/regime.h"

#include <stddef.h>
#include <string.h>

#include "core/rating.h"

#define LEGACY_ALL ((1u << LEGACY_HTXS) | (1u << LEGACY_HTT) | (1u << LEGACY_HTNV) | \
                    (1u << LEGACY_HTNV_HAN_CHE) | (1u << LEGACY_KHT))

/* Before Luật CBCC 22/2008/QH12 took effect (1/1/2010 [M]): rules.md and
 * addendum.md give no levels for these years (Pháp lệnh CBCC 1998 and its
 * rules are not in them), so no level list is encoded: a historic row keeps
 * the level text of the source decision verbatim. Storage only. */
static const struct eval_regime pre2010 = {
    .id = REGIME_PRE_2010,
    .code = "pre_2010",
    .name = "Trước Luật CBCC 2008 (mức xếp loại ghi theo quyết định gốc)",
    .legacy = 1,
    .free_levels = 1,
    .cite_levels = "Trước Luật CBCC 22/2008/QH12: mức xếp loại chưa được mã hoá (ghi theo quyết định gốc)",
    .cite_cap = "Trước Luật CBCC 22/2008/QH12",
    .cite_absence = "Trước Luật CBCC 22/2008/QH12",
};

/* Luật CBCC 22/2008/QH12 (effective 1/1/2010 [M]) Art. 29 (cán bộ) and
 * Art. 58 khoản 1 (công chức): four levels "hoàn thành xuất sắc nhiệm vụ",
 * "hoàn thành tốt nhiệm vụ", "hoàn thành nhiệm vụ nhưng còn hạn chế về năng
 * lực", "không hoàn thành nhiệm vụ" (rules.md §1.1: the "còn hạn chế" level
 * existed until the 2019 amendment [V]; Art. 58(3): 2 consecutive years KHT
 * => thôi việc [V]). Viên chức (Luật Viên chức 2010) were rated "hoàn thành
 * nhiệm vụ" without the restriction [M], and the stored history does not say
 * the category, so the plain HTNV level is accepted too. Storage only, in
 * force until NĐ 56/2015 (1/8/2015). */
static const struct eval_regime luat2008 = {
    .id = REGIME_LUAT_CBCC_2008,
    .code = "luat_cbcc_2008",
    .name = "Luật CBCC 22/2008/QH12 (Điều 29, Điều 58)",
    .legacy = 1,
    .legacy_levels = LEGACY_ALL,
    .cite_levels = "Luật CBCC 22/2008/QH12 Điều 29, Điều 58 khoản 1",
    .cite_cap = "Luật CBCC 22/2008/QH12",
    .cite_absence = "Luật CBCC 22/2008/QH12",
};

/* NĐ 56/2015/NĐ-CP: legacy levels, stored only. Effective 1/8/2015 [M]. */
static const struct eval_regime nd56 = {
    .id = REGIME_ND56_2015,
    .code = "nd56_2015",
    .name = "NĐ 56/2015/NĐ-CP",
    .legacy = 1,
    .legacy_levels = LEGACY_ALL,
    .cite_levels = "NĐ 56/2015/NĐ-CP",
    .cite_cap = "NĐ 56/2015/NĐ-CP",
    .cite_absence = "NĐ 56/2015/NĐ-CP",
};

/* NĐ 90/2020/NĐ-CP before its amendment (20/8/2020 - 14/9/2023). The NĐ 48/2023
 * discipline principles do not apply: results dated before 15/9/2023 are not
 * re-examined (NĐ 48/2023). The original cap wording is [M]: "≤ 20% of those
 * rated HTT per group with similar tasks". */
static const struct eval_regime nd90 = {
    .id = REGIME_ND90_2020,
    .code = "nd90_2020",
    .name = "NĐ 90/2020/NĐ-CP",
    .kht_b_inclusive = 0,
    .discipline_min_form = DISC_KHIEN_TRACH,
    .discipline_principles = 0,
    .absence_caps = 1,
    .absence_cap_months = 3,
    .absence_unrated_months = 6,
    .cap_percent = 20,
    .cap_exception_max_percent = 25,
    .cap_rounding = CAP_ROUND_FLOOR,
    .cap_denominator = CAP_DEN_HTT,
    .cite_levels = "NĐ 90/2020/NĐ-CP Điều 8-15",
    .cite_cap = "NĐ 90/2020/NĐ-CP Điều 19",
    .cite_absence = "NĐ 90/2020/NĐ-CP Điều 20",
};

/* NĐ 90/2020 as amended by NĐ 48/2023 (from 15/9/2023). Cap: not above the
 * party-member HTXS rate, i.e. 20% of those rated HTT (HD 21-HD/BTCTW). */
static const struct eval_regime nd90_48 = {
    .id = REGIME_ND90_48_2023,
    .code = "nd90_48_2023",
    .name = "NĐ 90/2020/NĐ-CP, sửa đổi bởi NĐ 48/2023/NĐ-CP",
    .kht_b_inclusive = 0,
    .discipline_min_form = DISC_KHIEN_TRACH,
    .discipline_principles = 1,
    .absence_caps = 1,
    .absence_cap_months = 3,
    .absence_unrated_months = 6,
    .cap_percent = 20,
    .cap_exception_max_percent = 25,
    .cap_rounding = CAP_ROUND_FLOOR,
    .cap_denominator = CAP_DEN_HTT,
    .cite_levels = "NĐ 90/2020/NĐ-CP Điều 8-15 (sửa đổi bởi NĐ 48/2023/NĐ-CP)",
    .cite_cap = "NĐ 48/2023/NĐ-CP (sửa Điều 19 NĐ 90/2020); HD 21-HD/BTCTW",
    .cite_absence = "NĐ 90/2020/NĐ-CP Điều 20",
};

/* NĐ 335/2025/NĐ-CP (công chức, from 1/1/2026). */
static const struct eval_regime nd335 = {
    .id = REGIME_ND335_2025,
    .code = "nd335_2025",
    .name = "NĐ 335/2025/NĐ-CP",
    .scored = 1,
    .general_max = 3000,
    .group_max = {1000, 1000, 1000},
    .task_max = 7000,
    .nonleader_divisor = 3,
    .leader_divisor = 6,
    .deduction_bp = 2500,
    .leader_kht_unit_bp = 5000,
    .score_rounding = SCORE_ROUND_DOWN,
    .band_htxs = 9000,
    .band_htt = 7000,
    .band_htnv = 5000,
    .kht_b_inclusive = 0,
    .discipline_min_form = DISC_KHIEN_TRACH,
    .discipline_principles = 1, /* [M] carried over from NĐ 48/2023; not read in NĐ 335 */
    .absence_caps = 0,          /* [M] Art. 21 read: rated on the periods actually worked */
    .absence_cap_months = 3,
    .absence_unrated_months = 6,
    .cap_percent = 20,
    .cap_exception_max_percent = 25,
    .cap_rounding = CAP_ROUND_FLOOR,
    .cap_denominator = CAP_DEN_HTT,
    .cite_levels = "NĐ 335/2025/NĐ-CP Điều 20",
    .cite_cap = "NĐ 335/2025/NĐ-CP Điều 20 khoản 5",
    .cite_absence = "NĐ 335/2025/NĐ-CP Điều 21",
};

#define ALL_CATS (CAT_CONG_CHUC | CAT_VIEN_CHUC | CAT_CAN_BO)

/* Applicability rows: dates as YYYYMMDD, inclusive; 0 = open. */
static const struct {
    int categories;
    int from, to;
    const struct eval_regime *regime;
} table[] = {
    {ALL_CATS, 19900101, 20091231, &pre2010},
    {ALL_CATS, 20100101, 20150731, &luat2008},
    {ALL_CATS, 20150801, 20200819, &nd56},
    {ALL_CATS, 20200820, 20230914, &nd90},
    {CAT_CONG_CHUC, 20230915, 20251231, &nd90_48},
    /* [M] Viên chức and cán bộ stay under NĐ 90/48 until a replacement is
     * encoded (NĐ 233/2026 for viên chức is reported but not verified). */
    {CAT_VIEN_CHUC | CAT_CAN_BO, 20230915, 0, &nd90_48},
    {CAT_CONG_CHUC, 20260101, 0, &nd335},
};
#define NTABLE (sizeof table / sizeof table[0])

static int valid_category(enum eval_category c)
{
    return c == CAT_CONG_CHUC || c == CAT_VIEN_CHUC || c == CAT_CAN_BO;
}

const struct eval_regime *regime_find(enum eval_category category, cdate on)
{
    if (!valid_category(category) || on == CDATE_NONE)
        return NULL;
    int y, m, d;
    date_to_ymd(on, &y, &m, &d);
    int key = y * 10000 + m * 100 + d;
    for (size_t i = 0; i < NTABLE; i++)
        if ((table[i].categories & (int)category) && key >= table[i].from &&
            (table[i].to == 0 || key <= table[i].to))
            return table[i].regime;
    return NULL;
}

const struct eval_regime *regime_for_year(enum eval_category category, int year)
{
    cdate on;
    if (date_from_ymd(year, 12, 31, &on) < 0)
        return NULL;
    return regime_find(category, on);
}

const struct eval_regime *regime_by_id(enum regime_id id)
{
    switch (id) {
    case REGIME_ND56_2015: return &nd56;
    case REGIME_ND90_2020: return &nd90;
    case REGIME_ND90_48_2023: return &nd90_48;
    case REGIME_ND335_2025: return &nd335;
    case REGIME_LUAT_CBCC_2008: return &luat2008;
    case REGIME_PRE_2010: return &pre2010;
    }
    return NULL;
}

const struct eval_regime *regime_by_code(const char *code)
{
    for (int id = REGIME_ID_MIN; code && id <= REGIME_ID_MAX; id++) {
        const struct eval_regime *r = regime_by_id((enum regime_id)id);
        if (r && strcmp(r->code, code) == 0)
            return r;
    }
    return NULL;
}

static cdate ymd_key(int key)
{
    cdate c;
    if (date_from_ymd(key / 10000, key / 100 % 100, key % 100, &c) < 0)
        return CDATE_NONE;
    return c;
}

int regime_validity(const struct eval_regime *r, enum eval_category category, cdate *from,
                    cdate *to)
{
    for (size_t i = 0; r && i < NTABLE; i++) {
        if (table[i].regime == r && (table[i].categories & (int)category)) {
            if (from)
                *from = ymd_key(table[i].from);
            if (to)
                *to = table[i].to ? ymd_key(table[i].to) : CDATE_NONE;
            return 0;
        }
    }
    return -1;
}

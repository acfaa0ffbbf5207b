/* The year's quality rating (rules.md §1). See rating.h. */
#include "core/rating.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/score.h"
#include "core/vntext.h"

static const char *const level_codes[] = {"undetermined", "KHT", "HTNV", "HTT", "HTXS",
                                          "not_rated"};
static const char *const level_names[] = {
    "Chưa xác định được mức (cấp có thẩm quyền quyết định)",
    "Không hoàn thành nhiệm vụ",
    "Hoàn thành nhiệm vụ",
    "Hoàn thành tốt nhiệm vụ",
    "Hoàn thành xuất sắc nhiệm vụ",
    "Không xếp loại",
};

const char *rating_level_code(enum rating_level l)
{
    return (unsigned)l <= LEVEL_NOT_RATED ? level_codes[l] : "?";
}

const char *rating_level_name(enum rating_level l)
{
    return (unsigned)l <= LEVEL_NOT_RATED ? level_names[l] : "?";
}

enum rating_level rating_level_parse(const char *s)
{
    for (int l = LEVEL_KHT; s && l <= LEVEL_HTXS; l++)
        if (strcmp(s, level_codes[l]) == 0)
            return (enum rating_level)l;
    return LEVEL_UNDETERMINED;
}

static const char *const legacy_codes[] = {NULL, "htxs", "htt", "htnv", "htnv_han_che", "kht"};
static const char *const legacy_names[] = {
    NULL,
    "Hoàn thành xuất sắc nhiệm vụ",
    "Hoàn thành tốt nhiệm vụ",
    "Hoàn thành nhiệm vụ",
    "Hoàn thành nhiệm vụ nhưng còn hạn chế về năng lực",
    "Không hoàn thành nhiệm vụ",
};

const char *legacy_level_code(enum legacy_level l)
{
    return l >= LEGACY_HTXS && l <= LEGACY_KHT ? legacy_codes[l] : NULL;
}

const char *legacy_level_name(enum legacy_level l)
{
    return l >= LEGACY_HTXS && l <= LEGACY_KHT ? legacy_names[l] : NULL;
}

enum legacy_level legacy_level_parse(const char *code)
{
    for (int l = LEGACY_HTXS; code && l <= LEGACY_KHT; l++)
        if (strcmp(code, legacy_codes[l]) == 0)
            return (enum legacy_level)l;
    return 0;
}

/* 1 when the folded forms of a and b are equal and non-empty. */
static int fold_eq(const char *folded, const char *b)
{
    char fb[160];
    size_t n = vn_fold(b, strlen(b), fb, sizeof fb);
    return n != (size_t)-1 && n > 0 && strcmp(folded, fb) == 0;
}

const char *rating_history_level(const struct eval_regime *rg, const char *text, char *buf, size_t cap)
{
    if (!rg || !text || !buf || cap < 101)
        return NULL;
    size_t len = strlen(text);
    while (len && (unsigned char)*text <= ' ')
        text++, len--;
    while (len && (unsigned char)text[len - 1] <= ' ')
        len--;
    if (len == 0 || !utf8_valid(text, len))
        return NULL;
    if (rg->free_levels) {
        if (len > 100)
            return NULL;
        memcpy(buf, text, len);
        buf[len] = 0;
        return buf;
    }
    char f[160];
    if (len > 120 || vn_fold(text, len, f, sizeof f) == (size_t)-1 || !f[0])
        return NULL;
    if (rg->legacy) {
        for (int l = LEGACY_HTXS; l <= LEGACY_KHT; l++)
            if ((rg->legacy_levels & (1u << l)) && (fold_eq(f, legacy_codes[l]) || fold_eq(f, legacy_names[l]))) {
                snprintf(buf, cap, "%s", legacy_codes[l]);
                return buf;
            }
        return NULL;
    }
    for (int l = LEVEL_KHT; l <= LEVEL_HTXS; l++)
        if (fold_eq(f, level_codes[l]) || fold_eq(f, level_names[l])) {
            snprintf(buf, cap, "%s", level_codes[l]);
            return buf;
        }
    return NULL;
}

enum disc_form disc_form_parse(const char *code)
{
    static const char *const forms[] = {NULL, "khien_trach", "canh_cao", "ha_bac_luong",
                                        "giang_chuc", "cach_chuc", "buoc_thoi_viec", "khai_tru"};
    for (int f = DISC_KHIEN_TRACH; code && f <= DISC_KHAI_TRU; f++)
        if (strcmp(code, forms[f]) == 0)
            return (enum disc_form)f;
    return 0;
}

static void add(struct rating_result *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void add(struct rating_result *r, const char *fmt, ...)
{
    if (r->nexplain >= RATING_EXPLAIN_MAX)
        return;
    va_list ap;
    va_start(ap, fmt);
    char *line = r->explain[r->nexplain++];
    int n = vsnprintf(line, RATING_EXPLAIN_LEN, fmt, ap);
    va_end(ap);
    if (n >= RATING_EXPLAIN_LEN) { /* truncated: never cut a UTF-8 sequence */
        size_t k = RATING_EXPLAIN_LEN - 1;
        while (k > 0 && ((unsigned char)line[k] & 0xC0) == 0x80)
            k--;
        line[k] = '\0';
    }
}

/* ---- discipline (NĐ 48/2023, amending NĐ 90/2020 Art. 2) ---- */

static int counts_form(const struct eval_regime *g, const struct discipline *d)
{
    return (int)d->form >= g->discipline_min_form && d->form <= DISC_KHAI_TRU;
}

int rating_discipline_counts(const struct eval_regime *g, const struct discipline *d, size_t n,
                             int year, int *skipped)
{
    int first = -1, skip = 0;
    for (size_t i = 0; g && d && i < n; i++) {
        if (d[i].effective_year != year || !counts_form(g, &d[i]))
            continue;
        int excluded = 0;
        if (g->discipline_principles) {
            for (size_t j = 0; j < n; j++) {
                if (d[j].violation != d[i].violation)
                    continue;
                /* already used to rate KHT in a prior year */
                if (d[j].prior_kht_year && d[j].prior_kht_year < year)
                    excluded = 1;
                /* the same violation already counted in an earlier year */
                if (j != i && d[j].effective_year < year && counts_form(g, &d[j]))
                    excluded = 1;
            }
        }
        if (excluded)
            skip++;
        else if (first < 0)
            first = (int)i;
    }
    if (skipped)
        *skipped = skip;
    return first;
}

/* ---- lawful absence per period (NĐ 335/2025 Art. 21) ---- */

static const char *const absence_codes[] = {NULL, "sick", "maternity", "other_lawful"};
static const char *const absence_names[] = {NULL, "Nghỉ ốm đau", "Nghỉ thai sản",
                                            "Nghỉ khác theo quy định"};

enum absence_reason absence_reason_parse(const char *code)
{
    for (int r = ABSENCE_SICK; code && r <= ABSENCE_OTHER_LAWFUL; r++)
        if (strcmp(code, absence_codes[r]) == 0)
            return (enum absence_reason)r;
    return ABSENCE_NONE;
}

const char *absence_reason_code(enum absence_reason r)
{
    return r >= ABSENCE_SICK && r <= ABSENCE_OTHER_LAWFUL ? absence_codes[r] : NULL;
}

const char *absence_reason_name(enum absence_reason r)
{
    return r >= ABSENCE_SICK && r <= ABSENCE_OTHER_LAWFUL ? absence_names[r] : NULL;
}

int rating_periods_collect(const struct rating_period *p, size_t n, int32_t *scores, size_t cap,
                           struct rating_input *in, int32_t *absence_days)
{
    if (!in || (n && !p) || (cap && !scores))
        return -1;
    size_t k = 0;
    int absent = 0, maternity = 0;
    int64_t days = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i].absence_days < 0 || p[i].absence_days > 366)
            return -1;
        if (p[i].absence_days > 0 && !absence_reason_code(p[i].reason))
            return -1;
        days += p[i].absence_days;
        if (p[i].not_worked) {
            if (p[i].scored || !absence_reason_code(p[i].reason))
                return -1;
            absent++;
            maternity += p[i].reason == ABSENCE_MATERNITY;
            continue;
        }
        if (!p[i].scored || p[i].score < 0 || p[i].score > 10000 || k >= cap)
            return -1;
        scores[k++] = p[i].score;
    }
    in->periods = scores;
    in->nperiods = k;
    in->periods_absent = absent;
    in->maternity = absent > 0 && maternity == absent;
    if (absence_days)
        *absence_days = (int32_t)days;
    return 0;
}

/* ---- bands (NĐ 335/2025 Art. 20) ---- */

enum rating_level rating_band(const struct eval_regime *g, int32_t score)
{
    if (!g || !g->scored)
        return LEVEL_UNDETERMINED;
    if (score >= g->band_htxs)
        return LEVEL_HTXS;
    if (score >= g->band_htt)
        return LEVEL_HTT;
    if (score >= g->band_htnv)
        return LEVEL_HTNV;
    return LEVEL_KHT;
}

/* ---- criteria-based levels (NĐ 90/2020 Art. 8-15) ---- */

/* The unit conditions shared by the leader's HTXS and HTT: 100% of the
 * directly managed sub-units at least HTNV, of which at least 70% HTT or HTXS
 * (vacuous without sub-units). */
static int subunits_good(const struct nd90_criteria *c)
{
    return c->subunits_htnv_or_above == c->subunits_total &&
           10 * (int64_t)c->subunits_htt_or_above >= 7 * (int64_t)c->subunits_total;
}

enum rating_level rating_nd90_level(const struct eval_regime *g, int leader,
                                    const struct nd90_criteria *c, unsigned *kht)
{
    unsigned k = 0;
    if (!g || !c)
        return LEVEL_UNDETERMINED;
    int64_t total = c->tasks_total;
    int64_t failed = (c->tasks_total - c->tasks_completed) + c->tasks_not_ensured;
    /* KHT (b): more than 50% ("trên 50%") of the criteria not ensured; the
     * regime parameter kht_b_inclusive switches to "từ 50%" [M]. */
    if (total > 0 && (g->kht_b_inclusive ? 2 * failed >= total : 2 * failed > total))
        k |= KHT_CRITERIA_B;
    if (leader && 2 * (int64_t)c->targets_completed < c->targets_total)
        k |= KHT_UNIT_TARGETS;
    if (kht)
        *kht = k;
    if (k)
        return LEVEL_KHT;

    int all_done = c->tasks_completed == c->tasks_total;
    int clean = all_done && c->tasks_not_ensured == 0;
    int unit_all = c->targets_completed == c->targets_total;
    enum rating_level l = LEVEL_UNDETERMINED;
    if (!leader) {
        if (c->general == GEN_GOOD && clean && 2 * (int64_t)c->tasks_over >= total)
            l = LEVEL_HTXS;
        else if (c->general >= GEN_MEETS && clean)
            l = LEVEL_HTT;
        else if (c->general >= GEN_MEETS && all_done && 5 * (int64_t)c->tasks_not_ensured <= total)
            l = LEVEL_HTNV;
    } else {
        int64_t tt = c->targets_total;
        if (c->general == GEN_GOOD && clean && unit_all && 2 * (int64_t)c->targets_over >= tt &&
            subunits_good(c))
            l = LEVEL_HTXS;
        else if (c->general >= GEN_MEETS && clean && unit_all &&
                 10 * (int64_t)c->targets_on_time >= 8 * tt && subunits_good(c))
            l = LEVEL_HTT;
        else if (c->general >= GEN_MEETS && all_done &&
                 5 * (int64_t)c->tasks_not_ensured <= total &&
                 10 * (int64_t)c->targets_completed > 7 * tt &&
                 10 * (int64_t)c->subunits_htnv_or_above >= 7 * (int64_t)c->subunits_total)
            l = LEVEL_HTNV;
    }
    return l;
}

static int criteria_valid(int leader, const struct nd90_criteria *c)
{
    if (c->general < GEN_FAILS || c->general > GEN_GOOD)
        return 0;
    if (c->tasks_total < 1 || c->tasks_completed < 0 || c->tasks_completed > c->tasks_total ||
        c->tasks_not_ensured < 0 || c->tasks_not_ensured > c->tasks_completed ||
        c->tasks_over < 0 || c->tasks_over > c->tasks_completed)
        return 0;
    if (!leader)
        return 1;
    return c->targets_total >= 1 && c->targets_completed >= 0 &&
           c->targets_completed <= c->targets_total && c->targets_on_time >= 0 &&
           c->targets_on_time <= c->targets_completed && c->targets_over >= 0 &&
           c->targets_over <= c->targets_completed && c->subunits_total >= 0 &&
           c->subunits_htnv_or_above >= 0 && c->subunits_htnv_or_above <= c->subunits_total &&
           c->subunits_htt_or_above >= 0 && c->subunits_htt_or_above <= c->subunits_htnv_or_above;
}

/* ---- the year's rating ---- */

static const char *disc_kind_name(enum disc_kind k)
{
    return k == DISC_PARTY ? "kỷ luật Đảng" : "kỷ luật hành chính";
}

int rating_compute(const struct rating_input *in, struct rating_result *out)
{
    if (!in || !out)
        return RATING_EINVAL;
    memset(out, 0, sizeof *out);
    out->discipline_index = -1;
    const struct eval_regime *g = regime_for_year(in->category, in->year);
    if (!g)
        return RATING_ENOREGIME;
    out->regime = g;
    if (g->legacy)
        return RATING_ELEGACY;
    if (in->absence_months < 0 || in->absence_months > 12 || (in->ndisc && !in->disc))
        return RATING_EINVAL;
    for (size_t i = 0; i < in->ndisc; i++)
        if ((in->disc[i].kind != DISC_PARTY && in->disc[i].kind != DISC_ADMIN) ||
            !in->disc[i].form)
            return RATING_EINVAL;

    add(out, "Năm %d, thời điểm tham chiếu 31/12/%d: áp dụng %s.", in->year, in->year, g->name);

    /* 1. Base level: the score (NĐ 335) or the criteria (NĐ 90). */
    if (g->scored) {
        if (in->nperiods == 0) {
            out->level = out->base_level = LEVEL_NOT_RATED;
            add(out, "Không có kỳ đánh giá nào có thời gian làm việc thực tế trong năm: không "
                     "xếp loại (%s).", g->cite_absence);
            return 0;
        }
        if (!in->periods || in->nperiods > SCORE_MAX_PERIODS ||
            score_annual(g, in->periods, in->nperiods, &out->score) < 0)
            return RATING_EINVAL;
        out->has_score = 1;
        char s[16];
        score_format(out->score, s, sizeof s);
        add(out, "Điểm năm = trung bình cộng điểm %zu kỳ có làm việc thực tế = %s điểm "
                 "(NĐ 335/2025/NĐ-CP Điều 21).", in->nperiods, s);
        if (in->carried_over > 0)
            add(out, "Trong đó %d kỳ do cơ quan cũ chuyển sang khi điều động, chuyển công tác, "
                     "được dùng để tính điểm trung bình (NĐ 335/2025/NĐ-CP Điều 21).",
                in->carried_over);
        if (in->periods_absent > 0)
            add(out, "%d kỳ nghỉ theo quy định (ốm đau, thai sản...) không tính; xếp loại theo "
                     "tổng điểm thời gian làm việc thực tế (NĐ 335/2025/NĐ-CP Điều 21).",
                in->periods_absent);
        out->base_level = rating_band(g, out->score);
        char e1[16], e2[16], e3[16];
        score_format(g->band_htxs, e1, sizeof e1);
        score_format(g->band_htt, e2, sizeof e2);
        score_format(g->band_htnv, e3, sizeof e3);
        add(out, "Khung điểm: từ %s điểm HTXS; từ %s đến dưới %s HTT; từ %s đến dưới %s HTNV; "
                 "dưới %s KHT. %s điểm thuộc mức %s (NĐ 335/2025/NĐ-CP Điều 20).",
            e1, e2, e1, e3, e2, e3, s, rating_level_code(out->base_level));
        if (out->base_level == LEVEL_KHT)
            out->kht |= KHT_SCORE;
    } else {
        if (!criteria_valid(in->leader, &in->crit))
            return RATING_EINVAL;
        unsigned k = 0;
        out->base_level = rating_nd90_level(g, in->leader, &in->crit, &k);
        out->kht |= k;
        if (k & KHT_CRITERIA_B)
            add(out, "Có %s 50%% tiêu chí về kết quả thực hiện nhiệm vụ chưa bảo đảm tiến độ, "
                     "chất lượng, hiệu quả (%d/%d): KHT (%s; ngưỡng \"%s 50%%\" là tham số chưa "
                     "xác minh).",
                g->kht_b_inclusive ? "từ" : "trên",
                in->crit.tasks_total - in->crit.tasks_completed + in->crit.tasks_not_ensured,
                in->crit.tasks_total, g->cite_levels, g->kht_b_inclusive ? "từ" : "trên");
        if (k & KHT_UNIT_TARGETS)
            add(out, "Cơ quan, đơn vị, lĩnh vực được giao phụ trách hoàn thành dưới 50%% chỉ tiêu "
                     "(%d/%d): KHT (%s).",
                in->crit.targets_completed, in->crit.targets_total, g->cite_levels);
        if (!k && out->base_level != LEVEL_UNDETERMINED)
            add(out, "Theo tiêu chí %s: đạt mức %s (%s).",
                in->leader ? "đối với người giữ chức vụ lãnh đạo, quản lý (kể cả điều kiện về "
                             "đơn vị và đơn vị trực thuộc)"
                           : "đối với người không giữ chức vụ lãnh đạo, quản lý",
                rating_level_code(out->base_level), g->cite_levels);
        if (out->base_level == LEVEL_UNDETERMINED)
            add(out, "Kết quả không thuộc đủ điều kiện của mức nào (HTXS, HTT, HTNV, KHT) theo "
                     "tiêu chí; cấp có thẩm quyền đánh giá quyết định (%s).", g->cite_levels);
    }
    out->level = out->base_level;

    /* 2. KHT triggers (NĐ 335 Art. 20; NĐ 90 Art. 11/15 as amended by NĐ 48/2023). */
    if (in->degradation) {
        out->kht |= KHT_DEGRADATION;
        add(out, "Có kết luận suy thoái về tư tưởng chính trị, đạo đức, lối sống, \"tự diễn "
                 "biến\", \"tự chuyển hóa\" hoặc vi phạm những điều đảng viên không được làm, "
                 "trách nhiệm nêu gương: KHT (%s).", g->cite_levels);
    }
    int skipped = 0;
    int di = rating_discipline_counts(g, in->disc, in->ndisc, in->year, &skipped);
    out->discipline_skipped = skipped;
    if (di >= 0) {
        out->discipline_index = di;
        out->kht |= KHT_DISCIPLINE;
        add(out, "Bị %s (quyết định có hiệu lực năm %d) từ mức khiển trách trở lên trong năm "
                 "đánh giá: KHT (%s).",
            disc_kind_name(in->disc[di].kind), in->disc[di].effective_year,
            g->scored ? "NĐ 335/2025/NĐ-CP Điều 20" : "NĐ 48/2023/NĐ-CP sửa đổi NĐ 90/2020/NĐ-CP");
    }
    if (skipped > 0)
        add(out, "%d quyết định kỷ luật trong năm không tính: hành vi vi phạm đã được dùng để "
                 "xếp loại KHT ở năm trước, hoặc cùng một hành vi đã bị kỷ luật Đảng/hành chính "
                 "có hiệu lực ở năm trước và chỉ tính một lần (NĐ 48/2023/NĐ-CP, nguyên tắc bổ "
                 "sung Điều 2 NĐ 90/2020/NĐ-CP%s).",
            skipped, g->scored ? "; áp dụng cho NĐ 335/2025 là tham số chưa xác minh" : "");
    if (g->discipline_principles && g->id == REGIME_ND90_48_2023 && in->ndisc > 0)
        add(out, "Kết quả đánh giá, xếp loại trước ngày 15/9/2023 không xem xét lại "
                 "(NĐ 48/2023/NĐ-CP).");
    if (in->leader && in->unit_corruption) {
        out->kht |= KHT_CORRUPTION;
        add(out, "Cơ quan, đơn vị do mình trực tiếp quản lý, phụ trách xảy ra tham nhũng, lãng "
                 "phí, tiêu cực và bị xử lý theo quy định của pháp luật: KHT (%s).",
            g->cite_levels);
    }
    if (out->kht)
        out->level = LEVEL_KHT;

    /* 3. Lawful absence (NĐ 90/2020 Art. 20), where the regime applies it. */
    if (g->absence_caps && in->absence_months > 0) {
        if (in->maternity) {
            add(out, "Nghỉ thai sản %d tháng: xếp loại theo kết quả thời gian làm việc thực tế "
                     "trong năm (%s).", in->absence_months, g->cite_absence);
        } else if (in->absence_months >= g->absence_unrated_months) {
            out->level = LEVEL_NOT_RATED;
            add(out, "Nghỉ theo quy định %d tháng (từ %d tháng trở lên) trong năm: không xếp loại "
                     "chất lượng nhưng vẫn kiểm điểm (%s).",
                in->absence_months, g->absence_unrated_months, g->cite_absence);
        } else if (in->absence_months >= g->absence_cap_months) {
            if (out->level == LEVEL_HTXS || out->level == LEVEL_HTT) {
                out->level = LEVEL_HTNV;
                out->absence_capped = 1;
            }
            add(out, "Nghỉ theo quy định %d tháng (từ %d đến dưới %d tháng) trong năm: được xếp "
                     "loại nhưng không quá mức HTNV (%s).",
                in->absence_months, g->absence_cap_months, g->absence_unrated_months,
                g->cite_absence);
        }
    } else if (!g->absence_caps && in->absence_months > 0) {
        add(out, "Nghỉ theo quy định %d tháng: xếp loại theo điểm các kỳ làm việc thực tế; "
                 "giới hạn 3-6 tháng của NĐ 90/2020 Điều 20 không áp dụng (tham số chế độ, "
                 "chưa xác minh) (%s).", in->absence_months, g->cite_absence);
    }

    add(out, "Kết quả: %s.", rating_level_name(out->level));
    return 0;
}

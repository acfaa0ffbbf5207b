/* Recruitment exam for civil servants (rules.md §4; docs/rules-exam.md).
 *
 *   NĐ 138/2020/NĐ-CP (27/11/2020), as amended by NĐ 116/2024/NĐ-CP
 *   (effective 17/9/2024), until 30/6/2025:
 *     Art. 8(1): round 1, three multiple-choice parts (general knowledge 60,
 *       foreign language 30, IT 30), pass at >= 50% correct in EACH part;
 *       exemptions from the language and IT parts.
 *     Art. 8(2): round 2 on 100 points; written + interview combine 70/30.
 *     Art. 5(1): priority 7.5 / 5 / 2.5 (and 1.5 added by NĐ 116/2024);
 *     Art. 5(2): several priorities => only the highest counts.
 *     Art. 9(1): winners pass round 2 (>= 50 points) and are ranked by
 *       round 2 + priority within the quota of each job position;
 *     Art. 9(2): a tie at the last place goes to the higher round-2 score,
 *       then to the head of the recruiting authority.
 *   NĐ 170/2025/NĐ-CP (effective 1/7/2025): one round-1 part of 60 questions
 *   (>= 50%); round 2 written, or written + interview with each part >= 50%
 *   of its maximum; the same priority, winner and tie rules.
 *
 * Article numbers of NĐ 138/2020 are [M] (not read in the official text);
 * those of NĐ 170/2025 were not found: its citations name the provision. */
#include "core/exam.h"

#include <string.h>

static const struct exam_regime regimes[] = {
    {
        .id = EXAM_ND138,
        .code = "nd138_2020",
        .name = "NĐ 138/2020/NĐ-CP (sửa đổi bởi NĐ 116/2024/NĐ-CP)",
        .short_name = "NĐ 138/2020",
        .valid_from = 20201127,
        .valid_to = 20250630,
        .valid_from_iso = "2020-11-27",
        .valid_to_iso = "2025-06-30",
        .r1_parts = 3,
        .r1_questions = {60, 30, 30},
        .r2_weight_written = 70,
        .r2_weight_interview = 30,
        .r2_weights_fixed = 1,
        .trade_union_points = 150,
        .trade_union_from = 20240917,
        .cite_r1 = "NĐ 138/2020/NĐ-CP Điều 8 khoản 1",
        .cite_r2 = "NĐ 138/2020/NĐ-CP Điều 8 khoản 2",
        .cite_priority = "NĐ 138/2020/NĐ-CP Điều 5 khoản 1",
        .cite_priority_max = "NĐ 138/2020/NĐ-CP Điều 5 khoản 2",
        .cite_winner = "NĐ 138/2020/NĐ-CP Điều 9 khoản 1",
        .cite_tie = "NĐ 138/2020/NĐ-CP Điều 9 khoản 2",
        .cite_trade_union = "NĐ 138/2020/NĐ-CP Điều 5 khoản 1, bổ sung bởi NĐ 116/2024/NĐ-CP",
    },
    {
        .id = EXAM_ND170,
        .code = "nd170_2025",
        .name = "NĐ 170/2025/NĐ-CP",
        .short_name = "NĐ 170/2025",
        .valid_from = 20250701,
        .valid_to = 0,
        .valid_from_iso = "2025-07-01",
        .valid_to_iso = NULL,
        .r1_parts = 1,
        .r1_questions = {60, 0, 0},
        .r2_weight_written = 70,
        .r2_weight_interview = 30,
        .r2_weights_fixed = 0,
        /* [M]: NĐ 170/2025 keeps the trade-union category; its point value
         * was not read. 1.5 as under NĐ 116/2024 until it is confirmed. */
        .trade_union_points = 150,
        .trade_union_from = 20250701,
        .cite_r1 = "NĐ 170/2025/NĐ-CP, điều về nội dung, hình thức thi vòng 1",
        .cite_r2 = "NĐ 170/2025/NĐ-CP, điều về thi vòng 2 (môn nghiệp vụ chuyên ngành)",
        .cite_priority = "NĐ 170/2025/NĐ-CP, điều về ưu tiên trong tuyển dụng",
        .cite_priority_max = "NĐ 170/2025/NĐ-CP, điều về ưu tiên trong tuyển dụng",
        .cite_winner = "NĐ 170/2025/NĐ-CP, điều về xác định người trúng tuyển",
        .cite_tie = "NĐ 170/2025/NĐ-CP, điều về xác định người trúng tuyển",
        .cite_trade_union = "NĐ 170/2025/NĐ-CP, điều về ưu tiên trong tuyển dụng "
                            "(mức 1,5 điểm chưa được kiểm chứng)",
    },
};
#define NREGIMES (sizeof regimes / sizeof regimes[0])

static int ymd_key(cdate d)
{
    int y, m, day;
    date_to_ymd(d, &y, &m, &day);
    return y * 10000 + m * 100 + day;
}

const struct exam_regime *exam_regime_at(cdate reference)
{
    if (reference == CDATE_NONE)
        return NULL;
    int k = ymd_key(reference);
    for (size_t i = 0; i < NREGIMES; i++)
        if (k >= regimes[i].valid_from && (regimes[i].valid_to == 0 || k <= regimes[i].valid_to))
            return &regimes[i];
    return NULL;
}

const struct exam_regime *exam_regimes(size_t *n)
{
    if (n)
        *n = NREGIMES;
    return regimes;
}

/* ---- Round 1 ---- */

int exam_r1_part_pass(int correct, int total)
{
    if (total < 1 || correct < 0 || correct > total)
        return -1;
    /* >= 50% correct, exact: 2*correct >= total (total is small, no overflow). */
    return 2 * correct >= total;
}

int exam_r1_pass(const struct exam_regime *rg, const struct exam_r1 *r1, int *first_failed)
{
    if (first_failed)
        *first_failed = -1;
    if (!rg || !r1 || !r1->part[EXAM_PART_GENERAL].taken)
        return -1;
    for (int p = rg->r1_parts; p < EXAM_R1_PARTS; p++)
        if (r1->part[p].taken)
            return -1;
    int pass = 1;
    for (int p = 0; p < rg->r1_parts; p++) {
        const struct exam_r1_part *x = &r1->part[p];
        if (!x->taken)
            continue; /* exempt, or no IT part on computer (NĐ 138 Art. 8(1)) */
        int ok = exam_r1_part_pass(x->correct, x->total);
        if (ok < 0)
            return -1;
        if (!ok && pass) {
            pass = 0;
            if (first_failed)
                *first_failed = p;
        }
    }
    return pass;
}

const char *exam_part_label(enum exam_part p)
{
    switch (p) {
    case EXAM_PART_GENERAL: return "kiến thức chung";
    case EXAM_PART_LANGUAGE: return "ngoại ngữ";
    case EXAM_PART_IT: return "tin học";
    }
    return "?";
}

const char *exam_part_code(enum exam_part p)
{
    switch (p) {
    case EXAM_PART_GENERAL: return "general";
    case EXAM_PART_LANGUAGE: return "language";
    case EXAM_PART_IT: return "it";
    }
    return "?";
}

/* ---- Round 2 ---- */

static int score_ok(int s)
{
    return s >= 0 && s <= EXAM_SCORE_MAX;
}

int exam_r2_eval(const struct exam_r2 *r2, int w_written, int w_interview,
                 struct exam_r2_result *out)
{
    if (!r2 || !out)
        return -1;
    memset(out, 0, sizeof *out);
    int hw = r2->written != EXAM_NONE, hi = r2->interview != EXAM_NONE;
    if ((!hw && !hi) || (hw && !score_ok(r2->written)) || (hi && !score_ok(r2->interview)))
        return -1;
    if (hw && hi) {
        if (w_written < 0 || w_interview < 0 || w_written + w_interview != 100)
            return -1;
        out->form = EXAM_R2_COMBINED;
        /* Weighted on the 100 scale, in ten-thousandths, then rounded half
         * up to hundredths (scores are published to 2 decimals). */
        long num = (long)r2->written * w_written + (long)r2->interview * w_interview;
        out->score = (int)((num + 50) / 100);
        /* Each part >= 50 (NĐ 138) / >= 50% of its maximum (NĐ 170). */
        if (2 * r2->written < EXAM_SCORE_MAX)
            out->fail |= EXAM_R2_PART_WRITTEN;
        if (2 * r2->interview < EXAM_SCORE_MAX)
            out->fail |= EXAM_R2_PART_INTERVIEW;
    } else {
        out->form = hw ? EXAM_R2_WRITTEN : EXAM_R2_INTERVIEW;
        out->score = hw ? r2->written : r2->interview;
    }
    if (out->score < EXAM_PASS_SCORE)
        out->fail |= EXAM_R2_LOW_SCORE;
    out->passed = out->fail == 0;
    return 0;
}

/* ---- Priority points ---- */

/* rules.md §4.3; NĐ 138/2020 Art. 5(1) a-d (d added by NĐ 116/2024). */
static const struct exam_priority priorities[] = {
    /* a) 7.5 points */
    {"anh_hung_llvt", "Anh hùng Lực lượng vũ trang nhân dân", 750, 'a'},
    {"anh_hung_lao_dong", "Anh hùng Lao động", 750, 'a'},
    {"thuong_binh", "Thương binh", 750, 'a'},
    {"chinh_sach_nhu_thuong_binh", "Người hưởng chính sách như thương binh", 750, 'a'},
    {"thuong_binh_loai_b", "Thương binh loại B", 750, 'a'},
    /* b) 5 points */
    {"dan_toc_thieu_so", "Người dân tộc thiểu số", 500, 'b'},
    {"si_quan_quan_doi", "Sĩ quan quân đội", 500, 'b'},
    {"si_quan_cong_an", "Sĩ quan công an", 500, 'b'},
    {"quan_nhan_chuyen_nghiep_phuc_vien", "Quân nhân chuyên nghiệp phục viên", 500, 'b'},
    {"co_yeu_chuyen_nganh", "Người làm công tác cơ yếu chuyển ngành", 500, 'b'},
    {"tot_nghiep_si_quan_du_bi", "Học viên tốt nghiệp đào tạo sĩ quan dự bị", 500, 'b'},
    {"tot_nghiep_chi_huy_quan_su_xa",
     "Học viên tốt nghiệp đào tạo chỉ huy trưởng Ban Chỉ huy quân sự cấp xã ngành quân sự cơ sở "
     "được phong quân hàm sĩ quan dự bị",
     500, 'b'},
    {"con_liet_si", "Con liệt sĩ", 500, 'b'},
    {"con_thuong_binh", "Con thương binh", 500, 'b'},
    {"con_benh_binh", "Con bệnh binh", 500, 'b'},
    {"con_chinh_sach_nhu_thuong_binh", "Con của người hưởng chính sách như thương binh", 500, 'b'},
    {"con_thuong_binh_loai_b", "Con của thương binh loại B", 500, 'b'},
    {"con_de_nhiem_chat_doc_hoa_hoc",
     "Con đẻ của người hoạt động kháng chiến bị nhiễm chất độc hóa học", 500, 'b'},
    {"con_anh_hung_llvt", "Con Anh hùng Lực lượng vũ trang nhân dân", 500, 'b'},
    {"con_anh_hung_lao_dong", "Con Anh hùng Lao động", 500, 'b'},
    /* c) 2.5 points */
    {"hoan_thanh_nghia_vu_quan_su", "Người hoàn thành nghĩa vụ quân sự", 250, 'c'},
    {"hoan_thanh_nghia_vu_cong_an", "Người hoàn thành nghĩa vụ tham gia Công an nhân dân", 250, 'c'},
    {"doi_vien_thanh_nien_xung_phong", "Đội viên thanh niên xung phong", 250, 'c'},
    /* d) 1.5 points: a regime parameter (trade_union_points) */
    {"can_bo_cong_doan",
     "Cán bộ công đoàn trưởng thành từ cơ sở, trong phong trào công nhân", 0, 'd'},
};
#define NPRIORITIES (sizeof priorities / sizeof priorities[0])

const struct exam_priority *exam_priority_list(size_t *n)
{
    if (n)
        *n = NPRIORITIES;
    return priorities;
}

const struct exam_priority *exam_priority_find(const char *code)
{
    if (!code)
        return NULL;
    for (size_t i = 0; i < NPRIORITIES; i++)
        if (strcmp(priorities[i].code, code) == 0)
            return &priorities[i];
    return NULL;
}

int exam_priority_points(const struct exam_regime *rg, const struct exam_priority *p, cdate on)
{
    if (!rg || !p)
        return 0;
    if (p->points > 0)
        return p->points;
    if (on == CDATE_NONE || ymd_key(on) < rg->trade_union_from)
        return 0;
    return rg->trade_union_points;
}

int exam_priority_best(const struct exam_regime *rg, const struct exam_priority *const *cats,
                       size_t n, cdate on, const struct exam_priority **best)
{
    int pts = 0;
    const struct exam_priority *b = NULL;
    for (size_t i = 0; i < n; i++) {
        int v = exam_priority_points(rg, cats[i], on);
        if (v > pts) {
            pts = v;
            b = cats[i];
        }
    }
    if (best)
        *best = b;
    return pts;
}

/* ---- Ranking ---- */

/* Strict order: total desc, r2 desc, input index asc (the index only makes
 * the order total; it never decides a result). */
static int better(const struct exam_entry *e, size_t a, size_t b)
{
    if (e[a].total != e[b].total)
        return e[a].total > e[b].total;
    if (e[a].r2 != e[b].r2)
        return e[a].r2 > e[b].r2;
    return a < b;
}

static int same_place(const struct exam_entry *e, size_t a, size_t b)
{
    return e[a].total == e[b].total && e[a].r2 == e[b].r2;
}

/* Heap sort of indices, best first; no allocation. */
static void sift(const struct exam_entry *e, size_t *o, size_t root, size_t n)
{
    for (;;) {
        size_t c = 2 * root + 1;
        if (c >= n)
            return;
        /* max-heap on "worse": the worst goes to the end */
        if (c + 1 < n && better(e, o[c], o[c + 1]))
            c++;
        if (!better(e, o[root], o[c]))
            return;
        size_t t = o[root];
        o[root] = o[c];
        o[c] = t;
        root = c;
    }
}

static void sort_order(const struct exam_entry *e, size_t *o, size_t n)
{
    for (size_t i = n / 2; i-- > 0;)
        sift(e, o, i, n);
    for (size_t end = n; end-- > 1;) {
        size_t t = o[0];
        o[0] = o[end];
        o[end] = t;
        sift(e, o, 0, end);
    }
    /* The heap keeps the worst at the root, so the result is best first. */
}

enum exam_rank_error exam_rank(struct exam_entry *e, size_t n, int quota, int has_decision,
                               size_t *order, size_t *neligible, struct exam_rank_summary *sum)
{
    struct exam_rank_summary s = {0};
    if (neligible)
        *neligible = 0;
    if (sum)
        *sum = s;
    if (quota < 1 || (n > 0 && (!e || !order)) || n > 10000000)
        return EXAM_RANK_BAD_INPUT;

    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        e[i].total = e[i].eligible ? e[i].r2 + e[i].priority : 0;
        e[i].rank = 0;
        e[i].tie = EXAM_TIE_NONE;
        e[i].outcome = EXAM_FAILED;
        if (e[i].eligible)
            order[m++] = i;
    }
    sort_order(e, order, m);
    for (size_t k = 0; k < m; k++)
        e[order[k]].rank = k > 0 && same_place(e, order[k], order[k - 1])
                               ? e[order[k - 1]].rank
                               : (int)k + 1;

    size_t q = (size_t)quota;
    /* Everyone within the quota wins, everyone after it loses ... */
    for (size_t k = 0; k < m; k++)
        e[order[k]].outcome = k < q ? EXAM_WIN : EXAM_LOSE;

    /* ... unless the total at the last place is shared across the boundary. */
    int full_tie = 0;
    size_t glo = 0, ghi = 0;
    if (m > q && e[order[q - 1]].total == e[order[q]].total) {
        int t = e[order[q - 1]].total;
        size_t lo = q - 1, hi = q;
        while (lo > 0 && e[order[lo - 1]].total == t)
            lo--;
        while (hi + 1 < m && e[order[hi + 1]].total == t)
            hi++;
        for (size_t k = lo; k <= hi; k++)
            e[order[k]].tie = EXAM_TIE_R2; /* Art. 9(2): higher round 2 wins */
        if (same_place(e, order[q - 1], order[q])) {
            full_tie = 1;
            glo = q - 1;
            ghi = q;
            while (glo > lo && same_place(e, order[glo - 1], order[q - 1]))
                glo--;
            while (ghi < hi && same_place(e, order[ghi + 1], order[q]))
                ghi++;
            for (size_t k = glo; k <= ghi; k++) {
                e[order[k]].tie = EXAM_TIE_FULL;
                e[order[k]].outcome = EXAM_PENDING;
            }
        }
    }

    if (has_decision) {
        if (!full_tie)
            return EXAM_RANK_NO_TIE;
        size_t places = q - glo, chosen = 0;
        for (size_t i = 0; i < n; i++) {
            if (!e[i].chosen)
                continue;
            if (e[i].tie != EXAM_TIE_FULL)
                return EXAM_RANK_BAD_DECISION;
            chosen++;
        }
        if (chosen != places)
            return EXAM_RANK_BAD_DECISION;
        for (size_t k = glo; k <= ghi; k++)
            e[order[k]].outcome = e[order[k]].chosen ? EXAM_WIN_DECISION : EXAM_LOSE_DECISION;
    }

    s.eligible = (int)m;
    for (size_t k = 0; k < m; k++) {
        enum exam_outcome o = e[order[k]].outcome;
        if (o == EXAM_WIN || o == EXAM_WIN_DECISION)
            s.winners++;
        else if (o == EXAM_PENDING)
            s.pending++;
    }
    if (full_tie && !has_decision)
        s.pending_places = (int)(q - glo);
    s.unfilled = m < q ? (int)(q - m) : 0;
    if (neligible)
        *neligible = m;
    if (sum)
        *sum = s;
    return EXAM_RANK_OK;
}

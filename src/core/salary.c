/* Salary coefficients of NĐ 204/2004/NĐ-CP, Bảng 2 (cán bộ, công chức in
 * state agencies), as integers x100, and the regular step-up rule of
 * TT 08/2013/TT-BNV (Art. 2): 36 months for ranks requiring college level or
 * above (A groups), 24 months for B and C groups; beyond the last step the
 * seniority allowance (phụ cấp thâm niên vượt khung) is 5% after one more
 * cycle, then +1% every 12 months. rules.md §9.2. */
#include "core/salary.h"

#include <string.h>

const struct salary_group salary_groups[] = {
    {"A3.1", 6, {620, 656, 692, 728, 764, 800}, 36},
    {"A3.2", 6, {575, 611, 647, 683, 719, 755}, 36},
    {"A2.1", 8, {440, 474, 508, 542, 576, 610, 644, 678}, 36},
    {"A2.2", 8, {400, 434, 468, 502, 536, 570, 604, 638}, 36},
    {"A1", 9, {234, 267, 300, 333, 366, 399, 432, 465, 498}, 36},
    {"A0", 10, {210, 241, 272, 303, 334, 365, 396, 427, 458, 489}, 36},
    {"B", 12, {186, 206, 226, 246, 266, 286, 306, 326, 346, 366, 386, 406}, 24},
    {"C1", 12, {165, 183, 201, 219, 237, 255, 273, 291, 309, 327, 345, 363}, 24},
    {"C2", 12, {150, 168, 186, 204, 222, 240, 258, 276, 294, 312, 330, 348}, 24},
    {"C3", 12, {135, 153, 171, 189, 207, 225, 243, 261, 279, 297, 315, 333}, 24},
    {NULL, 0, {0}, 0},
};

const struct salary_group *salary_group_find(const char *code)
{
    if (!code)
        return NULL;
    for (const struct salary_group *g = salary_groups; g->code; g++)
        if (strcmp(g->code, code) == 0)
            return g;
    return NULL;
}

int salary_coef(const char *group, int step, int *coef_x100)
{
    const struct salary_group *g = salary_group_find(group);
    if (!g || step < 1 || step > g->steps)
        return -1;
    if (coef_x100)
        *coef_x100 = g->coef_x100[step - 1];
    return 0;
}

int salary_next_step(const char *group, int step, cdate since, int vk_current,
                     struct salary_next *out)
{
    const struct salary_group *g = salary_group_find(group);
    if (!g || !out || step < 1 || step > g->steps || since == CDATE_NONE)
        return -1;
    if (vk_current != 0 && (step != g->steps || vk_current < SALARY_VK_FIRST ||
                            vk_current >= SALARY_VK_MAX))
        return -1;
    memset(out, 0, sizeof *out);
    if (step < g->steps) {
        /* Regular rise: one step after a full cycle (TT 08/2013 Art. 2(1)). */
        out->next_step = step + 1;
        out->next_coef_x100 = g->coef_x100[step];
        out->due = date_add_months(since, g->cycle_months);
        return out->due == CDATE_NONE ? -1 : 0;
    }
    out->at_top = 1;
    out->next_step = step;
    out->next_coef_x100 = g->coef_x100[step - 1];
    if (vk_current == 0) {
        /* First seniority allowance: one full cycle on the last step. */
        out->vk_percent = SALARY_VK_FIRST;
        out->due = date_add_months(since, g->cycle_months);
    } else {
        /* Then +1% for every further 12 months. */
        out->vk_percent = vk_current + 1;
        out->due = date_add_months(since, 12);
    }
    if (out->due == CDATE_NONE)
        return -1;
    return 0;
}

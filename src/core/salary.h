/* Salary groups, steps and coefficients (NĐ 204/2004/NĐ-CP, Bảng 2), and the
 * regular step-up cycle (TT 08/2013/TT-BNV). Coefficients are integers x100. */
#ifndef CANBO_CORE_SALARY_H
#define CANBO_CORE_SALARY_H
#include "core/date.h"

#define SALARY_MAX_STEPS 12
/* Seniority allowance beyond the last step (vượt khung), percent (added):
 * the first grant, and an upper bound used only to reject absurd input. */
#define SALARY_VK_FIRST 5
#define SALARY_VK_MAX 100

struct salary_group {
    const char *code;          /* "A3.1", "A3.2", "A2.1", "A2.2", "A1", "A0", "B", "C1", "C2", "C3" */
    int steps;
    int coef_x100[SALARY_MAX_STEPS];
    int cycle_months;          /* 36 for A-groups (college level or above), 24 for B and C */
};

/* NULL-terminated table of all groups of Bảng 2. */
extern const struct salary_group salary_groups[];
const struct salary_group *salary_group_find(const char *code);
/* 0 and the coefficient for (group, step 1..steps), -1 when out of range. */
int salary_coef(const char *group, int step, int *coef_x100);

struct salary_next {
    int at_top;        /* 1 when already on the last step: next is seniority allowance */
    int next_step;     /* step after the rise (== current when at_top) */
    int next_coef_x100;
    cdate due;         /* date the next rise (or next vượt khung increment) is due */
    int vk_percent;    /* vượt khung percentage due at `due` (0 when not at top) */
};
/* Next regular rise for someone on (group, step) since `since` (ngày hưởng),
 * holding vk_current percent of seniority allowance (0 if none). -1 on bad input.
 * `since` is the date the current step (or, when vk_current > 0, the current
 * vượt khung percentage) took effect. vk_current must be 0, or 5..99 on the
 * last step. */
int salary_next_step(const char *group, int step, cdate since, int vk_current, struct salary_next *out);

#endif
